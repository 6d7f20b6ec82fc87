/**
 * Red-team (issue 12): how many GOST signature checks can one hostile SignedData make the bank do?
 * A GOST R 34.10-2012 512 check cost ~8 ms of pure-TypeScript BigInt work on the event loop (~3 ms
 * by a new key since issue 14)
 * (ECDSA P-384 in Node's OpenSSL ~0.8 ms, RSA-8192 ~0.3 ms), so the bounds that made hostile input
 * cheap before (MAX_SIGNERS = 8, each path validation examining at most 64 candidate issuers)
 * allowed hundreds of them per request: MAX_SIGNERS × maxCandidateChecks, with certificates the
 * sender makes up (tc26-512-c keys, CA certificates that sign one another under one name).
 * Counts the checks through a spy on verifyDigest: time would be flaky on a shared machine.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contextTag, octetString, oid, sequence, set, smallInteger } from '../../src/crypto/der.ts';
import { GOST_OID, encodeGostSpki } from '../../src/crypto/gost/asn1.ts';
import { GOST_CURVES } from '../../src/crypto/gost/curves.ts';
import { publicKeyOf, randomScalar } from '../../src/crypto/gost/signature.ts';
import * as gostSignature from '../../src/crypto/gost/signature.ts';
import { MAX_SIGNERS, clearVerificationCaches, verifyDetached } from '../../src/crypto/cms/verify.ts';
import { LIMITS } from '../../src/crypto/x509/path/index.ts';
import { OID } from '../../src/crypto/cms/oids.ts';
import { gostTbsSigner, issueCertificate, keyIdentifier, x509Time } from '../../src/crypto/x509/issue.ts';
import { parseSubject, subjectToDer } from '../../src/crypto/x509/subject.ts';

vi.mock('../../src/crypto/gost/signature.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/crypto/gost/signature.ts')>();
  return { ...original, verifyDigest: vi.fn(original.verifyDigest) };
});

const curve = GOST_CURVES['tc26-512-c'];
const DAY = 86_400_000;

interface Key {
  d: bigint;
  spki: Buffer;
  kid: Buffer;
}
function key(): Key {
  const d = randomScalar(curve);
  const spki = encodeGostSpki(curve, publicKeyOf(curve, d));
  return { d, spki, kid: keyIdentifier(spki) };
}

const name = (cn: string): Buffer => subjectToDer(parseSubject(`CN=${cn},C=RU`));
let serial = 1;

async function cert(subject: Buffer, issuer: Buffer, subjectKey: Key, issuerKey: Key, ca: boolean, authorityKeyId = issuerKey.kid): Promise<Buffer> {
  const now = Date.now();
  return issueCertificate(
    {
      serial: (serial++).toString(16).padStart(4, '1'),
      issuer,
      subject,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + DAY),
      spki: subjectKey.spki,
      ...(ca ? { ca: {} } : {}),
      keyUsage: ca ? ['keyCertSign'] : ['digitalSignature'],
      authorityKeyId,
    },
    gostTbsSigner(curve, issuerKey.d),
  );
}

/** IssuerAndSerialNumber of a certificate we made: its issuer Name and serial INTEGER, as DER. */
function sidOf(der: Buffer, issuer: Buffer): Buffer {
  const at = der.indexOf(Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02])) + 5;
  const len = der[at + 1]!;
  return sequence(issuer, der.subarray(at, at + 2 + len));
}

function signerInfo(sid: Buffer): Buffer {
  const attrs = contextTag(
    0,
    sequence(oid(OID.contentType), set(oid(OID.data))),
    sequence(oid(OID.signingTime), set(x509Time(new Date()))),
    sequence(oid(OID.messageDigest), set(octetString(Buffer.alloc(64, 1)))),
  );
  const signature = Buffer.alloc(128, 7); // a value in range that does not verify: the check still runs
  return sequence(smallInteger(1), sid, sequence(oid(GOST_OID.digest512)), attrs, sequence(oid(GOST_OID.signWithDigest512)), octetString(signature));
}

function signedData(certs: Buffer[], signers: Buffer[]): Buffer {
  const sd = sequence(smallInteger(1), set(sequence(oid(GOST_OID.digest512))), sequence(oid(OID.data)), contextTag(0, ...certs), set(...signers));
  return sequence(oid(OID.signedData), contextTag(0, sd));
}

describe('red team: GOST signature checks one SignedData can cost the verifier', () => {
  afterEach(() => vi.mocked(gostSignature.verifyDigest).mockClear());

  it('8 signers under 17 made-up CA certificates that sign one another: one candidate budget for the whole SignedData, not one per signer', async () => {
    clearVerificationCaches();
    const X = name('X');
    const k = key();
    // 17 CA certificates named X, each issued by X with the one key K: every link among them verifies
    const cas = await Promise.all(Array.from({ length: 17 }, () => cert(X, X, k, k, true)));
    // signer 1 signed by K (its search goes deep), signers 2..8 by other keys (each tries every CA)
    const signers: { der: Buffer }[] = [];
    for (let i = 0; i < 8; i++) {
      const own = key();
      // each names K's identifier, so every CA named X is a candidate issuer
      signers.push({ der: await cert(name(`S${i}`), X, own, i === 0 ? k : key(), false, k.kid) });
    }
    const cms = signedData([...signers.map((s) => s.der), ...cas], signers.map((s) => signerInfo(sidOf(s.der, X))));
    const anchor = await cert(name('Bank CA'), name('Bank CA'), k, k, true);

    const started = performance.now();
    const report = await verifyDetached(Buffer.from('payment'), cms, [anchor]);
    const ms = performance.now() - started;
    const checks = vi.mocked(gostSignature.verifyDigest).mock.calls.length;
    console.log(`red-team: ${checks} GOST checks, ${ms.toFixed(0)} ms for one SignedData`);
    expect(report.ok).toBe(false);
    expect(report.signers).toHaveLength(8);
    // before the fix: 191 here (and up to MAX_SIGNERS × (maxCandidateChecks + 1) = 520 with a
    // better-built set); now the candidate budget is one for the whole SignedData
    expect(checks).toBeLessThanOrEqual(LIMITS.maxCandidateChecks + MAX_SIGNERS);
  }, 120_000);
});
