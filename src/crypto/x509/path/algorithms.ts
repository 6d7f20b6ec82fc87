import { constants, createHash, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { GOST_OID, decodeGostSpki, type GostPublicKey } from '../../gost/asn1.ts';
import { decodeSignature } from '../../gost/encoding.ts';
import { verifyDigest } from '../../gost/signature.ts';
import { streebog256, streebog512 } from '../../gost/streebog.ts';
import { children, isNull, oidText, single, type AlgorithmId } from './der-reader.ts';

/**
 * The algorithm allow-list: which public keys a certificate may carry, and which signature
 * algorithms may sign a certificate or a CMS signer info. Everything not here is refused
 * (DSA, SHA-1, P-192, explicit curves, RSA under 2048 bits, GOST R 34.10-2001 and GOST test
 * parameter sets). GOST R 34.10-2012 keys are checked in TypeScript (src/crypto/gost): Node's
 * OpenSSL has no GOST.
 */

export type KeyType = 'rsa' | 'ec' | 'gost-256' | 'gost-512';

export type PublicKey =
  | {
      type: 'rsa' | 'ec';
      key: KeyObject;
      /** e.g. "RSA-2048", "ECDSA P-256", for reasons. */
      description: string;
    }
  | { type: 'gost-256' | 'gost-512'; gost: GostPublicKey; description: string };

interface KeyAlgorithm {
  /** Checks the key against the policy; returns the key or throws saying why it is refused. */
  read(spki: Buffer, params: Buffer | undefined): PublicKey;
}

const CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384' };
const KNOWN_WEAK: Record<string, string> = {
  '1.2.840.10040.4.1': 'DSA',
  '1.2.840.10045.3.1.1': 'ECDSA P-192',
  '1.3.132.0.33': 'ECDSA P-224',
  '1.2.643.2.2.19': 'GOST R 34.10-2001 (withdrawn in 2019)',
};
const MIN_RSA_BITS = 2048;
/** Above these a key buys no security and costs the verifier: a 3072-bit exponent makes one check ~80x dearer. */
const MAX_RSA_BITS = 8192;
const MAX_RSA_EXPONENT = 2n ** 32n;

const KEY_ALGORITHMS: Record<string, KeyAlgorithm> = {
  '1.2.840.113549.1.1.1': {
    read(spki, params) {
      if (!isNull(params)) throw new Error('its RSA key algorithm parameters are not NULL');
      const key = nodeKey(spki);
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      const exponent = key.asymmetricKeyDetails?.publicExponent ?? 0n;
      if (bits < MIN_RSA_BITS) throw new Error(`its key is RSA-${bits}; at least RSA-${MIN_RSA_BITS} is required`);
      if (bits % 8 !== 0) throw new Error(`its RSA modulus is ${bits} bits, not a whole number of bytes`);
      if (bits > MAX_RSA_BITS) throw new Error(`its key is RSA-${bits}; at most RSA-${MAX_RSA_BITS} is accepted`);
      if (exponent < 3n || exponent % 2n === 0n) throw new Error(`its RSA public exponent ${exponent} is not an odd number above 1`);
      if (exponent >= MAX_RSA_EXPONENT) throw new Error(`its RSA public exponent is ${exponent.toString(2).length} bits long; at most 32 bits are accepted`);
      return { type: 'rsa', key, description: `RSA-${bits}` };
    },
  },
  '1.2.840.10045.2.1': {
    read(spki, params) {
      if (!params || params[0] !== 0x06) throw new Error('its EC key does not name its curve (explicit curve parameters are refused)');
      const curveOid = oidText(single(params, 0x06, 'the EC curve'), 'the EC curve');
      const curve = CURVES[curveOid];
      if (!curve) throw new Error(`its EC key is on ${KNOWN_WEAK[curveOid] ?? `curve ${curveOid}`}; only P-256 and P-384 are accepted`);
      return { type: 'ec', key: nodeKey(spki), description: `ECDSA ${curve}` };
    },
  },
  [GOST_OID.key256]: { read: (spki) => gostKey(spki) },
  [GOST_OID.key512]: { read: (spki) => gostKey(spki) },
};

/** A GOST R 34.10-2012 key: a bank parameter set of the key's length, a valid point, canonical DER (decodeGostSpki). */
function gostKey(spki: Buffer): PublicKey {
  let gost: GostPublicKey;
  try {
    gost = decodeGostSpki(spki);
  } catch (e) {
    throw new Error(`its GOST key cannot be read (${(e as Error).message})`, { cause: e });
  }
  return { type: gost.curve.bits === 256 ? 'gost-256' : 'gost-512', gost, description: `GOST R 34.10-2012 ${gost.curve.bits} (${gost.curve.name})` };
}

/** Reads a SubjectPublicKeyInfo under the key policy; throws saying why a key is refused. */
export function readPublicKey(spki: Buffer, algorithm: AlgorithmId): PublicKey {
  const kind = KEY_ALGORITHMS[algorithm.oid];
  if (!kind) throw new Error(`its key algorithm ${KNOWN_WEAK[algorithm.oid] ?? algorithm.oid} is not accepted`);
  return kind.read(spki, algorithm.params);
}

/** Node's own reading of the key; a key it cannot read is refused in plain words. */
function nodeKey(spki: Buffer): KeyObject {
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch (e) {
    throw new Error(`its public key cannot be read (${(e as Error).message})`, { cause: e });
  }
}

export type Hash = 'sha256' | 'sha384' | 'sha512' | 'streebog256' | 'streebog512';

export const DIGESTS: Record<string, Hash> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  [GOST_OID.digest256]: 'streebog256',
  [GOST_OID.digest512]: 'streebog512',
};
const HASH_BYTES: Record<Hash, number> = { sha256: 32, sha384: 48, sha512: 64, streebog256: 32, streebog512: 64 };

