import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ACTION_LABELS, type CaseDetail, type Problem, type TimelineEntry, type UserView } from '@ehc/contracts';
import { formatDate } from '../core/dates';
import { deadlineStatusTag } from '../core/deadline-status';
import { humanLabel, labelIn } from '../core/labels';
import { PageTitle } from '../core/page-title';
import { IdentityBar } from '../design-system/identity-bar';
import { NotificationBanner } from '../design-system/notification-banner';
import { Tag } from '../design-system/tag';
import { BackToList } from '../core/back-to-list';
import { AllowedEventForm, type RefOption } from './allowed-event-form';
import { CaseTimeline } from './case-timeline';
import { DeadlinesTable } from './deadlines-table';
import { StageProgress } from './stage-progress';
import { MigratedTag } from './migrated-tag';
import { CaseworkPanels } from '../casework/casework-panels';
import { PlanSection } from './plan-section';

@Component({
  selector: 'cw-case-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    BackToList,
    IdentityBar,
    NotificationBanner,
    Tag,
    AllowedEventForm,
    CaseTimeline,
    DeadlinesTable,
    StageProgress,
    MigratedTag,
    CaseworkPanels,
    PlanSection,
  ],
  template: `
    <cw-back-to-list />
    <div aria-live="polite" class="govuk-visually-hidden">{{ announcement() }}</div>
    @if (detail.hasValue()) {
      @let c = detail.value();
      <cw-identity-bar [title]="childName()" [reference]="c.reference" [details]="identity()" />
      @if (c.child) { <p class="govuk-body-s"><a class="govuk-link" [routerLink]="['/cases', c.id, 'child', 'change']">Correct the child’s details</a></p> }

      @if (conflict(); as p) {
        <cw-notification-banner title="Important">
          <p class="govuk-notification-banner__heading">
            @if (p.code === 'VERSION_CONFLICT') {
              Someone else changed this case while you were working on it. We have loaded their changes: check the case and try again.
            } @else {
              {{ p.message }}
            }
          </p>
        </cw-notification-banner>
      }
      @for (message of doneMessages(); track message.n) {
        <cw-notification-banner type="success" title="Success"><p class="govuk-notification-banner__heading">{{ message.text }}</p></cw-notification-banner>
      }

      <h1 class="govuk-heading-l govuk-!-margin-top-6"><span class="govuk-caption-l">Case {{ c.reference }}</span>{{ c.stageLabel }}</h1>
      <!-- a plan transferred in (reg 15) had no assessment here: no assessment steps to show -->
      @if (!c.transferredIn) { <cw-stage-progress [eventTypes]="eventTypes()" [closed]="c.closed" [stageLabel]="c.stageLabel" /> }
      <cw-migrated-tag [migrated]="c.migrated" />
      @if (c.personalDataErasedOn) {
        <div class="govuk-inset-text">Personal data erased on {{ date(c.personalDataErasedOn) }}, under the council’s retention policy. The case’s dated history is kept without names or free text.</div>
      }

      <cw-deadlines-table [deadlines]="c.deadlines" />
      @if (c.plan) { <cw-plan-section [plan]="c.plan" [transferredIn]="c.transferredIn" /> }
      <cw-casework-panels [caseId]="c.id" [eventTypes]="eventTypes()" />

      <h2 class="govuk-heading-m">What you can do now</h2>
      @for (ev of c.allowedEvents; track ev.type) {
        <details class="govuk-details" [attr.id]="'do-' + ev.type">
          <summary class="govuk-details__summary"><span class="govuk-details__summary-text">{{ actions[ev.type] ?? ev.label }}</span></summary>
          <div class="govuk-details__text">
            <cw-allowed-event-form [caseId]="c.id" [version]="c.version" [event]="ev" [refOptions]="refOptions()"
                                   (recorded)="onRecorded($event, ev.label)" (stale)="onStale($event)" />
          </div>
        </details>
      } @empty {
        <p class="govuk-body">Nothing can be recorded on this case now.</p>
      }

      <h2 class="govuk-heading-m">Advice</h2>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Advice requests and their 6-week clocks (reg 8(1))</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">From</th>
          <th class="govuk-table__header" scope="col">Requested</th>
          <th class="govuk-table__header" scope="col">Provider received request</th>
          <th class="govuk-table__header" scope="col">Advice received</th>
          <th class="govuk-table__header" scope="col">6-week clock</th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (a of c.advice; track a.adviceId) {
            <tr class="govuk-table__row">
              <th class="govuk-table__header" scope="row">{{ label(a.provider) }}</th>
              <td class="govuk-table__cell">{{ date(a.requestedOn) }}</td>
              <td class="govuk-table__cell">{{ date(a.receivedByProvider) }}</td>
              <td class="govuk-table__cell">{{ a.receivedOn ? date(a.receivedOn) : 'Not yet' }}</td>
              <td class="govuk-table__cell">
                @if (adviceClock(a); as d) { {{ date(d.due) }} <cw-tag [text]="status(d).text" [colour]="status(d).colour" /> }
              </td>
            </tr>
          } @empty {
            <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">No advice has been requested.</td></tr>
          }
        </tbody>
      </table>

      @if (c.consultations.length) {
        <h2 class="govuk-heading-m">Settings consulted</h2>
        <table class="govuk-table">
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">Setting</th>
            <th class="govuk-table__header" scope="col">Consulted</th>
            <th class="govuk-table__header" scope="col">Response</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (s of c.consultations; track s.consultationId) {
              <tr class="govuk-table__row">
                <th class="govuk-table__header" scope="row">{{ s.setting }}</th>
                <td class="govuk-table__cell">{{ date(s.consultedOn) }}</td>
                <td class="govuk-table__cell">{{ s.outcome ? label(s.outcome) + ' (' + date(s.respondedOn) + ')' : 'Waiting' }}</td>
              </tr>
            }
          </tbody>
        </table>
      }

      <h2 class="govuk-heading-m">Exceptions</h2>
      <p class="govuk-body">An exception does not move a due date: it makes missing it lawful. Record or withdraw one under “What you can do now”.</p>
      <table class="govuk-table">
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Exception</th>
          <th class="govuk-table__header" scope="col">Period</th>
          <th class="govuk-table__header" scope="col">Applies to</th>
          <th class="govuk-table__header" scope="col">Evidence</th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (x of c.exceptions; track x.exceptionId) {
            <tr class="govuk-table__row">
              <th class="govuk-table__header" scope="row">{{ label(x.kind) }}</th>
              <td class="govuk-table__cell">{{ date(x.from) }} to {{ date(x.to) }}</td>
              <td class="govuk-table__cell">{{ appliesTo(x.appliesTo) }}</td>
              <td class="govuk-table__cell">{{ x.evidence }}</td>
            </tr>
          } @empty {
            <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No exceptions recorded.</td></tr>
          }
        </tbody>
      </table>

      <h2 class="govuk-heading-m">Case history</h2>
      @if (timeline.hasValue()) {
        <cw-case-timeline [entries]="timeline.value()" [names]="names()" [caseId]="id()" />
      } @else if (timeline.error()) {
        <p class="govuk-body">The case history could not be loaded.</p>
      } @else {
        <p class="govuk-body">Loading case history…</p>
      }
    } @else if (detail.error()) {
      <h1 class="govuk-heading-l">This case could not be loaded</h1>
      <p class="govuk-body">It may not exist, or you may not have access to it. <a class="govuk-link" routerLink="/caseload">Go back to your caseload</a>.</p>
    } @else {
      <p class="govuk-body">Loading case…</p>
    }
  `,
})
export class CasePage {
  /** Route parameter (withComponentInputBinding). */
  readonly id = input.required<string>();

