import type { CertificateFacts } from './certificate-facts.ts';
import { KeyUsage } from './extensions.ts';

/**
 * What a certificate must say to stand where it stands in a path: a CA above, the document
 * signer at the bottom. Each returns why not, or undefined.
 */

/** RFC 5280 4.2.1.9 and 4.2.1.3: a CA states cA=true in critical basicConstraints and may sign certificates; 4.2.1.2: it has a key identifier. */
export function caProblem(f: CertificateFacts): string | undefined {
  const bc = f.ext.basicConstraints;
  if (!bc) return 'it issued a certificate but has no basicConstraints extension';
  if (!bc.ca) return 'it issued a certificate but is not a CA (basicConstraints cA is false)';
  if (!bc.critical) return "its basicConstraints extension is not critical, as a CA's must be";
  if (!f.ext.keyUsage) return 'it is a CA without a keyUsage extension';
  if (!f.ext.keyUsage.has(KeyUsage.keyCertSign)) return 'it is a CA whose keyUsage does not include keyCertSign';
  if (!f.ext.subjectKeyId) return 'it is a CA without a subject key identifier';
  return undefined;
}

/** The signer's certificate is an end entity's: a CA key signing documents would blur who signed. */
export function signerRoleProblem(f: CertificateFacts): string | undefined {
  if (f.ext.basicConstraints?.ca) return "it is a CA certificate; a document signer's certificate must not be one";
  if (f.ext.keyUsage?.has(KeyUsage.keyCertSign)) return "its keyUsage includes keyCertSign, which a document signer's certificate must not have";
  return undefined;
}

/** RFC 5280 4.2.1.1: every certificate but a self-signed one names its issuer's key. */
export function authorityKeyProblem(f: CertificateFacts, isAnchor: boolean): string | undefined {
  const aki = f.ext.authorityKeyId;
  if (!aki) {
    if (!f.cert?.selfIssued) return 'it has no authority key identifier';
    return isAnchor ? undefined : 'it is a root certificate (self-issued, no authority key identifier) that is not among the trust anchors';
  }
  // an anchor that is its own issuer yet names another key is not the self-signed root it looks like
  if (isAnchor && f.cert?.selfIssued && f.ext.subjectKeyId && aki.keyId && !aki.keyId.equals(f.ext.subjectKeyId)) {
    return 'it is self-issued but its authority key identifier differs from its subject key identifier';
  }
  return undefined;
}

/**
 * The signer's authority key identifier, once its issuer is known. TRANSITIONAL: it may be
 * missing when the issuer is a trust anchor limited to pathLenConstraint 0, because the sandbox
 * bank's receipts certificate (src/sandbox/ca.ts) is issued that way today. Such an anchor
 * issues end entities directly, so there is no path to find, and its key is checked by the
 * signature anyway. Remove once the sandbox CA puts key identifiers in the receipts certificate.
 */
export function signerAuthorityKeyProblem(signer: CertificateFacts, issuer: CertificateFacts, issuerIsAnchor: boolean): string | undefined {
  if (!signer.ext.authorityKeyId && issuerIsAnchor && issuer.ext.basicConstraints?.pathLen === 0) return undefined;
  return authorityKeyProblem(signer, false);
}

/** Whether the signer's certificate allows signing documents: digitalSignature or nonRepudiation, stated. */
export function signerUsageOk(f: CertificateFacts): boolean {
  const ku = f.ext.keyUsage;
  return ku !== undefined && (ku.has(KeyUsage.digitalSignature) || ku.has(KeyUsage.nonRepudiation));
}
