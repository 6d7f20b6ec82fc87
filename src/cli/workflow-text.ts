import type { Locale } from '../shared/i18n/index.ts';
import { enCount, ruPlural } from '../shared/i18n/plural.ts';

/** Human output of the workflow commands (enrolment, documents, signing, sync), in both languages. */
const en = {
  holder: (name: string, position: string | undefined, company: string) => `The bank names the code's holder: ${name}${position ? `, ${position}` : ''} (${company}); the request is made in this name.`,
  actWritten: (path: string) => `Key-recognition act written to ${path}: print it, sign it, and take it to the bank.`,
  totpWritten: (path: string) => `The one-time-code secret is in ${path} (readable by you alone): keep it for \`bankclient login --totp-secret-file ${path}\`, or add it to an authenticator app and then delete the file.`,
  totpShow: (uri: string) => `Add this to an authenticator app (shown once): ${uri}`,
  enrolPending: (id: string, token: string) => `Enrolment ${id} sent; waiting for the bank's officer. Finish later with: bankclient enroll --resume --token ${token}`,
  enrolApproved: (serial: string, until: string) => `Certificate ${serial} installed on the token, valid until ${until}.`,
  enrolRejected: (reason: string) => `The bank refused the enrolment: ${reason}`,
  renewed: (serial: string, until: string) => `New certificate ${serial} installed, valid until ${until}.`,
  loggedIn: (name: string, company: string, role: string, until: string) => `Logged in as ${name} (${company}), ${role}; session until ${until}.`,
  loggedOut: 'Logged out: the bank has ended the session and this profile no longer keeps it.',
  loggedOutNone: 'No session was kept in this profile: nothing to log out of.',
  loggedOutHereOnly: (until: string, reason: string) => `Logged out here, but the bank could not be told (${reason}). The session stays valid on the bank until ${until}, when it expires by itself.`,
  duplicatesSkipped: (n: number) => `${enCount(n, 'possible duplicate')} skipped; sign them with --allow-duplicates if they are separate payments.`,
  imported: (n: number, rejected: number, file: string) => `${file}: ${enCount(n, 'document')} imported as drafts, ${rejected} not imported.`,
  importedLine: (line: number, id: string, errors: number) => `  line ${line}: draft ${id}${errors ? `, ${enCount(errors, 'error')} to fix` : ''}`,
  rejectedLine: (line: number, reason: string) => `  line ${line}: NOT imported: ${reason}`,
  warningLine: (line: number, text: string) => `  line ${line}: warning: ${text}`,
  notListed: (what: 'imported' | 'rejected', n: number) => `  … and ${n} more ${what === 'imported' ? 'imported' : 'not imported'}, not listed${what === 'imported' ? ' (--ids-out FILE writes every id)' : ''}.`,
  idsWritten: (n: number, path: string) => `Ids of the ${enCount(n, 'draft')} written to ${path}.`,
  noDocuments: 'No documents.',
  listFooter: (shown: number, total: number) => `${shown} of ${enCount(total, 'document')}.`,
  findingsNone: 'No errors or warnings.',
  signedReport: (n: number, skipped: number, notSigned: number) => `Signed and queued for the bank: ${n}. Skipped: ${skipped}. Left unsigned: ${notSigned}.`,
  signProgress: (done: number, total: number) => `signed ${done} of ${total}`,
  stopped: (why: string) => `Signing stopped: ${why}`,
  syncState: (pending: number, failed: number, rejected: number, last: string) =>
    `To send: ${pending}. Refused when sent: ${failed}. Rejected by the bank: ${rejected}${rejected ? ' (documents list --status rejected)' : ''}. Last success: ${last}.`,
  totpWaiting: (s: number) => `This profile used the current and the next one-time codes already; waiting ${s} s for a new one.`,
  notFinal: (n: number, statuses: string) => `Not final yet: ${n} (${statuses}); statuses follow the bank's clock.`,
  accountsNone: 'No accounts yet: run bankclient sync after login.',
  accountLine: (number: string, balance: string, currency: string, bank: string, bic: string) => `${number}  ${balance.padStart(18)} ${currency}  ${bank}, BIC ${bic}`,
  awaitingNone: 'Nothing awaits your signature (as of the last sync).',
  awaitingFooter: (n: number) => `${n === 1 ? '1 document awaits' : `${n} documents await`} your signature: bankclient sign-documents --awaiting ...`,
  exportedSigned: (json: string, p7s: string, ca: string | undefined) =>
    `Signed bytes written to ${json}, the signature to ${p7s}${ca ? `, the bank's CA certificate to ${ca}` : ''}. Check: bankclient verify --in ${json} --signature ${p7s} --trust ${ca ?? 'CA.pem'}`,
  never: 'never',
  lastError: (text: string) => `Last error: ${text}`,
  exported: (path: string, n: number) => `Statement with ${enCount(n, 'entry', 'entries')} written to ${path}.`,
  exportedOrders: (path: string, n: number) => `${enCount(n, 'payment order')} written to ${path} (pain.001.001.09).`,
  auditOk: (n: number) => `Audit log intact: ${enCount(n, 'record')}, chain verified.`,
  auditBroken: (n: number) => `Audit log TAMPERED: ${enCount(n, 'problem')}.`,
  auditProblem: (seq: number, problem: string) => `  record ${seq}: ${problem}`,
  noPending: 'No enrolment waiting.',
  unread: 'unread',
  sealBank: (serial: string) => `signed by the bank (verified), certificate No. ${serial}`,
  sealPerson: (name: string, serial: string) => `signed: ${name}, certificate No. ${serial} (verified)`,
  recallAccepted: (id: string, status: string) => `Recall request for ${id}: accepted by the bank. Document status: ${status}.`,
  recallRefused: (id: string, reason: string, code: string) => `Recall request for ${id}: refused by the bank: ${reason} [${code}]`,
  recallPending: (id: string) => `Recall request for ${id}: signed and kept, no answer from the bank yet; run the same command again to send it.`,
  recallUnconfirmed: (id: string, status: string) => `Recall request for ${id}: the bank's answer says accepted, but no receipt from the bank recalls the document (status: ${status}); run the same command again to send the same request.`,
};

