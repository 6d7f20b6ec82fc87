import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { type DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';
import { http } from '../helpers/http.ts';
import { adminCall, enrol, login, type Signer } from '../helpers/sandbox.ts';

let hsm: SoftHsm;
let bank: RunningSandbox;
let tokens: TokenService;
const signers: Record<string, Signer> = {};
const sessions: Record<string, string> = {};
let companyId: string;

const SUBJECT = (cn: string, inn = '7707083893') => `CN=${cn},O=ООО «Ромашка»,C=RU,1.2.643.100.4=${inn}`;
const call = <T = Record<string, unknown>>(who: string, method: string, path: string, body?: unknown) =>
  http<T>(method, bank.url + path, body, { authorization: `Bearer ${sessions[who]}` });
const today = (): string => bank.clock.now().toISOString().slice(0, 10);

/** A payment order from the demo company's main account (balance 1,490,500.50 roubles). */
function order(amount: number, overrides: Record<string, unknown> = {}): DocumentBody {
  return {
    kind: 'payment-order',
    version: 1,
    content: {
      number: String(Math.floor(Math.random() * 900000) + 1),
      date: today(),
      amount,
      payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } },
      payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } },
      uin: '0',
      priority: 5,
      purpose: 'Оплата по договору поставки № 12, НДС не облагается',
      operationType: '01',
      ...overrides,
    },
  } as DocumentBody;
}

/** The bytes that are signed for document `id` of the demo company. */
const bound = (id: string, body: DocumentBody): Buffer => Buffer.from(signedDocumentBytes({ id, companyId }, body));

/** `who`'s signature over document `id` of the demo company (added to an existing CMS when given). */
async function signed(who: string, id: string, body: DocumentBody, addTo?: Buffer): Promise<string> {
  const s = signers[who]!;
  const sig = await tokens.sign(s.token, s.pin, s.key, bound(id, body), addTo ? { addTo: { bytes: addTo, source: 'existing' } } : {});
  return sig.toString('base64');
}

/** PUT /v1/documents/{id} by `who`: the signed JSON (bound to the id and the demo company) and the signature. */
const put = <T = Record<string, unknown>>(who: string, id: string, body: DocumentBody, signature: string) =>
  call<T>(who, 'PUT', `/v1/documents/${id}`, { document: signedDocumentJson({ id, companyId }, body), signature });

beforeAll(async () => {
  hsm = new SoftHsm('documents');
  hsm.initTestToken('Director', '10101010', '20202020');
  hsm.initTestToken('Chief', '30303030', '40404040');
  hsm.initTestToken('Others', '50505050', '60606060');
  tokens = new TokenService(SOFTHSM_MODULE);
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  companyId = getSetting(bank.db, 'demo.company_id')!;
  const people: [string, string, string, string, string, number | undefined, string?][] = [
    ['director', 'Director', '10101010', 'Иванов Иван Иванович', 'first-signature', 1_300_000_00],
    ['chief', 'Chief', '30303030', 'Сидорова Мария Петровна', 'second-signature', 5_000_000_00],
    ['clerk', 'Others', '50505050', 'Петрова Анна Сергеевна', 'prepares', undefined],
    ['revoked', 'Others', '50505050', 'Уволенный Сотрудник', 'first-signature', undefined],
  ];
  for (const [key, token, pin, name, role, limit] of people) {
    signers[key] = await enrol(bank, tokens, hsm.dir, { token, pin, key, companyId, name, role, limit, subject: SUBJECT(name) });
    sessions[key] = await login(bank, tokens, signers[key]!);
  }
  const other = (await adminCall(bank, 'POST', '/admin/companies', { name: 'ООО «Лютик»', inn: '7736050003', ogrn: '1027739099629' })).body.companyId as string;
  signers.stranger = await enrol(bank, tokens, hsm.dir, { token: 'Others', pin: '50505050', key: 'stranger', companyId: other, name: 'Чужой Директор', role: 'single-signature', subject: SUBJECT('Чужой Директор', '7736050003') });
  sessions.stranger = await login(bank, tokens, signers.stranger);
});
afterAll(async () => {
  await bank?.close();
  hsm?.cleanup();
});

