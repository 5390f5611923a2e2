#!/usr/bin/env node
// npm run projections:rebuild: see apps/api/src/cli/projections-rebuild.ts (usage: --help).
import { runCli } from './cli.mjs';
runCli('projections-rebuild');
