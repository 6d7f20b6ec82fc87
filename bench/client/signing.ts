/**
 * Batch signing: N drafts signed with SigningService.sign (one PIN entry; each document checked,
 * its canonical bytes signed on the token, the signature stored with its outbox row and audit)
 * against raw C_Sign per second on the same SoftHSM2 key, measured in the same run, rounds
 * interleaved so that drift hits both alike. The signer is enrolled and logged in against the
 * sandbox, so the role the service reads is the bank's word.
 */
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client } from '../../src/main/client.ts';
import { findKey } from '../../src/crypto/pkcs11/index.ts';
import { signInput, signMechanism, type SignScheme } from '../../src/crypto/pkcs11/mechanisms.ts';
import { SigningService } from '../../src/main/signing/signing-service.ts';
import type { Party } from '../../src/shared/domain/payment-order.ts';
import type { Person } from './bank.ts';
import { log, median, paymentOrders, round, timed, today } from './common.ts';

export type Algorithm = 'rsa-2048' | 'ec-p256';
export const SIGNING_TARGETS: Record<Algorithm, number> = { 'rsa-2048': 0.9, 'ec-p256': 0.5 };

let batchNo = 0;

/** N valid drafts of today inserted in one transaction (outside any timer); their ids. */
export function makeDrafts(client: Client, payer: Party, count: number, amount?: (i: number) => number): string[] {
  const from = batchNo++ * count;
  const orders = paymentOrders(count, { payer, date: today(), seed: 1000 + batchNo, from, ...(amount ? { amount } : {}) });
  const ids: string[] = [];
  const docs = client.documents;
  const now = new Date().toISOString();
  client.db.transaction(() => {
    for (const o of orders) {
      const id = randomUUID();
      docs.insert(id, docs.parse('payment-order', o), { origin: 'import' }, now);
      ids.push(id);
    }
  })();
  return ids;
}

/** Raw synchronous C_SignInit + C_Sign of a SHA-256 digest in a loop, as bench/sign.ts measures it. */
async function rawRate(client: Client, p: Person, count: number): Promise<number> {
  return client.tokens.withSession(p.token, Buffer.from(p.pin), async (s) => {
    const key = await findKey(s, p.key);
    const scheme: SignScheme = key.publicKey.kind === 'ec' ? 'ecdsa' : 'rsa-pkcs1';
    const mechanism = signMechanism(scheme, 'SHA-256');
    const input = signInput(scheme, 'SHA-256', createHash('sha256').update('bench').digest());
    const out = Buffer.alloc(512);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      s.lib.C_SignInit(s.handle, mechanism, key.privateKey!);
      s.lib.C_Sign(s.handle, input, out);
    }
    const ms = performance.now() - t0;
    lastCpuUsPerOp = cpuUs(cpu0) / count;
    return (count / ms) * 1000;
  });
}

/** CPU time of this process (every thread: main and the signing worker) since `from`, in µs. */
function cpuUs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return d.user + d.system;
}

/** CPU µs per operation of the last raw or service round (see SigningResultJson.cpuUsPerDocument). */
let lastCpuUsPerOp = 0;

async function serviceRound(client: Client, p: Person, payer: Party, count: number): Promise<{ ms: number; rate: number }> {
  const ids = makeDrafts(client, payer, count);
  let progress = 0;
  const cpu0 = process.cpuUsage();
  const r = await timed(() => client.signing.sign({ ids, token: p.token, key: p.key, pin: Buffer.from(p.pin), onProgress: (x) => void (progress = x.signed) }));
  lastCpuUsPerOp = cpuUs(cpu0) / count;
  if (r.value.signed.length !== count || progress !== count) {
    throw new Error(`signing: ${r.value.signed.length} of ${count} signed (${JSON.stringify(r.value.skipped[0] ?? r.value.error?.message)})`);
  }
  return { ms: r.ms, rate: (count / r.ms) * 1000 };
}

/**
 * One extra round with the service's own steps timed from outside (its `plan` and `store`
 * methods wrapped for this round only, when it has them): what of the batch is checking the
 * drafts, storing the signatures, and the rest (the token, assembling, the session).
 */
