/**
 * Issue 13, defect 2: a statement names the counterparty as a real one does, so 1C can match it.
 * Through the channel table (browser host), a SoftHSM2 token and the sandbox bank over real HTTP:
 * a payment to another bank's client and a payment to the company's own second account are
 * signed, sent and executed; the statements of both accounts then carry the counterparty's KPP,
 * its bank's name and correspondent account (from the signed payment order, or the bank's BIC
 * directory where the order left the account out) and the priority. The 1C export has the fields (read
 * back by the app's own 1C reader), the camt.053 export carries them and is valid against the
 * ISO XSD.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readCamt053, readOneCStatement } from '../../src/main/formats/index.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { isValidAccountKey } from '../../src/shared/domain/requisites.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { enrolAndLogin, type Person } from '../helpers/client-flow.ts';
import { adminCall } from '../helpers/sandbox.ts';
import { XSD, xsdErrors } from '../helpers/xsd.ts';

const app = useAppServices('statement-requisites', { tokens: [{ label: 'Director', pin: '24682468' }], processEnv: true, today: 'bank' });
const { ok } = app;
let director: Person;

const MAIN = '40702810300000004583';
const SECOND = '40702810500000000031';
const HOME = { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' };
const DON_BIC = '046015804';

/** An account at the Don bank whose control key fits its BIC. */
const donAccount = ((): string => {
  for (let k = 0; k <= 9; k++) {
    const account = `40702810${k}00000000777`;
    if (isValidAccountKey(DON_BIC, account)) return account;
  }
  throw new Error('no key');
})();

type Entry = {
  direction: string;
  amount: number;
  documentNumber: string;
  priority?: number;
  counterparty: { name: string; inn: string; kpp?: string; account: string; bic: string; bankName?: string; corrAccount?: string };
};

const payer = { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: MAIN, bank: HOME };

beforeAll(async () => {
  director = await enrolAndLogin(app.bank, app.client, { token: 'Director', pin: '24682468', name: 'Иванов Иван Иванович', role: 'single-signature', limit: 5_000_000_00, companyId: app.companyId });
}, 90_000);

