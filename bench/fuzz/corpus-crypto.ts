/**
 * Genuine inputs for the crypto parsers, made in software each run: a test CA (@peculiar/x509),
 * EC P-256, RSA-2048 and GOST R 34.10-2012 (256, CryptoPro-A) signers with certificates from it,
 * detached CMS signatures by the repo's own CmsSigner (one signer, two signers, GOST with EC,
 * BER indefinite-length, PEM), their names, and PKCS#10 requests (GOST's made by createGostCsr). `resignCsr` re-signs a request after its subject was changed, so that
 * mutated subjects get past the signature check and reach the subject parsing behind it.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, sign as nodeSign, webcrypto } from 'node:crypto';
import { addSigner } from '../../src/crypto/cms/add-signer.ts';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { GOST_CURVES } from '../../src/crypto/gost/curves.ts';
import { encodeSignature } from '../../src/crypto/gost/encoding.ts';
import { gostDigest } from '../../src/crypto/gost/asn1.ts';
import { publicKeyOf, randomScalar, signDigest as gostSignDigest } from '../../src/crypto/gost/signature.ts';
import { certificateParts } from '../../src/crypto/x509/certificate.ts';
import { createGostCsr } from '../../src/crypto/x509/gost.ts';
import { parseSubject, subjectToDer } from '../../src/crypto/x509/subject.ts';
import { encodeDerTree, parseDerTree, toIndefinite, type DerNode } from './mutate.ts';

const crypto = webcrypto as unknown as Crypto;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export const COMPANY = { inn: '7707083893', ogrn: '1027700132195' };
export const SIGNER_SUBJECT = `CN=Иванов Иван Иванович,T=Директор,O=ООО «Ромашка»,C=RU,1.2.643.100.4=${COMPANY.inn},1.2.643.100.1=${COMPANY.ogrn},SNILS=112-233-445 95`;

export interface CsrSample {
  pem: string;
  der: Buffer;
  /** The key that signed it, to sign it again after a mutation: Node's, or a GOST scalar. */
  key: KeyObject | GostKey;
  hash: 'sha256' | 'streebog256';
}

const GOST_CURVE = GOST_CURVES['cryptopro-a'];
interface GostKey {
  d: bigint;
}
const signGost = (key: GostKey, message: Uint8Array): Buffer => Buffer.from(encodeSignature(GOST_CURVE, gostSignDigest(GOST_CURVE, key.d, gostDigest(256, message))));

export interface CryptoCorpus {
  caDer: Buffer;
  content: Buffer;
  signedData: Buffer[];
  certificates: Buffer[];
  names: Buffer[];
  csrs: CsrSample[];
  /** CMS signers, for inputs made on demand (the HTTP target signs challenges with them). */
  ecSigner: CmsSigner;
}

const pem = (label: string, der: Buffer): string => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;

