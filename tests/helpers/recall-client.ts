/**
 * The client of the recall fault tests: a SoftHSM token, the sandbox bank behind a FaultProxy (so a
 * test can drop or forge the bank's answers), a profile enrolled and logged in, and a payment order
 * signed, sent and accepted by the bank, ready to be recalled.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { Client } from '../../src/main/client.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { SoftHsm, SOFTHSM_MODULE } from './softhsm.ts';
import { enrolAndLogin, type Person } from './client-flow.ts';
import { FaultProxy } from './fault-proxy.ts';

export let hsm: SoftHsm;
export let bank: RunningSandbox;
export let proxy: FaultProxy;
export let client: Client;
export let person: Person;

const HOME = { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' };

/** Registers, for the test file that calls it, the token, the bank behind its proxy and the logged-in client. */
export function useProxiedRecallClient(name: string): void {
  beforeAll(async () => {
    hsm = new SoftHsm(name);
    hsm.initTestToken('Director', '10101010');
    bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
    proxy = await new FaultProxy(bank.url).start();
    client = new Client({ dataDir: join(hsm.dir, 'profile'), bankUrl: proxy.url, modulePath: SOFTHSM_MODULE, env: { ...process.env, ...hsm.env }, actor: 'test', timeoutMs: 2000 });
    person = await enrolAndLogin(bank, client, { token: 'Director', pin: '10101010', name: 'Иванов Иван Иванович', role: 'single-signature', companyId: getSetting(bank.db, 'demo.company_id')! });
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await proxy?.stop();
    await bank?.close();
    hsm?.cleanup();
  });
}

/** A payment order of today, signed, sent and accepted by the bank (its clock moved on); its id. */
export async function acceptedPayment(number: string, amount: number): Promise<string> {
  const today = bank.clock.now().toISOString().slice(0, 10);
  const id = client.documents.create({ kind: 'payment-order', content: { ...DOCUMENT_EXAMPLES['payment-order'], number, date: today, amount, payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: HOME } } }).id;
  expect((await client.signing.sign({ ids: [id], token: person.token, key: person.key, pin: Buffer.from(person.pin) })).signed).toEqual([id]);
  await client.sync().syncOnce();
  bank.clock.advance(90);
  await client.sync().syncOnce();
  expect(client.documents.get(id).status).toBe('accepted');
  return id;
}
