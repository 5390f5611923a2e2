import { loadOidcConfig } from '@ehc/platform';
import { mapClaims, usernameFrom } from './claims-mapping.js';

const o = loadOidcConfig(
  {
    OIDC_ISSUER: 'https://idp.example',
    OIDC_CLIENT_ID: 'x',
    OIDC_ROLE_MAP: 'EHC.Admin=admin;EHC.Manager=team-manager;EHC.Caseworker=caseworker',
  },
  'https://ehc.example',
  (m) => new Error(m),
)!;
const teams = new Set(['north', 'south']);

describe('provider claims → role and team', () => {
  it('takes the first listed role the user has, and the team from the group claim', () => {
    expect(
      mapClaims(
        {
          sub: 's1',
          preferred_username: 'Jo@Council.gov.uk',
          name: 'Jo <b>Bloggs</b>',
          roles: ['EHC.Caseworker', 'EHC.Manager'],
          groups: ['x', 'north'],
        },
        o,
        teams,
      ),
    ).toEqual({
      subject: 's1',
      username: 'jo-council.gov.uk',
      displayName: 'Jo bBloggsb',
      role: 'team-manager',
      team: 'north',
    });
  });
  it('refuses claims that map to no role, a caseworker without a known team, and no subject', () => {
    expect(mapClaims({ sub: 's', roles: ['Payroll'] }, o, teams)).toEqual({ refused: 'no-role' });
    expect(mapClaims({ sub: 's', roles: 'EHC.Caseworker', groups: ['west'] }, o, teams)).toEqual({
      refused: 'no-team',
    });
    expect(mapClaims({ roles: ['EHC.Admin'] }, o, teams)).toEqual({ refused: 'no-subject' });
  });
  it('an admin needs no team and gets none', () => {
    expect(mapClaims({ sub: 's', email: 'a@b.c', roles: ['EHC.Admin'], groups: ['north'] }, o, teams)).toMatchObject({
      role: 'admin',
      team: null,
      username: 'a-b.c',
    });
  });
  it('makes a valid username of anything', () => {
    expect(usernameFrom('  .Ünïcode Name@x ')).toMatch(/^[a-z0-9][a-z0-9._-]{1,63}$/);
    expect(usernameFrom('a')).toBe('user-a');
  });
});
