// Flat ESLint config. Light on style: the type checker and tests carry most of the weight; lint
// keeps the layers of DESIGN.md §1 apart and bans code-from-strings.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import layers from './eslint-rules/layers.js';

/** Node globals for the plain JS files (scripts, bin, rules, this config). */
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval',
    'clearInterval', 'setImmediate', 'queueMicrotask', 'structuredClone', 'AbortController', 'TextEncoder',
    'TextDecoder', 'fetch'].map((g) => [g, 'readonly']),
);

export default defineConfig(
  {
    ignores: ['out/**', '.tsbuild/**', '**/node_modules/**', 'src/renderer/**/*.svelte', 'test-results/**', 'bench/results/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, require: 'readonly', module: 'writable', __dirname: 'readonly' } },
  },
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    // Declared so `no-implied-eval` can see these globals in TS files too (TS has no `no-undef`).
    languageOptions: { globals: { setTimeout: 'readonly', setInterval: 'readonly', execScript: 'readonly' } },
    plugins: { layers },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'layers/allowed-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      // `declare global { interface Window … }` and module augmentation need namespaces.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
