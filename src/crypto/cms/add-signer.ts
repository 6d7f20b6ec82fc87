import * as pkijs from 'pkijs';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { digestOf } from './signed-attributes.ts';
import { encodeSignedData, messageDigestOf, parseSignedData, signerCertificate } from './parse.ts';
import { DIGESTS, digestWith } from '../x509/path/index.ts';
import { digestAlgorithmDer, hashOid } from './algorithms.ts';
import { nameToText } from '../x509/subject.ts';
import type { CmsSigner, SignOptions } from './signer.ts';

/**
 * Adds `signer` to an existing detached SignedData over `content` (the second signature of the
 * two-person rule). Refuses when the existing signers signed other content, or when this
 * certificate has signed already. The existing signer infos are kept as they are.
 */
export async function addSigner(existing: Buffer, content: Uint8Array, signer: CmsSigner, options: SignOptions = {}, source = 'signature'): Promise<Buffer> {
  const sd = parseSignedData(existing, source);
  for (const info of sd.signerInfos) {
    const name = DIGESTS[info.digestAlgorithm.algorithmId];
    const signed = messageDigestOf(info);
    // a signer without a message digest (or with a hash we do not allow) cannot show what it signed: joining it could vouch for other content
    if (!name || !signed || !signed.equals(digestWith(name, content))) throw new LocalizedError('cms.content-mismatch');
    const cert = signerCertificate(sd, info);
    if (cert && Buffer.from(cert.toSchema().toBER()).equals(signer.certificate.der)) {
      throw new LocalizedError('cms.signer-exists', { subject: nameToText(new Uint8Array(cert.subject.toSchema().toBER())) });
    }
  }
  const signerInfo = await signer.signerInfo(digestOf(signer.hash, content), options);
  sd.signerInfos.push(pkijs.SignerInfo.fromBER(new Uint8Array(signerInfo)));
  if (!sd.digestAlgorithms.some((a) => a.algorithmId === hashOid(signer.hash))) {
    sd.digestAlgorithms.push(pkijs.AlgorithmIdentifier.fromBER(new Uint8Array(digestAlgorithmDer(signer.hash))));
  }
  const certs = sd.certificates ?? (sd.certificates = []);
  const present = certs.some((c) => c instanceof pkijs.Certificate && Buffer.from(c.toSchema().toBER()).equals(signer.certificate.der));
  if (!present) certs.push(pkijs.Certificate.fromBER(new Uint8Array(signer.certificate.der)));
  return encodeSignedData(sd);
}
