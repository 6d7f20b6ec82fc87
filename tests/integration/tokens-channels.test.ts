/**
 * The tokens area's channels with real parts: SoftHSM2 tokens, the sandbox bank over HTTP, the
 * profile's Client, and the browser host where the size cap matters. Token list, login refusals
 * in words, import preview then accept (in chunks, through the host), signing a batch with
 * progress events, cancel part-way, and the second signer from the awaiting inbox.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlersFor } from '../../src/main/app-services/index.ts';
import { Client } from '../../src/main/client.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { enrolAndLogin, totpNow, type Person } from '../helpers/client-flow.ts';
import { oneCFile } from '../helpers/cli-bank.ts';
import { adminCall } from '../helpers/sandbox.ts';
import { SOFTHSM_MODULE } from '../helpers/softhsm.ts';

const app = useAppServices('tokens-channels', {
  tokens: [
    { label: 'Director', pin: '10101010' },
    { label: 'Chief', pin: '30303030' },
    { label: 'Third', pin: '50505050' },
  ],
  processEnv: true,
  today: 'bank',
});
const { rpc, events, today } = app;
let director: Person;
let chief: Person;
let third: Person;

const HOME = { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' };
const order = (amount: number, number: string, purpose = 'Оплата по договору 7 от 01.02.2025. НДС не облагается') => ({
  ...DOCUMENT_EXAMPLES['payment-order'],
  number,
  date: today(),
  amount,
  purpose,
  payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: HOME },
});

/** The refusal a handler throws, as the page gets it: code and parameters. */
async function refusal(p: unknown): Promise<{ code: string; params: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LocalizedError) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error('expected a refusal');
}

