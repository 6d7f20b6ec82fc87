/** The settings table: the profile's key-value facts (bank URL, pinned certificates, session, sync cursor). */
import { sql, type Db } from './database.ts';

export type { Db } from './database.ts';

export function getSetting(db: Db, key: string): string | undefined {
  return (sql(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  sql(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function deleteSetting(db: Db, key: string): void {
  sql(db, 'DELETE FROM settings WHERE key = ?').run(key);
}
