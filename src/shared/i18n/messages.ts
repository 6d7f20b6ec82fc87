/**
 * Every user-facing message, in English and Russian. A message is a function of named
 * parameters so that a translation can put them where its grammar needs them.
 */
import type { Entry, Params } from './entry.ts';
import { formatMessages } from './formats-messages.ts';
import { clientMessages } from './client-messages.ts';
import { printMessages } from './print-messages.ts';
import { uiMessages } from './ui/index.ts';

const pinTries = {
  en: (p: Params) =>
    p.state === 'final-try'
      ? 'The token reports one try left before the PIN locks.'
      : p.state === 'count-low'
        ? 'The token reports that few tries are left before the PIN locks.'
        : p.state === 'locked'
          ? 'The PIN is now locked.'
          : 'The token does not report how many tries are left.',
  ru: (p: Params) =>
    p.state === 'final-try'
      ? 'Токен сообщает: осталась одна попытка до блокировки PIN-кода.'
      : p.state === 'count-low'
        ? 'Токен сообщает: до блокировки PIN-кода осталось мало попыток.'
        : p.state === 'locked'
          ? 'PIN-код заблокирован.'
          : 'Токен не сообщает, сколько попыток осталось.',
};

export const messages = {
  // App
  'app.title': { en: () => 'Bank Client', ru: () => 'Банк-Клиент' },
  // PKCS#11 module
  'module.not-found': {
    en: (p) => `No PKCS#11 module found. Looked in: ${p.places}. Install the token's driver or give its path with --module or PKCS11_MODULE.`,
    ru: (p) => `Модуль PKCS#11 не найден. Проверены пути: ${p.places}. Установите драйвер токена или укажите путь к модулю в --module или PKCS11_MODULE.`,
  },
  'module.missing-file': {
    en: (p) => `The PKCS#11 module ${p.path} (from ${p.source}) does not exist.`,
    ru: (p) => `Модуль PKCS#11 ${p.path} (из ${p.source}) не существует.`,
  },
  'module.init-failed': {
    en: (p) => `The PKCS#11 module ${p.path} could not start (${p.ckr}). For SoftHSM2, check that SOFTHSM2_CONF names a config you can read whose token directory you can write.`,
    ru: (p) => `Модуль PKCS#11 ${p.path} не запустился (${p.ckr}). Для SoftHSM2 проверьте, что SOFTHSM2_CONF указывает на доступный для чтения файл настроек, а каталог токенов в нём доступен для записи.`,
  },
  'module.load-failed': {
    en: (p) => `Could not load the PKCS#11 module ${p.path}: ${p.reason}`,
    ru: (p) => `Не удалось загрузить модуль PKCS#11 ${p.path}: ${p.reason}`,
  },
  // Tokens
  'token.not-found': {
    en: (p) => `No token with label or serial "${p.query}". Tokens present: ${p.present || 'none'}.`,
    ru: (p) => `Нет токена с меткой или серийным номером «${p.query}». Подключены: ${p.present || 'нет'}.`,
  },
  'token.ambiguous': {
    en: (p) => `Several tokens match "${p.query}" (${p.matches}); name one by its serial number.`,
    ru: (p) => `Под «${p.query}» подходят несколько токенов (${p.matches}); укажите серийный номер.`,
  },
  'token.removed': {
    en: () => 'The token was removed during the operation. Insert it again and repeat.',
    ru: () => 'Токен извлечён во время операции. Подключите его снова и повторите.',
  },
  'token.not-recognized': {
    en: () => 'The token in the reader is not recognised by this PKCS#11 module.',
    ru: () => 'Модуль PKCS#11 не распознаёт токен в считывателе.',
  },
  'token.write-protected': {
    en: () => 'The token is write-protected.',
    ru: () => 'Токен защищён от записи.',
  },
  'token.memory-full': {
    en: () => 'The token has no room left for new objects.',
    ru: () => 'На токене не осталось места для новых объектов.',
  },
  'token.function-unsupported': {
    en: (p) => `This token does not implement ${p.fn}.`,
    ru: (p) => `Этот токен не поддерживает функцию ${p.fn}.`,
  },
  'token.template-refused': {
    en: (p) => `The token refused the object's attributes in ${p.fn} (${p.ckr}); it may not support this kind of key or certificate.`,
    ru: (p) => `Токен отклонил атрибуты объекта в ${p.fn} (${p.ckr}); возможно, он не поддерживает такой ключ или сертификат.`,
  },
  'token.device-error': {
    en: (p) => `The token failed in ${p.fn} (${p.ckr}). Take it out, insert it again and repeat; if it keeps failing, it may be damaged.`,
    ru: (p) => `Сбой токена в ${p.fn} (${p.ckr}). Извлеките и снова подключите токен и повторите; если сбой повторяется, токен может быть неисправен.`,
  },
  'module.not-initialized': {
    en: () => 'The PKCS#11 module is not running (it failed to restart). Repeat the operation; if it fails again, restart the app.',
    ru: () => 'Модуль PKCS#11 не запущен (не удалось перезапустить). Повторите операцию; если ошибка повторится, перезапустите приложение.',
  },
  'key.unsupported-public-key': {
    en: (p) => `${p.source}: the public key's algorithm (${p.oid}) is not supported; use RSA or ECDSA P-256/P-384.`,
    ru: (p) => `${p.source}: алгоритм открытого ключа (${p.oid}) не поддерживается; используйте RSA или ECDSA P-256/P-384.`,
  },
  'token.busy': {
    en: () => 'The token is busy with another operation. Try again.',
    ru: () => 'Токен занят другой операцией. Повторите попытку.',
  },
  'token.not-logged-in': {
    en: () => 'Log in to the token with its PIN first.',
    ru: () => 'Сначала войдите на токен с PIN-кодом.',
  },
  // PIN
  'pin.incorrect': {
    en: (p) => `Wrong PIN. ${pinTries.en(p)}`,
    ru: (p) => `Неверный PIN-код. ${pinTries.ru(p)}`,
  },
  'pin.locked': {
    en: () => 'The PIN is locked after too many wrong tries. The security officer can unblock it with the SO PIN.',
    ru: () => 'PIN-код заблокирован после нескольких неверных попыток. Офицер безопасности может разблокировать его SO PIN-кодом.',
  },
  'pin.so-incorrect': {
    en: (p) => `Wrong SO PIN. ${pinTries.en(p)}`,
    ru: (p) => `Неверный SO PIN-код. ${pinTries.ru(p)}`,
  },
  'pin.so-locked': {
    en: () => 'The SO PIN is locked. The token has to be re-initialised; its keys will be lost.',
    ru: () => 'SO PIN-код заблокирован. Токен придётся инициализировать заново; ключи на нём будут потеряны.',
  },
  'pin.expired': {
    en: () => 'The PIN has expired and must be changed before use.',
    ru: () => 'Срок действия PIN-кода истёк; смените его перед использованием.',
  },
  'pin.invalid': {
    en: () => 'The PIN contains characters the token does not accept.',
    ru: () => 'PIN-код содержит символы, которые токен не принимает.',
  },
  'pin.length': {
    en: () => 'The PIN is too short or too long for this token (see its PIN length in "token info").',
    ru: () => 'PIN-код слишком короткий или слишком длинный для этого токена (допустимую длину показывает «token info»).',
  },
  'pin.missing': {
    en: (p) => `No ${p.what} given: set ${p.env} or run in a terminal to be asked for it.`,
    ru: (p) => `Не задан ${p.what}: установите ${p.env} или запустите в терминале, чтобы ввести его.`,
  },
  'pin.mismatch': {
    en: () => 'The two entries of the new PIN differ.',
    ru: () => 'Две записи нового PIN-кода не совпадают.',
  },
  'pin.already-logged-in': {
    en: () => 'Another user is already logged in to the token.',
    ru: () => 'На токен уже вошёл другой пользователь.',
  },
  'pin.user-not-initialized': {
    en: () => 'The token has no user PIN yet; the security officer must set one.',
    ru: () => 'На токене ещё не задан PIN-код пользователя; его должен задать офицер безопасности.',
  },
  // Keys and mechanisms
  'key.not-found': {
    en: (p) => `No key "${p.query}" on token ${p.token}. Keys there: ${p.present}.`,
    ru: (p) => `На токене ${p.token} нет ключа «${p.query}». Ключи на токене: ${p.present}.`,
  },
  'key.ambiguous': {
    en: (p) => `Several keys are labelled "${p.query}"; name one by its ID (${p.ids}).`,
    ru: (p) => `Метку «${p.query}» носят несколько ключей; укажите ключ по ID (${p.ids}).`,
  },
  'key.label-taken': {
    en: (p) => `Token ${p.token} already has a key labelled "${p.label}". Choose another label.`,
    ru: (p) => `На токене ${p.token} уже есть ключ с меткой «${p.label}». Выберите другую метку.`,
  },
  'key.unsupported-type': {
    en: (p) => `The key "${p.label}" is of a type this app cannot sign with (${p.type}).`,
    ru: (p) => `Ключом «${p.label}» этого типа (${p.type}) приложение подписывать не умеет.`,
  },
  'key.gost-needs-streebog': {
    en: (p) => `The key "${p.label}" is a GOST key (${p.algorithm}): it signs with GOST R 34.11-2012 (Streebog), which this operation does not support yet.`,
    ru: (p) => `Ключ «${p.label}» — ключ ГОСТ (${p.algorithm}): он подписывает с хешем ГОСТ Р 34.11-2012 («Стрибог»), а эта операция его пока не поддерживает.`,
  },
  'key.invalid': {
    en: () => 'The token refused the key for this operation.',
    ru: () => 'Токен отказался использовать ключ для этой операции.',
  },
  'mechanism.unsupported': {
    en: (p) => `The token does not support ${p.mechanism}.`,
    ru: (p) => `Токен не поддерживает механизм ${p.mechanism}.`,
  },
  'mechanism.gost-unavailable': {
    en: (p) =>
      `Token ${p.token} cannot make ${p.algorithm} keys: it does not offer the GOST R 34.10-2012 mechanisms for them (it offers: ${p.offered || 'none'}). Use a token with GOST support or another algorithm${p.offered ? '' : `; if this token has GOST, check that ${p.module} is its module (--module PATH)`}.`,
    ru: (p) =>
      `Токен ${p.token} не умеет создавать ключи ${p.algorithm}: в нём нет механизмов ГОСТ Р 34.10-2012 для них (есть: ${p.offered || 'никаких'}). Используйте токен с поддержкой ГОСТ или другой алгоритм${p.offered ? '' : `; если ГОСТ в токене есть, проверьте, что ${p.module} — его модуль (--module ПУТЬ)`}.`,
  },
  'mechanism.gost-params-refused': {
    en: (p) => `Token ${p.token} offers GOST R 34.10-2012 but refused to make a ${p.algorithm} key (${p.ckr}). Tokens differ in the parameter sets they make (SoftHSM2 makes only CryptoPro-A): try another parameter set, such as gost2012-256:cryptopro-a.`,
    ru: (p) => `Токен ${p.token} поддерживает ГОСТ Р 34.10-2012, но отказался создать ключ ${p.algorithm} (${p.ckr}). Токены создают ключи с разными наборами параметров (SoftHSM2 — только CryptoPro-A): попробуйте другой набор, например gost2012-256:cryptopro-a.`,
  },
  'mechanism.gost-softhsm-engine': {
    en: (p) =>
      `Token ${p.token} (SoftHSM2) failed in ${p.operation} with its GOST key (${p.ckr}): SoftHSM2's GOST needs OpenSSL's gost engine, which it cannot find inside this program without OPENSSL_ENGINES. Set it to OpenSSL's engines folder (\`openssl version -e\` shows it), e.g. export OPENSSL_ENGINES=/usr/lib/x86_64-linux-gnu/engines-3, and try again.`,
    ru: (p) =>
      `Токен ${p.token} (SoftHSM2) не выполнил ${p.operation} с ключом ГОСТ (${p.ckr}): ГОСТ в SoftHSM2 работает через движок gost OpenSSL, а внутри этой программы он находит его только по переменной OPENSSL_ENGINES. Задайте её — папку движков OpenSSL (её показывает \`openssl version -e\`), например export OPENSSL_ENGINES=/usr/lib/x86_64-linux-gnu/engines-3, и повторите.`,
  },
  'mechanism.gost-sign-unavailable': {
    en: (p) => `Token ${p.token} cannot sign with its ${p.algorithm} key: it does not offer the GOST R 34.10-2012 signing mechanisms for it (it offers: ${p.offered || 'none'}).`,
    ru: (p) => `Токен ${p.token} не умеет подписывать своим ключом ${p.algorithm}: в нём нет механизмов подписи ГОСТ Р 34.10-2012 для него (есть: ${p.offered || 'никаких'}).`,
  },
  'algorithm.unknown': {
    en: (p) => `Unknown algorithm "${p.value}". Use one of: ${p.allowed}.`,
    ru: (p) => `Неизвестный алгоритм «${p.value}». Допустимы: ${p.allowed}.`,
  },
  'pkcs11.failed': {
    en: (p) => `The token reported an error in ${p.fn}: ${p.ckr}.`,
    ru: (p) => `Токен сообщил об ошибке в ${p.fn}: ${p.ckr}.`,
  },
  // Certificates
  'cert.unreadable': {
    en: (p) => `${p.source}: not a certificate (expected PEM "BEGIN CERTIFICATE" or DER): ${p.reason}`,
    ru: (p) => `${p.source}: это не сертификат (ожидается PEM «BEGIN CERTIFICATE» или DER): ${p.reason}`,
  },
  'cert.no-matching-key': {
    en: (p) => `The certificate "${p.subject}" is for a public key that matches no key on token ${p.token}. It was not imported.`,
    ru: (p) => `Сертификат «${p.subject}» выдан на открытый ключ, которого нет на токене ${p.token}. Сертификат не импортирован.`,
  },
  'cert.missing-for-key': {
    en: (p) => `Key "${p.label}" has no certificate on the token. Import the certificate the bank issued for it first.`,
    ru: (p) => `Для ключа «${p.label}» на токене нет сертификата. Сначала импортируйте сертификат, выданный банком.`,
  },
  'cert.chain-invalid': {
    en: (p) => `The chain certificate "${p.subject}" was refused: ${p.reason}. Nothing was imported.`,
    ru: (p) => `Сертификат цепочки «${p.subject}» отклонён: ${p.reasonRu}. Ничего не импортировано.`,
  },
  'cert.not-valid-now': {
    en: (p) => `No certificate of key "${p.label}" is valid now; the latest was valid from ${p.from} to ${p.to}. Renew it.`,
    ru: (p) => `Ни один сертификат ключа «${p.label}» сейчас не действует; последний действовал с ${p.from} по ${p.to}. Обновите сертификат.`,
  },
  // Subjects and CSRs
  'subject.syntax': {
    en: (p) => `Subject, at character ${p.at}: ${p.reason}`,
    ru: (p) => `Субъект, символ ${p.at}: ${p.reasonRu ?? p.reason}`,
  },
  'subject.unknown-attribute': {
    en: (p) => `Subject: unknown attribute "${p.name}". Use one of ${p.allowed}, or a dotted OID.`,
    ru: (p) => `Субъект: неизвестный атрибут «${p.name}». Допустимы ${p.allowed} или OID через точки.`,
  },
  'subject.invalid-value': {
    en: (p) => `Subject attribute ${p.name}: ${p.reason}`,
    ru: (p) => `Атрибут субъекта ${p.name}: ${p.reasonRu}`,
  },
  'subject.no-cn': {
    en: () => 'Subject: CN (the signer\'s name) is required.',
    ru: () => 'Субъект: обязателен CN (имя владельца подписи).',
  },
  // CMS
  'cms.unreadable': {
    en: (p) => `${p.source}: not a CMS SignedData structure: ${p.reason}`,
    ru: (p) => `${p.source}: это не структура CMS SignedData: ${p.reason}`,
  },
  'cms.content-mismatch': {
    en: () => 'The existing signature is over other content than the file given; no signer was added.',
    ru: () => 'Имеющаяся подпись сделана для другого содержимого, не для указанного файла; подпись не добавлена.',
  },
  'cms.signer-exists': {
    en: (p) => `"${p.subject}" has already signed this content.`,
    ru: (p) => `«${p.subject}» уже подписал это содержимое.`,
  },
  'cms.no-signers': {
    en: () => 'The signature file holds no signers.',
    ru: () => 'В файле подписи нет ни одной подписи.',
  },
  'verify.digest': {
    en: () => 'the content differs from what was signed (message digest mismatch)',
    ru: () => 'содержимое отличается от подписанного (не совпадает хеш)',
  },
  'verify.signature': {
    en: () => 'the signature value does not verify with the signer\'s public key',
    ru: () => 'значение подписи не проверяется открытым ключом подписанта',
  },
  'verify.no-certificate': {
    en: () => 'the signer\'s certificate is not in the signature',
    ru: () => 'сертификата подписанта нет в подписи',
  },
  'verify.chain': {
    en: (p) => `the certificate does not chain to a trusted CA: ${p.reason}`,
    ru: (p) => `сертификат не связан цепочкой с доверенным УЦ: ${p.reason}`,
  },
  'verify.not-valid-at-signing-time': {
    en: (p) => `the certificate was not valid at signing time ${p.time} (valid ${p.from} to ${p.to})`,
    ru: (p) => `сертификат не действовал в момент подписи ${p.time} (срок ${p.from} — ${p.to})`,
  },
  'verify.no-signed-attributes': {
    en: () => 'the signature has no signed attributes (content type and message digest); it is not a CAdES-BES signature',
    ru: () => 'в подписи нет подписанных атрибутов (тип содержимого и хеш); это не подпись CAdES-BES',
  },
  'verify.content-type': {
    en: () => 'the signed content type is not id-data',
    ru: () => 'подписанный тип содержимого — не id-data',
  },
  'verify.no-signing-certificate': {
    en: () => 'the signature does not name its certificate (no signingCertificateV2 attribute); it is not a CAdES-BES signature',
    ru: () => 'подпись не указывает свой сертификат (нет атрибута signingCertificateV2); это не подпись CAdES-BES',
  },
  'verify.unsupported-algorithm': {
    en: (p) => `the algorithm ${p.oid} is not supported`,
    ru: (p) => `алгоритм ${p.oid} не поддерживается`,
  },
  'verify.malformed': {
    en: (p) => `this signer's data is malformed: ${p.reason}`,
    ru: (p) => `данные этой подписи повреждены: ${p.reason}`,
  },
  'verify.certificate-binding': {
    en: () => 'the signingCertificateV2 attribute names another certificate than the one in the signature',
    ru: () => 'атрибут signingCertificateV2 указывает не на тот сертификат, что приложен к подписи',
  },
  'verify.key-usage': {
    en: () => 'the certificate\'s key usage allows neither digitalSignature nor nonRepudiation',
    ru: () => 'назначение ключа в сертификате не допускает ни digitalSignature, ни nonRepudiation',
  },
  'verify.no-signing-time': {
    en: () => 'no signingTime attribute; validity was checked at the current time',
    ru: () => 'нет атрибута signingTime; срок действия проверен на текущий момент',
  },
  // Files and CLI
  'file.unreadable': {
    en: (p) => `Cannot read ${p.path}: ${p.reason}`,
    ru: (p) => `Не удалось прочитать ${p.path}: ${p.reason}`,
  },
  ...formatMessages,
  ...clientMessages,
  ...printMessages,
  ...uiMessages,
} satisfies Record<string, Entry>;

export type MessageKey = keyof typeof messages;