/** The digest of `data` with an allowed hash (Streebog in TypeScript, in OpenSSL's byte order). */
export function digestWith(hash: Hash, data: Uint8Array): Buffer {
  if (hash === 'streebog256') return Buffer.from(streebog256(data));
  if (hash === 'streebog512') return Buffer.from(streebog512(data));
  return createHash(hash).update(data).digest();
}

interface SignatureAlgorithm {
  name: string;
  keyType: KeyType;
  /**
   * The hash, from the parameters where the algorithm carries it (PSS), or from the CMS digest
   * algorithm where the identifier names only the key type (OpenSSL writes rsaEncryption in
   * signer infos). Throws on parameters that are not allowed.
   */
  hash(params: Buffer | undefined, digest: Hash | undefined): { hash: Hash; pssSalt?: number };
}

const fixed =
  (hash: Hash, nullParams: 'null-or-absent' | 'absent') =>
  (params: Buffer | undefined): { hash: Hash } => {
    if (params && !(nullParams === 'null-or-absent' && isNull(params))) throw new Error('unexpected algorithm parameters');
    return { hash };
  };

const fromDigest = (params: Buffer | undefined, digest: Hash | undefined): { hash: Hash } => {
  if (params && !isNull(params)) throw new Error('unexpected algorithm parameters');
  if (!digest) throw new Error('the algorithm names no hash');
  if (digest.startsWith('streebog')) throw new Error(`${digest} is GOST's hash, not one for this key`);
  return { hash: digest };
};

/**
 * A GOST key signs with the Streebog of its own length only. signWithDigest carries no
 * parameters (RFC 9215; NULL is read too). In CMS OpenSSL names the key algorithm instead, and
 * the signer info's digest must then be that same Streebog.
 */
const gostHash =
  (hash: 'streebog256' | 'streebog512') =>
  (params: Buffer | undefined, digest: Hash | undefined): { hash: Hash } => {
    if (params && !isNull(params)) throw new Error('unexpected algorithm parameters');
    if (digest !== undefined && digest !== hash) throw new Error(`the digest algorithm is ${digest}, the signature's is ${hash}`);
    return { hash };
  };

/** RSASSA-PSS-params (RFC 4055), with the hash and MGF1 hash the same allowed SHA-2 and the salt at least the hash's length. */
function pss(params: Buffer | undefined): { hash: Hash; pssSalt: number } {
  if (!params) throw new Error('RSASSA-PSS without parameters (SHA-1 by default) is refused');
  let hash: Hash | undefined;
  let mgfHash: Hash | undefined;
  let salt = 20;
  for (const field of children(single(params, 0x30, 'RSASSA-PSS parameters').content)) {
    const inner = (): Buffer => single(field.content, 0x30, 'an RSASSA-PSS algorithm').content;
    if (field.tag === 0xa0) hash = DIGESTS[oidText(children(inner())[0]!, 'PSS hash')];
    else if (field.tag === 0xa1) {
      const [mgf, mgfParams] = children(inner());
      if (!mgf || oidText(mgf, 'PSS mask generation') !== '1.2.840.113549.1.1.8' || !mgfParams || mgfParams.tag !== 0x30) throw new Error('the PSS mask generation is not MGF1');
      mgfHash = DIGESTS[oidText(children(mgfParams.content)[0]!, 'MGF1 hash')];
    } else if (field.tag === 0xa2) {
      const n = single(field.content, 0x02, 'PSS salt length').content;
      salt = n.length <= 4 ? n.readUIntBE(0, n.length) : Number.MAX_SAFE_INTEGER;
    } else if (field.tag === 0xa3) {
      const t = single(field.content, 0x02, 'PSS trailer').content;
      if (t.length !== 1 || t[0] !== 1) throw new Error('the PSS trailer field is not 1');
    } else throw new Error('unexpected RSASSA-PSS parameter');
  }
  if (!hash || hash !== mgfHash || hash.startsWith('streebog')) throw new Error('RSASSA-PSS must use the same SHA-256, SHA-384 or SHA-512 for the hash and MGF1');
  if (salt < HASH_BYTES[hash]) throw new Error(`the PSS salt (${salt} bytes) is shorter than the hash`);
  return { hash, pssSalt: salt };
}

