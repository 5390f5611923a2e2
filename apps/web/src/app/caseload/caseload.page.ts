import { httpResource } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  booleanAttribute,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
  untracked,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { CaseListItem, CaseListQuery, CaseSearchRequest, Page } from '@ehc/contracts';
import { formatDate, plural } from '../core/dates';
import { daysLeftTag } from '../core/deadline-status';
import { Session } from '../core/session';
import { type DateParts, fromIsoDate, isBlankDate, toIsoDate } from '../core/dates';
import type { FieldError } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { FilterLayout } from '../design-system/filter-layout';
import { CaseSearch, UPN_PATTERN } from './case-search';
import { SortHeader } from '../design-system/sort-header';
import { Tag } from '../design-system/tag';

type Sort = NonNullable<CaseListQuery['sort']>;
const SORTS: Sort[] = ['next_due', 'received_on', 'reference'];
const PAGE_SIZE = 50;

/**
 * A caseworker's open cases, soonest statutory deadline first. Filters, sort and the page cursor live in
 * the URL (so Back and bookmarks work); the server does the filtering and paging, because a caseload
 * can hold thousands of cases.
 */
@Component({
  selector: 'cw-caseload-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, DateInput, ErrorSummary, FilterLayout, SortHeader, Tag],
  template: `
    <h1 class="govuk-heading-l">{{ heading() }}</h1>
    <p class="govuk-body">
      <a class="govuk-button govuk-!-margin-bottom-0" routerLink="/cases/new">Log a new request</a>
      <a class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-left-2" routerLink="/cases/transfer-in">Record a plan transferred in</a>
    </p>
    <cw-filter-layout>
      <form filters novalidate (submit)="applyFilters($event)">
        <cw-error-summary [errors]="searchErrors()" />
        <div class="govuk-form-group" [class.govuk-form-group--error]="errorFor('filter-name')">
          <label class="govuk-label govuk-label--s" for="filter-name">Child’s name</label>
          <div class="govuk-hint" id="filter-name-hint">Given or family name, or the start of either</div>
          @if (errorFor('filter-name'); as e) { <p class="govuk-error-message" id="filter-name-error"><span class="govuk-visually-hidden">Error:</span> {{ e }}</p> }
          <input class="govuk-input" id="filter-name" name="name" type="text" spellcheck="false" autocomplete="off"
                 [attr.aria-describedby]="errorFor('filter-name') ? 'filter-name-hint filter-name-error' : 'filter-name-hint'" [(ngModel)]="draftName">
        </div>
        <cw-date-input idPrefix="filter-dob" legend="Date of birth" hint="For example, 27 3 2015" [(value)]="draftDob" [error]="errorFor('filter-dob-day')" />
        <div class="govuk-form-group" [class.govuk-form-group--error]="errorFor('filter-upn')">
          <label class="govuk-label govuk-label--s" for="filter-upn">Unique pupil number (UPN)</label>
          @if (errorFor('filter-upn'); as e) { <p class="govuk-error-message" id="filter-upn-error"><span class="govuk-visually-hidden">Error:</span> {{ e }}</p> }
          <input class="govuk-input" id="filter-upn" name="upn" type="text" spellcheck="false" autocomplete="off"
                 [attr.aria-describedby]="errorFor('filter-upn') ? 'filter-upn-error' : null" [(ngModel)]="draftUpn">
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="filter-q">Case reference</label>
          <div class="govuk-hint" id="filter-q-hint">The start of the reference is enough</div>
          <input class="govuk-input" id="filter-q" name="q" type="text" spellcheck="false" aria-describedby="filter-q-hint"
                 [(ngModel)]="draftQ">
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="filter-stage">Stage</label>
          <select class="govuk-select" id="filter-stage" name="stage" [(ngModel)]="draftStage">
            <option value="">Any stage</option>
            @for (s of stageOptions(); track s.code) { <option [value]="s.code">{{ s.label }}</option> }
          </select>
        </div>
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Deadlines</legend>
            <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              <div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="filter-overdue" name="overdue" type="checkbox" [(ngModel)]="draftOverdue">
                <label class="govuk-label govuk-checkboxes__label" for="filter-overdue">Overdue</label>
              </div>
              <div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="filter-due" name="due" type="checkbox" [(ngModel)]="draftDue">
                <label class="govuk-label govuk-checkboxes__label" for="filter-due">Due within 14 days</label>
              </div>
            </div>
          </fieldset>
        </div>
        <button type="submit" class="govuk-button govuk-!-margin-bottom-2">Apply filters</button>
        <p class="govuk-body"><a class="govuk-link" routerLink="/caseload" (click)="search.clear()">Clear filters</a></p>
      </form>

      <div aria-live="polite" class="govuk-body" id="caseload-status">
        @if (cases.isLoading()) { Loading cases… }
        @else if (cases.hasValue()) { Showing {{ count(cases.value().items.length) }}{{ (search.active() ? ' matching the child you searched for' : '') + (cursor() ? ' (later page)' : '') }}. }
      </div>
      @if (cases.error()) {
        <div class="govuk-error-summary" role="alert"><h2 class="govuk-error-summary__title">Your cases could not be loaded. Try again.</h2></div>
      }
      @if (cases.hasValue()) {
        <div class="cw-table-scroll" role="region" aria-label="Cases" tabindex="0">
        <table class="govuk-table cw-table--compact">
          <caption class="govuk-table__caption govuk-visually-hidden">Cases, sorted by {{ sortLabel() }}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th cwSortHeader="reference" [current]="currentSort()" (sortBy)="sortBy($event)">Reference</th>
              <th class="govuk-table__header" scope="col">Stage</th>
              <th cwSortHeader="next_due" [current]="currentSort()" (sortBy)="sortBy($event)">Next deadline</th>
              <th cwSortHeader="received_on" [current]="currentSort()" (sortBy)="sortBy($event)">Received</th>
              @if (showCaseworker()) { <th class="govuk-table__header" scope="col">Caseworker</th> }
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            @for (c of cases.value().items; track c.id) {
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                  <a class="govuk-link cw-nowrap" [routerLink]="['/cases', c.id]">{{ c.reference }}</a>
                  @if (c.childName) { <br>{{ c.childName }} }
                </td>
                <td class="govuk-table__cell">{{ c.stageLabel }}</td>
                <td class="govuk-table__cell">
                  @if (c.nextDeadline; as d) {
                    {{ d.label }}<br>{{ date(d.due) }}<br>
                    <cw-tag [text]="tag(d.daysLeft, d.rag).text" [colour]="tag(d.daysLeft, d.rag).colour" />
                  } @else { None }
                </td>
                <td class="govuk-table__cell">{{ c.receivedOn ? date(c.receivedOn) : 'No request: plan transferred in' }}</td>
                @if (showCaseworker()) { <td class="govuk-table__cell">{{ c.caseworkerName ?? 'Not assigned' }}</td> }
              </tr>
            } @empty {
              <tr class="govuk-table__row"><td class="govuk-table__cell" [attr.colspan]="showCaseworker() ? 5 : 4">No cases match these filters.</td></tr>
            }
          </tbody>
        </table>
        </div>
        <nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of cases">
          @if (cursor()) {
            <div class="govuk-pagination__prev">
              <a class="govuk-link govuk-pagination__link" routerLink="/caseload" [queryParams]="{ cursor: null }" queryParamsHandling="merge">
                <span class="govuk-pagination__link-title">First page</span>
              </a>
            </div>
          }
          @if (cases.value().nextCursor; as next) {
            <div class="govuk-pagination__next">
              <a class="govuk-link govuk-pagination__link" routerLink="/caseload" [queryParams]="{ cursor: next }" queryParamsHandling="merge" rel="next">
                <span class="govuk-pagination__link-title">Next page</span>
              </a>
            </div>
          }
        </nav>
      }
    </cw-filter-layout>
  `,
})
export class CaseloadPage {
  private readonly router = inject(Router);
  private readonly session = inject(Session);

