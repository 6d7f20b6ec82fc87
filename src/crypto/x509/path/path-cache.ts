import { createHash } from 'node:crypto';
import { CACHE_SIZES, boundedSet } from './limits.ts';

/**
 * Path results by the bytes of every certificate involved: the key hashes the SHA-256 of the
 * signer's certificate, of each offered certificate and of each trust anchor, each group in a
 * fixed order (a signer with one anchor and nothing offered: the two hashes themselves, which
 * no SHA-256 hex can be mistaken for). A success holds for the window in which every
 * certificate above the signer is valid; a failure only for the second it was found at (it may
 * differ at another time).
 */
export interface CachedPath {
  reason?: string;
  /** The path's certificates by hash, signer first. */
  path?: string[];
  from: number;
  to: number;
}

const paths = new Map<string, CachedPath>();

export function clearPathCache(): void {
  paths.clear();
}

export function pathCacheKey(signer: string, offered: string[], anchors: string[]): string {
  // the bank's own case, a signer and one anchor, needs no second hash: both hashes are the key
  if (offered.length === 0 && anchors.length === 1) return `signer:${signer} anchor:${anchors[0]}`;
  const h = createHash('sha256').update(`signer:${signer}\n`);
  for (const o of [...new Set(offered)].sort()) h.update(`offered:${o}\n`);
  for (const a of [...new Set(anchors)].sort()) h.update(`anchor:${a}\n`);
  return h.digest('hex');
}

export function cachedPath(key: string, at: number): CachedPath | undefined {
  const hit = paths.get(key);
  return hit && at >= hit.from && at <= hit.to ? hit : undefined;
}

export function rememberPath(key: string, result: CachedPath): void {
  boundedSet(paths, key, result, CACHE_SIZES.paths);
}
