/**
 * End-to-end fixture: the sandbox bank (in this process, on loopback HTTP), a SoftHSM2 token
 * directory, one client profile, the browser host serving the built renderer, and Debian's
 * Chromium driven by playwright-core. Needs `npm run build` first (npm test does it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { handlersFor } from '../../src/main/app-services/index.ts';
import { startBrowserHost, type BrowserHost } from '../../src/main/browser-host/server.ts';
import { Client } from '../../src/main/client.ts';
import type { SchedulerOptions } from '../../src/main/sync/scheduler.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { SoftHsm } from './softhsm.ts';
import { GostSoftHsm } from './softhsm-gost.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of the main screens, kept after the run (CI can upload the folder). */
export const SCREENSHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');

export interface E2eApp {
  hsm: SoftHsm;
  bank: RunningSandbox;
  companyId: string;
  client: Client;
  host: BrowserHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Errors the page threw or logged: a test asserts there are none. */
  pageErrors: string[];
  /** Saves a full-page screenshot as tests/e2e/screenshots/NAME.png. */
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** `gost`: the token on the GOST build of SoftHSM2 (tests/helpers/softhsm-gost.ts; it sets OPENSSL_ENGINES) instead of Debian's. */
export async function startE2e(name: string, o: { locale?: 'ru' | 'en'; today?: () => string; gost?: boolean; sync?: SchedulerOptions } = {}): Promise<E2eApp> {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first');
  const hsm = o.gost ? new GostSoftHsm(`e2e-${name}`) : new SoftHsm(`e2e-${name}`);
  // the token library reads its configuration from this process's environment
  Object.assign(process.env, hsm.env);
  const bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  const companyId = getSetting(bank.db, 'demo.company_id')!;
  const client = new Client({ dataDir: join(hsm.dir, 'profile'), bankUrl: bank.url, modulePath: hsm.module, env: process.env, actor: 'e2e', ...(o.today ? { today: o.today } : {}) });
  // the handlers need the host to push events, and the host needs the handlers
  const late: { host?: BrowserHost } = {};
  const handlers = handlersFor(client, (event, payload) => late.host?.emit(event, payload), o.sync ? { sync: o.sync } : {});
  const host = (late.host = await startBrowserHost(handlers, { staticDir: join(ROOT, 'out', 'renderer') }));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // playwright adds --headless and a fresh --user-data-dir of its own
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ locale: o.locale === 'en' ? 'en-GB' : 'ru-RU', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // a refused call is an HTTP error the browser logs; the page shows it: only other errors count
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && pageErrors.push(m.text()));
  await page.goto(host.url);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    hsm,
    bank,
    companyId,
    client,
    host,
    browser,
    context,
    page,
    pageErrors,
    async shot(shotName) {
      const path = join(SCREENSHOTS, `${shotName}.png`);
      // the app's frame stays put and only the screen scrolls: for a full-page picture the page grows to the screen's height
      const frame = (grow: boolean) =>
        page.evaluate((g) => {
          const app = document.querySelector<HTMLElement>('.app');
          const main = document.querySelector<HTMLElement>('main');
          if (app) app.style.height = g ? 'auto' : '';
          if (main) main.style.overflow = g ? 'visible' : '';
        }, grow);
      await frame(true);
      await page.screenshot({ path, fullPage: true });
      await frame(false);
      return path;
    },
    async close() {
      await browser.close().catch(() => {});
      await host.close();
      client.close();
      await bank.close();
      hsm.cleanup();
    },
  };
}