describe('a payment through the two-person rule, to executed', () => {
  const id = randomUUID();
  const body = (): DocumentBody => order(1_200_000_00, { number: '501' });
  let doc: DocumentBody;

  it('takes the first signature and waits for the second; the same request again gets the same answer', async () => {
    doc = body();
    const signature = await signed('director', id, doc);
    const first = await put<{ status: string; missing: string[]; signers: { kind: string }[] }>('director', id, doc, signature);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'signed', missing: ['second'], signers: [{ kind: 'first' }] });
    const again = await put('director', id, doc, signature);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = order(1_200_000_00, { number: '502' });
    const conflict = await put('director', id, other, await signed('director', id, other));
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('document-conflict');
  });

  it('shows the second signer, on another machine, exactly what to sign; their signature completes it', async () => {
    const awaiting = (await call<{ id: string; document: unknown; canonical: string; signature: string; missing: string[] }[]>('chief', 'GET', '/v1/documents/awaiting-signature')).body;
    const item = awaiting.find((a) => a.id === id)!;
    expect(item.missing).toEqual(['second']);
    expect(Buffer.from(item.canonical, 'base64').equals(bound(id, doc))).toBe(true);
    expect(item.document).toEqual(signedDocumentJson({ id, companyId }, doc));
    expect((await call<unknown[]>('director', 'GET', '/v1/documents/awaiting-signature')).body).toEqual([]);
    const both = await signed('chief', id, doc, Buffer.from(item.signature, 'base64'));
    const done = await call('chief', 'POST', `/v1/documents/${id}/signatures`, { signature: both });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'delivered', missing: [] });
  });

  it('moves on the bank clock to accepted and executed, debits the account, and signs a receipt for every step', async () => {
    const accountsBefore = (await call<{ number: string; balance: number }[]>('director', 'GET', '/v1/accounts')).body;
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 61 });
    expect((await call('director', 'GET', `/v1/documents/${id}`)).body.status).toBe('accepted');
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 4 * 60 });
    expect((await call('director', 'GET', `/v1/documents/${id}`)).body.status).toBe('executed');
    const after = (await call<{ number: string; balance: number }[]>('director', 'GET', '/v1/accounts')).body;
    const main = (list: { number: string; balance: number }[]) => list.find((a) => a.number === '40702810300000004583')!.balance;
    expect(main(accountsBefore) - main(after)).toBe(1_200_000_00);

    const feed = (await call<{ changes: { documentId: string; status: string; receipt: { payload: string; signature: string } }[]; cursor: number }>('chief', 'GET', '/v1/changes?cursor=0')).body;
    const mine = feed.changes.filter((c) => c.documentId === id);
    expect(mine.map((c) => c.status)).toEqual(['signed', 'delivered', 'accepted', 'executed']);
    const ca = Buffer.from((await fetch(`${bank.url}/v1/ca/certificate`).then((r) => r.text())).replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    for (const c of mine) {
      const payload = Buffer.from(c.receipt.payload, 'base64');
      const report = await verifyDetached(payload, Buffer.from(c.receipt.signature, 'base64'), [ca]);
      expect(report.ok).toBe(true);
      expect(report.signers[0]!.subject).toContain('Receipts');
      expect(JSON.parse(payload.toString('utf8'))).toMatchObject({ documentId: id, status: c.status });
    }
    const next = (await call<{ changes: unknown[]; cursor: number }>('chief', 'GET', `/v1/changes?cursor=${feed.cursor}`)).body;
    expect(next.changes).toEqual([]);
    expect((await call<{ changes: unknown[] }>('stranger', 'GET', '/v1/changes?cursor=0')).body.changes).toEqual([]);
    expect((await call('stranger', 'GET', `/v1/documents/${id}`)).status).toBe(404);
  });
});

