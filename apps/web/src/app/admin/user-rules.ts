import type { Problem, Role } from '@ehc/contracts';

/**
 * The account rules the api enforces (apps/api/src/admin/dto/user-admin.dto.ts), checked here first so the admin
 * hears about a mistake next to the field instead of after a round trip. The server stays the authority: its
 * field errors are shown the same way.
 */
export const ROLES: readonly { id: Role; label: string; hint: string }[] = [
  { id: 'caseworker', label: 'Caseworker', hint: 'Works on the cases of their team' },
  { id: 'team-manager', label: 'Team manager', hint: 'Allocates their team’s cases and works its deadline queue' },
  { id: 'board', label: 'Board member', hint: 'Sees the timeliness report only' },
  { id: 'admin', label: 'Administrator', hint: 'Manages users, school closure periods and the audit log' },
];

export function roleLabel(role: string): string {
  return ROLES.find((r) => r.id === role)?.label ?? role;
}

/** Caseworkers and managers work on a team's cases, so they must belong to one (the api refuses otherwise). */
export const needsTeam = (role: string): boolean => role === 'caseworker' || role === 'team-manager';

/** app_user's username CHECK constraint. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
/** Staff names: letters, digits, spaces and the punctuation names use. */
const DISPLAY_NAME = /^[\p{L}\p{M}\p{N}' .,()-]{1,100}$/u;
/** A plain shape check; the server's check is the real one. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
const MAX_EMAIL_LENGTH = 254;

type Check = (value: string) => string | null;

export const checkUsername: Check = (v) => {
  const s = v.trim();
  if (!s) return 'Enter a username';
  if (!USERNAME.test(s))
    return 'Username must be 2 to 64 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit';
  return null;
};

export const checkDisplayName: Check = (v) => {
  const s = v.trim();
  if (!s) return 'Enter the person’s name';
  if (s.length > 100) return 'Name must be 100 characters or fewer';
  if (!DISPLAY_NAME.test(s)) return "Name must only include letters, digits, spaces, and the characters ' . , ( ) -";
  return null;
};

export const checkPassword: Check = (v) => {
  if (!v) return 'Enter a password';
  if (v.length < MIN_PASSWORD_LENGTH) return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (v.length > MAX_PASSWORD_LENGTH) return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  return null;
};

/** Optional: blank is allowed (no e-mail). */
export const checkOptionalEmail: Check = (v) => {
  const s = v.trim();
  if (!s) return null;
  if (s.length > MAX_EMAIL_LENGTH) return `E-mail address must be ${MAX_EMAIL_LENGTH} characters or fewer`;
  if (!EMAIL.test(s)) return 'Enter an e-mail address in the correct format, like name@council.gov.uk';
  return null;
};

/** Adapts a Check to a Signal Forms validator. */
export function rule(check: Check) {
  return ({ value }: { value: () => string }) => {
    const message = check(value());
    return message ? { kind: 'rule', message } : undefined;
  };
}

const FIELD_LABELS: Record<string, string> = {
  username: 'Username',
  displayName: 'Name',
  role: 'Role',
  teamId: 'Team',
  password: 'Password',
  email: 'E-mail address',
};

/**
 * A server field error in words for the form: "teamId must be …" reads "Team must be …", and a message that does
 * not name its field gets the field's label in front, so the error summary line makes sense on its own.
 */
export function serverMessage(field: string, message: string): string {
  const label = FIELD_LABELS[field] ?? field;
  const text = message.replace(/,? or null( for none)?$/, '');
  return text.startsWith(`${field} `) ? `${label}${text.slice(field.length)}` : `${label}: ${text}`;
}

/**
 * The field a problem belongs to, beyond its `errors` list: a taken username is a 409 about the username field.
 */
export function problemFields(p: Problem): { field: string; message: string }[] {
  if (p.errors?.length) return p.errors.map((e) => ({ field: e.field, message: serverMessage(e.field, e.message) }));
  if (p.code === 'USERNAME_TAKEN') return [{ field: 'username', message: p.message }];
  return [];
}
