/**
 * The BIC directory as an accountant meets it, in Chromium through the browser host with the
 * sandbox bank: Settings loads the Bank of Russia's file (a bad one refused naming its line, the
 * copy held unchanged), the payment editor fills the payee's bank from a typed BIC, a closed BIC
 * is an error and a restricted one a warning under the field; an exchange brings the bank's
 * directory. Screenshot: tests/e2e/screenshots/editor-bic.png.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_BANKS } from '../../src/sandbox/bic-directory.ts';
import { enrolAndLogin } from '../helpers/client-flow.ts';
import { sandboxEd807 } from '../helpers/ed807.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';

let app: E2eApp;

beforeAll(async () => {
  app = await startE2e('editor-bic', { locale: 'ru' });
}, 120_000);
afterAll(async () => app?.close());

const openEditor = async (): Promise<void> => {
  await app.page.goto(`${app.host.url}#/new/payment-order`);
  await app.page.getByRole('heading', { level: 1 }).waitFor();
};

describe('the BIC directory', () => {
  it('Settings: no directory yet; a bad file is refused naming its line; the sandbox\'s file is loaded', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/settings`);
    const panel = page.getByTestId('bic-directory');
    await expect.poll(() => panel.getByTestId('directory-held').textContent()).toContain('Справочник БИК не загружен');

    const good = sandboxEd807();
    const bad = good.replace('RegulationAccountType="CRSA"', 'RegulationAccountType="crsa"');
    const line = bad.slice(0, bad.indexOf('"crsa"')).split('\n').length;
    const badFile = join(app.hsm.dir, 'bad-ED807.xml');
    writeFileSync(badFile, bad);
    await panel.getByLabel('Загрузить файл справочника (ED807, XML)').setInputFiles(badFile);
    await expect.poll(() => panel.locator('[aria-live]').textContent()).toContain(`Строка ${line}: <Accounts> RegulationAccountType="crsa" — не код из 4 заглавных латинских букв.`);
    expect(await panel.locator('[aria-live]').textContent()).toContain('прежний справочник не изменился');
    expect(await panel.getByTestId('directory-held').textContent()).toContain('Справочник БИК не загружен');

    const goodFile = join(app.hsm.dir, 'ED807_full.xml');
    writeFileSync(goodFile, good);
    await panel.getByLabel('Загрузить файл справочника (ED807, XML)').setInputFiles(goodFile);
    await expect.poll(() => panel.getByRole('status').textContent()).toBe(`Загружено: банков — ${SANDBOX_BANKS.length}, справочник на 09.01.2025.`);
    expect(await panel.getByTestId('directory-held').textContent()).toContain('загружен вручную из файла ED807_full.xml');
  });

  it('the editor: a typed BIC fills the bank; closed is an error, restricted a warning, unknown an error', async () => {
    const { page } = app;
    await openEditor();
    const payee = page.getByRole('group', { name: 'Получатель' });
    const bic = payee.getByLabel('БИК', { exact: true });
    const bicField = payee.locator('[data-path="payee.bank.bic"]');

    await bic.fill('049805746');
    // a field's findings show once it is left (issue 13, defect 4); from then on they follow what is typed
    await bic.blur();
    await expect.poll(() => payee.getByLabel('Банк', { exact: true }).inputValue()).toBe('АО «Тверской Песочный Банк» г. Тверь');
    expect(await payee.getByLabel('Корр. счёт', { exact: true }).inputValue()).toBe('30101810800000000746');
    expect(await bicField.textContent()).toContain('По справочнику БИК: АО «Тверской Песочный Банк», г. Тверь; корр. счёт 30101810800000000746.');
    expect(await bicField.locator('.error, .warning').count()).toBe(0);

    await bic.fill('045004999');
    await expect.poll(() => bicField.locator('.error').textContent()).toContain('БИК 045004999 (ООО «Закрытый Банк») исключён из справочника БИК с 14.06.2024; платежи на него невозможны');
    expect(await bic.getAttribute('aria-invalid')).toBe('true');

    await bic.fill('044525999');
    await expect.poll(() => bicField.locator('.error').textContent()).toContain('БИК 044525999 отсутствует в справочнике БИК Банка России; уточните реквизиты банка получателя');

    await bic.fill('044525974');
    await expect.poll(() => bicField.locator('.warning').textContent()).toContain('в отношении банка АО «Банк Ограничений» (БИК 044525974) с 01.03.2024 действуют ограничения (ограничение участия в переводах); платёж может быть задержан или возвращён');
    expect(await bicField.locator('.error').count()).toBe(0);
    expect(await payee.getByLabel('Банк', { exact: true }).inputValue()).toBe('АО «Банк Ограничений» г. Москва');
    expect(app.pageErrors).toEqual([]);
  });

  it('an exchange brings the bank\'s directory in place of the file', async () => {
    app.hsm.initTestToken('Accountant', '11112222');
    await enrolAndLogin(app.bank, app.client, { token: 'Accountant', pin: '11112222', name: 'Петрова Анна Сергеевна', role: 'first-signature', companyId: app.companyId });
    await app.client.sync().syncOnce();
    await app.page.goto(`${app.host.url}#/settings`);
    await expect.poll(() => app.page.getByTestId('directory-held').textContent()).toContain('получен от банка');
    // when, as every other moment in the app: dd.mm.yyyy hh:mm (not the browser's "05.12.2026, 20:24" or "05/12/2026")
    expect(await app.page.getByTestId('directory-held').textContent()).toMatch(/получен от банка \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}, подпись банка проверена\.$/);

    // the screenshot: a payment being typed by a logged-in accountant, the payee's bank under restrictions
    await openEditor();
    const payee = app.page.getByRole('group', { name: 'Получатель' });
    await payee.getByLabel('Наименование', { exact: true }).fill('ООО «Лютик»');
    await payee.getByLabel('ИНН', { exact: true }).fill('500100732259');
    await payee.getByLabel('БИК', { exact: true }).fill('044525974');
    await expect.poll(() => payee.getByLabel('Банк', { exact: true }).inputValue()).toBe('АО «Банк Ограничений» г. Москва');
    await payee.getByLabel('Счёт', { exact: true }).fill('40702810800000001234');
    await app.page.getByLabel('Сумма', { exact: true }).fill('12 500,00');
    await app.page.getByLabel('Назначение платежа', { exact: true }).fill('Оплата по счёту № 15 от 01.12.2026, НДС не облагается');
    await expect.poll(() => payee.locator('[data-path="payee.bank.bic"] .warning').count()).toBe(1);
    await app.shot('editor-bic');
    expect(app.pageErrors).toEqual([]);
  }, 120_000);
});
