/**
 * A man in the middle between the client and the bank (one who broke TLS, or a proxy the
 * company does not control) rewrites what the bank says. The receipts are the client's only
 * source of truth about what the bank did with a payment: here the attacker turns "executed"
 * into "rejected: insufficient funds" (the accountant would pay again) with a receipt signed by
 * a look-alike of the bank's receipts certificate (same serial, subject and issuer, his own key),
 * right after genuine receipts in the same page were verified. The client must refuse it and
 * keep what it knew; a document the bank lists under one id with bytes that name another is
 * never signed.
 */
import { createServer, type Server } from 'node:http';
import { DIRECTORY_SIGNATURE_HEADER } from '../../src/shared/bank-api/directory-signature.ts';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookAlikeSigner } from '../../src/main/tokens/look-alike.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { Client } from '../../src/main/client.ts';
import { canonicalize } from '../../src/shared/domain/canonical-json.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';
import { enrolAndLogin, type Person } from '../helpers/client-flow.ts';

type Change = { cursor: number; documentId: string; status: string; at: string; rejection?: { code: string; reason: string }; receipt: { payload: string; signature: string } };

/** An HTTP proxy that forwards to the bank and lets the test rewrite the changes feed. */
class Interceptor {
  private server?: Server;
  rewrite?: (changes: Change[]) => Promise<Change[]> | Change[];
  rewritePage?: (page: { changes: Change[]; cursor: number }) => { changes: Change[]; cursor: number };

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const headers: Record<string, string> = {};
        for (const h of ['authorization', 'content-type', 'accept']) if (req.headers[h]) headers[h] = String(req.headers[h]);
        const answer = await fetch(this.target + req.url, { method: req.method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
        let body = Buffer.from(await answer.arrayBuffer());
        if ((this.rewrite || this.rewritePage) && req.url?.startsWith('/v1/changes') && answer.status === 200) {
          let page = JSON.parse(body.toString('utf8')) as { changes: Change[]; cursor: number };
          // an empty page is left alone: the attacker works on receipts the bank sent
          if (page.changes.length > 0) {
            if (this.rewrite) page = { ...page, changes: await this.rewrite(page.changes) };
            if (this.rewritePage) page = this.rewritePage(page);
          }
          body = Buffer.from(JSON.stringify(page));
        }
        // the bank's ETag and signature header pass, as through any proxy (the BIC directory is verified by them)
        const passed = Object.fromEntries(['etag', DIRECTORY_SIGNATURE_HEADER].flatMap((h) => (answer.headers.get(h) ? [[h, answer.headers.get(h)!]] : [])));
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream', ...passed }).end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let hsm: SoftHsm;
let bank: RunningSandbox;
let mitm: Interceptor;
let client: Client;
let person: Person;

const today = (): string => bank.clock.now().toISOString().slice(0, 10);
/** A payment order of the demo company, signed by the director and waiting to be sent. */
async function signedPayment(number: string, amount: number): Promise<string> {
  const id = client.documents.create({
    kind: 'payment-order',
    content: { ...DOCUMENT_EXAMPLES['payment-order'], number, date: today(), amount, payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: HOME } },
  }).id;
  expect((await client.signing.sign({ ids: [id], token: person.token, key: person.key, pin: Buffer.from(person.pin) })).signed).toEqual([id]);
  return id;
}
const getClientCursor = (): number => Number((client.db.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").get() as { value: string } | undefined)?.value ?? 0);
const HOME = { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' };

beforeAll(async () => {
  hsm = new SoftHsm('attack-receipts');
  hsm.initTestToken('Director', '10101010');
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  mitm = await new Interceptor(bank.url).start();
  client = new Client({ dataDir: join(hsm.dir, 'profile'), bankUrl: mitm.url, modulePath: SOFTHSM_MODULE, env: { ...process.env, ...hsm.env }, actor: 'test', today });
  person = await enrolAndLogin(bank, client, { token: 'Director', pin: '10101010', name: 'Иванов Иван Иванович', role: 'single-signature', companyId: getSetting(bank.db, 'demo.company_id')! });
}, 60_000);

afterAll(async () => {
  client?.close();
  await mitm?.stop();
  await bank?.close();
  hsm?.cleanup();
});

describe('a man in the middle forging receipts', () => {
  it('a receipt signed by a look-alike of the receipts certificate is refused after genuine ones, and the document keeps its status', async () => {
    const id = await signedPayment('701', 900_000_00);
    expect((await client.sync().syncOnce()).push.sent).toEqual([id]);
    bank.clock.advance(61);
    await bank.documents.process();
    bank.clock.advance(241);
    await bank.documents.process();
    expect(bank.documents.state(getSetting(bank.db, 'demo.company_id')!, id).status).toBe('executed');

    // the genuine "delivered" and "accepted" receipts come first in the same page; "executed" is rewritten
    const forger = await lookAlikeSigner(bank.ca.receipts.cert.toString('pem'));
    let forged = 0;
    mitm.rewrite = async (changes) =>
      Promise.all(
        changes.map(async (c) => {
          if (c.documentId !== id || c.status !== 'executed') return c;
          forged++;
          const rejection = { code: 'insufficient-funds', reason: 'на счёте недостаточно средств' };
          const fields = { ...(JSON.parse(Buffer.from(c.receipt.payload, 'base64').toString('utf8')) as Record<string, unknown>), status: 'rejected', rejection };
          const payload = Buffer.from(canonicalize(fields), 'utf8');
          return { ...c, status: 'rejected', rejection, receipt: { payload: payload.toString('base64'), signature: (await forger.sign(payload)).toString('base64') } };
        }),
      );
    await client.sync().syncOnce();
    expect(forged).toBe(1);
    expect(client.sync().state().lastError).toMatchObject({ code: 'sync.receipt-invalid', params: { id, reason: 'signature' } });
    expect(client.documents.get(id).status).not.toBe('rejected');
    expect(client.documents.receipts(id).map((r) => r.status)).not.toContain('rejected');

    // without the attacker the genuine receipt gets through and the truth is shown
    mitm.rewrite = undefined;
    await client.sync().syncOnce();
    expect(client.documents.get(id).status).toBe('executed');
    expect(client.documents.receipts(id).map((r) => r.status)).toContain('executed');
  });

  it('the client\'s place in the feed moves only as far as signed receipts say: an old receipt under a far cursor, or a page that claims to end further, is refused', async () => {
    const before = getClientCursor();
    const id = await signedPayment('703', 2_000_00);
    // a genuine receipt replayed under cursor 999999999: the client would skip every change before it
    mitm.rewrite = async (changes) => changes.map((c) => ({ ...c, cursor: 999_999_999 }));
    await client.sync().syncOnce();
    expect(client.sync().state().lastError).toMatchObject({ code: 'sync.receipt-invalid', params: { reason: 'fields' } });
    expect(getClientCursor()).toBe(before);
    // the receipts as they are, in a page that says it ends far beyond them
    mitm.rewritePage = (page) => ({ ...page, cursor: 999_999_999 });
    mitm.rewrite = undefined;
    await client.sync().syncOnce();
    expect(client.sync().state().lastError).toMatchObject({ code: 'sync.receipt-invalid', params: { reason: 'cursor' } });
    expect(getClientCursor()).toBe(before);
    mitm.rewritePage = undefined;
    await client.sync().syncOnce();
    expect(client.sync().state().lastError).toBeUndefined();
    expect(getClientCursor()).toBeGreaterThan(before);
    expect(client.documents.receipts(id).length).toBeGreaterThan(0);
  });

  it('a change left out of the feed (a rejection hidden from the accountant) is noticed: the receipts form a chain', async () => {
    const before = getClientCursor();
    const id = await signedPayment('704', 3_000_00);
    mitm.rewrite = (changes) => changes.filter((c) => !(c.documentId === id && c.status === 'delivered'));
    // sent; the "delivered" change withheld (a page with nothing in it moves nothing)
    await client.sync().syncOnce();
    expect(getClientCursor()).toBe(before);
    // the bank moves on: "accepted" comes through, "delivered" before it is left out
    bank.clock.advance(61);
    await bank.documents.process();
    await client.sync().syncOnce();
    expect(client.sync().state().lastError).toMatchObject({ code: 'sync.receipt-invalid', params: { reason: 'cursor' } });
    expect(getClientCursor()).toBe(before);
    expect(client.documents.receipts(id)).toEqual([]);
    mitm.rewrite = undefined;
    await client.sync().syncOnce();
    expect(client.sync().state().lastError).toBeUndefined();
    expect(client.documents.receipts(id).map((r) => r.status)).toEqual(expect.arrayContaining(['delivered', 'accepted']));
  });

  it('a receipt that names another company is refused, even when the bank itself signed it', async () => {
    const id = await signedPayment('702', 1_000_00);
    // the bank's own receipts key signs a receipt of another company's change under our document's id
    const { CmsSigner } = await import('../../src/crypto/cms/signer.ts');
    const { softwareSource } = await import('../../src/crypto/cms/signature-source.ts');
    const { certificateParts, derOf } = await import('../../src/crypto/x509/certificate.ts');
    const bankReceipts = new CmsSigner(softwareSource(bank.ca.receipts.signingKey), certificateParts(derOf(bank.ca.receipts.cert)));
    mitm.rewrite = async (changes) =>
      Promise.all(
        changes.map(async (c) => {
          if (c.documentId !== id) return c;
          const fields = { ...(JSON.parse(Buffer.from(c.receipt.payload, 'base64').toString('utf8')) as Record<string, unknown>), companyId: 'another-company' };
          const payload = Buffer.from(canonicalize(fields), 'utf8');
          return { ...c, receipt: { payload: payload.toString('base64'), signature: (await bankReceipts.sign(payload)).toString('base64') } };
        }),
      );
    await client.sync().syncOnce();
    expect(client.sync().state().lastError).toMatchObject({ code: 'sync.receipt-invalid', params: { id, reason: 'company' } });
    mitm.rewrite = undefined;
    await client.sync().syncOnce();
    expect(client.sync().state().lastError).toBeUndefined();
  });
});
