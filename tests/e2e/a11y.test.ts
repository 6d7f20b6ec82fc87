/**
 * Accessibility in Chromium, as a person with a screen reader, a keyboard or a magnifier meets
 * the app (issue 13): axe-core finds no WCAG 2 A/AA violation on any screen in either language;
 * the skip link focuses the screen without changing it; after a navigation the focus is on the
 * new screen's heading and the page title names the screen; headings do not skip levels; the
 * focus outline has 3:1 contrast; at 200 % zoom the documents list and the dashboard keep their
 * Amount and Status columns in reach; at 400 % (320 px) the page reflows behind a menu button;
 * after login the top bar is one row, and it, the menu and the status bar stay put while the
 * screen scrolls.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { loginPreparer } from '../helpers/e2e-setup.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ORDER = DOCUMENT_EXAMPLES['payment-order'];
let app: E2eApp;
let draftId = '';
let contractHref = '';

beforeAll(async () => {
  app = await startE2e('a11y');
  await loginPreparer(app, 'A11y', '24682468');
  await app.client.sync().syncOnce();
  const docs = app.client.documents;
  for (let i = 0; i < 40; i++) {
    const d = docs.create({ kind: 'payment-order', content: { ...ORDER, number: String(300 + i), amount: 1_234_567_00 + i, purpose: `Оплата по счёту ${i} за поставку` } });
    if (i === 0) draftId = d.id;
  }
  docs.create({ kind: 'letter', content: DOCUMENT_EXAMPLES.letter });
  await app.page.reload();
  await app.page.getByRole('heading', { level: 1 }).waitFor();
  contractHref = (await app.page.locator('main a[href^="#/contract/"]').first().getAttribute('href', { timeout: 15_000 })) ?? '';
}, 120_000);
afterAll(async () => app?.close());

/** Waits until the screen at `route` shows its heading and has finished loading. */
async function open(page: Page, route: string): Promise<void> {
  await page.goto(`${app.host.url}#/${route}`);
  await page.locator('main h1').first().waitFor({ timeout: 15_000 });
  await expect.poll(() => page.locator('main').getByText(/^(Загрузка…|Loading…)$/).count(), { timeout: 15_000 }).toBe(0);
}

/** The WCAG 2 A/AA violations axe-core finds in the page now, one line each. */
async function axe(page: Page, label: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  });
  return found.map((v) => `${label}: ${v}`);
}

/** Heading levels in the screen that jump by more than one (h1 then h3). */
const skippedLevels = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const levels = [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')].map((h) => Number(h.tagName[1]));
    return levels.flatMap((l, i) => (i > 0 && l > levels[i - 1]! + 1 ? [`h${levels[i - 1]} → h${l}`] : []));
  });

