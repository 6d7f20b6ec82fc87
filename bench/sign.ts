/**
 * Signing benchmark: complete detached CMS signatures (CmsSigner.sign) against raw PKCS#11
 * signing on the same SoftHSM2 token and key, for RSA-2048 and EC P-256.
 *
 *   npx tsx bench/sign.ts            JSON on stdout (progress on stderr)
 *   npx tsx bench/sign.ts --table    the same JSON, then a Markdown table
 *   options: --rounds N (timed rounds, default 5, at least 5), --round-ms MS (target length of
 *            a round, default 600), --help
 *
 * Per algorithm four measures, interleaved round by round so drift hits them alike:
 *   raw-sync   C_SignInit + synchronous C_Sign on a 32-byte SHA-256 digest, through pkcs11js
 *              on the main thread (the baseline: the token's own speed)
 *   raw-async  signDigest() (C_SignInit + C_SignAsync through the token's OperationQueue), awaited
 *   cms        CmsSigner.sign(content), one document at a time, awaited (a single signature)
 *   cms-batch  CmsSigner.signMany(contents): the batch one PIN entry covers; the token signs in
 *              the signing worker while the main thread prepares and assembles
 * Each measure: one warm-up round (which also sizes the rounds), then N timed rounds of a fixed
 * count; ops/s is the median of the rounds. Target (docs/architecture.md "Performance targets", batch
 * signing): cms-batch / raw-sync >= 0.9 for RSA-2048 and >= 0.5 for P-256.
 *
 * Everything is throwaway: its own SOFTHSM2_CONF and token directory, a CA made by OpenSSL,
 * all removed at the end. One signature per algorithm is checked with `openssl cms -verify`.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { Pkcs11Module, TokenSession, generateKey, signDigest, type TokenKey } from '../src/crypto/pkcs11/index.ts';
import { signInput, signMechanism, type SignScheme } from '../src/crypto/pkcs11/mechanisms.ts';
import { createCsr } from '../src/crypto/x509/csr.ts';
import { certificateParts, derOf, readCertificates } from '../src/crypto/x509/certificate.ts';
import { CmsSigner } from '../src/crypto/cms/signer.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../tests/helpers/softhsm.ts';
import { TestCa } from '../tests/helpers/openssl.ts';
import { checkArgs, numberOption } from './client/common.ts';

type Algorithm = 'rsa-2048' | 'ec-p256';
type MeasureName = 'raw-sync' | 'raw-async' | 'cms' | 'cms-batch';

const TARGETS: Record<Algorithm, number> = { 'rsa-2048': 0.9, 'ec-p256': 0.5 };
const SUBJECT = 'CN=Bench Signer,O=Bench,C=RU';

checkArgs(
  [
    'usage: npx tsx bench/sign.ts [--table] [--rounds N] [--round-ms MS]',
    '  --table         after the JSON, a Markdown table',
    '  --rounds N      timed rounds per measure (default 5, at least 5)',
    '  --round-ms MS   target length of a round (default 600)',
  ].join('\n'),
  ['--rounds', '--round-ms'],
);
const option = numberOption;

const ROUNDS = Math.max(5, Math.floor(option('--rounds', 5)));
const ROUND_MS = option('--round-ms', 600);
const TABLE = process.argv.includes('--table');

const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** ~1 KB payment-order-like text, distinct for each (round, i). */
const DOC_TEMPLATE = Buffer.from(
  `Платёжное поручение №{N}\nДата: 25.11.2026\nПлательщик: ООО "Ромашка", ИНН 7707083893, КПП 770701001, ` +
    `р/с 40702810900000000001, БИК 044525225\nПолучатель: ООО "Лютик", ИНН 7736050003, р/с 40702810500000000002\n` +
    `Сумма: 1 234 567,89 руб.\nНазначение: оплата по договору поставки; НДС не облагается.\n`.padEnd(1024 - 64, '.'),
  'utf8',
);

function documents(round: number, count: number): Buffer[] {
  const docs: Buffer[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const tag = Buffer.from(`#${round}-${i}#`, 'latin1');
    docs[i] = Buffer.concat([tag, DOC_TEMPLATE]);
  }
  return docs;
}

interface Measure {
  name: MeasureName;
  /** Runs `count` operations; returns when they are done. */
  run(count: number, round: number): Promise<void>;
  /** Work prepared per round outside the timer (documents). */
  prepare?(count: number, round: number): void;
}

