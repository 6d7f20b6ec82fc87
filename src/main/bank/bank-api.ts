import type { z } from 'zod';
import { Problem } from '../../shared/bank-api/problem.ts';
import { OPERATIONS, type Operation } from '../../shared/bank-api/routes.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { exchange, type HttpAnswer, type TransportError } from './http-transport.ts';

/** Bank answers larger than this are refused (a statement of a busy year is far below it). */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export type OperationId = (typeof OPERATIONS)[number]['id'];

/**
 * A failure talking to the bank. `transient` says whether trying again later may help: the
 * network, timeouts, 5xx, 429 and answers we cannot read are transient; a problem the bank
 * states about the request (4xx) is not, and is shown to the user as the bank worded it.
 */
export class BankError extends LocalizedError {
  constructor(
    code: 'bank.unreachable' | 'bank.timeout' | 'bank.problem' | 'bank.answer-invalid' | 'sync.answer-mismatch' | 'sync.batch-answer-mismatch',
    params: Record<string, string | number>,
    readonly transient: boolean,
    readonly problem?: Problem,
    options?: { cause?: unknown },
  ) {
    super(code, params, options);
  }
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  session?: string;
  /** Status codes accepted besides the operation's own (PUT answers 200 for a resubmission). */
  alsoOk?: number[];
  /** If-None-Match: the ETag of the copy held (a conditional operation's). */
  ifNoneMatch?: string;
}

/** A conditional operation's answer: unchanged (304), or the new representation and its ETag. */
/** signature: the bank's signature header of a changed answer (base64), for the caller to verify. */
export type ConditionalAnswer = { changed: false; etag: string } | { changed: true; etag?: string; signature?: string; body: Buffer };

/**
 * The bank API as the client calls it: one method per operation of the shared table, every
 * answer parsed with the operation's schema (an answer that breaks it is an error naming the
 * field, never half-used), problem+json turned into BankError, and a deadline on every call.
 */
export class BankApi {
  private readonly ops = new Map<string, Operation>(OPERATIONS.map((o) => [o.id, o]));
  /**
   * Optional operations this bank answered 404 or 405 to (an older bank without them), as the
   * caller noted them: it goes another way (the batch route: one PUT per document) for as long
   * as this BankApi lives.
   */
  readonly unsupported = new Set<OperationId>();

  constructor(
    readonly baseUrl: string,
    readonly timeoutMs = 15_000,
  ) {}

  private url(op: Operation, o: CallOptions): string {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = o.params?.[name];
      if (v === undefined) throw new Error(`${op.id}: path parameter ${name} missing`);
      return encodeURIComponent(v);
    });
    const q = o.query ? `?${new URLSearchParams(Object.entries(o.query).map(([k, v]) => [k, String(v)])).toString()}` : '';
    return `${this.baseUrl.replace(/\/$/, '')}${path}${q}`;
  }

  /** Calls an operation and returns its parsed answer (bytes for non-JSON media types). */
  async call<T = unknown>(id: OperationId, o: CallOptions = {}): Promise<T> {
    const { op, res } = await this.exchange(id, o);
    const { status, type, body: bytes } = res;
    const ok = status === op.response.status || (o.alsoOk ?? []).includes(status);
    if (!ok) throw problemError(op, status, type, bytes);
    if (!op.response.schema) return (op.response.mediaType ? bytes : undefined) as T;
    return parseAnswer(op, op.response.schema, type, bytes) as T;
  }

  /**
   * A conditional operation (bytes answered with an ETag) fetched only when it changed: with
   * the ETag of the copy held, 304 says it is still current.
   */
  async fetchIfChanged(id: OperationId, etag: string | undefined, o: CallOptions = {}): Promise<ConditionalAnswer> {
    const { op, res } = await this.exchange(id, etag ? { ...o, ifNoneMatch: etag } : o);
    if (!op.conditional) throw new Error(`${op.id} is not a conditional operation`);
    if (res.status === 304 && etag) return { changed: false, etag: res.etag ?? etag };
    if (res.status !== op.response.status) throw problemError(op, res.status, res.type, res.body);
    return { changed: true, body: res.body, ...(res.etag ? { etag: res.etag } : {}), ...(res.signature ? { signature: res.signature } : {}) };
  }

  private async exchange(id: OperationId, o: CallOptions): Promise<{ op: Operation; res: HttpAnswer }> {
    const op = this.ops.get(id);
    if (!op) throw new Error(`unknown operation ${id}`);
    const url = this.url(op, o);
    const headers: Record<string, string> = { accept: op.conditional && op.response.mediaType ? `${op.response.mediaType}, application/problem+json` : 'application/json, application/problem+json' };
    if (o.session) headers.authorization = `Bearer ${o.session}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    if (o.ifNoneMatch) headers['if-none-match'] = o.ifNoneMatch;
    let res: HttpAnswer;
    try {
      res = await exchange(url, op.method.toUpperCase(), headers, o.body === undefined ? undefined : JSON.stringify(o.body), { timeoutMs: this.timeoutMs, maxBytes: MAX_ANSWER_BYTES });
    } catch (e) {
      const err = e as TransportError;
      if (err.kind === 'timeout') throw new BankError('bank.timeout', { url, seconds: Math.round(this.timeoutMs / 1000) }, true, undefined, { cause: e });
      if (err.kind === 'too-large') throw new BankError('bank.answer-invalid', { operation: op.id, field: '', problem: err.message }, true, undefined, { cause: e });
      throw new BankError('bank.unreachable', { url, reason: err.message }, true, undefined, { cause: e });
    }
    return { op, res };
  }
}

function parseAnswer(op: Operation, schema: z.ZodType, type: string, bytes: Buffer): unknown {
  let json: unknown;
  try {
    if (!type.includes('json')) throw new Error(`content type ${type || '(none)'}, JSON expected`);
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new BankError('bank.answer-invalid', { operation: op.id, field: '', problem: (e as Error).message }, true);
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0]!;
    throw new BankError('bank.answer-invalid', { operation: op.id, field: first.path.join('.') || '(answer)', problem: first.message }, true);
  }
  return r.data;
}

function problemError(op: Operation, status: number, type: string, bytes: Buffer): BankError {
  let problem: Problem | undefined;
  if (type.includes('json')) {
    try {
      const r = Problem.safeParse(JSON.parse(bytes.toString('utf8')));
      if (r.success) problem = r.data;
    } catch {
      // not JSON: reported by status below
    }
  }
  return problemBankError(op.id, status, problem);
}

/**
 * A bank's problem as the BankError the client acts on; also for one item of a batch answer,
 * named by the operation its own request would have been, so that it reads and is handled the same.
 */
export function problemBankError(operation: OperationId, status: number, problem: Problem | undefined): BankError {
  const transient = status >= 500 || status === 429 || status === 408;
  const fields = problem?.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new BankError(
    'bank.problem',
    {
      operation,
      status,
      code: problem?.code ?? 'none',
      detail: [problem?.title ?? `HTTP ${status}`, problem?.detail, fields].filter(Boolean).join(': '),
    },
    transient,
    problem,
  );
}
