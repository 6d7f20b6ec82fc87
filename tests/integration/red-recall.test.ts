import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { type DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';
import { recallSignedBytes, type RecallRequestFields } from '../../src/shared/bank-api/recall.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';
import { http } from '../helpers/http.ts';
import { adminCall, enrol, login, type Signer } from '../helpers/sandbox.ts';

/**
 * Red team, issue 13: recall requests over HTTP with a time that is not now, and by a certificate
 * the bank revoked. The request's own time (requestedAt, signed, kept by the bank and shown on
 * the card as when it was asked) was taken as written: a request "asked" years ago or next year
 * was accepted while only the CMS signing time was checked.
 */
let hsm: SoftHsm;
let bank: RunningSandbox;
let tokens: TokenService;
const signers: Record<string, Signer> = {};
const sessions: Record<string, string> = {};
let companyId: string;
let otherCompanyId: string;

const SUBJECT = (cn: string, inn = '7707083893') => `CN=${cn},O=ООО «Ромашка»,C=RU,1.2.643.100.4=${inn}`;
const call = <T = Record<string, unknown>>(who: string, method: string, path: string, body?: unknown) => http<T>(method, bank.url + path, body, { authorization: `Bearer ${sessions[who]}` });
const today = (): string => bank.clock.now().toISOString().slice(0, 10);

function order(amount: number, company = 'ООО «Ромашка»', inn = '7707083893', account = '40702810300000004583'): DocumentBody {
  return {
    kind: 'payment-order',
    version: 1,
    content: {
      number: String(Math.floor(Math.random() * 900000) + 1),
      date: today(),
      amount,
      payer: { name: company, inn, kpp: '770701001', account, bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } },
      payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } },
      uin: '0',
      priority: 5,
      purpose: 'Оплата по договору поставки № 12, НДС не облагается',
      operationType: '01',
    },
  } as DocumentBody;
}

/** A document of `who`'s company signed by `who` and sent; its signed bytes. */
async function sent(who: string, company = companyId, body = order(1_000_00)): Promise<{ id: string; bytes: Buffer }> {
  const id = randomUUID();
  const bytes = Buffer.from(signedDocumentBytes({ id, companyId: company }, body));
  const s = signers[who]!;
  const signature = (await tokens.sign(s.token, s.pin, s.key, bytes)).toString('base64');
  const r = await call(who, 'PUT', `/v1/documents/${id}`, { document: signedDocumentJson({ id, companyId: company }, body), signature });
  expect(r.status).toBe(201);
  return { id, bytes };
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function fields(id: string, bytes: Uint8Array, reason = 'Ошибка в реквизитах получателя'): RecallRequestFields {
  return { documentId: id, documentDigest: sha256(bytes), reason, requestedAt: new Date().toISOString() };
}

async function signRecall(who: string, request: RecallRequestFields, over?: Uint8Array): Promise<string> {
  const s = signers[who]!;
  return (await tokens.sign(s.token, s.pin, s.key, Buffer.from(over ?? recallSignedBytes(request)))).toString('base64');
}

const recall = <T = Record<string, unknown>>(who: string, id: string, request: RecallRequestFields, signature: string) => call<T>(who, 'POST', `/v1/documents/${id}/recall`, { request, signature });
const statusOf = async (who: string, id: string): Promise<string> => (await call<{ status: string }>(who, 'GET', `/v1/documents/${id}`)).body.status;
const recallsStored = (): number => (bank.db.prepare('SELECT COUNT(*) AS n FROM recalls').get() as { n: number }).n;

beforeAll(async () => {
  hsm = new SoftHsm('red-recall');
  hsm.initTestToken('Boss', '10101010', '20202020');
  hsm.initTestToken('Others', '50505050', '60606060');
  tokens = new TokenService(SOFTHSM_MODULE);
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  companyId = getSetting(bank.db, 'demo.company_id')!;
  signers.boss = await enrol(bank, tokens, hsm.dir, { token: 'Boss', pin: '10101010', key: 'boss', companyId, name: 'Иванов Иван Иванович', role: 'single-signature', subject: SUBJECT('Иванов Иван Иванович') });
  signers.clerk = await enrol(bank, tokens, hsm.dir, { token: 'Others', pin: '50505050', key: 'clerk', companyId, name: 'Петрова Анна Сергеевна', role: 'prepares', subject: SUBJECT('Петрова Анна Сергеевна') });
  otherCompanyId = (await adminCall(bank, 'POST', '/admin/companies', { name: 'ООО «Лютик»', inn: '7736050003', ogrn: '1027739099629' })).body.companyId as string;
  signers.stranger = await enrol(bank, tokens, hsm.dir, { token: 'Others', pin: '50505050', key: 'stranger', companyId: otherCompanyId, name: 'Чужой Директор', role: 'single-signature', subject: SUBJECT('Чужой Директор', '7736050003') });
  for (const who of ['boss', 'clerk', 'stranger']) sessions[who] = await login(bank, tokens, signers[who]!);
});
afterAll(async () => {
  await bank?.close();
  hsm?.cleanup();
});

describe('recall requests out of time or by a revoked certificate', () => {
  it('refuses a request whose own time is far from the bank\'s (past or future): 422, nothing stored, the document as it was', async () => {
    const { id, bytes } = await sent('boss');
    const before = recallsStored();
    const now = bank.clock.now().getTime();
    for (const at of [new Date(now - 3 * 365 * 86_400_000), new Date(now + 365 * 86_400_000), new Date(now - 2 * 86_400_000), new Date(now + 3_600_000)]) {
      const request = { ...fields(id, bytes), requestedAt: at.toISOString() };
      const r = await recall<{ code: string }>('boss', id, request, await signRecall('boss', request));
      expect([r.status, r.body.code], request.requestedAt).toEqual([422, 'validation-failed']);
    }
    expect(recallsStored()).toBe(before);
    expect(await statusOf('boss', id)).toBe('delivered');
    // now, written with another offset, is fine
    const request = { ...fields(id, bytes), requestedAt: new Date(now).toISOString().replace('Z', '+00:00') };
    const ok = await recall('boss', id, request, await signRecall('boss', request));
    expect(ok.status).toBe(200);
  });

  it('refuses a request signed with a certificate the bank revoked (certificate-revoked), nothing stored; the document holder\'s own request still recalls (held)', async () => {
    const { id, bytes } = await sent('boss');
    const request = fields(id, bytes);
    const signature = await signRecall('boss', request);
    signers.spare = await enrol(bank, tokens, hsm.dir, { token: 'Boss', pin: '10101010', key: 'spare', companyId, name: 'Запасной Подписант', role: 'single-signature', subject: SUBJECT('Запасной Подписант') });
    const spareSignature = await signRecall('spare', request);
    expect((await adminCall(bank, 'POST', `/admin/certificates/${signers.spare.certSerial}/revocation`)).status).toBe(204);
    const before = recallsStored();
    const r = await recall<{ code: string }>('boss', id, request, spareSignature);
    expect(r.body.code).toBe('certificate-revoked');
    expect(recallsStored()).toBe(before);
    expect(await statusOf('boss', id)).toBe('delivered');
    expect((await recall('boss', id, request, signature)).status).toBe(200);
  });
});