function post(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
beforeAll(async () => {
  const { bank, client, companyId } = app;
  third = await enrolAndLogin(bank, client, { token: 'Third', pin: '50505050', name: 'Петров Пётр', role: 'first-signature', companyId });
  chief = await enrolAndLogin(bank, client, { token: 'Chief', pin: '30303030', name: 'Сидорова Мария Петровна', role: 'second-signature', companyId });
  director = await enrolAndLogin(bank, client, { token: 'Director', pin: '10101010', name: 'Иванов Иван Иванович', role: 'first-signature', limit: 2_000_000_00, companyId });
}, 90_000);

describe('tokens channels', () => {
  it('lists the tokens present with their certificates (no PIN needed), remembers the key in use, and says who is logged in', async () => {
    const list = await app.handlers['tokens.list']({});
    expect(list.tokens.map((tk) => tk.label).sort()).toEqual(['Chief', 'Director', 'Third']);
    const dir = list.tokens.find((tk) => tk.label === 'Director')!;
    expect(dir.pin).toBe('ok');
    expect(dir.certificates).toEqual([expect.objectContaining({ key: director.key, name: 'Иванов Иван Иванович', daysLeft: expect.any(Number) })]);
    expect(dir.certificates[0]!.daysLeft).toBeGreaterThan(30);
    await app.handlers['tokens.select']({ token: dir.serial, key: director.key });
    expect((await app.handlers['tokens.list']({})).selected).toEqual({ token: dir.serial, key: director.key });
    expect(events).toContainEqual({ event: 'tokens.changed', payload: { reason: 'selected' } });
    expect(await app.handlers['tokens.session']({})).toMatchObject({ loggedIn: true, name: 'Иванов Иван Иванович', role: 'first-signature', limit: 2_000_000_00, token: 'Director', key: director.key });
  });

  it('follows the module chosen in the settings: the watcher of the old one stops and the page is told', async () => {
    await app.handlers['tokens.list']({}); // the page's first call starts watching
    const before = events.length;
    await app.handlers['settings.useModule']({ path: SOFTHSM_MODULE });
    expect(events.slice(before)).toContainEqual({ event: 'tokens.changed', payload: { reason: 'module' } });
    // the next call lists the tokens through the module now chosen
    expect((await app.handlers['tokens.list']({})).tokens.map((tk) => tk.label).sort()).toEqual(['Chief', 'Director', 'Third']);
    await app.handlers['settings.useModule']({ path: null });
  });

  it('refuses a login in words: wrong PIN (with the tries-left state), wrong one-time code, revoked certificate, bank unreachable; then logs in and out', async () => {
    const wrongPin = await refusal(app.handlers['tokens.login']({ token: 'Director', key: director.key, pin: '99999999', totp: totpNow(app.bank, director.totpSecret) }));
    expect(wrongPin).toMatchObject({ code: 'pin.incorrect', params: expect.objectContaining({ state: expect.any(String) }) });
    const code = totpNow(app.bank, director.totpSecret);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await refusal(app.handlers['tokens.login']({ token: 'Director', key: director.key, pin: director.pin, totp: wrongCode }))).toMatchObject({ code: 'ui.tokens.login.totp-invalid' });

    const serial = (await app.handlers['tokens.list']({})).tokens.find((tk) => tk.label === 'Third')!.certificates[0]!.serialNumber;
    await adminCall(app.bank, 'POST', `/admin/certificates/${serial}/revocation`, {});
    expect(await refusal(app.handlers['tokens.login']({ token: 'Third', key: third.key, pin: third.pin, totp: totpNow(app.bank, third.totpSecret) }))).toMatchObject({ code: 'ui.tokens.login.certificate-revoked' });

    const offline = new Client({ dataDir: join(app.hsm.dir, 'offline'), bankUrl: 'http://127.0.0.1:9', modulePath: SOFTHSM_MODULE, env: process.env, actor: 'test' });
    try {
      const offlineHandlers = handlersFor(offline);
      expect(await refusal(offlineHandlers['tokens.login']({ token: 'Director', key: director.key, pin: director.pin, totp: '123456' }))).toMatchObject({ code: 'bank.unreachable' });
    } finally {
      offline.close();
    }

    expect(await app.handlers['tokens.logout']({})).toEqual({ loggedIn: false, endedOnBank: true });
    const session = await app.handlers['tokens.login']({ token: 'Director', key: director.key, pin: director.pin, totp: totpNow(app.bank, director.totpSecret) });
    expect(session).toMatchObject({ loggedIn: true, name: 'Иванов Иван Иванович', company: 'ООО «Ромашка»' });
    expect(events.filter((e) => e.event === 'tokens.changed' && (e.payload as { reason: string }).reason === 'session').length).toBeGreaterThanOrEqual(2);
  });

  it('previews an import without storing anything, with line numbers and reasons; accepts the valid ones; the same file again adds nothing', async () => {
    const hostile = '<img src=x onerror=alert(1)> "><svg onload=alert(2)> оплата'; // cp1251 has no U+202E: the e2e test sends it in UTF-8
    const file = oneCFile(today(), [
      { number: '501', amount: '1500.00', purpose: 'Оплата по счёту 1. НДС не облагается' },
      { number: '502', amount: '2500.00', inn: '7701325469', purpose: 'Оплата по счёту 2. НДС не облагается' },
      { number: '503', amount: '3500.00', purpose: hostile },
    ]);
    const before = (await app.handlers['documents.list']({})).total;
    const begun = await app.handlers['import.begin']({ name: 'orders.txt', size: file.length });
    await app.handlers['import.chunk']({ uploadId: begun.uploadId, offset: 0, data: Buffer.from(file).toString('base64') });
    const preview = await app.handlers['import.preview']({ uploadId: begun.uploadId, locale: 'en' });
    expect(preview).toMatchObject({ format: '1c', counts: { errors: 1, rejected: 0, duplicate: 0 } });
    expect(preview.counts.valid + preview.counts.warnings).toBe(2);
    const bad = preview.documents.find((d) => d.number === '502')!;
    expect(bad).toMatchObject({ outcome: 'errors', messages: expect.arrayContaining([expect.objectContaining({ severity: 'error', field: expect.stringContaining('inn') })]) });
    expect(bad.line).toBeGreaterThan(preview.documents.find((d) => d.number === '501')!.line);
    expect(preview.documents.find((d) => d.number === '503')!.purpose).toBe(hostile);
    expect((await app.handlers['documents.list']({})).total).toBe(before); // a preview stores nothing

    const accepted = await app.handlers['import.accept']({ uploadId: begun.uploadId, onlyValid: true });
    expect(accepted.imported).toHaveLength(2);
    expect(accepted.rejected).toBe(1);
    expect((await app.handlers['documents.list']({})).total).toBe(before + 2);

    const again = await app.handlers['import.begin']({ name: 'orders.txt', size: file.length });
    await app.handlers['import.chunk']({ uploadId: again.uploadId, offset: 0, data: Buffer.from(file).toString('base64') });
    expect((await app.handlers['import.preview']({ uploadId: again.uploadId, locale: 'ru' })).counts).toMatchObject({ duplicate: 2, errors: 1 });
    expect((await app.handlers['import.accept']({ uploadId: again.uploadId, onlyValid: true })).imported).toEqual([]);
    expect((await app.handlers['documents.list']({})).total).toBe(before + 2);
    for (const id of accepted.imported) app.client.documents.remove(id); // the signing tests choose their own drafts
  });

  it('takes a file over the host\'s 1 MiB body cap in chunks; refuses a 50 MB file before a byte is sent, and an oversized chunk', async () => {
    const orders = Array.from({ length: 2600 }, (_, i) => ({ number: String(10_000 + i), amount: '10.00', purpose: `Оплата по счёту ${i}. НДС не облагается` }));
    const file = oneCFile(today(), orders);
    expect(file.length).toBeGreaterThan(1024 * 1024);
    const begun = await rpc('import.begin', { name: 'big.txt', size: file.length });
    expect(begun.status).toBe(200);
    const { uploadId, chunkBytes } = begun.body as { uploadId: string; chunkBytes: number };
    for (let offset = 0; offset < file.length; offset += chunkBytes) {
      const r = await rpc('import.chunk', { uploadId, offset, data: Buffer.from(file.subarray(offset, offset + chunkBytes)).toString('base64') });
      expect(r.status).toBe(200);
    }
    const preview = await rpc('import.preview', { uploadId, locale: 'en' });
    expect(preview.status).toBe(200);
    expect((preview.body as { documents: unknown[] }).documents).toHaveLength(2600);
    await rpc('import.discard', { uploadId });

    const huge = await rpc('import.begin', { name: 'huge.txt', size: 50 * 1024 * 1024 });
    expect(huge.status).toBe(400);
    expect(huge.body).toMatchObject({ code: 'format.too-large', params: { size: 50 * 1024 * 1024 } });
    const tooBig = await post(`${app.host.url}rpc/import.chunk`, JSON.stringify({ uploadId, offset: 0, data: 'A'.repeat(1100 * 1024) }));
    expect(tooBig.status).toBe(413);
    const outOfOrder = await rpc('import.begin', { name: 'x.txt', size: 10 });
    expect((await rpc('import.chunk', { uploadId: (outOfOrder.body as { uploadId: string }).uploadId, offset: 5, data: 'AAAA' })).body).toMatchObject({ code: 'ui.tokens.import.chunk-invalid' });
  });

  it('keeps every file in progress: with four being imported a fifth is refused, and the four go on', async () => {
    const file = Buffer.from('1CClientBankExchange\r\n');
    const open: string[] = [];
    for (let i = 0; i < 4; i++) open.push((await app.handlers['import.begin']({ name: `part-${i}.txt`, size: file.length * 2 })).uploadId);
    expect(await rpc('import.begin', { name: 'fifth.txt', size: file.length })).toMatchObject({ status: 400, body: { code: 'ui.tokens.import.busy', params: { max: 4 } } });
    for (const uploadId of open) {
      await app.handlers['import.chunk']({ uploadId, offset: 0, data: file.toString('base64') });
      expect(await app.handlers['import.chunk']({ uploadId, offset: file.length, data: file.toString('base64') })).toEqual({ received: file.length * 2 });
    }
    for (const uploadId of open) expect(await app.handlers['import.discard']({ uploadId })).toEqual({ discarded: true });
    // room again
    const next = await app.handlers['import.begin']({ name: 'fifth.txt', size: file.length });
    expect(await app.handlers['import.discard']({ uploadId: next.uploadId })).toEqual({ discarded: true });
  });

  it('signs a batch: the text shown is rendered from the canonical bytes; progress events; the second signer signs from the awaiting inbox; the bank executes', async () => {
    const small = app.client.documents.create({ kind: 'payment-order', content: order(50_000_00, '601', '<script>alert(1)</script> оплата') });
    const large = app.client.documents.create({ kind: 'payment-order', content: order(1_200_000_00, '602') });
    const candidates = await app.handlers['sign.candidates']({ token: 'Director', key: director.key });
    expect(candidates.signer).toMatchObject({ role: 'first-signature', limit: 2_000_000_00 });
    expect(candidates.drafts.map((d) => d.id)).toEqual(expect.arrayContaining([small.id, large.id]));

    const batch = await app.handlers['sign.prepare']({ ids: [small.id, large.id] });
    const texts = await app.handlers['sign.texts']({ batchId: batch.batchId, offset: 0, limit: 10, locale: 'en' });
    expect(texts.total).toBe(2);
    expect(texts.items[0]!.rendered).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'purpose', value: '<script>alert(1)</script> оплата' })]));
    events.length = 0;
    const wrong = await refusal(app.handlers['sign.run']({ batchId: batch.batchId, token: 'Director', key: director.key, pin: '00000000' }));
    expect(wrong.code).toBe('pin.incorrect');
    expect(app.client.documents.get(small.id).status).toBe('draft');
    const done = await app.handlers['sign.run']({ batchId: batch.batchId, token: 'Director', key: director.key, pin: director.pin });
    expect(done).toMatchObject({ total: 2, skipped: [], notSigned: [], cancelled: false });
    expect(done.signed.sort()).toEqual([small.id, large.id].sort());
    const progress = events.filter((e) => e.event === 'signing.progress').map((e) => e.payload as { signed: number; total: number });
    expect(progress[0]).toMatchObject({ signed: 0, total: 2 });
    expect(progress.at(-1)).toMatchObject({ signed: 2, total: 2 });
    // the signed bytes are the ones whose text was shown
    expect(Buffer.from(app.client.documents.get(small.id).canonical!).toString('utf8')).toContain('<script>alert(1)</script> оплата');
    expect(app.client.documents.get(large.id).missing).toEqual(['second']);

    await app.handlers['sync.run']({ locale: 'en' });
    expect(app.client.documents.get(large.id)).toMatchObject({ status: 'sent', missing: ['second'] });

    // the chief logs in at this desk with her token: the bank lists what awaits her signature
    await app.handlers['tokens.login']({ token: 'Chief', key: chief.key, pin: chief.pin, totp: totpNow(app.bank, chief.totpSecret) });
    await app.handlers['sync.run']({ locale: 'en' });
    const inbox = await app.handlers['sign.candidates']({ token: 'Chief', key: chief.key });
    expect(inbox.signer).toMatchObject({ role: 'second-signature' });
    expect(inbox.awaiting.map((a) => a.id)).toEqual([large.id]);
    const second = await app.handlers['sign.prepare']({ ids: [large.id] });
    const shown = await app.handlers['sign.texts']({ batchId: second.batchId, offset: 0, limit: 10, locale: 'ru' });
    expect(shown.items[0]).toMatchObject({ id: large.id, source: 'awaiting', amount: 1_200_000_00 });
    const signed = await app.handlers['sign.run']({ batchId: second.batchId, token: 'Chief', key: chief.key, pin: chief.pin });
    expect(signed.signed).toEqual([large.id]);
    expect(app.client.documents.get(large.id).missing).toEqual([]);
    await app.handlers['sync.run']({ locale: 'en' });
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 120 });
    await app.handlers['sync.run']({ locale: 'en' });
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 300 });
    const state = await app.handlers['sync.run']({ locale: 'en' });
    expect(state.lastError).toBeUndefined();
    expect(app.client.documents.get(small.id).status).toBe('executed');
    expect(app.client.documents.get(large.id).status).toBe('executed');
  }, 60_000);

  it('does not sign a draft edited after its text was shown', async () => {
    await app.handlers['tokens.login']({ token: 'Director', key: director.key, pin: director.pin, totp: totpNow(app.bank, director.totpSecret) });
    const d = app.client.documents.create({ kind: 'payment-order', content: order(10_00, '701') });
    const batch = await app.handlers['sign.prepare']({ ids: [d.id] });
    app.client.documents.update(d.id, { ...order(10_00, '701'), amount: 99_00 });
    const r = await app.handlers['sign.run']({ batchId: batch.batchId, token: 'Director', key: director.key, pin: director.pin });
    expect(r.signed).toEqual([]);
    expect(r.skipped).toEqual([{ id: d.id, code: 'ui.tokens.sign.changed-since-shown', params: { id: d.id } }]);
    expect(app.client.documents.get(d.id).status).toBe('draft');
    app.client.documents.remove(d.id);
  });

  it('lists, counts and signs "all drafts" by the one check signing makes: a draft over the signer’s limit is in none of them', async () => {
    await app.handlers['tokens.login']({ token: 'Director', key: director.key, pin: director.pin, totp: totpNow(app.bank, director.totpSecret) });
    const within = app.client.documents.create({ kind: 'payment-order', content: order(20_00, '711') });
    const over = app.client.documents.create({ kind: 'payment-order', content: order(3_000_000_00, '712') }); // the director's limit is 2 000 000,00
    const later = app.client.documents.create({ kind: 'payment-order', content: order(21_00, '714') });
    const c = await app.handlers['sign.candidates']({ token: 'Director', key: director.key });
    expect(c.drafts.map((d) => d.id)).toContain(within.id);
    expect(c.drafts.map((d) => d.id)).not.toContain(over.id);
    // the count and "sign all" are the same selection as the list, not every draft without errors
    const all = await app.handlers['sign.prepare']({ allValidDrafts: true, token: 'Director', key: director.key });
    expect(all.total).toBe(c.draftsTotal);
    const texts = await app.handlers['sign.texts']({ batchId: all.batchId, offset: 0, limit: 1000, locale: 'en' });
    expect(texts.items.map((i) => i.id)).toContain(within.id);
    expect(texts.items.map((i) => i.id)).not.toContain(over.id);
    // signed, queued and sent in the order they were made (the list shows the newest first)
    const order_ = texts.items.map((i) => i.id);
    expect(order_.indexOf(within.id)).toBeLessThan(order_.indexOf(later.id));
    expect(c.drafts.map((d) => d.id).indexOf(later.id)).toBeLessThan(c.drafts.map((d) => d.id).indexOf(within.id));
    // chosen by hand anyway, it is refused by name, for the same reason
    const byHand = await app.handlers['sign.prepare']({ ids: [over.id] });
    const r = await app.handlers['sign.run']({ batchId: byHand.batchId, token: 'Director', key: director.key, pin: director.pin });
    expect(r.skipped).toEqual([expect.objectContaining({ id: over.id, code: 'signing.over-limit' })]);
    for (const d of [within, over, later]) app.client.documents.remove(d.id);
  });

  it('a damaged row in the profile’s awaiting list is left out, not the whole list; chosen by id it is refused by name', async () => {
    const db = app.client.db;
    db.prepare("INSERT INTO awaiting (id, document, canonical, cms, missing, fetched_at) VALUES (?, '{}', x'7b7d', x'', 'not json', ?)").run('0b0e0f00-0000-4000-8000-000000000001', new Date().toISOString());
    try {
      const c = await app.handlers['sign.candidates']({ token: 'Director', key: director.key });
      expect(c.awaiting.map((a) => a.id)).not.toContain('0b0e0f00-0000-4000-8000-000000000001');
      const batch = await app.handlers['sign.prepare']({ ids: ['0b0e0f00-0000-4000-8000-000000000001'] });
      const shown = await app.handlers['sign.texts']({ batchId: batch.batchId, offset: 0, limit: 10, locale: 'en' });
      expect(shown.items[0]!.problem).toMatchObject({ code: 'signing.canonical-invalid' });
    } finally {
      db.prepare('DELETE FROM awaiting WHERE id = ?').run('0b0e0f00-0000-4000-8000-000000000001');
    }
  });

  it('never signs a draft whose stored content was edited outside the app to carry a field its kind does not have', async () => {
    await app.handlers['tokens.login']({ token: 'Director', key: director.key, pin: director.pin, totp: totpNow(app.bank, director.totpSecret) });
    const d = app.client.documents.create({ kind: 'payment-order', content: order(30_00, '713') });
    // the attacker with the profile file adds a hidden field to the draft's JSON
    app.client.db.prepare("UPDATE documents SET content = json_set(content, '$.hiddenNote', 'pay twice') WHERE id = ?").run(d.id);
    // signed as the CLI does, straight through the signing service: refused before the token is asked
    const report = await app.client.signing.sign({ ids: [d.id], token: 'Director', key: director.key, pin: Buffer.from(director.pin) });
    expect(report.signed).toEqual([]);
    expect(report.skipped).toEqual([{ id: d.id, code: 'signing.canonical-invalid', params: { id: d.id, reason: 'schema', field: 'hiddenNote' } }]);
    expect(app.client.documents.get(d.id).status).toBe('draft');
    // the sign screen shows the refusal instead of a text to sign
    const batch = await app.handlers['sign.prepare']({ ids: [d.id] });
    const shown = await app.handlers['sign.texts']({ batchId: batch.batchId, offset: 0, limit: 10, locale: 'en' });
    expect(shown.items[0]).toMatchObject({ id: d.id, rendered: [], problem: { code: 'signing.canonical-invalid' } });
    // content that is not JSON at all: the list still answers, and signing refuses it by name
    app.client.db.prepare("UPDATE documents SET content = 'not json' WHERE id = ?").run(d.id);
    expect((await app.handlers['sign.candidates']({ token: 'Director', key: director.key })).signer).not.toBeNull();
    const again = await app.client.signing.sign({ ids: [d.id], token: 'Director', key: director.key, pin: Buffer.from(director.pin) });
    expect(again.skipped).toEqual([{ id: d.id, code: 'signing.canonical-invalid', params: { id: d.id, reason: 'JSON', field: '' } }]);
    app.client.documents.remove(d.id);
  });

  it('signs only the revision that was shown, even when the edit lands after the run began', async () => {
    const d = app.client.documents.create({ kind: 'payment-order', content: order(10_00, '702') });
    const shown = app.client.documents.get(d.id).revision;
    app.client.documents.update(d.id, { ...order(10_00, '702'), amount: 98_00 }, shown);
    // what sign.run hands the service: the revision the signer saw
    const r = await app.client.signing.sign({ ids: [d.id], token: 'Director', key: director.key, pin: Buffer.from(director.pin), shownRevisions: new Map([[d.id, shown]]) });
    expect(r.signed).toEqual([]);
    expect(r.skipped).toEqual([{ id: d.id, code: 'signing.changed-meanwhile', params: { id: d.id } }]);
    expect(app.client.documents.get(d.id).status).toBe('draft');
    app.client.documents.remove(d.id);
  });

  it('runs one batch at a time: a second one is refused while the first signs', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => app.client.documents.create({ kind: 'payment-order', content: order(1_00, String(40_000 + i)) }).id);
    const first = await app.handlers['sign.prepare']({ ids: ids.slice(0, 500) });
    const second = await app.handlers['sign.prepare']({ ids: ids.slice(500) });
    let refusal: unknown;
    app.onEvent = (event, payload) => {
      const p = payload as { batchId: string; signed: number };
      if (event === 'signing.progress' && p.batchId === first.batchId && refusal === undefined) {
        refusal = null;
        void Promise.resolve(app.handlers['sign.run']({ batchId: second.batchId, token: 'Director', key: director.key, pin: director.pin })).catch((e: unknown) => (refusal = e));
      }
    };
    try {
      const r = await app.handlers['sign.run']({ batchId: first.batchId, token: 'Director', key: director.key, pin: director.pin });
      expect(r.signed).toHaveLength(500);
      await expect.poll(() => refusal).toMatchObject({ code: 'ui.tokens.sign.other-running' });
      // once the first has ended, the second runs
      const later = await app.handlers['sign.run']({ batchId: second.batchId, token: 'Director', key: director.key, pin: director.pin });
      expect(later.signed).toHaveLength(100);
    } finally {
      app.onEvent = () => {};
    }
  });

  it('cancels a batch part-way: what was signed stays signed and queued, the rest stays draft', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => app.client.documents.create({ kind: 'payment-order', content: order(1_00, String(30_000 + i)) }).id);
    const batch = await app.handlers['sign.prepare']({ allValidDrafts: true });
    expect(batch.total).toBe(2500);
    // the user presses "stop" when the first progress shows signatures made
    app.onEvent = (event, payload) => {
      const p = payload as { batchId: string; signed: number };
      if (event === 'signing.progress' && p.batchId === batch.batchId && p.signed > 0) void app.handlers['sign.cancel']({ batchId: batch.batchId });
    };
    try {
      const r = await app.handlers['sign.run']({ batchId: batch.batchId, token: 'Director', key: director.key, pin: director.pin });
      expect(r.cancelled).toBe(true);
      expect(r.error).toBeUndefined();
      expect(r.signed.length).toBeGreaterThan(0);
      expect(r.notSigned.length).toBeGreaterThan(0);
      expect(r.signed.length + r.notSigned.length).toBe(ids.length);
      for (const id of r.signed.slice(0, 10)) expect(app.client.documents.get(id).status).toBe('signed');
      for (const id of r.notSigned.slice(0, 10)) expect(app.client.documents.get(id)).toMatchObject({ status: 'draft', signers: [] });
      expect(await app.handlers['sign.cancel']({ batchId: batch.batchId })).toEqual({ cancelled: false });
    } finally {
      app.onEvent = () => {};
    }
  }, 60_000);

  // last: it moves the bank's clock (and so the client's today) a day on
  it('offers tomorrow’s payment, prepared the evening before, once its day comes: a draft is counted again under the day’s rules', async () => {
    const tomorrow = new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const d = app.client.documents.create({ kind: 'payment-order', content: { ...order(40_00, '715'), date: tomorrow } });
    expect(app.client.documents.get(d.id).errors).toBe(1); // dated later than today
    expect((await app.handlers['sign.candidates']({ token: 'Director', key: director.key })).drafts.map((x) => x.id)).not.toContain(d.id);
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 86_400 });
    await app.handlers['tokens.login']({ token: 'Director', key: director.key, pin: director.pin, totp: totpNow(app.bank, director.totpSecret) });
    const c = await app.handlers['sign.candidates']({ token: 'Director', key: director.key });
    expect(c.drafts.map((x) => x.id)).toContain(d.id);
    // the count was kept: the draft's row says what today's rules say
    expect(app.client.documents.get(d.id)).toMatchObject({ errors: 0 });
    const all = await app.handlers['sign.prepare']({ allValidDrafts: true, token: 'Director', key: director.key });
    expect(all.total).toBe(c.draftsTotal);
  });
});
