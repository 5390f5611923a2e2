#!/usr/bin/env node
// npm run backup:verify: see apps/api/src/cli/backup-verify.ts (usage: --help) and docs/backup-restore.md.
import { runCli } from './cli.mjs';
runCli('backup-verify');
