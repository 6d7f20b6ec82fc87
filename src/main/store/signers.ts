/** The signers table: what the bank said at login about each certificate of this profile (bank/signers.ts gives it meaning). */
import { sql, type Db } from './database.ts';

/** A signer of this profile: where the key is, and what the bank lets the certificate do. */
export interface SignerRecord {
  certificateSerial: string;
  token: string;
  key: string;
  name: string;
  role: string;
  limit: number | null;
  company: string;
  /** The bank's id of the company: signed into every document this signer signs (null: recorded before documents named it). */
  companyId: string | null;
}

interface Row {
  certificate_serial: string;
  token: string;
  key: string;
  name: string;
  role: string;
  limit_kopecks: number | null;
  company: string;
  company_id: string | null;
}

const fromRow = (r: Row): SignerRecord => ({ certificateSerial: r.certificate_serial, token: r.token, key: r.key, name: r.name, role: r.role, limit: r.limit_kopecks, company: r.company, companyId: r.company_id });

/** One row per certificate: a later login of the same certificate replaces what the bank said before. */
export function putSigner(db: Db, s: SignerRecord, at: string): void {
  sql(
    db,
    `INSERT INTO signers (certificate_serial, token, key, name, role, limit_kopecks, company, company_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (certificate_serial) DO UPDATE SET token = excluded.token, key = excluded.key, name = excluded.name, role = excluded.role,
       limit_kopecks = excluded.limit_kopecks, company = excluded.company, company_id = excluded.company_id, updated_at = excluded.updated_at`,
  ).run(s.certificateSerial, s.token, s.key, s.name, s.role, s.limit, s.company, s.companyId, at);
}

/** The latest recorded signer of a key on a token (after renewals, the renewed certificate's). */
export function latestSignerOf(db: Db, token: string, key: string): SignerRecord | undefined {
  const r = sql(db, 'SELECT * FROM signers WHERE token = ? AND key = ? ORDER BY updated_at DESC LIMIT 1').get(token, key) as Row | undefined;
  return r && fromRow(r);
}

/** Latest first. */
export function allSigners(db: Db): SignerRecord[] {
  return (sql(db, 'SELECT * FROM signers ORDER BY updated_at DESC').all() as Row[]).map(fromRow);
}
