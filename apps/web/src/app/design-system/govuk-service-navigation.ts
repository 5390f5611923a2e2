// Loaded on demand by the service header (a chunk of its own, so GOV.UK Frontend's JS is not in the app's initial
// JavaScript). Only this component: importing 'govuk-frontend' whole would bring every GOV.UK component.
export { ServiceNavigation } from 'govuk-frontend';
