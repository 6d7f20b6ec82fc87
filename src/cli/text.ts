import type { Locale } from '../shared/i18n/index.ts';

/** The CLI's own words (labels, prompts, help), in both languages. Errors come from the shared catalogue. */
const en = {
  usage: `Usage: bankclient <command> [options]

Token and key commands:
  token list                               tokens present, with their PIN state
  token info --token T                     one token in detail
  token change-pin --token T               BANKCLIENT_PIN (current) -> BANKCLIENT_NEW_PIN
  token unblock --token T                  BANKCLIENT_SO_PIN sets BANKCLIENT_NEW_PIN
  key generate --token T --algorithm ec-p256|ec-p384|rsa-2048|rsa-3072|gost2012-256[:SET]|gost2012-512[:SET] --label NAME
                                           SET for 256: cryptopro-a (default)|cryptopro-b|cryptopro-c|tc26-256-a;
                                           for 512: tc26-512-a (default)|tc26-512-b|tc26-512-c (as the token offers)
  key list --token T
  key delete --token T --key LABEL|ID
  csr create --token T --key LABEL|ID --subject "CN=...,O=...,1.2.643.100.4=..." --out FILE.pem [--pss]
  cert import --token T --in CERT.pem [--chain CA.pem]
  cert list --token T
  sign --token T --key LABEL|ID --in FILE --out FILE.p7s [--pss] [--add-to EXISTING.p7s]
  verify --in FILE --signature FILE.p7s --trust CA.pem [--trust ...]

Workflow commands (a profile per --data-dir or BANKCLIENT_HOME; the bank per --bank URL):
  enroll --token T --key LABEL [--subject S] (BANKCLIENT_ENROLMENT_CODE | --code CODE) [--algorithm A] [--act ACT.pdf|ACT.txt]
         [--totp-out FILE] [--wait SECONDS]      first certificate: key, request, act, submit, install; without
                                                 --subject the bank names the code's holder (full name, position,
                                                 company, INN) and the request is made in that name; a --subject's
                                                 CN must be that name; --totp-out FILE keeps the one-time-code
                                                 secret, which login --totp-secret-file FILE reads
  enroll --resume --token T [--wait SECONDS]     install the certificate once the bank approved it
  renew --token T --key CURRENT --new-key LABEL --subject S [--algorithm A]
  login --token T --key K (--totp-secret-file F | BANKCLIENT_TOTP=CODE)
                                                 token signature + one-time code: computed from the file enroll
                                                 --totp-out wrote, or the 6 digits an authenticator app shows now
  logout                                         end the session on the bank and drop it here (exit 1 if the bank was not reached)
  import FILE                                    1C (1CClientBankExchange) or pain.001 into drafts (exit 3: some not imported)
        [--ids-out IDS.txt]                      the ids of all drafts made, one a line (the output lists the first 1,000
                                                 imported and rejected; the counts are always whole)
  documents list [--status S,S] [--kind K] [--search TEXT] [--from D] [--to D] [--limit N]
  documents list --awaiting                      what awaits my signature at the bank (as the last sync brought it)
  documents show ID | documents validate [ID...]
  documents export --format pain001 --out FILE (ID... | --status S)        payment orders as pain.001.001.09
  documents print ID... --out FILE.pdf [--time-zone Z] [--font F.ttf]     signed documents as PDF (payment orders on form 0401060)
  documents export-signed ID --out DIR           DIR/ID.json (the signed bytes), DIR/ID.p7s (the CMS signature) and
                                                 DIR/bank-ca.pem, for bankclient verify and openssl cms -verify
  documents recall ID --reason TEXT --token T --key K
                                                 recall a document sent and not yet executed: a request signed
                                                 on the token (one PIN); the bank decides at once (exit 1: refused or no receipt recalls it)
  sign-documents --token T --key K (ID... | --status draft | --awaiting) [--allow-duplicates]
                                                 one PIN for the batch; a payment order repeating one already
                                                 signed or sent (number, date, amount, payee) is skipped unless allowed
                                                 (exit 3: some skipped)
  sync [--wait SECONDS [--until-final]]          send the outbox, fetch statuses, receipts, bank data; --wait retries
                                                 until nothing waits to be sent, --until-final also until every document
                                                 sent is executed, rejected or recalled (statuses follow the bank's clock)
  accounts                                       the company's accounts and balances (as the last sync brought them)
  statements export --format 1c|camt053 --account A --from D --to D --out FILE
  statements print --account A --from D --to D --out FILE.pdf [--time-zone Z] [--font F.ttf]
                                                 the statement as PDF
  contracts | schedule CONTRACT | messages
  audit verify                                   check the audit log's hash chain
  directory load FILE                            the Bank of Russia's BIC directory (ED807 XML) into the profile
                                                 (the exchange also fetches the bank's when it changes)
  directory show                                 which BIC directory the profile holds

Common options:
  --module PATH     PKCS#11 module (else PKCS11_MODULE, else a known module)
  --token T         token label or serial number
  --json            machine-readable output
  --lang en|ru      language (default: from LANG)
PINs come from BANKCLIENT_PIN, BANKCLIENT_NEW_PIN and BANKCLIENT_SO_PIN, or are asked for
without echo; never from the command line.
Exit codes: 0 all done; 3 done, with documents skipped (import, sign-documents: each is listed with
its reason); 1 failed; 2 a wrong command line.`,
  tokensNone: 'No tokens present.',
  tokenLine: (label: string, serial: string, model: string, pin: string) => `${label}  serial ${serial}  ${model}  PIN: ${pin}`,
  pinStates: { ok: 'ok', 'count-low': 'few tries left', 'final-try': 'one try left', locked: 'locked' } as Record<string, string>,
  mustChange: 'must be changed',
  keysNone: 'No keys on the token.',
  keyLine: (label: string, id: string, alg: string, cert: string) => `${label || '(no label)'}  ${alg}  id ${id}  ${cert}`,
  noCertificate: 'no certificate',
  certificateUntil: (subject: string, until: string) => `certificate "${subject}" valid until ${until}`,
  certsNone: 'No certificates on the token.',
  certLine: (kind: string, subject: string, until: string, id: string) => `${kind}  ${subject}  until ${until}  id ${id}`,
  certKindOwn: 'signer',
  certKindCa: 'CA',
  generated: (label: string, alg: string, id: string) => `Generated ${alg} key "${label}" on the token, id ${id}.`,
  deleted: (label: string, n: number) => `Deleted key "${label}" (${n} objects).`,
  csrWritten: (path: string) => `Certificate request written to ${path}.`,
  imported: (subject: string, present: boolean) => (present ? `Already on the token: ${subject}` : `Imported: ${subject}`),
  signed: (path: string, bytes: number) => `Signature written to ${path} (${bytes} bytes).`,
  pinChanged: 'PIN changed.',
  pinUnblocked: 'User PIN set with the SO PIN; the PIN is unblocked.',
  verifyOk: (n: number) => (n === 1 ? 'The signature verifies.' : `All ${n} signatures verify.`),
  verifyFailed: 'Verification FAILED.',
  signerLine: (i: number, subject: string, time: string) => `Signer ${i}: ${subject}, signed at ${time}`,
  promptPin: 'PIN: ',
  promptNewPin: 'New PIN: ',
  promptNewPinAgain: 'New PIN again: ',
  promptSoPin: 'SO PIN: ',
  pinName: 'PIN',
  newPinName: 'new PIN',
  soPinName: 'SO PIN',
  tokenDetails: (flags: string, min: number, max: number, fw: string, hw: string) => `flags: ${flags}\nPIN length: ${min}-${max}\nfirmware ${fw}, hardware ${hw}`,
  unknownCommand: (c: string) => `Unknown command "${c}"`,
  directoryLoaded: (date: string, count: number, file: string) => `BIC directory of ${date} loaded from ${file}: ${count} banks.`,
  directoryHeld: (date: string, count: number, origin: string, loadedAt: string) => `BIC directory of ${date}: ${count} banks, ${origin === 'bank' ? "from the bank's exchange, the bank's signature verified," : "loaded by hand from a file, without the bank's signature,"} at ${loadedAt}.`,
  missingOption: (o: string) => `Option --${o} is required`,
  unknownOption: (o: string) => `Unknown option ${o}`,
  optionNeedsValue: (o: string) => `Option ${o} needs a value`,
  // The argument itself is not shown: it may be a mistyped PIN. Positions count from the command.
  unexpectedArgument: (n: number) => `Unexpected argument at position ${n}`,
  help: 'Help',
  outputIsInput: (out: string, option: string, other: string) =>
    `The output file ${out} (--out) is the same file as ${other} (--${option}); it would be overwritten. Choose another --out.`,
  cannotWrite: (path: string, code: string, hint: string | undefined) => `Cannot write ${path}: ${code}${hint ? ` (${hint})` : ''}`,
  writeProblems: {
    ENOENT: 'the folder does not exist',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
  } as Record<string, string>,
  cancelled: 'cancelled',
  missingEnrolmentCode:
    'The one-time enrolment code is required: set BANKCLIENT_ENROLMENT_CODE=CODE (kept out of the process list and shell history) or give --code CODE. The bank gives it to each person (the sandbox: npm run sandbox-officer -- codes, or enrolmentCodes in its start line)',
  missingTotp:
    'A one-time code is required: --totp-secret-file FILE (the file enroll --totp-out wrote; the code is computed for the current time) or BANKCLIENT_TOTP=CODE (the 6 digits your authenticator app shows now; each code works once)',
  totpFileUnreadable: (file: string, why: string) => `--totp-secret-file ${file}: cannot read it: ${why}`,
  totpFileInvalid: (file: string) => `--totp-secret-file ${file}: no one-time-code secret in it (expected the otpauth:// line enroll --totp-out wrote, or the base32 secret)`,
  untilFinalNeedsWait: '--until-final waits for final statuses: give it --wait SECONDS too',
  notWithAwaiting: (o: string) => `--awaiting lists what the bank says awaits your signature; it does not take --${o}`,
  notSigned: (id: string, status: string) => `Document ${id} is not signed (status ${status}): there are no signed bytes to export`,
  notAFolder: (dir: string) => `--out ${dir}: not an existing folder`,
  trustUnreadable: (path: string, code: string, hint: string | undefined) => `--trust ${path}: cannot read the trusted certificate file: ${hint ?? code}`,
  trustNotCertificate: (path: string) =>
    `--trust ${path}: not a certificate (neither a PEM "BEGIN CERTIFICATE" block nor a DER certificate). Give the bank CA's certificate, e.g. bank-ca.pem from documents export-signed`,
  readProblems: {
    ENOENT: 'the file does not exist',
    EISDIR: 'it is a folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
  } as Record<string, string>,
};

