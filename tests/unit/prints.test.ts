/**
 * The printed forms without a bank: form 0401060 with hostile text (wrapped and clipped inside
 * its boxes, never breaking the file), an order not executed (no bank marks, its status said),
 * and a statement long enough to take several pages. Read back with qpdf and pdftotext.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePdf } from '../../src/main/pdf/pdf-writer.ts';
import { amountFigures, drawPaymentOrder, type PaymentOrderPrint } from '../../src/main/prints/payment-order-form.ts';
import { groupedRubles, printFont, Sheet } from '../../src/main/prints/sheet.ts';
import { drawStatement } from '../../src/main/prints/statement-form.ts';
import type { Statement } from '../../src/shared/bank-api/accounts.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { find, layoutText, pageCount, qpdfCheck, words } from '../helpers/pdf.ts';

const dir = mkdtempSync(join(tmpdir(), 'prints-'));
const font = printFont();

function orderPdf(name: string, p: Omit<Partial<PaymentOrderPrint>, 'order'> & { order?: Partial<PaymentOrderPrint['order']> }): string {
  const s = new Sheet(font);
  drawPaymentOrder(s, {
    id: '00000000-0000-4000-8000-000000000001',
    status: 'sent',
    signedSha256: 'ab'.repeat(32),
    signers: [{ kind: 'single', name: 'Иванов Иван Иванович', certificateSerial: '01AB', signedAt: '2026-12-05T09:00:00Z' }],
    timeZone: 'UTC',
    ...p,
    order: { ...DOCUMENT_EXAMPLES['payment-order'], ...p.order },
  });
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, writePdf({ pages: [s.items], font, title: name, lang: 'ru', created: new Date(0) }));
  return path;
}

describe('form 0401060', () => {
  it('keeps hostile text inside its boxes: long words cut, bidi and control characters made visible, the file intact', () => {
    const purpose = `\u202Eevil\u200B <script>alert(1)</script> (\\) \n\t${'Щ'.repeat(3000)} ${'оплата '.repeat(400)}`;
    const path = orderPdf('hostile', { order: { purpose, payer: { ...DOCUMENT_EXAMPLES['payment-order'].payer, name: 'Ж'.repeat(900) }, number: '9'.repeat(60) } });
    expect(qpdfCheck(path)).toMatchObject({ ok: true });
    const all = words(path);
    // every word inside the form's width (20..200 mm) and the page
    for (const w of all) {
      expect(w.x).toBeGreaterThanOrEqual(19.9);
      expect(w.right).toBeLessThanOrEqual(200.5);
      expect(w.bottom).toBeLessThan(297);
    }
    const label = find(all, 'Назначение платежа')!;
    const payer = find(all, 'Плательщик')!;
    expect(label).toBeDefined();
    // the purpose's lines stay between the budget row and the label under them
    const purposeWords = all.filter((w) => w.text.includes('Щ') || w.text.includes('оплата'));
    expect(purposeWords.length).toBeGreaterThan(0);
    for (const w of purposeWords) expect(w.bottom).toBeLessThan(label.y);
    expect(purposeWords.filter((w) => w.y > 130).length).toBeGreaterThan(0);
    // the payer's name: at most two lines, above its label
    const payerWords = all.filter((w) => /^Ж+…?$/.test(w.text));
    expect(payerWords.length).toBeLessThanOrEqual(2);
    for (const w of payerWords) expect(w.bottom).toBeLessThan(payer.y);
    const text = layoutText(path);
    expect(text).toContain('…');
    expect(text).not.toContain('\u202E');
    expect(text).not.toContain('\u200B');
    expect(text).toContain('\uFFFD');
  });

  it('prints an order the bank has not executed without its marks, saying its status', () => {
    const path = orderPdf('sent', { status: 'delivered', receivedAt: '2026-12-05T10:00:00Z', receipt: { status: 'delivered', at: '2026-12-05T10:00:00Z', cursor: 3, signer: 'Receipts', certificateSerial: '7F' } });
    expect(qpdfCheck(path).ok).toBe(true);
    const text = layoutText(path);
    expect(text).not.toContain('ИСПОЛНЕНО');
    expect(text).toContain('Не исполнено');
    expect(text).toContain('Статус: доставлен в банк');
    // no dates over "Поступ. в банк плат." and "Списано со сч. плат."
    const all = words(path);
    const received = find(all, 'Поступ. в банк плат.')!;
    expect(all.filter((w) => w.bottom <= received.y && /\d{2}\.\d{2}\.\d{4}/.test(w.text))).toEqual([]);
    // the amount in figures with the dash, the amount in words beside "Сумма прописью"
    expect(amountFigures(15_000_000)).toBe('150000-00');
    const words6 = find(all, 'Сто пятьдесят тысяч рублей 00 копеек')!;
    const label6 = find(all, 'Сумма')!;
    expect(words6.x).toBeGreaterThan(label6.right);
    expect(Math.abs(words6.y - label6.y)).toBeLessThan(2);
  });

  it('prints the bank marks of an executed order: both dates, ИСПОЛНЕНО with the date in the bank marks', () => {
    const path = orderPdf('executed', { status: 'executed', receivedAt: '2026-12-05T10:00:00Z', executedAt: '2026-12-06T08:00:00Z' });
    const all = words(path);
    const stamp = find(all, 'ИСПОЛНЕНО')!;
    const marks = find(all, 'Отметки банка')!;
    expect(stamp.y).toBeGreaterThan(marks.y);
    expect(stamp.x).toBeGreaterThan(120);
    const dateUnder = all.find((w) => w.text === '06.12.2026' && w.y > stamp.y && w.y - stamp.bottom < 4);
    expect(dateUnder).toBeDefined();
    const received = find(all, 'Поступ. в банк плат.')!;
    const receivedDate = all.find((w) => w.text === '05.12.2026' && w.bottom <= received.y + 0.5 && w.x >= received.x - 5 && w.right <= received.right + 5);
    expect(receivedDate).toBeDefined();
    const debited = find(all, 'Списано со сч. плат.')!;
    expect(all.find((w) => w.text === '06.12.2026' && w.bottom <= debited.y + 0.5 && w.x >= debited.x - 5)).toBeDefined();
  });
});

describe('form 0401060, a payment to the budget', () => {
  it('puts fields 101 and 104-109 in their boxes, left to right on one row, and the payer status in the box by the form code', () => {
    const budget = { payerStatus: '01', kbk: '18201061201010000510', oktmo: '45382000', basis: 'ТП', period: 'МС.11.2026', documentNumber: '0', documentDate: '0' };
    const path = orderPdf('budget', { order: { budget, uin: '0', payee: { name: 'Казначейство России (ФНС России)', inn: '7727406020', kpp: '770801001', account: '03100643000000018500', bank: { name: 'ОКЦ № 2 ГУ Банка России по ЦФО', bic: '024501901', corrAccount: '40102810445370000059' } } } });
    expect(qpdfCheck(path).ok).toBe(true);
    const all = words(path);
    const row = ['18201061201010000510', '45382000', 'ТП', 'МС.11.2026'].map((t) => all.find((w) => w.text === t)!);
    for (const w of row) expect(w).toBeDefined();
    for (let i = 1; i < row.length; i++) {
      expect(row[i]!.x).toBeGreaterThan(row[i - 1]!.right);
      expect(Math.abs(row[i]!.y - row[0]!.y)).toBeLessThan(0.5);
    }
    // the row is under the payee's block and above the purpose
    expect(row[0]!.y).toBeGreaterThan(find(all, 'Получатель')!.y);
    expect(row[0]!.y).toBeLessThan(find(all, 'Назначение платежа')!.y);
    const code = find(all, '0401060')!;
    const status = all.find((w) => w.text === '01' && w.y < 40 && w.x > code.x)!;
    expect(status).toBeDefined();
    expect(status.y).toBeGreaterThan(code.bottom);
  });
});

describe('statement', () => {
  it('runs over pages with the header repeated, the turnovers and balances in «1 200 000,00» form', () => {
    const entries = Array.from({ length: 120 }, (_, i) => ({
      id: String(i),
      date: '2026-12-01',
      direction: (i % 2 ? 'credit' : 'debit') as 'credit' | 'debit',
      amount: 1_200_000_00 + i,
      counterparty:
        i === 3
          ? { name: 'ООО «Василёк»', inn: '7725038124', kpp: '772501001', account: '40702810900000000777', bic: '046015804', bankName: 'ПАО «Донской Песочный Банк»', corrAccount: '30101810000000000804' }
          : { name: i === 7 ? 'Ы'.repeat(500) : 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bic: '049805746' },
      purpose: i === 9 ? `\u202E${'x'.repeat(2000)}` : `Оплата № ${i}`,
      documentNumber: String(i),
    }));
    const debit = entries.filter((e) => e.direction === 'debit').reduce((s, e) => s + e.amount, 0);
    const credit = entries.filter((e) => e.direction === 'credit').reduce((s, e) => s + e.amount, 0);
    const statement: Statement = {
      account: { id: 'a', number: '40702810300000004583', currency: 'RUB', balance: 0, bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' }, openedOn: '2020-01-01' },
      from: '2026-12-01',
      to: '2026-12-31',
      openingBalance: 10_00,
      totalDebit: debit,
      totalCredit: credit,
      closingBalance: 10_00 - debit + credit,
      entries,
    };
    const sheets = drawStatement(() => new Sheet(font), { statement, holder: { name: 'ООО «Ромашка»', inn: '7707083893' }, madeAt: new Date('2026-12-31T12:00:00Z'), timeZone: 'UTC' });
    const path = join(dir, 'statement.pdf');
    writeFileSync(path, writePdf({ pages: sheets.map((s) => s.items), font, title: 's', lang: 'ru', created: new Date(0) }));
    expect(qpdfCheck(path).ok).toBe(true);
    const pages = pageCount(path);
    expect(pages).toBeGreaterThan(2);
    const text = layoutText(path).replace(/\u00a0/g, ' ');
    const rub = (k: number) => groupedRubles(k).replace(/\u00a0/g, ' ');
    expect(text.split('\f').filter((p) => p.includes('Контрагент (ИНН, счёт, банк)'))).toHaveLength(pages);
    // the counterparty's KPP and bank where the entry has them
    // (the counterparty column wraps; pdftotext's layout puts the other columns between its lines)
    for (const piece of ['ООО «Василёк», ИНН 7725038124, КПП', '772501001, сч. 40702810900000000777,', 'БИК 046015804, ПАО «Донской', 'Песочный Банк»']) expect(text).toContain(piece);
    expect(text).toContain(`Страница ${pages} из ${pages}`);
    expect(groupedRubles(1_200_000_00)).toBe('1\u00a0200\u00a0000,00');
    expect(groupedRubles(-5)).toBe('-0,05');
    const last = text.split('\f')[pages - 1]!;
    expect(last).toMatch(new RegExp(`Обороты за период\\s+${rub(debit)}\\s+${rub(credit)}`));
    expect(last).toContain(`Исходящий остаток на 31.12.2026`);
    expect(last).toContain(rub(statement.closingBalance));
    for (const w of words(path)) expect(w.right).toBeLessThanOrEqual(200.5);
  });
});
