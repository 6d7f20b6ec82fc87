/**
 * Messages in Chromium: the history after an exchange, a new message from the bank announced,
 * marked unread, opened (read at the bank), its attachment downloaded; a reply with an attachment
 * picked in the page arrives at the bank; a file over the limit is refused in words. The bank's
 * hostile subject, body and attachment name render as text. Letters are signed (issue 13, defect
 * 15): the bank's letter shows its verified signature with the certificate's serial; the reply is
 * signed with the token's PIN (a wrong PIN refused in the dialog, nothing sent) and shows who signed
 * it with which certificate.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAndLogin } from '../helpers/client-flow.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { adminCall } from '../helpers/sandbox.ts';

let app: E2eApp;
const dialogs: string[] = [];
const SUBJECT = '<img src=x onerror=alert(1)> \u202Eтчёто';
const BODY = '<script>alert(2)</script>\n"><svg onload=alert(3)>\nПодпишите акт.';
const FILE_NAME = '"><img src=x onerror=alert(4)>.txt';
const FILE_TEXT = 'Акт № 5 от 01.11';
let hostileId = '';

beforeAll(async () => {
  app = await startE2e('messages', { locale: 'en' });
  app.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  app.hsm.initTestToken('Messages', '97539753');
  await enrolAndLogin(app.bank, app.client, { token: 'Messages', pin: '97539753', name: 'Петрова Анна Сергеевна', role: 'prepares', companyId: app.companyId });
}, 90_000);
afterAll(async () => app?.close());

describe('messages', () => {
  it('shows the history after an exchange, newest first, with unread marks', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/messages`);
    await expect.poll(() => page.getByText('No messages yet').count()).toBe(1);
    await page.getByRole('button', { name: 'Exchange now' }).click();
    const list = page.getByRole('navigation', { name: 'Messages with the bank, newest first' });
    await expect.poll(() => list.getByRole('link').count(), { timeout: 15_000 }).toBe(2);
    expect(await list.getByRole('link').allTextContents()).toEqual([expect.stringContaining('Изменение тарифов'), expect.stringContaining('Добро пожаловать')]);
    expect(await list.getByRole('link', { name: /unread/ }).count()).toBe(2);
  });

  it('announces a new message from the bank that an exchange brings, marked unread at the top', async () => {
    const { page, bank, companyId } = app;
    const posted = await adminCall(bank, 'POST', `/admin/companies/${companyId}/messages`, {
      subject: SUBJECT,
      body: BODY,
      attachments: [{ name: FILE_NAME, mediaType: 'text/plain', content: Buffer.from(FILE_TEXT).toString('base64') }],
    });
    hostileId = (posted.body as { id: string }).id;
    await page.getByRole('button', { name: 'Exchange now' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '1 new message from the bank.' }).count(), { timeout: 15_000 }).toBe(1);
    const list = page.getByRole('navigation', { name: 'Messages with the bank, newest first' });
    const first = list.getByRole('link').first();
    // the list reloads after the announcement: wait for it rather than read it at once
    await expect.poll(() => first.locator('.mail-subject').textContent()).toBe(SUBJECT);
    await expect.poll(() => first.textContent()).toContain('unread');
    await expect.poll(() => page.getByText('Unread: 3').count()).toBe(1);
  });

  it('opens it: the hostile text is text, and the message is read at the bank', async () => {
    const { page, bank, companyId } = app;
    expect(bank.mailbox.get(companyId, hostileId).read).toBe(false);
    const link = page.locator(`a[data-message-id="${hostileId}"]`);
    await link.click();
    await expect.poll(() => page.getByTestId('message-subject').textContent()).toBe(SUBJECT);
    expect(await page.getByTestId('message-body').textContent()).toBe(BODY);
    await expect.poll(() => bank.mailbox.get(companyId, hostileId).read).toBe(true);
    await expect.poll(() => link.textContent()).not.toContain('unread');
    expect(await page.getByText('Unread: 2').count()).toBe(1);
    expect(await page.locator('main img, main script, main svg').count()).toBe(0);
    // the bank's signature, verified before the letter was kept: the receipts certificate's serial
    const serial = bank.ca.receipts.cert.serialNumber.toLowerCase();
    expect(await page.getByTestId('message-seal').textContent()).toBe(`✓ Signed by the bank (verified), certificate No. ${serial}`);
    await app.shot('messages-bank-signed');
  });

  it('downloads the attachment under its name with its bytes', async () => {
    const { page } = app;
    const button = page.getByRole('button', { name: `Download ${FILE_NAME} (1 KB)` });
    expect(await button.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    // the browser makes the name safe for a file system; the bytes are the bank's
    expect(download.suggestedFilename()).toMatch(/img src=x onerror=alert\(4\).*\.txt$/);
    expect(readFileSync((await download.path())!, 'utf8')).toBe(FILE_TEXT);
    await expect.poll(() => page.getByRole('status').filter({ hasText: `Saved ${FILE_NAME}.` }).count()).toBe(1);
  });

  it('refuses a file over the limit in words, and sends a reply with an attachment that the bank then has', async () => {
    const { page, bank, companyId } = app;
    await page.getByRole('button', { name: 'Reply' }).click();
    const form = page.getByRole('form', { name: 'Reply to the bank' });
    expect(await form.getByLabel('Subject', { exact: true }).inputValue()).toBe(`Re: ${SUBJECT}`);
    await form.getByLabel('Subject', { exact: true }).fill('Re: акт');
    await form.getByLabel('Text', { exact: true }).fill('Акт подписан, скан во вложении.');
    const files = form.getByLabel(/Attach files/);
    await files.setInputFiles({ name: 'scan-big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 1) });
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('scan-big.pdf is 5.0 MB: an attachment may be up to 5.0 MB.');
    await files.setInputFiles({ name: 'virus.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/virus\.exe cannot be attached: the bank accepts PDF, JPEG, PNG/);
    const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(600 * 1024, 0x41)]);
    await files.setInputFiles({ name: 'акт.pdf', mimeType: 'application/pdf', buffer: scan });
    expect(await form.getByRole('button', { name: 'Remove акт.pdf' }).count()).toBe(1);
    expect(await form.getByRole('button', { name: /Remove scan-big|Remove virus/ }).count()).toBe(0);
    // signed with the token like a document: the PIN dialog says what is signed with which key
    const before = bank.mailbox.list(companyId).length;
    await form.getByRole('button', { name: 'Sign and send' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign the letter' });
    await expect.poll(() => dialog.textContent()).toContain('The letter «Re: акт» is signed with your key');
    await dialog.getByLabel('PIN', { exact: true }).fill('11111111');
    await dialog.getByRole('button', { name: 'Sign and send' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/^Wrong PIN/);
    expect(bank.mailbox.list(companyId)).toHaveLength(before);
    await app.shot('messages-sign-pin');
    await dialog.getByLabel('PIN', { exact: true }).fill('97539753');
    await dialog.getByRole('button', { name: 'Sign and send' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'The message went to the bank.' }).count(), { timeout: 15_000 }).toBe(1);
    const reply = bank.mailbox.list(companyId).find((m) => m.inReplyTo === hostileId)!;
    expect(reply).toMatchObject({ direction: 'to-bank', subject: 'Re: акт', body: 'Акт подписан, скан во вложении.' });
    expect(reply.attachments.map((a) => a.name)).toEqual(['акт.pdf']);
    expect(bank.mailbox.attachment(companyId, reply.id, reply.attachments[0]!.id).content.equals(scan)).toBe(true);
    // the page now shows the sent message, at the top of the history
    await expect.poll(() => page.getByTestId('message-subject').textContent()).toBe('Re: акт');
    const list = page.getByRole('navigation', { name: 'Messages with the bank, newest first' });
    expect(await list.getByRole('link').first().textContent()).toContain('To the bank');
    // who signed it, with which certificate: the bank has the same signer
    const signer = reply.signature!.signer;
    expect(signer.name).toBe('Петрова Анна Сергеевна');
    await expect.poll(() => page.getByTestId('message-seal').textContent()).toBe(`✓ Signed: Петрова Анна Сергеевна, certificate No. ${signer.certificateSerial} (verified)`);
    await app.shot('messages');
    expect(dialogs).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it("refuses a bank's letter whose text no longer matches the bank's signature: a notice naming it, and it is not listed", async () => {
    const { page, bank, companyId } = app;
    const posted = (await adminCall(bank, 'POST', `/admin/companies/${companyId}/messages`, { subject: 'Новые реквизиты', body: 'Реквизиты банка не менялись.', attachments: [] })).body as { id: string };
    // changed after the bank signed it, as a man in the middle would (tests/integration/attack-letters.test.ts goes through a proxy)
    bank.db.prepare('UPDATE messages SET body = ? WHERE id = ?').run('Платите на счёт 40702810900000000666.', posted.id);
    await page.getByRole('button', { name: 'Exchange now' }).click();
    await expect.poll(() => page.getByTestId('sync-error').textContent(), { timeout: 15_000 }).toContain(`The letter «Новые реквизиты» (${posted.id}) was refused: its signature does not verify — the letter was changed after it was signed`);
    expect(await page.getByTestId('sync-error').textContent()).toContain("It is not shown as the bank's and nothing of it was kept.");
    expect(await page.locator(`a[data-message-id="${posted.id}"]`).count()).toBe(0);
    expect(app.client.bankData.message(posted.id)).toBeUndefined();
    await app.shot('messages-letter-refused');
    expect(app.pageErrors).toEqual([]);
  });
});
