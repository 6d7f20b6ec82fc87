import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { DIRECTORY_SIGNATURE_HEADER } from '../../shared/bank-api/directory-signature.ts';

export interface HttpAnswer {
  status: number;
  type: string;
  body: Buffer;
  /** The ETag header, when the answer has one. */
  etag?: string;
  /** The bank's signature header (DIRECTORY_SIGNATURE_HEADER: a detached CMS, base64), when the answer has one. */
  signature?: string;
}

/** Why a request got no answer: the deadline passed, the answer was too big, or the network failed (with its code). */
export class TransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'too-large' | 'network',
    message: string,
  ) {
    super(message);
  }
}

// Kept-alive connections: one TCP handshake serves many documents.
// As many as the outbox keeps in flight (src/main/sync/outbox.ts), so none waits for a socket.
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

/**
 * One HTTP exchange with node:http (lighter than fetch for many small requests): the whole
 * answer read up to `maxBytes`, the whole exchange bounded by `timeoutMs`.
 */
export function exchange(url: string, method: string, headers: Record<string, string>, body: string | undefined, o: { timeoutMs: number; maxBytes: number }): Promise<HttpAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const req = send(target, { method, headers: payload ? { ...headers, 'content-length': String(payload.length) } : headers, agent: secure ? agents.https : agents.http });
    const timer = setTimeout(() => req.destroy(new TransportError('timeout', `no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      reject(e instanceof TransportError ? e : new TransportError('network', (e as NodeJS.ErrnoException).code ?? e.message));
    };
    req.on('error', fail);
    req.on('response', (res: IncomingMessage) => {
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > o.maxBytes) return req.destroy(new TransportError('too-large', `answer of ${declared} bytes over the ${o.maxBytes}-byte limit`));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > o.maxBytes) req.destroy(new TransportError('too-large', `answer over the ${o.maxBytes}-byte limit`));
        else chunks.push(c);
      });
      res.on('error', fail);
      res.on('aborted', () => fail(new TransportError('network', 'connection closed during the answer')));
      res.on('end', () => {
        clearTimeout(timer);
        const etag = res.headers.etag;
        const signature = res.headers[DIRECTORY_SIGNATURE_HEADER];
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks), ...(etag ? { etag } : {}), ...(typeof signature === 'string' ? { signature } : {}) });
      });
    });
    req.end(payload);
  });
}
