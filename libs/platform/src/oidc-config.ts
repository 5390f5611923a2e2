/**
 * Council sign-in over OpenID Connect (docs/security.md): which identity provider, which client, and how the
 * provider's claims become a role and a team here. Absent (no OIDC_ISSUER): local accounts only.
 */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE alone); present: client_secret_post at the token endpoint. */
  clientSecret: string | null;
  redirectUri: string;
  scopes: string;
  usernameClaim: string;
  displayNameClaim: string;
  roleClaim: string;
  /** Claim value → role, in order: the first value the user has that is listed here decides. */
  roleMap: [string, string][];
  teamClaim: string;
  /** Claim value → team id; empty: the claim's value is the team id itself. */
  teamMap: [string, string][];
  buttonLabel: string;
}

type Env = Record<string, string | undefined>;
const ROLES = ['admin', 'board', 'team-manager', 'caseworker'];

/** "EHC.Admin=admin;EHC.Manager=team-manager" → pairs (split at the last '=', a claim value may hold one). */
function pairs(
  raw: string,
  name: string,
  check: (target: string) => boolean,
  allowed: string,
  fail: (m: string) => Error,
): [string, string][] {
  return raw
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const i = part.lastIndexOf('=');
      const value = part.slice(0, i).trim();
      const target = part.slice(i + 1).trim();
      if (i <= 0 || !value || !check(target))
        throw fail(`${name} must look like "claim-value=${allowed};other-value=…" (got an entry that does not)`);
      return [value, target] as [string, string];
    });
}

export function loadOidcConfig(env: Env, publicUrl: string, fail: (m: string) => Error): OidcConfig | null {
  if (!env.OIDC_ISSUER) return null;
  let issuer: URL;
  try {
    issuer = new URL(env.OIDC_ISSUER);
  } catch {
    throw fail(
      "OIDC_ISSUER must be the identity provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0",
    );
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && local))
    throw fail('OIDC_ISSUER must use https (http only for a provider on this machine)');
  if (!env.OIDC_CLIENT_ID)
    throw fail('OIDC_CLIENT_ID is needed with OIDC_ISSUER (the application (client) id registered with the provider)');
  if (!env.OIDC_ROLE_MAP)
    throw fail(
      'OIDC_ROLE_MAP is needed with OIDC_ISSUER, e.g. "EHC.Admin=admin;EHC.Manager=team-manager;EHC.Caseworker=caseworker;EHC.Board=board"',
    );
  const roleMap = pairs(env.OIDC_ROLE_MAP, 'OIDC_ROLE_MAP', (t) => ROLES.includes(t), ROLES.join('|'), fail);
  const teamMap = env.OIDC_TEAM_MAP
    ? pairs(env.OIDC_TEAM_MAP, 'OIDC_TEAM_MAP', (t) => /^[a-z0-9-]{1,40}$/.test(t), 'team-id', fail)
    : [];
  const redirectUri = env.OIDC_REDIRECT_URI ?? `${publicUrl.replace(/\/$/, '')}/api/auth/oidc/callback`;
  try {
    new URL(redirectUri);
  } catch {
    throw fail('OIDC_REDIRECT_URI must be a URL ending /api/auth/oidc/callback');
  }
  return {
    issuer: issuer.toString().replace(/\/$/, ''),
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET || null,
    redirectUri,
    scopes: env.OIDC_SCOPES ?? 'openid profile email',
    usernameClaim: env.OIDC_USERNAME_CLAIM ?? 'preferred_username',
    displayNameClaim: env.OIDC_DISPLAY_NAME_CLAIM ?? 'name',
    roleClaim: env.OIDC_ROLE_CLAIM ?? 'roles',
    roleMap,
    teamClaim: env.OIDC_TEAM_CLAIM ?? 'groups',
    teamMap,
    buttonLabel: env.OIDC_BUTTON_LABEL ?? 'Sign in with your council account',
  };
}
