import { createHash, webcrypto } from 'node:crypto';
import { hashFor, signDigest, type TokenKey } from './keys.ts';
import type { SignScheme } from './mechanisms.ts';
import type { TokenSession } from './session.ts';

type HashName = 'SHA-256' | 'SHA-384';

/**
 * A private key that stays on the token, shaped like a WebCrypto CryptoKey so that
 * @peculiar/x509 and pkijs can sign with it through `tokenCrypto`.
 */
export class TokenPrivateKey implements CryptoKey {
  readonly type = 'private' as const;
  readonly extractable = false;
  readonly usages: KeyUsage[] = ['sign'];
  readonly algorithm: KeyAlgorithm;

  constructor(
    readonly session: TokenSession,
    readonly key: TokenKey,
    readonly scheme: SignScheme,
  ) {
    const hash = { name: hashFor(key) };
    const pub = key.publicKey;
    if (pub.kind === 'ec') {
      this.algorithm = { name: 'ECDSA', namedCurve: key.algorithm === 'ec-p384' ? 'P-384' : 'P-256' } as EcKeyAlgorithm;
    } else if (pub.kind === 'rsa') {
      this.algorithm = {
        name: scheme === 'rsa-pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5',
        hash,
        modulusLength: pub.modulus.length * 8,
        publicExponent: new Uint8Array(pub.exponent),
      } as RsaHashedKeyAlgorithm;
    } else {
      // unreachable: hashFor above refuses GOST keys, which WebCrypto cannot sign with
      throw new Error(`A GOST key cannot be used through WebCrypto (${key.algorithm})`);
    }
  }
}

/** The public key as a software CryptoKey (for CSR generation and local verification). */
export function publicCryptoKey(key: TokenKey, scheme: SignScheme): Promise<CryptoKey> {
  const alg =
    key.publicKey.kind === 'ec'
      ? { name: 'ECDSA', namedCurve: key.algorithm === 'ec-p384' ? 'P-384' : 'P-256' }
      : { name: scheme === 'rsa-pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: hashFor(key) };
  return webcrypto.subtle.importKey('spki', key.spki, alg, true, ['verify']);
}

function hashName(algorithm: AlgorithmIdentifier | EcdsaParams | RsaPssParams, key: TokenPrivateKey): HashName {
  const h = typeof algorithm === 'object' && 'hash' in algorithm ? algorithm.hash : undefined;
  const name = typeof h === 'string' ? h : (h as { name?: string } | undefined)?.name;
  return (name?.toUpperCase() as HashName | undefined) ?? hashFor(key.key);
}

const toBuffer = (data: BufferSource): Buffer =>
  ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/**
 * Node's WebCrypto with `sign` routed to the token for TokenPrivateKeys: the data is hashed
 * here, the token signs the digest. Everything else is Node's own implementation.
 */
function tokenSubtle(): SubtleCrypto {
  const subtle = webcrypto.subtle as unknown as SubtleCrypto;
  return new Proxy(subtle, {
    get(target, prop, receiver) {
      if (prop === 'sign') {
        return async (algorithm: AlgorithmIdentifier, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> => {
          if (!(key instanceof TokenPrivateKey)) return target.sign(algorithm, key, data);
          const hash = hashName(algorithm, key);
          const digest = createHash(hash.replace('-', '').toLowerCase()).update(toBuffer(data)).digest();
          const sig = await signDigest(key.session, key.key, key.scheme, digest, hash);
          return sig.buffer.slice(sig.byteOffset, sig.byteOffset + sig.byteLength) as ArrayBuffer;
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A Crypto object for libraries that take one (pkijs engines, @peculiar/x509 generators). */
export function tokenCrypto(): Crypto {
  const subtle = tokenSubtle();
  return {
    subtle,
    getRandomValues: <T extends ArrayBufferView | null>(array: T): T => webcrypto.getRandomValues(array as never) as T,
    randomUUID: () => webcrypto.randomUUID(),
  } as Crypto;
}
