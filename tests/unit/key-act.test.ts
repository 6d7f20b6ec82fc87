import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  hexRows,
  printable,
  readableSubject,
  renderKeyActPdf,
  renderKeyActText,
  spkiFingerprint,
  wrap,
  type KeyActData,
} from '../../src/main/enrollment/key-act.ts';
import { KeyActError } from '../../src/main/enrollment/key-act-messages.ts';
import { findFont, knownFontPaths } from '../../src/main/pdf/font-locations.ts';
import { writePdf } from '../../src/main/pdf/pdf-writer.ts';
import { parseTrueType } from '../../src/main/pdf/truetype.ts';
import { errorOf } from '../helpers/errors.ts';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
let dir: string;
let spki: Uint8Array;
let csr: Uint8Array;
let otherCsr: Uint8Array;
/** The fingerprint as OpenSSL computes it: re-encode the SPKI with `openssl pkey`, hash with `openssl dgst`. */
let opensslFingerprint: string;

function opensslCsr(name: string): Uint8Array {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(dir, `${name}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  execFileSync('openssl', ['req', '-new', '-key', join(dir, `${name}.pem`), '-subj', '/CN=Test', '-outform', 'DER', '-out', join(dir, `${name}.csr`)]);
  return new Uint8Array(readFileSync(join(dir, `${name}.csr`)));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'key-act-'));
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  writeFileSync(join(dir, 'spki.der'), spki);
  execFileSync('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', join(dir, 'spki.der'), '-outform', 'DER', '-out', join(dir, 'again.der')]);
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-r', join(dir, 'again.der')], { encoding: 'utf8' }).split(' ')[0]!;
  opensslFingerprint = digest.toUpperCase().match(/.{4}/g)!.join(' ');
  writeFileSync(join(dir, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  execFileSync('openssl', ['req', '-new', '-key', join(dir, 'key.pem'), '-subj', '/CN=Иванов Иван Иванович', '-utf8', '-outform', 'DER', '-out', join(dir, 'req.der')]);
  csr = new Uint8Array(readFileSync(join(dir, 'req.der')));
  otherCsr = opensslCsr('other');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function actData(over: Partial<KeyActData> = {}): KeyActData {
  return {
    company: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '773601001', ogrn: '1027700132195' },
    signer: { name: 'Иванов Иван Иванович', position: 'Генеральный директор', role: 'первая подпись' },
    subject: 'CN=Иванов Иван Иванович, O=ООО «Ромашка», C=RU, INNLE=7707083893',
    algorithm: 'ECDSA P-256',
    publicKeyDer: spki,
    token: { label: 'Rutoken ECP', serial: '3a4b5c6d' },
    keyId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    createdAt: new Date('2025-03-15T21:30:00Z'),
    bank: { name: 'АО «Автолизинг Банк»' },
    ...over,
  };
}

const MSK = { timeZone: 'Europe/Moscow' };

/** Runs a tool; fails with a hint when it is not installed (scripts/setup-debian.sh installs it). */
function tool(cmd: string, args: string[]): { status: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is needed to check the PDF (Debian: poppler-utils, qpdf; see scripts/setup-debian.sh): ${r.error.message}`);
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function pdfFile(bytes: Uint8Array, name = 'act.pdf'): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** pdftotext's text with runs of white space made single spaces; fails on any complaint from poppler. */
function pdfText(path: string): string {
  const r = tool('pdftotext', ['-enc', 'UTF-8', path, '-']);
  expect(r.err).toBe('');
  expect(r.status).toBe(0);
  return r.out.replace(/\s+/g, ' ');
}

describe('what the act derives from the key', () => {
  it('prints the SHA-256 of the SubjectPublicKeyInfo as OpenSSL computes it, in upper-case groups of four', () => {
    expect(spkiFingerprint(spki)).toBe(opensslFingerprint);
    expect(spkiFingerprint(spki)).toMatch(/^(?:[0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  });

  it('lists the public key as rows of 16 upper-case hex bytes that add up to the DER', () => {
    const rows = hexRows(spki);
    expect(rows).toHaveLength(Math.ceil(spki.length / 16));
    for (const row of rows.slice(0, -1)) expect(row).toMatch(/^(?:[0-9A-F]{2} ){15}[0-9A-F]{2}$/);
    expect(rows.join('').replaceAll(' ', '')).toBe(Buffer.from(spki).toString('hex').toUpperCase());
    expect(hexRows(new Uint8Array([0, 1, 255]), 2)).toEqual(['00 01', 'FF']);
  });
});

describe('text act', () => {
  it('has every field of the act, in Russian', () => {
    const text = renderKeyActText(actData(), 'ru', MSK);
    const lines = text.split('\n');
    expect(lines[0]!.trim()).toBe('АКТ ПРИЗНАНИЯ КЛЮЧА ПРОВЕРКИ ЭЛЕКТРОННОЙ ПОДПИСИ');
    for (const line of [
      'Дата составления: 16.03.2025 00:30 (UTC+03:00)',
      'Банк: АО «Автолизинг Банк»',
      'Клиент: ООО «Ромашка»',
      'ИНН: 7707083893',
      'КПП: 773601001',
      'ОГРН: 1027700132195',
      'Владелец ключа: Иванов Иван Иванович',
      'Должность: Генеральный директор',
      'Полномочия: первая подпись',
      'Алгоритм ключа: ECDSA P-256',
      'Ключевой носитель: «Rutoken ECP», серийный номер 3a4b5c6d',
      ...hexRows(spki),
      opensslFingerprint.slice(0, 39),
      opensslFingerprint.slice(40),
    ]) {
      expect(lines).toContain(line);
    }
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Субъект запроса на сертификат: CN=Иванов Иван Иванович, O=ООО «Ромашка», C=RU, INNLE=7707083893');
    expect(flat).toContain('Идентификатор ключа на носителе (CKA_ID): A1B2 C3D4 E5F6 0718 293A 4B5C 6D7E 8F90 1234 5678');
    expect(text).toMatch(new RegExp(`SubjectPublicKeyInfo в DER,\\s${spki.length}\u00a0байт\\):`)); // no-break space: 91 stays with байт
    expect(text).toMatch(/^Владелец ключа +_{10,} \/ Иванов Иван Иванович \/$/m);
    expect(text).toMatch(/^Руководитель +_{10,} \/ _{10,} \/ +М\.П\.$/m);
    expect(text).toMatch(/^Представитель банка +_{10,} \/ _{10,} \/$/m);
    expect(text).toContain('Ключ зарегистрирован банком «___»');
    expect(text).not.toContain('Отпечаток SHA-256 запроса');
  });

  it('is in English for an English user, with the same values', () => {
    const text = renderKeyActText(actData(), 'en', MSK);
    expect(text.split('\n')[0]!.trim()).toBe('ELECTRONIC SIGNATURE VERIFICATION KEY RECOGNITION ACT');
    for (const part of ['Date: 16.03.2025 00:30 (UTC+03:00)', 'Client: ООО «Ромашка»', 'INN: 7707083893', 'Key owner: Иванов Иван Иванович', 'Key carrier: "Rutoken ECP", serial number 3a4b5c6d', opensslFingerprint.slice(40)]) {
      expect(text).toContain(part);
    }
    expect(text).toMatch(/^Head of the client +_{10,} \/ _{10,} \/ +L\.S\.$/m);
    expect(text).toMatch(/^For the bank +_{10,}/m);
    expect(text).not.toMatch(/Владелец ключа|Руководитель|Клиент:/);
  });

  it('names the algorithm of a GOST key in words, with its size and parameter set, in Russian and in English; other names as given', () => {
    const flat = (locale: 'ru' | 'en', algorithm: string) => renderKeyActText(actData({ algorithm }), locale, MSK).replace(/\s+/g, ' ');
    expect(flat('ru', 'gost2012-256:cryptopro-a')).toContain('Алгоритм ключа: ГОСТ Р 34.10-2012, 256 бит (CryptoPro A)');
    expect(flat('en', 'gost2012-256:cryptopro-a')).toContain('Key algorithm: GOST R 34.10-2012, 256-bit (CryptoPro A)');
    expect(flat('ru', 'gost2012-512:tc26-512-b')).toContain('Алгоритм ключа: ГОСТ Р 34.10-2012, 512 бит (ТК 26 B)');
    expect(flat('en', 'gost2012-512')).toContain('Key algorithm: GOST R 34.10-2012, 512-bit');
    // the app's names never reach the act: ec-p256 is ECDSA P-256 (issue 13: «Алгоритм ключа: ec-p256»)
    expect(flat('en', 'ec-p256')).toContain('Key algorithm: ECDSA P-256');
    expect(flat('ru', 'ec-p256')).not.toContain('ec-p256');
  });

  it('writes the date and time in the time zone asked for, with its offset', () => {
    expect(renderKeyActText(actData(), 'ru', { timeZone: 'Asia/Vladivostok' })).toContain('Дата составления: 16.03.2025 07:30 (UTC+10:00)');
    expect(renderKeyActText(actData(), 'en', { timeZone: 'America/New_York' })).toContain('Date: 15.03.2025 17:30 (UTC-04:00)');
    expect(renderKeyActText(actData(), 'en', { timeZone: 'Asia/Kolkata' })).toContain('Date: 16.03.2025 03:00 (UTC+05:30)');
  });

  it('prints the subject as people write it: no RFC 4514 backslashes or hex escapes (issue 13: O=ООО \\"Ромашка\\")', () => {
    const escaped = actData({ subject: 'CN=Иванов Иван Иванович, O=ООО \\"Ромашка\\", T=Генеральный директор\\, главный, C=RU, INNLE=7707083893' });
    const ru = renderKeyActText(escaped, 'ru', MSK);
    expect(ru.replace(/\n +/g, ' ')).toContain('Субъект запроса на сертификат: CN=Иванов Иван Иванович, O=ООО "Ромашка", T=Генеральный директор, главный, C=RU, INNLE=7707083893');
    expect(ru).not.toContain('\\');
    // hex escapes are the characters they stand for
    expect(renderKeyActText(actData({ subject: 'CN=\\D0\\98\\D0\\B2\\D0\\B0\\D0\\BD, O=ООО «Ромашка»' }), 'en', MSK)).toContain('Certificate request subject: CN=Иван, O=ООО «Ромашка»');
    expect(readableSubject('not a subject')).toBe('not a subject');
  });

  it('names the bank as it is given, not a placeholder', () => {
    expect(renderKeyActText(actData(), 'ru', MSK)).toMatch(/^Банк: АО «Автолизинг Банк»$/m);
    expect(renderKeyActText(actData(), 'en', MSK)).toMatch(/^Bank: АО «Автолизинг Банк»$/m);
  });

  it('leaves out the optional fields that are not given, and prints the CSR fingerprint when it is', () => {
    const bare = renderKeyActText(actData({ company: { name: 'ООО «Ромашка»', inn: '7707083893' }, signer: { name: 'Иванов И. И.' } }), 'ru', MSK);
    expect(bare).not.toMatch(/^(КПП|ОГРН|Должность|Полномочия):/m);
    expect(bare).toMatch(/^ИНН: 7707083893$/m);
    const withCsr = renderKeyActText(actData({ csrDer: csr }), 'ru', MSK).replace(/\s+/g, ' ');
    const csrDigest = execFileSync('openssl', ['dgst', '-sha256', '-r', join(dir, 'req.der')], { encoding: 'utf8' }).split(' ')[0]!;
    expect(withCsr).toContain(`Отпечаток SHA-256 запроса на сертификат: ${csrDigest.toUpperCase().match(/.{4}/g)!.join(' ')}`);
  });

  it('keeps every line within 78 characters, cutting a word longer than a line', () => {
    const longWord = 'Ж'.repeat(200);
    const text = renderKeyActText(actData({ company: { name: `ООО ${longWord}`, inn: '7707083893' } }), 'ru', MSK);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(78);
    expect(text.match(/Ж/g)).toHaveLength(200);
    expect(text).toMatch(/^Клиент: ООО\n {4}Ж{74}\n {4}Ж{74}\n {4}Ж{52}\nИНН: 7707083893$/m);
  });

  it('prints hostile text as inert characters on its own line: no markup, no control characters, no bidi overrides', () => {
    const name = 'ООО <script>alert("x")</script>\nИНН: 0000000000\r\tKPP\u0000\u001b[31m\u202Eакшамор\u2066x\u200b\ud800';
    const text = renderKeyActText(actData({ company: { name, inn: '7707083893' } }), 'ru', MSK);
    expect(text).toContain('<script>alert("x")</script>');
    for (const char of ['\u0000', '\r', '\t', '\u001b', '\u202e', '\u2066', '\u200b', '\ud800']) expect(text).not.toContain(char);
    expect(text.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}]/u);
    expect(text.match(/^ИНН:/gm)).toEqual(['ИНН:']); // the injected "ИНН: 0000000000" does not start a line
    expect(text.match(/^ИНН: .*$/m)![0]).toBe('ИНН: 7707083893');
    expect(text.replace(/\n {4}/g, ' ')).toContain('ООО <script>alert("x")</script> ИНН: 0000000000 KPP\ufffd\ufffd[31m\ufffdакшамор\ufffdx\ufffd\ufffd');
  });

  it('makes values printable: line breaks and tabs become spaces, invisible and control characters U+FFFD', () => {
    expect(printable('  a\tb\r\n\nc  ')).toBe('a b c');
    expect(printable('a\u00a0b\u2003c')).toBe('a b c');
    expect(printable('\u202Eabc\u202C')).toBe('\ufffdabc\ufffd');
    expect(printable('a\u0000b\u007fc\u0085d')).toBe('a\ufffdb\ufffdc d');
    expect(printable('И\u0306')).toBe('Й');
    expect(printable('😀')).toBe('😀');
  });

  it('wraps words, indents continuation lines, and never loses a character', () => {
    const fits = (line: string) => line.length <= 10;
    expect(wrap('aaa bbb ccc ddd', fits, '  ')).toEqual(['aaa bbb', '  ccc ddd']);
    expect(wrap('abcdefghijklmnop', fits, '')).toEqual(['abcdefghij', 'klmnop']);
    expect(wrap('', fits, '')).toEqual(['']);
  });

  it('refuses a key that is not a SubjectPublicKeyInfo, a key id that is not hex, a CSR for another key, a bad date', () => {
    const badKey = errorOf(() => renderKeyActText(actData({ publicKeyDer: new Uint8Array(randomBytes(64)) }), 'ru', MSK), KeyActError);
    expect(badKey.code).toBe('key-act.bad-public-key');
    expect(badKey.localized('ru')).toMatch(/^Открытый ключ не является SubjectPublicKeyInfo в DER/);
    const badId = errorOf(() => renderKeyActText(actData({ keyId: 'zz\u202E12' }), 'ru', MSK), KeyActError);
    expect(badId.code).toBe('key-act.bad-key-id');
    expect(badId.message).toBe('The key id "zz\ufffd12" is not a hexadecimal CKA_ID.');
    expect(errorOf(() => renderKeyActText(actData({ keyId: 'abc' }), 'ru', MSK), KeyActError).code).toBe('key-act.bad-key-id');
    expect(renderKeyActText(actData({ keyId: 'a1:b2 c3' }), 'ru', MSK)).toMatch(/^Идентификатор ключа на носителе \(CKA_ID\): A1B2 C3$/m);
    const mismatch = errorOf(() => renderKeyActText(actData({ csrDer: otherCsr }), 'ru', MSK), KeyActError);
    expect(mismatch.code).toBe('key-act.csr-key-mismatch');
    expect(mismatch.localized('ru')).toBe('Запрос на сертификат не содержит открытый ключ этого акта.');
    expect(errorOf(() => renderKeyActText(actData({ createdAt: new Date('nope') }), 'ru', MSK), KeyActError).code).toBe('key-act.bad-date');
  });
});

describe('PDF act', () => {
  it('is a valid one-page A4 PDF by qpdf, with an embedded, subset DejaVu Sans that maps back to Unicode', () => {
    const path = pdfFile(renderKeyActPdf(actData({ csrDer: csr }), 'ru', MSK));
    const check = tool('qpdf', ['--check', path]);
    expect(check.status).toBe(0);
    expect(check.out).toContain('No syntax or stream encoding errors found');
    const info = tool('pdfinfo', ['-isodates', path]).out;
    expect(info).toMatch(/^Pages: +1$/m);
    expect(info).toMatch(/^Page size: +595\.28 x 841\.89 pts \(A4\)$/m);
    expect(info).toMatch(/^CreationDate: +2025-03-15T21:30:00Z$/m);
    expect(info).toMatch(/^Title: +Акт признания ключа проверки электронной подписи: ООО «Ромашка»$/m);
    const fonts = tool('pdffonts', [path]).out.trim().split('\n');
    expect(fonts).toHaveLength(3); // header, rule, one font
    expect(fonts[2]).toMatch(/^[A-Z]{6}\+DejaVuSans +CID TrueType +Identity-H +yes +yes +yes /);
    expect(readFileSync(path).length).toBeLessThan(60_000); // subset: the whole font alone is 740 KB
  });

  it('holds the Russian text of the act, extracted by pdftotext', () => {
    const text = pdfText(pdfFile(renderKeyActPdf(actData(), 'ru', MSK)));
    for (const part of [
      'АКТ ПРИЗНАНИЯ КЛЮЧА ПРОВЕРКИ ЭЛЕКТРОННОЙ ПОДПИСИ',
      'Дата составления: 16.03.2025 00:30 (UTC+03:00)',
      'Клиент: ООО «Ромашка»',
      'ИНН: 7707083893',
      'КПП: 773601001',
      'ОГРН: 1027700132195',
      'Владелец ключа: Иванов Иван Иванович',
      'Ключевой носитель: «Rutoken ECP», серийный номер 3a4b5c6d',
      ...hexRows(spki),
      opensslFingerprint.slice(0, 39),
      opensslFingerprint.slice(40),
      'Владелец ключа ____________________ / Иванов Иван Иванович /',
      'Руководитель ____________________ / ____________________ / М.П.',
      'Представитель банка ____________________ / ____________________ /',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('holds the English text for an English user', () => {
    const text = pdfText(pdfFile(renderKeyActPdf(actData(), 'en', MSK)));
    for (const part of ['ELECTRONIC SIGNATURE VERIFICATION KEY RECOGNITION ACT', 'Client: ООО «Ромашка»', 'Key owner ____________________ / Иванов Иван Иванович /', 'L.S.', opensslFingerprint.slice(0, 39)]) {
      expect(text).toContain(part);
    }
    expect(text).not.toContain('Руководитель');
  });

  it('is the same bytes for the same input, and other bytes for another date', () => {
    const a = renderKeyActPdf(actData(), 'ru', MSK);
    expect(Buffer.from(renderKeyActPdf(actData(), 'ru', MSK)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(renderKeyActPdf(actData({ createdAt: new Date('2025-03-15T21:30:01Z') }), 'ru', MSK)).equals(Buffer.from(a))).toBe(false);
  });

  it('points every cross-reference entry at its object, and startxref at the table', () => {
    const pdf = Buffer.from(renderKeyActPdf(actData(), 'ru', MSK)).toString('latin1');
    expect(pdf.startsWith('%PDF-1.7\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
    expect(pdf.slice(startxref, startxref + 5)).toBe('xref\n');
    const [, count] = /^xref\n0 (\d+)\n/.exec(pdf.slice(startxref))!;
    const entries = pdf.slice(startxref).split('\n').slice(2, 2 + Number(count));
    expect(entries[0]).toBe('0000000000 65535 f ');
    entries.slice(1).forEach((entry, i) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/);
      const offset = Number(entry.slice(0, 10));
      expect(pdf.slice(offset, offset + `${i + 1} 0 obj\n`.length)).toBe(`${i + 1} 0 obj\n`);
    });
    expect(pdf).toMatch(new RegExp(`trailer\\n<</Size ${count} `));
  });

  it('prints hostile text literally and keeps PDF syntax characters and bidi overrides out of harm', () => {
    const name = 'ООО "Скобки (и) \\ слэш" <script>alert(1)</script> >> endobj\n\u202Eакшамор';
    const path = pdfFile(renderKeyActPdf(actData({ company: { name, inn: '7707083893' } }), 'ru', MSK));
    expect(tool('qpdf', ['--check', path]).status).toBe(0);
    const text = pdfText(path);
    expect(text).toContain('Клиент: ООО "Скобки (и) \\ слэш" <script>alert(1)</script> >> endobj \ufffdакшамор');
    expect(text).not.toContain('\u202E');
  });

  it('draws characters the font lacks as U+FFFD, and runs onto more pages when the text does not fit one', () => {
    const name = `ООО «漢字» ${'очень длинное название '.repeat(300)}`;
    const path = pdfFile(renderKeyActPdf(actData({ company: { name, inn: '7707083893' } }), 'ru', MSK));
    expect(tool('qpdf', ['--check', path]).status).toBe(0);
    expect(tool('pdfinfo', [path]).out).toMatch(/^Pages: +[2-9]$/m);
    const text = pdfText(path);
    expect(text).toContain('ООО «\ufffd\ufffd»');
    expect(text).toContain('Представитель банка ____________________');
  });
});

describe('the PDF font', () => {
  it('is looked for at known places per OS, and a given path is never swapped for another', () => {
    expect(knownFontPaths('linux')[0]).toBe(DEJAVU);
    expect(knownFontPaths('win32', { WINDIR: 'D:\\Win' })).toEqual(['D:\\Win\\Fonts\\DejaVuSans.ttf', 'D:\\Win\\Fonts\\arial.ttf']);
    expect(knownFontPaths('darwin', {})).toContain('/System/Library/Fonts/Supplemental/Arial.ttf');
    expect(findFont(undefined, 'linux', (p) => p === '/usr/share/fonts/TTF/DejaVuSans.ttf')).toEqual({
      path: '/usr/share/fonts/TTF/DejaVuSans.ttf',
      looked: knownFontPaths('linux'),
    });
    expect(findFont('/my/font.ttf', 'linux', () => false)).toEqual({ path: undefined, looked: ['/my/font.ttf'] });
    expect(findFont(undefined, 'linux', () => false).path).toBeUndefined();
  });

  it('names the paths it tried, or the missing file it was given', () => {
    const places = knownFontPaths('linux').join(', ');
    const notFound = new KeyActError('key-act.font-not-found', { places });
    expect(notFound.message).toContain(`Looked in: ${places}.`);
    expect(notFound.localized('ru')).toContain(`Проверены пути: ${places}.`);
    const missing = errorOf(() => renderKeyActPdf(actData(), 'ru', { ...MSK, fontPath: join(dir, 'nothing.ttf') }), KeyActError);
    expect(missing.code).toBe('key-act.font-missing-file');
    expect(missing.message).toContain(join(dir, 'nothing.ttf'));
  });

  it('refuses files that are not TrueType fonts, and fonts whose licence forbids embedding', () => {
    writeFileSync(join(dir, 'not-a-font.ttf'), 'hello, this is text');
    expect(errorOf(() => renderKeyActPdf(actData(), 'ru', { fontPath: join(dir, 'not-a-font.ttf') }), KeyActError).code).toBe('key-act.font-unreadable');
    writeFileSync(join(dir, 'cff.otf'), Buffer.concat([Buffer.from('OTTO'), Buffer.alloc(64)]));
    expect(errorOf(() => renderKeyActPdf(actData(), 'ru', { fontPath: join(dir, 'cff.otf') }), KeyActError).message).toMatch(/CFF outlines/);

    const restricted = new Uint8Array(readFileSync(DEJAVU));
    const view = new DataView(restricted.buffer);
    for (let i = 0; i < view.getUint16(4); i++) {
      const record = 12 + 16 * i;
      if (Buffer.from(restricted.subarray(record, record + 4)).toString('latin1') === 'OS/2') view.setUint16(view.getUint32(record + 8) + 8, 0x0002);
    }
    writeFileSync(join(dir, 'restricted.ttf'), restricted);
    expect(parseTrueType(new Uint8Array(readFileSync(DEJAVU))).embeddable).toBe(true);
    expect(errorOf(() => renderKeyActPdf(actData(), 'ru', { fontPath: join(dir, 'restricted.ttf') }), KeyActError).code).toBe('key-act.font-not-embeddable');
  });

  it('subsets to glyphs that draw exactly as the whole font draws them (pdftoppm, FreeType)', () => {
    const original = new Uint8Array(readFileSync(DEJAVU));
    const font = parseTrueType(original);
    expect(font.postScriptName).toBe('DejaVuSans');
    expect(font.subset([font.glyphOf('Ж'.codePointAt(0)!)!]).length).toBeLessThan(original.length / 4);
    // Accented letters (Й, Ё, Ä...) are composite glyphs in DejaVu Sans: the subset must keep their parts.
    const page = ['Ёжик Йошкар-Олы съел «щи» — ÄÖÜ ÉÈ ñ ç 0123456789', 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмнопрстуфхцчшщъыьэюя'];
    const doc = { pages: [page.map((text, i) => ({ x: 40, y: 780 - 30 * i, size: 14, text }))], title: 't', lang: 'ru', created: new Date(0) };
    const render = (pdf: Uint8Array, name: string) => {
      const r = tool('pdftoppm', ['-r', '60', '-gray', '-singlefile', pdfFile(pdf, `${name}.pdf`), join(dir, name)]);
      expect(r.err).toBe('');
      return readFileSync(join(dir, `${name}.pgm`));
    };
    const subset = render(writePdf({ ...doc, font }), 'subset');
    const whole = render(writePdf({ ...doc, font: { ...font, subset: () => original } }), 'whole');
    expect(subset.equals(whole)).toBe(true);
    expect(subset.subarray(-1000 * 60).some((px) => px < 128)).toBe(false); // the lower page is blank...
    expect(subset.some((px) => px < 128)).toBe(true); // ...and the text is drawn
  });

  it('lines up the columns of the public key as a monospaced font would', () => {
    const r = tool('pdftotext', ['-bbox', pdfFile(renderKeyActPdf(actData(), 'ru', MSK), 'bbox.pdf'), '-']);
    const words = [...r.out.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3]! }));
    const rows = new Map<number, typeof words>();
    for (const w of words) rows.set(w.y, [...(rows.get(w.y) ?? []), w]);
    const hex = [...rows.values()].filter((row) => row.length === 16 && row.every((w) => /^[0-9A-F]{2}$/.test(w.text)));
    expect(hex).toHaveLength(Math.floor(spki.length / 16));
    const columns = hex[0]!.map((w) => w.x);
    for (const row of hex) row.forEach((w, i) => expect(w.x).toBeCloseTo(columns[i]!, 1));
  });
});
