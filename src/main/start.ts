/**
 * `npm start`: the desktop app when Electron's binary is there; otherwise one line saying so and
 * the same app in a browser through the browser host, whose address (with its secret) is printed.
 * With no bank configured (no --bank, no BANKCLIENT_BANK_URL, none in the profile) it runs in demo
 * mode: the sandbox bank in this process on 127.0.0.1 and, if SoftHSM2 is installed and no token
 * module is configured, demo tokens in the data folder (src/main/demo).
 *
 *   node out/cli/start.js [--data-dir DIR] [--bank URL] [--port N]       (built by scripts/build-cli.ts)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LocalizedError, localeFrom } from '../shared/i18n/index.ts';
import { handlersFor } from './app-services/index.ts';
import { startBrowserHost, type BrowserHost } from './browser-host/server.ts';
import { Client } from './client.ts';
import { prepareDemo, type DemoSetup } from './demo/index.ts';
import { resolveDataDir } from './store/data-dir.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron executable npm installed, if its binary was downloaded (it is fetched on first start, which needs the network). */
export function electronBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const pkg = join(ROOT, 'node_modules', 'electron');
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const exe = join(dist, readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : undefined;
}

const TEXT = {
  en: { noElectron: 'Electron is not installed on this machine; opening Bank Client in your browser instead.', open: (url: string) => `Open ${url}` },
  ru: { noElectron: 'Electron на этом компьютере не установлен; «Банк-Клиент» откроется в браузере.', open: (url: string) => `Откройте ${url}` },
};

const DEMO_TEXT = {
  en: {
    bank: (url: string) => `Demo mode: no bank is configured, so the sandbox bank runs here at ${url} (not a real bank). Start with --bank URL for a real one.`,
    moved: (url: string) => `The demo bank's port was taken; the profile now uses ${url}.`,
    tokens: (labels: string, dir: string) => `Demo tokens ${labels} (SoftHSM2) are in ${dir}; their PINs are shown in the app.`,
    noTokens: (why: string) => `No demo tokens: ${why}.`,
  },
  ru: {
    bank: (url: string) => `Демо-режим: банк не настроен, поэтому здесь работает учебный банк ${url} (не настоящий банк). Для настоящего запустите с --bank URL.`,
    moved: (url: string) => `Порт демо-банка был занят; профиль теперь использует ${url}.`,
    tokens: (labels: string, dir: string) => `Демо-токены ${labels} (SoftHSM2) лежат в ${dir}; их PIN-коды показаны в приложении.`,
    noTokens: (why: string) => `Демо-токенов нет: ${why}.`,
  },
};

const NO_TOKENS_WHY: Record<string, { en: string; ru: string }> = {
  'module-configured': { en: 'PKCS11_MODULE names a token module', ru: 'PKCS11_MODULE задаёт модуль токена' },
  'softhsm-configured': { en: 'SOFTHSM2_CONF names a SoftHSM2 configuration', ru: 'SOFTHSM2_CONF задаёт конфигурацию SoftHSM2' },
  'softhsm-missing': { en: 'SoftHSM2 is not installed', ru: 'SoftHSM2 не установлен' },
  'softhsm-failed': { en: 'SoftHSM2 failed', ru: 'ошибка SoftHSM2' },
};

function demoLines(demo: DemoSetup, locale: 'en' | 'ru'): string {
  const text = DEMO_TEXT[locale];
  const lines = [text.bank(demo.bankUrl)];
  if (demo.moved) lines.push(text.moved(demo.bankUrl));
  if (demo.tokens.length) lines.push(text.tokens(demo.tokens.map((tk) => `«${tk.label}»`).join(', '), join(demo.dataDir, 'demo-token')));
  else if (demo.noTokens) lines.push(text.noTokens([NO_TOKENS_WHY[demo.noTokens.reason]?.[locale], demo.noTokens.detail].filter(Boolean).join(': ')));
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, bank: { type: 'string' }, port: { type: 'string' } }, strict: true });
  const locale = localeFrom(process.env.BANKCLIENT_LANG ?? process.env.LANG);
  const text = TEXT[locale];
  const electron = electronBinary();
  if (electron) {
    const child = spawn(electron, [join(ROOT, 'out', 'main', 'index.js')], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  const dataDir = resolveDataDir(values['data-dir']);
  // before the client and its token module: the demo may set SOFTHSM2_CONF
  const demo = await prepareDemo({ dataDir, ...(values.bank ? { bankUrl: values.bank } : {}) });
  const client = new Client({ dataDir, bankUrl: values.bank ?? demo?.bankUrl, modulePath: demo?.modulePath });
  // the handlers need the host to push events, and the host needs the handlers
  const late: { host?: BrowserHost } = {};
  const handlers = handlersFor(client, (event, payload) => late.host?.emit(event, payload));
  const host = (late.host = await startBrowserHost(handlers, { staticDir: join(ROOT, 'out', 'renderer'), port: values.port ? Number(values.port) : 0 }));
  process.stdout.write(`${text.noElectron}\n${text.open(host.url)}\n`);
  if (demo) process.stdout.write(demoLines(demo, locale));
  const stop = (): void => {
    void host
      .close()
      .then(async () => {
        client.close();
        await demo?.close();
      })
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main().catch((e: unknown) => {
  // a refusal in words (a profile bound to another bank, a demo bank whose data is gone...), not a stack trace
  if (!(e instanceof LocalizedError)) throw e;
  process.stderr.write(`${e.localized(localeFrom(process.env.BANKCLIENT_LANG ?? process.env.LANG))}\n`);
  process.exit(1);
});
