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
import { ON_ITS_WAY } from '../../shared/domain/document-status.ts';
import type { Db } from '../store/database.ts';
import type { DocumentStore } from '../store/documents.ts';

/** The earlier payment order a draft repeats, as the signer is told of it. */
export interface EarlierDocument {
  id: string;
  number: string;
  date: string;
  amount: number;
  status: string;
}

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
export function findDuplicates(store: DocumentStore, ids: Iterable<string>): Map<string, Duplicate> {
  const found = new Map<string, Duplicate>();
  store.transaction(() => {
    // the drafts to check, by day
    const byDay = new Map<string, { id: string; number: string; key: string }[]>();
    for (const id of new Set(ids)) {
      const d = store.draftPayment(id);
      if (!d || d.number === null || d.date === null || d.amount === null || d.payee === null) continue;
      const list = byDay.get(d.date) ?? [];
      list.push({ id, number: d.number, key: keyOf(d.number, d.amount, d.payee.account, d.payee.bank.bic, d.payee.inn) });
      byDay.set(d.date, list);
    }
    for (const [day, drafts] of byDay) {
      const earlier = new Map<string, EarlierDocument>();
      // oldest first: the last one written for a key is the most recently updated
      for (const e of store.paymentsOfDay(day, ON_ITS_WAY)) {
        earlier.set(keyOf(e.number, e.amount, e.account, e.bic, e.inn), { id: e.id, number: e.number, date: e.date, amount: e.amount, status: e.status });
      }
      for (const d of drafts) {
        const hit = earlier.get(d.key);
        if (hit && hit.id !== d.id) found.set(d.id, { number: d.number, earlier: hit });
      }
    }
  });
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
