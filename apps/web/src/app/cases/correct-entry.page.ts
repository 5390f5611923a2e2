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
import { optionLabels, type CaseDetail, type FieldSpec, type TimelineEntry } from '@ehc/contracts';
import { type DateParts, emptyDate, formatDate, fromIsoDate, isBlankDate, toIsoDate } from '../core/dates';
import { humanLabel } from '../core/labels';
import { type FieldError, toProblem } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { CasesApi } from './cases-api';

type Action = 'correct' | 'retract';
interface Change {
  name: string;
  label: string;
  was: unknown;
  now: unknown;
}

/**
 * Fields a person corrects here: the entry's own answers (a list of choices too, such as a plan's other needs), not
 * the references that tie it to other entries.
 */
const editable = (f: FieldSpec) => f.kind === 'date' || f.kind === 'enum' || f.kind === 'text';

/**
 * Correcting one entry of the case history (GOV.UK "Change" pattern, docs/corrections.md): the corrected answers or
 * "recorded in error", the reason, check your answers, confirmation. The record keeps the original entry; the
 * correction is a new entry (EventCorrected / EventRetracted) and the case is worked out again from the corrected
 * history, which the law must still allow.
 */
@Component({
  selector: 'cw-correct-entry-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DateInput, ErrorSummary, RouterLink],
  template: `
    <a class="govuk-back-link" [routerLink]="['/cases', id()]">Back to the case</a>
    @if (entry(); as e) {
      @switch (step()) {
        @case ('answer') {
          <cw-error-summary [errors]="errors()" />
          <span class="govuk-caption-l">Correct the case history</span>
          <h1 class="govuk-heading-l" id="answer-heading" tabindex="-1">{{ e.label }}, {{ date(e.date) }}</h1>
          @if (e.about) { <p class="govuk-body">{{ e.about }}</p> }
          <form novalidate (submit)="check($event)">
            <div class="govuk-form-group" [class.govuk-form-group--error]="fieldError('action')">
              <fieldset class="govuk-fieldset" [attr.aria-describedby]="fieldError('action') ? 'action-error' : null">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">What is wrong with this entry?</legend>
                @if (fieldError('action'); as m) { <p class="govuk-error-message" id="action-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
                <div class="govuk-radios">
                  <div class="govuk-radios__item">
                    <input class="govuk-radios__input" id="action" name="action" type="radio" value="correct" [checked]="action() === 'correct'" (change)="action.set('correct')">
                    <label class="govuk-label govuk-radios__label" for="action">Some of the details are wrong</label>
                  </div>
                  <div class="govuk-radios__item">
                    <input class="govuk-radios__input" id="action-retract" name="action" type="radio" value="retract" [checked]="action() === 'retract'" (change)="action.set('retract')">
                    <label class="govuk-label govuk-radios__label" for="action-retract">It was recorded in error (it did not happen on this case)</label>
                  </div>
                </div>
              </fieldset>
            </div>
            @if (action() === 'correct') {
              <h2 class="govuk-heading-m">The corrected answers</h2>
              @for (f of fields(); track f.name) {
                @if (f.kind === 'date') {
                  <cw-date-input [idPrefix]="'fix-' + f.name" [legend]="f.label" [error]="fieldError(f.name)" [value]="dates()[f.name] ?? blank" (valueChange)="setDate(f.name, $event)" />
                } @else if (f.kind === 'enum' && !f.many) {
                  <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" [for]="'fix-' + f.name">{{ f.label }}</label>
                    <select class="govuk-select" [id]="'fix-' + f.name" (change)="setValue(f.name, $any($event.target).value)">
                      @for (o of f.options ?? []; track o) { <option [value]="o" [selected]="values()[f.name] === o">{{ label(o, f.name) }}</option> }
                    </select>
                  </div>
                } @else if (f.kind === 'enum' && f.many) {
                  <!-- A list (a plan's other needs, ranked): ticked in order of importance, as on the record form. -->
                  <div class="govuk-form-group" [class.govuk-form-group--error]="fieldError(f.name)">
                    <fieldset class="govuk-fieldset" [id]="'fix-' + f.name" [attr.aria-describedby]="fieldError(f.name) ? 'fix-' + f.name + '-error' : null">
                      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{{ f.label }}</legend>
                      <div class="govuk-hint">Select all that apply. Now: {{ show(lists()[f.name], f.name) }}</div>
                      @if (fieldError(f.name); as m) { <p class="govuk-error-message" [id]="'fix-' + f.name + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
                      <div class="govuk-checkboxes govuk-checkboxes--small">
                        @for (o of f.options ?? []; track o; let i = $index) {
                          <div class="govuk-checkboxes__item">
                            <input class="govuk-checkboxes__input" type="checkbox" [id]="'fix-' + f.name + '-' + i" [name]="'fix-' + f.name" [value]="o"
                                   [checked]="(lists()[f.name] ?? []).includes(o)" (change)="toggle(f.name, o, $any($event.target).checked)">
                            <label class="govuk-label govuk-checkboxes__label" [for]="'fix-' + f.name + '-' + i">{{ label(o, f.name) }}</label>
                          </div>
                        }
                      </div>
                    </fieldset>
                  </div>
                } @else if (f.kind === 'text') {
                  <div class="govuk-form-group" [class.govuk-form-group--error]="fieldError(f.name)">
                    <label class="govuk-label govuk-label--s" [for]="'fix-' + f.name">{{ f.label }}{{ f.required ? '' : ' (optional)' }}</label>
                    @if (fieldError(f.name); as m) { <p class="govuk-error-message" [id]="'fix-' + f.name + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
                    <input class="govuk-input" type="text" [id]="'fix-' + f.name" [value]="values()[f.name] ?? ''" (input)="setValue(f.name, $any($event.target).value)">
                  </div>
                }
              }
            }
            <div class="govuk-form-group" [class.govuk-form-group--error]="fieldError('reason')">
              <label class="govuk-label govuk-label--m" for="reason">Why are you making this correction?</label>
              <div class="govuk-hint" id="reason-hint">For example, “The plan was sent on 20 May; 10 June is when the school’s copy went”. Do not include the child’s name.</div>
              @if (fieldError('reason'); as m) { <p class="govuk-error-message" id="reason-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
              <textarea class="govuk-textarea" id="reason" rows="3" [class.govuk-textarea--error]="fieldError('reason')"
                        [attr.aria-describedby]="fieldError('reason') ? 'reason-hint reason-error' : 'reason-hint'"
                        [value]="reason()" (input)="reason.set($any($event.target).value)"></textarea>
            </div>
            <button type="submit" class="govuk-button">Continue</button>
          </form>
        }
        @case ('check') {
          <cw-error-summary [errors]="errors()" />
          <h1 class="govuk-heading-l" id="check-heading" tabindex="-1">Check your correction</h1>
          <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Entry</dt>
              <dd class="govuk-summary-list__value">{{ e.label }}, {{ date(e.date) }}</dd>
              <dd class="govuk-summary-list__actions"></dd>
            </div>
            @if (action() === 'retract') {
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">What is wrong</dt>
                <dd class="govuk-summary-list__value">It was recorded in error and will be taken out of the case</dd>
                <dd class="govuk-summary-list__actions"><a class="govuk-link" href="#action" (click)="back($event, 'action')">Change<span class="govuk-visually-hidden"> what is wrong</span></a></dd>
              </div>
            }
            @for (c of changes(); track c.name) {
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">{{ c.label }}</dt>
                <dd class="govuk-summary-list__value">{{ show(c.now, c.name) }} <span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">Was: {{ show(c.was, c.name) }}</span></dd>
                <dd class="govuk-summary-list__actions"><a class="govuk-link" [href]="'#fix-' + c.name" (click)="back($event, 'fix-' + c.name)">Change<span class="govuk-visually-hidden"> {{ c.label }}</span></a></dd>
              </div>
            }
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Reason</dt>
              <dd class="govuk-summary-list__value">{{ reason() }}</dd>
              <dd class="govuk-summary-list__actions"><a class="govuk-link" href="#reason" (click)="back($event, 'reason')">Change<span class="govuk-visually-hidden"> the reason</span></a></dd>
            </div>
          </dl>
          <p class="govuk-body">The original entry stays in the case history, marked as corrected. The case, its deadlines and the board’s figures are worked out again from the corrected history.</p>
          <button type="button" class="govuk-button" [disabled]="busy()" (click)="submit()">Record the correction</button>
        }
        @case ('done') {
          <div class="govuk-panel govuk-panel--confirmation">
            <h1 class="govuk-panel__title" id="done-heading" tabindex="-1">Correction recorded</h1>
            <div class="govuk-panel__body">The case history and deadlines have been updated</div>
          </div>
          <p class="govuk-body"><a class="govuk-link" [routerLink]="['/cases', id()]">Go back to the case</a></p>
        }
      }
    } @else if (timeline.error() || (timeline.hasValue() && !entry())) {
      <h1 class="govuk-heading-l">This entry cannot be corrected</h1>
      <p class="govuk-body">It may not exist, it may already have been taken out, or it is a record the system keeps (a missed deadline) or a correction itself.</p>
    } @else {
      <p class="govuk-body">Loading…</p>
    }
  `,
})
export class CorrectEntryPage {
  /** Route parameters (withComponentInputBinding). */
  readonly id = input.required<string>();
  readonly eventId = input.required<string>();
  private readonly api = inject(CasesApi);
  private readonly injector = inject(Injector);

