// Browser tests: the real api (same factory as production) serving the built Angular app, driven by Debian's
// Chromium through playwright-core, with axe-core for WCAG checks. ESM + SWC like the server tests
// (scripts/run-tests.mjs sets --experimental-vm-modules). One file at a time: they share a fixed port.
import root from '../../jest.config.js';

const common = { ...root.projects.find((p) => p.displayName === 'integration') };
delete common.displayName;
delete common.testMatch;

export default {
  ...common,
  displayName: 'browser',
  rootDir: '../..',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/browser/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 120000,
  maxWorkers: 1,
};
