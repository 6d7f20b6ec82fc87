/**
 * What is signed: a document body bound to the one document and the one company it is for.
 * The bytes carry the client-made document id and the bank's company id beside kind, version
 * and content, so a signature cannot be replayed under another id or by another company: the
 * bank refuses bytes that name another id than the URL or another company than the caller's.
 *
 *   signedDocumentBytes(binding, body) -> the RFC 8785 bytes that are signed and sent
 *   readSignedDocument(bytes)          -> binding and body back, only if the bytes are exactly canonical
 *   readSignedDocumentFor(bytes, {id}) -> the same, bound to the document (and company) expected
 *   acceptSignedDocument(json, binding) -> the bank's side: the submitted JSON checked, and its bytes
 */
import { z } from 'zod';
import { canonicalBytes, fromUtf8 } from '../../domain/canonical-json.ts';
import { parseDocument, type DocumentBody } from './index.ts';
import { describeIssues, issuesFromZod, type DocumentProblem } from './problems.ts';

/** A document id as the API writes it: a lower-case UUID. */
export const DOCUMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The document and company a signature is for. */
export interface DocumentBinding {
  /** The client-made document id (lower-case UUID), the same as in the URL. */
  id: string;
  /** The bank's id of the company (from the session): the signer signs for this company. */
  companyId: string;
}

export const DocumentBindingSchema = z.object({ id: z.string().regex(DOCUMENT_ID, 'a lower-case UUID'), companyId: z.string().min(1).max(100) }).strict();

/** The JSON that is signed: binding and body side by side. */
export function signedDocumentJson(binding: DocumentBinding, body: DocumentBody): { id: string; companyId: string; kind: string; version: number; content: unknown } {
  return { id: binding.id, companyId: binding.companyId, kind: body.kind, version: body.version, content: body.content };
}

/** The bytes that are signed: RFC 8785 JSON of {id, companyId, kind, version, content}. */
export function signedDocumentBytes(binding: DocumentBinding, body: DocumentBody): Uint8Array {
  return canonicalBytes(signedDocumentJson(binding, body));
}

export type ParsedSignedDocument = { ok: true; binding: DocumentBinding; body: DocumentBody } | { ok: false; problems: DocumentProblem[] };

/** Parses the signed JSON (already decoded): the binding's fields, then the body as parseDocument does. */
export function parseSignedDocument(json: unknown): ParsedSignedDocument {
  const record = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  const { id, companyId, ...rest } = record ?? {};
  const binding = DocumentBindingSchema.safeParse({ id, companyId });
  // not an object: the body's parse names what is wrong with it as a whole
  const body = parseDocument(record ? rest : json);
  const problems = [...(binding.success ? [] : describeIssues(issuesFromZod(binding.error, { id, companyId }))), ...(body.ok ? [] : body.problems)];
  if (!binding.success || !body.ok) return { ok: false, problems };
  return { ok: true, binding: binding.data, body: body.body };
}

export type ReadSignedDocument = { ok: true; binding: DocumentBinding; body: DocumentBody } | { ok: false; reason: 'JSON' | 'schema' | 'canonical'; field: string };

/**
 * The binding and body behind signed bytes, strictly: the bytes must be JSON, fit the schema,
 * and be exactly the canonical form of what they parse to (so what is shown is what was signed,
 * with nothing a renderer could read differently).
 */
export function readSignedDocument(bytes: Uint8Array): ReadSignedDocument {
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(bytes));
  } catch {
    return { ok: false, reason: 'JSON', field: '' };
  }
  const parsed = parseSignedDocument(json);
  if (!parsed.ok) return { ok: false, reason: 'schema', field: parsed.problems[0]?.field ?? '' };
  const again = signedDocumentBytes(parsed.binding, parsed.body);
  if (!sameBytes(again, bytes)) return { ok: false, reason: 'canonical', field: '' };
  return parsed;
}

/** Byte-for-byte equality (a plain loop: a callback per byte cost the client and the bank about 20 µs a document). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export type ReadSignedDocumentFor = ReadSignedDocument | { ok: false; reason: 'binding'; field: 'id' | 'companyId' };

/**
 * The one canonical round trip from signed bytes back to a body, for everything that shows,
 * signs again or sends them (the client's signing, document card and outbox, the bank's
 * checks): strictly canonical, and bound to the document id expected and, when known, the company.
 */
export function readSignedDocumentFor(bytes: Uint8Array, expected: { id: string; companyId?: string | undefined }): ReadSignedDocumentFor {
  const read = readSignedDocument(bytes);
  if (!read.ok) return read;
  if (read.binding.id !== expected.id) return { ok: false, reason: 'binding', field: 'id' };
  if (expected.companyId !== undefined && read.binding.companyId !== expected.companyId) return { ok: false, reason: 'binding', field: 'companyId' };
  return read;
}

export type AcceptedSignedDocument =
  | { ok: true; binding: DocumentBinding; body: DocumentBody; bytes: Uint8Array }
  | { ok: false; reason: 'schema'; problems: DocumentProblem[] }
  | { ok: false; reason: 'binding'; field: 'id' | 'companyId'; named: string };

/**
 * The other direction, for the bank: the signed JSON as submitted, checked against the id it is
 * submitted under and the caller's company, and its canonical bytes (what the signature must cover).
 */
export function acceptSignedDocument(json: unknown, expected: DocumentBinding): AcceptedSignedDocument {
  const parsed = parseSignedDocument(json);
  if (!parsed.ok) return { ok: false, reason: 'schema', problems: parsed.problems };
  if (parsed.binding.id !== expected.id) return { ok: false, reason: 'binding', field: 'id', named: parsed.binding.id };
  if (parsed.binding.companyId !== expected.companyId) return { ok: false, reason: 'binding', field: 'companyId', named: parsed.binding.companyId };
  return { ...parsed, bytes: signedDocumentBytes(parsed.binding, parsed.body) };
}
