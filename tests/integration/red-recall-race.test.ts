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
 * Red team, issue 13: a recall that races the bank's execution (the clock moves the payment to
 * executed while the recall is in flight). The answer must agree with the final status and the
 * receipts: accepted -> never executed; too late -> executed, nothing recalled. Held: the bank
 * reads the status and decides without yielding in between (the signature check is synchronous
 * and recalls queue with submissions); this pins it should that change.
 */
let hsm: SoftHsm;
let bank: RunningSandbox;
let tokens: TokenService;
let boss: Signer;
let session: string;
let companyId: string;

const SUBJECT = 'CN=Иванов Иван Иванович,O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893';
const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => http<T>(method, bank.url + path, body, { authorization: `Bearer ${session}` });
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function order(): DocumentBody {
  return {
    kind: 'payment-order',
    version: 1,
    content: {
      number: String(Math.floor(Math.random() * 900000) + 1),
      date: bank.clock.now().toISOString().slice(0, 10),
      amount: 1_00,
      payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } },
      payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } },
      uin: '0',
      priority: 5,
      purpose: 'Оплата по договору поставки № 12, НДС не облагается',
      operationType: '01',
    },
  } as DocumentBody;
}

beforeAll(async () => {
  hsm = new SoftHsm('red-recall-race');
  hsm.initTestToken('Boss', '10101010', '20202020');
  tokens = new TokenService(SOFTHSM_MODULE);
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  companyId = getSetting(bank.db, 'demo.company_id')!;
  boss = await enrol(bank, tokens, hsm.dir, { token: 'Boss', pin: '10101010', key: 'boss', companyId, name: 'Иванов Иван Иванович', role: 'single-signature', subject: SUBJECT });
  session = await login(bank, tokens, boss);
});
afterAll(async () => {
  await bank?.close();
  hsm?.cleanup();
});

describe('recall racing execution', () => {
  it('never recalls a document the bank executed while it checked the request', async () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      session = await login(bank, tokens, boss); // the bank's clock runs past a session's life in a few rounds
      const id = randomUUID();
      const body = order();
      const bytes = Buffer.from(signedDocumentBytes({ id, companyId }, body));
      const signature = (await tokens.sign(boss.token, boss.pin, boss.key, bytes)).toString('base64');
      expect((await call('PUT', `/v1/documents/${id}`, { document: signedDocumentJson({ id, companyId }, body), signature })).status).toBe(201);
      await adminCall(bank, 'POST', '/admin/clock', { seconds: 90 }); // delivered -> accepted
      expect((await call<{ status: string }>('GET', `/v1/documents/${id}`)).body.status).toBe('accepted');
      const request: RecallRequestFields = { documentId: id, documentDigest: sha256(bytes), reason: 'Ошибка в сумме', requestedAt: bank.clock.now().toISOString() };
      const recallSignature = (await tokens.sign(boss.token, boss.pin, boss.key, Buffer.from(recallSignedBytes(request)))).toString('base64');
      // the recall and, a moment later, the bank's clock moving past execution
      // (a sweep of delays: which of the two comes first is up to the event loop)
      const [answer] = await Promise.all([
        call<{ code?: string; documentStatus?: string }>('POST', `/v1/documents/${id}/recall`, { request, signature: recallSignature }),
        new Promise((r) => setTimeout(r, attempt / 2)).then(() => {
          bank.clock.advance(300);
          return call('GET', `/v1/documents/${id}`); // the bank catches up with its clock on every request
        }),
      ]);
      const final = (await call<{ status: string }>('GET', `/v1/documents/${id}`)).body.status;
      // the receipts the bank wrote for the document, in order (what every client's exchange reads)
      const statuses = (bank.db.prepare('SELECT status FROM changes WHERE document_id = ? ORDER BY cursor').all(id) as { status: string }[]).map((c) => c.status);
      if (answer.status === 200) {
        expect(final).toBe('recalled');
        expect(statuses).not.toContain('executed');
      } else {
        expect(answer.status).toBe(409);
        expect(answer.body.code).toBe('recall-too-late');
        expect(final).toBe('executed');
        expect(statuses).not.toContain('recalled');
      }
    }
  }, 120_000);
});
