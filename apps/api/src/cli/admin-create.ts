import { SystemClock } from '@ehc/platform';
import { ADMIN_CREATE_USAGE, createAccount, parseAccountArgs, passwordFromStdin } from '../auth/first-user.js';
import { openForCli } from './cli-support.js';

/** npm run admin:create -- --username NAME [...] < password: see first-user.ts and docs/security.md. */
let account;
try {
  account = parseAccountArgs(process.argv.slice(2));
} catch (e) {
  console.error(`admin:create: ${(e as Error).message}\n${ADMIN_CREATE_USAGE}`);
  process.exit(64);
}
if (process.stdin.isTTY)
  process.stderr.write(`Password for ${account.username} (input is shown; pipe it in to hide it): `);
let text = '';
for await (const chunk of process.stdin) {
  text += chunk;
  if (process.stdin.isTTY && text.includes('\n')) break;
}
let password: string;
try {
  password = passwordFromStdin(text);
} catch (e) {
  console.error(`admin:create: ${(e as Error).message}`);
  process.exit(64);
}
const { ds } = await openForCli('admin-create');
try {
  await createAccount(ds, account, password, new SystemClock().now());
  console.log(
    `Created ${account.role} ${account.username}${account.team ? ` (team ${account.team})` : ''}. Sign in at the web app.`,
  );
} catch (e) {
  console.error(`admin:create: ${(e as Error).message}`);
  process.exitCode = 65;
} finally {
  await ds.destroy();
}
