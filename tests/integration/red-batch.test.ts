/**
 * Red team on POST /v1/documents/batch, over real HTTP against a real sandbox with SoftHSM
 * signers: the two-person rule whatever a batch holds (a recalled document completed by a
 * re-submission, one person twice, a second signer alone), refusals inside a group commit next
 * to another company's writes (receipts chain per company unbroken, nothing of one company's
 * batch seen or changed by another's), ids that look alike, an item whose reading throws, and a
 * batch that mixes new documents with re-submissions that add a signer.
 */
import { randomUUID } from 'node:crypto';
import * as pkijs from 'pkijs';
import { encodeSignedData, parseSignedData } from '../../src/crypto/cms/parse.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';
import { recallSignedBytes, type RecallRequestFields } from '../../src/shared/bank-api/recall.ts';
import { http } from '../helpers/http.ts';
import { enrol, login, type Signer } from '../helpers/sandbox.ts';
import { bank, companyId, hsm, order, otherCompanyId, sha256, signers, SUBJECT, tokens, useRecallBank } from '../helpers/recall-bank.ts';

useRecallBank('red-batch');

interface Item {
  id: string;
  document: unknown;
  signature: string;
}
interface Result {
  id: string;
  status: number;
  state?: { id: string; status: string; missing: string[]; signers: { kind: string }[] };
  problem?: { code: string; status: number; detail?: string; errors?: unknown[] };
}

/** Over the two-person threshold (1,000,000.00 roubles): needs a first and a second signature. */
const BIG = 1_200_000_00;

const sessions: Record<string, string> = {};
const people: Record<string, Signer> = {};

beforeAll(async () => {
  // a first signer and a second signer of the demo company, and a single signer of the other one
  people.first = await enrol(bank, tokens, hsm.dir, { token: 'Boss', pin: '10101010', key: 'red-first', companyId, name: 'Первов Пётр Петрович', role: 'first-signature', subject: SUBJECT('Первов Пётр Петрович') });
  people.second = await enrol(bank, tokens, hsm.dir, { token: 'Boss', pin: '10101010', key: 'red-second', companyId, name: 'Вторая Вера Викторовна', role: 'second-signature', subject: SUBJECT('Вторая Вера Викторовна') });
  people.boss = signers.boss!;
  people.clerk = signers.clerk!;
  people.stranger = signers.stranger!;
  for (const who of ['first', 'second', 'boss', 'clerk', 'stranger']) sessions[who] = await login(bank, tokens, people[who]!);
});

const call = <T = Record<string, unknown>>(who: string, method: string, path: string, body?: unknown) => http<T>(method, bank.url + path, body, { authorization: `Bearer ${sessions[who]}` });
const batch = (who: string, documents: Item[]) => call<{ results: Result[]; code?: string }>(who, 'POST', '/v1/documents/batch', { documents: documents.map(({ id, document, signature }) => ({ id, document, signature })) });
const bytesOf = (id: string, body: DocumentBody, company = companyId): Buffer => Buffer.from(signedDocumentBytes({ id, companyId: company }, body));

/** `who`'s signature over document `id` (added to `addTo`, a SignedData in base64, when given). */
async function sign(who: string, id: string, body: DocumentBody, addTo?: string, company = companyId): Promise<string> {
  const s = people[who]!;
  const over = bytesOf(id, body, company);
  return (await tokens.sign(s.token, s.pin, s.key, over, addTo ? { addTo: { bytes: Buffer.from(addTo, 'base64'), source: 'existing' } } : {})).toString('base64');
}
/** The signer infos (and certificates) of `b` appended to those of `a` (base64 SignedData each), as an attacker would splice them: no check of who signed. */
function spliced(a: string, b: string): string {
  const sd = parseSignedData(Buffer.from(a, 'base64'), 'a');
  const other = parseSignedData(Buffer.from(b, 'base64'), 'b');
  for (const info of other.signerInfos) sd.signerInfos.push(pkijs.SignerInfo.fromBER(info.toSchema().toBER()));
  const held = (sd.certificates ?? []).map((c) => Buffer.from((c as pkijs.Certificate).toSchema().toBER()).toString('hex'));
  for (const c of other.certificates ?? []) if (!held.includes(Buffer.from((c as pkijs.Certificate).toSchema().toBER()).toString('hex'))) (sd.certificates ??= []).push(c);
  return encodeSignedData(sd).toString('base64');
}
const itemOf = (id: string, body: DocumentBody, signature: string, company = companyId): Item => ({ id, document: signedDocumentJson({ id, companyId: company }, body), signature });
async function newItem(who: string, body: DocumentBody = order(1_000_00), company = companyId): Promise<Item & { body: DocumentBody }> {
  const id = randomUUID();
  return { ...itemOf(id, body, await sign(who, id, body, undefined, company), company), body };
}

