/**
 * Group commit at the bank: submissions that arrive together are verified, then decided one after
 * another inside one transaction (a savepoint each) and answered only after its commit. Each keeps
 * its own answer: a refused one in the middle gets its own problem and the others are stored; the
 * same document twice in one group answers the same; an answered document survives the bank
 * process being killed at once.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting, openStore } from '../../src/sandbox/store.ts';
import { ApiProblem } from '../../src/sandbox/http.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { type DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';
import { BankClient } from '../../src/cli/conformance/bank-client.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';
import { http } from '../helpers/http.ts';
import { enrol, login, type Signer } from '../helpers/sandbox.ts';
import { kill, spawnSandbox, type SandboxProcess } from '../helpers/sandbox-process.ts';

let hsm: SoftHsm;
let bank: RunningSandbox;
let tokens: TokenService;
let solo: Signer;
let session: string;
let companyId: string;

const SUBJECT = (cn: string, inn = '7707083893') => `CN=${cn},O=ООО «Ромашка»,C=RU,1.2.643.100.4=${inn}`;

/** A payment order of the demo company (its main account). */
function order(amount: number, number: string, date: string): DocumentBody {
  return {
    kind: 'payment-order',
    version: 1,
    content: {
      number,
      date,
      amount,
      payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } },
      payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } },
      uin: '0',
      priority: 5,
      purpose: 'Оплата по договору поставки № 12, НДС не облагается',
      operationType: '01',
    },
  } as DocumentBody;
}

interface Item {
  id: string;
  body: DocumentBody;
  signature: string;
}

const signFor = async (s: Signer, company: string, id: string, body: DocumentBody): Promise<string> =>
  (await tokens.sign(s.token, s.pin, s.key, Buffer.from(signedDocumentBytes({ id, companyId: company }, body)))).toString('base64');

beforeAll(async () => {
  hsm = new SoftHsm('group-commit');
  hsm.initTestToken('Solo', '10101010', '20202020');
  tokens = new TokenService(SOFTHSM_MODULE);
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  companyId = getSetting(bank.db, 'demo.company_id')!;
  solo = await enrol(bank, tokens, hsm.dir, { token: 'Solo', pin: '10101010', key: 'solo', companyId, name: 'Одинцов Олег Олегович', role: 'single-signature', limit: 500_000_00, subject: SUBJECT('Одинцов Олег Олегович') });
  session = await login(bank, tokens, solo);
});
afterAll(async () => {
  await bank?.close();
  hsm?.cleanup();
});

/** Signed documents for the demo company: `n` good ones, and the requests that go wrong among them. */
async function mixedGroup(n: number): Promise<{ good: Item[]; badSignature: Item; overLimit: Item; conflict: Item }> {
  const date = bank.clock.now().toISOString().slice(0, 10);
  const good: Item[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const body = order(1_000_00 + i, String(800 + i), date);
    good.push({ id, body, signature: await signFor(solo, companyId, id, body) });
  }
  const badId = randomUUID();
  const badBody = order(2_000_00, '901', date);
  // signed over other bytes than the document it comes with
  const badSignature = { id: badId, body: badBody, signature: await signFor(solo, companyId, badId, order(2_000_01, '901', date)) };
  const overId = randomUUID();
  const overBody = order(900_000_00, '902', date);
  const overLimit = { id: overId, body: overBody, signature: await signFor(solo, companyId, overId, overBody) };
  // another document under the id of a good one
  const other = order(3_000_00, '903', date);
  const conflict = { id: good[2]!.id, body: other, signature: await signFor(solo, companyId, good[2]!.id, other) };
  return { good, badSignature, overLimit, conflict };
}

const feedOf = async (id: string) =>
  (await http<{ changes: { documentId: string; status: string; receipt: { payload: string; signature: string } }[] }>('GET', `${bank.url}/v1/changes?cursor=0&limit=1000`, undefined, { authorization: `Bearer ${session}` })).body.changes.filter((c) => c.documentId === id);

