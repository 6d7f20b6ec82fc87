/**
 * Our full verifyDetached against the x509-limbo path-validation suite (C2SP), as a bank that
 * verifies document signatures would meet each case: the case's leaf key signs some bytes, the
 * case's intermediates travel in the SignedData's certificate set, its trusted certificates are
 * the trust anchors, and its validation time is the signing time. Cases without a leaf key
 * cannot be signed; they go through the same path validation directly (checkSignerCertificate).
 *
 * Every relevant case runs twice: once in a fresh verifier state (caches cleared), and once with
 * all cases in sequence in one state, so that a result cached for one case leaking into another
 * would show. There must be no false accept at all; every false reject must be listed in
 * KNOWN_DIFFERENCES with the document signer's rule that justifies it.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contextTag, oid, sequence, set, smallInteger } from '../../src/crypto/der.ts';
import { digestAlgorithmDer } from '../../src/crypto/cms/algorithms.ts';
import { OID } from '../../src/crypto/cms/oids.ts';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { digestOf } from '../../src/crypto/cms/signed-attributes.ts';
import { clearVerificationCaches, verifyDetached } from '../../src/crypto/cms/verify.ts';
import { certificateParts } from '../../src/crypto/x509/certificate.ts';
import { checkSignerCertificate } from '../../src/crypto/x509/path/index.ts';

const LIMBO = process.env.LIMBO_JSON ?? join(import.meta.dirname, '../../../shared/x509-limbo/limbo.json');

interface LimboCase {
  id: string;
  features?: string[];
  description: string;
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  peer_certificate_key?: string | null;
  validation_time?: string | null;
  expected_result: 'SUCCESS' | 'FAILURE';
}

/**
 * Why a case says nothing about a document-signing verifier, or undefined when it does. What
 * stays is everything about building and checking the path: chaining, signatures, basic
 * constraints and path length, key usage, extensions and their criticality, algorithms and key
 * sizes, validity, serial numbers, name constraints, cycles and other hostile inputs, and real
 * chains (online::, checked as paths). What goes is what only a TLS client or a revocation
 * checker decides.
 */
function irrelevance(c: LimboCase): string | undefined {
  const f = new Set(c.features ?? []);
  if (/^webpki::(san|cn)::/.test(c.id) || ['rfc5280::san::underscore-dns', 'rfc5280::san::ip-in-dns', 'rfc5280::ca-as-leaf-wrong-san'].includes(c.id)) {
    return 'TLS: host name / SAN / wildcard matching against the peer name';
  }
  if (/^(rfc5280|webpki)::eku::/.test(c.id) || f.has('pedantic-webpki-eku')) return 'TLS: serverAuth / clientAuth extended key usage';
  if (f.has('has-crl')) return 'revocation: verifyDetached is given no CRLs (revocation is checked by the bank against its own register)';
  if (f.has('max-chain-depth')) return "a caller-chosen maximum depth, which verifyDetached does not take (its own fixed limit is tested in path-validation.test.ts)";
  return undefined;
}

/**
 * False rejects: cases limbo expects to pass that we refuse, each with the rule of a document
 * signer's verifier (stricter than RFC 5280, or a feature deliberately left out) behind it.
 */
const NAME_CONSTRAINTS =
  'name constraints are refused, not processed: the bank PKI has none, and refusing a constrained CA can never accept a name it excludes';
