/**
 * Through the app's channels, with SoftHSM2 tokens and the sandbox bank over HTTP:
 *  - tokens.logout ends the session on the bank (a copy of the token taken from the profile gets
 *    401 from a raw HTTP client afterwards) and drops it from the profile; with the bank out of
 *    reach the profile's copy still goes, and the answer says the bank was not told;
 *  - a payment order repeating one already signed (number, date, amount, payee) is flagged at
 *    sign.prepare and in its text, skipped with the reason unless the signer confirms it, and a
 *    different amount is not flagged.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlersFor } from '../../src/main/app-services/index.ts';
import { currentSession } from '../../src/main/bank/session.ts';
import { Client } from '../../src/main/client.ts';
import { getSetting } from '../../src/main/store/settings.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { t } from '../../src/shared/i18n/index.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { enrolAndLogin, totpNow, type Person } from '../helpers/client-flow.ts';
import { FaultProxy } from '../helpers/fault-proxy.ts';
import { SOFTHSM_MODULE } from '../helpers/softhsm.ts';

const app = useAppServices('logout-duplicates', {
  tokens: [
    { label: 'Director', pin: '10101010' },
    { label: 'Away', pin: '20202020' },
  ],
  processEnv: true,
  today: 'bank',
});
let director: Person;

const HOME = { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' };
const order = (number: string, amount: number, purpose: string) => ({
  ...DOCUMENT_EXAMPLES['payment-order'],
  number,
  date: app.today(),
  amount,
  purpose,
  payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: HOME },
});

/** What a raw HTTP client (not our BankApi) gets from the bank with this bearer token. */
const me = async (token: string): Promise<number> => (await fetch(`${app.bank.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
const storedToken = (client: Client): string => (JSON.parse(getSetting(client.db, 'bank.session')!) as { token: string }).token;

beforeAll(async () => {
  director = await enrolAndLogin(app.bank, app.client, { token: 'Director', pin: '10101010', name: 'Иванов Иван Иванович', role: 'first-signature', limit: 2_000_000_00, companyId: app.companyId });
}, 90_000);

describe('tokens.logout', () => {
  it('ends the session on the bank: the token copied from the profile gets 401, and the profile keeps no session', async () => {
    const copied = storedToken(app.client);
    expect(await me(copied)).toBe(200);
    const out = await app.handlers['tokens.logout']({});
    expect(out).toEqual({ loggedIn: false, endedOnBank: true });
    expect(await me(copied)).toBe(401);
    expect(getSetting(app.client.db, 'bank.session')).toBeUndefined();
    expect(currentSession(app.client.db)).toBeUndefined();
    expect(app.events).toContainEqual({ event: 'tokens.changed', payload: { reason: 'session' } });
    // once more: nothing kept, nothing to end
    expect(await app.handlers['tokens.logout']({})).toEqual({ loggedIn: false, endedOnBank: true });
    await app.handlers['tokens.login']({ token: 'Director', key: director.key, pin: director.pin, totp: totpNow(app.bank, director.totpSecret) });
  });

  describe('with the bank out of reach', () => {
    let proxy: FaultProxy;
    let away: Client;
    beforeAll(async () => {
      proxy = await new FaultProxy(app.bank.url).start();
      away = new Client({ dataDir: join(app.hsm.dir, 'away'), bankUrl: proxy.url, modulePath: SOFTHSM_MODULE, env: process.env, actor: 'test' });
      await enrolAndLogin(app.bank, away, { token: 'Away', pin: '20202020', name: 'Петров Пётр', role: 'first-signature', companyId: app.companyId });
    }, 60_000);
    afterAll(async () => {
      away?.close();
      await proxy?.stop();
    });

    it('drops the session here all the same and says the bank was not told (it lives there until it expires)', async () => {
      const copied = storedToken(away);
      const expiresAt = currentSession(away.db)!.expiresAt;
      proxy.set({ fault: 'drop', method: 'DELETE' });
      const out = await handlersFor(away)['tokens.logout']({});
      expect(out).toMatchObject({ loggedIn: false, endedOnBank: false, notEnded: { until: expiresAt, reason: { code: 'bank.unreachable' } } });
      expect(getSetting(away.db, 'bank.session')).toBeUndefined();
      // truthfully so: the bank still takes the token
      expect(await me(copied)).toBe(200);
      // the page's note, in both languages
      for (const locale of ['en', 'ru'] as const) expect(t(locale, 'ui.tokens.logout.not-ended', { until: expiresAt, reason: 'x' })).toContain(expiresAt);
    });
  });
});

describe('possible duplicates before signing', () => {
  it('flags a repeat of a signed payment order, skips it with the reason unless confirmed, and leaves a different amount alone', async () => {
    const docs = app.client.documents;
    const first = docs.create({ kind: 'payment-order', content: order('801', 1_000_00, 'Оплата по счёту 801. НДС не облагается') }).id;
    const sign = async (ids: string[], confirmedDuplicates?: string[]) => {
      const batch = await app.handlers['sign.prepare']({ ids });
      return { batch, run: await app.handlers['sign.run']({ batchId: batch.batchId, token: 'Director', key: director.key, pin: director.pin, ...(confirmedDuplicates ? { confirmedDuplicates } : {}) }) };
    };
    expect((await sign([first])).run.signed).toEqual([first]);

    const repeat = docs.create({ kind: 'payment-order', content: order('801', 1_000_00, 'Оплата по счёту 801 (повторно). НДС не облагается') }).id;
    const otherAmount = docs.create({ kind: 'payment-order', content: order('801', 1_000_01, 'Оплата по счёту 801. НДС не облагается') }).id;
    const batch = await app.handlers['sign.prepare']({ ids: [repeat, otherAmount] });
    const earlier = { id: first, number: '801', date: app.today(), amount: 1_000_00, status: 'signed' };
    expect(batch).toMatchObject({ total: 2, duplicatesTotal: 1, duplicates: [{ id: repeat, number: '801', earlier }] });
    const texts = await app.handlers['sign.texts']({ batchId: batch.batchId, offset: 0, limit: 10, locale: 'ru' });
    expect(texts.items.find((i) => i.id === repeat)?.duplicateOf).toEqual(earlier);
    expect(texts.items.find((i) => i.id === otherAmount)?.duplicateOf).toBeUndefined();

    // not confirmed: skipped, naming the earlier one; the other is signed
    const run = await app.handlers['sign.run']({ batchId: batch.batchId, token: 'Director', key: director.key, pin: director.pin });
    expect(run.signed).toEqual([otherAmount]);
    expect(run.skipped).toEqual([{ id: repeat, code: 'ui.tokens.sign.duplicate', params: expect.objectContaining({ earlierId: first, earlierNumber: '801', earlierAmount: '1000.00', earlierStatus: 'signed' }) }]);
    const reason = t('ru', 'ui.tokens.sign.duplicate', run.skipped[0]!.params);
    expect(reason).toContain('№ 801');
    expect(reason).toContain(first);
    expect(docs.get(repeat).status).toBe('draft');

    // confirmed: signed, and the confirmation is in the audit log
    const confirmed = await sign([repeat], [repeat]);
    expect(confirmed.batch.duplicatesTotal).toBe(1);
    expect(confirmed.run).toMatchObject({ signed: [repeat], skipped: [] });
    const audit = app.client.db.prepare("SELECT subject, details FROM audit WHERE action = 'sign.duplicate-confirmed'").all() as { subject: string; details: string }[];
    expect(audit).toEqual([{ subject: repeat, details: JSON.stringify({ repeats: [{ id: repeat, earlier: first }] }) }]);
  });
});
