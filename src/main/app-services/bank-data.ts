/**
 * The bank-data area: accounts, contracts and schedules, messages and statements. What the last
 * exchange stored is read from the profile; read marks, attachments, replies and statements go
 * to the bank with the stored session. When an exchange brings messages from the bank that were
 * not here before, `messages.new` is pushed to the page.
 */
import { createHash } from 'node:crypto';
import type { Account, Statement } from '../../shared/bank-api/accounts.ts';
import type { Contract, ScheduleItem } from '../../shared/bank-api/contracts.ts';
import { MAX_ATTACHMENT_BYTES, MEDIA_TYPES, type Message } from '../../shared/bank-api/messages.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { MAX_MESSAGE_ATTACHMENTS, MAX_MESSAGE_ATTACHMENTS_BYTES, type bankDataChannels } from '../../shared/ipc/areas/bank-data.ts';
import { UPLOAD_CHUNK_BYTES } from '../../shared/ipc/schemas.ts';
import { audit } from '../audit/audit-log.ts';
import { requireSession, withBankSession } from '../bank/session.ts';
import type { Client } from '../client.ts';
import { fetchStatement, messageStore } from '../sync/pull.ts';
import { exportStatement } from '../sync/statement-export.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';
import { UploadStore, type UploadFacts, type UploadRefusal } from './uploads.ts';

type MediaType = (typeof MEDIA_TYPES)[number];

/** Uploads left untouched for this long are dropped. */
const UPLOAD_TTL_MS = 30 * 60 * 1000;
/** What all unsent uploads of the profile may hold in memory together, and how many they may be: four messages' worth. */
const MAX_PENDING_UPLOAD_BYTES = 4 * MAX_MESSAGE_ATTACHMENTS_BYTES;
const MAX_PENDING_UPLOADS = 4 * MAX_MESSAGE_ATTACHMENTS;

/** The refusals of a file to attach to a message, or of a part of it. */
function uploadRefusal(why: UploadRefusal, f: UploadFacts): Error {
  const name = f.name ?? '';
  switch (why) {
    case 'too-large':
      return new LocalizedError('ui.bank-data.error.too-large', { name, size: f.size ?? 0, max: MAX_ATTACHMENT_BYTES });
    case 'total':
      return new LocalizedError('ui.bank-data.error.total-too-large', { max: MAX_MESSAGE_ATTACHMENTS_BYTES });
    case 'busy':
      return new LocalizedError('ui.bank-data.error.uploads-busy', { max: MAX_PENDING_UPLOADS });
    case 'empty': // empty files are allowed here
    case 'chunk':
    case 'overflow':
    case 'incomplete':
      return new LocalizedError('ui.bank-data.error.upload-broken', { name });
    case 'unknown':
      return new LocalizedError('ui.bank-data.error.upload-unknown');
  }
}

function storeMessage(client: Client, m: Message, contents?: ReadonlyMap<string, Buffer>): void {
  client.db.transaction(() => messageStore(client.db)(m, contents))();
}

function fromBankMessages(client: Client): { id: string; read: number }[] {
  return client.db.prepare("SELECT id, read FROM messages WHERE direction = 'from-bank'").all() as { id: string; read: number }[];
}