const SIGNER_NOT_CA = "a document signer's certificate must not be a CA's (a CA key signing payment orders would blur who signed)";
const KNOWN_DIFFERENCES: Record<string, string> = {
  'cve::cve-2024-0567': "the signer's certificate has an empty subject: a document signer must be named in the subject, which is what the bank and the UI show as who signed (the cross-signing cycle itself is tested in path-validation.test.ts)",
  'pathlen::validation-ignores-pathlen-in-leaf': SIGNER_NOT_CA,
  'rfc5280::ca-as-leaf': SIGNER_NOT_CA,
  'rfc5280::no-keyusage': "the signer's certificate must state digitalSignature or nonRepudiation: a certificate that does not say it may sign documents does not sign them",
  'rfc5280::nc::nc-forbids-alternate-chain-ica':
    "the only unconstrained path runs through an intermediate whose authority key identifier is not the root's subject key identifier; issuers are identified by exact name and, where both are stated, key identifier",
  ...Object.fromEntries(
    [
      'rfc5280::nc::permitted-dns-match',
      'rfc5280::nc::permitted-dns-match-more',
      'rfc5280::nc::permitted-ipv4-match',
      'rfc5280::nc::permitted-ipv6-match',
      'rfc5280::nc::permitted-dn-match',
      'rfc5280::nc::permitted-self-issued',
      'rfc5280::nc::permitted-different-constraint-type',
      'rfc5280::nc::excluded-different-constraint-type',
      'rfc5280::nc::nc-permits-email-exact',
      'rfc5280::nc::nc-permits-email-domain',
      'rfc5280::nc::nc-permits-email-literal-asterisk-exact-match',
      'rfc5280::nc::nc-permits-email-literal-double-asterisk',
      'rfc5280::nc::nc-permits-email-literal-mid-asterisk',
      'rfc5280::nc::nc-forbids-othername-noop',
      'webpki::nc::permitted-dns-match-noncritical',
      'webpki::nc::nc-permits-dns-san-pattern',
    ].map((id) => [id, NAME_CONSTRAINTS]),
  ),
};

const der = (pem: string): Buffer => Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, ''), 'base64');

/** A detached CAdES-BES SignedData by the leaf key, with the intermediates in its certificate set. */
async function signCase(key: KeyObject, leaf: Buffer, intermediates: Buffer[], content: Buffer, at: Date): Promise<Buffer> {
  const signer = new CmsSigner(softwareSource(key), certificateParts(leaf));
  const signerInfo = await signer.signerInfo(digestOf(signer.hash, content), { signingTime: at });
  // CmsSigner carries only the signer's certificate; here the intermediates travel too
  const signedData = sequence(smallInteger(1), set(digestAlgorithmDer(signer.hash)), sequence(oid(OID.data)), contextTag(0, leaf, ...intermediates), set(signerInfo));
  return sequence(oid(OID.signedData), contextTag(0, signedData));
}

interface Outcome {
  accepted: boolean;
  mode: 'signed' | 'path only';
  reason: string;
  ms: number;
}

const CONTENT = Buffer.from('Платёжное поручение № 1 на сумму 100,00 руб.', 'utf8');

async function runCase(c: LimboCase): Promise<Outcome> {
  const leaf = der(c.peer_certificate);
  const intermediates = c.untrusted_intermediates.map(der);
  const anchors = c.trusted_certs.map(der);
  const at = c.validation_time ? new Date(c.validation_time) : new Date();
  let cms: Buffer | undefined;
  if (c.peer_certificate_key) {
    try {
      cms = await signCase(createPrivateKey(c.peer_certificate_key), leaf, intermediates, CONTENT, at);
    } catch {
      cms = undefined; // a leaf our CMS builder cannot take: checked as a path below
    }
  }
  const started = performance.now();
  if (cms) {
    const report = await verifyDetached(CONTENT, cms, anchors, c.id);
    const ms = performance.now() - started;
    const signer = report.signers[0];
    return { accepted: report.ok, mode: 'signed', reason: signer?.problems.map((p) => p.message).join('; ') ?? '', ms };
  }
  const check = checkSignerCertificate({ signer: leaf, offered: intermediates, anchors, at });
  const ms = performance.now() - started;
  const reasons = [check.chain, check.validity, check.keyUsageOk ? undefined : 'key usage allows neither digitalSignature nor nonRepudiation'].filter(Boolean);
  return { accepted: reasons.length === 0, mode: 'path only', reason: reasons.join('; '), ms };
}

const available = existsSync(LIMBO);
const cases: LimboCase[] = available ? (JSON.parse(readFileSync(LIMBO, 'utf8')) as { testcases: LimboCase[] }).testcases : [];
const relevant = cases.filter((c) => !irrelevance(c));
const fresh = new Map<string, Outcome>();
const shared = new Map<string, Outcome>();

/** What a verdict means against the expectation. */
function judge(c: LimboCase, o: Outcome): 'ok' | 'FALSE ACCEPT' | 'false reject' {
  const expected = c.expected_result === 'SUCCESS';
  if (o.accepted === expected) return 'ok';
  return o.accepted ? 'FALSE ACCEPT' : 'false reject';
}

