import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiProblem } from './http.ts';

export interface RateLimit {
  /** Requests a client may make at once. */
  burst: number;
  /** Requests per second it earns back. */
  perSecond: number;
}

/** A token bucket: its tokens as of `at` (ms). */
export interface Bucket {
  tokens: number;
  at: number;
}

/** `b` (a full bucket when there is none yet) refilled at `perSecond` up to `now`, never above `burst`. */
export function refilled(b: Bucket | undefined, limit: { burst: number; perSecond: number }, now: number): Bucket {
  const bucket = b ?? { tokens: limit.burst, at: now };
  bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
  bucket.at = now;
  return bucket;
}

/** Takes `n` more from the buckets of a request already let in (a batch pays for each document it carries, not once). */
export type RateCharge = (req: FastifyRequest, reply: { header(name: string, value: string): unknown }, n: number) => void;

/**
 * Token buckets per address and per session token. Over the
 * limit: 429 rate-limited with Retry-After. Buckets untouched for a minute are dropped.
 * Returns the charge for requests that are worth more than one (POST /v1/documents/batch).
 */
export function installRateLimit(app: FastifyInstance, limit: RateLimit): RateCharge {
  const buckets = new Map<string, Bucket>();
  let sweptAt = Date.now();
  const bucketsOf = (req: FastifyRequest, now: number) => {
    // always the address's bucket (a made-up Authorization header must not buy a fresh one),
    // and the session's too when there is one
    const auth = req.headers.authorization;
    const keys = [`ip:${req.ip}`, ...(auth ? [`s:${createHash('sha256').update(auth).digest('hex')}`] : [])];
    return keys.map((key) => {
      const b = refilled(buckets.get(key), limit, now);
      buckets.set(key, b);
      return b;
    });
  };
  const take = (req: FastifyRequest, n: number, reply?: { header(name: string, value: string): unknown }): void => {
    const now = Date.now();
    const bs = bucketsOf(req, now);
    const empty = bs.find((b) => b.tokens < n);
    if (empty) {
      const wait = String(Math.max(1, Math.ceil((n - empty.tokens) / limit.perSecond)));
      if (reply) reply.header('retry-after', wait);
      throw new ApiProblem('rate-limited', n === 1 ? `at most ${limit.perSecond} requests a second after a burst of ${limit.burst}` : `this request counts as ${n} more (a document each); at most ${limit.perSecond} a second after a burst of ${limit.burst}`);
    }
    for (const b of bs) b.tokens -= n;
  };
  app.addHook('onRequest', async (req, reply) => {
    const now = Date.now();
    if (now - sweptAt > 60_000) {
      for (const [k, b] of buckets) if (now - b.at > 60_000) buckets.delete(k);
      sweptAt = now;
    }
    take(req, 1, reply);
  });
  return (req, reply, n) => {
    if (n > 0) take(req, n, reply);
  };
}
