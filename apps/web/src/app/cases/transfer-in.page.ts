import { ChangeDetectionStrategy, Component, computed, forwardRef, linkedSignal } from '@angular/core';
import { FormField, type FieldTree, apply, form, required, validate } from '@angular/forms/signals';
import { SETTING_TYPE_LABELS, type CreateTransferredInCaseRequest } from '@ehc/contracts';
import { dateRule } from '../core/date-rule';
import { type DateParts, emptyDate, formatDate, toIsoDate } from '../core/dates';
import { DateInput } from '../design-system/date-input';
import { changeRow, type SummaryRow } from '../design-system/summary-list';
import { type CaseOpening, CaseOpeningForm } from './case-opening-form';
import { CaseOpeningSteps } from './case-opening-steps';
import { childDetailsSchema, emptyChildDetails } from './child-details';

/**
 * A plan transferred in from another council (reg 15(2)-(3); docs/plan-life.md#a-plan-transferred-in): the child moved
 * here with an EHC plan. It is not a request and not a new plan: the case begins with the plan maintained, treated as
 * made on the day the old council made it, and the clocks are reg 15's (tell the family within 6 weeks; first review
 * by the later of 12 months from the old council's last review and 3 months from the transfer).
 */
interface TransferIn extends CaseOpening {
  fromLa: string;
  transferredOn: DateParts;
  firstMadeOn: DateParts;
  lastReviewedOn: DateParts;
  settingType: string;
  inArea: string;
  setting: string;
}

export const SETTING_TYPES = Object.keys(SETTING_TYPE_LABELS);

@Component({
  selector: 'cw-transfer-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormField, DateInput, CaseOpeningSteps],
  providers: [{ provide: CaseOpeningForm, useExisting: forwardRef(() => TransferInPage) }],
  template: `
    <cw-case-opening-steps formHeading="Record a plan transferred in from another council" checkHeading="Check the plan transferred in before you record it">
      <p class="govuk-body" intro>
        Use this when a child or young person with an EHC plan has moved here and the old council has transferred the plan.
        It is not a request for an assessment and not a new plan: this council maintains the plan as if it had made it on
        the day the old council did (regulation 15).
      </p>
      <ng-container ngProjectAs="[fields]">
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
      </ng-container>
      <p class="govuk-body">
        Recording it starts the plan’s clocks from {{ transferText() }}: the family must be told within 6 weeks that the plan has
        transferred, whether this council will assess, and when it will review the plan.
      </p>
      <button type="button" class="govuk-button" [disabled]="busy()" (click)="record()">Record the plan transferred in</button>
    </cw-case-opening-steps>
  `,
})
export class TransferInPage extends CaseOpeningForm<TransferIn> {
  protected readonly settingTypes = SETTING_TYPES;
  protected readonly settingLabel = (t: string) => SETTING_TYPE_LABELS[t] ?? t;

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
  readonly f = form(this.model, (p) => {
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

  protected pageFields(): [string, FieldTree<unknown>][] {
    const f = this.f;
    return [
      ['fromLa', f.fromLa],
      ['transferredOn-day', f.transferredOn],
      ['firstMadeOn-day', f.firstMadeOn],
      ['lastReviewedOn-day', f.lastReviewedOn],
      ['inArea', f.inArea],
    ];
  }

  protected readonly transferText = computed(() => formatDate(toIsoDate(this.model().transferredOn)));

  protected pageAnswers(m: TransferIn): SummaryRow[] {
    const lastReviewed = toIsoDate(m.lastReviewedOn);
    return [
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
    ];
  }

  private request(): CreateTransferredInCaseRequest {
    const m = this.model();
    const text = (s: string, upper = false) => (s.trim() ? (upper ? s.trim().toUpperCase() : s.trim()) : undefined);
    const lastReviewedOn = toIsoDate(m.lastReviewedOn);
    return {
      ...this.opening(),
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

  /** The transfer's field names → the input the summary links to. */
  private static readonly SERVER_FIELDS: Record<string, string> = {
    'transfer.fromLa': 'fromLa',
    'transfer.date': 'transferredOn-day',
    'transfer.firstMadeOn': 'firstMadeOn-day',
    'transfer.lastReviewedOn': 'lastReviewedOn-day',
    date: 'transferredOn-day',
    firstMadeOn: 'firstMadeOn-day',
    lastReviewedOn: 'lastReviewedOn-day',
  };

  protected record(): Promise<void> {
    return this.openCase(() => this.api.createTransferredIn(this.request()), TransferInPage.SERVER_FIELDS);
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default TransferInPage;
