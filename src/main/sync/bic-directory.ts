/**
 * The BIC directory kept in the profile: fetched from the bank at each exchange only when it
 * changed (If-None-Match with the ETag kept, 304 otherwise), or loaded from an ED807 file by
 * hand (Settings, `bankclient directory load`). The file is read whole and checked before the
 * store is touched: a bad file is an error naming its line and element, and the directory held
 * stays as it was.
 */
import { createHash } from 'node:crypto';
import { BankError, type BankApi } from '../bank/bank-api.ts';
import { bicRecordOf, parseEd807 } from '../formats/ed807/index.ts';
import { BicDirectoryStore, type DirectorySource } from '../store/bic-directory.ts';
import type { Db } from '../store/database.ts';
import { DocumentStore } from '../store/documents.ts';

export type { DirectorySource } from '../store/bic-directory.ts';

/** Reads an ED807 file and, only when all of it is right, makes it the profile's directory. */
export function storeBicDirectory(db: Db, bytes: Uint8Array, from: { origin: 'bank' | 'file'; fileName?: string; etag?: string; now?: Date }): DirectorySource {
  const dir = parseEd807(bytes);
  const banks = dir.entries.map((e) => ({ ...bicRecordOf(e), region: e.region }));
  const source: DirectorySource = {
    edNo: dir.edNo,
    edDate: dir.edDate,
    businessDay: dir.businessDay,
    entries: banks.length,
    origin: from.origin,
    ...(from.fileName ? { fileName: from.fileName } : {}),
    ...(from.etag ? { etag: from.etag } : {}),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    loadedAt: (from.now ?? new Date()).toISOString(),
  };
  const store = new BicDirectoryStore(db);
  db.transaction(() => {
    store.replace(banks, source);
    // a draft counted clean under the old directory may now name a closed bank: signing counts again
    new DocumentStore(db).forgetValidations();
  })();
  return store.source()!;
}

/** A file loaded by hand (its name kept for the Settings screen). */
export function loadBicDirectoryFile(db: Db, bytes: Uint8Array, fileName: string): DirectorySource {
  return storeBicDirectory(db, bytes, { origin: 'file', fileName: fileName.slice(0, 255) });
}

export type DirectoryPull = 'updated' | 'unchanged' | 'not-published';

/**
 * The bank's directory, fetched when it changed since the copy held (the ETag of the bank's
 * copy is kept; a copy loaded from a file has none, so the bank's is fetched). A bank that
 * publishes none (404) leaves the profile's copy alone. A bad file from the bank is an error
 * (the exchange reports it); the copy held is kept.
 */
export async function pullBicDirectory(db: Db, api: BankApi): Promise<DirectoryPull> {
  const held = new BicDirectoryStore(db).source();
  const etag = held?.origin === 'bank' ? held.etag : undefined;
  let answer;
  try {
    answer = await api.fetchIfChanged('bicDirectory', etag);
  } catch (e) {
    if (e instanceof BankError && e.params.status === 404) return 'not-published';
    throw e;
  }
  if (!answer.changed) return 'unchanged';
  storeBicDirectory(db, answer.body, { origin: 'bank', ...(answer.etag ? { etag: answer.etag } : {}) });
  return 'updated';
}
