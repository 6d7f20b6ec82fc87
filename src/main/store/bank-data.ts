/**
 * The bank's view kept in the profile: accounts, statements, contracts with their schedules,
 * messages with their attachments. The only module that writes SQL against these tables, so the
 * app and the CLI list them in one order (a list's ORDER BY is written once, here).
 */
import type { z } from 'zod';
import type { Account, Statement } from '../../shared/bank-api/accounts.ts';
import type { Contract, Schedule } from '../../shared/bank-api/contracts.ts';
import type { Message } from '../../shared/bank-api/messages.ts';
import type { LetterSeal } from '../../shared/ipc/areas/bank-data.ts';

/** A letter as kept: the bank's message and the seal of its signature as the client verified it (absent in letters kept before letters were signed). */
export type KeptMessage = Message & { seal?: LetterSeal | null };
import { sql, type Db } from './database.ts';

export type ContractSchedule = z.infer<typeof Schedule>;

/** A list as the last exchange stored it, with the time of that exchange (null: none yet). */
export interface Stored<T> {
  items: T[];
  updatedAt: string | null;
}

/** An attachment as listed by the bank; `content` is null until its bytes are fetched (or when we sent it, kept from the upload). */
export interface StoredAttachment {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  content: Buffer | null;
}

/**
 * The orders users see, in the app and the CLI alike. Contracts: loans before leasing, then by
 * number. Messages: newest first; in a tie in time the one stored later first: an exchange
 * stores new messages oldest first, so a tie lists as the bank lists it, and a reply sent here
 * comes above the message it answers. A message's place never changes when it is updated.
 */
const ORDER = {
  accounts: 'ORDER BY number, id',
  contracts: 'ORDER BY kind, number, id',
  messages: 'ORDER BY sent_at DESC, rowid DESC',
} as const;

const latest = (rows: { updated_at: string }[]): string | null => rows.reduce<string | null>((max, r) => (max === null || r.updated_at > max ? r.updated_at : max), null);

export class BankDataStore {
  constructor(private readonly db: Db) {}

  accounts(): Stored<Account> {
    const rows = sql(this.db, `SELECT json, updated_at FROM accounts ${ORDER.accounts}`).all() as { json: string; updated_at: string }[];
    return { items: rows.map((r) => JSON.parse(r.json) as Account), updatedAt: latest(rows) };
  }

  /** An account by the bank's id or by its number. */
  account(ref: string): Account | undefined {
    const row = sql(this.db, 'SELECT json FROM accounts WHERE id = ? OR number = ? ORDER BY id = ? DESC LIMIT 1').get(ref, ref, ref) as { json: string } | undefined;
    return row && (JSON.parse(row.json) as Account);
  }

  contracts(kind?: Contract['kind']): Stored<Contract> {
    const rows = (
      kind
        ? sql(this.db, `SELECT json, updated_at FROM contracts WHERE kind = ? ${ORDER.contracts}`).all(kind)
        : sql(this.db, `SELECT json, updated_at FROM contracts ${ORDER.contracts}`).all()
    ) as { json: string; updated_at: string }[];
    return { items: rows.map((r) => JSON.parse(r.json) as Contract), updatedAt: latest(rows) };
  }

  /** A contract by the bank's id or by its number (the id wins when one contract's number is another's id). */
  contract(ref: string): Contract | undefined {
    const row = sql(this.db, 'SELECT json FROM contracts WHERE id = ? OR number = ? ORDER BY id = ? DESC LIMIT 1').get(ref, ref, ref) as { json: string } | undefined;
    return row && (JSON.parse(row.json) as Contract);
  }

  schedule(contractId: string): ContractSchedule | undefined {
    const row = sql(this.db, 'SELECT json FROM schedules WHERE contract_id = ?').get(contractId) as { json: string } | undefined;
    return row && (JSON.parse(row.json) as ContractSchedule);
  }

  messages(): KeptMessage[] {
    return (sql(this.db, `SELECT json FROM messages ${ORDER.messages}`).all() as { json: string }[]).map((r) => JSON.parse(r.json) as KeptMessage);
  }

