import { t, type MessageKey, type MessageParams } from '../../shared/i18n/index.ts';
import type { importChannels } from '../../shared/ipc/areas/import.ts';
import { UPLOAD_CHUNK_BYTES } from '../../shared/ipc/schemas.ts';
import { storeImport } from '../documents/import-drafts.ts';
import { MAX_FILE_BYTES, type ImportResult } from '../formats/index.ts';
import { importFileInWorker } from '../formats/import-worker.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';
import { UploadStore, fileRefusals } from './uploads.ts';

/** Files being imported open at once. */
const KEEP = 4;
/** A file for import not touched for this long is dropped. */
const IMPORT_TTL_MS = 30 * 60 * 1000;

/** Bidi controls inside a message (quoting a file's text) shown by name, so they cannot turn the message around. */
const visible = (text: string): string => text.replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);

/** Import of a payment file: sent in chunks (refused before a byte is sent when too large), previewed per document, accepted or discarded. */
export function importHandlers({ client }: ServiceContext): AreaHandlers<typeof importChannels> {
  // the parsed file is kept with its upload (parsed once)
  const uploads = new UploadStore<{ result?: ImportResult }>({
    maxFileBytes: MAX_FILE_BYTES,
    maxTotalBytes: KEEP * MAX_FILE_BYTES,
    maxChunkBytes: UPLOAD_CHUNK_BYTES,
    maxOpen: KEEP,
    ttlMs: IMPORT_TTL_MS,
    refuse: fileRefusals({ limit: MAX_FILE_BYTES, maxOpen: KEEP, total: 'busy' }),
  });
  /** The parsed file of a complete upload (parsed once, in the import worker: never on this thread). */
  const parsed = async (id: string): Promise<{ name: string; result: ImportResult }> => {
    const bytes = uploads.bytes(id);
    const u = uploads.get(id);
    u.meta.result ??= await importFileInWorker(bytes, u.name);
    return { name: u.name, result: u.meta.result };
  };

  return {
    // refused before a byte is sent: a 50 MB file never crosses
    'import.begin': ({ name, size }) => ({ uploadId: uploads.start(name, size, {}), chunkBytes: UPLOAD_CHUNK_BYTES }),
    'import.chunk': ({ uploadId, offset, data }) => ({ received: uploads.chunk(uploadId, offset, data) }),
    'import.preview': async ({ uploadId, locale }) => {
      const { name, result } = await parsed(uploadId);
      // the real import's own code, rolled back: duplicates, structure and rules exactly as accept will see them
      const report = storeImport(client.documents, result, name, client.actor, { dryRun: true });
      const byLine = new Map(result.documents.map((d) => [d.line, d]));
      const say = (code: MessageKey, params: MessageParams) => visible(t(locale, code, params));
      const contentOf = (line: number) => {
        const d = byLine.get(line);
        if (!d) return {};
        const c = d.content;
        return { number: c.number, date: c.date, amount: c.amount, payee: c.payee.name, purpose: c.purpose };
      };
      const documents = [
        ...report.imported.map((d) => {
          const source = byLine.get(d.line)!;
          const findings = client.documents.findings(client.documents.parse(source.kind, source.content));
          const messages = [
            ...findings.filter((f) => f.severity === 'error').map((f) => ({ severity: 'error' as const, text: visible(f.message[locale]), field: f.field })),
            ...d.warnings.map((w) => ({ severity: 'warning' as const, text: say(w.code, w.params) })),
            ...findings.filter((f) => f.severity === 'warning').map((f) => ({ severity: 'warning' as const, text: visible(f.message[locale]), field: f.field })),
          ];
          const outcome = d.errors > 0 ? ('errors' as const) : messages.length > 0 ? ('warnings' as const) : ('valid' as const);
          return { line: d.line, outcome, ...contentOf(d.line), messages };
        }),
        ...report.rejected.map((r) => ({
          line: r.line,
          outcome: r.code === 'import.duplicate' ? ('duplicate' as const) : ('rejected' as const),
          ...contentOf(r.line),
          messages: [{ severity: 'error' as const, text: say(r.code, r.params) }],
        })),
      ].sort((a, b) => a.line - b.line);
      const counts = { valid: 0, warnings: 0, errors: 0, duplicate: 0, rejected: 0 };
      for (const d of documents) counts[d.outcome]++;
      return {
        name,
        format: result.format,
        version: result.version,
        encoding: result.encoding,
        documents,
        fileWarnings: report.warnings.map((w) => ({ line: w.line, text: say(w.code, w.params) })),
        counts,
      };
    },
    'import.accept': async ({ uploadId, onlyValid }) => {
      const { name, result } = await parsed(uploadId);
      const report = storeImport(client.documents, result, name, client.actor, { onlyValid });
      uploads.delete(uploadId);
      return { imported: report.imported.map((d) => d.id), rejected: report.rejected.length };
    },
    'import.discard': ({ uploadId }) => ({ discarded: uploads.delete(uploadId) }),
  };
}
