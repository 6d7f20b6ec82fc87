/**
 * The bic_directory tables: the Bank of Russia's BIC directory held in the profile (migration 7),
 * one row per bank, and bic_directory_source saying which copy it is (its ED807 number and day,
 * whether the bank or a file gave it, the bank's ETag). A new copy replaces the old one whole, in
 * one transaction: a reader sees the old or the new directory, never a mix.
 */
import type { BicDirectoryFacts, BicRecord, BicRestriction } from '../../shared/domain/bic-directory.ts';
import { sql, type Db } from './database.ts';

export interface DirectorySource {
  edNo: string;
  edDate: string;
  businessDay: string;
  entries: number;
  origin: 'bank' | 'file';
  fileName?: string;
  etag?: string;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  loadedAt: string;
}

/** A bank to store: the validators' record and its region. */
export type StoredBank = BicRecord & { region: string };

interface Row {
  bic: string;
  name: string;
  place_type: string;
  place: string;
  region: string;
  corr_account: string;
  closed: number;
  closed_on: string | null;
  restrictions: string;
}

interface SourceRow {
  ed_no: string;
  ed_date: string;
  business_day: string;
  entries: number;
  origin: 'bank' | 'file';
  file_name: string | null;
  etag: string | null;
  sha256: string;
  loaded_at: string;
}

const recordOf = (r: Row): BicRecord => ({
  bic: r.bic,
  name: r.name,
  placeType: r.place_type,
  place: r.place,
  corrAccount: r.corr_account,
  closed: r.closed === 1,
  ...(r.closed_on ? { closedOn: r.closed_on } : {}),
  restrictions: JSON.parse(r.restrictions) as BicRestriction[],
});

/** The whole directory as the validators' facts, built once per copy held (keyed by its SHA-256 and load time); only the latest is kept. */
const factsCache = new WeakMap<Db, { key: string; value: BicDirectoryFacts }>();

export class BicDirectoryStore {
  constructor(private readonly db: Db) {}

  /** Replaces the directory with `banks` and records its source, in one transaction. */
  replace(banks: readonly StoredBank[], source: DirectorySource): void {
    const insert = sql(this.db, 'INSERT INTO bic_directory (bic, name, place_type, place, region, corr_account, closed, closed_on, restrictions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      sql(this.db, 'DELETE FROM bic_directory').run();
      for (const b of banks) insert.run(b.bic, b.name, b.placeType, b.place, b.region, b.corrAccount, b.closed ? 1 : 0, b.closedOn ?? null, JSON.stringify(b.restrictions));
      sql(
        this.db,
        `INSERT INTO bic_directory_source (id, ed_no, ed_date, business_day, entries, origin, file_name, etag, sha256, loaded_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET ed_no = excluded.ed_no, ed_date = excluded.ed_date, business_day = excluded.business_day, entries = excluded.entries,
           origin = excluded.origin, file_name = excluded.file_name, etag = excluded.etag, sha256 = excluded.sha256, loaded_at = excluded.loaded_at`,
      ).run(source.edNo, source.edDate, source.businessDay, banks.length, source.origin, source.fileName ?? null, source.etag ?? null, source.sha256, source.loadedAt);
    })();
  }

  /** Which copy is held, if any. */
  source(): DirectorySource | undefined {
    const r = sql(this.db, 'SELECT * FROM bic_directory_source WHERE id = 1').get() as SourceRow | undefined;
    if (!r) return undefined;
    return {
      edNo: r.ed_no,
      edDate: r.ed_date,
      businessDay: r.business_day,
      entries: r.entries,
      origin: r.origin,
      ...(r.file_name ? { fileName: r.file_name } : {}),
      ...(r.etag ? { etag: r.etag } : {}),
      sha256: r.sha256,
      loadedAt: r.loaded_at,
    };
  }

  /** The record of one BIC, or undefined. */
  get(bic: string): BicRecord | undefined {
    const r = sql(this.db, 'SELECT * FROM bic_directory WHERE bic = ?').get(bic) as Row | undefined;
    return r ? recordOf(r) : undefined;
  }

  /** The whole directory as the validators take it (complete: a BIC not in it is unknown); undefined while none is held. */
  facts(): BicDirectoryFacts | undefined {
    const src = sql(this.db, 'SELECT sha256, loaded_at FROM bic_directory_source WHERE id = 1').get() as { sha256: string; loaded_at: string } | undefined;
    if (!src) return undefined;
    const key = `${src.sha256}@${src.loaded_at}`;
    const cached = factsCache.get(this.db);
    if (cached?.key === key) return cached.value;
    const entries: Record<string, BicRecord> = Object.create(null) as Record<string, BicRecord>;
    for (const r of sql(this.db, 'SELECT * FROM bic_directory').iterate() as IterableIterator<Row>) entries[r.bic] = recordOf(r);
    const value: BicDirectoryFacts = { complete: true, entries };
    factsCache.set(this.db, { key, value });
    return value;
  }
}
