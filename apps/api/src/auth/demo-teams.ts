/** The demo council's teams and caseworker usernames (users themselves are seeded by demo-users.ts). */
export const DEMO_TEAMS = ['north', 'south', 'east'].map((id) => ({
  id,
  caseworkers: [1, 2, 3, 4].map((n) => `cw-${id}-${n}`),
}));
