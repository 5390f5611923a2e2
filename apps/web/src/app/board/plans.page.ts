import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { SEN_TYPE_LABELS } from '@ehc/contracts';
import {
  type DateParts,
  addDays,
  addMonths,
  formatDate,
  fromIsoDate,
  isBlankDate,
  londonToday,
  plural,
  toIsoDate,
} from '../core/dates';
import type { FieldError } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { Session } from '../core/session';
import { percentText } from './figures';

interface Share {
  count: number;
  percent: number | null;
}
interface SettingFigures {
  on: string;
  total: number;
  bySetting: Record<string, Share>;
  byGroup: Record<string, Share>;
  inArea: Share;
  outOfArea: Share;
  excluded: { reference: string; reason: string }[];
}
interface PlanReportView {
  settings: SettingFigures;
  trend: Omit<SettingFigures, 'excluded'>[];
  post16: {
    on: string;
    total: number;
    independentSpecialist: Share;
    local: Share;
    unknown: Share;
    independentSpecialistOutOfArea: number;
    withoutPost16Date: string[];
  };
  year9: { amended: number; awaitingAmendedPlan: number; withoutYear9Date: string[] };
  reviews: {
    due: number;
    concludedInTime: number;
    concludedLate: number;
    overdue: number;
    pending: number;
    percentInTime: number | null;
    meetingHeldInTime: number;
    meetings: number;
    decisionWithin4Weeks: number;
    decisionAfter4Weeks: number;
    noDecision: number;
    percentDecisionWithin4Weeks: number | null;
    outcomes: { keep: number; amend: number; cease: number };
  };
  phaseTransfers: {
    year: number;
    byRule: Record<string, { due: number; met: number; missed: number; pending: number; percentMet: number | null }>;
    sixthFormMoves: unknown[];
  };
  primaryNeed: { on: string; total: number; byPrimaryNeed: Record<string, Share> };
}

/** The drill-downs the api offers (PLAN_DRILLDOWNS), with what each list shows. */
export const PLAN_LISTS: { id: string; text: string }[] = [
  { id: 'settings', text: 'Plans by setting on the day' },
  { id: 'post16', text: 'Post-16 learners by setting' },
  { id: 'year9', text: 'Plans amended after the Year 9 review' },
  { id: 'reviews', text: 'Annual reviews due in the period' },
  { id: 'meetings', text: 'Review meetings held in the period' },
  { id: 'phase-transfers', text: 'Phase transfers due in the year' },
  { id: 'primary-need', text: 'Plans by primary need on the day' },
];

/** Primary needs (section B, reg 12(1)(a)) in DfE's order, then the plans with none recorded. */
export const PRIMARY_NEED_LABELS: Record<string, string> = { ...SEN_TYPE_LABELS, 'not-recorded': 'No needs recorded' };

export const SETTING_LABELS: Record<string, string> = {
  mainstream: 'Mainstream school',
  'resourced-provision': 'Resourced provision or SEN unit',
  'special-state': 'State-funded special school',
  'special-independent': 'Independent or non-maintained special school',
  'post-16-college': 'Post-16 college',
  'post-16-independent-specialist': 'Independent specialist post-16 institution',
  'early-years': 'Early years provider',
  other: 'Other arrangements',
  'not-in-education': 'Not in education, employment or training',
  unknown: 'No setting recorded',
};
export const GROUP_LABELS: Record<string, string> = {
  mainstream: 'Mainstream (including resourced provision and colleges)',
  specialist: 'State-funded special',
  'independent-specialist': 'Independent specialist',
  other: 'Other',
  unknown: 'No setting recorded',
};
const RULE_LABELS: Record<string, string> = {
  '15-february': 'Finalised before 15 February (reg 18(1))',
  '31-march': 'Secondary to post-16: before 31 March (reg 18(1))',
  '5-months-before': 'Between post-16 institutions: 5 months before (reg 18(2))',
};

