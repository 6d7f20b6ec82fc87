import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DispatchResult } from '../../shared/ipc/bridge.ts';
import { dispatch } from '../app-services/dispatch.ts';
import type { Handlers } from '../app-services/index.ts';
import { serveStatic } from './static-files.ts';

/** A request body larger than this is refused before it is read whole. */
const MAX_BODY = 1024 * 1024;

/**
 * The header by which the page asks for a service's refusal (status 400) to come as 200: the
 * envelope says it is a refusal, and the browser then logs no failed request for an expected answer.
 * Without it (tools, tests) the status repeats the envelope.
 */
export const REFUSALS_IN_BODY = 'x-bank-refusals';

/** The HTTP status of an envelope (the body says the same; the status is for the browser's log and tools). */
export function httpStatusOf(result: DispatchResult): number {
  if (result.ok) return 200;
  switch (result.error.code) {
    case 'channel-unknown':
      return 404;
    case 'validation-failed':
      return 422;
    case 'internal':
      return 500;
    default:
      return 400;
  }
}

export interface BrowserHost {
  /** The address to open, secret included: printed once, never stored. */
  url: string;
  /** Pushes an event to every open page. */
  emit(event: string, payload: unknown): void;
  close(): Promise<void>;
}

/**
 * The channel table over loopback HTTP, for a browser instead of the Electron window. It listens
 * on 127.0.0.1 only; every path starts with a random secret made at start (so another user or a
 * web page cannot call it); the Host header must name this address (no DNS rebinding) and a
 * request that carries an Origin must come from it. Calls are POST /SECRET/rpc/CHANNEL with the
 * input as JSON, handed to the gate (app-services/dispatch.ts) as the Electron shell hands it;
 * the answer is the gate's envelope as JSON (a refusal of the transport itself, a body too large
 * or not JSON, is one too). Events are server-sent at /SECRET/events; the built renderer is
 * served under /SECRET/.
 */
export async function startBrowserHost(handlers: Handlers, o: { port?: number; staticDir?: string } = {}): Promise<BrowserHost> {
  const secret = randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  let origin = '';
  const server: Server = createServer((req, res) => void handle(req, res));

  const deny = (res: ServerResponse, status: number): void => void res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(status === 404 ? 'Not found' : 'Forbidden');
  const answer = (res: ServerResponse, result: DispatchResult, status = httpStatusOf(result)): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  const refuse = (res: ServerResponse, status: number, code: string, detail: string): void => answer(res, { ok: false, error: { code, detail } }, status);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // the page must be ours, at our address: a rebound DNS name or another site is refused
    if (req.headers.host !== new URL(origin).host) return deny(res, 403);
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return deny(res, 403);
    const [, given, ...rest] = (req.url ?? '/').split('?')[0]!.split('/');
    const a = Buffer.from(given ?? '');
    const b = Buffer.from(secret);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return deny(res, 404);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    const path = rest.join('/');
    if (req.method === 'GET' && path === 'events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const call = /^rpc\/([a-z]+\.[a-zA-Z.-]+)$/.exec(path);
    if (req.method === 'GET' && !call && o.staticDir) return serveStatic(o.staticDir, path, res);
    if (req.method !== 'POST' || !call) return deny(res, 404);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, 'malformed-request', 'the input must be application/json');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return refuse(res, 413, 'payload-too-large', `the input is over ${MAX_BODY} bytes`);
      chunks.push(chunk);
    }
    // decoded whole: a character split between two chunks must not become U+FFFD
    const raw = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = raw === '' ? {} : JSON.parse(raw);
    } catch {
      return refuse(res, 400, 'malformed-request', 'the input is not JSON');
    }
    const result = await dispatch(handlers, call[1]!, json);
    // the page reads every answer from its envelope: a service's refusal (a wrong one-time code or
    // PIN) is an expected answer there, not a failed request for the browser's console to log
    const status = httpStatusOf(result);
    answer(res, result, status === 400 && req.headers[REFUSALS_IN_BODY] === 'in-body' ? 200 : status);
  }

  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/${secret}/`,
    emit(event, payload) {
      const line = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const s of streams) s.write(line);
    },
    async close() {
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
