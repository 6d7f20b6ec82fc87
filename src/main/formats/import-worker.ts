/**
 * Parses an import file in a worker thread, so that a 32 MiB file (or a hostile one that takes
 * its time) never stalls the Electron main process or the browser host's event loop. The result
 * is plain data and crosses back as it is; a LocalizedError is rebuilt here with the same code
 * and parameters, so callers and the page see exactly what an in-process parse would throw.
 *
 * The worker is started like the signing worker (src/crypto/pkcs11/sign-worker.ts): a few lines
 * of CommonJS run with `eval`, which then import the module that does the work. That module is
 * import-worker-entry.ts when running from source (tsx, Vitest: the worker registers tsx first,
 * since a worker does not inherit Vitest's transform), and otherwise import-worker.js beside the
 * built file this code is in: a build entry of its own both in the Electron main
 * (electron.vite.config.ts: out/main/, next to index.js) and in the Node programs
 * (scripts/build-cli.ts: out/cli/, next to start.js, bankclient.js and their chunks). A built
 * program never needs tsx.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LocalizedError, type MessageKey, type MessageParams } from '../../shared/i18n/index.ts';
import type { ImportFileOptions } from './detect.ts';
import type { ImportResult } from './import-result.ts';

export interface ImportJob {
  id: number;
  bytes: Uint8Array;
  name: string;
  options: ImportFileOptions;
}

export type ImportReply =
  | { id: number; threadId: number; result: ImportResult }
  | { id: number; threadId: number; refusal: { code: MessageKey; params: MessageParams } }
  | { id: number; threadId: number; failure: { name: string; message: string } };

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((e) => setImmediate(() => { throw e; }));
`;

/** The module the worker imports, and tsx's ESM API when that module is TypeScript. */
function workerModule(): { entry: string; tsx?: string } {
  if (import.meta.url.endsWith('.ts')) {
    // `--import tsx` registers its hooks on the main thread only; the worker calls register() itself.
    // require.resolve picks the export's "require" file; its "import" twin is the ESM API.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    return { entry: new URL('./import-worker-entry.ts', import.meta.url).href, tsx };
  }
  const built = new URL('./import-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(built))) throw new Error(`the import worker is missing from the build: ${fileURLToPath(built)}`);
  return { entry: built.href };
}

type Pending = { resolve: (r: ImportResult) => void; reject: (e: Error) => void };

/** One worker, started on first use, not keeping the process alive while idle, replaced if it dies. */
class ImportWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The thread that made the last parse (tests check it is not the main thread). */
  lastThreadId: number | undefined;

  private start(): Worker {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: workerModule() });
    worker.unref();
    worker.on('message', (reply: ImportReply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      this.lastThreadId = reply.threadId;
      if (!p) return;
      if ('result' in reply) p.resolve(reply.result);
      else if ('refusal' in reply) p.reject(new LocalizedError(reply.refusal.code, reply.refusal.params));
      else p.reject(Object.assign(new Error(reply.failure.message), { name: reply.failure.name }));
    });
    // A worker that dies fails what it was given instead of leaving it hanging; the next parse starts another.
    const fail = (message: string): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new Error(message));
      this.pending.clear();
    };
    worker.on('error', (e) => fail(`the import worker failed: ${e.message}`));
    worker.on('exit', (code) => fail(`the import worker stopped (exit code ${code})`));
    return worker;
  }

  parse(bytes: Uint8Array, name: string, options: ImportFileOptions): Promise<ImportResult> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    worker.ref(); // keep the process alive while a parse is out
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // a copy: the caller keeps its bytes (an upload may be previewed, then accepted)
      worker.postMessage({ id, bytes, name, options } satisfies ImportJob);
    });
  }
}

const shared = new ImportWorker();

/** importFile() in the import worker: the same result, or the same LocalizedError. */
export function importFileInWorker(bytes: Uint8Array, name: string, options: ImportFileOptions = {}): Promise<ImportResult> {
  return shared.parse(bytes, name, options);
}

/** The worker thread id of the last parse (for tests). */
export const lastImportThreadId = (): number | undefined => shared.lastThreadId;
