/** Messages of the file formats (1C, ISO 20022): import findings and export errors. */
import type { Entry, Params, Text } from './entry.ts';

/**
 * A parameter the caller did not pass shows as "?" instead of "undefined": the catalogue's own
 * test renders every message with one generic set of parameters.
 */
const shown = (p: Params): Params => new Proxy(p, { get: (target, key) => (typeof key === 'string' && key in target ? target[key] : '?') });
const entry = (en: Text, ru: Text): Entry => ({ en: (p) => en(shown(p)), ru: (p) => ru(shown(p)) });

/** What `format.xml.syntax` says was wrong, by the `problem` parameter the XML reader passes. */
const XML_PROBLEM: Record<string, { en: string; ru: string }> = {
  markup: { en: 'this is not a tag, comment, CDATA section or processing instruction', ru: 'это не тег, не комментарий, не раздел CDATA и не инструкция обработки' },
  end: { en: 'the file ends inside a tag, comment, CDATA section or processing instruction', ru: 'файл обрывается внутри тега, комментария, раздела CDATA или инструкции обработки' },
  reference: { en: 'an "&" that does not start a reference (the character itself is written "&amp;")', ru: '«&», с которого не начинается ссылка (сам символ пишется «&amp;»)' },
  'attribute-lt': { en: '"<" inside an attribute value (written "&lt;")', ru: '«<» внутри значения атрибута (пишется «&lt;»)' },
  'attribute-quote': { en: 'an attribute value must be in quotes', ru: 'значение атрибута должно быть в кавычках' },
  'attribute-value': { en: 'an attribute without "=" and a value', ru: 'атрибут без «=» и значения' },
  'attribute-space': { en: 'attributes must be separated by white space', ru: 'атрибуты должны разделяться пробелом' },
  'tag-slash': { en: '"/" in a start tag must be followed by ">"', ru: 'за «/» в открывающем теге должен следовать «>»' },
  'namespace-reserved': { en: 'the prefixes xml and xmlns and their namespaces cannot be declared this way', ru: 'префиксы xml и xmlns и их пространства имён нельзя объявлять так' },
};
const xmlProblem = (p: Params): { en: string; ru: string } => (Object.hasOwn(XML_PROBLEM, p.problem!) ? XML_PROBLEM[p.problem!]! : XML_PROBLEM.markup!);

/** What a value in an ED807 file must be, by format.ed807.attribute-invalid's `expected` (src/main/formats/ed807/attributes.ts). */
const ED807_FORMS: Record<string, { en: string; ru: string } | undefined> = {
  bic: { en: 'a BIC of 9 digits', ru: 'БИК из 9 цифр' },
  account: { en: 'an account number of 20 digits', ru: 'номер счёта из 20 цифр' },
  region: { en: 'a region code of 2 digits', ru: 'код региона из 2 цифр' },
  'participant-type': { en: 'a participant type of 2 digits', ru: 'тип участника из 2 цифр' },
  code4: { en: 'a code of 4 capital Latin letters', ru: 'код из 4 заглавных латинских букв' },
  'ed-no': { en: 'a message number of up to 9 digits', ru: 'номер ЭС до 9 цифр' },
  'ed-author': { en: 'a UIS of 10 digits', ru: 'УИС из 10 цифр' },
  version: { en: 'a version number', ru: 'номер версии' },
  'date-time': { en: 'a date and time YYYY-MM-DDThh:mm:ss', ru: 'дата и время вида ГГГГ-ММ-ДДTчч:мм:сс' },
  date: { en: 'a date YYYY-MM-DD', ru: 'дата вида ГГГГ-ММ-ДД' },
  text: { en: 'a non-empty text', ru: 'непустой текст' },
};

