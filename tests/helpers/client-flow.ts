import type { RunningSandbox } from '../../src/sandbox/server.ts';
import type { Client } from '../../src/main/client.ts';
import { login } from '../../src/main/bank/session.ts';
import { adminCall, totpNow } from './sandbox.ts';

export const SUBJECT = (cn: string, inn = '7707083893') => `CN=${cn},O=ООО «Ромашка»,C=RU,1.2.643.100.4=${inn}`;

/** A one-time code the bank will take now, on its clock (see tests/helpers/sandbox.ts). */
export { totpNow } from './sandbox.ts';

export interface Person {
  token: string;
  pin: string;
  key: string;
  totpSecret: string;
}

/**
 * Enrols a person of the demo company through a client's services, as a security officer does:
 * the bank creates the user (admin API), the key is made on the token, the request sent with
 * the enrolment code, the officer approves, the certificate is installed. Then logs in.
 */
export async function enrolAndLogin(bank: RunningSandbox, client: Client, who: { token: string; pin: string; name: string; role: string; limit?: number; companyId: string }): Promise<Person> {
  const user = await adminCall(bank, 'POST', '/admin/users', { companyId: who.companyId, name: who.name, role: who.role, ...(who.limit ? { limit: who.limit } : {}) });
  const code = (user.body as { enrolmentCode: string }).enrolmentCode;
  const key = `${who.token.toLowerCase()}-key`;
  const req = await client.enrollment.makeRequest(who.token, Buffer.from(who.pin), key, 'ec-p256', SUBJECT(who.name));
  const submitted = await client.enrollment.submit(who.token, key, req.csrPem, code);
  await adminCall(bank, 'POST', `/admin/enrollments/${submitted.enrollmentId}/decision`, { approve: true });
  const done = await client.enrollment.awaitCertificate(Buffer.from(who.pin), { timeoutMs: 5000, intervalMs: 50 });
  if (done.status !== 'approved') throw new Error(`enrolment ${done.status}`);
  const person = { token: who.token, pin: who.pin, key, totpSecret: submitted.totp!.secret };
  await login(client.db, client.api, client.tokens, { token: who.token, key, pin: Buffer.from(who.pin), totp: totpNow(bank, person.totpSecret), actor: who.name });
  return person;
}
