/**
 * The import boundaries of docs/architecture.md ("Layout": renderer -> shared; main -> crypto, shared;
 * sandbox -> crypto, shared; cli -> main) are enforced by eslint.config.js. This test lints
 * snippets as if they were files in each folder, with the project's real config, and checks that
 * each forbidden import is reported and each allowed one is not.
 */
import { ESLint, type Linter } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

async function lint(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  if (!result) throw new Error(`no lint result for ${file}`);
  // A parse error or an ignored file would make every "allowed" case pass vacuously.
  const broken = result.messages.filter((m) => m.fatal || m.ruleId === null);
  expect(broken, `${file}: ${code}`).toEqual([]);
  return result.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId));
}

interface Case {
  /** A file in the folder under test. */
  file: string;
  forbidden: string[];
  allowed: string[];
}

const CASES: Record<string, Case> = {
  'src/shared': {
    file: 'src/shared/domain/example.ts',
    forbidden: [
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "import { readFile } from 'fs/promises';",
      "import { EventEmitter } from 'events';",
      "import { createHash } from 'crypto';",
      "import { Buffer } from 'buffer';",
      "import { execFile } from 'child_process';",
      "import { app } from 'electron';",
      "import Database from 'better-sqlite3';",
      "import { TokenError } from '../../crypto/pkcs11/errors.ts';",
      "import { encodeDer } from '../../crypto/der.ts';",
      "import * as crypto from '../../crypto';",
      "import { x } from 'src/crypto/der.ts';",
      `import { x } from '${join(root, 'src/crypto/der.ts')}';`,
      "import type { Store } from '../../main/store/store.ts';",
      "import { App } from '../../renderer/App.tsx';",
      "import '../../preload/index.ts';",
      "import { server } from '../../sandbox/server.ts';",
      "import { run } from '../../cli/index.ts';",
      "export * from '../../crypto/der.ts';",
      "export { x } from '../../main/x.ts';",
    ],
    allowed: [
      "import { t } from '../i18n/index.ts';",
      "import { money } from './money.ts';",
      "import { z } from 'zod';",
      // Builtin and layer names only count as whole specifiers / path segments.
      "import { x } from './path/join.ts';",
      "import { x } from './events/payment.ts';",
      "import { x } from './cryptography.ts';",
      "import { x } from './main-account.ts';",
    ],
  },
  'src/renderer': {
    file: 'src/renderer/screens/Payments.tsx',
    forbidden: [
      "import { ipcRenderer } from 'electron';",
      "import { contextBridge } from 'electron/renderer';",
      "import { join } from 'node:path';",
      "import os from 'os';",
      "import { spawn } from 'child_process';",
      "import pkcs11 from 'pkcs11js';",
      "import { sign } from '../../crypto/cms/signer.ts';",
      "import { startApp } from '../../main/electron/main.ts';",
      "import type { Store } from '../../main/store/store.ts';",
      "import { server } from '../../sandbox/server.ts';",
      "import { run } from '../../cli/index.ts';",
      "import type { BankBridge } from '../../preload/index.ts';",
    ],
    allowed: [
      "import { useState } from 'react';",
      "import { createRoot } from 'react-dom/client';",
      "import { t } from '../../shared/i18n/index.ts';",
      "import { App } from '../App.tsx';",
      // The renderer's own entry file is not src/main.
      "import '../main.tsx';",
    ],
  },
  'src/preload': {
    file: 'src/preload/index.ts',
    forbidden: [
      "import { readFileSync } from 'node:fs';",
      "import fs from 'fs';",
      "import { z } from 'zod';",
      "import { encodeDer } from '../crypto/der.ts';",
      "import { startApp } from '../main/electron/main.ts';",
      "import { App } from '../renderer/App.tsx';",
      "import { server } from '../sandbox/server.ts';",
      "import { run } from '../cli/index.ts';",
    ],
    allowed: [
      "import { contextBridge, ipcRenderer } from 'electron';",
      "import { t } from '../shared/i18n/index.ts';",
      "import { channels } from './channels.ts';",
    ],
  },
  'src/crypto': {
    file: 'src/crypto/cms/example.ts',
    forbidden: [
      "import { app } from 'electron';",
      "import Database from 'better-sqlite3';",
      "import { Store } from '../../main/store/store.ts';",
      "import { App } from '../../renderer/App.tsx';",
      "import '../../preload/index.ts';",
      "import { server } from '../../sandbox/server.ts';",
      "import { run } from '../../cli/index.ts';",
    ],
    allowed: [
      "import { createHash } from 'node:crypto';",
      "import { createHash } from 'crypto';",
      "import pkcs11 from 'pkcs11js';",
      "import * as x509 from '@peculiar/x509';",
      "import { t } from '../../shared/i18n/index.ts';",
      "import { sequence } from '../der.ts';",
      "import { signDigest } from '../pkcs11/keys.ts';",
    ],
  },
  'src/main': {
    file: 'src/main/services/example.ts',
    forbidden: [
      "import { App } from '../../renderer/App.tsx';",
      "import '../../preload/index.ts';",
      "import { server } from '../../sandbox/server.ts';",
      "import { run } from '../../cli/index.ts';",
    ],
    allowed: [
      "import { app } from 'electron';",
      "import { readFile } from 'node:fs/promises';",
      "import { Pkcs11Module } from '../../crypto/pkcs11/index.ts';",
      "import { t } from '../../shared/i18n/index.ts';",
      "import { secureWebPreferences } from '../electron/window-options.ts';",
    ],
  },
  'src/sandbox': {
    file: 'src/sandbox/server.ts',
    forbidden: [
      "import { app } from 'electron';",
      "import { Store } from '../main/store/store.ts';",
      "import { App } from '../renderer/App.tsx';",
      "import '../preload/index.ts';",
      "import { run } from '../cli/index.ts';",
    ],
    allowed: [
      "import { createServer } from 'node:http';",
      "import { sign } from '../crypto/cms/signer.ts';",
      "import { t } from '../shared/i18n/index.ts';",
    ],
  },
  'src/cli': {
    file: 'src/cli/commands/token.ts',
    forbidden: [
      "import { app } from 'electron';",
      "import { Pkcs11Module } from '../../crypto/pkcs11/index.ts';",
      "import type { TokenKey } from '../../crypto/pkcs11/keys.ts';",
      "import { App } from '../../renderer/App.tsx';",
      "import '../../preload/index.ts';",
    ],
    allowed: [
      "import { listTokens } from '../../main/tokens/index.ts';",
      "import { t } from '../../shared/i18n/index.ts';",
      "import { argv } from 'node:process';",
      // The Node builtin, not src/crypto.
      "import { randomUUID } from 'crypto';",
    ],
  },
};

