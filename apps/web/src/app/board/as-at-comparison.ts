import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { AsAtComparisonView, MeasureCorrectionView, MeasureStandingView, TimelinessFigure } from '@ehc/contracts';
import { formatDate, formatDateTime } from '../core/dates';
import { humanLabel } from '../core/labels';
import { percentText } from './figures';

type Change = AsAtComparisonView['changes'][number];

/**
 * Why a plan is not counted, as the measure's rules say it (docs/measure-definitions.md): a mediation takes a plan out
 * only once its meeting has been held, so the board is told that, not just "mediation".
 */
const NOT_COUNTED: Record<string, string> = {
  mediation: 'a mediation meeting was held about this request or assessment',
  tribunal: 'a tribunal appeal about this request or assessment',
  'mediation-and-tribunal': 'a mediation meeting was held and a tribunal appeal made about this request or assessment',
  'no-request-received': 'no request date',
  'reversed-refusal-to-assess': 'the LA reversed its refusal to assess: counted with the refusal',
  'reversed-refusal-to-issue': 'the LA reversed its refusal to issue: counted with the refusal',
};

/** The names a correction's fields are given here where the form's own words would be unclear out of context. */
const FIELD_NAMES: Record<string, string> = { meetingHeldOn: 'date the mediation meeting was held' };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The figure as the board was given it on the "as at" day beside the figure now, and, case by case, why it
 * moved: the correction that changed the case's standing (who made it, when, and their reason), or the events
 * recorded after that day. The "as at" figure counts only what had been recorded by the end of that day.
 */
@Component({
  selector: 'cw-as-at-comparison',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = comparison();
    <table class="govuk-table" data-section="as-at">
      <caption class="govuk-table__caption govuk-table__caption--m">As reported on {{ date(c.date) }}, and now</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th class="govuk-table__header" scope="col">Measure</th>
        <th class="govuk-table__header govuk-table__header--numeric" scope="col">Reported on {{ date(c.date) }}</th>
        <th class="govuk-table__header govuk-table__header--numeric" scope="col">Now, with corrections</th>
      </tr></thead>
      <tbody class="govuk-table__body">
        <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Within 20 weeks, including exceptions</th>
          <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="reported-including">{{ figure(c.report.includingExceptions) }}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="now-including">{{ figure(now().includingExceptions) }}</td></tr>
        <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Within 20 weeks, excluding exceptions</th>
          <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="reported-excluding">{{ figure(c.report.excludingExceptions) }}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="now-excluding">{{ figure(now().excludingExceptions) }}</td></tr>
      </tbody>
    </table>

    @if (c.changes.length === 0) {
      <p class="govuk-body">No case has changed its place in the figure since {{ date(c.date) }}.</p>
    } @else {
      <table class="govuk-table" data-section="as-at-changes">
        <caption class="govuk-table__caption govuk-table__caption--s">Cases that changed since {{ date(c.date) }}, and why</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Reference</th>
          <th class="govuk-table__header" scope="col">Reported on {{ date(c.date) }}</th>
          <th class="govuk-table__header" scope="col">Now</th>
          <th class="govuk-table__header" scope="col">What changed it</th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (ch of c.changes; track ch.reference) {
            <tr class="govuk-table__row" [attr.data-reference]="ch.reference">
              <th class="govuk-table__header" scope="row">{{ ch.reference }}</th>
              <td class="govuk-table__cell">{{ standing(ch.before) }}</td>
              <td class="govuk-table__cell">{{ standing(ch.after) }}</td>
              <td class="govuk-table__cell">
                @for (k of ch.corrections; track $index) {
                  <p class="govuk-body-s govuk-!-margin-bottom-1" data-correction>{{ correctionText(k) }}</p>
                  <p class="govuk-body-s govuk-!-margin-bottom-2">By {{ k.by + ', ' + dateTime(k.recordedAt) }}. Reason: {{ k.reason }}</p>
                } @empty {
                  <p class="govuk-body-s govuk-!-margin-bottom-0">{{ recordedLater(ch) }}</p>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    }
    <p class="govuk-body-s">The reported figure counts only what had been recorded by the end of {{ date(c.date) }}. Corrections are
      new entries in the case history: nothing recorded is ever overwritten.</p>
  `,
})
export class AsAtComparison {
  readonly comparison = input.required<AsAtComparisonView>();
  readonly now = input.required<{ includingExceptions: TimelinessFigure; excludingExceptions: TimelinessFigure }>();

  protected readonly date = formatDate;
  protected readonly dateTime = formatDateTime;

  protected figure(f: TimelinessFigure): string {
    return `${percentText(f.percent)} (${f.within20Weeks} of ${f.issued})`;
  }

  protected standing(s: MeasureStandingView | null): string {
    if (!s) return 'Not in the period';
    const issued = `final plan ${formatDate(s.finalIssuedOn)}`;
    if (!s.countedIncludingExceptions)
      return `Not counted (${NOT_COUNTED[s.excludedReason ?? ''] ?? humanLabel(s.excludedReason)}), ${issued}`;
    const when = s.within20Weeks ? 'Within 20 weeks' : 'Over 20 weeks';
    const exception = s.countedExcludingExceptions ? '' : `; exception: ${s.exceptionKinds.map(humanLabel).join(', ')}`;
    return `${when}, ${issued}${exception}`;
  }

  protected correctionText(k: MeasureCorrectionView): string {
    const what = k.correctedType ? humanLabel(k.correctedType) : 'An entry';
    const on = k.correctedDate ? ` of ${formatDate(k.correctedDate)}` : '';
    if (k.type === 'EventRetracted') return `${what}${on} withdrawn as recorded in error`;
    const { date, ...fields } = k.correction ?? {};
    const parts: string[] = [];
    if (typeof date === 'string') parts.push(`date corrected to ${formatDate(date)}`);
    for (const [field, value] of Object.entries(fields)) {
      const name = FIELD_NAMES[field] ?? humanLabel(field).toLowerCase();
      const text = (v: unknown) => (typeof v === 'string' && ISO_DATE.test(v) ? formatDate(v) : humanLabel(String(v)));
      parts.push(`${name} corrected to ${Array.isArray(value) ? value.map(text).join(', ') : text(value)}`);
    }
    return `${what}${on}: ${parts.length ? parts.join('; ') : 'corrected'}`;
  }

  protected recordedLater(ch: Change): string {
    const events = ch.eventsRecordedSince.map((e) => `${humanLabel(e.type)} (${formatDate(e.date)})`);
    return events.length
      ? `Recorded after ${formatDate(this.comparison().date)}: ${events.join(', ')}`
      : 'Recorded after the report date';
  }
}