  protected readonly detail = httpResource<CaseDetail>(() => `/api/cases/${encodeURIComponent(this.id())}`);
  // Each case's tab has its own title (WCAG 2.4.2), by reference only: titles end up in browser history.
  private readonly titled = inject(PageTitle).detailFrom(() =>
    this.detail.hasValue() ? `Case ${this.detail.value().reference}` : null,
  );
  protected readonly timeline = httpResource<TimelineEntry[]>(
    () => `/api/cases/${encodeURIComponent(this.id())}/events`,
  );
  /** People the case can be assigned to: only asked for when the law and role allow reassignment now. */
  protected readonly users = httpResource<UserView[]>(() => {
    if (!this.detail.hasValue()) return undefined;
    const c = this.detail.value();
    if (!c.allowedEvents.some((e) => e.type === 'CaseworkerAssigned')) return undefined;
    return { url: '/api/users', params: { team: c.teamId } };
  });

  protected readonly conflict = signal<Problem | null>(null);
  protected readonly done = signal<string | null>(null, { equal: () => false });
  /** A new banner (so it takes focus again) for every success, even when one is already shown. */
  private doneCount = 0;
  protected readonly doneMessages = computed(() => {
    const text = this.done();
    return text ? [{ n: ++this.doneCount, text }] : [];
  });
  protected readonly announcement = signal('');

  protected readonly date = formatDate;
  protected readonly label = humanLabel;
  /** Each allowed event named as the action that records it ("Request advice"). */
  protected readonly actions = ACTION_LABELS;
  protected readonly status = deadlineStatusTag;

