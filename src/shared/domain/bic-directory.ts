/**
 * What the Bank of Russia's BIC directory (ED807, "Справочник БИК") says of a bank, as the
 * validators use it: pure data, so the client (its stored directory) and anyone else holding a
 * directory reach the same verdict. Reading the file is src/main/formats/ed807; keeping it,
 * src/main/store/bic-directory.ts.
 */
import type { IssueList } from './validation.ts';

/** A restriction the directory lists for a participant (RstrList): its code and the day it began. */
export interface BicRestriction {
  /** ED807 restriction code: URRS (participation in transfers restricted), LWRS (licence withdrawn), MRTR (moratorium), ... */
  code: string;
  /** ISO date. */
  date: string;
}

/** One bank (participant) of the directory, reduced to what a payment needs. */
export interface BicRecord {
  bic: string;
  /** NameP: the participant's name. */
  name: string;
  /** Tnp and Nnp: the type and name of the settlement ("г." and "Москва"). */
  placeType: string;
  place: string;
  /** The active correspondent account (RegulationAccountType CRSA), or the treasury's single account (UTRA); "" for none. */
  corrAccount: string;
  /** Excluded from the directory: ParticipantStatus PSDL or a DateOut on or before the day asked. */
  closed: boolean;
  /** DateOut, when the directory gives one (ISO). */
  closedOn?: string;
  restrictions: BicRestriction[];
}

/**
 * The directory as a validator sees it. With `complete`, a BIC absent from `entries` is unknown
 * (an error); without it (the editor's looked-up BICs), only the BICs present are checked, and
 * null says the directory has no such BIC.
 */
export interface BicDirectoryFacts {
  complete: boolean;
  entries: Readonly<Record<string, BicRecord | null>>;
}

/** "г. Москва": the settlement as a payment order's bank field writes it. */
export function placeOf(r: Pick<BicRecord, 'placeType' | 'place'>): string {
  const type = r.placeType.trim();
  if (!type) return r.place;
  return `${type.endsWith('.') ? type : `${type}.`} ${r.place}`;
}

/** What the directory says of a BIC: its record, null (unknown to the directory) or undefined (not known here). */
export function lookupBic(facts: BicDirectoryFacts | undefined, bic: string): BicRecord | null | undefined {
  if (!facts) return undefined;
  if (Object.hasOwn(facts.entries, bic)) return facts.entries[bic] ?? null;
  return facts.complete ? null : undefined;
}

/** Whether the record is closed on `today` (ISO; without it, only the status counts). */
export function isClosed(r: BicRecord, today: string | undefined): boolean {
  if (r.closed) return true;
  return r.closedOn !== undefined && today !== undefined && r.closedOn <= today;
}

/**
 * The directory's verdict on a party's bank (the BIC already 9 digits): unknown or closed is an
 * error, a restriction a warning, and a correspondent account other than the directory's a
 * warning (the bank routes by the BIC; the account on the form should be the directory's).
 */
export function checkBankInDirectory(issues: IssueList, field: string, bank: { bic: string; corrAccount?: string }, facts: BicDirectoryFacts | undefined, today: string | undefined): void {
  const r = lookupBic(facts, bank.bic);
  if (r === undefined) return;
  if (r === null) {
    issues.error(`${field}.bic`, 'bic.unknown', { value: bank.bic });
    return;
  }
  if (isClosed(r, today)) {
    issues.error(`${field}.bic`, 'bic.closed', { value: bank.bic, name: r.name, ...(r.closedOn ? { date: r.closedOn } : {}) });
    return;
  }
  const active = r.restrictions.filter((x) => today === undefined || x.date <= today);
  if (active.length > 0) issues.warning(`${field}.bic`, 'bic.restricted', { value: bank.bic, name: r.name, code: active.map((x) => x.code).join(', '), date: active[0]!.date });
  const corr = bank.corrAccount ?? '';
  if (corr !== '' && r.corrAccount !== '' && corr !== r.corrAccount) issues.warning(`${field}.corrAccount`, 'bic.corr-account-differs', { value: corr, expected: r.corrAccount });
}
