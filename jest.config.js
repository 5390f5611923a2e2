// Jest for the server side (libs, api, worker, end-to-end). NestJS 12 is ESM-only, so Jest runs in ESM
// mode (NODE_OPTIONS=--experimental-vm-modules, set by scripts/run-tests.mjs) with SWC as the transform:
// SWC keeps decorator metadata, which Nest's dependency injection needs.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];
const moduleNameMapper = {
  '^@ehc/workflow$': '<rootDir>/libs/workflow/src/index.ts',
  '^@ehc/measures$': '<rootDir>/libs/measures/src/index.ts',
  '^@ehc/persistence$': '<rootDir>/libs/persistence/src/index.ts',
  '^@ehc/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@ehc/platform$': '<rootDir>/libs/platform/src/index.ts',
  '^@ehc/deadlines$': '<rootDir>/libs/deadlines/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};
const common = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
export default {
  // testTimeout is global in Jest 30 (not per project): integration tests start real servers.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/api/**/*.spec.ts',
        '<rootDir>/apps/worker/**/*.spec.ts',
        '<rootDir>/test/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
};
