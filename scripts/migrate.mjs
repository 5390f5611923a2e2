#!/usr/bin/env node
// npm run migrate: see apps/api/src/cli/migrate.ts (usage: --help).
import { runCli } from './cli.mjs';
runCli('migrate');
