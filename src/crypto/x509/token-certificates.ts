import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { createCertificateObject, listCertificateObjects } from '../pkcs11/certificate-objects.ts';
import { listKeys } from '../pkcs11/keys.ts';
import { keyIdFor, spkiFromTokenKey, tokenKeyFromSpki } from '../pkcs11/public-key.ts';
import type { TokenSession } from '../pkcs11/session.ts';
import { certificateParts, derOf, subjectOf } from './certificate.ts';
import { issuerSignatureProblem } from './path/index.ts';

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
  const certKey = tokenKeyFromSpki(parts.spki, `"${subjectOf(cert)}"`);
  const certSpki = spkiFromTokenKey(certKey);
  const keys = await listKeys(session);
  const key = keys.find((k) => k.spki.equals(certSpki));
  if (!key) throw new LocalizedError('cert.no-matching-key', { subject: subjectOf(cert), token: session.token.label });

  await checkChain(cert, chain);
  const present = new Set((await listCertificateObjects(session)).map((c) => c.der.toString('base64')));
  const plan = [
    { cert, id: Buffer.from(key.id, 'hex'), label: key.label, authority: false },
    ...chain.map((ca) => {
      const caParts = certificateParts(derOf(ca));
      return { cert: ca, id: keyIdFor(tokenKeyFromSpki(caParts.spki, `"${subjectOf(ca)}"`)), label: subjectOf(ca).slice(0, 64), authority: true };
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

/**
 * The chain given with a certificate must be its issuers, nothing else: each a CA, each
 * link's signature checked, from the certificate upwards. Refused before anything is written.
 */
async function checkChain(cert: x509.X509Certificate, chain: x509.X509Certificate[]): Promise<void> {
  const refuse = (ca: x509.X509Certificate, en: string, ru: string): never => {
    throw new LocalizedError('cert.chain-invalid', { subject: subjectOf(ca), reason: en, reasonRu: ru });
  };
  for (const ca of chain) {
    if (!ca.getExtension(x509.BasicConstraintsExtension)?.ca) refuse(ca, 'it is not a CA certificate', 'это не сертификат УЦ');
  }
  const used = new Set<x509.X509Certificate>();
  let child = cert;
  for (;;) {
    const issuer = chain.find((ca) => !used.has(ca) && ca.subject === child.issuer);
    if (!issuer) break;
    // our own check of the link (the algorithm allow-list, GOST included), not WebCrypto's
    if (issuerSignatureProblem(derOf(child), derOf(issuer)) !== undefined) {
      refuse(issuer, `its key did not sign "${subjectOf(child)}"`, `его ключом не подписан «${subjectOf(child)}»`);
    }
    used.add(issuer);
    if (issuer.subject === issuer.issuer) break; // the root
    child = issuer;
  }
  const stray = chain.find((ca) => !used.has(ca));
  if (stray) refuse(stray, 'it is not an issuer of the certificate', 'он не является издателем сертификата');
}
