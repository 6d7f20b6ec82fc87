/**
 * Printing from the command line after a real flow: the sandbox bank over HTTP in its own
 * process, SoftHSM2 tokens, two signers, the bank's clock moved until it executes. The payment
 * order (form 0401060) and the statement are read back with qpdf and pdftotext: each field's
 * text at its place, the amount in words, the bank's marks and «ИСПОЛНЕНО» with the date, the
 * signers' names and certificate serials, the bank's receipt.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliBank, oneCFile } from '../helpers/cli-bank.ts';
import { find, layoutText, pageCount, qpdfCheck, words } from '../helpers/pdf.ts';

const t = new CliBank('cli-print', { Director: '10101010', Chief: '30303030' });

beforeAll(() => t.start(), 60_000);
afterAll(() => t.stop());

/** dd.mm.yyyy of an instant in UTC (the prints below are made with --time-zone UTC). */
const day = (iso: string) => iso.slice(0, 10).split('-').reverse().join('.');

describe('bankclient documents print and statements print', () => {
  it('prints an executed payment order on form 0401060 with the bank marks and signatures, an order not executed without them, and the statement', async () => {
    await t.enrolDirectorAndChief();
    const today = t.today();
    const orders = t.ordersFile('orders.txt', [
      { number: '702', amount: '1200000.00', purpose: 'Оплата по договору поставки № 7 от 01.12.2026 (партия "А" & <Б>), без НДС' },
      { number: '703', amount: '100.00', purpose: 'Оплата по счёту № 3' },
    ]);
    const imported = t.cli('Director', ['import', orders, '--json']).json<{ imported: string[] }>();
    const [large, draft] = imported.imported as [string, string];
    expect(t.cli('Director', ['sign-documents', '--token', 'Director', '--key', 'Director-key', large, '--json']).json<{ signed: string[] }>().signed).toEqual([large]);

    // a draft has no signed bytes: refused, nothing written
    const refused = t.cli('Director', ['documents', 'print', draft, '--out', t.file('draft.pdf'), '--json']);
    expect(refused.status).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('print.not-signed');

    expect(t.cli('Director', ['sync', '--json']).status).toBe(0);
    // sent, one signature still missing: printed as not executed
    const early = t.cli('Director', ['documents', 'print', large, '--out', t.file('early.pdf'), '--time-zone', 'UTC', '--json']);
    expect(early.status, early.stderr).toBe(0);
    expect(qpdfCheck(t.file('early.pdf')).ok).toBe(true);
    const earlyText = layoutText(t.file('early.pdf'));
    expect(earlyText).not.toContain('ИСПОЛНЕНО');
    expect(earlyText).toMatch(/Не исполнено\. Статус: (отправлен в банк|доставлен в банк|принят банком)/);

    expect(t.cli('Chief', ['sync', '--json']).status).toBe(0);
    expect(t.cli('Chief', ['sign-documents', '--token', 'Chief', '--key', 'Chief-key', '--awaiting', '--json']).json<{ signed: string[] }>().signed).toEqual([large]);
    expect(t.cli('Chief', ['sync', '--json']).json()).toMatchObject({ pending: 0 });
    await t.bank.advanceClock(3600);
    await t.bank.advanceClock(3600);
    expect((await t.login('Director')).status).toBe(0);
    expect(t.cli('Director', ['sync', '--json']).status).toBe(0);
    expect(t.cli('Director', ['documents', 'show', large, '--json']).json()).toMatchObject({ status: 'executed' });

    const out = t.file('order.pdf');
    const printed = t.cli('Director', ['documents', 'print', large, '--out', out, '--time-zone', 'UTC', '--json']);
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.json()).toMatchObject({ out, documents: 1, pages: 1 });
    expect(qpdfCheck(out)).toMatchObject({ ok: true });

    const receipts = t.clientQuery<{ status: string; at: string; cursor: number; payload: Buffer }>('Director', 'SELECT status, at, cursor, payload FROM receipts WHERE document_id = ? ORDER BY cursor', large);
    const executed = receipts.find((r) => r.status === 'executed')!;
    const named = (JSON.parse(executed.payload.toString('utf8')) as { signers: { kind: string; certificateSha256: string }[] }).signers;
    expect(named.map((s) => s.kind).sort()).toEqual(['first', 'second']);
    const mine = t.clientQuery<{ signer: string; certificate_serial: string }>('Director', 'SELECT signer, certificate_serial FROM signatures WHERE document_id = ? ORDER BY seq', large);
    expect(mine.map((s) => s.signer)).toEqual(['Director Person']);

    const text = layoutText(out);
    expect(text).toMatch(/ПЛАТЕЖНОЕ ПОРУЧЕНИЕ № 702\s+\d{2}\.\d{2}\.\d{4}/);
    expect(text).toMatch(/Сумма\s+Один миллион двести тысяч рублей 00 копеек\n\s*прописью/);
    expect(text).toMatch(/ИНН 7707083893\s+КПП 770701001\s+Сумма\s+1200000-00/);
    expect(text).toMatch(/БИК\s+044525225\n\s+Сч\. №\s+30101810400000000225\n\s*Банк плательщика/);
    expect(text).toContain('(партия "А" & <Б>)');
    expect(text).toMatch(/Код\s+0\s+Рез\. поле/);
    expect(text).toMatch(/Очер\. плат\.\s*5/);
    expect(text).toContain('Director Person (ЭП)');
    expect(text).toContain(`Сертификат № ${mine[0]!.certificate_serial}`);
    // the chief signed on another machine: this profile knows that signature from the bank's receipt, by certificate
    expect(text).toMatch(new RegExp(`Подписант другого рабочего места\\s+вторая подпись, принята банком \\(квитанция № ${executed.cursor}\\)`));
    expect(text).toContain(`Сертификат SHA-256 ${named.find((s) => s.kind === 'second')!.certificateSha256}`);
    expect(text).toMatch(new RegExp(`исполнен — ${day(executed.at).replace(/\./g, '\\.')} \\d{2}:\\d{2}, квитанция № ${executed.cursor}`));
    expect(text).toMatch(/Подписал: .+, сертификат № [0-9a-f]+/);

    // the places: the bank's marks over their captions, the stamp in the bank's marks, the amount in words beside its label
    const all = words(out);
    const receivedCaption = find(all, 'Поступ. в банк плат.')!;
    const debitedCaption = find(all, 'Списано со сч. плат.')!;
    const above = (caption: { x: number; y: number; right: number }, text: string) => all.some((w) => w.text === text && w.bottom <= caption.y + 0.5 && caption.y - w.bottom < 6 && w.x >= caption.x - 8 && w.right <= caption.right + 8);
    expect(above(receivedCaption, day(receipts[0]!.at))).toBe(true);
    expect(above(debitedCaption, day(executed.at))).toBe(true);
    const stamp = find(all, 'ИСПОЛНЕНО')!;
    const marks = find(all, 'Отметки банка')!;
    expect(stamp.y).toBeGreaterThan(marks.y);
    expect(Math.abs((stamp.x + stamp.right) / 2 - (marks.x + marks.right) / 2)).toBeLessThan(3);
    expect(all.some((w) => w.text === day(executed.at) && w.y > stamp.bottom && w.y - stamp.bottom < 4)).toBe(true);
    const inWords = find(all, 'Один миллион двести тысяч рублей 00 копеек')!;
    const label = find(all, 'Сумма прописью'.split(' ')[0]!)!;
    expect(inWords.x).toBeGreaterThan(label.right);
    expect(Math.abs(inWords.y - label.y)).toBeLessThan(2);
    const formCode = find(all, '0401060')!;
    expect(formCode.x).toBeGreaterThan(170);
    expect(formCode.y).toBeLessThan(25);

    // the chief's profile holds both signatures (the director's came with the document): both named, with their serials
    const chiefs = t.clientQuery<{ signer: string; certificate_serial: string }>('Chief', 'SELECT signer, certificate_serial FROM signatures WHERE document_id = ? ORDER BY seq', large);
    expect(chiefs).toHaveLength(2);
    expect((await t.login('Chief')).status).toBe(0);
    expect(t.cli('Chief', ['sync', '--json']).status).toBe(0);
    const chiefPrint = t.cli('Chief', ['documents', 'print', large, '--out', t.file('chief.pdf'), '--time-zone', 'UTC', '--json']);
    expect(chiefPrint.status, chiefPrint.stderr).toBe(0);
    const chiefText = layoutText(t.file('chief.pdf'));
    expect(chiefText).toContain('Director Person (ЭП)');
    expect(chiefText).toContain('Chief Person (ЭП)');
    expect(chiefText).not.toContain('CN=');
    for (const s of chiefs) {
      expect(chiefText).toContain(`Сертификат № ${s.certificate_serial}`);
    }
    expect(chiefText).not.toContain('Подписант другого рабочего места');
    expect(chiefText).toContain('ИСПОЛНЕНО');

    // a selection: one file, a page each
    const both = t.cli('Director', ['documents', 'print', large, large, '--out', t.file('both.pdf'), '--json']);
    expect(both.json()).toMatchObject({ documents: 1 });
    writeFileSync(t.file('orders2.txt'), oneCFile(today, [{ number: '704', amount: '25.00', purpose: 'Оплата по счёту № 4' }]));
    const second = t.cli('Director', ['import', t.file('orders2.txt'), '--json']).json<{ imported: string[] }>().imported[0]!;
    t.cli('Director', ['sign-documents', '--token', 'Director', '--key', 'Director-key', second, '--json']);
    const two = t.cli('Director', ['documents', 'print', large, second, '--out', t.file('two.pdf'), '--json']);
    expect(two.status, two.stderr).toBe(0);
    expect(pageCount(t.file('two.pdf'))).toBe(2);
    const pages = layoutText(t.file('two.pdf')).split('\f');
    expect(pages[0]).toContain('ПЛАТЕЖНОЕ ПОРУЧЕНИЕ № 702');
    expect(pages[1]).toContain('ПЛАТЕЖНОЕ ПОРУЧЕНИЕ № 704');
    expect(pages[1]).toContain('Двадцать пять рублей 00 копеек');

    // the statement
    const from = new Date(Date.parse(today) - 7 * 86_400_000).toISOString().slice(0, 10);
    const to = t.bank.now().toISOString().slice(0, 10);
    const st = t.cli('Director', ['statements', 'print', '--account', '40702810300000004583', '--from', from, '--to', to, '--out', t.file('statement.pdf'), '--time-zone', 'UTC', '--json']);
    expect(st.status, st.stderr).toBe(0);
    const facts = st.json<{ entries: number; openingBalance: number; closingBalance: number; pages: number }>();
    expect(qpdfCheck(t.file('statement.pdf')).ok).toBe(true);
    const stText = layoutText(t.file('statement.pdf')).replace(/\u00a0/g, ' ');
    const rub = (k: number) => `${Math.trunc(k / 100).toLocaleString('ru-RU').replace(/\s/g, ' ')},${String(Math.abs(k) % 100).padStart(2, '0')}`;
    expect(stText).toContain('ВЫПИСКА ПО СЧЁТУ');
    expect(stText).toContain(`за период с ${day(from)} по ${day(to)}`);
    expect(stText).toMatch(/Счёт\s+40702810300000004583 \(RUB\)/);
    expect(stText).toMatch(new RegExp(`Входящий остаток на ${day(from).replace(/\./g, '\\.')}\\s+${rub(facts.openingBalance)}`));
    expect(stText).toMatch(new RegExp(`Исходящий остаток на ${day(to).replace(/\./g, '\\.')}\\s+${rub(facts.closingBalance)}`));
    expect(stText).toMatch(/702\s+ООО «Лютик».*Оплата по договору поставки № 7.*1 200 000,00/);
    expect(facts.entries).toBeGreaterThan(0);

    // an unknown time zone is a usage error
    expect(t.cli('Director', ['documents', 'print', large, '--out', t.file('x.pdf'), '--time-zone', 'Mars/Olympus']).status).toBe(2);
    expect(t.cli('Director', ['audit', 'verify', '--json']).json()).toMatchObject({ ok: true });
    for (const o of t.outputs) for (const pin of Object.values(t.pins)) expect(o.stdout + o.stderr).not.toContain(pin);
  }, 180_000);
});
