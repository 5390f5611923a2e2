import { httpResource } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  numberAttribute,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { DeadlineQueueItem, DeadlineQueuePage as QueueResponse, QueueCounts, UserView } from '@ehc/contracts';
import { formatDate } from '../core/dates';
import { daysLeftTag } from '../core/deadline-status';
import { humanLabel, labelIn } from '../core/labels';
import type { FieldError } from '../core/problem';
import { ADVICE_PROVIDERS } from '../core/providers';
import { Session } from '../core/session';
import { CasesApi } from '../cases/cases-api';
import { ErrorSummary } from '../design-system/error-summary';
import { FilterLayout } from '../design-system/filter-layout';
import { NotificationBanner } from '../design-system/notification-banner';
import { Pagination } from '../design-system/pagination';
import { Tag } from '../design-system/tag';
import { reassignCases, type ReassignTarget } from './bulk-reassign';

type Bucket = DeadlineQueueItem['bucket'];
const GROUPS: { bucket: Bucket; heading: string; count: keyof QueueCounts }[] = [
  { bucket: 'overdue', heading: 'Overdue', count: 'overdue' },
  { bucket: 'within-7', heading: 'Due within 7 days', count: 'within7' },
  { bucket: 'within-14', heading: 'Due within 14 days', count: 'within14' },
  { bucket: 'later', heading: 'Due later', count: 'later' },
];
const BUCKETS = GROUPS.filter((g) => g.bucket !== 'later');
const PAGE_SIZE = 50;

/** Splits the queue into the manager's three (or four) groups, keeping the server's order in each. */
export function groupQueue(items: DeadlineQueueItem[]) {
  return GROUPS.map((g) => ({ ...g, items: items.filter((i) => i.bucket === g.bucket) })).filter(
    (g) => g.items.length || g.bucket !== 'later',
  );
}

/**
 * The team's statutory deadlines that need attention, overdue first. The counts are the server's, over the whole
 * filtered queue; the page shows 50 at a time. A manager filters by caseworker, advice provider and how soon, sees
 * each caseworker's caseload, and reassigns several cases at once (one CaseworkerAssigned command per case).
 */
