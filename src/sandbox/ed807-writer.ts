/**
 * Writes a BIC directory in the Bank of Russia's ED807 structure (UFEBS, urn:cbr-ru:ed:v2.0):
 * the ED807 root with the message's identity, and per bank a BICDirectoryEntry holding its
 * ParticipantInfo (with RstrList for restrictions) and Accounts. What the sandbox publishes and
 * what the tests' directory files are generated with; element and attribute names are the
 * format's, the banks are the sandbox's.
 */

export interface DirectoryBank {
  bic: string;
  name: string;
  /** Rgn: 2 digits. */
  region: string;
  /** Ind: the postcode. */
  postcode: string;
  /** Tnp, Nnp: the settlement's type ("г") and name. */
  placeType: string;
  place: string;
  address: string;
  /** PtType: 20 a credit institution, 52 a treasury unit (the Bank of Russia's TOFK). */
  participantType: string;
  /** RegN: the licence number; absent for units of the Bank of Russia and the Treasury. */
  registration?: string;
  dateIn: string;
  /** Excluded from the directory (PSDL) on this day. */
  dateOut?: string;
  restrictions?: { code: string; date: string }[];
  accounts: { account: string; type: string; cbrBic: string; ck: string; dateIn: string; dateOut?: string }[];
}

export interface DirectoryMeta {
  edNo: number;
  edDate: string;
  /** EDAuthor: the UIS of the Bank of Russia's unit that compiled the directory. */
  edAuthor: string;
  businessDay: string;
  creationDateTime: string;
  directoryVersion: number;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function attrs(pairs: [string, string | number | undefined][]): string {
  return pairs
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${escape(String(v))}"`)
    .join('');
}

/** The directory as ED807 XML text (UTF-8 when encoded; the declaration says so). */
export function writeEd807(banks: readonly DirectoryBank[], meta: DirectoryMeta): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  out.push(
    `<ED807 xmlns="urn:cbr-ru:ed:v2.0"${attrs([
      ['EDNo', meta.edNo],
      ['EDDate', meta.edDate],
      ['EDAuthor', meta.edAuthor],
      ['CreationReason', 'FCBD'],
      ['CreationDateTime', meta.creationDateTime],
      ['InfoTypeCode', 'FIRR'],
      ['BusinessDay', meta.businessDay],
      ['DirectoryVersion', meta.directoryVersion],
    ])}>\n`,
  );
  for (const b of banks) {
    out.push(`  <BICDirectoryEntry${attrs([['BIC', b.bic]])}>\n`);
    const info = attrs([
      ['NameP', b.name],
      ['RegN', b.registration],
      ['CntrCd', 'RU'],
      ['Rgn', b.region],
      ['Ind', b.postcode],
      ['Tnp', b.placeType],
      ['Nnp', b.place],
      ['Adr', b.address],
      ['DateIn', b.dateIn],
      ['DateOut', b.dateOut],
      ['PtType', b.participantType],
      ['Srvcs', '5'],
      ['XchType', '1'],
      ['UID', `${b.bic.slice(2)}0`.padStart(10, '0').slice(0, 10)],
      ['ParticipantStatus', b.dateOut ? 'PSDL' : 'PSAC'],
    ]);
    if (b.restrictions?.length) {
      out.push(`    <ParticipantInfo${info}>\n`);
      for (const r of b.restrictions) out.push(`      <RstrList${attrs([['Rstr', r.code], ['RstrDate', r.date]])}/>\n`);
      out.push('    </ParticipantInfo>\n');
    } else out.push(`    <ParticipantInfo${info}/>\n`);
    for (const a of b.accounts) {
      out.push(
        `    <Accounts${attrs([
          ['Account', a.account],
          ['RegulationAccountType', a.type],
          ['CK', a.ck],
          ['AccountCBRBIC', a.cbrBic],
          ['DateIn', a.dateIn],
          ['DateOut', a.dateOut],
          ['AccountStatus', a.dateOut ? 'ACDL' : 'ACAC'],
        ])}/>\n`,
      );
    }
    out.push('  </BICDirectoryEntry>\n');
  }
  out.push('</ED807>\n');
  return out.join('');
}
