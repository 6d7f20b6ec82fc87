import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Duplex } from 'node:stream';
import type { z } from 'zod';
import { PROBLEM_STATUS, PROBLEM_TYPE_BASE, type Problem, type ProblemCode } from '../shared/bank-api/problem.ts';

/** A refusal the API answers as problem+json. Thrown anywhere in a handler. */
export class ApiProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: Problem['errors'],
  ) {
    super(detail ?? code);
  }
}

const TITLES: Record<ProblemCode, string> = {
  'malformed-request': 'The request is malformed',
  'validation-failed': 'The request failed validation',
  'payload-too-large': 'The request body is too large',
  'headers-too-large': 'The request line or headers are too large',
  unauthenticated: 'No valid session',
  'session-expired': 'The session has expired',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  'rate-limited': 'Too many requests',
  'enrolment-code-invalid': 'The enrolment code is not valid',
  'csr-invalid': 'The certificate request is not acceptable',
  'csr-identity-mismatch': "The certificate request does not name this company",
  'csr-subject-mismatch': 'The certificate request names another person than the holder of the enrolment code',
  'challenge-invalid': 'No such challenge',
  'challenge-expired': 'The challenge has expired',
  'challenge-replayed': 'The challenge was used already',
  'totp-invalid': 'The one-time code is wrong',
  'totp-replayed': 'The one-time code was used already',
  'locked-out': 'Locked after repeated failures',
  'certificate-unknown': 'The certificate is not known to the bank',
  'certificate-revoked': 'The certificate is revoked',
  'certificate-expired': 'The certificate is not valid now',
  'certificate-superseded': 'The certificate was renewed already',
  'signature-invalid': 'The signature does not verify',
  'signature-replayed': 'The signature was accepted already for another document',
  'document-binding-mismatch': 'The signed bytes name another document or company',
  'signer-not-authorised': 'The signer may not sign this',
  'amount-over-limit': "The amount is over the signer's limit",
  'document-conflict': 'A different document exists under this id',
  'recall-too-late': 'The document can no longer be recalled',
  internal: 'Internal error',
};

export function problemBody(code: ProblemCode, detail?: string, errors?: Problem['errors'], instance?: string): Problem {
  return {
    type: PROBLEM_TYPE_BASE + code,
    title: TITLES[code],
    status: PROBLEM_STATUS[code],
    code,
    ...(detail ? { detail } : {}),
    ...(instance ? { instance } : {}),
    ...(errors ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, code: ProblemCode, detail?: string, errors?: Problem['errors']): FastifyReply {
  return reply
    .code(PROBLEM_STATUS[code])
    .type('application/problem+json')
    .send(problemBody(code, detail, errors, reply.request.url));
}

/** Parses a body with its schema; a mismatch is a 400 naming every field that is wrong. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  throw new ApiProblem(
    'malformed-request',
    'the body does not match the schema',
    r.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', code: i.code, message: i.message })),
  );
}

/**
 * Reads and drops the rest of a request body (up to `max` bytes), so that a client still
 * sending an oversized body gets the answer instead of a reset connection.
 */
function drain(raw: NodeJS.ReadableStream & { destroy(): void; readableEnded?: boolean }, max = 64 * 1024 * 1024): Promise<void> {
  if (raw.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    raw.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > max) {
        raw.destroy();
        resolve();
      }
    });
    raw.on('end', resolve);
    raw.on('error', () => resolve());
    raw.resume();
  });
}

/**
 * Requests Node's HTTP parser refuses before fastify sees them (a request line or headers over
 * its limit, bytes that are not HTTP) are answered as problem+json too, then the connection closes.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const code: ProblemCode = error.code === 'HPE_HEADER_OVERFLOW' ? 'headers-too-large' : 'malformed-request';
  const body = JSON.stringify(problemBody(code, error.code === 'HPE_HEADER_OVERFLOW' ? 'the request line and headers together exceed the server limit' : 'not a well-formed HTTP request'));
  socket.end(`HTTP/1.1 ${PROBLEM_STATUS[code]} ${TITLES[code]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Every error becomes a problem: ours as thrown, fastify's (bad JSON, too large) mapped, the rest 500 without internals. */
export function installProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError | ApiProblem, request, reply) => {
    if (error instanceof ApiProblem) return sendProblem(reply, error.code, error.detail, error.errors);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      await drain(request.raw);
      return sendProblem(reply, 'payload-too-large', error.message);
    }
    if (error.statusCode && error.statusCode < 500) return sendProblem(reply, 'malformed-request', error.message);
    request.log.error(error);
    return sendProblem(reply, 'internal');
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, 'not-found', `${request.method} ${request.url}`));
}
