import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Import zones: shared/ is pure TypeScript, usable in Node tests; it never reaches into the
    // adapters or the extension APIs.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/extension/**', '**/viewer/**'],
              message: 'shared/ must not import the adapters.',
            },
            {
              group: ['webextension-polyfill', 'preact', 'preact/*'],
              message: 'shared/ has no extension API and no UI.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'chrome', 'browser', 'window', 'document'],
    },
  },
  {
    files: ['viewer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/extension/**'],
              message: 'The viewer talks to the extension through shared/ only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The worker's database opens only with room on the disk: a fresh worker opening it on a full
    // disk could lose every session. Everything reaches it through the gate (open-database.ts).
    files: ['extension/**/*.{ts,tsx}'],
    ignores: ['extension/background/open-database.ts', 'extension/background/storage-guard.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/background/database', './database'],
              message:
                'Use openDatabase() (open-database.ts): it opens the database only with room.',
            },
          ],
        },
      ],
    },
  },
);
