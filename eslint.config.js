// @ts-check
/**
 * Lint config. Besides the usual recommended rules it enforces the import boundaries of
 * docs/architecture.md ("Layout": dependencies point one way — renderer -> shared; main -> crypto, shared;
 * sandbox -> crypto, shared; cli -> main; "Security model": the renderer never reaches Node).
 *
 * Boundaries are regular expressions on the import specifier, so every spelling is caught:
 * '../../crypto/x.ts', '../crypto', 'src/crypto/x.ts', an absolute path, 'node:fs', 'fs/promises'.
 * A folder rule matches a path *segment* (`crypto`, not `cryptography` or `crypto.ts`) in a
 * specifier that contains a '/', so the bare builtin 'crypto' is not mistaken for src/crypto.
 * Consequence: do not name a subfolder after a layer (src/renderer/main/ would read as src/main).
 * The same patterns are checked in `import()` and `require()` by no-restricted-syntax.
 * Type-aware rules are deliberately off: lint must stay fast.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const escape = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 'node:*' and every bare Node builtin with its subpaths (fs, fs/promises, path/posix...). */
const NODE_BUILTINS = `^(?:node:|(?:${builtinModules.map(escape).join('|')})(?:/|$))`;
/** 'electron' and its subpaths ('electron/main', 'electron/renderer'). */
const ELECTRON = '^electron(?:/.*)?$';
/** Native packages that only load in Node. */
const NODE_ONLY_PACKAGES = '^(?:better-sqlite3|pkcs11js)(?:/.*)?$';
/** A path that goes through the folder `name`: '../../name/x.ts', '../name', 'src/name/x.ts', '/abs/src/name'. */
const folder = (/** @type {string} */ name) => `^(?=.*/)(?:.*/)?${name}(?:/.*)?$`;

/**
 * @typedef {{ regex: string, message: string }} Restriction
 * @param {string[]} layers src folders that may not be imported
 * @param {string} why the docs/architecture.md rule, quoted in the message
 * @returns {Restriction[]}
 */
const noLayers = (layers, why) =>
  layers.map((name) => ({ regex: folder(name), message: `Do not import src/${name} here. ${why}` }));

/**
 * One config block per src folder. no-restricted-imports covers import/export declarations
 * (type-only ones included); no-restricted-syntax covers import() and require() with the same patterns.
 * @param {string} dir
 * @param {Restriction[]} restrictions
 */
function boundary(dir, restrictions) {
  // esquery regex literals cannot contain '/', so it is written as \x2F there.
  const selectorRegex = (/** @type {string} */ re) => `/${re.replaceAll('/', '\\x2F')}/i`;
  return {
    name: `boundaries/${dir}`,
    files: [`src/${dir}/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}`],
    rules: {
      'no-restricted-imports': ['error', { patterns: restrictions.map(({ regex, message }) => ({ regex, message })) }],
      'no-restricted-syntax': [
        'error',
        ...restrictions.flatMap(({ regex, message }) => [
          { selector: `ImportExpression[source.value=${selectorRegex(regex)}]`, message },
          {
            selector: `CallExpression[callee.name="require"][arguments.0.value=${selectorRegex(regex)}]`,
            message,
          },
        ]),
      ],
    },
  };
}

const D = 'docs/architecture.md "Layout":';

export default defineConfig([
  globalIgnores(['out/', 'dist/', 'node_modules/', 'coverage/', '.tmp/']),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    name: 'project/javascript',
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      // Node's own globals (process, URL, Buffer, fetch...), read from the Node that runs lint.
      globals: Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly'])),
    },
  },
  {
    name: 'project/rules',
    rules: {
      // `_`-prefixed names are deliberately unused (callback positions, destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  boundary('shared', [
    {
      regex: NODE_BUILTINS,
      message: `${D} src/shared is pure TypeScript that runs anywhere: no node:* and no Node builtins.`,
    },
    { regex: ELECTRON, message: `${D} src/shared runs anywhere: no electron.` },
    { regex: NODE_ONLY_PACKAGES, message: `${D} src/shared runs anywhere: no native Node packages.` },
    ...noLayers(
      ['crypto', 'main', 'renderer', 'preload', 'sandbox', 'cli'],
      `${D} src/shared is the bottom layer; dependencies point one way, towards shared.`,
    ),
  ]),

  boundary('renderer', [
    {
      regex: NODE_BUILTINS,
      message: `${D} the renderer imports no node:* and no Node builtins; it talks only to window.bank (Security model: sandbox, no nodeIntegration).`,
    },
    {
      regex: ELECTRON,
      message: `${D} the renderer imports no electron; it talks only to the channel table (window.bank).`,
    },
    { regex: NODE_ONLY_PACKAGES, message: `${D} the renderer never reaches Node: no native Node packages.` },
    ...noLayers(
      ['crypto', 'main', 'sandbox', 'cli', 'preload'],
      `${D} renderer -> shared only; it talks to main through the channel table (window.bank).`,
    ),
  ]),

  boundary('preload', [
    {
      // Any bare specifier except electron: covers node:*, builtins and npm packages.
      regex: '^(?!electron(?:/renderer)?$)[^./]',
      message: `${D} src/preload is contextBridge only: it imports only electron and src/shared.`,
    },
    ...noLayers(
      ['crypto', 'main', 'renderer', 'sandbox', 'cli'],
      `${D} src/preload is contextBridge only: it imports only electron and src/shared.`,
    ),
  ]),

  boundary('crypto', [
    {
      regex: ELECTRON,
      message: `${D} src/crypto is Node only and knows nothing of the app shell: no electron.`,
    },
    {
      regex: '^better-sqlite3(?:/.*)?$',
      message: `${D} src/crypto knows nothing of documents or the DB: no better-sqlite3.`,
    },
    ...noLayers(
      ['main', 'renderer', 'preload', 'sandbox', 'cli'],
      `${D} src/crypto depends only on src/shared (main and sandbox depend on crypto, not the reverse).`,
    ),
  ]),

  boundary('main', [
    ...noLayers(['renderer', 'preload', 'sandbox', 'cli'], `${D} main -> crypto, shared only.`),
  ]),

  boundary('sandbox', [
    { regex: ELECTRON, message: `${D} src/sandbox is the reference bank server: no electron.` },
    ...noLayers(['main', 'renderer', 'preload', 'cli'], `${D} sandbox -> crypto, shared only.`),
  ]),

  boundary('cli', [
    { regex: ELECTRON, message: `${D} src/cli is headless: no electron.` },
    ...noLayers(['crypto'], `${D} cli -> main: the CLI uses the app's services, not src/crypto directly.`),
    ...noLayers(['renderer', 'preload'], `${D} cli -> main: the CLI is headless.`),
  ]),
]);
