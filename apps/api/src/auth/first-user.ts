import type { DataSource } from 'typeorm';
import { auditCommand, insertAccount, insertTeam, teamExists } from '@ehc/persistence';
import type { Role } from '@ehc/contracts';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.js';
import { USERNAME } from './username.js';
import { teamCalled, tidyTeamName } from '../admin/team-names.js';

/**
 * `npm run admin:create` — the first admin (or any account) of an empty production database, from the server's
 * shell. The password is read from standard input, never from the command line (which other users of the server
 * and the shell history can see). Further accounts are made by that admin in the web app.
 */
export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  team: string | null;
  /** Creates the team if it does not exist yet (its display name). */
  teamName: string | null;
}

const ROLES: Role[] = ['caseworker', 'team-manager', 'board', 'admin'];
const TEAM = /^[a-z0-9-]{1,40}$/;

export const ADMIN_CREATE_USAGE =
  'Usage: npm run admin:create -- --username NAME [--display-name "Full Name"] [--role admin|board|team-manager|caseworker] [--team TEAM_ID [--team-name "Team name"]]  (password on standard input)';

/** Parses the command line; throws an Error whose message is the one line to print. */
export function parseAccountArgs(argv: readonly string[]): NewAccount {
  const value = (flag: string): string | null => {
    const i = argv.indexOf(flag);
    if (i < 0) return null;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const known = new Set(['--username', '--display-name', '--role', '--team', '--team-name']);
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.has(a) && !(i > 0 && known.has(argv[i - 1])));
  if (unknown.length) throw new Error(`unknown option ${unknown[0]}`);
  const username = (value('--username') ?? '').trim().toLowerCase();
  if (!USERNAME.test(username))
    throw new Error('--username must be 2-64 lower-case letters, digits, dots, hyphens or underscores');
  const role = (value('--role') ?? 'admin') as Role;
  if (!ROLES.includes(role)) throw new Error(`--role must be one of: ${ROLES.join(', ')}`);
  const team = value('--team');
  if (team !== null && !TEAM.test(team)) throw new Error('--team must be a team id such as north');
  if ((role === 'caseworker' || role === 'team-manager') && !team) throw new Error(`a ${role} needs --team`);
  return { username, displayName: value('--display-name') ?? username, role, team, teamName: value('--team-name') };
}

/** The password as typed or piped: one line, its newline dropped. */
export function passwordFromStdin(text: string): string {
  const password = text.replace(/\r?\n$/, '');
  if (password.includes('\n')) throw new Error('give the password on one line');
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new Error(
      `the password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters (a passphrase of several words is best)`,
    );
  }
  return password;
}

/** Creates the account (and its team when asked), with an audit row naming the command as the actor. */
export async function createAccount(
  ds: DataSource,
  a: NewAccount,
  password: string,
  at: Date,
): Promise<{ id: string }> {
  const hash = await hashPassword(password);
  return ds.transaction(async (tx) => {
    if (a.team) {
      const exists = await teamExists(tx, a.team);
      if (a.teamName && !exists) {
        // The same rule as the admin's teams page: no two teams called alike.
        const other = await teamCalled(tx, a.teamName, null);
        if (other)
          throw new Error(`team ${other} is already called ${tidyTeamName(a.teamName)}: choose another --team-name`);
        await insertTeam(tx, a.team, tidyTeamName(a.teamName));
      } else if (!exists) throw new Error(`team ${a.team} does not exist: add --team-name "…" to create it`);
    }
    const created = await insertAccount(tx, {
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      teamId: a.team,
      passwordHash: hash,
      createdAt: at,
    });
    if (!created) throw new Error(`the username ${a.username} is already taken`);
    await auditCommand(tx, at, 'admin.user.create', {
      userId: created.id,
      username: a.username,
      role: a.role,
      teamId: a.team,
      by: 'admin:create command',
    });
    return { id: created.id };
  });
}

/**
 * Demo users and cases (a password everyone knows) only on a developer's machine: refused when NODE_ENV is
 * production unless DEMO_DATA=force says someone really wants a demo server.
 */
export function demoDataRefusal(env: Record<string, string | undefined>): string | null {
  if (env.NODE_ENV === 'production' && env.DEMO_DATA !== 'force') {
    return 'Demo users and cases are not loaded when NODE_ENV=production (their password is public). Create the first admin with: npm run admin:create -- --username NAME (set DEMO_DATA=force to load the demo anyway).';
  }
  return null;
}
