import pkcs11 from 'pkcs11js';
import { oid } from '../der.ts';
import { GOST_CURVES, type GostCurve, type GostCurveName } from '../gost/curves.ts';
import { algorithmLabel } from '../../shared/key-algorithm-label.ts';
import { TokenError } from './errors.ts';
import { GOST, gostMechanismName } from './gost-mechanisms.ts';

/** GOST R 34.10-2012 parameter sets a key can be generated with, by key size (the list). */
export const GOST_256_PARAMSETS = ['cryptopro-a', 'cryptopro-b', 'cryptopro-c', 'tc26-256-a'] as const satisfies readonly GostCurveName[];
export const GOST_512_PARAMSETS = ['tc26-512-a', 'tc26-512-b', 'tc26-512-c'] as const satisfies readonly GostCurveName[];
export type Gost256ParamSet = (typeof GOST_256_PARAMSETS)[number];
export type Gost512ParamSet = (typeof GOST_512_PARAMSETS)[number];

/**
 * Key algorithms a key can be generated with. A GOST algorithm always names its parameter set
 * (`gost2012-256:cryptopro-a`); `keyAlgorithm('gost2012-256')` gives the default set. The
 * mechanism and attribute constants are in gost-mechanisms.ts.
 */
export type KeyAlgorithm = 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'rsa-3072' | `gost2012-256:${Gost256ParamSet}` | `gost2012-512:${Gost512ParamSet}`;

/** The parameter set `gost2012-256` / `gost2012-512` alone stands for. */
export const GOST_DEFAULT_PARAMSET = { 256: 'cryptopro-a', 512: 'tc26-512-a' } as const;

/** GOST R 34.11-2012 (Streebog) OIDs, the CKA_GOSTR3411_PARAMS of a 2012 key. */
export const STREEBOG_OID = { 256: '1.2.643.7.1.1.2.2', 512: '1.2.643.7.1.1.2.3' } as const;

export type KeySpec =
  | { kind: 'ec'; curve: 'P-256' | 'P-384'; curveOid: string; paramsDer: Buffer; hash: 'SHA-256' | 'SHA-384'; fieldBytes: number }
  | { kind: 'rsa'; bits: number; hash: 'SHA-256' }
  | {
      kind: 'gost';
      bits: 256 | 512;
      curve: GostCurve;
      /** CKA_GOSTR3410_PARAMS: the DER OID of the parameter set. */
      paramsDer: Buffer;
      /** CKA_GOSTR3411_PARAMS: the DER OID of Streebog-256 or -512. */
      hashParamsDer: Buffer;
      hash: 'STREEBOG-256' | 'STREEBOG-512';
    };

function gostSpec(bits: 256 | 512, name: GostCurveName): KeySpec {
  const curve = GOST_CURVES[name];
  return { kind: 'gost', bits, curve, paramsDer: oid(curve.oid), hashParamsDer: oid(STREEBOG_OID[bits]), hash: bits === 256 ? 'STREEBOG-256' : 'STREEBOG-512' };
}

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
  'gost2012-256:cryptopro-a': gostSpec(256, 'cryptopro-a'),
  'gost2012-256:cryptopro-b': gostSpec(256, 'cryptopro-b'),
  'gost2012-256:cryptopro-c': gostSpec(256, 'cryptopro-c'),
  'gost2012-256:tc26-256-a': gostSpec(256, 'tc26-256-a'),
  'gost2012-512:tc26-512-a': gostSpec(512, 'tc26-512-a'),
  'gost2012-512:tc26-512-b': gostSpec(512, 'tc26-512-b'),
  'gost2012-512:tc26-512-c': gostSpec(512, 'tc26-512-c'),
};

/** The allowed spellings, for messages: `ec-p256, …, gost2012-256[:cryptopro-a|…], gost2012-512[:tc26-512-a|…]`. */
export function allowedKeyAlgorithms(): string {
  const plain = (Object.keys(KEY_ALGORITHMS) as KeyAlgorithm[]).filter((k) => !k.startsWith('gost'));
  return [...plain, `gost2012-256[:${GOST_256_PARAMSETS.join('|')}]`, `gost2012-512[:${GOST_512_PARAMSETS.join('|')}]`].join(', ');
}

/**
 * The algorithm a user named: the exact name, or for GOST `gost2012-256` / `gost2012-512` with an
 * optional `:paramset` in any letter case (`gost2012-256` = `gost2012-256:cryptopro-a`).
 */
