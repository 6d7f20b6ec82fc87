import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChallengeRequest, SessionRequest } from '../shared/bank-api/auth.ts';
import { EnrollmentHolderRequest, EnrollmentRequest, RenewalChallengeRequest, RenewalRequest, RevocationRequest } from '../shared/bank-api/enrollment.ts';
import { BankCa } from './ca.ts';
import { BankClock, OtpClock } from './clock.ts';
import { adminApi } from './admin-api.ts';
import { ApiProblem, clientErrorHandler, installProblemHandler, parseBody, problemBody } from './http.ts';
import { Identity } from './identity.ts';
import { seedDemo } from './seed.ts';
import { installRateLimit, type RateCharge, type RateLimit } from './rate-limit.ts';
import { Portfolio } from './portfolio.ts';
import { Mailbox } from './mailbox.ts';
import { StatementQuery } from '../shared/bank-api/accounts.ts';
import { QuoteRequest } from '../shared/bank-api/contracts.ts';
import { MessageUpdate, NewMessage } from '../shared/bank-api/messages.ts';
import { AddSignature, ChangesQuery, DOCUMENT_BATCH_BODY_LIMIT, DOCUMENT_BATCH_MAX, SubmitDocument, SubmitDocuments, type BatchResult } from '../shared/bank-api/documents-api.ts';
import { RecallSubmit } from '../shared/bank-api/recall.ts';
import { Documents } from './documents.ts';
import { DOCUMENT_ID } from '../shared/bank-api/documents/signed.ts';
import { openStore, type Db } from './store.ts';
import { noneMatch, SANDBOX_BANKS, SANDBOX_DIRECTORY_META, SandboxDirectory } from './bic-directory.ts';
import { DIRECTORY_SIGNATURE_HEADER } from '../shared/bank-api/directory-signature.ts';
import { CmsSigner } from '../crypto/cms/signer.ts';
import { softwareSource } from '../crypto/cms/signature-source.ts';
import { certificateParts, derOf } from '../crypto/x509/certificate.ts';

/** Request bodies above this are refused with payload-too-large before they are parsed. */
export const BODY_LIMIT = 256 * 1024;

export interface SandboxOptions {
  dataDir: string;
  port?: number;
  adminPort?: number;
  bankName?: string;
  /**
   * The CA's key algorithm for a new data folder: ec-p256 (default), gost2012-256[:set] or
   * gost2012-512[:set] (see ca.ts). A folder with keys keeps its algorithm; naming another fails.
   */
  caAlgorithm?: string;
  /** Per-client request limit; generous by default so that bulk sync is not throttled. */
  rateLimit?: RateLimit;
}

/** Messages carry attachments (base64): their route takes bodies up to this size. */
export const MESSAGE_BODY_LIMIT = 8 * 1024 * 1024;

export interface RunningSandbox {
  url: string;
  adminUrl: string;
  adminSecret: string;
  db: Db;
  identity: Identity;
  portfolio: Portfolio;
  mailbox: Mailbox;
  documents: Documents;
  /** The client API's routes as registered ("GET /v1/accounts/{id}/statement"), to check against the contract. */
  routes: string[];
  /** The officer API's routes as registered, to check against ADMIN_OPERATIONS (its OpenAPI). */
  adminRoutes: string[];
  clock: BankClock;
  /** Real time, which one-time codes are checked against; an in-process test may step it (clock.ts). */
  otpClock: OtpClock;
  ca: BankCa;
  /** The BIC directory the bank publishes (GET /v1/directory/bic); tests publish another to see clients update. */
  directory: SandboxDirectory;
  close(): Promise<void>;
}


