/** The preload (src/preload): exposes window.bank (version, invoke of a channel of the table, its events) and nothing else. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS } from '../../src/shared/ipc/channels.ts';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(() => Promise.resolve('answer')), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

interface Bridge {
  version: string;
  invoke(name: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
let bank: Bridge;

beforeAll(async () => {
  (globalThis as { __APP_VERSION__?: string }).__APP_VERSION__ = '9.9.9'; // electron-vite defines it at build time
  await import('../../src/preload/index.ts');
  bank = electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as unknown as Bridge;
});

describe('the preload', () => {
  it('exposes one object, window.bank, with the version, invoke and on: nothing of Electron or Node', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[0]).toBe('bank');
    expect(Object.keys(bank).sort()).toEqual(['invoke', 'on', 'version']);
    expect(bank.version).toBe('9.9.9');
    expect(Object.values(bank).filter((v) => typeof v === 'object')).toEqual([]); // no ipcRenderer or other objects handed over
  });

  it('invokes only channels of the table, under their bank: names', async () => {
    const name = Object.keys(CHANNELS)[0]!;
    await expect(bank.invoke(name, {})).resolves.toBe('answer');
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(`bank:${name}`, {});
    electron.ipcRenderer.invoke.mockClear();
    for (const other of ['no.such', 'constructor', '__proto__', 'toString', '../bank:app.info']) {
      await expect(bank.invoke(other, {}), other).rejects.toThrow(/no channel/);
    }
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it("listens only to the table's events, and stops listening", () => {
    const event = Object.keys(EVENTS)[0]!;
    const listener = vi.fn();
    const stop = bank.on(event, listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(`bank:${event}`, expect.any(Function));
    const wrapped = electron.ipcRenderer.on.mock.calls[0]?.[1] as unknown as (e: unknown, p: unknown) => void;
    wrapped({ sender: 'the IPC event is not passed on' }, { state: 1 });
    expect(listener).toHaveBeenCalledWith({ state: 1 });
    stop();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(`bank:${event}`, wrapped);
    expect(() => bank.on('no.such', listener)).toThrow(/no event/);
    expect(() => bank.on('__proto__', listener)).toThrow(/no event/);
  });
});
