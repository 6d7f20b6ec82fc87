/**
 * Which key algorithms of the app's choice (src/shared/ipc/areas/certificates.ts) a token can
 * generate, from its C_GetMechanismList: RSA-2048 with CKM_RSA_PKCS_KEY_PAIR_GEN, ECDSA P-256
 * with CKM_EC_KEY_PAIR_GEN, GOST R 34.10-2012 where gostOffers finds generation and signing for
 * the size. A mechanism list does not say which curve parameter sets a GOST token accepts: every
 * set of an offered size is offered, except on a token known to take fewer (KNOWN_PARAMSETS).
 */
import pkcs11 from 'pkcs11js';
import { gostOffers } from '../../crypto/pkcs11/gost-mechanisms.ts';
import { KEY_ALGORITHM_CHOICES, type KeyAlgorithmChoice } from '../../shared/key-algorithm-choices.ts';

/**
 * Tokens whose GOST key generation takes fewer parameter sets than their mechanisms suggest, by
 * manufacturer. SoftHSM2 2.6 (built with GOST) generates CryptoPro A keys only: C_GenerateKeyPair
 * with CryptoPro B or TC 26 A fails with CKR_GENERAL_ERROR (tried on the CI token, issue 12).
 */
const KNOWN_PARAMSETS: { manufacturer: RegExp; allowed: readonly KeyAlgorithmChoice[] }[] = [{ manufacturer: /^SoftHSM/i, allowed: ['gost2012-256:cryptopro-a'] }];

export function keyAlgorithmsFor(mechanisms: readonly number[], token: { manufacturer: string }): KeyAlgorithmChoice[] {
  const has = new Set(mechanisms.map((m) => m >>> 0));
  const gost = new Set(gostOffers(mechanisms).map((o) => o.algorithm));
  const limit = KNOWN_PARAMSETS.find((k) => k.manufacturer.test(token.manufacturer));
  return KEY_ALGORITHM_CHOICES.filter((a) => {
    if (a === 'rsa-2048') return has.has(pkcs11.CKM_RSA_PKCS_KEY_PAIR_GEN);
    if (a === 'ec-p256') return has.has(pkcs11.CKM_EC_KEY_PAIR_GEN);
    const size = a.startsWith('gost2012-512') ? 'gost2012-512' : 'gost2012-256';
    if (!gost.has(size)) return false;
    return !limit || limit.allowed.includes(a);
  });
}
