import { describe, expect, it } from 'vitest';
import { adminCall, enrol } from '../helpers/sandbox.ts';
import { hsm, bank, tokens, signers, companyId, SUBJECT, sent, fields, signRecall, recall, statusOf, recallsStored, useRecallBank } from '../helpers/recall-bank.ts';

/**
 * Red team, issue 13: recall requests over HTTP with a time that is not now, and by a certificate
 * the bank revoked. The request's own time (requestedAt, signed, kept by the bank and shown on
 * the card as when it was asked) was taken as written: a request "asked" years ago or next year
 * was accepted while only the CMS signing time was checked.
 */
useRecallBank('red-recall');

describe('recall requests out of time or by a revoked certificate', () => {
  it('refuses a request whose own time is far from the bank\'s (past or future): 422, nothing stored, the document as it was', async () => {
    const { id, bytes } = await sent('boss');
    const before = recallsStored();
    const now = bank.clock.now().getTime();
    for (const at of [new Date(now - 3 * 365 * 86_400_000), new Date(now + 365 * 86_400_000), new Date(now - 2 * 86_400_000), new Date(now + 3_600_000)]) {
      const request = { ...fields(id, bytes), requestedAt: at.toISOString() };
      const r = await recall<{ code: string }>('boss', id, request, await signRecall('boss', request));
      expect([r.status, r.body.code], request.requestedAt).toEqual([422, 'validation-failed']);
    }
    expect(recallsStored()).toBe(before);
    expect(await statusOf('boss', id)).toBe('delivered');
    // now, written with another offset, is fine
    const request = { ...fields(id, bytes), requestedAt: new Date(now).toISOString().replace('Z', '+00:00') };
    const ok = await recall('boss', id, request, await signRecall('boss', request));
    expect(ok.status).toBe(200);
  });

  it('refuses a request signed with a certificate the bank revoked (certificate-revoked), nothing stored; the document holder\'s own request still recalls (held)', async () => {
    const { id, bytes } = await sent('boss');
    const request = fields(id, bytes);
    const signature = await signRecall('boss', request);
    signers.spare = await enrol(bank, tokens, hsm.dir, { token: 'Boss', pin: '10101010', key: 'spare', companyId, name: 'Запасной Подписант', role: 'single-signature', subject: SUBJECT('Запасной Подписант') });
    const spareSignature = await signRecall('spare', request);
    expect((await adminCall(bank, 'POST', `/admin/certificates/${signers.spare.certSerial}/revocation`)).status).toBe(204);
    const before = recallsStored();
    const r = await recall<{ code: string }>('boss', id, request, spareSignature);
    expect(r.body.code).toBe('certificate-revoked');
    expect(recallsStored()).toBe(before);
    expect(await statusOf('boss', id)).toBe('delivered');
    expect((await recall('boss', id, request, signature)).status).toBe(200);
  });
});
