import { join } from 'node:path';
import type { z } from 'zod';
import type { EarlyRepaymentQuote } from '../../shared/bank-api/contracts.ts';
import { describeIssues, DOCUMENT_KINDS, parseDocument, summarizeDocument, validateDocument, type DocumentProblem } from '../../shared/bank-api/documents/index.ts';
import type { editorChannels } from '../../shared/ipc/areas/editor.ts';
import type { Locale } from '../../shared/i18n/index.ts';
import { requireSession } from '../bank/session.ts';
import { accountsOf, AttachmentUploads, contractsOf, findContract, newContent, prefillContractPayment, saveTemplate } from '../documents/editor-support.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';

const worded = (problems: DocumentProblem[], locale: Locale) => problems.map((p) => ({ field: p.field, code: p.code, severity: p.severity, message: p.message[locale] }));

export function editorHandlers({ client }: ServiceContext): AreaHandlers<typeof editorChannels> {
  const documents = client.documents;
  const uploads = new AttachmentUploads(join(client.dataDir, 'attachments'));
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
    'editor.templates.save': ({ name, kind, content }) => ({ id: saveTemplate(documents, name, kind, content) }),
    'editor.templates.apply': ({ id }) => ({ id: client.templates.use(id).id }),
    'editor.templates.delete': ({ id }) => {
      client.templates.remove(id);
      return { deleted: true as const };
    },
    'editor.contracts': ({ kind }) => ({ items: contractsOf(client.db, kind) }),
    'editor.accounts': () => ({ items: accountsOf(client.db) }),
    'editor.contract-prefill': ({ kind, contractId, account }) => ({ content: prefillContractPayment(client.db, today(), kind, contractId, account) }),
    'editor.payoff-quote': async ({ contractId, date }) => {
      const contract = findContract(client.db, contractId);
      const session = requireSession(client.db);
      const q = await client.api.call<z.infer<typeof EarlyRepaymentQuote>>('earlyRepaymentQuote', { params: { id: contract.id }, body: { date }, session: session.token });
      return { contractId: contract.id, number: contract.number, date: q.date, principal: q.principal, accruedInterest: q.accruedInterest, payoff: q.payoff };
    },
    'editor.attachment.start': ({ name, mediaType, size }) => ({ uploadId: uploads.start(name, mediaType, size) }),
    'editor.attachment.chunk': ({ uploadId, offset, data }) => ({ received: uploads.chunk(uploadId, offset, data) }),
    'editor.attachment.finish': ({ uploadId }) => uploads.finish(uploadId),
  };
}
