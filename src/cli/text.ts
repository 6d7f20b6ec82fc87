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
  enroll --token T --key LABEL --subject S (--code CODE | BANKCLIENT_ENROLMENT_CODE) [--algorithm A] [--act ACT.pdf|ACT.txt]
         [--totp-out FILE] [--wait SECONDS]      first certificate: key, request, act, submit, install
  enroll --resume --token T [--wait SECONDS]     install the certificate once the bank approved it
  renew --token T --key CURRENT --new-key LABEL --subject S [--algorithm A]
  login --token T --key K [--totp-secret-file F]  token signature + one-time code (BANKCLIENT_TOTP)
  logout                                         end the session on the bank and drop it here (exit 1 if the bank was not reached)
  import FILE                                    1C (1CClientBankExchange) or pain.001 into drafts
  documents list [--status S,S] [--kind K] [--search TEXT] [--from D] [--to D] [--limit N]
  documents show ID | documents validate [ID...]
  documents export --format pain001 --out FILE (ID... | --status S)        payment orders as pain.001.001.09
  documents print ID... --out FILE.pdf [--time-zone Z] [--font F.ttf]     signed documents as PDF (payment orders on form 0401060)
  sign-documents --token T --key K (ID... | --status draft | --awaiting) [--allow-duplicates]
                                                 one PIN for the batch; a payment order repeating one already
                                                 signed or sent (number, date, amount, payee) is skipped unless allowed
  sync [--wait SECONDS]                          send the outbox, fetch statuses, receipts, bank data
  statements export --format 1c|camt053 --account A --from D --to D --out FILE
  statements print --account A --from D --to D --out FILE.pdf [--time-zone Z] [--font F.ttf]
                                                 the statement as PDF
  contracts | schedule CONTRACT | messages
  audit verify                                   check the audit log's hash chain

Common options:
  --module PATH     PKCS#11 module (else PKCS11_MODULE, else a known module)
  --token T         token label or serial number
  --json            machine-readable output
  --lang en|ru      language (default: from LANG)
PINs come from BANKCLIENT_PIN, BANKCLIENT_NEW_PIN and BANKCLIENT_SO_PIN, or are asked for
without echo; never from the command line. Exit code 0 only on success.`,
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
  verifyOk: (n: number) => `All ${n} signature(s) verify.`,
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
  enroll --token T --key МЕТКА --subject S (--code КОД | BANKCLIENT_ENROLMENT_CODE) [--algorithm A] [--act АКТ.pdf|АКТ.txt]
         [--totp-out ФАЙЛ] [--wait СЕКУНДЫ]      первый сертификат: ключ, запрос, акт, отправка, установка
  enroll --resume --token T [--wait СЕКУНДЫ]     установить сертификат после одобрения банком
  renew --token T --key ТЕКУЩИЙ --new-key МЕТКА --subject S [--algorithm A]
  login --token T --key K [--totp-secret-file F]  подпись токеном + одноразовый код (BANKCLIENT_TOTP)
  logout                                         завершить сеанс в банке и удалить его здесь (код 1, если банк недоступен)
  import ФАЙЛ                                    1С (1CClientBankExchange) или pain.001 в черновики
  documents list [--status S,S] [--kind K] [--search ТЕКСТ] [--from Д] [--to Д] [--limit N]
  documents show ID | documents validate [ID...]
  documents export --format pain001 --out ФАЙЛ (ID... | --status S)        платёжные поручения в pain.001.001.09
  documents print ID... --out ФАЙЛ.pdf [--time-zone ЗОНА] [--font Ф.ttf]  подписанные документы в PDF (платёжные поручения по форме 0401060)
  sign-documents --token T --key K (ID... | --status draft | --awaiting) [--allow-duplicates]
                                                 один ввод PIN на пакет; платёжное поручение, повторяющее уже
                                                 подписанное или отправленное (номер, дата, сумма, получатель), пропускается, если не разрешено
  sync [--wait СЕКУНДЫ]                          отправить очередь, получить статусы, квитанции, данные
  statements export --format 1c|camt053 --account СЧЁТ --from Д --to Д --out ФАЙЛ
  statements print --account СЧЁТ --from Д --to Д --out ФАЙЛ.pdf [--time-zone ЗОНА] [--font Ф.ttf]
                                                 выписка в PDF
  contracts | schedule ДОГОВОР | messages
  audit verify                                   проверить цепочку журнала аудита

Общие параметры:
  --module ПУТЬ     модуль PKCS#11 (иначе PKCS11_MODULE, иначе известный модуль)
  --token T         метка или серийный номер токена
  --json            вывод для программ
  --lang en|ru      язык (по умолчанию из LANG)
PIN-коды берутся из BANKCLIENT_PIN, BANKCLIENT_NEW_PIN и BANKCLIENT_SO_PIN или запрашиваются
без отображения; никогда не из командной строки. Код выхода 0 только при успехе.`,
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
};

export const TEXT: Record<Locale, Text> = { en, ru };
