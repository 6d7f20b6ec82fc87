/**
 * The Electron shell's security settings (docs/architecture.md "Security model"), with `electron` mocked:
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
  const windows: Array<{ options: unknown; loadURL: ReturnType<typeof vi.fn> }> = [];
  const app = {
    requestSingleInstanceLock: vi.fn(() => true),
    enableSandbox: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
    on: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getLocale: vi.fn(() => 'ru-RU'),
    getPath: vi.fn(() => {
      throw new Error('the test names its profile in BANKCLIENT_HOME');
    }),
  };
  const ipcMain = { handle: vi.fn() };
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    protocol: { handle: vi.fn() },
  };
  const protocol = { registerSchemesAsPrivileged: vi.fn() };
  const dialog = { showMessageBox: vi.fn(() => Promise.resolve({ response: 1 })) };
  const shell = { openExternal: vi.fn(() => Promise.resolve()) };
  // a key store that is there (the session sealing itself is tested in electron-session-sealer.test.ts)
  const safeStorage = { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'gnome_libsecret', encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString() };
  return { windows, app, ipcMain, session: { defaultSession }, protocol, dialog, shell, safeStorage };
});

// the demo bank and tokens are tested in tests/integration/demo-channels.test.ts: here, what main does with them
const demo = vi.hoisted(() => ({ prepareDemo: vi.fn(async (_o: { dataDir: string }) => undefined) }));
vi.mock('../../src/main/demo/index.ts', () => demo);

vi.mock('electron', () => {
  class BrowserWindow extends FakeEmitter {
    static getFocusedWindow = vi.fn(() => null);
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly show = vi.fn();
    constructor(readonly options: unknown) {
      super();
      electron.windows.push(this);
    }
  }
  const { app, session, ipcMain, protocol, dialog, shell, safeStorage } = electron;
  return { app, session, ipcMain, protocol, dialog, shell, safeStorage, BrowserWindow };
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
  // let app.whenReady() and the (mocked) demo set-up resolve
  await new Promise((resolve) => setImmediate(resolve));
  return main;
}

beforeEach(() => {
  vi.clearAllMocks();
  electron.windows.length = 0;
  electron.app.requestSingleInstanceLock.mockReturnValue(true);
});

/** A web contents as Electron hands it to 'web-contents-created': events, the window-open handler, a session. */
function fakeContents() {
  return Object.assign(new FakeEmitter(), {
    setWindowOpenHandler: vi.fn(),
    session: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() },
  });
}

/** Emits a navigation event the way Electron does (the URL on the event) and says whether it was prevented. */
function navigate(contents: FakeEmitter, event: string, url: string): boolean {
  const preventDefault = vi.fn();
  contents.emit(event, { preventDefault, url });
  return preventDefault.mock.calls.length > 0;
}

