/**
 * Recall of a sent payment as a person does it, in Chromium through the browser host, with the
 * sandbox bank and a SoftHSM2 token: the card of an accepted payment offers «Отозвать»; the
 * reason, the token's PIN; the bank accepts the signed request at once and its verified receipt
 * shows the payment «Отозван», with «Запрос на отзыв: принят банком». A payment the bank executed
 * before we heard of it is refused, and the card says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../src/main/bank/session.ts';
import { enrolAndLogin, totpNow, type Person } from '../helpers/client-flow.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';

let app: E2eApp;
let who: Person;
const ids: Record<string, string> = {};

const PAYER = { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } };
const PAYEE = { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } };
const order = (number: string, date: string, amount: number) => ({ number, date, amount, payer: PAYER, payee: PAYEE, uin: '0', priority: 5, purpose: `Оплата по счёту № ${number}, без НДС`, operationType: '01' });

beforeAll(async () => {
  app = await startE2e('recall', { locale: 'ru' });
  const { bank, client, hsm } = app;
  const { serial } = hsm.initTestToken('Director', '10101010');
  who = await enrolAndLogin(bank, client, { token: 'Director', pin: '10101010', name: 'Иванов Иван Иванович', role: 'single-signature', companyId: app.companyId });
  // the app names the token by its serial (as the token bar does): logged in so, the bank's word on the key is kept under it
  who = { ...who, token: serial };
  await login(client.db, client.api, client.tokens, { token: serial, key: who.key, pin: Buffer.from(who.pin), totp: totpNow(bank, who.totpSecret), actor: 'e2e' });
  const today = bank.clock.now().toISOString().slice(0, 10);
  ids.recalled = client.documents.create({ kind: 'payment-order', content: order('901', today, 12_345_67) }).id;
  ids.late = client.documents.create({ kind: 'payment-order', content: order('902', today, 1_000_00) }).id;
  const signed = await client.signing.sign({ ids: [ids.recalled, ids.late], token: who.token, key: who.key, pin: Buffer.from(who.pin) });
  expect(signed.signed).toHaveLength(2);
  await client.sync().syncOnce();
  bank.clock.advance(90); // delivered -> accepted on the bank's clock
  await client.sync().syncOnce();
  expect(client.documents.get(ids.recalled).status).toBe('accepted');
  expect(client.documents.get(ids.late).status).toBe('accepted');
}, 120_000);
afterAll(async () => app?.close());

/** Opens a card, asks for the recall with a reason and signs it with the PIN. */
async function recall(id: string, number: string, reason: string, shot?: string): Promise<void> {
  const { page } = app;
  await page.goto(`${app.host.url}#/document/${id}`);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(number);
  const button = page.getByRole('group', { name: 'Действия' }).getByRole('button', { name: 'Отозвать', exact: true });
  await expect.poll(() => button.count()).toBe(1);
  await button.click();
  const ask = page.getByRole('dialog', { name: 'Отозвать документ?' });
  // no reason: asked for one, nothing sent
  await ask.getByRole('button', { name: 'Далее' }).click();
  await expect.poll(() => ask.getByRole('alert').textContent()).toBe('Укажите причину отзыва.');
  await ask.getByLabel('Причина отзыва').fill(reason);
  expect(await ask.getByRole('alert').count()).toBe(0);
  if (shot) await app.shot(`${shot}-reason`);
  await ask.getByRole('button', { name: 'Далее' }).click();
  const pin = page.getByRole('dialog', { name: 'Подпишите запрос на отзыв' });
  await expect.poll(() => pin.getByText(`Причина: ${reason}`).count()).toBe(1);
  await pin.getByLabel('PIN-код').fill(who.pin);
  if (shot) await app.shot(`${shot}-pin`);
  await pin.getByRole('button', { name: 'Подписать и отозвать' }).click();
  await expect.poll(async () => ((await pin.isVisible()) ? await pin.textContent() : 'closed'), { timeout: 15_000 }).toBe('closed');
}

describe('recall of a sent document from its card', () => {
  it('recalls an accepted payment: the bank accepts the signed request and its receipt shows «Отозван»', async () => {
    const { page } = app;
    await recall(ids.recalled!, '901', 'Ошибка в реквизитах получателя', 'document-recall');
    await expect.poll(() => page.getByTestId('recall-status').textContent()).toBe('Запрос на отзыв: принят банком');
    await expect.poll(() => page.locator('.document-head .badge').textContent()).toBe('Отозван');
    // the status is the bank's receipt's, verified and kept with the document
    await expect.poll(() => page.locator('.document-receipts .badge').allTextContents()).toContain('Отозван');
    expect(app.client.documents.receipts(ids.recalled!).map((r) => r.status)).toContain('recalled');
    // nothing more to recall
    expect(await page.getByRole('group', { name: 'Действия' }).getByRole('button', { name: 'Отозвать', exact: true }).count()).toBe(0);
    await app.shot('document-recalled');
    expect(app.pageErrors).toEqual([]);
  });

  it('shows the refusal with the bank’s reason for a payment the bank executed meanwhile', async () => {
    const { page } = app;
    app.bank.clock.advance(6 * 60); // executed at the bank; our copy still says accepted
    await recall(ids.late!, '902', 'Передумали');
    await expect.poll(() => page.getByTestId('recall-status').textContent()).toBe('Запрос на отзыв: банк отказал: поздно, документ уже в статусе «исполнен»');
    // the exchange after the refusal brought the bank's receipt: executed, and nothing more to recall
    await expect.poll(() => page.locator('.document-head .badge').textContent()).toBe('Исполнен');
    expect(await page.getByRole('group', { name: 'Действия' }).getByRole('button', { name: 'Отозвать', exact: true }).count()).toBe(0);
    expect(await page.getByText(/^Ответ банка: document .* is executed; it can no longer be recalled$/).count()).toBe(1);
    expect(app.client.recalls.state(ids.late!)).toMatchObject({ status: 'refused', refusal: { code: 'recall-too-late' } });
    await app.shot('document-recall-refused');
    expect(app.pageErrors).toEqual([]);
  });
});
