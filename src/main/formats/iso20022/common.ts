/**
 * Pieces shared by the ISO 20022 messages: namespaces, decimal amounts <-> kopecks, and the
 * Russian requisites' places (see docs/formats.md for the whole mapping):
 * INN in Id/OrgId/Othr/Id with SchmeNm/Cd "TXID" (PrvtId for a 12-digit person's INN), BIC in
 * FinInstnId/ClrSysMmbId with ClrSysId/Cd "RUCBC", accounts and the bank's correspondent account
 * in .../Id/Othr/Id.
 */
import type { Kopecks } from '../../../shared/domain/money.ts';
import { formatRubles } from '../../../shared/domain/money.ts';
import type { XmlWriter } from '../xml/writer.ts';
import { child, textAt, type XmlElement } from '../xml/reader.ts';

export const NS = {
  pain001v09: 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09',
  pain001v03: 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03',
  camt053v08: 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08',
} as const;

/** Clearing system code of the Bank of Russia's payment system (the BIC is its member id). */
export const RU_CLEARING = 'RUCBC';
/** Scheme code of a tax identification number (the INN). */
export const TAX_ID_SCHEME = 'TXID';

/** 123456 -> "1234.56". */
export const amountText = (kopecks: Kopecks): string => formatRubles(kopecks);

/**
 * "1234.56" -> 123456 by string arithmetic. ISO decimals may carry up to five fraction digits;
 * digits past the kopecks are accepted only when they are zeros. Sums of many payments may be
 * large, so the limit is what an integer holds exactly (2^53 kopecks), not one payment's maximum.
 */
export function readDecimalAmount(text: string): Kopecks | undefined {
  const m = /^(\d{1,16})(?:\.(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[2] ?? '';
  if (/[^0]/.test(fraction.slice(2))) return undefined;
  const kopecks = Number(m[1]) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  return Number.isSafeInteger(kopecks) ? kopecks : undefined;
}

/** Splits text into pieces of at most `max` characters (code points, as XML Schema counts). */
export function chunks(text: string, max: number): string[] {
  const cps = [...text];
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += max) out.push(cps.slice(i, i + max).join(''));
  return out;
}

export const lengthOf = (text: string): number => [...text].length;

export function writeTaxId(w: XmlWriter, inn: string): void {
  if (inn === '') return;
  w.start('Id').start(inn.length === 12 ? 'PrvtId' : 'OrgId').start('Othr').leaf('Id', inn).start('SchmeNm').leaf('Cd', TAX_ID_SCHEME).end().end().end().end();
}

/** The INN of a party (PartyIdentification): the Othr/Id of OrgId or PrvtId whose scheme is TXID (or has no scheme). */
export function readTaxId(party: XmlElement | undefined): string {
  const id = child(party, 'Id');
  for (const holder of [child(id, 'OrgId'), child(id, 'PrvtId')]) {
    for (const othr of holder?.children.filter((c) => c.local === 'Othr') ?? []) {
      const scheme = textAt(othr, 'SchmeNm', 'Cd');
      if (scheme === undefined || scheme === TAX_ID_SCHEME) return textAt(othr, 'Id') ?? '';
    }
  }
  return '';
}

/**
 * Scheme of a bank's correspondent account at the Bank of Russia in FinInstnId/Othr, where a
 * message has no agent account of its own (camt.053's RltdAgts): the ED807 account type CRSA.
 */
export const CORR_ACCOUNT_SCHEME = 'CRSA';

/**
 * FinInstnId with the BIC as a RUCBC member id and the bank's name (elements in the XSD's order);
 * with `corrAccount`, the correspondent account as Othr/Id of scheme CRSA. A Russian BIC is not a
 * BICFI (ISO 9362), so BICFI is left out.
 */
export function writeFinInstn(w: XmlWriter, bank: { bic: string; name: string; corrAccount?: string }): void {
  w.start('FinInstnId');
  if (bank.bic !== '') w.start('ClrSysMmbId').start('ClrSysId').leaf('Cd', RU_CLEARING).end().leaf('MmbId', bank.bic).end();
  w.optionalLeaf('Nm', bank.name);
  if (bank.corrAccount) w.start('Othr').leaf('Id', bank.corrAccount).start('SchmeNm').leaf('Prtry', CORR_ACCOUNT_SCHEME).end().end();
  w.end();
}

export function readBic(agent: XmlElement | undefined): string {
  const fin = child(agent, 'FinInstnId');
  return textAt(fin, 'ClrSysMmbId', 'MmbId') ?? '';
}

/** The bank's name and correspondent account (Othr of scheme CRSA) of an agent, where given. */
export function readAgentBank(agent: XmlElement | undefined): { bankName?: string; corrAccount?: string } {
  const fin = child(agent, 'FinInstnId');
  const name = textAt(fin, 'Nm');
  const othr = child(fin, 'Othr');
  const corr = othr && textAt(othr, 'SchmeNm', 'Prtry') === CORR_ACCOUNT_SCHEME ? textAt(othr, 'Id') : undefined;
  return { ...(name ? { bankName: name } : {}), ...(corr ? { corrAccount: corr } : {}) };
}

export function writeAccount(w: XmlWriter, tag: string, account: string, currency?: string): void {
  w.start(tag).start('Id').start('Othr').leaf('Id', account).end().end();
  if (currency) w.leaf('Ccy', currency);
  w.end();
}

export const readAccount = (acct: XmlElement | undefined): string | undefined => textAt(acct, 'Id', 'Othr', 'Id') ?? textAt(acct, 'Id', 'IBAN');
