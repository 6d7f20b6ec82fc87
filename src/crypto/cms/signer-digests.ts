import { createHash } from 'node:crypto';
import { berToDer } from '../der.ts';
import { certificateParts } from '../x509/certificate.ts';
import { readSignedDataDer, type DerSignedData } from './signed-data-der.ts';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** What identifies one signer of a SignedData by bytes. */
export interface SignerDigests {
  /** SHA-256 of the signature value: the same value twice is the same signature, whatever wraps it. */
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
    return { signatureSha256: sha256(s.signature), ...(cert ? { certificateSha256: sha256(cert.der) } : {}) };
  });
}
