import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DIRECTORY_SIGNATURE_HEADER } from '../../src/shared/bank-api/directory-signature.ts';

/**
 * What the proxy does to a request that matches:
 *   pass        forward it and its answer unchanged
 *   error-500   answer 500 (problem+json) without forwarding
 *   hang        never answer (the client's deadline must fire)
 *   drop        close the connection without forwarding
 *   drop-after  forward it, let the bank answer, then close the client's connection: the bank
 *               did the work, the client never hears of it
 *   bad-schema  forward it, then answer the bank's status with a body that breaks the schema
 *   forge       answer the rule's `answer` (status and JSON body) without forwarding: a man in
 *               the middle speaking for the bank
 *   rewrite     forward it, then answer the bank's status with the rule's `rewrite` of its JSON
 *               body: a bank that did the work and answers it wrongly
 */
export type Fault = 'pass' | 'error-500' | 'hang' | 'drop' | 'drop-after' | 'bad-schema' | 'forge' | 'rewrite';

export interface FaultRule {
  fault: Fault;
  method?: string;
  /** Matched against the start of the path. */
  path?: string;
  /** How many matching requests it applies to (then it is used up); all of them when absent. */
  times?: number;
  /** What `forge` answers. */
  answer?: { status: number; body: unknown };
  /** What `rewrite` makes of the bank's JSON answer. */
  rewrite?: (body: unknown) => unknown;
}

/** An HTTP proxy on 127.0.0.1 in front of the sandbox bank that breaks requests on command. */
export class FaultProxy {
  private server?: Server;
  private rules: FaultRule[] = [];
  private hung: ServerResponse[] = [];
  readonly seen: { method: string; path: string; fault: Fault }[] = [];

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  /** Replaces the rules; the first that matches a request decides. */
  set(...rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  async stop(): Promise<void> {
    for (const res of this.hung.splice(0)) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private pick(req: IncomingMessage): FaultRule {
    const rule = this.rules.find((r) => (!r.method || r.method === req.method) && (!r.path || (req.url ?? '').startsWith(r.path)) && (r.times === undefined || r.times > 0));
    if (!rule) return { fault: 'pass' };
    if (rule.times !== undefined) rule.times--;
    return rule;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const rule = this.pick(req);
    const fault = rule.fault;
    this.seen.push({ method: req.method ?? '', path: req.url ?? '', fault });
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      if (fault === 'error-500') {
        res.writeHead(500, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'Internal error', status: 500, code: 'internal' }));
        return;
      }
      if (fault === 'forge') {
        res.writeHead(rule.answer?.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(rule.answer?.body ?? {}));
        return;
      }
      if (fault === 'hang') return void this.hung.push(res);
      if (fault === 'drop') return void res.socket?.destroy();
      const target = new URL(req.url ?? '/', this.target);
      const headers = { ...req.headers, host: target.host };
      const up = request(target, { method: req.method, headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          if (fault === 'drop-after') return void res.socket?.destroy();
          const type = answer.headers['content-type'] ?? 'application/json';
          const out =
            fault === 'bad-schema'
              ? Buffer.from(JSON.stringify({ id: 42, status: 'teleported', changes: 'none' }))
              : fault === 'rewrite' && rule.rewrite
                ? Buffer.from(JSON.stringify(rule.rewrite(JSON.parse(Buffer.concat(chunks).toString('utf8')))))
                : Buffer.concat(chunks);
          // the bank's ETag and signature header pass as a real proxy passes them (the BIC directory is verified by them)
          const kept = Object.fromEntries(['etag', DIRECTORY_SIGNATURE_HEADER].flatMap((h) => (answer.headers[h] !== undefined && fault !== 'bad-schema' ? [[h, String(answer.headers[h])]] : [])));
          res.writeHead(answer.statusCode ?? 502, { 'content-type': fault === 'bad-schema' ? 'application/json' : type, ...kept }).end(out);
        });
      });
      up.on('error', () => res.socket?.destroy());
      up.end(Buffer.concat(body));
    });
  }
}
