// @ehc/workflow — the pure heart of the EHC needs-assessment system: the statechart, the case-event
// vocabulary, the law's guards and the deadline arithmetic. No Nest, no database, no clock.
export * from './dates.js';
export * from './events.js';
export * from './errors.js';
export * from './deadlines.js';
export * from './exceptions.js';
// The maintained plan (docs/plan-life.md): its own vocabulary, rules and deadlines.
export * from './plan-events.js';
export * from './sen-needs.js';
export * from './plan-periods.js';
export * from './plan-deadlines.js';
export * from './maintained-plan.js';
export * from './plan-from-assessment.js';
export * from './plan-on-case.js';
// Personal budgets on the maintained plan (s49, SI 2014/1652).
export * from './personal-budget-events.js';
export * from './personal-budget.js';
export {
  ehcAssessmentMachine,
  initialContext,
  recordEvent,
  finalisableFrom,
  LAW_CHECKS,
  FLOW_EVENTS,
  type CaseContext,
  type MachineInput,
  type LawCheck,
} from './ehc-assessment.machine.js';
export * from './workflow.js';
export * from './corrections.js';
export * from './reg45-unopposed-appeal.js';
export * from './exception-impracticality.js';
export * from './advice-sought.js';
export * from './who-may-request.js';
export { SUMMARY_EVENT_TYPES, checkSummary, summaryEnd } from './migrated-summary.js';
export * from './notices.js';
export * from './retention.js';