export const formatMessages = {
  // Whole files, any format
  'format.too-large': entry(
    (p) => `The file is too large: ${p.size} bytes, the limit is ${p.limit} bytes.`,
    (p) => `Файл слишком большой: ${p.size} байт при пределе ${p.limit} байт.`,
  ),
  'format.empty': entry(
    () => 'The file is empty.',
    () => 'Файл пуст.',
  ),
  'format.binary': entry(
    (p) => `This is not a text file: byte ${p.byte} at offset ${p.offset} is a control character that text files do not contain.`,
    (p) => `Это не текстовый файл: байт ${p.byte} по смещению ${p.offset} — управляющий символ, которого не бывает в текстовых файлах.`,
  ),
  'format.unknown': entry(
    (p) => `${p.name}: neither a 1C exchange file (1CClientBankExchange) nor an ISO 20022 pain.001 payment file.`,
    (p) => `${p.name}: это не файл обмена с 1С (1CClientBankExchange) и не платёжный файл ISO 20022 pain.001.`,
  ),
  // Encodings
  'format.encoding.declared-mismatch': entry(
    (p) => `Line ${p.line}: the file declares the encoding ${p.declared}, but its bytes are ${p.detected}; it was read as ${p.detected}.`,
    (p) => `Строка ${p.line}: в файле указана кодировка ${p.declared}, но байты файла в кодировке ${p.detected}; файл прочитан как ${p.detected}.`,
  ),
  'format.encoding.declared-unknown': entry(
    (p) => `Line ${p.line}: unknown encoding "${p.declared}" (expected Windows or DOS); the file was read as ${p.detected}, as its bytes show.`,
    (p) => `Строка ${p.line}: неизвестная кодировка «${p.declared}» (ожидается Windows или DOS); файл прочитан как ${p.detected}, судя по его байтам.`,
  ),
  'format.encoding.spelling': entry(
    (p) => `Line ${p.line}: the encoding is written "${p.declared}" instead of "${p.expected}"; read as ${p.expected}.`,
    (p) => `Строка ${p.line}: кодировка записана как «${p.declared}» вместо «${p.expected}»; прочитано как ${p.expected}.`,
  ),
  'format.encoding.unencodable': entry(
    (p) => `Line ${p.line}: the character ${p.char} (${p.code}) cannot be written in Windows-1251.`,
    (p) => `Строка ${p.line}: символ ${p.char} (${p.code}) нельзя записать в кодировке Windows-1251.`,
  ),
  // 1CClientBankExchange
  'format.onec.not-1c': entry(
    (p) => `Line 1: a 1C exchange file starts with "1CClientBankExchange"; this one starts with "${p.found}".`,
    (p) => `Строка 1: файл обмена с 1С начинается с «1CClientBankExchange», а этот — с «${p.found}».`,
  ),
  'format.onec.no-end': entry(
    (p) => `The file is cut short: it ends at line ${p.line} without "КонецФайла". Nothing was imported; ask for the whole file again.`,
    (p) => `Файл обрезан: он заканчивается на строке ${p.line} без «КонецФайла». Ничего не загружено; выгрузите файл заново целиком.`,
  ),
  'format.onec.section-unclosed': entry(
    (p) => `The section "${p.section}" opened at line ${p.line} is not closed (${p.at}). Nothing was imported.`,
    (p) => `Секция «${p.section}», начатая в строке ${p.line}, не закрыта (${p.at}). Ничего не загружено.`,
  ),
  'format.onec.section-end-unexpected': entry(
    (p) => `Line ${p.line}: "${p.marker}" closes a section that was never opened. Nothing was imported.`,
    (p) => `Строка ${p.line}: «${p.marker}» закрывает секцию, которая не была открыта. Ничего не загружено.`,
  ),
  'format.onec.version-missing': entry(
    () => 'The file does not say its format version (ВерсияФормата); read as 1.03.',
    () => 'В файле не указана версия формата (ВерсияФормата); прочитан как 1.03.',
  ),
  'format.onec.version-unknown': entry(
    (p) => `Line ${p.line}: format version ${p.version} is not one of 1.01-1.03; read as 1.03.`,
    (p) => `Строка ${p.line}: версия формата ${p.version} не из 1.01-1.03; прочитан как 1.03.`,
  ),
  'format.onec.line-unreadable': entry(
    (p) => `Line ${p.line}: "${p.text}" is not a Key=Value line; it was skipped.`,
    (p) => `Строка ${p.line}: «${p.text}» — не строка вида Ключ=Значение; пропущена.`,
  ),
  'format.onec.after-end': entry(
    (p) => `Line ${p.line}: there is text after "КонецФайла"; it was skipped.`,
    (p) => `Строка ${p.line}: после «КонецФайла» есть текст; он пропущен.`,
  ),
  'format.onec.period-reversed': entry(
    (p) => `Line ${p.line}: the period starts (${p.from}) after it ends (${p.to}).`,
    (p) => `Строка ${p.line}: начало периода (${p.from}) позже его конца (${p.to}).`,
  ),
  'format.onec.unknown-key': entry(
    (p) => `Line ${p.line}: the key "${p.key}" is not part of the 1C exchange format; ignored (${p.count} times in the file).`,
    (p) => `Строка ${p.line}: ключа «${p.key}» нет в формате обмена с 1С; пропущен (раз в файле: ${p.count}).`,
  ),
  'format.onec.duplicate-key': entry(
    (p) => `Line ${p.line}: "${p.key}" is repeated (first at line ${p.first}); the first value was kept.`,
    (p) => `Строка ${p.line}: «${p.key}» повторяется (впервые в строке ${p.first}); оставлено первое значение.`,
  ),
  'format.onec.kind-missing': entry(
    (p) => `Line ${p.line}: the section does not name its document kind ("СекцияДокумент="); read as a payment order.`,
    (p) => `Строка ${p.line}: в секции не указан вид документа («СекцияДокумент=»); прочитана как платёжное поручение.`,
  ),
  'format.onec.kind-unsupported': entry(
    (p) => `"${p.kind}" cannot be imported: only payment orders (Платежное поручение) can.`,
    (p) => `«${p.kind}» загрузить нельзя: загружаются только платёжные поручения.`,
  ),
  'format.onec.key-missing': entry(
    (p) => `The document has no "${p.key}", so it cannot become a payment order.`,
    (p) => `В документе нет «${p.key}», поэтому из него нельзя составить платёжное поручение.`,
  ),
  'format.onec.date-unreadable': entry(
    (p) => `${p.key} "${p.value}" is not a date written DD.MM.YYYY.`,
    (p) => `${p.key} «${p.value}» — не дата вида ДД.ММ.ГГГГ.`,
  ),
  'format.onec.amount-unreadable': entry(
    (p) => `The amount "${p.value}" is not a number of roubles with at most two decimals.`,
    (p) => `Сумма «${p.value}» — не число рублей с не более чем двумя знаками после точки.`,
  ),
  'format.onec.priority-unreadable': entry(
    (p) => `The priority (Очередность) "${p.value}" is not a number.`,
    (p) => `Очерёдность «${p.value}» — не число.`,
  ),
  'format.onec.amount-no-kopecks': entry(
    (p) => `Line ${p.line}: the amount "${p.value}" has no kopecks; read as ${p.read} roubles.`,
    (p) => `Строка ${p.line}: сумма «${p.value}» без копеек; прочитана как ${p.read} руб.`,
  ),
  'format.onec.amount-unusual': entry(
    (p) => `Line ${p.line}: the amount "${p.value}" is not written as roubles.kopecks (1500.50); read as ${p.read} roubles.`,
    (p) => `Строка ${p.line}: сумма «${p.value}» записана не как рубли.копейки (1500.50); прочитана как ${p.read} руб.`,
  ),
  'format.onec.kpp-zero': entry(
    (p) => `Line ${p.line}: ${p.key} is "0"; read as no KPP.`,
    (p) => `Строка ${p.line}: ${p.key} равен «0»; прочитано как «КПП нет».`,
  ),
  'format.onec.code-odd': entry(
    (p) => `Line ${p.line}: the code (Код, UIN) "${p.value}" is neither "0" nor 20 or 25 digits; kept as written for you to check.`,
    (p) => `Строка ${p.line}: код (Код, УИН) «${p.value}» — не «0» и не 20 или 25 цифр; оставлен как есть, проверьте его.`,
  ),
  'format.default-used': entry(
    (p) => `Line ${p.line}: "${p.key}" is missing or empty; "${p.value}" was used.`,
    (p) => `Строка ${p.line}: «${p.key}» нет или оно пустое; подставлено «${p.value}».`,
  ),
  'format.onec.accounts-differ': entry(
    (p) => `Line ${p.line}: ${p.key} and ${p.other} name different accounts; ${p.key} was used.`,
    (p) => `Строка ${p.line}: в ${p.key} и ${p.other} разные счета; взят ${p.key}.`,
  ),
  'format.onec.value-multiline': entry(
    (p) => `${p.key} contains a line break or another control character, which a 1C exchange file cannot hold (${p.where}).`,
    (p) => `${p.key} содержит перевод строки или другой управляющий символ, которого не может быть в файле обмена с 1С (${p.where}).`,
  ),
  'format.onec.currency-unsupported': entry(
    (p) => `A 1C exchange file holds rouble accounts only; this account is in ${p.currency}.`,
    (p) => `Файл обмена с 1С содержит только рублёвые счета; этот счёт в валюте ${p.currency}.`,
  ),
  'format.onec.account-section-missing': entry(
    () => 'The file has no account section (СекцияРасчСчет), so it is not a statement.',
    () => 'В файле нет секции расчётного счёта (СекцияРасчСчет), поэтому это не выписка.',
  ),
  // XML
  'format.xml.doctype': entry(
    (p) => `Line ${p.line}, column ${p.column}: the XML contains a DOCTYPE or ENTITY declaration; such files are refused (they can expand without bound or read other files).`,
    (p) => `Строка ${p.line}, столбец ${p.column}: в XML есть объявление DOCTYPE или ENTITY; такие файлы не принимаются (они могут разрастаться без предела или читать другие файлы).`,
  ),
  'format.xml.entity-unknown': entry(
    (p) => `Line ${p.line}, column ${p.column}: unknown entity "&${p.name};" (only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed).`,
    (p) => `Строка ${p.line}, столбец ${p.column}: неизвестная сущность «&${p.name};» (допустимы только &lt; &gt; &amp; &quot; &apos; и числовые ссылки).`,
  ),
  'format.xml.char-ref-invalid': entry(
    (p) => `Line ${p.line}, column ${p.column}: "${p.ref}" does not refer to a character XML allows.`,
    (p) => `Строка ${p.line}, столбец ${p.column}: «${p.ref}» не ссылается на допустимый в XML символ.`,
  ),
  'format.xml.too-deep': entry(
    (p) => `Line ${p.line}, column ${p.column}: elements are nested deeper than ${p.max} levels.`,
    (p) => `Строка ${p.line}, столбец ${p.column}: элементы вложены глубже ${p.max} уровней.`,
  ),
  'format.xml.syntax': entry(
    (p) => `Line ${p.line}, column ${p.column}: malformed XML: ${xmlProblem(p).en}.`,
    (p) => `Строка ${p.line}, столбец ${p.column}: ошибка в XML: ${xmlProblem(p).ru}.`,
  ),
  'format.xml.name-invalid': entry(
    (p) => `Line ${p.line}, column ${p.column}: "${p.name}" is not a valid XML name (a name starts with a letter or "_" and has at most one ":").`,
    (p) => `Строка ${p.line}, столбец ${p.column}: «${p.name}» — недопустимое имя в XML (имя начинается с буквы или «_» и содержит не больше одного «:»).`,
  ),
  'format.xml.comment-dashes': entry(
    (p) => `Line ${p.line}, column ${p.column}: a comment contains "--", which XML allows only in the closing "-->".`,
    (p) => `Строка ${p.line}, столбец ${p.column}: в комментарии есть «--», а XML допускает его только в закрывающем «-->».`,
  ),
  'format.xml.cdata-end-in-text': entry(
    (p) => `Line ${p.line}, column ${p.column}: the text contains "]]>", which XML allows only as the end of a CDATA section (write "]]&gt;").`,
    (p) => `Строка ${p.line}, столбец ${p.column}: в тексте есть «]]>», а XML допускает его только как конец раздела CDATA (пишется «]]&gt;»).`,
  ),
  'format.xml.declaration-misplaced': entry(
    (p) => `Line ${p.line}, column ${p.column}: an XML declaration (<?xml ...?>) may appear only once, at the very start of the file.`,
    (p) => `Строка ${p.line}, столбец ${p.column}: объявление XML (<?xml ...?>) может быть только одно, в самом начале файла.`,
  ),
  'format.xml.declaration-invalid': entry(
    (p) => `Line ${p.line}, column ${p.column}: the XML declaration is malformed (it holds version, then optionally encoding and standalone, each as name="value").`,
    (p) => `Строка ${p.line}, столбец ${p.column}: объявление XML составлено неверно (в нём version, затем, если нужно, encoding и standalone, каждое в виде имя="значение").`,
  ),
  'format.xml.tag-mismatch': entry(
    (p) => `Line ${p.line}, column ${p.column}: the closing tag </${p.found}> does not match <${p.expected}>.`,
    (p) => `Строка ${p.line}, столбец ${p.column}: закрывающий тег </${p.found}> не соответствует <${p.expected}>.`,
  ),
  'format.xml.unclosed': entry(
    (p) => `The element <${p.name}> opened at line ${p.line}, column ${p.column} is never closed: the file is cut short or malformed.`,
    (p) => `Элемент <${p.name}>, открытый в строке ${p.line}, столбце ${p.column}, не закрыт: файл обрезан или повреждён.`,
  ),
  'format.xml.namespace-unbound': entry(
    (p) => `Line ${p.line}, column ${p.column}: the namespace prefix "${p.prefix}" is not declared.`,
    (p) => `Строка ${p.line}, столбец ${p.column}: префикс пространства имён «${p.prefix}» не объявлен.`,
  ),
  'format.xml.attribute-duplicate': entry(
    (p) =>
      !('expanded' in p) || p.expanded === p.name
        ? `Line ${p.line}, column ${p.column}: the attribute "${p.name}" is repeated.`
        : `Line ${p.line}, column ${p.column}: the attribute "${p.name}" repeats another one with the same namespace and name (${p.expanded}) under another prefix.`,
    (p) =>
      !('expanded' in p) || p.expanded === p.name
        ? `Строка ${p.line}, столбец ${p.column}: атрибут «${p.name}» повторяется.`
        : `Строка ${p.line}, столбец ${p.column}: атрибут «${p.name}» повторяет другой с тем же пространством имён и именем (${p.expanded}) под другим префиксом.`,
  ),
  'format.xml.no-root': entry(
    () => 'The XML has no root element.',
    () => 'В XML нет корневого элемента.',
  ),
  'format.xml.content-outside-root': entry(
    (p) => `Line ${p.line}, column ${p.column}: there is content outside the root element.`,
    (p) => `Строка ${p.line}, столбец ${p.column}: за пределами корневого элемента есть содержимое.`,
  ),
  'format.xml.invalid-char': entry(
    (p) => `Line ${p.line}, column ${p.column}: the character ${p.code} is not allowed in XML.`,
    (p) => `Строка ${p.line}, столбец ${p.column}: символ ${p.code} недопустим в XML.`,
  ),
  'format.xml.encoding-unsupported': entry(
    (p) => `The XML declares the encoding "${p.encoding}"; only UTF-8 and Windows-1251 are read.`,
    (p) => `В XML указана кодировка «${p.encoding}»; читаются только UTF-8 и Windows-1251.`,
  ),
  'format.xml.encoding-invalid': entry(
    (p) => `The XML declares ${p.encoding}, but its bytes are not valid ${p.encoding} (at offset ${p.offset}).`,
    (p) => `В XML указана кодировка ${p.encoding}, но его байты не в кодировке ${p.encoding} (смещение ${p.offset}).`,
  ),
  'format.xml.unwritable-char': entry(
    (p) => `The character ${p.code} cannot be written to XML (${p.where}).`,
    (p) => `Символ ${p.code} нельзя записать в XML (${p.where}).`,
  ),
  // ISO 20022
  'format.iso.namespace-unknown': entry(
    (p) => `Line ${p.line}: the namespace "${p.namespace}" is not a supported message (pain.001.001.03 or pain.001.001.09).`,
    (p) => `Строка ${p.line}: пространство имён «${p.namespace}» — не поддерживаемое сообщение (pain.001.001.03 или pain.001.001.09).`,
  ),
  'format.iso.root-unexpected': entry(
    (p) => `Line ${p.line}: the root element is <${p.found}>, expected <${p.expected}>.`,
    (p) => `Строка ${p.line}: корневой элемент <${p.found}>, ожидается <${p.expected}>.`,
  ),
  'format.iso.namespace-mismatch': entry(
    (p) => `Line ${p.line}, column ${p.column}: <${p.element}> is in the namespace "${p.namespace}", not in the message's "${p.expected}".`,
    (p) => `Строка ${p.line}, столбец ${p.column}: <${p.element}> в пространстве имён «${p.namespace}», а не в пространстве имён сообщения «${p.expected}».`,
  ),
  'format.iso.element-missing': entry(
    (p) => `Line ${p.line}: <${p.path}> is missing.`,
    (p) => `Строка ${p.line}: нет элемента <${p.path}>.`,
  ),
  'format.iso.amount-unreadable': entry(
    (p) => `The amount "${p.value}" is not a decimal number with at most two significant decimals.`,
    (p) => `Сумма «${p.value}» — не десятичное число с не более чем двумя значащими знаками после точки.`,
  ),
  'format.iso.currency-unsupported': entry(
    (p) => `The amount is in ${p.currency}; payment orders are in roubles (RUB).`,
    (p) => `Сумма в валюте ${p.currency}; платёжные поручения составляются в рублях (RUB).`,
  ),
  'format.iso.date-unreadable': entry(
    (p) => `<${p.path}> "${p.value}" is not a date YYYY-MM-DD.`,
    (p) => `<${p.path}> «${p.value}» — не дата вида ГГГГ-ММ-ДД.`,
  ),
  'format.iso.priority-unreadable': entry(
    (p) => `The priority "${p.value}" is not a number.`,
    (p) => `Очерёдность «${p.value}» — не число.`,
  ),
  'format.iso.count-mismatch': entry(
    (p) => `Line ${p.line}: NbOfTxs says ${p.declared} transactions, the file has ${p.actual}.`,
    (p) => `Строка ${p.line}: NbOfTxs говорит о ${p.declared} платежах, а в файле их ${p.actual}.`,
  ),
  'format.iso.control-sum-mismatch': entry(
    (p) => `Line ${p.line}: CtrlSum is ${p.declared}, the amounts add up to ${p.actual}.`,
    (p) => `Строка ${p.line}: CtrlSum равна ${p.declared}, а сумма платежей — ${p.actual}.`,
  ),
  'format.iso.value-unrepresentable': entry(
    (p) => `Payment order ${p.number}: ${p.field} "${p.value}" cannot be written to ${p.message}.`,
    (p) => `Платёжное поручение ${p.number}: ${p.field} «${p.value}» нельзя записать в ${p.message}.`,
  ),

  // The Bank of Russia's BIC directory (ED807, src/main/formats/ed807) and keeping it (src/main/directory)
  'format.ed807.not-ed807': entry(
    (p) => `Line ${p.line}: this is not a BIC directory: the root element is <${p.element}> (namespace ${p.namespace}), ED807 in urn:cbr-ru:ed:v2.0 is expected.`,
    (p) => `Строка ${p.line}: это не справочник БИК: корневой элемент <${p.element}> (пространство имён ${p.namespace}), ожидается ED807 в urn:cbr-ru:ed:v2.0.`,
  ),
  'format.ed807.not-full': entry(
    (p) => `Line ${p.line}: InfoTypeCode="${p.value}" is not a full directory (FIRR); load the full BIC directory, not a list of changes.`,
    (p) => `Строка ${p.line}: InfoTypeCode="${p.value}" — не полный справочник (FIRR); загрузите полный справочник БИК, а не список изменений.`,
  ),
  'format.ed807.element-unexpected': entry(
    (p) => `Line ${p.line}: <${p.element}> is not an element of <${p.parent}> in ED807.`,
    (p) => `Строка ${p.line}: элемента <${p.element}> не бывает внутри <${p.parent}> в ED807.`,
  ),
  'format.ed807.element-missing': entry(
    (p) => `Line ${p.line}: <${p.parent}> has no <${p.element}>.`,
    (p) => `Строка ${p.line}: в <${p.parent}> нет <${p.element}>.`,
  ),
  'format.ed807.element-repeated': entry(
    (p) => `Line ${p.line}: a second <${p.element}> in <${p.parent}>; there is one.`,
    (p) => `Строка ${p.line}: второй <${p.element}> в <${p.parent}>; он должен быть один.`,
  ),
  'format.ed807.attribute-missing': entry(
    (p) => `Line ${p.line}: <${p.element}> has no ${p.attribute} attribute.`,
    (p) => `Строка ${p.line}: у <${p.element}> нет атрибута ${p.attribute}.`,
  ),
  'format.ed807.attribute-invalid': entry(
    (p) => `Line ${p.line}: <${p.element}> ${p.attribute}="${p.value}" is not ${ED807_FORMS[p.expected!]?.en ?? p.expected}.`,
    (p) => `Строка ${p.line}: <${p.element}> ${p.attribute}="${p.value}" — не ${ED807_FORMS[p.expected!]?.ru ?? p.expected}.`,
  ),
  'format.ed807.attribute-too-long': entry(
    (p) => `Line ${p.line}: <${p.element}> ${p.attribute} is longer than ${p.max} characters.`,
    (p) => `Строка ${p.line}: <${p.element}> ${p.attribute} длиннее ${p.max} символов.`,
  ),
  'format.ed807.code-unknown': entry(
    (p) => `Line ${p.line}: <${p.element}> ${p.attribute}="${p.value}" is not one of ${p.allowed}.`,
    (p) => `Строка ${p.line}: <${p.element}> ${p.attribute}="${p.value}" — не одно из значений ${p.allowed}.`,
  ),
  'format.ed807.bic-duplicate': entry(
    (p) => `Line ${p.line}: BIC ${p.bic} is listed again (first on line ${p.first}).`,
    (p) => `Строка ${p.line}: БИК ${p.bic} указан повторно (впервые в строке ${p.first}).`,
  ),
  'format.ed807.too-many': entry(
    (p) => `Line ${p.line}: more than ${p.max} <${p.element}> elements; this is not a BIC directory the client can take.`,
    (p) => `Строка ${p.line}: больше ${p.max} элементов <${p.element}>; такой справочник БИК клиент не принимает.`,
  ),
  'format.ed807.no-entries': entry(
    (p) => `Line ${p.line}: <${p.element}> lists no bank (no BICDirectoryEntry).`,
    (p) => `Строка ${p.line}: в <${p.element}> нет ни одного банка (BICDirectoryEntry).`,
  ),
  'directory.none': entry(
    () => 'No BIC directory is loaded: it arrives with the next exchange, or load the Bank of Russia\'s file (ED807) in Settings or with "bankclient directory load FILE".',
    () => 'Справочник БИК не загружен: он придёт при следующем обмене с банком, или загрузите файл Банка России (ED807) в настройках или командой «bankclient directory load ФАЙЛ».',
  ),
  'directory.loaded': entry(
    (p) => `BIC directory of ${p.date} loaded: ${p.count} banks (${p.source}).`,
    (p) => `Справочник БИК на ${p.date} загружен: банков — ${p.count} (${p.source}).`,
  ),
} satisfies Record<string, Entry>;
