import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { ETHNICITY_LABELS, PERSON_SEX_LABELS, type PersonFields } from '@ehc/contracts';
import { emptyDate, isBlankDate, toIsoDate } from '../core/dates';
import type { FieldError } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { TextField } from '../design-system/text-field';
import { PersonsApi } from './persons-api';
import { errorFor, serverErrors } from './server-errors';

/**
 * Create the record of a child or young person (before, or without, a request). The api checks every field.
 * Correcting a record later is the correction journey with a reason (/persons/:id/edit, CorrectChildPage).
 */
@Component({
  selector: 'cw-new-person-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DateInput, ErrorSummary, TextField],
  template: `
    <a routerLink="/persons" class="govuk-back-link">Back to find a child</a>
    <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
      <cw-error-summary [errors]="errors()" />
      <h1 class="govuk-heading-l">Create a child’s record</h1>
      <form novalidate (submit)="save($event)">
        <cw-text-field fieldId="givenName" label="First name" width="govuk-!-width-two-thirds" [(value)]="givenName" [error]="err('givenName')" />
        <cw-text-field fieldId="familyName" label="Last name" width="govuk-!-width-two-thirds" [(value)]="familyName" [error]="err('familyName')" />
        <cw-date-input idPrefix="dateOfBirth" legend="Date of birth" hint="For example, 27 3 2014" [(value)]="dateOfBirth" [error]="err('dateOfBirth-day')" />
        <cw-text-field fieldId="upn" label="Unique pupil number (UPN) (optional)" hint="13 characters, for example A123456789012" width="govuk-input--width-20" [(value)]="upn" [error]="err('upn')" />
        <cw-text-field fieldId="uln" label="Unique learner number (ULN) (optional)" hint="10 digits, for young people in further education" width="govuk-input--width-10" [(value)]="uln" [error]="err('uln')" />
        <cw-text-field fieldId="address" label="Address (optional)" [rows]="3" [(value)]="address" [error]="err('address')" />
        <cw-text-field fieldId="postcode" label="Postcode (optional)" width="govuk-input--width-10" [(value)]="postcode" [error]="err('postcode')" />
        <cw-text-field fieldId="schoolName" label="School or setting (optional)" [(value)]="schoolName" [error]="err('schoolName')" />
        <cw-text-field fieldId="schoolUrn" label="School or setting URN (optional)" hint="The 6-digit unique reference number" width="govuk-input--width-10" [(value)]="schoolUrn" [error]="err('schoolUrn')" />
 <div class="govuk-form-group">
          <label class="govuk-label" for="sex">Sex (optional)</label>
          <div class="govuk-hint" id="sex-hint">As the SEN2 return asks for it</div>
          <select class="govuk-select" id="sex" aria-describedby="sex-hint" (change)="sex.set($any($event.target).value)">
            <option value="">Not recorded</option>
            @for (o of sexes; track o[0]) { <option [value]="o[0]" [selected]="sex() === o[0]">{{ o[1] }}</option> }
          </select>
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="ethnicity">Ethnicity (optional)</label>
          <div class="govuk-hint" id="ethnicity-hint">As the family describe it; SEN2 asks for it</div>
          <select class="govuk-select" id="ethnicity" aria-describedby="ethnicity-hint" (change)="ethnicity.set($any($event.target).value)">
            <option value="">Not recorded</option>
            @for (o of ethnicities; track o[0]) { <option [value]="o[0]" [selected]="ethnicity() === o[0]">{{ o[1] }}</option> }
          </select>
        </div>
        <cw-text-field fieldId="homeLanguage" label="Home language (optional)" width="govuk-!-width-one-half" [(value)]="homeLanguage" [error]="err('homeLanguage')" />
        <div class="govuk-form-group">
          <div class="govuk-checkboxes govuk-checkboxes--small">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="interpreterNeeded" type="checkbox" [checked]="interpreter()" (change)="interpreter.set($any($event.target).checked)">
              <label class="govuk-label govuk-checkboxes__label" for="interpreterNeeded">The family needs an interpreter</label>
            </div>
          </div>
        </div>
        <button type="submit" class="govuk-button" [disabled]="busy()">Create record</button>
      </form>
    </div></div>
  `,
})
export class NewPersonPage {
  private readonly api = inject(PersonsApi);
  private readonly router = inject(Router);
  protected readonly givenName = signal('');
  protected readonly familyName = signal('');
  protected readonly dateOfBirth = signal(emptyDate());
  protected readonly upn = signal('');
  protected readonly uln = signal('');
  protected readonly address = signal('');
  protected readonly postcode = signal('');
  protected readonly schoolName = signal('');
  protected readonly schoolUrn = signal('');
  protected readonly homeLanguage = signal('');
  protected readonly interpreter = signal(false);
  protected readonly sex = signal('');
  protected readonly ethnicity = signal('');
  protected readonly sexes = Object.entries(PERSON_SEX_LABELS);
  protected readonly ethnicities = Object.entries(ETHNICITY_LABELS);
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  protected err(id: string): string | null {
    return errorFor(this.errors(), id);
  }

  private fields(): PersonFields | FieldError[] {
    const missing: FieldError[] = [];
    if (!this.givenName().trim()) missing.push({ fieldId: 'givenName', message: 'Enter the child’s first name' });
    if (!this.familyName().trim()) missing.push({ fieldId: 'familyName', message: 'Enter the child’s last name' });
    const dob = toIsoDate(this.dateOfBirth());
    if (!dob)
      missing.push({
        fieldId: 'dateOfBirth-day',
        message: isBlankDate(this.dateOfBirth()) ? 'Enter the date of birth' : 'Date of birth must be a real date',
      });
    if (missing.length) return missing;
    const opt = (s: string, up = false) => (s.trim() ? (up ? s.trim().toUpperCase() : s.trim()) : undefined);
    return {
      givenName: this.givenName().trim(),
      familyName: this.familyName().trim(),
      dateOfBirth: dob!,
      upn: opt(this.upn(), true),
      uln: opt(this.uln()),
      address: opt(this.address()),
      postcode: opt(this.postcode(), true),
      schoolName: opt(this.schoolName()),
      schoolUrn: opt(this.schoolUrn()),
      homeLanguage: opt(this.homeLanguage()),
      interpreterNeeded: this.interpreter(),
      sex: opt(this.sex()),
      ethnicity: opt(this.ethnicity()),
    };
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const f = this.fields();
    if (Array.isArray(f)) {
      this.errors.set(f);
      return;
    }
    this.busy.set(true);
    try {
      const p = await this.api.create(f);
      await this.router.navigate(['/persons', p.id]);
    } catch (e) {
      this.errors.set(serverErrors(e, { dateOfBirth: 'dateOfBirth-day' }));
    } finally {
      this.busy.set(false);
    }
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default NewPersonPage;
