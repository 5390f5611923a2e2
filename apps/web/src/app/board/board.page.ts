import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { TimelinessFigure, TimelinessResponse } from '@ehc/contracts';
import {
  type DateParts,
  addDays,
  addMonths,
  formatDate,
  fromIsoDate,
  isBlankDate,
  londonToday,
  toIsoDate,
} from '../core/dates';
import { humanLabel } from '../core/labels';
import type { FieldError } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { Session } from '../core/session';
import type { TimelinessBreakdown } from './breakdown';
import { headlineSentence, lateCauseLabel, latestNational, partMonths, percentText, weeksText } from './figures';
import { TrendChart } from './trend-chart';
import { AsAtComparison } from './as-at-comparison';
import { ExceptionCover } from './exception-cover';

/** One drill-down row: every case counted in (or excluded from) the figure, by reference only. */
export interface TimelinessCaseRow {
  reference: string;
  receivedOn: string;
  finalIssuedOn: string | null;
  elapsedDays: number | null;
  weeks: number | null;
  within20Weeks: boolean | null;
  exceptionKinds: string[];
  excludedReason: string | null;
  daysLate?: number | null;
  exceptionCoversDays?: number | null;
  reasonLimitImpractical?: string | null;
}

const DRILL_DOWN_SHOWN = 500;

/** The default period: the last 12 months up to today. */
export function defaultPeriod(today: string): { from: string; to: string } {
  return { from: addDays(addMonths(today, -12), 1), to: today };
}

/**
 * The SEND board's report: "% of new EHC plans issued within 20 weeks", including and excluding
 * exceptions (DfE SEN2 definitions), with everything needed to explain it case by case. Children are
 * shown by case reference only.
 */
