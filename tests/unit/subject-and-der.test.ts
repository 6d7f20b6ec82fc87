import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { nameToText, parseSubject, subjectToDer } from '../../src/crypto/x509/subject.ts';
import { oid, readTlv, unsignedInteger, derLength } from '../../src/crypto/der.ts';
import { ecdsaRawToDer } from '../../src/crypto/cms/signer.ts';
import type { LocalizedError } from '../../src/shared/i18n/index.ts';
import { signingTimeAttribute, signedAttributesSet } from '../../src/crypto/cms/signed-attributes.ts';

describe('subject text', () => {
  it('parses RFC 4514 text with quotes, escapes and OIDs, most specific first', () => {
    const attrs = parseSubject('CN=Петров\\, П.П.,O="ООО \\"Вектор\\", филиал",1.2.643.100.4=7707083893, C=RU');
    expect(attrs.map((a) => [a.type.oid, a.value])).toEqual([
      ['2.5.4.3', 'Петров, П.П.'],
      ['2.5.4.10', 'ООО "Вектор", филиал'],
      ['1.2.643.100.4', '7707083893'],
      ['2.5.4.6', 'RU'],
    ]);
  });

  it('encodes least specific first, with the string types OpenSSL reports', () => {
    const der = subjectToDer(parseSubject('CN=Иванов,C=RU,E=a@b.ru,OGRN=1027700132195'));
    const text = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: der, encoding: 'utf8' });
    const types = [...text.matchAll(/(UTF8STRING|PRINTABLESTRING|IA5STRING|NUMERICSTRING)\s*:(.*)/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(types).toEqual(['NUMERICSTRING:1027700132195', 'IA5STRING:a@b.ru', 'PRINTABLESTRING:RU', expect.stringMatching(/^UTF8STRING:/)]);
  });

  it('prints a Name back as the text it was parsed from, with the Russian attributes by name', () => {
    const text = 'CN=Петров\\, П.П., T=Главный бухгалтер, O=ООО "Вектор", C=RU, INNLE=7707083893, OGRN=1027700132195, SNILS=11223344595, 1.2.3.4=x';
    expect(nameToText(subjectToDer(parseSubject(text)))).toBe(text.replace('O=ООО "Вектор"', 'O=ООО \\"Вектор\\"'));
  });

  it.each([
    ['O=Only org', 'CN (the signer\'s name) is required'],
    ['CN=X,FOO=bar', 'unknown attribute "FOO"'],
    ['CN=X,C=Russia', '"Russia" is not a two-letter country code'],
    ['CN=X,OGRN=1027700132196', '"1027700132196" is not a valid OGRN'],
    ['CN=X,SNILS=11223344596', 'not a valid SNILS'],
    ['CN="unclosed', 'quoted value is not closed'],
    ['CN X', 'expected NAME=value'],
    ['CN=X,E=not-an-email', 'is not an e-mail address'],
  ])('refuses %s: %s', (text, message) => {
    expect(() => parseSubject(text)).toThrow(message);
  });
});