describe('signatures the bank refuses', () => {
  it('by a signer over their limit', async () => {
    const doc = order(1_400_000_00);
    const id = randomUUID();
    const r = await put('director', id, doc, await signed('director', id, doc));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('amount-over-limit');
  });

  it('by a revoked certificate', async () => {
    const doc = order(10_000_00);
    const id = randomUUID();
    const signature = await signed('revoked', id, doc);
    await adminCall(bank, 'POST', `/admin/certificates/${signers.revoked!.certSerial}/revocation`);
    const r = await put('director', id, doc, signature);
    expect(r.body.code).toBe('certificate-revoked');
  });

  it("by another company's certificate, and by someone who only prepares documents", async () => {
    const doc = order(10_000_00);
    // the stranger signs the bytes bound to our company: their certificate is still not one of ours
    const foreignId = randomUUID();
    const foreign = await put('director', foreignId, doc, await signed('stranger', foreignId, doc));
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('signer-not-authorised');
    const clerkId = randomUUID();
    const clerk = await put('clerk', clerkId, doc, await signed('clerk', clerkId, doc));
    expect(clerk.body.code).toBe('signer-not-authorised');
    expect(String(clerk.body.detail)).toContain('no right to sign');
  });

  it('over other bytes than the document', async () => {
    const doc = order(10_000_00);
    const other = order(10_000_01);
    const id = randomUUID();
    const r = await put('director', id, doc, await signed('director', id, other));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('signature-invalid');
    expect(String(r.body.detail)).toContain('message digest mismatch');
  });

  it('bound to another document or another company: the signed bytes name both', async () => {
    const doc = order(10_000_00);
    const [id, elsewhere] = [randomUUID(), randomUUID()];
    // the JSON names another id than the URL, or another company than the caller's
    const otherId = await call('director', 'PUT', `/v1/documents/${id}`, { document: signedDocumentJson({ id: elsewhere, companyId }, doc), signature: await signed('director', elsewhere, doc) });
    expect(otherId.status).toBe(422);
    expect(otherId.body.code).toBe('document-binding-mismatch');
    const otherCompany = await call('stranger', 'PUT', `/v1/documents/${id}`, { document: signedDocumentJson({ id, companyId }, doc), signature: await signed('stranger', id, doc) });
    expect(otherCompany.status).toBe(422);
    expect(otherCompany.body.code).toBe('document-binding-mismatch');
    // the JSON names this id, the signature was made for another: not the bytes that were signed
    const replayed = await put('director', id, doc, await signed('director', elsewhere, doc));
    expect(replayed.status).toBe(422);
    expect(replayed.body.code).toBe('signature-invalid');
  });

  it('a document that breaks its schema, naming every field', async () => {
    const doc = order(10_000_00, { amount: 100.5, extra: 'x' });
    const id = randomUUID();
    const r = await put('director', id, doc, await signed('director', id, order(10_000_00)));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('validation-failed');
    expect((r.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['amount', 'extra']);
  });
});

describe('business rejections, with the reason', () => {
  it('rejects a payment without funds, and one whose payee account fails its control key', async () => {
    const poor = order(1_290_000_00, { number: '601' }); // more than is left after the payment above; within the limit
    const poorId = randomUUID();
    await put('director', poorId, poor, await signed('director', poorId, poor));
    const poorBoth = (await call<{ id: string; signature: string }[]>('chief', 'GET', '/v1/documents/awaiting-signature')).body.find((a) => a.id === poorId)!;
    await call('chief', 'POST', `/v1/documents/${poorId}/signatures`, { signature: await signed('chief', poorId, poor, Buffer.from(poorBoth.signature, 'base64')) });
    const badKey = order(5_000_00, { number: '602', payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000026', bank: { name: 'Банк 2', bic: '049805746' } } });
    const badId = randomUUID();
    expect((await put('director', badId, badKey, await signed('director', badId, badKey))).body.status).toBe('delivered');
    // the bank's validators know the BIC directory it publishes: a bank excluded from it is refused too
    const closed = order(5_000_00, { number: '603', payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40702810900000001234', bank: { name: 'ООО «Закрытый Банк»', bic: '045004999' } } });
    const closedId = randomUUID();
    expect((await put('director', closedId, closed, await signed('director', closedId, closed))).body.status).toBe('delivered');
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 61 });
    const p = (await call<{ status: string; rejection: { code: string; reason: string } }>('director', 'GET', `/v1/documents/${poorId}`)).body;
    expect(p).toMatchObject({ status: 'rejected', rejection: { code: 'insufficient-funds' } });
    const b = (await call<{ status: string; rejection: { code: string; reason: string } }>('director', 'GET', `/v1/documents/${badId}`)).body;
    expect(b.status).toBe('rejected');
    expect(b.rejection.code).toBe('validation-failed');
    expect(b.rejection.reason).toContain('40602810700000000026');
    const c = (await call<{ status: string; rejection: { code: string; reason: string } }>('director', 'GET', `/v1/documents/${closedId}`)).body;
    expect(c).toMatchObject({ status: 'rejected', rejection: { code: 'validation-failed' } });
    expect(c.rejection.reason).toContain('БИК 045004999 (ООО «Закрытый Банк») исключён из справочника БИК с 14.06.2024');
  });
});

describe('a leasing payment', () => {
  it('pays the next instalment: executed, the schedule marks it paid and the account is debited', async () => {
    const contracts = (await call<{ id: string; kind: string; number: string; nextPayment: { number: number; dueDate: string; amount: number } }[]>('director', 'GET', '/v1/contracts')).body;
    const leasing = contracts.find((c) => c.kind === 'leasing')!;
    const next = leasing.nextPayment;
    const doc = {
      kind: 'leasing-payment',
      version: 1,
      content: {
        contractId: leasing.number,
        instalment: { number: next.number, dueDate: next.dueDate },
        amount: next.amount,
        payer: { account: '40702810300000004583', bic: '044525225' },
        date: today(),
        purpose: `Лизинговый платёж № ${next.number} по договору ${leasing.number}, в т.ч. НДС 20%`,
      },
    } as DocumentBody;
    const balance = async () => (await call<{ number: string; balance: number }[]>('director', 'GET', '/v1/accounts')).body.find((a) => a.number === '40702810300000004583')!.balance;
    const before = await balance();
    const id = randomUUID();
    const sent = await put('director', id, doc, await signed('director', id, doc));
    expect(sent.body.status).toBe('delivered');
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 61 });
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 240 });
    expect((await call('director', 'GET', `/v1/documents/${id}`)).body.status).toBe('executed');
    const schedule = (await call<{ items: { number: number; paid: boolean }[] }>('director', 'GET', `/v1/contracts/${leasing.id}/schedule`)).body;
    expect(schedule.items.find((i) => i.number === next.number)!.paid).toBe(true);
    const after = (await call<{ id: string; nextPayment: { number: number } }>('director', 'GET', `/v1/contracts/${leasing.id}`)).body;
    expect(after.nextPayment.number).toBe(next.number + 1);
    expect(before - (await balance())).toBe(next.amount);
  });
});

