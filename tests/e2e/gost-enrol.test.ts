/**
 * A GOST R 34.10-2012 key enrolled in Chromium, on the GOST build of SoftHSM2
 * (tests/helpers/softhsm-gost.ts): the wizard offers the GOST algorithm the token can make, in
 * words, and not the 512-bit one it cannot; the officer picks it, the key and request are made on
 * the token, the act (read back by pdftotext) names the algorithm in words, and once the bank has
 * issued the certificate the certificate list and the token bar show the GOST key in words.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { adminCall } from '../helpers/sandbox.ts';
import type { TestToken } from '../helpers/softhsm.ts';

let app: E2eApp;
let officer: TestToken;
const GOST_WORDS = 'ГОСТ Р 34.10-2012, 256 бит (CryptoPro A)';

beforeAll(async () => {
  app = await startE2e('gost-enrol', { gost: true });
  officer = app.hsm.initTestToken('GostOfficer', '11112222', '99998888');
}, 60_000);
afterAll(async () => app?.close());

const main = () => app.page.getByRole('main');
const currentStep = () => main().getByRole('navigation', { name: 'Шаги' }).locator('[aria-current="step"]').textContent();

describe('a GOST key through the enrolment wizard', () => {
  it('offers the GOST algorithm the token can make, in words; the officer picks it; the act, the list and the token bar name it in words', async () => {
    const { page, host, bank, companyId } = app;
    await page.goto(`${host.url}#/certificates`);
    await main().getByRole('heading', { name: 'Сертификаты', level: 1 }).waitFor();
    await main().getByRole('link', { name: 'Выпустить сертификат' }).click();

    // (a) the token's algorithms: EC P-256 by default, GOST 256 CryptoPro A offered, no 512-bit GOST, no other 256-bit set
    await expect.poll(currentStep).toContain('Токен и ключ');
    await expect.poll(() => main().getByLabel('Токен').inputValue()).toBe(officer.serial);
    const gost = main().getByRole('radio', { name: GOST_WORDS });
    await gost.waitFor();
    expect(await main().getByRole('radio', { name: 'ECDSA P-256' }).isChecked()).toBe(true);
    expect(await main().getByRole('radio', { name: /512 бит/ }).count()).toBe(0);
    expect(await main().getByRole('radio', { name: /CryptoPro B|ТК 26/ }).count()).toBe(0);
    expect(await main().getByRole('radio').allTextContents()).not.toContainEqual(expect.stringMatching(/gost2012|cryptopro-a/));
    await gost.check();
    await main().getByLabel('Имя нового ключа').fill('gost-key');
    await main().getByRole('button', { name: 'Далее' }).click();

    // (b) the subject
    await expect.poll(currentStep).toContain('Владелец');
    const user = await adminCall(bank, 'POST', '/admin/users', { companyId, name: 'Петров Пётр', role: 'single-signature' });
    await main().getByLabel('Код подключения').fill((user.body as { enrolmentCode: string }).enrolmentCode);
    await main().getByRole('button', { name: 'Узнать в банке владельца кода' }).click();
    await expect.poll(() => main().getByRole('region', { name: 'Владелец ключа по данным банка' }).textContent()).toContain('Петров Пётр');
    await main().getByRole('button', { name: 'Далее' }).click();

    // (c) the summary names the algorithm in words; the key and the request on the token
    await expect.poll(currentStep).toContain('Ключ и запрос');
    expect(await main().locator('dl.summary').textContent()).toContain(GOST_WORDS);
    await main().getByLabel('PIN-код', { exact: true }).fill(officer.pin);
    await main().getByRole('button', { name: 'Создать ключ на токене и запрос' }).click();

    // (d) the act: made with a GOST key, which it names in words
    await expect.poll(currentStep, { timeout: 20_000 }).toContain('Акт признания ключа');
    await expect.poll(() => main().getByText(`Ключ gost-key (${GOST_WORDS}) создан на токене`).count()).toBe(1);
    const keys = await app.client.tokens.listKeys(officer.serial, Buffer.from(officer.pin));
    expect(keys).toEqual([expect.objectContaining({ label: 'gost-key', algorithm: 'gost2012-256:cryptopro-a' })]);
    const link = main().getByRole('link', { name: 'Скачать акт (PDF)' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const pdfPath = join(app.hsm.dir, 'gost-act.pdf');
    await download.saveAs(pdfPath);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`Алгоритм ключа: ${GOST_WORDS}`);
    expect(text).not.toContain('gost2012');
    await main().getByRole('button', { name: 'Далее' }).click();

    // (e)–(g) the code, the bank's approval, install
    await expect.poll(currentStep).toContain('Отправка');
    await main().getByRole('button', { name: 'Отправить запрос в банк' }).click();
    await main().getByTestId('totp-secret').waitFor();
    await main().getByRole('button', { name: 'Я сохранил секрет' }).click();
    await expect.poll(currentStep).toContain('Одобрение банком');
    await adminCall(bank, 'POST', `/admin/enrollments/${app.client.enrollment.pending()!.id}/decision`, { approve: true });
    await main().getByRole('button', { name: 'Проверить сейчас' }).click();
    await expect.poll(currentStep).toContain('Установка');
    await main().getByLabel('PIN-код', { exact: true }).fill(officer.pin);
    await main().getByRole('button', { name: 'Установить сертификат' }).click();
    await expect.poll(() => main().getByRole('status').filter({ hasText: 'Установлено: сертификат' }).count(), { timeout: 20_000 }).toBe(1);

    // the certificate list and the token bar name the GOST key in words
    await main().getByRole('link', { name: 'К списку сертификатов' }).click();
    const table = main().getByRole('table', { name: 'Сертификаты на токене GostOfficer' });
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').first().locator('.cert-key-algorithm').textContent()).toBe(` · ${GOST_WORDS}`);
    await expect.poll(() => page.getByTestId('token-key-algorithm').textContent(), { timeout: 10_000 }).toBe(` · ключ: ${GOST_WORDS}`);
    expect(await page.getByTestId('token-certificate').textContent()).toContain('Петров Пётр');
    await app.shot('gost-certificate');
    expect(app.pageErrors).toEqual([]);
  });
});
