import { HttpClient, httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import type { QueueView } from '@ehc/contracts';
import { firstValueFrom } from 'rxjs';
import { formatDateTime, plural } from '../core/dates';
import { toProblem } from '../core/problem';

/** What the queues are for, in words an admin can act on. */
const QUEUE_LABELS: Record<string, string> = {
  deadlines: 'Deadline alerts and the sweeper',
  mail: 'Alert digest e-mails',
};

/**
 * Admin: the background queues (BullMQ on Redis). Counts by state, and the failed jobs with their reason and a Retry
 * button. Jobs hold ids only; a case's deadlines are safe in PostgreSQL whatever happens here (the sweeper re-creates
 * lost jobs), so this page is for noticing and clearing failures, not for casework.
 */
@Component({
  selector: 'cw-queue-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="govuk-!-margin-bottom-9" aria-labelledby="queues-heading">
      <h2 class="govuk-heading-m" id="queues-heading" tabindex="-1">Background jobs</h2>
      @if (message(); as m) {
        <div class="govuk-inset-text" role="status">{{ m }}</div>
      }
      @if (queues.error()) {
        <p class="govuk-body">The job queues cannot be read now. Cases and deadlines are not affected.</p>
      } @else if (queues.hasValue()) {
        @for (q of queues.value(); track q.name) {
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">{{ label(q.name) }}</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">
              <th class="govuk-table__header" scope="col">Waiting</th>
              <th class="govuk-table__header" scope="col">Scheduled</th>
              <th class="govuk-table__header" scope="col">Running</th>
              <th class="govuk-table__header" scope="col">Failed</th>
            </tr></thead>
            <tbody class="govuk-table__body"><tr class="govuk-table__row">
              <td class="govuk-table__cell">{{ q.counts.waiting + q.counts.prioritized }}</td>
              <td class="govuk-table__cell">{{ q.counts.delayed }}</td>
              <td class="govuk-table__cell">{{ q.counts.active }}</td>
              <td class="govuk-table__cell">{{ q.counts.failed }}</td>
            </tr></tbody>
          </table>
          @if (q.failed.length) {
            <div class="cw-table-scroll" role="region" [attr.aria-label]="'Failed jobs: ' + label(q.name)" tabindex="0">
            <table class="govuk-table">
              <caption class="govuk-table__caption govuk-table__caption--s">Failed jobs: {{ label(q.name) }}</caption>
              <thead class="govuk-table__head"><tr class="govuk-table__row">
                <th class="govuk-table__header" scope="col">Job</th>
                <th class="govuk-table__header" scope="col">Failed</th>
                <th class="govuk-table__header" scope="col">Reason</th>
                <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Action</span></th>
              </tr></thead>
              <tbody class="govuk-table__body">
                @for (j of q.failed; track j.id) {
                  <tr class="govuk-table__row">
                    <td class="govuk-table__cell">{{ j.name }} <span class="govuk-hint govuk-!-font-size-16">{{ j.id }}</span></td>
                    <td class="govuk-table__cell">{{ when(j.failedAt) }} (after {{ plural(j.attemptsMade, 'try', 'tries') }})</td>
                    <td class="govuk-table__cell">{{ j.failedReason }}</td>
                    <td class="govuk-table__cell">
                      <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" [disabled]="busy()"
                              (click)="retry(q.name, j.id)">Retry<span class="govuk-visually-hidden"> job {{ j.id }}</span></button>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
            </div>
          }
        }
      }
    </section>
  `,
})
export class QueueViewComponent {
  private readonly http = inject(HttpClient);
  // The host's elements by selector, not viewChild: signal queries would put their runtime in the initial JavaScript.
  private readonly host: HTMLElement = inject(ElementRef).nativeElement;
  readonly queues = httpResource<QueueView[]>(() => '/api/admin/queues');
  readonly busy = signal(false);
  readonly message = signal('');
  readonly label = (name: string) => QUEUE_LABELS[name] ?? name;
  readonly when = formatDateTime;
  readonly plural = plural;

  async retry(queue: string, id: string): Promise<void> {
    this.busy.set(true);
    try {
      await firstValueFrom(
        this.http.post(`/api/admin/queues/${encodeURIComponent(queue)}/jobs/${encodeURIComponent(id)}/retry`, {}),
      );
      this.message.set(`Job ${id} is back in the queue.`);
    } catch (e) {
      this.message.set(toProblem(e).message);
    } finally {
      this.busy.set(false);
      this.queues.reload();
      // The button that had focus is gone with its row: keep the user's place at the section's heading (WCAG 2.4.3).
      this.host.querySelector<HTMLElement>('#queues-heading')?.focus();
    }
  }
}
