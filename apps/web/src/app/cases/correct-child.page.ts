import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { httpResource } from '@angular/common/http';
import { RouterLink } from '@angular/router';
import { ETHNICITY_LABELS, PERSON_SEX_LABELS, type CaseDetail, type PersonDetail } from '@ehc/contracts';
import { type DateParts, formatDate, fromIsoDate, isBlankDate, toIsoDate } from '../core/dates';
import { type FieldError, toProblem } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { PersonsApi } from '../persons/persons-api';
import { CasesApi } from './cases-api';

interface DetailField {
  name: string;
  label: string;
  /** How the check page names it. */
  summary: string;
  hint?: string;
  width?: string;
  kind?: 'text' | 'textarea' | 'checkbox' | 'select';
  /** For a select: the codes kept and how each reads. */
  options?: Record<string, string>;
  /** Kept in capitals (UPN, postcode), as the api keeps them. */
  upper?: boolean;
}

const NAMES: DetailField[] = [
  { name: 'givenName', label: 'First name', summary: 'First name', width: 'govuk-!-width-one-half' },
  { name: 'familyName', label: 'Last name', summary: 'Last name', width: 'govuk-!-width-one-half' },
  {
    name: 'upn',
    label: 'Unique pupil number (UPN) (optional)',
    summary: 'UPN',
    hint: '13 characters, for example A123456789012',
    width: 'govuk-input--width-20',
    upper: true,
  },
];
/** The child's details a case holds (POST /cases/:id/child-corrections). */
const CASE_FIELDS: DetailField[] = [
  ...NAMES,
  {
    name: 'school',
    label: 'School or setting (optional)',
    summary: 'School or setting',
    width: 'govuk-!-width-two-thirds',
  },
  { name: 'postcode', label: 'Postcode (optional)', summary: 'Postcode', width: 'govuk-input--width-10', upper: true },
];
/** Everything the child's record holds (PATCH /persons/:id). */
const PERSON_FIELDS: DetailField[] = [
  ...NAMES,
  {
    name: 'uln',
    label: 'Unique learner number (ULN) (optional)',
    summary: 'ULN',
    hint: '10 digits, for young people in further education',
    width: 'govuk-input--width-10',
  },
  { name: 'address', label: 'Address (optional)', summary: 'Address', kind: 'textarea' },
  { name: 'postcode', label: 'Postcode (optional)', summary: 'Postcode', width: 'govuk-input--width-10', upper: true },
  {
    name: 'schoolName',
    label: 'School or setting (optional)',
    summary: 'School or setting',
    width: 'govuk-!-width-two-thirds',
  },
  {
    name: 'schoolUrn',
    label: 'School or setting URN (optional)',
    summary: 'School or setting URN',
    hint: 'The 6-digit unique reference number',
    width: 'govuk-input--width-10',
  },
  {
    name: 'sex',
    label: 'Sex (optional)',
    summary: 'Sex',
    hint: 'As the SEN2 return asks for it',
    kind: 'select',
    options: PERSON_SEX_LABELS,
  },
  {
    name: 'ethnicity',
    label: 'Ethnicity (optional)',
    summary: 'Ethnicity',
    hint: 'As the family describe it; SEN2 asks for it',
    kind: 'select',
    options: ETHNICITY_LABELS,
  },
  {
    name: 'homeLanguage',
    label: 'Home language (optional)',
    summary: 'Home language',
    width: 'govuk-!-width-one-half',
  },
  {
    name: 'interpreterNeeded',
    label: 'The family needs an interpreter',
    summary: 'Interpreter needed',
    kind: 'checkbox',
  },
];
const YES = 'yes';

/**
 * Correcting the child's details, from a case ("Correct the child's details") or from the child's record: one journey
 * (GOV.UK pattern: the corrected answers and the reason, check your answers, confirmation). Either way the details
 * are the child's person record, every case's copy follows, and each change is kept with who made it, when and why
 * (docs/corrections.md, docs/casework.md). Nothing personal goes into the URL.
 */
