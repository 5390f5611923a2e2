import { httpResource } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  afterNextRender,
  computed,
  inject,
  Injector,
  linkedSignal,
  signal,
} from '@angular/core';
import { FormField, type FieldTree, apply, form, required, submit, validate } from '@angular/forms/signals';
import { Router, RouterLink } from '@angular/router';
import { SETTING_TYPE_LABELS, type CreateTransferredInCaseRequest, type TeamView } from '@ehc/contracts';
import { dateRule } from '../core/date-rule';
import { type DateParts, emptyDate, formatDate, londonToday, toIsoDate } from '../core/dates';
import { firstError, summaryOf } from '../core/form-errors';
import { type FieldError, toProblem } from '../core/problem';
import { Session } from '../core/session';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { changeRow, type SummaryRow, SummaryList } from '../design-system/summary-list';
import { CasesApi } from './cases-api';
import {
  CHILD_SERVER_FIELDS,
  type ChildDetails,
  ChildDetailsFields,
  childAnswerRows,
  childDetailsSchema,
  childOfRequest,
  childSummaryFields,
  childToMatch,
  emptyChildDetails,
} from './child-details';
import { SameChildCheck } from '../persons/same-child-check';

/**
 * A plan transferred in from another council (reg 15(2)-(3); docs/plan-life.md#a-plan-transferred-in): the child moved
 * here with an EHC plan. It is not a request and not a new plan: the case begins with the plan maintained, treated as
 * made on the day the old council made it, and the clocks are reg 15's (tell the family within 6 weeks; first review
 * by the later of 12 months from the old council's last review and 3 months from the transfer).
 */
interface TransferIn {
  child: ChildDetails;
  fromLa: string;
  transferredOn: DateParts;
  firstMadeOn: DateParts;
  lastReviewedOn: DateParts;
  settingType: string;
  inArea: string;
  setting: string;
  teamId: string;
}

export const SETTING_TYPES = Object.keys(SETTING_TYPE_LABELS);

