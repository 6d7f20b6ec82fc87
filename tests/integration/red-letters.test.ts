/**
 * Red team, issue 13: a man in the middle brings a genuine old letter of the bank's back as a new
 * one. A letter's signature covers its company, direction, subject, text, the letter it answers
 * and the attachments, not its id or date: the same signed letter under a new id and today's date
 * verified, and showed as a new unread letter from the bank («Смените реквизиты…» again, months
 * later). A signature is one letter's: the copy is refused with a notice, the original stays.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/main/client.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { DIRECTORY_SIGNATURE_HEADER } from '../../src/shared/bank-api/directory-signature.ts';
import type { Message } from '../../src/shared/bank-api/messages.ts';
import { enrolAndLogin } from '../helpers/client-flow.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';

let hsm: SoftHsm;
let bank: RunningSandbox;
let client: Client;
let companyId: string;
let server: Server;
/** What the man in the middle does to the bank's list of letters. */
let rewrite: ((letters: Message[]) => Message[]) | undefined;

beforeAll(async () => {
  hsm = new SoftHsm('red-letters');
  hsm.initTestToken('Accountant', '20202020');
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  companyId = getSetting(bank.db, 'demo.company_id')!;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type', 'accept', 'if-none-match']) if (req.headers[h]) headers[h] = String(req.headers[h]);
      const answer = await fetch(bank.url + req.url, { method: req.method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
      let body = Buffer.from(await answer.arrayBuffer());
      if (rewrite && req.method === 'GET' && req.url === '/v1/messages' && answer.status === 200) body = Buffer.from(JSON.stringify(rewrite(JSON.parse(body.toString('utf8')) as Message[])));
      const out: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' };
      for (const h of ['etag', DIRECTORY_SIGNATURE_HEADER]) {
        const v = answer.headers.get(h);
        if (v) out[h] = v;
      }
      res.writeHead(answer.status, out).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new Client({ dataDir: join(hsm.dir, 'profile'), bankUrl: url, modulePath: SOFTHSM_MODULE, env: { ...process.env, ...hsm.env }, actor: 'test', today: () => bank.clock.now().toISOString().slice(0, 10) });
  await enrolAndLogin(bank, client, { token: 'Accountant', pin: '20202020', name: 'Петрова Анна Сергеевна', role: 'prepares', companyId });
}, 60_000);

afterAll(async () => {
  client?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await bank?.close();
  hsm?.cleanup();
});

describe("the bank's signed letter brought again under a new id", () => {
  it('is refused with a notice naming both; the original stays as it was', async () => {
    const genuine = bank.mailbox.send(companyId, { subject: 'Смена реквизитов', body: 'С 1-го числа платите на счёт 40702810300000004583.', attachments: [] });
    expect((await client.sync().syncOnce()).error).toBeUndefined();
    expect(client.bankData.message(genuine.id)?.seal?.by).toBe('bank');
    const copyId = '00000000-0000-4000-8000-000000000777';
    rewrite = (letters) => {
      const old = letters.find((m) => m.id === genuine.id)!;
      return [{ ...old, id: copyId, sentAt: new Date(Date.parse(old.sentAt) + 90 * 86_400_000).toISOString(), read: false }, ...letters];
    };
    const report = await client.sync().syncOnce();
    expect(report.error?.code).toBe('sync.letter-invalid');
    expect(client.sync().state().lastError?.params).toMatchObject({ id: copyId, reason: 'replay' });
    expect(client.sync().state().lastError?.message).toContain(genuine.id);
    expect(client.bankData.message(copyId)).toBeUndefined();
    expect(client.bankData.message(genuine.id)?.body).toBe('С 1-го числа платите на счёт 40702810300000004583.');

    // two copies of one signed letter, neither kept before: neither is taken
    const fresh = bank.mailbox.send(companyId, { subject: 'Новое', body: 'Текст', attachments: [] });
    const twinId = '00000000-0000-4000-8000-000000000778';
    rewrite = (letters) => [{ ...letters.find((m) => m.id === fresh.id)!, id: twinId }, ...letters];
    expect((await client.sync().syncOnce()).error?.code).toBe('sync.letter-invalid');
    expect(client.bankData.message(twinId)).toBeUndefined();
    expect(client.bankData.message(fresh.id)).toBeUndefined();
    rewrite = undefined;
    expect((await client.sync().syncOnce()).error).toBeUndefined();
    expect(client.bankData.message(fresh.id)?.seal?.by).toBe('bank');
  }, 60_000);
});
