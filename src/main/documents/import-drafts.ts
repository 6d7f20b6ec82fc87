import { randomUUID } from 'node:crypto';
import type { MessageKey, MessageParams } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import type { ImportResult } from '../formats/import-result.ts';
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
  /** Every document of the file is in exactly one of these two lists. */
  imported: ImportedDraft[];
  rejected: ImportRejection[];
  warnings: ImportResult['warnings'];
}

export interface StoreImportOptions {
  /**
   * A preview: the same work as the real import (duplicates found, structure parsed, rules run),
   * then the transaction is rolled back, so nothing is stored and the report says what would be.
   */
  dryRun?: boolean;
  /** Documents with rule errors are not stored but reported as rejected (import.has-errors). */
  onlyValid?: boolean;
}

/** Thrown inside a preview's transaction to roll it back. */
class RollBack extends Error {}

/**
 * Stores the documents of a parsed file as drafts, all in one transaction (a file is imported
 * whole or not at all). A document imported before (same source key) is reported, not stored
 * twice, so importing a file again adds nothing.
 */
export function storeImport(documents: DocumentService, result: ImportResult, file: string, actor: string, options: StoreImportOptions = {}): ImportReport {
  const report: ImportReport = { file, format: result.format, version: result.version, encoding: result.encoding, imported: [], rejected: result.rejected.map((r) => ({ ...r })), warnings: result.warnings };
  const db = documents.db;
  const now = new Date().toISOString();
  const run = db.transaction(() => {
    const before = documents.lastRowid();
    const seen = new Map<string, string>();
    for (const d of result.documents) {
      const before = seen.get(d.sourceKey) ?? documents.store.idBySourceKey(d.sourceKey);
      if (before) {
        report.rejected.push({ line: d.line, code: 'import.duplicate', params: { id: before, line: d.line } });
        continue;
      }
      let body;
      try {
        body = documents.parse(d.kind, d.content);
      } catch (e) {
        if (!(e instanceof DocumentInvalidError)) throw e;
        report.rejected.push({ line: d.line, code: 'document.invalid', params: { ...e.params, line: d.line } });
        continue;
      }
      const id = randomUUID();
      documents.insert(id, body, { origin: 'import', sourceKey: d.sourceKey, deferIndex: true }, now);
      seen.set(d.sourceKey, id);
      const errors = documents.store.row(id)!.errors;
      if (options.onlyValid && errors > 0) {
        documents.store.deleteDraft(id);
        seen.delete(d.sourceKey);
        report.rejected.push({ line: d.line, code: 'import.has-errors', params: { line: d.line, count: errors } });
        continue;
      }
      report.imported.push({ id, line: d.line, errors, warnings: d.warnings });
    }
    documents.indexSince(before); // one statement for the file's search index, not one per document
    report.rejected.sort((a, b) => a.line - b.line);
    audit(db, { actor, action: 'import', subject: file, details: { format: result.format, imported: report.imported.length, rejected: report.rejected.length } });
    if (options.dryRun) throw new RollBack();
  });
  try {
    run();
  } catch (e) {
    if (!(e instanceof RollBack)) throw e;
  }
  return report;
}
