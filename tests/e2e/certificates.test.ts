/**
 * The security officer in Chromium: the enrolment wizard clicked through (key on the SoftHSM
 * token, the act downloaded and read back with pdftotext, the code sent, the wizard left and
 * resumed, the bank's approval, install), the certificate listed with its expiry, renewal near
 * expiry, PIN change and unblock. Hostile text typed as the person's name stays text.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { listAudit, verifyAudit } from '../../src/main/audit/audit-log.ts';
import { adminCall, totpNow } from '../helpers/sandbox.ts';
import type { TestToken } from '../helpers/softhsm.ts';

let app: E2eApp;
let officer: TestToken;
/** The one-time-code secret the wizard showed once (the officer keeps it in an authenticator app). */
let totpSecret = '';
const dialogs: string[] = [];
// the bank refuses a request whose CN holds a control or bidi character (red-csr-subject), so the
// override rides in the position (title), which the bank takes as its records have it
const HOSTILE_NAME = '<img src=x onerror=alert(1)> Иванов "><svg onload=alert(2)> ливе';
const HOSTILE_POSITION = '<script>alert(3)</script> \u202Eливе';
const DAY = 86_400_000;

beforeAll(async () => {
  app = await startE2e('certificates');
  officer = app.hsm.initTestToken('Officer', '11112222', '99998888');
  app.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 60_000);
afterAll(async () => app?.close());

const main = () => app.page.getByRole('main');
const currentStep = () => main().getByRole('navigation', { name: 'Шаги' }).locator('[aria-current="step"]').textContent();

describe('certificates (security officer)', () => {
  it('enrols a certificate through the wizard, leaving it while the bank decides and resuming', async () => {
    const { page, host, bank, companyId } = app;
    await page.goto(`${host.url}#/certificates`);
    await main().getByRole('heading', { name: 'Сертификаты', level: 1 }).waitFor();
    await expect.poll(() => main().getByText('На этом токене нет сертификатов.').count()).toBe(1);
    await main().getByRole('link', { name: 'Выпустить сертификат' }).click();

    // (a) token, algorithm, key name: Next without a key name says what is missing
    await expect.poll(currentStep).toContain('Токен и ключ');
    await expect.poll(() => main().getByLabel('Токен').inputValue()).toBe(officer.serial);
    // the token by its label, model and serial, not by serial only
    expect(await main().getByLabel('Токен').locator('option:checked').textContent()).toBe(`Officer — SoftHSM v2, серийный номер ${officer.serial}`);
    await main().getByLabel('Имя нового ключа').fill('');
    await main().getByRole('button', { name: 'Далее' }).click();
    await expect.poll(() => main().getByText('Заполните поле.').count()).toBe(1);
    await main().getByRole('radio', { name: 'ECDSA P-256' }).check();
    await main().getByLabel('Имя нового ключа').fill('officer-key');
    await main().getByLabel('Имя нового ключа').press('Enter'); // the keyboard goes on too

    // (b) the code first: the bank names whose it is (a wrong code is refused in the bank's words);
    // the name, position and company are the bank's, shown as its data, not typed. Hostile text in
    // the bank's records stays text.
    await expect.poll(currentStep).toContain('Владелец');
    expect(await main().getByLabel('ФИО владельца ключа').count()).toBe(0);
    await main().getByLabel('Код подключения').fill('wrong-code-123');
    await main().getByRole('button', { name: 'Узнать в банке владельца кода' }).click();
    await expect.poll(() => main().getByRole('alert').filter({ hasText: 'Банк отклонил запрос' }).count()).toBe(1);
    const user = await adminCall(bank, 'POST', '/admin/users', { companyId, name: HOSTILE_NAME, position: HOSTILE_POSITION, role: 'single-signature' });
    const code = (user.body as { enrolmentCode: string }).enrolmentCode;
    await main().getByLabel('Код подключения').fill(code);
    await main().getByRole('button', { name: 'Узнать в банке владельца кода' }).click();
    const holder = main().getByRole('region', { name: 'Владелец ключа по данным банка' });
    await holder.waitFor();
    const holderText = (await holder.locator('dl').innerText()).replace(/\s+/g, ' ');
    expect(holderText).toContain(HOSTILE_NAME.replace(/\s+/g, ' '));
    expect(holderText).toContain(HOSTILE_POSITION);
    expect(holderText).toContain('ООО «Ромашка»');
    expect(holderText).toContain('7707083893');
    expect(holderText).toContain('единственная подпись');
    expect(await holder.locator('input').count()).toBe(0);
    await app.shot('enrol-holder');
    await main().getByRole('button', { name: 'Далее' }).click();

    // (c) the key on the token and the request: the PIN is asked here, where it is used
    await expect.poll(currentStep).toContain('Ключ и запрос');
    await main().getByRole('button', { name: 'Создать ключ на токене и запрос' }).click();
    await expect.poll(() => main().getByText('Заполните поле.').count()).toBe(1);
    await main().getByLabel('PIN-код', { exact: true }).fill(officer.pin);
    await main().getByRole('button', { name: 'Создать ключ на токене и запрос' }).click();

    // (d) the act: downloaded, and read back by pdftotext
    await expect.poll(currentStep, { timeout: 20_000 }).toContain('Акт признания ключа');
    const fingerprint = (await main().getByTestId('fingerprint').textContent())!;
    expect(fingerprint).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
    const link = main().getByRole('link', { name: 'Скачать акт (PDF)' });
    await link.waitFor();
    expect(await main().getByRole('link', { name: 'Открыть акт для печати' }).getAttribute('href')).toMatch(/^blob:/);
    await app.shot('enrol-wizard');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('key-act-officer-key.pdf');
    const pdfPath = join(app.hsm.dir, 'act.pdf');
    await download.saveAs(pdfPath);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, ' ')).toContain(fingerprint);
    expect(text).toContain('ООО «Ромашка»');
    expect(text).toContain('7707083893');
    expect(text).toContain('Иванов');
    expect(text).toContain('<script>alert(3)</script>');
    expect(text).not.toContain('\u202E'); // the act makes bidi overrides visible instead
    await main().getByRole('button', { name: 'Далее' }).click();

    // (e) the code typed at (b) is there; another person's code is refused by the bank naming both
    // names (and stays unused); the holder's own code gives the TOTP secret once
    await expect.poll(currentStep).toContain('Отправка');
    expect(await main().getByLabel('Код подключения').inputValue()).toBe(code);
    const other = await adminCall(bank, 'POST', '/admin/users', { companyId, name: 'Сидорова Мария Петровна', role: 'second-signature' });
    await main().getByLabel('Код подключения').fill((other.body as { enrolmentCode: string }).enrolmentCode);
    await main().getByRole('button', { name: 'Отправить запрос в банк' }).click();
    const mismatch = main().getByRole('alert').filter({ hasText: 'csr-subject-mismatch' });
    await expect.poll(() => mismatch.count()).toBe(1);
    expect(await mismatch.textContent()).toContain('Сидорова Мария Петровна');
    // the hostile name is quoted as text
    expect(await mismatch.textContent()).toContain('onerror=alert(1)');
    expect(await mismatch.textContent()).not.toContain('\u202E');
    await app.shot('enrol-subject-mismatch');
    await main().getByLabel('Код подключения').fill(code);
    await main().getByRole('button', { name: 'Отправить запрос в банк' }).click();
    const secret = main().getByTestId('totp-secret');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^[A-Z2-7]{16,}=*$/);
    totpSecret = (await secret.textContent())!;
    // the authenticator's QR code: it decodes to the otpauth link shown, named after the bank (its CA's organisation), with this secret
    const uri = (await main().getByTestId('totp-uri').textContent())!;
    const otpLink = new URL(uri);
    expect(otpLink.protocol).toBe('otpauth:');
    expect(otpLink.host).toBe('totp');
    expect(otpLink.searchParams.get('secret')).toBe(totpSecret);
    expect(otpLink.searchParams.get('issuer')).toBe('Sandbox Bank');
    expect(decodeURIComponent(otpLink.pathname)).toContain('/Sandbox Bank:');
    const qr = main().getByRole('img', { name: 'QR-код для аутентификатора: Sandbox Bank' });
    await qr.waitFor();
    const pixels = await page.evaluate(async () => {
      const svg = document.querySelector('[data-testid="totp-qr"]')!;
      const img = new Image();
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return { width: img.width, height: img.height, data: Array.from(ctx.getImageData(0, 0, img.width, img.height).data) };
    });
    expect(jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height)?.data).toBe(uri);
    // the copy button puts the secret on the clipboard
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
    await main().getByRole('button', { name: 'Скопировать секрет' }).click();
    await expect.poll(() => main().getByRole('status').filter({ hasText: 'Секрет скопирован.' }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(totpSecret);
    await app.shot('totp-setup');
    expect(await main().getByRole('region', { name: 'Секрет для одноразовых кодов' }).textContent()).toContain('только один раз');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain((await secret.textContent())!);
    expect(stored).not.toContain(code);
    await main().getByRole('button', { name: 'Я сохранил секрет' }).click();

    // (f) waiting for the bank: the officer leaves, and comes back to the same place
    await expect.poll(currentStep).toContain('Одобрение банком');
    await expect.poll(() => main().getByTestId('enrol-status').textContent()).toBe('Банк ещё не принял решение.');
    await main().getByRole('link', { name: 'К списку сертификатов' }).click();
    await main().getByRole('link', { name: 'Продолжить выпуск' }).click();
    await expect.poll(currentStep).toContain('Одобрение банком');
    const pending = app.client.enrollment.pending()!;
    await adminCall(bank, 'POST', `/admin/enrollments/${pending.id}/decision`, { approve: true });
    await main().getByRole('button', { name: 'Проверить сейчас' }).click();

    // (g) install with the PIN
    await expect.poll(currentStep).toContain('Установка');
    await main().getByLabel('PIN-код', { exact: true }).fill(officer.pin);
    await main().getByRole('button', { name: 'Установить сертификат' }).click();
    await expect.poll(() => main().getByRole('status').filter({ hasText: 'Установлено: сертификат' }).count(), { timeout: 20_000 }).toBe(1);
    await main().getByRole('link', { name: 'К списку сертификатов' }).click();
    const table = main().getByRole('table', { name: 'Сертификаты на токене Officer' });
    await table.waitFor();
    await expect.poll(() => table.locator('.cert-expiry').first().textContent()).toMatch(/^Действует, осталось 36[45] дн/);
    // readable: the owner's name and position, the bank by name as issuer, dates as dd.mm.yyyy, an action
    const own = table.locator('tbody tr').first();
    expect(await own.locator('.cert-owner').textContent()).toBe(HOSTILE_NAME);
    expect(await own.locator('.cert-position').textContent()).toBe(HOSTILE_POSITION);
    expect(await own.locator('.cert-issuer').textContent()).toBe('Sandbox Bank');
    expect(await own.locator('td').nth(3).textContent()).toMatch(/^\d{2}\.\d{2}\.\d{4} – \d{2}\.\d{2}\.\d{4}$/);
    expect(await own.textContent()).not.toMatch(/CN=|O=|\d{4}-\d{2}-\d{2}/);
    expect(await own.getByRole('button', { name: /^Перевыпустить досрочно: / }).count()).toBe(1);
    expect(await table.locator('tbody tr').last().locator('td').last().textContent()).toBe('нет'); // the bank's CA: nothing to do
    await app.shot('certificates');
    expect(app.pageErrors).toEqual([]);
  });

  it('shows the hostile name as text: no element made from it, no dialog', async () => {
    const { page } = app;
    const own = (await app.client.tokens.listCertificates(officer.serial)).find((c) => !c.authority)!;
    const cell = main().locator('.cert-subject').first();
    // each part is isolated on its own: the override reorders only the rest of its own value
    expect(await cell.locator('.user-text').allTextContents()).toEqual([HOSTILE_NAME, HOSTILE_POSITION, 'ООО «Ромашка»']);
    expect(own.subject).toContain('onerror');
    expect(own.subject).toContain('\u202E');
    expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('warns of a certificate near expiry and renews it: new key, issued at once, listed', async () => {
    const { page, bank } = app;
    // 340 days on: the bank's clock and the page's
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 340 * 86_400 });
    await page.clock.setFixedTime(new Date(Date.now() + 340 * DAY));
    // a renewal is made within a session of the certificate renewed: the officer logs in first (token, PIN, one-time code)
    await page.goto(`${app.host.url}#/login`);
    const login = main().locator('form');
    // a wrong one-time code and a wrong PIN are refused in words, and the page logs no error for them (not even a failed request)
    const consoleErrors: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => void (m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('console', onConsole);
    await login.getByLabel('PIN-код', { exact: true }).fill(officer.pin);
    await login.getByLabel(/Одноразовый код/).fill('000000');
    await login.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(() => main().getByRole('alert').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const codeRefusal = await main().getByRole('alert').first().textContent();
    await login.getByLabel('PIN-код', { exact: true }).fill('00000000');
    await login.getByLabel(/Одноразовый код/).fill(totpNow(bank, totpSecret));
    await login.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(() => main().getByRole('alert').filter({ hasText: 'Неверный PIN-код' }).count(), { timeout: 15_000 }).toBe(1);
    page.off('console', onConsole);
    expect(codeRefusal).toBeTruthy();
    expect(consoleErrors).toEqual([]);
    await login.getByLabel('PIN-код', { exact: true }).fill(officer.pin);
    await login.getByLabel(/Одноразовый код/).fill(totpNow(bank, totpSecret));
    await login.getByRole('button', { name: 'Войти' }).click();
    // the app opens the dashboard after a login; the login page says who is logged in
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 15_000 }).toBe('#/dashboard');
    await page.goto(`${app.host.url}#/login`);
    await expect.poll(() => main().getByTestId('login-state').textContent()).toContain(`Вход в банк выполнен: ${HOSTILE_NAME}`);
    await page.goto(`${app.host.url}#/certificates`);
    await main().getByRole('button', { name: 'Обновить' }).click();
    const table = main().getByRole('table', { name: 'Сертификаты на токене Officer' });
    await expect.poll(() => table.locator('.cert-expiry').first().textContent()).toMatch(/^Истекает через 2[45] дн/);
    await expect.poll(() => main().getByRole('alert').filter({ hasText: 'Сертификаты, требующие внимания: 1' }).count()).toBe(1);
    await main().getByRole('button', { name: /^Продлить/ }).click();
    const dialog = main().getByRole('dialog', { name: 'Продление сертификата' });
    await dialog.getByLabel('PIN-код', { exact: true }).fill(officer.pin);
    await dialog.getByRole('button', { name: 'Создать ключ и продлить' }).click();
    await expect.poll(() => main().getByRole('status').filter({ hasText: 'Сертификат продлён' }).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3); // the new one, the old one, the bank's CA
    expect(await table.locator('tbody tr').first().locator('.cert-expiry').textContent()).toMatch(/^Действует, осталось 36[45] дн/);
    expect(await main().getByRole('button', { name: /^Продлить/ }).count()).toBe(0);

    // the renewed (old) certificate: a revoke request to the bank, with its reason; the bank revokes it once
    const old = table.locator('tbody tr').nth(1);
    const oldSerial = (await old.getAttribute('data-serial'))!;
    await old.getByRole('button', { name: `Отозвать: ${oldSerial}` }).click();
    const revoke = main().getByRole('dialog', { name: 'Запрос на отзыв сертификата' });
    await revoke.getByLabel('Причина').selectOption('superseded');
    await revoke.getByRole('button', { name: 'Отправить запрос на отзыв' }).click();
    await expect.poll(() => main().getByRole('status').filter({ hasText: `Банк отозвал сертификат ${oldSerial}.` }).count()).toBe(1);
    expect((await bank.ca.crl()).entries.map((e) => e.serialNumber.toLowerCase())).toContain(oldSerial.toLowerCase());
    await old.getByRole('button', { name: `Отозвать: ${oldSerial}` }).click();
    await revoke.getByRole('button', { name: 'Отправить запрос на отзыв' }).click();
    await expect.poll(() => revoke.getByRole('alert').count()).toBe(1); // already revoked: the bank refuses
    await revoke.getByRole('button', { name: 'Отмена' }).click();
    // both requests are in the audit log, in the hash chain: the revoked one and the bank's refusal, with the reason
    const revokes = listAudit(app.client.db)
      .filter((r) => r.action === 'revoke.request')
      .reverse()
      .map((r) => ({ subject: r.subject, details: JSON.parse(r.details) as unknown }));
    expect(revokes).toEqual([
      { subject: oldSerial.toLowerCase(), details: { reason: 'superseded', ok: true } },
      { subject: oldSerial.toLowerCase(), details: { reason: 'superseded', ok: false, code: 'certificate-revoked' } },
    ]);
    expect(verifyAudit(app.client.db).ok).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });

  it('changes the PIN (mismatch and a wrong PIN in words) and unblocks it with the SO PIN', async () => {
    const { page, host } = app;
    await page.goto(`${host.url}#/certificates/pin`);
    const change = main().getByRole('form', { name: 'Сменить PIN-код' });
    await change.getByLabel('Текущий PIN-код').fill(officer.pin);
    await change.getByLabel('Новый PIN-код', { exact: true }).fill('55556666');
    await change.getByLabel('Новый PIN-код ещё раз').fill('55556667');
    await change.getByRole('button', { name: 'Сменить PIN-код' }).click();
    await expect.poll(() => change.getByText('Две записи нового PIN-кода не совпадают.').count()).toBe(1);
    await change.getByLabel('Текущий PIN-код').fill('00000000');
    await change.getByLabel('Новый PIN-код', { exact: true }).fill('55556666');
    await change.getByLabel('Новый PIN-код ещё раз').fill('55556666');
    await change.getByRole('button', { name: 'Сменить PIN-код' }).click();
    await expect.poll(() => change.getByRole('alert').textContent()).toMatch(/^Неверный PIN-код/);
    await change.getByLabel('Текущий PIN-код').fill(officer.pin);
    await change.getByLabel('Новый PIN-код', { exact: true }).fill('55556666');
    await change.getByLabel('Новый PIN-код ещё раз').fill('55556666');
    await change.getByRole('button', { name: 'Сменить PIN-код' }).click();
    await expect.poll(() => change.getByRole('status').textContent()).toBe('PIN-код изменён.');
    expect((await app.client.tokens.listKeys(officer.serial, Buffer.from('55556666'))).length).toBe(2);

    const unblock = main().getByRole('form', { name: 'Разблокировать PIN-код PIN-кодом администратора' });
    expect(await unblock.getByTestId('unblock-pin-state').textContent()).toContain('PIN-кода администратора');
    await unblock.getByLabel('PIN-код администратора').fill(officer.soPin);
    await unblock.getByLabel('Новый PIN-код', { exact: true }).fill('24682468');
    await unblock.getByLabel('Новый PIN-код ещё раз').fill('24682468');
    await unblock.getByRole('button', { name: 'Разблокировать PIN-код PIN-кодом администратора' }).click();
    await expect.poll(() => unblock.getByRole('status').textContent()).toBe('PIN-код задан заново и разблокирован.');
    expect((await app.client.tokens.listKeys(officer.serial, Buffer.from('24682468'))).length).toBe(2);
    expect(app.pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
