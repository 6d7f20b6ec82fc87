/**
 * The payment order as paper: form 0401060 (Положение Банка России № 762-П, приложение 1), drawn
 * with the form's fields where the scheme puts them, 180 mm wide. The numbers in comments are
 * the form's field numbers. Its words are Russian by law, whatever the app's language.
 *
 * Under the form: the electronic-signature block (each signer's name, certificate serial and
 * signing time, the bank's receipt). Once the bank has executed the order, its marks: the dates
 * it was received (62) and debited (71), and the «ИСПОЛНЕНО» stamp with the date in the bank's
 * marks (45). An order not executed yet prints without them and says its status.
 */
import type { PaymentOrder } from '../../shared/domain/payment-order.ts';
import { amountInWords } from '../../shared/domain/amount-in-words.ts';
import type { LocalStatus } from '../../shared/domain/document-status.ts';
import { ruDate, ruDateTime, type Sheet } from './sheet.ts';

export interface PrintedSigner {
  /** first, second or single. */
  kind: string;
  name: string;
  certificateSerial: string;
  /** ISO instant. */
  signedAt: string;
}

/** The bank's receipt as printed: who signed it (the pinned receipts certificate), what and when. */
export interface PrintedReceipt {
  status: string;
  at: string;
  cursor: number;
  signer: string;
  certificateSerial: string;
}

/**
 * A signature the bank's receipt names that this profile does not hold (a colleague signed on
 * another machine): known by its certificate's SHA-256 and its kind, as the receipt signed them.
 */
export interface ReceiptSigner {
  kind: string;
  certificateSha256: string;
  cursor: number;
}

export interface PaymentOrderPrint {
  id: string;
  order: PaymentOrder;
  status: LocalStatus;
  /** SHA-256 (hex) of the signed bytes. */
  signedSha256: string;
  signers: PrintedSigner[];
  /** Signatures the bank took that are not in this profile (named by the latest receipt). */
  bankSigners?: ReceiptSigner[];
  /** When the bank received the order (its first receipt) and executed it (the executed receipt). */
  receivedAt?: string;
  executedAt?: string;
  /** The latest receipt of the bank. */
  receipt?: PrintedReceipt;
  rejection?: { code: string; reason: string };
  timeZone?: string;
}

/** Status words for the line under a form that is not executed. */
export { SIGNATURE_KIND_RU };

export const STATUS_RU: Record<LocalStatus, string> = {
  draft: 'черновик',
  signed: 'подписан, не отправлен в банк',
  sent: 'отправлен в банк',
  delivered: 'доставлен в банк',
  accepted: 'принят банком',
  executed: 'исполнен',
  rejected: 'отклонён банком',
  recalled: 'отозван',
};

const SIGNATURE_KIND_RU: Record<string, string> = { first: 'первая подпись', second: 'вторая подпись', single: 'единственная подпись' };

/** Field 7: roubles and kopecks parted by a dash, as the form's rules write the amount in figures. */
export const amountFigures = (kopecks: number): string => `${Math.floor(kopecks / 100)}-${String(kopecks % 100).padStart(2, '0')}`;

// Sizes (mm): the form starts 20 mm from the left edge and is 180 mm wide.
const X = 20;
const W = 180;
const LABEL = 7; // pt, the form's printed words
const VALUE = 8.5; // pt, what was filled in
const SMALL = 6.5;