describe('what the review found, now refused', () => {
  // the bank clock has moved past the first sessions' lifetime: log in again
  beforeEach(async () => {
    for (const who of ['director', 'chief']) sessions[who] = await login(bank, tokens, signers[who]!);
  });

  it('a certificate past its validity on the bank clock, whatever signing time it claims', async () => {
    const doc = order(10_000_00);
    bank.clock.advance(400 * 86_400);
    try {
      const id = randomUUID();
      const r = await put('director', id, doc, await signed('director', id, doc));
      expect(r.body.code).toMatch(/certificate-expired|session-expired/);
      const fresh = await login(bank, tokens, signers.chief!).catch((e: Error) => e.message);
      expect(String(fresh)).toContain('certificate-expired');
    } finally {
      bank.clock.advance(-400 * 86_400);
    }
  });

  it('a second signature that drops the first signer', async () => {
    const doc = order(1_100_000_00, { number: '701' });
    const id = randomUUID();
    await put('director', id, doc, await signed('director', id, doc));
    const alone = await call('chief', 'POST', `/v1/documents/${id}/signatures`, { signature: await signed('chief', id, doc) });
    expect(alone.status).toBe(422);
    expect(String(alone.body.detail)).toContain('no longer carries the earlier signer');
    expect((await call('chief', 'GET', `/v1/documents/${id}`)).body.status).toBe('signed');
  });

  it('the same PUT sent three times at once: one created, the others the same answer, no error', async () => {
    const doc = order(20_000_00, { number: '702' });
    const id = randomUUID();
    const signature = await signed('director', id, doc);
    const answers = await Promise.all([1, 2, 3].map(() => put('director', id, doc, signature)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    const feed = (await call<{ changes: { documentId: string; status: string }[] }>('director', 'GET', '/v1/changes?cursor=0&limit=1000')).body.changes.filter((c) => c.documentId === id);
    expect(feed.map((c) => c.status)).toEqual(['delivered']);
  });

  it('two payments that each fit the balance but not together: the second is rejected when the money moves', async () => {
    const small = (await adminCall(bank, 'POST', `/admin/companies/${companyId}/accounts`, { balance: 1_000_00 })).body.number as string;
    const pay = (n: string): DocumentBody => {
      const d = order(800_00, { number: n });
      (d.content as { payer: { account: string } }).payer.account = small;
      return d;
    };
    const ids = [randomUUID(), randomUUID()];
    for (const [i, id] of ids.entries()) {
      const d = pay(`80${i}`);
      expect((await put('director', id, d, await signed('director', id, d))).body.status).toBe('delivered');
    }
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 61 });
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 240 });
    const states = await Promise.all(ids.map(async (id) => (await call<{ status: string; rejection?: { code: string } }>('director', 'GET', `/v1/documents/${id}`)).body));
    expect(states.map((s) => s.status).sort()).toEqual(['executed', 'rejected']);
    expect(states.find((s) => s.status === 'rejected')!.rejection!.code).toBe('insufficient-funds');
    const balance = (await call<{ number: string; balance: number }[]>('director', 'GET', '/v1/accounts')).body.find((a) => a.number === small)!.balance;
    expect(balance).toBe(200_00);
  });

  it('a leasing payment that does not match its instalment', async () => {
    const leasing = (await call<{ kind: string; number: string; nextPayment: { number: number; dueDate: string } }[]>('director', 'GET', '/v1/contracts')).body.find((c) => c.kind === 'leasing')!;
    const doc = {
      kind: 'leasing-payment',
      version: 1,
      content: { contractId: leasing.number, instalment: { number: leasing.nextPayment.number, dueDate: leasing.nextPayment.dueDate }, amount: 1, payer: { account: '40702810300000004583', bic: '044525225' }, date: today(), purpose: `Лизинговый платёж по договору ${leasing.number}` },
    } as unknown as DocumentBody;
    const id = randomUUID();
    await put('director', id, doc, await signed('director', id, doc));
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 61 });
    expect((await call('director', 'GET', `/v1/documents/${id}`)).body).toMatchObject({ status: 'rejected', rejection: { code: 'instalment-mismatch' } });
  });
});
