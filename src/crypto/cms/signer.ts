import { contextTag, octetString, oid, sequence, set, smallInteger, unsignedInteger } from '../der.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { SignScheme } from '../pkcs11/mechanisms.ts';
import type { TokenSession } from '../pkcs11/session.ts';
import type { SubmitDigests } from '../pkcs11/batch-signing.ts';
import { tokenSource, type SignatureSource } from './signature-source.ts';
import type { CertificateParts } from '../x509/certificate.ts';
import { digestAlgorithmDer, signatureAlgorithmDer, type Hash } from './algorithms.ts';
import { OID } from './oids.ts';
import {
  contentTypeAttribute,
  digestOf,
  messageDigestAttribute,
  signedAttributesSet,
  signingCertificateV2Attribute,
  signingTimeAttribute,
} from './signed-attributes.ts';

/** Chunks of a batch out to the token at once (see signMany). */
const IN_FLIGHT = 3;

/** PKCS#11 ECDSA gives r||s; CMS wants Ecdsa-Sig-Value, a DER SEQUENCE of two INTEGERs. */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  return sequence(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}

export interface SignOptions {
  /** signingTime; now by default. */
  signingTime?: Date;
}

export interface BatchOptions extends SignOptions {
  signal?: AbortSignal;
  /** Called as each signature is made, in order, so the caller can store it at once. */
  onSigned?: (index: number, signature: Buffer) => void;
  /** Documents per worker round trip. */
  chunkSize?: number;
}

/**
 * Contents read a chunk at a time, as the batch reaches them: the caller can make each chunk's
 * bytes while the token signs the chunk before (an array is one too).
 */
export interface ContentList {
  readonly length: number;
  slice(start: number, end: number): Uint8Array[];
}

export interface BatchResult {
  /** One entry per input, in order; undefined for those not signed because the batch stopped. */
  signatures: (Buffer | undefined)[];
  signed: number;
  /** Why the batch stopped early: a token error, or the abort. */
  error?: Error;
}

/** The sorted signed attributes of a signer with the places of the two values that change. */
interface AttributesTemplate {
  bytes: Buffer;
  digestAt: number;
  digestLength: number;
  /** Where the signingTime attribute starts (it is copied whole: it is made once a second). */
  timeAt: number;
  timeLength: number;
}

function attributesFromTemplate(t: AttributesTemplate, digest: Buffer, signingTime: Buffer): Buffer {
  const out = Buffer.from(t.bytes);
  digest.copy(out, t.digestAt);
  signingTime.copy(out, t.timeAt);
  return out;
}

/** Signed attributes ready to sign: their hash, their bytes as hashed, and as they go into the SignerInfo. */
interface Prepared {
  implicitAttrs: Buffer;
  message: Buffer;
  toSign: Buffer;
}

/**
 * Makes detached CAdES-BES signatures with one key (on a token, or in software for the bank's
 * receipts) and its certificate. Everything that
 * does not change between documents (signer identifier, algorithms, signingCertificateV2, the
 * certificate, the SignedData's fixed fields) is encoded once here; each signature then costs
 * two hashes, one token signature and a few buffer copies. pkijs builds the same bytes (see the
 * tests): it is the reference.
 */
export class CmsSigner {
  readonly scheme: SignScheme;
  readonly hash: Hash;
  private readonly fixedAttributes: Buffer[];
  private readonly signerHead: Buffer;
  private readonly signatureAlgorithm: Buffer;
  private readonly signedDataHead: Buffer[];
  private readonly signedDataOid = oid(OID.signedData);
  private timeCache: { second: number; der: Buffer } = { second: Number.NaN, der: Buffer.alloc(0) };
  /**
   * The signed attributes as one template (see attributesFrom): the SET OF in its DER order with
   * the digest and the time left to be written in; undefined until the first signature.
   */
  private attributes?: AttributesTemplate;
  private attributesTried = false;
  /** The SignedData's bytes around the signed attributes, by the length of the signature value (see assemble). */
  private readonly frames = new Map<number, { head: Buffer; middle: Buffer }>();

  constructor(
    readonly source: SignatureSource,
    readonly certificate: CertificateParts,
  ) {
    this.scheme = source.scheme;
    this.hash = source.hash;
    const digestAlgorithm = digestAlgorithmDer(this.hash);
    this.signatureAlgorithm = signatureAlgorithmDer(this.scheme, this.hash);
    this.fixedAttributes = [contentTypeAttribute(), signingCertificateV2Attribute(certificate, this.hash)];
    // version 1 + IssuerAndSerialNumber + digestAlgorithm: the start of every SignerInfo
    this.signerHead = Buffer.concat([smallInteger(1), sequence(certificate.issuer, certificate.serialNumber), digestAlgorithm]);
    // version, digestAlgorithms, encapContentInfo (id-data, no content: detached), certificates
    this.signedDataHead = [smallInteger(1), set(digestAlgorithm), sequence(oid(OID.data)), contextTag(0, certificate.der)];
  }

