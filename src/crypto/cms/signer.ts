import { contextTag, octetString, oid, sequence, set, smallInteger, unsignedInteger } from '../der.ts';
import { hashFor, schemeFor, signDigest, type TokenKey } from '../pkcs11/keys.ts';
import type { SignScheme } from '../pkcs11/mechanisms.ts';
import type { TokenSession } from '../pkcs11/session.ts';
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

/** PKCS#11 ECDSA gives r||s; CMS wants Ecdsa-Sig-Value, a DER SEQUENCE of two INTEGERs. */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  return sequence(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}

export interface SignOptions {
  /** signingTime; now by default. */
  signingTime?: Date;
}

/**
 * Makes detached CAdES-BES signatures with one token key and its certificate. Everything that
 * does not change between documents (signer identifier, algorithms, signingCertificateV2, the
 * certificate) is encoded once here; each signature then costs two hashes, one token call and
 * a few buffer concatenations. pkijs builds the same bytes (see the tests); it is the reference.
 */
export class CmsSigner {
  readonly scheme: SignScheme;
  readonly hash: Hash;
  private readonly fixedAttributes: Buffer[];
  private readonly signerHead: Buffer;
  private readonly signatureAlgorithm: Buffer;
  private readonly digestAlgorithm: Buffer;

  constructor(
    readonly session: TokenSession,
    readonly key: TokenKey,
    readonly certificate: CertificateParts,
    options: { pss?: boolean } = {},
  ) {
    this.scheme = schemeFor(key, options.pss);
    this.hash = hashFor(key);
    this.digestAlgorithm = digestAlgorithmDer(this.hash);
    this.signatureAlgorithm = signatureAlgorithmDer(this.scheme, this.hash);
    this.fixedAttributes = [contentTypeAttribute(), signingCertificateV2Attribute(certificate)];
    // version 1 + IssuerAndSerialNumber + digestAlgorithm: the start of every SignerInfo
    this.signerHead = Buffer.concat([smallInteger(1), sequence(certificate.issuer, certificate.serialNumber), this.digestAlgorithm]);
  }

  /** A SignerInfo (DER) over content whose digest is given. */
  async signerInfo(contentDigest: Buffer, options: SignOptions = {}): Promise<Buffer> {
    const attrs = signedAttributesSet([
      ...this.fixedAttributes,
      messageDigestAttribute(contentDigest),
      signingTimeAttribute(options.signingTime ?? new Date()),
    ]);
    const raw = await signDigest(this.session, this.key, this.scheme, digestOf(this.hash, attrs), this.hash);
    const signature = this.scheme === 'ecdsa' ? ecdsaRawToDer(raw) : raw;
    // the signed attributes go in as [0] IMPLICIT: same bytes with the SET tag replaced
    const implicitAttrs = Buffer.from(attrs);
    implicitAttrs[0] = 0xa0;
    return sequence(this.signerHead, implicitAttrs, this.signatureAlgorithm, octetString(signature));
  }

  /** A detached CMS SignedData (ContentInfo, DER) over `content`. */
  async sign(content: Uint8Array, options: SignOptions = {}): Promise<Buffer> {
    return this.signDigest(digestOf(this.hash, content), options);
  }

  /** The same, when the caller has hashed the content already. */
  async signDigest(contentDigest: Buffer, options: SignOptions = {}): Promise<Buffer> {
    const signerInfo = await this.signerInfo(contentDigest, options);
    const signedData = sequence(
      smallInteger(1),
      set(this.digestAlgorithm),
      sequence(oid(OID.data)),
      contextTag(0, this.certificate.der),
      set(signerInfo),
    );
    return sequence(oid(OID.signedData), contextTag(0, signedData));
  }
}
