/**
 * Statuses arrive by themselves (issue 13), in Chromium through the browser host with a SoftHSM2
 * token and the sandbox bank: with no certificate the login page leads to Certificates; a login
 * lands on the dashboard with the bank's data (no "exchange now"); the status bar says when the
 * next exchange is; a signed payment goes at once and "executed" arrives by itself when the bank's
 * clock moves on; when the bank ends the session the app asks for the token login in a dialog
 * (never a command to run), the header no longer says who is logged in, and the login there
 * resumes the exchange.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logout } from '../../src/main/bank/session.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { SUBJECT, totpNow, type Person } from '../helpers/client-flow.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { dismissDialogs } from '../helpers/e2e-setup.ts';
import { adminCall } from '../helpers/sandbox.ts';

let app: E2eApp;
let director: Person;
const NAME = 'Иванов Иван Иванович';
const PIN = '11223344';
const dialogs: string[] = [];
const today = (): string => app.bank.clock.now().toISOString().slice(0, 10);
const squash = (s: string | null): string => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

beforeAll(async () => {
  // a short interval so the test waits seconds; the scheduler, backoff and clock are the app's own
  app = await startE2e('background-sync', { locale: 'ru', today: () => today(), sync: { intervalMs: 4_000, minDelayMs: 200 } });
  app.hsm.initTestToken('Director', PIN);
  dismissDialogs(app.page, dialogs);
  await app.page.reload();
}, 90_000);
afterAll(async () => app?.close());

/** Enrols the director through the app's services, as the security officer did; no login (the page does that). */
async function enrol(): Promise<Person> {
  const user = await adminCall(app.bank, 'POST', '/admin/users', { companyId: app.companyId, name: NAME, role: 'single-signature', limit: 5_000_000_00 });
  const key = 'director-key';
  const req = await app.client.enrollment.makeRequest('Director', Buffer.from(PIN), key, 'ec-p256', SUBJECT(NAME));
  const submitted = await app.client.enrollment.submit('Director', key, req.csrPem, (user.body as { enrolmentCode: string }).enrolmentCode);
  await adminCall(app.bank, 'POST', `/admin/enrollments/${submitted.enrollmentId}/decision`, { approve: true });
  const done = await app.client.enrollment.awaitCertificate(Buffer.from(PIN), { timeoutMs: 5000, intervalMs: 50 });
  if (done.status !== 'approved') throw new Error(`enrolment ${done.status}`);
  logout(app.client.db);
  return { token: 'Director', pin: PIN, key, totpSecret: submitted.totp!.secret };
}

const main = () => app.page.locator('main');
const bar = () => app.page.getByRole('region', { name: 'Токен и сеанс' });

