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

/** The folders of src/main (and its two root files), for the zones inside main. */
const MAIN_FOLDERS = ['app-services', 'audit', 'bank', 'browser-host', 'demo', 'documents', 'electron', 'enrollment', 'formats', 'pdf', 'signing', 'store', 'sync', 'tokens'];
/**
 * An import of another folder of src/main from inside one of them: '../sync/x.ts',
 * '../../documents/x.ts' from a subfolder, './../sync', '../store/../sync', 'src/main/sync',
 * '/abs/src/main/sync', '../client', '../client.js'. A folder name counts only right after a '../'
 * segment or after main/, so '../../shared/bank-api/documents/x.ts' (shared's own documents
 * folder) is not mistaken for src/main/documents.
 * @param {string[]} names
 */
const mainFolders = (names) =>
  `(?:^|/)(?:\\.\\.|main)/+(?:\\./+)*(?:${names.join('|')})(?:/|$)|(?:^|/)(?:\\.\\.|main)/+(?:\\./+)*(?:client|start)(?:\\.[cm]?[jt]s)?(?:[?#].*)?$`;

/**
 * One config block per src folder. no-restricted-imports covers import/export declarations
 * (type-only ones included); no-restricted-syntax covers import() and require() with the same patterns.
 * @param {string} dir
 * @param {Restriction[]} restrictions
 */
function boundary(dir, restrictions, extraSyntax = [], ignores = []) {
  // esquery regex literals cannot contain '/', so it is written as \x2F there.
  const selectorRegex = (/** @type {string} */ re) => `/${re.replaceAll('/', '\\x2F')}/i`;
  return {
    name: `boundaries/${dir}`,
    files: [`src/${dir}/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}`],
    ...(ignores.length ? { ignores } : {}),
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
        // a path in a template string escapes the patterns above: written as a plain string, it is checked
        { selector: 'ImportExpression[source.type="TemplateLiteral"]', message: `${'docs/architecture.md "Layout":'} write an import()'s path as a plain string, so the boundaries can check it.` },
        ...extraSyntax,
      ],
    },
  };
}

const D = 'docs/architecture.md "Layout":';
const T = 'docs/architecture.md "Where each table lives":';

/** What every file of src/main may not import. */
const MAIN = noLayers(['renderer', 'preload', 'sandbox', 'cli'], `${D} main -> crypto, shared only.`);

/**
 * The zone `own` of src/main may import no other folder of main.
 * @param {string} own
 * @param {string} message
 * @returns {Restriction}
 */
const noMain = (own, message) => ({ regex: mainFolders(MAIN_FOLDERS.filter((f) => f !== own)), message });

/** The database module, however spelt ('../store/database', '.js' for '.ts', '../store/./database.ts'). */
const DATABASE_MODULE = '^(?=.*(?:^|/)store(?:/|$)).*(?:^|/)database(?:\\.[cm]?[jt]s)?(?:[?#].*)?$';

/** The database module (its statements, the connection): for the stores only. */
const NO_DATABASE = {
  regex: DATABASE_MODULE,
  message: `${T} handlers, the CLI and the shells reach tables through the stores (src/main/store) and services, never the database module.`,
};

/** The SQLite driver itself: for the stores only. */
const NO_SQLITE = { regex: '^better-sqlite3(?:/.*)?$', message: `${T} only src/main/store opens SQLite; use a store.` };