/**
 * The board's other measures (docs/plan-life.md#the-boards-measures): learners with EHC plans by setting and as a
 * monthly trend, post-16 learners in local and independent specialist settings, plans amended after the Year 9
 * review, annual reviews and decisions, and phase transfers. Its own page, so it prints on its own: the board's
 * 20-week report stays within its 3 pages. Children are shown by case reference only.
 */
@Component({
  selector: 'cw-plans-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DateInput, ErrorSummary, RouterLink],
  template: `
    <cw-error-summary [errors]="errors()" />
    @if (teamName(); as team) { <span class="govuk-caption-l">{{ team }}</span> }
    <h1 class="govuk-heading-l">Plans maintained: settings, reviews and transfers</h1>
    <p class="govuk-body cw-no-print">The board’s other measures. <a class="govuk-link" routerLink="/board">EHC plan timeliness (20 weeks)</a> is on its own report.</p>
    <form novalidate (submit)="apply($event)" class="govuk-!-margin-bottom-6 cw-no-print">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-third"><cw-date-input idPrefix="on" legend="Count plans on" [(value)]="draftOn" [error]="fieldError('on')" /></div>
        <div class="govuk-grid-column-one-third"><cw-date-input idPrefix="from" legend="Reviews from" [(value)]="draftFrom" [error]="fieldError('from')" /></div>
        <div class="govuk-grid-column-one-third"><cw-date-input idPrefix="to" legend="Reviews to" [(value)]="draftTo" [error]="fieldError('to')" /></div>
      </div>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <div class="govuk-form-group">
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Setting counted</legend>
              <div class="govuk-radios govuk-radios--small govuk-radios--inline">
                <div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="basis-attended" name="basis" type="radio" value="attended" [checked]="draftBasis() === 'attended'" (change)="draftBasis.set('attended')">
                  <label class="govuk-label govuk-radios__label" for="basis-attended">Where they attend</label>
                </div>
                <div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="basis-named" name="basis" type="radio" value="named" [checked]="draftBasis() === 'named'" (change)="draftBasis.set('named')">
                  <label class="govuk-label govuk-radios__label" for="basis-named">Named in the plan</label>
                </div>
              </div>
            </fieldset>
          </div>
        </div>
        <div class="govuk-grid-column-one-half"><cw-date-input idPrefix="asAt" legend="As reported on (optional)" [(value)]="draftAsAt" [error]="fieldError('asAt')" /></div>
      </div>
      <button type="submit" class="govuk-button">Show the figures</button>
    </form>

    @if (report.hasValue()) {
      @let r = report.value();
      <p class="govuk-body" data-plans-as-at>Plans counted on {{ date(r.settings.on) + '; reviews from ' + date(params().from) + ' to ' + date(params().to) }}; phase transfers due in {{ r.phaseTransfers.year }}@if (asAt()) {; as the figures stood on {{ date(asAt()!) }}}.</p>

      <table class="govuk-table" data-plans-by-setting>
        <caption class="govuk-table__caption govuk-table__caption--m">Learners with EHC plans by setting ({{ basisText() }})</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Setting</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Learners</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Share</th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (k of settingKeys; track k) {
            <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">{{ settingLabel(k) }}</th>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ r.settings.bySetting[k].count }}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(r.settings.bySetting[k].percent) }}</td></tr>
          }
          <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">All plans maintained</th>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-figure="plans-total">{{ r.settings.total }}</td><td class="govuk-table__cell govuk-table__cell--numeric">100%</td></tr>
        </tbody>
      </table>

      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <table class="govuk-table" data-plans-by-group>
            <caption class="govuk-table__caption govuk-table__caption--s">Mainstream, specialist and independent specialist</caption>
            <tbody class="govuk-table__body">
              @for (g of groupKeys; track g) {
                <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">{{ groupLabel(g) }}</th>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(r.settings.byGroup[g].percent) }} ({{ r.settings.byGroup[g].count }})</td></tr>
              }
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Outside the council’s area</th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(r.settings.outOfArea.percent) }} ({{ r.settings.outOfArea.count }})</td></tr>
            </tbody>
          </table>
        </div>
        <div class="govuk-grid-column-one-half">
          <table class="govuk-table" data-post16>
            <caption class="govuk-table__caption govuk-table__caption--s">Post-16 learners with EHC plans ({{ r.post16.total }})</caption>
            <tbody class="govuk-table__body">
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Local settings</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(r.post16.local.percent) }} ({{ r.post16.local.count }})</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Independent specialist settings</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(r.post16.independentSpecialist.percent) }} ({{ r.post16.independentSpecialist.count }})</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">… of which outside the area</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.post16.independentSpecialistOutOfArea }}</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">No setting recorded</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(r.post16.unknown.percent) }} ({{ r.post16.unknown.count }})</td></tr>
            </tbody>
          </table>
          @if (r.post16.withoutPost16Date.length) { <p class="govuk-body-s">{{ r.post16.withoutPost16Date.length }} plans have no post-16 date recorded and are not counted here.</p> }
        </div>
      </div>

      <table class="govuk-table" data-plans-by-need>
        <caption class="govuk-table__caption govuk-table__caption--m">Learners with EHC plans by primary need</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Primary need</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Learners</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Share</th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (k of needKeys; track k) {
            <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">{{ needLabel(k) }}</th>
              <td class="govuk-table__cell govuk-table__cell--numeric" [attr.data-figure]="'need-' + k">{{ r.primaryNeed.byPrimaryNeed[k].count }}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(r.primaryNeed.byPrimaryNeed[k].percent) }}</td></tr>
          }
        </tbody>
      </table>

      <table class="govuk-table" data-trend>
        <caption class="govuk-table__caption govuk-table__caption--m">Month by month (last day of each month)</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Month end</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Plans</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Mainstream</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">State special</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Independent specialist</th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (t of r.trend; track t.on) {
            <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">{{ date(t.on) }}</th>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ t.total }}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(t.byGroup['mainstream'].percent) }}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(t.byGroup['specialist'].percent) }}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(t.byGroup['independent-specialist'].percent) }}</td></tr>
          }
        </tbody>
      </table>

      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <table class="govuk-table" data-reviews>
            <caption class="govuk-table__caption govuk-table__caption--m">Annual reviews (s44(1): within 12 months)</caption>
            <tbody class="govuk-table__body">
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Concluded in time</th><td class="govuk-table__cell govuk-table__cell--numeric" data-figure="reviews-in-time">{{ pct(r.reviews.percentInTime) }} ({{ r.reviews.concludedInTime + ' of ' + (r.reviews.due - r.reviews.pending) }})</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Concluded late</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.reviews.concludedLate }}</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Overdue, not concluded</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.reviews.overdue }}</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Not yet due</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.reviews.pending }}</td></tr>
            </tbody>
          </table>
        </div>
        <div class="govuk-grid-column-one-half">
          <table class="govuk-table" data-decisions>
            <caption class="govuk-table__caption govuk-table__caption--m">Review decisions (reg 20: within 4 weeks)</caption>
            <tbody class="govuk-table__body">
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Within 4 weeks of the meeting</th><td class="govuk-table__cell govuk-table__cell--numeric" data-figure="decisions-in-time">{{ pct(r.reviews.percentDecisionWithin4Weeks) }} ({{ r.reviews.decisionWithin4Weeks + ' of ' + r.reviews.meetings }})</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">After 4 weeks</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.reviews.decisionAfter4Weeks }}</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">No decision yet</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.reviews.noDecision }}</td></tr>
              <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">Plans amended after the Year 9 review</th><td class="govuk-table__cell govuk-table__cell--numeric" data-figure="year9">{{ r.year9.amended }} ({{ r.year9.awaitingAmendedPlan }} awaiting)</td></tr>
            </tbody>
          </table>
        </div>
      </div>

      <table class="govuk-table" data-phase-transfers>
        <caption class="govuk-table__caption govuk-table__caption--m">Phase transfers due in {{ r.phaseTransfers.year }}</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Rule</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Finalised in time</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Late</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Not yet due</th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (k of ruleKeys; track k) {
            <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">{{ ruleLabel(k) }}</th>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(r.phaseTransfers.byRule[k].percentMet) }} ({{ r.phaseTransfers.byRule[k].met }})</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ r.phaseTransfers.byRule[k].missed }}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ r.phaseTransfers.byRule[k].pending }}</td></tr>
          }
        </tbody>
      </table>
      @if (r.settings.excluded.length) {
        <p class="govuk-body" data-excluded>{{ r.settings.excluded.length }} plans are not counted because their recorded history breaks the plan’s rules: {{ excludedRefs(r.settings.excluded) }}.</p>
      }

      <div class="cw-no-print">
        <h2 class="govuk-heading-m">Cases behind the figures</h2>
        <p class="govuk-body"><a class="govuk-link" [href]="csvUrl()" download>Download the figures as CSV</a></p>
        <div class="govuk-form-group">
          <label class="govuk-label" for="list">Show the cases for</label>
          <select class="govuk-select" id="list" name="list" [value]="list()" (change)="list.set($any($event.target).value)">
            @for (l of lists; track l.id) { <option [value]="l.id">{{ l.text }}</option> }
          </select>
        </div>
        <p class="govuk-body"><a class="govuk-link" [href]="casesCsvUrl()" download>Download this list as CSV</a></p>
        @if (cases.hasValue()) {
          @let c = cases.value();
          <table class="govuk-table" data-plan-cases>
            <caption class="govuk-table__caption govuk-table__caption--s">{{ listText() }}: {{ plural(c.items.length, 'case') }}</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">
              @for (h of c.header; track h) { <th class="govuk-table__header" scope="col">{{ columnText(h) }}</th> }
            </tr></thead>
            <tbody class="govuk-table__body">
              @for (row of c.items.slice(0, shownRows); track $index) {
                <tr class="govuk-table__row">
                  <th class="govuk-table__header" scope="row">{{ row[0] }}</th>
                  @for (cell of row.slice(1); track $index) { <td class="govuk-table__cell">{{ cellText(cell) }}</td> }
                </tr>
              } @empty { <tr class="govuk-table__row"><td class="govuk-table__cell" [attr.colspan]="c.header.length">No cases.</td></tr> }
            </tbody>
          </table>
          @if (c.items.length > shownRows) { <p class="govuk-body">Showing the first {{ shownRows }}. Download the CSV for all of them.</p> }
        }
      </div>
    } @else if (report.error()) {
      <p class="govuk-body">The figures could not be loaded.</p>
    }
  `,
})
export class PlansPage {
  private readonly router = inject(Router);
  private readonly session = inject(Session);

