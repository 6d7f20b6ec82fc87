/**
 * Words of the background exchange (issue 13, "Statuses arrive by themselves"): the status bar's
 * next exchange, the session's end announced and the login it asks for, and the notice of a
 * document whose status the bank changed (in the app and as the desktop's system notification).
 */
import type { Entry, Params } from '../entry.ts';

/** A participle agreeing with the kind's gender in Russian: [masculine, feminine, neuter]. */
const RU_STATUS: Record<string, [string, string, string]> = {
  sent: ['отправлен', 'отправлена', 'отправлено'],
  delivered: ['доставлен', 'доставлена', 'доставлено'],
  accepted: ['принят', 'принята', 'принято'],
  executed: ['исполнен', 'исполнена', 'исполнено'],
  rejected: ['отклонён', 'отклонена', 'отклонено'],
  recalled: ['отозван', 'отозвана', 'отозвано'],
};
const GENDER: Record<string, number> = { m: 0, f: 1, n: 2 };
const ruStatus = (p: Params): string => RU_STATUS[String(p.status)]?.[GENDER[String(p.gender)] ?? 2] ?? String(p.status);

export const backgroundSyncUiMessages = {
  'ui.sync.next-exchange': { en: (p) => `Next exchange at ${p.time}`, ru: (p) => `Следующий обмен в ${p.time}` },
  'ui.sync.next-exchange-in': { en: (p) => `(in ${p.seconds} s)`, ru: (p) => `(через ${p.seconds} с)` },
  'ui.sync.paused': { en: () => 'Background exchange is off until you log in', ru: () => 'Фоновый обмен выключен до входа в банк' },
  'ui.sync.login-needed': {
    en: () => 'You are not logged in to the bank, or the session has ended. Log in with your token to exchange; nothing was lost.',
    ru: () => 'Вход в банк не выполнен или сессия завершилась. Войдите с токеном, чтобы выполнить обмен; ничего не потеряно.',
  },
  'ui.session.expiring': {
    en: (p) => `Your bank session ends at ${p.time}. Log in again to keep exchanging with the bank.`,
    ru: (p) => `Сессия в банке завершится в ${p.time}. Войдите снова, чтобы обмен с банком не прервался.`,
  },
  'ui.session.expired.title': { en: () => 'The bank session has ended', ru: () => 'Сессия в банке завершилась' },
  'ui.session.expired.text': {
    en: () => 'For your safety the bank ends a session after a while. Log in with your token and one-time code; documents waiting to be sent are kept and go at the next exchange.',
    ru: () => 'В целях безопасности банк завершает сессию через некоторое время. Войдите с токеном и одноразовым кодом; документы, ждущие отправки, сохранены и уйдут при следующем обмене.',
  },
  'ui.session.login-again': { en: () => 'Log in again', ru: () => 'Войти снова' },
  'ui.session.later': { en: () => 'Later', ru: () => 'Позже' },
  'ui.login.no-certificate': {
    en: () => 'There is no certificate on the tokens present yet. Make a key and request a certificate in Certificates.',
    ru: () => 'На подключённых токенах ещё нет сертификата. Создайте ключ и запросите сертификат в разделе «Сертификаты».',
  },
  'ui.login.to-certificates': { en: () => 'Go to Certificates', ru: () => 'Перейти в «Сертификаты»' },
  'ui.notice.title': { en: () => 'Bank Client', ru: () => 'Банк-Клиент' },
  'ui.notice.label': { en: () => 'News from the bank', ru: () => 'Новости из банка' },
  'ui.notice.status-word': {
    en: (p) => String(p.status),
    ru: ruStatus,
  },
  'ui.notice.status': {
    en: (p) => `${p.kind}${p.number ? ` No. ${p.number}` : ''}${p.amount ? ` for ${p.amount}` : ''} ${p.word}${p.reason ? `: ${p.reason}` : ''}`,
    ru: (p) => `${p.kind}${p.number ? ` № ${p.number}` : ''}${p.amount ? ` на ${p.amount}` : ''} ${p.word}${p.reason ? `: ${p.reason}` : ''}`,
  },
  'ui.notice.many': {
    en: (p) => `The bank changed the status of ${p.count} documents`,
    ru: (p) => `Банк изменил статус документов: ${p.count}`,
  },
  'ui.notice.dismiss': { en: () => 'Dismiss', ru: () => 'Скрыть' },
} satisfies Record<string, Entry>;
