/**
 * Red team on POST /v1/documents/batch: CPU per request. One batch of items whose SignedData
 * each make the bank examine its whole budget of candidate issuers, each an RSA-8192 check with
 * a 32-bit public exponent (the largest key and exponent the path check takes), every item's
 * certificates new (nothing cached): how long does the bank spend on it, and how long does
 * another company wait meanwhile? It was about 70 ms an item, in one stretch: an 8 MiB batch held
 * the bank twelve seconds. Now a company's submissions may make the bank
 * examine only so many candidate issuers (a bucket per company, refilled each second); the rest
 * are refused unchecked (rate-limited).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import { createPublicKey, KeyObject, randomBytes, randomUUID, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { addSigner } from '../../src/crypto/cms/add-signer.ts';
import { encodeSignedData, parseSignedData } from '../../src/crypto/cms/parse.ts';
import { certificateParts } from '../../src/crypto/x509/certificate.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';
import { http } from '../helpers/http.ts';
import { login } from '../helpers/sandbox.ts';
import { recallSignedBytes } from '../../src/shared/bank-api/recall.ts';
import { bank, companyId, fields, order, otherCompanyId, recall, sent, signers, tokens, useRecallBank } from '../helpers/recall-bank.ts';

useRecallBank('red-batch-cpu');

const crypto = webcrypto as unknown as Crypto;
const KEY_ID = randomBytes(20);

/** An RSA public key of 8192 bits with the exponent 2^32 - 1: any modulus will do for a check that fails. */
async function costlyKey(): Promise<CryptoKey> {
  const n = randomBytes(1024);
  n[0]! |= 0x80;
  n[1023]! |= 1;
  const der = createPublicKey({ key: { kty: 'RSA', n: n.toString('base64url'), e: Buffer.from([0xff, 0xff, 0xff, 0xff]).toString('base64url') }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  return crypto.subtle.importKey('spki', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
}

async function attackerMaterial() {
  const ca = bank.ca.certificate;
  const throwaway = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const rsa = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const costly = await costlyKey();
  const now = bank.clock.now();
  const notBefore = new Date(now.getTime() - 86_400_000);
  const notAfter = new Date(now.getTime() + 365 * 86_400_000);
  // 20 made-up CAs named as the bank's CA, with one key identifier, each an RSA-8192 key
  const candidates: Buffer[] = [];
  for (let i = 0; i < 20; i++) {
    const c = await x509.X509CertificateGenerator.create(
      {
        serialNumber: randomBytes(8).toString('hex'),
        subject: ca.subject,
        issuer: 'CN=Somebody',
        notBefore,
        notAfter,
        publicKey: costly,
        signingKey: throwaway.privateKey,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true), new x509.SubjectKeyIdentifierExtension(KEY_ID.toString('hex')), new x509.AuthorityKeyIdentifierExtension(randomBytes(20).toString('hex'))],
      },
      crypto,
    );
    candidates.push(Buffer.from(c.rawData));
  }
  /** A signer certificate "issued" by those CAs: an RSA signature value of 1,024 bytes that each must check. */
  const signerCert = async (keys: CryptoKeyPair): Promise<Buffer> => {
    const c = await x509.X509CertificateGenerator.create(
      {
        serialNumber: randomBytes(8).toString('hex'),
        subject: `CN=Attacker ${randomUUID()}`,
        issuer: ca.subject,
        notBefore,
        notAfter,
        publicKey: keys.publicKey,
        signingKey: rsa.privateKey,
        signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true), new x509.AuthorityKeyIdentifierExtension(KEY_ID.toString('hex'))],
      },
      crypto,
    );
    const cert = pkijs.Certificate.fromBER(new Uint8Array(c.rawData));
    const value = randomBytes(1024);
    value[0] = 0x01; // below any modulus of 8192 bits: the check runs to its end
    cert.signatureValue = new (await import('asn1js')).BitString({ valueHex: value });
    return Buffer.from(cert.toSchema().toBER());
  };
  return { candidates, signerCert, throwaway };
}

/** A SignedData over `bytes` of four made-up signers, carrying the 20 made-up CAs: the bank examines its whole budget of candidate issuers (base64). */
async function costlySignedData(m: Awaited<ReturnType<typeof attackerMaterial>>, bytes: Uint8Array): Promise<string> {
  let cms: Buffer | undefined;
  for (let k = 0; k < 4; k++) {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const signer = new CmsSigner(softwareSource(KeyObject.from(keys.privateKey)), certificateParts(await m.signerCert(keys)));
    cms = cms ? await addSigner(cms, bytes, signer, { signingTime: bank.clock.now() }) : await signer.sign(bytes, { signingTime: bank.clock.now() });
  }
  const sd = parseSignedData(cms!, 'attack');
  for (const c of m.candidates) sd.certificates!.push(pkijs.Certificate.fromBER(new Uint8Array(c)));
  return encodeSignedData(sd).toString('base64');
}

