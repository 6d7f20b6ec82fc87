import { getSetting, setSetting, type Db } from './store.ts';
import type { Identity } from './identity.ts';

/**
 * Demo data on first start: a company with its people. Their one-time enrolment codes are kept
 * (readable by the bank officer through the data folder) so a newcomer can enrol a token.
 * Accounts, contracts and messages join with the documents part of the API.
 */
export function seedDemo(db: Db, identity: Identity): void {
  if (getSetting(db, 'seeded')) return;
  db.transaction(() => {
    const companyId = identity.createCompany({ name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', ogrn: '1027700132195' });
    const codes = [
      { name: 'Петрова Анна Сергеевна', role: 'prepares' as const },
      { name: 'Иванов Иван Иванович', role: 'first-signature' as const, limit: 100_000_000_00 },
      { name: 'Сидорова Мария Петровна', role: 'second-signature' as const, limit: 500_000_000_00 },
    ].map((u) => ({ ...u, ...identity.createUser({ companyId, ...u }) }));
    setSetting(db, 'demo.company_id', companyId);
    setSetting(db, 'demo.enrolment_codes', JSON.stringify(codes.map((c) => ({ name: c.name, role: c.role, code: c.enrolmentCode }))));
    setSetting(db, 'seeded', new Date().toISOString());
  })();
}
