import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { type DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';
import { recallSignedBytes, type RecallRequestFields } from '../../src/shared/bank-api/recall.ts';
import { ReceiptPayload } from '../../src/shared/bank-api/documents-api.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';
import { http } from '../helpers/http.ts';
import { adminCall, enrol, login, type Signer } from '../helpers/sandbox.ts';

/**
 * Recall of a sent document ("Отзыв документа") over HTTP against the sandbox: the signed request,
 * the bank's decision and receipt, idempotence, and the attacks a recall route must refuse.
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
  hsm = new SoftHsm('recall');
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

describe('recall of a sent document', () => {
  it('recalls an accepted document at once, with a receipt the bank signs; the same request again answers the same', async () => {
    const { id, bytes } = await sent('boss');
    bank.clock.advance(90); // delivered -> accepted
    expect(await statusOf('boss', id)).toBe('accepted');
    const request = fields(id, bytes);
    const signature = await signRecall('boss', request);
    const first = await recall<{ status: string; documentStatus: string; reason: string }>('boss', id, request, signature);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ documentId: id, status: 'accepted', documentStatus: 'recalled', reason: request.reason });
    expect(await statusOf('boss', id)).toBe('recalled');
    // the change is in the feed with a receipt the receipts key signed, naming the document's bytes
    const feed = await call<{ changes: { documentId: string; status: string; receipt: { payload: string; signature: string } }[] }>('boss', 'GET', '/v1/changes?cursor=0');
    const change = feed.body.changes.find((c) => c.documentId === id && c.status === 'recalled')!;
    expect(change).toBeDefined();
    const payload = Buffer.from(change.receipt.payload, 'base64');
    const verified = await verifyDetached(payload, Buffer.from(change.receipt.signature, 'base64'), [bank.ca.certificateDer], 'receipt');
    expect(verified.ok).toBe(true);
    expect(ReceiptPayload.parse(JSON.parse(payload.toString('utf8')))).toMatchObject({ documentId: id, status: 'recalled', documentSha256: sha256(bytes), companyId });
    // idempotent: the same signed request, the same answer, no second change
    const again = await recall('boss', id, request, signature);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const after = await call<{ changes: { documentId: string }[] }>('boss', 'GET', '/v1/changes?cursor=0');
    expect(after.body.changes.filter((c) => c.documentId === id)).toHaveLength(feed.body.changes.filter((c) => c.documentId === id).length);
    // another request for the document already recalled comes too late
    const other = fields(id, bytes, 'ещё раз');
    const late = await recall<{ code: string; detail: string }>('boss', id, other, await signRecall('boss', other));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'recall-too-late' });
    expect(late.body.detail).toContain('recalled');
  });

  it('refuses a person of the company without the right to sign: 403, nothing stored, the document as it was', async () => {
    const { id, bytes } = await sent('boss');
    const before = recallsStored();
    const request = fields(id, bytes);
    const r = await recall<{ code: string }>('clerk', id, request, await signRecall('clerk', request));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('signer-not-authorised');
    expect(recallsStored()).toBe(before);
    expect(await statusOf('boss', id)).toBe('delivered');
  });

  it("refuses a request whose digest is another document's: 422", async () => {
    const a = await sent('boss');
    const b = await sent('boss');
    const request = { ...fields(a.id, a.bytes), documentDigest: sha256(b.bytes) };
    const r = await recall<{ code: string }>('boss', a.id, request, await signRecall('boss', request));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('document-binding-mismatch');
    // and a request for one document sent under another's id
    const moved = fields(b.id, b.bytes);
    const r2 = await recall<{ code: string }>('boss', a.id, moved, await signRecall('boss', moved));
    expect(r2.status).toBe(422);
    expect(await statusOf('boss', a.id)).toBe('delivered');
    expect(await statusOf('boss', b.id)).toBe('delivered');
  });

  it("answers another company's document as not found: 404, nothing changes", async () => {
    const { id, bytes } = await sent('boss');
    const request = fields(id, bytes);
    const r = await recall<{ code: string }>('stranger', id, request, await signRecall('stranger', request));
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('not-found');
    // even signed by a signer of the document's company, sent in the stranger's session
    const r2 = await recall<{ code: string }>('stranger', id, request, await signRecall('boss', request));
    expect(r2.status).toBe(404);
    expect(await statusOf('boss', id)).toBe('delivered');
  });

  it('refuses a signature over other bytes: 422 signature-invalid', async () => {
    const { id, bytes } = await sent('boss');
    const request = fields(id, bytes);
    const signature = await signRecall('boss', request, recallSignedBytes({ ...request, reason: 'другая причина' }));
    const r = await recall<{ code: string }>('boss', id, request, signature);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('signature-invalid');
    expect(await statusOf('boss', id)).toBe('delivered');
  });

  it('refuses a request signed while the document was accepted and replayed once it is executed: 409, nothing changes', async () => {
    const { id, bytes } = await sent('boss');
    bank.clock.advance(90);
    expect(await statusOf('boss', id)).toBe('accepted');
    const request = fields(id, bytes);
    const signature = await signRecall('boss', request);
    bank.clock.advance(5 * 60); // accepted -> executed
    expect(await statusOf('boss', id)).toBe('executed');
    const before = recallsStored();
    for (let i = 0; i < 2; i++) {
      const r = await recall<{ code: string; detail: string }>('boss', id, request, signature);
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('recall-too-late');
      expect(r.body.detail).toContain('executed');
    }
    expect(recallsStored()).toBe(before);
    expect(await statusOf('boss', id)).toBe('executed');
  });
});
