import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  ETHNICITY_LABELS,
  PARENT_RELATIONSHIPS,
  PERSON_SEX_LABELS,
  PREFERRED_CONTACT,
  PROFESSIONAL_ROLES,
  type ContactKind,
  type PersonDetail,
} from '@ehc/contracts';
import { formatDate } from '../core/dates';
import type { FieldError } from '../core/problem';
import { ErrorSummary } from '../design-system/error-summary';
import { NotificationBanner } from '../design-system/notification-banner';
import { TextField } from '../design-system/text-field';
import { preferredLabel, relationshipLabel } from './person-labels';
import { PersonsApi } from './persons-api';
import { MergeDuplicates } from './merge-duplicates';
import { SubjectAccessExport } from './subject-access-export';
import { ContactsTable } from './contacts-table';
import { Session } from '../core/session';
import { errorFor, serverErrors } from './server-errors';

/** A child's record: details, parents, carers and professionals, and every request and plan over the years. */
@Component({
  selector: 'cw-person-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ErrorSummary,
    NotificationBanner,
    TextField,
    MergeDuplicates,
    SubjectAccessExport,
    ContactsTable,
  ],
  template: `
    <a routerLink="/persons" class="govuk-back-link">Back to find a child</a>
    @if (person.hasValue()) {
      @let p = person.value();
      @if (done()) { <cw-notification-banner type="success" title="Success"><p class="govuk-notification-banner__heading">{{ done() }}</p></cw-notification-banner> }
      <h1 class="govuk-heading-l"><span class="govuk-caption-l">Child or young person</span>{{ p.givenName }} {{ p.familyName }}</h1>
      <dl class="govuk-summary-list">
        @for (row of rows(); track row[0]) {
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{{ row[0] }}</dt><dd class="govuk-summary-list__value">{{ row[1] || 'Not given' }}</dd></div>
        }
      </dl>
      <p class="govuk-body"><a class="govuk-link" [routerLink]="['/persons', p.id, 'edit']">Correct the child’s details</a></p>

      <h2 class="govuk-heading-m" id="requests-heading">Requests and plans</h2>
      <table class="govuk-table" aria-labelledby="requests-heading">
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Case</th>
          <th class="govuk-table__header" scope="col">Request received</th>
          <th class="govuk-table__header" scope="col">Stage</th>
          <th class="govuk-table__header" scope="col">Final plan</th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (c of p.cases; track c.id) {
            <tr class="govuk-table__row">
              <th class="govuk-table__header" scope="row">
                @if (c.ownTeam) { <a class="govuk-link" [routerLink]="['/cases', c.id]">{{ c.reference }}</a> } @else { {{ c.reference }} (another team) }
              </th>
              <td class="govuk-table__cell">{{ c.receivedOn ? date(c.receivedOn) : 'No request: plan transferred in' }}</td>
              <td class="govuk-table__cell">{{ c.stageLabel }}</td>
              <td class="govuk-table__cell">{{ c.finalIssuedOn ? date(c.finalIssuedOn) : 'None' }}</td>
            </tr>
          } @empty {
            <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No requests yet.</td></tr>
          }
        </tbody>
      </table>
      <a class="govuk-button govuk-button--secondary" [routerLink]="['/cases/new']" [queryParams]="{ person: p.id }">Log a new request for this child</a>

      <h2 class="govuk-heading-m" id="contacts-heading">Parents, carers and professionals</h2>
      <cw-contacts-table [contacts]="p.contacts" labelledBy="contacts-heading" />

      <details class="govuk-details" id="add-contact" [open]="adding()">
        <summary class="govuk-details__summary" (click)="$event.preventDefault(); adding.set(!adding())"><span class="govuk-details__summary-text">Add a parent, carer or professional</span></summary>
        <div class="govuk-details__text">
          <cw-error-summary [errors]="errors()" />
          <form novalidate (submit)="addContact($event, p.id)">
            <div class="govuk-form-group">
              <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Who are they?</legend>
                <div class="govuk-radios govuk-radios--small govuk-radios--inline">
                  <div class="govuk-radios__item">
                    <input class="govuk-radios__input" id="contact-kind" name="contact-kind" type="radio" value="parent-carer" [checked]="kind() === 'parent-carer'" (change)="setKind('parent-carer')">
                    <label class="govuk-label govuk-radios__label" for="contact-kind">Parent or carer</label>
                  </div>
                  <div class="govuk-radios__item">
                    <input class="govuk-radios__input" id="contact-kind-professional" name="contact-kind" type="radio" value="professional" [checked]="kind() === 'professional'" (change)="setKind('professional')">
                    <label class="govuk-label govuk-radios__label" for="contact-kind-professional">Professional</label>
                  </div>
                </div>
              </fieldset>
            </div>
            <cw-text-field fieldId="contact-name" label="Full name" [(value)]="name" [error]="err('contact-name')" />
            <div class="govuk-form-group" [class.govuk-form-group--error]="err('contact-relationship')">
              <label class="govuk-label" for="contact-relationship">{{ kind() === 'parent-carer' ? 'Relationship to the child' : 'Role' }}</label>
              @if (err('contact-relationship'); as m) { <p class="govuk-error-message" id="contact-relationship-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
              <select class="govuk-select" id="contact-relationship" [value]="relationshipValue()" (change)="relationshipValue.set($any($event.target).value)">
                <option value="">Choose</option>
                @for (r of relationships(); track r) { <option [value]="r">{{ relationship(r) }}</option> }
              </select>
            </div>
            @if (kind() === 'parent-carer') {
              <div class="govuk-form-group"><div class="govuk-checkboxes govuk-checkboxes--small"><div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="contact-pr" type="checkbox" [checked]="pr()" (change)="pr.set($any($event.target).checked)">
                <label class="govuk-label govuk-checkboxes__label" for="contact-pr">Has parental responsibility</label>
              </div></div></div>
            } @else {
              <cw-text-field fieldId="contact-organisation" label="Organisation (optional)" [(value)]="organisation" [error]="err('contact-organisation')" />
            }
            <cw-text-field fieldId="contact-phone" label="Phone (optional)" type="tel" width="govuk-input--width-20" [(value)]="phone" [error]="err('contact-phone')" />
            <cw-text-field fieldId="contact-email" label="Email (optional)" type="email" [(value)]="email" [error]="err('contact-email')" />
            <cw-text-field fieldId="contact-address" label="Address (optional)" [rows]="2" [(value)]="address" [error]="err('contact-address')" />
            <div class="govuk-form-group">
              <label class="govuk-label" for="contact-preferred">Preferred way to contact them</label>
              <select class="govuk-select" id="contact-preferred" [value]="preferred()" (change)="preferred.set($any($event.target).value)">
                <option value="">Not given</option>
                @for (w of ways; track w) { <option [value]="w">{{ wayLabel(w) }}</option> }
              </select>
            </div>
            <button type="submit" class="govuk-button" [disabled]="busy()">Add contact</button>
          </form>
        </div>
      </details>

      @if (isManager()) { <cw-merge-duplicates [person]="p" (merged)="person.reload()" /> }
      <!-- Subject access is a team manager's to answer (docs/security.md). -->
      @if (isManager()) { <cw-subject-access-export [personId]="p.id" /> }
    } @else if (person.error()) {
      <h1 class="govuk-heading-l">This record could not be loaded</h1>
      <p class="govuk-body">It may not exist, or your team may not hold a request for this child.</p>
    } @else {
      <p class="govuk-body">Loading…</p>
    }
  `,
})
export class PersonPage {
  readonly id = input.required<string>();
  private readonly api = inject(PersonsApi);
  private readonly session = inject(Session);
  /** Merging two records of one child is a team manager's decision. */
  protected readonly isManager = computed(() => this.session.role() === 'team-manager');
  protected readonly person = httpResource<PersonDetail>(() => `/api/persons/${encodeURIComponent(this.id())}`);
  protected readonly date = formatDate;
  protected readonly relationship = relationshipLabel;
  protected readonly wayLabel = preferredLabel;
  protected readonly ways = PREFERRED_CONTACT;