describe.each(Object.entries(CASES))('%s', (_folder, { file, forbidden, allowed }) => {
  it.each(forbidden)('reports %s', async (code) => {
    const messages = await lint(file, code);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.ruleId).toBe('no-restricted-imports');
      // Each message names the docs/architecture.md rule it enforces.
      expect(m.message).toMatch(/docs\/architecture\.md "Layout"/);
    }
  });

  it.each(allowed)('allows %s', async (code) => {
    expect(await lint(file, code)).toEqual([]);
  });
});

describe('import() and require()', () => {
  it.each([
    ['src/renderer/App.tsx', "export const load = () => import('node:fs');"],
    ['src/renderer/App.tsx', "export const ipc = require('electron');"],
    ['src/shared/domain/example.ts', "export const load = () => import('../../crypto/der.ts');"],
    ['src/cli/index.ts', "export const load = () => import('../crypto/pkcs11/index.ts');"],
    ['src/renderer/App.tsx', 'export const load = () => import(`node:fs`);'],
  ])('%s: reports %s', async (file, code) => {
    const messages = await lint(file, code);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.ruleId).toBe('no-restricted-syntax');
      expect(m.message).toMatch(/docs\/architecture\.md "Layout"/);
    }
  });

  it('allows a lazy import of the renderer’s own screens', async () => {
    expect(await lint('src/renderer/App.tsx', "export const load = () => import('./screens/Payments.tsx');")).toEqual(
      [],
    );
  });
});

