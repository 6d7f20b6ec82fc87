/**
 * The Electron shell's security settings (DESIGN.md "Security model"), with `electron` mocked:
 * the Electron binary is not needed.
 */
import type { WebContents } from 'electron';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../src/shared/ipc/channels.ts';

// a throwaway profile: the shell opens the user's data folder, which a test must not touch
process.env.BANKCLIENT_HOME = mkdtempSync(join(tmpdir(), 'bc-electron-'));

type Listener = (...args: unknown[]) => void;

/** Records event listeners so a test can emit events the way Electron would. */
class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

const electron = vi.hoisted(() => {
  const windows: Array<{ options: unknown; loadFile: ReturnType<typeof vi.fn> }> = [];
  const app = {
    requestSingleInstanceLock: vi.fn(() => true),
    enableSandbox: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
    on: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn(() => {
      throw new Error('the test names its profile in BANKCLIENT_HOME');
    }),
  };
  const ipcMain = { handle: vi.fn() };
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  };
  return { windows, app, ipcMain, session: { defaultSession } };
});

vi.mock('electron', () => {
  class BrowserWindow extends FakeEmitter {
    readonly loadFile = vi.fn(() => Promise.resolve());
    readonly show = vi.fn();
    constructor(readonly options: unknown) {
      super();
      electron.windows.push(this);
    }
  }
  return { app: electron.app, session: electron.session, ipcMain: electron.ipcMain, BrowserWindow };
});

/** The handler main.ts registered with app.on(event). */
function appHandler(event: string): Listener {
  const call = electron.app.on.mock.calls.find(([name]) => name === event);
  if (!call) throw new Error(`no app.on('${event}') handler`);
  return call[1] as Listener;
}

async function startMain() {
  vi.resetModules();
  const main = await import('../../src/main/electron/main.ts');
  await Promise.resolve(); // let app.whenReady() resolve
  await Promise.resolve();
  return main;
}

beforeEach(() => {
  vi.clearAllMocks();
  electron.windows.length = 0;
  electron.app.requestSingleInstanceLock.mockReturnValue(true);
});

describe('window options', () => {
  it('isolate the renderer from Node', async () => {
    const { mainWindowOptions, secureWebPreferences } = await import('../../src/main/electron/window-options.ts');
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(mainWindowOptions('/p.cjs').webPreferences).toEqual(secureWebPreferences('/p.cjs'));
  });
});

describe('main process', () => {
  it('takes the single-instance lock, then opens one window with the secure options', async () => {
    const { secureWebPreferences } = await import('../../src/main/electron/window-options.ts');
    await startMain();

    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electron.windows).toHaveLength(1);
    const [win] = electron.windows;
    const options = win?.options as { webPreferences: { preload: string } };
    expect(options.webPreferences.preload).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(options.webPreferences).toEqual(secureWebPreferences(options.webPreferences.preload));
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win?.loadFile).toHaveBeenCalledWith(expect.stringMatching(/[/\\]renderer[/\\]index\.html$/));
    // the channel table is served to the page: every channel, nothing else
    const channels = electron.ipcMain.handle.mock.calls.map(([name]) => name as string);
    expect(channels.sort()).toEqual(Object.keys(CHANNELS).map((n) => `bank:${n}`).sort());
  });

  it('quits without a window when another instance holds the lock', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValue(false);
    await startMain();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.windows).toHaveLength(0);
  });

  it('denies navigation, new windows and <webview> in every web contents', async () => {
    await startMain();
    const contents = Object.assign(new FakeEmitter(), { setWindowOpenHandler: vi.fn() });
    appHandler('web-contents-created')({}, contents as unknown as WebContents);

    for (const event of ['will-navigate', 'will-frame-navigate', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault }, 'https://evil.example/');
      expect(preventDefault, event).toHaveBeenCalled();
    }

    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as (details: { url: string }) => unknown;
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', async () => {
    await startMain();
    const { defaultSession } = electron.session;

    const request = defaultSession.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
    }

    const check = defaultSession.setPermissionCheckHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
    expect(check({}, 'media', 'file://', {})).toBe(false);
    const device = defaultSession.setDevicePermissionHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
    expect(device({ deviceType: 'usb', origin: 'file://' })).toBe(false);
  });
});
