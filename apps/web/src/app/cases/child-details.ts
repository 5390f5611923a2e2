import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormField, type FieldTree, pattern, required, schema, validate } from '@angular/forms/signals';
import type { Child } from '@ehc/contracts';
import { dateRule } from '../core/date-rule';
import { type DateParts, emptyDate, formatDate, toIsoDate } from '../core/dates';
import { firstError } from '../core/form-errors';
import { DateInput } from '../design-system/date-input';
import { changeRow, type SummaryRow } from '../design-system/summary-list';

/**
 * The child or young person a case is opened for, as a form asks for them: the same fields, rules and wording on
 * "Log a request" (s36(1)) and "Record a plan transferred in" (reg 15), so the same child is described the same way.
 */
export interface ChildDetails {
  givenName: string;
  familyName: string;
  dateOfBirth: DateParts;
  upn: string;
  postcode: string;
  school: string;
}

export function emptyChildDetails(): ChildDetails {
  return { givenName: '', familyName: '', dateOfBirth: emptyDate(), upn: '', postcode: '', school: '' };
}

/** The rules of the child's fields (a date of birth not in the future; a UPN and a postcode of the right shape). */
export function childDetailsSchema(today: () => string) {
  return schema<ChildDetails>((p) => {
    required(p.givenName, { message: 'Enter the child’s first name' });
    required(p.familyName, { message: 'Enter the child’s last name' });
    validate(p.dateOfBirth, dateRule('the date of birth', today));
    pattern(p.upn, /^\s*([A-Za-z]\d{11}[0-9A-Za-z])?\s*$/, {
      message: 'Enter a UPN of 13 characters, like A123456789012',
    });
    pattern(p.postcode, /^\s*([A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2})?\s*$/, {
      message: 'Enter a real postcode, like SW1A 1AA',
    });
  });
}

/** The error summary's lines for the child's fields, in page order (summaryOf), each linking to its input. */
export function childSummaryFields(f: FieldTree<ChildDetails>): [fieldId: string, field: FieldTree<unknown>][] {
  return [
    ['givenName', f.givenName],
    ['familyName', f.familyName],
    ['dateOfBirth-day', f.dateOfBirth],
    ['upn', f.upn],
    ['postcode', f.postcode],
  ];
}

/** The api's field names of the child → the input the error summary links to. */
export const CHILD_SERVER_FIELDS: Record<string, string> = {
  'child.givenName': 'givenName',
  'child.familyName': 'familyName',
  'child.dateOfBirth': 'dateOfBirth-day',
  'child.upn': 'upn',
  'child.postcode': 'postcode',
  'child.school': 'school',
};

const trimmed = (s: string, upper = false) => (upper ? s.trim().toUpperCase() : s.trim());

/** The child as the api takes it: trimmed, UPN and postcode in capitals, the empty optional answers left out. */
export function childOfRequest(c: ChildDetails): Child {
  const upn = trimmed(c.upn, true),
    postcode = trimmed(c.postcode, true),
    school = trimmed(c.school);
  return {
    givenName: trimmed(c.givenName),
    familyName: trimmed(c.familyName),
    dateOfBirth: toIsoDate(c.dateOfBirth)!,
    ...(upn ? { upn } : {}),
    ...(postcode ? { postcode } : {}),
    ...(school ? { school } : {}),
  };
}

/** The child as "Is this a child we already know?" (SameChildCheck) looks for them. */
export function childToMatch(c: ChildDetails): {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  upn?: string;
} {
  const upn = trimmed(c.upn, true);
  return {
    givenName: trimmed(c.givenName),
    familyName: trimmed(c.familyName),
    dateOfBirth: toIsoDate(c.dateOfBirth) ?? '',
    ...(upn ? { upn } : {}),
  };
}

/** The child's check-your-answers rows, each changed on its own field. */
export function childAnswerRows(c: ChildDetails): SummaryRow[] {
  return [
    changeRow('First name', trimmed(c.givenName), 'givenName'),
    changeRow('Last name', trimmed(c.familyName), 'familyName'),
    changeRow('Date of birth', formatDate(toIsoDate(c.dateOfBirth)), 'dateOfBirth-day'),
    changeRow('UPN', trimmed(c.upn, true), 'upn'),
    changeRow('Postcode', trimmed(c.postcode, true), 'postcode'),
    changeRow('School or setting', trimmed(c.school), 'school'),
  ];
}

/** The child's fields of a form, under the heading "The child or young person"; the page owns the form and its rules. */
@Component({
  selector: 'cw-child-details',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormField, DateInput],
  template: `
    @let f = fields();
    <h2 class="govuk-heading-m">The child or young person</h2>
    <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.givenName)">
      <label class="govuk-label" for="givenName">First name</label>
      @if (shown(f.givenName); as m) { <p class="govuk-error-message" id="givenName-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
      <input class="govuk-input govuk-!-width-two-thirds" [class.govuk-input--error]="shown(f.givenName)" id="givenName" type="text"
             autocomplete="off" spellcheck="false" [formField]="f.givenName" [attr.aria-describedby]="shown(f.givenName) ? 'givenName-error' : null">
    </div>
    <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.familyName)">
      <label class="govuk-label" for="familyName">Last name</label>
      @if (shown(f.familyName); as m) { <p class="govuk-error-message" id="familyName-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
      <input class="govuk-input govuk-!-width-two-thirds" [class.govuk-input--error]="shown(f.familyName)" id="familyName" type="text"
             autocomplete="off" spellcheck="false" [formField]="f.familyName" [attr.aria-describedby]="shown(f.familyName) ? 'familyName-error' : null">
    </div>
    <cw-date-input idPrefix="dateOfBirth" legend="Date of birth" hint="For example, 27 3 2014" [formField]="f.dateOfBirth"
                   [error]="shown(f.dateOfBirth, 'child.dateOfBirth')" />
    <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.upn)">
      <label class="govuk-label" for="upn">Unique pupil number (UPN) (optional)</label>
      <div class="govuk-hint" id="upn-hint">13 characters, for example A123456789012</div>
      @if (shown(f.upn); as m) { <p class="govuk-error-message" id="upn-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
      <input class="govuk-input govuk-input--width-20" [class.govuk-input--error]="shown(f.upn)" id="upn" type="text" spellcheck="false"
             [formField]="f.upn" [attr.aria-describedby]="shown(f.upn) ? 'upn-hint upn-error' : 'upn-hint'">
    </div>
    <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.postcode)">
      <label class="govuk-label" for="postcode">Postcode (optional)</label>
      @if (shown(f.postcode); as m) { <p class="govuk-error-message" id="postcode-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
      <input class="govuk-input govuk-input--width-10" [class.govuk-input--error]="shown(f.postcode)" id="postcode" type="text"
             autocomplete="off" [formField]="f.postcode" [attr.aria-describedby]="shown(f.postcode) ? 'postcode-error' : null">
    </div>
    <div class="govuk-form-group">
      <label class="govuk-label" for="school">Current school or setting (optional)</label>
      <input class="govuk-input" id="school" type="text" [formField]="f.school">
    </div>
  `,
})
export class ChildDetailsFields {
  readonly fields = input.required<FieldTree<ChildDetails>>();
  /** The api's refusals by its field name ('child.dateOfBirth', …), shown on that field until the page clears them. */
  readonly serverErrors = input<Record<string, string>>({});

  protected shown(field: FieldTree<unknown>, serverField?: string): string | null {
    return (
      (field().touched() ? firstError(field) : null) ??
      (serverField ? (this.serverErrors()[serverField] ?? null) : null)
    );
  }
}
