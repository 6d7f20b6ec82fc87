import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { SoftHsm, SOFTHSM_MODULE, type TestToken } from '../helpers/softhsm.ts';
import { http } from '../helpers/http.ts';
import { opensslStatus } from '../helpers/openssl.ts';
import { totpNow } from '../helpers/sandbox.ts';
import { renewalSignedJson } from '../../src/shared/bank-api/enrollment.ts';
import { loginSignedJson } from '../../src/shared/bank-api/auth.ts';

let hsm: SoftHsm;
let token: TestToken;
let tokens: TokenService;
let bank: RunningSandbox;
let dataDir: string;
let companyId: string;
let certSerial: string;
let totpSecret: string;

const admin = (method: string, path: string, body?: unknown) => http(method, bank.adminUrl + path, body, { authorization: `Bearer ${bank.adminSecret}` });
const api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, sessionToken?: string) =>
  http<T>(method, bank.url + path, body, sessionToken ? { authorization: `Bearer ${sessionToken}` } : {});
const SUBJECT = 'CN=Иванов Иван Иванович,T=Директор,O=ООО Ромашка,C=RU,1.2.643.100.4=7707083893,OGRN=1027700132195';

/** Login as a person does it: challenge, token signature of the nonce, one-time code (by default one the bank has not seen: each works once). */
async function login(totp?: string) {
  const ch = await api<{ challengeId: string; nonce: string }>('POST', '/v1/auth/challenges', { certificateSerial: certSerial });
  expect(ch.status).toBe(201);
  const signature = await tokens.sign('Director', token.pin, 'director', Buffer.from(loginSignedJson(ch.body.nonce), 'utf8'));
  const code = totp ?? totpNow(bank, totpSecret);
  return { challengeId: ch.body.challengeId, signature: signature.toString('base64'), res: await api<{ token: string; code: string }>('POST', '/v1/auth/sessions', { challengeId: ch.body.challengeId, signature: signature.toString('base64'), totp: code }) };
}

beforeAll(async () => {
  hsm = new SoftHsm('sandbox');
  token = hsm.initTestToken('Director', '11112222', '99998888');
  tokens = new TokenService(SOFTHSM_MODULE);
  dataDir = join(hsm.dir, 'bank');
  bank = await startSandbox({ dataDir });
  companyId = (await admin('POST', '/admin/companies', { name: 'ООО Ромашка', inn: '7707083893', kpp: '770701001', ogrn: '1027700132195' })).body.companyId as string;
});
afterAll(async () => {
  await bank?.close();
  hsm?.cleanup();
});

