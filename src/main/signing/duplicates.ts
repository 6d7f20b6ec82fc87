/**
 * Possible duplicate payments, flagged before signing (as Russian bank clients do): a draft
 * payment order with the number, date, amount and payee (account, BIC and INN) of one already
 * signed here or sent to the bank. Paying the same invoice twice is the mistake this catches; a
 * payee legitimately paid twice the same day gets another number, so a repeat of all four is
 * worth a confirmation.
 */
import { formatRubles } from '../../shared/domain/money.ts';
import type { MessageParams } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import { sql, type Db } from '../store/database.ts';

/** The earlier payment order a draft repeats, as the signer is told of it. */
export interface EarlierDocument {
  id: string;
  number: string;
  date: string;
  amount: number;
  status: string;
}

/** Statuses of a payment order that is on its way or done: signed and queued, and every status after sending (not rejected or recalled). */
const GONE = "('signed','sent','delivered','accepted','executed')";

/** A draft (its number) and the payment order it repeats. */
export interface Duplicate {
  number: string;
  earlier: EarlierDocument;
}

/**
 * For each of `ids` that is a draft payment order repeating an earlier one, that earlier one
 * (the most recently updated, if several). The lookup goes through the documents_by_day index
 * (its expression written out exactly, so SQLite uses it) and then compares the few payment
 * orders of that day: fast with 100,000 documents in the profile.
 */
export function findDuplicates(db: Db, ids: Iterable<string>): Map<string, Duplicate> {
  const draft = sql(db, "SELECT number, doc_date, amount, json_extract(content, '$.payee') AS payee FROM documents WHERE id = ? AND status = 'draft' AND kind = 'payment-order'");
  const earlier = sql(
    db,
    `SELECT id, number, doc_date AS date, amount, status FROM documents
      WHERE COALESCE(doc_date, substr(created_at, 1, 10)) = @date AND doc_date = @date AND amount = @amount
        AND kind = 'payment-order' AND status IN ${GONE} AND id <> @id
        -- leading zeros and spaces are not part of the number (1C writes 000123 for 123)
        AND ltrim(trim(number), '0') = ltrim(trim(@number), '0')
        AND json_extract(content, '$.payee.account') = @account AND json_extract(content, '$.payee.bank.bic') = @bic AND json_extract(content, '$.payee.inn') = @inn
      ORDER BY updated_at DESC LIMIT 1`,
  );
  const found = new Map<string, Duplicate>();
  db.transaction(() => {
    for (const id of new Set(ids)) {
      const d = draft.get(id) as { number: string | null; doc_date: string | null; amount: number | null; payee: string | null } | undefined;
      if (!d || d.number === null || d.doc_date === null || d.amount === null || d.payee === null) continue;
      const payee = JSON.parse(d.payee) as { account: string; inn: string; bank: { bic: string } };
      const hit = earlier.get({ date: d.doc_date, amount: d.amount, id, number: d.number, account: payee.account, bic: payee.bank.bic, inn: payee.inn }) as EarlierDocument | undefined;
      if (hit) found.set(id, { number: d.number, earlier: hit });
    }
  })();
  return found;
}

/** The refusal's parameters naming the draft and the earlier one (message ui.tokens.sign.duplicate). */
export function duplicateParams(id: string, { number, earlier }: Duplicate): MessageParams {
  return { id, number, earlierId: earlier.id, earlierNumber: earlier.number, earlierDate: earlier.date, earlierAmount: formatRubles(earlier.amount), earlierStatus: earlier.status };
}

/** The audit record that the signer confirmed repeats as separate payments (before they are signed). */
export function recordConfirmed(db: Db, actor: string, confirmed: [string, Duplicate][]): void {
  if (confirmed.length === 0) return;
  audit(db, { actor, action: 'sign.duplicate-confirmed', subject: confirmed.length === 1 ? confirmed[0]![0] : `${confirmed.length} documents`, details: { repeats: confirmed.map(([id, d]) => ({ id, earlier: d.earlier.id })) } });
}
