/**
 * The one status list and the one rule between statuses (src/shared/domain/document-status.ts),
 * which signing, the outbox and the changes feed all follow through documents/lifecycle.ts.
 */
import { describe, expect, it } from 'vitest';
import { isForward, LOCAL_STATUSES, statusAfterAnswer, statusAfterReceipt, statusOfBank } from '../../src/shared/domain/document-status.ts';
import { DocumentStatus } from '../../src/shared/bank-api/documents-api.ts';
import { STATUS_NAMES } from '../../src/shared/ipc/names.ts';

describe('document statuses', () => {
  it('are declared once: the page, the CLI and main see the same list', () => {
    expect(STATUS_NAMES).toBe(LOCAL_STATUSES);
    // every status the bank can report has a local one
    for (const s of DocumentStatus.options) expect(LOCAL_STATUSES).toContain(statusOfBank(s));
    expect(statusOfBank('signed')).toBe('sent');
    expect(() => statusOfBank('paid')).toThrow(/unknown bank status "paid"/);
  });

  it('only move forward: a late or replayed change never undoes one', () => {
    expect(isForward('sent', 'executed')).toBe(true);
    expect(isForward('executed', 'delivered')).toBe(false);
    // the final statuses are equally far: one never replaces another
    expect(isForward('executed', 'rejected')).toBe(false);
    expect(isForward('rejected', 'recalled')).toBe(false);
    expect(statusAfterReceipt('executed', 'delivered')).toBe('executed');
    expect(statusAfterReceipt('sent', 'accepted')).toBe('accepted');
    expect(statusAfterReceipt('delivered', 'signed')).toBe('delivered');
  });

  it('after the bank answered a submission: at least sent, the bank’s if further along', () => {
    expect(statusAfterAnswer('signed', 'signed')).toBe('sent');
    expect(statusAfterAnswer('signed', 'delivered')).toBe('delivered');
    // an answer for a second signature after the receipts moved it on changes nothing
    expect(statusAfterAnswer('executed', 'signed')).toBe('executed');
    expect(statusAfterAnswer('accepted', 'delivered')).toBe('accepted');
    // an answer is unsigned: a fate named in it counts as "sent" (only a signed receipt gives one)
    for (const fate of ['executed', 'rejected', 'recalled']) expect(statusAfterAnswer('signed', fate)).toBe('sent');
    expect(statusAfterAnswer('accepted', 'rejected')).toBe('accepted');
  });
});