/** The client-facing API under /v1. */
function clientApi(app: FastifyInstance, identity: Identity, ca: BankCa, portfolio: Portfolio, mailbox: Mailbox, documents: Documents, directory: SandboxDirectory, charge: RateCharge): void {
  // the bank's clock moves statuses along; every document request first catches up with it
  const caller = async (authorization: string | undefined) => {
    const c = identity.authenticate(authorization);
    await documents.process();
    return c;
  };
  app.put<{ Params: { id: string } }>('/v1/documents/:id', async (req, reply) => {
    if (!DOCUMENT_ID.test(req.params.id)) throw new ApiProblem('malformed-request', 'the document id must be a lower-case UUID');
    const c = await caller(req.headers.authorization);
    const body = parseBody(SubmitDocument, req.body);
    const r = await documents.submit(c, req.params.id, body.document, body.signature);
    return reply.code(r.created ? 201 : 200).send(r.state);
  });
  // the session is checked before up to 8 MiB of body is read and parsed: no one without one makes the bank do that work
  const sessionFirst = async (req: { headers: { authorization?: string } }) => void identity.authenticate(req.headers.authorization);
  app.post('/v1/documents/batch', { bodyLimit: DOCUMENT_BATCH_BODY_LIMIT, onRequest: sessionFirst }, async (req, reply) => {
    const c = await caller(req.headers.authorization);
    // counted before the schema reads every item
    const count = (req.body as { documents?: unknown } | null)?.documents;
    if (Array.isArray(count) && count.length > DOCUMENT_BATCH_MAX) throw new ApiProblem('payload-too-large', `the batch holds ${count.length} documents; at most ${DOCUMENT_BATCH_MAX} go in one request`);
    // the rate limit counts documents, as if each came in its own PUT: a batch does not multiply it
    if (Array.isArray(count)) charge(req, reply, count.length - 1);
    const items = parseBody(SubmitDocuments, req.body).documents;
    const first = new Map<string, number>();
    items.forEach((d, i) => {
      const j = first.get(d.id);
      if (j !== undefined) throw new ApiProblem('malformed-request', `documents[${i}] repeats the id ${d.id} of documents[${j}]; each document goes in a batch once`);
      first.set(d.id, i);
    });
    const wellFormed = items.filter((d) => DOCUMENT_ID.test(d.id));
    const settled = await documents.submitMany(c, wellFormed);
    let k = 0;
    const results: BatchResult[] = items.map((d, i) => {
      if (!DOCUMENT_ID.test(d.id)) return itemProblem(d.id, new ApiProblem('malformed-request', `documents[${i}].id must be a lower-case UUID`), req.log);
      const r = settled[k++]!;
      return r.status === 'fulfilled' ? { id: d.id, status: r.value.created ? 201 : 200, state: r.value.state } : itemProblem(d.id, r.reason, req.log);
    });
    return { results };
  });
  app.get('/v1/documents/awaiting-signature', async (req) => documents.awaiting(await caller(req.headers.authorization)));
  app.get<{ Params: { id: string } }>('/v1/documents/:id', async (req) => documents.state((await caller(req.headers.authorization)).company.id, req.params.id));
  app.post<{ Params: { id: string } }>('/v1/documents/:id/signatures', async (req) => {
    const c = await caller(req.headers.authorization);
    return documents.addSignature(c, req.params.id, parseBody(AddSignature, req.body).signature);
  });
  app.post<{ Params: { id: string } }>('/v1/documents/:id/recall', async (req) => {
    if (!DOCUMENT_ID.test(req.params.id)) throw new ApiProblem('malformed-request', 'the document id must be a lower-case UUID');
    const c = await caller(req.headers.authorization);
    const body = parseBody(RecallSubmit, req.body);
    return documents.recall(c, req.params.id, body.request, body.signature);
  });
  app.get('/v1/changes', async (req) => {
    const c = await caller(req.headers.authorization);
    const q = parseBody(ChangesQuery, req.query);
    return documents.changes(c, q.cursor, q.limit);
  });
  app.post('/v1/enrollments', async (req, reply) => {
    const body = parseBody(EnrollmentRequest, req.body);
    return reply.code(201).send(await identity.enroll(body.enrolmentCode, body.csr));
  });
  // unauthenticated like the enrolment itself (and rate-limited by address with every route);
  // the code is 72 random bits, so asking cannot find codes by guessing
  app.post('/v1/enrollments/holder', async (req) => identity.holder(parseBody(EnrollmentHolderRequest, req.body).enrolmentCode));
  app.get<{ Params: { id: string } }>('/v1/enrollments/:id', async (req) => identity.enrollment(req.params.id));
  app.post('/v1/certificates/renewal-challenges', async (req, reply) => {
    const caller = identity.authenticate(req.headers.authorization);
    const body = parseBody(RenewalChallengeRequest, req.body);
    return reply.code(201).send(identity.challenge(body.certificateSerial, 'renewal', caller));
  });
  app.post('/v1/certificates/renewals', async (req, reply) => {
    const caller = identity.authenticate(req.headers.authorization);
    const body = parseBody(RenewalRequest, req.body);
    const cert = await identity.renew(caller, body.challengeId, body.csr, body.signature);
    return reply.code(201).send({
      certificate: cert.toString('pem'),
      chain: [ca.certificate.toString('pem')],
      serialNumber: cert.serialNumber.toLowerCase(),
      notAfter: cert.notAfter.toISOString(),
    });
  });
  app.post<{ Params: { serial: string } }>('/v1/certificates/:serial/revocation', async (req, reply) => {
    const caller = identity.authenticate(req.headers.authorization);
    const body = parseBody(RevocationRequest, req.body);
    identity.revoke(req.params.serial, body.reason, caller);
    return reply.code(204).send();
  });
  app.get('/v1/ca/certificate', async (_req, reply) => reply.type('application/x-pem-file').send(ca.certificate.toString('pem')));
  app.get('/v1/ca/receipts-certificate', async (_req, reply) => reply.type('application/x-pem-file').send(ca.receipts.cert.toString('pem')));
  app.get('/v1/directory/bic', async (req, reply) => {
    const etag = directory.etag;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (noneMatch(req.headers['if-none-match'], etag)) return reply.code(304).send();
    const signature = directory.signature;
    if (signature) reply.header(DIRECTORY_SIGNATURE_HEADER, signature.toString('base64'));
    return reply.type('application/xml; charset=utf-8').send(directory.body);
  });
  app.get('/v1/ca/crl', async (_req, reply) => reply.type('application/pkix-crl').send(Buffer.from((await ca.crl()).rawData)));
  app.post('/v1/auth/challenges', async (req, reply) => {
    const body = parseBody(ChallengeRequest, req.body);
    return reply.code(201).send(identity.challenge(body.certificateSerial));
  });
  app.post('/v1/auth/sessions', async (req, reply) => {
    const body = parseBody(SessionRequest, req.body);
    return reply.code(201).send(await identity.session(body.challengeId, body.signature, body.totp));
  });
  app.delete('/v1/auth/session', async (req, reply) => {
    identity.endSession(req.headers.authorization);
    return reply.code(204).send();
  });
  app.get('/v1/accounts', async (req) => portfolio.accounts(identity.authenticate(req.headers.authorization).company.id));
  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/v1/accounts/:id/statement', async (req) => {
    const caller = identity.authenticate(req.headers.authorization);
    const q = parseBody(StatementQuery, req.query);
    return portfolio.statement(caller.company.id, req.params.id, q.from, q.to);
  });
  app.get('/v1/contracts', async (req) => portfolio.contracts(identity.authenticate(req.headers.authorization).company.id));
  app.get<{ Params: { id: string } }>('/v1/contracts/:id', async (req) => portfolio.contract(identity.authenticate(req.headers.authorization).company.id, req.params.id));
  app.get<{ Params: { id: string } }>('/v1/contracts/:id/schedule', async (req) =>
    portfolio.schedule(identity.authenticate(req.headers.authorization).company.id, req.params.id),
  );
  app.post<{ Params: { id: string } }>('/v1/contracts/:id/early-repayment-quote', async (req) => {
    const caller = identity.authenticate(req.headers.authorization);
    const q = parseBody(QuoteRequest, req.body);
    return portfolio.quote(caller.company.id, req.params.id, q.date, q.amount !== undefined && q.recalculation ? { amount: q.amount, recalculation: q.recalculation } : undefined);
  });
  app.get('/v1/messages', async (req) => mailbox.list(identity.authenticate(req.headers.authorization).company.id));
  app.post('/v1/messages', { bodyLimit: MESSAGE_BODY_LIMIT }, async (req, reply) => {
    const caller = identity.authenticate(req.headers.authorization);
    return reply.code(201).send(await mailbox.receive(caller, parseBody(NewMessage, req.body)));
  });
  app.get<{ Params: { id: string } }>('/v1/messages/:id', async (req) => mailbox.get(identity.authenticate(req.headers.authorization).company.id, req.params.id));
  app.patch<{ Params: { id: string } }>('/v1/messages/:id', async (req) => {
    const caller = identity.authenticate(req.headers.authorization);
    return mailbox.markRead(caller.company.id, req.params.id, parseBody(MessageUpdate, req.body).read);
  });
  app.get<{ Params: { id: string; aid: string } }>('/v1/messages/:id/attachments/:aid', async (req, reply) => {
    const a = mailbox.attachment(identity.authenticate(req.headers.authorization).company.id, req.params.id, req.params.aid);
    return reply
      .type(a.mediaType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`)
      .header('x-content-type-options', 'nosniff')
      .send(a.content);
  });
  app.get('/v1/me', async (req) => {
    const caller = identity.authenticate(req.headers.authorization);
    return { id: caller.user.id, name: caller.user.name, role: caller.user.role, company: { id: caller.company.id, name: caller.company.name, inn: caller.company.inn, ...(caller.company.kpp ? { kpp: caller.company.kpp } : {}) } };
  });
}

function adminSecretIn(dataDir: string): string {
  const file = join(dataDir, 'admin-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Starts the sandbox bank on 127.0.0.1: the client API and, on another port, the admin API. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openStore(options.dataDir);
  const clock = new BankClock(db);
  const ca = await BankCa.open(db, options.dataDir, clock, options.bankName ?? 'Sandbox Bank', options.caAlgorithm === undefined ? {} : { algorithm: options.caAlgorithm });
  const otpClock = new OtpClock();
  const identity = new Identity(db, clock, ca, otpClock);
  const portfolio = new Portfolio(db, clock);
  // the directory is signed by the receipts key, as receipts and the bank's letters are
  const receiptsSigner = new CmsSigner(softwareSource(ca.receipts.signingKey), certificateParts(derOf(ca.receipts.cert)));
  const directory = new SandboxDirectory(SANDBOX_BANKS, SANDBOX_DIRECTORY_META, (bytes) => receiptsSigner.signSync(bytes, { signingTime: clock.now() }));
  const documents = new Documents(db, clock, ca, identity, portfolio, () => directory.facts);
  const mailbox = new Mailbox(db, clock, ca, (caller, bytes, cms) => documents.checkLetterSigner(caller, bytes, cms));
  mailbox.signOwnLetters(); // the bank's letters kept from before letters were signed
  seedDemo(db, { identity, portfolio, mailbox, clock });
  await documents.signReceipts(); // receipts of changes a crash left unsigned
  const adminSecret = adminSecretIn(options.dataDir);

  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: false, forceCloseConnections: true, clientErrorHandler });
  const routes: string[] = [];
  const adminRoutes: string[] = [];
  const recordRoutes = (into: string[]) => (r: { method: string | string[]; url: string }) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') into.push(`${m} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
  };
  app.addHook('onRoute', recordRoutes(routes));
  installProblemHandler(app);
  const charge = installRateLimit(app, options.rateLimit ?? { burst: 5000, perSecond: 5000 });
  clientApi(app, identity, ca, portfolio, mailbox, documents, directory, charge);
  const admin = Fastify({ bodyLimit: BODY_LIMIT, logger: false, forceCloseConnections: true, clientErrorHandler });
  admin.addHook('onRoute', recordRoutes(adminRoutes));
  installProblemHandler(admin);
  adminApi(admin, adminSecret, { db, identity, clock, mailbox, documents, portfolio });

  const url = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const adminUrl = await admin.listen({ host: '127.0.0.1', port: options.adminPort ?? 0 });
  return {
    url,
    adminUrl,
    adminSecret,
    db,
    identity,
    portfolio,
    mailbox,
    documents,
    routes,
    adminRoutes,
    clock,
    otpClock,
    ca,
    directory,
    async close() {
      await Promise.all([app.close(), admin.close()]);
      db.close();
    },
  };
}

/** One batch item's refusal as the problem its own PUT would have answered; anything unexpected is internal, without internals. */
function itemProblem(id: string, e: unknown, log: { error: (o: unknown) => void }): BatchResult {
  if (e instanceof ApiProblem) {
    const problem = problemBody(e.code, e.detail, e.errors);
    return { id, status: problem.status, problem };
  }
  log.error(e);
  const problem = problemBody('internal');
  return { id, status: problem.status, problem };
}
