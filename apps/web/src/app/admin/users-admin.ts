import { HttpClient, httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { FormField, type FieldTree, form, required, submit, validate } from '@angular/forms/signals';
import type { TeamView, UserView } from '@ehc/contracts';
import { firstValueFrom } from 'rxjs';
import { firstError, summaryOf } from '../core/form-errors';
import { type FieldError, toProblem } from '../core/problem';
import { ErrorSummary } from '../design-system/error-summary';
import { NotificationBanner } from '../design-system/notification-banner';
import { PasswordInput } from '../design-system/password-input';
import { Tag } from '../design-system/tag';
import { type UserChanged, UserActions } from './user-actions';
import {
  ROLES,
  checkDisplayName,
  checkOptionalEmail,
  checkPassword,
  checkUsername,
  needsTeam,
  problemFields,
  roleLabel,
  rule,
} from './user-rules';

interface NewUser {
  username: string;
  displayName: string;
  role: string;
  teamId: string;
  password: string;
  email: string;
}

const blankUser = (): NewUser => ({ username: '', displayName: '', role: '', teamId: '', password: '', email: '' });

/** Where each field of the add form is, for the error summary's links: the api's field name → the input's id. */
const NEW_USER_IDS: Record<keyof NewUser, string> = {
  username: 'new-username',
  displayName: 'new-displayName',
  role: 'new-role',
  teamId: 'new-teamId',
  password: 'new-password',
  email: 'new-email',
};

/**
 * Admin: the council's user accounts. A list (filterable by team), a form to add an account, and each account's
 * actions (user-actions.ts). Who may do what follows from the role; caseworkers and managers belong to a team.
 */
@Component({
  selector: 'cw-users-admin',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormField, ErrorSummary, NotificationBanner, PasswordInput, Tag, UserActions],
  template: `
    <section class="govuk-!-margin-bottom-9" aria-labelledby="users-heading">
      <h2 class="govuk-heading-m" id="users-heading">Users</h2>
      <cw-error-summary [errors]="errors()" />
      <!-- A new banner for each success, so each one takes focus and is announced. -->
      @for (d of done(); track d.id) {
        <cw-notification-banner type="success" title="Success"><p class="govuk-notification-banner__heading">{{ d.text }}</p></cw-notification-banner>
      }

      <form novalidate (submit)="applyFilter($event)">
        <div class="govuk-form-group govuk-!-margin-bottom-4">
          <label class="govuk-label" for="users-team">Team</label>
          <select class="govuk-select" id="users-team" name="users-team" (change)="teamChoice.set($any($event.target).value)">
            <option value="" [selected]="teamChoice() === ''">All teams</option>
            @for (t of teamList(); track t.id) { <option [value]="t.id" [selected]="teamChoice() === t.id">{{ t.name }}</option> }
          </select>
          <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-left-2">Show users</button>
        </div>
      </form>

      @if (users.hasValue()) {
        <table class="govuk-table" id="users-table" tabindex="-1">
          <caption class="govuk-table__caption govuk-table__caption--m">{{ caption() }}</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">Name</th>
            <th class="govuk-table__header" scope="col">Username</th>
            <th class="govuk-table__header" scope="col">Role</th>
            <th class="govuk-table__header" scope="col">Team</th>
            <th class="govuk-table__header" scope="col">E-mail address</th>
            <th class="govuk-table__header" scope="col">Status</th>
            <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Actions</span></th>
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (u of users.value(); track u.id) {
              <tr class="govuk-table__row">
                <th class="govuk-table__header" scope="row">{{ u.displayName }}</th>
                <td class="govuk-table__cell">{{ u.username }}</td>
                <td class="govuk-table__cell">{{ role(u.role) }}</td>
                <td class="govuk-table__cell">{{ teamName(u.teamId) ?? 'No team' }}</td>
                <td class="govuk-table__cell govuk-!-text-break-word">{{ u.email ?? 'None' }}</td>
                <td class="govuk-table__cell"><cw-tag [text]="u.disabled ? 'Disabled' : 'Active'" [colour]="u.disabled ? 'grey' : 'green'" /></td>
                <td class="govuk-table__cell">
                  <a class="govuk-link" href="#manage-user" [attr.data-user-id]="u.id" (click)="manage($event, u)">Manage<span class="govuk-visually-hidden"> {{ u.displayName }}</span></a>
                </td>
              </tr>
            } @empty { <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="7">No users in this team.</td></tr> }
          </tbody>
        </table>
      } @else if (users.error()) {
        <p class="govuk-body">The users could not be loaded. Try again later.</p>
      } @else {
        <p class="govuk-body" role="status">Loading users…</p>
      }

      @for (u of selectedList(); track u.id) {
        <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
          <cw-user-actions [user]="u" [teamName]="teamName(u.teamId)" (changed)="onChanged($event)" (problem)="errors.set($event)" (closed)="closeManage()" />
        </div></div>
      }

      <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
      <h3 class="govuk-heading-s" id="add-user-heading">Add a user</h3>
      <form novalidate (submit)="addUser($event)">
        <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.displayName)">
          <label class="govuk-label" for="new-displayName">Full name</label>
          <div class="govuk-hint" id="new-displayName-hint">As colleagues will see it on cases, for example Sam Taylor</div>
          @if (shown(f.displayName); as m) { <p class="govuk-error-message" id="new-displayName-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
          <input class="govuk-input" [class.govuk-input--error]="shown(f.displayName)" id="new-displayName" type="text" autocomplete="off" spellcheck="false"
                 [formField]="f.displayName" [attr.aria-describedby]="describedBy('new-displayName', f.displayName)">
        </div>
        <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.username)">
          <label class="govuk-label" for="new-username">Username</label>
          <div class="govuk-hint" id="new-username-hint">What they sign in with: lower-case letters, digits, dots, hyphens or underscores, for example sam.taylor</div>
          @if (shown(f.username); as m) { <p class="govuk-error-message" id="new-username-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
          <input class="govuk-input govuk-input--width-20" [class.govuk-input--error]="shown(f.username)" id="new-username" type="text"
                 autocomplete="off" autocapitalize="none" spellcheck="false" [formField]="f.username" [attr.aria-describedby]="describedBy('new-username', f.username)">
        </div>
        <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.role)">
          <fieldset class="govuk-fieldset" [attr.aria-describedby]="shown(f.role) ? 'new-role-error' : null">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Role</legend>
            @if (shown(f.role); as m) { <p class="govuk-error-message" id="new-role-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
            <div class="govuk-radios">
              @for (r of roles; track r.id; let i = $index) {
                <div class="govuk-radios__item">
                  <input class="govuk-radios__input" [id]="roleInputId(r.id, i)" type="radio" [value]="r.id" [formField]="f.role"
                         [attr.aria-describedby]="roleInputId(r.id, i) + '-hint'">
                  <label class="govuk-label govuk-radios__label" [for]="roleInputId(r.id, i)">{{ r.label }}</label>
                  <div class="govuk-hint govuk-radios__hint" [id]="roleInputId(r.id, i) + '-hint'">{{ r.hint }}</div>
                </div>
              }
            </div>
          </fieldset>
        </div>
        <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.teamId)">
          <label class="govuk-label" for="new-teamId">Team</label>
          <div class="govuk-hint" id="new-teamId-hint">Caseworkers and team managers must belong to a team</div>
          @if (shown(f.teamId); as m) { <p class="govuk-error-message" id="new-teamId-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
          <select class="govuk-select" [class.govuk-select--error]="shown(f.teamId)" id="new-teamId" [formField]="f.teamId"
                  [attr.aria-describedby]="describedBy('new-teamId', f.teamId)">
            <option value="">No team</option>
            @for (t of teamList(); track t.id) { <option [value]="t.id">{{ t.name }}</option> }
          </select>
        </div>
        <cw-password-input inputId="new-password" label="Initial password" [formField]="f.password" [error]="shown(f.password)"
                           hint="At least 12 characters: a passphrase of several words is best. Give it to the person in a secure way." />
        <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.email)">
          <label class="govuk-label" for="new-email">E-mail address (optional)</label>
          <div class="govuk-hint" id="new-email-hint">Where the daily digest of deadline alerts is sent. Without one, alerts only show in the service.</div>
          @if (shown(f.email); as m) { <p class="govuk-error-message" id="new-email-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
          <input class="govuk-input" [class.govuk-input--error]="shown(f.email)" id="new-email" type="email" autocomplete="off" spellcheck="false"
                 [formField]="f.email" [attr.aria-describedby]="describedBy('new-email', f.email)">
        </div>
        <button type="submit" class="govuk-button" [disabled]="busy()">Add user</button>
      </form>
      </div></div>
    </section>
  `,
})
export class UsersAdmin {
  private readonly http = inject(HttpClient);
  private readonly injector = inject(Injector);

