import type { DataSource } from 'typeorm';
import { existingUsernames, insertAccount, insertTeam } from '@ehc/persistence';
import type { Role } from '@ehc/contracts';
import { hashPassword } from './password.js';

/**
 * DEMO ONLY. A password everyone knows, for the demo accounts below, so a developer or evaluator can sign in as
 * each role. Never run seedDemoUsers against a production database.
 */
export const DEMO_PASSWORD = 'demo-password-1';

export const DEMO_TEAMS = [
  { id: 'north', name: 'North team' },
  { id: 'south', name: 'South team' },
  { id: 'east', name: 'East team' },
] as const;

export interface DemoUser {
  username: string;
  password: string;
  role: Role;
  team: string | null;
}

function demoAccounts(): (DemoUser & { displayName: string })[] {
  const out: (DemoUser & { displayName: string })[] = [
    { username: 'admin', displayName: 'Demo admin', role: 'admin', team: null, password: DEMO_PASSWORD },
    { username: 'board', displayName: 'Demo board member', role: 'board', team: null, password: DEMO_PASSWORD },
  ];
  for (const t of DEMO_TEAMS) {
    const label = t.name.replace(' team', '');
    out.push({
      username: `manager-${t.id}`,
      displayName: `${label} team manager`,
      role: 'team-manager',
      team: t.id,
      password: DEMO_PASSWORD,
    });
    for (let i = 1; i <= 4; i++) {
      out.push({
        username: `cw-${t.id}-${i}`,
        displayName: `${label} caseworker ${i}`,
        role: 'caseworker',
        team: t.id,
        password: DEMO_PASSWORD,
      });
    }
  }
  return out;
}

/**
 * Creates the demo teams (north, south, east) and accounts: admin, board, a manager per team (manager-north …)
 * and four caseworkers per team (cw-north-1 … cw-east-4). Idempotent: existing teams and accounts are left as they
 * are (their passwords are not reset). Returns every demo account with its password, for the start-up banner.
 */
export async function seedDemoUsers(ds: DataSource): Promise<DemoUser[]> {
  for (const t of DEMO_TEAMS) {
    await insertTeam(ds, t.id, t.name);
  }
  const accounts = demoAccounts();
  const existing = await existingUsernames(
    ds,
    accounts.map((a) => a.username),
  );
  const hash = accounts.some((a) => !existing.has(a.username)) ? await hashPassword(DEMO_PASSWORD) : null;
  for (const a of accounts) {
    if (existing.has(a.username)) continue;
    // One hash (with its own random salt) shared by the demo accounts: they share one known password anyway.
    await insertAccount(ds, {
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      teamId: a.team,
      passwordHash: hash,
    });
  }
  return accounts.map(({ username, password, role, team }) => ({ username, password, role, team }));
}