  readonly on = input<string | undefined>();
  readonly from = input<string | undefined>();
  readonly to = input<string | undefined>();
  readonly basis = input<string | undefined>();
  readonly asAt = input<string | undefined>();
  readonly team = input<string | undefined>();

  private readonly today = londonToday();
  protected readonly params = computed(() => {
    const on = this.on() ?? this.today;
    const p: Record<string, string> = {
      on,
      from: this.from() ?? addDays(addMonths(on, -12), 1),
      to: this.to() ?? on,
      basis: this.basis() === 'named' ? 'named' : 'attended',
    };
    p['year'] = p['to']!.slice(0, 4);
    p['trendFrom'] = `${addMonths(on, -11).slice(0, 7)}-01`;
    if (this.team()) p['team'] = this.team()!;
    if (this.asAt()) p['asAt'] = this.asAt()!;
    return p;
  });

  protected readonly draftOn = linkedSignal<DateParts>(() => fromIsoDate(this.params()['on']));
  protected readonly draftFrom = linkedSignal<DateParts>(() => fromIsoDate(this.params()['from']));
  protected readonly draftTo = linkedSignal<DateParts>(() => fromIsoDate(this.params()['to']));
  protected readonly draftAsAt = linkedSignal<DateParts>(() => fromIsoDate(this.asAt()));
  protected readonly draftBasis = linkedSignal(() => this.params()['basis']);
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly list = signal('settings');

