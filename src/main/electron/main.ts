/**
 * The Electron shell: one locked-down window (DESIGN.md "Security model"). The app's services
 * are wired in later through the typed channel table.
 */
import { app, BrowserWindow, ipcMain, session, type Session, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { handlersFor, type Emit } from '../app-services/index.ts';
import { Client } from '../client.ts';
import { registerChannels } from './ipc.ts';
import { mainWindowOptions } from './window-options.ts';

// Built layout (electron.vite.config.ts): out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const PRELOAD_PATH = join(import.meta.dirname, '../preload/index.cjs');
const RENDERER_HTML = join(import.meta.dirname, '../renderer/index.html');

/** The app is one page: no navigation, no new windows, no <webview>. Applied to every web contents. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The page needs no camera, notifications, HID, serial... (tokens are reached from main, over PKCS#11). */
export function denyPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(PRELOAD_PATH));
  win.once('ready-to-show', () => win.show());
  // For now the built renderer is loaded from disk; the app:// protocol that replaces file://
  // (DESIGN.md "Security model") comes with the desktop app issue.
  win.loadFile(RENDERER_HTML).catch((error: unknown) => {
    console.error('Could not load the renderer:', error);
    app.quit();
  });
  return win;
}

export function startApp(): void {
  // A second copy would open the same token and database: hand over to the first one instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();

  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(() => {
      denyPermissions(session.defaultSession);
      // the profile in the app's user-data folder, unless BANKCLIENT_HOME names another
      const client = new Client({ dataDir: process.env.BANKCLIENT_HOME ?? app.getPath('userData') });
      app.on('will-quit', () => client.close());
      // events go to the app's one window (the page subscribed through the preload)
      const emit: Emit = (event, payload) => mainWindow?.webContents.send(`bank:${event}`, payload);
      registerChannels(ipcMain, handlersFor(client, emit), pathToFileURL(RENDERER_HTML).href);
      client.sync().onChange((state) => emit('sync.changed', state));
      mainWindow = createMainWindow();
      mainWindow.on('closed', () => {
        mainWindow = null;
      });
    })
    .catch((error: unknown) => {
      console.error('Could not start:', error);
      app.exit(1);
    });
}

startApp();