function measuresFor(session: TokenSession, key: TokenKey, signer: CmsSigner): Measure[] {
  const scheme: SignScheme = key.publicKey.kind === 'ec' ? 'ecdsa' : 'rsa-pkcs1';
  const digest = createHash('sha256').update('bench').digest();
  const mechanism = signMechanism(scheme, 'SHA-256');
  const input = signInput(scheme, 'SHA-256', digest);
  const privateKey = key.privateKey!;
  let docs: Buffer[] = [];
  return [
    {
      name: 'raw-sync',
      async run(count) {
        for (let i = 0; i < count; i++) {
          session.lib.C_SignInit(session.handle, mechanism, privateKey);
          session.lib.C_Sign(session.handle, input, Buffer.alloc(512));
        }
      },
    },
    {
      name: 'raw-async',
      async run(count) {
        for (let i = 0; i < count; i++) await signDigest(session, key, scheme, digest, 'SHA-256');
      },
    },
    {
      name: 'cms',
      prepare(count, round) {
        docs = documents(round, count);
      },
      async run(count) {
        for (let i = 0; i < count; i++) await signer.sign(docs[i]!);
      },
    },
    {
      name: 'cms-batch',
      prepare(count, round) {
        docs = documents(round, count);
      },
      async run(count) {
        const r = await signer.signMany(docs.slice(0, count));
        if (r.signed !== count) throw new Error(`batch signed ${r.signed} of ${count}: ${r.error?.message}`);
      },
    },
  ];
}

async function timed(m: Measure, count: number, round: number): Promise<number> {
  m.prepare?.(count, round);
  const t0 = performance.now();
  await m.run(count, round);
  return performance.now() - t0;
}

/** Warm-up: runs growing batches until one takes >= 1/3 of a round, then sizes the round. */
async function warmUpAndSize(m: Measure): Promise<number> {
  let count = 20;
  for (;;) {
    const ms = await timed(m, count, -1);
    if (ms >= ROUND_MS / 3) return Math.max(10, Math.round((count / ms) * ROUND_MS));
    count *= ms < 10 ? 10 : 3;
  }
}

interface AlgorithmResult {
  algorithm: Algorithm;
  scheme: SignScheme;
  opsPerSec: Record<MeasureName, number>;
  usPerOp: Record<MeasureName, number>;
  rounds: Record<MeasureName, { count: number; opsPerSec: number[] }>;
  ratio: { cmsBatchToRawSync: number; cmsToRawSync: number; cmsToRawAsync: number; rawAsyncToRawSync: number };
  target: number;
  targetMet: boolean;
  /** us per batch CMS signature beyond the raw synchronous token call (negative: our work overlaps the token's). */
  overheadUsVsRawSync: number;
  cmsBytes: number;
  opensslVerified: boolean;
}

