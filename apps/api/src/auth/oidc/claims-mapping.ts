import type { OidcConfig } from '@ehc/platform';
import type { Role } from '@ehc/contracts';

export interface MappedAccount {
  subject: string;
  username: string;
  displayName: string;
  role: Role;
  team: string | null;
}

/** Why a provider's user may not sign in here (for the audit trail; the person sees one general message). */
export type Refusal = 'no-role' | 'no-team' | 'no-subject';

const values = (claim: unknown): string[] =>
  (Array.isArray(claim) ? claim : claim === undefined || claim === null ? [] : [claim]).filter(
    (v): v is string => typeof v === 'string',
  );

/** A username of ours from the provider's (jo.bloggs@council.gov.uk → jo.bloggs-council.gov.uk), at most 64 characters. */
export function usernameFrom(raw: string): string {
  const u = raw
    .trim()
    .toLowerCase()
    .replace(/@/g, '-')
    .replace(/[^a-z0-9._-]/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return u.length >= 2 ? u : `user-${u}`.slice(0, 64);
}

/**
 * The provider's claims → who this is here: the role from the role claim through OIDC_ROLE_MAP (the first listed
 * value the user has decides), the team from the team claim through OIDC_TEAM_MAP (or the value itself). Claims that
 * map to no role refuse the sign-in; so does a caseworker or manager with no team. The provider is the source of
 * truth: role and team are set from the claims at every sign-in.
 */
export function mapClaims(
  claims: Record<string, unknown>,
  o: OidcConfig,
  knownTeams: ReadonlySet<string>,
): MappedAccount | { refused: Refusal } {
  const subject = typeof claims.sub === 'string' && claims.sub ? claims.sub : null;
  if (!subject) return { refused: 'no-subject' };
  const has = new Set(values(claims[o.roleClaim]));
  const role = o.roleMap.find(([value]) => has.has(value))?.[1] as Role | undefined;
  if (!role) return { refused: 'no-role' };
  const teamValues = values(claims[o.teamClaim]);
  const team = o.teamMap.length
    ? (o.teamMap.find(([value]) => teamValues.includes(value))?.[1] ?? null)
    : (teamValues.find((t) => knownTeams.has(t)) ?? null);
  const needsTeam = role === 'caseworker' || role === 'team-manager';
  if (needsTeam && (!team || !knownTeams.has(team))) return { refused: 'no-team' };
  const rawName = values(claims[o.usernameClaim])[0] ?? values(claims.email)[0] ?? subject;
  const display = values(claims[o.displayNameClaim])[0]
    ?.replace(/[^\p{L}\p{M}\p{N}' .,()-]/gu, '')
    .slice(0, 100)
    .trim();
  return {
    subject,
    username: usernameFrom(rawName),
    displayName: display || usernameFrom(rawName),
    role,
    team: needsTeam ? team : null,
  };
}
