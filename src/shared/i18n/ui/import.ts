/** Words of the import of a payment file, and the refusals of its service. */
import type { Entry } from '../entry.ts';
import { enCount } from '../plural.ts';

const e = (en: Entry['en'], ru: Entry['ru']): Entry => ({ en, ru });

export const importUiMessages = {
  'ui.tokens.import.title': e(() => 'Import payment orders', () => 'Импорт платёжных поручений'),
  'ui.tokens.import.drop': e(() => 'Drop a 1C exchange file (1CClientBankExchange) or an ISO 20022 pain.001 file here, or pick one.', () => 'Перетащите сюда файл обмена 1С (1CClientBankExchange) или файл ISO 20022 pain.001 либо выберите его.'),
  'ui.tokens.import.pick': e(() => 'File to import', () => 'Файл для импорта'),
  'ui.tokens.import.sending': e(() => 'Reading the file…', () => 'Чтение файла…'),
  'ui.tokens.import.preview-title': e(() => 'What the file holds', () => 'Содержимое файла'),
  'ui.tokens.import.file-facts': e((p) => `${p.format}, version ${p.version}, encoding ${p.encoding}. Nothing is stored until you accept.`, (p) => `${p.format}, версия ${p.version}, кодировка ${p.encoding}. Пока вы не примете, ничего не сохранено.`),
  'ui.tokens.import.counts': e(
    (p) => `Valid: ${p.valid}; with warnings: ${p.warnings}; with errors: ${p.errors}; imported before: ${p.duplicate}; rejected: ${p.rejected}.`,
    (p) => `Без замечаний: ${p.valid}; с предупреждениями: ${p.warnings}; с ошибками: ${p.errors}; уже импортированы: ${p.duplicate}; отклонены: ${p.rejected}.`,
  ),
  'ui.tokens.import.col-line': e(() => 'Line', () => 'Строка'),
  'ui.tokens.import.col-outcome': e(() => 'Result', () => 'Результат'),
  'ui.tokens.import.col-number': e(() => 'No.', () => 'Номер'),
  'ui.tokens.import.col-amount': e(() => 'Amount', () => 'Сумма'),
  'ui.tokens.import.col-payee': e(() => 'Payee', () => 'Получатель'),
  'ui.tokens.import.col-purpose': e(() => 'Purpose', () => 'Назначение'),
  'ui.tokens.import.col-reasons': e(() => 'Findings', () => 'Замечания'),
  'ui.tokens.import.outcome.valid': e(() => 'valid', () => 'без замечаний'),
  'ui.tokens.import.outcome.warnings': e(() => 'valid, with warnings', () => 'с предупреждениями'),
  'ui.tokens.import.outcome.errors': e(() => 'has errors', () => 'с ошибками'),
  'ui.tokens.import.outcome.duplicate': e(() => 'imported before', () => 'уже импортирован'),
  'ui.tokens.import.outcome.rejected': e(() => 'rejected', () => 'отклонён'),
  'ui.tokens.import.accept-valid': e((p) => `Accept the valid ones (${p.count})`, (p) => `Принять документы без ошибок (${p.count})`),
  'ui.tokens.import.accept-all': e((p) => `Also keep those with errors as drafts to fix (${p.count})`, (p) => `Принять и документы с ошибками как черновики для исправления (${p.count})`),
  'ui.tokens.import.done': e((p) => `Imported ${enCount(Number(p.count), 'document')} as drafts; ${p.rejected} not imported.`, (p) => `Импортировано черновиков: ${p.count}; не импортировано: ${p.rejected}.`),
  'ui.tokens.import.to-sign': e(() => 'Sign them', () => 'Подписать'),
  'ui.tokens.import.to-documents': e(() => 'Documents', () => 'К документам'),
  'ui.tokens.import.upload-unknown': e(() => 'This file is no longer held for import. Pick it again.', () => 'Этот файл больше не ожидает импорта. Выберите его снова.'),
  'ui.tokens.import.incomplete': e((p) => `The file arrived incomplete (${p.received} of ${p.size} bytes). Pick it again.`, (p) => `Файл получен не полностью (${p.received} из ${p.size} байт). Выберите его снова.`),
  'ui.tokens.import.chunk-invalid': e((p) => `A part of the file (at byte ${p.offset}) arrived damaged or out of order. Pick the file again.`, (p) => `Часть файла (с байта ${p.offset}) получена повреждённой или не по порядку. Выберите файл снова.`),
  'ui.tokens.import.busy': e((p) => `${p.max} files are being imported already. Finish or discard one of them, or wait half an hour, then pick this file again.`, (p) => `Уже импортируется файлов: ${p.max}. Завершите или отмените импорт одного из них либо подождите полчаса, затем выберите этот файл снова.`),
  'import.has-errors': e(
    (p) => `Line ${p.line}: not imported: the document has ${enCount(Number(p.count), 'error')}; import it with the errors as a draft to fix, or fix it in the file.`,
    (p) => `Строка ${p.line}: не импортирован: в документе ошибок: ${p.count}; импортируйте его как черновик для исправления или исправьте файл.`,
  ),
} satisfies Record<string, Entry>;
