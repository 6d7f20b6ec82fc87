/**
 * The sandbox bank over real HTTP: a started sandbox (temp data dir), a signer enrolled and
 * logged in through the public API with a software key, then mutated bodies sent to each route
 * with a request body or query. Every answer must be 2xx or a problem+json 4xx; a 5xx, any
 * other answer, or no answer within the time limit is a finding.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, KeyObject, randomUUID, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { certificateParts } from '../../src/crypto/x509/certificate.ts';
import { parseSubject, subjectToDer } from '../../src/crypto/x509/subject.ts';
import { startSandbox } from '../../src/sandbox/server.ts';
import { DOCUMENT_EXAMPLES, DOCUMENT_KINDS, DOCUMENT_KIND_NAMES, type DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';
import { renewalSignedJson } from '../../src/shared/bank-api/enrollment.ts';
import { loginSignedJson } from '../../src/shared/bank-api/auth.ts';
import { Problem } from '../../src/shared/bank-api/problem.ts';
import { COMPANY, csrPem, resignCsr, SIGNER_SUBJECT } from './corpus-crypto.ts';
import { FuzzHang, type FuzzTarget } from './harness.ts';
import { mutateBytes, mutateJsonValue, NASTY_VALUES } from './mutate.ts';
import type { Prng } from './prng.ts';

const crypto = webcrypto as unknown as Crypto;
const TIMEOUT_MS = 10_000;

interface Route {
  method: 'POST' | 'PUT' | 'PATCH' | 'GET';
  /** The path; `body` is the (mutated) body, for routes whose id must match the signed bytes. */
  path(rng: Prng, body?: unknown): string;
  session: boolean;
  /** Genuine bodies (or query objects for GET) to mutate. */
  bodies: unknown[];
}

/** The document id a (possibly mutated) PUT body's signed document names, if it still has one. */
function boundId(body: unknown): string | undefined {
  const id = (body as { document?: { id?: unknown } } | null)?.document?.id;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) ? id : undefined;
}

