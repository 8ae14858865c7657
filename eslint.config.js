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
);