const rowStatus = (id: string, company = companyId) => (bank.db.prepare('SELECT status FROM documents WHERE id = ? AND company_id = ?').get(id, company) as { status: string } | undefined)?.status;
const signatureRows = (id: string) => (bank.db.prepare('SELECT COUNT(*) AS n FROM document_signatures WHERE document_id = ?').get(id) as { n: number }).n;
interface FeedChange {
  cursor: number;
  documentId: string;
  status: string;
  receipt: { payload: string };
}
const feed = async (who: string) => (await call<{ changes: FeedChange[] }>(who, 'GET', '/v1/changes?cursor=0&limit=1000')).body.changes;

async function recallIt(who: string, id: string, bytes: Buffer): Promise<{ status: number; body: Record<string, unknown> }> {
  const request: RecallRequestFields = { documentId: id, documentDigest: sha256(bytes), reason: 'Ошибка в реквизитах', requestedAt: bank.clock.now().toISOString() };
  const s = people[who]!;
  const signature = (await tokens.sign(s.token, s.pin, s.key, Buffer.from(recallSignedBytes(request)))).toString('base64');
  return call(who, 'POST', `/v1/documents/${id}/recall`, { request, signature });
}

describe('the two-person rule, whatever the batch holds', () => {
  it('a document recalled while it waited for its second signature is not completed (nor executed) by a re-submission carrying that signature, in a batch or a PUT', async () => {
    const big = await newItem('first', order(BIG));
    const r1 = (await batch('first', [big])).body.results[0]!;
    expect(r1).toMatchObject({ status: 201, state: { status: 'signed', missing: ['second'] } });
    // the accountant thinks better of it and recalls the half-signed payment
    const recalled = await recallIt('first', big.id, bytesOf(big.id, big.body));
    expect(recalled.status, JSON.stringify(recalled.body)).toBe(200);
    expect(rowStatus(big.id)).toBe('recalled');
    // a second signer (or whoever holds the half-signed SignedData) sends it again with the second signature
    const both = await sign('second', big.id, big.body, big.signature);
    const again = (await batch('second', [itemOf(big.id, big.body, both)])).body.results[0]!;
    expect(again.status, JSON.stringify(again)).toBe(409);
    expect(again.problem).toMatchObject({ code: 'document-conflict' });
    expect(again.problem!.detail).toContain('recalled');
    const put = await call('second', 'PUT', `/v1/documents/${big.id}`, { document: big.document, signature: both });
    expect(put).toMatchObject({ status: 409, body: { code: 'document-conflict' } });
    expect(rowStatus(big.id)).toBe('recalled');
    expect(signatureRows(big.id)).toBe(1);
    // the bank's clock moves on: it stays recalled, and the feed never says delivered or executed
    bank.clock.advance(10 * 60);
    await call('first', 'GET', `/v1/documents/${big.id}`);
    expect(rowStatus(big.id)).toBe('recalled');
    expect((await feed('first')).filter((c) => c.documentId === big.id).map((c) => c.status)).toEqual(['signed', 'recalled']);
    // the very bytes held before still answer 200 (idempotent), with the recalled state
    const same = (await batch('first', [big])).body.results[0]!;
    expect(same).toMatchObject({ status: 200, state: { status: 'recalled' } });
  });

  it('one person twice (two signatures of one certificate in one SignedData, or again in a later item) never makes two', async () => {
    const big = await newItem('first', order(BIG));
    const twice = spliced(big.signature, await sign('first', big.id, big.body));
    // the same document again, the second item after the first: the twice-signed one is refused, the first stands
    const r = (await batch('first', [big])).body.results;
    expect(r[0]).toMatchObject({ status: 201, state: { status: 'signed', missing: ['second'] } });
    // the certificate is recorded already: nothing new is taken from it, the document still waits for a second
    const r2 = (await batch('first', [itemOf(big.id, big.body, twice)])).body.results[0]!;
    expect(r2).toMatchObject({ status: 200, state: { status: 'signed', missing: ['second'], signers: [{ kind: 'first' }] } });
    // a new document signed twice by the same person in one SignedData
    const fresh = await newItem('first', order(BIG));
    const freshTwice = itemOf(fresh.id, fresh.body, spliced(fresh.signature, await sign('first', fresh.id, fresh.body)));
    const r3 = (await batch('first', [freshTwice])).body.results[0]!;
    expect(r3).toMatchObject({ status: 403, problem: { code: 'signer-not-authorised' } });
    expect(rowStatus(fresh.id)).toBeUndefined();
    expect(rowStatus(big.id)).toBe('signed');
    expect(signatureRows(big.id)).toBe(1);
  });

  it('a second signer alone: the second signature is kept but the document waits for a first; a first signature is not made of a second', async () => {
    const big = await newItem('second', order(BIG));
    const r = (await batch('second', [big])).body.results[0]!;
    expect(r).toMatchObject({ status: 201, state: { status: 'signed', missing: ['first'] } });
    // the second signer again, twice over, and a clerk's signature added: none completes it
    const again = spliced(big.signature, await sign('second', big.id, big.body));
    const byClerk = await sign('clerk', big.id, big.body, big.signature);
    const results = (await batch('second', [itemOf(big.id, big.body, again)])).body.results;
    expect(results[0]).toMatchObject({ status: 200, state: { status: 'signed', missing: ['first'], signers: [{ kind: 'second' }] } });
    // a new document the second signer signs twice over in one SignedData: still one person
    const fresh = await newItem('second', order(BIG));
    const freshTwice = (await batch('second', [itemOf(fresh.id, fresh.body, spliced(fresh.signature, await sign('second', fresh.id, fresh.body)))])).body.results[0]!;
    expect(freshTwice).toMatchObject({ status: 403, problem: { code: 'signer-not-authorised' } });
    const clerk = (await batch('clerk', [itemOf(big.id, big.body, byClerk)])).body.results[0]!;
    expect(clerk).toMatchObject({ status: 403, problem: { code: 'signer-not-authorised' } });
    expect(rowStatus(big.id)).toBe('signed');
    // the first signer completes it: two people
    const done = (await batch('first', [itemOf(big.id, big.body, await sign('first', big.id, big.body, big.signature))])).body.results[0]!;
    expect(done).toMatchObject({ status: 200, state: { status: 'delivered', missing: [] } });
  });

  it('the same payment twice under two ids, one signature each: neither id gets two, whatever the batch holds', async () => {
    const body = order(BIG);
    const id1 = randomUUID();
    const id2 = randomUUID();
    const byFirst = await sign('first', id1, body);
    const bySecond = await sign('second', id1, body);
    // the first signer's item under id1; the second signer's signature (made for id1) under id2, as sent and as renamed
    const r = (await batch('first', [itemOf(id1, body, byFirst), { id: id2, document: signedDocumentJson({ id: id1, companyId }, body), signature: bySecond }])).body.results;
    const r2 = (await batch('second', [itemOf(id2, body, bySecond)])).body.results;
    expect([...r, ...r2].map((x) => [x.status, x.problem?.code ?? x.state?.status])).toEqual([
      [201, 'signed'],
      [422, 'document-binding-mismatch'],
      [422, 'signature-invalid'],
    ]);
    expect(rowStatus(id2)).toBeUndefined();
    expect(rowStatus(id1)).toBe('signed');
  });

  it('a signer of another company (who signs alone there) spliced in beside ours: refused whole, new or re-submitted; nothing of it kept', async () => {
    const big = await newItem('first', order(BIG));
    const withStranger = spliced(big.signature, await sign('stranger', big.id, big.body));
    const fresh = (await batch('first', [itemOf(big.id, big.body, withStranger)])).body.results[0]!;
    expect(fresh).toMatchObject({ status: 403, problem: { code: 'signer-not-authorised' } });
    expect(fresh.problem!.detail).toMatch(/Чужой Директор.*does not sign for this company/);
    expect(rowStatus(big.id)).toBeUndefined();
    expect((await batch('first', [big])).body.results[0]).toMatchObject({ status: 201, state: { status: 'signed', missing: ['second'] } });
    const again = (await batch('stranger', [itemOf(big.id, big.body, withStranger)])).body.results[0]!;
    // sent by the stranger's own session: the bytes name our company
    expect(again).toMatchObject({ status: 422, problem: { code: 'document-binding-mismatch' } });
    const ours = (await batch('first', [itemOf(big.id, big.body, withStranger)])).body.results[0]!;
    expect(ours).toMatchObject({ status: 403, problem: { code: 'signer-not-authorised' } });
    expect(rowStatus(big.id)).toBe('signed');
    expect(signatureRows(big.id)).toBe(1);
  });

  it('a batch that mixes new documents with re-submissions adding a signer: each decided on what the items before it left', async () => {
    const a = await newItem('first', order(BIG));
    expect((await batch('first', [a])).body.results[0]!.status).toBe(201);
    const aBoth = itemOf(a.id, a.body, await sign('second', a.id, a.body, a.signature));
    const b = await newItem('second', order(BIG));
    const c = await newItem('boss');
    // b is new with the second signature only; then b again with the first added; then a completed; then c new
    const bBoth = itemOf(b.id, b.body, await sign('first', b.id, b.body, b.signature));
    const rs = (await batch('second', [b, aBoth, c])).body.results;
    expect(rs.map((x) => [x.status, x.state?.status])).toEqual([
      [201, 'signed'],
      [200, 'delivered'],
      [201, 'delivered'],
    ]);
    const rb = (await batch('first', [bBoth, aBoth])).body.results;
    expect(rb.map((x) => [x.status, x.state?.status, x.state?.signers.map((s) => s.kind).sort()])).toEqual([
      [200, 'delivered', ['first', 'second']],
      [200, 'delivered', ['first', 'second']],
    ]);
  });
});

