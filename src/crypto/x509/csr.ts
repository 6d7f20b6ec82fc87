import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { tokenSource } from '../cms/signature-source.ts';
import { hashFor, schemeFor, type TokenKey } from '../pkcs11/keys.ts';
import { gostPoint } from '../pkcs11/public-key.ts';
import type { TokenSession } from '../pkcs11/session.ts';
import { TokenPrivateKey, publicCryptoKey, tokenCrypto } from '../pkcs11/webcrypto.ts';
import { createGostCsr } from './gost.ts';
import { parseSubject, subjectToDer } from './subject.ts';

export interface CsrRequest {
  session: TokenSession;
  key: TokenKey;
  /** RFC 4514 text, e.g. "CN=Иванов Иван Иванович,T=Директор,O=ООО Ромашка,C=RU,1.2.643.100.4=7707083893". */
  subject: string;
  /** RSA keys only: sign the request with RSA-PSS instead of PKCS#1 v1.5. */
  pss?: boolean;
}

/**
 * A PKCS#10 certificate request for a key on the token, signed by the token. Key usage is
 * digitalSignature + nonRepudiation: the certificate is for signing documents, nothing else.
 */
export async function createCsr(req: CsrRequest): Promise<{ pem: string; der: Buffer }> {
  const pub = req.key.publicKey;
  if (pub.kind === 'gost') {
    // WebCrypto (and so @peculiar/x509) knows no GOST: the request is built in DER here, signed
    // on the token as CMS signs (raw mechanism over our Streebog, or the token's combined one)
    const { curve, point } = gostPoint(pub);
    const source = tokenSource(req.session, req.key);
    return createGostCsr({ curve, publicKey: point, subject: req.subject, sign: (digest, message) => source.sign(Buffer.from(digest), Buffer.from(message)) });
  }
  const name = new x509.Name(new Uint8Array(subjectToDer(parseSubject(req.subject))));
  const scheme = schemeFor(req.key, req.pss);
  const privateKey = new TokenPrivateKey(req.session, req.key, scheme);
  const publicKey = await publicCryptoKey(req.key, scheme);
  const hash = hashFor(req.key);
  const signingAlgorithm =
    scheme === 'ecdsa' ? { name: 'ECDSA', hash } : scheme === 'rsa-pss' ? { name: 'RSA-PSS', hash, saltLength: 32 } : { name: 'RSASSA-PKCS1-v1_5', hash };
  const crypto = tokenCrypto();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name,
      keys: { privateKey, publicKey },
      signingAlgorithm,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { pem: csr.toString('pem'), der: Buffer.from(csr.rawData) };
}
