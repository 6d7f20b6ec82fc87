/**
 * The token bar in Chromium: tokens appear when inserted and disappear when removed while the
 * page is open (SoftHSM2: a token initialised, then deleted; the watcher re-initialises the
 * module while idle and pushes tokens.changed to the page).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneCFile } from '../helpers/cli-bank.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';

let app: E2eApp;

beforeAll(async () => {
  app = await startE2e('tokens-bar', { locale: 'en' });
}, 60_000);
afterAll(async () => app?.close());

describe('the token bar', () => {
  it('shows a token inserted while the page is open, and drops it when it is removed', async () => {
    const { page } = app;
    const present = page.getByRole('region', { name: 'Token and session' }).getByRole('list', { name: 'Tokens present' });
    await expect.poll(() => present.textContent(), { timeout: 10_000 }).toBe('No token connected');
    app.hsm.initTestToken('Spare');
    app.hsm.initTestToken('Other');
    await expect.poll(() => present.getByRole('listitem').allTextContents(), { timeout: 15_000 }).toEqual(expect.arrayContaining(['Spare', 'Other']));
    app.hsm.deleteToken('Spare');
    await expect.poll(() => present.getByRole('listitem').allTextContents(), { timeout: 15_000 }).toEqual(['Other']);
    // nobody logged in: the bar offers the login
    expect(await page.getByRole('link', { name: 'Log in to the bank' }).count()).toBe(1);
    expect(app.pageErrors).toEqual([]);
  }, 60_000);

  it('previews a file dropped on the import drop zone, nothing stored until accepted', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/import`);
    const bytes = [...oneCFile(new Date().toISOString().slice(0, 10), [{ number: '9', amount: '10.00', purpose: 'Оплата по счёту 9. НДС не облагается' }])];
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], 'dropped.txt', { type: 'text/plain' }));
      return dt;
    }, bytes);
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: transfer });
    await expect.poll(() => page.getByTestId('import-preview').locator('h2').textContent(), { timeout: 10_000 }).toContain('dropped.txt');
    expect(await page.getByTestId('import-counts').textContent()).toMatch(/Valid: 1;|with warnings: 1;/);
    expect(app.client.documents.list({}).total).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
