// Lint rules are errors, not warnings. Architecture is enforced here:
// - Nx tags: apps never import apps; libraries import only what their layer allows.
// - domain/ folders stay framework-free.
// - web/ (the pages the gateway serves, bundled for the browser) imports no library of the repo
//   and nothing of Node or the server's frameworks: it speaks to the system through the public API.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** A library is imported by its public name, never by a path into its sources. */
const deepLibraryPaths = {
  group: ['@concert/*/src', '@concert/*/src/**', '**/libs/*/src/**'],
  message: 'Import a library by its public name (@concert/<lib>), never a deep path.',
};
/** Production code (everything the services build) never imports the test library. */
const testLibrary = { name: '@concert/testing', message: 'Production code never imports @concert/testing (type:testing): only specs, fixtures and testing/ folders do.' };

const frameworkImports = [
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  'ioredis',
  'kafkajs',
  'fastify',
  'pg',
  'undici',
  'class-validator',
  'class-transformer',
  '@nestjs/swagger',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.infra/**', 'tools/kafka/target/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:queue', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:concert', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:reservation', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:payment', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:history', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-imports': ['error', { patterns: [deepLibraryPaths] }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    // Production code cannot import type:testing (the Nx tags allow apps to, for their specs and fixtures).
    files: ['apps/*/src/**/*.ts', 'libs/platform/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/*.fixture.ts', 'apps/*/src/testing/**', 'apps/*/src/**/testing/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [testLibrary], patterns: [deepLibraryPaths] }] },
  },
  {
    // Domain code is plain TypeScript: no framework, ORM, driver or transport.
    files: ['apps/*/src/**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [testLibrary], patterns: [deepLibraryPaths, { group: frameworkImports, message: 'domain/ code imports no framework, ORM, driver or transport.' }] },
      ],
    },
  },
  {
    // Browser code: the public API only (its generated types), no Node built-ins, no server code.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', '@concert/*', ...frameworkImports], message: 'web/ runs in the browser: it reaches the system through the public API (web/src/api) only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/*.browser-spec.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
