#!/usr/bin/env node
// npm run import: see apps/api/src/cli/import.ts (usage: --help).
import { runCli } from './cli.mjs';
runCli('import');
