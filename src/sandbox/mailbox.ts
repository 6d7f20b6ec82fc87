import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { MAX_ATTACHMENT_BYTES, type Message, type NewMessage } from '../shared/bank-api/messages.ts';
import { ApiProblem } from './http.ts';
import type { BankClock } from './clock.ts';
import { sql, type Db } from './store.ts';

interface MessageRow {
  id: string;
  direction: 'from-bank' | 'to-bank';
  subject: string;
  body: string;
  sent_at: string;
  read: number;
  in_reply_to: string | null;
}

/** Letters between a company and the bank, with attachments and read marks, scoped to the company. */
export class Mailbox {
  constructor(
    private readonly db: Db,
    private readonly clock: BankClock,
  ) {}

  private view(m: MessageRow): z.infer<typeof Message> {
    const attachments = sql(this.db, 'SELECT id, name, media_type, size, sha256 FROM attachments WHERE message_id = ? ORDER BY rowid').all(m.id) as {
      id: string;
      name: string;
      media_type: z.infer<typeof Message>['attachments'][number]['mediaType'];
      size: number;
      sha256: string;
    }[];
    return {
      id: m.id,
      direction: m.direction,
      subject: m.subject,
      body: m.body,
      sentAt: m.sent_at,
      read: m.read === 1,
      inReplyTo: m.in_reply_to,
      attachments: attachments.map((a) => ({ id: a.id, name: a.name, mediaType: a.media_type, size: a.size, sha256: a.sha256 })),
    };
  }

  private row(companyId: string, id: string): MessageRow {
    const m = sql(this.db, 'SELECT * FROM messages WHERE id = ? AND company_id = ?').get(id, companyId) as MessageRow | undefined;
    if (!m) throw new ApiProblem('not-found', 'no such message');
    return m;
  }

  list(companyId: string): z.infer<typeof Message>[] {
    return (sql(this.db, 'SELECT * FROM messages WHERE company_id = ? ORDER BY sent_at DESC, rowid DESC').all(companyId) as MessageRow[]).map((m) => this.view(m));
  }

  get(companyId: string, id: string): z.infer<typeof Message> {
    return this.view(this.row(companyId, id));
  }

  /** A new message; `direction` is to-bank from the client API, from-bank from the bank's side. */
  send(companyId: string, msg: z.infer<typeof NewMessage>, direction: 'to-bank' | 'from-bank' = 'to-bank'): z.infer<typeof Message> {
    if (msg.inReplyTo) this.row(companyId, msg.inReplyTo);
    const files = msg.attachments.map((a, i) => {
      const content = Buffer.from(a.content, 'base64');
      if (content.length > MAX_ATTACHMENT_BYTES) {
        throw new ApiProblem('validation-failed', `attachment ${a.name} is over ${MAX_ATTACHMENT_BYTES} bytes`, [
          { field: `attachments.${i}.content`, code: 'too-large', message: `${content.length} bytes, at most ${MAX_ATTACHMENT_BYTES}` },
        ]);
      }
      return { ...a, content, sha256: createHash('sha256').update(content).digest('hex') };
    });
    const id = randomUUID();
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO messages (id, company_id, direction, subject, body, sent_at, read, in_reply_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, companyId, direction, msg.subject, msg.body, this.clock.now().toISOString(), direction === 'to-bank' ? 1 : 0, msg.inReplyTo ?? null);
      const insert = sql(this.db, 'INSERT INTO attachments (id, message_id, name, media_type, size, sha256, content) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const f of files) insert.run(randomUUID(), id, f.name, f.mediaType, f.content.length, f.sha256, f.content);
    })();
    return this.get(companyId, id);
  }

  markRead(companyId: string, id: string, read: boolean): z.infer<typeof Message> {
    this.row(companyId, id);
    sql(this.db, 'UPDATE messages SET read = ? WHERE id = ?').run(read ? 1 : 0, id);
    return this.get(companyId, id);
  }

  attachment(companyId: string, messageId: string, attachmentId: string): { name: string; mediaType: string; content: Buffer } {
    this.row(companyId, messageId);
    const a = sql(this.db, 'SELECT name, media_type, content FROM attachments WHERE id = ? AND message_id = ?').get(attachmentId, messageId) as
      | { name: string; media_type: string; content: Buffer }
      | undefined;
    if (!a) throw new ApiProblem('not-found', 'no such attachment');
    return { name: a.name, mediaType: a.media_type, content: a.content };
  }
}
