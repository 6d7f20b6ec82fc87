import pkcs11 from 'pkcs11js';
import { gostCurveByOid } from '../gost/curves.ts';
import { streebog256, streebog512 } from '../gost/streebog.ts';
import { ckrOf, TokenError } from './errors.ts';
import { GOST, gostOffers, type GostOffer } from './gost-mechanisms.ts';
import {
  KEY_ALGORITHMS,
  algorithmLabel,
  ecAlgorithmFromParams,
  gostAlgorithmFromCurve,
  mechanismName,
  rsaAlgorithmFromBits,
  signInput,
  signMechanism,
  type KeyAlgorithm,
  type SignHash,
  type SignScheme,
} from './mechanisms.ts';
import { attrBool, attrText, attrUlong, findObjects, readAttributes } from './objects.ts';
import { decodeOidDer, keyIdFor, spkiFromTokenKey, unwrapEcPoint, type TokenPublicKey } from './public-key.ts';
import type { TokenSession } from './session.ts';

/** A key pair on the token, as listed to users and used for signing. */
export interface TokenKey {
  /** CKA_ID in hex: SHA-1 of the public key. */
  id: string;
  label: string;
  algorithm: KeyAlgorithm | 'unsupported';
  publicKey: TokenPublicKey;
  /** SubjectPublicKeyInfo, DER. */
  spki: Buffer;
  privateKey?: Buffer;
  publicKeyHandle?: Buffer;
  /** Protection attributes of the private key as the token reports them. */
  sensitive?: boolean;
  extractable?: boolean;
  alwaysSensitive?: boolean;
  neverExtractable?: boolean;
}

function algorithmOf(pub: TokenPublicKey): KeyAlgorithm | 'unsupported' {
  if (pub.kind === 'ec') return ecAlgorithmFromParams(pub.params) ?? 'unsupported';
  if (pub.kind === 'gost') {
    let curve;
    try {
      curve = gostCurveByOid(decodeOidDer(pub.params));
    } catch {
      return 'unsupported';
    }
    // the key size is the value's: 64 bytes for 256-bit keys, 128 for 512
    return curve && curve.size * 2 === pub.value.length ? (gostAlgorithmFromCurve(curve) ?? 'unsupported') : 'unsupported';
  }
  return rsaAlgorithmFromBits(pub.modulus.length * 8) ?? 'unsupported';
}

function readPublicKey(session: TokenSession, obj: Buffer): TokenPublicKey | undefined {
  const a = readAttributes(session, obj, [pkcs11.CKA_KEY_TYPE, pkcs11.CKA_MODULUS, pkcs11.CKA_PUBLIC_EXPONENT, pkcs11.CKA_EC_PARAMS, pkcs11.CKA_EC_POINT]);
  const type = attrUlong(a.get(pkcs11.CKA_KEY_TYPE));
  if (type === pkcs11.CKK_RSA && a.has(pkcs11.CKA_MODULUS)) {
    return { kind: 'rsa', modulus: a.get(pkcs11.CKA_MODULUS)!, exponent: a.get(pkcs11.CKA_PUBLIC_EXPONENT) ?? Buffer.from([1, 0, 1]) };
  }
  if (type === pkcs11.CKK_EC && a.has(pkcs11.CKA_EC_POINT)) {
    return { kind: 'ec', params: a.get(pkcs11.CKA_EC_PARAMS)!, point: unwrapEcPoint(a.get(pkcs11.CKA_EC_POINT)!) };
  }
  if (type === GOST.CKK_GOSTR3410.value || type === GOST.CKK_GOSTR3410_512.value) {
    const g = readAttributes(session, obj, [pkcs11.CKA_VALUE, GOST.CKA_GOSTR3410_PARAMS.value, GOST.CKA_GOSTR3411_PARAMS.value]);
    const value = g.get(pkcs11.CKA_VALUE);
    const params = g.get(GOST.CKA_GOSTR3410_PARAMS.value);
    if (!value || !params) return undefined;
    const hashParams = g.get(GOST.CKA_GOSTR3411_PARAMS.value);
    return hashParams ? { kind: 'gost', params, hashParams, value } : { kind: 'gost', params, value };
  }
  return undefined;
}