@Component({
  selector: 'cw-deadline-queue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ErrorSummary, FilterLayout, NotificationBanner, Pagination, Tag],
  template: `
    <h1 class="govuk-heading-l">Deadline queue</h1>
    <cw-error-summary [errors]="errors()" />
    @for (message of doneMessages(); track message.n) {
      <cw-notification-banner type="success" title="Success"><p class="govuk-notification-banner__heading">{{ message.text }}</p></cw-notification-banner>
    }
    <cw-filter-layout>
      @if (selectedFilters().length) {
        <div selected class="moj-filter__selected">
          <div class="moj-filter__selected-heading">
            <div class="moj-filter__heading-title"><h2 class="govuk-heading-m">Selected filters</h2></div>
            <div class="moj-filter__heading-action"><p class="govuk-body"><a class="govuk-link govuk-link--no-visited-state" routerLink="/queue">Clear filters</a></p></div>
          </div>
          @for (f of selectedFilters(); track f.param) {
            <h3 class="govuk-heading-s govuk-!-margin-bottom-0">{{ f.heading }}</h3>
            <ul class="moj-filter-tags">
              <li><a class="moj-filter__tag" routerLink="/queue" [queryParams]="f.without"><span class="govuk-visually-hidden">Remove this filter</span> {{ f.text }}</a></li>
            </ul>
          }
        </div>
      }
      <form filters novalidate (submit)="applyFilters($event)">
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Due</legend>
            <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id="filter-bucket" name="bucket" type="radio" value="" [(ngModel)]="draftBucket">
                <label class="govuk-label govuk-radios__label" for="filter-bucket">Any time</label>
              </div>
              @for (b of buckets; track b.bucket) {
                <div class="govuk-radios__item">
                  <input class="govuk-radios__input" [id]="'filter-bucket-' + b.bucket" name="bucket" type="radio" [value]="b.bucket" [(ngModel)]="draftBucket">
                  <label class="govuk-label govuk-radios__label" [for]="'filter-bucket-' + b.bucket">{{ b.heading }}</label>
                </div>
              }
            </div>
          </fieldset>
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="filter-caseworker">Caseworker</label>
          <select class="govuk-select" id="filter-caseworker" name="caseworker" [(ngModel)]="draftCaseworker">
            <option value="">Everyone in the team</option>
            @for (u of people(); track u.id) { <option [value]="u.username">{{ u.displayName }}</option> }
          </select>
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="filter-provider">Advice from</label>
          <select class="govuk-select" id="filter-provider" name="provider" [(ngModel)]="draftProvider">
            <option value="">Any deadline</option>
            @for (p of providers; track p) { <option [value]="p">{{ labelIn('provider', p) }}</option> }
          </select>
        </div>
        <button type="submit" class="govuk-button govuk-!-margin-bottom-2">Apply filters</button>
      </form>

      <p class="govuk-body" aria-live="polite" data-queue-total>
        @if (queue.isLoading()) { Loading the queue… } @else if (queue.hasValue()) { {{ totalText() }} }
      </p>
      @if (queue.error()) { <p class="govuk-body">The queue could not be loaded. Try again.</p> }
      @if (queue.hasValue()) {
        @let q = queue.value();
        <ul class="govuk-list" data-queue-counts>
          @for (b of buckets; track b.bucket) {
            <li><a class="govuk-link" routerLink="/queue" [queryParams]="{ bucket: b.bucket, page: null }" queryParamsHandling="merge">{{ b.heading }}: {{ q.counts[b.count] }}</a></li>
          }
          <li>Due later: {{ q.counts.later }}</li>
        </ul>
        @for (g of groups(); track g.bucket) {
          <table class="govuk-table cw-table--compact">
            <caption class="govuk-table__caption govuk-table__caption--m">{{ g.heading }} ({{ q.counts[g.count] }})</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">
              <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Select</span></th>
              <th class="govuk-table__header" scope="col">Case</th>
              <th class="govuk-table__header" scope="col">Deadline</th>
              <th class="govuk-table__header" scope="col">Status</th>
              <th class="govuk-table__header" scope="col">Caseworker</th>
            </tr></thead>
            <tbody class="govuk-table__body">
              @for (item of g.items; track item.caseId + item.deadlineId) {
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">
                    <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                      <div class="govuk-checkboxes__item">
                        <input class="govuk-checkboxes__input" type="checkbox" [id]="rowId(item)" [name]="rowId(item)"
                               [checked]="selected().has(item.caseId)" (change)="toggle(item, $any($event.target).checked)">
                        <label class="govuk-label govuk-checkboxes__label" [for]="rowId(item)"><span class="govuk-visually-hidden">Select {{ item.reference }}</span></label>
                      </div>
                    </div>
                  </td>
                  <td class="govuk-table__cell">
                    <a class="govuk-link cw-nowrap" [routerLink]="['/cases', item.caseId]">{{ item.reference }}</a>
                    @if (item.childName) { <br>{{ item.childName }} }
                    <br>{{ item.stageLabel }}
                  </td>
                  <td class="govuk-table__cell">{{ item.label }}@if (item.provider) { ({{ providerNames(item.provider) }}) }<br>Due {{ date(item.due) }}</td>
                  <td class="govuk-table__cell"><cw-tag [text]="tag(item.daysLeft).text" [colour]="tag(item.daysLeft).colour" /></td>
                  <td class="govuk-table__cell">{{ item.caseworkerName ?? 'Not assigned' }}</td>
                </tr>
              } @empty {
                <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">None on this page.</td></tr>
              }
            </tbody>
          </table>
        }
        <cw-pagination [current]="q.page ?? 1" [count]="q.pageCount" label="Pages of the queue" />

        <h2 class="govuk-heading-m" id="reassign-heading">Reassign cases</h2>
        @if (checking(); as c) {
          <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Cases</dt>
              <dd class="govuk-summary-list__value">
                <ul class="govuk-list">@for (t of c.cases; track t.caseId) { <li>{{ t.reference }}</li> }</ul>
              </dd>
            </div>
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">New caseworker</dt>
              <dd class="govuk-summary-list__value">{{ c.name }}</dd>
            </div>
          </dl>
          <div class="govuk-button-group">
            <button type="button" class="govuk-button" [disabled]="busy()" (click)="confirmReassign()">Confirm and reassign {{ c.cases.length }} {{ c.cases.length === 1 ? 'case' : 'cases' }}</button>
            <button type="button" class="govuk-button govuk-button--secondary" (click)="checking.set(null)">Change</button>
          </div>
        } @else {
          <form novalidate (submit)="checkReassign($event)">
            <p class="govuk-body">{{ selected().size }} {{ selected().size === 1 ? 'case' : 'cases' }} selected. Select cases in the tables above.</p>
            <div class="govuk-form-group" [class.govuk-form-group--error]="assigneeError()">
              <label class="govuk-label govuk-label--s" for="reassign-to">Assign the selected cases to</label>
              @if (assigneeError(); as e) { <p id="reassign-to-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{ e }}</p> }
              <select class="govuk-select" id="reassign-to" name="reassign-to" [(ngModel)]="assignee"
                      [attr.aria-describedby]="assigneeError() ? 'reassign-to-error' : null" [class.govuk-select--error]="assigneeError()">
                <option value="">Choose a caseworker</option>
                @for (u of people(); track u.id) { <option [value]="u.username">{{ u.displayName }}</option> }
              </select>
            </div>
            <button type="submit" class="govuk-button">Continue</button>
          </form>
        }

        <table class="govuk-table cw-table--compact" data-caseloads>
          <caption class="govuk-table__caption govuk-table__caption--m">Caseloads</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">Caseworker</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Open assessments</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Plans maintained</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">With an overdue deadline</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (c of q.caseloads; track c.caseworker) {
              <tr class="govuk-table__row">
                <th class="govuk-table__header" scope="row">
                  @if (c.caseworker) {
                    <a class="govuk-link" routerLink="/queue" [queryParams]="{ caseworker: c.caseworker, page: null }" queryParamsHandling="merge">{{ c.caseworkerName ?? c.caseworker }}</a>
                  } @else { Not assigned }
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ c.openCases }}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ c.maintainedPlans }}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ c.overdueCases }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    </cw-filter-layout>
  `,
})
export class DeadlineQueuePage {
  private readonly router = inject(Router);
  private readonly session = inject(Session);
  private readonly api = inject(CasesApi);

