/**
 * The settings in Chromium: the PKCS#11 modules (a path that is not a module refused in words,
 * a real one kept), the bank's address (insecure refused; the trusted bank cannot be switched),
 * the language, and the theme that holds after a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { SOFTHSM_MODULE } from '../helpers/softhsm.ts';

let app: E2eApp;

beforeAll(async () => {
  app = await startE2e('settings');
}, 60_000);
afterAll(async () => app?.close());

const main = () => app.page.getByRole('main');

describe('settings', () => {
  it('shows the modules found and the one in use; refuses a path that is not a PKCS#11 module; keeps one that is', async () => {
    const { page, host } = app;
    await page.goto(`${host.url}#/settings`);
    await main().getByRole('heading', { name: 'Настройки', level: 1 }).waitFor();
    await expect.poll(() => main().getByTestId('module-in-use').textContent()).toBe(SOFTHSM_MODULE);
    expect(await main().getByRole('listitem').filter({ hasText: `SoftHSM2: ${SOFTHSM_MODULE} — установлен` }).count()).toBe(1);
    // the drivers found are listed; the well-known ones not installed wait behind "show all"
    const modules = main().getByTestId('module-list');
    expect(await modules.getByRole('listitem').filter({ hasText: 'не установлен' }).count()).toBe(0);
    const showAll = main().getByRole('button', { name: /^Показать все известные драйверы \(не установлено: \d+\)$/ });
    expect(await showAll.getAttribute('aria-expanded')).toBe('false');
    await showAll.click();
    await expect.poll(() => modules.getByRole('listitem').filter({ hasText: 'не установлен' }).count()).toBeGreaterThan(3);
    await main().getByRole('button', { name: 'Показать только установленные драйверы' }).click();
    await expect.poll(() => modules.getByRole('listitem').filter({ hasText: 'не установлен' }).count()).toBe(0);

    const path = main().getByLabel('Путь к модулю PKCS#11');
    await path.fill('/etc/hostname');
    await main().getByRole('button', { name: 'Добавить модуль' }).click();
    await expect.poll(() => main().getByRole('alert').textContent()).toBe('/etc/hostname — не модуль PKCS#11: это не разделяемая библиотека (.so, .dll, .dylib).');
    await path.fill('/usr/lib/x86_64-linux-gnu/libz.so.1');
    await main().getByRole('button', { name: 'Добавить модуль' }).click();
    await expect.poll(() => main().getByRole('alert').textContent()).toMatch(/^\/usr\/lib\/x86_64-linux-gnu\/libz\.so\.1 — не рабочий модуль PKCS#11/);
    await path.fill('/nowhere/pkcs11.so');
    await path.press('Enter');
    await expect.poll(() => main().getByRole('alert').textContent()).toContain('не существует');
    expect(app.client.db.prepare("SELECT value FROM settings WHERE key LIKE 'pkcs11.%'").all()).toEqual([]);

    await path.fill(SOFTHSM_MODULE);
    await main().getByRole('button', { name: 'Добавить модуль' }).click();
    await expect.poll(() => main().getByRole('status').textContent()).toBe('Модуль сохранён в профиле.');
    expect(await main().getByLabel('Какой модуль использовать').inputValue()).toBe(SOFTHSM_MODULE);
    expect(await main().getByRole('button', { name: `Удалить ${SOFTHSM_MODULE}` }).count()).toBe(1);
    const stored = app.client.db.prepare("SELECT key, value FROM settings WHERE key LIKE 'pkcs11.%' ORDER BY key").all();
    expect(stored).toEqual([
      { key: 'pkcs11.module', value: SOFTHSM_MODULE },
      { key: 'pkcs11.modules.added', value: JSON.stringify([SOFTHSM_MODULE]) },
    ]);
    expect(app.pageErrors).toEqual([]);
  });

  it('refuses an insecure bank address in words and keeps the bank it had', async () => {
    const { page, bank } = app;
    const url = main().getByLabel('Адрес API банка');
    expect(await url.inputValue()).toBe(bank.url);
    await url.fill('http://bank.example.com/api');
    await main().getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => main().getByRole('alert').textContent()).toBe('Адрес банка http://bank.example.com/api должен начинаться с https:// (http:// — только для банка на этом компьютере).');
    expect(app.client.bankUrl).toBe(bank.url);
    // once the profile trusts the bank's CA, another bank is refused with that reason
    const { pinBankCa } = await import('../../src/main/bank/trust.ts');
    pinBankCa(app.client.db, bank.ca.certificate.toString('pem'));
    await page.reload();
    // the address is shown read-only with the reason, and nothing offers to save it
    const bankPanel = main().getByRole('region', { name: 'Банк', exact: true });
    await expect.poll(() => bankPanel.getByText('Этот профиль уже доверяет УЦ этого банка').count()).toBe(1);
    const locked = bankPanel.getByLabel('Адрес API банка');
    expect(await locked.inputValue()).toBe(bank.url);
    expect(await locked.getAttribute('readonly')).not.toBeNull();
    expect(await locked.getAttribute('aria-describedby')).toBeTruthy();
    expect(await bankPanel.getByRole('button').count()).toBe(0);
    expect(app.client.bankUrl).toBe(bank.url);
    await app.shot('settings-bank-pinned');
    expect(app.pageErrors).toEqual([]);
  });

  it('switches the language and the theme; the theme holds after a reload', async () => {
    const { page } = app;
    await main().getByRole('radio', { name: 'Тёмная' }).check();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 24, 28)');
    await page.reload();
    await main().getByRole('heading', { name: 'Настройки', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await main().getByRole('radio', { name: 'Тёмная' }).isChecked()).toBe(true);
    await app.shot('settings');

    await main().getByLabel('Язык интерфейса').selectOption('en');
    await main().getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Certificates' }).count()).toBe(1);
    await main().getByRole('radio', { name: 'Light' }).check();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.reload();
    expect(await page.evaluate(() => [document.documentElement.dataset.theme, document.documentElement.lang])).toEqual(['light', 'en']);
    expect(app.pageErrors).toEqual([]);
  });
});
