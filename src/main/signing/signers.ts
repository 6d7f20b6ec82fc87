import { LocalizedError } from '../../shared/i18n/index.ts';
import type { Db } from '../store/database.ts';

/** A signer of this profile: where the key is, and what the bank lets the certificate do. */
export interface SignerRecord {
  certificateSerial: string;
  token: string;
  key: string;
  name: string;
  role: string;
  limit: number | null;
  company: string;
  /** The bank's id of the company: signed into every document this signer signs. */
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

/** Records the bank's answer at login: this certificate's holder, role and limit. */
export function rememberSigner(db: Db, s: SignerRecord): void {
  db.prepare(
    `INSERT INTO signers (certificate_serial, token, key, name, role, limit_kopecks, company, company_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (certificate_serial) DO UPDATE SET token = excluded.token, key = excluded.key, name = excluded.name, role = excluded.role,
       limit_kopecks = excluded.limit_kopecks, company = excluded.company, company_id = excluded.company_id, updated_at = excluded.updated_at`,
  ).run(s.certificateSerial, s.token, s.key, s.name, s.role, s.limit, s.company, s.companyId, new Date().toISOString());
}

/** The signer of a key on a token (the latest, after renewals); an error when the bank has not said yet. */
export function signerFor(db: Db, token: string, key: string): SignerRecord {
  const r = db.prepare('SELECT * FROM signers WHERE token = ? AND key = ? ORDER BY updated_at DESC LIMIT 1').get(token, key) as Row | undefined;
  // a signer recorded before documents named their company: the next login says which
  if (!r || !r.company_id) throw new LocalizedError('signing.role-unknown', { token, key });
  return fromRow(r);
}

export function listSigners(db: Db): SignerRecord[] {
  return (db.prepare('SELECT * FROM signers ORDER BY updated_at DESC').all() as Row[]).map(fromRow);
}
