/**
 * What the document editor needs beyond the document service: starting contents of each kind,
 * contracts and accounts from the last exchange, a contract payment pre-filled from the
 * schedule, and the files of attachments (kept in the profile by their SHA-256, since a document
 * signs only their references). The bank's data is read through its store (store/bank-data.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Contract } from '../../shared/bank-api/contracts.ts';
import type { DocumentContent, DocumentKindName } from '../../shared/bank-api/documents/index.ts';
import { ATTACHMENT_MEDIA_TYPES, type AttachmentRef } from '../../shared/domain/attachments.ts';
import { nextWorkingDay } from '../../shared/domain/dates.ts';
import { formatRubles } from '../../shared/domain/money.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { currentSession } from '../bank/session.ts';
import { BankDataStore } from '../store/bank-data.ts';
import type { Db } from '../store/database.ts';
import type { DocumentService } from './document-service.ts';

export interface ContractView {
  id: string;
  kind: 'car-loan' | 'leasing';
  number: string;
  subject: string;
  currency: string;
  outstanding: number;
  nextPayment: { number: number; dueDate: string; amount: number } | null;
  requisites: Contract['requisites'];
}

export interface AccountView {
  id: string;
  number: string;
  currency: string;
  balance: number;
  bic: string;
  bankName: string;
  corrAccount: string;
}

/** The schedule's next unpaid instalment, as the last exchange brought it (the contract's own figure when there is no schedule). */
function nextUnpaid(store: BankDataStore, c: Contract): ContractView['nextPayment'] {
  const schedule = store.schedule(c.id);
  if (!schedule) return c.nextPayment;
  const next = schedule.items.find((i) => !i.paid);
  return next ? { number: next.number, dueDate: next.dueDate, amount: next.total } : null;
}

/** The unpaid instalment of this number in the contract's schedule; a paid or unknown one is refused. */
function unpaidInstalment(store: BankDataStore, c: ContractView, number: number): ContractView['nextPayment'] {
  const item = store.schedule(c.id)?.items.find((i) => i.number === number);
  if (!item || item.paid) throw new LocalizedError('editor.instalment-unknown', { contract: c.number, number });
  return { number: item.number, dueDate: item.dueDate, amount: item.total };
}

/** In the store's order (loans, then leasing; by number), as the bank-data page lists them. */
export function contractsOf(store: BankDataStore, kind?: 'car-loan' | 'leasing'): ContractView[] {
  return store.contracts(kind).items.map((c) => contractView(store, c));
}

const contractView = (store: BankDataStore, c: Contract): ContractView => ({
  id: c.id,
  kind: c.kind,
  number: c.number,
  subject: c.subject,
  currency: c.currency,
  outstanding: c.outstanding,
  nextPayment: nextUnpaid(store, c),
  requisites: c.requisites,
});

/** A contract of the last exchange by the bank's id or by its number. */
export function findContract(store: BankDataStore, ref: string): ContractView {
  const found = store.contract(ref);
  if (!found) throw new LocalizedError('editor.contract-unknown', { contract: ref });
  return contractView(store, found);
}

export function accountsOf(store: BankDataStore): AccountView[] {
  return store.accounts().items.map((a) => ({ id: a.id, number: a.number, currency: a.currency, balance: a.balance, bic: a.bank.bic, bankName: a.bank.name, corrAccount: a.bank.corrAccount }));
}

/** The account a payment starts from: the one asked for, else the rouble account with the most money. */
function payerAccount(store: BankDataStore, number?: string): AccountView | undefined {
  const all = accountsOf(store);
  if (number !== undefined) return all.find((a) => a.number === number);
  return all.filter((a) => a.currency === 'RUB').sort((a, b) => b.balance - a.balance)[0];
}

const ruDate = (iso: string): string => iso.split('-').reverse().join('.');

/** The VAT inside a gross amount at a rate in percent, rounded half up to the kopeck, exactly (integers only). */
export function vatOf(gross: number, rate: number): number {
  const num = BigInt(gross) * BigInt(rate) * 2n;
  const den = BigInt(100 + rate);
  return Number((num / den + 1n) / 2n);
}

/**
 * "в т.ч. НДС 22% 26972.22 руб.": the contract's VAT rate (the bank's, 20 % when it names none) and
 * the VAT of the instalment as the bank's schedule gives it (else computed from the amount), as
 * the contract page and the overview show them.
 */
function leasingVat(store: BankDataStore, c: ContractView, next: NonNullable<ContractView['nextPayment']>): string {
  const rateBp = store.contract(c.id)?.vatRateBp ?? 2000;
  const item = store.schedule(c.id)?.items.find((i) => i.number === next.number);
  const vat = item?.vat ?? vatOfBp(next.amount, rateBp);
  return `в т.ч. НДС ${String(rateBp / 100).replace('.', ',')}% ${formatRubles(vat)} руб.`;
}

/** The VAT inside a gross amount at a rate in basis points (2200 = 22 %), rounded half up to the kopeck. */
function vatOfBp(gross: number, rateBp: number): number {
  const num = BigInt(gross) * BigInt(rateBp) * 2n;
  const den = BigInt(10_000 + rateBp);
  return Number((num / den + 1n) / 2n);
}

