/**
 * Red team, issue 13: `bankclient documents recall` exited 0 ("accepted by the bank") on the bank's
 * answer alone, which is not signed: a man in the middle answering "accepted" for the bank made a
 * script believe the payment was stopped while the bank, never asked, executed it. It exits 0 only
 * when the bank's verified receipt recalled the document; run again, the same request goes.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliBank } from '../helpers/cli-bank.ts';

/**
 * The man in the middle: a proxy in its own thread (bankclient runs synchronously, holding this
 * one) that passes everything to the bank except the first recall request, which it answers
 * "accepted" for the bank without passing it on.
 */
const MITM = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
let forged = false;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const m = /^\\/v1\\/documents\\/([0-9a-f-]+)\\/recall$/.exec(req.url);
    if (req.method === 'POST' && m && !forged) {
      forged = true;
      const now = new Date().toISOString();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ documentId: m[1], status: 'accepted', documentStatus: 'recalled', reason: 'x', requestedAt: now, decidedAt: now }));
      return;
    }
    const target = new URL(req.url, workerData.target);
    const up = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.socket && res.socket.destroy());
    up.end(Buffer.concat(chunks));
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

let mitm: Worker;
let mitmUrl = '';
/** Every bankclient call of this file goes through the man in the middle (a profile keeps to its one bank address). */
class ProxiedCliBank extends CliBank {
  override args(who: string, args: string[]): string[] {
    return [...args, '--data-dir', this.file(`profile-${who}`), '--bank', mitmUrl];
  }
}
const t = new ProxiedCliBank('attack-recall-cli', { Boss: '10101010' });

beforeAll(async () => {
  await t.start();
  mitm = new Worker(MITM, { eval: true, workerData: { target: t.sandbox.url } });
  mitmUrl = `http://127.0.0.1:${await new Promise<number>((resolve) => mitm.once('message', resolve))}`;
}, 60_000);
afterAll(async () => {
  await mitm?.terminate();
  await t.stop();
});

describe('bankclient documents recall with a forged answer', () => {
  it('does not say recalled, exits 1, and the same request sent again is decided by the bank', async () => {
    await t.enrol('Boss', 'single-signature');
    const [id] = t.cli('Boss', ['import', t.ordersFile('orders.txt', [{ number: '811', amount: '1500.00', purpose: 'Оплата по счёту № 811' }]), '--json']).json<{ imported: string[] }>().imported as [string];
    expect(t.cli('Boss', ['sign-documents', '--token', 'Boss', '--key', 'Boss-key', id, '--json']).status).toBe(0);
    expect(t.cli('Boss', ['sync', '--json']).status).toBe(0);
    await t.bank.advanceClock(90);
    expect(t.cli('Boss', ['sync', '--json']).status).toBe(0);

    const forged = t.cli('Boss', ['documents', 'recall', id, '--reason', 'Ошибка в сумме', '--token', 'Boss', '--key', 'Boss-key', '--lang', 'ru']);
    expect(forged.status, forged.stderr + forged.stdout).toBe(1);
    expect(forged.stdout).toContain(`Запрос на отзыв ${id}: банк ответил, что принял его, но квитанции банка об отзыве документа нет (статус: Принят)`);
    expect(t.bankQuery('SELECT 1 FROM recalls WHERE document_id = ?', id)).toEqual([]);

    const again = t.cli('Boss', ['documents', 'recall', id, '--reason', 'Ошибка в сумме', '--token', 'Boss', '--key', 'Boss-key', '--lang', 'ru']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Запрос на отзыв ${id}: принят банком. Статус документа: Отозван.`);
    expect(t.bankQuery<{ status: string }>('SELECT status FROM documents WHERE id = ?', id)).toEqual([{ status: 'recalled' }]);
  }, 120_000);
});
