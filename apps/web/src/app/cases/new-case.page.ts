import { httpResource } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  forwardRef,
  inject,
  linkedSignal,
  signal,
  untracked,
} from '@angular/core';
import { FormField, type FieldTree, apply, form, required, validate } from '@angular/forms/signals';
import { ActivatedRoute } from '@angular/router';
import type { CreateCaseRequest, PersonDetail } from '@ehc/contracts';
import { dateRule } from '../core/date-rule';
import { type DateParts, emptyDate, formatDate, fromIsoDate, toIsoDate } from '../core/dates';
import { BROUGHT_BY_LABELS, REQUEST_SOURCE_LABELS } from '@ehc/contracts';
import { humanLabel, labelIn } from '../core/labels';
import { DateInput } from '../design-system/date-input';
import { changeRow, type SummaryRow } from '../design-system/summary-list';
import { type CaseOpening, CaseOpeningForm } from './case-opening-form';
import { CaseOpeningSteps } from './case-opening-steps';
import { childDetailsSchema, emptyChildDetails } from './child-details';
import { isYoungPerson, twentyFifthBirthday } from '../../../../../libs/workflow/src/who-may-request';

/** Who may ask for an EHC needs assessment (s36(1)) or bring a child to the council's attention. */
/** Who may make the request (CFA 2014 s36(1)): the codes of libs/contracts' label map. */
export const REQUEST_SOURCES = Object.keys(REQUEST_SOURCE_LABELS);

interface NewRequest extends CaseOpening {
  source: string;
  receivedOn: DateParts;
  /** regs 63-64: how a parent acts for a young person ('agent' | 'alternative-person'); asked only then. */
  parentActsAs: string;
  /** s24(1): who brought the child to the council's attention; asked only for that source. */
  broughtBy: string;
}

/** The api's fields for who may ask: their refusals are shown on the field itself as well as in the summary. */
const WHO_MAY_ASK_FIELDS = ['child.dateOfBirth', 'request.source', 'request.parentActsAs', 'request.broughtBy'];

/**
 * The api's refusals of who may ask (s36(1), s83(2), regs 63-64, libs/workflow/src/who-may-request.ts), in plain
 * English on the field to change. Which rule refused is read from the same pure functions, not from the api's wording.
 */
export function whoMayAskMessage(field: string, dateOfBirth: string | null, requestDate: string | null): string | null {
  if (field === 'child.dateOfBirth') {
    return dateOfBirth && requestDate && dateOfBirth > requestDate
      ? 'The date of birth must be on or before the date the request was received'
      : null;
  }
  if (field === 'request.parentActsAs') return 'Select how the parent is acting for the young person';
  if (field === 'request.broughtBy') return 'Select who brought the child to the council’s attention';
  if (field !== 'request.source') return null;
  if (dateOfBirth && requestDate && requestDate >= twentyFifthBirthday(dateOfBirth)) {
    return 'The young person was 25 or older on the date the request was received, so they cannot have an EHC needs assessment. Check the date of birth';
  }
  return 'A young person can ask for themselves only after they leave compulsory school age (the last Friday of June in the school year they turn 16). Before that, select Parent';
}

