import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHANNELS, type ChannelName } from '../../shared/ipc/channels.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import type { Handlers } from '../app-services/index.ts';
import { serveStatic } from './static-files.ts';

/** A request body larger than this is refused before it is read whole. */
const MAX_BODY = 1024 * 1024;

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
 * input as JSON, parsed by the channel's schema; events are server-sent at /SECRET/events; the
 * built renderer is served under /SECRET/.
 */
export async function startBrowserHost(handlers: Handlers, o: { port?: number; staticDir?: string } = {}): Promise<BrowserHost> {
  const secret = randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  let origin = '';
  const server: Server = createServer((req, res) => void handle(req, res));

  const deny = (res: ServerResponse, status: number): void => void res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(status === 404 ? 'Not found' : 'Forbidden');
  const problem = (res: ServerResponse, status: number, code: string, detail: string, extra: Record<string, unknown> = {}): void =>
    void res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: code, status, code, detail, ...extra }));

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
    const name = call[1] as ChannelName;
    const channel = Object.hasOwn(CHANNELS, name) ? CHANNELS[name] : undefined;
    if (!channel) return problem(res, 404, 'channel-unknown', `no channel ${name}`);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return problem(res, 415, 'malformed-request', 'the input must be application/json');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return problem(res, 413, 'payload-too-large', `the input is over ${MAX_BODY} bytes`);
      chunks.push(chunk);
    }
    // decoded whole: a character split between two chunks must not become U+FFFD
    const raw = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = raw === '' ? {} : JSON.parse(raw);
    } catch {
      return problem(res, 400, 'malformed-request', 'the input is not JSON');
    }
    const input = channel.input.safeParse(json);
    if (!input.success) return problem(res, 422, 'validation-failed', `the input of ${name} does not match its schema`, { errors: input.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
    try {
      const output = await (handlers[name] as (i: unknown) => unknown)(input.data);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(output));
    } catch (e) {
      // the page shows the message in its language from the code and parameters
      if (e instanceof LocalizedError) return problem(res, 400, e.code, e.message, { params: e.params });
      problem(res, 500, 'internal', 'the service failed');
    }
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
