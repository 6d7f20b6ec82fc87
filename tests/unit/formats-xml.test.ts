import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attributeFlood, namespaceFlood } from '../../bench/xml-flood.ts';
import { parseXml, parseXmlBytes, textAt } from '../../src/main/formats/xml/reader.ts';
import { escapeAttr, escapeText, XmlWriter } from '../../src/main/formats/xml/writer.ts';
import { errorOf } from '../helpers/errors.ts';

describe('XML reader', () => {
  it('reads elements, attributes, namespaces by prefix, text, CDATA, comments and the declaration', () => {
    const doc = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<a:Doc xmlns:a="urn:a" xmlns="urn:default" id=\'7\'>\n  <Item n="1">x &amp; y &lt;z&gt; &#1071;&#x44F;</Item>\n  <a:Item><![CDATA[<not markup> & raw]]></a:Item>\n  <?pi skipped?><Empty/>\n</a:Doc>\n',
    );
    expect(doc.declaration).toEqual({ version: '1.0', encoding: 'UTF-8' });
    const root = doc.root;
    expect([root.name, root.local, root.ns, root.attrs, root.line, root.column]).toEqual(['a:Doc', 'Doc', 'urn:a', { id: '7' }, 3, 1]);
    expect(root.children.map((c) => [c.name, c.ns, c.line, c.column])).toEqual([
      ['Item', 'urn:default', 4, 3],
      ['a:Item', 'urn:a', 5, 3],
      ['Empty', 'urn:default', 6, 17],
    ]);
    expect(root.children[0]!.text).toBe('x & y <z> Яя');
    expect(root.children[0]!.attrs).toEqual({ n: '1' });
    expect(root.children[1]!.text).toBe('<not markup> & raw');
    expect(textAt(root, 'Item')).toBe('x & y <z> Яя');
  });

  it('reads UTF-8 with a BOM and Windows-1251 as declared, and refuses other encodings', () => {
    const utf = parseXmlBytes(new TextEncoder().encode('\uFEFF<r>Привет</r>'));
    expect([utf.encoding, utf.root.text]).toEqual(['utf-8', 'Привет']);
    const cp = parseXmlBytes(Uint8Array.from([...new TextEncoder().encode('<?xml version="1.0" encoding="windows-1251"?><r>'), 0xcf, 0xf0, 0xe8, ...new TextEncoder().encode('</r>')]));
    expect([cp.encoding, cp.root.text]).toEqual(['windows-1251', 'При']);
    expect(errorOf(() => parseXmlBytes(new TextEncoder().encode('<?xml version="1.0" encoding="UTF-16"?><r/>'))).code).toBe('format.xml.encoding-unsupported');
    const bad = errorOf(() => parseXmlBytes(Uint8Array.from([...new TextEncoder().encode('<r>abc'), 0xff, 0xfe, ...new TextEncoder().encode('</r>')])));
    expect(bad.code).toBe('format.xml.encoding-invalid');
    expect(bad.params.offset).toBeLessThanOrEqual(6);
  });

  it('refuses a DOCTYPE with entities (billion laughs) without expanding anything', () => {
    const lol = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}\n]>\n<lolz>&lol9;</lolz>`;
    const e = errorOf(() => parseXml(lol));
    expect(e.code).toBe('format.xml.doctype');
    expect(e.params).toEqual({ line: 2, column: 1 });
    expect(e.localized('en')).toMatch(/^Line 2, column 1: the XML contains a DOCTYPE or ENTITY declaration; such files are refused/);
    expect(e.localized('ru')).toMatch(/^Строка 2, столбец 1: в XML есть объявление DOCTYPE или ENTITY/);
  });

  it('refuses an external entity, and an entity used without any declaration', () => {
    const xxe = errorOf(() => parseXml('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>'));
    expect(xxe.code).toBe('format.xml.doctype');
    expect(xxe.params).toEqual({ line: 1, column: 22 });
    const undeclared = errorOf(() => parseXml('<r>\n  <x>&xxe;</x>\n</r>'));
    expect(undeclared.code).toBe('format.xml.entity-unknown');
    expect(undeclared.params).toEqual({ line: 2, column: 6, name: 'xxe' });
    expect(errorOf(() => parseXml('<r>&#0;</r>')).code).toBe('format.xml.char-ref-invalid');
    expect(errorOf(() => parseXml('<r>&#xD800;</r>')).code).toBe('format.xml.char-ref-invalid');
  });

  it('refuses 10,000-deep nesting at the depth limit (the 65th tag), without recursion', () => {
    const deep = `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`;
    const e = errorOf(() => parseXml(deep));
    expect(e.code).toBe('format.xml.too-deep');
    expect(e.params).toEqual({ max: 64, line: 1, column: 64 * 3 + 1 });
    expect(parseXml(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`).root.name).toBe('a');
  });

  it('names unclosed and mismatched tags, unbound prefixes, duplicate attributes and stray content with line and column', () => {
    const unclosed = errorOf(() => parseXml('<r>\n  <a>\n    <b>text</b>\n'));
    expect([unclosed.code, unclosed.params]).toEqual(['format.xml.unclosed', { name: 'a', line: 2, column: 3 }]);
    expect(unclosed.localized('en')).toBe('The element <a> opened at line 2, column 3 is never closed: the file is cut short or malformed.');
    const mismatch = errorOf(() => parseXml('<r>\n<a></b>\n</r>'));
    expect([mismatch.code, mismatch.params]).toEqual(['format.xml.tag-mismatch', { line: 2, column: 4, expected: 'a', found: 'b' }]);
    const prefixes = errorOf(() => parseXml('<p:r xmlns:p="urn:p"><q:a/></p:r>'));
    expect([prefixes.code, prefixes.params]).toEqual(['format.xml.namespace-unbound', { line: 1, column: 23, prefix: 'q' }]);
    const scoped = errorOf(() => parseXml('<r><p:a xmlns:p="urn:p"/><p:b/></r>'));
    expect(scoped.code).toBe('format.xml.namespace-unbound');
    const closeOther = errorOf(() => parseXml('<a:r xmlns:a="urn:x" xmlns:b="urn:x"></b:r>'));
    expect(closeOther.code).toBe('format.xml.tag-mismatch');
    expect(errorOf(() => parseXml('<r a="1" a="2"/>')).code).toBe('format.xml.attribute-duplicate');
    expect(errorOf(() => parseXml('<r/><r/>')).code).toBe('format.xml.content-outside-root');
    expect(errorOf(() => parseXml('text<r/>')).code).toBe('format.xml.content-outside-root');
    expect(errorOf(() => parseXml('   ')).code).toBe('format.xml.no-root');
    expect(errorOf(() => parseXml('<r>\u0001</r>')).code).toBe('format.xml.invalid-char');
    expect(errorOf(() => parseXml('<r a=1/>')).code).toBe('format.xml.syntax');
    expect(errorOf(() => parseXml('<r a="<"/>')).code).toBe('format.xml.syntax');
  });

  it('refuses the malformed XML the hand-written reader let through, naming line and column', () => {
    const refused = (xml: string) => {
      const e = errorOf(() => parseXml(xml));
      return [e.code, e.params.line, e.params.column];
    };
    // a name cannot start with a digit
    expect(refused('<r>\n  <1a/>\n</r>')).toEqual(['format.xml.name-invalid', 2, 4]);
    expect(errorOf(() => parseXml('<r>\n  <1a/>\n</r>')).localized('en')).toMatch(/^Line 2, column 4: "1a" is not a valid XML name/);
    // "--" inside a comment
    expect(refused('<r>\n<!-- a -- b -->\n</r>')).toEqual(['format.xml.comment-dashes', 2, 8]);
    // "]]>" in text outside CDATA
    expect(refused('<r>\n<a>x ]]> y</a>\n</r>')).toEqual(['format.xml.cdata-end-in-text', 2, 6]);
    // the same namespace URI and local name through two prefixes
    const twoPrefixes = errorOf(() => parseXml('<r xmlns:a="urn:x" xmlns:b="urn:x"\n   a:n="1" b:n="2"/>'));
    expect([twoPrefixes.code, twoPrefixes.params]).toEqual(['format.xml.attribute-duplicate', { line: 2, column: 12, name: 'b:n', expanded: '{urn:x}n' }]);
    expect(twoPrefixes.localized('ru')).toMatch(/^Строка 2, столбец 12: атрибут «b:n» повторяет другой/);
    expect(parseXml('<r xmlns:a="urn:x" a="1" a:a="2"/>').root.attrs).toEqual({ a: '1', 'a:a': '2' });
    // a second XML declaration, after the first or inside the document
    expect(refused('<?xml version="1.0"?>\n<?xml version="1.0"?>\n<r/>')).toEqual(['format.xml.declaration-misplaced', 2, 1]);
    expect(refused('<?xml version="1.0"?>\n<r>\n  <?xml version="1.0"?>\n</r>')).toEqual(['format.xml.declaration-misplaced', 3, 3]);
    // an "&" with no reference after it, even with no ";" left in the file
    expect(refused('<r>\n<Nm>Рога & Копыта</Nm>\n</r>')).toEqual(['format.xml.syntax', 2, 10]);
    expect(errorOf(() => parseXml('<r>a & b</r>')).localized('en')).toMatch(/an "&" that does not start a reference/);
  });

  it('refuses a DOCTYPE anywhere, external identifiers and declarations outside one', () => {
    expect(errorOf(() => parseXml('<!DOCTYPE r SYSTEM "file:///etc/passwd">\n<r/>')).params).toEqual({ line: 1, column: 1 });
    expect(errorOf(() => parseXml('<r/>\n<!DOCTYPE r>')).code).toBe('format.xml.doctype');
    const entity = errorOf(() => parseXml('<r>\n  <!ENTITY x "y">\n</r>'));
    expect([entity.code, entity.params]).toEqual(['format.xml.doctype', { line: 2, column: 3 }]);
    expect(parseXml('<r>&amp;&lt;&gt;&quot;&apos;&#x44F;&#1071;</r>').root.text).toBe('&<>"\'яЯ');
  });

  it('says what is wrong in both languages for other malformed markup', () => {
    for (const [xml, problem] of [
      ['<r a=1/>', 'attribute-quote'],
      ['<r a="<"/>', 'attribute-lt'],
      ['<r a="1"b="2"/>', 'attribute-space'],
      ['<r a/>', 'attribute-value'],
      ['<r/ >', 'tag-slash'],
      ['<r xmlns:xml="urn:x"/>', 'namespace-reserved'],
    ] as const) {
      const e = errorOf(() => parseXml(xml));
      expect([xml, e.code, e.params.problem]).toEqual([xml, 'format.xml.syntax', problem]);
      expect(e.localized('en')).toMatch(/^Line 1, column \d+: malformed XML: /);
      expect(e.localized('ru')).toMatch(/^Строка 1, столбец \d+: ошибка в XML: /);
    }
    expect(errorOf(() => parseXml('<?xml version="2.0"?><r/>')).code).toBe('format.xml.declaration-invalid');
    expect(errorOf(() => parseXml('<r:/>')).code).toBe('format.xml.name-invalid');
    expect(errorOf(() => parseXml('<r>\uD800a</r>')).params).toEqual({ line: 1, column: 4, code: 'U+D800' });
    expect(errorOf(() => parseXml('<r>\uFFFE</r>')).params.code).toBe('U+FFFE');
  });

  it('reads attribute and namespace floods in linear time (the timing is bench/xml-flood.ts)', () => {
    const attrs = parseXml(attributeFlood(50_000)).root;
    expect(Object.keys(attrs.attrs)).toHaveLength(50_000);
    expect(attrs.attrs.a49999).toBe('49999');
    const ns = parseXml(namespaceFlood(20_000)).root;
    expect(ns.children).toHaveLength(20_000);
    expect(ns.children[19_999]!.ns).toBe('urn:n19999');
    expect(ns.children[19_999]!.attrs).toEqual({ 'p:v': '19999' });
    // the same flood with one repeated attribute at the end is refused, naming where
    const dup = errorOf(() => parseXml(attributeFlood(50_000).replace('/>', ' a7="x"/>')));
    expect([dup.code, dup.params.name]).toEqual(['format.xml.attribute-duplicate', 'a7']);
  });

  it('refuses a file above the size limit before parsing', () => {
    const e = errorOf(() => parseXmlBytes(new Uint8Array(2048), { maxBytes: 1024 }));
    expect([e.code, e.params]).toEqual(['format.too-large', { size: 2048, limit: 1024 }]);
  });
});