export function keyAlgorithm(value: string): KeyAlgorithm {
  const v = value.trim().toLowerCase();
  const gost = /^(gost2012-(256|512))(?::(.+))?$/.exec(v);
  const name = gost ? `${gost[1]}:${gost[3] ?? GOST_DEFAULT_PARAMSET[Number(gost[2]) as 256 | 512]}` : v;
  if (Object.prototype.hasOwnProperty.call(KEY_ALGORITHMS, name)) return name as KeyAlgorithm;
  throw new TokenError('algorithm.unknown', { value, allowed: allowedKeyAlgorithms() });
}

/** How a key's algorithm is shown (`gost2012-256 (CryptoPro-A)`): src/shared, for the CLI and UI too. */
export { algorithmLabel };

/** The algorithm of an EC key from its CKA_EC_PARAMS (a DER OID). */
export function ecAlgorithmFromParams(params: Buffer): KeyAlgorithm | undefined {
  return (Object.keys(KEY_ALGORITHMS) as KeyAlgorithm[]).find((k) => {
    const spec = KEY_ALGORITHMS[k];
    return spec.kind === 'ec' && spec.paramsDer.equals(params);
  });
}

/** The algorithm of a GOST key from its curve (read from CKA_GOSTR3410_PARAMS, aliases included). */
export function gostAlgorithmFromCurve(curve: GostCurve): KeyAlgorithm | undefined {
  return (Object.keys(KEY_ALGORITHMS) as KeyAlgorithm[]).find((k) => {
    const spec = KEY_ALGORITHMS[k];
    return spec.kind === 'gost' && spec.curve === curve;
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

/**
 * How a key signs. `gost` is the raw GOST R 34.10 mechanism over a Streebog digest computed here
 * (CKM_GOSTR3410 for 256-bit keys, TC26 CKM_GOSTR3410_512 for 512); `gost-hash-on-token` is the
 * TC26 combined mechanism (CKM_GOSTR3410_WITH_GOSTR3411_12_256/512) whose input is the message
 * itself, for tokens that have no raw one. Both return the signature as PKCS#11 defines it:
 * s‖r, big-endian (src/crypto/gost/encoding.ts decodes it).
 */
export type SignScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'gost' | 'gost-hash-on-token';

/** The hash a scheme goes with: SHA-2 for RSA and ECDSA, Streebog (GOST R 34.11-2012) for GOST keys. */
export type SignHash = 'SHA-256' | 'SHA-384' | 'STREEBOG-256' | 'STREEBOG-512';

export function signMechanism(scheme: SignScheme, hash: SignHash): pkcs11.Mechanism {
  switch (scheme) {
    case 'rsa-pkcs1':
      return { mechanism: pkcs11.CKM_RSA_PKCS };
    case 'ecdsa':
      return { mechanism: pkcs11.CKM_ECDSA };
    case 'gost':
      return { mechanism: streebogBits(scheme, hash) === 256 ? GOST.CKM_GOSTR3410.value : GOST.CKM_GOSTR3410_512.value };
    case 'gost-hash-on-token':
      return {
        mechanism: streebogBits(scheme, hash) === 256 ? GOST.CKM_GOSTR3410_WITH_GOSTR3411_12_256.value : GOST.CKM_GOSTR3410_WITH_GOSTR3411_12_512.value,
      };
    case 'rsa-pss':
      if (hash !== 'SHA-256' && hash !== 'SHA-384') throw new TokenError('mechanism.unsupported', { mechanism: `RSA-PSS with ${hash}` });
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

function streebogBits(scheme: SignScheme, hash: SignHash): 256 | 512 {
  if (hash === 'STREEBOG-256') return 256;
  if (hash === 'STREEBOG-512') return 512;
  throw new TokenError('mechanism.unsupported', { mechanism: `${scheme} with ${hash}` });
}

/**
 * The input the token signs for a scheme: the digest (DigestInfo around it for RSA PKCS#1 v1.5),
 * or for `gost-hash-on-token` the message itself, which the token hashes.
 */
export function signInput(scheme: SignScheme, hash: SignHash, digestOrMessage: Buffer): Buffer {
  if (scheme !== 'rsa-pkcs1') return digestOrMessage;
  if (hash !== 'SHA-256' && hash !== 'SHA-384') throw new TokenError('mechanism.unsupported', { mechanism: `RSA PKCS#1 with ${hash}` });
  return Buffer.concat([DIGEST_INFO_PREFIX[hash], digestOrMessage]);
}

/** A readable name for a mechanism number, for errors. */
export function mechanismName(value: number): string {
  const gost = gostMechanismName(value); // the GOST table (standard and TC26 values): gost-mechanisms.ts
  if (gost) return gost;
  for (const [name, v] of Object.entries(pkcs11)) if (name.startsWith('CKM_') && v === value) return name;
  return `0x${value.toString(16)}`;
}
