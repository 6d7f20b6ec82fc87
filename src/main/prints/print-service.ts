/**
 * Prints as PDF: signed documents (a payment order on form 0401060, any other kind as its
 * fields; one page or more per document, one file for a selection) and statements. The app's
 * channels and `bankclient documents print` / `statements print` both make their files here.
 *
 * A document is printed from its signed bytes (bodyOfCanonical: the strict round trip, bound to
 * its id), never from the editable content; a draft has no signed bytes and is refused. The
 * signatures come from the stored signature rows, the bank's marks from the verified receipts,
 * and the receipt's signer from the pinned receipts certificate.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { Statement } from '../../shared/bank-api/accounts.ts';
import { ReceiptPayload } from '../../shared/bank-api/documents-api.ts';
import type { PaymentOrder } from '../../shared/domain/payment-order.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import { pinnedReceiptsCertificate } from '../bank/trust.ts';
import type { DocumentService } from '../documents/document-service.ts';
import { bodyOfCanonical } from '../documents/signed-body.ts';
import { writePdf, type PdfItem } from '../pdf/pdf-writer.ts';
import type { Db } from '../store/database.ts';
import { drawOtherDocument } from './other-document-form.ts';
import { drawPaymentOrder, type PrintedReceipt, type ReceiptSigner } from './payment-order-form.ts';
import { printFont, Sheet } from './sheet.ts';
import { drawStatement } from './statement-form.ts';

export interface PrintOptions {
  /** A TrueType font with Cyrillic; DejaVu Sans or Arial from the usual places by default. */
  fontPath?: string;
  /** IANA zone the bank's times are written in; the computer's own by default. */
  timeZone?: string;
}

export interface PrintedFile {
  fileName: string;
  bytes: Uint8Array;
  pages: number;
}

/** The most documents one print takes. */
export const MAX_PRINT = 500;

/** Who signed the bank's receipts, as printed: the subject's CN (or the whole subject) and the serial. */
function receiptsSigner(db: Db): { signer: string; certificateSerial: string } {
  const der = pinnedReceiptsCertificate(db);
  if (!der) return { signer: '—', certificateSerial: '—' };
  try {
    const cert = new X509Certificate(der);
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
    return { signer: cn ?? cert.subject.replace(/\n/g, ', '), certificateSerial: cert.serialNumber.toLowerCase() };
  } catch {
    return { signer: '—', certificateSerial: '—' };
  }
}

/**
 * The signatures a verified receipt names whose kind this profile holds no signature of: a
 * colleague's, added on another machine. The receipt was checked when stored (sync/pull.ts).
 */
function othersSigners(payload: Buffer, cursor: number, local: Set<string>): ReceiptSigner[] {
  const parsed = ReceiptPayload.safeParse((() => {
    try {
      return JSON.parse(payload.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  })());
  if (!parsed.success) return [];
  return parsed.data.signers.filter((s) => !local.has(s.kind)).map((s) => ({ kind: s.kind, certificateSha256: s.certificateSha256, cursor }));
}

/** One PDF of the documents, in the order given, each starting on a page of its own. */
export function printDocuments(db: Db, documents: DocumentService, ids: string[], o: PrintOptions & { actor: string; now?: Date }): PrintedFile {
  if (ids.length === 0) throw new LocalizedError('print.nothing');
  if (ids.length > MAX_PRINT) throw new LocalizedError('print.too-many', { max: MAX_PRINT, count: ids.length });
  const font = printFont(o.fontPath);
  const bank = receiptsSigner(db);
  const pages: PdfItem[][] = [];
  const sheet = () => {
    const s = new Sheet(font);
    pages.push(s.items);
    return s;
  };
  const numbers: string[] = [];
  for (const id of ids) {
    const d = documents.get(id);
    if (!d.canonical) throw new LocalizedError('print.not-signed', { id, number: d.number ?? '' });
    const body = bodyOfCanonical(d.canonical, id);
    const signedSha256 = createHash('sha256').update(d.canonical).digest('hex');
    const receipts = documents.receipts(id);
    const last = receipts.at(-1);
    const receipt: PrintedReceipt | undefined = last && { status: last.status, at: last.at, cursor: last.cursor, ...bank };
    const bankSigners = last ? othersSigners(last.payload, last.cursor, new Set(d.signers.map((s) => s.kind))) : [];
    const common = {
      id,
      status: d.status,
      signedSha256,
      signers: d.signers.map((s) => ({ kind: s.kind, name: personOf(s.signer), certificateSerial: s.certificateSerial, signedAt: s.signedAt })),
      ...(receipt ? { receipt } : {}),
      ...(bankSigners.length ? { bankSigners } : {}),
      ...(o.timeZone ? { timeZone: o.timeZone } : {}),
    };
    if (body.kind === 'payment-order') {
      const executed = receipts.find((r) => r.status === 'executed');
      drawPaymentOrder(sheet(), {
        ...common,
        order: body.content as PaymentOrder,
        ...(receipts[0] ? { receivedAt: receipts[0].at } : {}),
        ...(executed ? { executedAt: executed.at } : {}),
        ...(d.rejection ? { rejection: d.rejection } : {}),
      });
    } else {
      drawOtherDocument(sheet(), sheet, { ...common, body });
    }
    numbers.push(d.number ?? id);
  }
  const now = o.now ?? new Date();
  const bytes = writePdf({ pages, font, title: ids.length === 1 ? `Платёжный документ № ${numbers[0]}` : `Документы (${ids.length})`, lang: 'ru', created: now });
  const fileName = ids.length === 1 ? `document-${safe(numbers[0]!)}.pdf` : `documents-${ids.length}.pdf`;
  audit(db, { actor: o.actor, action: 'export', subject: fileName, details: { format: 'pdf', documents: ids } }, now);
  return { fileName, bytes, pages: pages.length };
}

/** The statement as a PDF. */
export function printStatement(db: Db, statement: Statement, o: PrintOptions & { holder: { name: string; inn: string }; actor: string; now?: Date }): PrintedFile {
  const font = printFont(o.fontPath);
  const now = o.now ?? new Date();
  const sheets = drawStatement(() => new Sheet(font), { statement, holder: o.holder, madeAt: now, ...(o.timeZone ? { timeZone: o.timeZone } : {}) });
  const bytes = writePdf({ pages: sheets.map((s) => s.items), font, title: `Выписка по счёту ${statement.account.number}`, lang: 'ru', created: now });
  const fileName = `statement_${statement.account.number}_${statement.from}_${statement.to}.pdf`;
  audit(db, { actor: o.actor, action: 'export', subject: fileName, details: { format: 'pdf', account: statement.account.number, from: statement.from, to: statement.to, entries: statement.entries.length } }, now);
  return { fileName, bytes, pages: sheets.length };
}

/** A signer as printed: the person's name (CN) of a signer named by a certificate subject (a colleague's signature), else the name as stored. */
export function personOf(signer: string): string {
  return /(?:^|,\s*)CN=((?:[^,\\]|\\.)+)/.exec(signer)?.[1]?.trim() || signer;
}

/** A file-name-safe form of a document number. */
const safe = (s: string): string => s.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 40) || 'document';
