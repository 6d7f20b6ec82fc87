import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createHash } from 'node:crypto';
import { hashFor, schemeFor, type TokenKey } from '../pkcs11/keys.ts';
import type { TokenSession } from '../pkcs11/session.ts';
import { TokenPrivateKey, tokenCrypto } from '../pkcs11/webcrypto.ts';
import { encodeSignedData } from './parse.ts';
import { OID } from './oids.ts';

/**
 * The same detached CAdES-BES signature as CmsSigner, built the slow, obvious way with pkijs
 * objects. It is the reference the fast path is tested against, byte for byte.
 */
export async function signWithPkijs(
  session: TokenSession,
  key: TokenKey,
  certificateDer: Buffer,
  content: Uint8Array,
  options: { pss?: boolean; signingTime: Date },
): Promise<Buffer> {
  const cert = pkijs.Certificate.fromBER(new Uint8Array(certificateDer));
  const hash = hashFor(key);
  const nodeHash = hash === 'SHA-256' ? 'sha256' : 'sha384';
  const digest = createHash(nodeHash).update(content).digest();
  const generalNames = new asn1js.Sequence({
    value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: createHash('sha256').update(certificateDer).digest() }), new asn1js.Sequence({ value: [generalNames, cert.serialNumber] })],
  });
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: options.signingTime })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
    new pkijs.Attribute({
      type: OID.signingCertificateV2,
      values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
    }),
  ];
  const encoded = (a: pkijs.Attribute): Buffer => Buffer.from(a.toSchema().toBER());
  attributes.sort((a, b) => Buffer.compare(encoded(a), encoded(b)));
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates: [cert],
  });
  const privateKey = new TokenPrivateKey(session, key, schemeFor(key, options.pss));
  await signedData.sign(privateKey, 0, hash, undefined, new pkijs.CryptoEngine({ name: 'token', crypto: tokenCrypto() }));
  // RFC 4055: sha*WithRSAEncryption parameters MUST be NULL; pkijs leaves them out.
  const sigAlg = signedData.signerInfos[0]!.signatureAlgorithm;
  if (sigAlg.algorithmId.startsWith('1.2.840.113549.1.1.1') && sigAlg.algorithmId !== '1.2.840.113549.1.1.10') {
    sigAlg.algorithmParams = new asn1js.Null();
  }
  return encodeSignedData(signedData);
}