  protected readonly rows = computed((): [string, string][] => {
    if (!this.person.hasValue()) return [];
    const p = this.person.value();
    return [
      ['Date of birth', formatDate(p.dateOfBirth)],
      ['UPN', p.upn ?? ''],
      ['ULN', p.uln ?? ''],
      ['Address', p.address ?? ''],
      ['Postcode', p.postcode ?? ''],
      ['School or setting', [p.schoolName, p.schoolUrn ? `URN ${p.schoolUrn}` : null].filter(Boolean).join(', ')],
      ['Sex', p.sex ? (PERSON_SEX_LABELS[p.sex] ?? p.sex) : ''],
      ['Ethnicity', p.ethnicity ? (ETHNICITY_LABELS[p.ethnicity] ?? p.ethnicity) : ''],
      ['Home language', p.homeLanguage ?? ''],
      ['Interpreter', p.interpreterNeeded ? 'Needed' : 'Not needed'],
    ];
  });

  protected readonly adding = signal(false);
  protected readonly kind = signal<ContactKind>('parent-carer');
  protected readonly name = signal('');
  protected readonly relationshipValue = signal('');
  protected readonly pr = signal(false);
  protected readonly organisation = signal('');
  protected readonly phone = signal('');
  protected readonly email = signal('');
  protected readonly address = signal('');
  protected readonly preferred = signal('');
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  protected readonly done = signal<string | null>(null);
  protected readonly relationships = computed(() =>
    this.kind() === 'parent-carer' ? PARENT_RELATIONSHIPS : PROFESSIONAL_ROLES,
  );
  protected err(id: string): string | null {
    return errorFor(this.errors(), id);
  }

