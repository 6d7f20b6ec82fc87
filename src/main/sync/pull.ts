import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ReceiptPayload, type Changes, type Change } from '../../shared/bank-api/documents-api.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { verifyDetached } from '../../crypto/cms/verify.ts';
import { audit } from '../audit/audit-log.ts';
import type { BankApi } from '../bank/bank-api.ts';
import type { BankTrust } from '../bank/trust.ts';
import { getSetting, setSetting } from '../store/settings.ts';
import type { DocumentLifecycle } from '../documents/lifecycle.ts';
import type { LocalStatus } from '../../shared/domain/document-status.ts';

const CURSOR = 'sync.cursor';

/** A document whose status a verified receipt moved forward. */
export interface StatusMove {
  documentId: string;
  status: LocalStatus;
  /** When the bank changed it. */
  at: string;
  rejection?: { code: string; reason: string };
}

export interface PullReport {
  receipts: number;
  accounts: number;
  contracts: number;
  messages: number;
  awaiting: number;
  /** The BIC directory at this exchange: fetched anew, unchanged at the bank (304), or not published by the bank. */
  directory?: 'updated' | 'unchanged' | 'not-published';
}

/**
 * Reads the changes feed from the stored cursor. Every receipt is checked before anything of
 * its page is stored: signed by the pinned receipts certificate (chained to the pinned CA),
 * naming our company, the change's document, status and time, the digest of the bytes we signed,
 * and its place in the chain of the company's changes from our cursor. A page commits
 * with its cursor in one transaction, so a crash re-reads at most that page.
 */
export async function pullChanges(life: DocumentLifecycle, api: BankApi, trust: BankTrust, session: { token: string; companyId: string }, actor: string, moved?: StatusMove[]): Promise<number> {
  const db = life.store.db;
  let total = 0;
  for (;;) {
    const cursor = Number(getSetting(db, CURSOR) ?? 0);
    const page = await api.call<z.infer<typeof Changes>>('changes', { query: { cursor, limit: 500 }, session: session.token });
    if (page.changes.length === 0) return total;
    const checked: { c: Change; payload: Buffer; signature: Buffer; signed: ReceiptPayload }[] = [];
    let last = cursor;
    for (const c of page.changes) {
      const r = await checkReceipt(life, trust, session.companyId, c);
      // each receipt names the company's change before it: the chain from our cursor has no gap
      // (a change left out by a man in the middle) and goes forward only, as far as it is signed
      if (r.signed.previous !== last || r.signed.cursor <= last) throw new LocalizedError('sync.receipt-invalid', { id: c.documentId, cursor: c.cursor, reason: 'cursor', detail: `${r.signed.cursor} follows ${r.signed.previous}, expected ${last}` });
      last = r.signed.cursor;
      checked.push(r);
    }
    if (page.cursor !== last) throw new LocalizedError('sync.receipt-invalid', { id: page.changes.at(-1)!.documentId, cursor: page.cursor, reason: 'cursor', detail: `the page ends at ${page.cursor}, its last receipt at ${last}` });
    const now = new Date().toISOString();
    const pageMoved: StatusMove[] = [];
    db.transaction(() => {
      for (const { c, payload, signature, signed } of checked) {
        // what is stored and shown comes from the signed payload, not from the envelope around it
        life.store.addReceipt({ cursor: c.cursor, documentId: c.documentId, status: c.status, at: c.at, rejection: signed.rejection, payload, signature }, now);
        const to = life.receipt(c.documentId, c.status, signed.rejection, now);
        if (to) pageMoved.push({ documentId: c.documentId, status: to, at: c.at, ...(signed.rejection ? { rejection: signed.rejection } : {}) });
      }
      setSetting(db, CURSOR, String(page.cursor));
      audit(db, { actor, action: 'receipt', subject: `${checked.length} change(s)`, details: { from: cursor, to: page.cursor } });
    })();
    // told only once the page committed (a page rolled back moved nothing)
    moved?.push(...pageMoved);
    total += checked.length; // the chain check above moved the cursor forward: the loop ends at an empty page
  }
}

/**
 * A receipt is believed only when the pinned receipts certificate itself signed it (compared by
 * the SHA-256 of its DER: a look-alike with the same serial and issuer is not it), it names our
 * company and exactly this change, and the digest of the bytes we signed.
 */
async function checkReceipt(life: DocumentLifecycle, trust: BankTrust, companyId: string, c: Change): Promise<{ c: Change; payload: Buffer; signature: Buffer; signed: ReceiptPayload }> {
  const bad = (reason: 'signature' | 'signer' | 'payload' | 'fields' | 'rejection' | 'digest' | 'company', detail = ''): LocalizedError =>
    new LocalizedError('sync.receipt-invalid', { id: c.documentId, cursor: c.cursor, reason, detail });
  const payload = Buffer.from(c.receipt.payload, 'base64');
  const signature = Buffer.from(c.receipt.signature, 'base64');
  const report = await verifyDetached(payload, signature, [trust.ca], 'receipt').catch((e: Error) => {
    throw bad('signature', e.message);
  });
  if (!report.ok) throw bad('signature', report.signers.flatMap((s) => s.problems.map((p) => p.message)).join('; '));
  if (report.signers.length !== 1 || report.signers[0]!.certificateSha256 !== sha256(trust.receipts)) throw bad('signer');
  let fields: ReceiptPayload;
  try {
    fields = ReceiptPayload.parse(JSON.parse(payload.toString('utf8')));
  } catch {
    throw bad('payload');
  }
  if (fields.companyId !== companyId) throw bad('company');
  if (fields.cursor !== c.cursor || fields.documentId !== c.documentId || fields.status !== c.status || fields.at !== c.at) throw bad('fields');
  if ((fields.rejection?.code ?? null) !== (c.rejection?.code ?? null)) throw bad('rejection');
  const local = life.store.signedState(c.documentId);
  if (local && sha256(local.canonical) !== fields.documentSha256) throw bad('digest');
  // the signers it names are kept with it (the payload is stored): the bank's word on whose
  // signatures it took, by certificate bytes; an older change may rightly name fewer than we hold
  return { c, payload, signature, signed: fields };
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