  readonly caseworker = input<string | undefined>();
  readonly provider = input<string | undefined>();
  readonly bucket = input<string | undefined>();
  readonly page = input(1, { transform: (v: unknown) => Math.max(1, numberAttribute(v, 1)) });

  protected readonly draftCaseworker = linkedSignal(() => this.caseworker() ?? '');
  protected readonly draftProvider = linkedSignal(() => this.provider() ?? '');
  protected readonly draftBucket = linkedSignal(() => this.bucket() ?? '');
  protected readonly providers = ADVICE_PROVIDERS;
  protected readonly buckets = BUCKETS;
  protected readonly label = humanLabel;
  protected readonly labelIn = labelIn;
  protected readonly date = formatDate;
  protected readonly tag = (daysLeft: number) => daysLeftTag(daysLeft);
  /** The api lists the advisers holding a case up as 'education, psychology'. */
  protected readonly providerNames = (codes: string) =>
    codes
      .split(', ')
      .map((c) => labelIn('provider', c))
      .join(', ');
  protected readonly rowId = (item: DeadlineQueueItem) => `select-${item.caseId}-${item.deadlineId}`;

  private readonly teamId = computed(() => this.session.me()?.teamId ?? null);
  protected readonly queue = httpResource<QueueResponse>(() => {
    if (this.session.me() === undefined) return undefined;
    // The api scopes the queue to the signed-in manager's team itself (it refuses a team parameter).
    const params: Record<string, string> = { limit: String(PAGE_SIZE), page: String(this.page()) };
    if (this.caseworker()) params['caseworker'] = this.caseworker()!;
    if (this.provider()) params['provider'] = this.provider()!;
    if (BUCKETS.some((b) => b.bucket === this.bucket())) params['bucket'] = this.bucket()!;
    return { url: '/api/queues/deadlines', params };
  });
  protected readonly users = httpResource<UserView[]>(() =>
    this.teamId() ? { url: '/api/users', params: { team: this.teamId()! } } : undefined,
  );
  protected readonly people = computed(() =>
    (this.users.hasValue() ? this.users.value() : []).filter(
      (u) => !u.disabled && (u.role === 'caseworker' || u.role === 'team-manager'),
    ),
  );
  protected readonly groups = computed(() => (this.queue.hasValue() ? groupQueue(this.queue.value().items) : []));
  protected readonly totalText = computed(() => {
    const q = this.queue.value();
    if (!q) return '';
    const n = q.counts.total;
    const first = ((q.page ?? 1) - 1) * PAGE_SIZE + 1;
    const shown = n === 0 ? '' : ` Showing ${first} to ${first + q.items.length - 1}.`;
    return `${n} ${n === 1 ? 'deadline needs' : 'deadlines need'} attention.${shown}`;
  });

