// ESLint flat config; `npm run lint` runs it after the two tsc checks (docs/contributing.md).
// The "recommended" sets without type information: the type-aware sets would run the TypeScript
// compiler again on top of the two tsc checks, doubling the lint time for little gain.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import angular from 'angular-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'coverage/**',
      'test-results/**',
      '.data/**',
      '.scratch/**',
      'apps/web/.angular/**',
      'apps/web/public/**',
      // Written by `npm run openapi:responses`; test/openapi-responses.spec.ts keeps it in step with the code.
      'apps/api/src/common/openapi-responses.generated.ts',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // Rows from raw SQL (the persistence layer's design: TypeORM runs hand-written queries) and
      // parsed JSON in the HTTP tests arrive untyped and are read field by field; typing every row
      // shape is a refactor of its own, not a lint fix. `strict` tsc still refuses implicit any.
      '@typescript-eslint/no-explicit-any': 'off',
      // Reflection over Nest's and class-validator's metadata (api/common/openapi.ts and the OpenAPI test)
      // handles arbitrary controller and DTO classes, which those libraries type as `Function`.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // `interface XEvent extends EventBase<'X'> {}` names each event type of the statechart.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // `const { dropped: _dropped, ...rest } = x` is how the code leaves a field out of an object.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The rule does not see uses inside parameter decorators (`@Param('id', uuid)`), so it calls
    // a pipe constant used only there a useless assignment.
    files: ['apps/api/src/**/*.controller.ts'],
    rules: { 'no-useless-assignment': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [eslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // Its page.evaluate callbacks run in the browser.
    files: ['test/bench/web-bundle.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The Angular app: component and directive rules, and its inline templates (accessibility rules included).
  {
    files: ['apps/web/src/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
  },
  {
    files: ['apps/web/src/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
);
