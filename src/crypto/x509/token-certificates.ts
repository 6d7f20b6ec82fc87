import 'reflect-metadata';
import type * as x509 from '@peculiar/x509';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { createCertificateObject, listCertificateObjects } from '../pkcs11/certificate-objects.ts';
import { listKeys } from '../pkcs11/keys.ts';
import { keyIdFor, spkiFromTokenKey, tokenKeyFromSpki } from '../pkcs11/public-key.ts';
import type { TokenSession } from '../pkcs11/session.ts';
import { certificateParts, derOf, subjectOf } from './certificate.ts';

export interface ImportedCertificate {
  subject: string;
  id: string;
  authority: boolean;
  alreadyPresent: boolean;
}

/**
 * Puts a signer's certificate, and optionally its CA chain, on the token. The signer's
 * certificate must be for a key pair on the token: it gets that key's CKA_ID so the two pair
 * up. Everything is checked before anything is written, so a refused import changes nothing.
 */
export async function importCertificates(session: TokenSession, cert: x509.X509Certificate, chain: x509.X509Certificate[] = []): Promise<ImportedCertificate[]> {
  const parts = certificateParts(derOf(cert));
  const certKey = tokenKeyFromSpki(parts.spki);
  const certSpki = spkiFromTokenKey(certKey);
  const keys = await listKeys(session);
  const key = keys.find((k) => k.spki.equals(certSpki));
  if (!key) throw new LocalizedError('cert.no-matching-key', { subject: subjectOf(cert), token: session.token.label });

  const present = new Set((await listCertificateObjects(session)).map((c) => c.der.toString('base64')));
  const plan = [
    { cert, id: Buffer.from(key.id, 'hex'), label: key.label, authority: false },
    ...chain.map((ca) => {
      const caParts = certificateParts(derOf(ca));
      return { cert: ca, id: keyIdFor(tokenKeyFromSpki(caParts.spki)), label: subjectOf(ca).slice(0, 64), authority: true };
    }),
  ];
  const imported: ImportedCertificate[] = [];
  for (const item of plan) {
    const der = derOf(item.cert);
    const alreadyPresent = present.has(der.toString('base64'));
    if (!alreadyPresent) {
      const p = certificateParts(der);
      await createCertificateObject(session, {
        der,
        id: item.id,
        label: item.label,
        subject: p.subject,
        issuer: p.issuer,
        serialNumber: p.serialNumber,
        authority: item.authority,
      });
    }
    imported.push({ subject: subjectOf(item.cert), id: item.id.toString('hex'), authority: item.authority, alreadyPresent });
  }
  return imported;
}
