/**
 * Letters are signed (issue 13, defect 15), at the bank over real HTTP with SoftHSM2 tokens: a
 * letter to the bank carries the detached CMS of a person of the company over letterSignedBytes
 * (the attachments bound by SHA-256) and the bank checks it as it checks a document's signer. A
 * letter without a signature, one signed by another company's person or with a revoked
 * certificate, one whose text or file was changed after signing, and a signature sent a second
 * time are each refused with their problem type, and nothing of them is kept. The bank's own letters (the demo's and the
 * officer's) carry its receipts key's signature over the same bytes.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { certificateParts, derOf } from '../../src/crypto/x509/certificate.ts';
import { canonicalize } from '../../src/shared/domain/canonical-json.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { letterSignedBytes } from '../../src/shared/bank-api/messages.ts';
import { http } from '../helpers/http.ts';
import { adminCall, enrol, login, type Signer } from '../helpers/sandbox.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';

let hsm: SoftHsm;
let bank: RunningSandbox;
let tokens: TokenService;
let accountant: Signer;
let stranger: Signer;
let session: string;
let companyId: string;

interface Letter {
  id: string;
  sentAt: string;
  direction: 'to-bank' | 'from-bank';
  subject: string;
  body: string;
  inReplyTo: string | null;
  attachments: { name: string; mediaType: string; sha256: string }[];
  signature: { cms: string; signer: { name: string; certificateSerial: string }; signedAt: string } | null;
}
interface Problem {
  code: string;
  status: number;
  detail?: string;
}

const post = (body: unknown) => http<Letter & Problem>('POST', `${bank.url}/v1/messages`, body, { authorization: `Bearer ${session}` });
const kept = (): number => (bank.db.prepare('SELECT count(*) AS n FROM messages WHERE company_id = ?').get(companyId) as { n: number }).n;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A letter of the demo company with a file, and the signature of `who` over its bytes (`signedAs` changes what was signed). */
async function signed(who: Signer, letter: { subject: string; body: string; file: Buffer }, signedAs: Partial<{ companyId: string; body: string; file: Buffer }> = {}) {
  const file = signedAs.file ?? letter.file;
  const bytes = letterSignedBytes({
    companyId: signedAs.companyId ?? companyId,
    direction: 'to-bank',
    subject: letter.subject,
    body: signedAs.body ?? letter.body,
    inReplyTo: null,
    attachments: [{ name: 'акт.pdf', mediaType: 'application/pdf', sha256: sha256(file) }],
  });
  const cms = await tokens.sign(who.token, who.pin, who.key, Buffer.from(bytes));
  return { subject: letter.subject, body: letter.body, attachments: [{ name: 'акт.pdf', mediaType: 'application/pdf', content: letter.file.toString('base64') }], signature: cms.toString('base64') };
}

beforeAll(async () => {
  hsm = new SoftHsm('signed-letters');
  hsm.initTestToken('Accountant', '12341234', '43214321');
  hsm.initTestToken('Stranger', '56785678', '87658765');
  hsm.initTestToken('Leaver', '13571357', '75317531');
  tokens = new TokenService(SOFTHSM_MODULE);
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  companyId = getSetting(bank.db, 'demo.company_id')!;
  accountant = await enrol(bank, tokens, hsm.dir, {
    token: 'Accountant', pin: '12341234', key: 'acc', companyId, name: 'Петрова Анна Сергеевна', role: 'prepares',
    subject: 'CN=Петрова Анна Сергеевна,O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893',
  });
  session = await login(bank, tokens, accountant);
  const other = (await adminCall(bank, 'POST', '/admin/companies', { name: 'ООО «Лютик»', inn: '7736050003', ogrn: '1027739099629' })).body.companyId as string;
  stranger = await enrol(bank, tokens, hsm.dir, {
    token: 'Stranger', pin: '56785678', key: 'str', companyId: other, name: 'Чужой Директор', role: 'single-signature',
    subject: 'CN=Чужой Директор,O=ООО «Лютик»,C=RU,1.2.643.100.4=7736050003',
  });
}, 60_000);
afterAll(async () => {
  await bank?.close();
  hsm?.cleanup();
});

