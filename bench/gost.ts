/**
 * GOST R 34.10-2012 benchmark: signing on the GOST SoftHSM2 token against raw C_Sign, and our
 * TypeScript verification against OpenSSL's gost engine, all measures in the same run.
 *
 *   npx tsx bench/gost.ts            JSON on stdout (progress on stderr)
 *   npx tsx bench/gost.ts --table    the same JSON, then a Markdown table
 *   options: --rounds N (timed rounds, default 5, at least 5), --round-ms MS (target length of
 *            a round of one measure, default 500), --baseline DIR (also measure DIR's GOST code)
 *
 * Signing, one gost2012-256 key (CryptoPro-A, the only set SoftHSM generates) on the token:
 *   raw-sync    C_SignInit + synchronous C_Sign (CKM_GOSTR3410) over a 32-byte Streebog-256
 *               digest, through pkcs11js on the main thread (the baseline: the token's own speed)
 *   raw-async   signDigest(…, 'gost', digest): C_SignInit + C_SignAsync through the token's
 *               OperationQueue, awaited
 *   sign-gost   signGost(session, key, document): Streebog-256 of a distinct ~1 KB document
 *               here, then the token, awaited
 *   cms         CmsSigner.sign(document): a detached CAdES-BES signature (Streebog-256 digests),
 *               one document at a time, awaited
 *   cms-batch   CmsSigner.signMany(documents): the batch one PIN entry covers, as in bench/sign.ts
 *
 * Verification, per size: gost2012-256 on CryptoPro-A (the token's key and signature), and
 * gost2012-512 on TC26 512-A (a software key and signature from src/crypto/gost/signature.ts):
 *   ts          verifyDigest(curve, Q, digest, decodeSignature(curve, signature)) in this process
 *               (the signature decoded each time, as OpenSSL unpacks it each time)
 *   openssl     OpenSSL's gost engine. `openssl speed` knows no GOST signature (its list is fixed
 *               in OpenSSL; `speed gost2012_256` answers "Unknown algorithm"), and one process per
 *               verification would measure process start and engine load (~10 ms against well
 *               under 1 ms of work). So one `openssl verify -engine gost -CAfile ca.pem` process
 *               verifies N copies of one certificate (a leaf issued by an OpenSSL CA key of the
 *               same parameter set; each file argument is read and verified anew, and the time
 *               grows linearly with N), and, in the same round, the same command with N copies of
 *               that certificate with its signature bytes zeroed: everything up to the signature
 *               check is the same (start, engine, reading, chain building, Streebog of the
 *               tbsCertificate), but the engine refuses r = s = 0 before any point arithmetic.
 *               OpenSSL verifications/s = N / (t_valid - t_zeroed). As a bracket from the other
 *               side, the JSON and the table also give N / (t_valid - t_trusted), where t_trusted is
 *               the valid certificates accepted with no signature check at all (the leaf itself
 *               trusted with -partial_chain): that difference also holds the Streebog of the
 *               tbsCertificate, the issuer lookup and the building of a longer chain, so that rate
 *               is too low; the zeroed run prints its failures, so the first one is if anything
 *               too high. The ratio ours/OpenSSL is given against the first (the faster OpenSSL).
 * Ours, besides `ts` (one key over and over: from its 4th check on, the key's own comb, as the bank
 * checking many documents by one signer gets it):
 *   ts-new-key  the same check with the key tables forgotten before each one (clearKeyCombs): a
 *               key checked for the first time (one wNAF/Straus pass), what a client checking one
 *               receipt, or a hostile sender's made-up keys, cost
 *   base        with --baseline DIR: verifyDigest of the code in DIR (a worktree at an earlier
 *               commit, e.g. `git worktree add --detach ../base <commit>`), imported from there, in
 *               the same run: the before of a before/after
 * and software signing (the sandbox CA's path, signDigest of src/crypto/gost/signature.ts with a
 * software key), ours and, with --baseline, DIR's: sign-sw-ts-256/512, sign-sw-base-256/512; and with
 * --baseline, DIR's signGost on the same token key (sign-gost-base).
 * Verification is rated by user CPU time on both sides (bash's `times` for the openssl process,
 * process.cpuUsage() here), as `openssl speed` rates by default: the machine these run on is
 * shared, and waiting for a core would otherwise enter a difference of two wall times. The
 * wall-clock figures are in the JSON too. Signing is wall-clock, as in bench/sign.ts, and also rated
 * by the CPU time (user + system, all threads: SoftHSM signs in this process) of its rounds,
 * `cpuOpsPerSec`: what a signature costs, which holds when the machine is busy and wall time does not.
 * ops/s is the median of the rounds after one warm-up round (which also sizes the rounds); all
 * measures are interleaved round by round, so drift hits them alike. Ratios are within the run.
 *
 * Checked, or the bench fails instead of reporting a speed: OpenSSL (`pkeyutl -verify`, its own
 * Streebog of the document) accepts a token signature and the 512-bit software signature; ours
 * accepts them and refuses them with a modified digest and with a modified signature; ours
 * accepts OpenSSL's certificate signatures that OpenSSL's rounds verify; every OpenSSL round
 * prints N "OK"s for the valid certificates and N signature failures for the zeroed ones; a
 * CmsSigner signature passes `openssl cms -verify -engine gost` (and fails with other content);
 * every batch signs all its documents.
 *
 * Everything is throwaway (its own SOFTHSM2_CONF, token and OpenSSL CA keys), removed at the end.
 * Needs scripts/setup-debian.sh (libengine-gost-openssl, SoftHSM2 built with GOST).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { GOST_CURVES, type GostCurve } from '../src/crypto/gost/curves.ts';
import { decodeSignature, encodeSignature } from '../src/crypto/gost/encoding.ts';
import { encodeGostSpki, splitSigned } from '../src/crypto/gost/asn1.ts';
import { publicKeyOf, randomScalar, signDigest as softwareSignDigest, verifyDigest } from '../src/crypto/gost/signature.ts';
import { clearKeyCombs } from '../src/crypto/gost/point.ts';
import { streebog256, streebog512 } from '../src/crypto/gost/streebog.ts';
import { Pkcs11Module, TokenSession, generateKey, gostDigest, gostPoint, signDigest, signGost, type TokenKey } from '../src/crypto/pkcs11/index.ts';
import { signInput, signMechanism } from '../src/crypto/pkcs11/mechanisms.ts';
import { certificateSpki, createGostCsr, fromPem, verifyGostCertificateSignature } from '../src/crypto/x509/gost.ts';
import { certificateParts } from '../src/crypto/x509/certificate.ts';
import { CmsSigner } from '../src/crypto/cms/signer.ts';
import { GostSoftHsm } from '../tests/helpers/softhsm-gost.ts';
import { GOST_ENV, opensslGost, opensslGostBytes } from '../tests/helpers/gost-openssl.ts';
import { log, median, numberOption, round } from './client/common.ts';

type Bits = 256 | 512;
type SignMeasure = 'raw-sync' | 'raw-async' | 'sign-gost' | 'sign-gost-base' | 'cms' | 'cms-batch';
type VerifyMeasure = `verify-${'ts' | 'ts-new-key' | 'base' | 'openssl'}-${Bits}`;
type SoftwareSignMeasure = `sign-sw-${'ts' | 'base'}-${Bits}`;
type MeasureName = SignMeasure | VerifyMeasure | SoftwareSignMeasure;

const ROUNDS = Math.max(5, Math.floor(numberOption('--rounds', 5)));
const ROUND_MS = numberOption('--round-ms', 500);
const TABLE = process.argv.includes('--table');
const BASELINE_DIR = ((): string | undefined => {
  const i = process.argv.indexOf('--baseline');
  if (i < 0) return undefined;
  const dir = process.argv[i + 1];
  if (!dir) throw new Error('--baseline needs a folder (a worktree at the commit to compare with)');
  return resolve(dir);
})();

/** The GOST functions a baseline checkout exports (the same names and shapes as ours). */
interface GostModule {
  verifyDigest: typeof verifyDigest;
  signDigest: typeof softwareSignDigest;
  decodeSignature: typeof decodeSignature;
  encodeSignature: typeof encodeSignature;
  /** The baseline's signGost (src/crypto/pkcs11/keys.ts there), called with our session and key. */
  signGost: typeof signGost;
}

