/** Words of the certificates screens (security officer) and of the settings. */
import type { Entry } from '../entry.ts';
import { keyAlgorithmList, keyAlgorithmWords } from '../key-algorithm.ts';
import { ruPlural } from '../plural.ts';

const days = {
  en: (n: number) => (n === 1 ? '1 day' : `${n} days`),
  ru: (n: number) => `${n} ${ruPlural(n, 'день', 'дня', 'дней')}`,
};

export const certificatesUiMessages = {
  // the list
  'ui.certificates.title': { en: () => 'Certificates', ru: () => 'Сертификаты' },
  'ui.certificates.enrol': { en: () => 'Enrol a certificate', ru: () => 'Выпустить сертификат' },
  'ui.certificates.pin-link': { en: () => 'Change or unblock a PIN', ru: () => 'Сменить или разблокировать PIN-код' },
  'ui.certificates.refresh': { en: () => 'Refresh', ru: () => 'Обновить' },
  'ui.certificates.no-tokens': { en: () => 'No token found. Insert a token and press Refresh.', ru: () => 'Токен не найден. Вставьте токен и нажмите «Обновить».' },
  'ui.certificates.token': { en: (p) => `Token ${p.label} (serial ${p.serial})`, ru: (p) => `Токен ${p.label} (серийный номер ${p.serial})` },
  'ui.certificates.none-on-token': { en: () => 'There are no certificates on this token.', ru: () => 'На этом токене нет сертификатов.' },
  'ui.certificates.table': { en: (p) => `Certificates on ${p.label}`, ru: (p) => `Сертификаты на токене ${p.label}` },
  'ui.certificates.col.subject': { en: () => 'Owner', ru: () => 'Владелец' },
  'ui.certificates.col.issuer': { en: () => 'Issuer', ru: () => 'Издатель' },
  'ui.certificates.col.serial': { en: () => 'Serial number', ru: () => 'Серийный номер' },
  'ui.certificates.col.validity': { en: () => 'Valid', ru: () => 'Срок действия' },
  'ui.certificates.col.key': { en: () => 'Key', ru: () => 'Ключ' },
  'ui.certificates.col.state': { en: () => 'State', ru: () => 'Состояние' },
  'ui.certificates.col.actions': { en: () => 'Actions', ru: () => 'Действия' },
  'ui.certificates.validity': { en: (p) => `${p.from} – ${p.to}`, ru: (p) => `${p.from} – ${p.to}` },
  'ui.certificates.state.in-use': { en: () => 'In use (logged in)', ru: () => 'Используется (выполнен вход)' },
  'ui.certificates.state.current': { en: () => 'Signs now', ru: () => 'Действующий' },
  'ui.certificates.state.authority': { en: () => 'Bank CA', ru: () => 'УЦ банка' },
  'ui.certificates.key.none': { en: () => 'No key (the bank CA’s certificate, to check the bank’s signatures)', ru: () => 'Без ключа (сертификат УЦ банка для проверки его подписей)' },
  'ui.certificates.state.expired': { en: (p) => `Expired on ${p.date}`, ru: (p) => `Истёк ${p.date}` },
  'ui.certificates.state.not-yet': { en: (p) => `Valid from ${p.date}`, ru: (p) => `Действует с ${p.date}` },
  'ui.certificates.state.expires-soon': {
    en: (p) => `Expires in ${days.en(Number(p.days))}: renew it`,
    ru: (p) => `Истекает через ${days.ru(Number(p.days))}: продлите его`,
  },
  'ui.certificates.state.valid': { en: (p) => `Valid, ${days.en(Number(p.days))} left`, ru: (p) => `Действует, осталось ${days.ru(Number(p.days))}` },
  'ui.certificates.warning.summary': {
    en: (p) => `Certificates that need attention: ${p.count}.`,
    ru: (p) => `Сертификаты, требующие внимания: ${p.count}.`,
  },
  'ui.certificates.renew': { en: () => 'Renew', ru: () => 'Продлить' },
  'ui.certificates.renew.title': { en: () => 'Renew the certificate', ru: () => 'Продление сертификата' },
  'ui.certificates.renew.intro': {
    en: () => 'A new key is made on the token; its request is signed with the current key, and the bank issues the new certificate for the same owner at once:',
    ru: () => 'На токене будет создан новый ключ; запрос подписывается текущим ключом, и банк сразу выпускает новый сертификат на того же владельца:',
  },
  'ui.certificates.renew.submit': { en: () => 'Make the key and renew', ru: () => 'Создать ключ и продлить' },
  'ui.certificates.renew.done': {
    en: (p) => `Renewed: certificate ${p.serial}, valid until ${p.date}, is installed on the token.`,
    ru: (p) => `Сертификат продлён: сертификат ${p.serial} действует до ${p.date} и установлен на токен.`,
  },
  'ui.certificates.pending-notice': {
    en: () => 'An enrolment is waiting for the bank\'s approval.',
    ru: () => 'Запрос на сертификат ожидает одобрения банка.',
  },
  'ui.certificates.pending-continue': { en: () => 'Continue the enrolment', ru: () => 'Продолжить выпуск' },

  // common fields
  'ui.certificates.field.token': { en: () => 'Token', ru: () => 'Токен' },
  'ui.certificates.token-option': { en: (p) => `${p.label} (${p.serial})`, ru: (p) => `${p.label} (${p.serial})` },
  'ui.certificates.field.pin': { en: () => 'PIN', ru: () => 'PIN-код' },
  'ui.certificates.field.algorithm': { en: () => 'Key algorithm', ru: () => 'Алгоритм ключа' },
  'ui.certificates.algorithm.none': {
    en: () => 'This token cannot make keys of any algorithm the app offers (RSA-2048, ECDSA P-256, GOST R 34.10-2012). Choose another token.',
    ru: () => 'Этот токен не умеет создавать ключи ни одного из алгоритмов приложения (RSA-2048, ECDSA P-256, ГОСТ Р 34.10-2012). Выберите другой токен.',
  },
  'ui.certificates.field.key-label': { en: () => 'Name of the new key', ru: () => 'Имя нового ключа' },
  'ui.certificates.field.company': { en: () => 'Company name', ru: () => 'Наименование организации' },
  'ui.certificates.field.inn': { en: () => 'INN of the company', ru: () => 'ИНН организации' },
  'ui.certificates.field.name': { en: () => 'Full name of the key owner', ru: () => 'ФИО владельца ключа' },
  'ui.certificates.field.position': { en: () => 'Position', ru: () => 'Должность' },
  'ui.certificates.field.code': { en: () => 'Enrolment code', ru: () => 'Код подключения' },
  'ui.certificates.pin-state': {
    en: (p) =>
      p.state === 'locked' ? 'The PIN is locked.' : p.state === 'final-try' ? 'One try left before the PIN locks.' : p.state === 'count-low' ? 'Few tries left before the PIN locks.' : 'PIN tries: no wrong tries reported.',
    ru: (p) =>
      p.state === 'locked'
        ? 'PIN-код заблокирован.'
        : p.state === 'final-try'
          ? 'Осталась одна попытка до блокировки PIN-кода.'
          : p.state === 'count-low'
            ? 'Осталось мало попыток до блокировки PIN-кода.'
            : 'Попытки ввода PIN-кода: неверных не было.',
  },
  'ui.certificates.so-pin-state': {
    en: (p) => (p.state === 'locked' ? 'The SO PIN is locked.' : p.state === 'final-try' ? 'One try left before the SO PIN locks.' : p.state === 'count-low' ? 'Few tries left before the SO PIN locks.' : 'SO PIN tries: no wrong tries reported.'),
    ru: (p) =>
      p.state === 'locked'
        ? 'PIN-код администратора заблокирован.'
        : p.state === 'final-try'
          ? 'Осталась одна попытка до блокировки PIN-кода администратора.'
          : p.state === 'count-low'
            ? 'Осталось мало попыток до блокировки PIN-кода администратора.'
            : 'Попытки ввода PIN-кода администратора: неверных не было.',
  },
  'ui.certificates.required': { en: () => 'Fill this in.', ru: () => 'Заполните поле.' },
  'ui.certificates.inn-invalid': {
    en: () => 'A company\'s INN has 10 digits and a valid check digit.',
    ru: () => 'ИНН организации — 10 цифр с верным контрольным числом.',
  },

  // the wizard
  'ui.certificates.wizard.title': { en: () => 'Enrol a certificate', ru: () => 'Выпуск сертификата' },
  'ui.certificates.wizard.steps': { en: () => 'Steps', ru: () => 'Шаги' },
  'ui.certificates.wizard.step-of': { en: (p) => `Step ${p.n} of ${p.total}`, ru: (p) => `Шаг ${p.n} из ${p.total}` },
  'ui.certificates.step.token': { en: () => 'Token and key', ru: () => 'Токен и ключ' },
  'ui.certificates.step.subject': { en: () => 'Owner', ru: () => 'Владелец' },
  'ui.certificates.step.generate': { en: () => 'Key and request', ru: () => 'Ключ и запрос' },
  'ui.certificates.step.act': { en: () => 'Key act', ru: () => 'Акт признания ключа' },
  'ui.certificates.step.submit': { en: () => 'Send', ru: () => 'Отправка' },
  'ui.certificates.step.approval': { en: () => 'Bank\'s approval', ru: () => 'Одобрение банком' },
  'ui.certificates.step.install': { en: () => 'Install', ru: () => 'Установка' },
  'ui.certificates.wizard.next': { en: () => 'Next', ru: () => 'Далее' },
  'ui.certificates.wizard.back': { en: () => 'Back', ru: () => 'Назад' },
  'ui.certificates.wizard.to-list': { en: () => 'Back to certificates', ru: () => 'К списку сертификатов' },
  'ui.certificates.wizard.pin-note': {
    en: () => 'The PIN is used to make the key and is forgotten right after.',
    ru: () => 'PIN-код нужен для создания ключа и сразу забывается.',
  },
  // the holder of the enrolment code, as the bank names them (issue 13, defect 17)
  'ui.certificates.holder.intro': {
    en: () => 'Type the one-time enrolment code the bank gave with the contract: the bank tells whose it is, and the request is made in that person\'s name. Asking does not use the code up.',
    ru: () => 'Введите одноразовый код подключения, выданный банком с договором: банк сообщит, чей это код, и запрос будет сделан на имя этого человека. Проверка не расходует код.',
  },
  'ui.certificates.holder.ask': { en: () => 'Ask the bank whose code it is', ru: () => 'Узнать в банке владельца кода' },
  'ui.certificates.holder.title': { en: () => 'The key owner according to the bank', ru: () => 'Владелец ключа по данным банка' },
  'ui.certificates.holder.role': { en: () => 'Right in the bank', ru: () => 'Право в банке' },
  'ui.certificates.holder.role.prepares': { en: () => 'prepares documents', ru: () => 'подготовка документов' },
  'ui.certificates.holder.role.first-signature': { en: () => 'first signature', ru: () => 'первая подпись' },
  'ui.certificates.holder.role.second-signature': { en: () => 'second signature', ru: () => 'вторая подпись' },
  'ui.certificates.holder.role.single-signature': { en: () => 'sole signature', ru: () => 'единственная подпись' },
  'ui.certificates.holder.note': {
    en: () => 'These are the bank\'s records: the certificate will name this person. If anything is wrong, ask the bank to correct it before going on.',
    ru: () => 'Это данные банка: сертификат будет выдан на этого человека. Если что-то неверно, попросите банк исправить данные, прежде чем продолжать.',
  },
  'ui.certificates.wizard.summary': { en: () => 'What will be made', ru: () => 'Что будет создано' },
  'ui.certificates.wizard.generate': { en: () => 'Make the key on the token and the request', ru: () => 'Создать ключ на токене и запрос' },
  'ui.certificates.wizard.generating': { en: () => 'Making the key on the token…', ru: () => 'Создаётся ключ на токене…' },
  'ui.certificates.wizard.made': {
    en: (p) => `The key ${p.label} (${p.algorithm}) is on the token and the request is ready.`,
    ru: (p) => `Ключ ${p.label} (${p.algorithm}) создан на токене, запрос готов.`,
  },
  'ui.certificates.wizard.fingerprint': { en: () => 'Public key fingerprint (SHA-256)', ru: () => 'Отпечаток открытого ключа (SHA-256)' },
  'ui.certificates.wizard.act-intro': {
    en: () => 'Print the key-recognition act, have it signed by the key owner and the head of the company, and hand it to the bank.',
    ru: () => 'Распечатайте акт признания ключа, подпишите его у владельца ключа и руководителя и передайте в банк.',
  },
  'ui.certificates.wizard.act-download': { en: () => 'Download the act (PDF)', ru: () => 'Скачать акт (PDF)' },
  'ui.certificates.wizard.act-open': { en: () => 'Open the act to print', ru: () => 'Открыть акт для печати' },
  'ui.certificates.wizard.code-intro': {
    en: () => 'The request is sent with the one-time enrolment code the bank gave with the contract (the one typed at the «Owner» step). It is sent to the bank only and is not kept.',
    ru: () => 'Запрос отправляется с одноразовым кодом подключения, выданным банком с договором (введённым на шаге «Владелец»). Код отправляется только в банк и не сохраняется.',
  },
  'ui.certificates.wizard.submit': { en: () => 'Send the request to the bank', ru: () => 'Отправить запрос в банк' },
  'ui.certificates.wizard.totp-title': { en: () => 'Your one-time code secret', ru: () => 'Секрет для одноразовых кодов' },
  'ui.certificates.wizard.totp-warning': {
    en: () => 'The bank shows this secret only once. Add it to an authenticator app now (or keep it in a safe place): you need its codes to log in. The app does not keep it.',
    ru: () => 'Банк показывает этот секрет только один раз. Добавьте его в приложение-аутентификатор сейчас (или сохраните в надёжном месте): его коды нужны для входа. Приложение его не сохраняет.',
  },
  'ui.certificates.wizard.totp-secret': { en: () => 'Secret', ru: () => 'Секрет' },
  'ui.certificates.wizard.totp-uri': { en: () => 'Link for the authenticator', ru: () => 'Ссылка для аутентификатора' },
  'ui.certificates.wizard.totp-stored': { en: () => 'I have stored the secret', ru: () => 'Я сохранил секрет' },
  'ui.certificates.wizard.waiting': {
    en: (p) => `The request ${p.id} is waiting for the bank's approval. You may leave this page and come back later: the wizard continues here.`,
    ru: (p) => `Запрос ${p.id} ожидает одобрения банка. Можно уйти со страницы и вернуться позже: мастер продолжит отсюда.`,
  },
  'ui.certificates.wizard.check': { en: () => 'Check now', ru: () => 'Проверить сейчас' },
  'ui.certificates.wizard.status': {
    en: (p) => (p.status === 'approved' ? 'Approved by the bank.' : p.status === 'rejected' ? 'Rejected by the bank.' : 'Still waiting for the bank.'),
    ru: (p) => (p.status === 'approved' ? 'Одобрено банком.' : p.status === 'rejected' ? 'Отклонено банком.' : 'Банк ещё не принял решение.'),
  },
  'ui.certificates.wizard.rejected': { en: () => 'The bank rejected the request:', ru: () => 'Банк отклонил запрос:' },
  'ui.certificates.wizard.install-intro': {
    en: () => 'The bank approved the request. Enter the PIN to install the certificate and the bank\'s chain on the token.',
    ru: () => 'Банк одобрил запрос. Введите PIN-код, чтобы установить сертификат и цепочку банка на токен.',
  },
  'ui.certificates.wizard.install': { en: () => 'Install the certificate', ru: () => 'Установить сертификат' },
  'ui.certificates.wizard.installed': {
    en: (p) => `Installed: certificate ${p.serial}, valid until ${p.date}.`,
    ru: (p) => `Установлено: сертификат ${p.serial}, действует до ${p.date}.`,
  },
  'ui.certificates.wizard.start-over': { en: () => 'Start a new enrolment', ru: () => 'Начать новый выпуск' },

  // PINs
  'ui.certificates.pin.title': { en: () => 'PIN change and unblock', ru: () => 'Смена и разблокировка PIN-кода' },
  'ui.certificates.pin.change': { en: () => 'Change the PIN', ru: () => 'Сменить PIN-код' },
  'ui.certificates.pin.unblock': { en: () => 'Unblock the PIN with the SO PIN', ru: () => 'Разблокировать PIN-код PIN-кодом администратора' },
  'ui.certificates.pin.old': { en: () => 'Current PIN', ru: () => 'Текущий PIN-код' },
  'ui.certificates.pin.so': { en: () => 'SO PIN', ru: () => 'PIN-код администратора' },
  'ui.certificates.pin.new': { en: () => 'New PIN', ru: () => 'Новый PIN-код' },
  'ui.certificates.pin.confirm': { en: () => 'New PIN again', ru: () => 'Новый PIN-код ещё раз' },
  'ui.certificates.pin.policy': { en: (p) => `From ${p.min} to ${p.max} characters.`, ru: (p) => `От ${p.min} до ${p.max} символов.` },
  'ui.certificates.pin.changed': { en: () => 'The PIN is changed.', ru: () => 'PIN-код изменён.' },
  'ui.certificates.pin.unblocked': { en: () => 'The PIN is set anew and unblocked.', ru: () => 'PIN-код задан заново и разблокирован.' },
  'ui.certificates.pin.unblock-intro': {
    en: () => 'For a locked or forgotten PIN: the security officer sets a new one with the SO PIN. The keys stay on the token.',
    ru: () => 'Для заблокированного или забытого PIN-кода: офицер безопасности задаёт новый PIN-кодом администратора. Ключи остаются на токене.',
  },

  // errors of this area
  'ui.certificates.error.request-unknown': {
    en: () => 'This request is no longer known to the app (was it restarted?). Make the key and the request again.',
    ru: () => 'Приложение больше не знает этот запрос (оно перезапускалось?). Создайте ключ и запрос заново.',
  },
  'ui.certificates.error.algorithm-not-offered': {
    en: (p) => `Token ${p.token} cannot make ${keyAlgorithmWords('en', String(p.algorithm))} keys: it does not offer this algorithm. It can make: ${keyAlgorithmList('en', String(p.offered ?? '').split(',').filter(Boolean))}.`,
    ru: (p) => `Токен ${p.token} не умеет создавать ключи ${keyAlgorithmWords('ru', String(p.algorithm))}: он не поддерживает этот алгоритм. Доступны: ${keyAlgorithmList('ru', String(p.offered ?? '').split(',').filter(Boolean))}.`,
  },
  'ui.certificates.error.pin-length': {
    en: (p) => `The new PIN must have from ${p.min} to ${p.max} characters for this token.`,
    ru: (p) => `Новый PIN-код для этого токена должен содержать от ${p.min} до ${p.max} символов.`,
  },

  // settings
  'ui.settings.title': { en: () => 'Settings', ru: () => 'Настройки' },
  'ui.settings.modules': { en: () => 'PKCS#11 modules (token drivers)', ru: () => 'Модули PKCS#11 (драйверы токенов)' },
  'ui.settings.modules.in-use': { en: () => 'In use:', ru: () => 'Используется:' },
  'ui.settings.modules.none-in-use': { en: () => 'No module could be loaded:', ru: () => 'Не удалось загрузить ни один модуль:' },
  'ui.settings.modules.choice': { en: () => 'Module to use', ru: () => 'Какой модуль использовать' },
  'ui.settings.modules.auto': { en: () => 'The first one found (automatic)', ru: () => 'Первый найденный (автоматически)' },
  'ui.settings.modules.present': { en: () => 'installed', ru: () => 'установлен' },
  'ui.settings.modules.absent': { en: () => 'not installed', ru: () => 'не установлен' },
  'ui.settings.modules.added': { en: () => 'added by you', ru: () => 'добавлен вами' },
  'ui.settings.modules.remove': { en: (p) => `Remove ${p.path}`, ru: (p) => `Удалить ${p.path}` },
  'ui.settings.modules.path': { en: () => 'Path to a PKCS#11 module', ru: () => 'Путь к модулю PKCS#11' },
  'ui.settings.modules.add': { en: () => 'Add the module', ru: () => 'Добавить модуль' },
  'ui.settings.modules.use': { en: () => 'Use the chosen module', ru: () => 'Использовать выбранный модуль' },
  'ui.settings.modules.saved': { en: () => 'The module is saved in this profile.', ru: () => 'Модуль сохранён в профиле.' },
  'ui.settings.bank': { en: () => 'Bank', ru: () => 'Банк' },
  'ui.settings.bank.url': { en: () => 'Address of the bank\'s API', ru: () => 'Адрес API банка' },
  'ui.settings.bank.hint': {
    en: () => 'https://…; plain http:// only for a bank on this computer.',
    ru: () => 'https://…; обычный http:// — только для банка на этом компьютере.',
  },
  'ui.settings.bank.pinned': {
    en: () => 'This profile already trusts this bank\'s CA, so its address cannot be switched.',
    ru: () => 'Этот профиль уже доверяет УЦ этого банка, поэтому адрес банка сменить нельзя.',
  },
  'ui.settings.bank.saved': { en: () => 'The bank\'s address is saved.', ru: () => 'Адрес банка сохранён.' },
  'ui.settings.appearance': { en: () => 'Language and appearance', ru: () => 'Язык и оформление' },
  'ui.settings.language': { en: () => 'Interface language', ru: () => 'Язык интерфейса' },
  'ui.settings.theme': { en: () => 'Theme', ru: () => 'Тема' },
  'ui.settings.theme.system': { en: () => 'As in the system', ru: () => 'Как в системе' },
  'ui.settings.theme.light': { en: () => 'Light', ru: () => 'Светлая' },
  'ui.settings.theme.dark': { en: () => 'Dark', ru: () => 'Тёмная' },
  'ui.settings.error.not-a-library': {
    en: (p) => `${p.path} is not a PKCS#11 module: it is not a shared library (.so, .dll, .dylib).`,
    ru: (p) => `${p.path} — не модуль PKCS#11: это не разделяемая библиотека (.so, .dll, .dylib).`,
  },
  'ui.settings.error.module-not-installed': {
    en: (p) => `${p.path} was not loaded: a module added here must be installed as token drivers are (owned by the system administrator, in a folder only they can change; on Windows under Program Files). To use a module of your own build, start the app with --module or PKCS11_MODULE.`,
    ru: (p) => `${p.path} не загружен: модуль, добавляемый здесь, должен быть установлен как драйвер токена (принадлежать администратору системы и лежать в папке, которую может менять только он; в Windows — в Program Files). Модуль собственной сборки укажите при запуске: --module или PKCS11_MODULE.`,
  },
  'ui.settings.error.not-pkcs11': {
    en: (p) => `${p.path} is not a working PKCS#11 module: ${p.reason}`,
    ru: (p) => `${p.path} — не рабочий модуль PKCS#11: ${p.reason}`,
  },
  'ui.settings.error.bank-pinned': {
    en: (p) => `This profile already trusts the CA of the bank at ${p.current}, so it cannot be switched to ${p.url}. Use another profile for another bank.`,
    ru: (p) => `Этот профиль уже доверяет УЦ банка ${p.current}, поэтому переключить его на ${p.url} нельзя. Для другого банка используйте другой профиль.`,
  },
  // issue 13 (certificates, settings, authenticator): the QR setup, readable certificates, settings that cannot change
  'ui.certificates.totp.scan': {
    en: (p) => `Scan this QR code with an authenticator app (Google Authenticator, Yandex Key, FreeOTP…): it adds «${p.issuer}». Or type the secret in it.`,
    ru: (p) => `Отсканируйте QR-код приложением-аутентификатором (Google Authenticator, Яндекс Ключ, FreeOTP…): оно добавит «${p.issuer}». Или введите в нём секрет вручную.`,
  },
  'ui.certificates.totp.qr': { en: (p) => `QR code for the authenticator: ${p.issuer}`, ru: (p) => `QR-код для аутентификатора: ${p.issuer}` },
  'ui.certificates.totp.copy': { en: () => 'Copy the secret', ru: () => 'Скопировать секрет' },
  'ui.certificates.totp.copied': { en: () => 'The secret is copied.', ru: () => 'Секрет скопирован.' },
  'ui.certificates.totp.copy-failed': { en: () => 'Could not copy: select the secret and copy it by hand.', ru: () => 'Не удалось скопировать: выделите секрет и скопируйте его вручную.' },
  'ui.certificates.renew-early': { en: () => 'Renew now', ru: () => 'Перевыпустить досрочно' },
  'ui.certificates.no-actions': { en: () => 'none', ru: () => 'нет' },
  'ui.certificates.token-full': {
    en: (p) => `${p.label} — ${p.model}, serial ${p.serial}`,
    ru: (p) => `${p.label} — ${p.model}, серийный номер ${p.serial}`,
  },
  'ui.certificates.revoke': { en: () => 'Revoke', ru: () => 'Отозвать' },
  'ui.certificates.revoke.title': { en: () => 'Request to revoke a certificate', ru: () => 'Запрос на отзыв сертификата' },
  'ui.certificates.revoke.intro': {
    en: (p) => `The bank will revoke the certificate with serial number ${p.serial}: documents can no longer be signed with it. This cannot be undone.`,
    ru: (p) => `Банк отзовёт сертификат с серийным номером ${p.serial}: подписывать им документы будет нельзя. Отменить отзыв невозможно.`,
  },
  'ui.certificates.revoke.reason': { en: () => 'Reason', ru: () => 'Причина' },
  'ui.certificates.revoke.reason.key-compromise': { en: () => 'The key is compromised (token lost or PIN known to others)', ru: () => 'Компрометация ключа (токен утерян или PIN-код известен другим)' },
  'ui.certificates.revoke.reason.superseded': { en: () => 'Replaced by a new certificate', ru: () => 'Заменён новым сертификатом' },
  'ui.certificates.revoke.reason.cessation-of-operation': { en: () => 'No longer needed (the owner left or changed position)', ru: () => 'Больше не нужен (владелец уволился или сменил должность)' },
  'ui.certificates.revoke.submit': { en: () => 'Send the request to revoke', ru: () => 'Отправить запрос на отзыв' },
  'ui.certificates.revoke.done': { en: (p) => `The bank has revoked certificate ${p.serial}.`, ru: (p) => `Банк отозвал сертификат ${p.serial}.` },
  'ui.settings.modules.none-found': { en: () => 'No token driver is installed on this computer.', ru: () => 'На этом компьютере не установлен ни один драйвер токенов.' },
  'ui.settings.modules.show-all': {
    en: (p) => `Show all known drivers (${p.count} not installed)`,
    ru: (p) => `Показать все известные драйверы (не установлено: ${p.count})`,
  },
  'ui.settings.modules.show-found': { en: () => 'Show only the installed drivers', ru: () => 'Показать только установленные драйверы' },
} satisfies Record<string, Entry>;