const SIGNATURE_ALGORITHMS: Record<string, SignatureAlgorithm & { inCertificates: boolean }> = {
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', keyType: 'rsa', inCertificates: true, hash: fixed('sha256', 'null-or-absent') },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', keyType: 'rsa', inCertificates: true, hash: fixed('sha384', 'null-or-absent') },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', keyType: 'rsa', inCertificates: true, hash: fixed('sha512', 'null-or-absent') },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', keyType: 'rsa', inCertificates: true, hash: pss },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', keyType: 'ec', inCertificates: true, hash: fixed('sha256', 'absent') },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', keyType: 'ec', inCertificates: true, hash: fixed('sha384', 'absent') },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', keyType: 'ec', inCertificates: true, hash: fixed('sha512', 'absent') },
  // CMS only: the identifier names the key type, the signer info's digest algorithm the hash
  '1.2.840.113549.1.1.1': { name: 'rsaEncryption', keyType: 'rsa', inCertificates: false, hash: fromDigest },
  '1.2.840.10045.2.1': { name: 'ecPublicKey', keyType: 'ec', inCertificates: false, hash: fromDigest },
  [GOST_OID.signWithDigest256]: { name: 'GOST R 34.10-2012 256 with Streebog-256', keyType: 'gost-256', inCertificates: true, hash: gostHash('streebog256') },
  [GOST_OID.signWithDigest512]: { name: 'GOST R 34.10-2012 512 with Streebog-512', keyType: 'gost-512', inCertificates: true, hash: gostHash('streebog512') },
  [GOST_OID.key256]: { name: 'GOST R 34.10-2012 256', keyType: 'gost-256', inCertificates: false, hash: gostHash('streebog256') },
  [GOST_OID.key512]: { name: 'GOST R 34.10-2012 512', keyType: 'gost-512', inCertificates: false, hash: gostHash('streebog512') },
};

const REFUSED_SIGNATURES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption (SHA-1)',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption (MD5)',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1 (SHA-1)',
  '1.2.840.10040.4.3': 'dsa-with-SHA1 (DSA)',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256 (DSA)',
  '1.2.643.2.2.3': 'GOST R 34.11/34.10-2001 (withdrawn in 2019)',
};

export interface SignatureCheck {
  /** Why the algorithm is refused for this key, if it is. */
  problem?: string;
  /** The algorithm is not on the allow-list at all (rather than wrong for this key or badly parameterised). */
  unknown?: boolean;
  verify?: (data: Buffer, signature: Buffer) => boolean;
}

/**
 * Prepares a signature check: the algorithm must be allowed here, fit the signer's key type, and
 * carry allowed parameters. `digest` is the CMS digest algorithm, for identifiers without a hash.
 */
export function signatureCheck(algorithm: Pick<AlgorithmId, 'oid' | 'params'>, key: PublicKey, where: 'certificate' | 'cms', digest?: Hash): SignatureCheck {
  const alg = SIGNATURE_ALGORITHMS[algorithm.oid];
  if (!alg || (where === 'certificate' && !alg.inCertificates)) return { problem: `the signature algorithm ${REFUSED_SIGNATURES[algorithm.oid] ?? algorithm.oid} is not accepted`, unknown: true };
  if (alg.keyType !== key.type) return { problem: `the signature algorithm ${alg.name} does not fit the signer's ${key.description} key` };
  // Streebog is GOST's hash only: adding it to DIGESTS (issue 12) must not let an RSA or ECDSA signer
  // with an algorithm that names its own SHA-2 bind the content with Streebog, which was refused
  // before (red-team issue 12; rsaEncryption and ecPublicKey refuse it in fromDigest already)
  if (!alg.keyType.startsWith('gost') && digest?.startsWith('streebog')) return { problem: `${alg.name}: ${digest} is GOST's hash, not one for this key` };
  let params: { hash: Hash; pssSalt?: number };
  try {
    params = alg.hash(algorithm.params, digest);
  } catch (e) {
    return { problem: `${alg.name}: ${(e as Error).message}` };
  }
  if ('gost' in key) {
    const { curve, Q } = key.gost;
    const hash = params.hash;
    return {
      verify: (data, signature) => {
        if (signature.length !== 2 * curve.size) return false;
        try {
          return verifyDigest(curve, Q, digestWith(hash, data), decodeSignature(curve, signature));
        } catch {
          return false;
        }
      },
    };
  }
  const options =
    params.pssSalt !== undefined
      ? { key: key.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.pssSalt }
      : key.type === 'rsa'
        ? { key: key.key, padding: constants.RSA_PKCS1_PADDING }
        : { key: key.key, dsaEncoding: 'der' as const };
  return {
    verify: (data, signature) => {
      try {
        return nodeVerify(params.hash, data, options, signature);
      } catch {
        return false; // a malformed signature value is simply not a valid signature
      }
    },
  };
}