/** Draws one payment order on a page of its own. */
export function drawPaymentOrder(s: Sheet, p: PaymentOrderPrint): void {
  const o = p.order;
  const x = (mm: number) => X + mm;
  const executed = p.status === 'executed' && p.executedAt !== undefined;
  const received = executed && p.receivedAt ? ruDateTime(p.receivedAt, p.timeZone).date : '';
  const debited = executed && p.executedAt ? ruDateTime(p.executedAt, p.timeZone).date : '';
  let y = 15;

  // (62) Поступ. в банк плат., (71) Списано со сч. плат., (2) the form's code, (101) the payer's status
  s.text(x(22.5), y + 5, VALUE, received, { align: 'center', max: 44 });
  s.hline(x(0), x(45), y + 6.5);
  s.text(x(22.5), y + 9.5, SMALL, 'Поступ. в банк плат.', { align: 'center' });
  s.text(x(77.5), y + 5, VALUE, debited, { align: 'center', max: 44 });
  s.hline(x(55), x(100), y + 6.5);
  s.text(x(77.5), y + 9.5, SMALL, 'Списано со сч. плат.', { align: 'center' });
  s.rect(x(160), y, 20, 7);
  s.text(x(170), y + 5, VALUE, '0401060', { align: 'center' });

  // (3) number, (4) date, (5) kind of payment, (101)
  y = 33;
  s.text(x(0), y, 11, `ПЛАТЕЖНОЕ ПОРУЧЕНИЕ № ${o.number}`, { max: 82 });
  s.text(x(102.5), y - 1, VALUE, ruDate(o.date), { align: 'center', max: 34 });
  s.hline(x(85), x(120), y + 0.5);
  s.text(x(102.5), y + 3.5, SMALL, 'Дата', { align: 'center' });
  s.text(x(140), y - 1, VALUE, o.paymentKind ?? '', { align: 'center', max: 34 });
  s.hline(x(122.5), x(157.5), y + 0.5);
  s.text(x(140), y + 3.5, SMALL, 'Вид платежа', { align: 'center' });
  s.rect(x(170), y - 6, 10, 7);
  s.text(x(175), y - 1, VALUE, o.budget?.payerStatus ?? '', { align: 'center', max: 9 });

  // (6) the amount in words
  y = 40;
  s.hline(x(0), x(W), y);
  s.text(x(1), y + 4, LABEL, 'Сумма');
  s.text(x(1), y + 7.5, LABEL, 'прописью');
  s.vline(x(20), y, y + 12);
  s.paragraph(x(22), y + 4, 157, VALUE, 3.8, amountInWords(o.amount, 'ru'), 3);
  y += 12;
  s.hline(x(0), x(W), y);

  // the grid: the left 100 mm, the labels 15 mm, the values 65 mm (20 + 15 + 30 in the lower rows)
  const L = 100;
  const V = 115;
  const cellText = (col: number, top: number, value: string, max: number) => s.text(x(col + 1), top + 3.6, VALUE, value, { max });
  const label = (col: number, top: number, word: string) => s.text(x(col + 1), top + 3.6, LABEL, word);

  /** The ИНН and КПП row of the left half, 5 mm. */
  const innKpp = (inn: string, kpp: string | undefined) => {
    s.vline(x(50), y, y + 5);
    s.text(x(1), y + 3.6, LABEL, 'ИНН');
    cellText(7, y, inn, 41);
    s.text(x(51), y + 3.6, LABEL, 'КПП');
    cellText(57, y, kpp ?? '', 41);
    s.hline(x(0), x(L), y + 5);
  };

  // (60) ИНН, (102) КПП | Сумма (7)
  innKpp(o.payer.inn, o.payer.kpp);
  label(L, y, 'Сумма');
  cellText(V, y, amountFigures(o.amount), 63);
  // (8) the payer | (9) Сч. №
  s.hline(x(L), x(W), y + 10);
  label(L, y + 10, 'Сч. №');
  cellText(V, y + 10, o.payer.account, 63);
  s.paragraph(x(1), y + 8.6, 97, VALUE, 3.6, o.payer.name, 2);
  s.text(x(1), y + 18.5, LABEL, 'Плательщик');
  y += 20;
  s.hline(x(0), x(W), y);

  /** A bank's box, 15 mm: its name and the caption on the left; БИК and the correspondent account (Сч. №) on the right. */
  const bankBox = (bank: PaymentOrder['payer']['bank'], caption: string) => {
    s.paragraph(x(1), y + 3.6, 97, VALUE, 3.6, bank.name, 2);
    s.text(x(1), y + 13.5, LABEL, caption);
    label(L, y, 'БИК');
    cellText(V, y, bank.bic, 63);
    s.hline(x(L), x(W), y + 5);
    label(L, y + 5, 'Сч. №');
    cellText(V, y + 5, bank.corrAccount ?? '', 63);
    y += 15;
    s.hline(x(0), x(W), y);
  };
  // (10) the payer's bank | (11) БИК, (12) Сч. №
  bankBox(o.payer.bank, 'Банк плательщика');
  // (13) the payee's bank | (14) БИК, (15) Сч. №
  bankBox(o.payee.bank, 'Банк получателя');

  // (61) ИНН, (103) КПП | (17) Сч. №; (16) the payee | (18) Вид оп., (19) Срок плат., (20) Наз. пл., (21) Очер. плат., (22) Код, (23) Рез. поле
  innKpp(o.payee.inn, o.payee.kpp);
  label(L, y, 'Сч. №');
  cellText(V, y, o.payee.account, 63);
  s.paragraph(x(1), y + 8.6, 97, VALUE, 3.6, o.payee.name, 3);
  s.text(x(1), y + 23.5, LABEL, 'Получатель');
  const rows: [string, string, string, string][] = [
    ['Вид оп.', o.operationType, 'Срок плат.', ''],
    ['Наз. пл.', o.incomeType ?? '', 'Очер. плат.', String(o.priority)],
    ['Код', o.uin, 'Рез. поле', ''],
  ];
  rows.forEach(([l1, v1, l2, v2], i) => {
    const top = y + 10 + i * 5;
    s.hline(x(L), x(W), top, i === 0 ? 0.6 : 0.3);
    label(L, top, l1);
    cellText(V, top, v1, 18);
    label(135, top, l2);
    cellText(153, top, v2, 25);
  });
  s.vline(x(135), y + 10, y + 25);
  s.vline(x(152), y + 10, y + 25);
  y += 25;
  s.hline(x(0), x(W), y);
  s.vline(x(L), 52, y);
  s.vline(x(V), 52, y);

  // (104) КБК, (105) ОКТМО, (106) основание, (107) период, (108) номер документа, (109) дата документа, (110)
  const b = o.budget;
  const budget: [number, string][] = [
    [45, b?.kbk ?? ''],
    [30, b?.oktmo ?? ''],
    [10, b?.basis ?? ''],
    [30, b?.period ?? ''],
    [35, b?.documentNumber ?? ''],
    [25, b?.documentDate ?? ''],
    [5, ''],
  ];
  let col = 0;
  budget.forEach(([w, v], i) => {
    if (i > 0) s.vline(x(col), y, y + 5);
    s.text(x(col + w / 2), y + 3.6, VALUE, v, { align: 'center', max: w - 1 });
    col += w;
  });
  y += 5;
  s.hline(x(0), x(W), y);

  // (24) the purpose
  s.paragraph(x(1), y + 4, 178, VALUE, 3.7, o.purpose, 6);
  y += 25;
  s.hline(x(0), x(W), y);
  s.text(x(1), y + 3.5, LABEL, 'Назначение платежа');

  // (43), (44) signatures; (45) the bank's marks
  y += 9;
  s.text(x(70), y, LABEL, 'Подписи', { align: 'center' });
  s.text(x(150), y, LABEL, 'Отметки банка', { align: 'center' });
  const others = p.bankSigners ?? [];
  const signer = (i: number) => (p.signers[i] ? `${p.signers[i]!.name} (ЭП)` : others[i - p.signers.length] ? 'ЭП принята банком' : '');
  s.text(x(70), y + 9, VALUE, signer(0), { align: 'center', max: 58 });
  s.hline(x(40), x(100), y + 10);
  s.text(x(10), y + 15, LABEL, 'М.П.');
  s.text(x(70), y + 19, VALUE, signer(1), { align: 'center', max: 58 });
  s.hline(x(40), x(100), y + 20);
  if (executed) {
    const top = y + 3;
    s.rect(x(122), top, 56, 22, 1.2);
    s.text(x(150), top + 5, VALUE, o.payer.bank.name, { align: 'center', max: 52 });
    s.text(x(150), top + 8.5, SMALL, `БИК ${o.payer.bank.bic}`, { align: 'center', max: 52 });
    s.text(x(150), top + 14.5, 12, 'ИСПОЛНЕНО', { align: 'center' });
    s.text(x(150), top + 19.5, VALUE, debited, { align: 'center' });
  } else {
    s.text(x(150), y + 12, VALUE, 'Не исполнено', { align: 'center' });
    s.text(x(150), y + 16, SMALL, `Статус: ${STATUS_RU[p.status]}`, { align: 'center', max: 56 });
  }

  // the electronic signatures and the bank's receipt
  y += 32;
  s.hline(x(0), x(W), y, 0.3);
  y += 5;
  s.text(x(0), y, LABEL + 1, 'Документ подписан электронной подписью');
  y += 5;
  p.signers.forEach((sig, i) => {
    const t = ruDateTime(sig.signedAt, p.timeZone);
    s.text(x(0), y, VALUE, `${i + 1}. ${sig.name}`, { max: 90 });
    s.text(x(92), y, SMALL, `${SIGNATURE_KIND_RU[sig.kind] ?? sig.kind}, подписано ${t.date} ${t.time}`, { max: 88 });
    y += 3.8;
    s.text(x(4), y, SMALL, `Сертификат № ${sig.certificateSerial}`, { max: 176 });
    y += 4.6;
  });
  others.forEach((o, i) => {
    s.text(x(0), y, VALUE, `${p.signers.length + i + 1}. Подписант другого рабочего места`, { max: 90 });
    s.text(x(92), y, SMALL, `${SIGNATURE_KIND_RU[o.kind] ?? o.kind}, принята банком (квитанция № ${o.cursor})`, { max: 88 });
    y += 3.8;
    s.text(x(4), y, SMALL, `Сертификат SHA-256 ${o.certificateSha256}`, { max: 176 });
    y += 4.6;
  });
  s.text(x(0), y, SMALL, `SHA-256 подписанного документа: ${p.signedSha256}`, { max: W });
  y += 6;
  if (p.receipt) {
    const r = p.receipt;
    const t = ruDateTime(r.at, p.timeZone);
    s.text(x(0), y, LABEL + 1, 'Квитанция банка');
    y += 4.5;
    s.text(x(0), y, VALUE, `${STATUS_RU[r.status as LocalStatus] ?? r.status} — ${t.date} ${t.time}, квитанция № ${r.cursor}`, { max: W });
    y += 3.8;
    s.text(x(0), y, SMALL, `Подписал: ${r.signer}, сертификат № ${r.certificateSerial}`, { max: W });
    y += 5;
  } else {
    s.text(x(0), y, VALUE, 'Квитанций банка ещё нет.');
    y += 5;
  }
  if (p.rejection) s.text(x(0), y, VALUE, `Отклонён: ${p.rejection.code} — ${p.rejection.reason}`, { max: W });
  else if (!executed) s.text(x(0), y, VALUE, `Не исполнено. Статус: ${STATUS_RU[p.status]}.`, { max: W });
}
