import { createHash } from 'node:crypto';
import { renderDocument, renderSignedDocument } from '../../shared/bank-api/documents/render.ts';
import { parseDocument, summarizeDocument } from '../../shared/bank-api/documents/index.ts';
import { LocalizedError, type Locale } from '../../shared/i18n/index.ts';
import type { StoredDocument } from '../store/documents.ts';
import type { documentsChannels } from '../../shared/ipc/areas/documents.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';

/** A stored document's summary in a language; undefined when its content no longer parses. */
function summaryIn(row: StoredDocument | undefined, locale: Locale): string | undefined {
  if (!row) return undefined;
  const parsed = parseDocument({ kind: row.kind, version: row.version, content: JSON.parse(row.content) as unknown });
  return parsed.ok ? summarizeDocument(parsed.body, locale).text : undefined;
}

export function documentsHandlers({ client }: ServiceContext): AreaHandlers<typeof documentsChannels> {
  return {
    'documents.list': ({ locale, ...filter }) => {
      const page = client.documents.list(filter);
      // the stored summary is the Russian one (it is what search reads); another language is said from the content
      if (locale === undefined || locale === 'ru') return page;
      return { ...page, items: page.items.map((r) => ({ ...r, summary: summaryIn(client.documents.store.row(r.id), locale) ?? r.summary })) };
    },
    'documents.receipts': ({ id }) => ({
      items: client.documents.receipts(id).map(({ payload, ...r }) => ({ ...r, payload: payload.toString('utf8'), payloadSha256: createHash('sha256').update(payload).digest('hex') })),
    }),
    'documents.get': ({ id, locale }) => {
      const d = client.documents.get(id);
      const { canonical, cms: _s, origin: _o, derivedFrom: _d, version: _v, ...row } = d;
      // what you see is what you sign: once signed, the text comes from the signed bytes themselves
      const signed = canonical ? renderSignedDocument(canonical, { id }, locale) : undefined;
      if (signed && !signed.ok) throw new LocalizedError('signing.canonical-invalid', { id, reason: signed.reason, field: signed.field });
      return {
        ...row,
        rendered: signed ? signed.fields : renderDocument(d.body, locale),
        findings: d.findings.map((f) => ({ field: f.field, code: f.code, severity: f.severity, message: f.message[locale] })),
        ...(canonical ? { signedSha256: createHash('sha256').update(canonical).digest('hex') } : {}),
      };
    },
    'documents.create': ({ kind, content, copyOf }) => {
      if (copyOf === undefined) return { id: client.documents.create({ kind, content }).id };
      client.documents.get(copyOf); // the original must exist (not-found otherwise)
      return { id: client.documents.create({ kind, content, origin: 'copy', derivedFrom: copyOf }).id };
    },
    'documents.copy-content': ({ id }) => {
      const src = client.documents.get(id);
      const number = (src.body.content as { number?: unknown }).number;
      return { kind: src.kind, content: client.documents.freshen(src.body), ...(typeof number === 'string' ? { number } : {}) };
    },
    'documents.update': ({ id, content, revision }) => {
      const d = client.documents.update(id, content, revision);
      return { id: d.id, revision: d.revision, derived: d.id !== id };
    },
    'documents.copy': ({ id }) => ({ id: client.documents.copy(id).id }),
    'documents.delete': ({ id }) => {
      client.documents.remove(id);
      return { deleted: true as const };
    },
  };
}
