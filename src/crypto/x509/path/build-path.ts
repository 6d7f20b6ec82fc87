import { issuerCandidates, type CertificatePool } from './candidates.ts';
import { serialProblem, type CertificateFacts } from './certificate-facts.ts';
import { LIMITS } from './limits.ts';
import { linkProblem } from './link.ts';
import { authorityKeyProblem, caProblem, signerAuthorityKeyProblem, signerRoleProblem } from './roles.ts';
import { validityProblem } from './validity.ts';

/**
 * The candidate issuers one piece of work may examine, shared by every path validation it makes:
 * verifyDetached passes one for all the signers of a SignedData (see CheckBudget in index.ts).
 */
export interface CheckBudget {
  examined: number;
}

export interface BuiltPath {
  /** The signer's certificate first, the trust anchor last. */
  path?: CertificateFacts[];
  reason?: string;
}

const refused = (f: CertificateFacts, why: string): string => `${f.label} is refused: ${why}`;

/** RFC 5280 6.1.4 (l, m): a CA's pathLenConstraint bounds the non-self-issued intermediates below it. */
function pathLenProblem(ca: CertificateFacts, below: CertificateFacts[]): string | undefined {
  const limit = ca.ext.basicConstraints?.pathLen;
  if (limit === undefined) return undefined;
  const intermediates = below.slice(1).filter((c) => !c.cert?.selfIssued).length;
  return intermediates > limit ? `its pathLenConstraint ${limit} allows ${limit} intermediate CA certificate(s) below it, and the path has ${intermediates}` : undefined;
}

/** Why `candidate` cannot stand above `chain` (whose last certificate it would have issued) at `at`. */
function candidateProblem(candidate: CertificateFacts, isAnchor: boolean, chain: CertificateFacts[], at: Date): string | undefined {
  const why = (isAnchor || !candidate.cert ? undefined : serialProblem(candidate.cert.serial)) ?? candidate.problem ?? caProblem(candidate) ?? authorityKeyProblem(candidate, isAnchor) ?? validityProblem(candidate.cert!, at) ?? pathLenProblem(candidate, chain);
  if (why) return refused(candidate, why);
  const child = chain[chain.length - 1]!;
  const link = (chain.length === 1 ? signerAuthorityKeyProblem(child, candidate, isAnchor) : undefined) ?? linkProblem(child, candidate);
  return link ? refused(child, link) : undefined;
}

/**
 * Searches depth first, anchors before offered certificates, for a path from the signer's
 * certificate to a trust anchor on which every rule holds at `at`. A certificate never appears
 * twice in a path (so certificates that sign each other end the branch), paths are at most
 * LIMITS.maxPathLength long, and at most LIMITS.maxCandidateChecks issuers are examined in all.
 * When no path is found, the reason is the one found deepest in the search: the most specific.
 */
export function buildPath(signer: CertificateFacts, pool: CertificatePool, at: Date, budget: CheckBudget = { examined: 0 }): BuiltPath & { exhausted?: boolean } {
  const own = (signer.cert ? serialProblem(signer.cert.serial) : undefined) ?? signer.problem ?? signerRoleProblem(signer);
  if (own) return { reason: refused(signer, own) };
  let best: { depth: number; reason: string } | undefined;
  const note = (depth: number, reason: string): void => {
    if (!best || depth > best.depth) best = { depth, reason };
  };

  const extend = (chain: CertificateFacts[]): CertificateFacts[] | undefined => {
    const child = chain[chain.length - 1]!;
    const { candidates, mismatched } = issuerCandidates(child, pool);
    if (candidates.length === 0) {
      const issuer = `"${child.cert?.issuerName ?? '?'}"`;
      note(
        chain.length,
        refused(child, mismatched > 0 ? `no certificate named ${issuer} has the key its authority key identifier names` : `its issuer ${issuer} is neither a trust anchor nor among the certificates offered`),
      );
      return undefined;
    }
    for (const { facts, isAnchor } of candidates) {
      if (chain.some((c) => c.sha256 === facts.sha256)) {
        note(chain.length, `${facts.label} would appear twice in the path (certificates that sign each other)`);
        continue;
      }
      if (++budget.examined > LIMITS.maxCandidateChecks) return undefined;
      const problem = candidateProblem(facts, isAnchor, chain, at);
      if (problem) {
        note(chain.length, problem);
        continue;
      }
      const path = [...chain, facts];
      if (isAnchor) return path;
      if (path.length >= LIMITS.maxPathLength) {
        note(path.length, `the path would be longer than ${LIMITS.maxPathLength} certificates, the limit`);
        continue;
      }
      const found = extend(path);
      if (found || budget.examined > LIMITS.maxCandidateChecks) return found;
    }
    return undefined;
  };

  const path = extend([signer]);
  if (path) return { path };
  if (budget.examined > LIMITS.maxCandidateChecks) return { reason: `no path was found after examining ${LIMITS.maxCandidateChecks} candidate issuers, the limit`, exhausted: true };
  return { reason: best?.reason ?? refused(signer, 'no path to a trust anchor') };
}