@Component({
  selector: 'cw-board-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DateInput, ErrorSummary, TrendChart, AsAtComparison, ExceptionCover, RouterLink],
  template: `
    <cw-error-summary [errors]="errors()" />
    @if (teamName(); as team) { <span class="govuk-caption-l" data-team-name>{{ team }}</span> }
    <h1 class="govuk-heading-l">EHC plan timeliness</h1>
    <p class="govuk-body cw-no-print">The board’s other measures (settings, post-16, annual reviews, Year 9, phase transfers) are on <a class="govuk-link" routerLink="/board/plans">Plans maintained</a>.</p>
    <form novalidate (submit)="applyPeriod($event)" class="govuk-!-margin-bottom-6 cw-no-print">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-third">
          <cw-date-input idPrefix="from" legend="From" [(value)]="draftFrom" [error]="fieldError('from')" />
        </div>
        <div class="govuk-grid-column-one-third">
          <cw-date-input idPrefix="to" legend="To" [(value)]="draftTo" [error]="fieldError('to')" />
        </div>
        <div class="govuk-grid-column-one-third">
          <cw-date-input idPrefix="asAt" legend="Compare with the figure reported on (optional)" [(value)]="draftAsAt" [error]="fieldError('asAt')" />
        </div>
      </div>
      <button type="submit" class="govuk-button govuk-!-margin-bottom-0">Show figures</button>
    </form>

    <p class="govuk-body" aria-live="polite">
      @if (report.isLoading()) { Loading figures… } @else if (report.hasValue()) { Figures for {{ date(period().from) }} to {{ date(period().to) }}. }
    </p>
    @if (report.error()) { <p class="govuk-body">The figures could not be loaded. Try again.</p> }

    @if (report.hasValue()) {
      @let r = report.value();
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <div class="cw-headline">
            <h2 class="govuk-heading-s">% of new EHC plans issued within 20 weeks, including exceptions</h2>
            <p class="govuk-heading-xl govuk-!-margin-bottom-2" data-figure="including">{{ pct(r.includingExceptions.percent) }}</p>
            <p class="govuk-body">{{ countText(r.includingExceptions) }}</p>
            @if (national(); as n) { <p class="govuk-body-s">England {{ n.year }}: {{ pct(n.percentIncludingExceptions) }}</p> }
          </div>
        </div>
        <div class="govuk-grid-column-one-half">
          <div class="cw-headline">
            <h2 class="govuk-heading-s">% of new EHC plans issued within 20 weeks, excluding exceptions</h2>
            <p class="govuk-heading-xl govuk-!-margin-bottom-2" data-figure="excluding">{{ pct(r.excludingExceptions.percent) }}</p>
            <p class="govuk-body">{{ countText(r.excludingExceptions) }}</p>
            @if (national(); as n) { <p class="govuk-body-s">England {{ n.year }}: {{ pct(n.percentExcludingExceptions) }}</p> }
          </div>
        </div>
      </div>
      @if (sentence(); as text) { <p class="govuk-body-l" data-headline-sentence>{{ text }}</p> }
      <p class="govuk-body-s">Counted: new plans issued in the period, not transferred in, with no mediation or tribunal (DfE SEN2 definitions). Within 20 weeks means issued no more than {{ r.boundaryDays }} days after the request.</p>

      <h2 class="govuk-heading-m">Trend</h2>
      <cw-trend-chart [series]="r.series ?? []" [excluding]="breakdown.hasValue() ? breakdown.value().seriesExcludingExceptions : []"
                      [partMonths]="parts()" [national]="national()?.percentIncludingExceptions ?? null"
                      [nationalLabel]="national() ? 'England ' + national()!.year + ': ' + pct(national()!.percentIncludingExceptions) : 'England'" />

      @if (breakdown.hasValue() && breakdown.value().byTeam.length) {
        <table class="govuk-table" data-by-team>
          <caption class="govuk-table__caption govuk-table__caption--m">By team</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">Team</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Within 20 weeks, including exceptions</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Within 20 weeks, excluding exceptions</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (t of breakdown.value().byTeam; track t.team) {
              <tr class="govuk-table__row">
                <th class="govuk-table__header" scope="row">{{ t.teamName }}</th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(t.includingExceptions.percent) }} ({{ t.includingExceptions.within20Weeks + ' of ' + t.includingExceptions.issued }})</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(t.excludingExceptions.percent) }} ({{ t.excludingExceptions.within20Weeks + ' of ' + t.excludingExceptions.issued }})</td>
              </tr>
            }
          </tbody>
        </table>
      }

      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">Time taken to issue</caption>
            <tbody class="govuk-table__body">
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Within 20 weeks</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.bands.within20Weeks }}</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">20 to 52 weeks</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.bands.from20To52Weeks }}</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Over 52 weeks</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.bands.over52Weeks }}</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Median time to issue</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ weeks(r.weeksToIssue.median) }}</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Average time to issue</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ weeks(r.weeksToIssue.mean) }}</td></tr>
            </tbody>
          </table>
        </div>
        <div class="govuk-grid-column-one-half">
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">Earlier decisions</caption>
            <tbody class="govuk-table__body">
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Decided whether to assess within 6 weeks</th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(r.decisionWithin6Weeks.percent) }} ({{ r.decisionWithin6Weeks.within + ' of ' + r.decisionWithin6Weeks.decided }})</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Told "no plan" within 16 weeks</th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(r.noPlanWithin16Weeks.percent) }} ({{ r.noPlanWithin16Weeks.within + ' of ' + r.noPlanWithin16Weeks.decided }})</td></tr>
            </tbody>
          </table>
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">Open cases (forecast)</caption>
            <tbody class="govuk-table__body">
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Past 20 weeks with no final plan</th><td class="govuk-table__cell govuk-table__cell--numeric" data-figure="open-past">{{ r.openPastDeadline }}</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">20-week deadline within the next 4 weeks</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.openDueWithin4Weeks }}</td></tr>
            </tbody>
          </table>
        </div>
      </div>

      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">Advice returned within 6 weeks</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">
              <th class="govuk-table__header" scope="col">From</th>
              <th class="govuk-table__header govuk-table__header--numeric" scope="col">Returned</th>
              <th class="govuk-table__header govuk-table__header--numeric" scope="col">Within 6 weeks</th>
            </tr></thead>
            <tbody class="govuk-table__body">
              @for (a of advice(); track a.provider) {
                <tr class="govuk-table__row">
                  <th class="govuk-table__header" scope="row">{{ label(a.provider) }}</th>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{{ a.returned }}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(a.percent) }} ({{ a.within }})</td>
                </tr>
              } @empty { <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="3">No advice returned in this period.</td></tr> }
            </tbody>
          </table>
        </div>
        <div class="govuk-grid-column-one-half">
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">Why plans were late</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">
              <th class="govuk-table__header" scope="col">Cause</th>
              <th class="govuk-table__header govuk-table__header--numeric" scope="col">Late plans</th>
            </tr></thead>
            <tbody class="govuk-table__body">
              @for (c of r.lateByCause; track c.cause) {
                <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">{{ causeLabel(c.cause) }}</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ c.count }}</td></tr>
              } @empty { <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="2">No late plans.</td></tr> }
            </tbody>
          </table>
          @if (r.lateByCause.length) {
            <p class="govuk-body-s" data-cause-note>A late plan can have more than one cause, so these numbers can add up to more than the number of late plans.</p>
          }
        </div>
      </div>

      @if (r.asAtComparison; as comparison) { <cw-as-at-comparison [comparison]="comparison" [now]="r" /> }

      <div class="cw-no-print">
        <h2 class="govuk-heading-m">Print this report</h2>
        <p class="govuk-body">The printed report leaves out the navigation, the date form and the list of cases, and fits on 3 A4 pages.</p>
        <div class="govuk-form-group">
          <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="print-cases" name="print-cases" type="checkbox"
                     [checked]="printCases()" (change)="printCases.set($any($event.target).checked)">
              <label class="govuk-label govuk-checkboxes__label" for="print-cases">Include the list of cases when printing</label>
            </div>
          </div>
        </div>
        <button type="button" class="govuk-button govuk-button--secondary" (click)="print()">Print this report</button>
      </div>

      <div [class.cw-no-print]="!printCases()" data-drill-down>
      <h2 class="govuk-heading-m">Cases behind the figures</h2>
      <p class="govuk-body cw-no-print">
        <a class="govuk-link" [href]="csvUrl()" download>Download the figures as CSV</a> ·
        <a class="govuk-link" [href]="casesCsvUrl()" download>Download the case list as CSV</a>
      </p>
      @if (cases.hasValue()) {
        @let rows = cases.value().items;
        @if (rows.length > shownRows) { <p class="govuk-body">Showing the first {{ shownRows }} of {{ rows.length }} cases. Download the CSV for all of them.</p> }
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-visually-hidden">Cases counted in the measure, by reference</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">Reference</th>
            <th class="govuk-table__header" scope="col">Request received</th>
            <th class="govuk-table__header" scope="col">Final plan issued</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Weeks</th>
            <th class="govuk-table__header" scope="col">Within 20 weeks</th>
            <th class="govuk-table__header" scope="col">Exceptions</th>
            <th class="govuk-table__header" scope="col">Not counted because</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (c of rows.slice(0, shownRows); track c.reference) {
              <tr class="govuk-table__row">
                <th class="govuk-table__header" scope="row">{{ c.reference }}</th>
                <td class="govuk-table__cell cw-nowrap">{{ date(c.receivedOn) }}</td>
                <td class="govuk-table__cell cw-nowrap">{{ c.finalIssuedOn ? date(c.finalIssuedOn) : '–' }}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ c.weeks ?? '–' }}</td>
                <td class="govuk-table__cell">{{ c.within20Weeks === null ? '–' : c.within20Weeks ? 'Yes' : 'No' }}</td>
                <td class="govuk-table__cell">{{ kinds(c.exceptionKinds) }}<cw-exception-cover [row]="c" /></td>
                <td class="govuk-table__cell">{{ c.excludedReason ? label(c.excludedReason) : '' }}</td>
              </tr>
            } @empty { <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="7">No cases in this period.</td></tr> }
          </tbody>
        </table>
      } @else if (cases.error()) {
        <p class="govuk-body">The case list could not be loaded.</p>
      }
      </div>
    }
  `,
})
export class BoardPage {
  private readonly router = inject(Router);
  private readonly session = inject(Session);

