/** Words of the signing screen (a batch, its texts, the PIN, progress, possible duplicates), and the refusals of its service. */
import { formatDate, formatMoney, type FormatLocale } from '../../domain/format.ts';
import { parseRubles } from '../../domain/money.ts';
import type { Entry } from '../entry.ts';
import { enCount } from '../plural.ts';

const e = (en: Entry['en'], ru: Entry['ru']): Entry => ({ en, ru });

/** The statuses an earlier payment order can have when a repeat of it is flagged. */
const STATUS_EN: Record<string, string> = { signed: 'signed and queued', sent: 'sent', delivered: 'delivered', accepted: 'accepted', executed: 'executed' };
const STATUS_RU: Record<string, string> = { signed: 'подписано и ждёт отправки', sent: 'отправлено', delivered: 'доставлено', accepted: 'принято', executed: 'исполнено' };
const status = (words: Record<string, string>, s: string | number | undefined): string => words[String(s)] ?? String(s);
/** An amount the service gives as "1500.00", as people read it: «1 500,00 ₽». */
const rub = (locale: FormatLocale, v: string | number | undefined): string => {
  const k = parseRubles(String(v ?? ''));
  return k === undefined ? String(v) : formatMoney(k, locale);
};

export const signingUiMessages = {
  'ui.tokens.sign.title': e(() => 'Sign documents', () => 'Подпись документов'),
  'ui.tokens.sign.with': e(() => 'Signing with', () => 'Подпись ключом'),
  'ui.tokens.sign.limit': e((p) => `limit ${p.limit}`, (p) => `лимит ${p.limit}`),
  'ui.tokens.sign.role-unknown': e(() => 'log in with this key once so the bank says what it may sign', () => 'войдите с этим ключом, чтобы банк сообщил, что им можно подписывать'),
  'ui.tokens.sign.no-token': e(() => 'Connect a token with a certificate to sign.', () => 'Для подписи подключите токен с сертификатом.'),
  'ui.tokens.sign.awaiting-title': e((p) => `Awaiting my signature (${p.count})`, (p) => `Ожидают моей подписи (${p.count})`),
  'ui.tokens.sign.awaiting-none': e(() => 'No document awaits your signature. The list comes from the bank at each exchange.', () => 'Нет документов, ожидающих вашей подписи. Список приходит из банка при каждом обмене.'),
  'ui.tokens.sign.awaiting-badge': e(() => 'awaiting my signature', () => 'ожидает моей подписи'),
  'ui.tokens.sign.drafts-title': e((p) => `Drafts ready to sign (${p.count})`, (p) => `Черновики без ошибок (${p.count})`),
  'ui.tokens.sign.drafts-none': e(() => 'No draft without errors.', () => 'Нет черновиков без ошибок.'),
  'ui.tokens.sign.drafts-shown': e((p) => `The newest ${p.shown} of ${p.total} are listed.`, (p) => `Показаны последние ${p.shown} из ${p.total}.`),
  'ui.tokens.sign.all-drafts': e((p) => `All drafts without errors (${p.count})`, (p) => `Все черновики без ошибок (${p.count})`),
  'ui.tokens.sign.col-choose': e(() => 'Sign', () => 'Подписать'),
  'ui.tokens.sign.col-document': e(() => 'Document', () => 'Документ'),
  'ui.tokens.sign.col-date': e(() => 'Date', () => 'Дата'),
  'ui.tokens.sign.col-amount': e(() => 'Amount', () => 'Сумма'),
  'ui.tokens.sign.col-counterparty': e(() => 'Counterparty', () => 'Контрагент'),
  'ui.tokens.sign.document-name': e((p) => `${p.kind} No. ${p.number}`, (p) => `${p.kind} № ${p.number}`),
  'ui.tokens.sign.choose': e((p) => `Choose ${p.name}`, (p) => `Выбрать: ${p.name}`),
  'ui.tokens.sign.review': e((p) => `Read and sign (${p.count})`, (p) => `Просмотреть и подписать (${p.count})`),
  'ui.tokens.sign.review-note': e(
    (p) => `Below is exactly what the token signs for each of the ${enCount(Number(p.count), 'document')}, rendered from the bytes that are signed. Read it before entering the PIN.`,
    (p) => `Ниже — ровно то, что токен подписывает для каждого из документов (${p.count}), построенное из подписываемых байтов. Прочитайте перед вводом PIN-кода.`,
  ),
  'ui.tokens.sign.sign': e((p) => `Sign ${enCount(Number(p.count), 'document')}`, (p) => `Подписать документы (${p.count})`),
  'ui.tokens.sign.back': e(() => 'Back to the choice', () => 'К выбору'),
  'ui.tokens.sign.position': e((p) => `${p.n} of ${p.total}`, (p) => `${p.n} из ${p.total}`),
  'ui.tokens.sign.pages': e(() => 'Documents of the batch', () => 'Документы пакета'),
  'ui.tokens.sign.previous': e(() => 'Previous', () => 'Назад'),
  'ui.tokens.sign.next': e(() => 'Next', () => 'Далее'),
  'ui.tokens.sign.page-of': e((p) => `${p.from}–${p.to} of ${p.total}`, (p) => `${p.from}–${p.to} из ${p.total}`),
  'ui.tokens.sign.pin-title': e(() => 'Sign with the token', () => 'Подпись токеном'),
  'ui.tokens.sign.pin-note': e((p) => `One PIN entry signs all ${enCount(Number(p.count), 'document')} of the batch.`, (p) => `Один ввод PIN-кода подписывает все документы пакета (${p.count}).`),
  'ui.tokens.sign.progress': e((p) => `Signed ${p.signed} of ${p.total}`, (p) => `Подписано ${p.signed} из ${p.total}`),
  'ui.tokens.sign.cancel': e(() => 'Stop signing', () => 'Остановить подпись'),
  'ui.tokens.sign.cancelling': e(() => 'Stopping…', () => 'Остановка…'),
  'ui.tokens.sign.result-title': e(() => 'Signing finished', () => 'Подпись завершена'),
  'ui.tokens.sign.result-cancelled': e(() => 'Signing stopped: what was signed stays signed', () => 'Подпись остановлена: подписанное остаётся подписанным'),
  'ui.tokens.sign.summary': e((p) => `Signed: ${p.signed}. Skipped: ${p.skipped}. Not signed: ${p.notSigned}.`, (p) => `Подписано: ${p.signed}. Пропущено: ${p.skipped}. Не подписано: ${p.notSigned}.`),
  'ui.tokens.sign.skipped-title': e(() => 'Skipped, with the reason', () => 'Пропущены, с причиной'),
  'ui.tokens.sign.not-signed-note': e((p) => (Number(p.count) === 1 ? '1 document was not reached and stays as it was.' : `${p.count} documents were not reached and stay as they were.`), (p) => `До документов (${p.count}) подпись не дошла; они остались без изменений.`),
  'ui.tokens.sign.send-now': e(() => 'Send to the bank now', () => 'Отправить в банк сейчас'),
  'ui.tokens.sign.sent': e((p) => `Exchange done. Still to send: ${p.pending}.`, (p) => `Обмен выполнен. Осталось отправить: ${p.pending}.`),
  'ui.tokens.sign.again': e(() => 'Sign more', () => 'Подписать ещё'),
  'ui.tokens.sign.batch-unknown': e(() => 'This batch is no longer prepared. Choose the documents again.', () => 'Этот пакет больше не подготовлен. Выберите документы снова.'),
  'ui.tokens.sign.batch-running': e(() => 'This batch is being signed already.', () => 'Этот пакет уже подписывается.'),
  'ui.tokens.sign.other-running': e(() => 'Another batch is being signed; wait until it ends or stop it.', () => 'Подписывается другой пакет; дождитесь его окончания или остановите его.'),
  'ui.tokens.sign.nothing-chosen': e(() => 'Choose at least one document.', () => 'Выберите хотя бы один документ.'),
  'ui.tokens.sign.changed-since-shown': e(
    (p) => `Document ${p.id} changed after its text was shown; it was not signed. Review it again.`,
    (p) => `Документ ${p.id} изменился после показа его текста; он не подписан. Просмотрите его снова.`,
  ),
  'ui.tokens.sign.cancelled': e(() => 'Signing cancelled by the user.', () => 'Подпись отменена пользователем.'),
  'ui.tokens.sign.stopped': e((p) => `Signing stopped: ${p.reason}`, (p) => `Подпись остановлена: ${p.reason}`),

  // possible duplicates: a payment order repeating one already signed or sent (src/main/signing/duplicates.ts)
  'ui.tokens.sign.duplicate': e(
    (p) => `Payment order No. ${p.number} (${p.id}) was not signed: it repeats No. ${p.earlierNumber} of ${formatDate(String(p.earlierDate), 'en')} for ${rub('en', p.earlierAmount)} to the same payee, already ${status(STATUS_EN, p.earlierStatus)} (${p.earlierId}). Confirm it is not a duplicate to sign it.`,
    (p) => `Платёжное поручение № ${p.number} (${p.id}) не подписано: оно повторяет № ${p.earlierNumber} от ${formatDate(String(p.earlierDate), 'ru')} на ${rub('ru', p.earlierAmount)} тому же получателю, уже ${status(STATUS_RU, p.earlierStatus)} (${p.earlierId}). Подтвердите, что это не дубликат, чтобы подписать его.`,
  ),
  'ui.tokens.sign.duplicate-warning': e(
    (p) => `Possible duplicate: payment order No. ${p.number} of ${p.date} for ${p.amount} to the same payee is already ${status(STATUS_EN, p.status)}.`,
    (p) => `Возможный дубликат: платёжное поручение № ${p.number} от ${p.date} на ${p.amount} тому же получателю уже ${status(STATUS_RU, p.status)}.`,
  ),
  'ui.tokens.sign.duplicates-title': e((p) => `Possible duplicates (${p.count})`, (p) => `Возможные дубликаты (${p.count})`),
  'ui.tokens.sign.duplicates-note': e(
    () => 'These payment orders repeat the number, date, amount and payee of one already signed or sent to the bank. Each is skipped unless you confirm that it is a separate payment.',
    () => 'Эти платёжные поручения повторяют номер, дату, сумму и получателя уже подписанного или отправленного в банк. Каждое будет пропущено, если вы не подтвердите, что это отдельный платёж.',
  ),
  'ui.tokens.sign.duplicate-confirm': e((p) => `No. ${p.number} is a separate payment: sign it`, (p) => `№ ${p.number} — отдельный платёж: подписать`),
} satisfies Record<string, Entry>;
