import { z } from 'zod';
import { Account, Statement, StatementQuery } from './accounts.ts';
import { Challenge, ChallengeRequest, Session, SessionRequest } from './auth.ts';
import { Contract, EarlyRepaymentQuote, QuoteRequest, Schedule } from './contracts.ts';
import { Enrollment, EnrollmentHolder, EnrollmentHolderRequest, EnrollmentRequest, IssuedCertificate, RenewalChallengeRequest, RenewalRequest, RevocationRequest } from './enrollment.ts';
import { Message, MessageUpdate, NewMessage } from './messages.ts';
import { AddSignature, AwaitingDocument, BatchResults, Changes, ChangesQuery, DocumentState, SubmitDocument, SubmitDocuments } from './documents-api.ts';
import { RecallState, RecallSubmit } from './recall.ts';

/**
 * The bank API, operation by operation: the one source the OpenAPI document is generated from
 * and that the sandbox's routes are checked against. Paths use {param} as OpenAPI does.
 */
export interface Operation {
  id: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  /** none: open; session: a bearer session token. */
  auth: 'none' | 'session';
  body?: z.ZodType;
  query?: z.ZodType;
  /** headers: the success answer's own headers, by name, with what they carry. */
  response: { status: number; schema?: z.ZodType; mediaType?: string; headers?: Record<string, string> };
  /** The answer carries a strong ETag; a request with If-None-Match naming it is answered 304 without a body. */
  conditional?: boolean;
}

const Me = z.object({ id: z.string(), name: z.string(), role: z.string(), company: z.object({ id: z.string(), name: z.string(), inn: z.string(), kpp: z.string().optional() }) });

