/** Words of the token bar, the PIN dialog, login, import and signing; and the refusals of their services. */
import type { Entry } from '../entry.ts';

const e = (en: Entry['en'], ru: Entry['ru']): Entry => ({ en, ru });

/** The statuses an earlier payment order can have when a repeat of it is flagged. */
const STATUS_EN: Record<string, string> = { signed: 'signed and queued', sent: 'sent', delivered: 'delivered', accepted: 'accepted', executed: 'executed' };
const STATUS_RU: Record<string, string> = { signed: 'подписано и ждёт отправки', sent: 'отправлено', delivered: 'доставлено', accepted: 'принято', executed: 'исполнено' };
const status = (words: Record<string, string>, s: string | number | undefined): string => words[String(s)] ?? String(s);

export const tokensUiMessages = {
  // token bar
  'ui.tokens.bar.label': e(() => 'Token and session', () => 'Токен и сеанс'),
  'ui.tokens.bar.present': e(() => 'Tokens present', () => 'Подключённые токены'),
  'ui.tokens.bar.none': e(() => 'No token connected', () => 'Токен не подключён'),
  'ui.tokens.bar.in-use': e(() => 'Key in use', () => 'Ключ'),
  'ui.tokens.bar.valid-until': e((p) => `certificate valid until ${p.date}`, (p) => `сертификат действует до ${p.date}`),
  'ui.tokens.bar.expires-soon': e((p) => `certificate expires on ${p.date} (in ${p.days} days): renew it`, (p) => `сертификат истекает ${p.date} (через ${p.days} дн.): продлите его`),
  'ui.tokens.bar.expired': e((p) => `certificate expired on ${p.date}`, (p) => `срок сертификата истёк ${p.date}`),
  'ui.tokens.bar.logged-in': e(() => 'Logged in:', () => 'Вход выполнен:'),
  'ui.tokens.bar.login': e(() => 'Log in to the bank', () => 'Войти в банк'),
  'ui.tokens.bar.logout': e(() => 'Log out', () => 'Выйти'),

  // PIN
  'ui.tokens.pin.title': e(() => 'Token PIN', () => 'PIN-код токена'),
  'ui.tokens.pin.label': e(() => 'PIN', () => 'PIN-код'),
  'ui.tokens.pin.for-token': e((p) => `Token: ${p.token}`, (p) => `Токен: ${p.token}`),
  'ui.tokens.pin.checking': e(() => 'Checking…', () => 'Проверка…'),
  'ui.tokens.pin.state-ok': e((p) => `The PIN has ${p.min} to ${p.max} characters. After several wrong tries the token locks it.`, (p) => `PIN-код: от ${p.min} до ${p.max} символов. После нескольких неверных попыток токен его заблокирует.`),
  'ui.tokens.pin.state-count-low': e((p) => `Token ${p.token} reports that few tries are left before the PIN locks.`, (p) => `Токен ${p.token} сообщает: осталось мало попыток до блокировки PIN-кода.`),
  'ui.tokens.pin.state-final-try': e(
    (p) => `Last try: one more wrong PIN locks token ${p.token}, and only the security officer can unblock it.`,
    (p) => `Последняя попытка: ещё один неверный PIN-код заблокирует токен ${p.token}, разблокировать его сможет только офицер безопасности.`,
  ),
  'ui.tokens.pin.state-locked': e((p) => `The PIN of token ${p.token} is locked. The security officer can unblock it with the SO PIN.`, (p) => `PIN-код токена ${p.token} заблокирован. Офицер безопасности может разблокировать его SO PIN-кодом.`),
  'ui.tokens.pin.confirm-last-try': e(() => 'I am sure of this PIN: use the last try', () => 'Я уверен в PIN-коде: использовать последнюю попытку'),

  // roles
  'ui.tokens.role.prepares': e(() => 'prepares documents (no signature)', () => 'готовит документы (без подписи)'),
  'ui.tokens.role.first-signature': e(() => 'first signature', () => 'первая подпись'),
  'ui.tokens.role.second-signature': e(() => 'second signature', () => 'вторая подпись'),
  'ui.tokens.role.single-signature': e(() => 'sole signature', () => 'единственная подпись'),

  // login
  'ui.tokens.login.title': e(() => 'Log in to the bank', () => 'Вход в банк'),
  'ui.tokens.login.nobody': e(() => 'Nobody is logged in to the bank.', () => 'Вход в банк не выполнен.'),
  'ui.tokens.login.who': e(() => 'Logged in to the bank as', () => 'Вход в банк выполнен:'),
  'ui.tokens.login.company': e(() => 'Company', () => 'Организация'),
  'ui.tokens.login.role': e(() => 'Right to sign', () => 'Право подписи'),
  'ui.tokens.login.limit': e(() => 'Limit per document', () => 'Лимит на документ'),
  'ui.tokens.login.until': e(() => 'Session until', () => 'Сеанс до'),
  'ui.tokens.login.key': e(() => 'Token and key', () => 'Токен и ключ'),
  'ui.tokens.login.no-keys': e(() => 'No token with a certificate is connected. Connect your token, or enrol a certificate first.', () => 'Не подключён токен с сертификатом. Подключите токен или сначала получите сертификат.'),
  'ui.tokens.login.totp': e(() => 'One-time code (from the authenticator app)', () => 'Одноразовый код (из приложения-аутентификатора)'),
  'ui.tokens.login.submit': e(() => 'Log in', () => 'Войти'),
  'ui.tokens.login.pending': e(() => 'Logging in…', () => 'Вход…'),
  'ui.tokens.login.totp-invalid': e(
    () => 'The bank refused the one-time code: it is wrong or has expired. Enter the code your authenticator app shows now. Repeated wrong codes lock the login for a while.',
    () => 'Банк не принял одноразовый код: он неверен или устарел. Введите код, который приложение-аутентификатор показывает сейчас. После нескольких неверных кодов вход временно блокируется.',
  ),
  'ui.tokens.login.locked-out': e(
    (p) => `Too many wrong one-time codes: the bank has locked this login for a while (the bank says: “${p.detail}”). Try again later.`,
    (p) => `Слишком много неверных одноразовых кодов: банк временно заблокировал вход (ответ банка: «${p.detail}»). Повторите позже.`,
  ),
  'ui.tokens.login.certificate-revoked': e(
    () => 'The bank has revoked this certificate: it can no longer be used to log in or sign. Ask the security officer for a new one.',
    () => 'Банк отозвал этот сертификат: входить и подписывать им больше нельзя. Обратитесь к офицеру безопасности за новым.',
  ),
  'ui.tokens.login.certificate-expired': e(
    (p) => `The certificate is not valid on the bank's date (the bank says: “${p.detail}”). Renew it, or ask the security officer for a new one.`,
    (p) => `Сертификат не действует на дату банка (ответ банка: «${p.detail}»). Продлите его или обратитесь к офицеру безопасности.`,
  ),
  'ui.tokens.login.certificate-unknown': e(() => 'The bank does not know this certificate. Was it issued by this bank?', () => 'Банк не знает этот сертификат. Выпущен ли он этим банком?'),
  'ui.tokens.login.challenge-expired': e(() => 'The login took too long and the bank\'s challenge expired. Log in again.', () => 'Вход занял слишком много времени, запрос банка устарел. Войдите снова.'),
  'ui.tokens.login.signature-invalid': e(
    (p) => `The bank did not accept the token's signature (the bank says: “${p.detail}”). Check that the key matches its certificate.`,
    (p) => `Банк не принял подпись токена (ответ банка: «${p.detail}»). Проверьте, что ключ соответствует сертификату.`,
  ),

  // import
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
  'ui.tokens.import.done': e((p) => `Imported ${p.count} document(s) as drafts; ${p.rejected} not imported.`, (p) => `Импортировано черновиков: ${p.count}; не импортировано: ${p.rejected}.`),
  'ui.tokens.import.to-sign': e(() => 'Sign them', () => 'Подписать'),
  'ui.tokens.import.to-documents': e(() => 'Documents', () => 'К документам'),
  'ui.tokens.import.upload-unknown': e(() => 'This file is no longer held for import. Pick it again.', () => 'Этот файл больше не ожидает импорта. Выберите его снова.'),
  'ui.tokens.import.incomplete': e((p) => `The file arrived incomplete (${p.received} of ${p.size} bytes). Pick it again.`, (p) => `Файл получен не полностью (${p.received} из ${p.size} байт). Выберите его снова.`),
  'ui.tokens.import.chunk-invalid': e((p) => `A part of the file (at byte ${p.offset}) arrived damaged or out of order. Pick the file again.`, (p) => `Часть файла (с байта ${p.offset}) получена повреждённой или не по порядку. Выберите файл снова.`),
  'ui.tokens.import.busy': e((p) => `${p.max} files are being imported already. Finish or discard one of them, or wait half an hour, then pick this file again.`, (p) => `Уже импортируется файлов: ${p.max}. Завершите или отмените импорт одного из них либо подождите полчаса, затем выберите этот файл снова.`),
  'import.has-errors': e(
    (p) => `Line ${p.line}: not imported: the document has ${p.count} error(s); import it with the errors as a draft to fix, or fix it in the file.`,
    (p) => `Строка ${p.line}: не импортирован: в документе ошибок: ${p.count}; импортируйте его как черновик для исправления или исправьте файл.`,
  ),

  // signing
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
    (p) => `Below is exactly what the token signs for each of the ${p.count} document(s), rendered from the bytes that are signed. Read it before entering the PIN.`,
    (p) => `Ниже — ровно то, что токен подписывает для каждого из документов (${p.count}), построенное из подписываемых байтов. Прочитайте перед вводом PIN-кода.`,
  ),
  'ui.tokens.sign.sign': e((p) => `Sign ${p.count} document(s)`, (p) => `Подписать документы (${p.count})`),
  'ui.tokens.sign.back': e(() => 'Back to the choice', () => 'К выбору'),
  'ui.tokens.sign.position': e((p) => `${p.n} of ${p.total}`, (p) => `${p.n} из ${p.total}`),
  'ui.tokens.sign.pages': e(() => 'Documents of the batch', () => 'Документы пакета'),
  'ui.tokens.sign.previous': e(() => 'Previous', () => 'Назад'),
  'ui.tokens.sign.next': e(() => 'Next', () => 'Далее'),
  'ui.tokens.sign.page-of': e((p) => `${p.from}–${p.to} of ${p.total}`, (p) => `${p.from}–${p.to} из ${p.total}`),
  'ui.tokens.sign.pin-title': e(() => 'Sign with the token', () => 'Подпись токеном'),
  'ui.tokens.sign.pin-note': e((p) => `One PIN entry signs all ${p.count} document(s) of the batch.`, (p) => `Один ввод PIN-кода подписывает все документы пакета (${p.count}).`),
  'ui.tokens.sign.progress': e((p) => `Signed ${p.signed} of ${p.total}`, (p) => `Подписано ${p.signed} из ${p.total}`),
  'ui.tokens.sign.cancel': e(() => 'Stop signing', () => 'Остановить подпись'),
  'ui.tokens.sign.cancelling': e(() => 'Stopping…', () => 'Остановка…'),
  'ui.tokens.sign.result-title': e(() => 'Signing finished', () => 'Подпись завершена'),
  'ui.tokens.sign.result-cancelled': e(() => 'Signing stopped: what was signed stays signed', () => 'Подпись остановлена: подписанное остаётся подписанным'),
  'ui.tokens.sign.summary': e((p) => `Signed: ${p.signed}. Skipped: ${p.skipped}. Not signed: ${p.notSigned}.`, (p) => `Подписано: ${p.signed}. Пропущено: ${p.skipped}. Не подписано: ${p.notSigned}.`),
  'ui.tokens.sign.skipped-title': e(() => 'Skipped, with the reason', () => 'Пропущены, с причиной'),
  'ui.tokens.sign.not-signed-note': e((p) => `${p.count} document(s) were not reached and stay as they were.`, (p) => `До документов (${p.count}) подпись не дошла; они остались без изменений.`),
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
    (p) => `Payment order No. ${p.number} (${p.id}) was not signed: it repeats No. ${p.earlierNumber} of ${p.earlierDate} for ${p.earlierAmount} roubles to the same payee, already ${status(STATUS_EN, p.earlierStatus)} (${p.earlierId}). Confirm it is not a duplicate to sign it.`,
    (p) => `Платёжное поручение № ${p.number} (${p.id}) не подписано: оно повторяет № ${p.earlierNumber} от ${p.earlierDate} на ${p.earlierAmount} руб. тому же получателю, уже ${status(STATUS_RU, p.earlierStatus)} (${p.earlierId}). Подтвердите, что это не дубликат, чтобы подписать его.`,
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

  // logout and the kept session
  'ui.tokens.logout.not-ended': e(
    (p) => `Logged out on this computer, but the bank could not be told (${p.reason}): the session stays valid on the bank until ${p.until}, when it expires by itself.`,
    (p) => `Выход на этом компьютере выполнен, но банк не удалось известить (${p.reason}): сеанс остаётся действительным в банке до ${p.until}, затем истечёт сам.`,
  ),
  'ui.tokens.session.unprotected': e(
    (p) => `${p.why === 'basic-text' ? 'No system key store was found (Linux without a Secret Service or KWallet)' : 'Encryption by the operating system is not available'}: the bank session token is kept unencrypted in the profile, readable by this user only.`,
    (p) => `${p.why === 'basic-text' ? 'Системное хранилище ключей не найдено (Linux без Secret Service или KWallet)' : 'Шифрование средствами операционной системы недоступно'}: токен сеанса банка хранится в профиле незашифрованным, его может прочитать только этот пользователь.`,
  ),
} satisfies Record<string, Entry>;
