/**
 * Both shells go through main's one gate: the same call answered by the Electron shell's IPC
 * handler (ipcMain stood in for by a map: no Electron binary needed) and by the browser host over
 * real HTTP gives the same envelope, which the page decodes with its one decoder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handlersFor, type Handlers } from '../../src/main/app-services/index.ts';
import { startBrowserHost, type BrowserHost } from '../../src/main/browser-host/server.ts';
import { Client } from '../../src/main/client.ts';
import { registerChannels, type FrameLike } from '../../src/main/electron/ipc.ts';
import { decode } from '../../src/shared/ipc/answer.ts';
import { CHANNELS } from '../../src/shared/ipc/channels.ts';
import { DOCUMENT_EXAMPLES, EXAMPLES_VALID_ON } from '../../src/shared/bank-api/documents/index.ts';

let dir: string;
let client: Client;
let host: BrowserHost;
const ipc = new Map<string, (event: { senderFrame: FrameLike | null }, input: unknown) => Promise<unknown>>();
const top: FrameLike = { url: 'app://bank-client/index.html', parent: null };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bc-gate-'));
  client = new Client({ dataDir: dir, today: () => EXAMPLES_VALID_ON });
  client.documents.create({ kind: 'payment-order', content: DOCUMENT_EXAMPLES['payment-order'] });
  // the real services, but one that fails as a bug would (a fault of ours with a path in its text)
  const handlers = {
    ...handlersFor(client),
    'sync.run': () => {
      throw new Error(`EACCES: ${dir}/secret-path`);
    },
  } as Handlers;
  registerChannels({ handle: (name, listener) => void ipc.set(name, listener) }, handlers);
  host = await startBrowserHost(handlers);
});
afterAll(async () => {
  await host?.close();
  client?.close();
  rmSync(dir, { recursive: true, force: true });
});

const viaIpc = (name: string, input: unknown) => ipc.get(`bank:${name}`)!({ senderFrame: top }, input);
async function viaHttp(name: string, input: unknown): Promise<{ status: number; answer: unknown }> {
  const res = await fetch(`${host.url}rpc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return { status: res.status, answer: await res.json() };
}

describe('one gate behind both shells', () => {
  it.each([
    ['an output', 'documents.list', { kind: 'payment-order' }, 200],
    ['a field refused by the schema', 'documents.list', { limit: 'all', sort: 'amount' }, 422],
    ["a service's refusal with its parameters", 'documents.get', { id: '00000000-0000-4000-8000-000000000000', locale: 'ru' }, 400],
    ['a fault of ours', 'sync.run', { locale: 'en' }, 500],
  ])('%s: the same envelope from IPC and from HTTP', async (_what, name, input, status) => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fromIpc = await viaIpc(name, input);
    const fromHttp = await viaHttp(name, input);
    logged.mockRestore();
    expect(fromHttp.status).toBe(status);
    // what Electron's structured clone and JSON over HTTP deliver are the same envelope
    expect(fromHttp.answer).toEqual(JSON.parse(JSON.stringify(fromIpc)));
    expect((fromIpc as { ok: boolean }).ok).toBe(status === 200);
    expect(JSON.stringify(fromIpc)).not.toContain('secret-path');
    // and the page reads both the same way
    const read = (answer: unknown) => {
      try {
        return { value: decode(answer) };
      } catch (e) {
        return { error: e };
      }
    };
    expect(read(fromHttp.answer)).toEqual(read(fromIpc));
  });

  it('an output is the service\'s own answer (the list of documents), not just any envelope', async () => {
    const answer = (await viaIpc('documents.list', { kind: 'payment-order' })) as { ok: true; value: { total: number; items: { number: string }[] } };
    expect(answer.value.total).toBe(1);
    expect(answer.value.items[0]!.number).toBe('42');
  });

  it('the shells keep their own sender checks before the gate: a foreign frame is refused, a foreign origin too', async () => {
    await expect(ipc.get('bank:documents.list')!({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})).rejects.toThrow(/refused/);
    const res = await fetch(`${host.url}rpc/documents.list`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{}' });
    expect(res.status).toBe(403);
  });

  it('every channel of the table has its handler, and the tokens area kept its channel names when it was split', () => {
    expect(Object.keys(handlersFor(client)).sort()).toEqual(Object.keys(CHANNELS).sort());
    expect(Object.keys(CHANNELS).filter((n) => /^(tokens|import|sign)\./.test(n))).toEqual([
      'tokens.list',
      'tokens.select',
      'tokens.session',
      'tokens.login',
      'tokens.logout',
      'import.begin',
      'import.chunk',
      'import.preview',
      'import.accept',
      'import.discard',
      'sign.candidates',
      'sign.prepare',
      'sign.texts',
      'sign.run',
      'sign.cancel',
    ]);
  });
});