/** Key pairs as the token holds them now; runs inside the token's queue (callers hold it). */
function collectKeys(session: TokenSession): TokenKey[] {
  const pairs = new Map<string, TokenKey>();
  for (const obj of findObjects(session, [{ type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PUBLIC_KEY }])) {
    const pub = readPublicKey(session, obj);
    if (!pub) continue;
    const a = readAttributes(session, obj, [pkcs11.CKA_ID, pkcs11.CKA_LABEL]);
    const id = a.get(pkcs11.CKA_ID)?.toString('hex') ?? '';
    // keys without CKA_ID (made by other tools) must not merge into one: keep each by its handle
    pairs.set(id || `handle:${obj.toString('hex')}`, {
      id,
      label: attrText(a.get(pkcs11.CKA_LABEL)),
      algorithm: algorithmOf(pub),
      publicKey: pub,
      spki: spkiFromTokenKey(pub),
      publicKeyHandle: obj,
    });
  }
  for (const obj of findObjects(session, [{ type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PRIVATE_KEY }])) {
    const a = readAttributes(session, obj, [
      pkcs11.CKA_ID,
      pkcs11.CKA_LABEL,
      pkcs11.CKA_MODULUS,
      pkcs11.CKA_SENSITIVE,
      pkcs11.CKA_EXTRACTABLE,
      pkcs11.CKA_ALWAYS_SENSITIVE,
      pkcs11.CKA_NEVER_EXTRACTABLE,
    ]);
    const id = a.get(pkcs11.CKA_ID)?.toString('hex') ?? '';
    const modulus = a.get(pkcs11.CKA_MODULUS);
    // pair by CKA_ID; an RSA key without one by its modulus; otherwise it cannot be used here
    const key = id
      ? pairs.get(id)
      : modulus
        ? [...pairs.values()].find((k) => !k.id && k.publicKey.kind === 'rsa' && k.publicKey.modulus.equals(modulus) && !k.privateKey)
        : undefined;
    if (!key) continue;
    key.privateKey = obj;
    key.label ||= attrText(a.get(pkcs11.CKA_LABEL));
    key.sensitive = attrBool(a.get(pkcs11.CKA_SENSITIVE));
    key.extractable = attrBool(a.get(pkcs11.CKA_EXTRACTABLE));
    key.alwaysSensitive = attrBool(a.get(pkcs11.CKA_ALWAYS_SENSITIVE));
    key.neverExtractable = attrBool(a.get(pkcs11.CKA_NEVER_EXTRACTABLE));
  }
  // object order differs between sessions; list in a stable order
  return [...pairs.values()].sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
}

/**
 * Key pairs on the token, paired by CKA_ID. Private keys are visible only after login; a
 * public key without its private half is still listed.
 */
export function listKeys(session: TokenSession): Promise<TokenKey[]> {
  return session.run('C_FindObjects', () => collectKeys(session));
}

/** The key named by its CKA_ID (hex) or its label. */
export async function findKey(session: TokenSession, query: string): Promise<TokenKey> {
  const keys = await listKeys(session);
  const wanted = query.toLowerCase().replace(/[:\s]/g, '');
  const byId = wanted ? keys.find((k) => k.id === wanted) : undefined;
  if (byId) return byId;
  const byLabel = keys.filter((k) => k.label === query);
  if (byLabel.length === 1) return byLabel[0]!;
  if (byLabel.length > 1) throw new TokenError('key.ambiguous', { query, ids: byLabel.map((k) => k.id).join(', ') });
  throw new TokenError('key.not-found', {
    query,
    token: session.token.label,
    present: keys.map((k) => `${k.label || '(no label)'} ${k.id}`).join(', ') || '-',
  });
}

/**
 * Generates a key pair on the token. The private key is token-resident, private, sensitive and
 * never extractable; CKA_ID is set to SHA-1 of the public key once the token has made it.
 */
