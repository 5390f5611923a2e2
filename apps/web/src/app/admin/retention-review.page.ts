import { HttpClient, httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { RetentionReviewItem } from '@ehc/contracts';
import { firstValueFrom } from 'rxjs';
import { type DateParts, emptyDate, formatDate, formatDateTime, isBlankDate, toIsoDate } from '../core/dates';
import { type FieldError, toProblem } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { Tag } from '../design-system/tag';
import type { TagColour } from '../core/deadline-status';

const STATUS: Record<RetentionReviewItem['status'], { text: string; colour: TagColour }> = {
  due: { text: 'Due', colour: 'yellow' },
  approved: { text: 'Approved: erased tonight', colour: 'red' },
  postponed: { text: 'Postponed', colour: 'grey' },
  erased: { text: 'Erased', colour: 'grey' },
};

/**
 * Admin: the retention review (docs/operations.md#retention-and-erasure). The worker lists each night the people whose
 * records the council's retention policy says are due for erasure; the admin approves (the worker erases that night)
 * or postpones with a reason. Cases are named by reference only: no child's name or date of birth reaches this page.
 */
@Component({
  selector: 'cw-retention-review-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, DateInput, ErrorSummary, Tag],
  template: `
    <a class="govuk-back-link" routerLink="/admin">Administration</a>
    <cw-error-summary [errors]="errors()" />
    <h1 class="govuk-heading-l" tabindex="-1">Retention review</h1>
    <p class="govuk-body">Records the council’s retention policy says are due for erasure. Approving erases the child’s
      personal data, their family’s contacts, notes, letters and documents at the next nightly run; the case’s dated
      history stays, without its free text, so the board’s figures do not change. Postpone a record that must be kept
      longer, with the reason.</p>
    @if (message(); as m) { <div class="govuk-inset-text" role="status">{{ m }}</div> }

    @if (items.error()) {
      <p class="govuk-body">The retention review cannot be read now.</p>
    } @else if (items.hasValue()) {
      <div class="cw-table-scroll" role="region" aria-label="Records due for erasure" tabindex="0">
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Records due for erasure</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Cases</th>
          <th class="govuk-table__header" scope="col">Due on</th>
          <th class="govuk-table__header" scope="col">Why</th>
          <th class="govuk-table__header" scope="col">Status</th>
          <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Actions</span></th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (r of items.value(); track r.personId) {
            <tr class="govuk-table__row">
              <th class="govuk-table__header" scope="row">{{ name(r) }}</th>
              <td class="govuk-table__cell">{{ date(r.dueOn) }}</td>
              <td class="govuk-table__cell">{{ r.reasonLabel }}</td>
              <td class="govuk-table__cell">
                <cw-tag [colour]="status[r.status].colour" [text]="status[r.status].text" />
                @if (r.status === 'postponed') {
                  <p class="govuk-body-s govuk-!-margin-top-2">Until {{ date(r.postponedUntil) }}: {{ r.postponeReason }}</p>
                }
                @if (r.decidedBy) { <p class="govuk-body-s govuk-!-margin-top-2">By {{ r.decidedBy }}, {{ when(r.decidedAt) }}</p> }
              </td>
              <td class="govuk-table__cell">
                <div class="govuk-button-group govuk-!-margin-bottom-0">
                  @if (r.status !== 'approved') {
                    <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" [disabled]="busy()" (click)="approve(r)">
                      Approve erasure<span class="govuk-visually-hidden"> of {{ name(r) }}</span></button>
                  }
                  <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" [disabled]="busy()" (click)="startPostpone(r)">
                    Postpone<span class="govuk-visually-hidden"> erasure of {{ name(r) }}</span></button>
                </div>
              </td>
            </tr>
          } @empty {
            <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">No records are due for erasure.</td></tr>
          }
        </tbody>
      </table>
      </div>
    }

    @if (postponing(); as p) {
      <form novalidate (submit)="postpone($event, p)" class="govuk-!-margin-top-6">
        <h2 class="govuk-heading-m" tabindex="-1">Postpone erasure of {{ name(p) }}</h2>
        <cw-date-input idPrefix="until" legend="Keep until" hint="The record is listed again on this date. For example, 1 9 2030"
                       [(value)]="until" [error]="err('until-day')" />
        <div class="govuk-form-group" [class.govuk-form-group--error]="err('reason')">
          <label class="govuk-label govuk-label--s" for="reason">Why it must be kept longer</label>
          <div class="govuk-hint" id="reason-hint">For example, a complaint or a claim is open. Do not write the child’s details here</div>
          @if (err('reason'); as m) { <p class="govuk-error-message" id="reason-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
          <textarea class="govuk-textarea" [class.govuk-textarea--error]="err('reason')" id="reason" name="reason" rows="3"
                    [attr.aria-describedby]="err('reason') ? 'reason-hint reason-error' : 'reason-hint'" [(ngModel)]="reason"></textarea>
        </div>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" [disabled]="busy()">Postpone erasure</button>
          <button type="button" class="govuk-button govuk-button--secondary" (click)="cancel()">Cancel</button>
        </div>
      </form>
    }
  `,
})
export class RetentionReviewPage {
  private readonly http = inject(HttpClient);
  // The headings by selector, not viewChild: signal queries would put their runtime in the initial JavaScript.
  private readonly host: HTMLElement = inject(ElementRef).nativeElement;
  protected readonly items = httpResource<RetentionReviewItem[]>(() => '/api/admin/retention');
  protected readonly busy = signal(false);
  protected readonly message = signal('');
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly postponing = signal<RetentionReviewItem | null>(null);
  protected readonly until = signal<DateParts>(emptyDate());
  protected readonly reason = signal('');
  protected readonly status = STATUS;
  protected readonly date = formatDate;
  protected readonly when = formatDateTime;

  /** The cases' references; a record with no request by the start of its id (never a name). */
  protected name(r: RetentionReviewItem): string {
    return r.caseReferences.length ? r.caseReferences.join(', ') : `Record ${r.personId.slice(0, 8)} (no request)`;
  }

  protected err(fieldId: string): string | null {
    return this.errors().find((e) => e.fieldId === fieldId)?.message ?? null;
  }

  protected async approve(r: RetentionReviewItem): Promise<void> {
    await this.act(
      `/api/admin/retention/${encodeURIComponent(r.personId)}/approve`,
      {},
      `Erasure of ${this.name(r)} approved: it will be carried out tonight.`,
    );
  }

  protected startPostpone(r: RetentionReviewItem): void {
    this.postponing.set(r);
    this.until.set(emptyDate());
    this.reason.set('');
    this.errors.set([]);
    setTimeout(() => this.host.querySelector<HTMLElement>('form h2')?.focus());
  }

  protected cancel(): void {
    this.postponing.set(null);
    this.errors.set([]);
    this.host.querySelector<HTMLElement>('h1')?.focus();
  }

  protected async postpone(event: Event, r: RetentionReviewItem): Promise<void> {
    event.preventDefault();
    const until = toIsoDate(this.until());
    const errors: FieldError[] = [];
    if (!until)
      errors.push({
        fieldId: 'until-day',
        message: isBlankDate(this.until()) ? 'Enter the date to keep the record until' : 'The date must be a real date',
      });
    if (!this.reason().trim()) errors.push({ fieldId: 'reason', message: 'Enter why the record must be kept longer' });
    this.errors.set(errors);
    if (errors.length) return;
    const ok = await this.act(
      `/api/admin/retention/${encodeURIComponent(r.personId)}/postpone`,
      { until, reason: this.reason().trim() },
      `Erasure of ${this.name(r)} postponed until ${formatDate(until)}.`,
    );
    if (ok) this.postponing.set(null);
  }

  private async act(url: string, body: object, done: string): Promise<boolean> {
    this.busy.set(true);
    this.message.set('');
    try {
      await firstValueFrom(this.http.post(url, body));
      this.message.set(done);
      this.errors.set([]);
      return true;
    } catch (e) {
      const p = toProblem(e);
      const fieldErrors = (p.errors ?? []).map((x) => ({
        fieldId: x.field === 'until' ? 'until-day' : x.field,
        message: x.message,
      }));
      if (fieldErrors.length) this.errors.set(fieldErrors);
      else this.message.set(p.message);
      return false;
    } finally {
      this.busy.set(false);
      this.items.reload();
      // The row's buttons may be gone or changed: keep the user's place at the page's heading (WCAG 2.4.3).
      this.host.querySelector<HTMLElement>('h1')?.focus();
    }
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default RetentionReviewPage;