const HOSTILE = ['<script>alert("x")</script>', 'a & b && c', `"double" and 'single' quotes`, 'RTL \u202Egnp.exe', ']]> <![CDATA[ x', 'tab\there\nline\r\nCRLF', '&amp; already escaped', 'emoji 🚗 and Я'];

describe('XML writer', () => {
  it('escapes text and attributes so hostile strings come back as the same text', () => {
    for (const s of HOSTILE) {
      const xml = new XmlWriter().start('r', { v: s }).leaf('t', s).end().toString();
      const root = parseXml(xml).root;
      expect(root.attrs.v).toBe(s);
      expect(root.children[0]!.text).toBe(s);
      expect(root.children).toHaveLength(1);
    }
    expect(escapeText('<a & "b">\r')).toBe('&lt;a &amp; "b"&gt;&#13;');
    expect(escapeAttr('"\n\t<')).toBe('&quot;&#10;&#9;&lt;');
  });

  it('refuses characters XML cannot carry, naming them', () => {
    const e = errorOf(() => new XmlWriter().leaf('Nm', 'a\u0000b'));
    expect([e.code, e.params]).toEqual(['format.xml.unwritable-char', { code: 'U+0000', where: 'Nm' }]);
    expect(errorOf(() => escapeText('\uD800')).params.code).toBe('U+D800');
    expect(errorOf(() => escapeText('\uFFFF')).params.code).toBe('U+FFFF');
  });
});

describe('an independent parser (libxml2 xmllint) reads what the writer writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'formats-xml-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the same text in every hostile string', () => {
    const w = new XmlWriter().start('r');
    HOSTILE.forEach((s, i) => w.leaf('t', s, { n: String(i), v: s }));
    const file = join(dir, 'hostile.xml');
    writeFileSync(file, w.end().toBytes());
    execFileSync('xmllint', ['--noout', file]);
    // xmllint ends what it prints with one line feed of its own.
    const xpath = (expr: string): string => execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).replace(/\n$/, '');
    HOSTILE.forEach((s, i) => {
      const text = xpath(`string(/r/t[@n="${i}"])`);
      const attr = xpath(`string(/r/t[@n="${i}"]/@v)`);
      expect(text).toBe(s);
      expect(attr).toBe(s);
    });
  });
});