/** A path segment: mostly well-formed, sometimes not. */
const uuid = (rng: Prng): string => (rng.chance(0.9) ? randomUuidFrom(rng) : encodeURIComponent(rng.pick(NASTY_VALUES).slice(0, 100).replace(/[\uD800-\uDFFF]/g, '?')) || 'x');
const randomUuidFrom = (rng: Prng): string => {
  const h = rng.bytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

async function json(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export const httpTarget: FuzzTarget = {
  name: 'bank-http',
  entry: 'the sandbox bank over HTTP (src/sandbox/server.ts startSandbox)',
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-bank-'));
    const bank = await startSandbox({ dataDir: dir, rateLimit: { burst: 1e9, perSecond: 1e9 } });
    const admin = { authorization: `Bearer ${bank.adminSecret}` };
    const company = await json(`${bank.adminUrl}/admin/companies`, 'POST', { name: 'ООО «Ромашка»', inn: COMPANY.inn, ogrn: COMPANY.ogrn }, admin);
    const companyId = (company.body as { companyId: string }).companyId;
    const newCode = async (): Promise<string> => {
      const u = await json(`${bank.adminUrl}/admin/users`, 'POST', { companyId, name: 'Иванов Иван Иванович', role: 'single-signature' }, admin);
      return (u.body as { enrolmentCode: string }).enrolmentCode;
    };

    // a signer enrolled through the public API, with a software key
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create(
      { name: new x509.Name(new Uint8Array(subjectToDer(parseSubject(SIGNER_SUBJECT)))), keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } },
      crypto,
    );
    const enrolled = await json(`${bank.url}/v1/enrollments`, 'POST', { enrolmentCode: await newCode(), csr: csr.toString('pem') });
    if (enrolled.status !== 201) throw new Error(`enrolment refused: ${JSON.stringify(enrolled.body)}`);
    const { id, totp } = enrolled.body as { id: string; totp: { secret: string } };
    await json(`${bank.adminUrl}/admin/enrollments/${id}/decision`, 'POST', { approve: true }, admin);
    const issued = (await json(`${bank.url}/v1/enrollments/${id}`, 'GET')).body as { certificate: string };
    const cert = new x509.X509Certificate(issued.certificate);
    const signer = new CmsSigner(softwareSource(KeyObject.from(keys.privateKey)), certificateParts(Buffer.from(cert.rawData)));
    const serial = cert.serialNumber.toLowerCase();
    const signedChallenge = async (): Promise<{ challengeId: string; signature: string }> => {
      const ch = (await json(`${bank.url}/v1/auth/challenges`, 'POST', { certificateSerial: serial })).body as { challengeId: string; nonce: string };
      return { challengeId: ch.challengeId, signature: (await signer.sign(Buffer.from(loginSignedJson(ch.nonce), 'utf8'))).toString('base64') };
    };
    // each code works once: the next one the bank has not seen (none while both steps are spent)
    const totpNow = (): string => {
      const next = bank.identity.nextLoginCode(totp.secret);
      return 'code' in next ? next.code : '000000';
    };
    const login = await json(`${bank.url}/v1/auth/sessions`, 'POST', { ...(await signedChallenge()), totp: totpNow() });
    if (login.status !== 201) throw new Error(`login refused: ${JSON.stringify(login.body)}`);
    const session = { authorization: `Bearer ${(login.body as { token: string }).token}` };

    // genuine bodies: every document kind signed over its bound bytes, a renewal, messages
    const documents: unknown[] = [];
    for (const kind of DOCUMENT_KIND_NAMES) {
      const body = { kind, version: DOCUMENT_KINDS[kind].version, content: DOCUMENT_EXAMPLES[kind] } as DocumentBody;
      const binding = { id: randomUUID(), companyId };
      documents.push({ document: signedDocumentJson(binding, body), signature: (await signer.sign(signedDocumentBytes(binding, body))).toString('base64') });
    }
    const renewalCsr = await x509.Pkcs10CertificateRequestGenerator.create({ name: csr.subjectName, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } }, crypto);
    const renewalCsrSha256 = createHash('sha256').update(Buffer.from(renewalCsr.rawData)).digest('hex');
    // the challenge and its signature are made fresh at the call (placeholders), as a client does
    const renewal = { challengeId: '@@RENEWAL_CHALLENGE@@', csr: renewalCsr.toString('pem'), signature: '@@RENEWAL_SIGNATURE@@' };
    const sig = (documents[0] as { signature: string }).signature;
    // genuine requests for subjects the bank must refuse (no CN; a country that is not two letters)
    const sample = { pem: csr.toString('pem'), der: Buffer.from(csr.rawData), key: KeyObject.from(keys.privateKey), hash: 'sha256' as const };
    const attributes = parseSubject(SIGNER_SUBJECT);
    const oddCsrs = [
      attributes.filter((a) => a.type.oid !== '2.5.4.3'),
      attributes.map((a) => (a.type.oid === '2.5.4.6' ? { ...a, value: 'Russia' } : a)),
    ].map((list) => csrPem(resignCsr(sample, subjectToDer(list))));

    const routes: Route[] = [
      // mostly under the id the signed bytes name (so the checks past the binding are reached)
      { method: 'PUT', path: (r, body) => `/v1/documents/${(r.chance(0.8) && boundId(body)) || uuid(r)}`, session: true, bodies: documents },
      { method: 'POST', path: (r) => `/v1/documents/${uuid(r)}/signatures`, session: true, bodies: [{ signature: sig }] },
      { method: 'POST', path: () => '/v1/auth/challenges', session: false, bodies: [{ certificateSerial: serial }] },
      { method: 'POST', path: () => '/v1/auth/sessions', session: false, bodies: [{ challengeId: '@@CHALLENGE@@', signature: '@@SIGNATURE@@', totp: '@@TOTP@@' }, { challengeId: '@@CHALLENGE@@', signature: sig, totp: '123456' }] },
      { method: 'POST', path: () => '/v1/enrollments', session: false, bodies: [{ enrolmentCode: '@@CODE@@', csr: csr.toString('pem') }, ...oddCsrs.map((pem) => ({ enrolmentCode: '@@CODE@@', csr: pem }))] },
      // renewals are issued at once: valid ones pass, mutated ones must be refused cleanly
      { method: 'POST', path: () => '/v1/certificates/renewals', session: true, bodies: [renewal] },
      { method: 'POST', path: () => '/v1/messages', session: true, bodies: [{ subject: 'Вопрос', body: 'Текст письма', attachments: [{ name: 'a.txt', mediaType: 'text/plain', content: 'AAAA' }] }] },
      { method: 'PATCH', path: (r) => `/v1/messages/${uuid(r)}`, session: true, bodies: [{ read: true }] },
      { method: 'POST', path: (r) => `/v1/contracts/${uuid(r)}/early-repayment-quote`, session: true, bodies: [{ date: '2026-12-01' }] },
      { method: 'GET', path: () => '/v1/changes', session: true, bodies: [{ cursor: '0', limit: '500' }] },
      { method: 'GET', path: (r) => `/v1/accounts/${uuid(r)}/statement`, session: true, bodies: [{ from: '2026-11-01', to: '2026-11-30' }] },
      // a random serial: revoking the signer's own certificate would end the session for every later input
      { method: 'POST', path: (r) => `/v1/certificates/${r.bytes(8).toString('hex')}/revocation`, session: true, bodies: [{ reason: 'superseded' }] },
    ];

    let code = await newCode();
    return {
      generate(rng, index) {
        const route = routes[index % routes.length]!;
        let value = rng.pick(route.bodies);
        for (let i = rng.range(0, 3); i > 0; i--) value = mutateJsonValue(rng, value);
        if (route.method === 'GET') {
          const q = value !== null && typeof value === 'object' ? new URLSearchParams(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])) : String(value);
          return Buffer.from(`GET ${route.path(rng)}?${q.toString()}\n${route.session ? 's' : '-'}\n`);
        }
        let body: Buffer = Buffer.from(JSON.stringify(value) ?? 'null');
        if (rng.chance(0.03)) {
          const depth = rng.range(1000, 100_000); // nesting no body has, as text
          body = Buffer.from(`${'['.repeat(depth)}${body.toString('utf8')}${']'.repeat(depth)}`);
        }
        if (rng.chance(0.1)) body = mutateBytes(rng, body, undefined, 300_000);
        return Buffer.concat([Buffer.from(`${route.method} ${route.path(rng, value)}\n${route.session ? 's' : '-'}\n`), body]);
      },
      async run(input) {
        const firstNl = input.indexOf(0x0a);
        const secondNl = input.indexOf(0x0a, firstNl + 1);
        const [method, path] = input.subarray(0, firstNl).toString('utf8').split(' ') as [string, string];
        const withSession = input[firstNl + 1] === 0x73;
        let body = input.subarray(secondNl + 1).toString('utf8');
        // placeholders stand for what must be fresh at the time of the call
        if (body.includes('@@CHALLENGE@@')) {
          const ch = await signedChallenge();
          body = body.replaceAll('@@CHALLENGE@@', ch.challengeId).replaceAll('@@SIGNATURE@@', ch.signature);
        }
        if (body.includes('@@RENEWAL_CHALLENGE@@')) {
          const ch = (await json(`${bank.url}/v1/certificates/renewal-challenges`, 'POST', { certificateSerial: serial }, session)).body as { challengeId?: string; nonce?: string };
          const signed = Buffer.from(renewalSignedJson(ch.nonce ?? '', renewalCsrSha256), 'utf8');
          body = body.replaceAll('@@RENEWAL_CHALLENGE@@', ch.challengeId ?? '00000000-0000-4000-8000-000000000000').replaceAll('@@RENEWAL_SIGNATURE@@', (await signer.sign(signed)).toString('base64'));
        }
        body = body.replaceAll('@@TOTP@@', totpNow()).replaceAll('@@CODE@@', code);
        let res: Response;
        try {
          res = await fetch(bank.url + path, {
            method,
            headers: { ...(method === 'GET' ? {} : { 'content-type': 'application/json' }), ...(withSession ? session : {}) },
            ...(method === 'GET' ? {} : { body }),
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
        } catch (e) {
          if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) throw new FuzzHang(`no answer in ${TIMEOUT_MS} ms`);
          throw e;
        }
        const text = await res.text();
        if (res.status >= 200 && res.status < 300) {
          if (path === '/v1/enrollments') code = await newCode(); // the code is used up
          return res.status;
        }
        const type = res.headers.get('content-type') ?? '';
        if (res.status >= 500 || res.status < 400) throw new Error(`HTTP ${res.status} ${method} ${path.slice(0, 80)} ${type}: ${text.slice(0, 300)}`);
        let problem: unknown;
        try {
          problem = JSON.parse(text);
        } catch {
          problem = undefined;
        }
        if (!type.startsWith('application/problem+json') || !Problem.safeParse(problem).success) throw new Error(`HTTP ${res.status} ${method} ${path.slice(0, 80)} is not a problem+json: ${type} ${text.slice(0, 300)}`);
        return res.status;
      },
      typed: () => false,
      async close() {
        await bank.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};
