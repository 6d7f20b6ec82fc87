/**
 * Bundles the Node programs that run outside Electron into out/cli/ with esbuild, so they start
 * as plain JavaScript (no TypeScript loader at run time):
 *   bankclient.js    the CLI (bin/bankclient.mjs imports it)
 *   conformance.js   the suite banks run against their server (npm run conformance)
 *   sandbox.js       the sandbox bank (npm run sandbox)
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
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT = join(ROOT, 'out', 'cli');
const INPUTS = join(OUT, 'inputs.json');

const ENTRIES = {
  bankclient: 'src/cli/bin.ts',
  conformance: 'src/cli/conformance/main.ts',
  sandbox: 'src/sandbox/main.ts',
  start: 'src/main/start.ts',
  'import-worker': 'src/main/formats/import-worker-entry.ts',
};

/** Builds out/cli/ afresh (old chunks would otherwise pile up); resolves to the build's milliseconds. */
export async function buildCli(): Promise<number> {
  const started = performance.now();
  rmSync(OUT, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: OUT,
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
  const inputs = [...Object.keys(result.metafile.inputs), 'scripts/build-cli.ts', 'package.json'];
  mkdirSync(OUT, { recursive: true });
  writeFileSync(INPUTS, `${JSON.stringify(inputs)}\n`);
  return performance.now() - started;
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
  const ms = await buildCli();
  if (process.argv.includes('--verbose')) process.stdout.write(`out/cli built in ${Math.round(ms)} ms\n`);
}
