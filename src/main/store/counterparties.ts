/** The counterparties table, the editor's directory of payees (kept as each is paid by the document service). */
import { sql, type Db } from './database.ts';

/** A payee the company has paid before: picked in the editor instead of typed again. */
export interface Counterparty {
  id: number;
  name: string;
  inn: string;
  kpp?: string;
  account: string;
  bic: string;
  bankName: string;
  corrAccount?: string;
  usedAt: string;
}

interface Row {
  id: number;
  name: string;
  inn: string;
  kpp: string | null;
  account: string;
  bic: string;
  bank_name: string;
  corr_account: string | null;
  used_at: string;
}

const fromRow = (r: Row): Counterparty => ({
  id: r.id,
  name: r.name,
  inn: r.inn,
  ...(r.kpp ? { kpp: r.kpp } : {}),
  account: r.account,
  bic: r.bic,
  bankName: r.bank_name,
  ...(r.corr_account ? { corrAccount: r.corr_account } : {}),
  usedAt: r.used_at,
});

/** The directory of counterparties: one row per INN + account + BIC, refreshed each time it is paid. */
export class Counterparties {
  constructor(private readonly db: Db) {}

  remember(c: Omit<Counterparty, 'id' | 'usedAt'>, at = new Date()): void {
    sql(
      this.db,
      `INSERT INTO counterparties (name, inn, kpp, account, bic, bank_name, corr_account, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (inn, account, bic) DO UPDATE SET name = excluded.name, kpp = excluded.kpp, bank_name = excluded.bank_name,
           corr_account = excluded.corr_account, used_at = excluded.used_at`,
    ).run(c.name, c.inn, c.kpp ?? null, c.account, c.bic, c.bankName, c.corrAccount ?? null, at.toISOString());
  }

  /** Most recently used first; `text` narrows by name, INN or account. */
  list(text = '', limit = 50): Counterparty[] {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = sql(this.db, "SELECT * FROM counterparties WHERE name LIKE ? ESCAPE '\\' OR inn LIKE ? ESCAPE '\\' OR account LIKE ? ESCAPE '\\' ORDER BY used_at DESC, id LIMIT ?").all(like, like, like, limit) as Row[];
    return rows.map(fromRow);
  }

  remove(id: number): boolean {
    return sql(this.db, 'DELETE FROM counterparties WHERE id = ?').run(id).changes > 0;
  }
}
