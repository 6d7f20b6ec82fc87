import { describe, expect, it } from 'vitest';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { recallSignedBytes } from '../../src/shared/bank-api/recall.ts';
import { ReceiptPayload } from '../../src/shared/bank-api/documents-api.ts';
import { bank, companyId, call, sent, sha256, fields, signRecall, recall, statusOf, recallsStored, useRecallBank } from '../helpers/recall-bank.ts';

/**
 * Recall of a sent document ("Отзыв документа") over HTTP against the sandbox: the signed request,
 * the bank's decision and receipt, idempotence, and the attacks a recall route must refuse.
 */
useRecallBank('recall');

describe('recall of a sent document', () => {
  it('recalls an accepted document at once, with a receipt the bank signs; the same request again answers the same', async () => {
    const { id, bytes } = await sent('boss');
    bank.clock.advance(90); // delivered -> accepted
    expect(await statusOf('boss', id)).toBe('accepted');
    const request = fields(id, bytes);
    const signature = await signRecall('boss', request);
    const first = await recall<{ status: string; documentStatus: string; reason: string }>('boss', id, request, signature);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ documentId: id, status: 'accepted', documentStatus: 'recalled', reason: request.reason });
    expect(await statusOf('boss', id)).toBe('recalled');
    // the change is in the feed with a receipt the receipts key signed, naming the document's bytes
    const feed = await call<{ changes: { documentId: string; status: string; receipt: { payload: string; signature: string } }[] }>('boss', 'GET', '/v1/changes?cursor=0');
    const change = feed.body.changes.find((c) => c.documentId === id && c.status === 'recalled')!;
    expect(change).toBeDefined();
    const payload = Buffer.from(change.receipt.payload, 'base64');
    const verified = await verifyDetached(payload, Buffer.from(change.receipt.signature, 'base64'), [bank.ca.certificateDer], 'receipt');
    expect(verified.ok).toBe(true);
    expect(ReceiptPayload.parse(JSON.parse(payload.toString('utf8')))).toMatchObject({ documentId: id, status: 'recalled', documentSha256: sha256(bytes), companyId });
    // idempotent: the same signed request, the same answer, no second change
    const again = await recall('boss', id, request, signature);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const after = await call<{ changes: { documentId: string }[] }>('boss', 'GET', '/v1/changes?cursor=0');
    expect(after.body.changes.filter((c) => c.documentId === id)).toHaveLength(feed.body.changes.filter((c) => c.documentId === id).length);
    // another request for the document already recalled comes too late
    const other = fields(id, bytes, 'ещё раз');
    const late = await recall<{ code: string; detail: string }>('boss', id, other, await signRecall('boss', other));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'recall-too-late' });
    expect(late.body.detail).toContain('recalled');
  });

  it('refuses a person of the company without the right to sign: 403, nothing stored, the document as it was', async () => {
    const { id, bytes } = await sent('boss');
    const before = recallsStored();
    const request = fields(id, bytes);
    const r = await recall<{ code: string }>('clerk', id, request, await signRecall('clerk', request));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('signer-not-authorised');
    expect(recallsStored()).toBe(before);
    expect(await statusOf('boss', id)).toBe('delivered');
  });

  it("refuses a request whose digest is another document's: 422", async () => {
    const a = await sent('boss');
    const b = await sent('boss');
    const request = { ...fields(a.id, a.bytes), documentDigest: sha256(b.bytes) };
    const r = await recall<{ code: string }>('boss', a.id, request, await signRecall('boss', request));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('document-binding-mismatch');
    // and a request for one document sent under another's id
    const moved = fields(b.id, b.bytes);
    const r2 = await recall<{ code: string }>('boss', a.id, moved, await signRecall('boss', moved));
    expect(r2.status).toBe(422);
    expect(await statusOf('boss', a.id)).toBe('delivered');
    expect(await statusOf('boss', b.id)).toBe('delivered');
  });

  it("answers another company's document as not found: 404, nothing changes", async () => {
    const { id, bytes } = await sent('boss');
    const request = fields(id, bytes);
    const r = await recall<{ code: string }>('stranger', id, request, await signRecall('stranger', request));
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('not-found');
    // even signed by a signer of the document's company, sent in the stranger's session
    const r2 = await recall<{ code: string }>('stranger', id, request, await signRecall('boss', request));
    expect(r2.status).toBe(404);
    expect(await statusOf('boss', id)).toBe('delivered');
  });

  it('refuses a signature over other bytes: 422 signature-invalid', async () => {
    const { id, bytes } = await sent('boss');
    const request = fields(id, bytes);
    const signature = await signRecall('boss', request, recallSignedBytes({ ...request, reason: 'другая причина' }));
    const r = await recall<{ code: string }>('boss', id, request, signature);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('signature-invalid');
    expect(await statusOf('boss', id)).toBe('delivered');
  });

  it('refuses a request signed while the document was accepted and replayed once it is executed: 409, nothing changes', async () => {
    const { id, bytes } = await sent('boss');
    bank.clock.advance(90);
    expect(await statusOf('boss', id)).toBe('accepted');
    const request = fields(id, bytes);
    const signature = await signRecall('boss', request);
    bank.clock.advance(5 * 60); // accepted -> executed
    expect(await statusOf('boss', id)).toBe('executed');
    const before = recallsStored();
    for (let i = 0; i < 2; i++) {
      const r = await recall<{ code: string; detail: string }>('boss', id, request, signature);
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('recall-too-late');
      expect(r.body.detail).toContain('executed');
    }
    expect(recallsStored()).toBe(before);
    expect(await statusOf('boss', id)).toBe('executed');
  });
});
