/**
 * The renderer: its bundle size and its time to interactive in Chromium.
 *
 *   npx tsx bench/renderer.ts            one JSON object on stdout (progress on stderr)
 *   npx tsx bench/renderer.ts --table    the same JSON, then a Markdown table
 *   options: --docs N      documents in the profile the page opens (default 100000)
 *            --runs N      cold page loads per measure (default 11)
 *            --no-build    measure out/renderer as it is (default: build it first)
 *
 * Size: every file of out/renderer, raw, gzip -9 and brotli (what an update or a slow disk
 * costs); the first load (page, entry chunk, stylesheet; each area's screens are a chunk loaded
 * when first opened); next to React and ReactDOM's own production files minified and compressed
 * the same way (the part of the bundle that is the framework, not ours).
 * Time to interactive: Debian's Chromium (playwright-core) opens the app through the browser
 * host, each run in a fresh browser context (cold cache), with a profile of N payment orders.
 * Measured in the page from navigation start (performance.now) to (a) the frame usable: every
 * section link in the navigation; (b) the documents screen showing the newest document's row.
 * Baseline in the same run: a bare HTML page served by the same host, to its load event. The
 * ratio to it is what this machine's load does not change much. No figure is asserted anywhere.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { handlersFor } from '../src/main/app-services/index.ts';
import { startBrowserHost } from '../src/main/browser-host/server.ts';
import { Client } from '../src/main/client.ts';
import { accountAt, companyInn, HOME_BANK, log, median, numberOption, payerOf, paymentOrders, round } from './client/common.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'out', 'renderer');
const DOCS = Math.floor(numberOption('--docs', 100_000));
const RUNS = Math.max(5, Math.floor(numberOption('--runs', 11)));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

const sizesOf = (bytes: Buffer): Sizes => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const sum = (xs: Sizes[]): Sizes => xs.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n: number): number => round(n / 1024, 1);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function bundleSizes() {
  const all = files(OUT).map((path) => ({ file: relative(OUT, path), ...sizesOf(readFileSync(path)) }));
  const js = sum(all.filter((f) => f.file.endsWith('.js')));
  const css = sum(all.filter((f) => f.file.endsWith('.css')));
  // the framework's own production builds, compressed alike: the part of the bundle that is React
  // (minified by esbuild as the bundle is, so the two compare)
  const reactFiles = ['react/cjs/react.production.js', 'react-dom/cjs/react-dom.production.js', 'react-dom/cjs/react-dom-client.production.js', 'scheduler/cjs/scheduler.production.js'];
  const react = sum(reactFiles.map((f) => sizesOf(Buffer.from(transformSync(readFileSync(join(ROOT, 'node_modules', f), 'utf8'), { minify: true }).code))));
  // what the first screen needs: the page, its entry script and stylesheet (each area's chunk loads when first opened)
  // (the files index.html names: its entry script, the chunks it preloads, its stylesheets)
  const html = readFileSync(join(OUT, 'index.html'), 'utf8');
  const named = new Set([...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!));
  const firstLoad = sum(all.filter((f) => f.file === 'index.html' || named.has(f.file)));
  return { files: all, js, css, total: sum(all), firstLoad, react };
}

/** Median of `runs` cold loads of `url` until `ready` (evaluated in the page) holds, in ms from navigation start. */
type Ready = { kind: 'bare' } | { kind: 'frame' } | { kind: 'text'; text: string };

/** Evaluated in the page (CSP forbids eval: a function, not a string). */
function isReady(r: Ready): number | false {
  const ok =
    r.kind === 'bare'
      ? document.readyState === 'complete' && !!document.getElementById('ready')
      : r.kind === 'frame'
        ? document.querySelectorAll('nav a').length >= 8
        : !!document.querySelector('main')?.textContent?.includes(r.text);
  return ok ? performance.now() : false;
}

async function timeToReady(browser: Browser, url: string, ready: Ready): Promise<{ medianMs: number; runsMs: number[] }> {
  const runsMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(isReady, ready, { polling: 'raf', timeout: 60_000 });
    runsMs.push((await handle.jsonValue()) as number);
    await context.close();
  }
  return { medianMs: round(median(runsMs), 1), runsMs: runsMs.map((x) => round(x, 1)) };
}