  protected setKind(k: ContactKind): void {
    this.kind.set(k);
    this.relationshipValue.set('');
  }

  protected async addContact(event: Event, personId: string): Promise<void> {
    event.preventDefault();
    const missing: FieldError[] = [];
    if (!this.name().trim()) missing.push({ fieldId: 'contact-name', message: 'Enter their full name' });
    if (!this.relationshipValue())
      missing.push({
        fieldId: 'contact-relationship',
        message: this.kind() === 'parent-carer' ? 'Choose their relationship to the child' : 'Choose their role',
      });
    if (missing.length) {
      this.errors.set(missing);
      return;
    }
    const opt = (s: string) => (s.trim() ? s.trim() : undefined);
    this.busy.set(true);
    try {
      await this.api.addContact(personId, {
        kind: this.kind(),
        name: this.name().trim(),
        relationship: this.relationshipValue(),
        ...(this.kind() === 'parent-carer'
          ? { parentalResponsibility: this.pr() }
          : { organisation: opt(this.organisation()) }),
        phone: opt(this.phone()),
        email: opt(this.email()),
        address: opt(this.address()),
        ...(this.preferred() ? { preferredContact: this.preferred() as (typeof PREFERRED_CONTACT)[number] } : {}),
      });
      this.errors.set([]);
      this.done.set(`Added ${this.name().trim()}`);
      for (const s of [
        this.name,
        this.relationshipValue,
        this.organisation,
        this.phone,
        this.email,
        this.address,
        this.preferred,
      ])
        s.set('');
      this.pr.set(false);
      this.adding.set(false);
      this.person.reload();
    } catch (e) {
      const ids = Object.fromEntries(
        [
          'name',
          'relationship',
          'organisation',
          'phone',
          'email',
          'address',
          'parentalResponsibility',
          'preferredContact',
        ].map((f) => [f, `contact-${f}`]),
      );
      this.errors.set(
        serverErrors(e, { ...ids, parentalResponsibility: 'contact-pr', preferredContact: 'contact-preferred' }),
      );
    } finally {
      this.busy.set(false);
    }
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default PersonPage;