/** What sticks out of the window, not inside a scrolling box: the names of the culprits when the page is too wide. */
const wide = (page: Page) =>
  page.evaluate(() => {
    const cw = document.documentElement.clientWidth;
    const clipped = (e: Element): boolean => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
    return [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > cw + 1 && !clipped(e)).slice(0, 8).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)} ${getComputedStyle(e).position}`);
  });
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

describe('accessibility', () => {
  it('every screen, in Russian and in English, has no WCAG A/AA violation, its own title and no skipped heading level', async () => {
    const kinds = Object.keys(DOCUMENT_EXAMPLES);
    const routes = ['dashboard', 'documents', `document/${draftId}`, `edit/${draftId}`, `copy/${draftId}`, 'new', ...kinds.map((k) => `new/${k}`), 'login', 'import', 'sign', 'messages', 'statements', 'certificates', 'certificates/enrol', 'certificates/pin', 'settings', contractHref.replace(/^#\//, ''), 'no-such-page'];
    const violations: string[] = [];
    const skips: string[] = [];
    let runs = 0;
    for (const locale of ['ru', 'en'] as const) {
      // axe-core is put into the page as a script tag: this context lets it past the app's CSP (the app's own pages keep it)
      const context = await app.browser.newContext({ bypassCSP: true, locale: locale === 'en' ? 'en-GB' : 'ru-RU', viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(app.host.url);
      await page.locator('main h1').first().waitFor();
      await page.locator('.lang select').selectOption(locale);
      const titles = new Map<string, string>();
      for (const route of routes) {
        await open(page, route);
        violations.push(...(await axe(page, `${locale} #/${route}`)));
        skips.push(...(await skippedLevels(page)).map((s) => `${locale} #/${route}: ${s}`));
        runs++;
        const title = await page.title();
        expect(title, route).toContain((await page.locator('main h1').first().textContent())!.trim());
        if (!route.startsWith('new/')) titles.set(route, title);
      }
      // the sign review, with the texts to read
      await open(page, 'sign');
      await page.getByLabel(/^(All drafts without errors|Все черновики без ошибок) \(\d+\)$/).check({ timeout: 15_000 });
      await page.getByRole('button', { name: /^(Просмотреть и подписать|Read and sign) \(\d+\)$/ }).click({ timeout: 15_000 });
      await page.getByTestId('text-to-sign').first().waitFor({ timeout: 15_000 });
      violations.push(...(await axe(page, `${locale} sign review`)));
      skips.push(...(await skippedLevels(page)).map((s) => `${locale} sign review: ${s}`));
      // a statement shown
      await open(page, 'statements');
      await page.getByRole('button', { name: /^(Показать выписку|Show statement)$/ }).click();
      await page.getByTestId('statement').waitFor({ timeout: 15_000 });
      violations.push(...(await axe(page, `${locale} statement`)));
      runs += 2;
      expect(new Set(titles.values()).size, [...titles.values()].join(' | ')).toBe(titles.size);
      await context.close();
    }
    expect(runs).toBeGreaterThan(40);
    expect(violations).toEqual([]);
    expect(skips).toEqual([]);
  }, 300_000);

  it('the skip link focuses the screen and leaves the route alone', async () => {
    const { page } = app;
    await open(page, 'documents');
    await page.locator('a.skip').focus();
    expect(await page.locator('a.skip').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#/documents');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(await page.locator('main h1').textContent()).toBe('Документы');
    expect(await page.getByText('Такой страницы нет.').count()).toBe(0);
  });

  it('moves the focus to the new screen’s heading after a navigation, and after Save, and names the screen in the title', async () => {
    const { page } = app;
    await open(page, 'dashboard');
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Выписки' }).click();
    await expect.poll(() => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`)).toBe('H1 Выписки');
    expect(await page.title()).toBe('Выписки · Банк-Клиент');
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Документы' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`)).toBe('H1 Документы');
    expect(await page.title()).toBe('Документы · Банк-Клиент');
    // Save: the focus goes to the saved document's heading, not to the body
    await open(page, `edit/${draftId}`);
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/document/${draftId}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.title()).toMatch(/^Платёжное поручение.*300.* · Банк-Клиент$/);
  });

  it('draws the focus outline at 3:1 or more against the page and the panels', async () => {
    const { page } = app;
    await open(page, 'documents');
    const ratios = await page.evaluate(() => {
      const rgb = (c: string) => c.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const ratio = (a: string, b: string) => {
        const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
        return (x! + 0.05) / (y! + 0.05);
      };
      const link = document.querySelector<HTMLElement>('.sidenav a')!;
      link.focus({ focusVisible: true } as FocusOptions);
      const outline = getComputedStyle(link).outlineColor;
      const css = getComputedStyle(document.documentElement);
      const probe = document.createElement('span');
      document.body.append(probe);
      const colour = (v: string) => ((probe.style.color = css.getPropertyValue(v)), getComputedStyle(probe).color);
      const r = { page: ratio(outline, colour('--bg')), panel: ratio(outline, colour('--panel')), white: ratio(outline, 'rgb(255, 255, 255)') };
      probe.remove();
      return r;
    });
    for (const r of Object.values(ratios)) expect(r).toBeGreaterThanOrEqual(3);
  });

  it('after login the top bar is one row; the top bar, the menu and the status bar stay while the screen scrolls', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page, 'documents');
    await expect.poll(() => page.getByTestId('session').textContent()).toMatch(/Петрова/);
    // a second token, as in the demo (two tokens, a long name): the words give way, "log out" stays in reach
    app.hsm.initTestToken('Демо-Главбух-2', '13571357');
    await expect.poll(() => page.getByTestId('tokens-present').getByRole('listitem').count(), { timeout: 15_000 }).toBe(2);
    const header = await box(page, 'header.topbar');
    expect(header.height).toBeLessThan(64);
    const logout = page.locator('header').getByRole('button', { name: 'Выйти' });
    const l = (await logout.boundingBox())!;
    expect(l.x + l.width).toBeLessThanOrEqual(1280);
    // not clipped by the account's area nor covered by the language picker: the button is what a click there meets
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.textContent, { x: l.x + l.width / 2, y: l.y + l.height / 2 })).toBe('Выйти');
    const account = (await box(page, '.account'))!;
    expect(l.x + l.width).toBeLessThanOrEqual(account.x + account.width + 1);
    // the grid's columns show their words while there is room
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.doc-scroll .doc-row > :not(:first-child)')].filter((c) => c.scrollWidth > c.clientWidth + 1 && !c.matches('.doc-party')).map((c) => c.textContent),
    );
    expect(cut).toEqual([]);
    await page.evaluate(() => {
      const main = document.querySelector('main')!;
      main.scrollTop = main.scrollHeight;
      window.scrollTo(0, document.body.scrollHeight);
    });
    expect((await box(page, 'header.topbar')).y).toBe(0);
    expect((await box(page, 'nav.sidenav')).y).toBeCloseTo(header.height, 0);
    const bar = await box(page, '.syncbar');
    expect(bar.y + bar.height).toBeCloseTo(800, 0);
  });

  it('at 200 % zoom the documents list and the dashboard keep Amount and Status in reach', async () => {
    const { page } = app;
    // 200 % of a 1280×800 window is a 640×400 CSS-pixel viewport
    await page.setViewportSize({ width: 640, height: 400 });
    await open(page, 'documents');
    // the top bar leaves the screen most of the window (the token bar is behind the menu button)
    expect((await box(page, 'header.topbar')).height).toBeLessThan(400 / 4);
    expect(await page.getByRole('button', { name: 'Меню' }).isVisible()).toBe(true);
    const grid = page.locator('.doc-grid');
    for (const name of [/^(Сумма|Amount)$/, /^(Статус|Status)$/]) {
      const cell = grid.getByRole('columnheader', { name });
      await cell.scrollIntoViewIfNeeded();
      const c = (await cell.boundingBox())!;
      const g = (await grid.boundingBox())!;
      expect(c.width).toBeGreaterThan(40);
      expect(c.x).toBeGreaterThanOrEqual(g.x - 1);
      expect(c.x + c.width).toBeLessThanOrEqual(g.x + g.width + 1);
      expect(c.x + c.width).toBeLessThanOrEqual(640);
    }
    await grid.evaluate((el) => (el.scrollLeft = 0));
    await app.shot('shell-zoom-200');
    await open(page, 'dashboard');
    const contracts = page.getByRole('table', { name: /^(Кредиты и лизинг|Loans and leasing)$/ });
    const amount = contracts.getByRole('columnheader').nth(3);
    await amount.scrollIntoViewIfNeeded();
    const a = (await amount.boundingBox())!;
    expect(a.width).toBeGreaterThan(40);
    expect(a.x + a.width).toBeLessThanOrEqual(640);
    // contract numbers stay whole
    for (const n of await contracts.locator('th[scope="row"] .user-text').all()) expect(await n.evaluate((el) => el.getClientRects().length)).toBe(1);
    // the page itself is not wider than the window
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), (await wide(page)).join(', ')).toBeLessThanOrEqual(0);
  });

  it('at 400 % zoom (320 px) the page reflows: a menu button, a short top bar, nothing wider than the window', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 320, height: 450 });
    await open(page, 'documents');
    const header = await box(page, 'header.topbar');
    expect(header.height).toBeLessThan(450 / 4);
    expect(await page.locator('nav.sidenav').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), (await wide(page)).join(', ')).toBeLessThanOrEqual(0);
    const main = await box(page, 'main');
    expect(main.width).toBeLessThanOrEqual(320);
    await app.shot('shell-320px');
    const menu = page.getByRole('button', { name: 'Меню' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Выписки' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Выписки');
    expect(await page.locator('nav.sidenav').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), (await wide(page)).join(', ')).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('aligns the statements form: the account label reads like the date labels', async () => {
    const { page } = app;
    await open(page, 'statements');
    const form = page.locator('form.toolbar');
    const labels = await form.evaluate((f) =>
      [...f.querySelectorAll(':scope > .field > label, :scope > label.field > span')].map((l) => {
        const s = getComputedStyle(l);
        return { top: l.getBoundingClientRect().top, size: s.fontSize, color: s.color };
      }),
    );
    expect(labels.length).toBe(3);
    expect(new Set(labels.map((l) => `${l.size} ${l.color}`)).size, JSON.stringify(labels)).toBe(1);
    // on one line (within a pixel and a half: the controls' own heights round differently)
    expect(Math.max(...labels.map((l) => l.top)) - Math.min(...labels.map((l) => l.top)), JSON.stringify(labels)).toBeLessThanOrEqual(1.5);
    expect(app.pageErrors).toEqual([]);
  });
});