@Component({
  selector: 'cw-new-case-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormField, DateInput, CaseOpeningSteps],
  providers: [{ provide: CaseOpeningForm, useExisting: forwardRef(() => NewCasePage) }],
  template: `
    <cw-case-opening-steps formHeading="Log a request for an EHC needs assessment" checkHeading="Check the request before you log it">
      <ng-container ngProjectAs="[fields]">
        <h2 class="govuk-heading-m">The request</h2>
        <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.source, 'request.source')">
          <fieldset class="govuk-fieldset" [attr.aria-describedby]="shown(f.source, 'request.source') ? 'source-error' : null">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Who made the request?</legend>
            @if (shown(f.source, 'request.source'); as m) { <p class="govuk-error-message" id="source-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
            <div class="govuk-radios">
              @for (s of sources; track s; let i = $index) {
                <div class="govuk-radios__item">
                  <input class="govuk-radios__input" [id]="i === 0 ? 'source' : 'source-' + s" type="radio" [value]="s" [formField]="f.source">
                  <label class="govuk-label govuk-radios__label" [for]="i === 0 ? 'source' : 'source-' + s">{{ labelIn('source', s) }}</label>
                </div>
              }
            </div>
          </fieldset>
        </div>
        @if (asksBroughtBy()) {
          <!-- s24(1): the council's duty starts when anyone brings the child to its attention; SEN2 asks who. -->
          <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.broughtBy, 'request.broughtBy')">
            <fieldset class="govuk-fieldset"
                      [attr.aria-describedby]="shown(f.broughtBy, 'request.broughtBy') ? 'broughtBy-error' : null">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Who brought the child to the council’s attention?</legend>
              @if (shown(f.broughtBy, 'request.broughtBy'); as m) {
                <p class="govuk-error-message" id="broughtBy-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p>
              }
              <div class="govuk-radios">
                @for (b of broughtByOptions; track b; let i = $index) {
                  <div class="govuk-radios__item">
                    <input class="govuk-radios__input" [id]="i === 0 ? 'broughtBy' : 'broughtBy-' + b" type="radio" [value]="b" [formField]="f.broughtBy">
                    <label class="govuk-label govuk-radios__label" [for]="i === 0 ? 'broughtBy' : 'broughtBy-' + b">{{ labelIn('broughtBy', b) }}</label>
                  </div>
                }
              </div>
            </fieldset>
          </div>
        }
        <cw-date-input idPrefix="receivedOn" legend="Date the request was received" hint="All the statutory time limits count from this day"
                       [formField]="f.receivedOn" [error]="shown(f.receivedOn)" />
        @if (asksParentActsAs()) {
          <!-- regs 63-64: past compulsory school age the young person decides; a parent asks only for them. -->
          <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.parentActsAs, 'request.parentActsAs')">
            <fieldset class="govuk-fieldset"
                      [attr.aria-describedby]="shown(f.parentActsAs, 'request.parentActsAs') ? 'parentActsAs-hint parentActsAs-error' : 'parentActsAs-hint'">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How is the parent acting for the young person?</legend>
              <div class="govuk-hint" id="parentActsAs-hint">
                On the date the request was received they were past compulsory school age, so they are a young person and make
                their own decisions. A parent can ask for them only if the young person wants the parent to act for them, or
                if the young person cannot make the decision themselves.
              </div>
              @if (shown(f.parentActsAs, 'request.parentActsAs'); as m) {
                <p class="govuk-error-message" id="parentActsAs-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p>
              }
              <div class="govuk-radios">
                <div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="parentActsAs" type="radio" value="agent" [formField]="f.parentActsAs"
                         aria-describedby="parentActsAs-agent-hint">
                  <label class="govuk-label govuk-radios__label" for="parentActsAs">As the young person’s agent</label>
                  <div class="govuk-hint govuk-radios__hint" id="parentActsAs-agent-hint">The young person has asked the parent to act for them</div>
                </div>
                <div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="parentActsAs-alternative-person" type="radio" value="alternative-person"
                         [formField]="f.parentActsAs" aria-describedby="parentActsAs-alternative-person-hint">
                  <label class="govuk-label govuk-radios__label" for="parentActsAs-alternative-person">
                    As the alternative person because the young person lacks capacity
                  </label>
                  <div class="govuk-hint govuk-radios__hint" id="parentActsAs-alternative-person-hint">
                    The young person does not have the mental capacity to make this decision, so the parent makes it for them
                    (regulations 63 and 64)
                  </div>
                </div>
              </div>
            </fieldset>
          </div>
        }
      </ng-container>
      <p class="govuk-body">Logging the request starts the statutory clocks from {{ receivedText() }}.</p>
      <button type="button" class="govuk-button" [disabled]="busy()" (click)="logRequest()">Log the request</button>
    </cw-case-opening-steps>
  `,
})
export class NewCasePage extends CaseOpeningForm<NewRequest> {
  private readonly route = inject(ActivatedRoute);

  /** "Log a new request for this child" from a person's page: the form starts from that record, linked to it. */
  private readonly fromPerson = this.route.snapshot?.queryParamMap.get('person') ?? null;
  protected readonly knownPerson = httpResource<PersonDetail>(() =>
    this.fromPerson ? `/api/persons/${encodeURIComponent(this.fromPerson)}` : undefined,
  );
  override readonly linkTo = signal(this.fromPerson ?? '');
  private readonly prefill = effect(() => {
    if (!this.knownPerson.hasValue()) return;
    const p = this.knownPerson.value();
    untracked(() =>
      this.model.update((m) => ({
        ...m,
        child: {
          givenName: p.givenName,
          familyName: p.familyName,
          dateOfBirth: fromIsoDate(p.dateOfBirth),
          upn: p.upn ?? '',
          postcode: p.postcode ?? '',
          school: p.schoolName ?? '',
        },
      })),
    );
  });