export async function generateKey(session: TokenSession, algorithm: KeyAlgorithm, label: string): Promise<TokenKey> {
  const spec = KEY_ALGORITHMS[algorithm];
  // GOST: 256-bit keys keep the 2001 key type and mechanism (TC26), 512-bit ones are TC26's
  const keyType =
    spec.kind === 'rsa' ? pkcs11.CKK_RSA : spec.kind === 'ec' ? pkcs11.CKK_EC : spec.bits === 256 ? GOST.CKK_GOSTR3410.value : GOST.CKK_GOSTR3410_512.value;
  const common = [
    { type: pkcs11.CKA_TOKEN, value: true },
    { type: pkcs11.CKA_LABEL, value: label },
  ];
  const publicTemplate: pkcs11.Template = [
    ...common,
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PUBLIC_KEY },
    { type: pkcs11.CKA_PRIVATE, value: false },
    { type: pkcs11.CKA_VERIFY, value: true },
    { type: pkcs11.CKA_ENCRYPT, value: false },
    { type: pkcs11.CKA_WRAP, value: false },
    { type: pkcs11.CKA_KEY_TYPE, value: keyType },
    ...(spec.kind === 'rsa'
      ? [
          { type: pkcs11.CKA_MODULUS_BITS, value: spec.bits },
          { type: pkcs11.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
        ]
      : spec.kind === 'ec'
        ? [{ type: pkcs11.CKA_EC_PARAMS, value: spec.paramsDer }]
        : [
            // the parameter set, and Streebog as the key's hash: what makes it a 2012 key
            { type: GOST.CKA_GOSTR3410_PARAMS.value, value: spec.paramsDer },
            { type: GOST.CKA_GOSTR3411_PARAMS.value, value: spec.hashParamsDer },
          ]),
  ];
  const privateTemplate: pkcs11.Template = [
    ...common,
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PRIVATE_KEY },
    { type: pkcs11.CKA_KEY_TYPE, value: keyType },
    { type: pkcs11.CKA_PRIVATE, value: true },
    { type: pkcs11.CKA_SENSITIVE, value: true },
    { type: pkcs11.CKA_EXTRACTABLE, value: false },
    { type: pkcs11.CKA_SIGN, value: true },
    // A signing key does nothing else: no decryption, unwrapping or derivation.
    { type: pkcs11.CKA_DECRYPT, value: false },
    { type: pkcs11.CKA_UNWRAP, value: false },
    { type: pkcs11.CKA_DERIVE, value: false },
  ];
  const mechanism = {
    mechanism:
      spec.kind === 'rsa'
        ? pkcs11.CKM_RSA_PKCS_KEY_PAIR_GEN
        : spec.kind === 'ec'
          ? pkcs11.CKM_EC_KEY_PAIR_GEN
          : spec.bits === 256
            ? GOST.CKM_GOSTR3410_KEY_PAIR_GEN.value
            : GOST.CKM_GOSTR3410_512_KEY_PAIR_GEN.value,
  };
  const mechanismText = `${mechanismName(mechanism.mechanism)} (${algorithm})`;
  // One queued operation from the label check to the CKA_ID: no other caller can take the label
  // in between, and a pair that cannot be completed is destroyed rather than left behind.
  return session.run(
    'C_GenerateKeyPair',
    async () => {
      if (collectKeys(session).some((k) => k.label === label)) throw new TokenError('key.label-taken', { token: session.token.label, label });
      // GOST: the token must offer generation and signing for the size (gostOffers); key sizes
      // in C_GetMechanismInfo are not checked, GOST tokens do not agree on their unit
      if (spec.kind === 'gost') requireGostOffer(session, algorithm, spec.bits, 'generate');
      else assertMechanism(session, mechanism.mechanism, spec.kind === 'rsa' ? spec.bits : spec.fieldBytes * 8, mechanismText);
      const pair = await session.lib.C_GenerateKeyPairAsync(session.handle, mechanism, publicTemplate, privateTemplate).catch((e: unknown) => {
        // a GOST token that offers the mechanism may still not make keys on this parameter set
        // (SoftHSM2 answers CKR_GENERAL_ERROR for any but CryptoPro-A): said in words, not as a bare code
        const ckr = ckrOf(e);
        if (spec.kind === 'gost') softHsmEngineHint(session, 'C_GenerateKeyPair', ckr, e);
        if (spec.kind === 'gost' && ckr && GOST_PARAMS_REFUSED.has(ckr)) {
          throw new TokenError('mechanism.gost-params-refused', { token: session.token.label, algorithm: algorithmLabel(algorithm), ckr }, ckr, { cause: e });
        }
        throw e;
      });
      try {
        const pub = readPublicKey(session, pair.publicKey);
        if (!pub) throw new TokenError('mechanism.unsupported', { mechanism: mechanismText });
        const id = keyIdFor(pub);
        for (const obj of [pair.publicKey, pair.privateKey]) {
          session.lib.C_SetAttributeValue(session.handle, obj, [{ type: pkcs11.CKA_ID, value: id }]);
        }
        return {
          id: id.toString('hex'),
          label,
          algorithm,
          publicKey: pub,
          spki: spkiFromTokenKey(pub),
          privateKey: pair.privateKey,
          publicKeyHandle: pair.publicKey,
          sensitive: true,
          extractable: false,
        };
      } catch (e) {
        for (const obj of [pair.publicKey, pair.privateKey]) {
          try {
            session.lib.C_DestroyObject(session.handle, obj);
          } catch {
            // already gone with the token: nothing left behind
          }
        }
        throw e;
      }
    },
    { mechanism: mechanismText },
  );
}

