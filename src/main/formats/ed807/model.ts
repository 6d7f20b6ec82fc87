/**
 * The Bank of Russia's BIC directory, ED807 ("Справочник БИК", UFEBS XML in the namespace
 * urn:cbr-ru:ed:v2.0), as far as the client reads it: the root's identification of the
 * directory, and per BICDirectoryEntry the participant (ParticipantInfo with its RstrList) and
 * its accounts (Accounts). SWBICS, AccRstrList, InitialED and PartInfo are known and skipped.
 */
import type { BicRestriction } from '../../../shared/domain/bic-directory.ts';

export const ED807_NAMESPACE = 'urn:cbr-ru:ed:v2.0';

/** Bounds that keep a hostile file cheap: the real directory has about 2 000 entries. */
export const ED807_LIMITS = {
  /** Bytes of the file (the real one is a few MB). */
  maxBytes: 64 * 1024 * 1024,
  entries: 200_000,
  accountsPerEntry: 64,
  restrictionsPerEntry: 64,
} as const;

export interface Ed807Account {
  /** 20 digits. */
  account: string;
  /** RegulationAccountType: CRSA (correspondent account), UTRA (the treasury's single account), CBRA, BANA, TRSA... */
  type: string;
  /** AccountStatus: ACAC active, ACDL deleted. */
  status: 'ACAC' | 'ACDL';
  dateIn: string;
  dateOut?: string;
}

export interface Ed807Entry {
  bic: string;
  /** BICDirectoryEntry/@ChangeType of a list of changes (ADDD, CHGD, DLTD); absent in a full directory. */
  changeType?: string;
  /** Line of the BICDirectoryEntry element, for messages. */
  line: number;
  name: string;
  /** Rgn: the region code (2 digits). */
  region: string;
  placeType: string;
  place: string;
  address: string;
  /** PtType: the participant type (00 the Bank of Russia's units, 20 credit institutions, 30 branches, 52 the Treasury...). */
  participantType: string;
  /** ParticipantStatus: PSAC in the directory, PSDL excluded. */
  status: 'PSAC' | 'PSDL';
  dateIn: string;
  dateOut?: string;
  restrictions: BicRestriction[];
  accounts: Ed807Account[];
}

export interface Ed807Directory {
  /** EDNo, EDDate, EDAuthor: the message's identity. */
  edNo: string;
  edDate: string;
  edAuthor: string;
  /** BusinessDay: the day the directory is for. */
  businessDay: string;
  /** InfoTypeCode: FIRR a full directory (the only kind the client stores whole). */
  infoTypeCode: string;
  creationDateTime?: string;
  directoryVersion?: string;
  entries: Ed807Entry[];
}
