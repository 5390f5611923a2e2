import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, linkedSignal, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { AuditEntry } from '@ehc/contracts';
import { type DateParts, emptyDate, formatDateTime, isBlankDate, toIsoDate } from '../core/dates';
import { humanLabel } from '../core/labels';
import type { FieldError } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';

/** How many entries the page shows at once; the CSV has all that match. */
const SHOWN = 100;

/** One answer of the audit search: the newest entries that match, and whether there are more. */
interface AuditAnswer {
  items: AuditEntry[];
  nextCursor: string | null;
}

/** What each audited action means, in the words an admin would use. */
const ACTIONS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.logout': 'Signed out',
  'auth.login-failed': 'Sign-in failed',
  'auth.login-throttled': 'Sign-in refused: too many attempts',
  'auth.lockout': 'Account locked after failed sign-ins',
  'access.denied': 'Refused: not allowed',
  'case.list': 'Looked at a list of cases',
  'case.read': 'Opened a case',
  'case.read-timeline': 'Read a case’s history',
  'case.read-exception-proposals': 'Looked at proposed exceptions',
  'case.create': 'Opened a new case',
  'case.write': 'Recorded a step on a case',
  'case.import': 'Imported case histories',
  'queue.deadlines': 'Looked at the deadline queue',
  'measure.read': 'Looked at the board’s figures',
  'measure.drilldown': 'Looked at the cases behind the board’s figures',
  'sen2.return': 'Checked or exported the SEN2 return',
  'admin.user.create': 'Added a user',
  'admin.user.update': 'Changed a user',
  'admin.closure.create': 'Added a school closure',
  'admin.closure.delete': 'Removed a school closure',
  'admin.team.create': 'Added a team',
  'admin.team.rename': 'Renamed a team',
  'person.export': 'Downloaded a child’s information (subject access)',
  'person.export-refused': 'Refused: a child’s information (subject access)',
  'case.export': 'Included a case in a subject access download',
  'admin.audit.read': 'Searched the audit log',
  'retention.approve': 'Approved erasure under the retention policy',
  'retention.postpone': 'Postponed erasure under the retention policy',
  'retention.erase': 'Erased personal data (retention policy)',
  'auth.slowed-down': 'Sign-in slowed down after failed attempts',
  'case.search': 'Searched the cases',
  'case.child-corrected': 'Corrected the child’s details',
  'case.read-notes': 'Read a case’s notes',
  'case.search-notes': 'Searched a case’s notes',
  'case.note-add': 'Added a note',
  'case.note-correct': 'Corrected a note',
  'case.read-documents': 'Looked at a case’s documents',
  'case.document-upload': 'Uploaded a document',
  'case.document-view': 'Viewed a document',
  'case.document-download': 'Downloaded a document',
  'case.read-letters': 'Looked at a case’s letters',
  'case.letter-preview': 'Previewed a letter',
  'case.letter-send': 'Sent a letter',
  'person.search': 'Searched for a child',
  'person.match': 'Checked whether a child is already known',
  'person.read': 'Opened a child’s record',
  'person.create': 'Created a child’s record',
  'person.update': 'Changed a child’s record',
  'person.contact-add': 'Added a contact to a child’s record',
  'person.merge': 'Merged two records of one child',
  'queue.my-work': 'Looked at their own work',
  'queue.retry': 'Retried a background job',
};

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/** "Recorded a step on a case: Decided to assess" — the event's name in words, never its code. */
export function actionText(e: Pick<AuditEntry, 'action' | 'detail'>): string {
  // A refusal is written as the action refused with "-refused" (the api's audit interceptor).
  const refused =
    !(e.action in ACTIONS) && e.action.endsWith('-refused') ? e.action.slice(0, -'-refused'.length) : null;
  const base = refused
    ? `Refused: ${lowerFirst(ACTIONS[refused] ?? humanLabel(refused.replace(/\./g, ' ')))}`
    : (ACTIONS[e.action] ?? humanLabel(e.action.replace(/\./g, ' ')));
  const type = typeof e.detail?.['eventType'] === 'string' ? (e.detail['eventType'] as string) : null;
  return type ? `${base}: ${humanLabel(type)}` : base;
}

/**
 * The admin's audit log: newest first, searched by case reference, a person's name or username, and London dates;
 * readable dates and actions (the raw record, with ids and details, is in the CSV).
 */
