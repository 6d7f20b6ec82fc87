import { DOCUMENT_EXAMPLES } from '../src/shared/bank-api/documents/examples.ts';
import type { PaymentOrder } from '../src/shared/bank-api/documents/payment-order.ts';

/**
 * N payment orders as a company's 1C exports them, for the format benchmarks: numbers, amounts
 * and purposes that differ, and every tenth a tax payment with the budget fields.
 */
export function benchOrders(count: number): PaymentOrder[] {
  const base = DOCUMENT_EXAMPLES['payment-order'];
  return Array.from({ length: count }, (_, i) => {
    const o: PaymentOrder = { ...base, number: String((i % 999_999) + 1), amount: 100 + ((i * 7_919) % 100_000_000), purpose: `Оплата по счету № ${i + 1} от 20.11.2026 за поставку запчастей, в т.ч. НДС 20%` };
    if (i % 10 === 9) {
      o.payee = { name: 'Казначейство России (ФНС России)', inn: '7727406020', kpp: '770801001', account: '03100643000000018500', bank: { name: 'ОКЦ № 2 ГУ Банка России по ЦФО//УФК по г. Москве', bic: '004525988', corrAccount: '40102810545370000003' } };
      o.budget = { payerStatus: '01', kbk: '18201061201010000510', oktmo: '45382000', basis: '0', period: '0', documentNumber: '0', documentDate: '0' };
    }
    return o;
  });
}
