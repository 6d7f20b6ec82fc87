/**
 * The statuses of a document on the client and the one rule for moving between them
 * (docs/architecture.md "Document lifecycle"). Pure, so the page, the CLI and main share it.
 *
 *   draft ──first signature──▶ signed ──outbox sends──▶ sent ──▶ delivered ──▶ accepted ──▶ executed
 *     ▲                          │                        │            │             │
 *     └─ an edit of a signed document is a new draft;     └────────────┴─────────────┴──▶ rejected | recalled
 *        the original, if not sent yet, is held back (its outbox row closed as replaced)
 *
 * A status only moves forward: a late, repeated or replayed change never undoes one.
 */
export const LOCAL_STATUSES = ['draft', 'signed', 'sent', 'delivered', 'accepted', 'executed', 'rejected', 'recalled'] as const;
export type LocalStatus = (typeof LOCAL_STATUSES)[number];

/** How far along a status is; the three final ones are equally far. */
const RANK: Record<LocalStatus, number> = { draft: 0, signed: 1, sent: 2, delivered: 3, accepted: 4, executed: 5, rejected: 5, recalled: 5 };

export function isLocalStatus(s: string): s is LocalStatus {
  return (LOCAL_STATUSES as readonly string[]).includes(s);
}

/** Whether `to` is further along than `from`. */
export function isForward(from: LocalStatus, to: LocalStatus): boolean {
  return RANK[to] > RANK[from];
}

/** Whether a status is a fate: executed, rejected or recalled (nothing comes after one). */
export function isFinal(s: LocalStatus): boolean {
  return RANK[s] === RANK.executed;
}

/** The client's status for a bank status: the bank's "signed" (waiting for more signatures) is "sent" here. */
export function statusOfBank(bank: string): LocalStatus {
  if (bank === 'signed') return 'sent';
  if (!isLocalStatus(bank)) throw new Error(`unknown bank status ${JSON.stringify(bank)}`);
  return bank;
}

/**
 * The status after the bank answered a submission or an added signature: the bank's, if further
 * along; at least "sent" (the bank has it, whatever it says of its state). The answer is not
 * signed, so it never gives a fate (executed, rejected, recalled): a man in the middle could
 * make a delivered payment "rejected" for good (paid again) or a lost one "executed"; a fate
 * comes only with its signed receipt, and an answer naming one counts as "sent".
 */
export function statusAfterAnswer(was: LocalStatus, bank: string): LocalStatus {
  const named = statusOfBank(bank);
  const next = isFinal(named) ? 'sent' : named;
  if (isForward(was, next)) return next;
  return was === 'signed' ? 'sent' : was;
}

/** The status after a verified receipt: the receipt's, if further along, else unchanged. */
export function statusAfterReceipt(was: LocalStatus, bank: string): LocalStatus {
  const next = statusOfBank(bank);
  return isForward(was, next) ? next : was;
}

/** Statuses of a document on its way or done: signed and queued, and every status after sending except rejected and recalled. */
export const ON_ITS_WAY: readonly LocalStatus[] = ['signed', 'sent', 'delivered', 'accepted', 'executed'];

/** Statuses that can take another signature (the bank may still be waiting for one). */
export const TAKES_SIGNATURES: readonly LocalStatus[] = ['signed', 'sent'];
