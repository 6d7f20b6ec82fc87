/**
 * Key algorithms as people read them, in both languages: `gost2012-256:cryptopro-a` is
 * «ГОСТ Р 34.10-2012, 256 бит (CryptoPro A)» / "GOST R 34.10-2012, 256-bit (CryptoPro A)".
 * The enrolment wizard, the renewal dialog, the certificate list, the token bar and the
 * key-recognition act all name algorithms through here. A name it does not know (a certificate's
 * "ECDSA P-384") is shown as it is.
 */
import type { Locale } from './locale.ts';

/** The parameter sets' names (the standard's own: CryptoPro's and TC 26's letters). */
const PARAMSETS: Record<string, Record<Locale, string>> = {
  'cryptopro-a': { en: 'CryptoPro A', ru: 'CryptoPro A' },
  'cryptopro-b': { en: 'CryptoPro B', ru: 'CryptoPro B' },
  'cryptopro-c': { en: 'CryptoPro C', ru: 'CryptoPro C' },
  'tc26-256-a': { en: 'TC 26 A', ru: 'ТК 26 A' },
  'tc26-512-a': { en: 'TC 26 A', ru: 'ТК 26 A' },
  'tc26-512-b': { en: 'TC 26 B', ru: 'ТК 26 B' },
  'tc26-512-c': { en: 'TC 26 C', ru: 'ТК 26 C' },
};

const PLAIN: Record<string, Record<Locale, string>> = {
  'ec-p256': { en: 'ECDSA P-256', ru: 'ECDSA P-256' },
  'ec-p384': { en: 'ECDSA P-384', ru: 'ECDSA P-384' },
  'rsa-2048': { en: 'RSA-2048', ru: 'RSA-2048' },
  'rsa-3072': { en: 'RSA-3072', ru: 'RSA-3072' },
};

const GOST: Record<Locale, (bits: string, set: string) => string> = {
  en: (bits, set) => `GOST R 34.10-2012, ${bits}-bit (${set})`,
  ru: (bits, set) => `ГОСТ Р 34.10-2012, ${bits} бит (${set})`,
};

/** The algorithm's name in words: `ec-p256`, `rsa-2048`, `gost2012-256:cryptopro-a`...; others as given. */
export function keyAlgorithmWords(locale: Locale, algorithm: string): string {
  const plain = PLAIN[algorithm];
  if (plain) return plain[locale];
  const gost = /^gost2012-(256|512)(?::(.+))?$/.exec(algorithm);
  if (gost) {
    const set = gost[2] ? PARAMSETS[gost[2]]?.[locale] : undefined;
    if (gost[2] && !set) return algorithm;
    return set ? GOST[locale](gost[1]!, set) : GOST[locale](gost[1]!, '').replace(/ \(\)$/, '');
  }
  return algorithm;
}

/** Several algorithms in words, as a list in a sentence ("-" for none). */
export function keyAlgorithmList(locale: Locale, algorithms: readonly string[]): string {
  return algorithms.length ? algorithms.map((a) => keyAlgorithmWords(locale, a)).join('; ') : '-';
}
