import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { moduleBoundariesPlugin } from './scripts/eslint/module-boundaries.mjs';

const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['types/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bin/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['describe', 'it', 'test', 'suite'], package: 'node:test' }] },
      ],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS TypeScript (the Electron preload): verbatimModuleSyntax requires `import x = require()`.
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: layer(['node:*', 'fs', 'path', 'crypto', '../main/*', '../renderer/*', 'react', 'electron'], 'src/shared is isomorphic: no Node, DOM or higher layers'),
  },
  {
    // Modules, their arrows and the homes of third-party packages: one list, scripts/eslint/module-boundaries.mjs.
    files: ['src/main/**/*.{ts,cts}'],
    plugins: { hubkeeper: moduleBoundariesPlugin },
    rules: { 'hubkeeper/module-boundaries': 'error' },
  },
  {
    // scripts/bundle-cli.mjs bundles the CLI treating our modules as free of load-time effects, so it
    // drops a module whose exports a command does not use. A top-level statement that does something
    // would be dropped with it: only declarations at the top level (the Electron entry and preload are not bundled).
    files: ['src/main/**/*.{ts,cts}', 'src/shared/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/main/electron/main.ts', 'src/main/electron/preload.cts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program > :matches(ExpressionStatement, IfStatement, ForStatement, ForOfStatement, ForInStatement, WhileStatement, TryStatement, BlockStatement)',
          message: 'no top-level statements outside declarations: the CLI bundle assumes modules do nothing when loaded (scripts/bundle-cli.mjs)',
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    // Unit tests beside renderer code run under Node and are type-checked by tsconfig.json.
    ignores: ['src/renderer/**/*.test.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      // The project service only finds files named tsconfig.json; the renderer has its own DOM-only config.
      parserOptions: { projectService: false, project: './tsconfig.renderer.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: layer(['node:*', '**/main/**', 'electron'], 'the renderer talks to the core over HTTP only'),
  },
);
