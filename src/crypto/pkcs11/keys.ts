import pkcs11 from 'pkcs11js';
import { TokenError } from './errors.ts';
import {
  KEY_ALGORITHMS,
  ecAlgorithmFromParams,
  mechanismName,
  rsaAlgorithmFromBits,
  signInput,
  signMechanism,
  type KeyAlgorithm,
  type SignScheme,
} from './mechanisms.ts';
import { attrBool, attrText, attrUlong, findObjects, readAttributes } from './objects.ts';
import { keyIdFor, spkiFromTokenKey, unwrapEcPoint, type TokenPublicKey } from './public-key.ts';
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
    ...(spec.kind === 'rsa'
      ? [
          { type: pkcs11.CKA_KEY_TYPE, value: pkcs11.CKK_RSA },
          { type: pkcs11.CKA_MODULUS_BITS, value: spec.bits },
          { type: pkcs11.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
        ]
      : [
          { type: pkcs11.CKA_KEY_TYPE, value: pkcs11.CKK_EC },
          { type: pkcs11.CKA_EC_PARAMS, value: spec.paramsDer },
        ]),
  ];
  const privateTemplate: pkcs11.Template = [
    ...common,
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PRIVATE_KEY },
    { type: pkcs11.CKA_KEY_TYPE, value: spec.kind === 'rsa' ? pkcs11.CKK_RSA : pkcs11.CKK_EC },
    { type: pkcs11.CKA_PRIVATE, value: true },
    { type: pkcs11.CKA_SENSITIVE, value: true },
    { type: pkcs11.CKA_EXTRACTABLE, value: false },
    { type: pkcs11.CKA_SIGN, value: true },
    // A signing key does nothing else: no decryption, unwrapping or derivation.
    { type: pkcs11.CKA_DECRYPT, value: false },
    { type: pkcs11.CKA_UNWRAP, value: false },
    { type: pkcs11.CKA_DERIVE, value: false },
  ];
  const mechanism = { mechanism: spec.kind === 'rsa' ? pkcs11.CKM_RSA_PKCS_KEY_PAIR_GEN : pkcs11.CKM_EC_KEY_PAIR_GEN };
  const mechanismText = `${mechanismName(mechanism.mechanism)} (${algorithm})`;
  // One queued operation from the label check to the CKA_ID: no other caller can take the label
  // in between, and a pair that cannot be completed is destroyed rather than left behind.
  return session.run(
    'C_GenerateKeyPair',
    async () => {
      if (collectKeys(session).some((k) => k.label === label)) throw new TokenError('key.label-taken', { token: session.token.label, label });
      assertMechanism(session, mechanism.mechanism, spec.kind === 'rsa' ? spec.bits : spec.fieldBytes * 8, mechanismText);
      const pair = await session.lib.C_GenerateKeyPairAsync(session.handle, mechanism, publicTemplate, privateTemplate);
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

/** The scheme a key signs with by default, and with `pss` for RSA keys. Refuses keys of other sizes or curves. */
export function schemeFor(key: TokenKey, pss = false): SignScheme {
  if (key.algorithm === 'unsupported') {
    const type = key.publicKey.kind === 'rsa' ? `RSA-${key.publicKey.modulus.length * 8}` : `EC ${key.publicKey.params.toString('hex')}`;
    throw new TokenError('key.unsupported-type', { label: key.label || key.id, type });
  }
  if (key.publicKey.kind === 'ec') return 'ecdsa';
  return pss ? 'rsa-pss' : 'rsa-pkcs1';
}

export function hashFor(key: TokenKey): 'SHA-256' | 'SHA-384' {
  return key.algorithm === 'ec-p384' ? 'SHA-384' : 'SHA-256';
}

/**
 * Signs a digest on the token, asynchronously (the event loop goes on meanwhile). ECDSA
 * returns r||s as PKCS#11 defines it; CMS callers DER-encode it.
 */
export function signDigest(
  session: TokenSession,
  key: TokenKey,
  scheme: SignScheme,
  digest: Buffer,
  hash: 'SHA-256' | 'SHA-384' = hashFor(key),
): Promise<Buffer> {
  if (!key.privateKey) return Promise.reject(new TokenError('token.not-logged-in'));
  const privateKey = key.privateKey;
  const mechanism = signMechanism(scheme, hash);
  const input = signInput(scheme, hash, digest);
  return session.run(
    'C_Sign',
    () => {
      session.lib.C_SignInit(session.handle, mechanism, privateKey);
      return session.lib.C_SignAsync(session.handle, input, Buffer.alloc(512));
    },
    { mechanism: mechanismName(mechanism.mechanism) },
  );
}
