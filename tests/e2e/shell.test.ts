/**
 * The app's frame in Chromium through the browser host: navigation by keyboard, both languages,
 * the exchange status bar, readable at 125% zoom.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';

let app: E2eApp;

beforeAll(async () => {
  app = await startE2e('shell');
}, 60_000);
afterAll(async () => app?.close());

describe('the app frame', () => {
  it('opens in Russian by default with every section in the navigation', async () => {
    const { page } = app;
    await expect.poll(() => page.title()).toContain('Банк-Клиент');
    const nav = page.getByRole('navigation', { name: 'Разделы' });
    for (const section of ['Обзор', 'Документы', 'Импорт', 'Подпись', 'Письма', 'Выписки', 'Сертификаты', 'Настройки']) {
      await expect.poll(() => nav.getByRole('link', { name: section }).count()).toBe(1);
    }
  });

  it('switches to English and keeps it after a reload', async () => {
    const { page } = app;
    await page.getByLabel('Язык').selectOption('en');
    await expect.poll(() => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Documents' }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByRole('link', { name: 'Statements' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('runs an exchange from the status bar and shows its outcome in words', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Exchange now' }).click();
    // no one is logged in: the bank refuses, and the bar says so instead of failing silently
    await expect.poll(() => page.getByTestId('sync-error').textContent(), { timeout: 10_000 }).toMatch(/log in/i);
  });

  it('reaches every section from the keyboard', async () => {
    const { page } = app;
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent);
    expect(first).toBeTruthy();
    await page.goto(`${app.host.url}#/documents`);
    await page.locator('a[aria-current="page"]').waitFor();
    expect(await page.locator('a[aria-current="page"]').textContent()).toBe('Documents');
  });

  it('stays usable at 125% zoom: nothing is wider than the window', async () => {
    const { page } = app;
    await page.evaluate(() => ((document.body.style as CSSStyleDeclaration & { zoom: string }).zoom = '1.25'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await app.shot('shell-zoom-125');
    expect(app.pageErrors).toEqual([]);
  });
});