@Component({
  selector: 'cw-audit-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, DateInput, ErrorSummary],
  template: `
    <h2 class="govuk-heading-m" id="audit-heading">Audit log</h2>
    <cw-error-summary [errors]="errors()" />
    <form novalidate (submit)="search($event)" aria-labelledby="audit-heading">
      <div class="govuk-form-group" [class.govuk-form-group--error]="err('audit-case')">
        <label class="govuk-label" for="audit-case">Case reference</label>
        <div class="govuk-hint" id="audit-case-hint">For example, NORTH-2026-0001</div>
        @if (err('audit-case'); as m) { <p class="govuk-error-message" id="audit-case-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
        <input class="govuk-input govuk-input--width-20" [class.govuk-input--error]="err('audit-case')" id="audit-case" name="audit-case" type="text"
               spellcheck="false" [attr.aria-describedby]="err('audit-case') ? 'audit-case-hint audit-case-error' : 'audit-case-hint'" [(ngModel)]="caseReference">
      </div>
      <div class="govuk-form-group" [class.govuk-form-group--error]="err('audit-name')">
        <label class="govuk-label" for="audit-name">Person’s name or username</label>
        <div class="govuk-hint" id="audit-name-hint">Part of a name finds everyone whose name contains it</div>
        @if (err('audit-name'); as m) { <p class="govuk-error-message" id="audit-name-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
        <input class="govuk-input govuk-input--width-20" [class.govuk-input--error]="err('audit-name')" id="audit-name" name="audit-name" type="text"
               spellcheck="false" [attr.aria-describedby]="err('audit-name') ? 'audit-name-hint audit-name-error' : 'audit-name-hint'" [(ngModel)]="name">
      </div>
      <cw-date-input idPrefix="audit-from" legend="From (optional)" [(value)]="from" [error]="err('audit-from-day')" />
      <cw-date-input idPrefix="audit-to" legend="To (optional)" [(value)]="to" [error]="err('audit-to-day')" />
      <button type="submit" class="govuk-button govuk-button--secondary">Search the audit log</button>
    </form>

    <p class="govuk-body" aria-live="polite" data-audit-status>
      @if (entries.isLoading()) { Searching… } @else if (entries.hasValue()) { {{ statusText() }} }
    </p>
    @if (shown()) {
      <p class="govuk-body"><a class="govuk-link" [href]="csvUrl()" download>Download {{ searched() ? 'these entries' : 'the audit log' }} as CSV</a></p>
      <div class="cw-table-scroll">
        <table class="govuk-table cw-table--compact" data-audit-table [attr.aria-busy]="entries.isLoading() ? 'true' : null">
          <caption class="govuk-table__caption govuk-visually-hidden">Audit log entries, newest first</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">When</th>
            <th class="govuk-table__header" scope="col">Who</th>
            <th class="govuk-table__header" scope="col">What</th>
            <th class="govuk-table__header" scope="col">Case</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (e of rows(); track e.id) {
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">{{ when(e.at) }}</td>
                <td class="govuk-table__cell">{{ who(e) }}</td>
                <td class="govuk-table__cell">{{ what(e) }}</td>
                <td class="govuk-table__cell">{{ e.caseReference ?? '' }}</td>
              </tr>
            } @empty { <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No entries match.</td></tr> }
          </tbody>
        </table>
      </div>
    } @else if (entries.error()) {
      <p class="govuk-body">The audit log could not be searched. Try again.</p>
    }
  `,
})
export class AuditLog {
  protected readonly caseReference = signal('');
  protected readonly name = signal('');
  protected readonly from = signal<DateParts>(emptyDate());
  protected readonly to = signal<DateParts>(emptyDate());
  protected readonly errors = signal<FieldError[]>([]);

  /** The filters of the last search; the page opens on the newest entries. */
  private readonly query = signal<Record<string, string>>({});
  protected readonly searched = computed(() => Object.keys(this.query()).length > 0);
  protected readonly entries = httpResource<AuditAnswer>(() => ({
    url: '/api/admin/audit',
    params: { ...this.query(), limit: String(SHOWN) },
  }));
  /**
   * What the table shows: the last answer, kept while the next search loads (the resource has no value while it
   * loads, and a table that vanishes and comes back makes the page jump), and nothing once a search fails.
   */
  protected readonly shown = linkedSignal<AuditAnswer | undefined, AuditAnswer | undefined>({
    source: () => (this.entries.hasValue() ? this.entries.value() : undefined),
    computation: (answer, previous) => answer ?? (this.entries.isLoading() ? previous?.value : undefined),
  });
  protected readonly rows = computed(() => this.shown()?.items ?? []);
  protected readonly csvUrl = computed(
    () => `/api/admin/audit?${new URLSearchParams({ ...this.query(), format: 'csv' })}`,
  );
  protected readonly statusText = computed(() => {
    const v = this.shown();
    if (!v) return '';
    const n = v.items.length;
    const scope = this.searched() ? 'matching your search' : 'in the audit log';
    if (n === 0) return `No entries ${scope}.`;
    return v.nextCursor
      ? `The newest ${n} entries ${scope}, newest first. The CSV has them all.`
      : `${n} ${n === 1 ? 'entry' : 'entries'} ${scope}, newest first.`;
  });

  protected readonly when = formatDateTime;
  protected readonly what = actionText;

  protected who(e: AuditEntry): string {
    if (e.displayName && e.username) return `${e.displayName} (${e.username})`;
    return e.displayName ?? e.username ?? 'Not signed in';
  }

  protected err(id: string): string | null {
    return this.errors().find((e) => e.fieldId === id)?.message ?? null;
  }

  protected search(event: Event): void {
    event.preventDefault();
    const q: Record<string, string> = {};
    const errors: FieldError[] = [];
    const ref = this.caseReference().trim(),
      name = this.name().trim();
    if (ref) {
      if (/^[A-Za-z0-9][A-Za-z0-9/_-]{0,63}$/.test(ref)) q['caseReference'] = ref;
      else
        errors.push({
          fieldId: 'audit-case',
          message: 'Enter a case reference using letters, numbers and hyphens, like NORTH-2026-0001',
        });
    }
    if (name) {
      if (/^[\p{L}\p{M}0-9 .'’_-]{1,80}$/u.test(name)) q['name'] = name;
      else
        errors.push({
          fieldId: 'audit-name',
          message: 'Enter a name or username using letters, numbers, spaces, hyphens, full stops or apostrophes',
        });
    }
    for (const [key, parts, label] of [
      ['from', this.from(), 'start'],
      ['to', this.to(), 'end'],
    ] as const) {
      if (isBlankDate(parts)) continue;
      const iso = toIsoDate(parts);
      if (iso) q[key] = iso;
      else
        errors.push({
          fieldId: `audit-${key}-day`,
          message: `The ${label} date must be a real date, for example 4 3 2026`,
        });
    }
    if (q['from'] && q['to'] && q['from'] > q['to'])
      errors.push({ fieldId: 'audit-to-day', message: 'The end date must be the same as or after the start date' });
    this.errors.set(errors);
    if (errors.length) return;
    this.query.set(q);
  }
}
