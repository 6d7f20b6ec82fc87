/**
 * The whole chain from the command line, as CI or an automating accountant runs it: the bank
 * is the sandbox in its own process over HTTP, the keys are on SoftHSM2 tokens, each person has
 * their own profile (a real SQLite file), and every step is a bankclient process.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCamt053, readOneCStatement } from '../../src/main/formats/index.ts';
import { CliBank } from '../helpers/cli-bank.ts';
import { XSD, xsdErrors } from '../helpers/xsd.ts';

const t = new CliBank('cli-workflow', { Director: '10101010', Chief: '30303030' });

beforeAll(() => t.start(), 60_000);
afterAll(() => t.stop());

describe('bankclient workflow', () => {
  it('enrols, logs in, imports a 1C file, signs as first and second signer, syncs to executed with verified receipts, exports the statement (1C, and camt.053 valid against the ISO XSD) and reads it back', async () => {
    await t.enrolDirectorAndChief();

    const today = t.today();
    const orders = t.ordersFile('orders.txt', [
      { number: '501', amount: '25000.00', purpose: 'Оплата по счёту № 15, без НДС' },
      { number: '502', amount: '1200000.00', purpose: 'Оплата по договору поставки № 7, без НДС' },
      { number: '503', amount: '100.00', inn: '7701325469', purpose: 'Оплата с неверным ИНН получателя' },
      { number: '504', amount: '300.00', purpose: 'Требование', kind: 'Платежное требование' },
    ]);
    const imported = t.cli('Director', ['import', orders, '--json']);
    const report = imported.json<{ imported: string[]; details: { rejected: { line: number; code: string; message: string }[] } }>();
    expect(report.imported).toHaveLength(3);
    expect(report.details.rejected).toHaveLength(1);
    expect(report.details.rejected[0]!.message).toMatch(/Платежное требование/);
    expect(imported.status).toBe(3); // done, with one not imported (reported with its line)
    const again = t.cli('Director', ['import', orders, '--json']).json<{ imported: string[]; details: { rejected: { code: string }[] } }>();
    expect(again.imported).toHaveLength(0);
    expect(again.details.rejected.filter((r) => r.code === 'import.duplicate')).toHaveLength(3);

    const [small, large, invalid] = report.imported as [string, string, string];
    const signed = t.cli('Director', ['sign-documents', '--token', 'Director', '--key', 'Director-key', '--status', 'draft', '--json']);
    const s = signed.json<{ signed: string[]; skipped: { id: string; code: string }[] }>();
    expect(s.signed.sort()).toEqual([small, large].sort());
    expect(s.skipped).toEqual([expect.objectContaining({ id: invalid, code: 'signing.has-errors' })]);

    expect(t.cli('Director', ['sync', '--json']).json()).toMatchObject({ pending: 0, failed: 0 });
    expect(t.cli('Chief', ['sync', '--json']).status).toBe(0);
    const second = t.cli('Chief', ['sign-documents', '--token', 'Chief', '--key', 'Chief-key', '--awaiting', '--json']);
    expect(second.json<{ signed: string[] }>().signed).toEqual([large]);
    expect(t.cli('Chief', ['sync', '--json']).json()).toMatchObject({ pending: 0 });

    await t.bank.advanceClock(3600);
    await t.bank.advanceClock(3600);
    expect((await t.login('Director')).status).toBe(0);
    const synced = t.cli('Director', ['sync', '--json']);
    expect(synced.status, synced.stdout).toBe(0);
    for (const id of [small, large]) {
      expect(t.cli('Director', ['documents', 'show', id, '--json']).json()).toMatchObject({ status: 'executed', missing: [] });
    }
    const receipts = t.clientQuery<{ status: string }>('Director', 'SELECT status FROM receipts WHERE document_id = ? ORDER BY cursor', large);
    expect(receipts.map((r) => r.status)).toEqual(['signed', 'delivered', 'accepted', 'executed']);

    const from = new Date(Date.parse(today) - 7 * 86_400_000).toISOString().slice(0, 10);
    const to = t.bank.now().toISOString().slice(0, 10);
    const exported = t.cli('Director', ['statements', 'export', '--format', '1c', '--account', '40702810300000004583', '--from', from, '--to', to, '--out', t.file('statement.txt'), '--json']);
    expect(exported.status, exported.stderr).toBe(0);
    const bytes = readFileSync(t.file('statement.txt'));
    expect(bytes.includes(Buffer.from('Кодировка'))).toBe(false); // cp1251, not UTF-8
    const back = readOneCStatement(bytes);
    expect(back.account.number).toBe('40702810300000004583');
    expect(back.entries.filter((e) => e.direction === 'debit').map((e) => e.amount)).toEqual(expect.arrayContaining([25_000_00, 1_200_000_00]));
    // each debit as the order gave it: its purpose and the payee's requisites
    expect(back.entries.find((e) => e.direction === 'debit' && e.amount === 25_000_00)).toMatchObject({
      purpose: 'Оплата по счёту № 15, без НДС',
      counterparty: { inn: '500100732259', account: '40602810700000000025', bic: '049805746' },
    });
    expect(back.closingBalance).toBe(exported.json<{ closingBalance: number }>().closingBalance);
    const camt = t.cli('Director', ['statements', 'export', '--format', 'camt053', '--account', '40702810300000004583', '--from', from, '--to', to, '--out', t.file('statement.xml'), '--json']);
    expect(camt.status, camt.stderr).toBe(0);
    const camtBytes = readFileSync(t.file('statement.xml'));
    expect(xsdErrors(camtBytes, XSD.camt053v08)).toEqual([]);
    expect(readCamt053(camtBytes).closingBalance).toBe(back.closingBalance);

    expect(t.cli('Director', ['audit', 'verify', '--json']).json()).toMatchObject({ ok: true });
    expect(t.cli('Director', ['contracts', '--json']).json<unknown[]>().length).toBeGreaterThan(0);
    for (const o of t.outputs) {
      for (const pin of Object.values(t.pins)) expect(o.stdout + o.stderr).not.toContain(pin);
    }
  }, 120_000);
});
