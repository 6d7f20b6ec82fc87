/** Words of the token bar, the PIN dialog, login and logout; and the refusals of their services (import and signing: import.ts, signing.ts). */
import type { Entry } from '../entry.ts';

const e = (en: Entry['en'], ru: Entry['ru']): Entry => ({ en, ru });

export const tokensUiMessages = {
  // token bar
  'ui.tokens.bar.label': e(() => 'Token and session', () => 'Токен и сеанс'),
  'ui.tokens.bar.present': e(() => 'Tokens present', () => 'Подключённые токены'),
  'ui.tokens.bar.none': e(() => 'No token connected', () => 'Токен не подключён'),
  'ui.tokens.bar.in-use': e(() => 'Key in use', () => 'Ключ'),
  'ui.tokens.bar.valid-until': e((p) => `certificate valid until ${p.date}`, (p) => `сертификат действует до ${p.date}`),
  'ui.tokens.bar.expires-soon': e((p) => `certificate expires on ${p.date} (in ${p.days} days): renew it`, (p) => `сертификат истекает ${p.date} (через ${p.days} дн.): продлите его`),
  'ui.tokens.bar.key-algorithm': e((p) => `key: ${p.algorithm}`, (p) => `ключ: ${p.algorithm}`),
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
  'ui.tokens.pin.state-locked': e((p) => `The PIN of token ${p.token} is locked. The security officer can unblock it with the SO PIN.`, (p) => `PIN-код токена ${p.token} заблокирован. Офицер безопасности может разблокировать его PIN-кодом администратора.`),
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
