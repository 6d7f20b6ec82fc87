/**
 * Payment orders -> a 1C exchange file, the way 1C:Enterprise exports them for the bank. Used for
 * test fixtures and the benchmark; importOneCPayments reads the output back to the same content.
 */
import type { PaymentOrder } from '../../../shared/bank-api/documents/payment-order.ts';
import type { Party } from '../../../shared/domain/payment-order.ts';
import { formatRubles } from '../../../shared/domain/money.ts';
import { PAYMENT_ORDER_KIND } from './import-payments.ts';
import { isoToOneCDate } from './values.ts';
import { declaredEncoding, OneCWriter, type CreatedAt, type OneCEncoding } from './writer.ts';

export interface WriteOneCPaymentsOptions {
  encoding?: OneCEncoding;
  createdAt?: CreatedAt;
  /** Отправитель: the program that made the file. */
  sender?: string;
}

function writeParty(w: OneCWriter, role: 'Плательщик' | 'Получатель', p: Party, where: string): void {
  w.field(`${role}Счет`, p.account, where)
    .field(role, p.inn !== '' && p.inn !== '0' ? `ИНН ${p.inn} ${p.name}` : p.name, where)
    .field(`${role}ИНН`, p.inn, where)
    .optional(`${role}КПП`, p.kpp, where)
    .field(`${role}1`, p.name, where)
    .field(`${role}РасчСчет`, p.account, where)
    .field(`${role}Банк1`, p.bank.name, where)
    .field(`${role}БИК`, p.bank.bic, where)
    .optional(`${role}Корсчет`, p.bank.corrAccount, where);
}

export function writeOneCPayments(orders: readonly PaymentOrder[], options: WriteOneCPaymentsOptions = {}): Uint8Array {
  const encoding = options.encoding ?? 'windows-1251';
  const w = new OneCWriter();
  const head = 'header';
  w.field('ВерсияФормата', '1.03', head).field('Кодировка', declaredEncoding(encoding), head).field('Отправитель', options.sender ?? 'Bank Client', head).field('Получатель', '', head);
  if (options.createdAt) w.field('ДатаСоздания', isoToOneCDate(options.createdAt.date), head).field('ВремяСоздания', options.createdAt.time, head);
  if (orders.length > 0) {
    const dates = orders.map((o) => o.date).sort();
    w.field('ДатаНачала', isoToOneCDate(dates[0]!), head).field('ДатаКонца', isoToOneCDate(dates.at(-1)!), head);
  }
  for (const account of new Set(orders.map((o) => o.payer.account))) w.field('РасчСчет', account, head);
  w.field('Документ', PAYMENT_ORDER_KIND, head);

  for (const o of orders) {
    const where = `№ ${o.number}`;
    w.marker(`СекцияДокумент=${PAYMENT_ORDER_KIND}`).field('Номер', o.number, where).field('Дата', isoToOneCDate(o.date), where).field('Сумма', formatRubles(o.amount), where);
    writeParty(w, 'Плательщик', o.payer, where);
    writeParty(w, 'Получатель', o.payee, where);
    w.optional('ВидПлатежа', o.paymentKind, where).field('ВидОплаты', o.operationType, where).field('Код', o.uin, where).optional('КодНазПлатежа', o.incomeType, where);
    w.field('НазначениеПлатежа', o.purpose, where).field('Очередность', String(o.priority), where);
    const b = o.budget;
    if (b) {
      w.field('СтатусСоставителя', b.payerStatus, where).field('ПоказательКБК', b.kbk, where).field('ОКАТО', b.oktmo, where).field('ПоказательОснования', b.basis, where);
      w.field('ПоказательПериода', b.period, where).field('ПоказательНомера', b.documentNumber, where).field('ПоказательДаты', b.documentDate, where);
    }
    w.marker('КонецДокумента');
  }
  return w.toBytes(encoding);
}