  /** A signer for a key on a token (RSA keys: PKCS#1 v1.5, or PSS with `pss`; GOST keys: Streebog, raw or combined mechanism as the token offers). */
  static onToken(session: TokenSession, key: TokenKey, certificate: CertificateParts, options: { pss?: boolean } = {}): CmsSigner {
    return new CmsSigner(tokenSource(session, key, options), certificate);
  }

  private signingTime(time: Date | undefined): Buffer {
    const ms = (time ?? new Date()).getTime();
    const second = Math.floor(ms / 1000);
    if (second !== this.timeCache.second) this.timeCache = { second, der: signingTimeAttribute(new Date(ms)) };
    return this.timeCache.der;
  }

  private prepare(contentDigest: Buffer, time: Date | undefined): Prepared {
    const attrs = this.attributesFrom(contentDigest, this.signingTime(time));
    const toSign = digestOf(this.hash, attrs);
    const implicitAttrs = Buffer.from(attrs);
    implicitAttrs[0] = 0xa0; // stored as [0] IMPLICIT; hashed above as the SET OF
    return { implicitAttrs, message: attrs, toSign };
  }

  /**
   * The signed attributes' SET OF (DER order: sorted by encoding). Only the digest and the time
   * change from one document to the next, and neither changes its attribute's length nor where
   * it sorts (the attributes differ in their length or OID before either value begins), so the
   * sorted SET is made once and each document's copy gets its digest and time written in. The
   * template is made on the first use and kept only if it reproduces a full sort with other
   * values; a digest or time of another length (never, for one signer) is sorted in full.
   */
  private attributesFrom(contentDigest: Buffer, signingTime: Buffer): Buffer {
    const full = (): Buffer => signedAttributesSet([...this.fixedAttributes, messageDigestAttribute(contentDigest), signingTime]);
    let t = this.attributes;
    if (t === undefined && !this.attributesTried) {
      this.attributesTried = true;
      const bytes = full();
      const digestAttr = messageDigestAttribute(contentDigest);
      const at = (attr: Buffer): number => bytes.indexOf(attr);
      // the value sits at the end of its attribute: the digest's, and the time's UTCTime text
      t = this.attributes = { bytes, digestAt: at(digestAttr) + digestAttr.length - contentDigest.length, digestLength: contentDigest.length, timeAt: at(signingTime), timeLength: signingTime.length };
      // checked with other values than these: a place found wrongly would not write them where they belong
      const otherDigest = Buffer.from(contentDigest.map((b) => b ^ 0xa5));
      const otherTime = signingTimeAttribute(new Date(Date.UTC(2049, 11, 31, 23, 59, 59)));
      const expected = signedAttributesSet([...this.fixedAttributes, messageDigestAttribute(otherDigest), otherTime]);
      if (t.digestAt < 0 || t.timeAt < 0 || otherTime.length !== signingTime.length || !attributesFromTemplate(t, otherDigest, otherTime).equals(expected)) this.attributes = undefined;
      return bytes;
    }
    if (!t || contentDigest.length !== t.digestLength || signingTime.length !== t.timeLength) return full();
    return attributesFromTemplate(t, contentDigest, signingTime);
  }

  private signerInfoFrom(prepared: Prepared, rawSignature: Buffer): Buffer {
    return sequence(this.signerHead, prepared.implicitAttrs, this.signatureAlgorithm, octetString(this.signatureValue(rawSignature)));
  }

  /** GOST: the CMS signature value is s||r exactly as the token gives it (RFC 9215; OpenSSL agrees). */
  private signatureValue(rawSignature: Buffer): Buffer {
    return this.scheme === 'ecdsa' ? ecdsaRawToDer(rawSignature) : rawSignature;
  }

  private contentInfo(signerInfo: Buffer): Buffer {
    return sequence(this.signedDataOid, contextTag(0, sequence(...this.signedDataHead, set(signerInfo))));
  }

  /**
   * The ContentInfo of one signature, in one allocation: everything before the signed
   * attributes and everything between them and the signature value depend only on the lengths
   * (of the attributes, fixed for a signer, and of the signature value), so they are made once
   * per length and each signature is four copies. The same bytes as contentInfo(signerInfoFrom()).
   */
  private assemble(prepared: Prepared, rawSignature: Buffer): Buffer {
    const value = this.signatureValue(rawSignature);
    const attrs = prepared.implicitAttrs;
    const key = value.length * 0x10000 + attrs.length;
    let frame = this.frames.get(key);
    if (!frame) {
      // made the plain way with zeros in place of the attributes and the value, then cut apart
      const whole = this.contentInfo(sequence(this.signerHead, Buffer.alloc(attrs.length), this.signatureAlgorithm, octetString(Buffer.alloc(value.length))));
      const headLength = whole.length - value.length - attrs.length - (this.signatureAlgorithm.length + octetString(value).length - value.length);
      frame = { head: whole.subarray(0, headLength), middle: whole.subarray(headLength + attrs.length, whole.length - value.length) };
      if (this.frames.size < 16) this.frames.set(key, frame);
    }
    const out = Buffer.allocUnsafe(frame.head.length + attrs.length + frame.middle.length + value.length);
    let at = frame.head.copy(out, 0);
    at += attrs.copy(out, at);
    at += frame.middle.copy(out, at);
    value.copy(out, at);
    return out;
  }

