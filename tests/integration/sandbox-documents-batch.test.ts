/**
 * POST /v1/documents/batch over real HTTP, as an attacker would try it: every item is checked as
 * its own PUT is and gets exactly its own answer, in the order sent; items that depend on each
 * other are decided in that order; the batch's own limits (one id once, 256 items, 8 MiB, a
 * session) refuse the whole request and store nothing; a batch racing single PUTs for the same
 * ids stores each document once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { DOCUMENT_BATCH_BODY_LIMIT, DOCUMENT_BATCH_MAX } from '../../src/shared/bank-api/documents-api.ts';
import { type DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';
import { renewalSignedJson } from '../../src/shared/bank-api/enrollment.ts';
import { http } from '../helpers/http.ts';
import { enrol, login, type Signer } from '../helpers/sandbox.ts';
import { bank, call, companyId, hsm, order, otherCompanyId, signers, SUBJECT, tokens, useRecallBank } from '../helpers/recall-bank.ts';

useRecallBank('documents-batch');

interface Item {
  id: string;
  document: unknown;
  signature: string;
}
interface Result {
  id: string;
  status: number;
  state?: { id: string; status: string; missing: string[] };
  problem?: { code: string; status: number; detail?: string; errors?: { field: string }[] };
}

/** `s`'s signature over the bytes of document `id` of `company` (the demo company unless named). */
const signOf = async (s: Signer, id: string, body: DocumentBody, company = companyId): Promise<string> =>
  (await tokens.sign(s.token, s.pin, s.key, Buffer.from(signedDocumentBytes({ id, companyId: company }, body)))).toString('base64');

/** A batch item signed by `who` (a name in `signers`, or a signer), bound to its id and the demo company. */
async function item(who: string | Signer, body = order(1_000_00), id: string = randomUUID()): Promise<Item> {
  const s = typeof who === 'string' ? signers[who]! : who;
  return { id, document: signedDocumentJson({ id, companyId }, body), signature: await signOf(s, id, body) };
}

const batch = (who: string, documents: unknown[]) => call<{ results: Result[]; code?: string; detail?: string }>(who, 'POST', '/v1/documents/batch', { documents });
const count = (table: 'documents' | 'document_signatures' | 'changes'): number => (bank.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const stored = () => ({ documents: count('documents'), signatures: count('document_signatures'), changes: count('changes') });
const feed = async (who = 'boss') => (await call<{ changes: { documentId: string; status: string; receipt: { payload: string; signature: string } }[] }>(who, 'GET', '/v1/changes?cursor=0&limit=1000')).body.changes;
/** Nothing of document `id` at the bank: not readable, no signature row, no change. */
async function leftNothing(id: string): Promise<void> {
  expect((await call('boss', 'GET', `/v1/documents/${id}`)).status, id).toBe(404);
  expect(bank.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE id = ?').get(id)).toEqual({ n: 0 });
  expect(bank.db.prepare('SELECT COUNT(*) AS n FROM document_signatures WHERE document_id = ?').get(id)).toEqual({ n: 0 });
  expect((await feed()).filter((c) => c.documentId === id)).toEqual([]);
}

describe('a batch of good documents', () => {
  it('answers each 201 with its state, in the order sent, its id echoed; each readable with its signed receipt; the same batch again answers 200 and stores nothing more', async () => {
    const items = await Promise.all(Array.from({ length: 5 }, (_, i) => item('boss', order(1_000_00 + i))));
    const before = stored();
    const r = await batch('boss', items);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => [x.id, x.status, x.state?.status])).toEqual(items.map((d) => [d.id, 201, 'delivered']));
    for (const [i, d] of items.entries()) expect((await call('boss', 'GET', `/v1/documents/${d.id}`)).body).toEqual(r.body.results[i]!.state);
    expect(stored()).toEqual({ documents: before.documents + 5, signatures: before.signatures + 5, changes: before.changes + 5 });
    const changes = await feed();
    for (const d of items) {
      const mine = changes.filter((c) => c.documentId === d.id);
      expect(mine.map((c) => c.status)).toEqual(['delivered']);
      const payload = Buffer.from(mine[0]!.receipt.payload, 'base64');
      expect((await verifyDetached(payload, Buffer.from(mine[0]!.receipt.signature, 'base64'), [bank.ca.certificateDer])).ok).toBe(true);
      expect(JSON.parse(payload.toString('utf8'))).toMatchObject({ documentId: d.id, companyId, status: 'delivered' });
    }
    const again = await batch('boss', items);
    expect(again.status).toBe(200);
    expect(again.body.results).toEqual(r.body.results.map((x) => ({ ...x, status: 200 })));
    expect(stored()).toEqual({ documents: before.documents + 5, signatures: before.signatures + 5, changes: before.changes + 5 });
  });
});

