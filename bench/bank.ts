/**
 * Bank benchmark: documents accepted per second by the sandbox bank over HTTP, every signature
 * checked (CMS over the signed bytes, bound to document id and company, chain, revocation, company, role, limit, policy),
 * against `openssl cms -verify` of the same signatures, in the same run. RSA-2048 and P-256.
 *
 *   npx tsx bench/bank.ts [--table] [--docs N] [--in-flight K] [--batch B] [--rounds R]   (--help: the options)
 *
 * Per algorithm: N distinct payment orders a round (default 200) signed on a SoftHSM2 token beforehand; then
 *   bank-http     PUT /v1/documents/{id}, K requests in flight (default 8): accepted documents per
 *                 second (the bank commits the submissions that arrive together in one transaction,
 *                 so K bounds how many share an fsync). With --batch B: POST /v1/documents/batch
 *                 of B documents each (at most 256), K batches in flight; every result must be 201
 *   verify-only   verifySignature (the token service's wrapper of verifyDetached, the anchor as PEM)
 *                 over the same signatures in process: the signature check alone
 *   openssl       `openssl cms -verify` of the first 40 signatures of each round, one process each
 *                 (how a bank's script would call it; process start-up is part of its cost)
 * Medians of R rounds (default 5; each round over fresh ids); the table's ratio is bank-http / openssl.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../src/sandbox/server.ts';
import { getSetting } from '../src/sandbox/store.ts';
import { TokenService, verifySignature } from '../src/main/tokens/token-service.ts';
import { type DocumentBody } from '../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../src/shared/bank-api/documents/signed.ts';
import { BankClient } from '../src/cli/conformance/bank-client.ts';
import { DOCUMENT_BATCH_MAX, type BatchResult } from '../src/shared/bank-api/documents-api.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../tests/helpers/softhsm.ts';
import { checkArgs } from './client/common.ts';

checkArgs(
  [
    'usage: npx tsx bench/bank.ts [--table] [--docs N] [--in-flight K] [--batch B] [--rounds R]',
    '  --table         after the JSON, a Markdown table',
    '  --docs N        documents a round, per algorithm (default 200)',
    '  --in-flight K   requests in flight (default 8)',
    `  --batch B       POST /v1/documents/batch of B documents (1..${DOCUMENT_BATCH_MAX}) instead of one PUT each`,
    '  --rounds R      rounds, each over fresh documents (default 5)',
  ].join('\n'),
  ['--docs', '--in-flight', '--batch', '--rounds'],
);
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const DOCS = arg('--docs', 200);
const IN_FLIGHT = arg('--in-flight', 8);
if (!Number.isInteger(DOCS) || DOCS < 1) throw new Error('--docs takes a whole number of documents, at least 1');
if (!Number.isInteger(IN_FLIGHT) || IN_FLIGHT < 1) throw new Error('--in-flight takes a whole number of requests, at least 1');
const ROUNDS = arg('--rounds', 5);
/** Documents per request: 0 (the default) is one PUT each. */
const BATCH = arg('--batch', 0);
if (!Number.isInteger(BATCH) || BATCH < 0 || BATCH > DOCUMENT_BATCH_MAX) throw new Error(`--batch takes 1..${DOCUMENT_BATCH_MAX} documents a request`);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds takes a whole number of rounds, at least 1');
const MODE = BATCH ? `POST /v1/documents/batch of ${BATCH}` : 'PUT /v1/documents/{id}';
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const hsm = new SoftHsm('bench-bank');
  hsm.initTestToken('Signer', '12345678', '87654321');
  const tokens = new TokenService(SOFTHSM_MODULE);
  const bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  const client = new BankClient(bank.url, { url: bank.adminUrl, secret: bank.adminSecret }, () => bank.clock.now());
  const companyId = getSetting(bank.db, 'demo.company_id')!;
  const account = (await client.adminRequest<{ number: string }>('POST', `/admin/companies/${companyId}/accounts`, { balance: 1_000_000_000_00 })).body.number;
  const caPem = Buffer.from(bank.ca.certificate.toString('pem'));
  writeFileSync(join(hsm.dir, 'ca.pem'), caPem);
  const results = [];
  try {
    for (const algorithm of ['rsa-2048', 'ec-p256'] as const) {
      const key = `bench-${algorithm}`;
      const signer = await client.enrol(tokens, hsm.dir, { token: 'Signer', pin: '12345678', key, companyId, name: `Bench ${algorithm}`, role: 'single-signature', subject: `CN=Bench ${algorithm},O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893`, algorithm });
      const session = await client.login(tokens, signer);
      const today = bank.clock.now().toISOString().slice(0, 10);
      const make = (n: number): DocumentBody =>
        ({
          kind: 'payment-order', version: 1,
          content: {
            number: String((n % 999_999) + 1), date: today, amount: 1_000_00 + n,
            payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account, bank: { name: 'Банк', bic: '044525225', corrAccount: '30101810400000000225' } },
            payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } },
            uin: '0', priority: 5, purpose: `Оплата по счёту № ${n}, НДС не облагается`, operationType: '01',
          },
        }) as DocumentBody;
      log(`${algorithm}: signing ${DOCS * ROUNDS} documents on the token`);
      const rounds: { id: string; body: DocumentBody; canonical: Buffer; signature: Buffer }[][] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const docs = [];
        for (let i = 0; i < DOCS; i++) {
          const body = make(algorithm.length * 100_000 + r * DOCS + i);
          const id = randomUUID();
          // what is signed names the document and the company: RFC 8785 JSON of {id, companyId, kind, version, content}
          const canonical = Buffer.from(signedDocumentBytes({ id, companyId }, body));
          docs.push({ id, body, canonical, signature: await tokens.sign('Signer', '12345678', key, canonical) });
        }
        rounds.push(docs);
      }

      log(`${algorithm}: bank over HTTP`);
      const httpRates: number[] = [];
      for (const docs of rounds) {
        let next = 0;
        let accepted = 0;
        const item = (d: (typeof docs)[number]) => ({ id: d.id, document: signedDocumentJson({ id: d.id, companyId }, d.body), signature: d.signature.toString('base64') });
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            while (next < docs.length) {
              if (BATCH) {
                const chunk = docs.slice(next, (next += BATCH));
                const res = await client.request<{ results: BatchResult[] }>('POST', '/v1/documents/batch', { documents: chunk.map(item) }, session);
                const refused = res.status === 200 ? res.body.results.find((r, i) => r.status !== 201 || r.id !== chunk[i]!.id) : undefined;
                if (res.status !== 200 || refused || res.body.results.length !== chunk.length) throw new Error(`batch not accepted: ${res.status} ${JSON.stringify(refused ?? res.body).slice(0, 500)}`);
                accepted += chunk.length;
                continue;
              }
              const d = docs[next++]!;
              const { id, ...body } = item(d);
              const res = await client.request('PUT', `/v1/documents/${id}`, body, session);
              if (res.status !== 201) throw new Error(`not accepted: ${res.status} ${JSON.stringify(res.body)}`);
              accepted++;
            }
          }),
        );
        httpRates.push((accepted / (performance.now() - t0)) * 1000);
      }

      log(`${algorithm}: verification alone, in process`);
      const verifyRates: number[] = [];
      for (const docs of rounds) {
        const t0 = performance.now();
        for (const d of docs) if (!(await verifySignature(d.canonical, d.signature, [caPem])).ok) throw new Error('does not verify');
        verifyRates.push((docs.length / (performance.now() - t0)) * 1000);
      }

      log(`${algorithm}: openssl cms -verify`);
      const opensslRates: number[] = [];
      const sample = Math.min(40, DOCS);
      for (const docs of rounds) {
        const files = docs.slice(0, sample).map((d, i) => {
          const c = join(hsm.dir, `c${i}.bin`);
          const s = join(hsm.dir, `s${i}.p7s`);
          writeFileSync(c, d.canonical);
          writeFileSync(s, d.signature);
          return [c, s] as const;
        });
        const t0 = performance.now();
        for (const [c, s] of files) execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', s, '-content', c, '-CAfile', join(hsm.dir, 'ca.pem'), '-out', '/dev/null'], { stdio: 'pipe' });
        opensslRates.push((sample / (performance.now() - t0)) * 1000);
      }
      const bankHttp = median(httpRates);
      const verifyOnly = median(verifyRates);
      const openssl = median(opensslRates);
      results.push({
        algorithm,
        documentsPerRound: DOCS,
        inFlight: IN_FLIGHT,
        mode: MODE,
        batch: BATCH || null,
        opsPerSec: { 'bank-http': round(bankHttp), 'verify-only': round(verifyOnly), openssl: round(openssl) },
        rounds: { 'bank-http': httpRates.map((x) => round(x)), 'verify-only': verifyRates.map((x) => round(x)), openssl: opensslRates.map((x) => round(x)) },
        ratio: { bankHttpToOpenssl: round(bankHttp / openssl, 2), verifyOnlyToOpenssl: round(verifyOnly / openssl, 2) },
      });
    }
  } finally {
    await bank.close();
    hsm.cleanup();
  }
  const report = { benchmark: 'bank', date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpuCount: cpus().length, mode: MODE, statistic: `median of ${ROUNDS} rounds`, results };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (process.argv.includes('--table')) {
    const f = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
    process.stdout.write(`\nbank over HTTP: ${MODE}, ${IN_FLIGHT} requests in flight, ${DOCS} documents a round\n`);
    process.stdout.write('\n| Algorithm | bank over HTTP (accepted/s) | signature check alone (/s) | openssl cms -verify (/s) | bank / openssl |\n|---|---:|---:|---:|---:|\n');
    for (const r of results) process.stdout.write(`| ${r.algorithm} | ${f(r.opsPerSec['bank-http'])} | ${f(r.opsPerSec['verify-only'])} | ${f(r.opsPerSec.openssl)} | ${r.ratio.bankHttpToOpenssl.toFixed(2)} |\n`);
  }
}

await main();
