import pkcs11 from 'pkcs11js';
import { TokenError } from './errors.ts';
import { gostMechanismName } from './gost-mechanisms.ts';

/** Key algorithms a key can be generated with. GOST joins them with the token layer's GOST work (issue 12); its constants are in gost-mechanisms.ts. */
export type KeyAlgorithm = 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'rsa-3072';

export type KeySpec =
  | { kind: 'ec'; curve: 'P-256' | 'P-384'; curveOid: string; paramsDer: Buffer; hash: 'SHA-256' | 'SHA-384'; fieldBytes: number }
  | { kind: 'rsa'; bits: number; hash: 'SHA-256' };

export const KEY_ALGORITHMS: Record<KeyAlgorithm, KeySpec> = {
  'ec-p256': {
    kind: 'ec',
    curve: 'P-256',
    curveOid: '1.2.840.10045.3.1.7',
    paramsDer: Buffer.from('06082a8648ce3d030107', 'hex'),
    hash: 'SHA-256',
    fieldBytes: 32,
  },
  'ec-p384': {
    kind: 'ec',
    curve: 'P-384',
    curveOid: '1.3.132.0.34',
    paramsDer: Buffer.from('06052b81040022', 'hex'),
    hash: 'SHA-384',
    fieldBytes: 48,
  },
  'rsa-2048': { kind: 'rsa', bits: 2048, hash: 'SHA-256' },
  'rsa-3072': { kind: 'rsa', bits: 3072, hash: 'SHA-256' },
};

export function keyAlgorithm(value: string): KeyAlgorithm {
  if (value in KEY_ALGORITHMS) return value as KeyAlgorithm;
  throw new TokenError('algorithm.unknown', { value, allowed: Object.keys(KEY_ALGORITHMS).join(', ') });
}

/** The algorithm of an EC key from its CKA_EC_PARAMS (a DER OID). */
export function ecAlgorithmFromParams(params: Buffer): KeyAlgorithm | undefined {
  return (Object.keys(KEY_ALGORITHMS) as KeyAlgorithm[]).find((k) => {
    const spec = KEY_ALGORITHMS[k];
    return spec.kind === 'ec' && spec.paramsDer.equals(params);
  });
}

export function rsaAlgorithmFromBits(bits: number): KeyAlgorithm | undefined {
  return bits === 2048 ? 'rsa-2048' : bits === 3072 ? 'rsa-3072' : undefined;
}

/**
 * Signature mechanisms over a digest computed outside the token: we hash once in Node (the
 * content digest and the signed attributes), so the token signs only a short value.
 * RSA PKCS#1 v1.5 signs DigestInfo(hash); RSA-PSS and ECDSA sign the bare hash.
 */
export const DIGEST_INFO_PREFIX: Record<'SHA-256' | 'SHA-384', Buffer> = {
  'SHA-256': Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  'SHA-384': Buffer.from('3041300d060960864801650304020205000430', 'hex'),
};

export type SignScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';

export function signMechanism(scheme: SignScheme, hash: 'SHA-256' | 'SHA-384'): pkcs11.Mechanism {
  switch (scheme) {
    case 'rsa-pkcs1':
      return { mechanism: pkcs11.CKM_RSA_PKCS };
    case 'ecdsa':
      return { mechanism: pkcs11.CKM_ECDSA };
    case 'rsa-pss':
      return {
        mechanism: pkcs11.CKM_RSA_PKCS_PSS,
        parameter: <pkcs11.RsaPSS>{
          type: pkcs11.CK_PARAMS_RSA_PSS,
          hashAlg: hash === 'SHA-256' ? pkcs11.CKM_SHA256 : pkcs11.CKM_SHA384,
          mgf: hash === 'SHA-256' ? pkcs11.CKG_MGF1_SHA256 : pkcs11.CKG_MGF1_SHA384,
          saltLen: hash === 'SHA-256' ? 32 : 48,
        },
      };
  }
}

/** The input the token signs for a scheme, given the digest. */
export function signInput(scheme: SignScheme, hash: 'SHA-256' | 'SHA-384', digest: Buffer): Buffer {
  return scheme === 'rsa-pkcs1' ? Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]) : digest;
}

/** A readable name for a mechanism number, for errors. */
export function mechanismName(value: number): string {
  const gost = gostMechanismName(value); // the GOST table (standard and TC26 values): gost-mechanisms.ts
  if (gost) return gost;
  for (const [name, v] of Object.entries(pkcs11)) if (name.startsWith('CKM_') && v === value) return name;
  return `0x${value.toString(16)}`;
}