export async function makeCryptoCorpus(): Promise<CryptoCorpus> {
  const now = Date.now();
  const caKeys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '0102',
      name: 'CN=Fuzz Test CA, O=Fuzz, C=RU',
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 3650 * DAY),
      keys: caKeys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
    },
    crypto,
  );
  const subject = new x509.Name(new Uint8Array(subjectToDer(parseSubject(SIGNER_SUBJECT))));
  /** A signer's certificate for `keys.publicKey` (a CryptoKey, or @peculiar/x509's PublicKey for a GOST key WebCrypto cannot hold). */
  const issue = async (keys: CryptoKeyPair, serial: string): Promise<Buffer> => {
    const cert = await x509.X509CertificateGenerator.create(
      {
        serialNumber: serial,
        subject,
        issuer: ca.subjectName,
        notBefore: new Date(now - DAY),
        notAfter: new Date(now + 365 * DAY),
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
      },
      crypto,
    );
    return Buffer.from(cert.rawData);
  };
  const ecKeys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const rsaKeys = (await crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ecCert = await issue(ecKeys, '0a11');
  const rsaCert = await issue(rsaKeys, '00b22b');
  const ecSigner = new CmsSigner(softwareSource(KeyObject.from(ecKeys.privateKey)), certificateParts(ecCert));
  const rsaSigner = new CmsSigner(softwareSource(KeyObject.from(rsaKeys.privateKey)), certificateParts(rsaCert));
  // GOST: the request made by createGostCsr, the certificate issued by the same CA for its key
  const gostKey: GostKey = { d: randomScalar(GOST_CURVE) };
  const gostCsr = await createGostCsr({ curve: GOST_CURVE, publicKey: publicKeyOf(GOST_CURVE, gostKey.d), subject: SIGNER_SUBJECT, sign: async (_digest, message) => signGost(gostKey, message) });
  const gostCert = await issue({ publicKey: new x509.Pkcs10CertificateRequest(gostCsr.pem).publicKey } as unknown as CryptoKeyPair, '0c33');
  const gostSigner = new CmsSigner(softwareSource({ curve: GOST_CURVE, d: gostKey.d }), certificateParts(gostCert));

  const content = Buffer.from('{"kind":"payment-order","version":1,"content":{"number":"17","amount":150000}}');
  const signingTime = new Date(now);
  const ec = await ecSigner.sign(content, { signingTime });
  const rsa = await rsaSigner.sign(content, { signingTime });
  const both = await addSigner(ec, content, rsaSigner, { signingTime });
  const gost = await gostSigner.sign(content, { signingTime });
  const gostAndEc = await addSigner(gost, content, ecSigner, { signingTime });
  const ber = encodeDerTree(toIndefinite(parseDerTree(both)!));
  const signedData = [ec, rsa, both, ber, Buffer.from(pem('CMS', ec)), gost, gostAndEc];

  const caDer = Buffer.from(ca.rawData);
  const names = [certificateParts(ecCert).subject, certificateParts(ecCert).issuer, ...extraNames()];

  const csrs: CsrSample[] = [];
  for (const [keys, alg] of [
    [ecKeys, { name: 'ECDSA', hash: 'SHA-256' }],
    [rsaKeys, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }],
  ] as const) {
    const csr = await x509.Pkcs10CertificateRequestGenerator.create(
      { name: subject, keys, signingAlgorithm: alg, extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)] },
      crypto,
    );
    csrs.push({ pem: csr.toString('pem'), der: Buffer.from(csr.rawData), key: KeyObject.from(keys.privateKey), hash: 'sha256' });
  }
  csrs.push({ pem: gostCsr.pem, der: gostCsr.der, key: gostKey, hash: 'streebog256' });
  return { caDer, content, signedData, certificates: [caDer, ecCert, rsaCert, gostCert], names, csrs, ecSigner };
}

/** Names with the string types certificates in the wild use (BMP, Teletex, Printable, Numeric, IA5) and an unknown OID. */
function extraNames(): Buffer[] {
  const atv = (oidHex: string, tag: number, value: Buffer): DerNode => ({
    tag: 0x31,
    children: [{ tag: 0x30, children: [{ tag: 0x06, content: Buffer.from(oidHex, 'hex') }, { tag, content: value }] }],
  });
  const bmp = Buffer.from('Иванов', 'utf16le').swap16();
  return [
    encodeDerTree([
      {
        tag: 0x30,
        children: [
          atv('550406', 0x13, Buffer.from('RU')),
          atv('55040a', 0x14, Buffer.from('Romashka')),
          atv('550403', 0x1e, bmp),
          atv('2a8503640104', 0x12, Buffer.from('7707083893')),
          atv('2a864886f70d010901', 0x16, Buffer.from('a@b.ru')),
          atv('2a03', 0x04, Buffer.from([1, 2, 3])),
        ],
      },
    ]),
    encodeDerTree([{ tag: 0x30, children: [] }]),
  ];
}

/** The CSR with the subject (DER Name) replaced, signed again with its own key: a genuine request for a strange name. */
export function resignCsr(sample: CsrSample, subject: Buffer): Buffer {
  const [request] = parseDerTree(sample.der) ?? [];
  const [info, algorithm] = request?.children ?? [];
  if (!info?.children || !algorithm) throw new Error('the corpus CSR is not DER');
  const [version, , spki, ...rest] = info.children;
  const subjectNodes = parseDerTree(subject);
  // a subject that is not even DER goes in as raw bytes (the framing around it stays right)
  const name: DerNode[] = subjectNodes ?? [{ tag: 0x30, content: subject }];
  const cri = encodeDerTree([{ tag: 0x30, children: [version!, ...name, spki!, ...rest] }]);
  const key = sample.key;
  const signature =
    key instanceof KeyObject ? nodeSign('sha256', cri, key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key) : signGost(key, cri);
  return encodeDerTree([{ tag: 0x30, children: [...parseDerTree(cri)!, algorithm, { tag: 0x03, content: Buffer.concat([Buffer.from([0]), signature]) }] }]);
}

export const csrPem = (der: Buffer): string => pem('CERTIFICATE REQUEST', der);
