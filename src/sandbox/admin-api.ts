import type { FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Role } from '../shared/bank-api/auth.ts';
import { Enrollment } from '../shared/bank-api/enrollment.ts';
import { Message, NewBankLetter } from '../shared/bank-api/messages.ts';
import { openApiPaths, problemSchema } from '../shared/bank-api/openapi.ts';
import type { Operation } from '../shared/bank-api/routes.ts';
import type { BankClock } from './clock.ts';
import type { Documents } from './documents.ts';
import { ApiProblem, parseBody } from './http.ts';
import type { Identity } from './identity.ts';
import type { Mailbox } from './mailbox.ts';
import type { Portfolio } from './portfolio.ts';
import { getSetting, sql, type Db } from './store.ts';

/**
 * The bank officer's API of the sandbox: its own port and its own secret (the file `admin-secret`
 * in the data folder, sent as `Authorization: Bearer <secret>`), never reachable with a client
 * session. ADMIN_OPERATIONS is the one source of its OpenAPI document (docs/sandbox-officer.openapi.yaml,
 * `npm run openapi`) and is checked against the routes registered here.
 */

export const AdminCompany = z.object({ name: z.string().min(1), inn: z.string(), kpp: z.string().optional(), ogrn: z.string() }).strict();
export const AdminUser = z.object({ companyId: z.string(), name: z.string().min(1).max(200), position: z.string().min(1).max(200).optional().describe('job title, e.g. Генеральный директор'), role: Role, limit: z.number().int().positive().optional() }).strict();
export const AdminAccount = z.object({ balance: z.number().int().nonnegative() }).strict();
export const AdminDecision = z
  .object({ approve: z.boolean().describe('true: issue the certificate; false: refuse the enrolment'), reason: z.string().max(500).optional().describe('shown to the client when refused') })
  .strict();
export const AdminClockMove = z.object({ seconds: z.number().positive().max(10 * 365 * 86_400).describe('how far to move the bank clock forward') }).strict();
export const AdminClockSet = z
  .object({ offsetSeconds: z.number().nonnegative().max(10 * 365 * 86_400).describe('the bank clock as real time plus this; 0 puts it back to real time') })
  .strict();
export const AdminClock = z.object({ now: z.string().describe("the bank's time (ISO 8601)"), offsetSeconds: z.number().describe('how far ahead of real time it is') });
export const EnrolmentCode = z.object({ name: z.string(), role: Role, code: z.string(), used: z.boolean().describe('an enrolment was submitted with it') });
export const PendingEnrolment = z.object({ id: z.string(), name: z.string(), role: Role, company: z.string(), submittedAt: z.string() });

export const ADMIN_OPERATIONS: Operation[] = [
  { id: 'createCompany', method: 'post', path: '/admin/companies', summary: 'Add a company (a customer of the bank)', auth: 'session', body: AdminCompany, response: { status: 201, schema: z.object({ companyId: z.string() }) } },
  { id: 'createUser', method: 'post', path: '/admin/users', summary: "Add a person of a company with a role (and limit); the answer carries their one-time enrolment code, shown only here", auth: 'session', body: AdminUser, response: { status: 201, schema: z.object({ userId: z.string(), enrolmentCode: z.string() }) } },
  { id: 'openAccount', method: 'post', path: '/admin/companies/{companyId}/accounts', summary: 'Open an account (RUB, at the sandbox bank, BIC 044525225) with an opening balance in kopecks', auth: 'session', body: AdminAccount, response: { status: 201, schema: z.object({ accountId: z.string(), number: z.string() }) } },
  { id: 'enrolmentCodes', method: 'get', path: '/admin/enrolment-codes', summary: "The one-time enrolment codes of the demo company's people seeded on first start (users added later get theirs in createUser's answer)", auth: 'session', response: { status: 200, schema: z.array(EnrolmentCode) } },
  { id: 'pendingEnrolments', method: 'get', path: '/admin/enrollments', summary: "Enrolments submitted and waiting for the officer's decision", auth: 'session', response: { status: 200, schema: z.array(PendingEnrolment) } },
  { id: 'decideEnrolment', method: 'post', path: '/admin/enrollments/{id}/decision', summary: 'Approve (the certificate is issued) or refuse a pending enrolment; {id} is the enrollmentId `bankclient enroll` prints', auth: 'session', body: AdminDecision, response: { status: 200, schema: Enrollment } },
  { id: 'revokeCertificate', method: 'post', path: '/admin/certificates/{serial}/revocation', summary: 'Revoke a certificate (hex serial, lower case); the CRL lists it at once', auth: 'session', response: { status: 204 } },
  { id: 'getClock', method: 'get', path: '/admin/clock', summary: "The bank's simulated clock: document statuses, sessions and certificate validity follow it; one-time codes follow real time", auth: 'session', response: { status: 200, schema: AdminClock } },
  { id: 'moveClock', method: 'post', path: '/admin/clock', summary: "Move the bank's clock forward by `seconds`, as if the time had passed (statuses are processed minute by minute: a payment with every signature is delivered, accepted 1 minute later and executed 4 minutes after that)", auth: 'session', body: AdminClockMove, response: { status: 200, schema: AdminClock } },
  { id: 'setClock', method: 'put', path: '/admin/clock', summary: "Set the bank's clock to real time plus `offsetSeconds` (0: back to real time; what was processed stays)", auth: 'session', body: AdminClockSet, response: { status: 200, schema: AdminClock } },
  { id: 'sendMessage', method: 'post', path: '/admin/companies/{companyId}/messages', summary: "A letter from the bank to a company, signed by the bank with its receipts key when it is sent (the client verifies it against the receipts certificate it pinned)", auth: 'session', body: NewBankLetter, response: { status: 201, schema: Message } },
];

