/**
 * The words of the key-recognition act and its errors, in Russian and English. Kept beside the
 * act (not in src/shared/i18n) because only the act uses them.
 */
import type { Entry, Params } from '../../shared/i18n/entry.ts';
import type { Locale } from '../../shared/i18n/locale.ts';
import { keyAlgorithmWords } from '../../shared/i18n/key-algorithm.ts';
import type { WallClock } from '../../shared/domain/format.ts';

/** The act's date and time: the wall clock of the user's time zone. */
export type LocalTime = WallClock;

/** The act's words. A no-break space (U+00A0) keeps a number with its unit when lines are wrapped. */
export interface KeyActWords {
  title: string;
  date: string;
  dateValue: (t: LocalTime) => string;
  bank: string;
  company: string;
  inn: string;
  kpp: string;
  ogrn: string;
  signer: string;
  position: string;
  role: string;
  subject: string;
  algorithm: string;
  /** The key's algorithm in words (GOST R 34.10-2012 with its size and parameter set), from the app's name for it. */
  algorithmName: (algorithm: string) => string;
  token: string;
  tokenValue: (label: string, serial: string) => string;
  keyId: string;
  csrFingerprint: string;
  publicKey: (bytes: number) => string;
  fingerprint: string;
  statement: string;
  keyOwner: string;
  head: string;
  stamp: string;
  bankOfficer: string;
  registered: string;
}

/** "1 байт", "2 байта", "5 байт", "11 байт", "21 байт", "22 байта". */
function bytesRu(n: number): string {
  const tens = n % 100;
  const last = n % 10;
  return last >= 2 && last <= 4 && (tens < 12 || tens > 14) ? 'байта' : 'байт';
}

export const keyActWords: Record<Locale, KeyActWords> = {
  ru: {
    title: 'Акт признания ключа проверки электронной подписи',
    date: 'Дата составления',
    dateValue: (t) => `${t.day}.${t.month}.${t.year} ${t.hour}:${t.minute} (UTC${t.offset})`,
    bank: 'Банк',
    company: 'Клиент',
    inn: 'ИНН',
    kpp: 'КПП',
    ogrn: 'ОГРН',
    signer: 'Владелец ключа',
    position: 'Должность',
    role: 'Полномочия',
    subject: 'Субъект запроса на сертификат',
    algorithm: 'Алгоритм ключа',
    algorithmName: (a) => keyAlgorithmWords('ru', a),
    token: 'Ключевой носитель',
    tokenValue: (label, serial) => `«${label}», серийный номер ${serial}`,
    keyId: 'Идентификатор ключа на носителе (CKA_ID)',
    csrFingerprint: 'Отпечаток SHA-256 запроса на сертификат',
    publicKey: (n) => `Ключ проверки электронной подписи (открытый ключ, SubjectPublicKeyInfo в DER, ${n}\u00a0${bytesRu(n)}):`,
    fingerprint: 'Отпечаток SHA-256 ключа проверки электронной подписи:',
    statement:
      'Клиент подтверждает, что ключ электронной подписи, парный указанному выше ключу проверки электронной подписи, ' +
      'создан на указанном ключевом носителе и не извлекается из него, и признаёт этот ключ проверки электронной ' +
      'подписи принадлежащим владельцу ключа. Банк регистрирует ключ для проверки электронной подписи владельца ключа ' +
      'в документах клиента.',
    keyOwner: 'Владелец ключа',
    head: 'Руководитель',
    stamp: 'М.П.',
    bankOfficer: 'Представитель банка',
    registered: 'Ключ зарегистрирован банком «___» ______________ 20___ г.',
  },
  en: {
    title: 'Electronic signature verification key recognition act',
    date: 'Date',
    dateValue: (t) => `${t.day}.${t.month}.${t.year} ${t.hour}:${t.minute} (UTC${t.offset})`,
    bank: 'Bank',
    company: 'Client',
    inn: 'INN',
    kpp: 'KPP',
    ogrn: 'OGRN',
    signer: 'Key owner',
    position: 'Position',
    role: 'Authority',
    subject: 'Certificate request subject',
    algorithm: 'Key algorithm',
    algorithmName: (a) => keyAlgorithmWords('en', a),
    token: 'Key carrier',
    tokenValue: (label, serial) => `"${label}", serial number ${serial}`,
    keyId: 'Key id on the carrier (CKA_ID)',
    csrFingerprint: 'SHA-256 fingerprint of the certificate request',
    publicKey: (n) => `Electronic signature verification key (public key, SubjectPublicKeyInfo DER, ${n}\u00a0${n === 1 ? 'byte' : 'bytes'}):`,
    fingerprint: 'SHA-256 fingerprint of the verification key:',
    statement:
      'The client confirms that the electronic signature key paired with the verification key above was generated ' +
      'on the key carrier named above and cannot be extracted from it, and recognises this verification key as ' +
      "belonging to the key owner. The bank registers the key to verify the key owner's electronic signature on the " +
      "client's documents.",
    keyOwner: 'Key owner',
    head: 'Head of the client',
    stamp: 'L.S.',
    bankOfficer: 'For the bank',
    registered: 'Key registered by the bank on ____ ______________ 20___',
  },
};

