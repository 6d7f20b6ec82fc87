/**
 * A man in the middle between the client and the bank rewrites the bank's BIC directory (issue
 * 13, red team): before it was signed, a forged ED807 served under the bank's real ETag was kept,
 * and every later exchange was answered 304 and kept the forgery. Now the bank signs the
 * directory with its receipts key (the bank-signature header over its ETag and the SHA-256 of its
 * bytes), and the client keeps it only when the pinned receipts certificate signed it. Driven
 * through a proxy that rewrites the answers: forged bytes under the real ETag and signature, the
 * signature taken off, the bank's old genuine directory under the new ETag, a directory signed by
 * the CA key or by a customer's token. Each is refused with a notice, nothing of it stored, the
 * directory held unchanged; If-None-Match carries only the ETag of a directory verified; the
 * genuine one is stored.
 */
import { createHash, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { certificateParts } from '../../src/crypto/x509/certificate.ts';
import { Client } from '../../src/main/client.ts';
import { BicDirectoryStore } from '../../src/main/store/bic-directory.ts';
import { loadBicDirectoryFile } from '../../src/main/sync/bic-directory.ts';
import { SANDBOX_BANKS, SANDBOX_DIRECTORY_META, strongEtag } from '../../src/sandbox/bic-directory.ts';
import { writeEd807 } from '../../src/sandbox/ed807-writer.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { DIRECTORY_SIGNATURE_HEADER, directorySignedBytes } from '../../src/shared/bank-api/directory-signature.ts';
import { enrolAndLogin, type Person } from '../helpers/client-flow.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';

interface Answer {
  status: number;
  etag?: string;
  signature?: string;
  body: Buffer;
}

/** An HTTP proxy to the bank that lets the test rewrite the directory's answer and see what the client asked. */
class Interceptor {
  private server?: Server;
  rewrite?: (answer: Answer) => Promise<Answer> | Answer;
  readonly directoryAsks: (string | undefined)[] = [];

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
        for (const h of ['authorization', 'content-type', 'accept', 'if-none-match']) if (req.headers[h]) headers[h] = String(req.headers[h]);
        const directory = req.method === 'GET' && req.url === '/v1/directory/bic';
        if (directory) this.directoryAsks.push(headers['if-none-match']);
        const answer = await fetch(this.target + req.url, { method: req.method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
        let out: Answer = { status: answer.status, body: Buffer.from(await answer.arrayBuffer()) };
        for (const [k, h] of [['etag', 'etag'], ['signature', DIRECTORY_SIGNATURE_HEADER]] as const) {
          const v = answer.headers.get(h);
          if (v) out[k] = v;
        }
        if (directory && this.rewrite) out = await this.rewrite(out);
        const head: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' };
        if (out.etag) head.etag = out.etag;
        if (out.signature) head[DIRECTORY_SIGNATURE_HEADER] = out.signature;
        res.writeHead(out.status, head).end(out.body);
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

const held = () => new BicDirectoryStore(client.db).source();
const hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/** A directory in which the bank of the demo's counterparty in Tver has a planted correspondent account. */
const forgedBytes = (): Buffer =>
  Buffer.from(writeEd807(SANDBOX_BANKS.map((b) => (b.bic === '049805746' ? { ...b, name: 'АО «Подменный Банк»', accounts: b.accounts.map((a) => ({ ...a, account: '30101810000000000666' })) } : b)), SANDBOX_DIRECTORY_META), 'utf8');
/** The exchange through the man in the middle, and what it told the user. */
async function exchange(): Promise<{ code?: string; params?: Record<string, unknown>; message?: string }> {
  await client.sync().syncOnce();
  const e = client.sync().state().lastError;
  return e ? { code: e.code, params: e.params as Record<string, unknown>, message: e.message } : {};
}

beforeAll(async () => {
  hsm = new SoftHsm('attack-directory');
  hsm.initTestToken('Accountant', '30303030');
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  const companyId = getSetting(bank.db, 'demo.company_id')!;
  mitm = await new Interceptor(bank.url).start();
  const today = (): string => bank.clock.now().toISOString().slice(0, 10);
  client = new Client({ dataDir: join(hsm.dir, 'profile'), bankUrl: mitm.url, modulePath: SOFTHSM_MODULE, env: { ...process.env, ...hsm.env }, actor: 'test', today });
  person = await enrolAndLogin(bank, client, { token: 'Accountant', pin: '30303030', name: 'Петрова Анна Сергеевна', role: 'prepares', companyId });
}, 60_000);

afterAll(async () => {
  client?.close();
  await mitm?.stop();
  await bank?.close();
  hsm?.cleanup();
});

describe("a man in the middle rewriting the bank's BIC directory", () => {
  it('forged bytes under the real ETag and signature are refused with a notice; nothing is stored, and no ETag is sent for them', async () => {
    mitm.rewrite = (a) => ({ ...a, body: forgedBytes() });
    const r = await exchange();
    expect(r.code).toBe('sync.directory-invalid');
    expect(r.params).toMatchObject({ reason: 'signature' });
    expect(r.message).toContain('Nothing of it was stored');
    expect(held()).toBeUndefined();
    // the next exchange asks afresh: the real ETag of bytes never verified is not sent
    mitm.directoryAsks.length = 0;
    await exchange();
    expect(mitm.directoryAsks).toEqual([undefined]);
    expect(held()).toBeUndefined();
  });

  it('the genuine directory is stored, then asked for by its verified ETag and answered 304', async () => {
    mitm.rewrite = undefined;
    expect(await exchange()).toEqual({});
    expect(held()).toMatchObject({ origin: 'bank', etag: bank.directory.etag, sha256: hex(bank.directory.body), entries: SANDBOX_BANKS.length });
    expect(new BicDirectoryStore(client.db).get('049805746')).toMatchObject({ name: 'АО «Тверской Песочный Банк»', corrAccount: '30101810800000000746' });
    const stored = held();
    mitm.directoryAsks.length = 0;
    expect(await exchange()).toEqual({});
    expect(mitm.directoryAsks).toEqual([bank.directory.etag]);
    expect(held()).toEqual(stored); // 304: not fetched again
  });

  it('when the bank publishes a new directory: forged bytes, the signature taken off, or the old genuine directory under the new ETag are refused, the held copy unchanged', async () => {
    const before = held();
    const old = { body: bank.directory.body, signature: bank.directory.signature!.toString('base64') };
    bank.directory.publish(SANDBOX_BANKS.slice(0, 4), { ...SANDBOX_DIRECTORY_META, edNo: 2, edDate: '2025-01-10', businessDay: '2025-01-10' });

    mitm.rewrite = (a) => ({ ...a, body: forgedBytes() });
    expect(await exchange()).toMatchObject({ code: 'sync.directory-invalid', params: { reason: 'signature' } });
    expect(held()).toEqual(before);

    mitm.rewrite = ({ signature: _taken, ...a }) => a;
    const stripped = await exchange();
    expect(stripped).toMatchObject({ code: 'sync.directory-invalid', params: { reason: 'unsigned' } });
    expect(stripped.message).toContain("does not carry the bank's signature");
    expect(held()).toEqual(before);

    // the bank's own earlier directory and signature, served as the current one: its ETag is signed too
    mitm.rewrite = (a) => ({ ...a, ...old });
    expect(await exchange()).toMatchObject({ code: 'sync.directory-invalid', params: { reason: 'signature' } });
    expect(held()).toEqual(before);
    // the client still asks with the ETag it verified, not the one the forgeries came with
    mitm.directoryAsks.length = 0;
    await exchange();
    expect(mitm.directoryAsks).toEqual([before!.etag]);
  });

  it("a directory signed by the bank CA's key, or by a customer's token, is not the bank's", async () => {
    const before = held();
    const signedBy = (sign: (bytes: Uint8Array) => Promise<Buffer> | Buffer) => async (a: Answer) => {
      const body = forgedBytes();
      const etag = strongEtag(body);
      return { ...a, body, etag, signature: (await sign(directorySignedBytes({ etag, sha256: hex(body) }))).toString('base64') };
    };
    const caKey = createPrivateKey({ key: readFileSync(join(hsm.dir, 'bank', 'ca.key')), format: 'der', type: 'pkcs8' });
    const caSigner = new CmsSigner(softwareSource(caKey), certificateParts(bank.ca.certificateDer));
    mitm.rewrite = signedBy((b) => caSigner.signSync(b));
    const byCa = await exchange();
    expect(byCa.code).toBe('sync.directory-invalid');
    expect(['signature', 'signer']).toContain(byCa.params?.reason);
    expect(held()).toEqual(before);

    mitm.rewrite = signedBy((b) => client.tokens.sign(person.token, person.pin, person.key, Buffer.from(b)));
    const byCustomer = await exchange();
    expect(byCustomer).toMatchObject({ code: 'sync.directory-invalid', params: { reason: 'signer' } });
    expect(byCustomer.message).toContain("not signed by the bank's receipts key");
    expect(held()).toEqual(before);

    // without the man in the middle the bank's new directory arrives, verified
    mitm.rewrite = undefined;
    expect(await exchange()).toEqual({});
    expect(held()).toMatchObject({ origin: 'bank', etag: bank.directory.etag, edNo: '2', entries: 4 });
  });

  it('a file loaded by hand is kept as loaded from a file, and its ETag-less copy makes the next exchange fetch and verify the bank\'s', async () => {
    const file = Buffer.from(writeEd807(SANDBOX_BANKS, SANDBOX_DIRECTORY_META), 'utf8');
    expect(loadBicDirectoryFile(client.db, file, 'ED807_full.xml')).toMatchObject({ origin: 'file', fileName: 'ED807_full.xml' });
    expect(held()?.etag).toBeUndefined();
    mitm.directoryAsks.length = 0;
    mitm.rewrite = (a) => ({ ...a, body: forgedBytes() });
    expect((await exchange()).code).toBe('sync.directory-invalid');
    expect(mitm.directoryAsks).toEqual([undefined]);
    expect(held()).toMatchObject({ origin: 'file', fileName: 'ED807_full.xml' });
    mitm.rewrite = undefined;
  });
});
