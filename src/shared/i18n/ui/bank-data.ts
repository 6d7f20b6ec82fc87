/** Words of the bank-data screens: dashboard, contract, messages, statements; and the refusals of their services. */
import type { Entry, Params } from '../entry.ts';

const mb = (bytes: string | number | undefined): string => `${(Number(bytes) / (1024 * 1024)).toFixed(1)}`;
const plural = (n: number, one: string, few: string, many: string): string => {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
};
const metalRu: Record<string, string> = { XAU: 'золото', XAG: 'серебро', XPT: 'платина', XPD: 'палладий' };
const metalEn: Record<string, string> = { XAU: 'gold', XAG: 'silver', XPT: 'platinum', XPD: 'palladium' };

export const bankDataUiMessages = {
  // dashboard
  'ui.bank-data.dashboard.title': { en: () => 'Overview', ru: () => 'Обзор' },
  'ui.bank-data.dashboard.empty': {
    en: () => 'Nothing from the bank yet. After you log in with your token, accounts, contracts and messages arrive by themselves with the background exchange, within a minute.',
    ru: () => 'Данных из банка пока нет. После входа с ключом счета, договоры и письма придут сами с фоновым обменом — в течение минуты.',
  },
  'ui.bank-data.dashboard.as-of': { en: (p) => `As of the exchange at ${p.when}`, ru: (p) => `По данным обмена ${p.when}` },
  'ui.bank-data.dashboard.unread': {
    en: (p) => `${p.count} unread ${Number(p.count) === 1 ? 'message' : 'messages'} from the bank`,
    ru: (p) => `${p.count} ${plural(Number(p.count), 'непрочитанное письмо', 'непрочитанных письма', 'непрочитанных писем')} из банка`,
  },
  'ui.bank-data.accounts.title': { en: () => 'Accounts', ru: () => 'Счета' },
  'ui.bank-data.accounts.metal-title': { en: () => 'Metal accounts', ru: () => 'Металлические счета' },
  'ui.bank-data.accounts.none': { en: () => 'The bank lists no accounts.', ru: () => 'Банк не сообщил ни одного счёта.' },
  'ui.bank-data.accounts.number': { en: () => 'Account', ru: () => 'Счёт' },
  'ui.bank-data.accounts.currency': { en: () => 'Currency', ru: () => 'Валюта' },
  'ui.bank-data.accounts.metal': { en: () => 'Metal', ru: () => 'Металл' },
  'ui.bank-data.accounts.metal-name': { en: (p) => metalEn[String(p.code)] ?? String(p.code), ru: (p) => metalRu[String(p.code)] ?? String(p.code) },
  'ui.bank-data.accounts.bank': { en: () => 'Bank', ru: () => 'Банк' },
  'ui.bank-data.accounts.opened': { en: () => 'Opened', ru: () => 'Открыт' },
  'ui.bank-data.accounts.balance': { en: () => 'Balance', ru: () => 'Остаток' },
  'ui.bank-data.accounts.grams': { en: (p) => `${p.amount} g`, ru: (p) => `${p.amount} г` },
  'ui.bank-data.contracts.title': { en: () => 'Loans and leasing', ru: () => 'Кредиты и лизинг' },
  'ui.bank-data.contracts.none': { en: () => 'No loan or leasing contracts.', ru: () => 'Кредитных и лизинговых договоров нет.' },
  'ui.bank-data.contracts.number': { en: () => 'Contract', ru: () => 'Договор' },
  'ui.bank-data.contracts.kind': { en: () => 'Type', ru: () => 'Вид' },
  'ui.bank-data.contracts.subject': { en: () => 'Subject', ru: () => 'Предмет' },
  'ui.bank-data.contracts.outstanding': { en: () => 'Debt remaining', ru: () => 'Остаток долга' },
  'ui.bank-data.contracts.next': { en: () => 'Next payment', ru: () => 'Следующий платёж' },
  'ui.bank-data.contracts.next-value': { en: (p) => `${p.amount} on ${p.date}`, ru: (p) => `${p.amount} до ${p.date}` },
  'ui.bank-data.contracts.no-next': { en: () => 'None: repaid', ru: () => 'Нет: погашен' },
  'ui.bank-data.contracts.open': { en: (p) => `Contract ${p.number}`, ru: (p) => `Договор ${p.number}` },
  'ui.bank-data.kind.car-loan': { en: () => 'Car loan', ru: () => 'Автокредит' },
  'ui.bank-data.kind.leasing': { en: () => 'Leasing', ru: () => 'Лизинг' },

  // contract
  'ui.bank-data.contract.back': { en: () => '← Overview', ru: () => '← Обзор' },
  'ui.bank-data.contract.title-car-loan': { en: (p) => `Loan contract ${p.number}`, ru: (p) => `Кредитный договор ${p.number}` },
  'ui.bank-data.contract.title-leasing': { en: (p) => `Leasing contract ${p.number}`, ru: (p) => `Договор лизинга ${p.number}` },
  'ui.bank-data.contract.signed-on': { en: () => 'Signed on', ru: () => 'Дата договора' },
  'ui.bank-data.contract.principal': { en: () => 'Amount', ru: () => 'Сумма' },
  'ui.bank-data.contract.rate': { en: () => 'Annual rate', ru: () => 'Ставка годовых' },
  'ui.bank-data.contract.pay': { en: () => 'Pay', ru: () => 'Оплатить' },
  'ui.bank-data.contract.pay-leasing': { en: () => 'Pay the leasing instalment', ru: () => 'Оплатить лизинговый платёж' },
  'ui.bank-data.contract.pay-loan': { en: () => 'Pay the loan instalment', ru: () => 'Оплатить платёж по кредиту' },
  'ui.bank-data.schedule.title': { en: () => 'Payment schedule', ru: () => 'График платежей' },
  'ui.bank-data.schedule.empty': { en: () => 'The bank sent no schedule for this contract.', ru: () => 'Банк не прислал график по этому договору.' },
  'ui.bank-data.schedule.number': { en: () => 'No.', ru: () => '№' },
  'ui.bank-data.schedule.due': { en: () => 'Due date', ru: () => 'Дата платежа' },
  'ui.bank-data.schedule.total': { en: () => 'Payment', ru: () => 'Платёж' },
  'ui.bank-data.schedule.principal': { en: () => 'Principal', ru: () => 'Основной долг' },
  'ui.bank-data.schedule.interest': { en: () => 'Interest', ru: () => 'Проценты' },
  'ui.bank-data.schedule.remaining': { en: () => 'Debt after payment', ru: () => 'Долг после платежа' },
  'ui.bank-data.schedule.state': { en: () => 'State', ru: () => 'Состояние' },
  'ui.bank-data.schedule.paid': { en: () => 'Paid', ru: () => 'Оплачен' },
  'ui.bank-data.schedule.due-state': { en: () => 'To pay', ru: () => 'К оплате' },
  'ui.bank-data.chart.title': { en: () => 'Remaining debt', ru: () => 'Остаток долга' },
  'ui.bank-data.chart.x-axis': { en: () => 'Payment date', ru: () => 'Дата платежа' },
  'ui.bank-data.chart.y-axis': { en: () => 'Debt, thousand RUB', ru: () => 'Долг, тыс. руб.' },
  'ui.bank-data.chart.legend-paid': { en: () => 'paid', ru: () => 'оплачен' },
  'ui.bank-data.chart.legend-due': { en: () => 'to pay', ru: () => 'к оплате' },
  'ui.bank-data.chart.summary': {
    en: (p) => `The debt falls from ${p.start} to ${p.end} over ${p.count} payments, from ${p.from} to ${p.to}; ${p.paid} paid. The table below lists every point.`,
    ru: (p) => `Долг снижается с ${p.start} до ${p.end} за ${p.count} ${plural(Number(p.count), 'платёж', 'платежа', 'платежей')}, с ${p.from} по ${p.to}; оплачено ${p.paid}. Все точки — в таблице ниже.`,
  },
  'ui.bank-data.chart.point': { en: (p) => `${p.date}: ${p.amount}`, ru: (p) => `${p.date}: ${p.amount}` },
  'ui.bank-data.requisites.title': { en: () => 'Payment requisites', ru: () => 'Реквизиты для оплаты' },
  'ui.bank-data.requisites.payee': { en: () => 'Payee', ru: () => 'Получатель' },
  'ui.bank-data.requisites.inn': { en: () => 'INN', ru: () => 'ИНН' },
  'ui.bank-data.requisites.kpp': { en: () => 'KPP', ru: () => 'КПП' },
  'ui.bank-data.requisites.account': { en: () => 'Account', ru: () => 'Счёт' },
  'ui.bank-data.requisites.bic': { en: () => 'BIC', ru: () => 'БИК' },
  'ui.bank-data.requisites.bank': { en: () => 'Bank', ru: () => 'Банк' },
  'ui.bank-data.requisites.corr': { en: () => 'Corr. account', ru: () => 'Корр. счёт' },
  'ui.bank-data.requisites.purpose': { en: () => 'Purpose of payment', ru: () => 'Назначение платежа' },
  'ui.bank-data.requisites.copy': { en: () => 'Copy requisites', ru: () => 'Копировать реквизиты' },
  'ui.bank-data.requisites.print': { en: () => 'Print requisites', ru: () => 'Печать реквизитов' },
  'ui.bank-data.requisites.copied': { en: () => 'Requisites copied to the clipboard.', ru: () => 'Реквизиты скопированы в буфер обмена.' },
  'ui.bank-data.requisites.copy-failed': {
    en: (p) => `Could not copy to the clipboard (${p.reason}). Select the requisites and copy them by hand.`,
    ru: (p) => `Не удалось скопировать в буфер обмена (${p.reason}). Выделите реквизиты и скопируйте вручную.`,
  },
  'ui.bank-data.requisites.contract': { en: (p) => `Contract ${p.number} of ${p.date}`, ru: (p) => `Договор ${p.number} от ${p.date}` },

  // messages
  'ui.bank-data.messages.title': { en: () => 'Messages', ru: () => 'Письма' },
  'ui.bank-data.messages.list': { en: () => 'Messages with the bank, newest first', ru: () => 'Письма с банком, новые сверху' },
  'ui.bank-data.messages.none': { en: () => 'No messages yet. They come with an exchange.', ru: () => 'Писем пока нет. Они приходят с обменом.' },
  'ui.bank-data.messages.write': { en: () => 'Write to the bank', ru: () => 'Написать в банк' },
  'ui.bank-data.messages.from-bank': { en: () => 'From the bank', ru: () => 'От банка' },
  'ui.bank-data.messages.to-bank': { en: () => 'To the bank', ru: () => 'В банк' },
  'ui.bank-data.messages.unread': { en: () => 'unread', ru: () => 'не прочитано' },
  'ui.bank-data.messages.unread-count': { en: (p) => `Unread: ${p.count}`, ru: (p) => `Не прочитано: ${p.count}` },
  'ui.bank-data.messages.arrived': {
    en: (p) => `${p.count} new ${Number(p.count) === 1 ? 'message' : 'messages'} from the bank.`,
    ru: (p) => `${plural(Number(p.count), 'Пришло', 'Пришло', 'Пришло')} ${p.count} ${plural(Number(p.count), 'новое письмо', 'новых письма', 'новых писем')} из банка.`,
  },
  'ui.bank-data.messages.attachment-count': { en: (p) => `Attachments: ${p.count}`, ru: (p) => `Вложений: ${p.count}` },
  'ui.bank-data.messages.choose': { en: () => 'Choose a message to read it.', ru: () => 'Выберите письмо, чтобы прочитать его.' },
  'ui.bank-data.messages.sent-at': { en: (p) => `Sent ${p.when}`, ru: (p) => `Отправлено ${p.when}` },
  'ui.bank-data.messages.in-reply': { en: () => 'In reply to an earlier message', ru: () => 'Ответ на предыдущее письмо' },
  'ui.bank-data.messages.attachments': { en: () => 'Attachments', ru: () => 'Вложения' },
  'ui.bank-data.messages.download': { en: (p) => `Download ${p.name} (${p.size})`, ru: (p) => `Скачать ${p.name} (${p.size})` },
  'ui.bank-data.messages.downloaded': { en: (p) => `Saved ${p.name}.`, ru: (p) => `Сохранено: ${p.name}.` },
  'ui.bank-data.messages.reply': { en: () => 'Reply', ru: () => 'Ответить' },
  'ui.bank-data.messages.reply-subject': { en: (p) => `Re: ${p.subject}`, ru: (p) => `Re: ${p.subject}` },
  'ui.bank-data.messages.compose-title': { en: () => 'New message to the bank', ru: () => 'Новое письмо в банк' },
  'ui.bank-data.messages.reply-title': { en: () => 'Reply to the bank', ru: () => 'Ответ банку' },
  'ui.bank-data.messages.subject': { en: () => 'Subject', ru: () => 'Тема' },
  'ui.bank-data.messages.body': { en: () => 'Text', ru: () => 'Текст' },
  'ui.bank-data.messages.attach': { en: () => 'Attach files (PDF, JPEG, PNG, text; up to 5 MB each, 5 MB together)', ru: () => 'Вложить файлы (PDF, JPEG, PNG, текст; до 5 МБ каждый, 5 МБ вместе)' },
  'ui.bank-data.messages.remove': { en: (p) => `Remove ${p.name}`, ru: (p) => `Убрать ${p.name}` },
  'ui.bank-data.messages.send': { en: () => 'Send', ru: () => 'Отправить' },
  'ui.bank-data.messages.sending': { en: () => 'Sending…', ru: () => 'Отправка…' },
  'ui.bank-data.messages.sent': { en: () => 'The message went to the bank.', ru: () => 'Письмо отправлено в банк.' },
  'ui.bank-data.messages.required': { en: () => 'Fill this in.', ru: () => 'Заполните это поле.' },
  'ui.bank-data.size.kb': { en: (p) => `${p.value} KB`, ru: (p) => `${p.value} КБ` },
  'ui.bank-data.size.mb': { en: (p) => `${p.value} MB`, ru: (p) => `${p.value} МБ` },

  // statements
  'ui.bank-data.statements.title': { en: () => 'Statements', ru: () => 'Выписки' },
  'ui.bank-data.statements.account': { en: () => 'Account', ru: () => 'Счёт' },
  'ui.bank-data.statements.from': { en: () => 'From', ru: () => 'С' },
  'ui.bank-data.statements.to': { en: () => 'To', ru: () => 'По' },
  'ui.bank-data.statements.show': { en: () => 'Show statement', ru: () => 'Показать выписку' },
  'ui.bank-data.statements.no-accounts': {
    en: () => 'No accounts yet: log in and run an exchange with the bank first.',
    ru: () => 'Счетов пока нет: сначала войдите и выполните обмен с банком.',
  },
  'ui.bank-data.statements.heading': { en: (p) => `Statement of ${p.account}, ${p.from} – ${p.to}`, ru: (p) => `Выписка по счёту ${p.account} за ${p.from} – ${p.to}` },
  'ui.bank-data.statements.opening': { en: () => 'Opening balance', ru: () => 'Входящий остаток' },
  'ui.bank-data.statements.credit-total': { en: () => 'Received', ru: () => 'Поступило' },
  'ui.bank-data.statements.debit-total': { en: () => 'Paid out', ru: () => 'Списано' },
  'ui.bank-data.statements.closing': { en: () => 'Closing balance', ru: () => 'Исходящий остаток' },
  'ui.bank-data.statements.entries': { en: () => 'Entries', ru: () => 'Операции' },
  'ui.bank-data.statements.none': { en: () => 'No entries in this period.', ru: () => 'За этот период операций нет.' },
  'ui.bank-data.statements.date': { en: () => 'Date', ru: () => 'Дата' },
  'ui.bank-data.statements.doc': { en: () => 'Doc. No.', ru: () => '№ док.' },
  'ui.bank-data.statements.counterparty': { en: () => 'Counterparty', ru: () => 'Контрагент' },
  'ui.bank-data.statements.purpose': { en: () => 'Purpose', ru: () => 'Назначение' },
  'ui.bank-data.statements.debit': { en: () => 'Debit', ru: () => 'Дебет' },
  'ui.bank-data.statements.credit': { en: () => 'Credit', ru: () => 'Кредит' },
  'ui.bank-data.statements.inn': { en: (p) => `INN ${p.inn}`, ru: (p) => `ИНН ${p.inn}` },
  'ui.bank-data.statements.export-1c': { en: () => 'Export to 1C', ru: () => 'Выгрузить в 1С' },
  'ui.bank-data.statements.export-camt': { en: () => 'Export camt.053', ru: () => 'Выгрузить camt.053' },
  'ui.bank-data.statements.exported': {
    en: (p) => `Saved ${p.name} (${p.count} ${Number(p.count) === 1 ? 'entry' : 'entries'}).`,
    ru: (p) => `Сохранено: ${p.name} (${p.count} ${plural(Number(p.count), 'операция', 'операции', 'операций')}).`,
  },
  'ui.bank-data.statements.period-order': { en: () => 'The period starts after it ends.', ru: () => 'Начало периода позже его конца.' },

  // refusals of the area's services
  'ui.bank-data.error.account-unknown': {
    en: (p) => `There is no account ${p.account} in this profile. Run an exchange with the bank to bring the accounts.`,
    ru: (p) => `Счёта ${p.account} в этом профиле нет. Выполните обмен с банком, чтобы получить счета.`,
  },
  'ui.bank-data.error.period': { en: (p) => `The period starts (${p.from}) after it ends (${p.to}).`, ru: (p) => `Начало периода (${p.from}) позже его конца (${p.to}).` },
  'ui.bank-data.error.contract-not-found': {
    en: () => 'There is no such contract in this profile. Run an exchange with the bank to bring the contracts.',
    ru: () => 'Такого договора в этом профиле нет. Выполните обмен с банком, чтобы получить договоры.',
  },
  'ui.bank-data.error.message-not-found': {
    en: () => 'There is no such message in this profile.',
    ru: () => 'Такого письма в этом профиле нет.',
  },
  'ui.bank-data.error.attachment-unknown': { en: () => 'The message has no such attachment.', ru: () => 'В письме нет такого вложения.' },
  'ui.bank-data.error.attachment-digest': {
    en: (p) => `The bank sent other bytes for ${p.name} than it listed (the SHA-256 differs); the file was not saved.`,
    ru: (p) => `Банк прислал для ${p.name} не те байты, что указал в письме (SHA-256 не совпадает); файл не сохранён.`,
  },
  'ui.bank-data.error.file-name': {
    en: (p) => `The file name ${p.name} cannot be sent: it contains a path separator.`,
    ru: (p) => `Имя файла ${p.name} нельзя отправить: в нём есть разделитель пути.`,
  },
  'ui.bank-data.error.media-type': {
    en: (p) => `${p.name} cannot be attached: the bank accepts PDF, JPEG, PNG and plain text files (this one is ${p.type}).`,
    ru: (p) => `${p.name} нельзя вложить: банк принимает файлы PDF, JPEG, PNG и простой текст (этот — ${p.type}).`,
  },
  'ui.bank-data.error.too-large': {
    en: (p: Params) => `${p.name} is ${mb(p.size)} MB: an attachment may be up to ${mb(p.max)} MB.`,
    ru: (p: Params) => `${p.name} — ${mb(p.size)} МБ: вложение может быть не больше ${mb(p.max)} МБ.`,
  },
  'ui.bank-data.error.total-too-large': {
    en: (p: Params) => `The attachments together may be up to ${mb(p.max)} MB. Send the rest in another message.`,
    ru: (p: Params) => `Вложения вместе могут занимать не больше ${mb(p.max)} МБ. Остальное отправьте другим письмом.`,
  },
  'ui.bank-data.error.too-many': {
    en: (p) => `A message may carry up to ${p.max} attachments.`,
    ru: (p) => `К письму можно приложить не больше ${p.max} файлов.`,
  },
  'ui.bank-data.error.uploads-busy': {
    en: (p) => `${p.max} files are waiting to be sent already. Send or close the other messages, or wait half an hour, then attach this file again.`,
    ru: (p) => `Уже ожидают отправки файлов: ${p.max}. Отправьте или закройте другие письма либо подождите полчаса, затем вложите этот файл снова.`,
  },
  'ui.bank-data.error.upload-unknown': {
    en: () => 'An attached file was lost before sending (the app restarted or it waited too long). Attach it again.',
    ru: () => 'Вложенный файл потерян до отправки (приложение перезапускалось или прошло слишком много времени). Вложите его снова.',
  },
  'ui.bank-data.error.upload-broken': {
    en: (p) => `${p.name} did not arrive whole. Attach it again.`,
    ru: (p) => `${p.name} передан не полностью. Вложите его снова.`,
  },
  'ui.bank-data.error.read-file': { en: (p) => `Could not read ${p.name}: ${p.reason}`, ru: (p) => `Не удалось прочитать ${p.name}: ${p.reason}` },
  // signed letters (issue 13, defect 15)
  'ui.bank-data.messages.sign-send': { en: () => 'Sign and send', ru: () => 'Подписать и отправить' },
  'ui.bank-data.messages.pin-title': { en: () => 'Sign the letter', ru: () => 'Подпись письма' },
  'ui.bank-data.messages.pin-note': {
    en: (p) => `The letter «${p.subject}» is signed with your key (${p.name}) like a document, its attachments included, and goes to the bank with the signature.`,
    ru: (p) => `Письмо «${p.subject}» подписывается вашим ключом (${p.name}) как документ, вместе с вложениями, и уходит в банк с подписью.`,
  },
  'ui.bank-data.messages.no-token': { en: () => 'Letters are signed with the token: insert it and choose a key with a certificate.', ru: () => 'Письма подписываются ключом на токене: вставьте токен и выберите ключ с сертификатом.' },
  'ui.bank-data.messages.bank-signed': { en: (p) => `Signed by the bank (verified), certificate No. ${p.serial}`, ru: (p) => `Подпись банка проверена, сертификат № ${p.serial}` },
  'ui.bank-data.messages.person-signed': { en: (p) => `Signed: ${p.name}, certificate No. ${p.serial} (verified)`, ru: (p) => `Подписано: ${p.name}, сертификат № ${p.serial} (подпись проверена)` },
  'ui.bank-data.messages.not-signed': { en: () => 'Sent before letters were signed: no signature', ru: () => 'Отправлено до подписи писем: без подписи' },
  'ui.bank-data.error.letter-not-signed': { en: () => 'The token did not sign the letter; it was not sent.', ru: () => 'Токен не подписал письмо; оно не отправлено.' },
} satisfies Record<string, Entry>;