@Component({
  selector: 'cw-correct-child-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DateInput, ErrorSummary, RouterLink],
  template: `
    <a class="govuk-back-link" [routerLink]="backLink()">{{ subject() === 'person' ? 'Back to the child’s record' : 'Back to the case' }}</a>
    @if (current(); as before) {
      @switch (step()) {
        @case ('answer') {
          <cw-error-summary [errors]="errors()" />
          <h1 class="govuk-heading-l" id="answer-heading" tabindex="-1">Correct the child’s details</h1>
          <form novalidate (submit)="check($event)">
            @for (f of fields(); track f.name) {
              @if (f.kind === 'checkbox') {
                <div class="govuk-form-group">
                  <div class="govuk-checkboxes govuk-checkboxes--small">
                    <div class="govuk-checkboxes__item">
                      <input class="govuk-checkboxes__input" type="checkbox" [id]="f.name" [checked]="values()[f.name] === yes" (change)="set(f.name, $any($event.target).checked ? yes : '')">
                      <label class="govuk-label govuk-checkboxes__label" [for]="f.name">{{ f.label }}</label>
                    </div>
                  </div>
                </div>
              } @else if (f.kind === 'select') {
                <div class="govuk-form-group">
                  <label class="govuk-label" [for]="f.name">{{ f.label }}</label>
                  @if (f.hint) { <div class="govuk-hint" [id]="f.name + '-hint'">{{ f.hint }}</div> }
                  <select class="govuk-select" [id]="f.name" [attr.aria-describedby]="f.hint ? f.name + '-hint' : null" (change)="set(f.name, $any($event.target).value)">
                    <option value="" [selected]="!values()[f.name]">Not recorded</option>
                    @for (o of optionsOf(f); track o[0]) { <option [value]="o[0]" [selected]="values()[f.name] === o[0]">{{ o[1] }}</option> }
                  </select>
                </div>
              } @else {
                <div class="govuk-form-group" [class.govuk-form-group--error]="fieldError(f.name)">
                  <label class="govuk-label" [for]="f.name">{{ f.label }}</label>
                  @if (f.hint) { <div class="govuk-hint" [id]="f.name + '-hint'">{{ f.hint }}</div> }
                  @if (fieldError(f.name); as m) { <p class="govuk-error-message" [id]="f.name + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
                  @if (f.kind === 'textarea') {
                    <textarea class="govuk-textarea" rows="3" [id]="f.name" [class.govuk-textarea--error]="fieldError(f.name)" autocomplete="off"
                              [attr.aria-describedby]="fieldError(f.name) ? f.name + '-error' : null" [value]="values()[f.name]" (input)="set(f.name, $any($event.target).value)"></textarea>
                  } @else {
                    <input class="govuk-input" [class]="f.width ?? ''" [class.govuk-input--error]="fieldError(f.name)" type="text" [id]="f.name" autocomplete="off" spellcheck="false"
                           [attr.aria-describedby]="fieldError(f.name) ? f.name + '-error' : f.hint ? f.name + '-hint' : null"
                           [value]="values()[f.name]" (input)="set(f.name, $any($event.target).value)">
                  }
                </div>
              }
              @if (f.name === 'familyName') {
                <cw-date-input idPrefix="dateOfBirth" legend="Date of birth" [error]="fieldError('dateOfBirth')" [value]="dob()" (valueChange)="dobEdit.set($event)" />
              }
            }
            <div class="govuk-form-group" [class.govuk-form-group--error]="fieldError('reason')">
              <label class="govuk-label govuk-label--m" for="reason">Why are you correcting these details?</label>
              @if (fieldError('reason'); as m) { <p class="govuk-error-message" id="reason-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
              <textarea class="govuk-textarea" id="reason" rows="3" [class.govuk-textarea--error]="fieldError('reason')"
                        [attr.aria-describedby]="fieldError('reason') ? 'reason-error' : null" [value]="reason()" (input)="reason.set($any($event.target).value)"></textarea>
            </div>
            <button type="submit" class="govuk-button">Continue</button>
          </form>
        }
        @case ('check') {
          <cw-error-summary [errors]="errors()" />
          <h1 class="govuk-heading-l" id="check-heading" tabindex="-1">Check the corrected details</h1>
          <dl class="govuk-summary-list">
            @for (c of changes(); track c.name) {
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">{{ c.label }}</dt>
                <dd class="govuk-summary-list__value">{{ c.now || 'Removed' }} <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">Was: {{ c.was || 'Not given' }}</span></dd>
                <dd class="govuk-summary-list__actions"><a class="govuk-link" [href]="'#' + c.name" (click)="back($event, c.name === 'dateOfBirth' ? 'dateOfBirth-day' : c.name)">Change<span class="govuk-visually-hidden"> {{ c.label }}</span></a></dd>
              </div>
            }
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Reason</dt>
              <dd class="govuk-summary-list__value">{{ reason() }}</dd>
              <dd class="govuk-summary-list__actions"><a class="govuk-link" href="#reason" (click)="back($event, 'reason')">Change<span class="govuk-visually-hidden"> the reason</span></a></dd>
            </div>
          </dl>
          <button type="button" class="govuk-button" [disabled]="busy()" (click)="submit()">Save the corrected details</button>
        }
        @case ('done') {
          <div class="govuk-panel govuk-panel--confirmation">
            <h1 class="govuk-panel__title" id="done-heading" tabindex="-1">Details corrected</h1>
            <div class="govuk-panel__body">The change and its reason have been kept</div>
          </div>
          <p class="govuk-body"><a class="govuk-link" [routerLink]="backLink()">{{ subject() === 'person' ? 'Go back to the child’s record' : 'Go back to the case' }}</a></p>
        }
      }
    } @else if (loaded.error()) {
      <h1 class="govuk-heading-l">{{ subject() === 'person' ? 'This record could not be loaded' : 'This case could not be loaded' }}</h1>
    } @else {
      <p class="govuk-body">Loading…</p>
    }
  `,
})
export class CorrectChildPage {
  /** Route parameter: the case's id, or the person's on /persons/:id/edit. */
  readonly id = input.required<string>();
  /** Route data: corrected from a case (the default) or from the child's record. */
  readonly subject = input<'case' | 'person'>('case');
  private readonly cases = inject(CasesApi);
  private readonly persons = inject(PersonsApi);
  private readonly injector = inject(Injector);
  protected readonly loaded = httpResource<CaseDetail | PersonDetail>(() =>
    this.subject() === 'person'
      ? `/api/persons/${encodeURIComponent(this.id())}`
      : `/api/cases/${encodeURIComponent(this.id())}`,
  );
  protected readonly fields = computed(() => (this.subject() === 'person' ? PERSON_FIELDS : CASE_FIELDS));
  protected readonly backLink = computed(() => [this.subject() === 'person' ? '/persons' : '/cases', this.id()]);
  protected readonly yes = YES;

