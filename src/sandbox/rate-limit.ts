import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiProblem } from './http.ts';

export interface RateLimit {
  /** Requests a client may make at once. */
  burst: number;
  /** Requests per second it earns back. */
  perSecond: number;
}

/**
 * Token buckets per address and per session token. Over the
 * limit: 429 rate-limited with Retry-After. Buckets untouched for a minute are dropped.
 */
export function installRateLimit(app: FastifyInstance, limit: RateLimit): void {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let sweptAt = Date.now();
  app.addHook('onRequest', async (req, reply) => {
    const now = Date.now();
    if (now - sweptAt > 60_000) {
      for (const [k, b] of buckets) if (now - b.at > 60_000) buckets.delete(k);
      sweptAt = now;
    }
    // always the address's bucket (a made-up Authorization header must not buy a fresh one),
    // and the session's too when there is one
    const auth = req.headers.authorization;
    const keys = [`ip:${req.ip}`, ...(auth ? [`s:${createHash('sha256').update(auth).digest('hex')}`] : [])];
    const bs = keys.map((key) => {
      const b = buckets.get(key) ?? { tokens: limit.burst, at: now };
      b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
      b.at = now;
      buckets.set(key, b);
      return b;
    });
    const empty = bs.find((b) => b.tokens < 1);
    if (empty) {
      reply.header('retry-after', String(Math.ceil((1 - empty.tokens) / limit.perSecond)));
      throw new ApiProblem('rate-limited', `at most ${limit.perSecond} requests a second after a burst of ${limit.burst}`);
    }
    for (const b of bs) b.tokens -= 1;
  });
}
