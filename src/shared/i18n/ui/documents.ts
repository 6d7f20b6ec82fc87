/** Words of the documents screens. */
import type { Entry } from '../entry.ts';

const plural = (n: number, one: string, few: string, many: string): string => {
  const m10 = n % 10;
  const m100 = n % 100;
  return m10 === 1 && m100 !== 11 ? one : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? few : many;
};

export const documentsUiMessages = {
  'ui.documents.title': { en: () => 'Documents', ru: () => 'Документы' },
  'ui.documents.filters': { en: () => 'Filters', ru: () => 'Отбор' },
  'ui.documents.filter.kind': { en: () => 'Kind', ru: () => 'Вид' },
  'ui.documents.filter.status': { en: () => 'Status', ru: () => 'Статус' },
  'ui.documents.filter.any': { en: () => 'Any', ru: () => 'Любой' },
  'ui.documents.filter.from': { en: () => 'Date from', ru: () => 'Дата с' },
  'ui.documents.filter.to': { en: () => 'Date to', ru: () => 'Дата по' },
  'ui.documents.filter.min-amount': { en: () => 'Amount from', ru: () => 'Сумма от' },
  'ui.documents.filter.max-amount': { en: () => 'Amount to', ru: () => 'Сумма до' },
  'ui.documents.filter.counterparty': { en: () => 'Counterparty', ru: () => 'Контрагент' },
  'ui.documents.filter.search': { en: () => 'Search', ru: () => 'Поиск' },
  'ui.documents.filter.search-hint': { en: () => 'number, counterparty, purpose, amount', ru: () => 'номер, контрагент, назначение, сумма' },
  'ui.documents.filter.clear': { en: () => 'Clear filters', ru: () => 'Сбросить отбор' },
  'ui.documents.filter.amount-invalid': {
    en: () => 'An amount in roubles and kopecks, e.g. 1 500,00',
    ru: () => 'Сумма в рублях и копейках, например 1 500,00',
  },
  'ui.documents.filter.dates-reversed': { en: () => 'The period ends before it starts', ru: () => 'Конец периода раньше начала' },
  'ui.documents.filter.amounts-reversed': { en: () => 'The upper amount is below the lower one', ru: () => 'Верхняя граница суммы меньше нижней' },
  'ui.documents.new': { en: () => 'New document', ru: () => 'Создать документ' },
  'ui.documents.new-kind': { en: (p) => `New: ${p.kind}`, ru: (p) => `Создать: ${p.kind}` },
  /** count: the number; shown: the same as the page writes numbers (100,000 / 100 000). */
  'ui.documents.count': {
    en: (p) => `${p.shown ?? p.count} ${Number(p.count) === 1 ? 'document' : 'documents'}`,
    ru: (p) => `${p.shown ?? p.count} ${plural(Number(p.count), 'документ', 'документа', 'документов')}`,
  },
  'ui.documents.count-amount': { en: (p) => `for ${p.amount}`, ru: (p) => `на сумму ${p.amount}` },
  'ui.documents.none': { en: () => 'No documents match.', ru: () => 'Документов, подходящих под отбор, нет.' },
  'ui.documents.grid': { en: () => 'Documents', ru: () => 'Список документов' },
  'ui.documents.grid-hint': {
    en: () => 'Arrow keys move through the rows, Enter opens the document.',
    ru: () => 'Стрелки — переход по строкам, Enter — открыть документ.',
  },
  'ui.documents.col.date': { en: () => 'Date', ru: () => 'Дата' },
  'ui.documents.col.number': { en: () => 'No.', ru: () => 'Номер' },
  'ui.documents.col.kind': { en: () => 'Kind', ru: () => 'Вид' },
  'ui.documents.col.counterparty': { en: () => 'Counterparty', ru: () => 'Контрагент' },
  'ui.documents.col.amount': { en: () => 'Amount', ru: () => 'Сумма' },
  'ui.documents.col.status': { en: () => 'Status', ru: () => 'Статус' },
  'ui.documents.row-loading': { en: () => 'Loading…', ru: () => 'Загрузка…' },
  'ui.documents.no-number': { en: () => 'no number', ru: () => 'без номера' },
  'ui.documents.missing': {
    en: (p) => `${p.count} ${Number(p.count) === 1 ? 'signature' : 'signatures'} missing`,
    ru: (p) => `не хватает ${p.count} ${plural(Number(p.count), 'подписи', 'подписей', 'подписей')}`,
  },
  'ui.documents.errors': {
    en: (p) => `${p.count} ${Number(p.count) === 1 ? 'error' : 'errors'}`,
    ru: (p) => `${p.count} ${plural(Number(p.count), 'ошибка', 'ошибки', 'ошибок')}`,
  },
  'ui.documents.rejection': { en: () => 'Bank\'s reason:', ru: () => 'Причина банка:' },

  /** kind: the kind's name; value: the document's number. */
  'ui.document.title': { en: (p) => `${p.kind} No. ${p.value}`, ru: (p) => `${p.kind} номер ${p.value}` },
  'ui.document.back': { en: () => 'Back to the list', ru: () => 'К списку документов' },
  'ui.document.content': { en: () => 'What is signed', ru: () => 'Что подписывается' },
  'ui.document.content-hint': {
    en: () => 'Shown from the document\'s canonical form: exactly what the signature covers.',
    ru: () => 'Показано по каноническому виду документа: ровно то, что заверяет подпись.',
  },
  'ui.document.signed-digest': {
    en: (p) => `SHA-256 of the signed bytes: ${p.value}`,
    ru: (p) => `SHA-256 подписанных байтов: ${p.value}`,
  },
  'ui.document.findings': { en: () => 'Check results', ru: () => 'Результаты проверки' },
  'ui.document.no-findings': { en: () => 'No errors or warnings.', ru: () => 'Ошибок и предупреждений нет.' },
  'ui.document.severity.error': { en: () => 'Error', ru: () => 'Ошибка' },
  'ui.document.severity.warning': { en: () => 'Warning', ru: () => 'Предупреждение' },
  'ui.document.signatures': { en: () => 'Signatures', ru: () => 'Подписи' },
  'ui.document.no-signers': { en: () => 'Not signed yet.', ru: () => 'Ещё не подписан.' },
  'ui.document.signature.first': { en: () => 'First signature', ru: () => 'Первая подпись' },
  'ui.document.signature.second': { en: () => 'Second signature', ru: () => 'Вторая подпись' },
  'ui.document.signature.single': { en: () => 'Sole signature', ru: () => 'Единственная подпись' },
  /** kind: which signature; name: the signer; id: the certificate's serial; at: when. */
  'ui.document.signer-line': {
    en: (p) => `${p.kind}: ${p.name}, certificate ${p.id}, ${p.at}`,
    ru: (p) => `${p.kind}: ${p.name}, сертификат ${p.id}, ${p.at}`,
  },
  'ui.document.missing': { en: (p) => `Still missing: ${p.what}`, ru: (p) => `Ещё нужны: ${p.what}` },
  'ui.document.rejected': { en: () => 'Rejected by the bank', ru: () => 'Банк отклонил документ' },
  'ui.document.rejection-code': { en: (p) => `Code: ${p.code}`, ru: (p) => `Код: ${p.code}` },
  'ui.document.receipts': { en: () => 'Bank receipts', ru: () => 'Квитанции банка' },
  'ui.document.receipts-hint': {
    en: () => 'Each status change signed by the bank and checked by this app before it was stored.',
    ru: () => 'Каждая смена статуса подписана банком и проверена приложением перед сохранением.',
  },
  'ui.document.no-receipts': { en: () => 'No receipts from the bank yet.', ru: () => 'Квитанций от банка ещё нет.' },
  'ui.document.receipt.status': { en: () => 'Status', ru: () => 'Статус' },
  'ui.document.receipt.at': { en: () => 'At the bank', ru: () => 'Время в банке' },
  'ui.document.receipt.reason': { en: () => 'Reason', ru: () => 'Причина' },
  'ui.document.receipt.verified': { en: () => 'Signature checked', ru: () => 'Подпись проверена' },
  'ui.document.receipt.payload': { en: () => 'Signed text of the receipt', ru: () => 'Подписанный текст квитанции' },
  'ui.document.receipt.digest': { en: (p) => `SHA-256 of the receipt: ${p.value}`, ru: (p) => `SHA-256 квитанции: ${p.value}` },
  'ui.document.actions': { en: () => 'Actions', ru: () => 'Действия' },
  'ui.document.edit': { en: () => 'Edit', ru: () => 'Изменить' },
  'ui.document.edit-signed': { en: () => 'Edit as a new draft', ru: () => 'Изменить как новый черновик' },
  'ui.document.copy': { en: () => 'Copy', ru: () => 'Копировать' },
  'ui.document.repeat': { en: () => 'Repeat', ru: () => 'Повторить' },
  'ui.document.delete': { en: () => 'Delete', ru: () => 'Удалить' },
  'ui.document.sign': { en: () => 'Sign', ru: () => 'Подписать' },
  'ui.document.delete-title': { en: () => 'Delete the draft?', ru: () => 'Удалить черновик?' },
  'ui.document.delete-text': {
    en: (p) => `The draft "${p.name}" will be deleted. This cannot be undone.`,
    ru: (p) => `Черновик «${p.name}» будет удалён. Отменить это нельзя.`,
  },
} satisfies Record<string, Entry>;