  // Query parameters.
  readonly from = input<string | undefined>();
  readonly to = input<string | undefined>();
  readonly asAt = input<string | undefined>();
  readonly team = input<string | undefined>();

  private readonly today = londonToday();
  protected readonly period = computed(() => {
    const d = defaultPeriod(this.today);
    return { from: this.from() ?? d.from, to: this.to() ?? d.to };
  });

  protected readonly draftFrom = linkedSignal<DateParts>(() => fromIsoDate(this.period().from));
  protected readonly draftTo = linkedSignal<DateParts>(() => fromIsoDate(this.period().to));
  protected readonly draftAsAt = linkedSignal<DateParts>(() => fromIsoDate(this.asAt()));
  protected readonly errors = signal<FieldError[]>([]);

  private readonly params = computed(() => {
    const p: Record<string, string> = { from: this.period().from, to: this.period().to };
    if (this.team()) p['team'] = this.team()!;
    return p;
  });

  protected readonly report = httpResource<TimelinessResponse>(() => ({
    url: '/api/measures/timeliness',
    params: { ...this.params(), groupBy: 'month', ...(this.asAt() ? { asAt: this.asAt()! } : {}) },
  }));
  protected readonly cases = httpResource<{ items: TimelinessCaseRow[] }>(() => ({
    url: '/api/measures/timeliness/cases',
    params: this.params(),
  }));