  /** The details as recorded, as form values ('' when not given; a checkbox 'yes' or ''), with the date of birth. */
  protected readonly current = computed<Record<string, string> | null>(() => {
    if (!this.loaded.hasValue()) return null;
    const v = this.loaded.value();
    const source = (this.subject() === 'person' ? v : (v as CaseDetail).child) as unknown as
      Record<string, unknown> | undefined;
    if (!source) return null;
    const out: Record<string, string> = { dateOfBirth: String(source['dateOfBirth'] ?? '') };
    for (const f of this.fields())
      out[f.name] = f.kind === 'checkbox' ? (source[f.name] ? YES : '') : String(source[f.name] ?? '');
    return out;
  });

  protected readonly step = signal<'answer' | 'check' | 'done'>('answer');
  private readonly edits = signal<Record<string, string>>({});
  protected readonly dobEdit = signal<DateParts | null>(null);
  protected readonly reason = signal('');
  protected readonly errors = signal<FieldError[]>([]);
  private readonly fieldErrors = signal<Record<string, string>>({});
  protected readonly busy = signal(false);

  protected readonly values = computed(() => {
    const c = this.current() ?? {};
    return Object.fromEntries(this.fields().map((f) => [f.name, this.edits()[f.name] ?? c[f.name] ?? ''])) as Record<
      string,
      string
    >;
  });
  protected readonly dob = computed(() => this.dobEdit() ?? fromIsoDate(this.current()?.['dateOfBirth']));

  /** A form value as it will be kept: trimmed, capitals where the api keeps capitals. */
  private tidy(f: DetailField, v: string): string {
    return f.upper ? v.trim().toUpperCase() : v.trim();
  }