/** The OpenAPI 3.1 document of the officer's API, generated from ADMIN_OPERATIONS. */
export function adminOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sandbox bank officer API',
      version: '1',
      description:
        "The sandbox bank's officer side (not part of the bank API a client uses): approve or refuse enrolments, revoke certificates, move the bank's clock, add companies, people, accounts and letters. It listens on its own port (adminUrl in the sandbox's start line, also in DATA_DIR/sandbox.json) and every call needs `Authorization: Bearer <the content of DATA_DIR/admin-secret>`. `npm run sandbox-officer` calls it for you. Generated from src/sandbox/admin-api.ts; do not edit by hand (npm run openapi).",
    },
    servers: [{ url: 'http://127.0.0.1:8444', description: 'the sandbox started with --admin-port 8444' }],
    components: { securitySchemes: { officer: { type: 'http', scheme: 'bearer', description: 'the admin secret (DATA_DIR/admin-secret)' } }, schemas: { Problem: problemSchema() } },
    paths: openApiPaths(ADMIN_OPERATIONS, 'officer'),
  };
}

/** The codes seeded for the demo company's people, and whether each was used already. */
export function seededEnrolmentCodes(db: Db): z.infer<typeof EnrolmentCode>[] {
  const seeded = JSON.parse(getSetting(db, 'demo.enrolment_codes') ?? '[]') as { name: string; role: z.infer<typeof Role>; code: string }[];
  return seeded.map((p) => {
    const row = sql(db, 'SELECT status FROM enrollments WHERE code_hash = ?').get(createHash('sha256').update(p.code).digest('hex')) as { status: string } | undefined;
    return { ...p, used: row !== undefined && row.status !== 'unused' };
  });
}

export interface AdminParts {
  db: Db;
  identity: Identity;
  clock: BankClock;
  mailbox: Mailbox;
  documents: Documents;
  portfolio: Portfolio;
}

export function adminApi(app: FastifyInstance, secret: string, { db, identity, clock, mailbox, documents, portfolio }: AdminParts): void {
  const expected = Buffer.from(`Bearer ${secret}`);
  app.addHook('onRequest', async (req) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ApiProblem('unauthenticated', 'the admin secret is required: Authorization: Bearer <content of DATA_DIR/admin-secret>');
  });
  const clockState = () => ({ now: clock.now().toISOString(), offsetSeconds: clock.offsetSeconds() });
  app.post('/admin/companies', async (req, reply) => reply.code(201).send({ companyId: identity.createCompany(parseBody(AdminCompany, req.body)) }));
  app.post('/admin/users', async (req, reply) => reply.code(201).send(identity.createUser(parseBody(AdminUser, req.body))));
  app.post<{ Params: { companyId: string } }>('/admin/companies/:companyId/accounts', async (req, reply) => {
    identity.requireCompany(req.params.companyId);
    const number = portfolio.newAccountNumber();
    const accountId = portfolio.openAccount(req.params.companyId, number, parseBody(AdminAccount, req.body).balance, clock.now().toISOString().slice(0, 10));
    return reply.code(201).send({ accountId, number });
  });
  app.get('/admin/enrolment-codes', async () => seededEnrolmentCodes(db));
  app.get('/admin/enrollments', async () =>
    (
      sql(db, "SELECT e.id, u.name, u.role, c.name AS company, e.used_at FROM enrollments e JOIN users u ON u.id = e.user_id JOIN companies c ON c.id = u.company_id WHERE e.status = 'pending' ORDER BY e.used_at").all() as {
        id: string;
        name: string;
        role: z.infer<typeof Role>;
        company: string;
        used_at: string;
      }[]
    ).map((r) => ({ id: r.id, name: r.name, role: r.role, company: r.company, submittedAt: r.used_at })),
  );
  app.post<{ Params: { id: string } }>('/admin/enrollments/:id/decision', async (req) => {
    const body = parseBody(AdminDecision, req.body);
    return identity.decide(req.params.id, body.approve, body.reason);
  });
  app.post<{ Params: { serial: string } }>('/admin/certificates/:serial/revocation', async (req, reply) => {
    identity.revoke(req.params.serial, 'revoked by the bank');
    return reply.code(204).send();
  });
  app.get('/admin/clock', async () => clockState());
  app.post('/admin/clock', async (req) => {
    // as if the time had passed: in steps, each step's due statuses processed, so one move of
    // ten minutes takes a payment from delivered through accepted to executed
    const seconds = parseBody(AdminClockMove, req.body).seconds;
    const step = Math.max(60, seconds / 1440);
    for (let left = seconds; left > 0; left -= step) {
      clock.advance(Math.min(step, left));
      await documents.process();
    }
    return clockState();
  });
  app.put('/admin/clock', async (req) => {
    clock.setOffset(parseBody(AdminClockSet, req.body).offsetSeconds);
    await documents.process();
    return clockState();
  });
  app.post<{ Params: { companyId: string } }>('/admin/companies/:companyId/messages', { bodyLimit: 8 * 1024 * 1024 }, async (req, reply) => {
    identity.requireCompany(req.params.companyId);
    return reply.code(201).send(mailbox.send(req.params.companyId, parseBody(NewBankLetter, req.body)));
  });
}
