import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { join } from 'node:path';
import { X509Certificate, webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { SoftHsm, SOFTHSM_MODULE, type TestToken } from '../helpers/softhsm.ts';
import { http } from '../helpers/http.ts';

/**
 * Red team, issue 13: the enrolment code's holder and the CN check (csr-subject-mismatch). The
 * bank compared the first CN its reading of the subject met with the holder's name, and issued
 * the certificate with the request's subject as it came: a request naming two people (two CN
 * attributes, or two CN values in one RDN) passed with the holder's name in one and another
 * person's in the other, and every reader that takes the other CN (OpenSSL, a viewer, another
 * bank's client) shows that person as the signer. Look-alike names (Latin letters among the
 * Cyrillic, zero-width characters) must be refused too, and a used code must read as an unknown
 * one.
 */
let hsm: SoftHsm;
let token: TestToken;
let tokens: TokenService;
let bank: RunningSandbox;
let companyId: string;

const admin = (method: string, path: string, body?: unknown) => http(method, bank.adminUrl + path, body, { authorization: `Bearer ${bank.adminSecret}` });
const api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => http<T>(method, bank.url + path, body, {});
const REST = 'T=Главный бухгалтер,O=ООО Ромашка,C=RU,1.2.643.100.4=7707083893';

beforeAll(async () => {
  hsm = new SoftHsm('red-csr-subject');
  token = hsm.initTestToken('Chief', '33334444', '99998888');
  tokens = new TokenService(SOFTHSM_MODULE);
  await tokens.generateKey('Chief', token.pin, 'ec-p256', 'chief');
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  companyId = (await admin('POST', '/admin/companies', { name: 'ООО Ромашка', inn: '7707083893', kpp: '770701001', ogrn: '1027700132195' })).body.companyId as string;
});
afterAll(async () => {
  await bank?.close();
  hsm?.cleanup();
});

const newCode = async (): Promise<string> => (await admin('POST', '/admin/users', { companyId, name: 'Сидорова Мария Петровна', position: 'Главный бухгалтер', role: 'second-signature' })).body.enrolmentCode as string;

async function enrol(code: string, subject: string) {
  const csr = await tokens.createCsr('Chief', token.pin, 'chief', subject);
  return api<{ code?: string; id?: string; status?: string }>('POST', '/v1/enrollments', { enrolmentCode: code, csr: csr.pem });
}

describe('the CN of an enrolment request', () => {
  it('refuses a request naming the holder and another person in two CNs, either way round; the code stays unused', async () => {
    const code = await newCode();
    for (const subject of [`CN=Сидорова Мария Петровна,CN=Иванов Иван Иванович,${REST}`, `CN=Иванов Иван Иванович,CN=Сидорова Мария Петровна,${REST}`]) {
      const r = await enrol(code, subject);
      expect([r.status, r.body.code], subject).toEqual([422, 'csr-subject-mismatch']);
    }
    // two CN values in one RDN (our CSR maker refuses to write one; another tool writes it)
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const name: x509.JsonName = [{ '1.2.643.100.4': ['7707083893'] }, { '2.5.4.6': ['RU'] }, { '2.5.4.10': ['ООО Ромашка'] }, { '2.5.4.3': ['Сидорова Мария Петровна', 'Иванов Иван Иванович'] }];
    const multi = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: alg }, webcrypto as unknown as Crypto);
    const r = await api<{ code?: string }>('POST', '/v1/enrollments', { enrolmentCode: code, csr: multi.toString('pem') });
    expect(r.status).toBe(422);
    expect(['csr-invalid', 'csr-subject-mismatch']).toContain(r.body.code);
    expect((await api('POST', '/v1/enrollments/holder', { enrolmentCode: code })).status).toBe(200);
    const right = await enrol(code, `CN=Сидорова Мария Петровна,${REST}`);
    expect([right.status, right.body.status]).toEqual([201, 'pending']);
    const approved = await admin('POST', `/admin/enrollments/${right.body.id!}/decision`, { approve: true });
    expect(approved.status).toBe(200);
    const done = await api<{ certificate: string }>('GET', `/v1/enrollments/${right.body.id!}`);
    // the certificate names her once, as OpenSSL reads it too
    const cns = new X509Certificate(done.body.certificate).subject.split('\n').filter((l) => l.startsWith('CN='));
    expect(cns).toEqual(['CN=Сидорова Мария Петровна']);
  });

  it('refuses look-alike names: Latin letters among the Cyrillic; zero-width, bidi, BOM and line-separator characters', async () => {
    const code = await newCode();
    for (const cn of ['Сидорова Мaрия Петровна' /* Latin a */, 'Сидорова Мария\u200b Петровна', 'Сидорова Мария Петровна\u200b', '\u202eСидорова Мария Петровна', 'Сидорова\ufeffМария Петровна' /* a BOM, which \\s matches */, 'Сидорова\u2028Мария Петровна' /* a line separator */, 'Сидорова Мария\u3000Петровна\u180e']) {
      const r = await enrol(code, `CN=${cn},${REST}`);
      expect([r.status, r.body.code], JSON.stringify(cn)).toEqual([422, 'csr-subject-mismatch']);
    }
  });

  it('answers a used code as an unknown one', async () => {
    const code = await newCode();
    const r = await enrol(code, `CN=Сидорова Мария Петровна,${REST}`);
    expect(r.status).toBe(201);
    const used = await api('POST', '/v1/enrollments/holder', { enrolmentCode: code });
    const unknown = await api('POST', '/v1/enrollments/holder', { enrolmentCode: 'AAAAAAAAAAAA' });
    expect([used.status, used.body]).toEqual([unknown.status, unknown.body]);
  });
});
