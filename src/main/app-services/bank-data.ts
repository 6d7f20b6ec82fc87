/**
 * The bank-data area: accounts, contracts and schedules, messages and statements. What the last
 * exchange stored is read from the profile; read marks, attachments, replies and statements go
 * to the bank with the stored session. When an exchange brings messages from the bank that were
 * not here before, `messages.new` is pushed to the page.
 */
import { createHash } from 'node:crypto';
import type { Account, Statement } from '../../shared/bank-api/accounts.ts';
import { letterSignedBytes, MAX_ATTACHMENT_BYTES, MEDIA_TYPES, type Message } from '../../shared/bank-api/messages.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { MAX_MESSAGE_ATTACHMENTS, MAX_MESSAGE_ATTACHMENTS_BYTES, type bankDataChannels } from '../../shared/ipc/areas/bank-data.ts';
import { UPLOAD_CHUNK_BYTES } from '../../shared/ipc/schemas.ts';
import { audit } from '../audit/audit-log.ts';
import { requireSession, withBankSession } from '../bank/session.ts';
import { bankTrust } from '../bank/trust.ts';
import type { KeptMessage } from '../store/bank-data.ts';
import { checkLetter, type SealedLetter } from '../sync/letters.ts';
import { fetchStatement } from '../sync/pull-bank-data.ts';
import { exportStatement } from '../sync/statement-export.ts';
import { withPins, type AreaHandlers, type ServiceContext } from './context.ts';
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

