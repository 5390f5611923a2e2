// Copies GOV.UK Frontend and MoJ Frontend fonts/images into apps/web/public/assets (gitignored).
// Angular refuses asset inputs outside its workspace, and node_modules is hoisted to the repo root,
// so the build copies them in first. Run from anywhere: paths are resolved from this file.
import { createRequire } from 'node:module';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'public', 'assets');
const pkgDir = (name) => dirname(require.resolve(`${name}/package.json`));

mkdirSync(target, { recursive: true });
cpSync(join(pkgDir('govuk-frontend'), 'dist/govuk/assets'), target, { recursive: true });
cpSync(join(pkgDir('@ministryofjustice/frontend'), 'moj/assets'), target, { recursive: true });
