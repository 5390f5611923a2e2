import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NOTE_KINDS, type CaseNote, type NoteKind } from '@ehc/contracts';
import { formatDate, formatDateTime, fromIsoDate, isBlankDate, londonToday, toIsoDate } from '../core/dates';
import type { FieldError } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { TextField } from '../design-system/text-field';
import { errorFor, serverErrors } from '../persons/server-errors';
import { CaseworkApi } from './casework-api';

const KIND_LABELS: Record<NoteKind, string> = {
  note: 'Note',
  call: 'Phone call',
  email: 'Email',
  meeting: 'Meeting',
  letter: 'Letter',
};

/** Notes and the contact log of a case: add, correct (a new note; the old one stays), search. */
@Component({
  selector: 'cw-case-notes-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DateInput, ErrorSummary, TextField],
  template: `
    <h2 class="govuk-heading-m" id="notes-heading">Notes and contacts</h2>
    @if (done()) { <div class="govuk-inset-text" role="status">{{ done() }}</div> }
    <details class="govuk-details" id="add-note" [open]="open()">
      <summary class="govuk-details__summary" (click)="$event.preventDefault(); toggle()"><span class="govuk-details__summary-text">{{ corrects() ? 'Correct a note' : 'Add a note or contact' }}</span></summary>
      <div class="govuk-details__text">
        <cw-error-summary [errors]="errors()" />
        @if (corrects()) { <p class="govuk-body">Your correction is added as a new note. The note it corrects stays on the record, marked as corrected.</p> }
        <form novalidate (submit)="save($event)">
          <div class="govuk-form-group" [class.govuk-form-group--error]="err('note-kind')">
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What was it?</legend>
              @if (err('note-kind'); as m) { <p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
              <div class="govuk-radios govuk-radios--small govuk-radios--inline">
                @for (k of kinds; track k; let i = $index) {
                  <div class="govuk-radios__item">
                    <input class="govuk-radios__input" [id]="i === 0 ? 'note-kind' : 'note-kind-' + k" name="note-kind" type="radio" [value]="k" [checked]="kind() === k" (change)="kind.set(k)">
                    <label class="govuk-label govuk-radios__label" [for]="i === 0 ? 'note-kind' : 'note-kind-' + k">{{ kindLabel(k) }}</label>
                  </div>
                }
              </div>
            </fieldset>
          </div>
          <cw-date-input idPrefix="note-date" legend="When" [(value)]="occurredOn" [error]="err('note-date-day')" />
          <cw-text-field fieldId="note-with" label="With whom (optional)" hint="For example, mother, the SENCo, Dr Patel" [(value)]="withWhom" [error]="err('note-with')" />
          <cw-text-field fieldId="note-summary" label="Summary" [rows]="4" [(value)]="summary" [error]="err('note-summary')" />
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" [disabled]="busy()">{{ corrects() ? 'Save correction' : 'Save note' }}</button>
            @if (corrects()) { <button type="button" class="govuk-button govuk-button--secondary" (click)="reset()">Cancel</button> }
          </div>
        </form>
      </div>
    </details>

    <form class="govuk-!-margin-bottom-4" novalidate role="search" aria-label="Notes" (submit)="find($event)">
      <div class="govuk-form-group govuk-!-margin-bottom-2">
        <label class="govuk-label" for="note-search">Search this case’s notes</label>
        <input class="govuk-input govuk-!-width-one-half" id="note-search" type="search" [value]="query()" (input)="query.set($any($event.target).value)">
      </div>
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button govuk-button--secondary">Search notes</button>
        @if (found()) { <button type="button" class="govuk-button govuk-button--secondary" (click)="clear()">Show all notes</button> }
      </div>
    </form>

    @let list = found() ?? (notes.hasValue() ? notes.value() : []);
    @if (found()) { <p class="govuk-body" role="status">{{ list.length === 1 ? '1 note matches' : list.length + ' notes match' }}</p> }
    <ul class="govuk-list" aria-labelledby="notes-heading">
      @for (n of list; track n.id) {
        <li class="govuk-!-margin-bottom-4 govuk-!-padding-bottom-2">
          <p class="govuk-body govuk-!-margin-bottom-1">
            <strong>{{ kindLabel(n.kind) }}{{ n.withWhom ? ' with ' + n.withWhom : '' }}</strong>, {{ date(n.occurredOn) }}
            @if (n.correctedBy) { <strong class="govuk-tag govuk-tag--grey">Corrected</strong> }
            @if (n.corrects) { <strong class="govuk-tag govuk-tag--blue">Correction</strong> }
          </p>
          <p class="govuk-body govuk-!-margin-bottom-1">{{ n.summary }}</p>
          <p class="govuk-body-s govuk-!-margin-bottom-1">By {{ n.authorName ?? n.author }}, recorded {{ dateTime(n.recordedAt) }}</p>
          @if (!n.correctedBy) {
            <a href="#add-note" class="govuk-link govuk-body-s" (click)="$event.preventDefault(); startCorrection(n)">Correct<span class="govuk-visually-hidden"> the {{ kindLabel(n.kind).toLowerCase() }} of {{ date(n.occurredOn) }}</span></a>
          }
        </li>
      } @empty {
        <li class="govuk-body">{{ found() ? 'No notes match.' : 'No notes yet.' }}</li>
      }
    </ul>
  `,
})
export class CaseNotesPanel {
  readonly caseId = input.required<string>();
  private readonly api = inject(CaseworkApi);
  protected readonly notes = httpResource<CaseNote[]>(() => `/api/cases/${encodeURIComponent(this.caseId())}/notes`);
  protected readonly kinds = NOTE_KINDS;
  protected readonly date = formatDate;
  protected readonly dateTime = formatDateTime;
  protected kindLabel(k: string): string {
    return KIND_LABELS[k as NoteKind] ?? k;
  }

