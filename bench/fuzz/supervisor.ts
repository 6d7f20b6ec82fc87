/**
 * Runs one target in a worker thread and watches it: a call still running after `killMs` is a
 * hang the worker cannot report itself (JS is single-threaded), so the worker is terminated,
 * the input it was on is read from shared memory and reported, and a new worker carries on
 * from the next input. Setup and the time-per-KB check have their own overall limits.
 */
import { Worker } from 'node:worker_threads';
import { emptyChunk, HEADER_BYTES, median, merge, PHASE, quantile, round, type ChunkResult, type CrashRecord, type HangRecord, type ScalingResult, type WorkerData } from './harness.ts';

export interface SuperviseOptions {
  seed: number;
  iterations: number;
  /** A call longer than this is reported as a hang. */
  hangMs?: number;
  /** A call longer than this is stopped: the worker is terminated. */
  killMs?: number;
  setupMs?: number;
  scaling?: boolean;
  scalingMs?: number;
  /** Stop restarting after this many killed workers. */
  maxKills?: number;
  onProgress?(done: number): void;
}

export interface ParserReport {
  parser: string;
  seed: number;
  inputs: number;
  ok: number;
  refused: number;
  crashes: number;
  /** Findings already reported (in code this harness may not change), by id. */
  known: Record<string, number>;
  hangs: number;
  killed: number;
  /** Inputs the generator could not make (a harness bug; they were skipped). */
  generatorErrors: number;
  medianUs: number;
  p99Us: number;
  maxMs: number;
  /** Mean time per KB of input over the whole run. */
  usPerKb: number;
  meanBytes: number;
  seconds: number;
  scaling: ScalingResult[];
  crashSignatures: Record<string, number>;
  crashRecords: CrashRecord[];
  hangRecords: HangRecord[];
  /** Why the run stopped early, if it did. */
  error?: string;
}

const INPUT_BYTES = 1024 * 1024;
const WORKER_URL = new URL('./worker.ts', import.meta.url).href;
// tsx is registered inside the worker, so this works from tsx, plain node and vitest alike
const BOOT = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL)}); })`;

type Message = { type: 'ready'; setupMs: number } | { type: 'chunk'; chunk: ChunkResult } | { type: 'done'; scaling: ScalingResult[] } | { type: 'fatal'; error: string };

export async function superviseTarget(parser: string, options: SuperviseOptions): Promise<ParserReport> {
  const hangMs = options.hangMs ?? 1000;
  const killMs = options.killMs ?? 10_000;
  const total = emptyChunk();
  let scaling: ScalingResult[] = [];
  let killed = 0;
  let error: string | undefined;
  let next = 0;
  const t0 = performance.now();

  while (next < options.iterations) {
    const shared = new SharedArrayBuffer(HEADER_BYTES + INPUT_BYTES);
    const header = new Int32Array(shared, 0, 4);
    Atomics.store(header, 1, -1);
    const data: WorkerData = { target: parser, seed: options.seed, start: next, count: options.iterations - next, hangMs, scaling: options.scaling ?? true, shared };
    // a 1 MB stack, about what Node's main thread has: deep recursion must overflow here as it would there
    const worker = new Worker(BOOT, { eval: true, workerData: data, resourceLimits: { stackSizeMb: 1, maxOldGenerationSizeMb: 2048 } });
    type Outcome = { kind: 'done' } | { kind: 'killed'; index: number; input: Buffer; ms: number } | { kind: 'failed'; message: string; index: number; input: Buffer };
    const outcome = await new Promise<Outcome>((resolve) => {
      let lastIndex = -2;
      let since = performance.now();
      let phaseSince = performance.now();
      let lastPhase = -1;
      let settled = false;
      const current = (): { index: number; input: Buffer } => {
        const length = Math.min(Atomics.load(header, 2), INPUT_BYTES);
        return { index: Atomics.load(header, 1), input: Buffer.from(new Uint8Array(shared, HEADER_BYTES, length)) };
      };
      // the first outcome wins: terminating a worker also makes it emit 'exit'
      const settle = (o: Outcome): void => {
        if (settled) return;
        settled = true;
        clearInterval(timer);
        resolve(o);
        void worker.terminate();
      };
      const timer = setInterval(() => {
        const now = performance.now();
        const phase = Atomics.load(header, 0);
        if (phase !== lastPhase) {
          lastPhase = phase;
          phaseSince = now;
        }
        const index = Atomics.load(header, 1);
        if (index !== lastIndex) {
          lastIndex = index;
          since = now;
        }
        const limit = phase === PHASE.setup ? (options.setupMs ?? 120_000) : phase === PHASE.scaling ? (options.scalingMs ?? 180_000) : Number.POSITIVE_INFINITY;
        if (phase === PHASE.fuzz && index >= 0 && now - since > killMs) settle({ kind: 'killed', ...current(), ms: now - since });
        else if (now - phaseSince > limit) settle({ kind: 'failed', message: `${phase === PHASE.setup ? 'setup' : 'time-per-KB check'} took over ${Math.round(limit / 1000)} s`, ...current() });
      }, 100);
      worker.on('message', (m: Message) => {
        if (m.type === 'chunk') {
          merge(total, m.chunk);
          options.onProgress?.(total.inputs);
        } else if (m.type === 'done') {
          scaling = m.scaling;
          settle({ kind: 'done' });
        } else if (m.type === 'fatal') settle({ kind: 'failed', message: m.error, ...current() });
      });
      worker.on('error', (e) => settle({ kind: 'failed', message: `${e.name}: ${e.message}`, ...current() }));
      worker.on('exit', () => settle({ kind: 'failed', message: 'the worker exited', ...current() }));
    });

    if (outcome.kind === 'done') break;
    // the worker's unposted chunk is lost with it: its inputs count as run, their times are not kept
    const resumeAt = outcome.index + 1;
    if (outcome.kind === 'killed') {
      killed++;
      total.hangRecords.push({ parser, seed: options.seed, index: outcome.index, input: outcome.input.toString('base64'), ms: Math.round(outcome.ms), killed: true });
    } else {
      // an error outside any call (or an out-of-memory crash of the worker) on this input
      if (outcome.index < 0) {
        error = outcome.message;
        break;
      }
      total.crashes++;
      total.crashRecords.push({ parser, seed: options.seed, index: outcome.index, input: outcome.input.toString('base64'), error: `the worker died: ${outcome.message.split('\n')[0]}` });
    }
    if (killed >= (options.maxKills ?? 3)) {
      error = `stopped after ${killed} calls that never returned`;
      break;
    }
    next = resumeAt;
    total.inputs = Math.max(total.inputs, next);
  }

  const us = total.durations.map((d) => d * 1000);
  const totalMs = total.durations.reduce((s, d) => s + d, 0);
  return {
    parser,
    seed: options.seed,
    inputs: total.inputs,
    ok: total.ok,
    refused: total.refused,
    crashes: total.crashes,
    known: total.known,
    hangs: total.hangRecords.length,
    killed,
    generatorErrors: total.generatorErrors,
    medianUs: round(median(us), 1),
    p99Us: round(quantile(us, 0.99), 1),
    maxMs: round(Math.max(0, ...total.durations), 1),
    usPerKb: total.bytes > 0 ? round((totalMs * 1000) / (total.bytes / 1024), 1) : 0,
    meanBytes: total.durations.length > 0 ? Math.round(total.bytes / total.durations.length) : 0,
    seconds: round((performance.now() - t0) / 1000, 1),
    scaling,
    crashSignatures: total.signatures,
    crashRecords: total.crashRecords,
    hangRecords: total.hangRecords,
    ...(error ? { error } : {}),
  };
}
