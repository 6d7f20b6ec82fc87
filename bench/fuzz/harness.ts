/**
 * The fuzzing loop of one parser: make input `i` from (seed, i), call the parser, sort what
 * happens into ok / typed refusal / crash (anything else thrown), time every call, and flag
 * calls over the hang budget. Runs in-process; `supervisor.ts` runs it in a worker thread so
 * that a call that never returns is caught too.
 */
import { performance } from 'node:perf_hooks';
import { Prng } from './prng.ts';

/** What the supervisor hands its worker thread. */
export interface WorkerData {
  target: string;
  seed: number;
  start: number;
  count: number;
  hangMs: number;
  scaling: boolean;
  /** Int32 [phase, index, input length], then the input bytes. */
  shared: SharedArrayBuffer;
}

/** Bytes before the input in the shared memory. */
export const HEADER_BYTES = 16;
export const PHASE = { setup: 0, fuzz: 1, scaling: 2, done: 3 } as const;

/** A parser under test, ready to be called (its corpus made, its server started). */
export interface FuzzContext {
  /** Input `index` of a run: mutated corpus, generated or random bytes. */
  generate(rng: Prng, index: number): Buffer;
  /** Calls the parser. Returning (or resolving) is fine; throwing is judged by `typed`. */
  run(input: Buffer): unknown;
  /** Is this the parser's own refusal (LocalizedError, CsrRefused...)? Anything else is a crash. */
  typed(error: unknown): boolean;
  /**
   * Findings already reported against code this harness may not change: counted and shown
   * apart from new crashes, under the id returned.
   */
  known?(error: unknown, input: Buffer): string | undefined;
  /** Inputs of the same structure at a given size, for the time-per-KB check. */
  scaling?: { name: string; make(bytes: number): Buffer }[];
  close?(): Promise<void>;
}

export interface FuzzTarget {
  name: string;
  /** What is called, for the report. */
  entry: string;
  /** Toy targets that check the harness itself; not in the default list. */
  selfCheck?: boolean;
  setup(): Promise<FuzzContext>;
}

/** Thrown by a context whose call did not complete in its own time limit (e.g. an HTTP request). */
export class FuzzHang extends Error {
  override name = 'FuzzHang';
}

export interface CrashRecord {
  parser: string;
  seed: number;
  index: number;
  /** The input, base64: `bench:fuzz --parser P --replay BASE64` runs it again. */
  input: string;
  error: string;
  stack?: string;
  known?: string;
}

export interface HangRecord {
  parser: string;
  seed: number;
  index: number;
  input: string;
  ms: number;
  /** True when the supervisor had to stop the worker (the call never returned). */
  killed?: boolean;
}

export interface ChunkResult {
  inputs: number;
  ok: number;
  refused: number;
  crashes: number;
  known: Record<string, number>;
  bytes: number;
  /** Call durations, ms. */
  durations: number[];
  crashRecords: CrashRecord[];
  hangRecords: HangRecord[];
  /** Distinct crash signatures, counted. */
  signatures: Record<string, number>;
  /** Inputs the generator failed to make (skipped). */
  generatorErrors: number;
}

export interface RunOptions {
  seed: number;
  start?: number;
  count: number;
  /** A call longer than this is reported as a hang (it still completes). */
  hangMs?: number;
  /** Keep at most this many full crash records per distinct signature. */
  keepPerSignature?: number;
  /** Told before each call, so a supervisor can say which input never returned. */
  beforeCall?(index: number, input: Buffer): void;
  /** Partial results every `chunk` inputs (and at the end). */
  onChunk?(result: ChunkResult): void;
  chunk?: number;
}

export const emptyChunk = (): ChunkResult => ({ inputs: 0, ok: 0, refused: 0, crashes: 0, known: {}, bytes: 0, durations: [], crashRecords: [], hangRecords: [], signatures: {}, generatorErrors: 0 });

/** Error class, message (digits blurred so that one bug is one signature) and first stack frame. */
export function signatureOf(e: unknown): string {
  if (!(e instanceof Error)) return `non-Error ${typeof e}: ${String(e).slice(0, 80)}`;
  const frame = e.stack?.split('\n').find((l) => l.trim().startsWith('at '))?.trim() ?? '';
  return `${e.constructor.name}: ${e.message.slice(0, 120).replace(/\d+/g, 'N')} ${frame.replace(/:\d+:\d+\)?$/, '')}`;
}

const describe = (e: unknown): string => (e instanceof Error ? `${e.constructor.name}: ${e.message.slice(0, 500)}` : `non-Error thrown: ${String(e).slice(0, 500)}`);