describe('a mixed batch', () => {
  it('stores the good ones and gives each refused one exactly its own problem, leaving nothing of it at the bank', async () => {
    const good = await Promise.all([item('boss'), item('boss'), item('boss')]);
    const held = await item('boss');
    expect((await batch('boss', [held])).body.results[0]!.status).toBe(201);
    const heldCanonical = bank.db.prepare('SELECT canonical FROM documents WHERE id = ?').get(held.id);
    const before = stored();

    // signed for another company, sent by our session
    const foreignId = randomUUID();
    const foreignBody = order(2_000_00);
    const otherCompany = { id: foreignId, document: signedDocumentJson({ id: foreignId, companyId: otherCompanyId }, foreignBody), signature: await signOf(signers.boss!, foreignId, foreignBody, otherCompanyId) };
    // signed over other bytes than those sent
    const overOther = await item('boss', order(3_000_00));
    overOther.signature = (await item('boss', order(3_000_01), overOther.id)).signature;
    // the signature value the bank accepted for another document, with a new one: the bound bytes refuse it
    const replayed = { ...(await item('boss', order(4_000_00))), signature: held.signature };
    const byClerk = await item('clerk');
    const byStranger = await item('stranger');
    const badId = { ...(await item('boss')), id: 'NOT-A-UUID' };
    // the id of the one already held, with other bytes
    const conflict = await item('boss', order(5_000_00), held.id);
    // the schema: a payment order without its amount
    const invalidBody = order(6_000_00);
    delete (invalidBody.content as { amount?: number }).amount;
    const invalid = await item('boss', invalidBody);
    const sent = [good[0]!, otherCompany, overOther, replayed, good[1]!, byClerk, byStranger, badId, conflict, invalid, good[2]!];

    const r = await batch('boss', sent);
    expect(r.status).toBe(200);
    const results = r.body.results;
    expect(results.map((x) => x.id)).toEqual(sent.map((d) => d.id));
    const problem = (i: number) => [results[i]!.status, results[i]!.problem?.code, results[i]!.problem?.status];
    for (const i of [0, 4, 10]) expect(results[i]).toMatchObject({ status: 201, state: { id: sent[i]!.id, status: 'delivered' } });
    expect(problem(1)).toEqual([422, 'document-binding-mismatch', 422]);
    expect(results[1]!.problem!.detail).toContain(`another company (${otherCompanyId})`);
    expect(problem(2)).toEqual([422, 'signature-invalid', 422]);
    expect(results[2]!.problem!.detail).toContain('message digest mismatch');
    // a signature value is bound to its document's bytes: over another document it fails as a signature before it could be a replay
    expect(problem(3)).toEqual([422, 'signature-invalid', 422]);
    expect(results[3]!.problem!.detail).toContain('message digest mismatch');
    expect(problem(5)).toEqual([403, 'signer-not-authorised', 403]);
    expect(results[5]!.problem!.detail).toMatch(/Петрова Анна Сергеевна.*prepares documents but has no right to sign/);
    expect(problem(6)).toEqual([403, 'signer-not-authorised', 403]);
    expect(results[6]!.problem!.detail).toMatch(/Чужой Директор.*does not sign for this company/);
    expect(problem(7)).toEqual([400, 'malformed-request', 400]);
    expect(results[7]!.problem!.detail).toBe('documents[7].id must be a lower-case UUID');
    expect(problem(8)).toEqual([409, 'document-conflict', 409]);
    expect(results[8]!.problem!.detail).toContain(held.id);
    expect(problem(9)).toEqual([422, 'validation-failed', 422]);
    expect(results[9]!.problem!.errors?.map((e) => e.field)).toContain('amount');

    // the good ones stand, the refused left nothing (the conflict's id keeps the first document)
    expect(stored()).toEqual({ documents: before.documents + 3, signatures: before.signatures + 3, changes: before.changes + 3 });
    for (const d of [otherCompany, overOther, replayed, byClerk, byStranger, invalid]) await leftNothing(d.id);
    expect(bank.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE id = ?').get(badId.id)).toEqual({ n: 0 });
    expect((await feed()).filter((c) => c.documentId === held.id).map((c) => c.status)).toEqual(['delivered']);
    expect(bank.db.prepare('SELECT canonical FROM documents WHERE id = ?').get(held.id)).toEqual(heldCanonical);
    // the whole batch again: the same answer for each
    const again = await batch('boss', sent);
    expect(again.body.results).toEqual(results.map((x) => (x.status === 201 ? { ...x, status: 200 } : x)));
    expect(stored()).toEqual({ documents: before.documents + 3, signatures: before.signatures + 3, changes: before.changes + 3 });
  });
});

/** A signer of the demo company enrolled with key `key` on the Boss token, renewed (a new key and certificate) but the new one not yet used. */
async function renewed(key: string, name: string): Promise<{ old: Signer; fresh: Signer }> {
  const old = await enrol(bank, tokens, hsm.dir, { token: 'Boss', pin: '10101010', key, companyId, name, role: 'single-signature', subject: SUBJECT(name) });
  const auth = { authorization: `Bearer ${await login(bank, tokens, old)}` };
  const ch = (await http<{ challengeId: string; nonce: string }>('POST', `${bank.url}/v1/certificates/renewal-challenges`, { certificateSerial: old.certSerial }, auth)).body;
  await tokens.generateKey(old.token, old.pin, 'ec-p256', `${key}-2`);
  const csr = await tokens.createCsr(old.token, old.pin, `${key}-2`, SUBJECT(name));
  const signature = (await tokens.sign(old.token, old.pin, old.key, Buffer.from(renewalSignedJson(ch.nonce, createHash('sha256').update(csr.der).digest('hex')), 'utf8'))).toString('base64');
  const issued = await http<{ certificate: string; serialNumber: string }>('POST', `${bank.url}/v1/certificates/renewals`, { challengeId: ch.challengeId, csr: csr.pem, signature }, auth);
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  const file = join(hsm.dir, `${key}-2.pem`);
  writeFileSync(file, issued.body.certificate);
  await tokens.importCertificateFile(old.token, old.pin, file);
  return { old, fresh: { ...old, key: `${key}-2`, certSerial: issued.body.serialNumber.toLowerCase(), certPem: issued.body.certificate } };
}

describe('items that depend on each other', () => {
  it('are decided in the order sent: a renewed certificate used first supersedes the old one for the items after it, not for those before', async () => {
    // the renewed certificate's first signature revokes the one it renewed
    const a = await renewed('renew-a', 'Новиков Андрей Андреевич');
    const newFirst = [await item(a.fresh), await item(a.old)];
    const r1 = (await batch('boss', newFirst)).body.results;
    expect(r1[0]).toMatchObject({ id: newFirst[0]!.id, status: 201 });
    expect(r1[1]).toMatchObject({ id: newFirst[1]!.id, status: 403, problem: { code: 'certificate-revoked' } });
    expect(r1[1]!.problem!.detail).toMatch(/Новиков Андрей Андреевич.*revoked/);
    await leftNothing(newFirst[1]!.id);

    // the other way round: the old certificate still signs the item before the new one's first use
    const b = await renewed('renew-b', 'Борисов Борис Борисович');
    const oldFirst = [await item(b.old), await item(b.fresh), await item(b.old)];
    const r2 = (await batch('boss', oldFirst)).body.results;
    expect(r2.map((x) => [x.id, x.status, x.problem?.code])).toEqual([
      [oldFirst[0]!.id, 201, undefined],
      [oldFirst[1]!.id, 201, undefined],
      [oldFirst[2]!.id, 403, 'certificate-revoked'],
    ]);
  });

  it('the same signature value twice in one batch, under two documents: the one it was made for is stored, the other refused', async () => {
    const first = await item('boss');
    const second = { ...(await item('boss')), signature: first.signature };
    const r = (await batch('boss', [first, second])).body.results;
    expect(r.map((x) => [x.id, x.status, x.problem?.code])).toEqual([
      [first.id, 201, undefined],
      [second.id, 422, 'signature-invalid'],
    ]);
    // not a replay by order: the value is bound to its document's bytes, so it fails on them first, wherever it stands
    expect(r[1]!.problem!.detail).toContain('message digest mismatch');
    await leftNothing(second.id);
  });
});

describe('a batch racing single PUTs for the same ids', () => {
  it('stores each document once: one 201 per id, every other answer 200 with the same state', async () => {
    const items = await Promise.all(Array.from({ length: 24 }, (_, i) => item('boss', order(7_000_00 + i))));
    const before = stored();
    const put = (d: Item) => call('boss', 'PUT', `/v1/documents/${d.id}`, { document: d.document, signature: d.signature });
    const [batchA, puts, batchB] = await Promise.all([batch('boss', items), Promise.all(items.map(put)), batch('boss', [...items].reverse())]);
    expect(batchA.status).toBe(200);
    expect(batchB.status).toBe(200);
    for (const [i, d] of items.entries()) {
      const answers = [batchA.body.results[i]!, { id: d.id, status: puts[i]!.status, state: puts[i]!.body }, batchB.body.results[items.length - 1 - i]!];
      expect(answers.map((a) => a.id)).toEqual([d.id, d.id, d.id]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
      expect(answers[1]!.state).toEqual(answers[0]!.state);
      expect(answers[2]!.state).toEqual(answers[0]!.state);
    }
    expect(stored()).toEqual({ documents: before.documents + 24, signatures: before.signatures + 24, changes: before.changes + 24 });
    const changes = await feed();
    for (const d of items) expect(changes.filter((c) => c.documentId === d.id).length).toBe(1);
  });
});

describe('the rate limit', () => {
  it('counts a batch as the documents it carries, not as one request', async () => {
    const tight = await startSandbox({ dataDir: join(hsm.dir, 'tight-bank'), rateLimit: { burst: 40, perSecond: 0.2 } });
    try {
      const company = getSetting(tight.db, 'demo.company_id')!;
      const s = await enrol(tight, tokens, hsm.dir, { token: 'Boss', pin: '10101010', key: 'tight', companyId: company, name: 'Тесный Тимур', role: 'single-signature', subject: SUBJECT('Тесный Тимур') });
      const auth = { authorization: `Bearer ${await login(tight, tokens, s)}` };
      const signedItems = async (n: number) =>
        Promise.all(
          Array.from({ length: n }, async () => {
            const id = randomUUID();
            const body = order(1_000_00);
            return { id, document: signedDocumentJson({ id, companyId: company }, body), signature: await signOf(s, id, body, company) };
          }),
        );
      const post = (documents: unknown[]) => http<{ results?: Result[]; code?: string; detail?: string }>('POST', `${tight.url}/v1/documents/batch`, { documents }, auth);
      const first = await post(await signedItems(25));
      expect(first.status).toBe(200);
      expect(first.body.results!.every((r) => r.status === 201)).toBe(true);
      // what is left of the burst is less than the next batch's documents, though it is one request
      const next = await signedItems(20);
      const refused = await post(next);
      expect(refused).toMatchObject({ status: 429, body: { code: 'rate-limited', detail: expect.stringContaining('counts as 19 more') } });
      for (const d of next) expect(tight.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE id = ?').get(d.id)).toEqual({ n: 0 });
    } finally {
      await tight.close();
    }
  });
});

describe('what refuses the whole batch, storing nothing', () => {
  it('the same id twice, naming both places', async () => {
    const a = await item('boss');
    const b = await item('boss');
    const before = stored();
    const r = await batch('boss', [a, b, { ...(await item('boss')), id: a.id }]);
    expect(r.status).toBe(400);
    expect(r.type).toContain('application/problem+json');
    expect(r.body).toMatchObject({ code: 'malformed-request', detail: `documents[2] repeats the id ${a.id} of documents[0]; each document goes in a batch once` });
    expect(stored()).toEqual(before);
    await leftNothing(a.id);
    await leftNothing(b.id);
  });

  it(`more than ${DOCUMENT_BATCH_MAX} documents: 413 naming the count`, async () => {
    const one = await item('boss');
    const items = Array.from({ length: DOCUMENT_BATCH_MAX + 1 }, (_, i) => (i === 0 ? one : { ...one, id: randomUUID() }));
    const before = stored();
    const r = await batch('boss', items);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ code: 'payload-too-large', detail: `the batch holds ${DOCUMENT_BATCH_MAX + 1} documents; at most ${DOCUMENT_BATCH_MAX} go in one request` });
    expect(stored()).toEqual(before);
    await leftNothing(one.id);
  });

  it('a body over 8 MiB: 413 (one of 1 MiB, over the 256 KiB of other routes, is taken)', async () => {
    const taken = await item('boss');
    const padded = await batch('boss', [taken, { id: randomUUID(), document: { padding: 'x'.repeat(1024 * 1024) }, signature: taken.signature }]);
    expect(padded.status).toBe(200);
    expect(padded.body.results.map((r) => [r.status, r.problem?.code])).toEqual([[201, undefined], [422, 'validation-failed']]);
    const one = await item('boss');
    const before = stored();
    const r = await batch('boss', [one, { id: randomUUID(), document: { padding: 'x'.repeat(DOCUMENT_BATCH_BODY_LIMIT) }, signature: one.signature }]);
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('payload-too-large');
    expect(stored()).toEqual(before);
    await leftNothing(one.id);
  });

  it('an empty list, an item with a field of its own, an item without its signature: each the field named, nothing stored', async () => {
    const one = await item('boss');
    const before = stored();
    const empty = await batch('boss', []);
    expect(empty).toMatchObject({ status: 400, body: { code: 'malformed-request', errors: [{ field: 'documents' }] } });
    const extra = await batch('boss', [one, { ...(await item('boss')), amount: 1 }]);
    expect(extra).toMatchObject({ status: 400, body: { code: 'malformed-request', errors: [{ field: 'documents.1', code: 'unrecognized_keys' }] } });
    const unsigned = await batch('boss', [one, { id: randomUUID(), document: one.document }]);
    expect(unsigned).toMatchObject({ status: 400, body: { code: 'malformed-request', errors: [{ field: 'documents.1.signature' }] } });
    expect(stored()).toEqual(before);
    await leftNothing(one.id);
  });

  it('no session, a made-up one, an expired one: 401 as for PUT', async () => {
    const one = await item('boss');
    const body = { documents: [one] };
    const before = stored();
    const none = await http('POST', `${bank.url}/v1/documents/batch`, body);
    expect(none).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    const madeUp = await http('POST', `${bank.url}/v1/documents/batch`, body, { authorization: 'Bearer not-a-session' });
    expect(madeUp).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    // the session is checked before the body is read: without one, even a body over the limit is 401, not 413
    const big = { documents: [one, { id: randomUUID(), document: { padding: 'x'.repeat(DOCUMENT_BATCH_BODY_LIMIT) }, signature: one.signature }] };
    expect(await http('POST', `${bank.url}/v1/documents/batch`, big)).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    expect(await http('POST', `${bank.url}/v1/documents/batch`, big, { authorization: 'Bearer not-a-session' })).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    // last in the file: every session expires
    bank.clock.advance(16 * 60);
    const put = await call('boss', 'PUT', `/v1/documents/${one.id}`, { document: one.document, signature: one.signature });
    const expired = await batch('boss', [one]);
    expect(put).toMatchObject({ status: 401, body: { code: 'session-expired' } });
    expect(expired).toMatchObject({ status: 401, body: { code: 'session-expired' } });
    expect(stored()).toEqual(before);
  });
});