describe('CPU per request', () => {
  it('a batch of costly SignedData: measured, and another company is answered meanwhile', async () => {
    const m = await attackerMaterial();
    // a payment of the company's, sent before the attack: a recall of it is signed costly below
    const payment = await sent('boss');
    const session = await login(bank, tokens, signers.boss!);
    const strangerSession = await login(bank, tokens, signers.stranger!);
    const items: { id: string; document: unknown; signature: string }[] = [];
    const COUNT = Number(process.env.RED_BATCH_ITEMS ?? 40);
    for (let i = 0; i < COUNT; i++) {
      const id = randomUUID();
      const body = order(1_000_00);
      const bytes = Buffer.from(signedDocumentBytes({ id, companyId }, body));
      items.push({ id, document: signedDocumentJson({ id, companyId }, body), signature: await costlySignedData(m, bytes) });
    }
    const size = JSON.stringify({ documents: items }).length;
    // the bank runs in this process: the longest stretch its event loop is held is how long any other client waits at least
    let last = Date.now();
    let longestBlockMs = 0;
    const tick = setInterval(() => {
      const now = Date.now();
      longestBlockMs = Math.max(longestBlockMs, now - last);
      last = now;
    }, 5);
    const started = Date.now();
    const attack = http<{ results: { status: number; problem?: { detail?: string } }[] }>('POST', `${bank.url}/v1/documents/batch`, { documents: items }, { authorization: `Bearer ${session}` });
    // another company's ordinary requests, sent while the batch is being worked on: a read, and a payment of its own
    await new Promise((r) => setTimeout(r, 300));
    const theirId = randomUUID();
    const theirBody = order(5_000_00, 'ООО «Лютик»', '7736050003');
    const theirBytes = Buffer.from(signedDocumentBytes({ id: theirId, companyId: otherCompanyId }, theirBody));
    const s = signers.stranger!;
    const theirSignature = (await tokens.sign(s.token, s.pin, s.key, theirBytes)).toString('base64');
    const otherStarted = Date.now();
    const [other, put] = await Promise.all([
      http('GET', `${bank.url}/v1/me`, undefined, { authorization: `Bearer ${strangerSession}` }),
      http('PUT', `${bank.url}/v1/documents/${theirId}`, { document: signedDocumentJson({ id: theirId, companyId: otherCompanyId }, theirBody), signature: theirSignature }, { authorization: `Bearer ${strangerSession}` }),
    ]);
    const otherMs = Date.now() - otherStarted;
    const r = await attack;
    const attackMs = Date.now() - started;
    clearInterval(tick);
    console.log(JSON.stringify({ items: COUNT, bytes: size, attackMs, otherMs, longestBlockMs, first: r.body.results?.[0] }));
    expect(r.status).toBe(200);
    // a few are checked (each refused: no path to the bank's CA), the rest refused unchecked as rate-limited
    const checked = r.body.results.filter((x) => x.status === 422);
    const unchecked = r.body.results.filter((x) => x.status === 429);
    expect(checked.length + unchecked.length).toBe(COUNT);
    // the company's bucket: 64 + 256 candidate issuers at once and 100 a second, each hostile item takes 64
    expect(checked.length).toBeLessThanOrEqual(Math.ceil((64 + 256 + 100 * (longestBlockMs / 1000)) / 64) + 1);
    for (const x of unchecked) expect(x.problem).toMatchObject({ code: 'rate-limited', detail: expect.stringContaining('candidate issuers') });
    // before: about 70 ms of the event loop an item, all of them in one stretch (7 s for 100 items)
    expect(longestBlockMs).toBeLessThan(1500);
    // another company is answered, its payment taken
    expect(other.status).toBe(200);
    expect(put.status).toBe(201);
    // the same again at once: the bucket is empty, refilled at 100 a second (about one and a half items' worth); nothing like a second batch's worth
    const again = await http<{ results: { status: number }[] }>('POST', `${bank.url}/v1/documents/batch`, { documents: items }, { authorization: `Bearer ${session}` });
    expect(again.body.results.filter((x) => x.status === 422).length).toBeLessThanOrEqual(3);
    // and single PUTs are counted in the same bucket
    const single = await http<{ code?: string }>('PUT', `${bank.url}/v1/documents/${items[0]!.id}`, { document: items[0]!.document, signature: items[0]!.signature }, { authorization: `Bearer ${session}` });
    expect([422, 429]).toContain(single.status);
    // and so are the other signatures a company sends (a recall here; added signatures and letters take the same check):
    // a costly recall request is refused unchecked while the bucket is empty (before: checked, 64 candidates, 422)
    const request = fields(payment.id, payment.bytes);
    const costlyRecall = await costlySignedData(m, recallSignedBytes(request));
    const blocked = await recall<{ code?: string; detail?: string }>('boss', payment.id, request, costlyRecall);
    expect([blocked.status, blocked.body.code]).toEqual([429, 'rate-limited']);
    expect(blocked.body.detail).toContain('candidate issuers');
  });
});
