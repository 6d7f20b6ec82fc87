import { randomUUID } from 'node:crypto';
import type { PaymentOrder } from '../../shared/bank-api/documents/payment-order.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import { exportPain001 } from '../formats/index.ts';
import type { DocumentService } from './document-service.ts';

/**
 * Selected payment orders as one pain.001.001.09 message (for a treasury system or another
 * bank). Only payment orders can go; any other kind is refused by name before anything is written.
 */
export function exportPaymentOrders(documents: DocumentService, ids: string[], actor: string, now = new Date()): Uint8Array {
  const orders = ids.map((id) => {
    const d = documents.get(id);
    if (d.kind !== 'payment-order') throw new LocalizedError('export.not-payment-order', { id, kind: d.kind });
    return d.body.content as PaymentOrder;
  });
  if (orders.length === 0) throw new LocalizedError('export.nothing');
  const bytes = exportPain001(orders, { messageId: randomUUID().replaceAll('-', ''), createdAt: now.toISOString().slice(0, 19) });
  audit(documents.db, { actor, action: 'export', subject: `${orders.length} payment order(s)`, details: { format: 'pain.001.001.09', ids } }, now);
  return bytes;
}
