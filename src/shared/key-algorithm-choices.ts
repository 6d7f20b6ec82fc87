/**
 * The key algorithms the officer can pick for a new key: RSA-2048, ECDSA P-256 and GOST R
 * 34.10-2012 with its parameter set (256 bits: CryptoPro A/B/C, TC 26 A; 512 bits: TC 26 A/B/C).
 * Which of them a token can make is its `algorithms` (TokenSummary); the handlers refuse the others.
 * A plain list (no zod), so main's token code and the CLI's quick commands can read it cheaply;
 * the channel schema (shared/ipc/areas/certificates.ts) is built from it.
 */
export const KEY_ALGORITHM_CHOICES = [
  'ec-p256',
  'rsa-2048',
  'gost2012-256:cryptopro-a',
  'gost2012-256:cryptopro-b',
  'gost2012-256:cryptopro-c',
  'gost2012-256:tc26-256-a',
  'gost2012-512:tc26-512-a',
  'gost2012-512:tc26-512-b',
  'gost2012-512:tc26-512-c',
] as const;

export type KeyAlgorithmChoice = (typeof KEY_ALGORITHM_CHOICES)[number];
