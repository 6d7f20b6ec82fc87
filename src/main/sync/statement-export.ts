/**
 * A statement as a file: 1C (windows-1251 text) or camt.053 (XML), made for the holder of the
 * stored session and written to the audit log. The app and `bankclient statement export` both
 * make their files here.
 */
import type { Statement } from '../../shared/bank-api/accounts.ts';
import { audit } from '../audit/audit-log.ts';
import type { StoredSession } from '../bank/session.ts';
import { exportCamt053, exportStatementOneC } from '../formats/index.ts';
import type { Db } from '../store/database.ts';

export type StatementFormat = '1c' | 'camt053';

export interface StatementFile {
  /** The name the app offers (`kl_to_1c_<account>_<from>_<to>.txt`, `camt053_<account>_<from>_<to>.xml`). */
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const localDate = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const localTime = (d: Date): string => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

/**
 * The file of a fetched statement for the period `from`..`to`. `write`, when given, saves it
 * first (a failed write is not audited); the export is audited under `subject` (where it was
 * written), or the file name.
 */
export function exportStatement(
  db: Db,
  statement: Statement,
  o: { format: StatementFormat; from: string; to: string; session: StoredSession; actor: string; subject?: string; write?: (bytes: Uint8Array) => void; now?: Date },
): StatementFile {
  // the holder's KPP when the bank's session names one (the payer's or payee's КПП of our side)
  const company: { name: string; inn: string; kpp?: string } = o.session.user.company;
  const holder = { name: company.name, inn: company.inn, ...(company.kpp ? { kpp: company.kpp } : {}) };
  const now = o.now ?? new Date();
  const bytes =
    o.format === '1c'
      ? exportStatementOneC(statement, { createdAt: { date: localDate(now), time: localTime(now) }, holder })
      : exportCamt053(statement, { createdAt: now.toISOString().slice(0, 19), holder });
  const base = `${statement.account.number}_${o.from}_${o.to}`;
  const fileName = o.format === '1c' ? `kl_to_1c_${base}.txt` : `camt053_${base}.xml`;
  o.write?.(bytes);
  audit(db, { actor: o.actor, action: 'export', subject: o.subject ?? fileName, details: { format: o.format, account: statement.account.number, from: o.from, to: o.to, entries: statement.entries.length } });
  return { fileName, mediaType: o.format === '1c' ? 'text/plain; charset=windows-1251' : 'application/xml', bytes };
}