describe('letters to the bank are signed', () => {
  const letter = { subject: 'Акт сверки', body: 'Направляем акт сверки за ноябрь.', file: Buffer.from('%PDF-1.4 акт сверки') };

  it('a letter signed by a person of the company is taken, with who signed it and the certificate', async () => {
    const before = kept();
    const r = await post(await signed(accountant, letter));
    expect(r.status).toBe(201);
    expect(r.body.signature?.signer).toEqual({ name: 'Петрова Анна Сергеевна', certificateSerial: accountant.certSerial });
    expect(kept()).toBe(before + 1);
    // what the bank keeps verifies over the letter's bytes as the client computes them
    const report = await verifyDetached(letterSignedBytes({ ...r.body, companyId }), Buffer.from(r.body.signature!.cms, 'base64'), [bank.ca.certificateDer]);
    expect(report.ok).toBe(true);
  });

  it('a letter without a signature is refused, and nothing of it is kept', async () => {
    const before = kept();
    const { signature: _none, ...unsigned } = await signed(accountant, { ...letter, subject: 'Без подписи' });
    const r = await post(unsigned);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('malformed-request');
    expect(JSON.stringify(r.body)).toContain('signature');
    const empty = await post({ ...unsigned, signature: '' });
    expect(empty.status).toBe(400);
    expect(kept()).toBe(before);
  });

  it('a letter signed by another company\'s person is refused as not signing for this company', async () => {
    const before = kept();
    const r = await post(await signed(stranger, { ...letter, subject: 'Чужая подпись' }));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('signer-not-authorised');
    expect(r.body.detail).toContain('does not sign for this company');
    expect(kept()).toBe(before);
  });

  it('a letter whose text was changed after signing is refused as signature-invalid, naming what failed', async () => {
    const before = kept();
    const r = await post(await signed(accountant, { ...letter, subject: 'Изменённый текст', body: 'Оплатите счёт 99 на 1 000 000 ₽.' }, { body: letter.body }));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('signature-invalid');
    expect(r.body.detail).toMatch(/digest|дайджест|хэш|hash/i);
    expect(kept()).toBe(before);
  });

  it('a letter whose attachment was swapped after signing is refused: the file is bound by its digest', async () => {
    const before = kept();
    const r = await post(await signed(accountant, { ...letter, subject: 'Другой файл', file: Buffer.from('%PDF-1.4 другой счёт') }, { file: letter.file }));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('signature-invalid');
    expect(kept()).toBe(before);
  });

  it('a letter signed for another company cannot be sent as this one\'s', async () => {
    const before = kept();
    const r = await post(await signed(accountant, { ...letter, subject: 'Для другой организации' }, { companyId: 'another-company' }));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('signature-invalid');
    expect(kept()).toBe(before);
  });

  it('a letter signed with a revoked certificate is refused as certificate-revoked', async () => {
    const leaver = await enrol(bank, tokens, hsm.dir, {
      token: 'Leaver', pin: '13571357', key: 'lv', companyId, name: 'Уволенный Сотрудник', role: 'prepares',
      subject: 'CN=Уволенный Сотрудник,O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893',
    });
    const letter = await signed(leaver, { subject: 'После увольнения', body: 'Текст.', file: Buffer.from('x') });
    expect((await adminCall(bank, 'POST', `/admin/certificates/${leaver.certSerial}/revocation`, {})).status).toBeLessThan(300);
    const before = kept();
    const r = await post(letter);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('certificate-revoked');
    expect(kept()).toBe(before);
  });

  it('the same signed letter sent again is a replay, not a second letter', async () => {
    const once = await signed(accountant, { ...letter, subject: 'Один раз' });
    expect((await post(once)).status).toBe(201);
    const before = kept();
    const again = await post(once);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('signature-replayed');
    expect(kept()).toBe(before);
  });
});