export function bankDataHandlers({ client, emit }: ServiceContext): AreaHandlers<typeof bankDataChannels> {
  const db = client.db;
  const uploads = new UploadStore<{ mediaType: MediaType }>({
    maxFileBytes: MAX_ATTACHMENT_BYTES,
    maxTotalBytes: MAX_PENDING_UPLOAD_BYTES,
    maxChunkBytes: UPLOAD_CHUNK_BYTES,
    maxOpen: MAX_PENDING_UPLOADS,
    ttlMs: UPLOAD_TTL_MS,
    allowEmpty: true,
    refuse: uploadRefusal,
  });

  // messages.new: after each exchange, the messages from the bank this profile had not seen
  const known = new Set(fromBankMessages(client).map((m) => m.id));
  client.sync().onChange((state) => {
    if (state.running || !db.open) return;
    const rows = fromBankMessages(client);
    const fresh = rows.filter((m) => !known.has(m.id)).map((m) => m.id);
    for (const id of fresh) known.add(id);
    if (fresh.length > 0) emit('messages.new', { count: fresh.length, unread: rows.filter((m) => m.read === 0).length, ids: fresh });
  });

  const account = (id: string): Account => {
    const row = db.prepare('SELECT json FROM accounts WHERE id = ?').get(id) as { json: string } | undefined;
    if (!row) throw new LocalizedError('ui.bank-data.error.account-unknown', { account: id });
    return JSON.parse(row.json) as Account;
  };

  const statement = async (accountId: string, from: string, to: string): Promise<Statement> => {
    account(accountId);
    if (from > to) throw new LocalizedError('ui.bank-data.error.period', { from, to });
    return withBankSession(db, (s) => fetchStatement(db, client.api, s.token, accountId, from, to));
  };

  return {
    'accounts.list': () => {
      const rows = db.prepare('SELECT json, updated_at FROM accounts ORDER BY number').all() as { json: string; updated_at: string }[];
      return { accounts: rows.map((r) => JSON.parse(r.json) as Account), updatedAt: rows.reduce<string | null>((max, r) => (max === null || r.updated_at > max ? r.updated_at : max), null) };
    },

    'contracts.list': () => {
      const rows = db.prepare('SELECT json, updated_at FROM contracts ORDER BY kind, number').all() as { json: string; updated_at: string }[];
      return { contracts: rows.map((r) => JSON.parse(r.json) as Contract), updatedAt: rows.reduce<string | null>((max, r) => (max === null || r.updated_at > max ? r.updated_at : max), null) };
    },

    'contracts.get': ({ id }) => {
      const row = db.prepare('SELECT json FROM contracts WHERE id = ?').get(id) as { json: string } | undefined;
      if (!row) throw new LocalizedError('ui.bank-data.error.contract-not-found', { id });
      const schedule = db.prepare('SELECT json FROM schedules WHERE contract_id = ?').get(id) as { json: string } | undefined;
      const items = schedule ? (JSON.parse(schedule.json) as { items: ScheduleItem[] }).items : [];
      return { ...(JSON.parse(row.json) as Contract), schedule: items };
    },

    'messages.list': () => {
      // ties in time keep the bank's order (newest first), which is the order an exchange stores them in
      const rows = db.prepare('SELECT json FROM messages ORDER BY sent_at DESC, rowid ASC').all() as { json: string }[];
      const messages = rows.map((r) => JSON.parse(r.json) as Message);
      return { messages, unread: messages.filter((m) => m.direction === 'from-bank' && !m.read).length };
    },

    'messages.open': async ({ id }) => {
      const row = db.prepare('SELECT json FROM messages WHERE id = ?').get(id) as { json: string } | undefined;
      if (!row) throw new LocalizedError('ui.bank-data.error.message-not-found', { id });
      const m = JSON.parse(row.json) as Message;
      if (m.direction !== 'from-bank' || m.read) return m;
      const updated = await withBankSession(db, (s) => client.api.call<Message>('markMessage', { params: { id }, body: { read: true }, session: s.token }));
      storeMessage(client, updated);
      return updated;
    },

    'messages.attachment': async ({ messageId, attachmentId }) => {
      const a = db.prepare('SELECT name, media_type, size, sha256, content FROM attachments WHERE message_id = ? AND id = ?').get(messageId, attachmentId) as
        | { name: string; media_type: string; size: number; sha256: string; content: Buffer | null }
        | undefined;
      if (!a) throw new LocalizedError('ui.bank-data.error.attachment-unknown', { id: attachmentId });
      let content = a.content;
      if (!content) {
        content = await withBankSession(db, (s) => client.api.call<Buffer>('attachment', { params: { id: messageId, aid: attachmentId }, session: s.token }));
        // what the bank listed is what we hand over: a different file is refused, not saved
        if (createHash('sha256').update(content).digest('hex') !== a.sha256) throw new LocalizedError('ui.bank-data.error.attachment-digest', { name: a.name });
        db.prepare('UPDATE attachments SET content = ? WHERE message_id = ? AND id = ?').run(content, messageId, attachmentId);
      }
      return { name: a.name, mediaType: a.media_type, size: content.length, content: content.toString('base64') };
    },

    'messages.upload-start': ({ name, mediaType, size }) => {
      if (/[/\\\0]/.test(name)) throw new LocalizedError('ui.bank-data.error.file-name', { name });
      if (!(MEDIA_TYPES as readonly string[]).includes(mediaType)) throw new LocalizedError('ui.bank-data.error.media-type', { name, type: mediaType || '?' });
      return { uploadId: uploads.start(name, size, { mediaType: mediaType as MediaType }) };
    },

    'messages.upload-chunk': ({ uploadId, offset, data }) => ({ received: uploads.chunk(uploadId, offset, data) }),

    'messages.send': async ({ subject, body, inReplyTo, uploads: ids = [] }) => {
      const files = ids.map((id) => {
        const content = uploads.bytes(id);
        const u = uploads.get(id);
        return { name: u.name, mediaType: u.meta.mediaType, size: u.size, content };
      });
      const total = files.reduce((s, f) => s + f.size, 0);
      if (total > MAX_MESSAGE_ATTACHMENTS_BYTES) throw new LocalizedError('ui.bank-data.error.total-too-large', { max: MAX_MESSAGE_ATTACHMENTS_BYTES });
      if (inReplyTo && !db.prepare('SELECT 1 FROM messages WHERE id = ?').get(inReplyTo)) throw new LocalizedError('ui.bank-data.error.message-not-found', { id: inReplyTo });
      const sent = await withBankSession(db, (s) =>
        client.api.call<Message>('sendMessage', {
          body: { subject, body, ...(inReplyTo ? { inReplyTo } : {}), attachments: files.map((f) => ({ name: f.name, mediaType: f.mediaType, content: f.content.toString('base64') })) },
          session: s.token,
        }),
      );
      for (const id of ids) uploads.delete(id);
      storeMessage(client, sent, new Map(files.map((f) => [createHash('sha256').update(f.content).digest('hex'), f.content])));
      audit(db, { actor: client.actor, action: 'send', subject: `message ${sent.id}`, details: { inReplyTo: inReplyTo ?? null, attachments: files.map((f) => ({ name: f.name, size: f.size })) } });
      return sent;
    },

    'statements.fetch': ({ accountId, from, to }) => statement(accountId, from, to),

    'statements.export': async ({ accountId, from, to, format }) => {
      const st = await statement(accountId, from, to);
      const file = exportStatement(db, st, { format, from, to, session: requireSession(db), actor: client.actor });
      return { fileName: file.fileName, mediaType: file.mediaType, content: Buffer.from(file.bytes).toString('base64'), entries: st.entries.length };
    },
  };
}
