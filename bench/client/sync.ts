/**
 * Sync: N signed documents pushed by SyncEngine.syncOnce to the sandbox bank running in its own
 * process (every signature verified by the client before it leaves and by the bank, stored,
 * receipt signed), then the changes feed pulled with every receipt verified. One run of N per
 * algorithm, on a fresh profile logged in as the enrolled signer; the rate is also given for
 * five consecutive slices of the run (from the times the outbox rows were closed), and the
 * client's memory is sampled throughout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client } from '../../src/main/client.ts';
import type { Party } from '../../src/shared/domain/payment-order.ts';
import { loginAs, type BenchBank, type Person } from './bank.ts';
import { log, MB, median, round, tempDir } from './common.ts';
import { makeDrafts, type Algorithm } from './signing.ts';

export const SYNC_TARGET_PER_SEC = 2000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN; // gone (a run stopped with Ctrl-C)
  }
}

/** Resident memory of a process (Linux); 0 once it has gone (a run stopped with Ctrl-C). */
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

interface Sample {
  t: number;
  rss: number;
  heapUsed: number;
  external: number;
  bankRss: number;
}

/** Every this many seconds the sampler collects garbage first, so that what stays alive shows. */
const LIVE_EVERY_S = 2;

/** The memory criterion: a sync of any size keeps live memory within this of where it started. */
export const FLAT_MB = 16;

export interface SyncResultJson {
  algorithm: Algorithm;
  documents: number;
  /** Documents sent (push) per second: the figure the target is about. */
  documentsPerSec: number;
  /** The whole syncOnce (push, then the changes feed with every receipt verified, then bank data) per document. */
  wholeRunDocumentsPerSec: number;
  seconds: { push: number; pullAfterPush: number; whole: number };
  slicesDocumentsPerSec: number[];
  medianSliceDocumentsPerSec: number;
  receiptsPulled: number;
  cpuSeconds: { client: number; bank: number };
  memoryMB: {
    client: { rssBefore: number; rssPeak: number; rssAfter: number; heapBefore: number; heapPeak: number; heapAfter: number; heapAfterGc: number; externalPeak: number };
    bank: { rssBefore: number; rssPeak: number; rssAfter: number };
    /** The client's RSS and heap at ten points of the run (MB), to show its shape. */
    timeline: { atSecond: number; rss: number; heapUsed: number }[];
    /** Heap and external memory (Buffers included) still in use after a forced GC, every LIVE_EVERY_S (2) seconds of the run (MB): flat when nothing accumulates. */
    liveAfterGc: { atSecond: number; heapUsed: number; external: number }[];
    /** The largest live heap + external memory during the run minus that before it (MB). */
    liveGrowthMB: number;
    /** Live memory at the last GC sample minus the first one during the run (MB): what accumulates as documents go. */
    liveDriftMB: number;
  };
  /** Flat: live memory (after GC) never more than FLAT_MB (16) MB above what it was before the run, whatever N. */
  memoryFlat: boolean;
  signing: { documentsPerSec: number };
  target: string;
  targetMet: boolean;
}

