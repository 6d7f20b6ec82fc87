/**
 * Bounds on the work one path validation may do, so that any input, however hostile, is
 * answered in milliseconds. The bank's own paths are signer -> CA (two certificates).
 */
export const LIMITS = {
  /** Certificates in a path, the signer's and the trust anchor included. */
  maxPathLength: 6,
  /** Certificates a signature may offer as possible intermediates. */
  maxOfferedCertificates: 24,
  /** Trust anchors one validation may be given. */
  maxAnchors: 64,
  /** Issuer candidates examined (each costs at most one signature check) in one validation. */
  maxCandidateChecks: 64,
} as const;

/** Sizes of the caches of verification results (each entry is small). */
export const CACHE_SIZES = {
  certificates: 4096,
  links: 8192,
  paths: 8192,
} as const;

/** Removes the oldest entries of a Map used as a bounded cache (Maps keep insertion order). */
export function boundedSet<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}
