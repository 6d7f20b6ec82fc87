/** Words of the demo setup: the banner, and the demo's refusals (codes demo.*). */
import type { Entry } from '../entry.ts';

export const demoUiMessages = {
  // refusals of the demo channels and of the demo's start
  'demo.off': {
    en: () => 'This is not the demo: the app works with a real bank, so there are no demo tokens, codes or one-time codes.',
    ru: () => 'Это не демо-режим: приложение работает с настоящим банком, демо-токенов и демо-кодов здесь нет.',
  },
  'demo.unknown-person': {
    en: (p) => `The demo bank has no person with the id ${p.id}.`,
    ru: (p) => `В демо-банке нет пользователя с идентификатором ${p.id}.`,
  },
  'demo.not-enrolled': {
    en: (p) => `${p.name} has not enrolled yet: the one-time code appears after the certificate request is sent.`,
    ru: (p) => `${p.name} ещё не подключён(а): одноразовый код появится после отправки запроса на сертификат.`,
  },
  'demo.code-wait': {
    en: (p) => `Both one-time codes the bank takes now were used by ${p.name}'s logins (each code works once); the next one comes in ${p.seconds} s.`,
    ru: (p) => `Оба одноразовых кода, которые банк принимает сейчас, уже использованы для входа (${p.name}; каждый код действует один раз); следующий появится через ${p.seconds} с.`,
  },
  'demo.bank-replaced': {
    en: (p) => `The profile in ${p.dir} trusts a demo bank whose data is gone (its CA differs from the demo bank's now). Start with another --data-dir, or remove that folder to begin the demo afresh.`,
    ru: (p) => `Профиль в ${p.dir} доверяет демо-банку, данных которого больше нет (его УЦ не совпадает с нынешним демо-банком). Запустите приложение с другим --data-dir или удалите эту папку, чтобы начать демо заново.`,
  },

  // the banner
  'ui.demo.label': { en: () => 'Demo mode', ru: () => 'Демо-режим' },
  'ui.demo.title': { en: () => 'Demo bank — not a real bank', ru: () => 'Демо-банк — не настоящий банк' },
  'ui.demo.subtitle': {
    en: () => 'No bank is configured, so the app works with the sandbox bank on this computer. Nothing leaves this machine; no money moves.',
    ru: () => 'Банк не настроен, поэтому приложение работает с учебным банком на этом компьютере. Ничего не уходит с компьютера, деньги не движутся.',
  },
  'ui.demo.show': { en: () => 'Demo tokens, PINs and codes', ru: () => 'Демо-токены, PIN-коды и коды' },
  'ui.demo.refresh': { en: () => 'Refresh', ru: () => 'Обновить' },
  'ui.demo.company': { en: () => 'Demo company', ru: () => 'Демо-организация' },
  'ui.demo.inn': { en: (p) => `INN ${p.value}`, ru: (p) => `ИНН ${p.value}` },
  'ui.demo.bank-url': { en: () => 'Demo bank address', ru: () => 'Адрес демо-банка' },

  'ui.demo.tokens': { en: () => 'Demo tokens (SoftHSM2 in the app\'s data folder)', ru: () => 'Демо-токены (SoftHSM2 в папке данных приложения)' },
  'ui.demo.token': { en: () => 'Token', ru: () => 'Токен' },
  'ui.demo.serial': { en: () => 'Serial number', ru: () => 'Серийный номер' },
  'ui.demo.pin': { en: () => 'PIN', ru: () => 'PIN-код' },
  'ui.demo.so-pin': { en: () => 'SO PIN (to unblock)', ru: () => 'PIN-код администратора (для разблокировки)' },
  'ui.demo.for': { en: () => 'For', ru: () => 'Для кого' },
  'ui.demo.no-tokens.module-configured': {
    en: () => 'A token module is configured (PKCS11_MODULE), so no demo tokens were made: use your own token.',
    ru: () => 'Задан модуль токена (PKCS11_MODULE), поэтому демо-токены не созданы: используйте свой токен.',
  },
  'ui.demo.no-tokens.softhsm-configured': {
    en: () => 'A SoftHSM2 configuration is set (SOFTHSM2_CONF), so no demo tokens were made: use its tokens.',
    ru: () => 'Задана конфигурация SoftHSM2 (SOFTHSM2_CONF), поэтому демо-токены не созданы: используйте её токены.',
  },
  'ui.demo.no-tokens.softhsm-missing': {
    en: () => 'SoftHSM2 is not installed, so there are no demo tokens. Install it (Debian/Ubuntu: apt install softhsm2) and restart, or use a real token.',
    ru: () => 'SoftHSM2 не установлен, поэтому демо-токенов нет. Установите его (Debian/Ubuntu: apt install softhsm2) и перезапустите приложение или используйте настоящий токен.',
  },
  'ui.demo.no-tokens.softhsm-failed': {
    en: () => 'SoftHSM2 could not make the demo tokens; the app\'s console says why.',
    ru: () => 'SoftHSM2 не смог создать демо-токены; причина — в консоли приложения.',
  },

  'ui.demo.people': { en: () => 'People of the demo company', ru: () => 'Сотрудники демо-организации' },
  'ui.demo.name': { en: () => 'Name', ru: () => 'ФИО' },
  'ui.demo.role': { en: () => 'Role', ru: () => 'Роль' },
  'ui.demo.enrolment-code': { en: () => 'Enrolment code', ru: () => 'Код подключения' },
  'ui.demo.totp': { en: () => 'One-time code now', ru: () => 'Одноразовый код сейчас' },
  'ui.demo.totp-valid': { en: (p) => `valid ${p.seconds} s more`, ru: (p) => `действует ещё ${p.seconds} с` },
  'ui.demo.no-token': { en: () => 'no demo token', ru: () => 'нет демо-токена' },
  'ui.demo.enrolment.unused': { en: () => 'not enrolled', ru: () => 'не подключён' },
  'ui.demo.enrolment.pending': { en: () => 'request awaits the bank', ru: () => 'запрос ждёт банк' },
  'ui.demo.enrolment.approved': { en: () => 'certificate issued', ru: () => 'сертификат выпущен' },
  'ui.demo.enrolment.rejected': { en: () => 'request rejected', ru: () => 'запрос отклонён' },
  'ui.demo.role.prepares': { en: () => 'Accountant (prepares documents)', ru: () => 'Бухгалтер (готовит документы)' },
  'ui.demo.role.first-signature': { en: () => 'Director (first signature)', ru: () => 'Директор (первая подпись)' },
  'ui.demo.role.second-signature': { en: () => 'Chief accountant (second signature)', ru: () => 'Главный бухгалтер (вторая подпись)' },
  'ui.demo.role.single-signature': { en: () => 'Single signature', ru: () => 'Единственная подпись' },
  'ui.demo.totp-note': {
    en: () => 'Demo only: a real bank never shows one-time codes. Normally they come from the authenticator app you set up at enrolment.',
    ru: () => 'Только в демо: настоящий банк никогда не показывает одноразовые коды. Обычно их даёт приложение-аутентификатор, настроенное при подключении.',
  },

  'ui.demo.steps': { en: () => 'How to walk through', ru: () => 'Как пройти сценарий' },
  'ui.demo.step.enrol': {
    en: () => 'Certificates: make a key on the director\'s demo token (its PIN is above) and send the request with the director\'s enrolment code.',
    ru: () => 'Сертификаты: создайте ключ на демо-токене директора (PIN-код выше) и отправьте запрос с кодом подключения директора.',
  },
  'ui.demo.step.approve': {
    en: () => 'The demo bank approves every request at once (a real bank\'s officer checks the printed key act first); fetch and install the certificate.',
    ru: () => 'Демо-банк одобряет запросы сразу (в настоящем банке сотрудник сначала проверяет распечатанный акт признания ключа); получите и установите сертификат.',
  },
  'ui.demo.step.login': {
    en: () => 'Log in with the token and the one-time code shown here.',
    ru: () => 'Войдите с токеном и одноразовым кодом, показанным здесь.',
  },
  'ui.demo.step.work': {
    en: () => 'Import or type payment orders, sign them as the director, then enrol the chief accountant on the other token and add the second signature.',
    ru: () => 'Импортируйте или создайте платёжные поручения, подпишите их как директор, затем подключите главного бухгалтера на втором токене и поставьте вторую подпись.',
  },
} satisfies Record<string, Entry>;
