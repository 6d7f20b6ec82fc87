/**
 * The sandbox bank's BIC directory: the banks its payments name (itself, the banks of the demo's
 * counterparties, the Treasury's unit), one bank excluded from the directory and one under
 * restrictions, published in the Bank of Russia's ED807 structure with a strong ETag, so a
 * client fetches it again only when it changed (If-None-Match, 304), and signed by the bank's
 * receipts key (the bank-signature header), so a client takes it only from the bank.
 */
import { createHash } from 'node:crypto';
import { directorySignedBytes } from '../shared/bank-api/directory-signature.ts';
import type { BicDirectoryFacts, BicRecord } from '../shared/domain/bic-directory.ts';
import { isValidAccountKey } from '../shared/domain/requisites.ts';
import { writeEd807, type DirectoryBank, type DirectoryMeta } from './ed807-writer.ts';
import { HOME_BANK } from './portfolio.ts';

/** A correspondent account 30101810K0000000NNN for a BIC, its control key K worked out. */
export function corrAccountFor(bic: string): string {
  for (let k = 0; k <= 9; k++) {
    const account = `30101810${k}00000000${bic.slice(6)}`;
    if (isValidAccountKey(bic, account)) return account;
  }
  throw new Error(`no control key for ${bic}`);
}

const bank = (b: Omit<DirectoryBank, 'accounts' | 'participantType' | 'dateIn'> & Partial<Pick<DirectoryBank, 'participantType' | 'dateIn' | 'accounts'>>, corr?: string): DirectoryBank => ({
  participantType: '20',
  dateIn: '1994-03-15',
  // an excluded bank's account is closed the same day
  accounts: [{ account: corr ?? corrAccountFor(b.bic), type: 'CRSA', ck: '00', cbrBic: `${b.bic.slice(0, 6)}000`, dateIn: '1994-03-15', ...(b.dateOut ? { dateOut: b.dateOut } : {}) }],
  ...b,
});

/** The banks of the sandbox's directory. */
export const SANDBOX_BANKS: readonly DirectoryBank[] = [
  bank({ bic: HOME_BANK.bic, name: HOME_BANK.name, registration: '9999', region: '45', postcode: '101000', placeType: 'г', place: 'Москва', address: 'ул. Песочная, д. 1' }, HOME_BANK.corrAccount),
  bank({ bic: '049805746', name: 'АО «Тверской Песочный Банк»', registration: '9998', region: '28', postcode: '170100', placeType: 'г', place: 'Тверь', address: 'ул. Советская, д. 7' }),
  bank({ bic: '046015804', name: 'ПАО «Донской Песочный Банк»', registration: '9997', region: '60', postcode: '344002', placeType: 'г', place: 'Ростов-на-Дону', address: 'пр. Будённовский, д. 15' }),
  bank({
    bic: '004525988',
    name: 'ГУ Банка России по ЦФО//УФК по г. Москве',
    region: '45',
    postcode: '115035',
    placeType: 'г',
    place: 'Москва',
    address: 'ул. Балчуг, д. 2',
    participantType: '52',
    accounts: [{ account: '40102810545370000003', type: 'UTRA', ck: '00', cbrBic: '004525000', dateIn: '2021-01-01' }],
  }),
  bank({ bic: '044525974', name: 'АО «Банк Ограничений»', registration: '9996', region: '45', postcode: '125009', placeType: 'г', place: 'Москва', address: 'ул. Тверская, д. 3', restrictions: [{ code: 'URRS', date: '2024-03-01' }] }),
  bank({ bic: '045004999', name: 'ООО «Закрытый Банк»', registration: '9995', region: '50', postcode: '630099', placeType: 'г', place: 'Новосибирск', address: 'ул. Ленина, д. 9', dateOut: '2024-06-14' }),
];

export const SANDBOX_DIRECTORY_META: DirectoryMeta = {
  edNo: 1,
  edDate: '2025-01-09',
  edAuthor: '4583001999',
  businessDay: '2025-01-09',
  creationDateTime: '2025-01-09T03:00:00Z',
  directoryVersion: 1,
};

/** The strong ETag of a representation: a quoted digest of its bytes. */
export const strongEtag = (bytes: Uint8Array): string => `"${createHash('sha256').update(bytes).digest('base64url')}"`;

/** Whether an If-None-Match header matches the current ETag (a list, "*", weak forms compared weakly as RFC 9110 says for this header). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** What the sandbox publishes: the ED807 bytes and their ETag; tests replace the banks to see a client update. */
/** A bank of the directory as the validators see it (the active CRSA, or the Treasury's UTRA, is the correspondent account). */
export function recordOf(b: DirectoryBank): BicRecord {
  const active = b.accounts.filter((a) => a.dateOut === undefined);
  return {
    bic: b.bic,
    name: b.name,
    placeType: b.placeType,
    place: b.place,
    corrAccount: (active.find((a) => a.type === 'CRSA') ?? active.find((a) => a.type === 'UTRA'))?.account ?? '',
    closed: b.dateOut !== undefined,
    ...(b.dateOut ? { closedOn: b.dateOut } : {}),
    restrictions: b.restrictions ?? [],
  };
}

/** Signs what the bank signs of its directory (directorySignedBytes): the receipts key's detached CMS. */
export type DirectorySigner = (bytes: Uint8Array) => Buffer;

export class SandboxDirectory {
  private bytes!: Buffer;
  private tag!: string;
  private known!: BicDirectoryFacts;
  private cms: Buffer | undefined;

  /** `sign`: the bank's receipts key; without it (a unit test's directory) the answer carries no signature. */
  constructor(banks: readonly DirectoryBank[] = SANDBOX_BANKS, meta: DirectoryMeta = SANDBOX_DIRECTORY_META, private readonly sign?: DirectorySigner) {
    this.publish(banks, meta);
  }

  /** Publishes a directory: its bytes, their ETag, and the bank's signature of both. */
  publish(banks: readonly DirectoryBank[], meta: DirectoryMeta): void {
    this.bytes = Buffer.from(writeEd807(banks, meta), 'utf8');
    this.tag = strongEtag(this.bytes);
    this.cms = this.sign?.(directorySignedBytes({ etag: this.tag, sha256: createHash('sha256').update(this.bytes).digest('hex') }));
    this.known = { complete: true, entries: Object.fromEntries(banks.map((b) => [b.bic, recordOf(b)])) };
  }

  /** What the bank's own validators know of the banks (the same directory it publishes). */
  get facts(): BicDirectoryFacts {
    return this.known;
  }

  get body(): Buffer {
    return this.bytes;
  }

  get etag(): string {
    return this.tag;
  }

  /** The bank's detached CMS over directorySignedBytes of the body and ETag (the bank-signature header). */
  get signature(): Buffer | undefined {
    return this.cms;
  }
}
