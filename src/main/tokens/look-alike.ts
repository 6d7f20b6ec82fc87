import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'node:crypto';
import { CmsSigner } from '../../crypto/cms/signer.ts';
import { softwareSource } from '../../crypto/cms/signature-source.ts';
import { certificateParts, derOf } from '../../crypto/x509/certificate.ts';

const crypto = webcrypto as unknown as Crypto;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/**
 * What an attacker makes without the bank's help: a certificate that copies a genuine one's
 * serial number, subject and issuer name (the bank CA's) and every extension that matters, but
 * carries the attacker's own key and is signed by that key. Whoever trusts a serial or a name
 * instead of the certificate's bytes and the CA's signature is fooled by it. The conformance
 * suite and the tests play the attacker with it; the app never calls it.
 */
export async function lookAlikeSigner(genuinePem: string): Promise<CmsSigner> {
  const genuine = new x509.X509Certificate(genuinePem);
  const keys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const forged = await x509.X509CertificateGenerator.create(
    {
      serialNumber: genuine.serialNumber,
      subject: genuine.subjectName,
      issuer: genuine.issuerName,
      notBefore: genuine.notBefore,
      notAfter: genuine.notAfter,
      publicKey: keys.publicKey,
      signingKey: keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: genuine.extensions,
    },
    crypto,
  );
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = KeyObject.from(await crypto.subtle.importKey('pkcs8', pkcs8, EC, true, ['sign']));
  return new CmsSigner(softwareSource(key), certificateParts(derOf(forged)));
}
