import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { DeadlineQueueItem, Page, UserView } from '@ehc/contracts';
import { formatDate } from '../core/dates';
import { daysLeftTag } from '../core/deadline-status';
import { humanLabel } from '../core/labels';
import { type FieldError, toProblem } from '../core/problem';
import { ADVICE_PROVIDERS } from '../core/providers';
import { Session } from '../core/session';
import { CasesApi } from '../cases/cases-api';
import { ErrorSummary } from '../design-system/error-summary';
import { FilterLayout } from '../design-system/filter-layout';
import { NotificationBanner } from '../design-system/notification-banner';
import { Tag } from '../design-system/tag';

const GROUPS: { bucket: DeadlineQueueItem['bucket']; heading: string }[] = [
  { bucket: 'overdue', heading: 'Overdue' },
  { bucket: 'within-7', heading: 'Due within 7 days' },
  { bucket: 'within-14', heading: 'Due within 14 days' },
  { bucket: 'later', heading: 'Due later' },
];

/** Splits the queue into the manager's three (or four) groups, keeping the server's order in each. */
export function groupQueue(items: DeadlineQueueItem[]) {
  return GROUPS.map((g) => ({ ...g, items: items.filter((i) => i.bucket === g.bucket) })).filter(
    (g) => g.items.length || g.bucket !== 'later',
  );
}

/**
 * The team's statutory deadlines that need attention, overdue first. A manager filters by caseworker or
 * advice provider and reassigns a case by appending a CaseworkerAssigned event.
 */
