import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { AlertView } from '@ehc/contracts';
import { formatDate, formatDateTime } from '../core/dates';
import { toProblem } from '../core/problem';
import { Tag } from '../design-system/tag';
import type { TagColour } from '../core/deadline-status';
import { AlertsStore } from './alerts-store';

const KIND: Record<AlertView['kind'], { text: string; colour: TagColour }> = {
  warning: { text: 'Coming up', colour: 'yellow' },
  due: { text: 'Due today', colour: 'orange' },
  missed: { text: 'Missed', colour: 'red' },
};

/** The user's alerts, unread first. New alerts arrive live and are announced to screen readers. */
@Component({
  selector: 'cw-alerts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, Tag],
  template: `
    <h1 class="govuk-heading-l">Alerts</h1>
    <div class="govuk-visually-hidden" aria-live="polite" aria-atomic="true">{{ store.latest() }}</div>
    <p class="govuk-body">You have {{ store.unreadCount() }} unread {{ store.unreadCount() === 1 ? 'alert' : 'alerts' }}.</p>
    @if (problem()) { <p class="govuk-error-message">{{ problem() }}</p> }
    @if (store.failed()) { <p class="govuk-body">Your alerts could not be loaded. Try again later.</p> }
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-visually-hidden">Alerts, unread first</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th class="govuk-table__header" scope="col">Case</th>
        <th class="govuk-table__header" scope="col">Alert</th>
        <th class="govuk-table__header" scope="col">Deadline</th>
        <th class="govuk-table__header" scope="col">Raised</th>
        <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Actions</span></th>
      </tr></thead>
      <tbody class="govuk-table__body">
        @for (a of store.alerts(); track a.id) {
          <tr class="govuk-table__row">
            <td class="govuk-table__cell"><a class="govuk-link" [routerLink]="['/cases', a.caseId]">{{ a.reference }}</a></td>
            <td class="govuk-table__cell">
              <cw-tag [text]="kind[a.kind].text" [colour]="kind[a.kind].colour" />
              @if (!a.readAt) { <strong class="govuk-tag govuk-tag--blue govuk-!-margin-left-1">Unread</strong> }
              <br>{{ a.message }}
              @if (a.lateByDays > 0) { <br><span class="govuk-body-s">This alert was raised {{ a.lateByDays }} days late.</span> }
              @if (a.closed) { <br><strong class="govuk-tag govuk-tag--green govuk-!-margin-top-1">Closed</strong> <span class="govuk-body-s">{{ a.closed.text }}</span> }
            </td>
            <td class="govuk-table__cell cw-nowrap">{{ date(a.due) }}</td>
            <td class="govuk-table__cell">{{ dateTime(a.raisedAt) }}</td>
            <td class="govuk-table__cell">
              @if (!a.readAt) {
                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" (click)="acknowledge(a)">
                  Mark as read<span class="govuk-visually-hidden"> for {{ a.reference }}</span>
                </button>
              } @else { Read }
            </td>
          </tr>
        } @empty {
          <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">{{ store.loaded() ? 'You have no alerts.' : 'Loading alerts…' }}</td></tr>
        }
      </tbody>
    </table>
  `,
})
export class AlertsPage {
  protected readonly store = inject(AlertsStore);
  protected readonly kind = KIND;
  protected readonly date = formatDate;
  protected readonly dateTime = formatDateTime;
  protected readonly problem = signal<string | null>(null);

  constructor() {
    void this.store.start();
  }

  protected async acknowledge(alert: AlertView): Promise<void> {
    this.problem.set(null);
    try {
      await this.store.acknowledge(alert);
    } catch (err) {
      this.problem.set(toProblem(err).message);
    }
  }
}
