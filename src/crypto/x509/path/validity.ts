import type { ParsedCertificate } from './parsed-certificate.ts';

/** Certificates state whole seconds; the time is cut to its second, so 00:00:00.999 is 00:00:00 (RFC 5280 4.1.2.5). */
export const toSecond = (at: Date): number => Math.floor(at.getTime() / 1000) * 1000;

/** Why the certificate is not valid at `at` (both ends inclusive), or undefined. */
export function validityProblem(cert: ParsedCertificate, at: Date): string | undefined {
  const t = toSecond(at);
  if (t >= cert.notBefore.getTime() && t <= cert.notAfter.getTime()) return undefined;
  const when = new Date(t).toISOString();
  const span = `valid ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}`;
  return t < cert.notBefore.getTime() ? `it is not yet valid at ${when} (${span})` : `it has expired at ${when} (${span})`;
}
