/** The shape of every username (app_user's CHECK constraint): lower case, 2-64 letters, digits, dots, hyphens, underscores. */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