async function benchAlgorithm(
  algorithm: Algorithm,
  session: TokenSession,
  key: TokenKey,
  signer: CmsSigner,
  verify: (sig: Buffer, content: Buffer) => boolean,
): Promise<AlgorithmResult> {
  const measures = measuresFor(session, key, signer);
  const counts = new Map<MeasureName, number>();
  for (const m of measures) counts.set(m.name, await warmUpAndSize(m));
  const rates = new Map<MeasureName, number[]>(measures.map((m) => [m.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const m of measures) {
      const count = counts.get(m.name)!;
      const ms = await timed(m, count, r);
      rates.get(m.name)!.push((count / ms) * 1000);
    }
  }
  const ops = Object.fromEntries(measures.map((m) => [m.name, median(rates.get(m.name)!)])) as Record<MeasureName, number>;
  const round1 = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
  const content = Buffer.concat([Buffer.from('#verify#'), DOC_TEMPLATE]);
  const sig = await signer.sign(content);
  const ratioSync = ops['cms-batch'] / ops['raw-sync'];
  return {
    algorithm,
    scheme: signer.scheme,
    opsPerSec: Object.fromEntries(measures.map((m) => [m.name, round1(ops[m.name])])) as Record<MeasureName, number>,
    usPerOp: Object.fromEntries(measures.map((m) => [m.name, round1(1e6 / ops[m.name])])) as Record<MeasureName, number>,
    rounds: Object.fromEntries(
      measures.map((m) => [m.name, { count: counts.get(m.name)!, opsPerSec: rates.get(m.name)!.map((x) => round1(x)) }]),
    ) as AlgorithmResult['rounds'],
    ratio: {
      cmsBatchToRawSync: round1(ratioSync, 3),
      cmsToRawSync: round1(ops.cms / ops['raw-sync'], 3),
      cmsToRawAsync: round1(ops.cms / ops['raw-async'], 3),
      rawAsyncToRawSync: round1(ops['raw-async'] / ops['raw-sync'], 3),
    },
    target: TARGETS[algorithm],
    targetMet: ratioSync >= TARGETS[algorithm],
    overheadUsVsRawSync: round1(1e6 / ops['cms-batch'] - 1e6 / ops['raw-sync']),
    cmsBytes: sig.length,
    opensslVerified: verify(sig, content),
  };
}

function table(results: AlgorithmResult[]): string {
  const f = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const lines = [
    '| Algorithm | raw C_Sign (baseline) | raw C_SignAsync | CMS one at a time | CMS batch | CMS batch / raw | Target | Met |',
    '|---|---:|---:|---:|---:|---:|---:|:---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.algorithm} | ${f(r.opsPerSec['raw-sync'])}/s | ${f(r.opsPerSec['raw-async'])}/s | ${f(r.opsPerSec.cms)}/s | ${f(r.opsPerSec['cms-batch'])}/s | ` +
        `${r.ratio.cmsBatchToRawSync.toFixed(2)} | >= ${r.target} | ${r.targetMet ? 'yes' : 'no'} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const hsm = new SoftHsm('bench');
  let session: TokenSession | undefined;
  try {
    const token = hsm.initTestToken('Bench');
    const ca = new TestCa(hsm.dir, 'Bench CA');
    const mod = Pkcs11Module.open(SOFTHSM_MODULE);
    session = new TokenSession(mod, mod.findToken(token.serial));
    await session.login(token.pin);
    const s = session;

    const verify = (sig: Buffer, content: Buffer): boolean => {
      const sigPath = join(hsm.dir, 'verify.p7s');
      const contentPath = join(hsm.dir, 'verify.bin');
      writeFileSync(sigPath, sig);
      writeFileSync(contentPath, content);
      try {
        execFileSync('openssl', ['cms', '-verify', '-binary', '-content', contentPath, '-inform', 'DER', '-in', sigPath, '-CAfile', ca.cert, '-out', '/dev/null'], {
          stdio: 'pipe',
        });
        return true;
      } catch {
        return false;
      }
    };

    const results: AlgorithmResult[] = [];
    for (const algorithm of ['rsa-2048', 'ec-p256'] as const) {
      log(`${algorithm}: key, CSR, certificate`);
      const key = await generateKey(s, algorithm, `bench-${algorithm}`);
      const csr = await createCsr({ session: s, key, subject: SUBJECT });
      const csrPath = join(hsm.dir, `${algorithm}.csr`);
      writeFileSync(csrPath, csr.pem);
      const certPath = ca.issue(csrPath, join(hsm.dir, `${algorithm}.pem`));
      const parts = certificateParts(derOf(readCertificates(readFileSync(certPath), certPath)[0]!));
      const signer = CmsSigner.onToken(s, key, parts);
      log(`${algorithm}: warm-up and ${ROUNDS} rounds of ~${ROUND_MS} ms per measure`);
      results.push(await benchAlgorithm(algorithm, s, key, signer, verify));
    }

    const report = {
      benchmark: 'sign',
      description: 'detached CMS signatures of ~1 KB distinct documents (one at a time, and as a batch) vs raw PKCS#11 signing of a SHA-256 digest, same SoftHSM2 token and key',
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cpuCount: cpus().length,
      platform: `${process.platform} ${process.arch}`,
      module: SOFTHSM_MODULE,
      rounds: ROUNDS,
      roundTargetMs: ROUND_MS,
      statistic: 'median ops/s over timed rounds, after a warm-up round',
      results,
      allTargetsMet: results.every((r) => r.targetMet),
      totalSeconds: Math.round(performance.now() - started) / 1000,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (TABLE) process.stdout.write(`\n${table(results)}\n\n_${report.node}, ${report.cpu}, ${report.date}_\n`);
  } finally {
    session?.close();
    hsm.cleanup();
  }
}

await main();
