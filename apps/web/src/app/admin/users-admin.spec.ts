import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { UserView } from '@ehc/contracts';
import { settle, tickWhilePending } from '../../testing/settle';
import { UsersAdmin } from './users-admin';

const TEAMS = [
  { id: 'north', name: 'North team' },
  { id: 'south', name: 'South team' },
];
const user = (over: Partial<UserView> = {}): UserView => ({
  id: '0b7c3c52-3f4e-4a55-9d0e-4d7f7a1d2c01',
  username: 'cw-north-1',
  displayName: 'North caseworker 1',
  role: 'caseworker',
  teamId: 'north',
  disabled: false,
  email: 'cw1@council.gov.uk',
  ...over,
});
const ADMIN = user({
  id: '5a0e2b8e-1d7a-4c1e-8f55-0c1e2d3f4a02',
  username: 'admin',
  displayName: 'Demo admin',
  role: 'admin',
  teamId: null,
  email: null,
});
const BOARD = user({
  id: '9c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e03',
  username: 'board',
  displayName: 'Board member',
  role: 'board',
  teamId: null,
  email: null,
  disabled: true,
});
const USERS = [ADMIN, BOARD, user()];

const isUsers = (r: { url: string; method: string }) => r.method === 'GET' && r.url === '/api/users';

async function render(users: UserView[] = USERS) {
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(UsersAdmin);
  const http = TestBed.inject(HttpTestingController);
  TestBed.tick();
  http.expectOne('/api/teams').flush(TEAMS);
  http.expectOne(isUsers).flush(users);
  await TestBed.inject(ApplicationRef).whenStable();
  await settle(fixture);
  return { fixture, el: fixture.nativeElement as HTMLElement, http };
}

/** Lets promise chains and rendering run; unlike settle(), it does not wait for open requests (most steps leave one). */
const step = () => tickWhilePending(5);

function typeInto(el: HTMLElement, id: string, text: string) {
  const input = el.querySelector<HTMLInputElement>(`#${id}`)!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
}

function choose(el: HTMLElement, id: string, value: string) {
  const select = el.querySelector<HTMLSelectElement>(`#${id}`)!;
  select.value = value;
  select.dispatchEvent(new Event('input'));
  select.dispatchEvent(new Event('change'));
}

function button(el: HTMLElement, text: string): HTMLButtonElement {
  const b = [...el.querySelectorAll<HTMLButtonElement>('button')].find((x) => x.textContent?.trim() === text);
  if (!b) throw new Error(`no button "${text}"`);
  return b;
}

const rows = (el: HTMLElement) =>
  [...el.querySelectorAll('#users-table tbody tr')].map((r) =>
    [...r.querySelectorAll('th, td')].map((c) => c.textContent?.replace(/\s+/g, ' ').trim()),
  );
const summary = (el: HTMLElement) =>
  [...el.querySelectorAll('.govuk-error-summary li')].map((li) => [
    li.querySelector('a')?.getAttribute('href') ?? null,
    li.textContent?.trim(),
  ]);
const banner = (el: HTMLElement) =>
  el.querySelector('.govuk-notification-banner--success')?.textContent?.replace(/\s+/g, ' ').trim();

function fillNewUser(el: HTMLElement) {
  typeInto(el, 'new-displayName', 'Sam Taylor');
  typeInto(el, 'new-username', 'sam.taylor');
  el.querySelector<HTMLInputElement>('#new-role')!.click(); // Caseworker
  choose(el, 'new-teamId', 'north');
  typeInto(el, 'new-password', 'correct horse battery');
  typeInto(el, 'new-email', ' Sam.Taylor@council.gov.uk ');
}

async function manage(el: HTMLElement, name: string) {
  const link = [...el.querySelectorAll<HTMLAnchorElement>('#users-table a')].find((a) =>
    a.textContent?.includes(name),
  )!;
  link.click();
  await step();
}

