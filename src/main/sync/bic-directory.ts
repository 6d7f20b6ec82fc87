/**
 * The BIC directory kept in the profile: fetched from the bank at each exchange only when it
 * changed (If-None-Match with the ETag kept, 304 otherwise) and kept only when the bank's
 * receipts key signed it, or loaded from an ED807 file by
 * hand (Settings, `bankclient directory load`). The file is read whole and checked before the
 * store is touched: a bad file is an error naming its line and element, and the directory held
 * stays as it was.
 */
import { createHash } from 'node:crypto';
import { directorySignedBytes } from '../../shared/bank-api/directory-signature.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { BankError, type BankApi } from '../bank/bank-api.ts';
import { checkPinnedSignature, type BankTrust } from '../bank/trust.ts';
import { bicRecordOf, parseEd807 } from '../formats/ed807/index.ts';
import { BicDirectoryStore, type DirectorySource } from '../store/bic-directory.ts';
import type { Db } from '../store/database.ts';
import { DocumentStore } from '../store/documents.ts';
import { deleteSetting, getSetting, setSetting } from '../store/settings.ts';

export type { DirectorySource } from '../store/bic-directory.ts';

/**
 * Which bank directory this profile verified: the SHA-256 and ETag of the copy whose signature by
 * the pinned receipts certificate was checked (a copy stored before directories were signed has
 * none, so its ETag is never sent and the bank's is fetched and checked).
 */
const VERIFIED = 'bank.bic-directory-verified';
const verifiedMark = (sha256: string, etag: string): string => `${sha256} ${etag}`;

/** Reads an ED807 file and, only when all of it is right, makes it the profile's directory (the bank's only once its signature was verified: pullBicDirectory). */
function storeBicDirectory(db: Db, bytes: Uint8Array, from: { origin: 'file'; fileName: string; now?: Date } | { origin: 'bank'; verifiedEtag: string; now?: Date }): DirectorySource {
  const dir = parseEd807(bytes);
  const banks = dir.entries.map((e) => ({ ...bicRecordOf(e), region: e.region }));
  const source: DirectorySource = {
    edNo: dir.edNo,
    edDate: dir.edDate,
    businessDay: dir.businessDay,
    entries: banks.length,
    origin: from.origin,
    ...(from.origin === 'file' ? { fileName: from.fileName } : { etag: from.verifiedEtag }),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    loadedAt: (from.now ?? new Date()).toISOString(),
  };
  const store = new BicDirectoryStore(db);
  db.transaction(() => {
    store.replace(banks, source);
    if (from.origin === 'bank') setSetting(db, VERIFIED, verifiedMark(source.sha256, from.verifiedEtag));
    else deleteSetting(db, VERIFIED);
    // a draft counted clean under the old directory may now name a closed bank: signing counts again
    new DocumentStore(db).forgetValidations();
  })();
  return store.source()!;
}

/** A file loaded by hand (its name kept for the Settings screen): it carries no bank signature and is shown as loaded from a file. */
export function loadBicDirectoryFile(db: Db, bytes: Uint8Array, fileName: string): DirectorySource {
  return storeBicDirectory(db, bytes, { origin: 'file', fileName: fileName.slice(0, 255) });
}

export type DirectoryPull = 'updated' | 'unchanged' | 'not-published';

/** The refusal of the bank's directory: what failed; nothing was stored. */
const refused = (reason: 'unsigned' | 'signature' | 'signer', detail = ''): LocalizedError => new LocalizedError('sync.directory-invalid', { reason, detail });

/**
 * The bank's directory, fetched when it changed since the copy held, and stored only when the
 * pinned receipts certificate signed it (the bank-signature header over directorySignedBytes of
 * its ETag and the SHA-256 of its bytes, checked as the bank's letters are). If-None-Match
 * carries only the ETag of a copy verified so (a copy loaded from a file, or stored before
 * directories were signed, has none, so the bank's is fetched). A bank that publishes none (404)
 * leaves the profile's copy alone. A directory unsigned, signed by another key, or not the bytes
 * signed is refused (`sync.directory-invalid`, the exchange reports it) and nothing of it is
 * stored: the copy held stays as it was; so is a bad file from the bank.
 */
export async function pullBicDirectory(db: Db, api: BankApi, trust: BankTrust): Promise<DirectoryPull> {
  const held = new BicDirectoryStore(db).source();
  const verified = held?.origin === 'bank' && held.etag !== undefined && getSetting(db, VERIFIED) === verifiedMark(held.sha256, held.etag);
  let answer;
  try {
    answer = await api.fetchIfChanged('bicDirectory', verified ? held.etag : undefined);
  } catch (e) {
    if (e instanceof BankError && e.params.status === 404) return 'not-published';
    throw e;
  }
  if (!answer.changed) return 'unchanged';
  if (!answer.signature) throw refused('unsigned');
  if (!answer.etag) throw refused('unsigned', 'ETag');
  const bytes = directorySignedBytes({ etag: answer.etag, sha256: createHash('sha256').update(answer.body).digest('hex') });
  const check = await checkPinnedSignature(trust, bytes, Buffer.from(answer.signature, 'base64'), 'BIC directory');
  if (!check.ok) throw refused(check.reason, check.detail);
  if (!check.byBank) throw refused('signer', check.signer.subject ?? '');
  storeBicDirectory(db, answer.body, { origin: 'bank', verifiedEtag: answer.etag });
  return 'updated';
}
