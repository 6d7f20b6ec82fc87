/**
 * A client whose bank is the sandbox behind a fault proxy, with one signer enrolled and logged in
 * on a SoftHSM2 token: the world of the sync tests that lose, delay or edit the bank's answers.
 */
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { Client } from '../../src/main/client.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { SoftHsm, SOFTHSM_MODULE } from './softhsm.ts';
import { enrolAndLogin, type Person } from './client-flow.ts';
import { FaultProxy } from './fault-proxy.ts';

export interface ProxiedClient {
  hsm: SoftHsm;
  bank: RunningSandbox;
  proxy: FaultProxy;
  client: Client;
  person: Person;
  /** The bank's date (its clock can be moved), which documents are dated with. */
  today(): string;
  /** How many documents with this id the bank holds (0 or 1). */
  atBank(id: string): number;
  bankStatus(id: string): string | undefined;
  /** `n` payments signed and waiting in the outbox; `amount(i)` kopecks each (10.00 ₽ unless given). */
  signedPayments(n: number, amount?: (i: number) => number): Promise<string[]>;
  close(): Promise<void>;
}

const HOME = { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' };

export async function startProxiedClient(o: { dir: string; name: string; role: string; limit?: number; timeoutMs: number }): Promise<ProxiedClient> {
  const hsm = new SoftHsm(o.dir);
  hsm.initTestToken('Director', '10101010');
  const bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  const proxy = await new FaultProxy(bank.url).start();
  const today = (): string => bank.clock.now().toISOString().slice(0, 10);
  // deterministic backoff: the full window each time
  const client = new Client({ dataDir: join(hsm.dir, 'profile'), bankUrl: proxy.url, modulePath: SOFTHSM_MODULE, env: { ...process.env, ...hsm.env }, actor: 'test', today, timeoutMs: o.timeoutMs, backoff: { baseMs: 1000, capMs: 60_000, random: () => 1 } });
  const person = await enrolAndLogin(bank, client, { token: 'Director', pin: '10101010', name: o.name, role: o.role, ...(o.limit ? { limit: o.limit } : {}), companyId: getSetting(bank.db, 'demo.company_id')! });
  let number = 100;
  return {
    hsm,
    bank,
    proxy,
    client,
    person,
    today,
    atBank: (id) => (bank.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE id = ?').get(id) as { n: number }).n,
    bankStatus: (id) => (bank.db.prepare('SELECT status FROM documents WHERE id = ?').get(id) as { status: string } | undefined)?.status,
    async signedPayments(n, amount = () => 10_00) {
      const ids = Array.from({ length: n }, (_, i) =>
        client.documents.create({
          kind: 'payment-order',
          content: { ...DOCUMENT_EXAMPLES['payment-order'], number: String(number++), date: today(), amount: amount(i), payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: HOME } },
        }).id,
      );
      const r = await client.signing.sign({ ids, token: person.token, key: person.key, pin: Buffer.from(person.pin) });
      if (r.signed.length !== n) throw new Error(`signed ${r.signed.length} of ${n} payments: ${JSON.stringify(r)}`);
      return ids;
    },
    async close() {
      client.close();
      await proxy.stop();
      await bank.close();
      hsm.cleanup();
    },
  };
}
