/**
 * The ED807 reader (src/main/formats/ed807): the sandbox's directory read back, every kind of
 * wrong file refused with its line and element named (and the stored directory unchanged), time
 * linear in the file's size; and the validators' verdict on a payment's bank from it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/examples.ts';
import type { PaymentOrder } from '../../src/shared/domain/payment-order.ts';
import { validatePaymentOrder } from '../../src/shared/domain/payment-order.ts';
import type { BicDirectoryFacts } from '../../src/shared/domain/bic-directory.ts';
import { issueMessage } from '../../src/shared/i18n/validation.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';
import { bicRecordOf, parseEd807 } from '../../src/main/formats/ed807/index.ts';
import { openDatabase } from '../../src/main/store/database.ts';
import { BicDirectoryStore } from '../../src/main/store/bic-directory.ts';
import { loadBicDirectoryFile } from '../../src/main/sync/bic-directory.ts';
import { recordOf, SANDBOX_BANKS, SandboxDirectory } from '../../src/sandbox/bic-directory.ts';
import { errorOf } from '../helpers/errors.ts';
import { generatedBanks, sandboxEd807 } from '../helpers/ed807.ts';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const good = sandboxEd807();
/** The good file with one piece of text replaced (the piece must be there). */
const edit = (from: string, to: string): Uint8Array => {
  expect(good).toContain(from);
  return bytes(good.replace(from, to));
};
const lineOf = (text: string, piece: string): number => text.slice(0, text.indexOf(piece)).split('\n').length;

describe('ED807: the sandbox directory read back', () => {
  const dir = parseEd807(bytes(good));

  it('reads the root and every bank', () => {
    expect(dir).toMatchObject({ edNo: '1', edDate: '2025-01-09', edAuthor: '4583001999', businessDay: '2025-01-09', infoTypeCode: 'FIRR' });
    expect(dir.entries.map((e) => e.bic)).toEqual(SANDBOX_BANKS.map((b) => b.bic));
  });

  it('reduces an entry to name, place, correspondent account, status and restrictions', () => {
    const rec = (bic: string) => bicRecordOf(dir.entries.find((e) => e.bic === bic)!);
    expect(rec('044525225')).toEqual({ bic: '044525225', name: 'АО «Песочница Банк»', placeType: 'г', place: 'Москва', corrAccount: '30101810400000000225', closed: false, restrictions: [] });
    expect(rec('004525988').corrAccount).toBe('40102810545370000003'); // the treasury's single account (UTRA)
    expect(rec('045004999')).toMatchObject({ closed: true, closedOn: '2024-06-14', corrAccount: '' }); // its account closed too
    expect(rec('044525974').restrictions).toEqual([{ code: 'URRS', date: '2024-03-01' }]);
  });

  it('the bank validates with what it publishes: its records are the ones a client reads from its file', () => {
    expect(dir.entries.map(bicRecordOf)).toEqual(SANDBOX_BANKS.map(recordOf));
    expect(new SandboxDirectory().facts).toEqual({ complete: true, entries: Object.fromEntries(SANDBOX_BANKS.map((b) => [b.bic, recordOf(b)])) });
  });

  it('reads Windows-1251 as the Bank of Russia writes it', () => {
    const text = good.replace('encoding="UTF-8"', 'encoding="windows-1251"');
    const win = Buffer.from(
      Array.from(text, (ch) => {
        const c = ch.codePointAt(0)!;
        if (c < 0x80) return c;
        if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
        if (c === 0x401) return 0xa8;
        if (c === 0x451) return 0xb8;
        if (c === 0xab) return 0xab;
        if (c === 0xbb) return 0xbb;
        if (c === 0x2116) return 0xb9;
        throw new Error(`no cp1251 for ${ch}`);
      }),
    );
    expect(parseEd807(win).entries[0]!.name).toBe('АО «Песочница Банк»');
  });
});

