import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import type { RunningSandbox } from '../../src/sandbox/server.ts';
import type { TokenService } from '../../src/main/tokens/token-service.ts';
import { http } from './http.ts';

export interface Signer {
  token: string;
  pin: string;
  key: string;
  certSerial: string;
  totpSecret: string;
}

export const adminCall = (bank: RunningSandbox, method: string, path: string, body?: unknown) =>
  http(method, bank.adminUrl + path, body, { authorization: `Bearer ${bank.adminSecret}` });

/**
 * Enrols a person of a company with a key on a SoftHSM token, the way a security officer does:
 * key on the token, CSR, one-time code, the bank officer's approval, certificate installed.
 */
export async function enrol(
  bank: RunningSandbox,
  tokens: TokenService,
  dir: string,
  who: { token: string; pin: string; key: string; companyId: string; name: string; role: string; limit?: number; subject: string; algorithm?: string },
): Promise<Signer> {
  const user = await adminCall(bank, 'POST', '/admin/users', { companyId: who.companyId, name: who.name, role: who.role, ...(who.limit ? { limit: who.limit } : {}) });
  await tokens.generateKey(who.token, who.pin, who.algorithm ?? 'ec-p256', who.key);
  const csr = await tokens.createCsr(who.token, who.pin, who.key, who.subject);
  const enrolment = await http<{ id: string; totp: { secret: string } }>('POST', `${bank.url}/v1/enrollments`, { enrolmentCode: user.body.enrolmentCode, csr: csr.pem });
  if (enrolment.status !== 201) throw new Error(`enrolment refused: ${JSON.stringify(enrolment.body)}`);
  await adminCall(bank, 'POST', `/admin/enrollments/${enrolment.body.id}/decision`, { approve: true });
  const issued = await http<{ certificate: string; chain: string[] }>('GET', `${bank.url}/v1/enrollments/${enrolment.body.id}`);
  const certFile = join(dir, `${who.key}.pem`);
  const chainFile = join(dir, `${who.key}-chain.pem`);
  writeFileSync(certFile, issued.body.certificate);
  writeFileSync(chainFile, issued.body.chain.join(''));
  await tokens.importCertificate(who.token, who.pin, certFile, chainFile);
  const [key] = (await tokens.listKeys(who.token, who.pin)).filter((k) => k.label === who.key);
  return { token: who.token, pin: who.pin, key: who.key, certSerial: key!.certificate!.serialNumber.toLowerCase(), totpSecret: enrolment.body.totp.secret };
}

/** Logs in: challenge, the token's signature of the nonce, the one-time code. Returns the session token. */
export async function login(bank: RunningSandbox, tokens: TokenService, s: Signer): Promise<string> {
  const ch = await http<{ challengeId: string; nonce: string }>('POST', `${bank.url}/v1/auth/challenges`, { certificateSerial: s.certSerial });
  const signature = await tokens.sign(s.token, s.pin, s.key, Buffer.from(ch.body.nonce, 'base64'));
  const totp = generateSync({ secret: s.totpSecret, epoch: Math.floor(bank.clock.now().getTime() / 1000) });
  const session = await http<{ token: string }>('POST', `${bank.url}/v1/auth/sessions`, { challengeId: ch.body.challengeId, signature: signature.toString('base64'), totp });
  if (session.status !== 201) throw new Error(`login refused: ${JSON.stringify(session.body)}`);
  return session.body.token;
}
