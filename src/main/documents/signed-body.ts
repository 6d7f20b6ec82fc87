import type { DocumentBody } from '../../shared/bank-api/documents/index.ts';
import { readSignedDocumentFor } from '../../shared/bank-api/documents/signed.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';

/**
 * The body behind signed bytes (the bank's, or our own), through the one strict round trip
 * (readSignedDocumentFor): exactly their canonical form, bound to this document id and, when
 * known, to our company. A document the bank lists under one id but whose bytes name another is
 * never shown, signed or sent.
 */
export function bodyOfCanonical(canonical: Uint8Array, id: string, companyId?: string): DocumentBody {
  const read = readSignedDocumentFor(canonical, { id, companyId });
  if (!read.ok) throw new LocalizedError('signing.canonical-invalid', { id, reason: read.reason, field: read.field });
  return read.body;
}