const SQL_MESSAGE = `${T} only src/main/store prepares or runs SQL; add a store function instead.`;
/** Preparing or running SQL, in any style: only the stores (src/main/store), the audit log's own table and the demo do. */
const NO_SQL = [
  // db.prepare(...), db.prepare.call(...), (0, db.prepare)(...), db.pragma(...): any use of the member
  { selector: 'MemberExpression[property.name=/^(prepare|pragma)$/]', message: SQL_MESSAGE },
  // db['prepare'], db[`exec`], db[name], Reflect.get(db, 'exec'), const { prepare } = db
  { selector: 'MemberExpression[computed=true][property.value=/^(prepare|pragma|exec)$/]', message: SQL_MESSAGE },
  { selector: 'MemberExpression[computed=true][object.name=/^db$/i]', message: SQL_MESSAGE },
  { selector: 'MemberExpression[computed=true][object.property.name="db"]', message: SQL_MESSAGE },
  { selector: 'CallExpression[callee.object.name="Reflect"][arguments.1.value=/^(prepare|pragma|exec)$/]', message: SQL_MESSAGE },
  { selector: 'ObjectPattern > Property[key.name=/^(prepare|pragma|exec)$/]', message: SQL_MESSAGE },
  // re-exporting the database module's values would let them in under another name
  { selector: `ExportNamedDeclaration[source.value=/${DATABASE_MODULE.replaceAll('/', '\\x2F')}/][exportKind="value"]`, message: SQL_MESSAGE },
  { selector: `ExportAllDeclaration[source.value=/${DATABASE_MODULE.replaceAll('/', '\\x2F')}/]`, message: SQL_MESSAGE },
  { selector: `ImportExpression[source.value=/${DATABASE_MODULE.replaceAll('/', '\\x2F')}/]`, message: SQL_MESSAGE },
  { selector: 'MemberExpression[computed=true][property.type="TemplateLiteral"]', message: `${T} no computed member by a template string here (it can hide a SQL call).` },
  // x.exec(...) on anything but a regular expression written out (/re/.exec(s)) or held in a
  // constant (PATTERN.exec(s)): a database's exec runs SQL
  { selector: 'CallExpression[callee.property.name="exec"]:not([callee.object.regex]):not([callee.object.name=/^[A-Z][A-Z0-9_]*$/])', message: `${SQL_MESSAGE} (A RegExp is used as /…/.exec(s) or PATTERN.exec(s) here.)` },
  { selector: 'CallExpression[callee.name="sql"]', message: SQL_MESSAGE },
  // createRequire(...)('better-sqlite3') and the like
  { selector: 'CallExpression[arguments.0.value=/^better-sqlite3/]', message: NO_SQLITE.message },
  // the database module's values (sql, the connection), under any name: a type (Db) is fine, and the profile's opening (client.ts)
  ...['ImportSpecifier[importKind="value"][imported.name!=/^(openDatabase|DATABASE_FILE|schemaVersion)$/]', 'ImportNamespaceSpecifier', 'ImportDefaultSpecifier'].map((what) => ({
    selector: `ImportDeclaration[importKind="value"][source.value=/${DATABASE_MODULE.replaceAll('/', '\\x2F')}/] > ${what}`,
    message: `${T} outside src/main/store only the type Db (and the profile's opening) come from the database module.`,
  })),
];
/** Folders of main that own SQL: the stores, the audit log (its table and hash chain), and the demo (it reads the sandbox bank's own database). */
const OWN_SQL = ['src/main/store/**', 'src/main/audit/**', 'src/main/demo/**'];

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

  boundary('main', [...MAIN, NO_SQLITE], NO_SQL, OWN_SQL),
  boundary('main/audit', MAIN),
  boundary('main/demo', MAIN),
  // the zones inside main: what sits at the bottom imports nothing above it
  boundary('main/store', [...MAIN, noMain('store', `${D} src/main/store owns the tables and imports nothing of main above it (only shared).`)]),
  boundary('main/formats', [...MAIN, NO_SQLITE, noMain('formats', `${D} src/main/formats reads and writes files: it imports nothing of main above it (only shared).`)], NO_SQL),
  boundary('main/pdf', [...MAIN, NO_SQLITE, noMain('pdf', `${D} src/main/pdf writes PDF: it imports nothing of main above it (only shared).`)], NO_SQL),
  // the shells and the handlers reach tables only through the stores and services
  ...['main/app-services', 'main/electron', 'main/browser-host'].map((dir) => boundary(dir, [...MAIN, NO_DATABASE, NO_SQLITE], NO_SQL)),

  boundary('sandbox', [
    { regex: ELECTRON, message: `${D} src/sandbox is the reference bank server: no electron.` },
    ...noLayers(['main', 'renderer', 'preload', 'cli'], `${D} sandbox -> crypto, shared only.`),
  ]),

  boundary(
    'cli',
    [
      { regex: ELECTRON, message: `${D} src/cli is headless: no electron.` },
      ...noLayers(['crypto'], `${D} cli -> main: the CLI uses the app's services, not src/crypto directly.`),
      ...noLayers(['renderer', 'preload'], `${D} cli -> main: the CLI is headless.`),
      NO_DATABASE,
      NO_SQLITE,
    ],
    NO_SQL,
  ),
]);