describe('enrolment', () => {
  it('issues the first certificate: one-time code + CSR from the token, pending until the officer approves', async () => {
    const user = await admin('POST', '/admin/users', { companyId, name: 'Иванов Иван Иванович', role: 'first-signature', limit: 1_000_000_00 });
    expect(user.status).toBe(201);
    const code = user.body.enrolmentCode as string;
    await tokens.generateKey('Director', token.pin, 'ec-p256', 'director');
    const csr = await tokens.createCsr('Director', token.pin, 'director', SUBJECT);
    const enrol = await api<{ id: string; status: string; totp: { secret: string; uri: string } }>('POST', '/v1/enrollments', { enrolmentCode: code, csr: csr.pem });
    expect(enrol.status).toBe(201);
    expect(enrol.body.status).toBe('pending');
    expect(enrol.body.totp.uri).toMatch(/^otpauth:\/\/totp\//);
    totpSecret = enrol.body.totp.secret;
    expect((await api('GET', `/v1/enrollments/${enrol.body.id}`)).body).toEqual({ id: enrol.body.id, status: 'pending' });

    const again = await api('POST', '/v1/enrollments', { enrolmentCode: code, csr: csr.pem });
    expect(again.status).toBe(403);
    expect(again.type).toContain('application/problem+json');
    expect(again.body.code).toBe('enrolment-code-invalid');

    const decided = await admin('POST', `/admin/enrollments/${enrol.body.id}/decision`, { approve: true });
    expect(decided.body.status).toBe('approved');
    const done = await api<{ certificate: string; chain: string[] }>('GET', `/v1/enrollments/${enrol.body.id}`);
    writeFileSync(join(hsm.dir, 'director.pem'), done.body.certificate);
    writeFileSync(join(hsm.dir, 'chain.pem'), done.body.chain.join(''));
    const imported = await tokens.importCertificateFile('Director', token.pin, join(hsm.dir, 'director.pem'), join(hsm.dir, 'chain.pem'));
    expect(imported.map((c) => c.authority)).toEqual([false, true]);
    const [key] = await tokens.listKeys('Director', token.pin);
    certSerial = key!.certificate!.serialNumber.toLowerCase();
    expect(key!.certificate!.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
  });

  it('names the holder of a code without using it up, and refuses a request in another person\'s name, the code staying unused', async () => {
    const user = await admin('POST', '/admin/users', { companyId, name: 'Сидорова Мария Петровна', position: 'Главный бухгалтер', role: 'second-signature' });
    const code = user.body.enrolmentCode as string;
    const holder = await api('POST', '/v1/enrollments/holder', { enrolmentCode: code });
    expect(holder.status).toBe(200);
    expect(holder.body).toEqual({ name: 'Сидорова Мария Петровна', position: 'Главный бухгалтер', role: 'second-signature', company: { name: 'ООО Ромашка', inn: '7707083893', kpp: '770701001', ogrn: '1027700132195' } });
    // asked again: still the same (not used up); an unknown code is the usual problem
    expect((await api('POST', '/v1/enrollments/holder', { enrolmentCode: code })).body.name).toBe('Сидорова Мария Петровна');
    const unknown = await api('POST', '/v1/enrollments/holder', { enrolmentCode: 'no-such-code' });
    expect([unknown.status, unknown.body.code]).toEqual([403, 'enrolment-code-invalid']);
    expect((await api('POST', '/v1/enrollments/holder', { code })).body.code).toBe('malformed-request');

    // on a token of her own (the Director token's keys are counted by later tests)
    const chief = hsm.initTestToken('Chief', '33334444', '99998888');
    await tokens.generateKey('Chief', chief.pin, 'ec-p256', 'chief');
    const wrong = await tokens.createCsr('Chief', chief.pin, 'chief', 'CN=Петров Пётр,O=ООО Ромашка,C=RU,1.2.643.100.4=7707083893');
    const refused = await api('POST', '/v1/enrollments', { enrolmentCode: code, csr: wrong.pem });
    expect(refused.status).toBe(422);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.code).toBe('csr-subject-mismatch');
    expect(refused.body.detail).toContain('"Петров Пётр"');
    expect(refused.body.detail).toContain('"Сидорова Мария Петровна"');
    // nothing stored: the code still names its holder and works for a request in her name
    expect((await api('POST', '/v1/enrollments/holder', { enrolmentCode: code })).status).toBe(200);
    expect((await admin('GET', '/admin/enrollments')).body).not.toContainEqual(expect.objectContaining({ name: 'Сидорова Мария Петровна' }));
    const right = await tokens.createCsr('Chief', chief.pin, 'chief', 'CN=Сидорова Мария Петровна,T=Главный бухгалтер,O=ООО Ромашка,C=RU,1.2.643.100.4=7707083893');
    const enrolled = await api('POST', '/v1/enrollments', { enrolmentCode: code, csr: right.pem });
    expect([enrolled.status, enrolled.body.status]).toEqual([201, 'pending']);
    // now used: the holder is no longer told
    expect((await api('POST', '/v1/enrollments/holder', { enrolmentCode: code })).body.code).toBe('enrolment-code-invalid');
    await admin('POST', `/admin/enrollments/${enrolled.body.id as string}/decision`, { approve: false, reason: 'test' });
  });

  it('refuses a CSR naming another company, and a CSR whose signature is broken', async () => {
    const user = await admin('POST', '/admin/users', { companyId, name: 'Чужой', role: 'prepares' });
    const csr = await tokens.createCsr('Director', token.pin, 'director', 'CN=Чужой,1.2.643.100.4=7736050003');
    const r = await api('POST', '/v1/enrollments', { enrolmentCode: user.body.enrolmentCode, csr: csr.pem });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'csr-identity-mismatch', detail: "the subject's INN (1.2.643.100.4) is 7736050003, the company's is 7707083893" });
    const own = await tokens.createCsr('Director', token.pin, 'director', SUBJECT);
    const der = Buffer.from(own.pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    der.writeUInt8(der.readUInt8(der.length - 10) ^ 0xff, der.length - 10);
    const broken = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    const r2 = await api('POST', '/v1/enrollments', { enrolmentCode: user.body.enrolmentCode, csr: broken });
    expect(r2.body.code).toBe('csr-invalid');
  });
});