  protected readonly roles = ROLES;
  protected readonly role = roleLabel;

  protected readonly teams = httpResource<TeamView[]>(() => '/api/teams');
  protected readonly teamList = computed(() => (this.teams.hasValue() ? this.teams.value() : []));
  /** The team picked in the filter, and the one the list shows (they differ until "Show users"). */
  protected readonly teamChoice = signal('');
  private readonly teamFilter = signal('');
  protected readonly users = httpResource<UserView[]>(() => {
    const team = this.teamFilter();
    const params: Record<string, string> = team ? { team } : {};
    return { url: '/api/users', params };
  });
  protected readonly caption = computed(() => {
    const n = this.users.hasValue() ? this.users.value().length : 0;
    const team = this.teamFilter();
    return `${n} ${n === 1 ? 'user' : 'users'}${team ? ` in ${this.teamName(team) ?? team}` : ''}`;
  });

  private readonly selected = signal<UserView | null>(null);
  protected readonly selectedList = computed(() => {
    const u = this.selected();
    return u ? [u] : [];
  });

  protected readonly model = signal<NewUser>(blankUser());
  protected readonly f = form(this.model, (p) => {
    validate(p.displayName, rule(checkDisplayName));
    validate(p.username, rule(checkUsername));
    required(p.role, { message: 'Select a role' });
    required(p.teamId, {
      message: 'Select a team: caseworkers and team managers must belong to one',
      when: ({ valueOf }) => needsTeam(valueOf(p.role)),
    });
    validate(p.password, rule(checkPassword));
    validate(p.email, rule(checkOptionalEmail));
  });

  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  private nextBanner = 0;
  protected readonly done = signal<{ id: number; text: string }[]>([]);

