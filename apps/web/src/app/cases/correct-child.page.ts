import { ChangeDetectionStrategy, Component, Injector, afterNextRender, computed, inject, input, signal } from '@angular/core';
import { httpResource } from '@angular/common/http';
import { RouterLink } from '@angular/router';
import type { CaseDetail, Child } from '@ehc/contracts';
import { type DateParts, emptyDate, formatDate, fromIsoDate, isBlankDate, toIsoDate } from '../core/dates';
import { type FieldError, toProblem } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { CasesApi } from './cases-api';

type TextField = 'givenName' | 'familyName' | 'upn' | 'postcode' | 'school';
const TEXT_FIELDS: { name: TextField; label: string; hint?: string; width: string }[] = [
  { name: 'givenName', label: 'First name', width: 'govuk-!-width-one-half' },
  { name: 'familyName', label: 'Last name', width: 'govuk-!-width-one-half' },
  { name: 'upn', label: 'Unique pupil number (UPN) (optional)', hint: '13 characters, for example A123456789012', width: 'govuk-input--width-20' },
  { name: 'school', label: 'School or setting (optional)', width: 'govuk-!-width-two-thirds' },
  { name: 'postcode', label: 'Postcode (optional)', width: 'govuk-input--width-10' },
];
const LABEL: Record<string, string> = { givenName: 'First name', familyName: 'Last name', dateOfBirth: 'Date of birth', upn: 'UPN', school: 'School or setting', postcode: 'Postcode' };

/**
 * Correcting the child's details (GOV.UK pattern: the corrected answers and the reason, check your answers,
 * confirmation). The details live outside the case history; each change is kept with its reason (docs/corrections.md).
 * Nothing personal goes into the URL.
 */
@Component({
  selector: 'cw-correct-child-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DateInput, ErrorSummary, RouterLink],
  template: `
    <a class="govuk-back-link" [routerLink]="['/cases', id()]">Back to the case</a>
    @if (child(); as before) {
      @switch (step()) {
        @case ('answer') {
          <cw-error-summary [errors]="errors()" />
          <h1 class="govuk-heading-l" id="answer-heading" tabindex="-1">Correct the child’s details</h1>
          <form novalidate (submit)="check($event)">
            @for (f of textFields; track f.name) {
              <div class="govuk-form-group" [class.govuk-form-group--error]="fieldError(f.name)">
                <label class="govuk-label" [for]="f.name">{{ f.label }}</label>
                @if (f.hint) { <div class="govuk-hint" [id]="f.name + '-hint'">{{ f.hint }}</div> }
                @if (fieldError(f.name); as m) { <p class="govuk-error-message" [id]="f.name + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
                <input class="govuk-input" [class]="f.width" [class.govuk-input--error]="fieldError(f.name)" type="text" [id]="f.name" autocomplete="off" spellcheck="false"
                       [attr.aria-describedby]="fieldError(f.name) ? f.name + '-error' : f.hint ? f.name + '-hint' : null"
                       [value]="values()[f.name]" (input)="set(f.name, $any($event.target).value)">
              </div>
            }
            <cw-date-input idPrefix="dateOfBirth" legend="Date of birth" [error]="fieldError('dateOfBirth')" [value]="dob()" (valueChange)="dobEdit.set($event)" />
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
          <p class="govuk-body"><a class="govuk-link" [routerLink]="['/cases', id()]">Go back to the case</a></p>
        }
      }
    } @else if (detail.error()) {
      <h1 class="govuk-heading-l">This case could not be loaded</h1>
    } @else {
      <p class="govuk-body">Loading…</p>
    }
  `,
})
export class CorrectChildPage {
  readonly id = input.required<string>();
  private readonly api = inject(CasesApi);
  private readonly injector = inject(Injector);
  protected readonly detail = httpResource<CaseDetail>(() => `/api/cases/${encodeURIComponent(this.id())}`);
  protected readonly child = computed<Child | null>(() => (this.detail.hasValue() ? this.detail.value().child : null));
  protected readonly textFields = TEXT_FIELDS;

  protected readonly step = signal<'answer' | 'check' | 'done'>('answer');
  private readonly edits = signal<Partial<Record<TextField, string>>>({});
  protected readonly dobEdit = signal<DateParts | null>(null);
  protected readonly reason = signal('');
  protected readonly errors = signal<FieldError[]>([]);
  private readonly fieldErrors = signal<Record<string, string>>({});
  protected readonly busy = signal(false);

  protected readonly values = computed(() => {
    const c = this.child();
    const out = {} as Record<TextField, string>;
    for (const f of TEXT_FIELDS) out[f.name] = this.edits()[f.name] ?? ((c?.[f.name] as string | undefined) ?? '');
    return out;
  });
  protected readonly dob = computed(() => this.dobEdit() ?? fromIsoDate(this.child()?.dateOfBirth));

  protected readonly changes = computed(() => {
    const c = this.child();
    if (!c) return [];
    const out: { name: string; label: string; was: string; now: string; value: string | null }[] = [];
    for (const f of TEXT_FIELDS) {
      const was = (c[f.name] as string | undefined) ?? '';
      const now = this.values()[f.name].trim();
      if (now !== was) out.push({ name: f.name, label: LABEL[f.name]!, was, now, value: now || null });
    }
    const iso = toIsoDate(this.dob());
    if (iso && iso !== c.dateOfBirth) out.push({ name: 'dateOfBirth', label: 'Date of birth', was: formatDate(c.dateOfBirth), now: formatDate(iso), value: iso });
    return out;
  });

  protected fieldError(name: string): string | null {
    return this.fieldErrors()[name] ?? null;
  }
  protected set(name: TextField, v: string): void {
    this.edits.update((x) => ({ ...x, [name]: v }));
  }

  protected check(event: Event): void {
    event.preventDefault();
    const errs: [string, string, string][] = [];
    if (!this.values().givenName.trim()) errs.push(['givenName', 'givenName', 'Enter the child’s first name']);
    if (!this.values().familyName.trim()) errs.push(['familyName', 'familyName', 'Enter the child’s last name']);
    if (isBlankDate(this.dob()) || !toIsoDate(this.dob())) errs.push(['dateOfBirth', 'dateOfBirth-day', 'Enter the date of birth as a real date']);
    if (!errs.length && !this.changes().length) errs.push(['givenName', 'givenName', 'Change at least one detail, or go back to the case']);
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
    try {
      await this.api.correctChild(this.id(), Object.fromEntries(this.changes().map((c) => [c.name, c.value])), this.reason().trim());
      this.step.set('done');
      this.detail.reload();
      this.focus('done-heading');
    } catch (err) {
      const p = toProblem(err);
      this.errors.set((p.errors?.length ? p.errors : [{ field: '', message: p.message }]).map((e) => ({ fieldId: '', message: e.message })));
    } finally {
      this.busy.set(false);
    }
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
