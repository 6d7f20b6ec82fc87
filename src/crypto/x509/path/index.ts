/**
 * Certificate path validation for the bank's PKI: strict, bounded, and identified by bytes.
 * One module per concern: parsed-certificate (strict DER reading), extensions (which ones, how
 * critical), algorithms (keys and signatures allowed), roles (CA and signer rules), validity,
 * candidates (issuer by exact DER name and key identifier), link (one signature), build-path
 * (the bounded search), path-cache (results by certificate hashes), limits.
 */
import { buildPath, type CheckBudget } from './build-path.ts';
import { certificateFacts, clearCertificateFacts, type CertificateFacts } from './certificate-facts.ts';
import { clearLinks, linkProblem } from './link.ts';
import { sha256Hex } from './parsed-certificate.ts';
import { LIMITS } from './limits.ts';
import { cachedPath, clearPathCache, pathCacheKey, rememberPath } from './path-cache.ts';
import { signerUsageOk } from './roles.ts';
import { toSecond, validityProblem } from './validity.ts';

export { certificateFacts, type CertificateFacts } from './certificate-facts.ts';
export { DIGESTS, digestWith, signatureCheck, type Hash } from './algorithms.ts';
export { LIMITS } from './limits.ts';

export interface PathInput {
  /** The signer's certificate, DER. */
  signer: Buffer;
  /** Other certificates the signature carries, DER: possible intermediates. */
  offered: Buffer[];
  /** Trusted certificates, DER. */
  anchors: Buffer[];
  /** The signing time: every certificate above the signer must be valid then. */
  at: Date;
  /**
   * A budget of candidate issuers shared with other validations of the same input. Each costs
   * up to one signature check, and a GOST R 34.10-2012 512 check is ~8 ms of TypeScript: without
   * a shared budget one SignedData with MAX_SIGNERS signers and made-up CA certificates made the
   * verifier examine MAX_SIGNERS × maxCandidateChecks of them (red-team issue 12,
   * tests/unit/red-gost-verify-cost.test.ts). verifyDetached passes one for all its signers.
   */
  budget?: CheckBudget;
}

export type { CheckBudget } from './build-path.ts';

export interface PathResult {
  ok: boolean;
  /** Why no acceptable path exists, naming the certificate at fault. */
  reason?: string;
  /** SHA-256 of each certificate on the path, signer first, anchor last. */
  path?: string[];
}

/**
 * Validates the path from the signer's certificate to a trust anchor at `at`. The signer's own
 * validity period and key usage are not part of it (verifyDetached reports them as their own
 * checks; see checkSignerCertificate for all three at once).
 */
export function validatePath(input: PathInput): PathResult {
  return validateFrom(certificateFacts(input.signer), input);
}

/** validatePath with the signer's certificate read already (by the hash of input.signer's bytes). */
function validateFrom(signer: CertificateFacts, input: PathInput): PathResult {
  if (input.anchors.length === 0) return { ok: false, reason: 'no trust anchors were given' };
  if (input.anchors.length > LIMITS.maxAnchors) return { ok: false, reason: `${input.anchors.length} trust anchors were given; at most ${LIMITS.maxAnchors} are accepted` };
  const anchors = dedupe(input.anchors.map(certificateFacts));
  const taken = new Set([signer.sha256, ...anchors.map((a) => a.sha256)]);
  // counted by hash before anything is parsed: a hostile signature may carry thousands
  const offeredDer = new Map<string, Buffer>();
  for (const der of input.offered) offeredDer.set(sha256Hex(der), der);
  for (const t of taken) offeredDer.delete(t);
  if (offeredDer.size > LIMITS.maxOfferedCertificates) {
    return { ok: false, reason: `the signature carries ${offeredDer.size} other certificates; at most ${LIMITS.maxOfferedCertificates} are considered` };
  }
  const offered = [...offeredDer.values()].map(certificateFacts);
  const at = toSecond(input.at);
  const key = pathCacheKey(signer.sha256, offered.map((o) => o.sha256), anchors.map((a) => a.sha256));
  const hit = cachedPath(key, at);
  if (hit) return hit.path ? { ok: true, path: hit.path } : { ok: false, reason: hit.reason! };

  const built = buildPath(signer, { anchors, offered }, new Date(at), input.budget);
  if (!built.path) {
    // a search cut short by a shared budget says nothing about these bytes alone: not remembered
    if (!(built.exhausted && input.budget)) rememberPath(key, { reason: built.reason!, from: at, to: at });
    return { ok: false, reason: built.reason! };
  }
  const above = built.path.slice(1);
  const from = Math.max(...above.map((c) => c.cert!.notBefore.getTime()));
  const to = Math.min(...above.map((c) => c.cert!.notAfter.getTime()));
  const path = built.path.map((c) => c.sha256);
  rememberPath(key, { path, from, to });
  return { ok: true, path };
}

function dedupe(list: CertificateFacts[]): CertificateFacts[] {
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(c.sha256) && seen.add(c.sha256));
}

export interface SignerCertificateCheck {
  /** Undefined when a path to an anchor holds. */
  chain?: string;
  /** Undefined when the signer's certificate is valid at the time. */
  validity?: string;
  /** Whether its key usage allows signing documents (digitalSignature or nonRepudiation, stated). */
  keyUsageOk: boolean;
}

/**
 * Everything about the signer's certificate at once: the path, its validity, its key usage.
 * `facts` are certificateFacts(input.signer), when the caller has them already.
 */
export function checkSignerCertificate(input: PathInput, facts: CertificateFacts = certificateFacts(input.signer)): SignerCertificateCheck {
  const path = validateFrom(facts, input);
  const validity = facts.cert && validityProblem(facts.cert, input.at);
  return {
    ...(path.ok ? {} : { chain: path.reason! }),
    ...(validity ? { validity } : {}),
    keyUsageOk: signerUsageOk(facts),
  };
}

export { signerUsageOk } from './roles.ts';
export { validityProblem } from './validity.ts';

/** Forgets every cached certificate, signature and path result (tests start from a clean state with it). */
/**
 * Why `issuer`'s key did not sign `subject` (both DER), or undefined when it did: one link,
 * under the same algorithm allow-list as a path (GOST included, which WebCrypto cannot check).
 */
export function issuerSignatureProblem(subject: Buffer, issuer: Buffer): string | undefined {
  return linkProblem(certificateFacts(subject), certificateFacts(issuer));
}

export function clearPathValidationCaches(): void {
  clearCertificateFacts();
  clearLinks();
  clearPathCache();
}