  protected readonly changes = computed(() => {
    const c = this.current();
    if (!c) return [];
    const out: { name: string; label: string; was: string; now: string; value: string | boolean | null }[] = [];
    for (const f of this.fields()) {
      const was = c[f.name] ?? '';
      const now = this.tidy(f, this.values()[f.name]!);
      if (now === was) continue;
      if (f.kind === 'checkbox')
        out.push({
          name: f.name,
          label: f.summary,
          was: was ? 'Yes' : 'No',
          now: now ? 'Yes' : 'No',
          value: now === YES,
        });
      else if (f.kind === 'select')
        out.push({
          name: f.name,
          label: f.summary,
          was: was ? (f.options?.[was] ?? was) : '',
          now: now ? (f.options?.[now] ?? now) : '',
          value: now || null,
        });
      else out.push({ name: f.name, label: f.summary, was, now, value: now || null });
    }
    const iso = toIsoDate(this.dob());
    if (iso && iso !== c['dateOfBirth'])
      out.push({
        name: 'dateOfBirth',
        label: 'Date of birth',
        was: formatDate(c['dateOfBirth']),
        now: formatDate(iso),
        value: iso,
      });
    return out;
  });

  protected optionsOf(f: DetailField): [string, string][] {
    return Object.entries(f.options ?? {});
  }
  protected fieldError(name: string): string | null {
    return this.fieldErrors()[name] ?? null;
  }
  protected set(name: string, v: string): void {
    this.edits.update((x) => ({ ...x, [name]: v }));
  }

  protected check(event: Event): void {
    event.preventDefault();
    const back = this.subject() === 'person' ? 'go back to the child’s record' : 'go back to the case';
    const errs: [string, string, string][] = [];
    if (!this.values()['givenName']!.trim()) errs.push(['givenName', 'givenName', 'Enter the child’s first name']);
    if (!this.values()['familyName']!.trim()) errs.push(['familyName', 'familyName', 'Enter the child’s last name']);
    if (isBlankDate(this.dob()) || !toIsoDate(this.dob()))
      errs.push(['dateOfBirth', 'dateOfBirth-day', 'Enter the date of birth as a real date']);
    if (!errs.length && !this.changes().length)
      errs.push(['givenName', 'givenName', `Change at least one detail, or ${back}`]);
    if (!this.reason().trim()) errs.push(['reason', 'reason', 'Enter why you are correcting these details']);
    this.fieldErrors.set(Object.fromEntries(errs.map(([n, , m]) => [n, m])));
    this.errors.set(errs.map(([, fieldId, message]) => ({ fieldId, message })));
    if (errs.length) return;
    this.step.set('check');
    this.focus('check-heading');
  }

  protected back(event: Event, anchor: string): void {
    event.preventDefault();
    this.step.set('answer');
    this.focus(anchor);
  }

  protected async submit(): Promise<void> {
    this.busy.set(true);
    const reason = this.reason().trim();
    try {
      if (this.subject() === 'person') {
        // The record is saved whole: every field as it now stands (empty clears it), the api keeps what changed.
        const v = this.values();
        const text = (name: string) =>
          this.tidy(
            PERSON_FIELDS.find((f) => f.name === name)!,
            v[name]!,
          ) || null;
        await this.persons.update(
          this.id(),
          {
            givenName: text('givenName')!,
            familyName: text('familyName')!,
            dateOfBirth: toIsoDate(this.dob())!,
            upn: text('upn'),
            uln: text('uln'),
            address: text('address'),
            postcode: text('postcode'),
            schoolName: text('schoolName'),
            schoolUrn: text('schoolUrn'),
            homeLanguage: text('homeLanguage'),
            interpreterNeeded: v['interpreterNeeded'] === YES,
            sex: text('sex'),
            ethnicity: text('ethnicity'),
          },
          reason,
        );
      } else {
        await this.cases.correctChild(
          this.id(),
          Object.fromEntries(this.changes().map((c) => [c.name, c.value as string | null])),
          reason,
        );
      }
      this.step.set('done');
      this.loaded.reload();
      this.focus('done-heading');
    } catch (err) {
      const p = toProblem(err);
      this.errors.set(
        (p.errors?.length ? p.errors : [{ field: '', message: p.message }]).map((e) => ({
          fieldId: '',
          message: e.message,
        })),
      );
    } finally {
      this.busy.set(false);
    }
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default CorrectChildPage;
