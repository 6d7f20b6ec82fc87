/**
 * The import worker's side (see import-worker.ts): importFile() on each job, the result or the
 * error sent back as plain data. A build entry of its own in electron.vite.config.ts.
 */
import { parentPort, threadId } from 'node:worker_threads';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { importFile } from './detect.ts';
import type { ImportJob, ImportReply } from './import-worker.ts';

function run(job: ImportJob): ImportReply {
  try {
    return { id: job.id, threadId, result: importFile(job.bytes, job.name, job.options) };
  } catch (e) {
    if (e instanceof LocalizedError) return { id: job.id, threadId, refusal: { code: e.code, params: e.params } };
    const err = e instanceof Error ? e : new Error(String(e));
    return { id: job.id, threadId, failure: { name: err.name, message: err.message } };
  }
}

parentPort?.on('message', (job: ImportJob) => parentPort!.postMessage(run(job)));
