/**
 * A recall request whose answer is lost: the bank recalled the document but the connection broke
 * before the client heard it. The request stays kept as pending; asked again, the very same signed
 * request goes (no second signature, the new reason ignored) and the bank answers it the same.
 */
import { describe, expect, it } from 'vitest';
import { acceptedPayment, bank, client, person, proxy, useProxiedRecallClient } from '../helpers/recall-client.ts';

useProxiedRecallClient('recall-faults');

const atBank = (id: string) => bank.db.prepare('SELECT reason, request FROM recalls WHERE document_id = ?').all(id) as { reason: string; request: Buffer }[];

describe('recall with the answer lost', () => {
  it('keeps the signed request pending and sends the same one again; the bank answers it the same, once', async () => {
    const id = await acceptedPayment('71', 500_00);

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
