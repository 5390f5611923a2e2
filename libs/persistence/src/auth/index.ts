export * from './accounts.js';
export * from './sessions.js';
export * from './teams.js';
export * from './oidc.js';