async function loadBaseline(dir: string): Promise<GostModule> {
  const signature = (await import(pathToFileURL(join(dir, 'src/crypto/gost/signature.ts')).href)) as Pick<GostModule, 'verifyDigest' | 'signDigest'>;
  const encoding = (await import(pathToFileURL(join(dir, 'src/crypto/gost/encoding.ts')).href)) as Pick<GostModule, 'decodeSignature' | 'encodeSignature'>;
  const keys = (await import(pathToFileURL(join(dir, 'src/crypto/pkcs11/keys.ts')).href)) as Pick<GostModule, 'signGost'>;
  return {
    verifyDigest: signature.verifyDigest,
    signDigest: signature.signDigest,
    decodeSignature: encoding.decodeSignature,
    encodeSignature: encoding.encodeSignature,
    signGost: keys.signGost,
  };
}
const SUBJECT = 'CN=Bench GOST Signer,O=Bench,C=RU';
/** The token's curve (SoftHSM generates only CryptoPro-A) and the 512-bit software key's. */
const CURVE: Record<Bits, GostCurve> = { 256: GOST_CURVES['cryptopro-a'], 512: GOST_CURVES['tc26-512-a'] };
const CURVE_LABEL: Record<Bits, string> = { 256: 'CryptoPro-A', 512: 'TC26 512-A' };
/** OpenSSL's gost engine names for those two sets. */
const OPENSSL_SET: Record<Bits, { algorithm: string; paramset: string; md: string }> = {
  256: { algorithm: 'gost2012_256', paramset: 'A', md: '-md_gost12_256' },
  512: { algorithm: 'gost2012_512', paramset: 'A', md: '-md_gost12_512' },
};

