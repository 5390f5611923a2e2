import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { AlertView } from '@ehc/contracts';
import { formatDateTime } from '../core/dates';
import { toProblem } from '../core/problem';
import { Tag } from '../design-system/tag';
import type { TagColour } from '../core/deadline-status';
import { AlertsStore } from './alerts-store';
import { alertText, raisedLate } from './alert-text';

const KIND: Record<AlertView['kind'], { text: string; colour: TagColour }> = {
  warning: { text: 'Coming up', colour: 'yellow' },
  due: { text: 'Due today', colour: 'orange' },
  missed: { text: 'Missed', colour: 'red' },
};
const KINDS = Object.keys(KIND) as AlertView['kind'][];

/** Keeps the alerts the filters ask for (unread only; one kind), in the store's order. */
export function filterAlerts(
  alerts: AlertView[],
  f: { unreadOnly: boolean; kind: AlertView['kind'] | '' },
): AlertView[] {
  return alerts.filter((a) => (!f.unreadOnly || a.readAt === null) && (!f.kind || a.kind === f.kind));
}

/** The user's alerts, unread first. New alerts arrive live and are announced to screen readers. */
@Component({
  selector: 'cw-alerts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, Tag],
  template: `
    <h1 class="govuk-heading-l">Alerts</h1>
    <div class="govuk-visually-hidden" aria-live="polite" aria-atomic="true">{{ store.latest() }}</div>
    <p class="govuk-body">You have {{ store.unreadCount() }} unread {{ store.unreadCount() === 1 ? 'alert' : 'alerts' }}.</p>
    @if (problem()) { <p class="govuk-error-message">{{ problem() }}</p> }
    @if (store.failed()) { <p class="govuk-body">Your alerts could not be loaded. Try again later.</p> }

    <form class="cw-alert-filters" novalidate (submit)="applyFilters($event)">
      <div class="govuk-form-group govuk-!-margin-bottom-3">
        <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="alerts-unread" name="unread" type="checkbox" [(ngModel)]="draftUnread">
            <label class="govuk-label govuk-checkboxes__label" for="alerts-unread">Unread only</label>
          </div>
        </div>
      </div>
      <div class="govuk-form-group govuk-!-margin-bottom-3">
        <label class="govuk-label govuk-label--s" for="alerts-kind">Kind of alert</label>
        <select class="govuk-select" id="alerts-kind" name="kind" [(ngModel)]="draftKind">
          <option value="">All kinds</option>
          @for (k of kinds; track k) { <option [value]="k">{{ kind[k].text }}</option> }
        </select>
      </div>
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button govuk-button--secondary">Apply filters</button>
        @if (store.unreadCount() > 0) {
          <button type="button" class="govuk-button" [disabled]="busy()" (click)="acknowledgeAll()">Mark all as read</button>
        }
      </div>
    </form>

    <table class="govuk-table" tabindex="-1" aria-labelledby="alerts-caption">
      <caption class="govuk-table__caption govuk-table__caption--m" id="alerts-caption">{{ caption() }}</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th class="govuk-table__header" scope="col">Case</th>
        <th class="govuk-table__header" scope="col">Alert</th>
        <th class="govuk-table__header" scope="col">Raised</th>
        <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Actions</span></th>
      </tr></thead>
      <tbody class="govuk-table__body">
        @for (a of shown(); track a.id) {
          <tr class="govuk-table__row" [attr.data-alert]="a.id">
            <td class="govuk-table__cell">
              <a class="govuk-link cw-nowrap" [routerLink]="['/cases', a.caseId]">{{ a.reference }}</a>
              @if (a.childName) { <br>{{ a.childName }} }
            </td>
            <td class="govuk-table__cell">
              <cw-tag [text]="kind[a.kind].text" [colour]="kind[a.kind].colour" />
              @if (!a.readAt) { <strong class="govuk-tag govuk-tag--blue govuk-!-margin-left-1">Unread</strong> }
              <br>{{ text(a) }}
              @if (a.closed) { <br><strong class="govuk-tag govuk-tag--green govuk-!-margin-top-1">Closed</strong> <span class="govuk-body-s">{{ a.closed.text }}</span> }
            </td>
            <td class="govuk-table__cell">
              {{ dateTime(a.raisedAt) }}
              @if (late(a); as l) { <br><span class="govuk-body-s">{{ l }}</span> }
            </td>
            <td class="govuk-table__cell">
              @if (!a.readAt) {
                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" (click)="acknowledge(a)">
                  Mark as read<span class="govuk-visually-hidden"> for {{ a.reference }}</span>
                </button>
              } @else { Read }
            </td>
          </tr>
        } @empty {
          <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">{{ emptyText() }}</td></tr>
        }
      </tbody>
    </table>
  `,
})
export class AlertsPage {
  protected readonly store = inject(AlertsStore);
  protected readonly kind = KIND;
  protected readonly kinds = KINDS;
  protected readonly text = alertText;
  protected readonly late = raisedLate;
  protected readonly dateTime = formatDateTime;
  protected readonly problem = signal<string | null>(null);
  protected readonly busy = signal(false);
  // The list by selector, not viewChild: signal queries would put their runtime in the initial JavaScript.
  private readonly host: HTMLElement = inject(ElementRef).nativeElement;

  protected readonly draftUnread = signal(false);
  protected readonly draftKind = signal<AlertView['kind'] | ''>('');
  private readonly filters = signal<{ unreadOnly: boolean; kind: AlertView['kind'] | '' }>({
    unreadOnly: false,
    kind: '',
  });
  protected readonly shown = computed(() => filterAlerts(this.store.alerts(), this.filters()));
  protected readonly caption = computed(() => {
    const f = this.filters();
    const what = [f.unreadOnly ? 'unread' : '', f.kind ? `“${KIND[f.kind].text}”` : ''].filter(Boolean).join(' ');
    return `${this.shown().length} ${what ? `${what} ` : ''}${this.shown().length === 1 ? 'alert' : 'alerts'}, unread first`;
  });
  protected readonly emptyText = computed(() =>
    !this.store.loaded()
      ? 'Loading alerts…'
      : this.store.alerts().length
        ? 'No alerts match the filters.'
        : 'You have no alerts.',
  );

  constructor() {
    void this.store.start();
  }

  protected applyFilters(event: Event): void {
    event.preventDefault();
    this.filters.set({ unreadOnly: this.draftUnread(), kind: this.draftKind() });
  }

  protected async acknowledge(alert: AlertView): Promise<void> {
    this.problem.set(null);
    try {
      await this.store.acknowledge(alert);
      // The button just pressed is gone: keep the keyboard on the list rather than dropping it to the page (WCAG 2.4.3).
      this.host.querySelector<HTMLElement>('table')?.focus();
    } catch (err) {
      this.problem.set(toProblem(err).message);
    }
  }

  protected async acknowledgeAll(): Promise<void> {
    this.problem.set(null);
    this.busy.set(true);
    try {
      await this.store.acknowledgeAll();
      this.host.querySelector<HTMLElement>('table')?.focus();
    } catch (err) {
      this.problem.set(toProblem(err).message);
    } finally {
      this.busy.set(false);
    }
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default AlertsPage;