  protected readonly sources = REQUEST_SOURCES;
  protected readonly broughtByOptions = Object.keys(BROUGHT_BY_LABELS);
  protected readonly label = humanLabel;
  protected readonly labelIn = labelIn;

  protected readonly model = linkedSignal<NewRequest>(() => ({
    child: emptyChildDetails(),
    source: '',
    receivedOn: emptyDate(),
    parentActsAs: '',
    broughtBy: '',
    teamId: this.session.me()?.teamId ?? '',
  }));
  readonly f = form(this.model, (p) => {
    apply(
      p.child,
      childDetailsSchema(() => this.today),
    );
    required(p.source, { message: 'Select who made the request' });
    validate(
      p.receivedOn,
      dateRule('the date the request was received', () => this.today),
    );
    required(p.parentActsAs, {
      message: 'Select how the parent is acting for the young person',
      when: () => this.asksParentActsAs(),
    });
    required(p.broughtBy, {
      message: 'Select who brought the child to the council’s attention',
      when: () => this.asksBroughtBy(),
    });
    required(p.teamId, { message: 'Select the team' });
  });

  /**
   * s36(1), s83(2), regs 63-64: a parent asking for someone past compulsory school age (and under 25) on the date the
   * request was received is asking for a young person, so is asked how they act for them (libs/workflow's rule).
   */
  protected readonly asksParentActsAs = computed(() => {
    const m = this.model();
    const dateOfBirth = toIsoDate(m.child.dateOfBirth);
    const received = toIsoDate(m.receivedOn);
    return (
      m.source === 'parent' &&
      !!dateOfBirth &&
      !!received &&
      dateOfBirth <= received &&
      isYoungPerson(dateOfBirth, received)
    );
  });

  /** s24(1): a child brought to the council's attention, rather than a request under s36(1): by whom. */
  protected readonly asksBroughtBy = computed(() => this.model().source === 'brought-to-attention');

  protected pageFields(): [string, FieldTree<unknown>][] {
    const f = this.f;
    return [
      ['source', f.source],
      ['broughtBy', f.broughtBy],
      ['receivedOn-day', f.receivedOn],
      ['parentActsAs', f.parentActsAs],
    ];
  }

  protected readonly receivedText = computed(() => formatDate(toIsoDate(this.model().receivedOn)));

  protected pageAnswers(m: NewRequest): SummaryRow[] {
    return [
      changeRow('Who made the request', labelIn('source', m.source), 'source'),
      ...(this.asksBroughtBy()
        ? [changeRow('Brought to the council’s attention by', labelIn('broughtBy', m.broughtBy), 'broughtBy')]
        : []),
      changeRow('Date received', formatDate(toIsoDate(m.receivedOn)), 'receivedOn-day'),
      ...(this.asksParentActsAs()
        ? [changeRow('How the parent is acting', labelIn('parentActsAs', m.parentActsAs), 'parentActsAs')]
        : []),
    ];
  }

  private request(): CreateCaseRequest {
    const m = this.model();
    return {
      ...this.opening(),
      request: {
        date: toIsoDate(m.receivedOn)!,
        source: m.source,
        ...(this.asksParentActsAs() ? { parentActsAs: m.parentActsAs } : {}),
        ...(this.asksBroughtBy() ? { broughtBy: m.broughtBy } : {}),
      },
    };
  }

  /** The request's field names (e.g. "request.date") → the input the summary links to. */
  private static readonly SERVER_FIELDS: Record<string, string> = {
    'request.source': 'source',
    'request.date': 'receivedOn-day',
    'request.parentActsAs': 'parentActsAs',
    'request.broughtBy': 'broughtBy',
  };

  protected logRequest(): Promise<void> {
    return this.openCase(
      () => this.api.createCase(this.request()),
      NewCasePage.SERVER_FIELDS,
      // Who may ask (s36(1), s83(2), regs 63-64) is refused on the field to change, in plain English.
      (e) => {
        const m = this.model();
        return {
          message: whoMayAskMessage(e.field, toIsoDate(m.child.dateOfBirth), toIsoDate(m.receivedOn)) ?? e.message,
          onField: WHO_MAY_ASK_FIELDS.includes(e.field),
        };
      },
    );
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default NewCasePage;