describe('login', () => {
  it('gives a session for a token signature of the challenge plus the one-time code', async () => {
    const { res } = await login();
    expect(res.status).toBe(201);
    const me = await api('GET', '/v1/me', undefined, res.body.token);
    expect(me.body).toMatchObject({ name: 'Иванов Иван Иванович', role: 'first-signature', company: { inn: '7707083893' } });
  });

  it('refuses a replayed challenge, a wrong code, a code used already, and a signature of other bytes', async () => {
    const used = totpNow(bank, totpSecret);
    const first = await login(used);
    expect(first.res.status).toBe(201);
    const replay = await api('POST', '/v1/auth/sessions', { challengeId: first.challengeId, signature: first.signature, totp: '000000' });
    expect(replay.body.code).toBe('challenge-replayed');
    expect((await login('000000')).res.body.code).toBe('totp-invalid');
    // a code works once per person, even with a fresh challenge and a good signature
    expect((await login(used)).res.body.code).toBe('totp-replayed');

    const ch = await api<{ challengeId: string }>('POST', '/v1/auth/challenges', { certificateSerial: certSerial });
    const otherBytes = await tokens.sign('Director', token.pin, 'director', Buffer.from('not the nonce'));
    const code = totpNow(bank, totpSecret);
    const forged = await api('POST', '/v1/auth/sessions', { challengeId: ch.body.challengeId, signature: otherBytes.toString('base64'), totp: code });
    expect(forged.status).toBe(422);
    expect(forged.body.code).toBe('signature-invalid');
    expect(String(forged.body.detail)).toContain('message digest mismatch');
  });

  it('locks the user after repeated failures, for a while', async () => {
    for (let i = 0; i < 5; i++) await login('000000');
    const locked = await login();
    expect(locked.res.status).toBe(423);
    expect(locked.res.body.code).toBe('locked-out');
    bank.clock.advance(16 * 60);
    expect((await login()).res.status).toBe(201);
  });

  it('counts wrong codes sent at once, every one, and does not count signatures that fail', async () => {
    // anyone knows a certificate's serial: bad signatures must not lock its holder out
    for (let i = 0; i < 7; i++) {
      const ch = await api<{ challengeId: string }>('POST', '/v1/auth/challenges', { certificateSerial: certSerial });
      const other = await tokens.sign('Director', token.pin, 'director', Buffer.from(`not the nonce ${i}`));
      expect((await api('POST', '/v1/auth/sessions', { challengeId: ch.body.challengeId, signature: other.toString('base64'), totp: '000000' })).body.code).toBe('signature-invalid');
    }
    expect((await login()).res.status).toBe(201);
    const parallel = await Promise.all(Array.from({ length: 8 }, () => login('000000')));
    expect(parallel.map((p) => p.res.body.code).filter((c) => c === 'totp-invalid').length).toBeGreaterThanOrEqual(5);
    expect((await login()).res.body.code).toBe('locked-out');
    bank.clock.advance(16 * 60);
  });

  it('ends sessions when they expire', async () => {
    const { res } = await login();
    bank.clock.advance(16 * 60);
    const me = await api('GET', '/v1/me', undefined, res.body.token);
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('session-expired');
  });
});