  protected readonly breakdown = httpResource<TimelinessBreakdown>(() => ({
    url: '/api/measures/timeliness/breakdown',
    params: this.params(),
  }));
  /** Whether the printed report includes the drill-down rows (left out unless asked: they run to many pages). */
  protected readonly printCases = signal(false);

  /** A team manager sees their own team's figures, so the report names the team; the board names a team it picked. */
  protected readonly teamName = computed(() => {
    const me = this.session.me();
    if (me?.role === 'team-manager') return me.teamName;
    const team = this.team();
    if (!team || !this.breakdown.hasValue()) return null;
    return this.breakdown.value().byTeam.find((t) => t.team === team)?.teamName ?? null;
  });

  protected readonly sentence = computed(() => {
    if (!this.report.hasValue()) return null;
    const before = this.breakdown.hasValue() ? this.breakdown.value().previousPeriod.includingExceptions : null;
    return headlineSentence(this.period().from, this.period().to, this.report.value().includingExceptions, before);
  });

  protected readonly parts = computed(() =>
    partMonths(this.report.hasValue() ? (this.report.value().series ?? []) : [], this.period().from, this.period().to),
  );

  protected readonly national = computed(() => (this.report.hasValue() ? latestNational(this.report.value()) : null));
  protected readonly advice = computed(() =>
    this.report.hasValue()
      ? Object.entries(this.report.value().adviceWithin6Weeks).map(([provider, v]) => ({ provider, ...v }))
      : [],
  );
  protected readonly csvUrl = computed(
    () => `/api/measures/timeliness?${new URLSearchParams({ ...this.params(), groupBy: 'month', format: 'csv' })}`,
  );
  protected readonly casesCsvUrl = computed(
    () => `/api/measures/timeliness/cases?${new URLSearchParams({ ...this.params(), format: 'csv' })}`,
  );

  protected readonly shownRows = DRILL_DOWN_SHOWN;
  protected readonly pct = percentText;
  protected readonly weeks = weeksText;
  protected readonly date = formatDate;
  protected readonly label = humanLabel;
  protected readonly causeLabel = lateCauseLabel;

  protected print(): void {
    window.print();
  }

  protected countText(f: TimelinessFigure): string {
    return `${f.within20Weeks} of ${f.issued} ${f.issued === 1 ? 'plan' : 'plans'}`;
  }

  protected kinds(k: string[]): string {
    return k.map(humanLabel).join(', ');
  }

  protected fieldError(id: string): string | null {
    return this.errors().find((e) => e.fieldId === `${id}-day`)?.message ?? null;
  }

  protected applyPeriod(event: Event): void {
    event.preventDefault();
    const from = toIsoDate(this.draftFrom());
    const to = toIsoDate(this.draftTo());
    const asAtBlank = isBlankDate(this.draftAsAt());
    const asAt = asAtBlank ? null : toIsoDate(this.draftAsAt());
    const errors: FieldError[] = [];
    if (!from) errors.push({ fieldId: 'from-day', message: 'Enter a real start date' });
    if (!to) errors.push({ fieldId: 'to-day', message: 'Enter a real end date' });
    if (from && to && from > to)
      errors.push({ fieldId: 'to-day', message: 'The end date must be the same as or after the start date' });
    if (!asAtBlank && !asAt)
      errors.push({ fieldId: 'asAt-day', message: 'Enter a real date to compare with, or leave it blank' });
    this.errors.set(errors);
    if (errors.length) return;
    void this.router.navigate(['/board'], { queryParams: { from, to, asAt, team: this.team() ?? null } });
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default BoardPage;
