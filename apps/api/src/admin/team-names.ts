// The one rule for team names lives beside the team table's other SQL (libs/persistence/src/auth/teams.ts).
export { teamCalled, tidyTeamName } from '@ehc/persistence';
