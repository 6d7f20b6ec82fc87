/**
 * The whole walk-through of the "Must show" list, in order, in Chromium through the
 * browser host, with two SoftHSM2 tokens and the sandbox bank, in Russian, as people click it:
 * the security officer enrols the director's and the chief accountant's certificates with the
 * wizard; the director logs in (token signature + one-time code), imports a 1C file with an
 * invalid order, fixes it in the editor, signs a batch with one PIN (one payment above the
 * two-person threshold); the chief is switched to in the token bar, logs in and signs that one
 * from the "awaiting my signature" inbox; exchanges until the bank executes every payment; a
 * message from the bank is read and answered; a 1C statement of the day is exported and read
 * back; the director's PIN is changed and he logs in with the new one. Only what a bank officer
 * does on the bank's side (users with enrolment codes, approvals, a message, the bank's clock)
 * goes through the sandbox's admin API.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOneCStatement } from '../../src/main/formats/index.ts';
import { oneCFile } from '../helpers/cli-bank.ts';
import { totpNow } from '../helpers/client-flow.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { adminCall } from '../helpers/sandbox.ts';
import type { TestToken } from '../helpers/softhsm.ts';

let app: E2eApp;
let director: TestToken;
let chief: TestToken;
const secrets: Record<string, string> = {};
const dialogs: string[] = [];
const ACCOUNT = '40702810300000004583';
const DIRECTOR = 'Кузнецов Пётр Андреевич';
const CHIEF = 'Смирнова Елена Викторовна';
const NEW_PIN = '24682468';
/** Free text from the file and from the bank: must stay text (cp1251 has no byte for U+202E, so no override here). */
const HOSTILE_PURPOSE = '<img src=x onerror=alert(1)> "><svg onload=alert(2)> Оплата по счёту 804';
const MESSAGE_SUBJECT = '<img src=x onerror=alert(3)> Сверка платежей \u202Eдрятс';
const MESSAGE_BODY = '<script>alert(4)</script>\nПросим подтвердить платёж № 803.';
/** The four orders of the file, by number, in kopecks; 803 is above the two-person threshold (1 000 000,00). */
const AMOUNTS: Record<string, number> = { '801': 2_500_00, '802': 3_750_50, '803': 1_200_000_00, '804': 15_000_00 };
const today = (): string => app.bank.clock.now().toISOString().slice(0, 10);
let importDay = '';
let balanceBefore = 0;
const squash = (s: string | null): string => (s ?? '').replace(/\s/g, '');
const rub = (kopecks: number): string => squash(new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kopecks / 100));

const main = () => app.page.getByRole('main');
/** A menu link by its section's name (a link may add an unread count after it: «Письма 1 непрочитанное»). */
const nav = (section: string) =>
  app.page
    .getByRole('navigation', { name: 'Разделы' })
    .getByRole('link', { name: new RegExp(`^${section}(\\s|$)`) })
    .click();
const bar = () => app.page.getByRole('region', { name: 'Токен и сеанс' });
const currentStep = () => main().getByRole('navigation', { name: 'Шаги' }).locator('[aria-current="step"]').textContent();
const gridRow = (number: string) => app.page.getByRole('grid', { name: 'Список документов' }).getByRole('row').filter({ has: app.page.getByRole('link', { name: number, exact: true }) });
/** Nothing the hostile text could have made. */
const injected = () => app.page.locator('main img, main svg, main script').count();
const balance = (): number => (app.bank.db.prepare('SELECT balance FROM accounts WHERE number = ?').get(ACCOUNT) as { balance: number }).balance;

/**
 * The security officer's enrolment of one person through the wizard. The bank's officer first
 * creates the user (which gives the enrolment code) and later approves the request.
 */