describe('a statement entry names the counterparty as real statements do', () => {
  let accounts: { id: string; number: string }[];

  it('an executed payment and an incoming payment appear with KPP, bank name, corr. account and priority', async () => {
    const external = {
      ...DOCUMENT_EXAMPLES['payment-order'],
      number: '501',
      date: app.today(),
      amount: 73_400_00,
      payer,
      // the order leaves the bank's correspondent account out: it comes from the bank's BIC directory
      payee: { name: 'ООО «Василёк»', inn: '7725038124', kpp: '772501001', account: donAccount, bank: { name: 'ПАО «Донской Песочный Банк»', bic: DON_BIC } },
      priority: 5,
      purpose: 'Оплата по счёту № 17 от 01.12.2026, НДС не облагается',
    };
    const own = {
      ...DOCUMENT_EXAMPLES['payment-order'],
      number: '502',
      date: app.today(),
      amount: 12_000_00,
      payer,
      payee: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: SECOND, bank: HOME },
      priority: 5,
      purpose: 'Перевод собственных средств, НДС не облагается',
    };
    const ids: string[] = [];
    for (const content of [external, own]) ids.push((await ok<{ id: string }>('documents.create', { kind: 'payment-order', content })).id);
    const batch = await ok<{ batchId: string }>('sign.prepare', { ids });
    const run = await ok<{ signed: string[] }>('sign.run', { batchId: batch.batchId, token: 'Director', key: director.key, pin: director.pin });
    expect(run.signed.sort(), JSON.stringify(run)).toEqual([...ids].sort());
    await ok('sync.run', { locale: 'en' });
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 120 });
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 300 });
    await ok('sync.run', { locale: 'en' });
    for (const id of ids) expect(app.client.documents.get(id).status).toBe('executed');

    accounts = (await ok<{ accounts: { id: string; number: string }[] }>('accounts.list', {})).accounts;
    const day = app.today();
    const main = await ok<{ entries: Entry[] }>('statements.fetch', { accountId: accounts.find((a) => a.number === MAIN)!.id, from: day, to: day });
    const paid = main.entries.find((e) => e.documentNumber === '501')!;
    expect(paid).toMatchObject({
      direction: 'debit',
      amount: 73_400_00,
      priority: 5,
      counterparty: { name: 'ООО «Василёк»', inn: '7725038124', kpp: '772501001', account: donAccount, bic: DON_BIC, bankName: 'ПАО «Донской Песочный Банк»', corrAccount: expect.stringMatching(/^30101810\d00000000804$/) },
    });
    expect(main.entries.find((e) => e.documentNumber === '502')).toMatchObject({ direction: 'debit', amount: 12_000_00, counterparty: { kpp: '770701001', bankName: HOME.name, corrAccount: HOME.corrAccount } });

    // the payment to the second account arrived there: an incoming payment naming the payer
    const second = await ok<{ entries: Entry[] }>('statements.fetch', { accountId: accounts.find((a) => a.number === SECOND)!.id, from: day, to: day });
    expect(second.entries).toEqual([
      expect.objectContaining({
        direction: 'credit',
        amount: 12_000_00,
        documentNumber: '502',
        priority: 5,
        counterparty: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: MAIN, bic: HOME.bic, bankName: HOME.name, corrAccount: HOME.corrAccount },
      }),
    ]);

    // the profile keeps the statement as fetched, with the new fields
    const stored = app.client.db.prepare('SELECT json FROM statements WHERE date_from = ? AND date_to = ?').all(day, day) as { json: string }[];
    expect(stored.map((r) => JSON.parse(r.json) as { entries: Entry[] }).flatMap((s) => s.entries).filter((e) => e.counterparty.kpp === '772501001')).toHaveLength(1);
  });

  it('the 1C export has the fields (read back by the 1C reader); the camt.053 carries them and is valid against the XSD', async () => {
    const day = app.today();
    const q = { accountId: accounts.find((a) => a.number === MAIN)!.id, from: day, to: day };
    const onec = Buffer.from((await ok<{ content: string }>('statements.export', { ...q, format: '1c' })).content, 'base64');
    const lines = new TextDecoder('windows-1251').decode(onec).split('\r\n');
    const section = lines.slice(lines.indexOf('Номер=501'), lines.indexOf('КонецДокумента', lines.indexOf('Номер=501')));
    expect(section).toEqual(
      expect.arrayContaining([
        // our side: the company's KPP when the bank's session names it, else the key empty
        expect.stringMatching(/^ПлательщикКПП=(770701001)?$/),
        'ПлательщикБанк1=АО «Песочница Банк»',
        'ПлательщикКорсчет=30101810400000000225',
        'ПолучательИНН=7725038124',
        'ПолучательКПП=772501001',
        'ПолучательБанк1=ПАО «Донской Песочный Банк»',
        expect.stringMatching(/^ПолучательКорсчет=30101810\d00000000804$/),
        'Очередность=5',
      ]),
    );
    const back = readOneCStatement(onec).entries.find((e) => e.documentNumber === '501')!;
    expect(back).toMatchObject({ priority: 5, counterparty: { kpp: '772501001', bankName: 'ПАО «Донской Песочный Банк»', corrAccount: expect.stringMatching(/^30101810\d00000000804$/) } });

    const camt = Buffer.from((await ok<{ content: string }>('statements.export', { ...q, format: 'camt053' })).content, 'base64');
    expect(xsdErrors(camt, XSD.camt053v08)).toEqual([]);
    const entry = readCamt053(camt).entries.find((e) => e.documentNumber === '501')!;
    expect(entry).toMatchObject({ priority: 5, counterparty: { inn: '7725038124', kpp: '772501001', bic: DON_BIC, bankName: 'ПАО «Донской Песочный Банк»', corrAccount: expect.stringMatching(/^30101810\d00000000804$/) } });
  });
});