  protected readonly childName = computed(() => {
    const child = this.detail.hasValue() ? this.detail.value().child : null;
    if (child) return `${child.givenName} ${child.familyName}`;
    return this.detail.hasValue() && this.detail.value().personalDataErasedOn
      ? 'Personal data erased'
      : 'Child’s details not shown';
  });

  protected readonly identity = computed(() => {
    if (!this.detail.hasValue()) return [];
    const c = this.detail.value();
    const rows = [{ label: 'Reference', value: c.reference }];
    if (c.child) rows.unshift({ label: 'Date of birth', value: formatDate(c.child.dateOfBirth) });
    rows.push({ label: 'Caseworker', value: c.caseworkerName ?? 'Not assigned' });
    return rows;
  });

  /** Display names by username: the case's caseworker, and the team when it has been loaded (for reassignment). */
  protected readonly names = computed(() => {
    const out: Record<string, string> = {};
    for (const u of this.users.hasValue() ? this.users.value() : []) out[u.username] = u.displayName;
    const c = this.detail.hasValue() ? this.detail.value() : null;
    if (c?.caseworker && c.caseworkerName) out[c.caseworker] = c.caseworkerName;
    return out;
  });

  protected readonly eventTypes = computed(() =>
    this.timeline.hasValue() ? this.timeline.value().map((e) => e.type) : [],
  );

  protected readonly refOptions = computed((): Record<string, RefOption[]> => {
    if (!this.detail.hasValue()) return {};
    const c = this.detail.value();
    const users = this.users.hasValue() ? this.users.value() : [];
    return {
      // Labels for every advice request (the server narrows each form's choices: open ones to receive, any for an exception).
      adviceId: c.advice.map((a) => ({
        value: a.adviceId,
        label: `${labelIn('provider', a.provider)}, requested ${formatDate(a.requestedOn)}`,
      })),
      consultationId: c.consultations
        .filter((s) => !s.respondedOn)
        .map((s) => ({ value: s.consultationId, label: `${s.setting}, consulted ${formatDate(s.consultedOn)}` })),
      exceptionId: c.exceptions.map((x) => ({
        value: x.exceptionId,
        label: `${humanLabel(x.kind)}, ${formatDate(x.from)} to ${formatDate(x.to)}`,
      })),
      // The maintained plan's records, described by their dates (docs/plan-life.md): a person never reads an id.
      reviewId: (c.plan?.reviews ?? []).map((r) => ({
        value: r.reviewId,
        label: `Review meeting of ${formatDate(r.meetingOn)}`,
      })),
      amendmentId: (c.plan?.amendments ?? []).map((a) => ({
        value: a.amendmentId,
        label: `Amendments proposed ${formatDate(a.proposedOn)}`,
      })),
      placementId: (c.plan?.attended ?? []).map((s) => ({
        value: s.placementId!,
        label: `${s.settingTypeLabel}${s.setting ? ` (${s.setting})` : ''}, from ${formatDate(s.from)}`,
      })),
      transferId: (c.plan?.phaseTransfers ?? []).map((t) => ({
        value: t.transferId,
        label: `${t.transferLabel}, moving ${formatDate(t.movesOn)}`,
      })),
      // before the final plan, the budgets asked for while it is prepared (s49(1))
      budgetRequestId: (c.plan?.personalBudgets ?? c.personalBudgetsWhilePreparing ?? []).map((b) => ({
        value: b.budgetRequestId,
        label: `Personal budget requested ${formatDate(b.requestedOn)}${b.amount ? ` (£${b.amount} a year)` : ''}`,
      })),
      caseworker: users
        // A case's caseworker is a username (what the api stores and checks), not the user's id.
        .filter(
          (u) => !u.disabled && u.username !== c.caseworker && (u.role === 'caseworker' || u.role === 'team-manager'),
        )
        .map((u) => ({ value: u.username, label: u.displayName })),
    };
  });

  protected adviceClock(a: CaseDetail['advice'][number]) {
    if (!this.detail.hasValue()) return null;
    return (
      this.detail.value().deadlines.find((d) => d.provider === a.provider && d.from === a.receivedByProvider) ?? null
    );
  }

  protected appliesTo(kinds: string[]): string {
    return kinds.length ? kinds.map(humanLabel).join(', ') : 'All time limits';
  }

  protected onRecorded(detail: CaseDetail, label: string): void {
    this.conflict.set(null);
    this.detail.set(detail);
    this.timeline.reload();
    this.done.set(`Recorded: ${label}`);
    this.announcement.set(`Recorded: ${label}. The case has been updated.`);
  }

  protected onStale(problem: Problem): void {
    this.done.set(null);
    this.conflict.set(problem);
    this.announcement.set('This case has changed. The latest version has been loaded.');
    this.detail.reload();
    this.timeline.reload();
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default CasePage;
