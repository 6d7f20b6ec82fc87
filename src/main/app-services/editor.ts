import { join } from 'node:path';
import type { z } from 'zod';
import type { EarlyRepaymentQuote } from '../../shared/bank-api/contracts.ts';
import { describeIssues, DOCUMENT_KINDS, parseDocument, summarizeDocument, validateDocument, type DocumentProblem } from '../../shared/bank-api/documents/index.ts';
import { ATTACHMENT_LIMITS } from '../../shared/domain/attachments.ts';
import { LocalizedError, type Locale } from '../../shared/i18n/index.ts';
import type { editorChannels } from '../../shared/ipc/areas/editor.ts';
import { UPLOAD_CHUNK_BYTES } from '../../shared/ipc/schemas.ts';
import { withBankSession } from '../bank/session.ts';
import { accountsOf, attachmentMediaType, contractsOf, findContract, keepAttachment, newContent, prefillContractPayment } from '../documents/editor-support.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';
import { UploadStore, type UploadFacts, type UploadRefusal } from './uploads.ts';

const MIB = 1024 * 1024;
/** Files being attached at once (a document's worth), and how long one may wait untouched. */
const OPEN_UPLOADS = ATTACHMENT_LIMITS.maxCount;
const UPLOAD_TTL_MS = 30 * 60 * 1000;

/** The editor's refusals of a file to attach or of a part of it. */
function attachmentRefusal(why: UploadRefusal, f: UploadFacts): Error {
  const name = f.name ?? '';
  switch (why) {
    case 'empty':
      return new LocalizedError('editor.attachment-empty', { name });
    case 'too-large':
      return new LocalizedError('editor.attachment-too-large', { name, size: f.size ?? 0, max: ATTACHMENT_LIMITS.maxSize / MIB });
    case 'total':
      return new LocalizedError('editor.attachment-busy', { max: ATTACHMENT_LIMITS.maxTotalSize / MIB });
    case 'busy':
      return new LocalizedError('editor.attachment-uploads-busy', { max: OPEN_UPLOADS });
    case 'overflow':
    case 'incomplete':
      return new LocalizedError('editor.attachment-size-mismatch', { name });
    case 'chunk':
    case 'unknown':
      return new LocalizedError('editor.attachment-lost', {});
  }
}

const worded = (problems: DocumentProblem[], locale: Locale) => problems.map((p) => ({ field: p.field, code: p.code, severity: p.severity, message: p.message[locale] }));

export function editorHandlers({ client }: ServiceContext): AreaHandlers<typeof editorChannels> {
  const documents = client.documents;
  // at most a document's worth of bytes is held at once; a finished file is kept in the profile by its SHA-256
  const uploads = new UploadStore<{ mediaType: string }>({
    maxFileBytes: ATTACHMENT_LIMITS.maxSize,
    maxTotalBytes: ATTACHMENT_LIMITS.maxTotalSize,
    maxChunkBytes: UPLOAD_CHUNK_BYTES,
    maxOpen: OPEN_UPLOADS,
    ttlMs: UPLOAD_TTL_MS,
    refuse: attachmentRefusal,
  });
  const attachments = join(client.dataDir, 'attachments');
  const today = (): string => documents.context().today!;
  return {
    'editor.validate': ({ kind, content, locale }) => {
      const parsed = parseDocument({ kind, version: DOCUMENT_KINDS[kind].version, content });
      if (!parsed.ok) return { ok: false, findings: worded(parsed.problems, locale) };
      const r = validateDocument(parsed.body, documents.context());
      return { ok: r.ok, findings: worded([...describeIssues(r.errors, kind), ...describeIssues(r.warnings, kind)], locale) };
    },
    'editor.new': ({ kind }) => {
      const { today: day, payerStatuses, bankBic } = documents.context();
      return { content: newContent(client.db, documents, kind, day!), context: { today: day!, ...(payerStatuses ? { payerStatuses: [...payerStatuses] } : {}), ...(bankBic ? { bankBic } : {}) } };
    },
    'editor.counterparties': ({ text, limit }) => ({ items: documents.counterparties.list(text.trim(), limit ?? 10) }),
    'editor.templates.list': ({ kind, locale }) => ({
      items: client.templates
        .list()
        .filter((t) => kind === undefined || t.kind === kind)
        .map((t) => {
          let summary = '';
          const parsed = parseDocument({ kind: t.kind, version: DOCUMENT_KINDS[t.kind].version, content: t.content });
          if (parsed.ok) summary = summarizeDocument(parsed.body, locale).text;
          return { id: t.id, name: t.name, kind: t.kind, createdAt: t.createdAt, summary };
        }),
    }),
    'editor.templates.save': ({ name, kind, content }) => ({ id: client.templates.saveContent(name, kind, content).id }),
    'editor.templates.apply': ({ id }) => ({ id: client.templates.use(id).id }),
    'editor.templates.delete': ({ id }) => {
      client.templates.remove(id);
      return { deleted: true as const };
    },
    'editor.contracts': ({ kind }) => ({ items: contractsOf(client.bankData, kind) }),
    'editor.accounts': () => ({ items: accountsOf(client.bankData) }),
    'editor.contract-prefill': ({ kind, contractId, account, instalment }) => ({ content: prefillContractPayment(client.bankData, today(), kind, contractId, account, instalment) }),
    'editor.payoff-quote': async ({ contractId, date, amount, recalculation }) => {
      const contract = findContract(client.bankData, contractId);
      const body = amount !== undefined && recalculation ? { date, amount, recalculation } : { date };
      const q = await withBankSession(client.db, (s) => client.api.call<z.infer<typeof EarlyRepaymentQuote>>('earlyRepaymentQuote', { params: { id: contract.id }, body, session: s.token }));
      return { contractId: contract.id, number: contract.number, kind: contract.kind, date: q.date, principal: q.principal, accruedInterest: q.accruedInterest, payoff: q.payoff, ...(q.partial ? { partial: q.partial } : {}) };
    },
    // the name, type and size are checked before any byte arrives
    'editor.attachment.start': ({ name, mediaType, size }) => ({ uploadId: uploads.start(name, size, { mediaType: attachmentMediaType(name, mediaType) }) }),
    'editor.attachment.chunk': ({ uploadId, offset, data }) => ({ received: uploads.chunk(uploadId, offset, data) }),
    'editor.attachment.finish': ({ uploadId }) => {
      try {
        const { name, meta } = uploads.get(uploadId);
        return keepAttachment(attachments, name, meta.mediaType, uploads.bytes(uploadId));
      } finally {
        uploads.delete(uploadId);
      }
    },
  };
}
