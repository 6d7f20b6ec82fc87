import pkcs11 from 'pkcs11js';
import { attrText, attrUlong, findObjects, readAttributes } from './objects.ts';
import type { TokenSession } from './session.ts';

/** An X.509 certificate object on the token. */
export interface CertificateObject {
  handle: Buffer;
  id: string;
  label: string;
  der: Buffer;
  /** CKA_CERTIFICATE_CATEGORY: 1 = the token user's own, 2 = an authority (CA). */
  authority: boolean;
}

/** What a certificate object is created from: the parts PKCS#11 stores next to the DER. */
export interface NewCertificateObject {
  der: Buffer;
  id: Buffer;
  label: string;
  subject: Buffer;
  issuer: Buffer;
  /** The serial number as a DER INTEGER, as CKA_SERIAL_NUMBER requires. */
  serialNumber: Buffer;
  authority: boolean;
}

const CATEGORY_TOKEN_USER = 1;
const CATEGORY_AUTHORITY = 2;

export function listCertificateObjects(session: TokenSession): Promise<CertificateObject[]> {
  return session.run('C_FindObjects', () =>
    findObjects(session, [
      { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_CERTIFICATE },
      { type: pkcs11.CKA_CERTIFICATE_TYPE, value: pkcs11.CKC_X_509 },
    ]).flatMap((handle) => {
      const a = readAttributes(session, handle, [pkcs11.CKA_ID, pkcs11.CKA_LABEL, pkcs11.CKA_VALUE, pkcs11.CKA_CERTIFICATE_CATEGORY]);
      const der = a.get(pkcs11.CKA_VALUE);
      if (!der) return [];
      return [
        {
          handle,
          id: (a.get(pkcs11.CKA_ID) ?? Buffer.alloc(0)).toString('hex'),
          label: attrText(a.get(pkcs11.CKA_LABEL)),
          der,
          authority: attrUlong(a.get(pkcs11.CKA_CERTIFICATE_CATEGORY)) === CATEGORY_AUTHORITY,
        },
      ];
    }).sort((a, b) => Number(a.authority) - Number(b.authority) || a.label.localeCompare(b.label) || a.id.localeCompare(b.id)),
  );
}

/** Writes a certificate object to the token (public, so it can be listed without the PIN). */
export function createCertificateObject(session: TokenSession, cert: NewCertificateObject): Promise<Buffer> {
  return session.run('C_CreateObject', () =>
    session.lib.C_CreateObject(session.handle, [
      { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_CERTIFICATE },
      { type: pkcs11.CKA_CERTIFICATE_TYPE, value: pkcs11.CKC_X_509 },
      { type: pkcs11.CKA_TOKEN, value: true },
      { type: pkcs11.CKA_PRIVATE, value: false },
      { type: pkcs11.CKA_LABEL, value: cert.label },
      { type: pkcs11.CKA_ID, value: cert.id },
      { type: pkcs11.CKA_SUBJECT, value: cert.subject },
      { type: pkcs11.CKA_ISSUER, value: cert.issuer },
      { type: pkcs11.CKA_SERIAL_NUMBER, value: cert.serialNumber },
      { type: pkcs11.CKA_VALUE, value: cert.der },
      { type: pkcs11.CKA_CERTIFICATE_CATEGORY, value: cert.authority ? CATEGORY_AUTHORITY : CATEGORY_TOKEN_USER },
    ]),
  );
}
