import { HttpClient, httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { ClosurePeriodView } from '@ehc/contracts';
import { firstValueFrom } from 'rxjs';
import { type DateParts, emptyDate, formatDate, formatDateTime, isBlankDate, toIsoDate } from '../core/dates';
import { humanLabel } from '../core/labels';
import { type FieldError, toProblem } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { NotificationBanner } from '../design-system/notification-banner';
import { UsersAdmin } from './users-admin';
import { QueueViewComponent } from './queue-view';

/** Audit rows are shown as the server sends them: one column per field. */
type AuditRow = Record<string, unknown>;

/**
 * Admin: school closure periods (which pause nothing, but evidence the reg 5(4)/8(2)/10(4)/13(3) exceptions), user
 * accounts (users-admin.ts) and the audit log.
 */
@Component({
  selector: 'cw-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, DateInput, ErrorSummary, NotificationBanner, UsersAdmin, QueueViewComponent],
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

    <cw-users-admin />

    <cw-queue-view />

    <h2 class="govuk-heading-m">Audit log</h2>
    <form novalidate (submit)="searchAudit($event)">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-quarter">
          <div class="govuk-form-group"><label class="govuk-label" for="audit-user">User id</label>
            <input class="govuk-input" id="audit-user" name="audit-user" type="text" [(ngModel)]="auditUser"></div>
        </div>
        <div class="govuk-grid-column-one-quarter">
          <div class="govuk-form-group"><label class="govuk-label" for="audit-case">Case id</label>
            <input class="govuk-input" id="audit-case" name="audit-case" type="text" [(ngModel)]="auditCase"></div>
        </div>
        <div class="govuk-grid-column-one-quarter">
          <div class="govuk-form-group"><label class="govuk-label" for="audit-from">From (YYYY-MM-DD)</label>
            <input class="govuk-input" id="audit-from" name="audit-from" type="text" [(ngModel)]="auditFrom"></div>
        </div>
        <div class="govuk-grid-column-one-quarter">
          <div class="govuk-form-group"><label class="govuk-label" for="audit-to">To (YYYY-MM-DD)</label>
            <input class="govuk-input" id="audit-to" name="audit-to" type="text" [(ngModel)]="auditTo"></div>
        </div>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary">Search the audit log</button>
    </form>
    @if (audit.hasValue()) {
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--s">{{ auditRows().length }} entries</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          @for (col of auditColumns(); track col) { <th class="govuk-table__header" scope="col">{{ label(col) }}</th> }
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (row of auditRows(); track $index) {
            <tr class="govuk-table__row">
              @for (col of auditColumns(); track col) { <td class="govuk-table__cell">{{ cell(row[col]) }}</td> }
            </tr>
          } @empty { <tr class="govuk-table__row"><td class="govuk-table__cell">No entries match.</td></tr> }
        </tbody>
      </table>
    } @else if (audit.error()) {
      <p class="govuk-body">The audit log could not be searched.</p>
    }
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

  protected readonly auditUser = signal('');
  protected readonly auditCase = signal('');
  protected readonly auditFrom = signal('');
  protected readonly auditTo = signal('');
  private readonly auditQuery = signal<Record<string, string> | null>(null);
  protected readonly audit = httpResource<AuditRow[] | { items: AuditRow[] }>(() => {
    const q = this.auditQuery();
    return q ? { url: '/api/admin/audit', params: q } : undefined;
  });
  protected readonly auditRows = computed<AuditRow[]>(() => {
    if (!this.audit.hasValue()) return [];
    const v = this.audit.value();
    return Array.isArray(v) ? v : v.items;
  });
  protected readonly auditColumns = computed(() => [...new Set(this.auditRows().flatMap((r) => Object.keys(r)))]);

  protected readonly date = formatDate;
  protected readonly label = humanLabel;

  protected err(name: string): string | null {
    const id = name === 'description' ? name : `${name}-day`;
    return this.errors().find((e) => e.fieldId === id)?.message ?? null;
  }

  protected cell(v: unknown): string {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  protected async addClosure(event: Event): Promise<void> {
    event.preventDefault();
    const errors: FieldError[] = [];
    const from = toIsoDate(this.closedFrom());
    const to = toIsoDate(this.reopensOn());
    if (!this.description().trim()) errors.push({ fieldId: 'description', message: 'Enter a description of the closure' });
    if (!from) errors.push({ fieldId: 'closedFrom-day', message: isBlankDate(this.closedFrom()) ? 'Enter the date the closure starts' : 'The start date must be a real date' });
    if (!to) errors.push({ fieldId: 'reopensOn-day', message: isBlankDate(this.reopensOn()) ? 'Enter the date it reopens' : 'The reopening date must be a real date' });
    if (from && to && to <= from) errors.push({ fieldId: 'reopensOn-day', message: 'The reopening date must be after the closure starts' });
    this.errors.set(errors);
    if (errors.length) return;
    this.busy.set(true);
    try {
      await firstValueFrom(
        this.http.post<ClosurePeriodView>('/api/admin/closures', {
          description: this.description().trim(), settingId: this.settingId().trim() || null, closedFrom: from, reopensOn: to,
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
      this.errors.set(p.errors?.length ? p.errors.map((e) => ({ fieldId: '', message: e.message })) : [{ fieldId: '', message: p.message }]);
    } finally {
      this.busy.set(false);
    }
  }

  protected searchAudit(event: Event): void {
    event.preventDefault();
    const q: Record<string, string> = {};
    if (this.auditUser().trim()) q['user'] = this.auditUser().trim();
    if (this.auditCase().trim()) q['case'] = this.auditCase().trim();
    if (this.auditFrom().trim()) q['from'] = this.auditFrom().trim();
    if (this.auditTo().trim()) q['to'] = this.auditTo().trim();
    this.auditQuery.set(q);
  }
}
