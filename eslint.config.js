// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'web/dist/',
      'node_modules/',
      'coverage/',
      'twoway-data/',
      'bench/.cache/',
      'e2e/artifacts/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // domain must not import from the outer layers
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    // tests read their fixtures from disk; the code under test may not
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/**', '**/server/**', '**/cli/**', '**/web/**'],
              message: 'domain imports nothing from outer layers',
            },
            {
              group: ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:child_process'],
              message: 'domain does no I/O',
            },
          ],
        },
      ],
    },
  },
  {
    // the store knows nothing of who calls it
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/cli/**', '**/web/**'],
              message: 'the store imports nothing from server, CLI or web',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cli/**', '**/web/**'],
              message: 'the server imports nothing from the CLI or the web pages',
            },
          ],
        },
      ],
    },
  },
  {
    // the pages speak the server's types and use pure domain helpers; they never reach the store or the CLI, and
    // take from the server its types only (its code runs on the server)
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/store/**', '**/src/cli/**'],
              message: 'the web pages talk to the server, not to the store or the CLI',
            },
            {
              group: ['**/src/server/**'],
              allowTypeImports: true,
              message: 'the web pages take types from the server, not its code',
            },
          ],
        },
      ],
    },
  },
);
