#!/usr/bin/env node
// npm run admin:create -- --username NAME [--role admin] [--team ID [--team-name "Name"]]  (password on stdin)
// Builds the server first when there is no build (a source checkout); in the Docker image the build is there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cli = resolve(root, 'dist/apps/api/src/cli/admin-create.js');
if (
  !existsSync(cli) &&
  spawnSync('npm', ['run', '-s', 'build:server'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] }).status !== 0
)
  process.exit(1);
const r = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
