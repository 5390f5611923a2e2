import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { CaseDetail, CasePlan, PlanSetting } from '@ehc/contracts';
import { formatDate } from '../core/dates';

/**
 * The maintained plan after the final plan (docs/plan-life.md#one-log): its annual reviews and the one now due, the
 * settings the plan names kept apart from the settings attended (type, in or out of the area), phase transfers with
 * their reg 18 date, and how the plan ended. What can be recorded next is under "What you can do now".
 */
@Component({
  selector: 'cw-plan-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let p = plan();
    <h2 class="govuk-heading-m" id="plan">Plan</h2>
    <dl class="govuk-summary-list" aria-label="The plan">
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Plan</dt>
        <dd class="govuk-summary-list__value">{{ p.stageLabel }} @if (transferredIn(); as t) {(transferred in {{ date(t.on) }})} @else {(issued {{ date(p.issuedOn) }})}@if (p.endedOn) {; ended {{ date(p.endedOn) }}: {{ p.endReasonLabel }}}</dd>
      </div>
      @if (transferredIn(); as t) {
        <div class="govuk-summary-list__row" data-testid="transferred-in">
          <dt class="govuk-summary-list__key">Transferred in</dt>
          <dd class="govuk-summary-list__value">
            From {{ t.fromLa + ' on ' + date(t.on) }}. First made by that council on {{ date(t.firstMadeOn) }}
            @if (t.lastReviewedOn) {, last reviewed there on {{ date(t.lastReviewedOn) }}}. Not a new plan: there was no request or
            assessment here (regulation 15).
          </dd>
        </div>
      }
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Next annual review due</dt>
        <dd class="govuk-summary-list__value" data-testid="next-review-due">{{ p.nextReviewDue ? date(p.nextReviewDue) : 'None (the plan is no longer maintained here)' }}</dd>
      </div>
      <!-- reg 12(1)(a) section B: the latest list of needs, primary first (docs/plan-life.md#sen-needs) -->
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Special educational needs</dt>
        <dd class="govuk-summary-list__value" data-testid="sen-needs">
          @if (p.needs; as n) {
            <ol class="govuk-list govuk-list--number govuk-!-margin-bottom-1">
              @for (x of n.ranked; track x.code) {
                <li>{{ x.label }}@if (x.rank === 1) { (primary need)}</li>
              }
            </ol>
            <span class="govuk-hint govuk-!-margin-bottom-0">From {{ date(n.from) }}</span>
          } @else {
            Not recorded yet
          }
        </dd>
      </div>
      @for (t of p.phaseTransfers; track t.transferId) {
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Phase transfer</dt>
          <dd class="govuk-summary-list__value">
            {{ t.transferLabel }}, moving {{ date(t.movesOn) }}:
            @if (t.due) { amended plan naming the next setting due by {{ date(t.due) }} ({{ t.status === 'met' ? 'done' : t.status === 'missed' ? 'late' : 'not yet' }}) } @else { no reg 18 date (a school sixth form is not a post-16 institution) }
          </dd>
        </div>
      }
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Personal budget</dt>
        <dd class="govuk-summary-list__value" data-testid="personal-budget-now">{{ budgetNow() }}</dd>
      </div>
      @if (p.ceasing.decidedOn && !p.endedOn) {
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Decision to cease</dt>
          <dd class="govuk-summary-list__value">{{ date(p.ceasing.decidedOn) }}: {{ p.ceasing.reasonLabel }}</dd>
        </div>
      }
    </dl>

    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--s">Annual reviews</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th class="govuk-table__header" scope="col">Meeting</th>
        <th class="govuk-table__header" scope="col">Invitations</th>
        <th class="govuk-table__header" scope="col">Report</th>
        <th class="govuk-table__header" scope="col">Decision</th>
      </tr></thead>
      <tbody class="govuk-table__body">
        @for (r of p.reviews; track r.reviewId) {
          <tr class="govuk-table__row">
            <th class="govuk-table__header" scope="row">{{ date(r.meetingOn) }}</th>
            <td class="govuk-table__cell">{{ date(r.invitedOn) }}</td>
            <td class="govuk-table__cell">{{ r.reportOn ? date(r.reportOn) : 'Not yet' }}</td>
            <td class="govuk-table__cell">{{ r.decisionOn ? r.decisionLabel + ' (' + date(r.decisionOn) + ')' : 'Not yet' }}</td>
          </tr>
        } @empty {
          <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No annual review recorded yet.</td></tr>
        }
      </tbody>
    </table>

    <table class="govuk-table" data-testid="personal-budgets">
      <caption class="govuk-table__caption govuk-table__caption--s">Personal budgets (section J)</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th class="govuk-table__header" scope="col">Requested</th>
        <th class="govuk-table__header" scope="col">For</th>
        <th class="govuk-table__header" scope="col">Decision</th>
        <th class="govuk-table__header" scope="col">Amount a year</th>
        <th class="govuk-table__header" scope="col">Managed as</th>
        <th class="govuk-table__header" scope="col">Now</th>
      </tr></thead>
      <tbody class="govuk-table__body">
        @for (b of p.personalBudgets; track b.budgetRequestId) {
          <tr class="govuk-table__row">
            <th class="govuk-table__header" scope="row">{{ date(b.requestedOn) }} by {{ b.requestedByLabel }}@if (b.directPaymentsRequested === 'yes') {, with direct payments}</th>
            <td class="govuk-table__cell">{{ b.partLabels.join('; ') }}</td>
            <td class="govuk-table__cell">{{ b.decidedOn ? b.decisionLabel + ' (' + date(b.decidedOn) + ')' : 'Not yet' }}</td>
            <td class="govuk-table__cell">{{ b.amount ? '£' + b.amount : '' }}</td>
            <td class="govuk-table__cell">{{ b.managedAs ?? '' }}</td>
            <td class="govuk-table__cell">{{ b.inPlace ? 'In place' : b.endedOn ? 'Ended ' + date(b.endedOn) + ': ' + b.endReasonLabel : b.decidedOn ? 'Not in place' : 'Awaiting decision' }}</td>
          </tr>
        } @empty {
          <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="6">No personal budget requested.</td></tr>
        }
      </tbody>
    </table>

    @for (list of settingLists(); track list.caption) {
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--s">{{ list.caption }}</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">From</th>
          <th class="govuk-table__header" scope="col">{{ list.until }}</th>
          <th class="govuk-table__header" scope="col">Type</th>
          <th class="govuk-table__header" scope="col">In the council’s area</th>
          <th class="govuk-table__header" scope="col">Setting</th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (s of list.rows; track $index) {
            <tr class="govuk-table__row">
              <th class="govuk-table__header" scope="row">{{ date(s.from) }}</th>
              <td class="govuk-table__cell">{{ s.to ? date(s.to) : '' }}</td>
              <td class="govuk-table__cell">{{ s.settingTypeLabel }}</td>
              <td class="govuk-table__cell">{{ s.inArea === 'yes' ? 'Yes' : s.inArea === 'no' ? 'No' : 'Not recorded' }}</td>
              <td class="govuk-table__cell">{{ s.setting ?? '' }}</td>
            </tr>
          } @empty {
            <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">{{ list.empty }}</td></tr>
          }
        </tbody>
      </table>
    }
  `,
})
export class PlanSection {
  readonly plan = input.required<CasePlan>();
  /** reg 15: the plan came from another council (the case's first event). */
  readonly transferredIn = input<CaseDetail['transferredIn']>();
  protected readonly date = formatDate;

  /** s49: the agreed personal budgets in place now, in words (section J). */
  protected budgetNow(): string {
    const inPlace = this.plan().personalBudgets.filter((b) => b.inPlace);
    if (!inPlace.length) return 'None in place';
    return inPlace
      .map((b) => `£${b.amount} a year: ${b.managedAs ?? ''} (agreed ${formatDate(b.decidedOn!)})`)
      .join('; ');
  }

  protected settingLists(): { caption: string; until: string; rows: PlanSetting[]; empty: string }[] {
    const p = this.plan();
    return [
      {
        caption: 'Settings named in the plan (section I)',
        until: 'Until',
        rows: p.named.map((s, i) => ({ ...s, ...(p.named[i + 1] ? { to: p.named[i + 1]!.from } : {}) })),
        empty: 'None recorded.',
      },
      { caption: 'Settings attended', until: 'Last day', rows: p.attended, empty: 'No setting attended recorded yet.' },
    ];
  }
}