  message(id: string): KeptMessage | undefined {
    const row = sql(this.db, 'SELECT json FROM messages WHERE id = ?').get(id) as { json: string } | undefined;
    return row && (JSON.parse(row.json) as KeptMessage);
  }

  /** The messages from the bank with their read marks: what the "new messages" event compares. */
  fromBank(): { id: string; read: boolean }[] {
    return (sql(this.db, "SELECT id, read FROM messages WHERE direction = 'from-bank'").all() as { id: string; read: number }[]).map((r) => ({ id: r.id, read: r.read !== 0 }));
  }

  attachment(messageId: string, id: string): StoredAttachment | undefined {
    const a = sql(this.db, 'SELECT name, media_type, size, sha256, content FROM attachments WHERE message_id = ? AND id = ?').get(messageId, id) as
      | { name: string; media_type: string; size: number; sha256: string; content: Buffer | null }
      | undefined;
    return a && { name: a.name, mediaType: a.media_type, size: a.size, sha256: a.sha256, content: a.content };
  }

  /** Keeps an attachment's bytes once fetched (the caller checked them against the listed digest). */
  keepAttachmentContent(messageId: string, id: string, content: Buffer): void {
    sql(this.db, 'UPDATE attachments SET content = ? WHERE message_id = ? AND id = ?').run(content, messageId, id);
  }

  /**
   * Keeps a message as the bank gave it: a known message takes the bank's read mark and JSON; a
   * known attachment is left as it is (with its content, if fetched). `contents` are the bytes of
   * attachments by SHA-256, when we have them (the ones we sent). One transaction (a savepoint
   * inside the caller's).
   */
  putMessage(m: KeptMessage, contents?: ReadonlyMap<string, Buffer>): void {
    this.db.transaction(() => {
      sql(
        this.db,
        'INSERT INTO messages (id, direction, subject, body, sent_at, read, in_reply_to, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET read = excluded.read, json = excluded.json',
      ).run(m.id, m.direction, m.subject, m.body, m.sentAt, m.read ? 1 : 0, m.inReplyTo, JSON.stringify(m));
      const att = sql(this.db, 'INSERT OR IGNORE INTO attachments (message_id, id, name, media_type, size, sha256, content) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const a of m.attachments) att.run(m.id, a.id, a.name, a.mediaType, a.size, a.sha256, contents?.get(a.sha256) ?? null);
    })();
  }

  /** Accounts, contracts and schedules as an exchange brought them, stamped with its time (known ones updated, none removed). */
  putBankView(v: { accounts: readonly Account[]; contracts: readonly Contract[]; schedules: readonly ContractSchedule[] }, at: string): void {
    this.db.transaction(() => {
      const acc = sql(
        this.db,
        'INSERT INTO accounts (id, number, currency, balance, json, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET number = excluded.number, currency = excluded.currency, balance = excluded.balance, json = excluded.json, updated_at = excluded.updated_at',
      );
      for (const a of v.accounts) acc.run(a.id, a.number, a.currency, a.balance, JSON.stringify(a), at);
      const con = sql(this.db, 'INSERT INTO contracts (id, kind, number, json, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, number = excluded.number, json = excluded.json, updated_at = excluded.updated_at');
      for (const c of v.contracts) con.run(c.id, c.kind, c.number, JSON.stringify(c), at);
      const sch = sql(this.db, 'INSERT INTO schedules (contract_id, json, updated_at) VALUES (?, ?, ?) ON CONFLICT (contract_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at');
      for (const s of v.schedules) sch.run(s.contractId, JSON.stringify(s), at);
    })();
  }

  /** A statement for a period, kept as fetched (a later fetch of the same period replaces it). */
  putStatement(accountId: string, from: string, to: string, st: Statement, at: string): void {
    sql(this.db, 'INSERT INTO statements (account_id, date_from, date_to, json, fetched_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at').run(
      accountId,
      from,
      to,
      JSON.stringify(st),
      at,
    );
  }
}