@Component({
  selector: 'cw-deadline-queue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ErrorSummary, FilterLayout, NotificationBanner, Tag],
  template: `
    <h1 class="govuk-heading-l">Deadline queue</h1>
    <cw-error-summary [errors]="errors()" />
    @for (message of doneMessages(); track message.n) {
      <cw-notification-banner type="success" title="Success"><p class="govuk-notification-banner__heading">{{ message.text }}</p></cw-notification-banner>
    }
    <cw-filter-layout>
      <form filters novalidate (submit)="applyFilters($event)">
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
            @for (p of providers; track p) { <option [value]="p">{{ label(p) }}</option> }
          </select>
        </div>
        <button type="submit" class="govuk-button govuk-!-margin-bottom-2">Apply filters</button>
        <p class="govuk-body"><a class="govuk-link" routerLink="/queue">Clear filters</a></p>
      </form>

      <p class="govuk-body" aria-live="polite">
        @if (queue.isLoading()) { Loading the queue… } @else if (queue.hasValue()) { {{ queue.value().items.length }} deadlines need attention. }
      </p>
      @if (queue.error()) { <p class="govuk-body">The queue could not be loaded. Try again.</p> }
      @if (queue.hasValue()) {
        @for (g of groups(); track g.bucket) {
          <table class="govuk-table cw-table--compact">
            <caption class="govuk-table__caption govuk-table__caption--m">{{ g.heading }} ({{ g.items.length }})</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">
              <th class="govuk-table__header" scope="col">Case</th>
              <th class="govuk-table__header" scope="col">Deadline</th>
              <th class="govuk-table__header" scope="col">Status</th>
              <th class="govuk-table__header" scope="col">Caseworker</th>
              <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Actions</span></th>
            </tr></thead>
            <tbody class="govuk-table__body">
              @for (item of g.items; track item.deadlineId) {
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">
                    <a class="govuk-link cw-nowrap" [routerLink]="['/cases', item.caseId]">{{ item.reference }}</a>
                    @if (item.childName) { <br>{{ item.childName }} }
                    <br>{{ item.stageLabel }}
                  </td>
                  <td class="govuk-table__cell">{{ item.label }}@if (item.provider) { ({{ label(item.provider) }}) }<br>Due {{ date(item.due) }}</td>
                  <td class="govuk-table__cell"><cw-tag [text]="tag(item.daysLeft).text" [colour]="tag(item.daysLeft).colour" /></td>
                  <td class="govuk-table__cell">{{ item.caseworkerName ?? 'Not assigned' }}</td>
                  <td class="govuk-table__cell">
                    @if (reassigning() === item.deadlineId) {
                      <form novalidate (submit)="reassign($event, item)">
                        <div class="govuk-form-group govuk-!-margin-bottom-2">
                          <label class="govuk-label govuk-label--s" [for]="'assign-' + item.deadlineId">Assign {{ item.reference }} to</label>
                          <select class="govuk-select" [id]="'assign-' + item.deadlineId" [name]="'assign-' + item.deadlineId" [(ngModel)]="assignee">
                            <option value="">Choose a caseworker</option>
                            @for (u of people(); track u.id) {
                              @if (u.username !== item.caseworker) { <option [value]="u.username">{{ u.displayName }}</option> }
                            }
                          </select>
                        </div>
                        <div class="govuk-button-group">
                          <button type="submit" class="govuk-button govuk-!-margin-bottom-0" [disabled]="busy()">Assign</button>
                          <a href="#" class="govuk-link" (click)="$event.preventDefault(); reassigning.set(null)">Cancel</a>
                        </div>
                      </form>
                    } @else {
                      <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" (click)="startReassign(item)">
                        Reassign<span class="govuk-visually-hidden"> {{ item.reference }}</span>
                      </button>
                    }
                  </td>
                </tr>
              } @empty {
                <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">None.</td></tr>
              }
            </tbody>
          </table>
        }
        @if (queue.value().nextCursor; as next) {
          <nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of the queue">
            <div class="govuk-pagination__next">
              <a class="govuk-link govuk-pagination__link" routerLink="/queue" [queryParams]="{ cursor: next }" queryParamsHandling="merge" rel="next">
                <span class="govuk-pagination__link-title">Next page</span>
              </a>
            </div>
          </nav>
        }
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
  readonly cursor = input<string | undefined>();

  protected readonly draftCaseworker = linkedSignal(() => this.caseworker() ?? '');
  protected readonly draftProvider = linkedSignal(() => this.provider() ?? '');
  protected readonly providers = ADVICE_PROVIDERS;
  protected readonly label = humanLabel;
  protected readonly date = formatDate;
  protected readonly tag = (daysLeft: number) => daysLeftTag(daysLeft);

  private readonly teamId = computed(() => this.session.me()?.teamId ?? null);
  protected readonly queue = httpResource<Page<DeadlineQueueItem>>(() => {
    if (this.session.me() === undefined) return undefined;
    // The api scopes the queue to the signed-in manager's team itself (it refuses a team parameter).
    const params: Record<string, string> = {};
    if (this.caseworker()) params['caseworker'] = this.caseworker()!;
    if (this.provider()) params['provider'] = this.provider()!;
    if (this.cursor()) params['cursor'] = this.cursor()!;
    return { url: '/api/queues/deadlines', params };
  });
  protected readonly users = httpResource<UserView[]>(() =>
    this.teamId() ? { url: '/api/users', params: { team: this.teamId()! } } : undefined,
  );
  protected readonly people = computed(() =>
    (this.users.hasValue() ? this.users.value() : []).filter((u) => !u.disabled && (u.role === 'caseworker' || u.role === 'team-manager')),
  );
  protected readonly groups = computed(() => (this.queue.hasValue() ? groupQueue(this.queue.value().items) : []));

  protected readonly reassigning = signal<string | null>(null);
  protected readonly assignee = signal('');
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
      queryParams: { caseworker: this.draftCaseworker() || null, provider: this.draftProvider() || null, cursor: null },
    });
  }

  protected startReassign(item: DeadlineQueueItem): void {
    this.errors.set([]);
    this.assignee.set('');
    this.reassigning.set(item.deadlineId);
  }

  protected async reassign(event: Event, item: DeadlineQueueItem): Promise<void> {
    event.preventDefault();
    const fieldId = `assign-${item.deadlineId}`;
    if (!this.assignee()) {
      this.errors.set([{ fieldId, message: 'Select the caseworker to assign the case to' }]);
      return;
    }
    this.busy.set(true);
    this.errors.set([]);
    try {
      // The queue row has no case version; read the case so the append is checked against what we saw.
      const detail = await this.api.getCase(item.caseId);
      await this.api.appendEvent(item.caseId, {
        expectedVersion: detail.version,
        eventId: crypto.randomUUID(),
        event: { type: 'CaseworkerAssigned', date: detail.today, caseworker: this.assignee() },
      });
      const name = this.people().find((u) => u.username === this.assignee())?.displayName ?? 'the new caseworker';
      this.done.set(`${item.reference} is now assigned to ${name}`);
      this.reassigning.set(null);
      this.queue.reload();
    } catch (err) {
      const p = toProblem(err);
      const message = p.code === 'VERSION_CONFLICT' ? 'Someone else changed this case at the same moment. Try again.' : p.message;
      this.errors.set([{ fieldId, message }]);
    } finally {
      this.busy.set(false);
    }
  }
}