@Component({
  selector: 'cw-transfer-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormField, RouterLink, DateInput, ErrorSummary, SummaryList, SameChildCheck, ChildDetailsFields],
  template: `
    @if (step() === 'form') {
      <a routerLink="/caseload" class="govuk-back-link">Back</a>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <cw-error-summary [errors]="errors()" />
          <h1 class="govuk-heading-l" id="form-heading" tabindex="-1">Record a plan transferred in from another council</h1>
          <p class="govuk-body">
            Use this when a child or young person with an EHC plan has moved here and the old council has transferred the plan.
            It is not a request for an assessment and not a new plan: this council maintains the plan as if it had made it on
            the day the old council did (regulation 15).
          </p>
          <form novalidate (submit)="checkAnswers($event)">
            <cw-child-details [fields]="f.child" [serverErrors]="serverFieldErrors()" />

            <h2 class="govuk-heading-m">The plan</h2>
            <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.fromLa, 'transfer.fromLa')">
              <label class="govuk-label" for="fromLa">Council the plan came from</label>
              <div class="govuk-hint" id="fromLa-hint">Its 3-digit LA code (for example 926) or its name. SEN2 reports the code.</div>
              @if (shown(f.fromLa, 'transfer.fromLa'); as m) { <p class="govuk-error-message" id="fromLa-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
              <input class="govuk-input govuk-!-width-two-thirds" [class.govuk-input--error]="shown(f.fromLa, 'transfer.fromLa')" id="fromLa" type="text"
                     [formField]="f.fromLa" [attr.aria-describedby]="shown(f.fromLa, 'transfer.fromLa') ? 'fromLa-hint fromLa-error' : 'fromLa-hint'">
            </div>
            <cw-date-input idPrefix="transferredOn" legend="Date the plan transferred to this council"
                           hint="The day of the move, or the day the old council transferred it (regulation 15(2)). The 6 weeks to tell the family count from this day"
                           [formField]="f.transferredOn" [error]="shown(f.transferredOn, 'transfer.date')" />
            <cw-date-input idPrefix="firstMadeOn" legend="Date the old council first made the plan"
                           hint="The plan is treated as made by this council on this day: it is not a new plan"
                           [formField]="f.firstMadeOn" [error]="shown(f.firstMadeOn, 'transfer.firstMadeOn')" />
            <cw-date-input idPrefix="lastReviewedOn" legend="Date the old council last told the family a review decision (optional)"
                           hint="Leave empty if it never reviewed the plan. The first review here is due by the later of 12 months from this date (or from when the plan was made) and 3 months from the transfer"
                           [formField]="f.lastReviewedOn" [error]="shown(f.lastReviewedOn, 'transfer.lastReviewedOn')" />

            <h2 class="govuk-heading-m">The setting the plan names (section I)</h2>
            <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.settingType)">
              <label class="govuk-label" for="settingType">Type of setting (optional)</label>
              @if (shown(f.settingType); as m) { <p class="govuk-error-message" id="settingType-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
              <select class="govuk-select" id="settingType" [formField]="f.settingType">
                <option value="">Not named yet</option>
                @for (t of settingTypes; track t) { <option [value]="t">{{ settingLabel(t) }}</option> }
              </select>
            </div>
            @if (model().settingType) {
              <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.inArea)">
                <fieldset class="govuk-fieldset" [attr.aria-describedby]="shown(f.inArea) ? 'inArea-error' : null">
                  <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Is the setting in this council’s area?</legend>
                  @if (shown(f.inArea); as m) { <p class="govuk-error-message" id="inArea-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
                  <div class="govuk-radios govuk-radios--inline">
                    <div class="govuk-radios__item">
                      <input class="govuk-radios__input" id="inArea" type="radio" value="yes" [formField]="f.inArea">
                      <label class="govuk-label govuk-radios__label" for="inArea">Yes</label>
                    </div>
                    <div class="govuk-radios__item">
                      <input class="govuk-radios__input" id="inArea-no" type="radio" value="no" [formField]="f.inArea">
                      <label class="govuk-label govuk-radios__label" for="inArea-no">No</label>
                    </div>
                  </div>
                </fieldset>
              </div>
              <div class="govuk-form-group">
                <label class="govuk-label" for="setting">Name of the setting, with its URN if known (optional)</label>
                <input class="govuk-input" id="setting" type="text" [formField]="f.setting">
              </div>
            }
            <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.teamId)">
              <label class="govuk-label" for="teamId">Team</label>
              @if (shown(f.teamId); as m) { <p class="govuk-error-message" id="teamId-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
              <select class="govuk-select" [class.govuk-select--error]="shown(f.teamId)" id="teamId" [formField]="f.teamId">
                <option value="">Choose a team</option>
                @for (t of teamList(); track t.id) { <option [value]="t.id">{{ t.name }}</option> }
              </select>
            </div>
            <button type="submit" class="govuk-button">Continue</button>
          </form>
        </div>
      </div>
    } @else {
      <a href="#" class="govuk-back-link" (click)="$event.preventDefault(); back()">Back</a>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <cw-error-summary [errors]="errors()" />
          <h1 class="govuk-heading-l" id="check-heading" tabindex="-1">Check the plan transferred in before you record it</h1>
          <cw-summary-list [rows]="answers()" (changeField)="back($event)" />
          <cw-same-child-check [child]="childForCheck()" [(chosen)]="linkTo" [error]="linkError()" />
          <p class="govuk-body">
            Recording it starts the plan’s clocks from {{ transferText() }}: the family must be told within 6 weeks that the plan has
            transferred, whether this council will assess, and when it will review the plan.
          </p>
          <button type="button" class="govuk-button" [disabled]="busy()" (click)="record()">Record the plan transferred in</button>
        </div>
      </div>
    }
  `,
})
export class TransferInPage {
  private readonly api = inject(CasesApi);
  private readonly router = inject(Router);
  private readonly session = inject(Session);
  private readonly injector = inject(Injector);

