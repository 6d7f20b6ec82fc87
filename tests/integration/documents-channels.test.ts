/**
 * The documents area of the channel table through the browser host: the list's filters and
 * search, keyset paging checked against offset paging over a few thousand rows (also while rows
 * are added between pages), the receipts a document has, and inputs refused by field.
 */
import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES, EXAMPLES_VALID_ON } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes } from '../../src/shared/bank-api/documents/signed.ts';
import { useAppServices } from '../helpers/app-services.ts';

const app = useAppServices('documents-channels', { bank: false, today: () => EXAMPLES_VALID_ON });
const { rpc } = app;
/** The bank's id of our company: this profile has no bank and no session, so one made up here (the bytes bind it beside the document id). */
const COMPANY_ID = randomUUID();

interface Row {
  id: string;
  kind: string;
  status: string;
  number: string | null;
  date: string | null;
  amount: number | null;
  counterparty: string | null;
  missing: string[];
  rejection?: { code: string; reason: string };
  key: { date: string; seq: number };
}
interface Page {
  items: Row[];
  total: number;
  amount?: number;
}

async function list(input: Record<string, unknown>): Promise<Page> {
  const r = await rpc<Page>('documents.list', input);
  if (r.status !== 200) throw new Error(`documents.list ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const ORDER = DOCUMENT_EXAMPLES['payment-order'];
const PAYEES = ['ООО «Меридиан»', 'АО «Северсталь-Сервис»', 'ИП Петров А. А.', 'ООО "Лютик"'];
const PURPOSES = ['Оплата за металлопрокат по счёту', 'Аренда офиса за июнь', 'Оплата по договору поставки', 'Услуги связи'];
const day = (i: number): string => `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;

/** Inserts n payment orders in one transaction (as imports do): many share a day, so order within a day matters. */
function seed(n: number, from: number, dateOf: (i: number) => string = day): string[] {
  const ids: string[] = [];
  app.client.db.transaction(() => {
    const now = new Date().toISOString();
    for (let i = from; i < from + n; i++) {
      const id = randomUUID();
      const content = { ...ORDER, number: String(i + 1), date: dateOf(i), amount: 10_000 + i * 101, payee: { ...ORDER.payee, name: PAYEES[i % PAYEES.length]! }, purpose: `${PURPOSES[i % PURPOSES.length]!} № ${i + 1}` };
      app.client.documents.insert(id, app.client.documents.parse('payment-order', content), { origin: 'import' }, now);
      ids.push(id);
    }
  })();
  return ids;
}

/** Walks the whole list page by page by key: every row once. */
async function walkByKey(filter: Record<string, unknown>, limit: number, between?: (pageNo: number) => void): Promise<Row[]> {
  const rows: Row[] = [];
  let after: Row['key'] | undefined;
  for (let n = 0; ; n++) {
    const page = await list({ ...filter, limit, count: false, ...(after ? { after } : {}) });
    rows.push(...page.items);
    if (page.items.length < limit) return rows;
    after = page.items.at(-1)!.key;
    between?.(n);
  }
}

async function walkByOffset(filter: Record<string, unknown>, limit: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await list({ ...filter, limit, offset, count: false });
    rows.push(...page.items);
    if (page.items.length < limit) return rows;
  }
}

const byListOrder = (a: Row, b: Row): number => (a.key.date === b.key.date ? b.key.seq - a.key.seq : a.key.date < b.key.date ? 1 : -1);

beforeAll(() => {
  seed(3000, 0);
});

describe('documents.list paged by key', () => {
  it('gives the same rows in the same order as offset paging, newest date first, none missing or twice', async () => {
    const byKey = await walkByKey({}, 97);
    const byOffset = await walkByOffset({}, 97);
    expect(byKey.length).toBe(3000);
    expect(byKey.map((r) => r.id)).toEqual(byOffset.map((r) => r.id));
    expect(new Set(byKey.map((r) => r.id)).size).toBe(3000);
    expect(byKey.map((r) => r.id)).toEqual([...byKey].sort(byListOrder).map((r) => r.id));
    expect(byKey[0]!.date! >= byKey.at(-1)!.date!).toBe(true);
    // the key is the document's date and its place among those of that day
    expect(byKey.every((r) => r.key.date === r.date)).toBe(true);
  });

  it('filtered pages by key match offset pages too', async () => {
    for (const filter of [{ text: 'металлопрокат' }, { counterparty: 'Меридиан', from: '2026-03-01', to: '2026-08-31' }, { minAmount: 50_000, maxAmount: 200_000 }]) {
      const byKey = await walkByKey(filter, 41);
      expect(byKey.length).toBeGreaterThan(41);
      expect(byKey.map((r) => r.id)).toEqual((await walkByOffset(filter, 41)).map((r) => r.id));
    }
  });

  it('pages backwards: before a key, and the last page, in the list\'s order', async () => {
    const all = await walkByOffset({}, 500);
    const last = await list({ last: true, limit: 30 });
    expect(last.items.map((r) => r.id)).toEqual(all.slice(-30).map((r) => r.id));
    const before = await list({ before: all[1000]!.key, limit: 50, count: false });
    expect(before.items.map((r) => r.id)).toEqual(all.slice(950, 1000).map((r) => r.id));
    // the first rows before the start: what there is
    expect((await list({ before: all[3]!.key, limit: 50 })).items.map((r) => r.id)).toEqual(all.slice(0, 3).map((r) => r.id));
    // an offset from a key counts across days
    const jump = await list({ after: all[10]!.key, offset: 200, limit: 20, count: false });
    expect(jump.items.map((r) => r.id)).toEqual(all.slice(211, 231).map((r) => r.id));
    expect(jump.total).toBe(-1);
  });

  it('rows added between pages neither repeat nor shift the pages: the ones after the reading place are met in order', async () => {
    const before = new Set((await walkByOffset({}, 500)).map((r) => r.id));
    const added: string[] = [];
    // while reading, documents dated at the top, the middle and the end of the list arrive (the same days as others)
    const rows = await walkByKey({}, 100, (n) => {
      if (n < 3) added.push(...seed(5, 10_000 + n * 5, (i) => day(i * 7)));
    });
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length); // no duplicates
    for (const id of before) expect(ids).toContain(id); // no gaps
    expect(ids).toEqual([...rows].sort(byListOrder).map((r) => r.id)); // still in order
    // every row met is either old or one of the added; the added ones are met only if they sort after where reading was
    expect(ids.filter((id) => !before.has(id)).every((id) => added.includes(id))).toBe(true);
    const total = (await list({})).total;
    expect(total).toBe(before.size + added.length);
    app.client.db.transaction(() => added.forEach((id) => app.client.documents.remove(id)))();
  });
});

