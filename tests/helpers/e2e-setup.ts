/**
 * What e2e tests set up before their first click, beside startE2e (tests/helpers/e2e.ts): the
 * dialogs a page opens, and the person who prepares payments, enrolled and logged in.
 */
import type { Page } from 'playwright-core';
import { enrolAndLogin, type Person } from './client-flow.ts';
import type { E2eApp } from './e2e.ts';

/** Dismisses every dialog the page opens (alert, confirm, prompt) and keeps its text in `into`: a test asserts there were none. */
export function dismissDialogs(page: Page, into: string[]): void {
  page.on('dialog', (d) => {
    into.push(d.message());
    void d.dismiss();
  });
}

/** A new token `token` with PIN `pin`, and the company's accountant who prepares payments (Петрова Анна Сергеевна) enrolled on it and logged in. */
export async function loginPreparer(app: E2eApp, token: string, pin: string): Promise<Person> {
  app.hsm.initTestToken(token, pin);
  return enrolAndLogin(app.bank, app.client, { token, pin, name: 'Петрова Анна Сергеевна', role: 'prepares', companyId: app.companyId });
}
