/**
 * Bad files given to `bankclient import`: each gets a clear error naming what is wrong and
 * where, in the user's language, and the profile is left exactly as it was.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/store/database.ts';
import { bankclient } from '../helpers/cli.ts';

let dir: string;
const profile = (): string => join(dir, 'profile');
const cli = (args: string[], lang = 'en') => bankclient([...args, '--data-dir', profile(), '--lang', lang], { PATH: process.env.PATH });

/** Everything the profile holds that an import could touch. */
function snapshot(): string {
  const db = openDatabase(profile());
  try {
    const rows = ['documents', 'counterparties', 'audit', 'settings'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
    return JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bc-bad-files-'));
  const good = cli(['import', 'tests/fixtures/formats/mixed.cp1251.crlf.txt', '--json']);
  expect(good.json<{ imported: string[] }>().imported.length).toBeGreaterThan(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mixed = readFileSync('tests/fixtures/formats/mixed.cp1251.crlf.txt');
const BAD: [string, () => Buffer, RegExp, RegExp][] = [
  ['truncated 1C file', () => mixed.subarray(0, Math.floor(mixed.length * 0.6)), /line \d+/i, /строк/i],
  ['binary garbage', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /binary|not a text/i, /двоичн|не текст/i],
  ['50 MB file', () => Buffer.concat([mixed.subarray(0, 200), Buffer.alloc(50 * 1024 * 1024, 0x41)]), /MiB|MB|bytes/i, /МиБ|МБ|байт/i],
  ['empty file', () => Buffer.alloc(0), /empty/i, /пуст/i],
  ['XML with a DOCTYPE (billion laughs)', () => Buffer.from('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">&lol2;</Document>'), /DOCTYPE|entit/i, /DOCTYPE|сущност/i],
  ['XML with an external entity', () => Buffer.from('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">&x;</Document>'), /DOCTYPE|entit/i, /DOCTYPE|сущност/i],
  ['XML nested 10,000 deep', () => Buffer.from(`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</Document>`), /deep|nest|depth/i, /вложен|глубин/i],
];

describe('bad files change nothing', () => {
  it.each(BAD)('%s: a clear error in English and Russian, the profile untouched', (name, make, en, ru) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.bin`);
    writeFileSync(file, make());
    const before = snapshot();
    const r = cli(['import', file, '--json']);
    expect(r.status).toBe(1);
    expect(r.json<{ error: { message: string } }>().error.message).toMatch(en);
    const rr = cli(['import', file], 'ru');
    expect(rr.status).toBe(1);
    expect(rr.stderr).toMatch(ru);
    expect(snapshot()).toBe(before);
  });
});
