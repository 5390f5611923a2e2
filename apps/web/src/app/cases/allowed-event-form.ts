import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import {
  ACTION_LABELS,
  optionLabels,
  type AllowedEvent,
  type CaseDetail,
  type FieldSpec,
  type Problem,
} from '@ehc/contracts';
import { type DateParts, emptyDate, formatDate, isBlankDate, toIsoDate } from '../core/dates';
import { humanLabel } from '../core/labels';
import { type FieldError, toProblem } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { CasesApi } from './cases-api';
import {
  exceptionFieldLabel,
  exceptionFieldMessage,
  isFieldRequired,
  isFieldShown,
  isGeneratedId,
} from './exception-fields';

export interface RefOption {
  value: string;
  label: string;
}

const LONG_TEXT = new Set(['reasons', 'reason', 'evidence', 'directPaymentsRefusedReasons']);
/**
 * Fields where one form may record several events, one per value chosen: advice from several advisers at once
 * (one AdviceRequested each, with its own id and its own 6-week clock, reg 8(1)).
 */
const ONE_EVENT_PER_VALUE: Record<string, string> = { AdviceRequested: 'provider' };
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
    <form novalidate (submit)="record($event)" [attr.aria-label]="action()">
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
      <button type="submit" class="govuk-button govuk-!-margin-bottom-0" [disabled]="busy()">{{ action() }}</button>
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
  /** The event as an action ("Record the decision to assess"), for the button and the form's name. */
  readonly action = computed(() => ACTION_LABELS[this.event().type] ?? `Record: ${this.event().label}`);
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
    const values = this.values();
    return specs.filter((f) => isFieldShown(ev.type, f.name, values)).map((f) => this.render(ev.type, f, values));
  });

  private render(type: string, spec: FieldSpec, values: Record<string, unknown>): RenderedField {
    const f: FieldSpec =
      type === 'ExceptionRecorded'
        ? {
            ...spec,
            label: exceptionFieldLabel(spec.name, spec.label, values),
            required: isFieldRequired(type, spec.name, spec.required, values),
          }
        : spec;
    const id = `${type}-${f.name}`;
    const refs = this.refOptions()[f.name];
    // A reference field's options are ids the server narrowed to those that fit (a UUID means nothing to a person):
    // label each with the page's description of that record, keeping the server's narrowing.
    // Each vocabulary has its own labels ('parent' as a request source is not 'parent' as an adviser).
    const vocabulary = optionLabels(type, f.name);
    const fromSpec = (f.options ?? []).map((o) => ({
      value: o,
      label: (f.kind === 'ref' && refs?.find((r) => r.value === o)?.label) || vocabulary?.[o] || humanLabel(o),
    }));
    const choices = fromSpec.length ? fromSpec : (refs ?? []);
    let control: Control;
    if (f.kind === 'date') control = 'date';
    else if (f.kind === 'ref' && isGeneratedId(type, f.name)) control = 'generated';
    else if (choices.length && (f.many || ONE_EVENT_PER_VALUE[type] === f.name)) control = 'checkboxes';
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
    const exception = this.event().type === 'ExceptionRecorded';
    for (const f of this.fields()) {
      const label = f.label.toLowerCase();
      const say = (k: 'missing' | 'invalid-date', otherwise: string) =>
        exception ? exceptionFieldMessage(f.name, f.label, k, f.choices.length > 0) : otherwise;
      if (f.control === 'generated') {
        body[f.name] = crypto.randomUUID();
      } else if (f.control === 'date') {
        const parts = this.dates()[f.name] ?? emptyDate();
        if (isBlankDate(parts)) {
          if (f.required) errors[f.name] = say('missing', `Enter the ${label}`);
          continue;
        }
        const iso = toIsoDate(parts);
        if (!iso) errors[f.name] = say('invalid-date', `The ${label} must be a real date`);
        else if (f.name === 'date' && earliest && iso < earliest)
          errors[f.name] = `The ${label} must be on or after ${formatDate(earliest)}`;
        else body[f.name] = iso;
      } else {
        const v = this.values()[f.name];
        const empty = v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '');
        if (empty) {
          if (f.required) errors[f.name] = say('missing', f.choices.length ? `Select ${label}` : `Enter the ${label}`);
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
    const perValue = ONE_EVENT_PER_VALUE[this.event().type];
    if (perValue && Array.isArray(body[perValue])) return this.recordEach(body, perValue, body[perValue] as string[]);
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

  /** Ids per value for the current attempt: a retry after a failure re-sends the same ids, so nothing is doubled. */
  private batchIds = new Map<string, { eventId: string; generated: Record<string, string> }>();

  /**
   * One event per chosen value (several advisers asked at once), one after another, each against the version the
   * previous one produced. If one is refused, those before it stay recorded and the error says which were.
   */
  private async recordEach(body: Record<string, unknown>, field: string, chosen: string[]): Promise<void> {
    this.busy.set(true);
    const generated = this.fields()
      .filter((f) => f.control === 'generated')
      .map((f) => f.name);
    let version = this.version();
    let last: CaseDetail | null = null;
    const done: string[] = [];
    try {
      for (const value of chosen) {
        let ids = this.batchIds.get(value);
        if (!ids) {
          ids = {
            eventId: crypto.randomUUID(),
            generated: Object.fromEntries(generated.map((g) => [g, crypto.randomUUID()])),
          };
          this.batchIds.set(value, ids);
        }
        last = await this.api.appendEvent(this.caseId(), {
          expectedVersion: version,
          eventId: ids.eventId,
          event: { type: this.event().type, date: body['date'] as string, ...body, ...ids.generated, [field]: value },
        });
        version = last.version;
        done.push(value);
        this.batchIds.delete(value);
      }
      this.values.set({});
      this.dates.set({});
      this.recorded.emit(last!);
    } catch (err) {
      const p = toProblem(err);
      if (done.length && last) {
        const label = (v: string) =>
          this.fields()
            .find((f) => f.name === field)
            ?.choices.find((c) => c.value === v)?.label ?? v;
        this.values.update((v) => ({ ...v, [field]: chosen.filter((c) => !done.includes(c)) }));
        this.showErrors({}, [
          { fieldId: '', message: `Recorded for ${done.map(label).join(', ')}; not for the others: ${p.message}` },
        ]);
        this.stale.emit(p);
      } else {
        this.handleProblem(p);
      }
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
      // The law refused a field (an exception's predicate names the field it fails on), else the date breaks the
      // order the law sets (for example, a decision before the request).
      const field = p.errors?.[0]?.field.replace(/^event\./, '');
      return this.showErrors(field && known.has(field) ? { [field]: p.message } : { date: p.message });
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