  protected readonly report = httpResource<PlanReportView>(() => ({
    url: '/api/measures/plans',
    params: this.params(),
  }));
  protected readonly cases = httpResource<{ header: string[]; items: unknown[][] }>(() => ({
    url: '/api/measures/plans/cases',
    params: { ...this.params(), measure: this.list() },
  }));
  protected readonly csvUrl = computed(
    () => `/api/measures/plans?${new URLSearchParams({ ...this.params(), format: 'csv' })}`,
  );
  protected readonly casesCsvUrl = computed(
    () => `/api/measures/plans/cases?${new URLSearchParams({ ...this.params(), measure: this.list(), format: 'csv' })}`,
  );

  protected readonly teamName = computed(() =>
    this.session.me()?.role === 'team-manager' ? this.session.me()!.teamName : null,
  );
  protected readonly basisText = computed(() =>
    this.params()['basis'] === 'named' ? 'setting named in the plan' : 'setting attended',
  );
  protected readonly listText = computed(() => PLAN_LISTS.find((l) => l.id === this.list())?.text ?? '');

  protected readonly settingKeys = Object.keys(SETTING_LABELS);
  protected readonly groupKeys = Object.keys(GROUP_LABELS);
  protected readonly ruleKeys = Object.keys(RULE_LABELS);
  protected readonly needKeys = Object.keys(PRIMARY_NEED_LABELS);
  protected readonly lists = PLAN_LISTS;
  protected readonly shownRows = 500;
  protected readonly pct = percentText;
  protected readonly date = formatDate;
  protected readonly plural = plural;

