import { canonicalize, utf8 } from '../domain/canonical-json.ts';

/**
 * The header that carries the bank's signature of its BIC directory (GET /v1/directory/bic): a
 * detached CMS SignedData (CAdES-BES, base64, one line) by the bank's receipts key, the key that
 * signs receipts and the bank's letters, over `directorySignedBytes` of the answer.
 */
export const DIRECTORY_SIGNATURE_HEADER = 'bank-signature';

/**
 * What the bank signs of its directory: the RFC 8785 JSON of {"kind":"bic-directory",
 * "version":1, "etag": the answer's ETag as sent (quotes included), "sha256": hex SHA-256 of the
 * ED807 bytes of the body}. The bytes by their digest, and the ETag with them: a man in the
 * middle can neither plant other bytes under the bank's ETag (the client would then be answered
 * 304 and keep them) nor give genuine old bytes the current ETag.
 */
export function directorySignedBytes(d: { etag: string; sha256: string }): Uint8Array {
  return utf8(canonicalize({ kind: 'bic-directory', version: 1, etag: d.etag, sha256: d.sha256 }));
}
