/**
 * Bundles the Node programs that run outside Electron into out/cli/ with esbuild, so they start
 * as plain JavaScript (no TypeScript loader at run time):
 *   bankclient.js    the CLI (bin/bankclient.mjs imports it)
 *   conformance.js   the suite banks run against their server (npm run conformance)
 *   sandbox.js       the sandbox bank (npm run sandbox)
 *   sandbox-officer.js  the sandbox bank's officer (npm run sandbox-officer)
 *   start.js         npm start's program: Electron, or the browser host
 *   import-worker.js the import worker's entry; src/main/formats/import-worker.ts loads it from
 *                    next to the code that starts the worker (here: a file in out/cli/)
 * Every package stays external: node_modules is there at run time (better-sqlite3 and pkcs11js are
 * native and cannot be bundled), and a package imported by a command that does not run costs nothing.
 * Code splitting keeps what `import()` loads lazily (most commands, x509 and CMS) out of the
 * start-up path; the chunks sit in out/cli/ beside the entries.
 *
 *   npm run build:cli       (also part of `npm run build`, and of `npm ci` through "prepare")
 *
 * inputs.json lists the sources the bundle was made from, so that a check (the tests' global
 * setup, bin/bankclient.mjs) can tell a bundle older than its sources without building.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT = join(ROOT, 'out', 'cli');
const INPUTS = join(OUT, 'inputs.json');

const ENTRIES = {
  bankclient: 'src/cli/bin.ts',
  conformance: 'src/cli/conformance/main.ts',
  sandbox: 'src/sandbox/main.ts',
  'sandbox-officer': 'src/cli/officer/main.ts',
  start: 'src/main/start.ts',
  'import-worker': 'src/main/formats/import-worker-entry.ts',
};

/** Chunks of earlier builds are kept this long: a program started before a rebuild may still import one lazily. */
const KEEP_OLD_CHUNKS_MS = 24 * 60 * 60 * 1000;

/**
 * Builds out/cli/ without ever leaving it half-written: esbuild writes into a folder of its own,
 * then each file is renamed into out/cli/ (a rename replaces a file whole), inputs.json last.
 * So a program starting meanwhile, a program already running that loads a chunk later, and two
 * builds at once (two test runs) all see complete files. Chunks no build has made for a day go.
 * Resolves to the build's milliseconds.
 */
export async function buildCli(): Promise<number> {
  const started = performance.now();
  // the sources as of now: a file saved while this build runs is newer than the build, so seen as changed
  const asOf = new Date();
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  removeAbandonedBuilds();
  // beside out/cli/, at the same depth: the source maps' relative paths stay right after the move
  const tmp = mkdtempSync(join(ROOT, 'out', '.cli-build-'));
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ENTRIES,
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20.19',
      packages: 'external',
      // the chunks beside the entries: code moved into a chunk keeps resolving ./import-worker.js and ../.. as before
      chunkNames: 'chunk-[hash]',
      // read only with BANKCLIENT_DEBUG (bin/bankclient.mjs turns source maps on then)
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
    });
    // the build script and the package manifest decide the output too
    const inputs = [...Object.keys(result.metafile.inputs), 'scripts/build-cli.ts', 'package.json', 'tsconfig.json'];
    // what a file imports is in place before the file: chunks first, then the entries that import them
    const made = readdirSync(tmp).sort((a, b) => Number(!a.startsWith('chunk-')) - Number(!b.startsWith('chunk-')));
    mkdirSync(OUT, { recursive: true });
    for (const file of made) renameSync(join(tmp, file), join(OUT, file));
    writeFileSync(join(tmp, 'inputs.json'), `${JSON.stringify(inputs)}\n`);
    utimesSync(join(tmp, 'inputs.json'), asOf, asOf);
    renameSync(join(tmp, 'inputs.json'), INPUTS);
    pruneOldChunks(new Set(made));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return performance.now() - started;
}

/** A build interrupted (Ctrl-C) leaves its folder: gone at the next build, once surely not another build's running now. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

function removeAbandonedBuilds(): void {
  const out = join(ROOT, 'out');
  for (const dir of readdirSync(out)) {
    if (!dir.startsWith('.cli-build-')) continue;
    const path = join(out, dir);
    if (Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > ABANDONED_AFTER_MS) rmSync(path, { recursive: true, force: true });
  }
}

function pruneOldChunks(made: Set<string>): void {
  const now = Date.now();
  for (const file of readdirSync(OUT)) {
    if (made.has(file) || !file.startsWith('chunk-')) continue;
    const path = join(OUT, file);
    if (now - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? now) > KEEP_OLD_CHUNKS_MS) rmSync(path, { force: true });
  }
}

/**
 * Why out/cli/ must be built again, or undefined when it is current: missing, or some source it
 * was made from is newer than it. A source that a changed file now imports is covered: the
 * importing file changed.
 */
export function staleReason(): string | undefined {
  let inputs: string[];
  let built: number;
  try {
    inputs = JSON.parse(readFileSync(INPUTS, 'utf8')) as string[];
    built = statSync(INPUTS).mtimeMs;
    for (const entry of Object.keys(ENTRIES)) statSync(join(OUT, `${entry}.js`));
  } catch {
    return 'missing';
  }
  for (const input of inputs) {
    let mtime: number;
    try {
      mtime = statSync(resolve(ROOT, input)).mtimeMs;
    } catch {
      return `${input} is gone`;
    }
    if (mtime > built) return `${input} changed`;
  }
  return undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --if-stale: the npm scripts that run a program build only when a source changed
  if (!process.argv.includes('--if-stale') || staleReason()) {
    const ms = await buildCli();
    if (process.argv.includes('--verbose')) process.stdout.write(`out/cli built in ${Math.round(ms)} ms\n`);
  }
}
