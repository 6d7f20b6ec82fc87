import type { BankClock } from './clock.ts';
import type { Identity } from './identity.ts';
import type { Mailbox } from './mailbox.ts';
import { recordOf, SANDBOX_BANKS } from './bic-directory.ts';
import { HOME_BANK, type Portfolio } from './portfolio.ts';
import { getSetting, setSetting, type Db } from './store.ts';

export interface SeedParts {
  identity: Identity;
  portfolio: Portfolio;
  mailbox: Mailbox;
  clock: BankClock;
}

const day = (clock: BankClock, offset: number): string => new Date(clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/** Accounts at the home bank (BIC 044525225) with valid control keys. */
const DEMO_ACCOUNTS = ['40702810300000004583', '40702810500000000031'];

/**
 * Demo data on first start: a company with its people, two RUB accounts with some history,
 * two car loans and a leasing contract with schedules, and letters from the bank. The people's
 * one-time enrolment codes are kept in the settings for the bank officer.
 */
export function seedDemo(db: Db, { identity, portfolio, mailbox, clock }: SeedParts): void {
  if (getSetting(db, 'seeded')) return;
  db.transaction(() => {
    const companyId = identity.createCompany({ name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', ogrn: '1027700132195' });
    const people = [
      { name: 'Петрова Анна Сергеевна', position: 'Бухгалтер', role: 'prepares' as const },
      { name: 'Иванов Иван Иванович', position: 'Генеральный директор', role: 'first-signature' as const, limit: 10_000_000_00 },
      { name: 'Сидорова Мария Петровна', position: 'Главный бухгалтер', role: 'second-signature' as const, limit: 50_000_000_00 },
    ].map((u) => ({ ...u, ...identity.createUser({ companyId, ...u }) }));

    const main = portfolio.openAccount(companyId, DEMO_ACCOUNTS[0]!, 0, day(clock, -400));
    portfolio.openAccount(companyId, DEMO_ACCOUNTS[1]!, 25_000_000, day(clock, -200));
    // the supplier's bank as the bank's own BIC directory names it (a person's 12-digit INN: no KPP)
    const supplierBank = recordOf(SANDBOX_BANKS.find((b) => b.bic === '049805746')!);
    const supplier = { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bic: supplierBank.bic, bankName: supplierBank.name, corrAccount: supplierBank.corrAccount };
    portfolio.post(main, { date: day(clock, -60), direction: 'credit', amount: 1_250_000_00, counterparty: supplier, purpose: 'Оплата по договору поставки № 12', documentNumber: '311', priority: 5 });
    portfolio.post(main, { date: day(clock, -30), direction: 'debit', amount: 180_000_00, counterparty: supplier, purpose: 'Аванс по счёту № 77', documentNumber: '1', priority: 5 });
    portfolio.post(main, { date: day(clock, -5), direction: 'credit', amount: 420_500_50, counterparty: supplier, purpose: 'Оплата по счёту № 80', documentNumber: '402', priority: 5 });

    const requisites = (purpose: string) => ({
      payeeName: 'АО «Песочница Банк»',
      inn: '7725038124',
      kpp: '770701001',
      account: '47422810800000000001',
      bic: HOME_BANK.bic,
      bankName: HOME_BANK.name,
      corrAccount: HOME_BANK.corrAccount,
      purpose,
    });
    portfolio.openContract(companyId, { kind: 'car-loan', number: 'КА-2025/118', signedOn: day(clock, -200), subject: 'Lada Largus, VIN XTA000000000000001', principal: 1_500_000_00, rateBp: 1290, months: 36, requisites: requisites('Погашение по кредитному договору № КА-2025/118') });
    portfolio.openContract(companyId, { kind: 'car-loan', number: 'КА-2026/042', signedOn: day(clock, -40), subject: 'Haval Jolion, VIN LGW000000000000002', principal: 2_300_000_00, rateBp: 1590, months: 48, requisites: requisites('Погашение по кредитному договору № КА-2026/042') });
    portfolio.openContract(companyId, { kind: 'leasing', number: 'ЛД-2025/007', signedOn: day(clock, -300), subject: 'ГАЗель NEXT, VIN X96000000000000003', principal: 3_100_000_00, rateBp: 1450, months: 24, requisites: requisites('Лизинговый платёж по договору № ЛД-2025/007') });

    mailbox.send(companyId, { subject: 'Добро пожаловать', body: 'Уважаемые клиенты! Ваш доступ к системе «Банк-Клиент» подключён.', attachments: [] });
    mailbox.send(companyId, { subject: 'Изменение тарифов', body: 'С 1 декабря меняются тарифы на расчётно-кассовое обслуживание. Подробности во вложении.', attachments: [{ name: 'tariffs.txt', mediaType: 'text/plain', content: Buffer.from('Тарифы с 01.12: платёж — 25 руб.').toString('base64') }] });

    setSetting(db, 'demo.company_id', companyId);
    setSetting(db, 'demo.enrolment_codes', JSON.stringify(people.map((p) => ({ name: p.name, role: p.role, code: p.enrolmentCode }))));
    setSetting(db, 'seeded', clock.now().toISOString());
  })();
}