describe('bad requests', () => {
  it('answers malformed JSON, a wrong shape and an oversized body with problem+json', async () => {
    const bad = await http('POST', `${bank.url}/v1/auth/challenges`, '{"certificateSerial": ', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.code).toBe('malformed-request');
    const shape = await api('POST', '/v1/auth/challenges', { certificateSerial: 'XYZ', extra: 1 });
    expect(shape.status).toBe(400);
    expect((shape.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['(body)', 'certificateSerial']);
    const huge = await api('POST', '/v1/enrollments', { enrolmentCode: 'x'.repeat(300 * 1024), csr: 'x' });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('payload-too-large');
    expect((await http('POST', `${bank.adminUrl}/admin/clock`, { seconds: 1 })).body.code).toBe('unauthenticated');
  });
});

describe('renewal', () => {
  let session = '';
  /** Renewal step 1: a one-time challenge for the certificate being renewed, within its session. */
  const renewalChallenge = async (serial: string) => {
    const ch = await api<{ challengeId: string; nonce: string }>('POST', '/v1/certificates/renewal-challenges', { certificateSerial: serial }, session);
    expect(ch.status).toBe(201);
    return ch.body;
  };
  /** Renewal step 2, within the same session. */
  const renew = <T = Record<string, unknown>>(body: unknown) => api<T>('POST', '/v1/certificates/renewals', body, session);

  it('is asked within a session of the certificate renewed: the token alone does not renew', async () => {
    const noSession = await api('POST', '/v1/certificates/renewal-challenges', { certificateSerial: certSerial });
    expect([noSession.status, noSession.body.code]).toEqual([401, 'unauthenticated']);
    session = (await login()).res.body.token;
    expect(session).toBeTruthy();
  });
  /** What the current key signs for a renewal: the challenge's nonce and the SHA-256 of the CSR's DER. */
  const renewalBytes = (nonce: string, csrDer: Uint8Array) => Buffer.from(renewalSignedJson(nonce, createHash('sha256').update(csrDer).digest('hex')), 'utf8');

  it('issues a new certificate at once for a CSR signed with the current key, and refuses one signed by nobody the bank knows', async () => {
    await tokens.generateKey('Director', token.pin, 'ec-p256', 'director-2027');
    const csr = await tokens.createCsr('Director', token.pin, 'director-2027', SUBJECT);
    const ch = await renewalChallenge(certSerial);
    const signature = await tokens.sign('Director', token.pin, 'director', renewalBytes(ch.nonce, csr.der));
    const renewed = await renew<{ certificate: string; serialNumber: string }>({ challengeId: ch.challengeId, csr: csr.pem, signature: signature.toString('base64') });
    expect(renewed.status).toBe(201);
    expect(renewed.body.serialNumber).not.toBe(certSerial);
    writeFileSync(join(hsm.dir, 'renewed.pem'), renewed.body.certificate);
    await tokens.importCertificateFile('Director', token.pin, join(hsm.dir, 'renewed.pem'));
    // the challenge is spent: the same renewal cannot be sent again
    const replayed = await renew({ challengeId: ch.challengeId, csr: csr.pem, signature: signature.toString('base64') });
    expect(replayed.body.code).toBe('challenge-replayed');
    // a signature over other bytes than the challenge and the CSR does not renew anything
    const wrong = await tokens.sign('Director', token.pin, 'director', Buffer.from('something else'));
    const garbage = await renew({ challengeId: (await renewalChallenge(certSerial)).challengeId, csr: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----', signature: wrong.toString('base64') });
    expect(garbage.body.code).toBe('csr-invalid');
    expect((await admin('POST', '/admin/users', { companyId: '00000000-0000-0000-0000-000000000000', name: 'x', role: 'prepares' })).body.code).toBe('not-found');
    const refused = await renew({ challengeId: (await renewalChallenge(certSerial)).challengeId, csr: csr.pem, signature: wrong.toString('base64') });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('signature-invalid');
    // a signature over the CSR alone (the old form) no longer renews either
    const csrOnly = await tokens.sign('Director', token.pin, 'director', Buffer.from(csr.der));
    const old = await renew({ challengeId: (await renewalChallenge(certSerial)).challengeId, csr: csr.pem, signature: csrOnly.toString('base64') });
    expect(old.body.code).toBe('signature-invalid');
    // a certificate renews once
    const again = await renewalChallenge(certSerial);
    const twice = await renew({ challengeId: again.challengeId, csr: csr.pem, signature: (await tokens.sign('Director', token.pin, 'director', renewalBytes(again.nonce, csr.der))).toString('base64') });
    expect(twice.body.code).toBe('certificate-superseded');
  });
});

describe('certificates that may no longer sign in', () => {
  it('refuses a certificate past its validity, and lets a user revoke their own certificate but not another\'s', async () => {
    const session = (await login()).res.body.token;
    // the renewed key's certificate (from the renewal test) belongs to the same user: revoke it as the user
    const [, renewed] = (await tokens.listKeys('Director', token.pin)).map((k) => k.certificate?.serialNumber.toLowerCase());
    expect(renewed).toBeDefined();
    expect((await api('POST', `/v1/certificates/${renewed}/revocation`, { reason: 'superseded' }, session)).status).toBe(204);
    expect((await api('POST', '/v1/auth/challenges', { certificateSerial: renewed })).body.code).toBe('certificate-revoked');
    const someoneElses = (await api('POST', `/v1/certificates/00ff/revocation`, { reason: 'key-compromise' }, session)).body;
    expect(someoneElses.code).toBe('not-found');
    bank.clock.advance(400 * 86_400);
    const expired = await api('POST', '/v1/auth/challenges', { certificateSerial: certSerial });
    expect(expired.status).toBe(403);
    expect(expired.body.code).toBe('certificate-expired');
    expect((await api('GET', '/v1/me', undefined, session)).status).toBe(401);
    bank.clock.advance(-400 * 86_400);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a client goes over its limit', async () => {
    const tight = await startSandbox({ dataDir: join(hsm.dir, 'tight-bank'), rateLimit: { burst: 5, perSecond: 1 } });
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, () => fetch(`${tight.url}/v1/ca/certificate`)));
      const limited = answers.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(6);
      expect(limited[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await limited[0]!.json()) as { code: string }).code).toBe('rate-limited');
      // a made-up Authorization header does not buy a fresh allowance
      const faked = await Promise.all(Array.from({ length: 10 }, (_, i) => fetch(`${tight.url}/v1/ca/certificate`, { headers: { authorization: `Bearer fake-${i}` } })));
      expect(faked.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(8);
      // asking whose a code is, like every unauthenticated route: no way to try codes fast
      const asked = await Promise.all(
        Array.from({ length: 10 }, (_, i) => fetch(`${tight.url}/v1/enrollments/holder`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enrolmentCode: `guess-${i}-code` }) })),
      );
      expect(asked.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(8);
    } finally {
      await tight.close();
    }
  });
});