describe('statuses arrive by themselves', () => {
  it('with no certificate yet, the login page leads to Certificates', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/login`);
    const note = main().getByTestId('login-no-certificate');
    await expect.poll(() => note.textContent(), { timeout: 10_000 }).toContain('На подключённых токенах ещё нет сертификата');
    await note.getByRole('link', { name: 'Перейти в «Сертификаты»' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/certificates');
    director = await enrol();
  }, 60_000);

  it('logs in and lands on the dashboard with the bank\'s data, without "exchange now"; the status bar says when the next exchange is', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/login`);
    await page.reload();
    const form = main().locator('form');
    await expect.poll(() => form.getByLabel('Токен и ключ').locator('option').allTextContents(), { timeout: 10_000 }).toContain(`Director — ${NAME}`);
    await form.getByLabel('PIN-код', { exact: true }).fill(PIN);
    await form.getByLabel(/^Одноразовый код/).fill(totpNow(app.bank, director.totpSecret));
    await form.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Обзор', level: 1 }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.evaluate(() => location.hash)).toBe('#/dashboard');
    const accounts = page.getByRole('table', { name: 'Счета', exact: true });
    await expect.poll(() => accounts.getByRole('row').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await expect.poll(() => bar().getByTestId('session').textContent()).toContain(NAME);
    const next = page.getByTestId('sync-next');
    await expect.poll(() => next.textContent(), { timeout: 10_000 }).toMatch(/^Следующий обмен в \d{1,2}:\d{2}:\d{2} \(через \d+ с\)$/);
    // the countdown is within the interval, and the time it names is that many seconds from now
    const text = (await next.textContent())!;
    const seconds = Number(/через (\d+) с/.exec(text)![1]);
    expect(seconds).toBeLessThanOrEqual(4);
    expect(await page.getByTestId('sync-status').textContent()).toMatch(/^Обмен выполнен /);
    await app.shot('statusbar-next-exchange');
    expect(dialogs).toEqual([]);
  }, 60_000);

  it('signs a payment, which goes to the bank at once; "executed" arrives by itself as the bank moves on', async () => {
    const { page } = app;
    const payer = { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } };
    const { id } = app.client.documents.create({ kind: 'payment-order', content: { ...DOCUMENT_EXAMPLES['payment-order'], number: '12', date: today(), amount: 1_200_000_00, payer } });
    await page.goto(`${app.host.url}#/sign`);
    await page.getByLabel(/Все черновики без ошибок \(1\)/).check({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Просмотреть и подписать (1)' }).click();
    await expect.poll(() => page.getByTestId('text-to-sign').count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('button', { name: 'Подписать документы (1)' }).click();
    const pin = page.getByRole('dialog');
    await pin.getByLabel('PIN-код', { exact: true }).fill(PIN);
    await pin.getByRole('button', { name: /^Подписать/ }).click();
    await expect.poll(() => page.getByTestId('sign-summary').textContent(), { timeout: 20_000 }).toBe('Подписано: 1. Пропущено: 0. Не подписано: 0.');
    // nobody presses "send now": the exchange after signing sends it
    await expect.poll(() => app.client.documents.get(id).status, { timeout: 15_000 }).not.toBe('signed');
    await page.goto(`${app.host.url}#/documents`);
    for (const seconds of [120, 300]) await adminCall(app.bank, 'POST', '/admin/clock', { seconds });
    const notice = page.getByTestId('status-notice').filter({ hasText: 'исполнено' });
    await expect.poll(() => notice.count(), { timeout: 20_000 }).toBe(1);
    expect(squash(await notice.getByRole('link').textContent())).toBe('Платёжное поручение № 12 на 1 200 000,00 ₽ исполнено');
    expect(app.client.documents.get(id).status).toBe('executed');
    // the list shows it too, without a reload or a manual exchange
    await expect.poll(() => main().getByText('Исполнен', { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await app.shot('status-executed-notice');
    await notice.getByRole('link').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/document/${id}`);
    expect(app.pageErrors).toEqual([]);
  }, 90_000);

  it('when the bank ends the session: a dialog asks for the token login, the header no longer says who is logged in; logging in there resumes the exchange', async () => {
    const { page } = app;
    // past the bank's 15-minute session: the next background exchange hears "session expired"
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 16 * 60 });
    const dialog = page.getByRole('dialog', { name: 'Сессия в банке завершилась' });
    await expect.poll(() => dialog.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await dialog.getByTestId('session-ended-text').textContent()).toMatch(/^В целях безопасности банк завершает сессию/);
    expect(await dialog.getByLabel('PIN-код', { exact: true }).count()).toBe(1);
    expect(await dialog.getByLabel(/^Одноразовый код/).count()).toBe(1);
    await expect.poll(() => bar().getByTestId('session').textContent()).toBe('Войти в банк');
    expect(await page.locator('body').textContent()).not.toContain('bankclient');
    expect(await page.getByTestId('sync-next').count()).toBe(0);
    expect(await page.getByTestId('sync-error').textContent()).toContain('сессия завершилась. Войдите с токеном');
    await app.shot('session-expired');

    await dialog.getByLabel('PIN-код', { exact: true }).fill(PIN);
    await dialog.getByLabel(/^Одноразовый код/).fill(totpNow(app.bank, director.totpSecret));
    await dialog.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => bar().getByTestId('session').textContent()).toContain(NAME);
    await expect.poll(() => page.getByTestId('sync-next').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('sync-error').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  }, 90_000);
});