/** What tokens answer C_GenerateKeyPair with for a GOST parameter set they do not make. */
const GOST_PARAMS_REFUSED = new Set(['CKR_GENERAL_ERROR', 'CKR_FUNCTION_FAILED', 'CKR_DOMAIN_PARAMS_INVALID', 'CKR_ATTRIBUTE_VALUE_INVALID', 'CKR_TEMPLATE_INCONSISTENT', 'CKR_CURVE_NOT_SUPPORTED']);

/** Deletes the key pair (its own two objects) and the certificates with its CKA_ID. Returns how many objects went. */
export function deleteKey(session: TokenSession, key: TokenKey): Promise<number> {
  return session.run('C_DestroyObject', () => {
    const certificates = key.id
      ? findObjects(session, [
          { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_CERTIFICATE },
          { type: pkcs11.CKA_ID, value: Buffer.from(key.id, 'hex') },
        ])
      : [];
    const objects = [key.privateKey, key.publicKeyHandle, ...certificates].filter((o): o is Buffer => !!o);
    for (const obj of objects) session.lib.C_DestroyObject(session.handle, obj);
    return objects.length;
  });
}

/** Refuses, before generating, a mechanism or key size the token does not offer. */
function assertMechanism(session: TokenSession, mechanism: number, bits: number, text: string): void {
  if (!session.module.mechanisms(session.token).includes(mechanism)) throw new TokenError('mechanism.unsupported', { mechanism: text });
  const info = session.lib.C_GetMechanismInfo(session.token.slot, mechanism);
  // sizes are bits for RSA and EC alike in PKCS#11 v2.40; 0 means the token does not say
  if (info.maxKeySize > 0 && (bits < info.minKeySize || bits > info.maxKeySize)) throw new TokenError('mechanism.unsupported', { mechanism: text });
}

/**
 * SoftHSM2 built with GOST answers CKR_GENERAL_ERROR to every GOST operation when, inside this
 * process, it cannot load OpenSSL's gost engine (Node's own OpenSSL looks for engines elsewhere;
 * OPENSSL_ENGINES points it right): say that, instead of a bare code or a wrong hint.
 */
function softHsmEngineHint(session: TokenSession, operation: string, ckr: string | undefined, cause: unknown): void {
  if (ckr !== 'CKR_GENERAL_ERROR' || process.env.OPENSSL_ENGINES || !/softhsm/i.test(session.token.manufacturer)) return;
  throw new TokenError('mechanism.gost-softhsm-engine', { token: session.token.label, operation, ckr }, ckr, { cause });
}

/**
 * The GOST offers of a session's token, read once per session: a token's mechanism list does not
 * change while a session on it is open, and asking for it (C_GetMechanismList, then gostOffers)
 * cost ~20 µs of every signGost, ~3 % of a signature on SoftHSM (issue 14).
 */
const GOST_OFFERS = new WeakMap<TokenSession, GostOffer[]>();

/**
 * What the token offers for a GOST algorithm (gostOffers over C_GetMechanismList); refuses, in
 * words naming the token and the algorithm, when it offers nothing for it.
 */
function requireGostOffer(session: TokenSession, algorithm: KeyAlgorithm, bits: 256 | 512, purpose: 'generate' | 'sign'): GostOffer {
  let offers = GOST_OFFERS.get(session);
  if (offers === undefined) {
    offers = gostOffers(session.module.mechanisms(session.token));
    GOST_OFFERS.set(session, offers);
  }
  const offer = offers.find((o) => o.algorithm === `gost2012-${bits}`);
  if (offer) return offer;
  throw new TokenError(purpose === 'generate' ? 'mechanism.gost-unavailable' : 'mechanism.gost-sign-unavailable', {
    token: session.token.label,
    algorithm: algorithmLabel(algorithm),
    offered: offers.map((o) => o.algorithm).join(', '),
    module: session.module.choice.path,
  });
}

/** The scheme a key signs with by default, and with `pss` for RSA keys. Refuses keys of other sizes or curves. */
export function schemeFor(key: TokenKey, pss = false): SignScheme {
  if (key.algorithm === 'unsupported') {
    const pub = key.publicKey;
    const type = pub.kind === 'rsa' ? `RSA-${pub.modulus.length * 8}` : pub.kind === 'gost' ? `GOST ${pub.params.toString('hex')}` : `EC ${pub.params.toString('hex')}`;
    throw new TokenError('key.unsupported-type', { label: key.label || key.id, type });
  }
  if (key.publicKey.kind === 'ec') return 'ecdsa';
  if (key.publicKey.kind === 'gost') return 'gost';
  return pss ? 'rsa-pss' : 'rsa-pkcs1';
}