  protected readonly detail = httpResource<CaseDetail>(() => `/api/cases/${encodeURIComponent(this.id())}`);
  protected readonly timeline = httpResource<TimelineEntry[]>(
    () => `/api/cases/${encodeURIComponent(this.id())}/events`,
  );
  protected readonly entry = computed(() =>
    this.timeline.hasValue()
      ? this.timeline.value().find((e) => e.eventId === this.eventId() && e.correctable)
      : undefined,
  );
  protected readonly fields = computed(() => (this.entry()?.fields ?? []).filter(editable));

  protected readonly step = signal<'answer' | 'check' | 'done'>('answer');
  protected readonly action = signal<Action | null>(null);
  protected readonly reason = signal('');
  private readonly edited = signal<Record<string, string>>({});
  private readonly editedDates = signal<Record<string, DateParts>>({});
  private readonly editedLists = signal<Record<string, string[]>>({});
  protected readonly errors = signal<FieldError[]>([]);
  private readonly fieldErrors = signal<Record<string, string>>({});
  protected readonly busy = signal(false);
  private correctionId = crypto.randomUUID();

  protected readonly blank = emptyDate();
  protected readonly date = formatDate;
  /** A code in the entry's own vocabulary (the record form's labels: 'ASD' is "Autistic spectrum disorder"). */
  protected label(code: string, field: string): string {
    return optionLabels(this.entry()?.type ?? '', field)?.[code] ?? humanLabel(code);
  }
  protected show(v: unknown, field: string): string {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) return 'Not given';
    if (Array.isArray(v)) return v.map((x) => this.label(String(x), field)).join(', ');
    if (this.fields().some((f) => f.name === field && f.kind === 'enum')) return this.label(String(v), field);
    const s = String(v);
    return /^\d{4}-\d{2}-\d{2}$/.test(s) ? formatDate(s) : /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s) ? humanLabel(s) : s;
  }

  /** The answers as the entry now stands, with the person's edits on top. */
  protected readonly values = computed(() => {
    const cur = this.entry()?.current ?? {};
    const out: Record<string, string> = {};
    for (const f of this.fields())
      if (f.kind !== 'date' && typeof cur[f.name] === 'string') out[f.name] = cur[f.name] as string;
    return { ...out, ...this.edited() };
  });
  /** Lists of choices as they stand, in their order (a ranking: the first is the most important), with the edits. */
  protected readonly lists = computed(() => {
    const cur = this.entry()?.current ?? {};
    const out: Record<string, string[]> = {};
    for (const f of this.fields())
      if (f.many) out[f.name] = Array.isArray(cur[f.name]) ? (cur[f.name] as string[]).map(String) : [];
    return { ...out, ...this.editedLists() };
  });
  protected readonly dates = computed(() => {
    const cur = this.entry()?.current ?? {};
    const out: Record<string, DateParts> = {};
    for (const f of this.fields()) if (f.kind === 'date') out[f.name] = fromIsoDate(cur[f.name] as string | undefined);
    return { ...out, ...this.editedDates() };
  });

  /** What the correction changes (answers that differ from the entry as it stands). */
  protected readonly changes = computed<Change[]>(() => {
    if (this.action() !== 'correct') return [];
    const cur = this.entry()?.current ?? {};
    const out: Change[] = [];
    for (const f of this.fields()) {
      if (f.many) {
        const now = this.lists()[f.name] ?? [];
        const was = Array.isArray(cur[f.name]) ? cur[f.name] : [];
        if (JSON.stringify(now) !== JSON.stringify(was))
          out.push({ name: f.name, label: f.label, was: cur[f.name], now });
        continue;
      }
      const now =
        f.kind === 'date'
          ? (toIsoDate(this.dates()[f.name] ?? emptyDate()) ?? undefined)
          : (this.values()[f.name] ?? '').trim() || undefined;
      if (now !== undefined && now !== cur[f.name]) out.push({ name: f.name, label: f.label, was: cur[f.name], now });
    }
    return out;
  });

  protected fieldError(name: string): string | null {
    return this.fieldErrors()[name] ?? null;
  }
  protected setValue(name: string, v: string): void {
    this.edited.update((x) => ({ ...x, [name]: v }));
  }
  protected setDate(name: string, v: DateParts): void {
    this.editedDates.update((x) => ({ ...x, [name]: v }));
  }
  /** Ticking adds a choice at the end of the list (the order of ticking is the ranking), unticking takes it out. */
  protected toggle(name: string, v: string, on: boolean): void {
    const list = (this.lists()[name] ?? []).filter((x) => x !== v);
    this.editedLists.update((x) => ({ ...x, [name]: on ? [...list, v] : list }));
  }

  protected check(event: Event): void {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const order: [string, string][] = [];
    const add = (name: string, anchor: string, message: string) => {
      errors[name] = message;
      order.push([anchor, message]);
    };
    if (!this.action()) add('action', 'action', 'Select what is wrong with this entry');
    if (this.action() === 'correct') {
      for (const f of this.fields()) {
        // A correction replaces an answer and cannot take one away (docs/corrections.md): a list emptied out is
        // recorded as the entry's new list instead (for a plan's needs, "Record or change the special educational
        // needs" on the case page).
        if (f.many && !this.lists()[f.name]?.length && Array.isArray(this.entry()?.current?.[f.name]))
          add(
            f.name,
            `fix-${f.name}-0`,
            'Keep at least one ticked: a correction cannot empty the list (record the list again on the case page)',
          );
        if (f.kind !== 'date') continue;
        const parts = this.dates()[f.name] ?? emptyDate();
        if (isBlankDate(parts) ? f.required : !toIsoDate(parts))
          add(f.name, `fix-${f.name}-day`, `Enter the ${f.label.toLowerCase()} as a real date`);
      }
      if (!Object.keys(errors).length && !this.changes().length)
        add('action', 'action', 'Change at least one answer, or choose “It was recorded in error”');
    }
    if (!this.reason().trim()) add('reason', 'reason', 'Enter why you are making this correction');
    this.fieldErrors.set(errors);
    this.errors.set(order.map(([fieldId, message]) => ({ fieldId, message })));
    if (order.length) return;
    this.step.set('check');
    this.focus('check-heading');
  }

  protected back(event: Event, anchor: string): void {
    event.preventDefault();
    this.step.set('answer');
    const field = anchor.startsWith('fix-') ? this.fields().find((f) => `fix-${f.name}` === anchor) : undefined;
    // a date's first box, a list's first checkbox
    this.focus(field?.kind === 'date' ? `${anchor}-day` : field?.many ? `${anchor}-0` : anchor);
  }

  protected async submit(): Promise<void> {
    const e = this.entry();
    const c = this.detail.hasValue() ? this.detail.value() : null;
    if (!e || !c) return;
    this.busy.set(true);
    const today = c.today;
    const event =
      this.action() === 'retract'
        ? { type: 'EventRetracted', date: today, retracts: e.eventId, reason: this.reason().trim() }
        : {
            type: 'EventCorrected',
            date: today,
            corrects: e.eventId,
            reason: this.reason().trim(),
            correction: Object.fromEntries(this.changes().map((x) => [x.name, x.now])),
          };
    try {
      await this.api.appendEvent(c.id, {
        expectedVersion: c.version,
        eventId: this.correctionId,
        event: event as never,
      });
      this.step.set('done');
      this.focus('done-heading');
    } catch (err) {
      const p = toProblem(err);
      this.correctionId = crypto.randomUUID();
      if (p.statusCode === 409) this.detail.reload();
      this.errors.set([
        {
          fieldId: '',
          message:
            p.statusCode === 409
              ? 'The case changed while you were correcting it. Check your correction again and record it.'
              : p.message,
        },
      ]);
    } finally {
      this.busy.set(false);
    }
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default CorrectEntryPage;