describe('a group commit shared by two companies', () => {
  it('refusals inside the group leave each company its own results and an unbroken receipts chain; neither sees nor changes the other', async () => {
    // the other company uses the very same ids for its own documents (ids are per company)
    const ours = await Promise.all(Array.from({ length: 6 }, () => newItem('boss')));
    const theirs = await Promise.all(ours.map(async (o) => {
      const body = order(2_000_00, 'ООО «Лютик»', '7736050003');
      return itemOf(o.id, body, await sign('stranger', o.id, body, undefined, otherCompanyId), otherCompanyId);
    }));
    // refused ones in the middle of each batch: a signature over other bytes, a clerk, our document sent by them
    const badSig = { ...(await newItem('boss')), signature: ours[0]!.signature };
    const byClerk = await newItem('clerk');
    const ourSent = [ours[0]!, badSig, ours[1]!, ours[2]!, byClerk, ours[3]!, ours[4]!, ours[5]!];
    const oursByThem = await newItem('boss');
    const theirSent = [theirs[0]!, oursByThem, theirs[1]!, theirs[2]!, theirs[3]!, theirs[4]!, theirs[5]!];
    const put = (o: Item) => call('boss', 'PUT', `/v1/documents/${o.id}`, { document: o.document, signature: o.signature });
    const [mine, other, single] = await Promise.all([batch('boss', ourSent), batch('stranger', theirSent), put(ours[5]!)]);
    expect(mine.status).toBe(200);
    expect(other.status).toBe(200);
    expect(mine.body.results.map((x) => x.status)).toEqual([201, 422, 201, 201, 403, 201, 201, expect.any(Number)]);
    expect([mine.body.results[7]!.status, single.status].sort()).toEqual([200, 201]);
    expect(other.body.results.map((x) => [x.status, x.problem?.code])).toEqual([
      [201, undefined],
      [422, 'document-binding-mismatch'],
      [201, undefined],
      [201, undefined],
      [201, undefined],
      [201, undefined],
      [201, undefined],
    ]);
    // each company reads its own document under the shared id
    for (const [i, o] of ours.entries()) {
      const m = await call<{ signers: { name: string }[] }>('boss', 'GET', `/v1/documents/${o.id}`);
      const t = await call<{ signers: { name: string }[] }>('stranger', 'GET', `/v1/documents/${theirs[i]!.id}`);
      expect(m.body.signers.map((s) => s.name)).toEqual(['Иванов Иван Иванович']);
      expect(t.body.signers.map((s) => s.name)).toEqual(['Чужой Директор']);
    }
    // every receipt names the company's change before it: no gap, nothing of the other company
    for (const [who, company] of [['boss', companyId], ['stranger', otherCompanyId]] as const) {
      const changes = await feed(who);
      let previous = 0;
      for (const c of changes) {
        const p = JSON.parse(Buffer.from(c.receipt.payload, 'base64').toString('utf8')) as { cursor: number; previous: number; companyId: string };
        expect(p).toMatchObject({ cursor: c.cursor, previous, companyId: company });
        previous = c.cursor;
      }
      const all = (bank.db.prepare('SELECT cursor FROM changes WHERE company_id = ? ORDER BY cursor').all(company) as { cursor: number }[]).map((r) => r.cursor);
      expect(changes.map((c) => c.cursor)).toEqual(all);
    }
    expect(rowStatus(badSig.id)).toBeUndefined();
    expect(rowStatus(byClerk.id)).toBeUndefined();
    expect(rowStatus(ours[1]!.id, otherCompanyId)).toBe('delivered'); // theirs[1], under the same id
    expect(rowStatus(oursByThem.id)).toBeUndefined();
    expect(rowStatus(oursByThem.id, otherCompanyId)).toBeUndefined();
  });
});

