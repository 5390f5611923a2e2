import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import type { AllowedEvent, CaseDetail, FieldSpec, Problem } from '@ehc/contracts';
import { type DateParts, emptyDate, formatDate, isBlankDate, toIsoDate } from '../core/dates';
import { humanLabel } from '../core/labels';
import { type FieldError, toProblem } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { CasesApi } from './cases-api';

export interface RefOption {
  value: string;
  label: string;
}

/** Events that create a new advice request / consultation / exception: their id is ours to choose. */
const CREATES_ID = new Set(['AdviceRequested', 'SettingConsulted', 'ExceptionRecorded', 'InformationRequested', 'AdviceAskedByFamily']);
const LONG_TEXT = new Set(['reasons', 'reason', 'evidence']);
const MULTI_CHOICE = new Set(['appliesTo']);
const MAX_RADIOS = 8;

type Control = 'date' | 'radios' | 'select' | 'checkboxes' | 'textarea' | 'input' | 'generated';
interface RenderedField extends FieldSpec {
  id: string;
  control: Control;
  choices: RefOption[];
}

/**
 * One small form for one event the law allows now, built from the server's FieldSpecs: a date becomes a
 * GOV.UK date input, a choice becomes radios (or a select when long), text an input or textarea.
 * It sends the case version it was drawn from, so a concurrent change is refused, not overwritten.
 */
@Component({
  selector: 'cw-allowed-event-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DateInput, ErrorSummary],
  template: `
    <cw-error-summary [errors]="errors()" />
    <form novalidate (submit)="record($event)" [attr.aria-label]="event().label">
      @if (event().earliest; as earliest) {
        <p class="govuk-hint">The earliest date the law allows for this is {{ formatDate(earliest) }}.</p>
      }
      @for (f of fields(); track f.name) {
        @switch (f.control) {
          @case ('date') {
            <cw-date-input [idPrefix]="f.id" [legend]="f.label + (f.required ? '' : ' (optional)')" [hint]="f.name === 'date' ? 'For example, 27 3 2026' : null"
                           [error]="errorFor(f.name)" [value]="dates()[f.name] ?? blankDate" (valueChange)="setDate(f.name, $event)" />
          }
          @case ('radios') {
            <div class="govuk-form-group" [class.govuk-form-group--error]="errorFor(f.name)">
              <fieldset class="govuk-fieldset" [attr.aria-describedby]="errorFor(f.name) ? f.id + '-error' : null">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{{ f.label }}{{ f.required ? '' : ' (optional)' }}</legend>
                @if (errorFor(f.name); as message) {
                  <p class="govuk-error-message" [id]="f.id + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ message }}</p>
                }
                <div class="govuk-radios govuk-radios--small">
                  @for (c of f.choices; track c.value; let i = $index) {
                    <div class="govuk-radios__item">
                      <input class="govuk-radios__input" type="radio" [id]="i === 0 ? f.id : f.id + '-' + i" [name]="f.id" [value]="c.value"
                             [checked]="values()[f.name] === c.value" (change)="setValue(f.name, c.value)">
                      <label class="govuk-label govuk-radios__label" [for]="i === 0 ? f.id : f.id + '-' + i">{{ c.label }}</label>
                    </div>
                  }
                </div>
              </fieldset>
            </div>
          }
          @case ('checkboxes') {
            <div class="govuk-form-group" [class.govuk-form-group--error]="errorFor(f.name)">
              <fieldset class="govuk-fieldset" [attr.aria-describedby]="errorFor(f.name) ? f.id + '-error' : null">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{{ f.label }}</legend>
                <div class="govuk-hint">Select all that apply</div>
                @if (errorFor(f.name); as message) {
                  <p class="govuk-error-message" [id]="f.id + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ message }}</p>
                }
                <div class="govuk-checkboxes govuk-checkboxes--small">
                  @for (c of f.choices; track c.value; let i = $index) {
                    <div class="govuk-checkboxes__item">
                      <input class="govuk-checkboxes__input" type="checkbox" [id]="i === 0 ? f.id : f.id + '-' + i" [name]="f.id" [value]="c.value"
                             [checked]="isChecked(f.name, c.value)" (change)="toggle(f.name, c.value, $event)">
                      <label class="govuk-label govuk-checkboxes__label" [for]="i === 0 ? f.id : f.id + '-' + i">{{ c.label }}</label>
                    </div>
                  }
                </div>
              </fieldset>
            </div>
          }
          @case ('select') {
            <div class="govuk-form-group" [class.govuk-form-group--error]="errorFor(f.name)">
              <label class="govuk-label govuk-label--s" [for]="f.id">{{ f.label }}{{ f.required ? '' : ' (optional)' }}</label>
              @if (errorFor(f.name); as message) {
                <p class="govuk-error-message" [id]="f.id + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ message }}</p>
              }
              <select class="govuk-select" [class.govuk-select--error]="errorFor(f.name)" [id]="f.id" [name]="f.id"
                      [attr.aria-describedby]="errorFor(f.name) ? f.id + '-error' : null" (change)="setValue(f.name, $any($event.target).value)">
                <option value="" [selected]="!values()[f.name]">Choose</option>
                @for (c of f.choices; track c.value) { <option [value]="c.value" [selected]="values()[f.name] === c.value">{{ c.label }}</option> }
              </select>
            </div>
          }
          @case ('textarea') {
            <div class="govuk-form-group" [class.govuk-form-group--error]="errorFor(f.name)">
              <label class="govuk-label govuk-label--s" [for]="f.id">{{ f.label }}{{ f.required ? '' : ' (optional)' }}</label>
              @if (errorFor(f.name); as message) {
                <p class="govuk-error-message" [id]="f.id + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ message }}</p>
              }
              <textarea class="govuk-textarea" [class.govuk-textarea--error]="errorFor(f.name)" rows="3" [id]="f.id" [name]="f.id"
                        [attr.aria-describedby]="errorFor(f.name) ? f.id + '-error' : null"
                        [value]="values()[f.name] ?? ''" (input)="setValue(f.name, $any($event.target).value)"></textarea>
            </div>
          }
          @case ('input') {
            <div class="govuk-form-group" [class.govuk-form-group--error]="errorFor(f.name)">
              <label class="govuk-label govuk-label--s" [for]="f.id">{{ f.label }}{{ f.required ? '' : ' (optional)' }}</label>
              @if (errorFor(f.name); as message) {
                <p class="govuk-error-message" [id]="f.id + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ message }}</p>
              }
              <input class="govuk-input" [class.govuk-input--error]="errorFor(f.name)" type="text" [id]="f.id" [name]="f.id"
                     [attr.aria-describedby]="errorFor(f.name) ? f.id + '-error' : null"
                     [value]="values()[f.name] ?? ''" (input)="setValue(f.name, $any($event.target).value)">
            </div>
          }
        }
      }
      <button type="submit" class="govuk-button govuk-!-margin-bottom-0" [disabled]="busy()">Record: {{ event().label }}</button>
    </form>
  `,
})
export class AllowedEventForm {
  private readonly api = inject(CasesApi);