export function bankDataHandlers({ client, emit }: ServiceContext): AreaHandlers<typeof bankDataChannels> {
  const db = client.db;
  const store = client.bankData;
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
  const known = new Set(store.fromBank().map((m) => m.id));
  client.sync().onChange((state) => {
    if (state.running || !db.open) return;
    const rows = store.fromBank();
    const fresh = rows.filter((m) => !known.has(m.id)).map((m) => m.id);
    for (const id of fresh) known.add(id);
    if (fresh.length > 0) emit('messages.new', { count: fresh.length, unread: rows.filter((m) => !m.read).length, ids: fresh });
  });

  /** A letter the bank answered with, kept only once its signature is checked (sync/letters.ts). */
  const sealed = async (m: Message): Promise<SealedLetter> => checkLetter(await bankTrust(db, client.api), requireSession(db).user.company.id, m);
  const shown = (m: KeptMessage): SealedLetter => ({ ...m, signature: m.signature ?? null, seal: m.seal ?? null });

  const account = (id: string): Account => {
    const found = store.account(id);
    // the page names accounts by the bank's id only
    if (!found || found.id !== id) throw new LocalizedError('ui.bank-data.error.account-unknown', { account: id });
    return found;
  };

  const statement = async (accountId: string, from: string, to: string): Promise<Statement> => {
    account(accountId);
    if (from > to) throw new LocalizedError('ui.bank-data.error.period', { from, to });
    return withBankSession(db, (s) => fetchStatement(store, client.api, s.token, accountId, from, to));
  };

  return {
    'accounts.list': () => {
      const { items, updatedAt } = store.accounts();
      return { accounts: items, updatedAt };
    },

    'contracts.list': () => {
      const { items, updatedAt } = store.contracts();
      // leasing as payments with VAT (from the schedule of the last exchange), not as a debt
      const contracts = items.map((c) => {
        if (c.kind !== 'leasing') return c;
        const unpaid = (store.schedule(c.id)?.items ?? []).filter((i) => !i.paid);
        const next = c.nextPayment ? unpaid.find((i) => i.number === c.nextPayment!.number) : undefined;
        const leasing = {
          paymentsLeft: unpaid.reduce((s, i) => s + i.total, 0),
          vatLeft: unpaid.reduce((s, i) => s + (i.vat ?? 0), 0),
          ...(next?.vat !== undefined ? { nextVat: next.vat } : {}),
        };
        return { ...c, leasing };
      });
      return { contracts, updatedAt };
    },

    'contracts.get': ({ id }) => {
      const contract = store.contract(id);
      // the page names contracts by the bank's id only
      if (!contract || contract.id !== id) throw new LocalizedError('ui.bank-data.error.contract-not-found', { id });
      return { ...contract, schedule: store.schedule(id)?.items ?? [] };
    },

    'messages.list': () => {
      const messages = store.messages().map(shown);
      return { messages, unread: messages.filter((m) => m.direction === 'from-bank' && !m.read).length };
    },

    'messages.open': async ({ id }) => {
      const m = store.message(id);
      if (!m) throw new LocalizedError('ui.bank-data.error.message-not-found', { id });
      if (m.direction !== 'from-bank' || m.read) return shown(m);
      const updated = await sealed(await withBankSession(db, (s) => client.api.call<Message>('markMessage', { params: { id }, body: { read: true }, session: s.token })));
      store.putMessage(updated);
      return updated;
    },

    'messages.attachment': async ({ messageId, attachmentId }) => {
      const a = store.attachment(messageId, attachmentId);
      if (!a) throw new LocalizedError('ui.bank-data.error.attachment-unknown', { id: attachmentId });
      let content = a.content;
      if (!content) {
        content = await withBankSession(db, (s) => client.api.call<Buffer>('attachment', { params: { id: messageId, aid: attachmentId }, session: s.token }));
        // what the bank listed is what we hand over: a different file is refused, not saved
        if (createHash('sha256').update(content).digest('hex') !== a.sha256) throw new LocalizedError('ui.bank-data.error.attachment-digest', { name: a.name });
        store.keepAttachmentContent(messageId, attachmentId, content);
      }
      return { name: a.name, mediaType: a.mediaType, size: content.length, content: content.toString('base64') };
    },

    'messages.upload-start': ({ name, mediaType, size }) => {
      if (/[/\\\0]/.test(name)) throw new LocalizedError('ui.bank-data.error.file-name', { name });
      if (!(MEDIA_TYPES as readonly string[]).includes(mediaType)) throw new LocalizedError('ui.bank-data.error.media-type', { name, type: mediaType || '?' });
      return { uploadId: uploads.start(name, size, { mediaType: mediaType as MediaType }) };
    },

    'messages.upload-chunk': ({ uploadId, offset, data }) => ({ received: uploads.chunk(uploadId, offset, data) }),

    'messages.send': async ({ subject, body, inReplyTo, uploads: ids = [], token, key, pin }) => {
      const files = ids.map((id) => {
        const content = uploads.bytes(id);
        const u = uploads.get(id);
        return { name: u.name, mediaType: u.meta.mediaType, size: u.size, content };
      });
      const total = files.reduce((s, f) => s + f.size, 0);
      if (total > MAX_MESSAGE_ATTACHMENTS_BYTES) throw new LocalizedError('ui.bank-data.error.total-too-large', { max: MAX_MESSAGE_ATTACHMENTS_BYTES });
      if (inReplyTo && !store.message(inReplyTo)) throw new LocalizedError('ui.bank-data.error.message-not-found', { id: inReplyTo });
      const digests = files.map((f) => createHash('sha256').update(f.content).digest('hex'));
      // signed like a document: the token signs the letter's bytes, the attachments bound by their digests
      const bytes = letterSignedBytes({
        companyId: requireSession(db).user.company.id,
        direction: 'to-bank',
        subject,
        body,
        inReplyTo: inReplyTo ?? null,
        attachments: files.map((f, i) => ({ name: f.name, mediaType: f.mediaType, sha256: digests[i]! })),
      });
      const outcome = await withPins([pin], (secret) => client.tokens.signBatch(token, secret, key, [{ content: bytes }]));
      const cms = outcome.signatures[0];
      if (outcome.error || !cms) throw outcome.error ?? new LocalizedError('ui.bank-data.error.letter-not-signed');
      const sent = await sealed(
        await withBankSession(db, (s) =>
          client.api.call<Message>('sendMessage', {
            body: { subject, body, ...(inReplyTo ? { inReplyTo } : {}), attachments: files.map((f) => ({ name: f.name, mediaType: f.mediaType, content: f.content.toString('base64') })), signature: cms.toString('base64') },
            session: s.token,
          }),
        ),
      );
      for (const id of ids) uploads.delete(id);
      store.putMessage(sent, new Map(files.map((f) => [createHash('sha256').update(f.content).digest('hex'), f.content])));
      audit(db, { actor: client.actor, action: 'send', subject: `message ${sent.id}`, details: { inReplyTo: inReplyTo ?? null, attachments: files.map((f) => ({ name: f.name, size: f.size })), certificateSerial: outcome.certificate.serialNumber.toLowerCase() } });
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