describe('subject text: RFC 4514 escapes, spaces, multi-valued RDNs, NumericString', () => {
  const values = (text: string): string[] => parseSubject(text).map((a) => a.value);

  it('decodes \\XX hex escapes as bytes, consecutive ones as UTF-8', () => {
    expect(values('CN=\\D0\\98\\D0\\B2')).toEqual(['Ив']);
    expect(values('CN=\\d0\\98\\d0\\b2анов')).toEqual(['Иванов']);
    expect(values('CN=a\\2Cb')).toEqual(['a,b']);
    expect(values('CN="\\D0\\98\\D0\\B2"')).toEqual(['Ив']);
    expect(() => parseSubject('CN=\\D0')).toThrow('Subject attribute CN: the escaped bytes are not UTF-8');
  });

  it('keeps the other escapes as the character escaped', () => {
    expect(values('CN=\\,\\"\\\\\\+\\;\\<\\>\\=\\#x\\ y')).toEqual([',"\\+;<>=#x y']);
    expect(values('CN=\\#1')).toEqual(['#1']);
    expect(values('CN=Ёлка 😀')).toEqual(['Ёлка 😀']);
  });

  it('refuses an unescaped + (a multi-valued RDN) and accepts an escaped one', () => {
    expect(() => parseSubject('CN=a+OU=b')).toThrow('Subject, at character 5: multi-valued RDNs (+) are not supported; escape a literal + as \\+');
    expect(() => parseSubject('CN=x,O=A+B')).toThrow(/multi-valued RDNs/);
    expect(values('CN=a\\+OU=b')).toEqual(['a+OU=b']);
    expect(values('CN="a+b"')).toEqual(['a+b']);
  });

  it('drops unescaped spaces around a value and keeps escaped ones', () => {
    expect(values('CN=  abc  , O= x y ')).toEqual(['abc', 'x y']);
    expect(values('CN=abc\\ ')).toEqual(['abc ']);
    expect(values('CN=abc\\  ,O=x')).toEqual(['abc ', 'x']);
    expect(values('CN=\\ abc')).toEqual([' abc']);
    expect(values('CN=abc\\20')).toEqual(['abc ']);
    expect(values('CN=" abc "')).toEqual([' abc ']);
    expect(() => parseSubject('CN=   ,O=x')).toThrow('Subject attribute CN: empty value');
  });

  it('accepts SNILS as written on the card and stores its 11 digits', () => {
    const attrs = parseSubject('CN=Петров,SNILS=112-233-445 95');
    expect(attrs[1]!.value).toBe('11223344595');
    const der = subjectToDer(attrs);
    const text = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: der, encoding: 'utf8' });
    expect(text).toMatch(/NUMERICSTRING\s*:11223344595/);
    expect(() => parseSubject('CN=X,SNILS=112-233-445 96')).toThrow('not a valid SNILS');
  });

  it('refuses a NumericString value with anything but digits and spaces', () => {
    expect(() => parseSubject('CN=X,INN=77O7083893')).toThrow('Subject attribute INN: "77O7083893" may contain only digits and spaces');
    expect(() => parseSubject('CN=X,OGRN=1027700132195\\2D')).toThrow(/may contain only digits and spaces/);
  });

  it('gives the reason in Russian too', () => {
    try {
      parseSubject('CN=X,INN=12a');
      expect.unreachable();
    } catch (e) {
      expect((e as LocalizedError).localized('ru')).toBe('Атрибут субъекта INN: «12a» может содержать только цифры и пробелы');
    }
  });

  it.each([
    ['CN=\\D0\\98\\D0\\B2', 'CN=Ив'],
    ['CN=abc\\ ', 'CN=abc\\ '],
    ['CN=\\ abc', 'CN=\\ abc'],
    ['CN=a\\+b\\,c\\;d\\<e\\>f\\"g\\\\h', 'CN=a\\+b\\,c\\;d\\<e\\>f\\"g\\\\h'],
    ['CN=\\#tag', 'CN=\\#tag'],
    ['CN=  Петров  , SNILS=112-233-445 95', 'CN=Петров, SNILS=11223344595'],
  ])('round-trips %s through DER and nameToText as %s', (text, printed) => {
    expect(nameToText(subjectToDer(parseSubject(text)))).toBe(printed);
    expect(parseSubject(printed).map((a) => a.value)).toEqual(parseSubject(text).map((a) => a.value));
  });
});

describe('DER pieces', () => {
  it('encodes lengths, integers and OIDs as DER', () => {
    expect(derLength(127).toString('hex')).toBe('7f');
    expect(derLength(128).toString('hex')).toBe('8180');
    expect(derLength(300).toString('hex')).toBe('82012c');
    expect(unsignedInteger(Buffer.from([0, 0, 0x80])).toString('hex')).toBe('02020080');
    expect(unsignedInteger(Buffer.from([0, 0, 0x7f])).toString('hex')).toBe('02017f');
    expect(oid('1.2.840.113549.1.9.16.2.47').toString('hex')).toBe('060b2a864886f70d010910022f');
    expect(() => readTlv(Buffer.from([0x30, 0x05, 0x01]))).toThrow(/runs past the end/);
  });

  it('turns PKCS#11 r||s into an Ecdsa-Sig-Value', () => {
    const raw = Buffer.concat([Buffer.alloc(32, 0x80), Buffer.concat([Buffer.alloc(1, 0), Buffer.alloc(31, 0x01)])]);
    const der = ecdsaRawToDer(raw);
    expect(der.subarray(0, 4).toString('hex')).toBe('30440221');
    expect(der.subarray(4, 6).toString('hex')).toBe('0080');
    expect(der.subarray(-33, -31).toString('hex')).toBe('021f');
  });

  it('writes signingTime as UTCTime and refuses dates UTCTime cannot hold', () => {
    expect(signingTimeAttribute(new Date('2026-11-25T08:09:10.999Z')).subarray(-15).toString('latin1')).toBe('\x17\x0d261125080910Z');
    expect(() => signingTimeAttribute(new Date('2051-01-01T00:00:00Z'))).toThrow(/outside 1950-2049/);
  });

  it('sorts signed attributes by their encodings, as DER SET OF requires', () => {
    const b = Buffer.from('3003020102', 'hex');
    const a = Buffer.from('3003020101', 'hex');
    expect(signedAttributesSet([b, a]).toString('hex')).toBe('310a' + '3003020101' + '3003020102');
  });
});

describe('BER to DER', () => {
  it('re-encodes indefinite lengths as definite, nested, and keeps definite input as it is', async () => {
    const { berToDer } = await import('../../src/crypto/der.ts');
    // SEQUENCE (indefinite) { INTEGER 5, SEQUENCE (indefinite) { NULL } }
    const ber = Buffer.from('3080020105308005000000' + '0000', 'hex');
    expect(berToDer(ber).toString('hex')).toBe('30070201053002' + '0500');
    const der = Buffer.from('300602010504010a', 'hex');
    expect(berToDer(der).equals(der)).toBe(true);
    expect(() => berToDer(Buffer.from('30800201', 'hex'))).toThrow();
  });
});
