/**
 * The bank's signature check in process: documents checked per second by `verifyDetached`
 * called exactly as the sandbox bank calls it (src/sandbox/documents.ts: the canonical bytes,
 * the CMS, the bank CA's DER as the one trust anchor), against the raw `crypto.verify` of the
 * same signature values over the same signed attributes with a KeyObject made once, in the
 * same run. RSA-2048 and P-256 signers, each certificate issued by the sandbox bank's own CA.
 * A third column times `verifySignature` (the token service's wrapper that takes the anchors as
 * PEM, as bench/bank.ts's "signature check alone" and `bankclient verify` call it).
 *
 *   npx tsx bench/bank-verify.ts [--table] [--docs N] [--gost-docs M] [--rounds R]   (--help: the options)
 *
 * Each round (R, default 7) checks N distinct documents (default 2,000) with the bank's function,
 * then the same N with verifySignature, then with raw crypto.verify (interleaved, so that load
 * from other processes touches all three alike); medians of the rounds' rates and of the
 * per-round ratios (so raw / bank is not exactly the quotient of the two medians). Software keys
 * stand in for the token: the bytes verified are those a token-made CmsSigner signature has (same
 * CmsSigner, same attributes).
 * GOST-256 (CryptoPro-A; M documents, default 200: ours is TypeScript) runs against a second
 * sandbox bank whose CA is GOST; its "raw" is our verifyDigest over the Streebog-256 of the same
 * signed attributes with the key decoded once (Node's OpenSSL has no GOST).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, randomUUID, verify as nodeVerify, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { softwareSource } from '../src/crypto/cms/signature-source.ts';
import { GOST_CURVES } from '../src/crypto/gost/curves.ts';
import { decodeSignature, encodeSignature } from '../src/crypto/gost/encoding.ts';
import { publicKeyOf, randomScalar, signDigest, verifyDigest } from '../src/crypto/gost/signature.ts';
import { streebog256 } from '../src/crypto/gost/streebog.ts';
import { createGostCsr } from '../src/crypto/x509/gost.ts';
import { CmsSigner } from '../src/crypto/cms/signer.ts';
import { readSignedDataDer } from '../src/crypto/cms/signed-data-der.ts';
import { verifyDetached } from '../src/crypto/cms/verify.ts';
import { certificateParts } from '../src/crypto/x509/certificate.ts';
import { verifySignature } from '../src/main/tokens/token-service.ts';
import { startSandbox, type RunningSandbox } from '../src/sandbox/server.ts';
import { signedDocumentBytes } from '../src/shared/bank-api/documents/signed.ts';
import type { DocumentBody } from '../src/shared/bank-api/documents/index.ts';
import { checkArgs } from './client/common.ts';

const crypto = webcrypto as unknown as Crypto;
checkArgs(
  [
    'usage: npx tsx bench/bank-verify.ts [--table] [--docs N] [--gost-docs M] [--rounds R]',
    '  --table         after the JSON, a Markdown table',
    '  --docs N        RSA-2048 and P-256 documents a round (default 2000)',
    '  --gost-docs M   GOST-256 documents a round (default 200; 0 leaves GOST out)',
    '  --rounds R      rounds (default 7)',
  ].join('\n'),
  ['--docs', '--gost-docs', '--rounds'],
);
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const DOCS = arg('--docs', 2000);
const GOST_DOCS = arg('--gost-docs', 200);
const ROUNDS = arg('--rounds', 7);
if (!Number.isInteger(DOCS) || DOCS < 1) throw new Error('--docs takes a whole number of documents, at least 1');
if (!Number.isInteger(GOST_DOCS) || GOST_DOCS < 0) throw new Error('--gost-docs takes a whole number of documents, 0 or more');
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds takes a whole number of rounds, at least 1');
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

const ALGORITHMS = {
  'rsa-2048': { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  'ec-p256': { name: 'ECDSA', namedCurve: 'P-256' },
} as const;
const CSR_SIGNING = { 'rsa-2048': { name: 'RSASSA-PKCS1-v1_5' }, 'ec-p256': { name: 'ECDSA', hash: 'SHA-256' } } as const;

interface Doc {
  canonical: Buffer;
  cms: Buffer;
  /** What raw crypto.verify checks: the signed attributes as the SET OF they are hashed as, and the signature value. */
  attrs: Buffer;
  signature: Buffer;
}

type Algorithm = 'ec-p256' | 'rsa-2048' | 'gost2012-256';