/** ~1 KB payment-order-like text, distinct for each (round, i). */
const DOC_TEMPLATE = Buffer.from(
  `Платёжное поручение №{N}\nДата: 05.12.2026\nПлательщик: ООО "Ромашка", ИНН 7707083893, КПП 770701001, ` +
    `р/с 40702810900000000001, БИК 044525225\nПолучатель: ООО "Лютик", ИНН 7736050003, р/с 40702810500000000002\n` +
    `Сумма: 1 234 567,89 руб.\nНазначение: оплата по договору поставки; НДС не облагается.\n`.padEnd(1024 - 64, '.'),
  'utf8',
);

function documents(round: number, count: number): Buffer[] {
  const docs: Buffer[] = new Array<Buffer>(count);
  for (let i = 0; i < count; i++) docs[i] = Buffer.concat([Buffer.from(`#${round}-${i}#`, 'latin1'), DOC_TEMPLATE]);
  return docs;
}

const pem = (label: string, der: Uint8Array): string =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`check failed: ${what}`);
  log(`  ok: ${what}`);
}

/** One measure: a warm-up (which sizes its rounds), then one timed round at a time, giving ops/s. */
interface Measure {
  name: MeasureName;
  warmUp(): Promise<void>;
  round(r: number): Promise<number>;
  /** Per-round figures besides the rate (OpenSSL's bracket, its N). */
  extra?(): Record<string, unknown>;
}

/**
 * A measure that runs `count` operations per round: warm-up runs growing batches until one
 * takes >= 1/3 of a round, then sizes the round (as bench/sign.ts).
 */
function counted(name: MeasureName, run: (count: number, round: number) => Promise<void>, prepare?: (count: number, round: number) => void): Measure {
  let count = 20;
  const cpuRates: number[] = [];
  const timed = async (n: number, r: number): Promise<number> => {
    prepare?.(n, r);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run(n, r);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (r >= 0) cpuRates.push((n / ((c.user + c.system) / 1000)) * 1000);
    return wall;
  };
  return {
    name,
    async warmUp() {
      let n = 20;
      for (;;) {
        const ms = await timed(n, -1);
        if (ms >= ROUND_MS / 3) {
          count = Math.max(10, Math.round((n / ms) * ROUND_MS));
          return;
        }
        n *= ms < 10 ? 10 : 3;
      }
    },
    async round(r) {
      return (count / (await timed(count, r))) * 1000;
    },
    extra: () => ({ count, cpuOpsPerSec: round(median(cpuRates)), cpuRounds: cpuRates.map((x) => round(x)) }),
  };
}

function signingMeasures(session: TokenSession, key: TokenKey, digest: Buffer, baselineSignGost?: typeof signGost): Measure[] {
  const mechanism = signMechanism('gost', 'STREEBOG-256');
  const input = signInput('gost', 'STREEBOG-256', digest);
  const privateKey = key.privateKey!;
  let docs: Buffer[] = [];
  const prepare = (count: number, r: number): void => {
    docs = documents(r, count);
  };
  return [
    counted('raw-sync', async (count) => {
      for (let i = 0; i < count; i++) {
        session.lib.C_SignInit(session.handle, mechanism, privateKey);
        session.lib.C_Sign(session.handle, input, Buffer.alloc(512));
      }
    }),
    counted('raw-async', async (count) => {
      for (let i = 0; i < count; i++) await signDigest(session, key, 'gost', digest);
    }),
    counted(
      'sign-gost',
      async (count) => {
        for (let i = 0; i < count; i++) await signGost(session, key, docs[i]!);
      },
      prepare,
    ),
    ...(baselineSignGost === undefined
      ? []
      : [
          counted(
            'sign-gost-base',
            async (count) => {
              for (let i = 0; i < count; i++) await baselineSignGost(session, key, docs[i]!);
            },
            prepare,
          ),
        ]),
  ];
}

/** cms and cms-batch, as bench/sign.ts measures them, for a CmsSigner that signs with the GOST key. */
function cmsMeasures(signer: CmsSigner): Measure[] {
  let docs: Buffer[] = [];
  const prepare = (count: number, r: number): void => {
    docs = documents(r, count);
  };
  return [
    counted(
      'cms',
      async (count) => {
        for (let i = 0; i < count; i++) await signer.sign(docs[i]!);
      },
      prepare,
    ),
    counted(
      'cms-batch',
      async (count) => {
        const r = await signer.signMany(docs.slice(0, count));
        if (r.signed !== count) throw new Error(`batch signed ${r.signed} of ${count}: ${r.error?.message}`);
      },
      prepare,
    ),
  ];
}

/** User CPU time of this process (all its threads), in ms: the clock OpenSSL's side is rated by. */
const cpuMs = (): number => process.cpuUsage().user / 1000;

/**
 * A verifyDigest (ours, ours with the key tables forgotten each time, or the baseline's), rated by
 * the user CPU time it takes (as OpenSSL's side is), sized and warmed up as the counted measures;
 * the wall-clock rate goes to the JSON too.
 */
