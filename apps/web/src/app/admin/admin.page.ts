import { HttpClient, httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { ClosurePeriodView } from '@ehc/contracts';
import { firstValueFrom } from 'rxjs';
import { type DateParts, emptyDate, formatDate, isBlankDate, toIsoDate } from '../core/dates';
import { type FieldError, toProblem } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { NotificationBanner } from '../design-system/notification-banner';
import { AuditLog } from './audit-log';
import { UsersAdmin } from './users-admin';
import { QueueViewComponent } from './queue-view';

/**
 * Admin: school closure periods (which pause nothing, but evidence the reg 5(4)/8(2)/10(4)/13(3) exceptions), user
 * accounts (users-admin.ts) and the audit log.
 */
@Component({
  selector: 'cw-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    RouterLink,
    AuditLog,
    DateInput,
    ErrorSummary,
    NotificationBanner,
    UsersAdmin,
    QueueViewComponent,
  ],
  template: `
    <cw-error-summary [errors]="errors()" />
    <h1 class="govuk-heading-l">Administration</h1>
    @if (done()) {
      <cw-notification-banner type="success" title="Success"><p class="govuk-notification-banner__heading">{{ done() }}</p></cw-notification-banner>
    }

    <h2 class="govuk-heading-m">School closure periods</h2>
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-visually-hidden">School closure periods</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th class="govuk-table__header" scope="col">Closure</th>
        <th class="govuk-table__header" scope="col">Setting</th>
        <th class="govuk-table__header" scope="col">Closed from</th>
        <th class="govuk-table__header" scope="col">Reopens on</th>
      </tr></thead>
      <tbody class="govuk-table__body">
        @if (closures.hasValue()) {
          @for (c of closures.value(); track c.id) {
            <tr class="govuk-table__row">
              <th class="govuk-table__header" scope="row">{{ c.description }}</th>
              <td class="govuk-table__cell">{{ c.settingId ?? 'All schools' }}</td>
              <td class="govuk-table__cell">{{ date(c.closedFrom) }}</td>
              <td class="govuk-table__cell">{{ date(c.reopensOn) }}</td>
            </tr>
          } @empty { <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No closure periods.</td></tr> }
        }
      </tbody>
    </table>

    <form novalidate (submit)="addClosure($event)" class="govuk-!-margin-bottom-9">
      <h3 class="govuk-heading-s">Add a closure period</h3>
      <div class="govuk-form-group" [class.govuk-form-group--error]="err('description')">
        <label class="govuk-label" for="description">Description</label>
        <div class="govuk-hint" id="description-hint">For example, Summer holiday 2026</div>
        @if (err('description'); as m) { <p class="govuk-error-message" id="description-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
        <input class="govuk-input" [class.govuk-input--error]="err('description')" id="description" name="description" type="text"
               [attr.aria-describedby]="err('description') ? 'description-hint description-error' : 'description-hint'" [(ngModel)]="description">
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label" for="settingId">Setting (optional)</label>
        <div class="govuk-hint" id="settingId-hint">Leave blank for the council-wide calendar. To give one school its own term dates, enter the school as it is on the child’s record (its URN, for example 140001); its dates then replace the council-wide ones for its pupils</div>
        <input class="govuk-input govuk-input--width-20" id="settingId" name="settingId" type="text" aria-describedby="settingId-hint" [(ngModel)]="settingId">
      </div>
      <cw-date-input idPrefix="closedFrom" legend="Closed from" [(value)]="closedFrom" [error]="err('closedFrom')" />
      <cw-date-input idPrefix="reopensOn" legend="Reopens on" [(value)]="reopensOn" [error]="err('reopensOn')" />
      <button type="submit" class="govuk-button" [disabled]="busy()">Add closure period</button>
    </form>

    <p class="govuk-body"><a class="govuk-link" routerLink="/admin/teams">Add or rename teams</a> (the users’ team choices come from there)</p>
    <p class="govuk-body"><a class="govuk-link" routerLink="/admin/retention">Retention review: records due for erasure</a></p>

    <cw-users-admin />

    <cw-queue-view />

    <cw-audit-log />
  `,
})
export class AdminPage {
  private readonly http = inject(HttpClient);

  protected readonly closures = httpResource<ClosurePeriodView[]>(() => '/api/admin/closures');
  protected readonly description = signal('');
  protected readonly settingId = signal('');
  protected readonly closedFrom = signal<DateParts>(emptyDate());
  protected readonly reopensOn = signal<DateParts>(emptyDate());
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  protected readonly done = signal<string | null>(null);

  protected readonly date = formatDate;

  protected err(name: string): string | null {
    const id = name === 'description' ? name : `${name}-day`;
    return this.errors().find((e) => e.fieldId === id)?.message ?? null;
  }

  protected async addClosure(event: Event): Promise<void> {
    event.preventDefault();
    const errors: FieldError[] = [];
    const from = toIsoDate(this.closedFrom());
    const to = toIsoDate(this.reopensOn());
    if (!this.description().trim())
      errors.push({ fieldId: 'description', message: 'Enter a description of the closure' });
    if (!from)
      errors.push({
        fieldId: 'closedFrom-day',
        message: isBlankDate(this.closedFrom())
          ? 'Enter the date the closure starts'
          : 'The start date must be a real date',
      });
    if (!to)
      errors.push({
        fieldId: 'reopensOn-day',
        message: isBlankDate(this.reopensOn()) ? 'Enter the date it reopens' : 'The reopening date must be a real date',
      });
    if (from && to && to <= from)
      errors.push({ fieldId: 'reopensOn-day', message: 'The reopening date must be after the closure starts' });
    this.errors.set(errors);
    if (errors.length) return;
    this.busy.set(true);
    try {
      await firstValueFrom(
        this.http.post<ClosurePeriodView>('/api/admin/closures', {
          description: this.description().trim(),
          settingId: this.settingId().trim() || null,
          closedFrom: from,
          reopensOn: to,
        }),
      );
      this.done.set(`Closure period added: ${this.description().trim()}`);
      this.description.set('');
      this.settingId.set('');
      this.closedFrom.set(emptyDate());
      this.reopensOn.set(emptyDate());
      this.closures.reload();
    } catch (err) {
      const p = toProblem(err);
      this.errors.set(
        p.errors?.length
          ? p.errors.map((e) => ({ fieldId: '', message: e.message }))
          : [{ fieldId: '', message: p.message }],
      );
    } finally {
      this.busy.set(false);
    }
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default AdminPage;
