import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import {
  DOCUMENT_KIND_LABELS,
  DOCUMENT_KINDS,
  EVIDENCE_FOR,
  type CaseDocument,
  type DocumentKind,
  type TimelineEntry,
} from '@ehc/contracts';
import { formatDate, formatDateTime } from '../core/dates';
import type { FieldError } from '../core/problem';
import { ErrorSummary } from '../design-system/error-summary';
import { TextField } from '../design-system/text-field';
import { errorFor, serverErrors } from '../persons/server-errors';
import { CaseworkApi } from './casework-api';

const MEDIA: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/msword': 'Word',
};

/** Documents of a case: upload (PDF, Word, images), linked to the event they evidence; view and download. */
@Component({
  selector: 'cw-case-documents-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorSummary, TextField],
  template: `
    <h2 class="govuk-heading-m" id="documents-heading">Documents</h2>
    @if (done()) { <div class="govuk-inset-text" role="status">{{ done() }}</div> }
    <table class="govuk-table" aria-labelledby="documents-heading">
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th class="govuk-table__header" scope="col">Document</th>
        <th class="govuk-table__header" scope="col">Kind</th>
        <th class="govuk-table__header" scope="col">Evidences</th>
        <th class="govuk-table__header" scope="col">Added</th>
        <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Actions</span></th>
      </tr></thead>
      <tbody class="govuk-table__body">
        @for (d of docs(); track d.id) {
          <tr class="govuk-table__row">
            <th class="govuk-table__header" scope="row">{{ d.title }} <span class="govuk-body-s">({{ media(d) }}, {{ size(d.sizeBytes) }})</span></th>
            <td class="govuk-table__cell">{{ kindLabel(d.kind) }}</td>
            <td class="govuk-table__cell">{{ evidences(d) }}</td>
            <td class="govuk-table__cell">{{ dateTime(d.uploadedAt) }}</td>
            <td class="govuk-table__cell">
              <a class="govuk-link" [href]="contentUrl(d)" target="_blank" rel="noopener">View<span class="govuk-visually-hidden"> {{ d.title }} (opens in a new tab)</span></a>
              <br><a class="govuk-link" [href]="contentUrl(d) + '?download=true'" download>Download<span class="govuk-visually-hidden"> {{ d.title }}</span></a>
            </td>
          </tr>
        } @empty {
          <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">No documents yet.</td></tr>
        }
      </tbody>
    </table>

    <details class="govuk-details" id="add-document" [open]="open()">
      <summary class="govuk-details__summary" (click)="$event.preventDefault(); open.set(!open())"><span class="govuk-details__summary-text">Upload a document</span></summary>
      <div class="govuk-details__text">
        <cw-error-summary [errors]="errors()" />
        <form novalidate (submit)="upload($event)">
          <div class="govuk-form-group" [class.govuk-form-group--error]="err('doc-kind')">
            <label class="govuk-label" for="doc-kind">What is it?</label>
            @if (err('doc-kind'); as m) { <p class="govuk-error-message" id="doc-kind-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
            <select class="govuk-select" id="doc-kind" [value]="kind()" (change)="setKind($any($event.target).value)">
              <option value="">Choose</option>
              @for (k of kinds; track k) { <option [value]="k">{{ kindLabel(k) }}</option> }
            </select>
          </div>
          <cw-text-field fieldId="doc-title" label="Title" hint="For example, Educational psychology advice" [(value)]="title" [error]="err('doc-title')" />
          @if (linkable().length) {
            <div class="govuk-form-group" [class.govuk-form-group--error]="err('doc-event')">
              <label class="govuk-label" for="doc-event">What it evidences (optional)</label>
              @if (err('doc-event'); as m) { <p class="govuk-error-message" id="doc-event-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
              <select class="govuk-select" id="doc-event" [value]="eventId()" (change)="eventId.set($any($event.target).value)">
                <option value="">Nothing in particular</option>
                @for (e of linkable(); track e.eventId) { <option [value]="e.eventId">{{ e.label }}, {{ date(e.date) }}</option> }
              </select>
            </div>
          }
          <div class="govuk-form-group" [class.govuk-form-group--error]="err('doc-file')">
            <label class="govuk-label" for="doc-file">File</label>
            <div class="govuk-hint" id="doc-file-hint">A PDF, a Word document or an image</div>
            @if (err('doc-file'); as m) { <p class="govuk-error-message" id="doc-file-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
            <input class="govuk-file-upload" [class.govuk-file-upload--error]="err('doc-file')" id="doc-file" type="file"
                   accept=".pdf,.doc,.docx,image/*" [attr.aria-describedby]="err('doc-file') ? 'doc-file-hint doc-file-error' : 'doc-file-hint'"
                   (change)="file.set($any($event.target).files?.[0] ?? null)">
          </div>
          <button type="submit" class="govuk-button" [disabled]="busy()">Upload</button>
        </form>
      </div>
    </details>
  `,
})
export class CaseDocumentsPanel {
  readonly caseId = input.required<string>();
  private readonly api = inject(CaseworkApi);
  protected readonly list = httpResource<CaseDocument[]>(
    () => `/api/cases/${encodeURIComponent(this.caseId())}/documents`,
  );
  protected readonly docs = computed(() => (this.list.hasValue() ? this.list.value() : []));
  /** The case's events, to link a document to the one it evidences: read only when the form is open or a link is shown. */
  protected readonly events = httpResource<TimelineEntry[]>(() =>
    this.open() || this.docs().some((d) => d.eventId)
      ? `/api/cases/${encodeURIComponent(this.caseId())}/events`
      : undefined,
  );
  protected readonly kinds = DOCUMENT_KINDS;
  protected readonly date = formatDate;
  protected readonly dateTime = formatDateTime;