/**
 * A leasing payment or loan repayment of the contract's next unpaid instalment: its amount and
 * due date, the purpose of the contract's requisites with the instalment (leasing carries the
 * contract's VAT, loan repayments none), from the chosen account (by default the rouble account with the
 * most money), dated today. `instalment` names another unpaid instalment of the schedule (a "pay"
 * on its row).
 */
export function prefillContractPayment(store: BankDataStore, today: string, kind: 'leasing-payment' | 'loan-repayment', contractRef: string, account?: string, instalment?: number): DocumentContent<'leasing-payment'> {
  const c = findContract(store, contractRef);
  const wanted = kind === 'leasing-payment' ? 'leasing' : 'car-loan';
  if (c.kind !== wanted) throw new LocalizedError('editor.contract-kind', { contract: c.number });
  const next = instalment === undefined ? c.nextPayment : unpaidInstalment(store, c, instalment);
  if (!next) throw new LocalizedError('editor.contract-paid', { contract: c.number });
  const payer = payerAccount(store, account);
  if (!payer) throw new LocalizedError('editor.no-account', {});
  const base = c.requisites.purpose.trim() || (kind === 'leasing-payment' ? `Лизинговый платёж по договору № ${c.number}` : `Погашение по кредитному договору № ${c.number}`);
  const tail = kind === 'leasing-payment' ? leasingVat(store, c, next) : 'НДС не облагается';
  return {
    contractId: c.number,
    instalment: { number: next.number, dueDate: next.dueDate },
    amount: next.amount,
    payer: { account: payer.number, bic: payer.bic },
    date: today,
    purpose: `${base}, платёж № ${next.number} со сроком ${ruDate(next.dueDate)}, ${tail}`,
  };
}

/** What a new document of a kind starts from; the payer of a payment order is the company of the session. */
export function newContent(db: Db, documents: DocumentService, kind: DocumentKindName, today: string): unknown {
  const account = payerAccount(new BankDataStore(db));
  const company = currentSession(db)?.user.company;
  switch (kind) {
    case 'payment-order':
      return {
        number: documents.nextNumber(),
        date: today,
        amount: 0,
        payer: { name: company?.name ?? '', inn: company?.inn ?? '', kpp: company?.kpp ?? '', account: account?.number ?? '', bank: { name: account?.bankName ?? '', bic: account?.bic ?? '', corrAccount: account?.corrAccount ?? '' } },
        payee: { name: '', inn: '', kpp: '', account: '', bank: { name: '', bic: '', corrAccount: '' } },
        uin: '0',
        priority: 5,
        purpose: '',
        operationType: '01',
      } satisfies DocumentContent<'payment-order'>;
    case 'leasing-payment':
    case 'loan-repayment':
      return { contractId: '', instalment: { number: 1, dueDate: today }, amount: 0, payer: { account: account?.number ?? '', bic: account?.bic ?? '' }, date: today, purpose: '' };
    case 'early-repayment':
      // never a weekend: the bank takes the repayment on the next working day
      return { type: 'full', contractId: '', repaymentDate: nextWorkingDay(today) } satisfies DocumentContent<'early-repayment'>;
    case 'schedule-change':
      return { contractId: '', reason: '' } satisfies DocumentContent<'schedule-change'>;
    case 'insurance-case':
      return { contractId: '', eventDate: today, description: '', attachments: [] } satisfies DocumentContent<'insurance-case'>;
    case 'payment-documents-order':
      return { type: 'statement', account: account?.number ?? '', period: { from: today, to: today }, delivery: { method: 'electronic' } } satisfies DocumentContent<'payment-documents-order'>;
    case 'account-opening':
      return { currency: 'RUB', purpose: '' } satisfies DocumentContent<'account-opening'>;
    case 'letter':
      return { subject: '', body: '', attachments: [] } satisfies DocumentContent<'letter'>;
  }
}

const extension = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/** The media type the bank knows for a file name's extension, if any. */
export function mediaTypeOf(name: string): string | undefined {
  const ext = extension(name);
  return Object.entries(ATTACHMENT_MEDIA_TYPES).find(([, exts]) => exts.includes(ext))?.[0];
}

/**
 * The media type an attachment is kept under: the one given when the bank knows it, else the one
 * of the name's extension; a type the bank does not take is refused before any byte arrives.
 */
export function attachmentMediaType(name: string, given: string): string {
  const mediaType = ATTACHMENT_MEDIA_TYPES[given] ? given : (mediaTypeOf(name) ?? given);
  if (!ATTACHMENT_MEDIA_TYPES[mediaType]) throw new LocalizedError('editor.attachment-type', { name, type: given || '?' });
  return mediaType;
}

/** Keeps an uploaded file under <dir>/<sha256> (written whole, then renamed) and gives its reference. */
export function keepAttachment(dir: string, name: string, mediaType: string, bytes: Buffer): AttachmentRef {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, sha256);
  const tmp = `${path}.${randomUUID()}.part`;
  writeFileSync(tmp, bytes, { mode: 0o600 });
  renameSync(tmp, path);
  return { name, mediaType, size: bytes.length, sha256 };
}