describe("the bank's letters carry its signature", () => {
  it("the demo's and the officer's letters are signed by the receipts key over the same bytes", async () => {
    const posted = await adminCall(bank, 'POST', `/admin/companies/${companyId}/messages`, { subject: 'Сверка', body: 'Пришлите акт сверки.', attachments: [{ name: 'форма.txt', mediaType: 'text/plain', content: Buffer.from('форма').toString('base64') }] });
    expect(posted.status).toBe(201);
    const letters = (await http<Letter[]>('GET', `${bank.url}/v1/messages`, undefined, { authorization: `Bearer ${session}` })).body.filter((m) => m.direction === 'from-bank');
    expect(letters.length).toBe(3);
    const receipts = derOf(bank.ca.receipts.cert);
    for (const m of letters) {
      expect(m.signature?.signer.certificateSerial).toBe(bank.ca.receipts.cert.serialNumber.toLowerCase());
      const report = await verifyDetached(letterSignedBytes({ ...m, companyId }), Buffer.from(m.signature!.cms, 'base64'), [bank.ca.certificateDer]);
      expect(report.ok).toBe(true);
      expect(report.signers[0]!.certificateSha256).toBe(sha256(receipts));
      // and not over a changed text
      expect((await verifyDetached(letterSignedBytes({ ...m, companyId, body: `${m.body} ` }), Buffer.from(m.signature!.cms, 'base64'), [bank.ca.certificateDer])).ok).toBe(false);
    }
  });
});

describe('letters kept from before letters were signed', () => {
  it("the bank signs its own unsigned letters when it starts", async () => {
    const bankLetter = bank.mailbox.list(companyId).find((m) => m.direction === 'from-bank')!;
    bank.db.prepare('UPDATE messages SET signature = NULL, signer_name = NULL, signer_serial = NULL, signed_at = NULL WHERE id = ?').run(bankLetter.id);
    expect(bank.mailbox.get(companyId, bankLetter.id).signature).toBeNull();
    await bank.close();
    bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
    const signed = bank.mailbox.get(companyId, bankLetter.id);
    expect(signed.signature?.signer.certificateSerial).toBe(bank.ca.receipts.cert.serialNumber.toLowerCase());
    expect((await verifyDetached(letterSignedBytes({ ...signed, companyId }), Buffer.from(signed.signature!.cms, 'base64'), [bank.ca.certificateDer])).ok).toBe(true);
  });

  it("the bank signs again, when it starts, its letters signed before their id and date were signed (version 1)", async () => {
    const bankLetter = bank.mailbox.list(companyId).find((m) => m.direction === 'from-bank')!;
    // the bytes a letter of the bank was signed over before: no id, no sentAt
    const { id: _id, sentAt: _sentAt, read: _read, signature: _signature, ...old } = bankLetter;
    const v1 = Buffer.from(canonicalize({ kind: 'letter', version: 1, companyId, ...old }), 'utf8');
    const oldCms = new CmsSigner(softwareSource(bank.ca.receipts.signingKey), certificateParts(derOf(bank.ca.receipts.cert))).signSync(v1);
    bank.db.prepare('UPDATE messages SET signature = ? WHERE id = ?').run(oldCms, bankLetter.id);
    await bank.close();
    bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
    const signed = bank.mailbox.get(companyId, bankLetter.id);
    expect(Buffer.from(signed.signature!.cms, 'base64').equals(oldCms)).toBe(false);
    expect((await verifyDetached(letterSignedBytes({ ...signed, companyId }), Buffer.from(signed.signature!.cms, 'base64'), [bank.ca.certificateDer])).ok).toBe(true);
    // a letter signed over today's bytes is left as it is at the next start
    await bank.close();
    bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
    expect(bank.mailbox.get(companyId, bankLetter.id).signature!.cms).toBe(signed.signature!.cms);
  });
});
