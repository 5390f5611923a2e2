// Web unit tests: Jest 30 + jest-preset-angular 17, zoneless. Run from the repo root WITHOUT
// NODE_OPTIONS (this is a CommonJS run, unlike the ESM server tests):
//   npx jest -c apps/web/jest.config.cjs
const { createCjsPreset } = require('jest-preset-angular/presets');

module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'web',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['<rootDir>/src/setup-jest.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleNameMapper: {
    '^@ehc/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    // The contracts' own relative imports end in .js (ESM, nodenext); here they resolve to the .ts sources.
    '^\\./(labels|casework)\\.js$': '<rootDir>/../../libs/contracts/src/$1.ts',
  },
  // libs/contracts imports its own files ESM-style ('./labels.js'): read the .ts beside them.
  resolver: '<rootDir>/jest-resolver.cjs',
  transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$|govuk-frontend|@ministryofjustice)'],
};
