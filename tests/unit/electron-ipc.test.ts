/** The Electron shell's IPC: every channel of the table registered, senders checked, then the gate's envelope answered (no Electron binary needed). */
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../src/shared/ipc/channels.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';
import { ipcName, isAppFrame, registerChannels, type FrameLike } from '../../src/main/electron/ipc.ts';
import type { Handlers } from '../../src/main/app-services/index.ts';

const APP = 'app://bank-client/index.html';
const top: FrameLike = { url: APP, parent: null };

function setup() {
  const registered = new Map<string, (event: { senderFrame: FrameLike | null }, input: unknown) => Promise<unknown>>();
  const handlers = {
    'app.info': vi.fn(() => ({ version: '1', dataDir: '/d', bankUrl: 'https://bank' })),
    'documents.list': vi.fn(() => ({ items: [], total: 0 })),
    'documents.get': vi.fn(() => {
      throw new LocalizedError('document.not-found', { id: 'x' });
    }),
    'sync.state': vi.fn(() => ({ running: false, pending: 0, failed: 0 })),
    'sync.run': vi.fn(() => {
      throw new Error('ENOENT: /home/someone/.config/secret-path');
    }),
  } as unknown as Handlers;
  registerChannels({ handle: (name, listener) => void registered.set(name, listener) }, handlers);
  return { registered, handlers };
}

describe('IPC of the Electron shell', () => {
  it('registers exactly the channels of the table', () => {
    const { registered } = setup();
    expect([...registered.keys()].sort()).toEqual(Object.keys(CHANNELS).map((n) => ipcName(n as keyof typeof CHANNELS)).sort());
  });

  it('answers the app\'s own top frame, with the input parsed', async () => {
    const { registered, handlers } = setup();
    await expect(registered.get('bank:documents.list')!({ senderFrame: top }, { status: ['draft'] })).resolves.toEqual({ ok: true, value: { items: [], total: 0 } });
    expect(handlers['documents.list']).toHaveBeenCalledWith({ status: ['draft'] });
  });

  it('refuses another frame or address before the service is called', async () => {
    const { registered, handlers } = setup();
    const call = registered.get('bank:documents.list')!;
    await expect(call({ senderFrame: { url: APP, parent: top } }, {})).rejects.toThrow(/refused/);
    await expect(call({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})).rejects.toThrow(/refused/);
    await expect(call({ senderFrame: null }, {})).rejects.toThrow(/refused/);
    expect(handlers['documents.list']).not.toHaveBeenCalled();
    expect(isAppFrame({ url: `${APP}#/documents`, parent: null })).toBe(true);
  });

  it('compares the sender with the app:// origin exactly, not as a prefix', () => {
    const from = (url: string) => isAppFrame({ url, parent: null });
    for (const url of ['app://bank-client/index.html', 'app://bank-client/', 'app://bank-client/index.html#/sign/1', 'app://bank-client/assets/x.js?v=1']) {
      expect(from(url), url).toBe(true);
    }
    for (const url of [
      'app://bank-client.evil/index.html',
      'app://bank-clientx/index.html',
      'app://bank-client@evil/index.html',
      'app://user:pw@bank-client/index.html',
      'app://bank-client:8080/index.html',
      'app://evil/bank-client/index.html',
      'apps://bank-client/index.html',
      'file:///opt/bank-client/out/renderer/index.html',
      'https://bank-client/index.html',
      'http://127.0.0.1:5173/index.html',
      'about:blank',
      'data:text/html,app://bank-client/',
      '',
      'not a url',
    ]) {
      expect(from(url), url).toBe(false);
    }
  });

  it('refuses input that breaks the schema, naming the field, and passes errors on as code and parameters', async () => {
    const { registered, handlers } = setup();
    await expect(registered.get('bank:documents.list')!({ senderFrame: top }, { limit: 'all' })).resolves.toMatchObject({ ok: false, error: { code: 'validation-failed', field: 'limit' } });
    await expect(registered.get('bank:documents.list')!({ senderFrame: top }, { extra: true })).resolves.toMatchObject({ ok: false, error: { code: 'validation-failed' } });
    expect(handlers['documents.list']).not.toHaveBeenCalled();
    await expect(registered.get('bank:documents.get')!({ senderFrame: top }, { id: '00000000-0000-4000-8000-000000000000', locale: 'en' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'document.not-found', params: { id: 'x' } },
    });
  });

  it('passes a fault of ours on as "internal", its text (paths, internals) kept in main', async () => {
    const { registered } = setup();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(registered.get('bank:sync.run')!({ senderFrame: top }, { locale: 'en' })).resolves.toEqual({ ok: false, error: { code: 'internal' } });
    expect(String(logged.mock.calls[0])).toMatch(/secret-path/);
    logged.mockRestore();
  });
});