  protected settingLabel(k: string): string {
    return SETTING_LABELS[k] ?? k;
  }
  protected groupLabel(k: string): string {
    return GROUP_LABELS[k] ?? k;
  }
  protected needLabel(k: string): string {
    return PRIMARY_NEED_LABELS[k] ?? k;
  }
  protected ruleLabel(k: string): string {
    return RULE_LABELS[k] ?? k;
  }
  protected excludedRefs(x: { reference: string }[]): string {
    return x.map((e) => e.reference).join(', ');
  }
  protected columnText(h: string): string {
    return h === 'reference' ? 'Reference' : (h.charAt(0).toUpperCase() + h.slice(1)).replace(/_/g, ' ');
  }
  protected cellText(v: unknown): string {
    if (v === null || v === undefined) return '–';
    if (v === true) return 'Yes';
    if (v === false) return 'No';
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
    return SETTING_LABELS[String(v)] ?? PRIMARY_NEED_LABELS[String(v)] ?? String(v);
  }

  protected fieldError(id: string): string | null {
    return this.errors().find((e) => e.fieldId === `${id}-day`)?.message ?? null;
  }

  protected apply(event: Event): void {
    event.preventDefault();
    const on = toIsoDate(this.draftOn());
    const from = toIsoDate(this.draftFrom());
    const to = toIsoDate(this.draftTo());
    const asAtBlank = isBlankDate(this.draftAsAt());
    const asAt = asAtBlank ? null : toIsoDate(this.draftAsAt());
    const errors: FieldError[] = [];
    if (!on) errors.push({ fieldId: 'on-day', message: 'Enter a real date to count plans on' });
    if (!from) errors.push({ fieldId: 'from-day', message: 'Enter a real start date for the reviews' });
    if (!to) errors.push({ fieldId: 'to-day', message: 'Enter a real end date for the reviews' });
    if (from && to && from > to)
      errors.push({ fieldId: 'to-day', message: 'The end date must be the same as or after the start date' });
    if (!asAtBlank && !asAt)
      errors.push({
        fieldId: 'asAt-day',
        message: 'Enter a real date the figures were reported on, or leave it blank',
      });
    this.errors.set(errors);
    if (errors.length) return;
    void this.router.navigate(['/board/plans'], {
      queryParams: { on, from, to, basis: this.draftBasis(), asAt, team: this.team() ?? null },
    });
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default PlansPage;