  protected readonly open = signal(false);
  protected readonly kind = signal<DocumentKind | ''>('');
  protected readonly title = signal('');
  protected readonly eventId = signal('');
  protected readonly file = signal<File | null>(null);
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  protected readonly done = signal<string | null>(null);
  protected err(id: string): string | null {
    return errorFor(this.errors(), id);
  }

  protected readonly linkable = computed(() => {
    const k = this.kind();
    if (!k || !this.events.hasValue()) return [];
    const types = EVIDENCE_FOR[k];
    return this.events.value().filter((e) => e.type !== 'DeadlineMissed' && (!types || types.includes(e.type)));
  });

  protected kindLabel(k: string): string {
    return DOCUMENT_KIND_LABELS[k as DocumentKind] ?? k;
  }
  protected media(d: CaseDocument): string {
    return MEDIA[d.mediaType] ?? d.mediaType.replace('image/', '').toUpperCase();
  }
  protected size(bytes: number): string {
    return bytes < 1024 * 1024
      ? `${Math.max(1, Math.round(bytes / 1024))} KB`
      : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  }
  protected contentUrl(d: CaseDocument): string {
    return `/api/cases/${encodeURIComponent(this.caseId())}/documents/${d.id}/content`;
  }
  protected evidences(d: CaseDocument): string {
    if (!d.eventId) return '';
    const e = this.events.hasValue() ? this.events.value().find((x) => x.eventId === d.eventId) : undefined;
    return e ? `${e.label}, ${formatDate(e.date)}` : 'A case event';
  }

  /** A letter was sent: it is a new document. */
  reload(): void {
    this.list.reload();
  }

  protected setKind(k: string): void {
    this.kind.set(k as DocumentKind | '');
    this.eventId.set('');
  }

  protected async upload(event: Event): Promise<void> {
    event.preventDefault();
    const missing: FieldError[] = [];
    if (!this.kind()) missing.push({ fieldId: 'doc-kind', message: 'Choose what the document is' });
    if (!this.title().trim()) missing.push({ fieldId: 'doc-title', message: 'Enter a title' });
    if (!this.file()) missing.push({ fieldId: 'doc-file', message: 'Select a file' });
    if (missing.length) {
      this.errors.set(missing);
      return;
    }
    this.busy.set(true);
    try {
      const d = await this.api.upload(this.caseId(), this.file()!, {
        kind: this.kind(),
        title: this.title().trim(),
        ...(this.eventId() ? { eventId: this.eventId() } : {}),
      });
      this.errors.set([]);
      this.done.set(`Uploaded ${d.title}`);
      this.kind.set('');
      this.title.set('');
      this.eventId.set('');
      this.file.set(null);
      this.open.set(false);
      this.list.reload();
    } catch (e) {
      this.errors.set(
        serverErrors(e, { kind: 'doc-kind', title: 'doc-title', eventId: 'doc-event', file: 'doc-file' }).map((x) =>
          x.fieldId ? x : { ...x, fieldId: 'doc-file' },
        ),
      );
    } finally {
      this.busy.set(false);
    }
  }
}