describe('one group commit, for certain', () => {
  it('two companies\' batches and a single submission queued in one turn: refusals between them roll back only themselves; each company\'s receipts chain unbroken', async () => {
    const us = bank.identity.authenticate(`Bearer ${sessions.boss}`);
    const them = bank.identity.authenticate(`Bearer ${sessions.stranger}`);
    const ours = await Promise.all(Array.from({ length: 4 }, () => newItem('boss')));
    const theirs = await Promise.all(Array.from({ length: 4 }, () => newItem('stranger', order(2_000_00, 'ООО «Лютик»', '7736050003'), otherCompanyId)));
    const refusedOurs = [{ ...(await newItem('boss')), signature: ours[1]!.signature }, await newItem('clerk'), await newItem('boss', order(9_000_00))];
    refusedOurs[2]!.id = randomUUID(); // its signed bytes name another id: binding
    const refusedTheirs = [{ ...(await newItem('stranger', order(2_000_00, 'ООО «Лютик»', '7736050003'), otherCompanyId)), signature: theirs[0]!.signature }];
    const before = (bank.db.prepare('SELECT MAX(cursor) AS c FROM changes').get() as { c: number | null }).c ?? 0;
    const plain = (xs: Item[]) => xs.map(({ id, document, signature }) => ({ id, document, signature }));
    // all in this turn: they go into one group (at most 256)
    const [a, b, c] = await Promise.all([
      bank.documents.submitMany(us, plain([ours[0]!, refusedOurs[0]!, ours[1]!, refusedOurs[1]!, ours[2]!, refusedOurs[2]!])),
      bank.documents.submitMany(them, plain([refusedTheirs[0]!, theirs[0]!, theirs[1]!, theirs[2]!])),
      bank.documents.submit(us, ours[3]!.id, ours[3]!.document, ours[3]!.signature).then((x) => x.created, (e: unknown) => e),
    ]);
    expect(a.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(b.map((x) => x.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(c).toBe(true);
    // the group's changes: one per stored document, cursors in the order decided
    const written = bank.db.prepare('SELECT cursor, company_id, document_id FROM changes WHERE cursor > ? ORDER BY cursor').all(before) as { cursor: number; company_id: string; document_id: string }[];
    expect(written.map((w) => w.document_id)).toEqual([ours[0]!.id, ours[1]!.id, ours[2]!.id, theirs[0]!.id, theirs[1]!.id, theirs[2]!.id, ours[3]!.id]);
    for (const [who, company] of [['boss', companyId], ['stranger', otherCompanyId]] as const) {
      let previous = 0;
      for (const ch of await feed(who)) {
        const p = JSON.parse(Buffer.from(ch.receipt.payload, 'base64').toString('utf8')) as { cursor: number; previous: number; companyId: string };
        expect(p).toMatchObject({ cursor: ch.cursor, previous, companyId: company });
        previous = ch.cursor;
      }
    }
    for (const r of [...refusedOurs, ...refusedTheirs]) expect(signatureRows(r.id)).toBe(0);
  });
});

describe('ids that look alike', () => {
  it('upper case, spaces, a newline, a Cyrillic letter, full-width digits: each refused on its own, none stored, the good one stands', async () => {
    const good = await newItem('boss');
    const variants = [good.id.toUpperCase(), ` ${good.id}`, `${good.id}\n`, `а${good.id.slice(1)}`, `${good.id.slice(0, -1)}\uff10`, `${good.id}\u200b`, good.id.normalize('NFKC').replace(/-/g, '\u2010')];
    // every variant carries the good document's own JSON and signature: bound to the real id
    const sent = [good, ...variants.map((id) => ({ ...good, id }))];
    const r = await batch('boss', sent);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.results[0]).toMatchObject({ id: good.id, status: 201 });
    for (const [i, v] of variants.entries()) expect(r.body.results[i + 1]).toMatchObject({ id: v, status: 400, problem: { code: 'malformed-request' } });
    expect((bank.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE lower(trim(id)) = ?').get(good.id) as { n: number }).n).toBe(1);
    expect(signatureRows(good.id)).toBe(1);
  });
});

describe('an item whose reading throws', () => {
  it('a document nested a hundred thousand deep: that item alone is refused, without internals; the others stand and the bank still answers', async () => {
    const good = [await newItem('boss'), await newItem('boss')];
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const bad = { id: randomUUID(), document: { id: 'x', companyId, kind: 'payment-order', version: 1, content: deep }, signature: good[0]!.signature };
    // built by hand: JSON.stringify of that depth would overflow this test's own stack
    const plain = ({ id, document, signature }: Item) => JSON.stringify({ id, document, signature });
    const json = `{"documents":[${plain(good[0]!)},{"id":"${bad.id}","document":{"id":"x","companyId":"${companyId}","kind":"payment-order","version":1,"content":${'['.repeat(100_000)}1${']'.repeat(100_000)}},"signature":"${bad.signature}"},${plain(good[1]!)}]}`;
    const r = await http<{ results?: Result[]; code?: string; detail?: string }>('POST', `${bank.url}/v1/documents/batch`, json, { authorization: `Bearer ${sessions.boss}`, 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expect(r.body.results!.map((x) => x.status)).toEqual([201, 422, 201]);
    const p = r.body.results![1]!;
    expect(p.problem?.code).toBe('validation-failed');
    expect(JSON.stringify(p)).not.toMatch(/at .*\.ts|stack|RangeError|Maximum call stack/);
    expect(rowStatus(bad.id)).toBeUndefined();
    // the bank is alive and takes the next one
    const next = await newItem('boss');
    expect((await batch('boss', [next])).body.results[0]!.status).toBe(201);
  });
});

describe('a batch that keeps the bank waiting', () => {
  it('a batch whose body trickles in holds no group commit: another company, and the same company, are answered meanwhile; the batch is decided when it has all come', async () => {
    const items = [await newItem('boss'), await newItem('boss')];
    const body = Buffer.from(JSON.stringify({ documents: items.map(({ id, document, signature }) => ({ id, document, signature })) }));
    const url = new URL(bank.url);
    const socket = (await import('node:net')).connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.write(`POST /v1/documents/batch HTTP/1.1\r\nhost: ${url.host}\r\nauthorization: Bearer ${sessions.boss}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`);
    socket.write(body.subarray(0, body.length - 10));
    // meanwhile: the other company's payment and one of ours, each through its own group commit
    const theirs = await newItem('stranger', order(3_000_00, 'ООО «Лютик»', '7736050003'), otherCompanyId);
    const started = Date.now();
    const [t, o] = await Promise.all([batch('stranger', [theirs]), batch('boss', [await newItem('boss')])]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(t.body.results[0]!.status).toBe(201);
    expect(o.body.results[0]!.status).toBe(201);
    expect(answer).toBe('');
    for (const d of items) expect(rowStatus(d.id)).toBeUndefined();
    // the rest of the body: now it is decided
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.end(body.subarray(body.length - 10));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    for (const d of items) expect(rowStatus(d.id)).toBe('delivered');
  });
});

describe('an item that is costly to read', () => {
  it('documents with hundreds of thousands of unknown fields: each refused on its own, quickly, and the answer is not many times the request', async () => {
    const good = await newItem('boss');
    const wide = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 0]));
    const doc = good.document as { content: Record<string, unknown> };
    const items = [
      { id: randomUUID(), document: { ...doc, content: { ...doc.content, ...wide(150_000) } }, signature: good.signature },
      { id: randomUUID(), document: { ...doc, ...wide(150_000) }, signature: good.signature },
      good,
    ];
    const request = JSON.stringify({ documents: items.map(({ id, document, signature }) => ({ id, document, signature })) });
    const started = Date.now();
    const r = await http<{ results: Result[] }>('POST', `${bank.url}/v1/documents/batch`, request, { authorization: `Bearer ${sessions.boss}`, 'content-type': 'application/json' });
    const ms = Date.now() - started;
    const answer = JSON.stringify(r.body).length;
    console.log(JSON.stringify({ requestBytes: request.length, answerBytes: answer, ms }));
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => x.status)).toEqual([422, 422, 201]);
    // before: every unknown field named in English and Russian, 15 times the request (50 MB for 3.4 MB)
    expect(answer).toBeLessThan(100_000);
    // and quickly: refused by its shape before 150,000 problems are described (0.9 s each before)
    for (const [i, x] of r.body.results.slice(0, 2).entries()) {
      expect(x.problem).toMatchObject({ code: 'validation-failed', detail: 'the document is larger than any the bank takes', errors: [{ field: i === 0 ? 'content' : 'document', code: 'structure.invalid' }] });
    }
    // a document of 60 unknown fields (under the shape's bounds): its schema problems, the first 50 named
    const some = { ...doc, content: { ...doc.content, ...wide(60) } };
    const r2 = (await batch('boss', [{ id: randomUUID(), document: some, signature: good.signature }])).body.results[0]!;
    expect(r2.problem).toMatchObject({ code: 'validation-failed', detail: 'the document does not match its schema (the first 50 of 60 problems)' });
    expect(r2.problem!.errors).toHaveLength(50);
  });
});

describe('an item whose decision fails unexpectedly', () => {
  it('a write refused by the store half-way through one item (after its document and signature rows): that item alone answers internal, without internals, and leaves nothing; the items around it stand', async () => {
    const before = await newItem('boss');
    const victim = await newItem('boss');
    const after = await newItem('boss');
    // the store itself refuses the victim's change row, written after its document and signature rows
    bank.db.exec(`CREATE TRIGGER red_batch_fail BEFORE INSERT ON changes WHEN NEW.document_id = '${victim.id}' BEGIN SELECT RAISE(ABORT, 'red-batch secret detail'); END`);
    try {
      const r = await batch('boss', [before, victim, after]);
      expect(r.status).toBe(200);
      expect(r.body.results.map((x) => [x.id, x.status, x.problem?.code])).toEqual([
        [before.id, 201, undefined],
        [victim.id, 500, 'internal'],
        [after.id, 201, undefined],
      ]);
      expect(JSON.stringify(r.body)).not.toContain('red-batch secret detail');
      expect(JSON.stringify(r.body)).not.toMatch(/sqlite|trigger|\.ts:/i);
    } finally {
      bank.db.exec('DROP TRIGGER red_batch_fail');
    }
    expect(rowStatus(victim.id)).toBeUndefined();
    expect(signatureRows(victim.id)).toBe(0);
    expect(rowStatus(before.id)).toBe('delivered');
    expect(rowStatus(after.id)).toBe('delivered');
    // the same item again, the store willing: stored now, as if never tried
    expect((await batch('boss', [victim])).body.results[0]).toMatchObject({ status: 201, state: { status: 'delivered' } });
    // and the company's receipts chain runs unbroken through it all
    let previous = 0;
    for (const ch of await feed('boss')) {
      expect(JSON.parse(Buffer.from(ch.receipt.payload, 'base64').toString('utf8'))).toMatchObject({ cursor: ch.cursor, previous });
      previous = ch.cursor;
    }
  });
});
