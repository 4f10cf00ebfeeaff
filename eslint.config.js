// Lint rules that keep the layout honest (see docs/architecture.md): no import cycles, `electron`
// only in the few shell files, no Node in the renderer, promises that are awaited or handled.
// Formatting is Prettier's job; nothing here is about style.
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** The only files that may import `electron` at run time: the thin shell around the plain-Node app. */
const ELECTRON_SHELL = [
  'electron/main/main.ts',
  'electron/main/ipc/ipc-main.ts',
  'electron/main/tray/tray.ts',
  'electron/main/window/window.ts',
  'electron/preload/preload.ts',
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**', 'build/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['electron.vite.config.ts', 'renderer/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Type-aware, and cheap: a promise nobody awaits is how errors go missing in main.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', '*/tsconfig.json', 'test/renderer/tsconfig.json'],
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/first': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          alphabetize: { order: 'asc', caseInsensitive: true },
          'newlines-between': 'ignore',
        },
      ],
    },
  },
  {
    // Everything but the shell runs under plain Node (tests, the CLI): `electron` stays out.
    files: ['electron/**/*.ts', 'shared/**/*.ts'],
    ignores: ELECTRON_SHELL,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only the Electron shell files import electron; keep this module plain Node.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // The contract and the renderer know nothing of Node or Electron.
    files: ['shared/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches main only through window.ticketTray.' }],
          patterns: [
            { group: ['node:*'], message: 'No Node modules here.' },
            { group: ['**/electron/**'], message: 'The renderer and the contract do not import main-process code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // vi.fn().mockImplementation(async () => …) stands in for an async API typed as a plain function.
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-misused-promises': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
);
