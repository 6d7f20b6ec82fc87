/**
 * The browser host: the channel table over loopback HTTP, reachable only with the secret of this
 * start, only under its own address (no DNS rebinding) and from its own origin.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/main/client.ts';
import { handlersFor } from '../../src/main/app-services/index.ts';
import { startBrowserHost, type BrowserHost } from '../../src/main/browser-host/server.ts';
import { DOCUMENT_EXAMPLES, EXAMPLES_VALID_ON } from '../../src/shared/bank-api/documents/index.ts';

let dir: string;
let client: Client;
let host: BrowserHost;

/** A raw request, so that Host and Origin can be anything (fetch would not let us). */
function raw(url: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'GET', headers: o.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}
const rpc = (channel: string, input: unknown, headers: Record<string, string> = {}) =>
  raw(`${host.url}rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) });

/** What an answer's envelope carries: the output, or the refusal. */
function carried(r: { body: string }): Record<string, unknown> {
  const answer = JSON.parse(r.body) as { ok: boolean; value?: Record<string, unknown>; error?: Record<string, unknown> };
  return (answer.ok ? answer.value : answer.error)!;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bc-host-'));
  client = new Client({ dataDir: dir, today: () => EXAMPLES_VALID_ON });
  client.documents.create({ kind: 'payment-order', content: DOCUMENT_EXAMPLES['payment-order'] });
  host = await startBrowserHost(handlersFor(client));
});
afterAll(async () => {
  await host?.close();
  client?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host', () => {
  it('listens on 127.0.0.1 with a long random secret in the address it gives', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/);
  });

  it('serves the channel table: inputs parsed, outputs in the table\'s shapes', async () => {
    const list = await rpc('documents.list', { kind: 'payment-order' });
    expect(list.status).toBe(200);
    const { items, total } = carried(list) as { items: { id: string; number: string }[]; total: number };
    expect(total).toBe(1);
    const one = await rpc('documents.get', { id: items[0]!.id, locale: 'ru' });
    expect(carried(one)).toMatchObject({ number: '42', rendered: expect.arrayContaining([expect.objectContaining({ field: 'amount', value: '150\u00a0000,00\u00a0₽' })]) });
    expect(carried(await rpc('sync.state', { locale: 'en' }))).toMatchObject({ pending: 0, failed: 0 });
  });

  it('creates, edits, copies and deletes drafts; content without its kind\'s structure is refused by field and nothing is stored', async () => {
    const created = carried(await rpc('documents.create', { kind: 'letter', content: DOCUMENT_EXAMPLES.letter })) as { id: string };
    const edited = carried(await rpc('documents.update', { id: created.id, content: { ...DOCUMENT_EXAMPLES.letter, subject: 'Новая тема' }, revision: 1 }));
    expect(edited).toEqual({ id: created.id, revision: 2, derived: false });
    const stale = await rpc('documents.update', { id: created.id, content: DOCUMENT_EXAMPLES.letter, revision: 1 });
    expect(carried(stale)).toMatchObject({ code: 'document.stale', params: { id: created.id } });
    const copy = carried(await rpc('documents.copy', { id: created.id })) as { id: string };
    expect(copy.id).not.toBe(created.id);
    expect(carried(await rpc('documents.delete', { id: copy.id }))).toEqual({ deleted: true });
    const before = carried(await rpc('documents.list', {})).total as number;
    const bad = await rpc('documents.create', { kind: 'payment-order', content: { ...DOCUMENT_EXAMPLES['payment-order'], amount: '1500.00' } });
    expect(bad.status).toBe(400);
    expect(carried(bad)).toMatchObject({ code: 'document.invalid', params: { field: 'amount' } });
    expect(carried(await rpc('documents.list', {})).total).toBe(before);
  });

  it('refuses input that breaks the schema, naming the field, and unknown channels', async () => {
    const bad = await rpc('documents.list', { limit: 'all' });
    expect(bad.status).toBe(422);
    expect(carried(bad)).toMatchObject({ code: 'validation-failed', errors: [expect.objectContaining({ field: 'limit' })] });
    expect((await rpc('documents.list', { evil: 1 })).status).toBe(422);
    expect((await rpc('documents.drop', {})).status).toBe(404);
    expect((await rpc('constructor', {})).status).toBe(404);
    const missing = await rpc('documents.get', { id: '00000000-0000-4000-8000-000000000000', locale: 'en' });
    expect(carried(missing)).toMatchObject({ code: 'document.not-found', params: { id: '00000000-0000-4000-8000-000000000000' } });
  });

  it('answers a service\'s refusal as 200 (same envelope) to the page, which asks with x-bank-refusals: in-body; other failures keep their status', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const plain = await rpc('documents.get', { id, locale: 'en' });
    const asked = await rpc('documents.get', { id, locale: 'en' }, { 'x-bank-refusals': 'in-body' });
    expect([plain.status, asked.status]).toEqual([400, 200]);
    expect(asked.body).toBe(plain.body);
    expect(carried(asked)).toMatchObject({ code: 'document.not-found' });
    expect((await rpc('documents.list', { limit: 'all' }, { 'x-bank-refusals': 'in-body' })).status).toBe(422);
    expect((await rpc('documents.drop', {}, { 'x-bank-refusals': 'in-body' })).status).toBe(404);
  });

  it('serves nothing without the secret, under another Host, or to another origin', async () => {
    const base = new URL(host.url);
    expect((await raw(`${base.origin}/rpc/documents.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    expect((await raw(`${base.origin}/wrong-secret-wrong-secret-wrong-s/rpc/documents.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    expect((await rpc('documents.list', {}, { host: `evil.example:${base.port}` })).status).toBe(403); // DNS rebinding
    expect((await rpc('documents.list', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await rpc('documents.list', {}, { origin: base.origin })).status).toBe(200);
  });

  it('pushes events to the open pages', async () => {
    const got = new Promise<string>((resolve, reject) => {
      const req = request(`${host.url}events`, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('event: sync.changed')) {
            resolve(text);
            req.destroy();
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 100));
    host.emit('sync.changed', { running: false, pending: 3, failed: 0 });
    expect(await got).toContain('"pending":3');
  });
});
