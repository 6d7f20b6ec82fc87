import { contextTag, derNull, oid, sequence, smallInteger } from '../der.ts';
import { GOST_OID } from '../gost/asn1.ts';
import type { SignHash, SignScheme } from '../pkcs11/mechanisms.ts';
import { OID } from './oids.ts';

/** The hash of a CMS signature: SHA-2 for RSA and ECDSA keys, Streebog (GOST R 34.11-2012) for GOST keys. */
export type Hash = SignHash;

const HASH_OIDS: Record<Hash, string> = {
  'SHA-256': OID.sha256,
  'SHA-384': OID.sha384,
  'STREEBOG-256': GOST_OID.digest256,
  'STREEBOG-512': GOST_OID.digest512,
};

export const hashOid = (hash: Hash): string => HASH_OIDS[hash];
export const isStreebog = (hash: Hash): hash is 'STREEBOG-256' | 'STREEBOG-512' => hash.startsWith('STREEBOG');

/** Node's name of a SHA-2 hash; Streebog is not in Node's OpenSSL (digestOf computes it in TypeScript). */
export function nodeHashName(hash: Hash): string {
  if (hash === 'SHA-256') return 'sha256';
  if (hash === 'SHA-384') return 'sha384';
  throw new Error(`${hash} is not a hash of Node's crypto`);
}

/**
 * AlgorithmIdentifier of a digest: SHA-2 with NULL parameters as pkijs and OpenSSL write them,
 * Streebog without parameters (RFC 9215, and OpenSSL's gost engine).
 */
export function digestAlgorithmDer(hash: Hash): Buffer {
  return isStreebog(hash) ? sequence(oid(hashOid(hash))) : sequence(oid(hashOid(hash)), derNull());
}

/** AlgorithmIdentifier of the signature in a SignerInfo. */
export function signatureAlgorithmDer(scheme: SignScheme, hash: Hash): Buffer {
  if (isStreebog(hash) !== scheme.startsWith('gost')) throw new Error(`no CMS signature algorithm for ${scheme} with ${hash}`);
  switch (scheme) {
    case 'rsa-pkcs1':
      return sequence(oid(hash === 'SHA-256' ? OID.sha256WithRSA : OID.sha384WithRSA), derNull());
    case 'ecdsa':
      return sequence(oid(hash === 'SHA-256' ? OID.ecdsaWithSha256 : OID.ecdsaWithSha384));
    case 'rsa-pss': {
      const digest = digestAlgorithmDer(hash);
      const params = sequence(
        contextTag(0, digest),
        contextTag(1, sequence(oid(OID.mgf1), digest)),
        contextTag(2, smallInteger(hash === 'SHA-256' ? 32 : 48)),
      );
      return sequence(oid(OID.rsaPss), params);
    }
    case 'gost':
    case 'gost-hash-on-token':
      // id-tc26-signwithdigest-gost3410-12-256/512, no parameters (RFC 9215); OpenSSL accepts it
      if (hash === 'STREEBOG-256') return sequence(oid(GOST_OID.signWithDigest256));
      if (hash === 'STREEBOG-512') return sequence(oid(GOST_OID.signWithDigest512));
      throw new Error(`a GOST key signs with Streebog, not ${hash}`);
  }
}