// The suite is the workplace's copy beside the checkout (../shared/x509-limbo), not part of this
// repository; where it is absent the whole block is reported as skipped, by name, never as passed.
if (!available) console.warn(`x509-limbo suite not found at ${LIMBO} (set LIMBO_JSON): the limbo cases are skipped`);
describe.skipIf(!available)('x509-limbo: verifyDetached as a document-signing verifier', () => {
  it('finds the suite and its relevant cases', () => {
    expect(cases.length).toBeGreaterThan(200);
    expect(relevant.length).toBeGreaterThan(100);
  });

  it.each(relevant.map((c) => [c.id, c] as const))('%s (fresh verifier state)', async (_id, c) => {
    clearVerificationCaches();
    const o = await runCase(c);
    fresh.set(c.id, o);
    expect(o.ms, 'every case must answer within a second').toBeLessThan(1000);
    const verdict = judge(c, o);
    expect(verdict, `${c.id}: ${o.reason}`).not.toBe('FALSE ACCEPT');
    if (verdict === 'false reject') expect(KNOWN_DIFFERENCES[c.id], `${c.id} is refused but not listed: ${o.reason}`).toBeDefined();
    else expect(KNOWN_DIFFERENCES[c.id], `${c.id} is listed as a known difference but passes`).toBeUndefined();
  });

  it('gives the same verdicts with all cases in sequence in one verifier state (no result leaks between cases)', async () => {
    clearVerificationCaches();
    for (const c of relevant) {
      const o = await runCase(c);
      shared.set(c.id, o);
      expect(o.ms, `${c.id} must answer within a second`).toBeLessThan(1000);
      expect(judge(c, o), `${c.id}: ${o.reason}`).not.toBe('FALSE ACCEPT');
    }
    // and once more in reverse, with everything cached
    for (const c of [...relevant].reverse()) {
      const o = await runCase(c);
      expect({ id: c.id, accepted: o.accepted }).toEqual({ id: c.id, accepted: fresh.get(c.id)?.accepted ?? shared.get(c.id)!.accepted });
    }
    for (const c of relevant) if (fresh.has(c.id)) expect({ id: c.id, accepted: shared.get(c.id)!.accepted }).toEqual({ id: c.id, accepted: fresh.get(c.id)!.accepted });
  });

  afterAll(() => {
    if (!available) return;
    const rows = relevant.map((c) => {
      const o = fresh.get(c.id) ?? shared.get(c.id);
      if (!o) return `${c.id.padEnd(72)} not run`;
      const verdict = judge(c, o);
      return `${c.id.padEnd(72)} ${c.expected_result.padEnd(8)} ${(o.accepted ? 'ACCEPT' : 'REJECT').padEnd(7)} ${verdict.padEnd(13)} ${o.mode.padEnd(10)} ${o.ms.toFixed(1).padStart(7)} ms  ${o.accepted ? '' : o.reason.slice(0, 160)}`;
    });
    const outcomes = relevant.map((c) => [c, fresh.get(c.id) ?? shared.get(c.id)] as const).filter((x): x is readonly [LimboCase, Outcome] => x[1] !== undefined);
    const skipped = cases.filter((c) => irrelevance(c));
    const count = (v: string): number => outcomes.filter(([c, o]) => judge(c, o) === v).length;
    const slowest = outcomes.reduce((m, [c, o]) => (o.ms > m.ms ? { id: c.id, ms: o.ms } : m), { id: '', ms: 0 });
    console.log(
      [
        `x509-limbo: ${cases.length} cases, ${relevant.length} relevant (${outcomes.filter(([, o]) => o.mode === 'signed').length} signed and verified with verifyDetached, ${outcomes.filter(([, o]) => o.mode === 'path only').length} without a usable leaf key: path only), ${skipped.length} not relevant`,
        `agree: ${count('ok')}, false accepts: ${count('FALSE ACCEPT')}, false rejects: ${count('false reject')} (${Object.keys(KNOWN_DIFFERENCES).length} listed as known differences), slowest: ${slowest.id} ${slowest.ms.toFixed(1)} ms`,
        ...rows,
      ].join('\n'),
    );
  });
});
