import { contextTag, derNull, oid, sequence, smallInteger } from '../der.ts';
import type { SignScheme } from '../pkcs11/mechanisms.ts';
import { OID } from './oids.ts';

export type Hash = 'SHA-256' | 'SHA-384';

export const hashOid = (hash: Hash): string => (hash === 'SHA-256' ? OID.sha256 : OID.sha384);
export const nodeHashName = (hash: Hash): string => (hash === 'SHA-256' ? 'sha256' : 'sha384');

/** AlgorithmIdentifier of a digest, with NULL parameters as pkijs and OpenSSL write them. */
export function digestAlgorithmDer(hash: Hash): Buffer {
  return sequence(oid(hashOid(hash)), derNull());
}

/** AlgorithmIdentifier of the signature in a SignerInfo. */
export function signatureAlgorithmDer(scheme: SignScheme, hash: Hash): Buffer {
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
      // GOST keys sign with Streebog, not SHA-2: their CMS algorithms come with issue 12's CMS part
      throw new Error(`No CMS signature algorithm for ${scheme} with ${hash} (GOST keys sign with Streebog)`);
  }
}
