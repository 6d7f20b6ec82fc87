/**
 * Worker thread entry: sets up one target, runs its inputs, posts results in chunks. Before
 * each call it writes the input's index and bytes to shared memory, so that the supervisor
 * can name (and reproduce) the input of a call that never returns.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HEADER_BYTES, measureScaling, PHASE, runTarget, type WorkerData } from './harness.ts';
import { targetByName } from './targets.ts';

async function main(): Promise<void> {
  const data = workerData as WorkerData;
  const header = new Int32Array(data.shared, 0, 4);
  const bytes = new Uint8Array(data.shared, HEADER_BYTES);
  const port = parentPort!;
  const t0 = performance.now();
  const ctx = await targetByName(data.target).setup();
  port.postMessage({ type: 'ready', setupMs: performance.now() - t0 });
  Atomics.store(header, 0, PHASE.fuzz);
  await runTarget(data.target, ctx, {
    seed: data.seed,
    start: data.start,
    count: data.count,
    hangMs: data.hangMs,
    beforeCall(index, input) {
      const n = Math.min(input.length, bytes.length);
      bytes.set(input.subarray(0, n));
      Atomics.store(header, 2, input.length);
      Atomics.store(header, 1, index);
    },
    onChunk: (chunk) => port.postMessage({ type: 'chunk', chunk }),
  });
  Atomics.store(header, 0, PHASE.scaling);
  const scaling = data.scaling ? await measureScaling(ctx) : [];
  Atomics.store(header, 0, PHASE.done);
  await ctx.close?.();
  port.postMessage({ type: 'done', scaling });
}

void main().catch((e: unknown) => {
  parentPort!.postMessage({ type: 'fatal', error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) });
});
