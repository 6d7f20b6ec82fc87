import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type pkcs11 from 'pkcs11js';

/**
 * The worker thread that signs batches with synchronous C_Sign calls. A batch of digests costs
 * one message each way instead of one thread hop per signature (C_SignAsync's round trip
 * costs more than a software token's whole signature), and the main thread never blocks.
 *
 * The worker uses the main thread's session and key handles: PKCS#11 sessions and logins
 * belong to the process, and the module was initialised with OS locking. The token's queue
 * guarantees no other thread uses the session while a batch runs. Its own PKCS11 object only
 * dlopen()s the same library; destroying it never calls C_Finalize.
 *
 * The source is plain CommonJS run with `eval`, so it works the same from tsx, Vitest and the
 * bundled Electron main process without a separate build entry.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const pkcs11js = require(workerData.pkcs11jsPath);
const lib = new pkcs11js.PKCS11();
lib.load(workerData.modulePath);
try { lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK }); }
catch (e) { if (e.code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw e; }
const out = Buffer.alloc(1024);
parentPort.on('message', (job) => {
  const session = Buffer.from(job.session);
  const key = Buffer.from(job.key);
  const cancel = new Int32Array(job.cancel);
  const signatures = [];
  let error;
  for (const input of job.inputs) {
    if (Atomics.load(cancel, 0) !== 0) break;
    try {
      lib.C_SignInit(session, job.mechanism, key);
      signatures.push(Buffer.from(lib.C_Sign(session, Buffer.from(input.buffer, input.byteOffset, input.byteLength), out)));
    } catch (e) {
      error = { code: typeof e.code === 'number' ? e.code : undefined, message: String(e.message) };
      break;
    }
  }
  parentPort.postMessage({ id: job.id, signatures, error });
});
`;

export interface WorkerJob {
  session: Buffer;
  key: Buffer;
  mechanism: pkcs11.Mechanism;
  inputs: Buffer[];
  /** A flag in shared memory: non-zero stops the batch before its next signature. */
  cancel: SharedArrayBuffer;
}

export interface WorkerResult {
  signatures: Buffer[];
  /** Set when a signature failed; the signatures before it are valid. */
  error?: { code?: number; message: string };
}

/** One worker per module path, started on first use, not keeping the process alive. */
export class SignWorker {
  private static readonly workers = new Map<string, SignWorker>();
  private readonly worker: Worker;
  private readonly pending = new Map<number, (r: WorkerResult) => void>();
  private nextId = 1;

  private constructor(modulePath: string) {
    const pkcs11jsPath = createRequire(import.meta.url).resolve('pkcs11js');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, pkcs11jsPath } });
    this.worker.unref();
    this.worker.on('message', (msg: { id: number; signatures: Uint8Array[]; error?: WorkerResult['error'] }) => {
      const done = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (this.pending.size === 0) this.worker.unref();
      done?.({ signatures: msg.signatures.map((s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength)), error: msg.error });
    });
    // A worker that dies (error or exit) fails its batches instead of leaving them hanging.
    const fail = (message: string): void => {
      for (const done of this.pending.values()) done({ signatures: [], error: { message } });
      this.pending.clear();
      SignWorker.workers.delete(modulePath);
    };
    this.worker.on('error', (e) => fail(`the signing worker failed: ${e.message}`));
    this.worker.on('exit', (code) => fail(`the signing worker stopped (exit code ${code})`));
  }

  static for(modulePath: string): SignWorker {
    let w = SignWorker.workers.get(modulePath);
    if (!w) {
      w = new SignWorker(modulePath);
      SignWorker.workers.set(modulePath, w);
    }
    return w;
  }

  /** Signs the inputs in order; resolves with the signatures made (all, or up to a failure or cancel). */
  run(job: WorkerJob): Promise<WorkerResult> {
    const id = this.nextId++;
    this.worker.ref(); // keep the process alive while a batch is out
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...job, id });
    });
  }
}
