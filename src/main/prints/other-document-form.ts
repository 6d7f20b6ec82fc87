/**
 * A signed document of a kind without a form of the Bank of Russia (applications, letters,
 * leasing and loan payments): its title and its fields as the signer read them (rendered from
 * the signed bytes), then the same signature and receipt block and status as the payment order.
 * Continues on further pages when long.
 */
import { DOCUMENT_KINDS, type DocumentBody } from '../../shared/bank-api/documents/index.ts';
import { renderDocument } from '../../shared/bank-api/documents/render.ts';
import type { LocalStatus } from '../../shared/domain/document-status.ts';
import { SIGNATURE_KIND_RU, STATUS_RU, type PrintedReceipt, type PrintedSigner, type ReceiptSigner } from './payment-order-form.ts';
import { ruDate, ruDateTime, type Sheet } from './sheet.ts';

export interface OtherDocumentPrint {
  id: string;
  body: DocumentBody;
  status: LocalStatus;
  signedSha256: string;
  signers: PrintedSigner[];
  bankSigners?: ReceiptSigner[];
  receipt?: PrintedReceipt;
  timeZone?: string;
}

/** Dates as dd.mm.yyyy and amounts as «1 000 000,00» (the rendered text gives ISO dates and 1000000.00). */
function readable(field: string, value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return ruDate(value);
  const money = /^(-?)(\d+)\.(\d{2})$/.exec(value);
  if (money && /(^|\.)(amount|principal|payoff|size_kopecks)$/.test(field)) return `${money[1]}${money[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')},${money[3]}`;
  return value;
}

const X = 20;
const W = 180;
const BOTTOM = 282;

/** Draws the document from the sheet `first()` gives; `next()` gives a new page's sheet. */
export function drawOtherDocument(first: Sheet, next: () => Sheet, p: OtherDocumentPrint): void {
  let s = first;
  let y = 20;
  const need = (mm: number) => {
    if (y + mm <= BOTTOM) return;
    s = next();
    y = 20;
  };
  const line = (text: string, size: number, indent = 0, step = 4.2) => {
    need(step);
    s.text(X + indent, y, size, text, { max: W - indent });
    y += step;
  };
  s.text(X + W / 2, y, 12, DOCUMENT_KINDS[p.body.kind].title.ru, { align: 'center', max: W });
  y += 5;
  s.text(X + W / 2, y, 7, `Документ ${p.id}`, { align: 'center', max: W });
  y += 4;
  s.hline(X, X + W, y);
  y += 6;
  for (const f of renderDocument(p.body, 'ru')) {
    const lines = s.lines(readable(f.field, f.value), 8.5, W - 62, 40);
    need(Math.max(1, lines.length) * 3.8 + 1);
    s.text(X, y, 7, f.label, { max: 58 });
    lines.forEach((l, i) => s.text(X + 62, y + i * 3.8, 8.5, l));
    y += Math.max(1, lines.length) * 3.8 + 1.2;
  }
  y += 3;
  need(12);
  s.hline(X, X + W, y, 0.3);
  y += 5;
  line('Документ подписан электронной подписью', 8, 0, 5);
  p.signers.forEach((sig, i) => {
    const t = ruDateTime(sig.signedAt, p.timeZone);
    line(`${i + 1}. ${sig.name}, подписано ${t.date} ${t.time}`, 8.5, 0, 3.8);
    line(`Сертификат № ${sig.certificateSerial}`, 6.5, 4, 4.6);
  });
  (p.bankSigners ?? []).forEach((o, i) => {
    line(`${p.signers.length + i + 1}. Подписант другого рабочего места: ${SIGNATURE_KIND_RU[o.kind] ?? o.kind}, принята банком (квитанция № ${o.cursor})`, 8.5, 0, 3.8);
    line(`Сертификат SHA-256 ${o.certificateSha256}`, 6.5, 4, 4.6);
  });
  line(`SHA-256 подписанного документа: ${p.signedSha256}`, 6.5, 0, 6);
  if (p.receipt) {
    const t = ruDateTime(p.receipt.at, p.timeZone);
    line('Квитанция банка', 8, 0, 4.5);
    line(`${STATUS_RU[p.receipt.status as LocalStatus] ?? p.receipt.status} — ${t.date} ${t.time}, квитанция № ${p.receipt.cursor}`, 8.5, 0, 3.8);
    line(`Подписал: ${p.receipt.signer}, сертификат № ${p.receipt.certificateSerial}`, 6.5, 0, 5);
  }
  line(p.status === 'executed' ? 'ИСПОЛНЕНО' : `Не исполнено. Статус: ${STATUS_RU[p.status]}.`, 9, 0, 5);
}