describe('ED807: wrong files are refused, naming the place', () => {
  const refusal = (b: Uint8Array): LocalizedError => errorOf(() => parseEd807(b));

  it.each([
    ['a BIC of 8 digits', 'BIC="049805746"', 'BIC="04980574"', 'format.ed807.attribute-invalid', '<BICDirectoryEntry BIC="04980574"', { attribute: 'BIC', element: 'BICDirectoryEntry' }],
    ['an account of 19 digits', 'Account="30101810800000000746"', 'Account="3010181080000000074"', 'format.ed807.attribute-invalid', 'Account="3010181080000000074"', { attribute: 'Account', element: 'Accounts' }],
    ['a date that is not one', 'DateOut="2024-06-14" PtType', 'DateOut="2024-02-30" PtType', 'format.ed807.attribute-invalid', 'DateOut="2024-02-30"', { attribute: 'DateOut', element: 'ParticipantInfo' }],
    ['an unknown participant status', 'ParticipantStatus="PSAC"', 'ParticipantStatus="PSXX"', 'format.ed807.code-unknown', 'ParticipantStatus="PSXX"', { attribute: 'ParticipantStatus' }],
    ['a name missing', 'NameP="АО «Тверской Песочный Банк»" ', '', 'format.ed807.attribute-missing', 'RegN="9998"', { attribute: 'NameP', element: 'ParticipantInfo' }],
    ['an element ED807 does not have', '<RstrList Rstr="URRS"', '<Surprise/><RstrList Rstr="URRS"', 'format.ed807.element-unexpected', '<Surprise/>', { element: 'Surprise', parent: 'ParticipantInfo' }],
    ['a list of changes, not a full directory', 'InfoTypeCode="FIRR"', 'InfoTypeCode="SIRR"', 'format.ed807.not-full', '<ED807', { value: 'SIRR' }],
  ])('%s', (_what, from, to, code, at, params) => {
    const changed = good.replace(from, to);
    expect(changed).not.toBe(good);
    const e = refusal(bytes(changed));
    expect(e.code).toBe(code);
    expect(e.params).toMatchObject({ line: lineOf(changed, at), ...params });
    expect(e.localized('ru')).toMatch(/^Строка \d+: /);
    expect(e.localized('en')).toMatch(/^Line \d+: /);
  });

  it('a BIC listed twice names both lines', () => {
    const entry = good.slice(good.indexOf('  <BICDirectoryEntry BIC="049805746"'), good.indexOf('  <BICDirectoryEntry BIC="046015804"'));
    const twice = good.replace(entry, entry + entry);
    const e = refusal(bytes(twice));
    expect(e.code).toBe('format.ed807.bic-duplicate');
    expect(e.params).toMatchObject({ bic: '049805746', first: lineOf(twice, 'BIC="049805746"') });
    expect(e.params.line).toBeGreaterThan(e.params.first as number);
  });

  it('an entry without ParticipantInfo, a second ParticipantInfo, a directory without banks', () => {
    const noInfo = edit(good.slice(good.indexOf('<ParticipantInfo NameP="АО «Тверской'), good.indexOf('/>', good.indexOf('<ParticipantInfo NameP="АО «Тверской')) + 2), '');
    expect(refusal(noInfo)).toMatchObject({ code: 'format.ed807.element-missing', params: { element: 'ParticipantInfo', parent: 'BICDirectoryEntry' } });
    const info = good.slice(good.indexOf('<ParticipantInfo NameP="АО «Тверской'), good.indexOf('/>', good.indexOf('<ParticipantInfo NameP="АО «Тверской')) + 2);
    expect(refusal(edit(info, info + info))).toMatchObject({ code: 'format.ed807.element-repeated' });
    const empty = `${good.slice(0, good.indexOf('  <BICDirectoryEntry'))}</ED807>\n`;
    expect(refusal(bytes(empty))).toMatchObject({ code: 'format.ed807.no-entries', params: { line: 2 } });
  });

  it('another root, another namespace, not XML, a DOCTYPE, an entity, nothing', () => {
    expect(refusal(bytes('<?xml version="1.0"?>\n<ED101 xmlns="urn:cbr-ru:ed:v2.0"/>'))).toMatchObject({ code: 'format.ed807.not-ed807', params: { line: 2, element: 'ED101' } });
    expect(refusal(edit('xmlns="urn:cbr-ru:ed:v2.0"', 'xmlns="urn:example"'))).toMatchObject({ code: 'format.ed807.not-ed807', params: { namespace: 'urn:example' } });
    expect(refusal(bytes('BIC;Name\n044525225;Bank\n')).code).toMatch(/^format\.xml\./);
    const doctype = good.replace('<ED807', '<!DOCTYPE ED807 [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<ED807');
    expect(refusal(bytes(doctype)).code).toBe('format.xml.doctype');
    expect(refusal(edit('NameP="ООО «Закрытый Банк»"', 'NameP="&x;"')).code).toBe('format.xml.entity-unknown');
    expect(refusal(new Uint8Array()).code).toBe('format.empty');
    const deep = good.replace('<RstrList Rstr="URRS" RstrDate="2024-03-01"/>', `${'<RstrList Rstr="URRS" RstrDate="2024-03-01">'.repeat(20)}${'</RstrList>'.repeat(20)}`);
    expect(refusal(bytes(deep)).code).toBe('format.xml.too-deep');
  });

  it('a bad file never changes the stored directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bc-ed807-'));
    try {
      const db = openDatabase(dir);
      const first = loadBicDirectoryFile(db, bytes(good), 'good.xml');
      const store = new BicDirectoryStore(db);
      const before = { source: store.source(), facts: store.facts() };
      for (const bad of [edit('BIC="046015804"', 'BIC="0460158"'), bytes(good.slice(0, good.length - 200)), edit('InfoTypeCode="FIRR"', 'InfoTypeCode="SIRR"')]) {
        expect(() => loadBicDirectoryFile(db, bad, 'bad.xml')).toThrow(LocalizedError);
      }
      expect(store.source()).toEqual(first);
      expect(store.source()).toEqual(before.source);
      expect(Object.keys(store.facts()!.entries).sort()).toEqual(SANDBOX_BANKS.map((b) => b.bic).sort());
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ED807: time linear in the size of the file', () => {
  it('four times the banks take about four times as long, not sixteen', () => {
    const small = bytes(sandboxEd807(generatedBanks(1_000)));
    const big = bytes(sandboxEd807(generatedBanks(4_000)));
    const time = (b: Uint8Array): number => {
      let best = Infinity;
      for (let i = 0; i < 2; i++) {
        const t0 = performance.now();
        expect(parseEd807(b).entries.length).toBeGreaterThan(0);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(small); // warm up
    const ratio = time(big) / time(small);
    expect(big.length / small.length).toBeGreaterThan(3.9);
    expect(ratio).toBeLessThan(8);
  }, 60_000);
});

describe('the validators and the directory', () => {
  const facts: BicDirectoryFacts = {
    complete: true,
    entries: Object.fromEntries(parseEd807(bytes(good)).entries.map((e) => [e.bic, bicRecordOf(e)])),
  };
  const example = DOCUMENT_EXAMPLES['payment-order'] as PaymentOrder;
  const today = '2026-12-05';
  const withPayeeBic = (bic: string, corrAccount?: string): PaymentOrder => ({ ...example, date: today, payee: { ...example.payee, bank: { name: 'Банк', bic, ...(corrAccount ? { corrAccount } : {}) } } });
  const findings = (o: PaymentOrder, f: BicDirectoryFacts | null = facts) => validatePaymentOrder(o, { today, ...(f ? { bicDirectory: f } : {}) });
  const bicFindings = (o: PaymentOrder) => {
    const r = findings(o);
    return [...r.errors, ...r.warnings].filter((i) => i.code.startsWith('bic.'));
  };

  it('a bank in the directory: no finding', () => {
    expect(bicFindings(withPayeeBic('049805746', '30101810800000000746'))).toEqual([]);
  });

  it('an unknown BIC is an error, worded as a bank would', () => {
    const [e] = bicFindings(withPayeeBic('044525999'));
    expect(e).toMatchObject({ field: 'payee.bank.bic', code: 'bic.unknown', severity: 'error' });
    expect(issueMessage('ru', e!)).toContain('БИК 044525999 отсутствует в справочнике БИК Банка России');
    expect(issueMessage('en', e!)).toContain("BIC 044525999 is not in the Bank of Russia's BIC directory");
  });

  it('a closed BIC is an error with the day it was excluded', () => {
    const [e] = bicFindings(withPayeeBic('045004999'));
    expect(e).toMatchObject({ code: 'bic.closed', severity: 'error' });
    expect(issueMessage('ru', e!)).toContain('исключён из справочника БИК с 14.06.2024; платежи на него невозможны');
    expect(issueMessage('en', e!)).toContain('excluded from the BIC directory since 14.06.2024');
  });

  it('a BIC under restrictions is a warning naming them in words', () => {
    const r = findings(withPayeeBic('044525974'));
    expect(r.errors.filter((i) => i.code.startsWith('bic.'))).toEqual([]);
    const [w] = r.warnings.filter((i) => i.code === 'bic.restricted');
    expect(issueMessage('ru', w!)).toContain('с 01.03.2024 действуют ограничения (ограничение участия в переводах)');
    expect(issueMessage('en', w!)).toContain('under restrictions since 01.03.2024 (participation in transfers restricted)');
  });

  it('a correspondent account other than the directory\'s is a warning', () => {
    expect(bicFindings(withPayeeBic('049805746', '30101810400000000746'))).toMatchObject([{ field: 'payee.bank.corrAccount', code: 'bic.corr-account-differs', severity: 'warning' }]);
  });

  it('without a directory, or with a partial one that does not know the BIC, nothing is said', () => {
    expect(bicFindings({ ...withPayeeBic('044525999') })).toHaveLength(1);
    expect(findings(withPayeeBic('044525999'), null).errors.filter((i) => i.code.startsWith('bic.'))).toEqual([]);
    expect(findings(withPayeeBic('044525999'), { complete: false, entries: {} }).errors.filter((i) => i.code.startsWith('bic.'))).toEqual([]);
    expect(findings(withPayeeBic('044525999'), { complete: false, entries: { '044525999': null } }).errors.map((i) => i.code)).toContain('bic.unknown');
  });
});

