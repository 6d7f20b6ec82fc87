import { signatureCheck } from './algorithms.ts';
import type { CertificateFacts } from './certificate-facts.ts';
import { CACHE_SIZES, boundedSet } from './limits.ts';

/**
 * Did `issuer`'s key sign `subject`? The answer depends on the two certificates' bytes alone,
 * so it is kept by their two hashes.
 */
const links = new Map<string, string | null>();

export function clearLinks(): void {
  links.clear();
}

/** Why `issuer` did not sign `subject`, or undefined when it did. */
export function linkProblem(subject: CertificateFacts, issuer: CertificateFacts): string | undefined {
  const id = `${issuer.sha256}>${subject.sha256}`;
  const known = links.get(id);
  if (known !== undefined) return known ?? undefined;
  let problem: string | undefined;
  if (!subject.cert || !issuer.key) problem = 'the certificates cannot be read';
  else {
    const check = signatureCheck(subject.cert.outerAlgorithm, issuer.key, 'certificate');
    if (check.problem) problem = check.problem;
    else if (!check.verify!(subject.cert.tbs, subject.cert.signature)) problem = `its signature does not verify with the key of ${issuer.label}`;
  }
  boundedSet(links, id, problem ?? null, CACHE_SIZES.links);
  return problem;
}
