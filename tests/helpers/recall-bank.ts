/**
 * The sandbox bank of the recall tests over HTTP, and the calls they make: a document sent and
 * signed, a recall request signed on the token, the document's status, the recalls the bank keeps.
 */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { type DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';
import { recallSignedBytes, type RecallRequestFields } from '../../src/shared/bank-api/recall.ts';
import { SoftHsm, SOFTHSM_MODULE } from './softhsm.ts';
import { http } from './http.ts';
import { adminCall, enrol, login, type Signer } from './sandbox.ts';

export let hsm: SoftHsm;
export let bank: RunningSandbox;
export let tokens: TokenService;
export const signers: Record<string, Signer> = {};
const sessions: Record<string, string> = {};
export let companyId: string;
export let otherCompanyId: string;

export const SUBJECT = (cn: string, inn = '7707083893') => `CN=${cn},O=ООО «Ромашка»,C=RU,1.2.643.100.4=${inn}`;
export const call = <T = Record<string, unknown>>(who: string, method: string, path: string, body?: unknown) => http<T>(method, bank.url + path, body, { authorization: `Bearer ${sessions[who]}` });
export const today = (): string => bank.clock.now().toISOString().slice(0, 10);

export function order(amount: number, company = 'ООО «Ромашка»', inn = '7707083893', account = '40702810300000004583'): DocumentBody {
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
export async function sent(who: string, company = companyId, body = order(1_000_00)): Promise<{ id: string; bytes: Buffer }> {
  const id = randomUUID();
  const bytes = Buffer.from(signedDocumentBytes({ id, companyId: company }, body));
  const s = signers[who]!;
  const signature = (await tokens.sign(s.token, s.pin, s.key, bytes)).toString('base64');
  const r = await call(who, 'PUT', `/v1/documents/${id}`, { document: signedDocumentJson({ id, companyId: company }, body), signature });
  expect(r.status).toBe(201);
  return { id, bytes };
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export function fields(id: string, bytes: Uint8Array, reason = 'Ошибка в реквизитах получателя'): RecallRequestFields {
  return { documentId: id, documentDigest: sha256(bytes), reason, requestedAt: new Date().toISOString() };
}

export async function signRecall(who: string, request: RecallRequestFields, over?: Uint8Array): Promise<string> {
  const s = signers[who]!;
  return (await tokens.sign(s.token, s.pin, s.key, Buffer.from(over ?? recallSignedBytes(request)))).toString('base64');
}

export const recall = <T = Record<string, unknown>>(who: string, id: string, request: RecallRequestFields, signature: string) => call<T>(who, 'POST', `/v1/documents/${id}/recall`, { request, signature });
export const statusOf = async (who: string, id: string): Promise<string> => (await call<{ status: string }>(who, 'GET', `/v1/documents/${id}`)).body.status;
export const recallsStored = (): number => (bank.db.prepare('SELECT COUNT(*) AS n FROM recalls').get() as { n: number }).n;

/** Registers, for the test file that calls it, the bank, two tokens and three people with sessions: boss signs, clerk only prepares, stranger is of another company. */
export function useRecallBank(name: string): void {
  beforeAll(async () => {
    hsm = new SoftHsm(name);
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
}
