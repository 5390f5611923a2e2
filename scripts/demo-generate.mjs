#!/usr/bin/env node
// npm run demo:generate: see apps/api/src/cli/demo-generate.ts (usage: --help).
import { runCli } from './cli.mjs';
runCli('demo-generate');
