import type { CertificateFacts } from './certificate-facts.ts';

/** The certificates a path may be built from: the trust anchors, and those the signature offers. */
export interface CertificatePool {
  anchors: CertificateFacts[];
  offered: CertificateFacts[];
}

export interface Candidate {
  facts: CertificateFacts;
  isAnchor: boolean;
}

/**
 * The possible issuers of `child`: certificates whose subject is, byte for byte, the child's
 * issuer name (no case folding or string-type leniency), and whose subject key identifier,
 * when both sides state one, is the child's authority key identifier. Anchors come first so the
 * shortest trusted path is tried first. `mismatched` counts name matches the key identifiers ruled out.
 */
export function issuerCandidates(child: CertificateFacts, pool: CertificatePool): { candidates: Candidate[]; mismatched: number } {
  const issuer = child.cert?.issuer;
  const akid = child.ext.authorityKeyId?.keyId;
  const candidates: Candidate[] = [];
  let mismatched = 0;
  if (!issuer) return { candidates, mismatched };
  const consider = (facts: CertificateFacts, isAnchor: boolean): void => {
    if (!facts.cert?.subject.equals(issuer)) return;
    const skid = facts.ext.subjectKeyId;
    if (akid && skid && !akid.equals(skid)) mismatched++;
    else candidates.push({ facts, isAnchor });
  };
  for (const a of pool.anchors) consider(a, true);
  for (const o of pool.offered) consider(o, false);
  return { candidates, mismatched };
}