  // Query parameters (withComponentInputBinding).
  readonly q = input<string | undefined>();
  readonly stage = input<string | undefined>();
  readonly overdue = input(false, { transform: booleanAttribute });
  readonly due = input(false, { transform: booleanAttribute });
  readonly sort = input<string | undefined>();
  readonly cursor = input<string | undefined>();

  protected readonly draftQ = linkedSignal(() => this.q() ?? '');
  protected readonly draftStage = linkedSignal(() => this.stage() ?? '');
  protected readonly draftOverdue = linkedSignal(() => this.overdue());
  protected readonly draftDue = linkedSignal(() => this.due());

  protected readonly currentSort = computed<Sort>(() =>
    SORTS.includes(this.sort() as Sort) ? (this.sort() as Sort) : 'next_due',
  );
  protected readonly sortLabel = computed(
    () => ({ next_due: 'next deadline', received_on: 'date received', reference: 'reference' })[this.currentSort()],
  );
  protected readonly showCaseworker = computed(() => this.session.role() !== 'caseworker');
  protected readonly heading = computed(() => (this.showCaseworker() ? 'Team caseload' : 'Your caseload'));

  protected readonly search = inject(CaseSearch);
  protected readonly draftName = signal(this.search.terms().name ?? '');
  protected readonly draftDob = signal<DateParts>(fromIsoDate(this.search.terms().dateOfBirth));
  protected readonly draftUpn = signal(this.search.terms().upn ?? '');
  protected readonly searchErrors = signal<FieldError[]>([]);
  protected readonly errorFor = (id: string) => this.searchErrors().find((e) => e.fieldId === id)?.message ?? null;