describe('documents.list filters', () => {
  it('by kind, status, dates, amounts, counterparty and text; totals count and sum every match', async () => {
    const letter = app.client.documents.create({ kind: 'letter', content: DOCUMENT_EXAMPLES.letter });
    expect((await list({ kind: 'letter' })).items.map((r) => r.id)).toEqual([letter.id]);
    // a letter has no date: it stands at the day it was made
    expect((await list({ kind: 'letter' })).items[0]!.key.date).toBe(new Date().toISOString().slice(0, 10));
    const march = await list({ from: '2026-03-01', to: '2026-03-31', limit: 1000 });
    expect(march.total).toBeGreaterThan(0);
    expect(march.items.every((r) => r.date! >= '2026-03-01' && r.date! <= '2026-03-31')).toBe(true);
    const amounts = await list({ minAmount: 100_000, maxAmount: 110_000, limit: 1000 });
    expect(amounts.items.every((r) => r.amount! >= 100_000 && r.amount! <= 110_000)).toBe(true);
    expect(amounts.amount).toBe(amounts.items.reduce((s, r) => s + r.amount!, 0));
    expect(amounts.total).toBe(amounts.items.length);
    const meridian = await list({ counterparty: 'меридиан', limit: 1000 });
    expect(meridian.total).toBe(750);
    expect(meridian.items.every((r) => r.counterparty === 'ООО «Меридиан»')).toBe(true);
    // by word prefixes, in any case; FTS syntax typed by a user is only text
    expect((await list({ counterparty: 'ооо мерид' })).total).toBe(750);
    expect((await list({ counterparty: 'ридиан' })).total).toBe(0);
    expect((await list({ counterparty: '%' })).total).toBe(0);
    expect((await list({ counterparty: 'Меридиан OR Лютик' })).total).toBe(0);
    expect((await list({ counterparty: 'purpose:аренда' })).total).toBe(0);
    const text = await list({ text: 'аренда' });
    expect(text.total).toBe(750);
    expect(text.items.every((r) => r.counterparty === PAYEES[1])).toBe(true);
    // the amount as typed with a comma finds that document
    const one = (await list({ text: '110,10', limit: 1000 })).items;
    expect(one.map((r) => r.number)).toContain('11'); // 11 010 kopecks
    // combined: text and counterparty and status
    expect((await list({ text: 'аренда', counterparty: 'Меридиан' })).total).toBe(0);
    expect((await list({ status: ['rejected'] })).total).toBe(0);
    expect((await list({ status: ['draft'], kind: 'payment-order' })).total).toBe(3000);
    app.client.documents.remove(letter.id);
  });
});