describe('revocation and restart', () => {
  it('refuses a revoked certificate at login and ends its sessions; the state survives a restart', async () => {
    const { res } = await login();
    await bank.close();
    bank = await startSandbox({ dataDir });
    expect((await api('GET', '/v1/me', undefined, res.body.token)).status).toBe(200);
    expect((await admin('POST', `/admin/certificates/${certSerial}/revocation`)).status).toBe(204);
    expect((await api('GET', '/v1/me', undefined, res.body.token)).body.code).toBe('certificate-revoked');
    const ch = await api('POST', '/v1/auth/challenges', { certificateSerial: certSerial });
    expect(ch.status).toBe(403);
    expect(ch.body.code).toBe('certificate-revoked');
    const crl = await fetch(`${bank.url}/v1/ca/crl`).then(async (r) => Buffer.from(await r.arrayBuffer()));
    writeFileSync(join(hsm.dir, 'bank.crl'), crl);
    // OpenSSL checks the CRL's signature with the bank's CA certificate and lists the serial
    const checked = opensslStatus(['crl', '-inform', 'DER', '-in', join(hsm.dir, 'bank.crl'), '-CAfile', join(hsm.dir, 'chain.pem'), '-noout', '-text']);
    expect(checked.out).toContain('verify OK');
    expect(checked.out.toLowerCase().replace(/:/g, '')).toContain(`serial number ${certSerial}`);
  });
});