const ru: typeof en = {
  holder: (name, position, company) => `Владелец кода по данным банка: ${name}${position ? `, ${position}` : ''} (${company}); запрос делается на это имя.`,
  actWritten: (path) => `Акт признания ключа записан в ${path}: распечатайте, подпишите и передайте в банк.`,
  totpWritten: (path) => `Секрет одноразовых кодов — в ${path} (доступен только вам): сохраните его для \`bankclient login --totp-secret-file ${path}\` или добавьте в приложение-аутентификатор, а затем удалите файл.`,
  totpShow: (uri) => `Добавьте в приложение-аутентификатор (показывается один раз): ${uri}`,
  enrolPending: (id, token) => `Заявка ${id} отправлена; ждём решения сотрудника банка. Завершить позже: bankclient enroll --resume --token ${token}`,
  enrolApproved: (serial, until) => `Сертификат ${serial} записан на токен, действует до ${until}.`,
  enrolRejected: (reason) => `Банк отклонил заявку: ${reason}`,
  renewed: (serial, until) => `Новый сертификат ${serial} записан, действует до ${until}.`,
  loggedIn: (name, company, role, until) => `Вход выполнен: ${name} (${company}), ${role}; сессия до ${until}.`,
  loggedOut: 'Выход выполнен: банк завершил сеанс, в профиле он больше не хранится.',
  loggedOutNone: 'В профиле нет сеанса: выходить не из чего.',
  loggedOutHereOnly: (until, reason) => `Выход здесь выполнен, но банк не удалось известить (${reason}). Сеанс остаётся действительным в банке до ${until}, затем истечёт сам.`,
  duplicatesSkipped: (n) => `Пропущено возможных дубликатов: ${n}; если это отдельные платежи, подпишите их с --allow-duplicates.`,
  imported: (n, rejected, file) => `${file}: загружено черновиков: ${n}, не загружено: ${rejected}.`,
  importedLine: (line, id, errors) => `  строка ${line}: черновик ${id}${errors ? `, ошибок к исправлению: ${errors}` : ''}`,
  rejectedLine: (line, reason) => `  строка ${line}: НЕ загружен: ${reason}`,
  warningLine: (line, text) => `  строка ${line}: предупреждение: ${text}`,
  notListed: (what, n) => `  … и ещё ${n} ${what === 'imported' ? 'загруженных' : 'не загруженных'}, не показаны${what === 'imported' ? ' (--ids-out ФАЙЛ записывает все id)' : ''}.`,
  idsWritten: (n, path) => `id черновиков (${n}) записаны в ${path}.`,
  noDocuments: 'Документов нет.',
  listFooter: (shown, total) => `Показано ${shown} из ${total}.`,
  findingsNone: 'Ошибок и предупреждений нет.',
  signedReport: (n, skipped, notSigned) => `Подписано и поставлено в очередь в банк: ${n}. Пропущено: ${skipped}. Осталось без подписи: ${notSigned}.`,
  signProgress: (done, total) => `подписано ${done} из ${total}`,
  stopped: (why) => `Подпись остановлена: ${why}`,
  syncState: (pending, failed, rejected, last) =>
    `К отправке: ${pending}. Не принято при отправке: ${failed}. Отклонено банком: ${rejected}${rejected ? ' (documents list --status rejected)' : ''}. Последний успешный обмен: ${last}.`,
  totpWaiting: (s) => `Текущий и следующий одноразовые коды этот профиль уже использовал; ждём новый ${s} с.`,
  notFinal: (n, statuses) => `Ещё не в окончательном статусе: ${n} (${statuses}); статусы идут по часам банка.`,
  accountsNone: 'Счетов пока нет: выполните bankclient sync после входа.',
  accountLine: (number, balance, currency, bank, bic) => `${number}  ${balance.padStart(18)} ${currency}  ${bank}, БИК ${bic}`,
  awaitingNone: 'Вашей подписи ничего не ждёт (по последнему обмену).',
  awaitingFooter: (n) => `Ждут вашей подписи: ${n}: bankclient sign-documents --awaiting ...`,
  exportedSigned: (json, p7s, ca) =>
    `Подписанные байты записаны в ${json}, подпись — в ${p7s}${ca ? `, сертификат УЦ банка — в ${ca}` : ''}. Проверка: bankclient verify --in ${json} --signature ${p7s} --trust ${ca ?? 'CA.pem'}`,
  never: 'не было',
  lastError: (text) => `Последняя ошибка: ${text}`,
  exported: (path, n) => `Выписка: ${n} ${ruPlural(n, 'операция', 'операции', 'операций')}, записана в ${path}.`,
  exportedOrders: (path, n) => `Платёжные поручения (${n}) записаны в ${path} (pain.001.001.09).`,
  auditOk: (n) => `Журнал аудита цел: записей ${n}, цепочка проверена.`,
  auditBroken: (n) => `Журнал аудита ИЗМЕНЁН: проблем ${n}.`,
  auditProblem: (seq, problem) => `  запись ${seq}: ${problem}`,
  noPending: 'Нет ожидающих заявок.',
  unread: 'не прочитано',
  sealBank: (serial) => `подпись банка проверена, сертификат № ${serial}`,
  sealPerson: (name, serial) => `подписано: ${name}, сертификат № ${serial} (подпись проверена)`,
  recallAccepted: (id, status) => `Запрос на отзыв ${id}: принят банком. Статус документа: ${status}.`,
  recallRefused: (id, reason, code) => `Запрос на отзыв ${id}: банк отказал: ${reason} [${code}]`,
  recallPending: (id) => `Запрос на отзыв ${id}: подписан и сохранён, ответа банка ещё нет; повторите ту же команду, чтобы отправить его.`,
  recallUnconfirmed: (id, status) => `Запрос на отзыв ${id}: банк ответил, что принял его, но квитанции банка об отзыве документа нет (статус: ${status}); повторите ту же команду, чтобы отправить тот же запрос.`,
};

export const WORKFLOW_TEXT: Record<Locale, typeof en> = { en, ru };

/**
 * Text from outside (the bank, an imported file) as it may be printed on a terminal: control
 * characters (escape sequences among them) and bidirectional overrides shown as U+FFFD, so such
 * text can neither drive the terminal nor reorder what the user reads.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}