async function enrolWithWizard(token: TestToken, who: { name: string; position: string; role: string; limit?: number }, o: { act?: boolean } = {}): Promise<void> {
  const { page, bank } = app;
  const user = (await adminCall(bank, 'POST', '/admin/users', { companyId: app.companyId, name: who.name, position: who.position, role: who.role, ...(who.limit ? { limit: who.limit } : {}) })).body as { userId: string; enrolmentCode: string };
  await nav('Сертификаты');
  await main().getByRole('heading', { name: 'Сертификаты', level: 1 }).waitFor();
  await main().getByRole('link', { name: 'Выпустить сертификат' }).click();

  await expect.poll(currentStep).toContain('Токен и ключ');
  await main().getByLabel('Токен', { exact: true }).selectOption({ label: `${token.label} — SoftHSM v2, серийный номер ${token.serial}` });
  await main().getByRole('radio', { name: 'ECDSA P-256' }).check();
  await main().getByLabel('Имя нового ключа').fill(`${token.label.toLowerCase()}-key`);
  await main().getByRole('button', { name: 'Далее' }).click();

  // the code first: the bank names its holder, and the request is made in that name
  await expect.poll(currentStep).toContain('Владелец');
  await main().getByLabel('Код подключения').fill(user.enrolmentCode);
  await main().getByRole('button', { name: 'Узнать в банке владельца кода' }).click();
  const holder = main().getByRole('region', { name: 'Владелец ключа по данным банка' });
  await expect.poll(() => holder.textContent()).toContain(who.name);
  expect(await holder.textContent()).toContain(who.position);
  await main().getByRole('button', { name: 'Далее' }).click();

  await expect.poll(currentStep).toContain('Ключ и запрос');
  await main().getByLabel('PIN-код', { exact: true }).fill(token.pin);
  await main().getByRole('button', { name: 'Создать ключ на токене и запрос' }).click();

  await expect.poll(currentStep, { timeout: 20_000 }).toContain('Акт признания ключа');
  const fingerprint = (await main().getByTestId('fingerprint').textContent())!;
  expect(fingerprint).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  if (o.act) {
    // the act to print and sign: a PDF naming the key owner and the key's fingerprint
    const link = main().getByRole('link', { name: 'Скачать акт (PDF)' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfPath = join(app.hsm.dir, `act-${token.label}.pdf`);
    writeFileSync(pdfPath, pdf);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(fingerprint);
    expect(text).toContain(who.name);
    await app.shot('walkthrough-01-enrol');
  }
  await main().getByRole('button', { name: 'Далее' }).click();

  await expect.poll(currentStep).toContain('Отправка');
  expect(await main().getByLabel('Код подключения').inputValue()).toBe(user.enrolmentCode);
  await main().getByRole('button', { name: 'Отправить запрос в банк' }).click();
  const secret = main().getByTestId('totp-secret');
  await secret.waitFor({ timeout: 15_000 });
  // the person copies the secret into an authenticator app; the test keeps it to make the codes
  secrets[token.label] = (await secret.textContent())!;
  expect(secrets[token.label]).toMatch(/^[A-Z2-7]{16,}=*$/);
  await main().getByRole('button', { name: 'Я сохранил секрет' }).click();

  // the bank's officer sees the request of this user and approves it
  await expect.poll(currentStep).toContain('Одобрение банком');
  const pending = () => bank.db.prepare("SELECT id FROM enrollments WHERE user_id = ? AND status = 'pending'").get(user.userId) as { id: string } | undefined;
  await expect.poll(() => pending()?.id).toBeTruthy();
  await adminCall(bank, 'POST', `/admin/enrollments/${pending()!.id}/decision`, { approve: true });
  await main().getByRole('button', { name: 'Проверить сейчас' }).click();

  await expect.poll(currentStep, { timeout: 15_000 }).toContain('Установка');
  await main().getByLabel('PIN-код', { exact: true }).fill(token.pin);
  await main().getByRole('button', { name: 'Установить сертификат' }).click();
  await expect.poll(() => main().getByRole('status').filter({ hasText: 'Установлено: сертификат' }).count(), { timeout: 20_000 }).toBe(1);
  await main().getByRole('link', { name: 'К списку сертификатов' }).click();
}

/** Chooses the key in the token bar ("Ключ"), as the person does to switch tokens. */
async function useKey(token: TestToken, name: string): Promise<void> {
  const choice = bar().getByRole('combobox', { name: /^Ключ/ });
  await expect.poll(() => choice.locator('option').allTextContents(), { timeout: 10_000 }).toContain(`${token.label} — ${name}`);
  await choice.selectOption({ label: `${token.label} — ${name}` });
  await expect.poll(() => bar().getByTestId('token-certificate').textContent()).toContain(name);
}

/** From the token bar's "Войти в банк": the key, the PIN, and the one-time code of the authenticator app (on the bank's clock). */
async function logIn(token: TestToken, name: string, pin = token.pin): Promise<void> {
  const { page } = app;
  const session = bar().getByTestId('session');
  if ((await session.getByRole('button', { name: 'Выйти' }).count()) > 0) await session.getByRole('button', { name: 'Выйти' }).click();
  await session.getByRole('link', { name: 'Войти в банк' }).click();
  await page.getByRole('heading', { name: 'Вход в банк', level: 1 }).waitFor();
  const form = main().locator('form');
  const select = form.getByLabel('Токен и ключ');
  await expect.poll(() => select.locator('option').allTextContents(), { timeout: 10_000 }).toContain(`${token.label} — ${name}`);
  await select.selectOption({ label: `${token.label} — ${name}` });
  await form.getByLabel('PIN-код', { exact: true }).fill(pin);
  await form.getByLabel(/^Одноразовый код/).fill(totpNow(app.bank, secrets[token.label]!));
  await form.getByRole('button', { name: 'Войти' }).click();
}

/** After a login the app opens the dashboard (its data comes with the exchange that starts at once); the login page says who is logged in. */
async function loginState() {
  await expect.poll(() => app.page.evaluate(() => location.hash), { timeout: 15_000 }).toBe('#/dashboard');
  await app.page.goto(`${app.host.url}#/login`);
  return app.page.getByTestId('login-state');
}

/** The status bar's "Обменяться сейчас". */
const exchange = () => app.page.getByRole('button', { name: 'Обменяться сейчас' }).click();

/** Signs what the sign screen has in review with one PIN in the PIN dialog, then sends it. */
async function signAndSend(count: number, pin: string): Promise<void> {
  const { page } = app;
  await main().getByRole('button', { name: `Подписать документы (${count})` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('PIN-код', { exact: true }).fill(pin);
  await dialog.getByRole('button', { name: `Подписать документы (${count})` }).click();
  await expect.poll(() => page.getByTestId('sign-summary').textContent(), { timeout: 30_000 }).toBe(`Подписано: ${count}. Пропущено: 0. Не подписано: 0.`);
  await page.getByRole('button', { name: 'Отправить в банк сейчас' }).click();
  await expect.poll(() => page.getByTestId('sign-sync').textContent(), { timeout: 20_000 }).toMatch(/Осталось отправить: 0/);
}

beforeAll(async () => {
  app = await startE2e('walkthrough', { today: () => today() });
  director = app.hsm.initTestToken('Director', '10101010', '12121212');
  chief = app.hsm.initTestToken('Chief', '30303030', '34343434');
  app.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  balanceBefore = balance();
  await app.page.reload();
}, 60_000);
afterAll(async () => app?.close());

describe('the whole walk-through, as people click it', () => {
  it('1. the security officer enrols the director (first signature, a limit) and the chief accountant (second signature) with the wizard', async () => {
    await expect.poll(() => bar().getByTestId('tokens-present').textContent(), { timeout: 10_000 }).toMatch(/Director.*Chief|Chief.*Director/);
    // the director may sign up to 1 500 000,00; 803 (1 200 000,00) is within it but above the two-person threshold
    await enrolWithWizard(director, { name: DIRECTOR, position: 'Генеральный директор', role: 'first-signature', limit: 1_500_000_00 }, { act: true });
    await enrolWithWizard(chief, { name: CHIEF, position: 'Главный бухгалтер', role: 'second-signature' });
    // the list shows each token's new certificate with its expiry
    for (const label of ['Director', 'Chief']) {
      const table = main().getByRole('table', { name: `Сертификаты на токене ${label}` });
      await expect.poll(() => table.locator('.cert-expiry').first().textContent(), { timeout: 10_000 }).toMatch(/^Действует, осталось 36[45] дн/);
    }
    expect(app.pageErrors).toEqual([]);
  }, 120_000);

  it('2. the director logs in with the token signature and the one-time code', async () => {
    const { page } = app;
    // the login screen lists the keys of the tokens present (the token bar does not yet: see the report)
    await logIn(director, DIRECTOR);
    const state = await loginState();
    await expect.poll(() => state.textContent(), { timeout: 15_000 }).toContain(DIRECTOR);
    expect(await state.textContent()).toContain('первая подпись');
    expect(squash(await state.textContent())).toContain(rub(1_500_000_00));
    await expect.poll(() => bar().getByTestId('session').textContent()).toContain(DIRECTOR);
    // the key that logged in is the one in use
    await expect.poll(() => bar().getByTestId('token-certificate').textContent()).toContain(DIRECTOR);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(director.pin);
    await app.shot('walkthrough-02-login');
  }, 60_000);

  it('3. imports a 1C file: the preview names the invalid order by its line; all are kept, the invalid one as a draft to fix', async () => {
    const { page } = app;
    importDay = today();
    const file = oneCFile(importDay, [
      { number: '801', amount: '2500.00', purpose: 'Оплата по счёту 801. НДС не облагается' },
      { number: '802', amount: '3750.50', inn: '7701325469', purpose: 'Оплата по счёту 802. НДС не облагается' },
      { number: '803', amount: '1200000.00', purpose: 'Оплата по договору поставки 803. НДС не облагается' },
      { number: '804', amount: '15000.00', purpose: HOSTILE_PURPOSE },
    ]);
    await nav('Импорт');
    await page.getByLabel('Файл для импорта').setInputFiles({ name: 'kl_to_1c.txt', mimeType: 'text/plain', buffer: Buffer.from(file) });
    const preview = page.getByTestId('import-preview');
    await expect.poll(() => preview.getByTestId('import-counts').textContent(), { timeout: 15_000 }).toMatch(/с ошибками: 1;/);
    const bad = preview.locator('tr', { hasText: '802' });
    expect(await bad.textContent()).toMatch(/с ошибками/);
    const line = Number(await bad.locator('td').first().textContent());
    expect(line).toBeGreaterThan(10);
    // the line is where the order's section starts in the file
    expect(new TextDecoder('windows-1251').decode(file).split('\r\n')[line - 1]).toBe('СекцияДокумент=Платежное поручение');
    expect(await bad.textContent()).toMatch(/ИНН/);
    expect(await bad.textContent()).toMatch(/неверное контрольное число/);
    expect(await preview.locator('tr', { hasText: '804' }).getByTestId('purpose').textContent()).toBe(HOSTILE_PURPOSE);
    expect(await injected()).toBe(0);
    await app.shot('walkthrough-03-import');
    await preview.getByRole('button', { name: 'Принять и документы с ошибками как черновики для исправления (4)' }).click();
    await expect.poll(() => page.getByTestId('import-done').textContent(), { timeout: 10_000 }).toMatch(/Импортировано черновиков: 4; не импортировано: 0\./);
    expect(dialogs).toEqual([]);
  }, 60_000);

  it('4. fixes the invalid order in the editor: the field error shows, clears when corrected, the draft is saved without errors', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'К документам' }).click();
    await expect.poll(() => gridRow('802').textContent(), { timeout: 10_000 }).toMatch(/Черновик.*1 ошибка/);
    // hostile purpose from the file: text in the list too
    expect(await gridRow('804').locator('.doc-summary').textContent()).toContain(HOSTILE_PURPOSE);
    expect(await injected()).toBe(0);
    await gridRow('802').getByRole('link', { name: '802', exact: true }).click();
    await page.getByRole('heading', { name: 'Платёжное поручение номер 802' }).waitFor();
    await main().getByRole('link', { name: 'Изменить', exact: true }).click();
    await page.getByRole('heading', { name: 'Правка: Платёжное поручение' }).waitFor();
    const payee = page.getByRole('group', { name: 'Получатель' });
    const inn = payee.getByLabel('ИНН', { exact: true });
    await expect.poll(() => inn.inputValue()).toBe('7701325469');
    const innError = payee.locator('[data-path="payee.inn"] .error');
    await expect.poll(() => innError.textContent()).toContain('неверное контрольное число');
    expect(await inn.getAttribute('aria-invalid')).toBe('true');
    await app.shot('walkthrough-04-fix');
    await inn.fill('500100732259');
    await expect.poll(() => innError.count()).toBe(0);
    expect(await inn.getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => page.getByTestId('editor-summary').textContent()).toBe('Ошибок не найдено.');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 10_000 }).toMatch(/^#\/document\//);
    await expect.poll(() => page.getByText('Ошибок и предупреждений нет.').count()).toBe(1);
    expect(await page.getByText('500100732259').count()).toBeGreaterThan(0);
    await main().getByRole('link', { name: 'К списку документов' }).click();
    await expect.poll(() => gridRow('802').textContent()).not.toMatch(/ошибк/);
  }, 60_000);

  it('5. signs the batch as first signer with one PIN, reading the exact text of each; 803 then waits for a second signature', async () => {
    const { page } = app;
    await nav('Подпись');
    await expect.poll(() => page.getByTestId('sign-with').textContent(), { timeout: 10_000 }).toMatch(/Director — Кузнецов Пётр Андреевич · первая подпись/);
    await page.getByLabel('Все черновики без ошибок (4)').check({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Просмотреть и подписать (4)' }).click();
    const texts = page.getByTestId('text-to-sign');
    await expect.poll(() => texts.count(), { timeout: 10_000 }).toBe(4);
    expect(await page.locator('[data-field="purpose"]', { hasText: 'onerror' }).textContent()).toBe(HOSTILE_PURPOSE);
    expect(await texts.filter({ hasText: '№ 803' }).textContent()).toContain('1\u00a0200\u00a0000,00\u00a0₽');
    expect(await injected()).toBe(0);
    await app.shot('walkthrough-05-sign');
    await signAndSend(4, director.pin);
    // the bank's answer: the three small ones are complete, 803 lacks the second signature
    await page.getByRole('link', { name: 'К документам' }).click();
    await expect.poll(() => gridRow('803').textContent(), { timeout: 15_000 }).toMatch(/не хватает 1 подписи/);
    for (const n of ['801', '802', '804']) expect(await gridRow(n).textContent()).not.toMatch(/не хватает|Черновик/);
    expect(dialogs).toEqual([]);
  }, 90_000);

  it('6. switches the token bar to the chief, logs her in, and signs 803 from the "awaiting my signature" inbox', async () => {
    const { page } = app;
    await useKey(chief, CHIEF);
    await logIn(chief, CHIEF);
    const state = await loginState();
    await expect.poll(() => state.textContent(), { timeout: 15_000 }).toContain(CHIEF);
    expect(await state.textContent()).toContain('вторая подпись');
    await exchange();
    await nav('Подпись');
    await expect.poll(() => page.getByRole('heading', { name: /^Ожидают моей подписи/ }).textContent(), { timeout: 15_000 }).toBe('Ожидают моей подписи (1)');
    await page.getByRole('checkbox', { name: 'Выбрать: Платёжное поручение № 803' }).check();
    await page.getByRole('button', { name: 'Просмотреть и подписать (1)' }).click();
    const text = page.getByTestId('text-to-sign');
    await expect.poll(() => text.textContent(), { timeout: 10_000 }).toMatch(/ожидает моей подписи/);
    expect(await text.textContent()).toContain('1\u00a0200\u00a0000,00\u00a0₽');
    await app.shot('walkthrough-06-second-signer');
    await signAndSend(1, chief.pin);
    expect(dialogs).toEqual([]);
  }, 90_000);

  it('7. exchanges while the bank\'s clock moves on: every payment is accepted, then executed ("Исполнен")', async () => {
    const { page } = app;
    await nav('Документы');
    const numbers = Object.keys(AMOUNTS);
    const statuses = () => Promise.all(numbers.map(async (n) => (await gridRow(n).locator('.doc-status').textContent()) ?? ''));
    // the bank accepts a minute after delivery and executes four minutes after acceptance
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 120 });
    await exchange();
    await expect.poll(statuses, { timeout: 20_000 }).toEqual(numbers.map(() => expect.stringMatching(/^Принят/)));
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 300 });
    await exchange();
    await expect.poll(statuses, { timeout: 20_000 }).toEqual(numbers.map(() => expect.stringMatching(/^Исполнен/)));
    await app.shot('walkthrough-07-executed');
    // 803 carries both signatures
    await gridRow('803').getByRole('link', { name: '803', exact: true }).click();
    const signatures = page.getByRole('region', { name: 'Подписи' });
    await expect.poll(() => signatures.textContent(), { timeout: 10_000 }).toMatch(/Первая подпись.*Кузнецов.*Вторая подпись.*Смирнова|Вторая подпись.*Смирнова.*Первая подпись.*Кузнецов/s);
    expect(balance()).toBe(balanceBefore - Object.values(AMOUNTS).reduce((a, b) => a + b, 0));
    // an executed payment is repeated, not edited: "Repeat" opens the editor with a copy, saved only by Save
    const repeat = page.getByRole('group', { name: 'Действия' }).getByRole('link', { name: 'Повторить' });
    await repeat.waitFor();
    expect(await repeat.getAttribute('href')).toMatch(/^#\/copy\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('group', { name: 'Действия' }).getByRole('link', { name: 'Копировать' }).count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  }, 90_000);

  it('8. reads a message the bank posted (unread, then read at the bank) and answers it', async () => {
    const { page, bank, companyId } = app;
    const posted = await adminCall(bank, 'POST', `/admin/companies/${companyId}/messages`, { subject: MESSAGE_SUBJECT, body: MESSAGE_BODY });
    const id = (posted.body as { id: string }).id;
    await nav('Письма');
    await page.getByRole('heading', { name: 'Письма', level: 1 }).waitFor();
    await exchange();
    const list = page.getByRole('navigation', { name: 'Письма с банком, новые сверху' });
    const link = page.locator(`a[data-message-id="${id}"]`);
    await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
    expect(await list.getByRole('link').first().locator('.mail-subject').textContent()).toBe(MESSAGE_SUBJECT);
    expect(await link.textContent()).toContain('не прочитано');
    expect(bank.mailbox.get(companyId, id).read).toBe(false);
    await link.click();
    await expect.poll(() => page.getByTestId('message-subject').textContent()).toBe(MESSAGE_SUBJECT);
    expect(await page.getByTestId('message-body').textContent()).toBe(MESSAGE_BODY);
    await expect.poll(() => bank.mailbox.get(companyId, id).read, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => link.textContent()).not.toContain('не прочитано');
    expect(await injected()).toBe(0);

    await page.getByRole('button', { name: 'Ответить' }).click();
    const form = page.getByRole('form', { name: 'Ответ банку' });
    expect(await form.getByLabel('Тема', { exact: true }).inputValue()).toBe(`Re: ${MESSAGE_SUBJECT}`);
    await form.getByLabel('Текст', { exact: true }).fill('Платёж № 803 подписан обоими подписантами и исполнен.');
    // the letter is signed with the token in use (the chief's since step 6) like a document
    await form.getByRole('button', { name: 'Подписать и отправить' }).click();
    const dialog = page.getByRole('dialog', { name: 'Подпись письма' });
    await dialog.getByLabel('PIN-код', { exact: true }).fill(chief.pin);
    await dialog.getByRole('button', { name: 'Подписать и отправить' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Письмо отправлено в банк.' }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('message-seal').textContent()).toMatch(/^✓ Подписано: .+, сертификат № [0-9a-f]+ \(подпись проверена\)$/);
    const reply = bank.mailbox.list(companyId).find((m) => m.inReplyTo === id);
    expect(reply).toMatchObject({ direction: 'to-bank', subject: `Re: ${MESSAGE_SUBJECT}`, body: 'Платёж № 803 подписан обоими подписантами и исполнен.' });
    await app.shot('walkthrough-08-message');
    expect(dialogs).toEqual([]);
  }, 60_000);

  it('9. exports the statement of the payments\' day to 1C: the download reads back with the four debits', async () => {
    const { page } = app;
    await nav('Выписки');
    await page.getByRole('heading', { name: 'Выписки', level: 1 }).waitFor();
    await page.getByLabel('Счёт', { exact: true }).selectOption({ label: `${ACCOUNT} (RUB)` });
    await page.getByLabel('С', { exact: true }).fill(importDay);
    await page.getByLabel('По', { exact: true }).fill(today());
    await page.getByRole('button', { name: 'Показать выписку' }).click();
    const entries = page.getByRole('table', { name: 'Операции' }).locator('tbody tr');
    await expect.poll(() => entries.count(), { timeout: 15_000 }).toBe(4);
    const debits = (await entries.locator('td:nth-child(5)').allTextContents()).map(squash).sort();
    expect(debits).toEqual(Object.values(AMOUNTS).map(rub).sort());
    expect(await entries.filter({ hasText: '804' }).getByTestId('purpose').textContent()).toContain(HOSTILE_PURPOSE);
    expect(await injected()).toBe(0);
    await app.shot('walkthrough-09-statement');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Выгрузить в 1С' }).click()]);
    expect(download.suggestedFilename()).toBe(`kl_to_1c_${ACCOUNT}_${importDay}_${today()}.txt`);
    const read = readOneCStatement(readFileSync((await download.path())!));
    expect(read.account.number).toBe(ACCOUNT);
    expect(read.entries.map((e) => [e.documentNumber, e.direction, e.amount]).sort()).toEqual(Object.entries(AMOUNTS).map(([n, a]) => [n, 'debit', a]).sort());
    expect(read.totalDebit).toBe(Object.values(AMOUNTS).reduce((a, b) => a + b, 0));
    expect(read.entries.find((e) => e.documentNumber === '804')!.purpose).toContain(HOSTILE_PURPOSE);
    await expect.poll(() => page.getByRole('status').filter({ hasText: `Сохранено: ${download.suggestedFilename()}` }).count()).toBe(1);
  }, 60_000);

  it('10. changes the director\'s PIN; the old PIN no longer logs in, the new one does', async () => {
    const { page } = app;
    await nav('Сертификаты');
    await main().getByRole('link', { name: 'Сменить или разблокировать PIN-код' }).click();
    await page.getByRole('heading', { name: 'Смена и разблокировка PIN-кода', level: 1 }).waitFor();
    const tokenSelect = main().getByLabel('Токен', { exact: true });
    await expect.poll(async () => (await tokenSelect.locator('option').allTextContents()).some((o) => o.includes(director.serial))).toBe(true);
    await tokenSelect.selectOption({ label: (await tokenSelect.locator('option').allTextContents()).find((o) => o.includes(director.serial))! });
    const change = main().getByRole('form', { name: 'Сменить PIN-код' });
    await change.getByLabel('Текущий PIN-код').fill(director.pin);
    await change.getByLabel('Новый PIN-код', { exact: true }).fill(NEW_PIN);
    await change.getByLabel('Новый PIN-код ещё раз').fill(NEW_PIN);
    await change.getByRole('button', { name: 'Сменить PIN-код' }).click();
    await expect.poll(() => change.getByRole('status').textContent(), { timeout: 15_000 }).toBe('PIN-код изменён.');
    await app.shot('walkthrough-10-pin');

    await useKey(director, DIRECTOR);
    await logIn(director, DIRECTOR, director.pin);
    await expect.poll(() => main().locator('p.error[role=alert]').textContent(), { timeout: 15_000 }).toMatch(/^Неверный PIN-код/);
    expect(await bar().getByTestId('session').getByRole('link', { name: 'Войти в банк' }).count()).toBe(1);
    const form = main().locator('form');
    await form.getByLabel('PIN-код', { exact: true }).fill(NEW_PIN);
    await form.getByLabel(/^Одноразовый код/).fill(totpNow(app.bank, secrets[director.label]!));
    await form.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(async () => (await loginState()).textContent(), { timeout: 15_000 }).toContain(DIRECTOR);
    await expect.poll(() => bar().getByTestId('session').textContent()).toContain(DIRECTOR);
    expect(dialogs).toEqual([]);
  }, 60_000);

  it('ends on the dashboard: the account\'s balance is the bank\'s, less the four payments', async () => {
    const { page } = app;
    await nav('Обзор');
    await exchange();
    const accounts = page.getByRole('table', { name: 'Счета', exact: true });
    const row = accounts.getByRole('row').filter({ hasText: ACCOUNT });
    const expected = balanceBefore - Object.values(AMOUNTS).reduce((a, b) => a + b, 0);
    await expect.poll(async () => squash(await row.getByRole('cell').last().textContent().catch(() => '')), { timeout: 15_000 }).toBe(rub(expected));
    await app.shot('walkthrough-dashboard');
    expect(dialogs).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  }, 60_000);
});