  readonly caseId = input.required<string>();
  readonly version = input.required<number>();
  readonly event = input.required<AllowedEvent>();
  /** Choices for reference fields (existing advice requests, consultations, exceptions, caseworkers). */
  readonly refOptions = input<Record<string, RefOption[]>>({});

  readonly recorded = output<CaseDetail>();
  /** The server said the case changed under us (409): the page reloads it and tells the user. */
  readonly stale = output<Problem>();

  protected readonly formatDate = formatDate;
  protected readonly blankDate = emptyDate();
  protected readonly values = signal<Record<string, string | string[]>>({});
  protected readonly dates = signal<Record<string, DateParts>>({});
  protected readonly errors = signal<FieldError[]>([]);
  private readonly fieldErrors = signal<Record<string, string>>({});
  protected readonly busy = signal(false);
  /** One id per attempt: a retry after a network failure is applied once by the server. */
  private eventId = crypto.randomUUID();

  protected readonly fields = computed<RenderedField[]>(() => {
    const ev = this.event();
    const specs = ev.fields.some((f) => f.name === 'date')
      ? ev.fields
      : [{ name: 'date', kind: 'date', required: true, label: 'Date' } satisfies FieldSpec, ...ev.fields];
    return specs.map((f) => this.render(ev.type, f));
  });

  private render(type: string, f: FieldSpec): RenderedField {
    const id = `${type}-${f.name}`;
    const refs = this.refOptions()[f.name];
    // A reference field's options are ids the server narrowed to those that fit (a UUID means nothing to a person):
    // label each with the page's description of that record, keeping the server's narrowing.
    const fromSpec = (f.options ?? []).map((o) => ({ value: o, label: (f.kind === 'ref' && refs?.find((r) => r.value === o)?.label) || humanLabel(o) }));
    const choices = fromSpec.length ? fromSpec : (refs ?? []);
    let control: Control;
    if (f.kind === 'date') control = 'date';
    else if (f.kind === 'ref' && CREATES_ID.has(type) && f.name.endsWith('Id')) control = 'generated';
    else if (choices.length && MULTI_CHOICE.has(f.name)) control = 'checkboxes';
    else if (choices.length) control = choices.length > MAX_RADIOS ? 'select' : 'radios';
    else control = LONG_TEXT.has(f.name) ? 'textarea' : 'input';
    return { ...f, id, control, choices };
  }

