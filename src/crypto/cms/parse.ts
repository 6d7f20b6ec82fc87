import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { OID } from './oids.ts';

/** Reads a CMS ContentInfo holding SignedData (DER or PEM "CMS"/"PKCS7"); `source` names the file in errors. */
export function parseSignedData(bytes: Buffer, source: string): pkijs.SignedData {
  let der = bytes;
  const text = bytes.subarray(0, 64).toString('latin1');
  if (text.includes('-----BEGIN')) {
    const m = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END/.exec(bytes.toString('latin1'));
    der = Buffer.from(m?.[1]?.replace(/\s+/g, '') ?? '', 'base64');
  }
  try {
    const asn = asn1js.fromBER(new Uint8Array(der));
    if (asn.offset === -1) throw new Error(asn.result.error || 'not BER/DER data');
    if (asn.offset !== der.length) throw new Error(`${der.length - asn.offset} stray bytes after the structure`);
    const info = new pkijs.ContentInfo({ schema: asn.result });
    if (info.contentType !== OID.signedData) throw new Error(`content type is ${info.contentType}, not signedData`);
    const sd = new pkijs.SignedData({ schema: info.content });
    if (sd.signerInfos.length === 0) throw new LocalizedError('cms.no-signers');
    return sd;
  } catch (e) {
    if (e instanceof LocalizedError && e.code === 'cms.no-signers') throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new LocalizedError('cms.unreadable', { source, reason }, { cause: e });
  }
}

/** Serialises SignedData back into a ContentInfo, DER. */
export function encodeSignedData(sd: pkijs.SignedData): Buffer {
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

/** The messageDigest signed attribute of a signer, if it has signed attributes. */
export function messageDigestOf(signer: pkijs.SignerInfo): Buffer | undefined {
  const attr = signer.signedAttrs?.attributes.find((a) => a.type === OID.messageDigest);
  const value = attr?.values[0];
  return value instanceof asn1js.OctetString ? Buffer.from(value.valueBlock.valueHexView) : undefined;
}

/** The certificate a SignerInfo names, from the SignedData's certificate set. */
export function signerCertificate(sd: pkijs.SignedData, signer: pkijs.SignerInfo): pkijs.Certificate | undefined {
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = signer.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  }
  return undefined;
}