describe('documents.receipts and documents.get', () => {
  it('gives the receipts sync stored for a document, oldest first, and the rejection on the row', async () => {
    const [id] = seed(1, 20_000, () => '2026-11-20');
    const at = (m: number) => `2026-11-20T10:0${m}:00.000Z`;
    const payload = (status: string, extra: object = {}) => Buffer.from(JSON.stringify({ documentId: id, documentSha256: 'ab'.repeat(32), status, at: at(status.length % 10), ...extra }));
    // as src/main/sync/pull.ts stores them after checking each one
    const store = app.client.db.prepare('INSERT INTO receipts (cursor, document_id, status, at, rejection_code, rejection_reason, payload, signature, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const reason = 'счёт <b>закрыт</b> \u202Eтекст';
    app.client.db.transaction(() => {
      store.run(901, id, 'delivered', at(1), null, null, payload('delivered'), Buffer.from('sig'), at(2));
      store.run(905, id, 'rejected', at(3), 'account-unknown', reason, payload('rejected', { rejection: { code: 'account-unknown', reason } }), Buffer.from('sig'), at(4));
      app.client.db.prepare("UPDATE documents SET status = 'rejected', canonical = ?, rejection_code = 'account-unknown', rejection_reason = ? WHERE id = ?").run(Buffer.from(signedDocumentBytes({ id: id!, companyId: COMPANY_ID }, app.client.documents.get(id!).body)), reason, id);
    })();
    const r = await rpc('documents.receipts', { id });
    expect(r.status).toBe(200);
    const items = (r.body as { items: { cursor: number; status: string; rejection?: { reason: string }; payload: string; payloadSha256: string }[] }).items;
    expect(items.map((x) => [x.cursor, x.status])).toEqual([
      [901, 'delivered'],
      [905, 'rejected'],
    ]);
    expect(items[1]!.rejection?.reason).toBe(reason);
    expect(JSON.parse(items[1]!.payload)).toMatchObject({ status: 'rejected', documentId: id });
    expect(items[1]!.payloadSha256).toMatch(/^[0-9a-f]{64}$/);
    const rejected = await list({ status: ['rejected'] });
    expect(rejected.items.map((x) => [x.id, x.rejection])).toEqual([[id, { code: 'account-unknown', reason }]]);
    const got = (await rpc('documents.get', { id, locale: 'en' })).body as { status: string; rejection: unknown; rendered: { field: string; value: string }[]; signedSha256: string };
    expect(got).toMatchObject({ status: 'rejected', rejection: { code: 'account-unknown', reason } });
    // a signed document is shown from its signed bytes, and names their digest
    expect(got.signedSha256).toBe(createHash('sha256').update(signedDocumentBytes({ id: id!, companyId: COMPANY_ID }, app.client.documents.get(id!).body)).digest('hex'));
    expect(got.rendered).toContainEqual(expect.objectContaining({ field: 'number', value: '20001' }));
    // the signed bytes win over the stored content, were they ever to differ
    const body = app.client.documents.get(id!).body;
    const signed = Buffer.from(signedDocumentBytes({ id: id!, companyId: COMPANY_ID }, { ...body, content: { ...body.content, purpose: 'Текст, который подписан' } } as typeof body));
    app.client.db.prepare('UPDATE documents SET canonical = ? WHERE id = ?').run(signed, id);
    const shown = (await rpc('documents.get', { id, locale: 'ru' })).body as { rendered: { field: string; value: string }[] };
    expect(shown.rendered.find((f) => f.field === 'purpose')?.value).toBe('Текст, который подписан');
    // bytes signed for another document are not shown as this one's
    app.client.db.prepare('UPDATE documents SET canonical = ? WHERE id = ?').run(Buffer.from(signedDocumentBytes({ id: randomUUID(), companyId: COMPANY_ID }, body)), id);
    expect((await rpc('documents.get', { id, locale: 'en' })).body).toMatchObject({ code: 'signing.canonical-invalid' });
    app.client.db.prepare('UPDATE documents SET canonical = ? WHERE id = ?').run(signed, id);
    // a document with none has none; an unknown one is refused
    expect(((await rpc('documents.receipts', { id: (await list({ limit: 1 })).items[0]!.id })).body as { items: unknown[] }).items).toEqual([]);
    const unknown = await rpc('documents.receipts', { id: randomUUID() });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'document.not-found' });
  });
});