  protected errorFor(name: string): string | null {
    return this.fieldErrors()[name] ?? null;
  }

  protected setValue(name: string, value: string): void {
    this.values.update((v) => ({ ...v, [name]: value }));
  }

  protected setDate(name: string, value: DateParts): void {
    this.dates.update((d) => ({ ...d, [name]: value }));
  }

  protected isChecked(name: string, value: string): boolean {
    const v = this.values()[name];
    return Array.isArray(v) && v.includes(value);
  }

  protected toggle(name: string, value: string, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.values.update((v) => {
      const list = Array.isArray(v[name]) ? (v[name] as string[]) : [];
      return { ...v, [name]: on ? [...new Set([...list, value])] : list.filter((x) => x !== value) };
    });
  }

  private anchor(f: RenderedField): string {
    return f.control === 'date' ? `${f.id}-day` : f.id;
  }

  /** Client-side checks: only what the form itself knows (required, real dates, the earliest date). */
  private validate(): { body: Record<string, unknown>; errors: Record<string, string> } {
    const body: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    const earliest = this.event().earliest;
    for (const f of this.fields()) {
      const label = f.label.toLowerCase();
      if (f.control === 'generated') {
        body[f.name] = crypto.randomUUID();
      } else if (f.control === 'date') {
        const parts = this.dates()[f.name] ?? emptyDate();
        if (isBlankDate(parts)) {
          if (f.required) errors[f.name] = `Enter the ${label}`;
          continue;
        }
        const iso = toIsoDate(parts);
        if (!iso) errors[f.name] = `The ${label} must be a real date`;
        else if (f.name === 'date' && earliest && iso < earliest) errors[f.name] = `The ${label} must be on or after ${formatDate(earliest)}`;
        else body[f.name] = iso;
      } else {
        const v = this.values()[f.name];
        const empty = v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '');
        if (empty) {
          if (f.required) errors[f.name] = f.choices.length ? `Select ${label}` : `Enter the ${label}`;
          continue;
        }
        body[f.name] = Array.isArray(v) ? v : v.trim();
      }
    }
    return { body, errors };
  }

  private showErrors(errors: Record<string, string>, extra: FieldError[] = []): void {
    this.fieldErrors.set(errors);
    const byField = this.fields()
      .filter((f) => errors[f.name])
      .map((f) => ({ fieldId: this.anchor(f), message: errors[f.name] }));
    this.errors.set([...byField, ...extra]);
  }

  protected async record(event: Event): Promise<void> {
    event.preventDefault();
    const { body, errors } = this.validate();
    if (Object.keys(errors).length) return this.showErrors(errors);
    this.showErrors({});
    this.busy.set(true);
    try {
      const detail = await this.api.appendEvent(this.caseId(), {
        expectedVersion: this.version(),
        eventId: this.eventId,
        event: { type: this.event().type, date: body['date'] as string, ...body },
      });
      this.eventId = crypto.randomUUID();
      this.values.set({});
      this.dates.set({});
      this.recorded.emit(detail);
    } catch (err) {
      this.handleProblem(toProblem(err));
    } finally {
      this.busy.set(false);
    }
  }

  private handleProblem(p: Problem): void {
    const known = new Set(this.fields().map((f) => f.name));
    if (p.statusCode === 400 && p.errors?.length) {
      const errors: Record<string, string> = {};
      const other: FieldError[] = [];
      for (const e of p.errors) {
        const name = e.field.replace(/^event\./, '');
        if (known.has(name)) errors[name] ??= e.message;
        else other.push({ fieldId: '', message: e.message });
      }
      return this.showErrors(errors, other);
    }
    if (p.statusCode === 422) {
      // The date breaks the order the law sets (for example, a decision before the request).
      return this.showErrors({ date: p.message });
    }
    if (p.statusCode === 409) {
      this.eventId = crypto.randomUUID();
      const allowed = p.allowed?.length ? ` You can now: ${p.allowed.map(humanLabel).join(', ')}.` : '';
      this.showErrors({}, [{ fieldId: '', message: p.message + (p.code === 'EVENT_NOT_ALLOWED' ? allowed : '') }]);
      this.stale.emit(p);
      return;
    }
    this.showErrors({}, [{ fieldId: '', message: p.message }]);
  }
}
