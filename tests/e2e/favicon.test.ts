/**
 * The favicon: the page names one (no 404 in the browser's log), and the browser host serves it
 * as an image, from the built renderer that the desktop shell's app:// protocol serves too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';

let app: E2eApp;

beforeAll(async () => {
  app = await startE2e('favicon');
}, 60_000);
afterAll(async () => app?.close());

describe('favicon', () => {
  it('is named by the page, served as an image, and no request of the page fails', async () => {
    const { page, host } = app;
    const failed: string[] = [];
    page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`)));
    const consoleErrors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
    await page.goto(`${host.url}#/dashboard`);
    await page.getByRole('main').waitFor();
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(icon).toBe('./favicon.svg');
    const href = new URL(icon!, host.url).href;
    // the browser asks for it: wait for its answer
    const res = await fetch(href);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\//);
    expect(await res.text()).toContain('<svg');
    const inPage = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('content-type') };
    }, href);
    expect(inPage).toEqual({ status: 200, type: 'image/svg+xml' });
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