describe('users admin', () => {
  it('lists every user with role, team name, e-mail and a status in words, not colour alone', async () => {
    const { el } = await render();
    expect(el.querySelector('#users-table caption')?.textContent?.trim()).toBe('3 users');
    expect(rows(el)).toEqual([
      ['Demo admin', 'admin', 'Administrator', 'No team', 'None', 'Active', 'Manage Demo admin'],
      ['Board member', 'board', 'Board member', 'No team', 'None', 'Disabled', 'Manage Board member'],
      [
        'North caseworker 1',
        'cw-north-1',
        'Caseworker',
        'North team',
        'cw1@council.gov.uk',
        'Active',
        'Manage North caseworker 1',
      ],
    ]);
  });

  it('filters the list by team when asked, and back to every team', async () => {
    const { el, http } = await render();
    choose(el, 'users-team', 'north');
    button(el, 'Show users').click();
    await step();
    const req = http.expectOne(isUsers);
    expect(req.request.params.get('team')).toBe('north');
    req.flush([user()]);
    await step();
    expect(el.querySelector('#users-table caption')?.textContent?.trim()).toBe('1 user in North team');

    choose(el, 'users-team', '');
    button(el, 'Show users').click();
    await step();
    const all = http.expectOne(isUsers);
    expect(all.request.params.has('team')).toBe(false);
    all.flush(USERS);
  });

  describe('adding a user', () => {
    it('checks the answers first: every problem in the summary, linked to its field, and nothing is sent', async () => {
      const { el, http } = await render();
      typeInto(el, 'new-username', 'Sam Taylor');
      typeInto(el, 'new-password', 'short');
      typeInto(el, 'new-email', 'not-an-address');
      el.querySelector<HTMLInputElement>('#new-role-team-manager')!.click();
      button(el, 'Add user').click();
      await step();
      expect(summary(el)).toEqual([
        ['#new-displayName', 'Enter the person’s name'],
        [
          '#new-username',
          'Username must be 2 to 64 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit',
        ],
        ['#new-teamId', 'Select a team: caseworkers and team managers must belong to one'],
        ['#new-password', 'Password must be 12 characters or more'],
        ['#new-email', 'Enter an e-mail address in the correct format, like name@council.gov.uk'],
      ]);
      expect(el.querySelector('#new-teamId-error')?.textContent).toContain('Select a team');
      expect(el.querySelector('#new-teamId')?.getAttribute('aria-describedby')).toBe(
        'new-teamId-hint new-teamId-error',
      );
      http.expectNone({ method: 'POST' });
    });

    it('does not ask a board member for a team', async () => {
      const { el, http } = await render();
      fillNewUser(el);
      choose(el, 'new-teamId', '');
      el.querySelector<HTMLInputElement>('#new-role-board')!.click();
      button(el, 'Add user').click();
      await step();
      const req = http.expectOne({ method: 'POST', url: '/api/admin/users' });
      expect(req.request.body).toMatchObject({ role: 'board', teamId: null });
    });

    it('sends the account (trimmed; no e-mail is null), then says so and reloads the list', async () => {
      const { el, http } = await render();
      fillNewUser(el);
      button(el, 'Add user').click();
      await step();
      const req = http.expectOne({ method: 'POST', url: '/api/admin/users' });
      expect(req.request.body).toEqual({
        username: 'sam.taylor',
        displayName: 'Sam Taylor',
        role: 'caseworker',
        teamId: 'north',
        password: 'correct horse battery',
        email: 'Sam.Taylor@council.gov.uk',
      });
      const created = user({
        id: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a05',
        username: 'sam.taylor',
        displayName: 'Sam Taylor',
        email: 'sam.taylor@council.gov.uk',
      });
      req.flush(created);
      await step();
      expect(banner(el)).toContain('Sam Taylor can now sign in as sam.taylor; alerts go to sam.taylor@council.gov.uk');
      http.expectOne(isUsers).flush([...USERS, created]);
      await step();
      expect(rows(el).map((r) => r[0])).toContain('Sam Taylor');
      // The form is empty again, with no errors shown for the now-blank fields.
      expect(el.querySelector<HTMLInputElement>('#new-username')!.value).toBe('');
      expect(el.querySelectorAll('.govuk-error-message')).toHaveLength(0);
      expect(summary(el)).toEqual([]);
    });

    it('leaves the e-mail out as null when none is given', async () => {
      const { el, http } = await render();
      fillNewUser(el);
      typeInto(el, 'new-email', '   ');
      button(el, 'Add user').click();
      await step();
      expect(http.expectOne({ method: 'POST', url: '/api/admin/users' }).request.body.email).toBeNull();
    });

    it('shows the server’s field errors of a 400 at their fields and in the summary', async () => {
      const { el, http } = await render();
      fillNewUser(el);
      button(el, 'Add user').click();
      await step();
      http.expectOne({ method: 'POST', url: '/api/admin/users' }).flush(
        {
          statusCode: 400,
          code: 'INVALID_REQUEST',
          message: 'The request is not valid',
          errors: [
            {
              field: 'email',
              message:
                'email must be an e-mail address such as name@council.gov.uk (at most 254 characters), or null for none',
            },
            { field: 'teamId', message: 'must be the id of an existing team (GET /api/teams)' },
          ],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await step();
      expect(summary(el)).toEqual([
        ['#new-teamId', 'Team: must be the id of an existing team (GET /api/teams)'],
        ['#new-email', 'E-mail address must be an e-mail address such as name@council.gov.uk (at most 254 characters)'],
      ]);
      expect(el.querySelector('#new-email-error')?.textContent).toContain('E-mail address must be an e-mail address');
      expect(el.querySelector('#new-email')?.classList).toContain('govuk-input--error');
      expect(el.querySelector('#new-teamId-error')?.textContent).toContain('must be the id of an existing team');
      expect(banner(el)).toBeUndefined();
    });

    it('puts a taken username (409) at the username field', async () => {
      const { el, http } = await render();
      fillNewUser(el);
      button(el, 'Add user').click();
      await step();
      http.expectOne({ method: 'POST', url: '/api/admin/users' }).flush(
        {
          statusCode: 409,
          code: 'USERNAME_TAKEN',
          message: 'The username sam.taylor is already taken: choose another',
        },
        { status: 409, statusText: 'Conflict' },
      );
      await step();
      expect(summary(el)).toEqual([['#new-username', 'The username sam.taylor is already taken: choose another']]);
      expect(el.querySelector('#new-username-error')?.textContent).toContain('already taken');
    });
  });

  describe('one user’s actions', () => {
    it('opens a panel for the user, starting at its heading', async () => {
      const { el } = await render();
      await manage(el, 'North caseworker 1');
      const heading = el.querySelector<HTMLElement>('#manage-user-heading')!;
      expect(heading.textContent).toContain('Manage North caseworker 1');
      expect(document.activeElement).toBe(heading);
    });

    it('changes the e-mail address with a PATCH of just the address', async () => {
      const { el, http } = await render();
      await manage(el, 'North caseworker 1');
      expect(el.querySelector<HTMLInputElement>('#manage-email')!.value).toBe('cw1@council.gov.uk');
      typeInto(el, 'manage-email', ' new.address@council.gov.uk ');
      button(el, 'Save e-mail address').click();
      await step();
      const req = http.expectOne({ method: 'PATCH', url: `/api/admin/users/${user().id}` });
      expect(req.request.body).toEqual({ email: 'new.address@council.gov.uk' });
      req.flush(user({ email: 'new.address@council.gov.uk' }));
      await step();
      expect(banner(el)).toContain('E-mail address of North caseworker 1 changed to new.address@council.gov.uk');
      http
        .expectOne(isUsers)
        .flush(USERS.map((u) => (u.id === user().id ? user({ email: 'new.address@council.gov.uk' }) : u)));
      await step();
      expect(rows(el)[2][4]).toBe('new.address@council.gov.uk');
    });

    it('shows a refused address at the e-mail field', async () => {
      const { el, http } = await render();
      await manage(el, 'North caseworker 1');
      typeInto(el, 'manage-email', 'a@b.example');
      button(el, 'Save e-mail address').click();
      await step();
      http.expectOne({ method: 'PATCH' }).flush(
        {
          statusCode: 400,
          code: 'INVALID_REQUEST',
          message: 'Invalid',
          errors: [
            {
              field: 'email',
              message:
                'email must be an e-mail address such as name@council.gov.uk (at most 254 characters), or null for none',
            },
          ],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await step();
      expect(summary(el)).toEqual([
        [
          '#manage-email',
          'E-mail address must be an e-mail address such as name@council.gov.uk (at most 254 characters)',
        ],
      ]);
      expect(el.querySelector('#manage-email-error')?.textContent).toContain('E-mail address must be');
      expect(el.querySelector('#manage-email')?.getAttribute('aria-describedby')).toBe(
        'manage-email-hint manage-email-error',
      );
    });

    it('removes the e-mail address (null) only after the second button', async () => {
      const { el, http } = await render();
      await manage(el, 'North caseworker 1');
      button(el, 'Remove e-mail address').click();
      await step();
      http.expectNone({ method: 'PATCH' });
      expect(el.querySelector('#confirm-remove-email .govuk-warning-text')?.textContent).toContain(
        'will no longer get the daily digest',
      );
      button(el, 'Yes, remove the e-mail address').click();
      await step();
      const req = http.expectOne({ method: 'PATCH', url: `/api/admin/users/${user().id}` });
      expect(req.request.body).toEqual({ email: null });
      req.flush(user({ email: null }));
      await step();
      expect(banner(el)).toContain('E-mail address of North caseworker 1 removed');
      expect(el.querySelector('#manage-email-error')).toBeNull();
    });

    it('disables an account only after the warning and a second button; Cancel sends nothing', async () => {
      const { el, http } = await render();
      await manage(el, 'North caseworker 1');
      button(el, 'Disable account').click();
      await step();
      expect(document.activeElement?.id).toBe('confirm-disable');
      expect(el.querySelector('#confirm-disable')?.textContent).toContain('will be signed out at once');
      button(el, 'Cancel').click();
      await step();
      http.expectNone({ method: 'PATCH' });
      expect(document.activeElement?.id).toBe('disable-button');

      button(el, 'Disable account').click();
      await step();
      button(el, 'Yes, disable the account').click();
      await step();
      const req = http.expectOne({ method: 'PATCH', url: `/api/admin/users/${user().id}` });
      expect(req.request.body).toEqual({ disabled: true });
      req.flush(user({ disabled: true }));
      await step();
      expect(banner(el)).toContain('Account of North caseworker 1 disabled');
      // Now it can be enabled again, in one step.
      button(el, 'Enable account').click();
      await step();
      expect(http.expectOne({ method: 'PATCH', url: `/api/admin/users/${user().id}` }).request.body).toEqual({
        disabled: false,
      });
    });

    it('says why the last admin cannot be disabled (409 LAST_ADMIN)', async () => {
      const { el, http } = await render();
      await manage(el, 'Demo admin');
      button(el, 'Disable account').click();
      await step();
      button(el, 'Yes, disable the account').click();
      await step();
      http.expectOne({ method: 'PATCH', url: `/api/admin/users/${ADMIN.id}` }).flush(
        {
          statusCode: 409,
          code: 'LAST_ADMIN',
          message: 'This is the only active admin: make another user an admin first',
        },
        { status: 409, statusText: 'Conflict' },
      );
      await step();
      expect(summary(el)).toEqual([[null, 'This is the only active admin: make another user an admin first']]);
      expect(banner(el)).toBeUndefined();
    });

    it('resets the password after warning that it signs the user out', async () => {
      const { el, http } = await render();
      await manage(el, 'North caseworker 1');
      expect(el.querySelector('#manage-password-hint')?.textContent).toContain('signs North caseworker 1 out');
      button(el, 'Reset password').click();
      await step();
      expect(summary(el)).toEqual([['#manage-password', 'Enter a password']]);
      typeInto(el, 'manage-password', 'a new long passphrase');
      button(el, 'Reset password').click();
      await step();
      expect(el.querySelector('#confirm-password')?.textContent).toContain('signs North caseworker 1 out everywhere');
      http.expectNone({ method: 'PATCH' });
      button(el, 'Yes, reset the password').click();
      await step();
      const req = http.expectOne({ method: 'PATCH', url: `/api/admin/users/${user().id}` });
      expect(req.request.body).toEqual({ password: 'a new long passphrase' });
      req.flush(user());
      await step();
      expect(banner(el)).toContain('Password of North caseworker 1 reset: they have been signed out');
      expect(el.querySelector<HTMLInputElement>('#manage-password')!.value).toBe('');
    });

    it('unlocks an account', async () => {
      const { el, http } = await render();
      await manage(el, 'North caseworker 1');
      button(el, 'Unlock account').click();
      await step();
      const req: TestRequest = http.expectOne({ method: 'PATCH', url: `/api/admin/users/${user().id}` });
      expect(req.request.body).toEqual({ unlock: true });
      req.flush(user());
      await step();
      expect(banner(el)).toContain('Account of North caseworker 1 unlocked');
    });
  });
});
