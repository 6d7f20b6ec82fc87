/**
 * A GOST R 34.10-2012 private key as PKCS#8 PrivateKeyInfo, in the layout OpenSSL's gost engine
 * writes and reads (gost-engine gost_ameth.c, priv_encode_gost / priv_decode_gost):
 *
 *   PrivateKeyInfo ::= SEQUENCE {
 *     version 0,
 *     privateKeyAlgorithm { id-tc26-gost3410-12-256/512, GostR3410-2012-PublicKeyParameters },
 *     privateKey OCTET STRING -- d, little-endian, exactly 32 or 64 bytes
 *   }
 *
 * The parameters are the same SEQUENCE the key's SubjectPublicKeyInfo carries (encodeGostSpki).
 * The engine's default is the bare little-endian d inside privateKey (what `openssl genpkey
 * -engine gost` writes); with its LEGACY_PK_WRAP option it wraps d in one more OCTET STRING. We
 * write the default and read both. We do not read the masked or INTEGER forms the engine also
 * accepts: nothing of ours writes them.
 */
import { DerError, bitString, decodeOid, octetString, readTlv, sequence, smallInteger } from '../der.ts';
import { GostAsn1Error, decodeGostSpki, encodeGostSpki } from './asn1.ts';
import { gostCurveByOid, type GostCurve } from './curves.ts';
import { encodePublicKey } from './encoding.ts';
import { publicKeyOf } from './signature.ts';

export interface GostPrivateKey {
  curve: GostCurve;
  d: bigint;
}

const PKCS8_PEM = /-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----/;

function littleEndianBytes(n: bigint, size: number): Buffer {
  const out = Buffer.alloc(size);
  let v = n;
  for (let i = 0; i < size; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

function fromLittleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** The key's PKCS#8 DER, as the gost engine writes it. */
export function encodeGostPrivateKey(key: GostPrivateKey): Buffer {
  const { curve, d } = key;
  // the AlgorithmIdentifier is the SPKI's first element: one source for the parameters' form
  const spki = encodeGostSpki(curve, publicKeyOf(curve, d));
  const outer = readTlv(spki, 0);
  const algorithm = spki.subarray(outer.start, readTlv(spki, outer.start).end);
  return sequence(smallInteger(0), algorithm, octetString(littleEndianBytes(d, curve.size)));
}

export function gostPrivateKeyPem(key: GostPrivateKey): string {
  const b64 = encodeGostPrivateKey(key).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

/** The DER of a PKCS#8 key given as PEM ("PRIVATE KEY") or DER. */
export function pkcs8Der(input: string | Uint8Array): Buffer {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : Buffer.from(input);
  // DER starts with a SEQUENCE tag; anything starting with the PEM dashes is read as text
  if (!bytes.subarray(0, 11).equals(Buffer.from('-----BEGIN '))) {
    if (typeof input === 'string') throw new GostAsn1Error('no PRIVATE KEY PEM block');
    return bytes;
  }
  const m = PKCS8_PEM.exec(bytes.toString('latin1'));
  if (!m?.[1]) throw new GostAsn1Error('no PRIVATE KEY PEM block');
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

/** The privateKeyAlgorithm OID of a PKCS#8 key (to tell which kind of key a file holds before reading it). */
export function pkcs8AlgorithmOid(der: Uint8Array): string {
  try {
    const outer = readTlv(der, 0);
    const version = readTlv(der, outer.start);
    const alg = readTlv(der, version.end);
    const id = readTlv(der, alg.start);
    if (outer.tag !== 0x30 || version.tag !== 0x02 || alg.tag !== 0x30 || id.tag !== 0x06) throw new GostAsn1Error('not a PKCS#8 PrivateKeyInfo');
    return decodeOid(der.subarray(id.start, id.end));
  } catch (e) {
    if (e instanceof DerError) throw new GostAsn1Error(`not a PKCS#8 PrivateKeyInfo: ${e.message}`);
    throw e;
  }
}

/**
 * A GOST private key from PKCS#8 (PEM or DER). The parameters are checked as a public key's are
 * (known bank curve, key OID of the curve's length, Streebog digestParamSet if present), then d's
 * length and range; throws GostAsn1Error naming what is wrong.
 */
export function decodeGostPrivateKey(input: string | Uint8Array): GostPrivateKey {
  const der = pkcs8Der(input);
  try {
    const outer = readTlv(der, 0);
    if (outer.tag !== 0x30 || outer.end !== der.length) throw new GostAsn1Error('PrivateKeyInfo: not one SEQUENCE');
    const version = readTlv(der, outer.start);
    if (version.tag !== 0x02 || version.end - version.start !== 1 || der[version.start] !== 0) throw new GostAsn1Error('PrivateKeyInfo: version is not 0');
    const alg = readTlv(der, version.end);
    if (alg.tag !== 0x30) throw new GostAsn1Error('PrivateKeyInfo: privateKeyAlgorithm is not a SEQUENCE');
    const priv = readTlv(der, alg.end);
    if (priv.tag !== 0x04) throw new GostAsn1Error('PrivateKeyInfo: privateKey is not an OCTET STRING');
    // attributes [0] may follow; the engine ignores them and so do we
    const algorithm = der.subarray(version.end, alg.end);
    // the curve: the parameters' first OID (publicKeyParamSet); the full check of the parameters follows below
    const params = readTlv(der, readTlv(der, alg.start).end);
    const paramSet = readTlv(der, params.start);
    if (params.tag !== 0x30 || paramSet.tag !== 0x06) throw new GostAsn1Error('privateKeyAlgorithm: no GOST key parameters');
    const setOid = decodeOid(der.subarray(paramSet.start, paramSet.end));
    const curve = gostCurveByOid(setOid);
    if (!curve || curve.testOnly) throw new GostAsn1Error(`unknown GOST parameter set ${setOid}`);
    let bytes = der.subarray(priv.start, priv.end);
    if (bytes.length === curve.size + 2 && bytes[0] === 0x04 && bytes[1] === curve.size) bytes = bytes.subarray(2); // LEGACY_PK_WRAP
    if (bytes.length !== curve.size) throw new GostAsn1Error(`a GOST ${curve.bits} private key is ${curve.size} bytes, not ${bytes.length}`);
    const d = fromLittleEndian(bytes);
    if (d <= 0n || d >= curve.q) throw new GostAsn1Error(`the private key is out of range for the ${curve.name} curve`);
    // the SPKI reader judges the AlgorithmIdentifier (key OID against the curve's length, digestParamSet, DER form)
    decodeGostSpki(sequence(algorithm, bitString(octetString(encodePublicKey(curve, publicKeyOf(curve, d))))));
    return { curve, d };
  } catch (e) {
    if (e instanceof DerError) throw new GostAsn1Error(`PrivateKeyInfo: ${e.message}`);
    throw e;
  }
}
