import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'cw-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <h1 class="govuk-heading-l">Page not found</h1>
    <p class="govuk-body">If you typed the web address, check it is correct.</p>
    <p class="govuk-body"><a class="govuk-link" routerLink="/">Go to your home page</a></p>
  `,
})
export class NotFoundPage {}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default NotFoundPage;