describe('the main window', () => {
  it('has the secure web preferences, each one, written in the constructor call', async () => {
    await startMain();
    expect(electron.windows).toHaveLength(1);
    const options = electron.windows[0]!.options as { show: boolean; webPreferences: Record<string, unknown> };
    expect(options.show).toBe(false); // shown at ready-to-show
    const prefs = options.webPreferences;
    expect(prefs.preload).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(prefs).toEqual({
      preload: prefs.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('partition');
  });

  it('loads the page from app://bank-client, not from a file', async () => {
    await startMain();
    expect(electron.windows[0]!.loadURL).toHaveBeenCalledWith('app://bank-client/index.html');
  });
});

describe('the app:// protocol', () => {
  it('is registered as a standard secure scheme before the app is ready, without a CSP bypass', async () => {
    await startMain();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    const [schemes] = electron.protocol.registerSchemesAsPrivileged.mock.calls[0] as unknown as [Array<{ scheme: string; privileges: Record<string, boolean> }>];
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    for (const privilege of ['bypassCSP', 'corsEnabled', 'allowServiceWorkers']) expect(schemes[0]!.privileges).not.toHaveProperty(privilege);
    expect(electron.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(electron.app.whenReady.mock.invocationCallOrder[0]!);
  });

  it("is served on the app's session, with the CSP on every answer and nothing outside the renderer folder", async () => {
    await startMain();
    expect(electron.session.defaultSession.protocol.handle).toHaveBeenCalledOnce();
    const [scheme, handler] = electron.session.defaultSession.protocol.handle.mock.calls[0] as unknown as [string, (r: Request) => Promise<Response>];
    expect(scheme).toBe('app');
    for (const url of ['app://bank-client/../../package.json', 'app://bank-client/..%2F..%2Fpackage.json', 'app://bank-client/%2e%2e/main/electron/main.ts']) {
      const answer = await handler(new Request(url));
      expect(answer.status, url).toBe(404);
      expect(answer.headers.get('content-security-policy'), url).toMatch(/script-src 'self'/);
    }
  });
});

describe('main process', () => {
  it('takes the single-instance lock, then serves the channel table and opens one window', async () => {
    await startMain();
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electron.windows).toHaveLength(1);
    // the channel table is served to the page: every channel, nothing else
    const channels = electron.ipcMain.handle.mock.calls.map(([name]) => name as string);
    expect(channels.sort()).toEqual(Object.keys(CHANNELS).map((n) => `bank:${n}`).sort());
    // the demo is asked first, for the profile's folder (it starts only when no bank is configured)
    expect(demo.prepareDemo).toHaveBeenCalledWith({ dataDir: process.env.BANKCLIENT_HOME });
  });

  it('quits without a window when another instance holds the lock', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValue(false);
    await startMain();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(electron.windows).toHaveLength(0);
  });

  it('brings the first window forward when a second instance starts', async () => {
    await startMain();
    const win = Object.assign(electron.windows[0]!, { isMinimized: vi.fn(() => true), restore: vi.fn(), focus: vi.fn() });
    appHandler('second-instance')();
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });
});

describe('every web contents', () => {
  it('stays on the app origin: navigation anywhere else is prevented, in any frame and by redirects', async () => {
    await startMain();
    const contents = fakeContents();
    appHandler('web-contents-created')({}, contents as unknown as WebContents);

    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(navigate(contents, event, 'app://bank-client/index.html#/documents'), event).toBe(false);
      for (const url of ['https://evil.example/', 'app://bank-client.evil/index.html', 'file:///etc/passwd', 'http://bankclient.ru/', 'javascript:alert(1)', 'https://bankclient.ru/']) {
        expect(navigate(contents, event, url), `${event} ${url}`).toBe(true);
      }
    }
    expect(navigate(contents, 'will-attach-webview', 'app://bank-client/index.html')).toBe(true);
    await Promise.resolve();
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies every new window', async () => {
    await startMain();
    const contents = fakeContents();
    appHandler('web-contents-created')({}, contents as unknown as WebContents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as (details: { url: string }) => unknown;
    for (const url of ['https://evil.example/', 'app://bank-client/index.html', 'https://bankclient.ru/']) {
      expect(openHandler({ url }), url).toEqual({ action: 'deny' });
    }
  });

  it('offers an allow-listed link to the system browser only after the user confirms', async () => {
    await startMain();
    const contents = fakeContents();
    appHandler('web-contents-created')({}, contents as unknown as WebContents);
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as (details: { url: string }) => unknown;

    // cancelled: nothing opens
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    openHandler({ url: 'https://bankclient.ru/tariffs' });
    await expect.poll(() => electron.dialog.showMessageBox.mock.calls.length).toBe(1);
    const [options] = electron.dialog.showMessageBox.mock.calls[0] as unknown as [{ message: string; detail: string; buttons: string[]; cancelId: number; defaultId: number }];
    expect(options.message).toBe('Открыть bankclient.ru в браузере?'); // the system's language (app.getLocale() is ru-RU here)
    expect(options.detail).toBe('https://bankclient.ru/tariffs');
    expect(options.defaultId).toBe(options.cancelId);
    await Promise.resolve();
    expect(electron.shell.openExternal).not.toHaveBeenCalled();

    // confirmed: the system browser opens that address (a link clicked in place, without target=_blank)
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    expect(navigate(contents, 'will-navigate', 'https://www.bankclient.ru/contacts')).toBe(true);
    await expect.poll(() => electron.shell.openExternal.mock.calls).toEqual([['https://www.bankclient.ru/contacts']]);

    // not on the list: no dialog at all
    openHandler({ url: 'https://evil.example/' });
    navigate(contents, 'will-navigate', 'https://bankclient.ru.evil.example/');
    await Promise.resolve();
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(2);
  });

  it('has every permission request and check denied, but writing text to the clipboard from the app itself', async () => {
    await startMain();
    const contents = fakeContents();
    appHandler('web-contents-created')({}, contents as unknown as WebContents);
    for (const ses of [electron.session.defaultSession, contents.session]) {
      const request = ses.setPermissionRequestHandler.mock.calls[0]?.[0] as (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void;
      for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'hid', 'serial']) {
        const callback = vi.fn();
        request({}, permission, callback, { requestingUrl: 'app://bank-client/index.html' });
        expect(callback, permission).toHaveBeenCalledWith(false);
      }
      for (const [url, granted] of [['app://bank-client/index.html', true], ['https://evil.example/', false], ['app://bank-client.evil/', false]] as const) {
        const callback = vi.fn();
        request({}, 'clipboard-sanitized-write', callback, { requestingUrl: url });
        expect(callback, url).toHaveBeenCalledWith(granted);
      }
      const check = ses.setPermissionCheckHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
      expect(check({}, 'media', 'app://bank-client', {})).toBe(false);
      expect(check({}, 'clipboard-read', 'app://bank-client', {})).toBe(false);
      expect(check({}, 'clipboard-sanitized-write', 'app://bank-client', {})).toBe(true);
      expect(check({}, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false);
      const device = ses.setDevicePermissionHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
      expect(device({ deviceType: 'usb', origin: 'app://bank-client' })).toBe(false);
    }
  });
});
