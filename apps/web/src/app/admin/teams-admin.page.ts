import { HttpClient, httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { TeamAdminView } from '@ehc/contracts';
import { firstValueFrom } from 'rxjs';
import type { FieldError } from '../core/problem';
import { ErrorSummary } from '../design-system/error-summary';
import { NotificationBanner } from '../design-system/notification-banner';
import { TextField } from '../design-system/text-field';
import { errorFor, serverErrors } from '../persons/server-errors';

const TEAM_ID = /^[a-z0-9-]{1,40}$/;

/**
 * Admin: the council's teams (docs/operations.md#teams). A list with each team's active users and cases, a form to
 * add a team and one to rename a team; its id never changes. The users page's team choices read the same list.
 */
@Component({
  selector: 'cw-teams-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ErrorSummary, NotificationBanner, TextField],
  template: `
    <a routerLink="/admin" class="govuk-back-link">Back to administration</a>
    <cw-error-summary [errors]="errors()" />
    @for (d of done(); track d.id) {
      <cw-notification-banner type="success" title="Success"><p class="govuk-notification-banner__heading">{{ d.text }}</p></cw-notification-banner>
    }
    <h1 class="govuk-heading-l">Teams</h1>
    <p class="govuk-body">Caseworkers and team managers belong to a team, and each case is a team’s. Add the council’s teams here, then
      <a class="govuk-link" routerLink="/admin">add their users</a>.</p>

    @if (teams.hasValue()) {
      <table class="govuk-table" id="teams-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{{ teams.value().length }} {{ teams.value().length === 1 ? 'team' : 'teams' }}</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Team</th>
          <th class="govuk-table__header" scope="col">Id</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Active users</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Cases</th>
          <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Actions</span></th>
        </tr></thead>
        <tbody class="govuk-table__body">
          @for (t of teams.value(); track t.id) {
            <tr class="govuk-table__row">
              <th class="govuk-table__header" scope="row">{{ t.name }}</th>
              <td class="govuk-table__cell">{{ t.id }}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ t.activeUsers }}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{{ t.cases }}</td>
              <td class="govuk-table__cell">
                <a class="govuk-link" href="#rename-team" (click)="startRename($event, t)">Rename<span class="govuk-visually-hidden"> {{ t.name }}</span></a>
              </td>
            </tr>
          } @empty { <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">No teams yet: add the first one below.</td></tr> }
        </tbody>
      </table>
    } @else if (teams.error()) {
      <p class="govuk-body">The teams could not be loaded. Try again later.</p>
    } @else {
      <p class="govuk-body" role="status">Loading teams…</p>
    }

    <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
      @if (renaming(); as r) {
        <form novalidate (submit)="rename($event)" id="rename-team" class="govuk-!-margin-bottom-9">
          <h2 class="govuk-heading-m" id="rename-heading" tabindex="-1">Rename {{ r.name }}</h2>
          <cw-text-field fieldId="rename-name" label="New name" [hint]="'Its id, ' + r.id + ', stays the same'" [(value)]="newName" [error]="err('rename-name')" />
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" [disabled]="busy()">Rename team</button>
            <a class="govuk-link" href="#teams-table" (click)="cancelRename($event)">Cancel</a>
          </div>
        </form>
      }

      <form novalidate (submit)="add($event)">
        <h2 class="govuk-heading-m">Add a team</h2>
        <cw-text-field fieldId="team-name" label="Team name" hint="As people will see it, for example North team" [(value)]="name" [error]="err('team-name')" />
        <cw-text-field fieldId="team-id" label="Team id" width="govuk-input--width-20"
          hint="Lower-case letters, digits and hyphens, for example north. The council sign-in’s team map uses it, and it cannot be changed later"
          [(value)]="id" [error]="err('team-id')" />
        <button type="submit" class="govuk-button" [disabled]="busy()">Add team</button>
      </form>
    </div></div>
  `,
})
export class TeamsAdminPage {
  private readonly http = inject(HttpClient);
  protected readonly teams = httpResource<TeamAdminView[]>(() => '/api/admin/teams');
  protected readonly name = signal('');
  protected readonly id = signal('');
  protected readonly renaming = signal<TeamAdminView | null>(null);
  protected readonly newName = signal('');
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  protected readonly done = signal<{ id: number; text: string }[]>([]);
  private banners = 0;

  protected err(fieldId: string): string | null {
    return errorFor(this.errors(), fieldId);
  }

  private succeeded(text: string): void {
    this.errors.set([]);
    this.done.set([{ id: ++this.banners, text }]);
    this.teams.reload();
  }

  protected async add(event: Event): Promise<void> {
    event.preventDefault();
    const name = this.name().trim();
    const id = this.id().trim();
    const errors: FieldError[] = [];
    if (!name) errors.push({ fieldId: 'team-name', message: 'Enter the team’s name' });
    if (!id) errors.push({ fieldId: 'team-id', message: 'Enter the team’s id, for example north' });
    else if (!TEAM_ID.test(id))
      errors.push({
        fieldId: 'team-id',
        message: 'The team id must be 1 to 40 lower-case letters, digits or hyphens, for example early-years',
      });
    this.errors.set(errors);
    if (errors.length) return;
    this.busy.set(true);
    try {
      const team = await firstValueFrom(this.http.post<TeamAdminView>('/api/admin/teams', { id, name }));
      this.name.set('');
      this.id.set('');
      this.succeeded(`Team added: ${team.name}`);
    } catch (e) {
      this.errors.set(serverErrors(e, { id: 'team-id', name: 'team-name' }));
    } finally {
      this.busy.set(false);
    }
  }

  protected startRename(event: Event, team: TeamAdminView): void {
    event.preventDefault();
    this.errors.set([]);
    this.renaming.set(team);
    this.newName.set(team.name);
    setTimeout(() => document.getElementById('rename-heading')?.focus());
  }

  protected cancelRename(event: Event): void {
    event.preventDefault();
    this.renaming.set(null);
  }

  protected async rename(event: Event): Promise<void> {
    event.preventDefault();
    const team = this.renaming();
    const name = this.newName().trim();
    if (!team) return;
    if (!name) {
      this.errors.set([{ fieldId: 'rename-name', message: 'Enter the team’s new name' }]);
      return;
    }
    this.busy.set(true);
    try {
      const renamed = await firstValueFrom(
        this.http.patch<TeamAdminView>(`/api/admin/teams/${encodeURIComponent(team.id)}`, { name }),
      );
      this.renaming.set(null);
      this.succeeded(`Team renamed: ${team.name} is now ${renamed.name}`);
    } catch (e) {
      this.errors.set(serverErrors(e, { name: 'rename-name' }));
    } finally {
      this.busy.set(false);
    }
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default TeamsAdminPage;