describe('zones inside src/main', () => {
  const CLIMBS: [string, string][] = [
    ['src/main/store/documents.ts', "import { DocumentLifecycle } from '../documents/lifecycle.ts';"],
    ['src/main/store/documents.ts', "import { pushOutbox } from '../sync/outbox.ts';"],
    ['src/main/store/documents.ts', "import { Client } from '../client.ts';"],
    ['src/main/store/documents.ts', "import { x } from 'src/main/signing/signing-service.ts';"],
    ['src/main/formats/onec/reader.ts', "import { DocumentStore } from '../../store/documents.ts';"],
    ['src/main/formats/detect.ts', "import { audit } from '../audit/audit-log.ts';"],
    ['src/main/pdf/pdf-writer.ts', "import { x } from '../documents/document-service.ts';"],
  ];
  it.each(CLIMBS)('%s: reports %s', async (file, code) => {
    const messages = await lint(file, code);
    expect(messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    expect(messages.find((m) => m.ruleId === 'no-restricted-imports')!.message).toMatch(/docs\/architecture\.md "Layout": src\/main\/(store|formats|pdf)/);
  });

  it.each([
    ['src/main/store/documents.ts', "import type { DocumentBody } from '../../shared/bank-api/documents/index.ts';"],
    ['src/main/store/documents.ts', "import { sql } from './database.ts';"],
    ['src/main/formats/onec/reader.ts', "import { decode } from '../encoding.ts';"],
    ['src/main/documents/lifecycle.ts', "import type { DocumentStore } from '../store/documents.ts';"],
  ])('%s: allows %s', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });

  it.each([
    ['src/main/app-services/documents.ts', "import { sql } from '../store/database.ts';"],
    ['src/main/electron/ipc.ts', "import type { Db } from '../store/database.ts';"],
    ['src/main/browser-host/server.ts', "import { openDatabase } from '../store/database';"],
    ['src/cli/commands/documents.ts', "import { sql } from '../../main/store/database.ts';"],
  ])('%s may not import the database module: %s', async (file, code) => {
    const messages = await lint(file, code);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]!.message).toMatch(/docs\/architecture\.md "Where each table lives"/);
  });

  it.each([
    ['src/main/sync/pull.ts', "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');"],
    ['src/main/app-services/documents.ts', "declare const sql: (db: unknown, s: string) => unknown; export const f = (db: unknown) => sql(db, 'SELECT 1');"],
    ['src/cli/commands/documents.ts', "export const f = (c: { db: { prepare(s: string): unknown } }) => c.db.prepare('SELECT id FROM awaiting');"],
  ])('%s: reports SQL prepared outside the stores: %s', async (file, code) => {
    const messages = await lint(file, code);
    expect(messages.map((m) => m.ruleId)).toContain('no-restricted-syntax');
    expect(messages[0]!.message).toMatch(/only src\/main\/store prepares or runs SQL/);
  });

  // the spellings a reviewer used to get past the first version of these rules
  it.each([
    ['src/main/app-services/documents.ts', "export const f = (db: { exec(s: string): unknown }) => db.exec('DELETE FROM outbox');"],
    ['src/main/app-services/documents.ts', "export const f = (c: { db: { exec(s: string): unknown } }, s: string) => c.db.exec(s);"],
    ['src/main/sync/pull.ts', "export const f = (db: { pragma(s: string): unknown }) => db.pragma('writable_schema = 1');"],
    ['src/main/sync/pull.ts', "export const f = (db: Record<string, (s: string) => unknown>) => db['prepare']!('SELECT 1');"],
    ['src/main/sync/pull.ts', 'export const f = (db: Record<string, (s: string) => unknown>) => db[`prepare`]!(`SELECT 1`);'],
    ['src/main/sync/pull.ts', "export const f = (db: { prepare(s: string): unknown }) => db.prepare.call(db, 'SELECT 1');"],
    ['src/main/sync/pull.ts', "export const f = (c: { db: { prepare(s: string): unknown } }) => (0, c.db.prepare)('SELECT 1');"],
    ['src/main/sync/pull.ts', "import { createRequire } from 'node:module'; export const D = createRequire(import.meta.url)('better-sqlite3');"],
    ['src/main/sync/pull.ts', "import { sql as q } from '../store/database.ts'; export const f = q;"],
    ['src/main/documents/x.ts', "import * as database from '../store/database.ts'; export const f = database;"],
    // the second review's spellings
    ['src/main/app-services/x.ts', "export const f = (c: { db: { prepare(s: string): unknown } }) => { const { prepare } = c.db; return prepare; };"],
    ['src/main/sync/x.ts', "export const f = (db: object) => Reflect.get(db, 'prepare');"],
    ['src/main/sync/x.ts', "export const f = (db: Record<string, unknown>, name: string) => db[name];"],
    ['src/main/sync/x.ts', "export const f = (c: { db: Record<string, unknown> }) => c.db['ex' + 'ec'];"],
    ['src/main/app-services/x.ts', "export const f = (c: { db: { exec(s: string): unknown } }, q: string) => { const d = c.db; return d.exec(q); };"],
    ['src/main/sync/x.ts', "export const f = async () => (await import('../store/database.ts')).sql;"],
    ['src/main/sync/x.ts', "export { sql } from '../store/database.ts';"],
    ['src/main/sync/x.ts', "export * from '../store/database.ts';"],
    ['src/main/sync/x.ts', "import { sql } from '../store/database.ts?x'; export const f = sql;"],
  ])('%s: reports %s', async (file, code) => {
    const messages = await lint(file, code);
    expect(messages.map((m) => m.ruleId)).toContain('no-restricted-syntax');
    expect(messages.find((m) => m.ruleId === 'no-restricted-syntax')!.message).toMatch(/docs\/architecture\.md "Where each table lives"/);
  });

  it.each([
    ['src/main/app-services/documents.ts', "import Database from 'better-sqlite3';"],
    ['src/cli/commands/documents.ts', "import Database from 'better-sqlite3';"],
    ['src/main/app-services/documents.ts', "import { sql } from '../store/database.js';"],
    ['src/main/app-services/documents.ts', "import { sql } from '../store/./database.ts';"],
    ['src/main/app-services/documents.ts', "import { sql } from '../store/database.mts';"],
    ['src/main/store/documents.ts', "import { pushOutbox } from './../sync/outbox.ts';"],
    ['src/main/store/documents.ts', "import { pushOutbox } from '../store/../sync/outbox.ts';"],
    ['src/main/store/documents.ts', "import { Client } from '../client';"],
    ['src/main/store/documents.ts', "import { Client } from '../client.js';"],
    ['src/main/store/documents.ts', "import { pushOutbox } from '.././sync/outbox.ts';"],
    ['src/main/store/documents.ts', "import { pushOutbox } from '..//sync/outbox.ts';"],
    ['src/main/store/documents.ts', "import { Client } from '../../main/client.ts';"],
    ['src/main/formats/detect.ts', "import { Client } from '../../../src/main/client';"],
  ])('%s: reports the import %s', async (file, code) => {
    const messages = await lint(file, code);
    expect(messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });

  it.each([
    ['src/main/sync/pull.ts', "import type { Db } from '../store/database.ts';"],
    ['src/main/sync/pull.ts', "import { type Db } from '../store/database.ts';"],
    ['src/main/client.ts', "import { openDatabase, type Db } from './store/database.ts';"],
    ['src/main/store/database.ts', "import Database from 'better-sqlite3';"],
    ['src/main/app-services/tokens.ts', "const nameOf = (subject: string) => /CN=([^,]+)/.exec(subject)?.[1]; export { nameOf };"],
    ['src/main/formats/xml/reader.ts', "const LONE = /[\\uD800-\\uDBFF]/; export const f = (s: string) => LONE.exec(s);"],
    ['src/main/sync/x.ts', "export type { Db } from '../store/database.ts';"],
  ])('%s: allows %s', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });

  it('the stores prepare SQL', async () => {
    expect(await lint('src/main/store/example.ts', "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');")).toEqual([]);
  });
});

describe('outside src', () => {
  it('tests may import any layer', async () => {
    expect(await lint('tests/unit/example.test.ts', "import { t } from '../../src/crypto/der.ts';")).toEqual([]);
  });
});