function tsVerifyMeasure(
  name: VerifyMeasure,
  bits: Bits,
  Q: { x: bigint; y: bigint },
  digest: Uint8Array,
  signature: Uint8Array,
  gost: Pick<GostModule, 'verifyDigest' | 'decodeSignature'> = { verifyDigest, decodeSignature },
  forgetKeys = false,
): Measure {
  const curve = CURVE[bits];
  return cpuMeasure(name, () => {
    if (forgetKeys) clearKeyCombs();
    if (!gost.verifyDigest(curve, Q, digest, gost.decodeSignature(curve, signature))) throw new Error(`${name}: a valid signature refused`);
  });
}

/** Software signing (the sandbox CA's path): signDigest + encodeSignature over a fixed digest. */
function softwareSignMeasure(name: SoftwareSignMeasure, bits: Bits, d: bigint, digest: Uint8Array, gost: Pick<GostModule, 'signDigest' | 'encodeSignature'>): Measure {
  const curve = CURVE[bits];
  return cpuMeasure(name, () => {
    if (gost.encodeSignature(curve, gost.signDigest(curve, d, digest)).length !== 2 * curve.size) throw new Error(`${name}: a signature of the wrong length`);
  });
}

/** A synchronous operation rated by user CPU time, sized and warmed up as the counted measures. */
function cpuMeasure(name: MeasureName, operation: () => void): Measure {
  let count = 20;
  const wall: number[] = [];
  const run = (n: number): { cpu: number; wall: number } => {
    const c0 = cpuMs();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) operation();
    return { cpu: cpuMs() - c0, wall: performance.now() - t0 };
  };
  return {
    name,
    async warmUp() {
      for (let n = 20; ; n *= 3) {
        const t = run(n);
        if (t.cpu >= ROUND_MS / 3) {
          count = Math.max(10, Math.round((n / t.cpu) * ROUND_MS));
          return;
        }
      }
    },
    async round() {
      const t = run(count);
      wall.push((count / t.wall) * 1000);
      return (count / t.cpu) * 1000;
    },
    extra: () => ({ count, clock: 'user-cpu', wallOpsPerSec: round(median(wall)), wallRounds: wall.map((x) => round(x)) }),
  };
}

/** OpenSSL's side of one size: its CA, and the leaf certificate (valid and zeroed) it verifies. */
interface OpensslFiles {
  dir: string;
  ca: string;
  leaf: string;
  zeroed: string;
}

/**
 * `openssl verify` over n copies of one certificate (files relative to dir, so argv stays short):
 * its user CPU time (from bash's `times`: getrusage of the shell's children), its wall time, and
 * what it printed. User time, not user + system: the zeroed run writes ~300 bytes of errors per
 * certificate in several write calls, system time the valid run does not spend (and its output
 * goes to files, not pipes, so that our reading of it is not timed either).
 */