async function main(): Promise<void> {
  const load = [loadavg()[0]!];
  if (!process.argv.includes('--no-build')) {
    log('building the renderer (electron-vite build)');
    execFileSync(join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: ROOT, stdio: 'ignore' });
  }
  const size = bundleSizes();

  const dir = mkdtempSync(join(tmpdir(), 'bc-bench-renderer-'));
  const client = new Client({ dataDir: join(dir, 'profile'), actor: 'bench', bankUrl: 'http://127.0.0.1:9' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    log(`profile: ${DOCS} payment orders`);
    const payer = payerOf('ООО «Бенчмарк»', companyInn(42), accountAt(HOME_BANK.bic, '40702810', 4242));
    const today = new Date().toISOString().slice(0, 10);
    const marker = 'ООО «Самый Новый Получатель»';
    client.db.transaction(() => {
      const now = new Date().toISOString();
      for (let from = 0; from < DOCS; from += 10_000) {
        for (const o of paymentOrders(Math.min(10_000, DOCS - from), { payer, date: () => '2026-01-15', seed: 11 + from, from })) {
          client.documents.insert(randomUUID(), client.documents.parse('payment-order', o), { origin: 'import' }, now);
        }
      }
      // the newest document, the one the list shows first
      const [newest] = paymentOrders(1, { payer, date: () => today, seed: 5, from: DOCS });
      client.documents.insert(randomUUID(), client.documents.parse('payment-order', { ...newest!, payee: { ...newest!.payee, name: marker } }), { origin: 'import' }, new Date(Date.now() + 1000).toISOString());
    })();

    const host = await startBrowserHost(handlersFor(client), { staticDir: OUT });
    const bareDir = join(dir, 'bare');
    execFileSync('mkdir', ['-p', bareDir]);
    writeFileSync(join(bareDir, 'index.html'), '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>bare</title></head><body><p id="ready">ready</p></body></html>');
    const bare = await startBrowserHost(handlersFor(client), { staticDir: bareDir });
    try {
      log(`timing ${RUNS} cold loads of each page`);
      const baseline = await timeToReady(browser, bare.url, { kind: 'bare' });
      const frame = await timeToReady(browser, `${host.url}#/documents`, { kind: 'frame' });
      const documents = await timeToReady(browser, `${host.url}#/documents`, { kind: 'text', text: marker });
      load.push(loadavg()[0]!);
      const report = {
        benchmark: 'renderer',
        date: new Date().toISOString(),
        node: process.version,
        chromium: browser.version(),
        cpu: cpus()[0]?.model ?? 'unknown',
        cpuCount: cpus().length,
        loadAverage: { start: round(load[0]!, 2), end: round(load[1]!, 2) },
        commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
        bundle: {
          files: size.files.map((f) => ({ file: f.file, rawKB: kb(f.raw), gzipKB: kb(f.gzip), brotliKB: kb(f.brotli) })),
          jsKB: { raw: kb(size.js.raw), gzip: kb(size.js.gzip), brotli: kb(size.js.brotli) },
          cssKB: { raw: kb(size.css.raw), gzip: kb(size.css.gzip), brotli: kb(size.css.brotli) },
          totalKB: { raw: kb(size.total.raw), gzip: kb(size.total.gzip), brotli: kb(size.total.brotli) },
          firstLoadKB: { raw: kb(size.firstLoad.raw), gzip: kb(size.firstLoad.gzip), brotli: kb(size.firstLoad.brotli) },
          reactKB: { raw: kb(size.react.raw), gzip: kb(size.react.gzip), brotli: kb(size.react.brotli) },
          jsGzipOverReact: round(size.js.gzip / size.react.gzip, 2),
        },
        timeToInteractive: {
          documents: DOCS,
          runs: RUNS,
          baselineBarePage: baseline,
          frameUsable: { ...frame, overBaseline: round(frame.medianMs / baseline.medianMs, 1) },
          documentsShown: { ...documents, overBaseline: round(documents.medianMs / baseline.medianMs, 1) },
        },
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      if (process.argv.includes('--table')) {
        const b = report.bundle;
        const t = report.timeToInteractive;
        process.stdout.write(
          [
            '',
            '| Measure | Figure |',
            '|---|---|',
            `| Renderer JS, all chunks (raw / gzip / brotli) | ${b.jsKB.raw} / ${b.jsKB.gzip} / ${b.jsKB.brotli} KB |`,
            `| First load: the page and what it names (entry, preloaded chunks, stylesheets; raw / gzip) | ${b.firstLoadKB.raw} / ${b.firstLoadKB.gzip} KB |`,
            `| Renderer CSS (raw / gzip) | ${b.cssKB.raw} / ${b.cssKB.gzip} KB |`,
            `| React + ReactDOM alone, minified (raw / gzip) | ${b.reactKB.raw} / ${b.reactKB.gzip} KB (all JS is ${b.jsGzipOverReact}× that, gzip) |`,
            `| Bare page load (baseline, median of ${t.runs}) | ${t.baselineBarePage.medianMs} ms |`,
            `| Frame usable (navigation rendered) | ${t.frameUsable.medianMs} ms (${t.frameUsable.overBaseline}× baseline) |`,
            `| Documents screen shows the newest of ${t.documents.toLocaleString('en-US')} | ${t.documentsShown.medianMs} ms (${t.documentsShown.overBaseline}× baseline) |`,
            '',
          ].join('\n'),
        );
      }
    } finally {
      await host.close();
      await bare.close();
    }
  } finally {
    await browser.close();
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
