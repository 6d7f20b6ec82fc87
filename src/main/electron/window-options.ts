import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The renderer's web preferences (DESIGN.md "Security model"): context isolation, the Chromium
 * sandbox, no Node anywhere in the page, web security on, no <webview>. The preload script is the
 * only bridge, and it exposes only the channel table.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
  };
}

/** Options of the app's one window. It is shown once its first frame is ready. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}