describe('inputs refused by field', () => {
  it.each([
    [{ from: '25.11.2026' }, 'from'],
    [{ minAmount: 1.5 }, 'minAmount'],
    [{ maxAmount: -1 }, 'maxAmount'],
    [{ from: '2026-12-01', to: '2026-11-01' }, 'to'],
    [{ minAmount: 500, maxAmount: 100 }, 'maxAmount'],
    [{ after: { date: '2026-01-01', seq: 1 }, before: { date: '2026-01-01', seq: 1 } }, 'before'],
    [{ after: { date: '2026-01-01' } }, 'after.seq'],
    [{ after: { date: "2026-01-01' OR 1=1 --", seq: 1 } }, 'after.date'],
    [{ status: ['lost'] }, 'status.0'],
    [{ kind: 'invoice' }, 'kind'],
    [{ sort: 'amount' }, 'sort'], // a key the channel does not have is named itself
  ])('documents.list %j: 422 naming %s, nothing listed', async (input, field) => {
    const r = await rpc('documents.list', input);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'validation-failed', errors: expect.arrayContaining([expect.objectContaining({ field })]) });
  });

  it('documents.receipts with an id that is not a UUID: 422 naming id', async () => {
    const r = await rpc('documents.receipts', { id: '../../etc/passwd' });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ errors: [expect.objectContaining({ field: 'id' })] });
  });
});

describe('the list in the page\'s language (issue 13, defect 7)', () => {
  it('says the summaries in English for an English page and in Russian otherwise', async () => {
    const id = app.client.documents.create({ kind: 'leasing-payment', content: DOCUMENT_EXAMPLES['leasing-payment'] }).id;
    const summaryOf = async (input: Record<string, unknown>): Promise<string | undefined> =>
      ((await list({ kind: 'leasing-payment', limit: 1000, ...input })).items as (Row & { summary: string })[]).find((r) => r.id === id)?.summary;
    expect(await summaryOf({ locale: 'en' })).toBe('Leasing instalment 12 due 30.11.2026 under contract ЛД-2026/015');
    expect(await summaryOf({ locale: 'ru' })).toBe('Лизинговый платёж № 12 со сроком 30.11.2026 по договору ЛД-2026/015');
    expect(await summaryOf({})).toBe('Лизинговый платёж № 12 со сроком 30.11.2026 по договору ЛД-2026/015');
  });
});
