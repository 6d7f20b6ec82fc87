import type { LocalStatus } from '../documents/document-service.ts';

/** How far along a status is; a status only ever moves forward (a late or replayed change never undoes one). */
const RANK: Record<LocalStatus, number> = { draft: 0, signed: 1, sent: 2, delivered: 3, accepted: 4, executed: 5, rejected: 5, recalled: 5 };

/** The local status for a bank status: the bank's "signed" (waiting for more signatures) is "sent" here. */
export function localStatusOf(bank: string): LocalStatus {
  return bank === 'signed' ? 'sent' : (bank as LocalStatus);
}

export function isForward(from: LocalStatus, to: LocalStatus): boolean {
  return RANK[to] > RANK[from];
}
