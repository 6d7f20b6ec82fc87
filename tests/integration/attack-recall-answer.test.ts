/**
 * Red team, issue 13: the bank's answer to a recall request is not signed (its receipt is). A man
 * in the middle answered "accepted" for the bank and kept the request from it: the client kept
 * the request as accepted and would never send it again (the card hid the button and said
 * «принят банком»), while the bank, never asked, executed the payment. Now an accepted request
 * whose receipt has not come may go again, the same signed request, and the bank decides it.
 */
import { describe, expect, it } from 'vitest';
import { acceptedPayment, bank, client, person, proxy, useProxiedRecallClient } from '../helpers/recall-client.ts';
import { recallHandlers } from '../../src/main/app-services/recall.ts';
import type { ServiceContext } from '../../src/main/app-services/context.ts';

useProxiedRecallClient('attack-recall-answer');

const atBank = (id: string) => bank.db.prepare('SELECT reason FROM recalls WHERE document_id = ?').all(id) as { reason: string }[];

describe('a forged "accepted" answer to a recall', () => {
  it('is not the end: the card offers the recall again, the same signed request goes, and only the bank\'s receipt says recalled', async () => {
    const id = await acceptedPayment('72', 700_00);

    const now = bank.clock.now().toISOString();
    proxy.set({ fault: 'forge', method: 'POST', path: `/v1/documents/${id}/recall`, times: 1, answer: { status: 200, body: { documentId: id, status: 'accepted', documentStatus: 'recalled', reason: 'Ошибка', requestedAt: now, decidedAt: now } } });
    const forged = await client.recalls.recall({ id, reason: 'Ошибка в сумме', token: person.token, key: person.key, pin: Buffer.from(person.pin) });
    expect(forged.status).toBe('accepted'); // what the answer said
    expect(atBank(id)).toEqual([]); // the bank never heard of it
    await client.sync().syncOnce();
    expect(client.documents.get(id).status).toBe('accepted'); // no receipt recalls it: never «Отозван»

    // the card: the recall is offered again (the channel the card asks)
    const handlers = recallHandlers({ client, emit: () => {}, background: { active: false } } as unknown as ServiceContext);
    expect(await handlers['documents.recall-state']({ id })).toMatchObject({ recallable: true, recall: { status: 'accepted' } });

    // again: the very request signed before goes (no new signature: a wrong PIN is never used), the bank recalls
    const again = await client.recalls.recall({ id, reason: 'Другая причина', token: person.token, key: person.key, pin: Buffer.from('00000000') });
    expect(again).toMatchObject({ status: 'accepted', reason: 'Ошибка в сумме' });
    expect(atBank(id)).toEqual([{ reason: 'Ошибка в сумме' }]);
    await client.sync().syncOnce();
    expect(client.documents.get(id).status).toBe('recalled');
    expect(await handlers['documents.recall-state']({ id })).toMatchObject({ recallable: false, recall: { status: 'accepted' } });
    // and once recalled, asking again sends nothing more
    const seen = proxy.seen.length;
    expect(await client.recalls.recall({ id, reason: 'x', token: person.token, key: person.key, pin: Buffer.from('00000000') })).toMatchObject({ status: 'accepted' });
    expect(proxy.seen.length).toBe(seen);
  }, 60_000);
});
