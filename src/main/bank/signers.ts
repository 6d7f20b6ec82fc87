/** This profile's signers as the bank described them at login, and the one a key signs as. */
import { LocalizedError } from '../../shared/i18n/index.ts';
import type { Db } from '../store/database.ts';
import { allSigners, latestSignerOf, putSigner, type SignerRecord } from '../store/signers.ts';

export type { SignerRecord } from '../store/signers.ts';

/** Records the bank's answer at login: this certificate's holder, role and limit. */
export function rememberSigner(db: Db, s: SignerRecord): void {
  putSigner(db, s, new Date().toISOString());
}

/** The signer of a key on a token (the latest, after renewals); an error when the bank has not said yet. */
export function signerFor(db: Db, token: string, key: string): SignerRecord {
  const r = latestSignerOf(db, token, key);
  // a signer recorded before documents named their company: the next login says which
  if (!r || !r.companyId) throw new LocalizedError('signing.role-unknown', { token, key });
  return r;
}

export function listSigners(db: Db): SignerRecord[] {
  return allSigners(db);
}
