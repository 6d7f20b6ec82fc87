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
 * A token bucket per client: per session token when there is one, else per address. Over the
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
    const auth = req.headers.authorization;
    const key = auth ? `s:${createHash('sha256').update(auth).digest('hex')}` : `ip:${req.ip}`;
    const b = buckets.get(key) ?? { tokens: limit.burst, at: now };
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens < 1) {
      reply.header('retry-after', String(Math.ceil((1 - b.tokens) / limit.perSecond)));
      throw new ApiProblem('rate-limited', `at most ${limit.perSecond} requests a second after a burst of ${limit.burst}`);
    }
    b.tokens -= 1;
  });
}
