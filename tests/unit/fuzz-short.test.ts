/**
 * A short run of the fuzzing harness (bench/fuzz): every parser of untrusted bytes gets a few
 * hundred to a few thousand generated and mutated inputs, and none may crash (throw anything
 * but its own typed refusal) or hang. The harness itself is checked on toy parsers with known
 * bugs, and the crashes the fuzzer found are pinned as regression tests.
 *
 * FUZZ_SEED=N picks another seed (the default is fixed, so a failure here reproduces as is).
 */
import { describe, expect, it } from 'vitest';
import { berToDer, DerError, MAX_BER_DEPTH } from '../../src/crypto/der.ts';
import { nameToText } from '../../src/crypto/x509/subject.ts';
import { readOneC } from '../../src/main/formats/onec/reader.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';
import { runTarget, type ChunkResult } from '../../bench/fuzz/harness.ts';
import { Prng } from '../../bench/fuzz/prng.ts';
import { superviseTarget } from '../../bench/fuzz/supervisor.ts';
import { targetByName, TARGETS } from '../../bench/fuzz/targets.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_205) >>> 0;

/** Inputs per parser: the slow ones (signature checks, HTTP round trips) get fewer. */
const INPUTS: Record<string, number> = {
  'cms-verify': 800,
  'cms-parse': 800,
  'ber-to-der': 3000,
  'subject-parse': 3000,
  'subject-der': 3000,
  csr: 800,
  onec: 2000,
  pain001: 2000,
  camt053: 2000,
  'bank-json': 2000,
  'bank-http': 500,
};

const summary = (r: ChunkResult): string =>
  `${r.inputs} inputs: ${r.ok} ok, ${r.refused} refused, ${r.crashes} crashes, known ${JSON.stringify(r.known)}, ${r.hangRecords.length} hangs; crashes: ${JSON.stringify(r.crashRecords.filter((c) => !c.known).slice(0, 2), null, 1)}; hangs: ${JSON.stringify(r.hangRecords.slice(0, 2).map((h) => ({ index: h.index, ms: h.ms })))}`;

describe(`fuzzing, short run (seed ${SEED})`, () => {
  it('covers every parser', () => {
    expect(TARGETS.filter((t) => !t.selfCheck).map((t) => t.name).sort()).toEqual(Object.keys(INPUTS).sort());
  });

  for (const [name, count] of Object.entries(INPUTS)) {
    it(`${name}: no crash, no hang`, { timeout: 60_000 }, async () => {
      const ctx = await targetByName(name).setup();
      try {
        const r = await runTarget(name, ctx, { seed: SEED, count, hangMs: 2000 });
        expect(r.inputs + r.generatorErrors).toBe(count);
        expect(r.generatorErrors).toBe(0);
        expect(r.crashes, summary(r)).toBe(0);
        expect(r.hangRecords, summary(r)).toEqual([]);
      } finally {
        await ctx.close?.();
      }
    });
  }
});

describe('the harness', () => {
  it('makes the same input from the same seed and index, and another from another index', async () => {
    const ctx = await targetByName('onec').setup();
    const a = ctx.generate(Prng.forInput(7, 42), 42);
    expect(ctx.generate(Prng.forInput(7, 42), 42).equals(a)).toBe(true);
    expect(ctx.generate(Prng.forInput(7, 43), 43).equals(a)).toBe(false);
  });

  it('reports the crashes of a broken parser, each with seed, index and the input that reproduces it', async () => {
    const ctx = await targetByName('toy-crash').setup();
    const r = await runTarget('toy-crash', ctx, { seed: SEED, count: 300 });
    expect(r.crashes).toBeGreaterThan(0);
    expect(r.refused).toBeGreaterThan(0); // its typed errors are not crashes
    const record = r.crashRecords[0]!;
    expect(record).toMatchObject({ parser: 'toy-crash', seed: SEED });
    expect(record.error).toMatch(/^RangeError/);
    expect(() => ctx.run(Buffer.from(record.input, 'base64'))).toThrow(RangeError);
  });

  it('stops a call that never returns and names its input', { timeout: 60_000 }, async () => {
    const report = await superviseTarget('toy-hang', { seed: SEED, iterations: 2000, killMs: 1500, maxKills: 1, scaling: false });
    expect(report.killed).toBe(1);
    expect(report.hangRecords[0]).toMatchObject({ parser: 'toy-hang', seed: SEED, input: Buffer.from([0]).toString('base64'), killed: true });
    expect(report.error).toMatch(/never returned/);
  });
});

describe('crashes the fuzzer found (regression)', () => {
  it('berToDer refuses nesting deeper than it allows, with its own error, instead of overflowing the stack', () => {
    const deep = (n: number): Buffer => Buffer.concat([Buffer.alloc(2 * n, Buffer.from([0x30, 0x80])), Buffer.alloc(2 * n)]);
    expect(() => berToDer(deep(20_000))).toThrow(DerError);
    expect(berToDer(deep(MAX_BER_DEPTH)).length).toBeGreaterThan(0);
    let definite = Buffer.from([0x05, 0x00]);
    for (let i = 0; i < 5000; i++) definite = Buffer.concat([Buffer.from([0x30, 0x83, definite.length >> 16, (definite.length >> 8) & 0xff, definite.length & 0xff]), definite]);
    expect(() => berToDer(definite)).toThrow(DerError);
  });

  it('berToDer reads a value with more items than a call takes arguments', () => {
    const n = 130_000;
    const der = berToDer(Buffer.concat([Buffer.from([0x30, 0x80]), Buffer.alloc(2 * n, Buffer.from([0x05, 0x00])), Buffer.from([0, 0])]));
    expect(der.subarray(0, 5)).toEqual(Buffer.from([0x30, 0x83, 0x03, 0xf7, 0xa0]));
    expect(der.length).toBe(5 + 2 * n);
  });

  it('nameToText shows a BMPString of odd length as hex (as other undecodable values) instead of throwing', () => {
    expect(nameToText(Buffer.from('300c310a300806035504031e0141', 'hex'))).toBe('CN=\\#1e0141');
    expect(nameToText(Buffer.from('300d310b300906035504031e020418', 'hex'))).toBe('CN=И');
  });

  it('readOneC reads lines without "=" in linear time (it searched the rest of the file for one)', () => {
    const file = Buffer.from(`1CClientBankExchange\n${'строка\n'.repeat(80_000)}ВерсияФормата=1.03\nКонецФайла\n`);
    const t0 = performance.now();
    const read = readOneC(file);
    expect(performance.now() - t0).toBeLessThan(3000); // quadratic: tens of seconds
    expect(read.warnings.filter((w) => w.code === 'format.onec.line-unreadable')).toHaveLength(80_000);
    expect(() => readOneC(Buffer.from('1CClientBankExchange\nКонецДокумента\n'))).toThrow(LocalizedError);
  });
});
