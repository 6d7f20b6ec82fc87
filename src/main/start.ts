/**
 * `npm start`: the desktop app when Electron's binary is there; otherwise one line saying so and
 * the same app in a browser through the browser host, whose address (with its secret) is printed.
 *
 *   node --import tsx src/main/start.ts [--data-dir DIR] [--bank URL] [--port N]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { localeFrom } from '../shared/i18n/index.ts';
import { handlersFor } from './app-services/index.ts';
import { startBrowserHost, type BrowserHost } from './browser-host/server.ts';
import { Client } from './client.ts';

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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, bank: { type: 'string' }, port: { type: 'string' } }, strict: true });
  const text = TEXT[localeFrom(process.env.BANKCLIENT_LANG ?? process.env.LANG)];
  const electron = electronBinary();
  if (electron) {
    const child = spawn(electron, [join(ROOT, 'out', 'main', 'index.js')], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  const client = new Client({ dataDir: values['data-dir'], bankUrl: values.bank });
  // the handlers need the host to push events, and the host needs the handlers
  const late: { host?: BrowserHost } = {};
  const handlers = handlersFor(client, (event, payload) => late.host?.emit(event, payload));
  const host = (late.host = await startBrowserHost(handlers, { staticDir: join(ROOT, 'out', 'renderer'), port: values.port ? Number(values.port) : 0 }));
  client.sync().onChange((state) => host.emit('sync.changed', state));
  process.stdout.write(`${text.noElectron}\n${text.open(host.url)}\n`);
  const stop = (): void => {
    void host.close().then(() => {
      client.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