describe('submissions that arrive together', () => {
  it('over HTTP at once: each gets its own answer; the refused ones in the middle get their problem, the others are stored with a signed receipt', async () => {
    const { good, badSignature, overLimit, conflict } = await mixedGroup(6);
    // the wrong ones in the middle, and the same document twice
    const requests = [good[0]!, good[1]!, badSignature, good[2]!, overLimit, conflict, good[3]!, good[1]!, good[4]!, good[5]!];
    const answers = await Promise.all(
      requests.map((r) => http<Record<string, unknown>>('PUT', `${bank.url}/v1/documents/${r.id}`, { document: signedDocumentJson({ id: r.id, companyId }, r.body), signature: r.signature }, { authorization: `Bearer ${session}` })),
    );
    expect(answers[2]).toMatchObject({ status: 422, body: { code: 'signature-invalid' } });
    expect(String(answers[2]!.body.detail)).toContain('message digest mismatch');
    expect(answers[4]).toMatchObject({ status: 403, body: { code: 'amount-over-limit' } });
    expect(answers[5]).toMatchObject({ status: 409, body: { code: 'document-conflict' } });
    // the same document twice: one created, the other the same state
    expect([answers[1]!.status, answers[7]!.status].sort()).toEqual([200, 201]);
    expect(answers[7]!.body).toEqual(answers[1]!.body);
    for (const i of [0, 3, 6, 8, 9]) expect(answers[i]).toMatchObject({ status: 201, body: { id: requests[i]!.id, status: 'delivered' } });

    const ca = bank.ca.certificateDer;
    for (const g of good) {
      const feed = await feedOf(g.id);
      expect(feed.map((c) => c.status)).toEqual(['delivered']);
      const receipt = feed[0]!.receipt;
      const payload = Buffer.from(receipt.payload, 'base64');
      expect((await verifyDetached(payload, Buffer.from(receipt.signature, 'base64'), [ca])).ok).toBe(true);
      expect(JSON.parse(payload.toString('utf8'))).toMatchObject({ documentId: g.id, companyId, status: 'delivered' });
    }
    // the refused ones left nothing: no document, no change
    for (const r of [badSignature, overLimit]) {
      expect((await http('GET', `${bank.url}/v1/documents/${r.id}`, undefined, { authorization: `Bearer ${session}` })).status).toBe(404);
      expect(await feedOf(r.id)).toEqual([]);
    }
  });

  it('in one group for certain (submitted in the same tick): decided in the order they came, each in a savepoint of its own', async () => {
    const { good, badSignature, overLimit, conflict } = await mixedGroup(4);
    const caller = bank.identity.authenticate(`Bearer ${session}`);
    const order_ = [good[0]!, badSignature, good[1]!, good[1]!, overLimit, good[2]!, conflict, good[3]!];
    const settled = await Promise.allSettled(order_.map((r) => bank.documents.submit(caller, r.id, signedDocumentJson({ id: r.id, companyId }, r.body), r.signature)));
    const codes = settled.map((s) => (s.status === 'fulfilled' ? (s.value.created ? 'created' : 'same') : s.reason instanceof ApiProblem ? s.reason.code : String(s.reason)));
    expect(codes).toEqual(['created', 'signature-invalid', 'created', 'same', 'amount-over-limit', 'created', 'document-conflict', 'created']);
    const [first, repeat] = [settled[2], settled[3]] as PromiseFulfilledResult<{ state: unknown }>[];
    expect(repeat!.value.state).toEqual(first!.value.state);
    for (const g of good) expect((await feedOf(g.id)).map((c) => c.status)).toEqual(['delivered']);
    expect(await feedOf(badSignature.id)).toEqual([]);
    expect(await feedOf(overLimit.id)).toEqual([]);
    // the receipts chain stays whole through the group: each names the company's change before it
    const all = (await http<{ changes: { cursor: number; receipt: { payload: string } }[] }>('GET', `${bank.url}/v1/changes?cursor=0&limit=1000`, undefined, { authorization: `Bearer ${session}` })).body.changes;
    for (let i = 1; i < all.length; i++) expect(JSON.parse(Buffer.from(all[i]!.receipt.payload, 'base64').toString('utf8')).previous).toBe(all[i - 1]!.cursor);
  });
});

describe('answered means stored', () => {
  let proc: SandboxProcess | undefined;
  afterAll(async () => {
    if (proc) await kill(proc);
  });

  it('the bank process killed as soon as answers come: every document it answered is in its store, with its signed receipt', async () => {
    const dataDir = join(hsm.dir, 'crash-bank');
    mkdirSync(dataDir, { recursive: true });
    proc = await spawnSandbox(dataDir);
    const client = new BankClient(proc.url, { url: proc.adminUrl, secret: proc.adminSecret });
    const company = (await client.adminRequest<{ companyId: string }>('POST', '/admin/companies', { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', ogrn: '1027700132195' })).body.companyId;
    const account = (await client.adminRequest<{ number: string }>('POST', `/admin/companies/${company}/accounts`, { balance: 1_000_000_00 })).body.number;
    hsm.initTestToken('Crash', '30303030', '40404040');
    const signer = await client.enrol(tokens, hsm.dir, { token: 'Crash', pin: '30303030', key: 'crash', companyId: company, name: 'Крашев Кирилл', role: 'single-signature', subject: SUBJECT('Крашев Кирилл') });
    const token = await client.login(tokens, signer);
    const date = client.now().toISOString().slice(0, 10);
    const docs: Item[] = [];
    for (let i = 0; i < 60; i++) {
      const id = randomUUID();
      const body = order(100_00 + i, String(100 + i), date);
      (body.content as { payer: { account: string } }).payer.account = account;
      docs.push({ id, body, signature: await signFor(signer, company, id, body) });
    }
    const answered: string[] = [];
    const p = proc;
    let killed: Promise<void> | undefined;
    await Promise.all(
      docs.map(async (d) => {
        try {
          const r = await http('PUT', `${p.url}/v1/documents/${d.id}`, { document: signedDocumentJson({ id: d.id, companyId: company }, d.body), signature: d.signature }, { authorization: `Bearer ${token}` });
          if (r.status === 201) answered.push(d.id);
          // killed at once, with the rest still in flight
          if (answered.length === 10) killed ??= kill(p, 'SIGKILL');
        } catch {
          // the connection died with the bank
        }
      }),
    );
    await (killed ?? kill(p, 'SIGKILL'));
    proc = undefined;
    expect(answered.length).toBeGreaterThanOrEqual(10);
    const db = openStore(dataDir);
    try {
      for (const id of answered) {
        expect(db.prepare('SELECT status FROM documents WHERE company_id = ? AND id = ?').get(company, id)).toEqual({ status: 'delivered' });
        const change = db.prepare('SELECT signature FROM changes WHERE company_id = ? AND document_id = ?').get(company, id) as { signature: Buffer | null };
        expect(change.signature).not.toBeNull();
      }
    } finally {
      db.close();
    }
  });
});