export type Text = typeof en;

const ru: Text = {
  usage: `Использование: bankclient <команда> [параметры]

Токены и ключи:
  token list                               подключённые токены и состояние PIN-кода
  token info --token T                     подробно об одном токене
  token change-pin --token T               BANKCLIENT_PIN (текущий) -> BANKCLIENT_NEW_PIN
  token unblock --token T                  BANKCLIENT_SO_PIN задаёт BANKCLIENT_NEW_PIN
  key generate --token T --algorithm ec-p256|ec-p384|rsa-2048|rsa-3072|gost2012-256[:SET]|gost2012-512[:SET] --label ИМЯ
                                           SET для 256: cryptopro-a (по умолчанию)|cryptopro-b|cryptopro-c|tc26-256-a;
                                           для 512: tc26-512-a (по умолчанию)|tc26-512-b|tc26-512-c (какие умеет токен)
  key list --token T
  key delete --token T --key МЕТКА|ID
  csr create --token T --key МЕТКА|ID --subject "CN=...,O=...,1.2.643.100.4=..." --out ФАЙЛ.pem [--pss]
  cert import --token T --in CERT.pem [--chain CA.pem]
  cert list --token T
  sign --token T --key МЕТКА|ID --in ФАЙЛ --out ФАЙЛ.p7s [--pss] [--add-to ИМЕЮЩАЯСЯ.p7s]
  verify --in ФАЙЛ --signature ФАЙЛ.p7s --trust CA.pem [--trust ...]

Работа с банком (профиль — --data-dir или BANKCLIENT_HOME; банк — --bank URL):
  enroll --token T --key МЕТКА [--subject S] (BANKCLIENT_ENROLMENT_CODE | --code КОД) [--algorithm A] [--act АКТ.pdf|АКТ.txt]
         [--totp-out ФАЙЛ] [--wait СЕКУНДЫ]      первый сертификат: ключ, запрос, акт, отправка, установка; без
                                                 --subject банк называет владельца кода (ФИО, должность, организация,
                                                 ИНН), и запрос делается на его имя; CN в --subject должен совпадать
                                                 с этим ФИО; --totp-out ФАЙЛ сохраняет секрет одноразовых кодов,
                                                 который читает login --totp-secret-file ФАЙЛ
  enroll --resume --token T [--wait СЕКУНДЫ]     установить сертификат после одобрения банком
  renew --token T --key ТЕКУЩИЙ --new-key МЕТКА --subject S [--algorithm A]
  login --token T --key K (--totp-secret-file F | BANKCLIENT_TOTP=КОД)
                                                 подпись токеном + одноразовый код: вычисляется из файла, записанного
                                                 enroll --totp-out, или 6 цифр, которые сейчас показывает аутентификатор
  logout                                         завершить сеанс в банке и удалить его здесь (код 1, если банк недоступен)
  import ФАЙЛ                                    1С (1CClientBankExchange) или pain.001 в черновики (код 3: часть не загружена)
        [--ids-out IDS.txt]                      id всех созданных черновиков, по одному в строке (в выводе первые 1 000
                                                 загруженных и отклонённых; счётчики всегда полные)
  documents list [--status S,S] [--kind K] [--search ТЕКСТ] [--from Д] [--to Д] [--limit N]
  documents list --awaiting                      что ждёт моей подписи в банке (по последнему обмену)
  documents show ID | documents validate [ID...]
  documents export --format pain001 --out ФАЙЛ (ID... | --status S)        платёжные поручения в pain.001.001.09
  documents print ID... --out ФАЙЛ.pdf [--time-zone ЗОНА] [--font Ф.ttf]  подписанные документы в PDF (платёжные поручения по форме 0401060)
  documents export-signed ID --out ПАПКА         ПАПКА/ID.json (подписанные байты), ПАПКА/ID.p7s (подпись CMS) и
                                                 ПАПКА/bank-ca.pem для bankclient verify и openssl cms -verify
  documents recall ID --reason ТЕКСТ --token T --key K
                                                 отозвать отправленный и ещё не исполненный документ: запрос,
                                                 подписанный на токене (один PIN); банк решает сразу (код 1: отказ или нет квитанции об отзыве)
  sign-documents --token T --key K (ID... | --status draft | --awaiting) [--allow-duplicates]
                                                 один ввод PIN на пакет; платёжное поручение, повторяющее уже
                                                 подписанное или отправленное (номер, дата, сумма, получатель), пропускается, если не разрешено
                                                 (код 3: часть пропущена)
  sync [--wait СЕКУНДЫ [--until-final]]          отправить очередь, получить статусы, квитанции, данные; --wait повторяет,
                                                 пока есть что отправить, --until-final — ещё и пока каждый отправленный
                                                 документ не исполнен, не отклонён или не отозван (статусы идут по часам банка)
  accounts                                       счета компании и остатки (по последнему обмену)
  statements export --format 1c|camt053 --account СЧЁТ --from Д --to Д --out ФАЙЛ
  statements print --account СЧЁТ --from Д --to Д --out ФАЙЛ.pdf [--time-zone ЗОНА] [--font Ф.ttf]
                                                 выписка в PDF
  contracts | schedule ДОГОВОР | messages
  audit verify                                   проверить цепочку журнала аудита
  directory load ФАЙЛ                            загрузить справочник БИК Банка России (ED807, XML) в профиль
                                                 (при обмене справочник банка тоже загружается, если он изменился)
  directory show                                 какой справочник БИК хранится в профиле

Общие параметры:
  --module ПУТЬ     модуль PKCS#11 (иначе PKCS11_MODULE, иначе известный модуль)
  --token T         метка или серийный номер токена
  --json            вывод для программ
  --lang en|ru      язык (по умолчанию из LANG)
PIN-коды берутся из BANKCLIENT_PIN, BANKCLIENT_NEW_PIN и BANKCLIENT_SO_PIN или запрашиваются
без отображения; никогда не из командной строки.
Коды выхода: 0 всё выполнено; 3 выполнено, но часть документов пропущена (import, sign-documents:
каждый указан с причиной); 1 ошибка; 2 неверная командная строка.`,
  tokensNone: 'Токены не подключены.',
  tokenLine: (label, serial, model, pin) => `${label}  серийный № ${serial}  ${model}  PIN: ${pin}`,
  pinStates: { ok: 'в порядке', 'count-low': 'осталось мало попыток', 'final-try': 'осталась одна попытка', locked: 'заблокирован' },
  mustChange: 'требуется сменить',
  keysNone: 'На токене нет ключей.',
  keyLine: (label, id, alg, cert) => `${label || '(без метки)'}  ${alg}  id ${id}  ${cert}`,
  noCertificate: 'нет сертификата',
  certificateUntil: (subject, until) => `сертификат «${subject}» действует до ${until}`,
  certsNone: 'На токене нет сертификатов.',
  certLine: (kind, subject, until, id) => `${kind}  ${subject}  до ${until}  id ${id}`,
  certKindOwn: 'подписант',
  certKindCa: 'УЦ',
  generated: (label, alg, id) => `На токене создан ключ ${alg} «${label}», id ${id}.`,
  deleted: (label, n) => `Ключ «${label}» удалён (объектов: ${n}).`,
  csrWritten: (path) => `Запрос на сертификат записан в ${path}.`,
  imported: (subject, present) => (present ? `Уже на токене: ${subject}` : `Импортирован: ${subject}`),
  signed: (path, bytes) => `Подпись записана в ${path} (${bytes} байт).`,
  pinChanged: 'PIN-код изменён.',
  pinUnblocked: 'PIN-код пользователя задан SO PIN-кодом; блокировка снята.',
  verifyOk: (n) => `Все подписи (${n}) верны.`,
  verifyFailed: 'Проверка НЕ ПРОЙДЕНА.',
  signerLine: (i, subject, time) => `Подписант ${i}: ${subject}, время подписи ${time}`,
  promptPin: 'PIN-код: ',
  promptNewPin: 'Новый PIN-код: ',
  promptNewPinAgain: 'Новый PIN-код ещё раз: ',
  promptSoPin: 'SO PIN-код: ',
  pinName: 'PIN-код',
  newPinName: 'новый PIN-код',
  soPinName: 'SO PIN-код',
  tokenDetails: (flags, min, max, fw, hw) => `флаги: ${flags}\nдлина PIN-кода: ${min}-${max}\nпрошивка ${fw}, аппаратная версия ${hw}`,
  unknownCommand: (c) => `Неизвестная команда «${c}»`,
  directoryLoaded: (date, count, file) => `Справочник БИК на ${date} загружен из ${file}: банков — ${count}.`,
  directoryHeld: (date, count, origin, loadedAt) => `Справочник БИК на ${date}: банков — ${count}, ${origin === 'bank' ? 'получен при обмене с банком, подпись банка проверена,' : 'загружен вручную из файла, без подписи банка,'} ${loadedAt}.`,
  missingOption: (o) => `Требуется параметр --${o}`,
  unknownOption: (o) => `Неизвестный параметр ${o}`,
  optionNeedsValue: (o) => `Параметру ${o} нужно значение`,
  unexpectedArgument: (n) => `Лишний аргумент на позиции ${n}`,
  help: 'Справка',
  outputIsInput: (out, option, other) =>
    `Выходной файл ${out} (--out) — тот же файл, что и ${other} (--${option}); он был бы перезаписан. Укажите другой --out.`,
  cannotWrite: (path, code, hint) => `Не удалось записать ${path}: ${code}${hint ? ` (${hint})` : ''}`,
  writeProblems: {
    ENOENT: 'папка не существует',
    ENOTDIR: 'часть пути — не папка',
    EISDIR: 'это папка',
    EACCES: 'нет прав доступа',
    EPERM: 'операция не разрешена',
    EROFS: 'файловая система только для чтения',
    ENOSPC: 'на устройстве нет места',
    EDQUOT: 'превышена дисковая квота',
  },
  cancelled: 'отменено',
  missingEnrolmentCode:
    'Нужен одноразовый код подключения: задайте BANKCLIENT_ENROLMENT_CODE=КОД (его не видно в списке процессов и истории) или укажите --code КОД. Банк выдаёт его каждому сотруднику (песочница: npm run sandbox-officer -- codes или enrolmentCodes в её первой строке)',
  missingTotp:
    'Нужен одноразовый код: --totp-secret-file ФАЙЛ (файл, записанный enroll --totp-out; код вычисляется на текущее время) или BANKCLIENT_TOTP=КОД (6 цифр, которые сейчас показывает приложение-аутентификатор; каждый код действует один раз)',
  totpFileUnreadable: (file, why) => `--totp-secret-file ${file}: не удалось прочитать: ${why}`,
  totpFileInvalid: (file) => `--totp-secret-file ${file}: в нём нет секрета одноразовых кодов (ожидается строка otpauth://, записанная enroll --totp-out, или секрет base32)`,
  untilFinalNeedsWait: '--until-final ждёт окончательных статусов: укажите и --wait СЕКУНДЫ',
  notWithAwaiting: (o) => `--awaiting показывает то, что по словам банка ждёт вашей подписи; параметр --${o} с ним не используется`,
  notSigned: (id, status) => `Документ ${id} не подписан (статус ${status}): подписанных байтов для выгрузки нет`,
  notAFolder: (dir) => `--out ${dir}: такой папки нет`,
  trustUnreadable: (path, code, hint) => `--trust ${path}: не удалось прочитать файл доверенного сертификата: ${hint ?? code}`,
  trustNotCertificate: (path) =>
    `--trust ${path}: это не сертификат (нет ни блока PEM «BEGIN CERTIFICATE», ни сертификата DER). Укажите сертификат УЦ банка, например bank-ca.pem из documents export-signed`,
  readProblems: {
    ENOENT: 'файла нет',
    EISDIR: 'это папка',
    EACCES: 'нет прав доступа',
    EPERM: 'операция не разрешена',
  },
};

export const TEXT: Record<Locale, Text> = { en, ru };
