/**
 * The Electron shell: one locked-down window (docs/architecture.md "Security model").
 *  - the built renderer is served on app://bank-client by our own protocol handler (app-protocol.ts), not file://;
 *  - the window: context isolation, Chromium sandbox, no Node in the page, the preload the only bridge;
 *  - every web contents: no navigation off the app's origin, no new windows, no <webview>, no permissions;
 *    a link to the bank's public site opens in the system browser once the user confirms (external-links.ts);
 *  - every IPC message checked for its sender frame and parsed with its schema (ipc.ts);
 *  - one instance: a second start focuses the first window;
 *  - the bank session's token sealed with the OS key store (session-sealer.ts), where there is a real one.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell, type Session, type WebContents } from 'electron';
import { join } from 'node:path';
import { localeFrom, t } from '../../shared/i18n/index.ts';
import { handlersFor, type Emit } from '../app-services/index.ts';
import { PLAIN_SEALER, useSessionSealer } from '../bank/session.ts';
import { Client } from '../client.ts';
import { prepareDemo } from '../demo/index.ts';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler, isAppUrl } from './app-protocol.ts';
import { linkOpener } from './external-links.ts';
import { showWindow, windowEvents } from './notifications.ts';
import { registerChannels } from './ipc.ts';
import { chooseSessionSealer, type SealerChoice } from './session-sealer.ts';

// Built layout (electron.vite.config.ts): out/main/index.js, out/preload/index.cjs, out/renderer/.
const PRELOAD_PATH = join(import.meta.dirname, '../preload/index.cjs');
export const RENDERER_DIR = join(import.meta.dirname, '../renderer');

/** The dialog's language: BANKCLIENT_LANG if set, else the system's. */
const shellLocale = () => localeFrom(process.env.BANKCLIENT_LANG ?? app.getLocale());

/** Links to the bank's public site, after the user's confirmation; anything else refused (external-links.ts). */
const openLink = linkOpener({
  locale: shellLocale,
  confirm: (options) => {
    const parent = BrowserWindow.getFocusedWindow();
    return parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options);
  },
  // Reviewed (Electronegativity OPEN_EXTERNAL_JS_CHECK asks for it): `url` is never the page's string, it is
  // allowedExternalUrl's re-serialised https URL on an allow-listed origin, and the user has just confirmed it.
  open: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
});

function offerLink(url: string): void {
  openLink(url).catch((error: unknown) => console.error('Could not open the link:', error));
}

/**
 * The app is one page on one origin. Applied to every web contents that is created:
 * navigation off app://bank-client is prevented (a link to an allow-listed site is offered to the
 * system browser instead), window.open is denied (same offer), <webview> is never attached, and
 * the contents' session grants no permission.
 */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    offerLink(event.url);
  });
  // any frame (the main frame's navigations are offered above; here they are only stopped)
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    offerLink(url);
    return { action: 'deny' };
  });
  denyPermissions(contents.session);
}

/**
 * The page needs no camera, notifications, HID, serial... (tokens are reached from main, over
 * PKCS#11). The one thing it may do is write plain text to the clipboard ("copy the requisites"),
 * and only from the app's own origin; reading the clipboard stays denied.
 */
const PAGE_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);
const fromApp = (url: string | undefined): boolean => !!url && isAppUrl(url);

export function denyPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(PAGE_PERMISSIONS.has(permission) && fromApp(details.requestingUrl)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => PAGE_PERMISSIONS.has(permission) && fromApp(requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
}

/**
 * Seals this profile's session token with safeStorage once the app is ready (before, Linux and
 * Windows report no encryption). Without a real key store the token is kept as the CLI keeps it,
 * and stderr says so once, in the user's language.
 */
export function sealSessions(client: Client): SealerChoice {
  let choice: SealerChoice;
  try {
    choice = chooseSessionSealer(safeStorage);
  } catch {
    choice = { protection: 'none', sealer: PLAIN_SEALER, why: 'unavailable' };
  }
  useSessionSealer(client.db, choice.sealer);
  if (choice.protection === 'none') console.warn(t(shellLocale(), 'ui.tokens.session.unprotected', { why: choice.why }));
  return choice;
}

export function createMainWindow(): BrowserWindow {
  // The web preferences are written here, in the constructor call, so that reviewers and
  // Electronegativity read them where they take effect (tests/unit/electron-window.test.ts asserts each).
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    webPreferences: {
      // the only bridge (reviewed, as PRELOAD_JS_CHECK asks): src/preload exposes window.bank (version, invoke of a
      // channel of the table, its events) and nothing else; tests/unit/electron-preload.test.ts asserts that
      preload: PRELOAD_PATH, // eng-disable PRELOAD_JS_CHECK
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
      // middle-click on a link raises auxclick and asks for a new window (which is denied anyway)
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_INDEX_URL).catch((error: unknown) => {
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
  // before ready: app:// is a standard, secure scheme (an origin of its own; no CSP bypass)
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => showWindow(mainWindow));
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(async () => {
      denyPermissions(session.defaultSession);
      // only the files of the built renderer, with the page's CSP as a header too
      session.defaultSession.protocol.handle(APP_SCHEME, appProtocolHandler(RENDERER_DIR));

      // the profile in the app's user-data folder, unless BANKCLIENT_HOME names another; with no
      // bank configured, the demo bank in this process (and demo tokens) first: it may set SOFTHSM2_CONF
      const dataDir = process.env.BANKCLIENT_HOME ?? app.getPath('userData');
      const demo = await prepareDemo({ dataDir });
      const client = new Client({ dataDir, ...(demo ? { bankUrl: demo.bankUrl, ...(demo.modulePath ? { modulePath: demo.modulePath } : {}) } : {}) });
      sealSessions(client);
      app.on('will-quit', () => {
        client.close();
        void demo?.close();
      });
      // events go to the app's one window; a status the bank changed is also a system notification
      const emit: Emit = windowEvents(() => mainWindow, shellLocale);
      registerChannels(ipcMain, handlersFor(client, emit));
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