export const keyActErrors = {
  'key-act.bad-date': {
    en: () => 'The act has no valid creation date.',
    ru: () => 'У акта нет правильной даты составления.',
  },
  'key-act.bad-public-key': {
    en: (p) => `The public key is not a DER SubjectPublicKeyInfo (${p.reason}).`,
    ru: (p) => `Открытый ключ не является SubjectPublicKeyInfo в DER (${p.reason}).`,
  },
  'key-act.bad-key-id': {
    en: (p) => `The key id "${p.keyId}" is not a hexadecimal CKA_ID.`,
    ru: (p) => `Идентификатор ключа «${p.keyId}» не является шестнадцатеричным CKA_ID.`,
  },
  'key-act.csr-key-mismatch': {
    en: () => 'The certificate request does not hold the public key of this act.',
    ru: () => 'Запрос на сертификат не содержит открытый ключ этого акта.',
  },
  'key-act.font-not-found': {
    en: (p) => `No font for the PDF act found. Looked in: ${p.places}. Install DejaVu Sans (Debian: fonts-dejavu-core) or give the path of a TrueType font with Cyrillic.`,
    ru: (p) => `Не найден шрифт для PDF-акта. Проверены пути: ${p.places}. Установите DejaVu Sans (Debian: fonts-dejavu-core) или укажите путь к шрифту TrueType с кириллицей.`,
  },
  'key-act.font-missing-file': {
    en: (p) => `The font file ${p.path} does not exist.`,
    ru: (p) => `Файл шрифта ${p.path} не существует.`,
  },
  'key-act.font-unreadable': {
    en: (p) => `The font ${p.path} cannot be used: ${p.reason}.`,
    ru: (p) => `Шрифт ${p.path} нельзя использовать: ${p.reason}.`,
  },
  'key-act.font-not-embeddable': {
    en: (p) => `The licence of the font ${p.path} does not allow embedding it in a document; choose another font.`,
    ru: (p) => `Лицензия шрифта ${p.path} не разрешает встраивать его в документ; выберите другой шрифт.`,
  },
} satisfies Record<string, Entry>;

export type KeyActErrorCode = keyof typeof keyActErrors;

/** Like LocalizedError: `message` is English, `localized(locale)` the user's language, `code` stable. */
export class KeyActError extends Error {
  constructor(
    readonly code: KeyActErrorCode,
    readonly params: Params = {},
    options?: { cause?: unknown },
  ) {
    super(keyActErrors[code].en(params), options);
    this.name = 'KeyActError';
  }

  localized(locale: Locale): string {
    return keyActErrors[this.code][locale](this.params);
  }
}
