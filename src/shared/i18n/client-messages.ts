/** Messages of the client's services: store, documents, signing, sync, enrolment, audit. */
import type { Entry } from './entry.ts';
import { enCount } from './plural.ts';

/** Why signed bytes were refused by the strict round trip (readSignedDocumentFor), for signing and for sending. */
const canonicalWhy: Entry = {
  en: (p) => (p.reason === 'JSON' ? 'not JSON' : p.reason === 'schema' ? `field ${p.field} does not fit its kind` : p.reason === 'binding' ? (p.field === 'id' ? 'its signed bytes name another document id' : 'its signed bytes name another company') : 'bytes not in canonical form'),
  ru: (p) =>
    p.reason === 'JSON' ? 'не JSON' : p.reason === 'schema' ? `поле ${p.field} не соответствует виду документа` : p.reason === 'binding' ? (p.field === 'id' ? 'его подписываемые байты называют другой идентификатор документа' : 'его подписываемые байты называют другую организацию') : 'байты не в канонической форме',
};

export const clientMessages = {
  // Store
  'store.open-failed': {
    en: (p) => `Cannot open the data file ${p.path}: ${p.reason}`,
    ru: (p) => `Не удалось открыть файл данных ${p.path}: ${p.reason}`,
  },
  'store.too-new': {
    en: (p) => `The data file ${p.path} was written by a newer version of Bank Client (schema ${p.version}; this version knows up to ${p.latest}). Update the app; the file was left unchanged.`,
    ru: (p) => `Файл данных ${p.path} создан более новой версией «Банк-Клиента» (схема ${p.version}, эта версия знает до ${p.latest}). Обновите приложение; файл не изменён.`,
  },
  // Documents
  'document.kind-unknown': {
    en: (p) => `Unknown kind of document "${p.kind}".`,
    ru: (p) => `Неизвестный вид документа «${p.kind}».`,
  },
  'document.invalid': {
    en: (p) => `The document does not have the structure of its kind (${enCount(Number(p.count), 'problem')}); first: ${p.field}: ${p.en}`,
    ru: (p) => `Документ не соответствует структуре своего вида (проблем: ${p.count}); первая: ${p.field}: ${p.ru}`,
  },
  'document.not-found': {
    en: (p) => `No document ${p.id}.`,
    ru: (p) => `Документ ${p.id} не найден.`,
  },
  'document.stale': {
    en: (p) => `Document ${p.id} was changed elsewhere (you edited revision ${p.revision}, it is now ${p.current}). Reopen it and edit again.`,
    ru: (p) => `Документ ${p.id} изменён в другом месте (вы правили версию ${p.revision}, сейчас ${p.current}). Откройте его заново.`,
  },
  'document.not-draft': {
    en: (p) => `Document ${p.id} is ${p.status}, not a draft: only drafts can be deleted.`,
    ru: (p) => `Документ ${p.id} в статусе «${p.status}», а не черновик: удалить можно только черновик.`,
  },
  'document.replaced': {
    en: (p) => `Document ${p.id} was not sent: it was replaced by the corrected draft ${p.by}.`,
    ru: (p) => `Документ ${p.id} не отправлен: его заменил исправленный черновик ${p.by}.`,
  },
  'template.name-required': {
    en: () => 'A template needs a name.',
    ru: () => 'Укажите название шаблона.',
  },
  'template.exists': {
    en: (p) => `A template named "${p.name}" exists already.`,
    ru: (p) => `Шаблон «${p.name}» уже есть.`,
  },
  'template.not-found': {
    en: (p) => `No template "${p.name}".`,
    ru: (p) => `Шаблон «${p.name}» не найден.`,
  },
  'import.duplicate': {
    en: (p) => `Already imported as document ${p.id}.`,
    ru: (p) => `Уже загружен: документ ${p.id}.`,
  },
  // The bank over HTTP
  'bank.ca-changed': {
    en: () => "The bank presented a CA certificate other than the one this profile trusts. Nothing was installed; ask the bank whether its CA changed.",
    ru: () => 'Банк предъявил сертификат УЦ, отличный от того, которому доверяет этот профиль. Ничего не установлено; уточните в банке, не менялся ли УЦ.',
  },
  'bank.url-invalid': {
    en: (p) => `"${p.url}" is not a web address of a bank.`,
    ru: (p) => `«${p.url}» — не веб-адрес банка.`,
  },
  'bank.url-insecure': {
    en: (p) => `The bank's address ${p.url} must start with https:// (plain http:// only for a bank on this computer).`,
    ru: (p) => `Адрес банка ${p.url} должен начинаться с https:// (http:// — только для банка на этом компьютере).`,
  },
  'bank.url-changed': {
    en: (p) => `This profile (${p.dir}) already works with the bank at ${p.current}; its keys of trust and session belong to it. Use another --data-dir for ${p.url}.`,
    ru: (p) => `Этот профиль (${p.dir}) уже работает с банком ${p.current}; его доверенные ключи и сессия относятся к нему. Для ${p.url} укажите другой --data-dir.`,
  },
  'bank.unreachable': {
    en: (p) => `Cannot reach the bank at ${p.url}: ${p.reason}. Check the connection; sending will be retried.`,
    ru: (p) => `Нет связи с банком (${p.url}): ${p.reason}. Проверьте подключение; отправка будет повторена.`,
  },
  'bank.timeout': {
    en: (p) => `The bank did not answer within ${p.seconds} s (${p.url}); will try again.`,
    ru: (p) => `Банк не ответил за ${p.seconds} с (${p.url}); попробуем ещё раз.`,
  },
  'bank.problem': {
    en: (p) => `The bank refused ${p.operation} (HTTP ${p.status}, ${p.code}): ${p.detail}`,
    ru: (p) => `Банк отклонил запрос ${p.operation} (HTTP ${p.status}, ${p.code}): ${p.detail}`,
  },
  'bank.answer-invalid': {
    en: (p) => `The bank's answer to ${p.operation} does not match the API${p.field ? ` at ${p.field}` : ''}: ${p.problem}. Nothing was taken from it.`,
    ru: (p) => `Ответ банка на ${p.operation} не соответствует API${p.field ? ` (поле ${p.field})` : ''}: ${p.problem}. Из него ничего не принято.`,
  },
  // Signing
  'signing.role-unknown': {
    en: (p) => `The bank has not said yet which signature key "${p.key}" on token "${p.token}" gives. Log in with it once (bankclient login).`,
    ru: (p) => `Банк ещё не сообщил, какую подпись даёт ключ «${p.key}» на токене «${p.token}». Войдите с ним один раз (bankclient login).`,
  },
  'signing.no-right': {
    en: (p) => `${p.name} prepares documents but has no right to sign them (the bank's setting).`,
    ru: (p) => `${p.name} готовит документы, но не имеет права подписи (настройка банка).`,
  },
  'signing.over-limit': {
    en: (p) => `Document ${p.id}: the amount ${p.amount} roubles is over this signer's limit of ${p.limit}.`,
    ru: (p) => `Документ ${p.id}: сумма ${p.amount} руб. больше лимита подписанта (${p.limit} руб.).`,
  },
  'signing.has-errors': {
    en: (p) => `Document ${p.id} has ${enCount(Number(p.count), 'error')} (first: ${p.field}); fix them before signing.`,
    ru: (p) => `В документе ${p.id} ошибок: ${p.count} (первая: ${p.field}); исправьте их перед подписью.`,
  },
  'signing.not-needed': {
    en: (p) => `Document ${p.id} does not need a ${p.kind} signature now.`,
    ru: (p) => `Документу ${p.id} сейчас не нужна подпись вида «${p.kind}».`,
  },
  'signing.already-signed': {
    en: (p) => `Document ${p.id} already carries your signature.`,
    ru: (p) => `Документ ${p.id} уже подписан вами.`,
  },
  'signing.changed-meanwhile': {
    en: (p) => `Document ${p.id} changed while it was being signed; its signature was not stored. Sign it again.`,
    ru: (p) => `Документ ${p.id} изменился во время подписи; подпись не сохранена. Подпишите его снова.`,
  },
  'signing.canonical-invalid': {
    en: (p) => `Document ${p.id} is not in a form that can be signed (${canonicalWhy.en(p)}); it was not signed.`,
    ru: (p) => `Документ ${p.id} не в том виде, который можно подписать (${canonicalWhy.ru(p)}); он не подписан.`,
  },
  'sync.canonical-invalid': {
    en: (p) => `Document ${p.id} was not sent: ${canonicalWhy.en(p)}.`,
    ru: (p) => `Документ ${p.id} не отправлен: ${canonicalWhy.ru(p)}.`,
  },
  'signing.colleague-signature-invalid': {
    en: (p) => `Document ${p.id} from the bank carries a signature that does not verify (${p.reason}); it was not signed.`,
    ru: (p) => `Документ ${p.id} из банка несёт подпись, которая не проходит проверку (${p.reason}); он не подписан.`,
  },
  // Sync
  'sync.login-needed': {
    en: () => 'Not logged in to the bank, or the session has expired. Log in (bankclient login) and sync again; nothing was lost.',
    ru: () => 'Нет входа в банк или сессия истекла. Войдите (bankclient login) и повторите синхронизацию; ничего не потеряно.',
  },
  'sync.receipts-cert-untrusted': {
    en: (p) => `The bank's receipts certificate (${p.subject}) is not issued by the bank's CA; receipts cannot be trusted.`,
    ru: (p) => `Сертификат квитанций банка (${p.subject}) выпущен не УЦ банка; квитанциям нельзя доверять.`,
  },
  'sync.signature-invalid': {
    en: (p) => `Document ${p.id} was not sent: its signature does not verify here (${p.reason}).`,
    ru: (p) => `Документ ${p.id} не отправлен: его подпись не проходит проверку (${p.reason}).`,
  },
  // signed letters (issue 13, defect 15)
  'sync.letter-invalid': {
    en: (p) =>
      `The letter «${p.subject}» (${p.id}) was refused: ${
        ({ unsigned: 'it is not signed by the bank', signature: `its signature does not verify — the letter was changed after it was signed (${p.detail})`, signer: "it is not signed by the bank's receipts key", serial: `its signature names another certificate than the one that signed it (${p.detail})`, replay: `its signature is that of another letter (${p.detail}): a letter brought again under a new number` } as Record<string, string>)[String(p.reason)] ?? p.reason
      }. It is not shown as the bank's and nothing of it was kept.`,
    ru: (p) =>
      `Письмо «${p.subject}» (${p.id}) отклонено: ${
        ({ unsigned: 'оно не подписано банком', signature: `его подпись не проходит проверку — письмо изменено после подписания (${p.detail})`, signer: 'оно подписано не ключом банка', serial: `в подписи назван другой сертификат, чем тот, которым она сделана (${p.detail})`, replay: `его подпись — подпись другого письма (${p.detail}): письмо прислано повторно под новым номером` } as Record<string, string>)[String(p.reason)] ?? p.reason
      }. Оно не показано как письмо банка и не сохранено.`,
  },
  // the bank's signed BIC directory (issue 13, red team)
  'sync.directory-invalid': {
    en: (p) =>
      `The BIC directory received from the bank was refused: ${
        ({ unsigned: `it does not carry the bank's signature${p.detail ? ` (no ${p.detail})` : ''}`, signature: `its signature does not verify — the file was changed after the bank signed it (${p.detail})`, signer: `it is not signed by the bank's receipts key${p.detail ? ` (${p.detail})` : ''}` } as Record<string, string>)[String(p.reason)] ?? p.reason
      }. Nothing of it was stored; the directory held is unchanged.`,
    ru: (p) =>
      `Справочник БИК, полученный от банка, отклонён: ${
        ({ unsigned: `на нём нет подписи банка${p.detail ? ` (нет ${p.detail})` : ''}`, signature: `его подпись не проходит проверку — файл изменён после подписания банком (${p.detail})`, signer: `он подписан не ключом банка${p.detail ? ` (${p.detail})` : ''}` } as Record<string, string>)[String(p.reason)] ?? p.reason
      }. Ничего из него не сохранено; прежний справочник не изменился.`,
  },
  'sync.receipt-invalid': {
    en: (p) =>
      `A receipt from the bank for document ${p.id} (change ${p.cursor}) is not valid: ${
        ({ signature: `its signature does not verify (${p.detail})`, signer: "it is not signed by the bank's receipts key", payload: 'what it signs is not readable', fields: 'it names another document, status or time than the change', rejection: 'it gives another rejection than the change', digest: 'it is for other document bytes than those signed here', company: 'it names another company', cursor: `it is out of order in the feed (${p.detail})` } as Record<string, string>)[String(p.reason)] ?? p.reason
      }. It was not accepted; sync stopped there.`,
    ru: (p) =>
      `Квитанция банка по документу ${p.id} (изменение ${p.cursor}) недействительна: ${
        ({ signature: `её подпись не проходит проверку (${p.detail})`, signer: 'она подписана не ключом квитанций банка', payload: 'подписанные данные не читаются', fields: 'в ней другой документ, статус или время, чем в изменении', rejection: 'в ней другая причина отказа, чем в изменении', digest: 'она выдана на другие байты документа, чем подписаны здесь', company: 'в ней названа другая организация', cursor: `она нарушает порядок ленты изменений (${p.detail})` } as Record<string, string>)[String(p.reason)] ?? p.reason
      }. Она не принята; синхронизация остановлена.`,
  },
  'sync.answer-mismatch': {
    en: (p) => `The bank answered about document ${p.other} when ${p.id} was sent; it was not marked as sent.`,
    ru: (p) => `Банк ответил о документе ${p.other} при отправке ${p.id}; он не отмечен как отправленный.`,
  },
  // Batch submission (POST /v1/documents/batch): an answer that does not match what was sent
  'sync.batch-answer-mismatch': {
    en: (p) =>
      `The bank's answer to ${p.sent} documents sent together does not match them (${p.reason === 'count' ? `${p.answered} results` : `result ${p.position} names ${p.other} where ${p.id} was sent`}); none of them was marked as sent, they will be sent again.`,
    ru: (p) =>
      `Ответ банка на документы, отправленные вместе (${p.sent}), им не соответствует (${p.reason === 'count' ? `результатов: ${p.answered}` : `результат ${p.position} называет ${p.other} вместо ${p.id}`}); ни один не отмечен как отправленный, они будут отправлены снова.`,
  },
  'sync.busy': {
    en: () => 'A sync is already running.',
    ru: () => 'Синхронизация уже идёт.',
  },
  // Recall of a sent document
  'recall.not-sent': {
    en: (p) => `Document ${p.id} has not gone to the bank (${p.status}): there is nothing to recall.`,
    ru: (p) => `Документ ${p.id} не отправлялся в банк (${p.status}): отзывать нечего.`,
  },
  'recall.not-recallable': {
    en: (p) => `Document ${p.id} is ${p.status}: only a document sent, delivered or accepted and not yet executed can be recalled.`,
    ru: (p) => `Документ ${p.id} в статусе «${p.status}»: отозвать можно только отправленный, доставленный или принятый документ, пока он не исполнен.`,
  },
  'recall.reason-invalid': {
    en: (p) => `Give the reason for the recall (up to ${p.max} characters).`,
    ru: (p) => `Укажите причину отзыва (до ${p.max} символов).`,
  },
  // Enrolment
  'enroll.none-pending': {
    en: () => 'No enrolment is waiting for the bank in this profile. Start one with bankclient enroll.',
    ru: () => 'В этом профиле нет заявки, ожидающей банка. Начните с bankclient enroll.',
  },
  'export.not-payment-order': {
    en: (p) => `Document ${p.id} is a ${p.kind}: only payment orders go into pain.001. Nothing was written.`,
    ru: (p) => `Документ ${p.id} — ${p.kind}: в pain.001 выгружаются только платёжные поручения. Ничего не записано.`,
  },
  'export.nothing': {
    en: () => 'No documents selected to export.',
    ru: () => 'Не выбраны документы для выгрузки.',
  },
} satisfies Record<string, Entry>;
