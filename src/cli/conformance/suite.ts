import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { TokenService, verifySignature } from '../../main/tokens/token-service.ts';
import { Statement } from '../../shared/bank-api/accounts.ts';
import type { DocumentBody } from '../../shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../shared/bank-api/documents/signed.ts';
import { renewalSignedJson } from '../../shared/bank-api/enrollment.ts';
import { loginSignedJson } from '../../shared/bank-api/auth.ts';
import { DIRECTORY_SIGNATURE_HEADER, directorySignedBytes } from '../../shared/bank-api/directory-signature.ts';
import { letterSignedBytes } from '../../shared/bank-api/messages.ts';
import { recallSignedBytes, type RecallRequestFields } from '../../shared/bank-api/recall.ts';
import { lookAlikeSigner } from '../../main/tokens/look-alike.ts';
import { parseEd807 } from '../../main/formats/ed807/index.ts';
import { BankClient, type HttpResult, type Signer } from './bank-client.ts';
import { gostSoftHsmBuild, SOFTHSM_MODULE, ThrowawaySoftHsm } from './softhsm.ts';

export type Outcome = 'pass' | 'fail' | 'not run';

export interface StepResult {
  step: string;
  outcome: Outcome;
  detail: string;
}

export interface SuiteOptions {
  url: string;
  /** The bank-side API (the sandbox's admin API). Without it, the steps that need the bank's side are not run. */
  admin?: { url: string; secret: string };
  /** The company the test people belong to (its INN goes into their certificates). */
  company: { name: string; inn: string; ogrn: string };
  /**
   * The folder of a SoftHSM2 built with GOST (scripts/build-softhsm-gost.sh): the GOST R 34.10-2012
   * step enrols, logs in and submits with GOST keys on its tokens. Without it that step is "not
   * run", saying so (a bank without GOST skips it knowingly); given but unusable, it fails.
   */
  gostSoftHsm?: string;
  log?: (line: string) => void;
}

class NotRun extends Error {}