  protected teamName(id: string | null): string | null {
    if (!id) return null;
    return this.teamList().find((t) => t.id === id)?.name ?? id;
  }

  protected roleInputId(role: string, index: number): string {
    return index === 0 ? 'new-role' : `new-role-${role}`;
  }

  protected shown(field: FieldTree<unknown>): string | null {
    return field().touched() ? firstError(field) : null;
  }

  protected describedBy(id: string, field: FieldTree<unknown>): string {
    return this.shown(field) ? `${id}-hint ${id}-error` : `${id}-hint`;
  }

  protected applyFilter(event: Event): void {
    event.preventDefault();
    this.teamFilter.set(this.teamChoice());
  }

  protected manage(event: Event, user: UserView): void {
    event.preventDefault();
    this.errors.set([]);
    this.done.set([]);
    this.selected.set(user);
  }

  protected closeManage(): void {
    const id = this.selected()?.id;
    this.errors.set([]);
    this.selected.set(null);
    // Back where the admin came from: the user's row in the list, or the list itself.
    afterNextRender(
      () => {
        const row = [...document.querySelectorAll<HTMLAnchorElement>('#users-table a[href="#manage-user"]')].find(
          (a) => a.dataset['userId'] === id,
        );
        (row ?? document.getElementById('users-table'))?.focus();
      },
      { injector: this.injector },
    );
  }

  protected onChanged({ user, message }: UserChanged): void {
    this.selected.set(user);
    this.success(message);
    this.users.reload();
  }

  private success(text: string): void {
    this.done.set([{ id: ++this.nextBanner, text }]);
  }

  private fieldSummary(): FieldError[] {
    const f = this.f;
    return summaryOf([
      [NEW_USER_IDS.displayName, f.displayName],
      [NEW_USER_IDS.username, f.username],
      [NEW_USER_IDS.role, f.role],
      [NEW_USER_IDS.teamId, f.teamId],
      [NEW_USER_IDS.password, f.password],
      [NEW_USER_IDS.email, f.email],
    ]);
  }

  protected async addUser(event: Event): Promise<void> {
    event.preventDefault();
    this.done.set([]);
    await submit(this.f, {
      action: async () => {
        this.busy.set(true);
        this.errors.set([]);
        const m = this.model();
        const body = {
          username: m.username.trim(),
          displayName: m.displayName.trim(),
          role: m.role,
          teamId: m.teamId || null,
          password: m.password,
          email: m.email.trim() || null,
        };
        try {
          const created = await firstValueFrom(this.http.post<UserView>('/api/admin/users', body));
          this.f().reset(blankUser());
          this.success(
            `${created.displayName} can now sign in as ${created.username}${created.email ? `; alerts go to ${created.email}` : ''}`,
          );
          this.users.reload();
          return undefined;
        } catch (err) {
          const p = toProblem(err);
          const fields = problemFields(p);
          const known = fields.filter((e) => e.field in NEW_USER_IDS);
          // Field problems are shown at their fields (below, from the returned errors) and linked from the summary.
          const other = fields
            .filter((e) => !(e.field in NEW_USER_IDS))
            .map((e) => ({ fieldId: '', message: e.message }));
          if (!fields.length) other.push({ fieldId: '', message: p.message });
          this.afterSubmit = other;
          const seen = new Set<string>();
          return known.flatMap((e) => {
            if (seen.has(e.field)) return [];
            seen.add(e.field);
            return [{ kind: 'server', message: e.message, fieldTree: this.f[e.field as keyof NewUser] }];
          });
        } finally {
          this.busy.set(false);
        }
      },
      onInvalid: () => this.errors.set(this.fieldSummary()),
    });
    if (this.afterSubmit) {
      this.errors.set([...this.fieldSummary(), ...this.afterSubmit]);
      this.afterSubmit = null;
    }
  }

  /** Problems from the last submission that belong to no field: shown in the summary after the field errors. */
  private afterSubmit: FieldError[] | null = null;
}
