/**
 * The BIC directory end to end, with real parts: the sandbox's GET /v1/directory/bic over HTTP
 * (a strong ETag, If-None-Match answered 304), an exchange storing it in the profile's SQLite
 * file and fetching it again only when it changed, a file loaded by hand through the browser
 * host's directory.* channels (a bad one refused naming its line, the copy held unchanged), and
 * the validation every service runs reaching the directory's verdict.
 */
import { describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/examples.ts';
import { parseEd807 } from '../../src/main/formats/ed807/index.ts';
import { SANDBOX_BANKS, SANDBOX_DIRECTORY_META } from '../../src/sandbox/bic-directory.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { enrolAndLogin } from '../helpers/client-flow.ts';
import { generatedBanks, sandboxEd807 } from '../helpers/ed807.ts';

const app = useAppServices('directory-channels', { tokens: [{ label: 'Accountant', pin: '24682468' }], processEnv: true, today: 'bank' });
const { rpc, ok } = app;
let closedDraft = '';

interface Source {
  edNo: string;
  businessDay: string;
  entries: number;
  origin: 'bank' | 'file';
  fileName?: string;
  etag?: string;
  loadedAt: string;
}

const get = (etag?: string) => fetch(`${app.bank.url}/v1/directory/bic`, { headers: etag ? { 'if-none-match': etag } : {} });

async function uploadDirectory(name: string, bytes: Buffer) {
  const { uploadId, chunkBytes } = await ok<{ uploadId: string; chunkBytes: number }>('directory.begin', { name, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) await ok('directory.chunk', { uploadId, offset, data: bytes.subarray(offset, offset + chunkBytes).toString('base64') });
  return rpc('directory.load', { uploadId });
}

const payment = (bic: string, account?: string) => {
  const p = DOCUMENT_EXAMPLES['payment-order'];
  return { ...p, date: app.today(), payee: { ...p.payee, ...(account ? { account } : {}), bank: { name: 'Банк', bic } } };
};
const bicFindings = async (bic: string, locale: 'en' | 'ru' = 'ru') => {
  const r = await ok<{ findings: { field: string; code: string; severity: string; message: string }[] }>('editor.validate', { kind: 'payment-order', content: payment(bic), locale });
  return r.findings.filter((f) => f.code.startsWith('bic.'));
};

describe('the sandbox publishes its BIC directory (GET /v1/directory/bic)', () => {
  it('an ED807 of its banks with a strong ETag; If-None-Match with it answers 304, another tag the file', async () => {
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/xml/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/); // strong: no W/
    // signed by the bank's receipts key (tests/integration/attack-directory.test.ts drives what a client does with it)
    expect(first.headers.get('bank-signature')).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const dir = parseEd807(new Uint8Array(await first.arrayBuffer()));
    expect(dir.entries.map((e) => e.bic)).toEqual(SANDBOX_BANKS.map((b) => b.bic));

    const again = await get(etag);
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    expect((await get(`"other", ${etag}`)).status).toBe(304);
    expect((await get('"other"')).status).toBe(200);
  });
});

describe('the directory in the profile', () => {
  it('before an exchange: none held, a lookup says so, and nothing is checked against it', async () => {
    expect(await ok('directory.status', {})).toEqual({});
    expect(await ok('directory.lookup', { bic: '044525225' })).toEqual({ found: false, directory: false });
    expect(await bicFindings('044525999')).toEqual([]);
    // a draft to a bank the directory will say is closed: clean while no directory is held
    closedDraft = app.client.documents.create({ kind: 'payment-order', content: payment('045004999', '40702810900000001234') }).id;
    expect(app.client.signing.signableDrafts(undefined).ids).toContain(closedDraft);
  });

  it('the gate refuses a lookup that is not a BIC', async () => {
    const r = await rpc('directory.lookup', { bic: '04452522' });
    expect(r.status).toBe(422);
    expect(r.body.field).toBe('bic');
    expect((await rpc('directory.lookup', { bic: '044525225', extra: 1 })).status).toBe(422);
  });

  it('an exchange stores the bank\'s directory with its ETag; the next one is a 304 and changes nothing', async () => {
    await enrolAndLogin(app.bank, app.client, { token: 'Accountant', pin: '24682468', name: 'Петрова Анна Сергеевна', role: 'prepares', companyId: app.companyId });
    await ok('sync.run', { locale: 'en' });
    const { source } = await ok<{ source: Source }>('directory.status', {});
    expect(source).toMatchObject({ origin: 'bank', etag: app.bank.directory.etag, entries: SANDBOX_BANKS.length, businessDay: SANDBOX_DIRECTORY_META.businessDay });
    expect(await ok('directory.lookup', { bic: '049805746' })).toMatchObject({ found: true, record: { name: 'АО «Тверской Песочный Банк»', placeType: 'г', place: 'Тверь', corrAccount: '30101810800000000746', closed: false } });
    expect(await ok('directory.lookup', { bic: '044525999' })).toEqual({ found: false, directory: true });

    // the drafts counted under no directory are counted again: the one to the closed bank cannot be signed
    expect(app.client.signing.signableDrafts(undefined).ids).not.toContain(closedDraft);

    await ok('sync.run', { locale: 'en' });
    expect((await ok<{ source: Source }>('directory.status', {})).source.loadedAt).toBe(source.loadedAt); // not fetched again
  });

  it('validation sees it: unknown and closed BICs are errors, a restricted one a warning', async () => {
    expect(await bicFindings('049805746')).toEqual([]);
    expect(await bicFindings('044525999')).toEqual([expect.objectContaining({ field: 'payee.bank.bic', code: 'bic.unknown', severity: 'error' })]);
    const closed = await bicFindings('045004999');
    expect(closed).toEqual([expect.objectContaining({ code: 'bic.closed', severity: 'error' })]);
    expect(closed[0]!.message).toContain('исключён из справочника БИК с 14.06.2024');
    const restricted = await bicFindings('044525974', 'en');
    expect(restricted).toEqual([expect.objectContaining({ code: 'bic.restricted', severity: 'warning' })]);
    expect(restricted[0]!.message).toContain('participation in transfers restricted');
  });

  it('when the bank publishes a new directory, the next exchange fetches and stores it', async () => {
    const before = (await ok<{ source: Source }>('directory.status', {})).source;
    const banks = [...SANDBOX_BANKS, ...generatedBanks(3).map((b) => ({ ...b, bic: `0445${b.bic.slice(4)}` }))];
    app.bank.directory.publish(banks, { ...SANDBOX_DIRECTORY_META, edNo: 2, edDate: '2025-01-10', businessDay: '2025-01-10' });
    expect(app.bank.directory.etag).not.toBe(before.etag);
    await ok('sync.run', { locale: 'en' });
    const after = (await ok<{ source: Source }>('directory.status', {})).source;
    expect(after).toMatchObject({ origin: 'bank', etag: app.bank.directory.etag, edNo: '2', businessDay: '2025-01-10', entries: banks.length });
    expect(await ok('directory.lookup', { bic: '044500001' })).toMatchObject({ found: true, record: { name: 'АО «Банк № 1»' } });
  });

  it('a file loaded by hand: a bad one is refused naming its line and changes nothing; a good one replaces the directory', async () => {
    const held = (await ok<{ source: Source }>('directory.status', {})).source;
    const text = sandboxEd807();
    const bad = text.replace('Account="30101810800000000746"', 'Account="3010181080000000074"');
    const refused = await uploadDirectory('bik.xml', Buffer.from(bad, 'utf8'));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'format.ed807.attribute-invalid', params: { element: 'Accounts', attribute: 'Account', line: bad.slice(0, bad.indexOf('3010181080000000074"')).split('\n').length } });
    expect((await ok<{ source: Source }>('directory.status', {})).source).toEqual(held);

    const loaded = await uploadDirectory('20250109_ED807_full.xml', Buffer.from(text, 'utf8'));
    expect(loaded.status).toBe(200);
    expect((loaded.body as unknown as { source: Source }).source).toMatchObject({ origin: 'file', fileName: '20250109_ED807_full.xml', entries: SANDBOX_BANKS.length });
    expect(await ok('directory.lookup', { bic: '044500001' })).toEqual({ found: false, directory: true });

    // a copy from a file has no ETag of the bank's: the next exchange takes the bank's again
    await ok('sync.run', { locale: 'en' });
    expect((await ok<{ source: Source }>('directory.status', {})).source).toMatchObject({ origin: 'bank', etag: app.bank.directory.etag });
  });
});
