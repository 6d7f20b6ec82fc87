import { randomUUID } from 'node:crypto';
import type { MessageKey, MessageParams } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import type { ImportedDocument, ImportResult } from '../formats/import-result.ts';
import type { ImportSink, ImportSummary } from '../formats/index.ts';
import { DocumentInvalidError, type DocumentService } from './document-service.ts';

export interface ImportedDraft {
  id: string;
  line: number;
  /** Business-rule errors the accountant has to fix before signing (the draft is stored anyway). */
  errors: number;
  warnings: { code: MessageKey; params: MessageParams; line: number }[];
}

export interface ImportRejection {
  line: number;
  code: MessageKey;
  params: MessageParams;
  kind?: string;
}

export interface ImportReport {
  file: string;
  format: ImportResult['format'];
  version: string;
  encoding: string;
  /** Every document of the file is in exactly one of these two lists (unless a list was capped: see `counts`). */
  imported: ImportedDraft[];
  rejected: ImportRejection[];
  warnings: ImportResult['warnings'];
  /** The whole file's counts, also when the lists above hold only the first of them. */
  counts: { imported: number; rejected: number; withErrors: number };
  /** Imported documents beyond `maxListed`: counted and given to `onImported`, not listed. */
  importedOmitted: number;
  /** Rejected documents beyond `maxListed` (the list keeps the first, by line). */
  rejectedOmitted: number;
}

export interface StoreImportOptions {
  /**
   * A preview: the same work as the real import (duplicates found, structure parsed, rules run),
   * then the transaction is rolled back, so nothing is stored and the report says what would be.
   */
  dryRun?: boolean;
  /** Documents with rule errors are not stored but reported as rejected (import.has-errors). */
  onlyValid?: boolean;
  /** At most this many entries in each of the report's lists (the counts are always whole); no cap when absent. */
  maxListed?: number;
  /** Each stored draft, in file order, as it is stored (it is committed only if the import ends well). */
  onImported?: (d: ImportedDraft) => void;
}

/** Thrown inside a preview's transaction to roll it back. */
class RollBack extends Error {}

/** Documents between two updates of the search index (the index is filled from the table, in one statement each). */
const INDEX_EVERY = 4096;

/** Takes the documents of one file, one at a time, inside the caller's transaction. */
class ImportStorer {
  readonly report: ImportReport;
  private readonly now = new Date().toISOString();
  private readonly context;
  private indexedUpTo: number;
  private sinceIndex = 0;

  constructor(
    private readonly documents: DocumentService,
    file: string,
    private readonly options: StoreImportOptions,
  ) {
    this.report = { file, format: '1c', version: '', encoding: '', imported: [], rejected: [], warnings: [], counts: { imported: 0, rejected: 0, withErrors: 0 }, importedOmitted: 0, rejectedOmitted: 0 };
    this.context = documents.context();
    this.indexedUpTo = documents.lastRowid();
  }

  private get cap(): number {
    return this.options.maxListed ?? Infinity;
  }

  reject(r: ImportRejection): void {
    this.report.counts.rejected++;
    if (this.report.rejected.length < this.cap) this.report.rejected.push(r);
    else this.report.rejectedOmitted++;
  }

  add(d: ImportedDocument): void {
    const { documents } = this;
    const before = documents.store.idBySourceKey(d.sourceKey); // drafts stored earlier in this file too: same transaction
    if (before) {
      this.reject({ line: d.line, code: 'import.duplicate', params: { id: before, line: d.line } });
      return;
    }
    let body;
    try {
      body = documents.parse(d.kind, d.content);
    } catch (e) {
      if (!(e instanceof DocumentInvalidError)) throw e;
      this.reject({ line: d.line, code: 'document.invalid', params: { ...e.params, line: d.line } });
      return;
    }
    const id = randomUUID();
    const errors = documents.insert(id, body, { origin: 'import', sourceKey: d.sourceKey, deferIndex: true }, this.now, this.context);
    if (this.options.onlyValid && errors > 0) {
      documents.store.deleteDraft(id);
      this.reject({ line: d.line, code: 'import.has-errors', params: { line: d.line, count: errors } });
      return;
    }
    const draft: ImportedDraft = { id, line: d.line, errors, warnings: d.warnings };
    this.report.counts.imported++;
    if (errors > 0) this.report.counts.withErrors++;
    if (this.report.imported.length < this.cap) this.report.imported.push(draft);
    else this.report.importedOmitted++;
    this.options.onImported?.(draft);
    if (++this.sinceIndex >= INDEX_EVERY) this.index();
  }

  /** The search index of the drafts stored since the last call, in one statement. */
  private index(): void {
    this.documents.indexSince(this.indexedUpTo);
    this.indexedUpTo = this.documents.lastRowid();
    this.sinceIndex = 0;
  }

  finish(summary: ImportSummary, actor: string): void {
    this.index();
    const { report } = this;
    Object.assign(report, { format: summary.format, version: summary.version, encoding: summary.encoding, warnings: summary.warnings });
    report.rejected.sort((a, b) => a.line - b.line);
    audit(this.documents.db, { actor, action: 'import', subject: report.file, details: { format: summary.format, imported: report.counts.imported, rejected: report.counts.rejected } });
  }
}

/**
 * Stores the documents of a parsed file as drafts, all in one transaction (a file is imported
 * whole or not at all). A document imported before (same source key) is reported, not stored
 * twice, so importing a file again adds nothing.
 */
export function storeImport(documents: DocumentService, result: ImportResult, file: string, actor: string, options: StoreImportOptions = {}): ImportReport {
  return storeImportStream(
    documents,
    (sink) => {
      // in line order, so that a capped list keeps the file's first entries
      let r = 0;
      for (const d of result.documents) {
        while (r < result.rejected.length && result.rejected[r]!.line < d.line) sink.rejected(result.rejected[r++]!);
        sink.document(d);
      }
      while (r < result.rejected.length) sink.rejected(result.rejected[r++]!);
      return result;
    },
    file,
    actor,
    options,
  );
}

/**
 * storeImport() for a file read while it is stored: `read` hands each document to the sink (see
 * importFileStream) and returns the file's summary. All in one transaction, so a file whose
 * structure turns out broken after some documents (an error `read` throws) stores nothing; the
 * report holds only what `maxListed` allows, so memory stays flat whatever the file's size.
 */
export function storeImportStream(documents: DocumentService, read: (sink: ImportSink) => ImportSummary, file: string, actor: string, options: StoreImportOptions = {}): ImportReport {
  let report: ImportReport | undefined;
  const run = documents.db.transaction(() => {
    const storer = new ImportStorer(documents, file, options);
    const summary = read({ document: (d) => storer.add(d), rejected: (r) => storer.reject({ ...r }) });
    storer.finish(summary, actor);
    report = storer.report;
    if (options.dryRun) throw new RollBack();
  });
  try {
    run();
  } catch (e) {
    if (!(e instanceof RollBack)) throw e;
  }
  return report!;
}