function opensslVerify(f: OpensslFiles, file: string, n: number, trustLeaf: boolean): { cpu: number; wall: number; ok: number; sigFailures: number; status: number | null } {
  const trust = trustLeaf ? ['-partial_chain', '-trusted', f.leaf] : ['-CAfile', f.ca];
  const script = 'openssl verify -engine gost "$@" >verify.out 2>verify.err; s=$?; times; exit $s';
  const args = ['-c', script, 'bench-gost', ...trust, ...new Array<string>(n).fill(file)];
  const t0 = performance.now();
  const r = spawnSync('bash', args, { cwd: f.dir, env: GOST_ENV, encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.error) throw r.error;
  // `times`: the shell's user and system time, then its children's: "0m0.315s 0m0.016s"
  const children = r.stdout.trim().split('\n')[1] ?? '';
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(children.trim());
  if (!m) throw new Error(`bash times printed ${JSON.stringify(r.stdout)}`);
  const cpu = (Number(m[1]) * 60 + Number(m[2])) * 1000;
  const count = (name: string, re: RegExp): number => readFileSync(join(f.dir, name), 'utf8').match(re)?.length ?? 0;
  return { cpu, wall, ok: count('verify.out', /: OK$/gm), sigFailures: count('verify.err', /certificate signature failure/g), status: r.status };
}

function opensslVerifyMeasure(bits: Bits, f: OpensslFiles): Measure {
  let n = 0;
  const lower: number[] = [];
  const wall: { valid: number[]; zeroed: number[]; trusted: number[] } = { valid: [], zeroed: [], trusted: [] };
  const run = (count: number): { valid: number; zeroed: number; trusted: number; wallValid: number; wallZeroed: number; wallTrusted: number } => {
    const zeroed = opensslVerify(f, f.zeroed, count, false);
    const valid = opensslVerify(f, f.leaf, count, false);
    const trusted = opensslVerify(f, f.leaf, count, true);
    if (valid.status !== 0 || valid.ok !== count) throw new Error(`openssl verify-${bits}: ${valid.ok} of ${count} valid certificates OK (exit ${valid.status})`);
    if (zeroed.status === 0 || zeroed.sigFailures !== count || zeroed.ok !== 0) throw new Error(`openssl verify-${bits}: ${zeroed.sigFailures} of ${count} zeroed signatures refused`);
    if (trusted.status !== 0 || trusted.ok !== count) throw new Error(`openssl verify-${bits}: ${trusted.ok} of ${count} trusted-leaf runs OK`);
    if (valid.cpu <= zeroed.cpu || valid.cpu <= trusted.cpu) {
      throw new Error(`openssl verify-${bits}: the valid run (${valid.cpu.toFixed(0)} ms CPU) is not slower than its controls (zeroed ${zeroed.cpu.toFixed(0)}, trusted ${trusted.cpu.toFixed(0)} ms, n = ${count})`);
    }
    return { valid: valid.cpu, zeroed: zeroed.cpu, trusted: trusted.cpu, wallValid: valid.wall, wallZeroed: zeroed.wall, wallTrusted: trusted.wall };
  };
  return {
    name: `verify-openssl-${bits}`,
    async warmUp() {
      // growing runs of the valid certificates until one takes >= 1/3 of a round, then the size of a round
      for (let probe = 100; ; probe *= 3) {
        const t = opensslVerify(f, f.leaf, probe, false);
        if (t.status !== 0 || t.ok !== probe) throw new Error(`openssl verify-${bits}: ${t.ok} of ${probe} valid certificates OK (exit ${t.status})`);
        if (t.cpu >= ROUND_MS / 3) {
          n = Math.round((probe / t.cpu) * ROUND_MS);
          break;
        }
      }
      run(n);
    },
    async round() {
      const t = run(n);
      lower.push((n / (t.valid - t.trusted)) * 1000);
      wall.valid.push(t.wallValid);
      wall.zeroed.push(t.wallZeroed);
      wall.trusted.push(t.wallTrusted);
      return (n / (t.valid - t.zeroed)) * 1000;
    },
    extra: () => ({
      copies: n,
      clock: 'user-cpu',
      opsPerSecLowerBound: round(median(lower)),
      lowerBoundRounds: lower.map((x) => round(x)),
      // wall-clock times of the three runs (medians, ms): a difference of them is at the mercy of the machine's load
      wallMs: { valid: round(median(wall.valid)), zeroed: round(median(wall.zeroed)), trusted: round(median(wall.trusted)) },
    }),
  };
}

/** An OpenSSL CA key of the set, and a leaf certificate it issues from `csrPem`; the leaf also with its signature zeroed. */
function opensslCa(dir: string, bits: Bits, csrPem: string): OpensslFiles {
  const s = OPENSSL_SET[bits];
  const p = (name: string): string => join(dir, `${name}-${bits}`);
  opensslGost(['genpkey', '-engine', 'gost', '-algorithm', s.algorithm, '-pkeyopt', `paramset:${s.paramset}`, '-out', `${p('ca')}.key`]);
  opensslGost(['req', '-engine', 'gost', '-x509', '-new', '-key', `${p('ca')}.key`, s.md, '-subj', `/CN=Bench GOST CA ${bits}`, '-days', '2', '-out', `${p('ca')}.pem`]);
  writeFileSync(`${p('leaf')}.csr`, csrPem);
  opensslGost(['x509', '-engine', 'gost', '-req', '-in', `${p('leaf')}.csr`, '-CA', `${p('ca')}.pem`, '-CAkey', `${p('ca')}.key`, s.md, '-set_serial', '7', '-days', '2', '-out', `${p('leaf')}.pem`]);
  const leaf = fromPem(opensslGost(['x509', '-in', `${p('leaf')}.pem`]), 'CERTIFICATE');
  const size = CURVE[bits].size;
  const zeroed = Buffer.from(leaf);
  zeroed.fill(0, zeroed.length - 2 * size);
  if (!Buffer.from(splitSigned(leaf).signature).equals(leaf.subarray(leaf.length - 2 * size))) throw new Error('the certificate does not end with its signature');
  writeFileSync(`${p('leaf')}.der`, leaf);
  writeFileSync(`${p('zeroed')}.der`, zeroed);
  return { dir, ca: `ca-${bits}.pem`, leaf: `leaf-${bits}.der`, zeroed: `zeroed-${bits}.der` };
}

/** `openssl pkeyutl -verify` of a raw signature (s||r, as PKCS#11 gives it) over OpenSSL's own Streebog of `message`. */
function opensslAccepts(dir: string, bits: Bits, spki: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const f = (name: string): string => join(dir, `pkeyutl-${bits}-${name}`);
  writeFileSync(f('msg'), message);
  writeFileSync(f('key.pem'), pem('PUBLIC KEY', spki));
  writeFileSync(f('sig'), signature);
  writeFileSync(f('dgst'), opensslGostBytes(['dgst', '-engine', 'gost', OPENSSL_SET[bits].md, '-binary', f('msg')]));
  const r = spawnSync('openssl', ['pkeyutl', '-engine', 'gost', '-verify', '-pubin', '-inkey', f('key.pem'), '-in', f('dgst'), '-sigfile', f('sig')], { env: GOST_ENV, encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('Signature Verified Successfully');
}

/** Ours accepts the signature, and refuses it over a modified digest and when the signature itself is modified. */
function checkOurs(bits: Bits, Q: { x: bigint; y: bigint }, digest: Uint8Array, signature: Uint8Array, source: string): void {
  const curve = CURVE[bits];
  check(verifyDigest(curve, Q, digest, decodeSignature(curve, signature)), `${bits}: our verifyDigest accepts the ${source} signature`);
  const badDigest = Uint8Array.from(digest);
  badDigest[5]! ^= 0x01;
  check(!verifyDigest(curve, Q, badDigest, decodeSignature(curve, signature)), `${bits}: ours refuses it over a digest with one bit changed`);
  const badSig = Uint8Array.from(signature);
  badSig[badSig.length - 1]! ^= 0x01;
  check(!verifyDigest(curve, Q, digest, decodeSignature(curve, badSig)), `${bits}: ours refuses it with one bit of the signature changed`);
}

interface Result {
  opsPerSec: number;
  usPerOp: number;
  rounds: number[];
  [extra: string]: unknown;
}

function table(r: Record<string, Result>): string {
  const f = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const ratio = (a: string, b: string): string => (r[a]!.opsPerSec / r[b]!.opsPerSec).toFixed(2);
  const lines = [
    '| Signing, gost2012-256 on the SoftHSM token | ops/s | / raw C_Sign | ops per CPU second | / raw C_Sign |',
    '|---|---:|---:|---:|---:|',
  ];
  const cpu = (name: string): number => r[name]!.cpuOpsPerSec as number;
  for (const [name, label] of [
    ['raw-sync', 'raw C_Sign over a Streebog digest (baseline)'],
    ['raw-async', 'signDigest (C_SignAsync)'],
    ['sign-gost', 'signGost, ~1 KB document (Streebog here + token)'],
    ['sign-gost-base', 'signGost before (baseline)'],
    ['cms', 'CMS one at a time (CmsSigner.sign)'],
    ['cms-batch', 'CMS batch (CmsSigner.signMany)'],
  ] as const) {
    if (!r[name]) continue;
    lines.push(`| ${label} | ${f(r[name].opsPerSec)} | ${ratio(name, 'raw-sync')} | ${f(cpu(name))} | ${(cpu(name) / cpu('raw-sync')).toFixed(2)} |`);
  }
  const has = (name: string): boolean => r[name] !== undefined;
  const cell = (name: string, against: string): string => (has(name) ? `${f(r[name]!.opsPerSec)} (${ratio(name, against)})` : '—');
  lines.push(
    '',
    '| Verification /s (/ OpenSSL) | TypeScript, one key again and again | TypeScript, a new key each time | TypeScript before (baseline) | OpenSSL gost engine |',
    '|---|---:|---:|---:|---:|',
  );
  for (const bits of [256, 512] as const) {
    const o = r[`verify-openssl-${bits}`]!;
    const vo = `verify-openssl-${bits}`;
    lines.push(
      `| gost2012-${bits} (${CURVE_LABEL[bits]}) | ${cell(`verify-ts-${bits}`, vo)} | ${cell(`verify-ts-new-key-${bits}`, vo)} | ${cell(`verify-base-${bits}`, vo)} | ${f(o.opsPerSec)} (${f(o.opsPerSecLowerBound as number)} incl. certificate handling) |`,
    );
  }
  lines.push('', '| Software signing /s (the sandbox CA) | TypeScript | before (baseline) | after / before |', '|---|---:|---:|---:|');
  for (const bits of [256, 512] as const) {
    const ts = `sign-sw-ts-${bits}`;
    const base = `sign-sw-base-${bits}`;
    lines.push(`| gost2012-${bits} (${CURVE_LABEL[bits]}) | ${f(r[ts]!.opsPerSec)} | ${has(base) ? f(r[base]!.opsPerSec) : '—'} | ${has(base) ? ratio(ts, base) : '—'} |`);
  }
  return lines.join('\n');
}

function gitCommit(dir: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const hsm = new GostSoftHsm('bench-gost');
  let session: TokenSession | undefined;
  try {
    const token = hsm.initTestToken('BenchGost');
    const mod = Pkcs11Module.open(hsm.module);
    session = new TokenSession(mod, mod.findToken(token.serial));
    await session.login(token.pin);
    const s = session;

    log('gost2012-256: key on the token, request, certificate from an OpenSSL CA');
    const key = await generateKey(s, 'gost2012-256:cryptopro-a', 'bench-gost');
    if (key.publicKey.kind !== 'gost') throw new Error('not a GOST key');
    const { point: Q256 } = gostPoint(key.publicKey);
    const spki256 = encodeGostSpki(CURVE[256], Q256);
    const csr256 = await createGostCsr({ curve: CURVE[256], publicKey: Q256, subject: SUBJECT, sign: (d) => signDigest(s, key, 'gost', Buffer.from(d)) });
    const files256 = opensslCa(hsm.dir, 256, csr256.pem);

    log('gost2012-512: software key (TC26 512-A), request, certificate from an OpenSSL CA');
    const d512 = randomScalar(CURVE[512]);
    const Q512 = publicKeyOf(CURVE[512], d512);
    const spki512 = encodeGostSpki(CURVE[512], Q512);
    const sign512 = (digest: Uint8Array): Uint8Array => encodeSignature(CURVE[512], softwareSignDigest(CURVE[512], d512, digest));
    const csr512 = await createGostCsr({ curve: CURVE[512], publicKey: Q512, subject: SUBJECT, sign: async (d) => sign512(d) });
    const files512 = opensslCa(hsm.dir, 512, csr512.pem);

    log('checks');
    const message = Buffer.concat([Buffer.from('#check#'), DOC_TEMPLATE]);
    const digest256 = gostDigest(key, message);
    check(digest256.equals(Buffer.from(streebog256(message))), '256: gostDigest is Streebog-256');
    const tokenSig = await signGost(s, key, message);
    check(opensslAccepts(hsm.dir, 256, spki256, message, tokenSig), '256: OpenSSL (pkeyutl -verify, its own Streebog) accepts the token signGost signature');
    checkOurs(256, Q256, digest256, tokenSig, 'token');
    const rawInput = signInput('gost', 'STREEBOG-256', digest256);
    s.lib.C_SignInit(s.handle, signMechanism('gost', 'STREEBOG-256'), key.privateKey!);
    const rawSig = s.lib.C_Sign(s.handle, rawInput, Buffer.alloc(512));
    check(verifyDigest(CURVE[256], Q256, digest256, decodeSignature(CURVE[256], rawSig)), '256: ours accepts the raw-sync (C_Sign) signature');
    const digest512 = streebog512(message);
    const softSig = sign512(digest512);
    check(opensslAccepts(hsm.dir, 512, spki512, message, softSig), '512: OpenSSL (pkeyutl -verify, its own Streebog) accepts the software signature');
    checkOurs(512, Q512, digest512, softSig, 'software');
    for (const [bits, files] of [[256, files256], [512, files512]] as const) {
      const leaf = readFileSync(join(files.dir, files.leaf));
      const caSpki = certificateSpki(readFileSync(join(files.dir, files.ca), 'utf8'));
      check(verifyGostCertificateSignature(leaf, caSpki), `${bits}: ours accepts the signature of the certificate OpenSSL's rounds verify`);
    }

    // CMS with the GOST key, as bench/sign.ts: the certificate is OpenSSL's CA's, one signature judged by OpenSSL
    const signer = CmsSigner.onToken(s, key, certificateParts(readFileSync(join(files256.dir, files256.leaf))));
    const cmsSig = await signer.sign(message);
    const sigPath = join(hsm.dir, 'cms.p7s');
    const contentPath = join(hsm.dir, 'cms.bin');
    writeFileSync(sigPath, cmsSig);
    writeFileSync(contentPath, message);
    const cmsVerify = (content: string): boolean =>
      spawnSync(
        'openssl',
        ['cms', '-verify', '-engine', 'gost', '-binary', '-content', content, '-inform', 'DER', '-in', sigPath, '-CAfile', join(files256.dir, files256.ca), '-purpose', 'any', '-out', '/dev/null'],
        { env: GOST_ENV, encoding: 'utf8' },
      ).status === 0;
    check(cmsVerify(contentPath), '256: openssl cms -verify -engine gost accepts a CmsSigner signature of the token key');
    const tamperedPath = join(hsm.dir, 'cms-tampered.bin');
    writeFileSync(tamperedPath, Buffer.concat([message, Buffer.from('.')]));
    check(!cmsVerify(tamperedPath), '256: and refuses it for content with one byte more');
    const cms = { opensslVerified: true, bytes: cmsSig.length };

    const baseline = BASELINE_DIR === undefined ? undefined : await loadBaseline(BASELINE_DIR);
    if (baseline !== undefined) {
      check(baseline.verifyDigest(CURVE[256], Q256, digest256, baseline.decodeSignature(CURVE[256], tokenSig)), `baseline (${BASELINE_DIR}): accepts the token signature`);
      check(baseline.verifyDigest(CURVE[512], Q512, digest512, baseline.decodeSignature(CURVE[512], softSig)), 'baseline: accepts the 512-bit software signature');
      const ours512 = sign512(digest512);
      check(baseline.verifyDigest(CURVE[512], Q512, digest512, baseline.decodeSignature(CURVE[512], ours512)), 'baseline: accepts a signature of ours');
      const theirs = baseline.encodeSignature(CURVE[512], baseline.signDigest(CURVE[512], d512, digest512));
      check(verifyDigest(CURVE[512], Q512, digest512, decodeSignature(CURVE[512], theirs)), 'ours accepts a signature of the baseline');
      check(opensslAccepts(hsm.dir, 512, spki512, message, theirs), 'OpenSSL accepts a signature of the baseline');
      check(opensslAccepts(hsm.dir, 256, spki256, message, await baseline.signGost(s, key, message)), 'OpenSSL accepts the baseline signGost signature');
    }
    const d256 = randomScalar(CURVE[256]);
    const ours = { verifyDigest, decodeSignature, signDigest: softwareSignDigest, encodeSignature };
    const measures: Measure[] = [
      ...signingMeasures(s, key, digest256, baseline?.signGost),
      ...cmsMeasures(signer),
    ];
    for (const [bits, Q, digest, sig, d] of [
      [256, Q256, digest256, tokenSig, d256],
      [512, Q512, digest512, softSig, d512],
    ] as const) {
      measures.push(
        tsVerifyMeasure(`verify-ts-${bits}`, bits, Q, digest, sig),
        tsVerifyMeasure(`verify-ts-new-key-${bits}`, bits, Q, digest, sig, ours, true),
        ...(baseline ? [tsVerifyMeasure(`verify-base-${bits}`, bits, Q, digest, sig, baseline)] : []),
        opensslVerifyMeasure(bits, bits === 256 ? files256 : files512),
        softwareSignMeasure(`sign-sw-ts-${bits}`, bits, d, digest, ours),
        ...(baseline ? [softwareSignMeasure(`sign-sw-base-${bits}`, bits, d, digest, baseline)] : []),
      );
    }
    log(`warm-up, then ${ROUNDS} rounds of ~${ROUND_MS} ms per measure, interleaved`);
    for (const m of measures) await m.warmUp();
    const rates = new Map<MeasureName, number[]>(measures.map((m) => [m.name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const m of measures) rates.get(m.name)!.push(await m.round(r));
      log(`  round ${r + 1}/${ROUNDS}`);
    }

    const results: Record<string, Result> = {};
    for (const m of measures) {
      const ops = median(rates.get(m.name)!);
      results[m.name] = { opsPerSec: round(ops), usPerOp: round(1e6 / ops, 2), rounds: rates.get(m.name)!.map((x) => round(x)), ...m.extra?.() };
    }
    const ratioOf = (a: MeasureName, b: MeasureName): number | undefined => (results[a] && results[b] ? round(results[a].opsPerSec / results[b].opsPerSec, 3) : undefined);
    const commit = gitCommit('.');
    const report = {
      benchmark: 'gost',
      description:
        'GOST R 34.10-2012 signing on the GOST SoftHSM2 token (gost2012-256, CryptoPro-A) vs raw C_Sign, and verifyDigest in TypeScript vs OpenSSL gost engine (openssl verify of N certificate copies, less the same with zeroed signatures), same run',
      date: new Date().toISOString(),
      commit,
      node: process.version,
      openssl: execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim().replace(/ \(Library: .*\)$/, ''),
      cpu: cpus()[0]?.model ?? 'unknown',
      cpuCount: cpus().length,
      platform: `${process.platform} ${process.arch}`,
      module: hsm.module,
      curves: { 256: CURVE[256].name, 512: CURVE[512].name },
      rounds: ROUNDS,
      roundTargetMs: ROUND_MS,
      statistic: 'median ops/s over timed rounds, after a warm-up round; measures interleaved round by round',
      cms,
      results,
      ratio: {
        rawAsyncToRawSync: ratioOf('raw-async', 'raw-sync'),
        signGostToRawSync: ratioOf('sign-gost', 'raw-sync'),
        signGostBaseToRawSync: ratioOf('sign-gost-base', 'raw-sync'),
        cmsToRawSync: ratioOf('cms', 'raw-sync'),
        cmsBatchToRawSync: ratioOf('cms-batch', 'raw-sync'),
        verifyTsToOpenssl256: ratioOf('verify-ts-256', 'verify-openssl-256'),
        verifyTsToOpenssl512: ratioOf('verify-ts-512', 'verify-openssl-512'),
        verifyTsNewKeyToOpenssl256: ratioOf('verify-ts-new-key-256', 'verify-openssl-256'),
        verifyTsNewKeyToOpenssl512: ratioOf('verify-ts-new-key-512', 'verify-openssl-512'),
        verifyBaseToOpenssl256: ratioOf('verify-base-256', 'verify-openssl-256'),
        verifyBaseToOpenssl512: ratioOf('verify-base-512', 'verify-openssl-512'),
        verifyTsToBase256: ratioOf('verify-ts-256', 'verify-base-256'),
        verifyTsToBase512: ratioOf('verify-ts-512', 'verify-base-512'),
        verifyTsNewKeyToBase256: ratioOf('verify-ts-new-key-256', 'verify-base-256'),
        verifyTsNewKeyToBase512: ratioOf('verify-ts-new-key-512', 'verify-base-512'),
        signSoftwareTsToBase256: ratioOf('sign-sw-ts-256', 'sign-sw-base-256'),
        signSoftwareTsToBase512: ratioOf('sign-sw-ts-512', 'sign-sw-base-512'),
      },
      baseline: BASELINE_DIR === undefined ? null : { dir: BASELINE_DIR, commit: gitCommit(BASELINE_DIR) },
      checksPassed: true,
      totalSeconds: Math.round(performance.now() - started) / 1000,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (TABLE) process.stdout.write(`\n${table(results)}\n\n_${report.node}, ${report.openssl}, ${report.cpu}, commit ${commit}, ${report.date.slice(0, 10)}; medians of ${ROUNDS} rounds_\n`);
  } finally {
    session?.close();
    hsm.cleanup();
  }
}

await main();
