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
 * (the most recently updated, if several). The earlier payment orders are read once per day the
 * drafts carry, through the documents_by_day index (its expression written out exactly, so
 * SQLite uses it), and matched in memory: one pass however many drafts share a day (a batch of
 * thousands usually does), fast with 100,000 documents in the profile.
 */
export function findDuplicates(db: Db, ids: Iterable<string>): Map<string, Duplicate> {
  const draft = sql(db, "SELECT number, doc_date, amount, json_extract(content, '$.payee') AS payee FROM documents WHERE id = ? AND status = 'draft' AND kind = 'payment-order'");
  const ofDay = sql(
    db,
    `SELECT id, number, doc_date AS date, amount, status,
            json_extract(content, '$.payee.account') AS account, json_extract(content, '$.payee.bank.bic') AS bic, json_extract(content, '$.payee.inn') AS inn
       FROM documents
      WHERE COALESCE(doc_date, substr(created_at, 1, 10)) = @day AND doc_date = @day AND kind = 'payment-order' AND status IN ${GONE}
      ORDER BY updated_at`,
  );
  const found = new Map<string, Duplicate>();
  db.transaction(() => {
    // the drafts to check, by day
    const byDay = new Map<string, { id: string; number: string; key: string }[]>();
    for (const id of new Set(ids)) {
      const d = draft.get(id) as { number: string | null; doc_date: string | null; amount: number | null; payee: string | null } | undefined;
      if (!d || d.number === null || d.doc_date === null || d.amount === null || d.payee === null) continue;
      const payee = JSON.parse(d.payee) as { account: string; inn: string; bank: { bic: string } };
      const list = byDay.get(d.doc_date) ?? [];
      list.push({ id, number: d.number, key: keyOf(d.number, d.amount, payee.account, payee.bank.bic, payee.inn) });
      byDay.set(d.doc_date, list);
    }
    for (const [day, drafts] of byDay) {
      const earlier = new Map<string, EarlierDocument>();
      // oldest first: the last one written for a key is the most recently updated
      for (const e of ofDay.all({ day }) as (EarlierDocument & { account: string; bic: string; inn: string })[]) {
        earlier.set(keyOf(e.number, e.amount, e.account, e.bic, e.inn), { id: e.id, number: e.number, date: e.date, amount: e.amount, status: e.status });
      }
      for (const d of drafts) {
        const hit = earlier.get(d.key);
        if (hit && hit.id !== d.id) found.set(d.id, { number: d.number, earlier: hit });
      }
    }
  })();
  return found;
}

/** What must match (the day apart): leading zeros and spaces are not part of the number (1C writes 000123 for 123). */
const keyOf = (number: string, amount: number, account: string, bic: string, inn: string): string => JSON.stringify([number.trim().replace(/^0+/, ''), amount, account, bic, inn]);

/** The refusal's parameters naming the draft and the earlier one (message ui.tokens.sign.duplicate). */
export function duplicateParams(id: string, { number, earlier }: Duplicate): MessageParams {
  return { id, number, earlierId: earlier.id, earlierNumber: earlier.number, earlierDate: earlier.date, earlierAmount: formatRubles(earlier.amount), earlierStatus: earlier.status };
}

/** The audit record that the signer confirmed repeats as separate payments (before they are signed). */
export function recordConfirmed(db: Db, actor: string, confirmed: [string, Duplicate][]): void {
  if (confirmed.length === 0) return;
  audit(db, { actor, action: 'sign.duplicate-confirmed', subject: confirmed.length === 1 ? confirmed[0]![0] : `${confirmed.length} documents`, details: { repeats: confirmed.map(([id, d]) => ({ id, earlier: d.earlier.id })) } });
}