  /** A SignerInfo (DER) over content whose digest is given, for adding to an existing SignedData. */
  async signerInfo(contentDigest: Buffer, options: SignOptions = {}): Promise<Buffer> {
    const prepared = this.prepare(contentDigest, options.signingTime);
    const raw = await this.source.sign(prepared.toSign, prepared.message);
    return this.signerInfoFrom(prepared, raw);
  }

  /**
   * The same as sign, synchronously, for a software key: so that a signature can be made inside
   * a database transaction and committed with what it vouches for.
   */
  signSync(content: Uint8Array, options: SignOptions = {}): Buffer {
    if (!this.source.signSync) throw new Error('this signature source signs only asynchronously');
    const prepared = this.prepare(digestOf(this.hash, content), options.signingTime);
    return this.assemble(prepared, this.source.signSync(prepared.toSign, prepared.message));
  }

  /** A detached CMS SignedData (ContentInfo, DER) over `content`. */
  async sign(content: Uint8Array, options: SignOptions = {}): Promise<Buffer> {
    return this.signDigest(digestOf(this.hash, content), options);
  }

  /** The same, when the caller has hashed the content already. */
  async signDigest(contentDigest: Buffer, options: SignOptions = {}): Promise<Buffer> {
    const prepared = this.prepare(contentDigest, options.signingTime);
    return this.assemble(prepared, await this.source.sign(prepared.toSign, prepared.message));
  }

  /**
   * Signs many documents as one token operation (one PIN entry covers it). The token signs in
   * a worker thread while this thread prepares the next chunk and assembles the last one, so
   * throughput stays close to the token's own. Stops at the first token error or on abort;
   * what was signed before stays in the result.
   */
  async signMany(contents: readonly Uint8Array[] | ContentList, options: BatchOptions = {}): Promise<BatchResult> {
    const chunkSize = options.chunkSize ?? 64;
    const result: BatchResult = { signatures: new Array<Buffer | undefined>(contents.length).fill(undefined), signed: 0 };
    // Our own stop (a failing onSigned, e.g. a storage error) and the caller's abort, as one signal.
    const stop = new AbortController();
    const forward = (): void => stop.abort(options.signal?.reason);
    if (options.signal?.aborted) forward();
    options.signal?.addEventListener('abort', forward, { once: true });
    const body = async (submit?: SubmitDigests): Promise<void> => {
      const inFlight: Promise<void>[] = [];
      for (let start = 0; start < contents.length && !result.error; start += chunkSize) {
        const prepared = contents.slice(start, start + chunkSize).map((c) => this.prepare(digestOf(this.hash, c), options.signingTime));
        const signed = submit ? submit(prepared.map((p) => p.toSign)) : this.signEach(prepared, stop.signal);
        const chunk = signed.then(({ signatures, error }) => {
          try {
            for (const [i, raw] of signatures.entries()) {
              if (result.error) break;
              const der = this.assemble(prepared[i]!, raw);
              options.onSigned?.(start + i, der);
              result.signatures[start + i] = der;
              result.signed++;
            }
          } catch (e) {
            result.error ??= e instanceof Error ? e : new Error(String(e));
            stop.abort(result.error);
          }
          if (error) result.error ??= error;
        });
        // IN_FLIGHT chunks out at a time: the token signs one, the next waits queued in the worker,
        // while this thread prepares the one after and stores what came back; a pause here (a
        // commit's fsync, a GC, being descheduled on a busy machine) does not leave the token idle
        inFlight.push(chunk);
        if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
      }
      for (const c of inFlight) await c;
    };
    await (this.source.batch ? this.source.batch(body, stop.signal) : body()).finally(() => options.signal?.removeEventListener('abort', forward));
    return result;
  }

  /** For sources without a batch path: each prepared signature in turn. */
  private async signEach(prepared: Prepared[], signal: AbortSignal): Promise<{ signatures: Buffer[]; error?: Error }> {
    const signatures: Buffer[] = [];
    for (const p of prepared) {
      if (signal.aborted) return { signatures, error: signal.reason instanceof Error ? signal.reason : new Error('cancelled') };
      try {
        signatures.push(await this.source.sign(p.toSign, p.message));
      } catch (e) {
        return { signatures, error: e instanceof Error ? e : new Error(String(e)) };
      }
    }
    return { signatures };
  }

}