/** What a renewal signature covers: the challenge's nonce and the SHA-256 of the CSR's DER. */
const renewalBytes = (nonce: string, csrPem: string): Buffer => {
  const der = Buffer.from(csrPem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');
  return Buffer.from(renewalSignedJson(nonce, createHash('sha256').update(der).digest('hex')), 'utf8');
};

const PINS = { director: '24682468', chief: '13571357', clerk: '11223344', stranger: '99887766', renewer: '55667788' };

/**
 * The bank API contract, end to end, with real token signatures (SoftHSM2): enrolment, login,
 * idempotent submission, conflict, two-person signing across two tokens, each rejection code,
 * status receipts, the changes feed, isolation between companies. A step that needs the bank's
 * side without an admin API is "not run", never "pass".
 */
export async function runConformance(opts: SuiteOptions): Promise<StepResult[]> {
  const hsm = new ThrowawaySoftHsm('conformance');
  const results: StepResult[] = [];
  const bank = new BankClient(opts.url, opts.admin);
  const tokens = (() => {
    for (const [label, pin] of Object.entries(PINS)) hsm.initToken(label, pin, `so-${pin}`);
    return new TokenService(SOFTHSM_MODULE);
  })();
  const people: Partial<Record<keyof typeof PINS, Signer>> = {};
  const sessions: Partial<Record<keyof typeof PINS, string>> = {};
  const done = new Set<string>();

  async function step(name: string, needs: string[], run: () => Promise<string>): Promise<void> {
    const missing = needs.filter((n) => !done.has(n));
    if (missing.length) {
      results.push({ step: name, outcome: 'not run', detail: `needs: ${missing.join(', ')}` });
      return;
    }
    try {
      const detail = await run();
      results.push({ step: name, outcome: 'pass', detail });
      done.add(name);
    } catch (e) {
      results.push({ step: name, outcome: e instanceof NotRun ? 'not run' : 'fail', detail: (e as Error).message });
    }
    opts.log?.(`${results.at(-1)!.outcome.padEnd(7)} ${name}`);
  }
  const expectProblem = (r: HttpResult, status: number, code: string): string => {
    const got = (r.body as { code?: string } | undefined)?.code;
    if (r.status !== status || got !== code || !r.type.includes('application/problem+json')) {
      throw new Error(`expected ${status} ${code} as problem+json, got ${r.status} ${got ?? JSON.stringify(r.body).slice(0, 200)}`);
    }
    return `${status} ${code}`;
  };
  const needAdmin = (): void => {
    if (!opts.admin) throw new NotRun('needs the bank side (--admin-url and --admin-secret-file)');
  };
  const call = (who: keyof typeof PINS, method: string, path: string, body?: unknown) => bank.request(method, path, body, sessions[who]);
  const today = (): string => bank.now().toISOString().slice(0, 10);
  const subject = (cn: string, inn: string): string => `CN=${cn},O=${opts.company.name},C=RU,1.2.643.100.4=${inn}`;
  let companyId = '';
  let strangerCompanyId = '';
  /** The bytes a document is signed as: bound to its id and the company. */
  const bytesOf = (id: string, body: DocumentBody, company = companyId): Buffer => Buffer.from(signedDocumentBytes({ id, companyId: company }, body));
  const sign = async (who: keyof typeof PINS, id: string, body: DocumentBody, addTo?: string, company = companyId): Promise<string> => {
    const s = people[who]!;
    const sig = await tokens.sign(s.token, s.pin, s.key, bytesOf(id, body, company), addTo ? { addTo: { bytes: Buffer.from(addTo, 'base64'), source: 'bank' } } : {});
    return sig.toString('base64');
  };
  /** PUT /v1/documents/{id} as `who`: the signed document and its signature. */
  const submit = (who: keyof typeof PINS, id: string, body: DocumentBody, signature: string, company = companyId) =>
    call(who, 'PUT', `/v1/documents/${id}`, { document: signedDocumentJson({ id, companyId: company }, body), signature });
  let accountNumber = '';
  const order = (amount: number, number: string): DocumentBody =>
    ({
      kind: 'payment-order',
      version: 1,
      content: {
        number,
        date: today(),
        amount,
        payer: { name: opts.company.name, inn: opts.company.inn, account: accountNumber, bank: { name: 'Bank', bic: '044525225', corrAccount: '30101810400000000225' } },
        payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } },
        uin: '0',
        priority: 5,
        purpose: 'Оплата по договору поставки № 12, НДС не облагается',
        operationType: '01',
      },
    }) as DocumentBody;

  // the suite moves the bank's clock (statuses, session expiry): it is put back at the end, so a
  // sandbox shared with people keeps its statuses and sessions on the time they expect
  const clockBefore = opts.admin ? await bank.clockOffset().catch(() => undefined) : undefined;
  try {
    await step('bank CA certificate published', [], async () => {
      const r = await bank.request<string>('GET', '/v1/ca/certificate');
      if (r.status !== 200 || !String(r.body).includes('BEGIN CERTIFICATE')) throw new Error(`GET /v1/ca/certificate: ${r.status}`);
      return 'PEM';
    });
    await step('BIC directory: ED807 with a strong ETag, If-None-Match answered 304, signed by the receipts key', [], async () => {
      const r = await fetch(`${opts.url}/v1/directory/bic`);
      const bytes = new Uint8Array(await r.arrayBuffer());
      if (r.status !== 200) throw new Error(`GET /v1/directory/bic: ${r.status}`);
      const dir = parseEd807(bytes); // refused with its line and element when it is not a full ED807
      const etag = r.headers.get('etag');
      if (!etag || etag.startsWith('W/') || !/^"[^"]*"$/.test(etag)) throw new Error(`ETag ${etag ?? '(none)'}: a strong entity tag expected`);
      // signed by the key that signs receipts, over its ETag and the SHA-256 of its bytes: a client refuses it otherwise
      const signature = r.headers.get(DIRECTORY_SIGNATURE_HEADER);
      if (!signature) throw new Error(`no ${DIRECTORY_SIGNATURE_HEADER} header: clients refuse an unsigned directory`);
      const ca = Buffer.from((await bank.request<string>('GET', '/v1/ca/certificate')).body);
      const receiptsDer = new X509Certificate((await bank.request<string>('GET', '/v1/ca/receipts-certificate')).body).raw;
      const hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
      const report = await verifySignature(directorySignedBytes({ etag, sha256: hex(bytes) }), Buffer.from(signature, 'base64'), [ca], 'BIC directory');
      if (!report.ok || report.signers.length !== 1 || report.signers[0]?.certificateSha256 !== hex(receiptsDer)) throw new Error(`the ${DIRECTORY_SIGNATURE_HEADER} header does not verify as the receipts key's signature over directorySignedBytes`);
      const again = await fetch(`${opts.url}/v1/directory/bic`, { headers: { 'if-none-match': etag } });
      await again.arrayBuffer();
      if (again.status !== 304) throw new Error(`If-None-Match ${etag}: ${again.status}, 304 expected`);
      const other = await fetch(`${opts.url}/v1/directory/bic`, { headers: { 'if-none-match': '"not-this-one"' } });
      await other.arrayBuffer();
      if (other.status !== 200) throw new Error(`If-None-Match with another tag: ${other.status}, 200 expected`);
      return `${dir.entries.length} banks, ED807 of ${dir.businessDay}`;
    });
    await step('enrolment: code + CSR, approval, certificate', ['bank CA certificate published'], async () => {
      needAdmin();
      companyId = (await bank.adminRequest<{ companyId: string }>('POST', '/admin/companies', { ...opts.company, kpp: '770701001' })).body.companyId;
      // an ECDSA P-256 and an RSA-2048 signer: the bank must issue and verify both
      const roles = { director: ['first-signature', 1_500_000_00, 'ec-p256'], chief: ['second-signature', 5_000_000_00, 'rsa-2048'], clerk: ['prepares', undefined, 'ec-p256'] } as const;
      for (const [who, [role, limit, algorithm]] of Object.entries(roles) as [keyof typeof roles, (typeof roles)[keyof typeof roles]][]) {
        people[who] = await bank.enrol(tokens, hsm.dir, { token: who, pin: PINS[who], key: who, companyId, name: `Conformance ${who}`, role, limit, algorithm, subject: subject(`Conformance ${who}`, opts.company.inn) });
      }
      const account = (await bank.adminRequest<{ accountId: string; number: string }>('POST', `/admin/companies/${companyId}/accounts`, { balance: 2_000_000_00 })).body;
      accountNumber = account.number;
      return `3 people enrolled (P-256 and RSA-2048), account ${accountNumber}`;
    });
    await step('enrolment code is one-time', ['enrolment: code + CSR, approval, certificate'], async () => {
      const user = await bank.adminRequest<{ enrolmentCode: string }>('POST', '/admin/users', { companyId, name: 'Once', role: 'prepares' });
      const csr = await tokens.createCsr('clerk', PINS.clerk, 'clerk', subject('Once', opts.company.inn));
      const first = await bank.request('POST', '/v1/enrollments', { enrolmentCode: user.body.enrolmentCode, csr: csr.pem });
      if (first.status !== 201) throw new Error(`first use refused: ${first.status}`);
      return expectProblem(await bank.request('POST', '/v1/enrollments', { enrolmentCode: user.body.enrolmentCode, csr: csr.pem }), 403, 'enrolment-code-invalid');
    });
    await step('enrolment: CSR naming another company refused', ['enrolment: code + CSR, approval, certificate'], async () => {
      const user = await bank.adminRequest<{ enrolmentCode: string }>('POST', '/admin/users', { companyId, name: 'Impostor', role: 'prepares' });
      const csr = await tokens.createCsr('clerk', PINS.clerk, 'clerk', subject('Impostor', '7736050003'));
      return expectProblem(await bank.request('POST', '/v1/enrollments', { enrolmentCode: user.body.enrolmentCode, csr: csr.pem }), 422, 'csr-identity-mismatch');
    });
    await step('enrolment: the code names its holder; a CSR in another name refused, the code still unused', ['enrolment: code + CSR, approval, certificate'], async () => {
      const user = await bank.adminRequest<{ enrolmentCode: string }>('POST', '/admin/users', { companyId, name: 'Holder Person', role: 'prepares' });
      const holder = await bank.request('POST', '/v1/enrollments/holder', { enrolmentCode: user.body.enrolmentCode });
      const named = (holder.body as { name?: string; company?: { inn?: string } } | undefined) ?? {};
      if (holder.status !== 200 || named.name !== 'Holder Person' || named.company?.inn !== opts.company.inn) throw new Error(`holder: ${holder.status} ${JSON.stringify(holder.body).slice(0, 200)}`);
      const csr = await tokens.createCsr('clerk', PINS.clerk, 'clerk', subject('Someone Else', opts.company.inn));
      const refused = expectProblem(await bank.request('POST', '/v1/enrollments', { enrolmentCode: user.body.enrolmentCode, csr: csr.pem }), 422, 'csr-subject-mismatch');
      const still = await bank.request('POST', '/v1/enrollments/holder', { enrolmentCode: user.body.enrolmentCode });
      if (still.status !== 200) throw new Error(`the refused request used the code up: ${still.status}`);
      const unknown = expectProblem(await bank.request('POST', '/v1/enrollments/holder', { enrolmentCode: 'no-such-code' }), 403, 'enrolment-code-invalid');
      return `holder named, ${refused}, unknown code ${unknown}`;
    });
    await step('login: token signature + one-time code', ['enrolment: code + CSR, approval, certificate'], async () => {
      for (const who of ['director', 'chief', 'clerk'] as const) sessions[who] = await bank.login(tokens, people[who]!);
      const me = await call('director', 'GET', '/v1/me');
      if (me.status !== 200) throw new Error(`GET /v1/me: ${me.status}`);
      // without the bank's side, the company is the one the session names
      companyId ||= (me.body as { company: { id: string } }).company.id;
      return 'three sessions';
    });
    await step('login: replayed challenge refused', ['login: token signature + one-time code'], async () => {
      const { challengeId, signature } = await bank.signedChallenge(tokens, people.director!);
      const ok = await bank.request('POST', '/v1/auth/sessions', { challengeId, signature, totp: await bank.totp(people.director!.totpSecret) });
      if (ok.status !== 201) throw new Error(`first use refused: ${ok.status}`);
      return expectProblem(await bank.request('POST', '/v1/auth/sessions', { challengeId, signature, totp: await bank.unspentTotp(people.director!.totpSecret) }), 401, 'challenge-replayed');
    });
    await step('login: wrong one-time code refused', ['login: token signature + one-time code'], async () => {
      const { challengeId, signature } = await bank.signedChallenge(tokens, people.chief!);
      const wrong = String((Number(await bank.unspentTotp(people.chief!.totpSecret)) + 1) % 1_000_000).padStart(6, '0');
      return expectProblem(await bank.request('POST', '/v1/auth/sessions', { challengeId, signature, totp: wrong }), 401, 'totp-invalid');
    });
    await step('attack: a signature over bytes the bank chose does not log in', ['login: token signature + one-time code'], async () => {
      // the token signs a login statement around the nonce, never the nonce itself: a signature of
      // the raw bytes (what a client fooled into signing a payment's bytes as a "nonce" would give) is refused
      const ch = (await bank.request<{ challengeId: string; nonce: string }>('POST', '/v1/auth/challenges', { certificateSerial: people.chief!.certSerial })).body;
      if (Buffer.from(ch.nonce, 'base64').length !== 32) throw new Error(`the nonce is not 32 bytes: ${ch.nonce}`);
      const raw = (await tokens.sign('chief', PINS.chief, 'chief', Buffer.from(ch.nonce, 'base64'))).toString('base64');
      return expectProblem(await bank.request('POST', '/v1/auth/sessions', { challengeId: ch.challengeId, signature: raw, totp: await bank.unspentTotp(people.chief!.totpSecret) }), 422, 'signature-invalid');
    });
    await step('attack: one-time code used twice refused', ['login: token signature + one-time code'], async () => {
      const first = await bank.signedChallenge(tokens, people.director!);
      const ok = await bank.request('POST', '/v1/auth/sessions', { ...first, totp: await bank.totp(people.director!.totpSecret) });
      if (ok.status !== 201) throw new Error(`first use refused: ${ok.status} ${JSON.stringify(ok.body)}`);
      // a fresh challenge and a genuine token signature: only the code is the one used already
      const again = await bank.signedChallenge(tokens, people.director!);
      return expectProblem(await bank.request('POST', '/v1/auth/sessions', { ...again, totp: bank.usedTotp(people.director!.totpSecret) }), 401, 'totp-replayed');
    });
    await step('session: DELETE /v1/auth/session ends it on the bank', ['login: token signature + one-time code'], async () => {
      const token = await bank.login(tokens, people.chief!);
      const ended = await bank.request('DELETE', '/v1/auth/session', undefined, token);
      if (ended.status !== 204) throw new Error(`DELETE /v1/auth/session: ${ended.status} ${JSON.stringify(ended.body)}`);
      return expectProblem(await bank.request('GET', '/v1/me', undefined, token), 401, 'unauthenticated');
    });

    const bigId = randomUUID();
    let big: DocumentBody | undefined;
    /** The complete SignedData of the two-person payment: what an attacker who saw it would replay. */
    let bigSignedData = '';
    await step('submit: first signature, two-person rule pending', ['login: token signature + one-time code'], async () => {
      big = order(1_200_000_00, '901');
      const r = await submit('director', bigId, big, await sign('director', bigId, big));
      const b = r.body as { status?: string; missing?: string[] };
      if (r.status !== 201 || b.status !== 'signed' || b.missing?.join() !== 'second') throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      return 'signed, missing second';
    });
    await step('submit: idempotent (same id, same bytes)', ['submit: first signature, two-person rule pending'], async () => {
      const r = await submit('director', bigId, big!, await sign('director', bigId, big!));
      if (r.status !== 200) throw new Error(`expected 200, got ${r.status}`);
      return '200, same state';
    });
    await step('submit: same id, other bytes -> document-conflict', ['submit: first signature, two-person rule pending'], async () => {
      const other = order(1_200_000_01, '901');
      return expectProblem(await submit('director', bigId, other, await sign('director', bigId, other)), 409, 'document-conflict');
    });
    await step('batch: each document its own result in the order sent, the same again answered the same; an id twice refuses the batch', ['login: token signature + one-time code'], async () => {
      const item = async (signer: keyof typeof PINS, amount: number, number: string) => {
        const id = randomUUID();
        const body = order(amount, number);
        return { id, document: signedDocumentJson({ id, companyId }, body), signature: await sign(signer, id, body) };
      };
      // two the director may sign alone, and one by the clerk, who only prepares documents
      const sent = [await item('director', 1_000_00, '921'), await item('clerk', 2_000_00, '922'), await item('director', 3_000_00, '923')];
      const expected = [201, 403, 201];
      type Result = { id?: string; status?: number; state?: { id?: string; status?: string }; problem?: { code?: string; status?: number } };
      const post = async (documents: unknown[]) => {
        const r = await call('director', 'POST', '/v1/documents/batch', { documents });
        const results = (r.body as { results?: Result[] } | undefined)?.results;
        if (r.status !== 200 || !Array.isArray(results)) throw new Error(`POST /v1/documents/batch: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        return results;
      };
      const check = (results: Result[], created: number, round: string): void => {
        const got = results.map((x) => `${x.id} ${x.status} ${x.state?.status ?? x.problem?.code}`);
        const want = sent.map((d, i) => `${d.id} ${expected[i] === 201 ? created : 403} ${expected[i] === 201 ? 'delivered' : 'signer-not-authorised'}`);
        if (got.join() !== want.join()) throw new Error(`${round}: results ${JSON.stringify(got)}, expected ${JSON.stringify(want)} (in the order sent, ids echoed)`);
        const stateless = results.find((x, i) => (expected[i] === 201 ? x.state?.id !== sent[i]!.id : x.problem?.status !== 403));
        if (stateless) throw new Error(`${round}: ${stateless.id} lacks its state or its problem`);
      };
      const first = await post(sent);
      check(first, 201, 'first');
      for (const [i, d] of sent.entries()) {
        const r = await call('director', 'GET', `/v1/documents/${d.id}`);
        if (expected[i] === 201 ? r.status !== 200 || JSON.stringify(r.body) !== JSON.stringify(first[i]!.state) : r.status !== 404) throw new Error(`GET /v1/documents/${d.id} after the batch: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
      const again = await post(sent);
      check(again, 200, 'sent again');
      const changed = again.findIndex((x, i) => JSON.stringify(x.state ?? x.problem) !== JSON.stringify(first[i]!.state ?? first[i]!.problem));
      if (changed >= 0) throw new Error(`sent again, ${sent[changed]!.id} answered ${JSON.stringify(again[changed]).slice(0, 300)}; the first time ${JSON.stringify(first[changed]).slice(0, 300)}`);
      // the same id twice: the whole batch refused, neither stored
      const [a, b] = [await item('director', 4_000_00, '924'), await item('director', 5_000_00, '925')];
      const twice = expectProblem(await call('director', 'POST', '/v1/documents/batch', { documents: [a, b, { ...(await item('director', 6_000_00, '926')), id: a.id }] }), 400, 'malformed-request');
      for (const d of [a, b]) {
        const r = await call('director', 'GET', `/v1/documents/${d.id}`);
        if (r.status !== 404) throw new Error(`the refused batch stored ${d.id}: ${r.status}`);
      }
      return `201, 403 signer-not-authorised, 201 in order; again 200, 403, 200 with the same states; an id twice ${twice}, nothing stored`;
    });
    await step('two-person: second signer on another token completes it', ['submit: first signature, two-person rule pending'], async () => {
      const awaiting = (await call('chief', 'GET', '/v1/documents/awaiting-signature')).body as unknown as { id: string; canonical: string; signature: string }[];
      const item = awaiting.find((a) => a.id === bigId);
      if (!item) throw new Error('not in the second signer\'s awaiting list');
      if (!Buffer.from(item.canonical, 'base64').equals(bytesOf(bigId, big!))) throw new Error('canonical bytes differ from what was signed');
      bigSignedData = await sign('chief', bigId, big!, item.signature);
      const r = await call('chief', 'POST', `/v1/documents/${bigId}/signatures`, { signature: bigSignedData });
      if ((r.body as { status?: string }).status !== 'delivered') throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      return 'delivered';
    });
    await step('statuses move to executed', ['two-person: second signer on another token completes it'], async () => {
      needAdmin();
      await bank.advanceClock(61);
      await bank.advanceClock(240);
      const s = (await call('director', 'GET', `/v1/documents/${bigId}`)).body as { status?: string };
      if (s.status !== 'executed') throw new Error(`status is ${s.status}`);
      return 'executed';
    });
    await step('statement: the executed payment names the payee\'s bank, its corr. account and the priority', ['statuses move to executed'], async () => {
      // the days around the bank's today: the clock moved on, perhaps past midnight
      const day = (offset: number): string => new Date(bank.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
      const accounts = (await call('director', 'GET', '/v1/accounts')).body as unknown as { id: string; number: string }[];
      const account = accounts.find((a) => a.number === accountNumber);
      if (!account) throw new Error(`GET /v1/accounts does not list ${accountNumber}`);
      const r = await call('director', 'GET', `/v1/accounts/${account.id}/statement?from=${day(-1)}&to=${day(1)}`);
      const parsed = Statement.safeParse(r.body);
      if (r.status !== 200 || !parsed.success) throw new Error(`the statement: ${r.status} ${parsed.success ? '' : parsed.error.message.slice(0, 300)}`);
      const entry = parsed.data.entries.find((e) => e.documentNumber === '901' && e.direction === 'debit');
      if (!entry) throw new Error('the executed payment № 901 is not in the statement');
      const cp = entry.counterparty;
      const problems = [
        entry.priority === 5 ? '' : `priority ${entry.priority ?? 'missing'}, the order said 5`,
        cp.bankName ? '' : 'no bank name of the payee',
        // the order gave no correspondent account: the bank knows it from its BIC directory
        /^\d{20}$/.test(cp.corrAccount ?? '') ? '' : `corr. account ${cp.corrAccount ?? 'missing'}`,
        cp.bic === '049805746' && cp.inn === '500100732259' ? '' : `payee ${cp.inn} at ${cp.bic}`,
      ].filter(Boolean);
      if (problems.length) throw new Error(problems.join('; '));
      return `priority ${entry.priority}, ${cp.bankName}, corr. account ${cp.corrAccount}`;
    });
    await step('changes feed with verified bank receipts', ['statuses move to executed'], async () => {
      const ca = Buffer.from((await bank.request<string>('GET', '/v1/ca/certificate')).body);
      // receipts must come from the bank's receipts key, not from any certificate of the same CA
      const receiptsCert = await bank.request<string>('GET', '/v1/ca/receipts-certificate');
      const receiptsDer = new X509Certificate(receiptsCert.body).raw;
      const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
      const feed = (await call('chief', 'GET', '/v1/changes?cursor=0')).body as { changes: { documentId: string; status: string; receipt: { payload: string; signature: string } }[]; cursor: number };
      const mine = feed.changes.filter((c) => c.documentId === bigId);
      if (mine.map((c) => c.status).join() !== 'signed,delivered,accepted,executed') throw new Error(`statuses ${mine.map((c) => c.status).join()}`);
      for (const c of mine) {
        const payload = Buffer.from(c.receipt.payload, 'base64');
        const report = await verifySignature(payload, Buffer.from(c.receipt.signature, 'base64'), [ca], 'receipt');
        if (!report.ok) throw new Error(`receipt of ${c.status} does not verify: ${report.signers.flatMap((s) => s.problems.map((p) => p.message)).join('; ')}`);
        // by the certificate's bytes: a look-alike with the receipts serial is not the receipts key
        if (report.signers[0]?.certificateSha256 !== sha256(receiptsDer)) throw new Error(`receipt of ${c.status} is not signed by the receipts certificate`);
        const fields = JSON.parse(payload.toString('utf8')) as { status: string; documentId: string; companyId: string; documentSha256: string; signers?: { certificateSha256: string }[] };
        if (fields.status !== c.status || fields.documentId !== bigId) throw new Error('the receipt names another status or document');
        if (fields.companyId !== companyId) throw new Error('the receipt does not name the company');
        if (fields.documentSha256 !== sha256(bytesOf(bigId, big!))) throw new Error('the receipt names other document bytes');
        const named = new Set(fields.signers?.map((x) => x.certificateSha256));
        const expected = c.status === 'signed' ? [people.director!] : [people.director!, people.chief!];
        if (!expected.every((p) => named.has(sha256(new X509Certificate(p.certPem).raw)))) throw new Error(`the receipt of ${c.status} does not name the signers it acknowledges by certificate`);
      }
      // the receipts chain: each names the company's change before it, so none can be left out unseen
      let previous = 0;
      for (const c of feed.changes) {
        const fields = JSON.parse(Buffer.from(c.receipt.payload, 'base64').toString('utf8')) as { cursor?: number; previous?: number };
        if (fields.previous !== previous || fields.cursor === undefined) throw new Error(`the receipt at cursor ${fields.cursor} names ${fields.previous} as the change before it; the feed's was ${previous}`);
        previous = fields.cursor;
      }
      if (feed.cursor !== previous) throw new Error(`the page ends at ${feed.cursor}, its last receipt at ${previous}`);
      const after = (await call('chief', 'GET', `/v1/changes?cursor=${feed.cursor}`)).body as { changes: unknown[] };
      if (after.changes.length !== 0) throw new Error('the cursor does not move past what was read');
      return `${mine.length} receipts verify; ${feed.changes.length} receipts chain`;
    });
    await step('refused: signer over their limit', ['login: token signature + one-time code'], async () => {
      const doc = order(1_600_000_00, '902');
      const id = randomUUID();
      return expectProblem(await submit('director', id, doc, await sign('director', id, doc)), 403, 'amount-over-limit');
    });
    await step('refused: signer without the right to sign', ['login: token signature + one-time code'], async () => {
      const doc = order(10_000_00, '903');
      const id = randomUUID();
      return expectProblem(await submit('clerk', id, doc, await sign('clerk', id, doc)), 403, 'signer-not-authorised');
    });
    await step('refused: signature over other bytes', ['login: token signature + one-time code'], async () => {
      const doc = order(10_000_00, '904');
      const id = randomUUID();
      return expectProblem(await submit('director', id, doc, await sign('director', id, order(10_000_01, '904'))), 422, 'signature-invalid');
    });
    await step('refused: document breaking its schema', ['login: token signature + one-time code'], async () => {
      const doc = order(10_000_00, '905');
      (doc.content as unknown as Record<string, unknown>).amount = 10.5;
      const id = randomUUID();
      return expectProblem(await submit('director', id, doc, await sign('director', id, order(10_000_00, '905'))), 422, 'validation-failed');
    });
    await step('refused: malformed JSON', [], async () => expectProblem(await bank.request('POST', '/v1/auth/challenges', '{"certificateSerial":'), 400, 'malformed-request'));
    await step('refused: body over the size cap', [], async () =>
      expectProblem(await bank.request('POST', '/v1/enrollments', { enrolmentCode: 'x'.repeat(2 * 1024 * 1024), csr: 'x' }), 413, 'payload-too-large'),
    );
    await step('refused: no session', [], async () => expectProblem(await bank.request('GET', '/v1/accounts'), 401, 'unauthenticated'));
    await step('refused: revoked certificate', ['login: token signature + one-time code'], async () => {
      needAdmin();
      const doc = order(10_000_00, '906');
      const id = randomUUID();
      const signature = await sign('clerk', id, doc);
      await bank.adminRequest('POST', `/admin/certificates/${people.clerk!.certSerial}/revocation`);
      expectProblem(await bank.request('POST', '/v1/auth/challenges', { certificateSerial: people.clerk!.certSerial }), 403, 'certificate-revoked');
      return expectProblem(await submit('director', id, doc, signature), 403, 'certificate-revoked');
    });
    await step('refused: session used after expiry', ['login: token signature + one-time code'], async () => {
      needAdmin();
      const short = await bank.login(tokens, people.chief!);
      await bank.advanceClock(16 * 60);
      const refused = expectProblem(await bank.request('GET', '/v1/me', undefined, short), 401, 'session-expired');
      for (const who of ['director', 'chief'] as const) sessions[who] = await bank.login(tokens, people[who]!); // every session ended with the clock
      return refused;
    });
    await step('isolation: another company sees nothing', ['submit: first signature, two-person rule pending'], async () => {
      needAdmin();
      const other = (await bank.adminRequest<{ companyId: string }>('POST', '/admin/companies', { name: 'ООО «Лютик»', inn: '7736050003', ogrn: '1027739099629' })).body.companyId;
      people.stranger = await bank.enrol(tokens, hsm.dir, { token: 'stranger', pin: PINS.stranger, key: 'stranger', companyId: other, name: 'Conformance stranger', role: 'single-signature', subject: subject('Conformance stranger', '7736050003') });
      sessions.stranger = await bank.login(tokens, people.stranger);
      strangerCompanyId = other;
      const doc = await call('stranger', 'GET', `/v1/documents/${bigId}`);
      if (doc.status !== 404) throw new Error(`another company's document: ${doc.status}`);
      const feed = (await call('stranger', 'GET', '/v1/changes?cursor=0')).body as { changes: unknown[] };
      if (feed.changes.length) throw new Error("another company's changes are visible");
      const accounts = (await call('stranger', 'GET', '/v1/accounts')).body as unknown as unknown[];
      if (accounts.length) throw new Error("another company's accounts are visible");
      const foreign = order(10_000_00, '907');
      const id = randomUUID();
      return expectProblem(await submit('director', id, foreign, await sign('stranger', id, foreign)), 403, 'signer-not-authorised');
    });
    await step('attack: ids are per company (no existence oracle, no squatting)', ['isolation: another company sees nothing'], async () => {
      // the same answer for every method as for an id nobody used
      const unknown = randomUUID();
      for (const id of [bigId, unknown]) {
        expectProblem(await call('stranger', 'GET', `/v1/documents/${id}`), 404, 'not-found');
        expectProblem(await call('stranger', 'POST', `/v1/documents/${id}/signatures`, { signature: bigSignedData || 'AAAA' }), 404, 'not-found');
      }
      // another company's id is free for this one: taking it neither conflicts nor touches the other's document
      const mine = order(10_000_00, '908');
      const r = await submit('stranger', bigId, mine, await sign('stranger', bigId, mine, undefined, strangerCompanyId), strangerCompanyId);
      if (r.status !== 201) throw new Error(`a new document under an id another company used: ${r.status} ${JSON.stringify(r.body)}`);
      const theirs = (await call('director', 'GET', `/v1/documents/${bigId}`)).body as { kind?: string; signers?: unknown[] };
      if (theirs.signers?.length !== 2) throw new Error("the other company's document changed");
      return 'GET and POST 404 as for an unknown id; PUT under the same id is a separate document';
    });
    await step("letters: signed by a person of the company; unsigned, changed or another company's refused; the bank's signed by its receipts key", ['isolation: another company sees nothing'], async () => {
      const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
      const file = Buffer.from('%PDF-1.4 conformance');
      const letter = { subject: 'Conformance letter', body: 'A letter signed like a document.', attachments: [{ name: 'act.pdf', mediaType: 'application/pdf' as const, content: file.toString('base64') }] };
      const bytes = (body: string, company = companyId): Buffer =>
        Buffer.from(letterSignedBytes({ companyId: company, direction: 'to-bank', subject: letter.subject, body, inReplyTo: null, attachments: [{ name: 'act.pdf', mediaType: 'application/pdf', sha256: sha256(file) }] }));
      const signLetter = async (who: keyof typeof PINS, body: string): Promise<string> => (await tokens.sign(people[who]!.token, people[who]!.pin, people[who]!.key, bytes(body))).toString('base64');
      const count = async (): Promise<number> => ((await call('director', 'GET', '/v1/messages')).body as unknown as unknown[]).length;
      const before = await count();
      const unsigned = expectProblem(await call('director', 'POST', '/v1/messages', letter), 400, 'malformed-request');
      const changed = expectProblem(await call('director', 'POST', '/v1/messages', { ...letter, body: 'Pay to another account.', signature: await signLetter('director', letter.body) }), 422, 'signature-invalid');
      const foreign = expectProblem(await call('director', 'POST', '/v1/messages', { ...letter, signature: await signLetter('stranger', letter.body) }), 403, 'signer-not-authorised');
      if ((await count()) !== before) throw new Error('a refused letter was kept');
      const signature = await signLetter('director', letter.body);
      const sent = await call('director', 'POST', '/v1/messages', { ...letter, signature });
      if (sent.status !== 201) throw new Error(`a signed letter: ${sent.status} ${JSON.stringify(sent.body).slice(0, 200)}`);
      const signer = (sent.body as { signature?: { signer?: { certificateSerial?: string } } }).signature?.signer;
      if (signer?.certificateSerial?.toLowerCase() !== people.director!.certSerial) throw new Error(`the letter names signer ${JSON.stringify(signer)}`);
      const replayed = expectProblem(await call('director', 'POST', '/v1/messages', { ...letter, signature }), 409, 'signature-replayed');
      // the bank's letters: signed by its receipts key over the same bytes with their id and sentAt (one is posted when the bank side is given)
      if (opts.admin) await bank.adminRequest('POST', `/admin/companies/${companyId}/messages`, { subject: 'Conformance', body: 'A letter from the bank.', attachments: [] });
      const ca = Buffer.from((await bank.request<string>('GET', '/v1/ca/certificate')).body);
      const receiptsDer = new X509Certificate((await bank.request<string>('GET', '/v1/ca/receipts-certificate')).body).raw;
      type Letter = { id: string; sentAt: string; direction: 'to-bank' | 'from-bank'; subject: string; body: string; inReplyTo: string | null; attachments: { name: string; mediaType: string; sha256: string }[]; signature: { cms: string } | null };
      const fromBank = ((await call('director', 'GET', '/v1/messages')).body as unknown as Letter[]).filter((m) => m.direction === 'from-bank');
      for (const m of fromBank) {
        if (!m.signature) throw new Error(`the bank's letter «${m.subject}» is not signed`);
        const report = await verifySignature(letterSignedBytes({ ...m, companyId }), Buffer.from(m.signature.cms, 'base64'), [ca], 'letter');
        if (!report.ok || report.signers[0]?.certificateSha256 !== sha256(receiptsDer)) throw new Error(`the bank's letter «${m.subject}» is not signed by the receipts certificate over its bytes`);
      }
      return `unsigned ${unsigned}, changed ${changed}, another company's ${foreign}, replayed ${replayed}; ${fromBank.length} letter(s) of the bank verified`;
    });
    await step('attack: forged certificate (copied serial, subject and issuer) refused', ['submit: first signature, two-person rule pending'], async () => {
      // the genuine director signed and was verified above: a verifier that caches by serial or
      // name would now take the look-alike for the director
      const forger = await lookAlikeSigner(people.director!.certPem);
      const doc = order(900_000_00, '909');
      const id = randomUUID();
      const forged = (await forger.sign(bytesOf(id, doc))).toString('base64');
      // sent by a colleague who is not the director (the clerk has no right to sign; any session will do)
      const submitted = expectProblem(await submit('chief', id, doc, forged), 422, 'signature-invalid');
      const ch = (await bank.request<{ challengeId: string; nonce: string }>('POST', '/v1/auth/challenges', { certificateSerial: people.director!.certSerial })).body;
      const login = expectProblem(
        await bank.request('POST', '/v1/auth/sessions', { challengeId: ch.challengeId, signature: (await forger.sign(Buffer.from(loginSignedJson(ch.nonce), 'utf8'))).toString('base64'), totp: '000000' }),
        422,
        'signature-invalid',
      );
      // even within the director's own session (say, one left open), the look-alike does not renew him
      const renewal = await call('director', 'POST', '/v1/certificates/renewal-challenges', { certificateSerial: people.director!.certSerial });
      if (renewal.status !== 201) throw new Error(`renewal challenge: ${renewal.status} ${JSON.stringify(renewal.body)}`);
      const { challengeId, nonce } = renewal.body as { challengeId: string; nonce: string };
      const csr = await tokens.createCsr('clerk', PINS.clerk, 'clerk', subject('Conformance director', opts.company.inn));
      const renew = expectProblem(
        await call('director', 'POST', '/v1/certificates/renewals', { challengeId, csr: csr.pem, signature: (await forger.sign(renewalBytes(nonce, csr.pem))).toString('base64') }),
        422,
        'signature-invalid',
      );
      return `submit ${submitted}, login ${login}, renewal ${renew}`;
    });
    await step('attack: captured renewal replayed; the renewed certificate supersedes the old', ['login: token signature + one-time code'], async () => {
      needAdmin();
      people.renewer = await bank.enrol(tokens, hsm.dir, { token: 'renewer', pin: PINS.renewer, key: 'renewer', companyId, name: 'Conformance renewer', role: 'prepares', subject: subject('Conformance renewer', opts.company.inn) });
      const old = people.renewer;
      // a renewal is asked within a session of the certificate renewed; the token alone (another's session, or none) is not enough
      const session = await bank.login(tokens, old);
      const tokenOnly = expectProblem(await bank.request('POST', '/v1/certificates/renewal-challenges', { certificateSerial: old.certSerial }), 401, 'unauthenticated');
      const othersSession = expectProblem(await call('chief', 'POST', '/v1/certificates/renewal-challenges', { certificateSerial: old.certSerial }), 403, 'forbidden');
      const renewal = (await bank.request<{ challengeId: string; nonce: string }>('POST', '/v1/certificates/renewal-challenges', { certificateSerial: old.certSerial }, session)).body;
      await tokens.generateKey('renewer', PINS.renewer, 'ec-p256', 'renewer-2');
      const csr = await tokens.createCsr('renewer', PINS.renewer, 'renewer-2', subject('Conformance renewer', opts.company.inn));
      const request = { challengeId: renewal.challengeId, csr: csr.pem, signature: (await tokens.sign('renewer', PINS.renewer, 'renewer', renewalBytes(renewal.nonce, csr.pem))).toString('base64') };
      const issued = await bank.request<{ certificate: string; serialNumber: string }>('POST', '/v1/certificates/renewals', request, session);
      if (issued.status !== 201) throw new Error(`genuine renewal refused: ${issued.status} ${JSON.stringify(issued.body)}`);
      const replayed = expectProblem(await bank.request('POST', '/v1/certificates/renewals', request, session), 401, 'challenge-replayed');
      // a second renewal by the old key, with a fresh challenge, is refused too: it renewed once
      const again = (await bank.request<{ challengeId: string; nonce: string }>('POST', '/v1/certificates/renewal-challenges', { certificateSerial: old.certSerial }, session)).body;
      const twice = expectProblem(
        await bank.request('POST', '/v1/certificates/renewals', { challengeId: again.challengeId, csr: csr.pem, signature: (await tokens.sign('renewer', PINS.renewer, 'renewer', renewalBytes(again.nonce, csr.pem))).toString('base64') }, session),
        409,
        'certificate-superseded',
      );
      // installed and used once (a login), the new certificate supersedes the old one
      const certFile = `${hsm.dir}/renewer-2.pem`;
      writeFileSync(certFile, issued.body.certificate);
      await tokens.importCertificateFile('renewer', PINS.renewer, certFile);
      const renewed = { ...old, key: 'renewer-2', certSerial: issued.body.serialNumber.toLowerCase(), certPem: issued.body.certificate };
      await bank.login(tokens, renewed);
      const superseded = expectProblem(await bank.request('POST', '/v1/auth/challenges', { certificateSerial: old.certSerial }), 403, 'certificate-revoked');
      return `without a session ${tokenOnly}, another's session ${othersSession}; replay ${replayed}; second renewal ${twice}; old certificate after the new one's first use: ${superseded}`;
    });
    await step('attack: executed payment replayed under a new id refused', ['statuses move to executed'], async () => {
      // the complete SignedData of both signers, sent again by the second signer alone
      const asSigned = expectProblem(await call('chief', 'PUT', `/v1/documents/${randomUUID()}`, { document: signedDocumentJson({ id: bigId, companyId }, big!), signature: bigSignedData }), 422, 'document-binding-mismatch');
      const newId = randomUUID();
      const rebound = expectProblem(await submit('chief', newId, big!, bigSignedData), 422, 'signature-invalid');
      return `the signed bytes' id: ${asSigned}; the id rewritten: ${rebound}`;
    });
    await step('recall: an accepted document recalled by a signed request, with a receipt; too late once executed', ['login: token signature + one-time code'], async () => {
      needAdmin();
      const recallOf = async (id: string, body: DocumentBody, reason: string): Promise<{ request: RecallRequestFields; signature: string }> => {
        const request: RecallRequestFields = { documentId: id, documentDigest: createHash('sha256').update(bytesOf(id, body)).digest('hex'), reason, requestedAt: new Date().toISOString() };
        const s = people.director!;
        return { request, signature: (await tokens.sign(s.token, s.pin, s.key, Buffer.from(recallSignedBytes(request)))).toString('base64') };
      };
      const [early, late] = [randomUUID(), randomUUID()];
      const [earlyDoc, lateDoc] = [order(10_000_00, '906'), order(20_000_00, '907')];
      for (const [id, doc] of [[early, earlyDoc], [late, lateDoc]] as const) {
        const r = await submit('director', id, doc, await sign('director', id, doc));
        if (r.status !== 201) throw new Error(`submit: ${r.status} ${JSON.stringify(r.body)}`);
      }
      await bank.advanceClock(61);
      const statusOf = async (id: string): Promise<string | undefined> => ((await call('director', 'GET', `/v1/documents/${id}`)).body as { status?: string }).status;
      if ((await statusOf(early)) !== 'accepted') throw new Error(`the document to recall is ${await statusOf(early)}, not accepted`);
      const asked = await recallOf(early, earlyDoc, 'Conformance: wrong payee details');
      const accepted = await call('director', 'POST', `/v1/documents/${early}/recall`, asked);
      const b = accepted.body as { status?: string; documentStatus?: string };
      if (accepted.status !== 200 || b.status !== 'accepted' || b.documentStatus !== 'recalled') throw new Error(`recall: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      if ((await statusOf(early)) !== 'recalled') throw new Error(`after the recall the document is ${await statusOf(early)}`);
      const again = await call('director', 'POST', `/v1/documents/${early}/recall`, asked);
      if (again.status !== 200 || JSON.stringify(again.body) !== JSON.stringify(accepted.body)) throw new Error(`the same request again: ${again.status} ${JSON.stringify(again.body)}`);
      const feed = (await call('director', 'GET', '/v1/changes?cursor=0&limit=1000')).body as { changes: { documentId: string; status: string; receipt: { payload: string } }[] };
      const change = feed.changes.find((c) => c.documentId === early && c.status === 'recalled');
      if (!change) throw new Error('no recalled change in the feed');
      const receipt = JSON.parse(Buffer.from(change.receipt.payload, 'base64').toString('utf8')) as { status?: string; documentSha256?: string };
      if (receipt.status !== 'recalled' || receipt.documentSha256 !== asked.request.documentDigest) throw new Error(`the receipt says ${JSON.stringify(receipt)}`);
      // signed while the second was accepted, sent once the bank executed it
      const tooLate = await recallOf(late, lateDoc, 'Conformance: too late');
      await bank.advanceClock(240);
      if ((await statusOf(late)) !== 'executed') throw new Error(`the second document is ${await statusOf(late)}, not executed`);
      const refused = expectProblem(await call('director', 'POST', `/v1/documents/${late}/recall`, tooLate), 409, 'recall-too-late');
      if ((await statusOf(late)) !== 'executed') throw new Error('the refused recall changed the document');
      return `accepted -> recalled with a receipt naming the signed bytes, the same request answered the same; executed: ${refused}`;
    });
    // last: a second SoftHSM in this process reads its own SOFTHSM2_CONF, which the first must not re-read after
    await step('GOST R 34.10-2012: enrol, log in, submit with GOST tokens', ['login: token signature + one-time code'], async () => {
      needAdmin();
      if (!opts.gostSoftHsm) throw new NotRun('no GOST token given (--gost-softhsm DIR, a SoftHSM2 built with GOST); skipped knowingly');
      const gostHsm = new ThrowawaySoftHsm('conformance-gost', gostSoftHsmBuild(opts.gostSoftHsm));
      try {
        const gostPins = { director: '86428642', chief: '75317531' } as const;
        for (const [label, pin] of Object.entries(gostPins)) gostHsm.initToken(`gost-${label}`, pin, `so-${pin}`);
        const gostTokens = new TokenService(gostHsm.module);
        // its own account, so the payment can execute whatever the other steps spent
        const account = (await bank.adminRequest<{ number: string }>('POST', `/admin/companies/${companyId}/accounts`, { balance: 5_000_000_00 })).body.number;
        const signer = async (who: keyof typeof gostPins, role: string): Promise<Signer> => {
          const s = await bank.enrol(gostTokens, gostHsm.dir, { token: `gost-${who}`, pin: gostPins[who], key: `gost-${who}`, companyId, name: `Conformance GOST ${who}`, role, limit: 3_000_000_00, algorithm: 'gost2012-256', subject: subject(`Conformance GOST ${who}`, opts.company.inn) });
          const key = (await gostTokens.listKeys(s.token, s.pin)).find((k) => k.label === s.key);
          if (!key?.algorithm.startsWith('gost2012-256')) throw new Error(`the key on the token is ${key?.algorithm}, not GOST R 34.10-2012`);
          return s;
        };
        const director = await signer('director', 'first-signature');
        const chief = await signer('chief', 'second-signature');
        const directorSession = await bank.login(gostTokens, director);
        const chiefSession = await bank.login(gostTokens, chief);
        const gostSign = async (s: Signer, id: string, body: DocumentBody, addTo?: string): Promise<string> =>
          (await gostTokens.sign(s.token, s.pin, s.key, bytesOf(id, body), addTo ? { addTo: { bytes: Buffer.from(addTo, 'base64'), source: 'bank' } } : {})).toString('base64');
        const put = (session: string, id: string, body: DocumentBody, signature: string) => bank.request('PUT', `/v1/documents/${id}`, { document: signedDocumentJson({ id, companyId }, body), signature }, session);
        const doc = order(1_500_000_00, '911');
        (doc.content as { payer: { account: string } }).payer.account = account;
        const id = randomUUID();
        // a GOST signature over other bytes is refused first
        const changed = order(1_500_000_01, '911');
        (changed.content as { payer: { account: string } }).payer.account = account;
        const refused = expectProblem(await put(directorSession, id, doc, await gostSign(director, id, changed)), 422, 'signature-invalid');
        const first = await put(directorSession, id, doc, await gostSign(director, id, doc));
        if (first.status !== 201 || (first.body as { missing?: string[] }).missing?.join() !== 'second') throw new Error(`first GOST signature: ${first.status} ${JSON.stringify(first.body)}`);
        const awaiting = (await bank.request<{ id: string; signature: string }[]>('GET', '/v1/documents/awaiting-signature', undefined, chiefSession)).body.find((a) => a.id === id);
        if (!awaiting) throw new Error("not in the GOST second signer's awaiting list");
        const second = await bank.request<{ status: string }>('POST', `/v1/documents/${id}/signatures`, { signature: await gostSign(chief, id, doc, awaiting.signature) }, chiefSession);
        if (second.body.status !== 'delivered') throw new Error(`second GOST signature: ${second.status} ${JSON.stringify(second.body)}`);
        await bank.advanceClock(61);
        await bank.advanceClock(240);
        const done = await bank.request<{ status: string }>('GET', `/v1/documents/${id}`, undefined, await bank.login(gostTokens, director));
        if (done.body.status !== 'executed') throw new Error(`the GOST-signed payment is ${done.body.status}, not executed`);
        return `two GOST 2012-256 signers enrolled and logged in; a payment signed by both executed; over other bytes ${refused}`;
      } finally {
        gostHsm.cleanup();
      }
    });
  } finally {
    await step('the bank clock put back where it was', [], async () => {
      needAdmin();
      if (clockBefore === undefined) throw new NotRun('the bank side has no GET /admin/clock');
      const now = await bank.setClockOffset(clockBefore);
      return `offset ${clockBefore} s again (bank time ${now})`;
    });
    hsm.cleanup();
  }
  return results;
}

/** The results as a table for a terminal. */
export function resultTable(results: StepResult[]): string {
  const width = Math.max(...results.map((r) => r.step.length), 4);
  const lines = [`${'step'.padEnd(width)}  result   detail`, `${'-'.repeat(width)}  -------  ------`];
  for (const r of results) lines.push(`${r.step.padEnd(width)}  ${r.outcome.padEnd(7)}  ${r.detail}`);
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  lines.push('', `${count('pass')} passed, ${count('fail')} failed, ${count('not run')} not run`);
  return lines.join('\n');
}