  protected readonly linkTo = signal('');
  protected readonly linkError = signal<string | null>(null);
  protected readonly settingTypes = SETTING_TYPES;
  protected readonly settingLabel = (t: string) => SETTING_TYPE_LABELS[t] ?? t;
  protected readonly teams = httpResource<TeamView[]>(() => '/api/teams');
  protected readonly teamList = computed(() => (this.teams.hasValue() ? this.teams.value() : []));
  private readonly today = londonToday();

  protected readonly model = linkedSignal<TransferIn>(() => ({
    child: emptyChildDetails(),
    fromLa: '',
    transferredOn: emptyDate(),
    firstMadeOn: emptyDate(),
    lastReviewedOn: emptyDate(),
    settingType: '',
    inArea: '',
    setting: '',
    teamId: this.session.me()?.teamId ?? '',
  }));
  protected readonly f = form(this.model, (p) => {
    apply(
      p.child,
      childDetailsSchema(() => this.today),
    );
    required(p.fromLa, { message: 'Enter the council the plan came from' });
    validate(
      p.transferredOn,
      dateRule('the date the plan transferred', () => this.today),
    );
    validate(
      p.firstMadeOn,
      dateRule('the date the plan was first made', () => this.today),
    );
    validate(p.firstMadeOn, ({ value }) => {
      const made = toIsoDate(value());
      const moved = toIsoDate(this.model().transferredOn);
      return made && moved && made > moved
        ? { kind: 'order', message: 'The date the plan was first made must be on or before the date it transferred' }
        : undefined;
    });
    validate(
      p.lastReviewedOn,
      dateRule('the date of the last review decision', () => this.today, true),
    );
    validate(p.lastReviewedOn, ({ value }) => {
      const reviewed = toIsoDate(value());
      const m = this.model();
      const made = toIsoDate(m.firstMadeOn);
      const moved = toIsoDate(m.transferredOn);
      return reviewed && ((made && reviewed < made) || (moved && reviewed > moved))
        ? {
            kind: 'order',
            message: 'The last review decision must be between the date the plan was made and the date it transferred',
          }
        : undefined;
    });
    required(p.inArea, {
      message: 'Select whether the setting is in this council’s area',
      when: () => !!this.model().settingType,
    });
    required(p.teamId, { message: 'Select the team' });
  });

  protected readonly childForCheck = computed(() => childToMatch(this.model().child));

  /** The api's refusals by its field name, shown on that field until Continue. */
  protected readonly serverFieldErrors = signal<Record<string, string>>({});
  protected readonly step = signal<'form' | 'check'>('form');
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  /** One id for this record: recording it twice (double click, retry) opens one case. */
  private readonly eventId = crypto.randomUUID();

  protected shown(field: FieldTree<unknown>, serverField?: string): string | null {
    return (
      (field().touched() ? firstError(field) : null) ??
      (serverField ? (this.serverFieldErrors()[serverField] ?? null) : null)
    );
  }

  private fieldSummary(): FieldError[] {
    const f = this.f;
    return summaryOf([
      ...childSummaryFields(f.child),
      ['fromLa', f.fromLa],
      ['transferredOn-day', f.transferredOn],
      ['firstMadeOn-day', f.firstMadeOn],
      ['lastReviewedOn-day', f.lastReviewedOn],
      ['inArea', f.inArea],
      ['teamId', f.teamId],
    ]);
  }