/** A signer of `algorithm` with a certificate from `bank`'s CA, and the raw check of one signature value over signed attributes. */
async function signerFor(bank: RunningSandbox, algorithm: Algorithm, userId: string): Promise<{ signer: CmsSigner; raw: (attrs: Buffer, signature: Buffer) => boolean }> {
  if (algorithm === 'gost2012-256') {
    const curve = GOST_CURVES['cryptopro-a'];
    const d = randomScalar(curve);
    const Q = publicKeyOf(curve, d);
    const csr = await createGostCsr({ curve, publicKey: Q, subject: 'CN=Bench GOST,O=Bench,C=RU', sign: async (digest) => encodeSignature(curve, signDigest(curve, d, digest)) });
    const certificate = Buffer.from((await bank.ca.issue(new x509.Pkcs10CertificateRequest(new Uint8Array(csr.der)), userId)).rawData);
    return {
      signer: new CmsSigner(softwareSource({ curve, d }), certificateParts(certificate)),
      raw: (attrs, signature) => verifyDigest(curve, Q, streebog256(attrs), decodeSignature(curve, signature)),
    };
  }
  const keys = (await crypto.subtle.generateKey(ALGORITHMS[algorithm], true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=Bench ${algorithm}, O=Bench, C=RU`, keys, signingAlgorithm: CSR_SIGNING[algorithm] }, crypto);
  const certificate = Buffer.from((await bank.ca.issue(csr, userId)).rawData);
  const publicKey = KeyObject.from(keys.publicKey);
  return {
    signer: new CmsSigner(softwareSource(KeyObject.from(keys.privateKey)), certificateParts(certificate)),
    raw: (attrs, signature) => nodeVerify('sha256', attrs, publicKey, signature),
  };
}

async function measure(bank: RunningSandbox, algorithm: Algorithm, count: number) {
  const anchors = [bank.ca.certificateDer];
  const anchorsPem = [Buffer.from(bank.ca.certificate.toString('pem'))];
  const userId = (bank.db.prepare('SELECT id FROM users ORDER BY id LIMIT 1').get() as { id: string }).id;
  const companyId = randomUUID();
  const { signer, raw } = await signerFor(bank, algorithm, userId);
  log(`${algorithm}: signing ${count} documents`);
  const docs: Doc[] = [];
  const today = bank.clock.now().toISOString().slice(0, 10);
  for (let n = 0; n < count; n++) {
    const body = { kind: 'payment-order', version: 1, content: { number: String(n + 1), date: today, amount: 1_000_00 + n, purpose: `Оплата по счёту № ${n}` } } as unknown as DocumentBody;
    const canonical = Buffer.from(signedDocumentBytes({ id: randomUUID(), companyId }, body));
    const cms = await signer.sign(canonical, { signingTime: bank.clock.now() });
    const info = readSignedDataDer(cms)!.signers[0]!;
    const attrs = Buffer.from(info.signedAttrs!);
    attrs[0] = 0x31;
    docs.push({ canonical, cms, attrs, signature: info.signature });
  }
  const bankRates: number[] = [];
  const pemRates: number[] = [];
  const rawRates: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t0 = performance.now();
    for (const d of docs) if (!(await verifyDetached(d.canonical, d.cms, anchors, 'signature')).ok) throw new Error('a signature does not verify');
    const bankRate = (docs.length / (performance.now() - t0)) * 1000;
    t0 = performance.now();
    for (const d of docs) if (!(await verifySignature(d.canonical, d.cms, anchorsPem)).ok) throw new Error('verifySignature: a signature does not verify');
    const pemRate = (docs.length / (performance.now() - t0)) * 1000;
    t0 = performance.now();
    for (const d of docs) if (!raw(d.attrs, d.signature)) throw new Error('raw: a signature does not verify');
    const rawRate = (docs.length / (performance.now() - t0)) * 1000;
    bankRates.push(bankRate);
    pemRates.push(pemRate);
    rawRates.push(rawRate);
    ratios.push(rawRate / bankRate);
    log(`${algorithm} round ${r + 1}: bank ${round(bankRate)}/s, verifySignature ${round(pemRate)}/s, raw ${round(rawRate)}/s`);
  }
  return {
    algorithm,
    documentsPerRound: count,
    opsPerSec: { bank: round(median(bankRates)), verifySignaturePem: round(median(pemRates)), raw: round(median(rawRates)) },
    rawOverBank: round(median(ratios), 2),
    rounds: { bank: bankRates.map((x) => round(x)), verifySignaturePem: pemRates.map((x) => round(x)), raw: rawRates.map((x) => round(x)), rawOverBank: ratios.map((x) => round(x, 2)) },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bank-verify-'));
  const results = [];
  try {
    const bank = await startSandbox({ dataDir: join(dir, 'bank') });
    try {
      for (const algorithm of ['ec-p256', 'rsa-2048'] as const) results.push(await measure(bank, algorithm, DOCS));
    } finally {
      await bank.close();
    }
    if (GOST_DOCS > 0) {
      const gostBank = await startSandbox({ dataDir: join(dir, 'gost-bank'), caAlgorithm: 'gost2012-256:cryptopro-a' });
      try {
        results.push(await measure(gostBank, 'gost2012-256', GOST_DOCS));
      } finally {
        await gostBank.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const report = { benchmark: 'bank-verify', date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpuCount: cpus().length, statistic: `median of ${ROUNDS} rounds`, results };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (process.argv.includes('--table')) {
    const f = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
    process.stdout.write('\n| Algorithm | bank signature check (/s) | verifySignature, PEM anchor (/s) | raw verify (/s) | raw / bank |\n|---|---:|---:|---:|---:|\n');
    for (const r of results) process.stdout.write(`| ${r.algorithm} | ${f(r.opsPerSec.bank)} | ${f(r.opsPerSec.verifySignaturePem)} | ${f(r.opsPerSec.raw)} | ${r.rawOverBank.toFixed(2)} |\n`);
  }
}

await main();
