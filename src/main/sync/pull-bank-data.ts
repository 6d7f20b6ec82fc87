/**
 * The bank's view fetched and kept: accounts, contracts with schedules, messages, what waits for
 * our signature, and statements on demand. The receipts feed (pull.ts) is separate: it carries
 * signed status changes; this is a snapshot replaced at each exchange.
 */
import type { z } from 'zod';
import type { Account, Statement } from '../../shared/bank-api/accounts.ts';
import type { Contract } from '../../shared/bank-api/contracts.ts';
import type { AwaitingDocument } from '../../shared/bank-api/documents-api.ts';
import type { Message } from '../../shared/bank-api/messages.ts';
import type { BankApi } from '../bank/bank-api.ts';
import type { BankTrust } from '../bank/trust.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { BankDataStore, type ContractSchedule } from '../store/bank-data.ts';
import type { Db } from '../store/database.ts';
import { DocumentStore } from '../store/documents.ts';
import { pullBicDirectory } from './bic-directory.ts';
import { checkLetter, letterRefused, sameLetter, type SealedLetter } from './letters.ts';
import type { PullReport } from './pull.ts';

/**
 * Accounts, contracts with schedules, messages, and what waits for our signature: the bank's
 * view, replaced wholesale. Each letter's signature is checked before it is kept (sync/letters.ts):
 * one that fails is not stored (a letter kept before stays as it was), the rest of the view is,
 * and the exchange then ends with the refusal of the first, so the user is told.
 */
export async function pullBankData(db: Db, api: BankApi, session: string, trust: BankTrust, companyId: string): Promise<Omit<PullReport, 'receipts'>> {
  const accounts = await api.call<Account[]>('accounts', { session });
  const contracts = await api.call<Contract[]>('contracts', { session });
  // one at a time: however many contracts the bank lists, one answer is held at once
  const schedules: ContractSchedule[] = [];
  for (const c of contracts) schedules.push(await api.call<ContractSchedule>('schedule', { params: { id: c.id }, session }));
  const messages = await api.call<Message[]>('messages', { session });
  const awaiting = await api.call<z.infer<typeof AwaitingDocument>[]>('awaitingSignature', { session });
  const now = new Date().toISOString();
  const store = new BankDataStore(db);
  const letters: SealedLetter[] = [];
  const refused: LocalizedError[] = [];
  // a signature is one letter's: the same signed letter again under another id (a man in the middle
  // bringing an old letter of the bank's back as a new one) is refused (red team, issue 13)
  const signedAs = new Map<string, Set<string>>();
  for (const m of [...store.messages(), ...messages]) if (m.signature) signedAs.set(m.signature.cms, (signedAs.get(m.signature.cms) ?? new Set()).add(m.id));
  for (const m of messages) {
    const kept = store.message(m.id);
    const others = m.signature ? [...(signedAs.get(m.signature.cms) ?? [])].filter((id) => id !== m.id) : [];
    // a letter kept with its seal and unchanged since (but for its read mark) is not checked again
    if (kept?.seal && sameLetter(kept, m)) letters.push({ ...m, seal: kept.seal });
    else if (others.length > 0) refused.push(letterRefused(m, 'replay', others.join(', ')));
    else {
      try {
        letters.push(await checkLetter(trust, companyId, m));
      } catch (e) {
        if (!(e instanceof LocalizedError) || e.code !== 'sync.letter-invalid') throw e;
        refused.push(e);
      }
    }
  }
  db.transaction(() => {
    store.putBankView({ accounts, contracts, schedules }, now);
    // the bank lists newest first: stored oldest first, so the list's tie order is the bank's (store/bank-data.ts)
    for (const m of [...letters].reverse()) store.putMessage(m);
    new DocumentStore(db).replaceAwaiting(
      awaiting.map((a) => ({ id: a.id, document: a.document, canonical: Buffer.from(a.canonical, 'base64'), cms: Buffer.from(a.signature, 'base64'), missing: a.missing })),
      now,
    );
  })();
  // the directory last: the bank's view above is kept even when its directory is refused; a
  // refused letter is told first (the directory's refusal comes again at the next exchange)
  let directory: Awaited<ReturnType<typeof pullBicDirectory>> | undefined;
  let directoryError: unknown;
  try {
    directory = await pullBicDirectory(db, api, trust);
  } catch (e) {
    directoryError = e;
  }
  if (refused[0]) throw refused[0];
  if (directoryError !== undefined) throw directoryError;
  return { accounts: accounts.length, contracts: contracts.length, messages: messages.length, awaiting: awaiting.length, ...(directory ? { directory } : {}) };
}

/** A statement for a period, fetched and kept. */
export async function fetchStatement(store: BankDataStore, api: BankApi, session: string, accountId: string, from: string, to: string): Promise<Statement> {
  const st = await api.call<Statement>('statement', { params: { id: accountId }, query: { from, to }, session });
  store.putStatement(accountId, from, to, st, new Date().toISOString());
  return st;
}
