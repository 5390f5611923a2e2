import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { NOTICE_KINDS, type NoticeKind, type SentLetter } from '@ehc/contracts';
import { formatDate, fromIsoDate, isBlankDate, londonToday, toIsoDate } from '../core/dates';
import type { FieldError } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { errorFor, serverErrors } from '../persons/server-errors';
import { CaseworkApi } from './casework-api';

export const NOTICE_LABELS: Record<NoticeKind, string> = {
  'decision-to-assess': 'Decision to assess (reg 5(1))',
  'decision-not-to-assess': 'Decision not to assess (reg 5(3))',
  'decision-not-to-issue': 'Notice not to issue a plan (reg 10)',
  'draft-plan': 'Draft plan notice (reg 13(1))',
  'final-plan': 'Final plan notice',
};
/** The decision each notice tells the family about (the api refuses a letter before its decision is recorded). */
const NOTICE_EVENT: Record<NoticeKind, string> = {
  'decision-to-assess': 'DecidedToAssess',
  'decision-not-to-assess': 'DecidedNotToAssess',
  'decision-not-to-issue': 'DecidedNotToIssue',
  'draft-plan': 'DraftPlanIssued',
  'final-plan': 'FinalPlanIssued',
};

/** Statutory letters of a case: send one (a PDF from the council's template; the notice recorded with its date). */
@Component({
  selector: 'cw-case-letters-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DateInput, ErrorSummary],
  template: `
    <h2 class="govuk-heading-m" id="letters-heading">Letters</h2>
    @if (done()) { <div class="govuk-inset-text" role="status">{{ done() }}</div> }
    <table class="govuk-table" aria-labelledby="letters-heading">
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th class="govuk-table__header" scope="col">Notice</th>
        <th class="govuk-table__header" scope="col">Sent</th>
        <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Letter</span></th>
      </tr></thead>
      <tbody class="govuk-table__body">
        @for (l of sent(); track l.id) {
          <tr class="govuk-table__row">
            <th class="govuk-table__header" scope="row">{{ label(l.notice) }}</th>
            <td class="govuk-table__cell">{{ date(l.sentOn) }}</td>
            <td class="govuk-table__cell"><a class="govuk-link" [href]="letterUrl(l)" target="_blank" rel="noopener">View letter<span class="govuk-visually-hidden">: {{ label(l.notice) }} (opens in a new tab)</span></a></td>
          </tr>
        } @empty {
          <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="3">No letters sent yet.</td></tr>
        }
      </tbody>
    </table>

    @if (due().length) {
      <details class="govuk-details" id="send-letter" [open]="open()">
        <summary class="govuk-details__summary" (click)="$event.preventDefault(); open.set(!open())"><span class="govuk-details__summary-text">Send a letter</span></summary>
        <div class="govuk-details__text">
          <cw-error-summary [errors]="errors()" />
          <p class="govuk-body">The letter is made from the council’s template as a PDF, kept with the case, and the notice is recorded with the date it was sent.</p>
          <form novalidate (submit)="sendLetter($event)">
            <div class="govuk-form-group" [class.govuk-form-group--error]="err('letter-notice')">
              <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Which notice?</legend>
                @if (err('letter-notice'); as m) { <p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
                <div class="govuk-radios govuk-radios--small">
                  @for (n of due(); track n; let i = $index) {
                    <div class="govuk-radios__item">
                      <input class="govuk-radios__input" [id]="i === 0 ? 'letter-notice' : 'letter-notice-' + n" name="letter-notice" type="radio" [value]="n" [checked]="notice() === n" (change)="notice.set(n)">
                      <label class="govuk-label govuk-radios__label" [for]="i === 0 ? 'letter-notice' : 'letter-notice-' + n">{{ label(n) }}</label>
                    </div>
                  }
                </div>
              </fieldset>
            </div>
            <cw-date-input idPrefix="letter-date" legend="Date sent" [(value)]="sentOn" [error]="err('letter-date-day')" />
            <button type="submit" class="govuk-button" [disabled]="busy()">Send and record the letter</button>
          </form>
        </div>
      </details>
    }
  `,
})
export class CaseLettersPanel {
  readonly caseId = input.required<string>();
  /** A letter was sent (the documents list shows it too). */
  readonly letterSent = output<SentLetter>();
  private readonly api = inject(CaseworkApi);
  protected readonly letters = httpResource<SentLetter[]>(
    () => `/api/cases/${encodeURIComponent(this.caseId())}/letters`,
  );
  /** The types of the events on the case (the case page's timeline): which decisions have been made. */
  readonly eventTypes = input<string[]>([]);
  protected readonly sent = computed(() => (this.letters.hasValue() ? this.letters.value() : []));
  /** Notices whose decision is on the case. */
  protected readonly due = computed(() => {
    const types = new Set(this.eventTypes());
    return NOTICE_KINDS.filter((n) => types.has(NOTICE_EVENT[n]));
  });
  protected readonly date = formatDate;
  protected label(n: string): string {
    return NOTICE_LABELS[n as NoticeKind] ?? n;
  }
  protected letterUrl(l: SentLetter): string {
    return `/api/cases/${encodeURIComponent(this.caseId())}/documents/${l.documentId}/content`;
  }

  protected readonly open = signal(false);
  protected readonly notice = signal<NoticeKind | ''>('');
  protected readonly sentOn = signal(fromIsoDate(londonToday()));
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  protected readonly done = signal<string | null>(null);
  protected err(id: string): string | null {
    return errorFor(this.errors(), id);
  }

  protected async sendLetter(event: Event): Promise<void> {
    event.preventDefault();
    const missing: FieldError[] = [];
    if (!this.notice()) missing.push({ fieldId: 'letter-notice', message: 'Select which notice to send' });
    const on = toIsoDate(this.sentOn());
    if (!on)
      missing.push({
        fieldId: 'letter-date-day',
        message: isBlankDate(this.sentOn()) ? 'Enter the date sent' : 'Date sent must be a real date',
      });
    if (missing.length) {
      this.errors.set(missing);
      return;
    }
    this.busy.set(true);
    try {
      const l = await this.api.sendLetter(this.caseId(), this.notice() as NoticeKind, on!);
      this.errors.set([]);
      this.done.set(`Letter sent and recorded: ${this.label(l.notice)}, ${formatDate(l.sentOn)}`);
      this.notice.set('');
      this.open.set(false);
      this.letters.reload();
      this.letterSent.emit(l);
    } catch (e) {
      this.errors.set(serverErrors(e, { notice: 'letter-notice', sentOn: 'letter-date-day' }));
    } finally {
      this.busy.set(false);
    }
  }
}
