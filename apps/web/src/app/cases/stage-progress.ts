import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export type StepState = 'done' | 'current' | 'todo';
export interface StageStep {
  label: string;
  state: StepState;
}

/** The steps of an initial EHC needs assessment, and the events that complete each (docs/events.md). */
const STEPS: { label: string; doneBy: string[] }[] = [
  { label: 'Request', doneBy: ['RequestReceived'] },
  { label: 'Decision to assess', doneBy: ['DecidedToAssess', 'DecidedNotToAssess'] },
  // Advice is gathered until the council decides whether to issue (reg 6 to s36(9)).
  { label: 'Advice', doneBy: ['DecidedToIssue', 'DecidedNotToIssue'] },
  { label: 'Decision to issue', doneBy: ['DecidedToIssue', 'DecidedNotToIssue'] },
  { label: 'Draft plan', doneBy: ['DraftPlanIssued'] },
  { label: 'Final plan', doneBy: ['FinalPlanIssued'] },
];

/**
 * Where the case is, from what has happened to it. A step is done when its event (or a later step's)
 * is in the history; the first step not done is current, unless the case is closed.
 */
export function stageSteps(eventTypes: readonly string[], closed: boolean): StageStep[] {
  const seen = new Set(eventTypes);
  seen.add('RequestReceived'); // a case exists only once a request has been received
  let lastDone = -1;
  STEPS.forEach((s, i) => {
    if (s.doneBy.some((t) => seen.has(t))) lastDone = i;
  });
  return STEPS.map((s, i) => ({
    label: s.label,
    state: i <= lastDone ? 'done' : i === lastDone + 1 && !closed ? 'current' : 'todo',
  }));
}

const STATE_TEXT: Record<StepState, string> = { done: 'completed', current: 'current step', todo: 'not started' };

/** Stage progress as an ordered list: state is said in words (visually hidden) as well as shown by borders. */
@Component({
  selector: 'cw-stage-progress',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="govuk-heading-m">Progress</h2>
    <ol class="cw-stage-progress">
      @for (step of steps(); track step.label) {
        <li class="cw-stage-progress__step" [class.cw-stage-progress__step--done]="step.state === 'done'"
            [class.cw-stage-progress__step--current]="step.state === 'current'"
            [attr.aria-current]="step.state === 'current' ? 'step' : null">
          @if (step.state === 'done') { <span aria-hidden="true">✓ </span> }
          {{ step.label }}
          <span class="govuk-visually-hidden">({{ stateText[step.state] }})</span>
          @if (step.state === 'current') { <span class="govuk-body-s" aria-hidden="true"> (now)</span> }
        </li>
      }
    </ol>
    @if (closed()) { <p class="govuk-body"><strong>This case is closed:</strong> {{ stageLabel() }}</p> }
  `,
})
export class StageProgress {
  readonly eventTypes = input.required<readonly string[]>();
  readonly closed = input(false);
  readonly stageLabel = input('');
  protected readonly steps = computed(() => stageSteps(this.eventTypes(), this.closed()));
  protected readonly stateText = STATE_TEXT;
}
