import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { BASE_URL, startBrowserApp, type BrowserApp } from './support/browser-app.js';

/**
 * In the browser: "Sign in with your council account" on the sign-in page takes the person through
 * a real OpenID provider (oidc-provider, its own login and consent pages) and back, signed in with the role and team
 * the claims give; a person whose claims give no role comes back to the sign-in page with the reason. axe stays at
 * zero violations on the sign-in page with the button and with the message.
 */
const PROVIDER_PORT = 14930;
const ISSUER = `http://127.0.0.1:${PROVIDER_PORT}`;
const people: Record<string, Record<string, unknown>> = {
  jo: {
    sub: 'jo',
    preferred_username: 'jo.bloggs@council.example',
    name: 'Jo Bloggs',
    roles: ['EHC.Caseworker'],
    groups: ['grp-north'],
  },
  nobody: {
    sub: 'nobody',
    preferred_username: 'no.role@council.example',
    name: 'No Role',
    roles: ['Payroll.User'],
    groups: [],
  },
};

let server: Server;
let b: BrowserApp;

beforeAll(async () => {
  const provider = new Provider(ISSUER, {
    clients: [
      {
        client_id: 'ehc',
        client_secret: 'ehc-browser-secret',
        redirect_uris: [`${BASE_URL}/api/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], ehc: ['roles', 'groups'] },
    scopes: ['openid', 'profile', 'ehc'],
    conformIdTokenClaims: false,
    findAccount: async (_ctx: unknown, id: string) =>
      people[id] ? { accountId: id, claims: async () => people[id] } : undefined,
    pkce: { required: () => true },
    cookies: { keys: ['oidc-browser-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  server = provider.listen(PROVIDER_PORT);
  b = await startBrowserApp('oidc', {
    OIDC_ISSUER: ISSUER,
    OIDC_CLIENT_ID: 'ehc',
    OIDC_CLIENT_SECRET: 'ehc-browser-secret',
    OIDC_REDIRECT_URI: `${BASE_URL}/api/auth/oidc/callback`,
    OIDC_SCOPES: 'openid profile ehc',
    OIDC_ROLE_MAP: 'EHC.Admin=admin;EHC.Manager=team-manager;EHC.Caseworker=caseworker',
    OIDC_TEAM_MAP: 'grp-north=north',
  });
});
afterAll(async () => {
  await b?.close();
  await new Promise((r) => server?.close(r));
});

/** At the provider's own (development) pages: sign in as `login`, then consent. */
async function atProvider(login: string) {
  const { page } = b;
  await page.waitForURL((u) => u.origin === ISSUER);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click(); // consent to the scopes
}

describe('sign in with your council account', () => {
  it('shows the button on the sign-in page (axe: no violations)', async () => {
    await b.open('/sign-in');
    await b.page.getByRole('button', { name: 'Sign in with your council account' }).waitFor();
    expect(await b.axe()).toEqual([]);
  });

  it('goes through the provider and comes back signed in, as a caseworker of the north team', async () => {
    await b.page.getByRole('button', { name: 'Sign in with your council account' }).click();
    await atProvider('jo');
    await b.page.waitForURL((u) => u.origin === BASE_URL && u.pathname !== '/sign-in');
    await b.page.getByText('Signed in as').waitFor();
    expect(await b.page.locator('header').innerText()).toMatch(/Signed in as Jo Bloggs, North/);
    await b.signOut();
  });

  it('brings someone whose claims give no role back to the sign-in page, saying why (axe: no violations)', async () => {
    // Signing out here leaves the provider's own session (single sign-on): forget it, as another person would.
    await b.context.clearCookies();
    await b.open('/sign-in');
    await b.page.getByRole('button', { name: 'Sign in with your council account' }).click();
    await atProvider('nobody');
    await b.page.waitForURL((u) => u.origin === BASE_URL && u.pathname === '/sign-in');
    await b.page.getByText('does not have access to EHC assessments').waitFor();
    expect(await b.axe()).toEqual([]);
    // Still signed out.
    expect((await b.page.request.get(`${BASE_URL}/api/auth/me`)).status()).toBe(401);
  });
});