/**
 * The SHA-2 hash of an RSA or EC key. GOST keys sign with Streebog only: they are refused here,
 * so that no caller signs a SHA-2 digest with one by mistake (use signHashFor / signGost).
 */
export function hashFor(key: TokenKey): 'SHA-256' | 'SHA-384' {
  const hash = signHashFor(key);
  if (hash === 'SHA-256' || hash === 'SHA-384') return hash;
  throw new TokenError('key.gost-needs-streebog', { label: key.label || key.id, algorithm: algorithmLabel(key.algorithm) });
}

/** The hash a key signs with: SHA-256/384, or Streebog-256/512 for GOST keys. */
export function signHashFor(key: TokenKey): SignHash {
  if (key.publicKey.kind === 'gost') return key.publicKey.value.length === 128 ? 'STREEBOG-512' : 'STREEBOG-256';
  return key.algorithm === 'ec-p384' ? 'SHA-384' : 'SHA-256';
}

/** Streebog of the key's size over a message: the digest `signDigest(…, 'gost', digest)` takes. */
export function gostDigest(key: TokenKey, message: Uint8Array): Buffer {
  return Buffer.from(signHashFor(key) === 'STREEBOG-512' ? streebog512(message) : streebog256(message));
}

/**
 * How this token signs with a GOST key: `gost` (raw, over a Streebog digest computed here) when it
 * has the raw mechanism, else `gost-hash-on-token` with the TC26 combined one; refused in words
 * when it has neither.
 */
export function gostSchemeFor(session: TokenSession, key: TokenKey): SignScheme {
  if (key.publicKey.kind !== 'gost' || key.algorithm === 'unsupported') return schemeFor(key);
  const bits = signHashFor(key) === 'STREEBOG-512' ? 512 : 256;
  const offer = requireGostOffer(session, key.algorithm, bits, 'sign');
  return offer.signRaw !== undefined ? 'gost' : 'gost-hash-on-token';
}

/**
 * Signs a message with a GOST key: Streebog here and the raw mechanism on the token, or the
 * token's combined mechanism when it has no raw one. Returns the signature as the token gives
 * it: s‖r, big-endian (PKCS#11; decodeSignature in src/crypto/gost/encoding.ts reads it).
 */
export function signGost(session: TokenSession, key: TokenKey, message: Uint8Array): Promise<Buffer> {
  let scheme: SignScheme;
  try {
    scheme = gostSchemeFor(session, key);
  } catch (e) {
    return Promise.reject(e as Error);
  }
  if (scheme !== 'gost' && scheme !== 'gost-hash-on-token') return Promise.reject(new TokenError('key.unsupported-type', { label: key.label || key.id, type: algorithmLabel(key.algorithm) }));
  return signDigest(session, key, scheme, scheme === 'gost' ? gostDigest(key, message) : Buffer.from(message));
}

/**
 * Signs a digest on the token, asynchronously (the event loop goes on meanwhile). ECDSA
 * returns r||s as PKCS#11 defines it; CMS callers DER-encode it. GOST (`gost`) signs a Streebog
 * digest of the key's size and returns s||r big-endian; with `gost-hash-on-token` the input is
 * the message itself.
 */
export function signDigest(session: TokenSession, key: TokenKey, scheme: SignScheme, digest: Buffer, hash: SignHash = signHashFor(key)): Promise<Buffer> {
  if (!key.privateKey) return Promise.reject(new TokenError('token.not-logged-in'));
  const privateKey = key.privateKey;
  let mechanism: pkcs11.Mechanism;
  let input: Buffer;
  try {
    mechanism = signMechanism(scheme, hash);
    input = signInput(scheme, hash, digest);
    if (scheme === 'gost' && input.length !== (hash === 'STREEBOG-512' ? 64 : 32)) {
      throw new TokenError('mechanism.unsupported', { mechanism: `${mechanismName(mechanism.mechanism)} over ${input.length} bytes` });
    }
  } catch (e) {
    return Promise.reject(e as Error);
  }
  const signed = session.run(
    'C_Sign',
    () => {
      session.lib.C_SignInit(session.handle, mechanism, privateKey);
      return session.lib.C_SignAsync(session.handle, input, Buffer.alloc(512));
    },
    { mechanism: mechanismName(mechanism.mechanism) },
  );
  if (scheme !== 'gost' && scheme !== 'gost-hash-on-token') return signed;
  return signed.catch((e: unknown) => {
    softHsmEngineHint(session, 'C_Sign', ckrOf(e), e);
    throw e;
  });
}
