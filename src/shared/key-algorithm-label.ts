/**
 * How a key algorithm is shown to people: `gost2012-256:cryptopro-a` → `gost2012-256 (CryptoPro-A)`,
 * `gost2012-512:tc26-512-b` → `gost2012-512 (TC26-512-B)`; other names as they are. A pure string
 * function here in shared, so the CLI and the UI can use it without importing src/crypto.
 */
export function algorithmLabel(algorithm: string): string {
  const m = /^(gost2012-\d+):(.+)$/.exec(algorithm);
  if (!m) return algorithm;
  const set = m[2]!.replace(/^cryptopro-/, 'CryptoPro-').replace(/^tc26-/, 'TC26-').replace(/-([a-z])$/, (x) => x.toUpperCase());
  return `${m[1]} (${set})`;
}