  protected readonly open = signal(false);
  protected readonly corrects = signal<string | null>(null);
  protected readonly kind = signal<NoteKind | ''>('');
  protected readonly occurredOn = signal(fromIsoDate(londonToday()));
  protected readonly withWhom = signal('');
  protected readonly summary = signal('');
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  protected readonly done = signal<string | null>(null);
  protected readonly query = signal('');
  protected readonly found = signal<CaseNote[] | null>(null);
  protected err(id: string): string | null {
    return errorFor(this.errors(), id);
  }

  protected toggle(): void {
    this.open.update((o) => !o);
  }

  protected startCorrection(n: CaseNote): void {
    this.corrects.set(n.id);
    this.kind.set(n.kind);
    this.occurredOn.set(fromIsoDate(n.occurredOn));
    this.withWhom.set(n.withWhom ?? '');
    this.summary.set(n.summary);
    this.open.set(true);
    setTimeout(() => document.getElementById('note-summary')?.focus());
  }

  protected reset(): void {
    this.corrects.set(null);
    this.kind.set('');
    this.occurredOn.set(fromIsoDate(londonToday()));
    this.withWhom.set('');
    this.summary.set('');
    this.errors.set([]);
    this.open.set(false);
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const missing: FieldError[] = [];
    if (!this.kind()) missing.push({ fieldId: 'note-kind', message: 'Select what it was' });
    const when = toIsoDate(this.occurredOn());
    if (!when)
      missing.push({
        fieldId: 'note-date-day',
        message: isBlankDate(this.occurredOn()) ? 'Enter when it happened' : 'When must be a real date',
      });
    else if (when > londonToday())
      missing.push({ fieldId: 'note-date-day', message: 'When must be today or in the past' });
    if (!this.summary().trim()) missing.push({ fieldId: 'note-summary', message: 'Enter a summary' });
    if (missing.length) {
      this.errors.set(missing);
      return;
    }
    this.busy.set(true);
    try {
      const correcting = this.corrects();
      await this.api.addNote(this.caseId(), {
        kind: this.kind() as NoteKind,
        occurredOn: when!,
        summary: this.summary().trim(),
        ...(this.withWhom().trim() ? { withWhom: this.withWhom().trim() } : {}),
        ...(correcting ? { corrects: correcting } : {}),
      });
      this.reset();
      this.done.set(correcting ? 'Correction saved' : 'Note saved');
      this.found.set(null);
      this.notes.reload();
    } catch (e) {
      this.errors.set(
        serverErrors(e, {
          kind: 'note-kind',
          occurredOn: 'note-date-day',
          withWhom: 'note-with',
          summary: 'note-summary',
          corrects: 'note-summary',
        }),
      );
    } finally {
      this.busy.set(false);
    }
  }

  protected async find(event: Event): Promise<void> {
    event.preventDefault();
    const text = this.query().trim();
    if (text.length < 2) {
      this.found.set(null);
      return;
    }
    try {
      this.found.set(await this.api.searchNotes(this.caseId(), text));
    } catch {
      this.found.set([]);
    }
  }

  protected clear(): void {
    this.query.set('');
    this.found.set(null);
  }
}