/** Runs inputs start..start+count-1 through the parser. */
export async function runTarget(name: string, ctx: FuzzContext, options: RunOptions): Promise<ChunkResult> {
  const start = options.start ?? 0;
  const hangMs = options.hangMs ?? 1000;
  const keep = options.keepPerSignature ?? 3;
  const chunkSize = options.chunk ?? 1000;
  const total = emptyChunk();
  let chunk = emptyChunk();
  const flush = (): void => {
    if (chunk.inputs === 0) return;
    merge(total, chunk);
    options.onChunk?.(chunk);
    chunk = emptyChunk();
  };
  for (let index = start; index < start + options.count; index++) {
    let input: Buffer;
    try {
      input = ctx.generate(Prng.forInput(options.seed, index), index);
    } catch (e) {
      // a bug of the generator, not of the parser: reported, and the input skipped
      chunk.generatorErrors++;
      chunk.signatures[`[generator] ${signatureOf(e)}`] = (chunk.signatures[`[generator] ${signatureOf(e)}`] ?? 0) + 1;
      continue;
    }
    options.beforeCall?.(index, input);
    let error: unknown;
    let threw = false;
    const t0 = performance.now();
    try {
      const r = ctx.run(input);
      if (r instanceof Promise) await r;
    } catch (e) {
      threw = true;
      error = e;
    }
    const ms = performance.now() - t0;
    chunk.inputs++;
    chunk.bytes += input.length;
    chunk.durations.push(ms);
    const record = { parser: name, seed: options.seed, index, input: input.toString('base64') };
    if (error instanceof FuzzHang || ms > hangMs) chunk.hangRecords.push({ ...record, ms: Math.round(ms) });
    if (!threw) chunk.ok++;
    else if (error instanceof FuzzHang || ctx.typed(error)) chunk.refused++;
    else {
      const known = ctx.known?.(error, input);
      if (known) chunk.known[known] = (chunk.known[known] ?? 0) + 1;
      else chunk.crashes++;
      const sig = (known ? `[known ${known}] ` : '') + signatureOf(error);
      const seen = (total.signatures[sig] ?? 0) + (chunk.signatures[sig] ?? 0);
      chunk.signatures[sig] = (chunk.signatures[sig] ?? 0) + 1;
      if (seen < keep) {
        chunk.crashRecords.push({ ...record, error: describe(error), ...(error instanceof Error && error.stack ? { stack: error.stack.split('\n').slice(0, 8).join('\n') } : {}), ...(known ? { known } : {}) });
      }
    }
    if (chunk.inputs >= chunkSize) flush();
  }
  flush();
  return total;
}

export function merge(into: ChunkResult, from: ChunkResult): void {
  into.inputs += from.inputs;
  into.ok += from.ok;
  into.refused += from.refused;
  into.crashes += from.crashes;
  into.bytes += from.bytes;
  into.generatorErrors += from.generatorErrors;
  for (const d of from.durations) into.durations.push(d);
  into.crashRecords.push(...from.crashRecords);
  into.hangRecords.push(...from.hangRecords);
  for (const [k, v] of Object.entries(from.known)) into.known[k] = (into.known[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.signatures)) into.signatures[k] = (into.signatures[k] ?? 0) + v;
}

export interface ScalingPoint {
  bytes: number;
  ms: number;
  usPerKb: number;
}

export interface ScalingResult {
  name: string;
  points: ScalingPoint[];
  /** µs per KB at the largest size over that at the smallest (reported). */
  ratio: number;
  /** µs per KB grew more than the limit between the two largest sizes. */
  superlinear: boolean;
}

/** Sizes of the time-per-KB check. */
export const SCALING_SIZES = [1024, 16 * 1024, 256 * 1024];

/**
 * Time per KB of one input structure at several sizes (median of a few calls each; a refusal
 * counts as a call, since refusing late is also work). µs per KB growing more than `limit`
 * times from 16 to 256 KB is a finding: a linear parser stays near 1 there, a quadratic one
 * grows 16 times.
 */
export async function measureScaling(ctx: FuzzContext, sizes = SCALING_SIZES, limit = 4): Promise<ScalingResult[]> {
  const results: ScalingResult[] = [];
  for (const profile of ctx.scaling ?? []) {
    const points: ScalingPoint[] = [];
    for (const size of sizes) {
      const input = profile.make(size);
      const times: number[] = [];
      // enough repetitions for a stable median, fewer for the big inputs
      const reps = Math.max(3, Math.min(25, Math.round((64 * 1024) / size)));
      for (let r = 0; r <= reps; r++) {
        const t0 = performance.now();
        try {
          const p = ctx.run(input);
          if (p instanceof Promise) await p;
        } catch {
          // the time is what is measured here; crashes are the fuzzing loop's business
        }
        if (r > 0) times.push(performance.now() - t0);
      }
      const ms = median(times);
      points.push({ bytes: input.length, ms: round(ms, 3), usPerKb: round((ms * 1000) / (input.length / 1024), 2) });
    }
    const ratio = round(points[points.length - 1]!.usPerKb / Math.max(points[0]!.usPerKb, 1e-6), 2);
    // judged on the last step (16x the input): the smallest input often runs faster per KB
    // (caches, optimised code), which is not growth with size
    const step = points[points.length - 1]!.usPerKb / Math.max(points[points.length - 2]?.usPerKb ?? points[0]!.usPerKb, 1e-6);
    results.push({ name: profile.name, points, ratio, superlinear: step > limit });
  }
  return results;
}

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
};

export const round = (x: number, digits: number): number => Number(x.toFixed(digits));