  protected readonly cases = httpResource<Page<CaseListItem>>(() => {
    const me = this.session.me();
    if (!me) return undefined;
    const params: Record<string, string> = { sort: this.currentSort(), limit: String(PAGE_SIZE) };
    if (me.role === 'caseworker') params['caseworker'] = 'me';
    else if (me.teamId) params['team'] = me.teamId;
    if (this.q()) params['q'] = this.q()!;
    if (this.stage()) params['stage'] = this.stage()!;
    if (this.overdue()) params['overdue'] = 'true';
    if (this.due()) params['dueWithinDays'] = '14';
    if (this.cursor()) params['cursor'] = this.cursor()!;
    // A search by the child's identity goes in a POST body (see CaseSearch), with the other filters beside it.
    if (this.search.active()) {
      const body: CaseSearchRequest = { ...this.search.terms(), sort: this.currentSort(), limit: PAGE_SIZE };
      for (const [k, v] of Object.entries(params))
        if (k !== 'sort' && k !== 'limit')
          (body as Record<string, unknown>)[k] = k === 'overdue' ? true : k === 'dueWithinDays' ? 14 : v;
      return { url: '/api/cases/search', method: 'POST', body };
    }
    return { url: '/api/cases', params };
  });

  /** Stages offered in the filter: every stage the server has shown us so far (codes are the server's). */
  private readonly seenStages = signal<ReadonlyMap<string, string>>(new Map());
  protected readonly stageOptions = computed(() => {
    const seen = new Map(this.seenStages());
    if (this.stage() && !seen.has(this.stage()!)) seen.set(this.stage()!, this.stage()!);
    return [...seen].map(([code, label]) => ({ code, label }));
  });

  constructor() {
    effect(() => {
      if (!this.cases.hasValue()) return;
      const items = this.cases.value().items;
      untracked(() => {
        const seen = new Map(this.seenStages());
        for (const c of items) seen.set(c.stage, c.stageLabel);
        if (seen.size !== this.seenStages().size) this.seenStages.set(seen);
      });
    });
  }

  protected readonly date = formatDate;
  protected readonly count = (n: number) => plural(n, 'case');
  protected readonly tag = daysLeftTag;

  protected applyFilters(event: Event): void {
    event.preventDefault();
    const errors: FieldError[] = [];
    const dob = isBlankDate(this.draftDob()) ? undefined : toIsoDate(this.draftDob());
    if (dob === null)
      errors.push({ fieldId: 'filter-dob-day', message: 'Date of birth must be a real date, for example 27 3 2015' });
    const upn = this.draftUpn().trim();
    if (upn && !UPN_PATTERN.test(upn))
      errors.push({
        fieldId: 'filter-upn',
        message: 'Unique pupil number must be a letter, 11 digits, then a letter or digit',
      });
    const name = this.draftName().trim();
    if (name && !/\p{L}/u.test(name))
      errors.push({ fieldId: 'filter-name', message: 'Child’s name must contain a letter' });
    this.searchErrors.set(errors);
    if (errors.length) return;
    this.search.set({ name, dateOfBirth: dob ?? undefined, upn });
    void this.router.navigate(['/caseload'], {
      queryParams: {
        q: this.draftQ().trim() || null,
        stage: this.draftStage() || null,
        overdue: this.draftOverdue() ? 'true' : null,
        due: this.draftDue() ? 'true' : null,
        sort: this.sort() ?? null,
        cursor: null, // a new filter starts at the first page
      },
    });
  }

  protected sortBy(key: string): void {
    void this.router.navigate(['/caseload'], {
      queryParams: { sort: key, cursor: null },
      queryParamsHandling: 'merge',
    });
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default CaseloadPage;