  /** MoJ selected-filter tags: each links to the same queue without that filter. */
  protected readonly selectedFilters = computed(() => {
    const current = {
      caseworker: this.caseworker() || null,
      provider: this.provider() || null,
      bucket: this.bucket() || null,
    };
    const out: { param: string; heading: string; text: string; without: Record<string, string | null> }[] = [];
    const without = (param: keyof typeof current) => ({ ...current, [param]: null });
    if (current.bucket)
      out.push({
        param: 'bucket',
        heading: 'Due',
        text: BUCKETS.find((b) => b.bucket === current.bucket)?.heading ?? current.bucket,
        without: without('bucket'),
      });
    if (current.caseworker) {
      const name = this.people().find((u) => u.username === current.caseworker)?.displayName ?? current.caseworker;
      out.push({ param: 'caseworker', heading: 'Caseworker', text: name, without: without('caseworker') });
    }
    if (current.provider)
      out.push({
        param: 'provider',
        heading: 'Advice from',
        text: labelIn('provider', current.provider),
        without: without('provider'),
      });
    return out;
  });

  /** Selected cases, by case id (a case with two open deadlines is one case to reassign). */
  protected readonly selected = signal(new Map<string, ReassignTarget>());
  protected readonly assignee = signal('');
  protected readonly assigneeError = signal<string | null>(null);
  protected readonly checking = signal<{ cases: ReassignTarget[]; to: string; name: string } | null>(null);
  protected readonly busy = signal(false);
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly done = signal<string | null>(null, { equal: () => false });
  /** A new banner (so it takes focus again) for every success, even when one is already shown. */
  private doneCount = 0;
  protected readonly doneMessages = computed(() => {
    const text = this.done();
    return text ? [{ n: ++this.doneCount, text }] : [];
  });

  protected applyFilters(event: Event): void {
    event.preventDefault();
    void this.router.navigate(['/queue'], {
      queryParams: {
        caseworker: this.draftCaseworker() || null,
        provider: this.draftProvider() || null,
        bucket: this.draftBucket() || null,
        page: null,
      },
    });
  }

  protected toggle(item: DeadlineQueueItem, on: boolean): void {
    this.selected.update((m) => {
      const next = new Map(m);
      if (on) next.set(item.caseId, { caseId: item.caseId, reference: item.reference });
      else next.delete(item.caseId);
      return next;
    });
  }

  protected checkReassign(event: Event): void {
    event.preventDefault();
    const errors: FieldError[] = [];
    const firstBox = document.querySelector<HTMLInputElement>('main input[id^="select-"]')?.id;
    if (!this.selected().size)
      errors.push({ fieldId: firstBox ?? 'reassign-to', message: 'Select the cases to reassign' });
    if (!this.assignee())
      errors.push({ fieldId: 'reassign-to', message: 'Select the caseworker to assign the cases to' });
    this.assigneeError.set(this.assignee() ? null : 'Select the caseworker to assign the cases to');
    this.errors.set(errors);
    if (errors.length) return;
    const name = this.people().find((u) => u.username === this.assignee())?.displayName ?? this.assignee();
    this.checking.set({ cases: [...this.selected().values()], to: this.assignee(), name });
  }

  protected async confirmReassign(): Promise<void> {
    const c = this.checking();
    if (!c) return;
    this.busy.set(true);
    this.errors.set([]);
    try {
      const outcomes = await reassignCases(this.api, c.cases, c.to);
      const ok = outcomes.filter((o) => o.ok);
      const failed = outcomes.filter((o) => !o.ok);
      if (ok.length)
        this.done.set(
          `${ok.length} ${ok.length === 1 ? 'case' : 'cases'} reassigned to ${c.name}: ${ok.map((o) => o.reference).join(', ')}`,
        );
      this.errors.set(failed.map((o) => ({ fieldId: '', message: `${o.reference} was not reassigned: ${o.message}` })));
      // Keep the failures selected, so "Continue" tries them again.
      this.selected.set(new Map(failed.map((o) => [o.caseId, { caseId: o.caseId, reference: o.reference }])));
      this.checking.set(null);
      this.assignee.set('');
      this.queue.reload();
    } finally {
      this.busy.set(false);
    }
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default DeadlineQueuePage;
