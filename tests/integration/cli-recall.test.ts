/**
 * Recall of a sent document from the command line (`bankclient documents recall`), against the
 * sandbox bank in its own process and a SoftHSM2 token: an accepted payment recalled (the bank's
 * receipt then shows it recalled), and one the bank executed meanwhile refused as too late.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliBank, oneCFile } from '../helpers/cli-bank.ts';

const t = new CliBank('cli-recall', { Boss: '10101010' });

beforeAll(() => t.start(), 60_000);
afterAll(() => t.stop());

const status = (id: string): string => t.cli('Boss', ['documents', 'show', id, '--json']).json<{ status: string }>().status;

describe('bankclient documents recall', () => {
  it('recalls an accepted payment, and is refused for one the bank executed meanwhile', async () => {
    await t.enrol('Boss', 'single-signature');
    const today = t.bank.now().toISOString().slice(0, 10);
    writeFileSync(
      t.file('orders.txt'),
      oneCFile(today, [
        { number: '801', amount: '1500.00', purpose: 'Оплата по счёту № 801' },
        { number: '802', amount: '2500.00', purpose: 'Оплата по счёту № 802' },
      ]),
    );
    const [first, second] = t.cli('Boss', ['import', t.file('orders.txt'), '--json']).json<{ imported: string[] }>().imported as [string, string];
    const signed = t.cli('Boss', ['sign-documents', '--token', 'Boss', '--key', 'Boss-key', first, second, '--json']);
    expect(signed.json<{ signed: string[] }>().signed.sort()).toEqual([first, second].sort());
    expect(t.cli('Boss', ['sync', '--json']).status).toBe(0);
    await t.bank.advanceClock(90); // delivered -> accepted on the bank's clock
    expect(t.cli('Boss', ['sync', '--json']).status).toBe(0);
    expect(status(first)).toBe('accepted');

    // a usage error without the reason
    const noReason = t.cli('Boss', ['documents', 'recall', first, '--token', 'Boss', '--key', 'Boss-key']);
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toContain('--reason');

    const recalled = t.cli('Boss', ['documents', 'recall', first, '--reason', 'Ошибка в назначении платежа', '--token', 'Boss', '--key', 'Boss-key', '--lang', 'ru']);
    expect(recalled.status, recalled.stderr).toBe(0);
    expect(recalled.stdout).toContain(`Запрос на отзыв ${first}: принят банком. Статус документа: Отозван.`);
    expect(status(first)).toBe('recalled');
    // the status came from the bank's verified receipt, and the request is kept with its answer
    const receipts = t.clientQuery<{ status: string }>('Boss', 'SELECT status FROM receipts WHERE document_id = ? ORDER BY cursor', first);
    expect(receipts.map((r) => r.status)).toContain('recalled');
    expect(t.clientQuery<{ status: string; reason: string }>('Boss', 'SELECT status, reason FROM recalls WHERE document_id = ?', first)).toEqual([{ status: 'accepted', reason: 'Ошибка в назначении платежа' }]);
    expect(t.bankQuery<{ status: string }>('SELECT status FROM documents WHERE id = ?', first)).toEqual([{ status: 'recalled' }]);

    // the bank executes the second before we hear of it: our copy still says accepted, the bank refuses
    await t.bank.advanceClock(6 * 60);
    expect(status(second)).toBe('accepted');
    const late = t.cli('Boss', ['documents', 'recall', second, '--reason', 'Передумали', '--token', 'Boss', '--key', 'Boss-key', '--json']);
    expect(late.status).toBe(1);
    const answer = late.json<{ recall: { status: string; refusal: { code: string; reason: string } } }>();
    expect(answer.recall).toMatchObject({ status: 'refused', refusal: { code: 'recall-too-late' } });
    expect(answer.recall.refusal.reason).toContain('executed');
    expect(t.bankQuery<{ status: string }>('SELECT status FROM documents WHERE id = ?', second)).toEqual([{ status: 'executed' }]);
    // the exchange after the refusal brought the bank's receipt
    expect(late.json<{ documentStatus: string }>().documentStatus).toBe('executed');
    expect(status(second)).toBe('executed');

    // and an executed document is not even sent: refused here in words
    const again = t.cli('Boss', ['documents', 'recall', second, '--reason', 'ещё раз', '--token', 'Boss', '--key', 'Boss-key']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/only a document sent, delivered or accepted/);
  }, 120_000);
});
