/**
 * The prints area through the browser host: documents.print answers a PDF made from the signed
 * bytes (never the stored, editable content), refuses a draft and bytes signed for another
 * document, prints other kinds as their fields; inputs are refused by field before any handler.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES, EXAMPLES_VALID_ON } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes } from '../../src/shared/bank-api/documents/signed.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { layoutText, pageCount, qpdfCheck } from '../helpers/pdf.ts';

const app = useAppServices('prints-channels', { bank: false, today: () => EXAMPLES_VALID_ON });
const { rpc } = app;
const COMPANY_ID = randomUUID();

/** Marks a draft signed with the bytes of `body` (what a first signature stores), as the store would. */
function sign(id: string, body: unknown): void {
  app.client.db.prepare("UPDATE documents SET status = 'sent', canonical = ? WHERE id = ?").run(Buffer.from(signedDocumentBytes({ id, companyId: COMPANY_ID }, body as never)), id);
}

function pdfOf(answer: { fileName: string; pdfBase64: string }): string {
  const path = join(app.hsm.dir, answer.fileName);
  writeFileSync(path, Buffer.from(answer.pdfBase64, 'base64'));
  return path;
}

describe('documents.print', () => {
  it('prints from the signed bytes, a page per document in the order asked; refuses drafts and bytes of another document', async () => {
    const order = app.client.documents.create({ kind: 'payment-order', content: { ...DOCUMENT_EXAMPLES['payment-order'], number: '31', purpose: 'Текст в черновике' } });
    const letter = app.client.documents.create({ kind: 'letter', content: DOCUMENT_EXAMPLES.letter });
    const draft = await rpc('documents.print', { ids: [order.id] });
    expect(draft.status).toBe(400);
    expect(draft.body).toMatchObject({ code: 'print.not-signed', params: { id: order.id, number: '31' } });

    // the stored content says one thing, the signed bytes another: the print shows what was signed
    sign(order.id, { ...order.body, content: { ...order.body.content, purpose: 'Текст, который подписан' } });
    sign(letter.id, letter.body);
    const r = await rpc<{ fileName: string; pdfBase64: string; pages: number }>('documents.print', { ids: [letter.id, order.id] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ fileName: 'documents-2.pdf', pages: 2 });
    const path = pdfOf(r.body);
    expect(qpdfCheck(path).ok).toBe(true);
    expect(pageCount(path)).toBe(2);
    const [first, second] = layoutText(path).split('\f');
    expect(first).toContain('Письмо в банк');
    expect(first).toContain('Не исполнено. Статус: отправлен в банк.');
    expect(second).toContain('ПЛАТЕЖНОЕ ПОРУЧЕНИЕ № 31');
    expect(second).toContain('Текст, который подписан');
    expect(second).not.toContain('Текст в черновике');
    expect(second).toContain('Квитанций банка ещё нет.');

    // bytes signed for another document id are not printed as this one
    app.client.db.prepare('UPDATE documents SET canonical = ? WHERE id = ?').run(Buffer.from(signedDocumentBytes({ id: randomUUID(), companyId: COMPANY_ID }, order.body)), order.id);
    expect((await rpc('documents.print', { ids: [order.id] })).body).toMatchObject({ code: 'signing.canonical-invalid' });
    const unknown = await rpc('documents.print', { ids: [randomUUID()] });
    expect(unknown.body).toMatchObject({ code: 'document.not-found' });
  });

  it.each([
    ['documents.print', { ids: [] }, 'ids'],
    ['documents.print', { ids: ['not-a-uuid'] }, 'ids.0'],
    ['documents.print', { ids: Array.from({ length: 501 }, () => randomUUID()) }, 'ids'],
    ['documents.print', { ids: [randomUUID()], extra: 1 }, 'extra'],
    ['statements.print', { accountId: 'a', from: '2026-12-05', to: '2026-12-01' }, 'to'],
    ['statements.print', { accountId: 'a', from: '05.12.2026', to: '2026-12-01' }, 'from'],
  ])('refuses %s %j by field', async (channel, input, field) => {
    const r = await rpc(channel, input);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'validation-failed', field });
  });
});