async function splitRound(client: Client, p: Person, payer: Party, count: number): Promise<Record<string, number | null>> {
  const ids = makeDrafts(client, payer, count);
  const proto = SigningService.prototype as unknown as Record<string, unknown>;
  const spent: Record<string, number | null> = { plan: null, store: null };
  const restore: (() => void)[] = [];
  for (const name of ['plan', 'store']) {
    const original = proto[name];
    if (typeof original !== 'function') continue; // renamed since: that part is not split out
    spent[name] = 0;
    proto[name] = function (this: unknown, ...a: unknown[]) {
      const t0 = performance.now();
      try {
        return (original as (...x: unknown[]) => unknown).apply(this, a);
      } finally {
        spent[name]! += performance.now() - t0;
      }
    };
    restore.push(() => void (proto[name] = original));
  }
  try {
    const r = await timed(() => client.signing.sign({ ids, token: p.token, key: p.key, pin: Buffer.from(p.pin) }));
    if (r.value.signed.length !== count) throw new Error('split round: not all signed');
    const us = (ms: number | null): number | null => (ms === null ? null : round((ms * 1000) / count));
    return {
      totalUsPerDoc: us(r.ms),
      planUsPerDoc: us(spent.plan!),
      storeUsPerDoc: us(spent.store!),
      tokenAndRestUsPerDoc: us(r.ms - (spent.plan ?? 0) - (spent.store ?? 0)),
    };
  } finally {
    for (const f of restore) f();
  }
}

export interface SigningResultJson {
  algorithm: Algorithm;
  documents: number;
  rounds: number;
  documentsPerSec: number;
  rawSignPerSec: number;
  ratio: number;
  target: number;
  targetMet: boolean;
  usPerDocument: { service: number; rawSign: number; overhead: number };
  roundsDocumentsPerSec: number[];
  roundsRawSignPerSec: number[];
  rawCountPerRound: number;
  warmUp: { documents: number; documentsPerSec: number };
  /**
   * CPU time per document (µs, medians of the rounds; every thread of this process, so the sign
   * worker's token calls and the main thread's checking, assembling and storing together) and
   * their ratio. On a busy machine a process's threads share one slice of the CPUs, and the wall
   * ratio falls towards this one; on an idle one the worker and the main thread each have a core.
   */
  cpuUsPerDocument: { service: number; rawSign: number; overhead: number };
  cpuRatio: number;
  /** One extra instrumented round: where a document's time goes (wrapping adds a little). */
  split: Record<string, number | null>;
}

export async function benchSigning(client: Client, p: Person, payer: Party, algorithm: Algorithm, docs: number, rounds: number): Promise<SigningResultJson> {
  log(`signing ${algorithm}: warm-up`);
  const warmCount = Math.min(docs, 500);
  const warm = await serviceRound(client, p, payer, warmCount);
  // raw rounds sized to about a second of signing (at least as many as one service round would be too long)
  let rawCount = 200;
  for (;;) {
    const t0 = performance.now();
    await rawRate(client, p, rawCount);
    const ms = performance.now() - t0;
    if (ms > 300) {
      rawCount = Math.max(200, Math.round((rawCount / ms) * 1000));
      break;
    }
    rawCount *= 4;
  }
  const serviceRates: number[] = [];
  const rawRates: number[] = [];
  const serviceCpu: number[] = [];
  const rawCpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    rawRates.push(await rawRate(client, p, rawCount));
    rawCpu.push(lastCpuUsPerOp);
    const s = await serviceRound(client, p, payer, docs);
    serviceRates.push(s.rate);
    serviceCpu.push(lastCpuUsPerOp);
    log(`  round ${r + 1}: raw C_Sign ${rawRates.at(-1)!.toFixed(0)}/s, SigningService ${s.rate.toFixed(0)} documents/s (${(s.ms / 1000).toFixed(2)} s for ${docs}); CPU ${rawCpu.at(-1)!.toFixed(0)} vs ${serviceCpu.at(-1)!.toFixed(0)} µs/doc`);
  }
  log(`signing ${algorithm}: instrumented round for the split`);
  const split = await splitRound(client, p, payer, docs);
  const service = median(serviceRates);
  const raw = median(rawRates);
  return {
    algorithm,
    documents: docs,
    rounds,
    documentsPerSec: round(service),
    rawSignPerSec: round(raw),
    ratio: round(service / raw, 3),
    target: SIGNING_TARGETS[algorithm],
    targetMet: service / raw >= SIGNING_TARGETS[algorithm],
    usPerDocument: { service: round(1e6 / service), rawSign: round(1e6 / raw), overhead: round(1e6 / service - 1e6 / raw) },
    cpuUsPerDocument: { service: round(median(serviceCpu)), rawSign: round(median(rawCpu)), overhead: round(median(serviceCpu) - median(rawCpu)) },
    cpuRatio: round(median(rawCpu) / median(serviceCpu), 3),
    roundsDocumentsPerSec: serviceRates.map((x) => round(x)),
    roundsRawSignPerSec: rawRates.map((x) => round(x)),
    rawCountPerRound: rawCount,
    warmUp: { documents: warmCount, documentsPerSec: round(warm.rate) },
    split,
  };
}