export async function benchSync(bank: BenchBank, person: Person, payer: Party, algorithm: Algorithm, docs: number, clientOptions: ConstructorParameters<typeof Client>[0]): Promise<SyncResultJson> {
  const client = new Client({ ...clientOptions, dataDir: join(tempDir(`sync-${algorithm}`), 'profile'), bankUrl: bank.process.url, actor: 'bench' });
  try {
    await loginAs(bank, client, person, 'bench');
    const ids = makeDrafts(client, payer, docs);
    log(`sync ${algorithm}: signing ${docs} documents for it`);
    const t0 = performance.now();
    const signed = await client.signing.sign({ ids, token: person.token, key: person.key, pin: Buffer.from(person.pin) });
    if (signed.signed.length !== docs) throw new Error(`sync: ${signed.signed.length} of ${docs} signed`);
    const signRate = (docs / (performance.now() - t0)) * 1000;

    const engine = client.sync();
    gc();
    const samples: Sample[] = [];
    const live: { t: number; heapUsed: number; external: number }[] = [];
    const start = performance.now();
    let nextLive = LIVE_EVERY_S;
    const sample = (): void => {
      const t = (performance.now() - start) / 1000;
      if (t >= nextLive) {
        nextLive += LIVE_EVERY_S;
        gc();
        const m = process.memoryUsage();
        live.push({ t, heapUsed: m.heapUsed, external: m.external });
      }
      const m = process.memoryUsage();
      samples.push({ t: (performance.now() - start) / 1000, rss: m.rss, heapUsed: m.heapUsed, external: m.external, bankRss: rssOf(bank.serverPid) }); // external includes ArrayBuffers and Buffers
    };
    sample();
    const before = samples[0]!;
    live.push({ t: 0, heapUsed: before.heapUsed, external: before.external });
    const timer = setInterval(sample, 25);
    const cpu0 = process.cpuUsage();
    const bankCpu0 = cpuSecondsOf(bank.serverPid);
    const startedAt = Date.now();
    log(`sync ${algorithm}: pushing ${docs} documents`);
    const report = await engine.syncOnce();
    const wholeMs = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    const bankCpu = cpuSecondsOf(bank.serverPid) - bankCpu0;
    clearInterval(timer);
    sample();
    const after = samples.at(-1)!;
    gc();
    const heapAfterGc = process.memoryUsage().heapUsed;
    const liveGrowth = Math.max(...live.map((l) => l.heapUsed + l.external)) - (before.heapUsed + before.external);

    const state = engine.state();
    if (report.push.sent.length !== docs || report.push.failed.length > 0 || state.lastError) {
      throw new Error(`sync: ${report.push.sent.length} of ${docs} sent, ${report.push.failed.length} failed (${JSON.stringify(report.push.failed[0] ?? state.lastError)})`);
    }
    const done = (client.db.prepare("SELECT done_at FROM outbox WHERE state = 'done' ORDER BY done_at").all() as { done_at: string }[]).map((r) => Date.parse(r.done_at));
    const pushMs = done.at(-1)! - startedAt;
    const slices: number[] = [];
    const per = Math.floor(docs / 5);
    for (let s = 0; s < 5; s++) {
      const from = s === 0 ? startedAt : done[s * per - 1]!;
      const to = done[(s + 1) * per - 1]!;
      slices.push((per / Math.max(1, to - from)) * 1000);
    }
    const peak = (k: keyof Sample): number => Math.max(...samples.map((x) => x[k]));
    const mb = (x: number): number => round(x / MB);
    const timeline: { atSecond: number; rss: number; heapUsed: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const s = samples[Math.floor((i * (samples.length - 1)) / 9)]!;
      timeline.push({ atSecond: round(s.t, 2), rss: mb(s.rss), heapUsed: mb(s.heapUsed) });
    }
    const pushRate = (docs / pushMs) * 1000;
    return {
      algorithm,
      documents: docs,
      documentsPerSec: round(pushRate),
      wholeRunDocumentsPerSec: round((docs / wholeMs) * 1000),
      seconds: { push: round(pushMs / 1000, 2), pullAfterPush: round((wholeMs - pushMs) / 1000, 2), whole: round(wholeMs / 1000, 2) },
      slicesDocumentsPerSec: slices.map((x) => round(x)),
      medianSliceDocumentsPerSec: round(median(slices)),
      receiptsPulled: report.pull?.receipts ?? 0,
      cpuSeconds: { client: round((cpu.user + cpu.system) / 1e6, 2), bank: round(bankCpu, 2) },
      memoryMB: {
        client: {
          rssBefore: mb(before.rss),
          rssPeak: mb(peak('rss')),
          rssAfter: mb(after.rss),
          heapBefore: mb(before.heapUsed),
          heapPeak: mb(peak('heapUsed')),
          heapAfter: mb(after.heapUsed),
          heapAfterGc: mb(heapAfterGc),
          externalPeak: mb(peak('external')),
        },
        bank: { rssBefore: mb(before.bankRss), rssPeak: mb(peak('bankRss')), rssAfter: mb(after.bankRss) },
        timeline,
        liveAfterGc: live.map((l) => ({ atSecond: round(l.t, 1), heapUsed: mb(l.heapUsed), external: mb(l.external) })),
        liveGrowthMB: mb(liveGrowth),
        liveDriftMB: mb(live.length > 2 ? live.at(-1)!.heapUsed + live.at(-1)!.external - (live[1]!.heapUsed + live[1]!.external) : 0),
      },
      memoryFlat: liveGrowth < FLAT_MB * MB,
      signing: { documentsPerSec: round(signRate) },
      target: `>= ${SYNC_TARGET_PER_SEC} documents/s`,
      targetMet: pushRate >= SYNC_TARGET_PER_SEC,
    };
  } finally {
    client.close();
  }
}