export const OPERATIONS: Operation[] = [
  { id: 'enrol', method: 'post', path: '/v1/enrollments', summary: 'Submit a CSR with the one-time enrolment code; the TOTP secret is in this answer only', auth: 'none', body: EnrollmentRequest, response: { status: 201, schema: Enrollment } },
  { id: 'enrolmentHolder', method: 'post', path: '/v1/enrollments/holder', summary: "Whose enrolment code this is (full name, position, role, company): the code is not used up; the CSR's CN must be this name", auth: 'none', body: EnrollmentHolderRequest, response: { status: 200, schema: EnrollmentHolder } },
  { id: 'getEnrolment', method: 'get', path: '/v1/enrollments/{id}', summary: 'Enrolment status; the certificate and chain once approved', auth: 'none', response: { status: 200, schema: Enrollment } },
  { id: 'renewalChallenge', method: 'post', path: '/v1/certificates/renewal-challenges', summary: 'Renewal step 1: a one-time nonce for the current certificate, within a session logged in with it', auth: 'session', body: RenewalChallengeRequest, response: { status: 201, schema: Challenge } },
  { id: 'renew', method: 'post', path: '/v1/certificates/renewals', summary: 'Renewal step 2: a CSR for the same subject, signed (CMS over renewalSignedJson) by the current valid key; issued at once, the old certificate superseded when the new one is first used', auth: 'session', body: RenewalRequest, response: { status: 201, schema: IssuedCertificate } },
  { id: 'revoke', method: 'post', path: '/v1/certificates/{serial}/revocation', summary: 'Revoke one of your certificates', auth: 'session', body: RevocationRequest, response: { status: 204 } },
  { id: 'caCertificate', method: 'get', path: '/v1/ca/certificate', summary: "The bank CA's certificate (PEM)", auth: 'none', response: { status: 200, mediaType: 'application/x-pem-file' } },
  { id: 'receiptsCertificate', method: 'get', path: '/v1/ca/receipts-certificate', summary: 'The certificate of the key that signs receipts (PEM): issued by the bank CA, not a CA itself, and without the clientAuth extended key usage the certificates of customers carry (clients refuse to pin one that has it)', auth: 'none', response: { status: 200, mediaType: 'application/x-pem-file' } },
  { id: 'bicDirectory', method: 'get', path: '/v1/directory/bic', summary: "The BIC directory of the banks payments may go to, in the Bank of Russia's ED807 format (XML, urn:cbr-ru:ed:v2.0, a full directory: InfoTypeCode FIRR); a strong ETag, and If-None-Match answered 304 Not Modified while it has not changed. Signed by the bank's receipts key (the key and certificate that sign receipts and the bank's letters): the Bank-Signature header; a client stores the directory only when it verifies against the receipts certificate it pinned, and sends If-None-Match only with the ETag of a directory it verified", auth: 'none', conditional: true, response: { status: 200, mediaType: 'application/xml', headers: { 'Bank-Signature': 'A detached CMS SignedData (CAdES-BES, base64, one line) by the receipts key over the UTF-8 bytes of the RFC 8785 JSON {"kind":"bic-directory","version":1,"etag":<this answer\'s ETag, quotes included>,"sha256":<hex SHA-256 of the body\'s bytes>} (directorySignedBytes): the bytes and their ETag bound together, so neither other bytes under this ETag nor an older directory under it are taken' } } },
  { id: 'crl', method: 'get', path: '/v1/ca/crl', summary: "The CA's current certificate revocation list (DER)", auth: 'none', response: { status: 200, mediaType: 'application/pkix-crl' } },
  { id: 'challenge', method: 'post', path: '/v1/auth/challenges', summary: 'Login step 1: a nonce to sign with the token', auth: 'none', body: ChallengeRequest, response: { status: 201, schema: Challenge } },
  { id: 'session', method: 'post', path: '/v1/auth/sessions', summary: 'Login step 2: the CMS signature of the nonce and the one-time code', auth: 'none', body: SessionRequest, response: { status: 201, schema: Session } },
  { id: 'endSession', method: 'delete', path: '/v1/auth/session', summary: 'Log out: the bearer session ends on the bank', auth: 'session', response: { status: 204 } },
  { id: 'submitDocument', method: 'put', path: '/v1/documents/{id}', summary: 'Submit a signed document under its client-made UUID (idempotent; other bytes under the id: document-conflict; ids are per company)', auth: 'session', body: SubmitDocument, response: { status: 201, schema: DocumentState } },
  { id: 'submitDocuments', method: 'post', path: '/v1/documents/batch', summary: 'Submit up to 256 signed documents in one request (body at most 8 MiB; more: 413 payload-too-large), each {id, document, signature} as PUT /v1/documents/{id} takes it, every id at most once (else 400 malformed-request naming both places); a body not of that shape (no documents, an item with other fields or without its signature) is 400 malformed-request naming the field, nothing stored. Against the rate limit it counts as the documents it carries (429 rate-limited, nothing stored); an item is answered 429 rate-limited unchecked when the signatures its company sent made the bank examine too many candidate issuers lately (320 at once, 100 a second; to send again later). Each gets its own result in the order sent, its id echoed: 201 stored, 200 the same bytes already held (with the state), or its problem. Each is decided and idempotent on its own (a refused one leaves nothing, the others stand), and all are answered only after the commit that holds them', auth: 'session', body: SubmitDocuments, response: { status: 200, schema: BatchResults } },
  { id: 'document', method: 'get', path: '/v1/documents/{id}', summary: "A document's status, signers and missing signatures", auth: 'session', response: { status: 200, schema: DocumentState } },
  { id: 'addSignature', method: 'post', path: '/v1/documents/{id}/signatures', summary: 'Add a signer (the SignedData with one more signer over the same canonical bytes)', auth: 'session', body: AddSignature, response: { status: 200, schema: DocumentState } },
  { id: 'recallDocument', method: 'post', path: '/v1/documents/{id}/recall', summary: "Recall a sent document not yet executed: the request {documentId, documentDigest (SHA-256 of the document's signed bytes), reason, requestedAt} signed (detached CMS over its canonical JSON) by a person of the company with the right to sign; decided at once: accepted, and the document recalled with a signed receipt in the changes feed, or recall-too-late (409) when it is executed, rejected or recalled already. The same signed request again answers the same", auth: 'session', body: RecallSubmit, response: { status: 200, schema: RecallState } },
  { id: 'awaitingSignature', method: 'get', path: '/v1/documents/awaiting-signature', summary: 'Documents waiting for a signature the caller can give, with their canonical bytes', auth: 'session', response: { status: 200, schema: z.array(AwaitingDocument) } },
  { id: 'changes', method: 'get', path: '/v1/changes', summary: "Every status change since the cursor, each with the bank's signed receipt", auth: 'session', query: ChangesQuery, response: { status: 200, schema: Changes } },
  { id: 'me', method: 'get', path: '/v1/me', summary: 'Who the session belongs to', auth: 'session', response: { status: 200, schema: Me } },
  { id: 'accounts', method: 'get', path: '/v1/accounts', summary: "The company's accounts and balances", auth: 'session', response: { status: 200, schema: z.array(Account) } },
  { id: 'statement', method: 'get', path: '/v1/accounts/{id}/statement', summary: 'The statement of an account for a period', auth: 'session', query: StatementQuery, response: { status: 200, schema: Statement } },
  { id: 'contracts', method: 'get', path: '/v1/contracts', summary: 'Loan and leasing contracts with the next payment', auth: 'session', response: { status: 200, schema: z.array(Contract) } },
  { id: 'contract', method: 'get', path: '/v1/contracts/{id}', summary: 'One contract', auth: 'session', response: { status: 200, schema: Contract } },
  { id: 'schedule', method: 'get', path: '/v1/contracts/{id}/schedule', summary: "A contract's payment schedule", auth: 'session', response: { status: 200, schema: Schedule } },
  { id: 'earlyRepaymentQuote', method: 'post', path: '/v1/contracts/{id}/early-repayment-quote', summary: 'The payoff amount as of a date', auth: 'session', body: QuoteRequest, response: { status: 200, schema: EarlyRepaymentQuote } },
  { id: 'messages', method: 'get', path: '/v1/messages', summary: "Messages with the bank, newest first, each with its signature (ours: the person's; the bank's: its receipts key)", auth: 'session', response: { status: 200, schema: z.array(Message) } },
  { id: 'sendMessage', method: 'post', path: '/v1/messages', summary: "Write to the bank, with attachments: signed like a document by a person of the company (signature: a detached CMS over letterSignedBytes of the letter, the attachments bound by SHA-256). The bank checks it as it checks a document's signer (the path to the bank CA, the certificate issued by the bank and valid now, not revoked, the signer of the caller's company, the signing time); a letter without a signature is refused as malformed-request, a failing one as signature-invalid (422, naming what failed), a signature value sent before as signature-replayed; nothing of a refused letter is kept. Letters from the bank carry the bank's signature by its receipts key over the same bytes with their id and sentAt added (version 2), so neither can be changed in transit", auth: 'session', body: NewMessage, response: { status: 201, schema: Message } },
  { id: 'message', method: 'get', path: '/v1/messages/{id}', summary: 'One message', auth: 'session', response: { status: 200, schema: Message } },
  { id: 'markMessage', method: 'patch', path: '/v1/messages/{id}', summary: 'Mark read or unread', auth: 'session', body: MessageUpdate, response: { status: 200, schema: Message } },
  { id: 'attachment', method: 'get', path: '/v1/messages/{id}/attachments/{aid}', summary: "An attachment's content", auth: 'session', response: { status: 200, mediaType: 'application/octet-stream' } },
];
