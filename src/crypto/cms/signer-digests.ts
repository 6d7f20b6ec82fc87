import { createHash } from 'node:crypto';
import { berToDer } from '../der.ts';
import { certificateParts } from '../x509/certificate.ts';
import { readSignedDataDer, type DerSignedData } from './signed-data-der.ts';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** What identifies one signer of a SignedData by bytes. */
export interface SignerDigests {
  /**
   * What identifies the signature whatever its encoding: SHA-256 over the signer's certificate
   * (its SHA-256) and the signed attributes it signed. Not the signature value itself, which an
   * attacker can rewrite without the key (an ECDSA (r, s) verifies as (r, n - s) too).
   */
  signatureSha256: string;
  /** SHA-256 of the DER of the certificate the signer names, when the SignedData carries it. */
  certificateSha256?: string;
}

/**
 * The digests of each signer of a SignedData (DER or BER), in SignerInfo order, without
 * verifying anything: for recording which signatures were used and matching signers to
 * certificates already verified elsewhere. Unreadable input gives an empty list.
 */
export function signerDigests(cms: Buffer): SignerDigests[] {
  let sd: DerSignedData | undefined;
  try {
    sd = readSignedDataDer(cms) ?? readSignedDataDer(berToDer(cms));
  } catch {
    sd = undefined;
  }
  if (!sd) return [];
  const certs = sd.certificates.flatMap((der) => {
    try {
      return [{ der, parts: certificateParts(der) }];
    } catch {
      return [];
    }
  });
  return sd.signers.map((s) => {
    const cert = certs.find((c) => c.parts.issuer.equals(s.issuer) && c.parts.serialNumber.equals(s.serial));
    const certificateSha256 = cert ? sha256(cert.der) : undefined;
    const statement = s.signedAttrs ? Buffer.concat([Buffer.from(certificateSha256 ?? 'no-certificate'), Buffer.from([0]), s.signedAttrs]) : s.signature;
    return { signatureSha256: sha256(statement), ...(certificateSha256 ? { certificateSha256 } : {}) };
  });
}