  protected async checkAnswers(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.f, {
      action: async () => {
        this.errors.set([]);
        this.serverFieldErrors.set({});
        this.step.set('check');
        this.focusAfterRender('check-heading');
        return undefined;
      },
      onInvalid: () => this.errors.set(this.fieldSummary()),
    });
  }

  protected readonly transferText = computed(() => formatDate(toIsoDate(this.model().transferredOn)));

  protected readonly answers = computed<SummaryRow[]>(() => {
    const m = this.model();
    const team = this.teamList().find((t) => t.id === m.teamId)?.name ?? m.teamId;
    const lastReviewed = toIsoDate(m.lastReviewedOn);
    return [
      ...childAnswerRows(m.child),
      changeRow('Council it came from', m.fromLa.trim(), 'fromLa'),
      changeRow('Date transferred', formatDate(toIsoDate(m.transferredOn)), 'transferredOn-day'),
      changeRow('Date first made', formatDate(toIsoDate(m.firstMadeOn)), 'firstMadeOn-day'),
      changeRow(
        'Last review decision',
        lastReviewed ? formatDate(lastReviewed) : 'Never reviewed',
        'lastReviewedOn-day',
      ),
      changeRow(
        'Setting the plan names',
        m.settingType
          ? `${this.settingLabel(m.settingType)}${m.setting.trim() ? `: ${m.setting.trim()}` : ''} (${m.inArea === 'yes' ? 'in the area' : 'out of the area'})`
          : 'Not named yet',
        'settingType',
      ),
      changeRow('Team', team, 'teamId'),
    ];
  });

  protected back(fieldId?: string): void {
    this.errors.set([]);
    this.step.set('form');
    this.focusAfterRender(fieldId ?? 'form-heading');
  }

  private focusAfterRender(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }

  private request(): CreateTransferredInCaseRequest {
    const m = this.model();
    const text = (s: string, upper = false) => (s.trim() ? (upper ? s.trim().toUpperCase() : s.trim()) : undefined);
    const link = this.linkTo();
    const lastReviewedOn = toIsoDate(m.lastReviewedOn);
    return {
      teamId: m.teamId,
      eventId: this.eventId,
      ...(link && link !== 'new' ? { personId: link } : {}),
      child: childOfRequest(m.child),
      transfer: {
        date: toIsoDate(m.transferredOn)!,
        fromLa: m.fromLa.trim(),
        firstMadeOn: toIsoDate(m.firstMadeOn)!,
        ...(lastReviewedOn ? { lastReviewedOn } : {}),
        ...(m.settingType
          ? {
              named: {
                settingType: m.settingType,
                inArea: m.inArea as 'yes' | 'no',
                ...(text(m.setting) ? { setting: text(m.setting) } : {}),
              },
            }
          : {}),
      },
    };
  }

  /** Server field names → the input the summary links to. */
  private static readonly SERVER_FIELDS: Record<string, string> = {
    ...CHILD_SERVER_FIELDS,
    'transfer.fromLa': 'fromLa',
    'transfer.date': 'transferredOn-day',
    'transfer.firstMadeOn': 'firstMadeOn-day',
    'transfer.lastReviewedOn': 'lastReviewedOn-day',
    date: 'transferredOn-day',
    firstMadeOn: 'firstMadeOn-day',
    lastReviewedOn: 'lastReviewedOn-day',
    teamId: 'teamId',
  };

  protected async record(): Promise<void> {
    if (!this.linkTo()) {
      this.linkError.set('Select whether this is a child we already know');
      this.errors.set([{ fieldId: 'sameChild', message: 'Select whether this is a child we already know' }]);
      return;
    }
    this.linkError.set(null);
    this.busy.set(true);
    this.errors.set([]);
    try {
      const created = await this.api.createTransferredIn(this.request());
      await this.router.navigate(['/cases', created.id]);
    } catch (err) {
      const p = toProblem(err);
      if (p.errors?.length) {
        this.step.set('form');
        const shown = p.errors.map((e) => ({
          field: e.field,
          fieldId: TransferInPage.SERVER_FIELDS[e.field] ?? '',
          message: e.message,
        }));
        this.serverFieldErrors.set(Object.fromEntries(shown.map((e) => [e.field, e.message])));
        this.errors.set(shown.map(({ fieldId, message }) => ({ fieldId, message })));
      } else {
        this.errors.set([{ fieldId: '', message: p.message }]);
      }
    } finally {
      this.busy.set(false);
    }
  }
}
