import { RECALLABLE } from '../documents/recall-service.ts';
import type { recallChannels } from '../../shared/ipc/areas/recall.ts';
import { withPins, type AreaHandlers, type ServiceContext } from './context.ts';

/**
 * Recall from the document card: the request held for a document, and the recall itself (the PIN
 * in a buffer zeroed when the call ends). An accepted recall is followed by an exchange, so the
 * card shows the status the bank's verified receipt gives.
 */
export function recallHandlers({ client, emit, background }: ServiceContext): AreaHandlers<typeof recallChannels> {
  return {
    'documents.recall-state': ({ id }) => {
      const recall = client.recalls.state(id) ?? null;
      const status = client.documents.store.row(id)?.status;
      // a request whose answer did not come may be sent again, and so may an accepted one whose
      // receipt has not come (the answer is not signed; the receipt is): the same request goes
      const recallable = recall?.status === 'pending' || (status !== undefined && RECALLABLE.includes(status));
      return { recall, recallable };
    },
    'documents.recall': ({ id, reason, token, key, pin }) =>
      withPins([pin], async (secret) => {
        const recall = await client.recalls.recall({ id, reason, token, key, pin: secret });
        if (recall.status !== 'pending') {
          // the bank's receipt moves the document to recalled (or, too late, to what the bank did with it): fetched now, through the one exchange
          // (the recall stands whatever the exchange meets: its failure shows in the status bar as any exchange's)
          try {
            if (background.active) await background.requestNow();
            else await client.sync().syncOnce();
          } catch (e) {
            console.error('The exchange after the recall failed:', e);
          }
          emit('sync.changed', client.sync().state());
        }
        return { recall, documentStatus: client.documents.store.row(id)?.status ?? '' };
      }),
  };
}
