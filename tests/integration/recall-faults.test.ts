/**
 * A recall request whose answer is lost: the bank recalled the document but the connection broke
 * before the client heard it. The request stays kept as pending; asked again, the very same signed
 * request goes (no second signature, the new reason ignored) and the bank answers it the same.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { Client } from '../../src/main/client.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';
import { enrolAndLogin, type Person } from '../helpers/client-flow.ts';
import { FaultProxy } from '../helpers/fault-proxy.ts';

let hsm: SoftHsm;
let bank: RunningSandbox;
let proxy: FaultProxy;
let client: Client;
let person: Person;

const HOME = { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' };
const atBank = (id: string) => bank.db.prepare('SELECT reason, request FROM recalls WHERE document_id = ?').all(id) as { reason: string; request: Buffer }[];

beforeAll(async () => {
  hsm = new SoftHsm('recall-faults');
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

describe('recall with the answer lost', () => {
  it('keeps the signed request pending and sends the same one again; the bank answers it the same, once', async () => {
    const today = bank.clock.now().toISOString().slice(0, 10);
    const id = client.documents.create({ kind: 'payment-order', content: { ...DOCUMENT_EXAMPLES['payment-order'], number: '71', date: today, amount: 500_00, payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: HOME } } }).id;
    expect((await client.signing.sign({ ids: [id], token: person.token, key: person.key, pin: Buffer.from(person.pin) })).signed).toEqual([id]);
    await client.sync().syncOnce();
    bank.clock.advance(90);
    await client.sync().syncOnce();
    expect(client.documents.get(id).status).toBe('accepted');

    proxy.set({ fault: 'drop-after', method: 'POST', path: `/v1/documents/${id}/recall`, times: 1 });
    await expect(client.recalls.recall({ id, reason: 'Первая причина', token: person.token, key: person.key, pin: Buffer.from(person.pin) })).rejects.toMatchObject({ transient: true });
    expect(client.recalls.state(id)).toMatchObject({ status: 'pending', reason: 'Первая причина' });
    const kept = client.recalls.recalls.get(id)!;
    expect(atBank(id)).toEqual([{ reason: 'Первая причина', request: kept.request }]); // the bank did the work

    const r = await client.recalls.recall({ id, reason: 'Другая причина', token: person.token, key: person.key, pin: Buffer.from('00000000') });
    expect(r).toMatchObject({ status: 'accepted', reason: 'Первая причина' });
    expect(client.recalls.recalls.get(id)!.signature.equals(kept.signature)).toBe(true); // no second signature (a wrong PIN never reached the token)
    expect(atBank(id)).toHaveLength(1);
    await client.sync().syncOnce();
    expect(client.documents.get(id).status).toBe('recalled');
  }, 60_000);
});
