/**
 * The parsers of untrusted bytes, each through its public entry point only (so the harness
 * keeps working while their insides change), with its corpus, its mutators, what counts as its
 * own refusal, and inputs for the time-per-KB check.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSignedData } from '../../src/crypto/cms/parse.ts';
import { readSignedDataDer } from '../../src/crypto/cms/signed-data-der.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { berToDer, DerError } from '../../src/crypto/der.ts';
import { nameToText, parseSubject } from '../../src/crypto/x509/subject.ts';
import { exportCamt053, readCamt053 } from '../../src/main/formats/iso20022/camt053.ts';
import { exportPain001 } from '../../src/main/formats/iso20022/pain001-export.ts';
import { importPain001 } from '../../src/main/formats/iso20022/pain001-import.ts';
import { DOCUMENT_KEYS, HEADER_KEYS, ACCOUNT_KEYS, importOneCPayments } from '../../src/main/formats/onec/import-payments.ts';
import { exportStatementOneC, readOneCStatement } from '../../src/main/formats/onec/statement.ts';
import { writeOneCPayments } from '../../src/main/formats/onec/write-payments.ts';
import type { Statement } from '../../src/shared/bank-api/accounts.ts';
import { ChallengeRequest, SessionRequest } from '../../src/shared/bank-api/auth.ts';
import { QuoteRequest } from '../../src/shared/bank-api/contracts.ts';
import { AddSignature, ChangesQuery, SubmitDocument } from '../../src/shared/bank-api/documents-api.ts';
import { checkDocument, DOCUMENT_EXAMPLES, DOCUMENT_KINDS, DOCUMENT_KIND_NAMES, parseDocument } from '../../src/shared/bank-api/documents/index.ts';
import type { PaymentOrder } from '../../src/shared/bank-api/documents/payment-order.ts';
import { EnrollmentRequest, RenewalRequest, RevocationRequest } from '../../src/shared/bank-api/enrollment.ts';
import { MessageUpdate, NewMessage } from '../../src/shared/bank-api/messages.ts';
import { StatementQuery } from '../../src/shared/bank-api/accounts.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';
import { BankCa, CsrRefused } from '../../src/sandbox/ca.ts';
import { BankClock } from '../../src/sandbox/clock.ts';
import { openStore } from '../../src/sandbox/store.ts';
import { COMPANY, csrPem, makeCryptoCorpus, resignCsr, type CryptoCorpus } from './corpus-crypto.ts';
import type { FuzzContext, FuzzTarget } from './harness.ts';
import { encodeCp1251, encodeDerTree, mutateBytes, mutateDer, mutateJsonValue, mutateLines, mutateXml, NASTY_VALUES, randomJson, parseDerTree, toIndefinite, type DerNode } from './mutate.ts';
import type { Prng } from './prng.ts';
import { httpTarget } from './http.ts';

/** Inputs stay under the bank's body limit: bigger ones are refused before any parser sees them. */
const MAX_INPUT = 256 * 1024;

const isLocalized = (e: unknown): boolean => e instanceof LocalizedError;
const isDer = (e: unknown): boolean => e instanceof DerError;

/**
 * The usual mix of one input: mostly 1-4 mutations of a corpus entry (structure-aware or
 * byte-level), some generated from scratch, some random bytes.
 */
function mix(rng: Prng, corpus: readonly Buffer[], structured: (rng: Prng, input: Buffer, other: Buffer) => Buffer, generate?: (rng: Prng) => Buffer): Buffer {
  const r = rng.int(100);
  if (r < 6) return rng.bytes(rng.size(4096));
  if (r < 18 && generate) return generate(rng);
  let out = rng.pick(corpus);
  const other = rng.pick(corpus);
  const steps = rng.chance(0.1) ? rng.range(5, 16) : rng.range(1, 4);
  for (let i = 0; i < steps; i++) out = rng.chance(0.65) ? structured(rng, out, other) : mutateBytes(rng, out, other, MAX_INPUT);
  return out;
}

/** A random DER tree, sometimes deep, sometimes wide, sometimes with indefinite lengths. */
function randomDer(rng: Prng, depth = 0): DerNode {
  if (depth > 6 || rng.chance(0.4)) return { tag: rng.pick([0x02, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x17, 0x1e, 0x80]), content: rng.bytes(rng.size(40)) };
  const children = Array.from({ length: rng.range(0, 5) }, () => randomDer(rng, depth + 1));
  return { tag: rng.pick([0x30, 0x31, 0xa0, 0xa1, 0x24]), children, ...(rng.chance(0.2) ? { indefinite: true } : {}) };
}

/** A SEQUENCE of `n` SETs of one attribute each: a Name, or a generic BER list when indefinite. */
function wideDer(bytes: number, indefinite: boolean): Buffer {
  const atv = encodeDerTree([{ tag: 0x31, children: [{ tag: 0x30, children: [{ tag: 0x06, content: Buffer.from('550403', 'hex') }, { tag: 0x0c, content: Buffer.from('Иванов И.') }] }] }]);
  const n = Math.max(1, Math.round(bytes / atv.length));
  const body = Buffer.concat(Array<Buffer>(n).fill(atv));
  return indefinite ? Buffer.concat([Buffer.from([0x30, 0x80]), body, Buffer.from([0, 0])]) : encodeDerTree([{ tag: 0x30, content: body }]);
}

let crypto: Promise<CryptoCorpus> | undefined;
const cryptoCorpus = (): Promise<CryptoCorpus> => (crypto ??= makeCryptoCorpus());

/** SignedData with `n` copies of the signer's certificate added: the same structure, bigger. */
function biggerSignedData(c: CryptoCorpus, bytes: number, indefinite: boolean): Buffer {
  const info = c.signedData[0]!;
  const parsed = parseTree(info);
  const sd = parsed[0]!.children![1]!.children![0]!;
  const certSet = sd.children!.find((n) => n.tag === 0xa0)!;
  const cert = certSet.children![0]!;
  const n = Math.max(0, Math.round((bytes - info.length) / c.certificates[1]!.length));
  certSet.children = [...certSet.children!, ...Array<DerNode>(n).fill(cert)];
  const der = encodeDerTree(parsed);
  return indefinite ? encodeDerTree(toIndefinite(parseTree(der))) : der;
}
const parseTree = (b: Buffer): DerNode[] => parseDerTree(b)!;

const cmsVerify: FuzzTarget = {
  name: 'cms-verify',
  entry: 'verifyDetached (src/crypto/cms/verify.ts)',
  async setup() {
    const c = await cryptoCorpus();
    return {
      generate: (rng) =>
        mix(rng, c.signedData, (r, input, other) => (input.subarray(0, 11).toString('latin1') === '-----BEGIN ' ? mutatePem(r, input, other) : mutateDer(r, input, other, MAX_INPUT)), (r) => encodeDerTree([randomDer(r)])),
      run: (input) => verifyDetached(c.content, input, [c.caDer]),
      typed: isLocalized,
      scaling: [
        { name: 'SignedData with n certificates (DER)', make: (b) => biggerSignedData(c, b, false) },
        { name: 'SignedData with n certificates (BER, indefinite)', make: (b) => biggerSignedData(c, b, true) },
      ],
    };
  },
};

/** PEM: the base64 inside mutated as DER, or the text around it mutated. */
function mutatePem(rng: Prng, input: Buffer, other: Buffer): Buffer {
  const text = input.toString('latin1');
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END/.exec(text);
  if (!m || rng.chance(0.3)) return mutateBytes(rng, input, other, MAX_INPUT);
  const der = mutateDer(rng, Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64'), undefined, MAX_INPUT);
  return Buffer.from(`-----BEGIN ${m[1]}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END ${m[1]}-----\n`, 'latin1');
}

const cmsParse: FuzzTarget = {
  name: 'cms-parse',
  entry: 'parseSignedData (cms/parse.ts), readSignedDataDer (cms/signed-data-der.ts)',
  async setup() {
    const c = await cryptoCorpus();
    return {
      generate: (rng) => mix(rng, c.signedData, (r, input, other) => mutateDer(r, input, other, MAX_INPUT), (r) => encodeDerTree([randomDer(r)])),
      run(input) {
        readSignedDataDer(input); // never throws: undefined means "not plain DER"
        parseSignedData(input, 'fuzz');
      },
      typed: isLocalized,
      scaling: [{ name: 'SignedData with n certificates (BER)', make: (b) => biggerSignedData(c, b, true) }],
    };
  },
};

const berTarget: FuzzTarget = {
  name: 'ber-to-der',
  entry: 'berToDer (src/crypto/der.ts)',
  async setup() {
    const c = await cryptoCorpus();
    const corpus = [...c.signedData.filter((s) => s[0] === 0x30), ...c.certificates, ...c.csrs.map((s) => s.der)];
    return {
      generate: (rng) => mix(rng, corpus, (r, input, other) => mutateDer(r, input, other, MAX_INPUT), (r) => encodeDerTree([{ ...randomDer(r), indefinite: true }])),
      run: (input) => berToDer(input),
      typed: isDer,
      scaling: [
        { name: 'wide SEQUENCE, indefinite length', make: (b) => wideDer(b, true) },
        { name: 'SignedData, all indefinite', make: (b) => biggerSignedData(c, b, true) },
      ],
    };
  },
};

const SUBJECT_NAMES = ['CN', 'O', 'OU', 'T', 'L', 'ST', 'STREET', 'C', 'E', 'INN', 'INNLE', 'OGRN', 'OGRNIP', 'SNILS', 'SN', 'GN', '2.5.4.3', '1.2.643.100.4', 'commonName', 'X', '1.2', '0'];

const subjectText: FuzzTarget = {
  name: 'subject-parse',
  entry: 'parseSubject (src/crypto/x509/subject.ts)',
  async setup() {
    const corpus = [
      'CN=Иванов Иван Иванович,T=Директор,O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893,1.2.643.100.1=1027700132195,SNILS=112-233-445 95',
      'CN=\\D0\\98\\D0\\B2,O="ООО \\"Ромашка\\", филиал",E=a@b.ru',
      'CN=x\\,y\\+z\\ ,OU=\\#1;L=Москва',
      'INN=500100732259,OGRNIP=304500116000157,CN=ИП Петров',
    ].map((s) => Buffer.from(s));
    const generate = (rng: Prng): Buffer =>
      Buffer.from(
        Array.from({ length: rng.range(0, 8) }, () => `${rng.chance(0.1) ? ' ' : ''}${rng.pick(SUBJECT_NAMES)}=${rng.chance(0.2) ? '"' : ''}${rng.pick(NASTY_VALUES).slice(0, 200)}${rng.chance(0.3) ? `\\${rng.pick(['D0', '2C', 'zz', '', '\\', 'FF'])}` : ''}`).join(rng.pick([',', ';', ', ', '+'])),
      );
    return {
      generate: (rng) => mix(rng, corpus, (r, input, other) => Buffer.from(mutateLines(r, input.toString('utf8').replace(/,/g, '\n'), other.toString('utf8').replace(/,/g, '\n'), SUBJECT_NAMES, MAX_INPUT).replace(/\r?\n/g, ',')), generate),
      run: (input) => parseSubject(input.toString('utf8')),
      typed: isLocalized,
      scaling: [
        { name: 'n attributes', make: (b) => Buffer.from(Array.from({ length: Math.max(1, Math.round(b / 32)) }, (_, i) => `OU=Отдел ${String(i).padStart(6, '0')}`).join(',') + ',CN=x') },
        { name: 'one value of hex escapes', make: (b) => Buffer.from(`CN=${'\\D0\\98'.repeat(Math.max(1, Math.round(b / 6)))}`) },
      ],
    };
  },
};

const subjectDer: FuzzTarget = {
  name: 'subject-der',
  entry: 'nameToText (src/crypto/x509/subject.ts)',
  async setup() {
    const c = await cryptoCorpus();
    return {
      generate: (rng) => mix(rng, c.names, (r, input, other) => mutateDer(r, input, other, MAX_INPUT), (r) => encodeDerTree([randomDer(r)])),
      run: (input) => nameToText(input),
      typed: isDer,
      scaling: [{ name: 'Name with n RDNs', make: (b) => wideDer(b, false) }],
    };
  },
};

const csrTarget: FuzzTarget = {
  name: 'csr',
  entry: 'BankCa.checkCsr (src/sandbox/ca.ts)',
  async setup() {
    const c = await cryptoCorpus();
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-ca-'));
    const db = openStore(dir);
    const ca = await BankCa.open(db, dir, new BankClock(db), 'Fuzz Bank');
    const pems = c.csrs.map((s) => Buffer.from(s.pem));
    const subjects = c.names;
    return {
      generate(rng) {
        const r = rng.int(100);
        // most inputs are genuine requests (signed again) for a mutated or odd subject: the
        // signature check comes first, and only these get past it to the subject parsing
        if (r < 55) {
          const sample = rng.pick(c.csrs);
          let subject = rng.pick(subjects);
          for (let i = rng.range(1, 3); i > 0; i--) subject = rng.chance(0.7) ? mutateDer(rng, subject, rng.pick(subjects), 16_384) : mutateBytes(rng, subject, undefined, 16_384);
          return Buffer.from(csrPem(resignCsr(sample, subject)));
        }
        return mix(rng, pems, (g, input, other) => mutatePem(g, input, other));
      },
      run: (input) => ca.checkCsr(input.toString('utf8'), COMPANY),
      typed: (e) => e instanceof CsrRefused,
      scaling: [
        { name: 'CSR with a Name of n RDNs', make: (b) => Buffer.from(csrPem(resignCsr(c.csrs[0]!, wideDer(b, false)))) },
        { name: 'GOST CSR with a Name of n RDNs', make: (b) => Buffer.from(csrPem(resignCsr(c.csrs.find((s) => s.hash === 'streebog256')!, wideDer(b, false)))) },
      ],
      async close() {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Bank files: 1C, pain.001, camt.053

const FIXTURES = new URL('../../tests/fixtures/formats/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));

const order = (i: number, base = DOCUMENT_EXAMPLES['payment-order']): PaymentOrder => ({
  ...base,
  number: String((i % 999_999) + 1),
  amount: 100 + ((i * 7_919) % 100_000_000),
  purpose: `Оплата по счету № ${i + 1} от 20.11.2026 за поставку, в т.ч. НДС 20%`,
  ...(i % 5 === 4 ? { budget: { payerStatus: '01', kbk: '18201061201010000510', oktmo: '45382000', basis: '0', period: '0', documentNumber: '0', documentDate: '0' } } : {}),
});
const orders = (n: number): PaymentOrder[] => Array.from({ length: n }, (_, i) => order(i));

const statement = (entries: number): Statement => ({
  account: { id: 'acc-1', number: '40702810400000004583', currency: 'RUB', balance: 0, bank: { name: 'АО "Банк"', bic: '046015804', corrAccount: '30101810400000000225' }, openedOn: '2020-01-15' },
  from: '2026-11-01',
  to: '2026-11-30',
  openingBalance: 100_000_00,
  totalDebit: 0,
  totalCredit: 1_000 * entries,
  closingBalance: 100_000_00 + 1_000 * entries,
  entries: Array.from({ length: entries }, (_, i) => ({
    id: `e${i}`,
    date: '2026-11-03',
    direction: i % 3 === 0 ? ('debit' as const) : ('credit' as const),
    amount: 1_000 + i,
    counterparty: { name: 'ООО "Лютик"', inn: '500100732259', account: '40602810700000000025', bic: '049805746' },
    purpose: `Оплата по счету № ${i}, без НДС`,
    documentNumber: String(i + 1),
  })),
});
const HOLDER = { name: 'ООО "Ромашка"', inn: '7707083893', kpp: '770701001' };
const CREATED = { date: '2026-12-01', time: '08:30:00' };

/** Bytes -> text the way the reader will see them (UTF-8 when it decodes, else Windows-1251). */
function decodeGuess(b: Buffer): { text: string; cp1251: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), cp1251: false };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(b), cp1251: true };
  }
}

const ONEC_KEYS = [...DOCUMENT_KEYS, ...HEADER_KEYS, ...ACCOUNT_KEYS, 'СекцияДокумент', 'КонецДокумента', 'СекцияРасчСчет', 'КонецРасчСчет', 'КонецФайла', 'Кодировка', 'ВерсияФормата'];

function mutateOneC(rng: Prng, input: Buffer, other: Buffer): Buffer {
  const { text, cp1251 } = decodeGuess(input);
  const out = mutateLines(rng, text, decodeGuess(other).text, ONEC_KEYS, MAX_INPUT);
  return cp1251 ? encodeCp1251(out) : Buffer.from(out);
}

/** A 1C file built from the format's keys with odd values, sections opened and closed at random. */
function generateOneC(rng: Prng): Buffer {
  const lines = ['1CClientBankExchange', `ВерсияФормата=${rng.pick(['1.03', '1.02', '9', ''])}`, `Кодировка=${rng.pick(['Windows', 'DOS', 'UTF-8', 'KOI8'])}`];
  for (let s = rng.range(0, 6); s > 0; s--) {
    const account = rng.chance(0.2);
    lines.push(account ? 'СекцияРасчСчет' : `СекцияДокумент=${rng.pick(['Платежное поручение', 'платёжное  поручение', 'Инкассовое поручение', ''])}`);
    for (let f = rng.range(0, 30); f > 0; f--) lines.push(`${rng.pick(ONEC_KEYS)}=${rng.chance(0.5) ? rng.pick(NASTY_VALUES) : String(rng.int(1e9))}`);
    if (rng.chance(0.9)) lines.push(account ? 'КонецРасчСчет' : 'КонецДокумента');
  }
  if (rng.chance(0.9)) lines.push('КонецФайла');
  const text = lines.join(rng.chance(0.5) ? '\r\n' : '\n');
  return rng.chance(0.5) ? encodeCp1251(text) : Buffer.from(text);
}

const onecTarget: FuzzTarget = {
  name: 'onec',
  entry: 'importOneCPayments, readOneCStatement (src/main/formats/onec)',
  async setup() {
    const corpus = [
      fixture('mixed.cp1251.crlf.txt'),
      fixture('mixed.utf8.lf.txt'),
      fixture('quirks.utf8-claims-windows.lf.txt'),
      fixture('dos.cp866.crlf.txt'),
      Buffer.from(writeOneCPayments(orders(3))),
      Buffer.from(exportStatementOneC(statement(4), { createdAt: CREATED, holder: HOLDER })),
      Buffer.from(exportStatementOneC(statement(2), { createdAt: CREATED, holder: HOLDER, encoding: 'utf-8' })),
    ];
    return {
      generate: (rng) => mix(rng, corpus, mutateOneC, generateOneC),
      run(input) {
        // both readers of the format, each judged on its own
        try {
          importOneCPayments(input);
        } catch (e) {
          if (!isLocalized(e)) throw e;
        }
        readOneCStatement(input);
      },
      typed: isLocalized,
      scaling: [
        { name: 'payment orders (cp1251)', make: (b) => Buffer.from(writeOneCPayments(orders(Math.max(1, Math.round(b / 780))))) },
        { name: 'lines without "="', make: (b) => Buffer.from(`1CClientBankExchange\n${'строка\n'.repeat(Math.max(1, Math.round(b / 13)))}ВерсияФормата=1.03\nКонецФайла\n`) },
      ],
    };
  },
};

const PAIN_NAMES = ['Document', 'CstmrCdtTrfInitn', 'GrpHdr', 'PmtInf', 'CdtTrfTxInf', 'Amt', 'InstdAmt', 'Dbtr', 'Cdtr', 'DbtrAcct', 'CdtrAcct', 'Id', 'Othr', 'Nm', 'RmtInf', 'Ustrd', 'NbOfTxs', 'CtrlSum', 'ReqdExctnDt', 'Dt', 'PmtTpInf', 'CtgyPurp', 'Prtry', 'Tax', 'x:Document'];
const CAMT_NAMES = ['Document', 'BkToCstmrStmt', 'Stmt', 'Acct', 'Bal', 'Tp', 'CdOrPrtry', 'Cd', 'Amt', 'CdtDbtInd', 'Ntry', 'NtryDtls', 'TxDtls', 'RltdPties', 'Dbtr', 'Cdtr', 'Pty', 'Nm', 'TxsSummry', 'TtlCdtNtries', 'Sum', 'FrToDt', 'FrDtTm', 'BookgDt', 'Dt', 'RmtInf', 'Ustrd'];

function xmlMutator(names: readonly string[]) {
  return (rng: Prng, input: Buffer, other: Buffer): Buffer => {
    const { text, cp1251 } = decodeGuess(input);
    const out = mutateXml(rng, text, decodeGuess(other).text, names, MAX_INPUT);
    return cp1251 ? encodeCp1251(out) : Buffer.from(out);
  };
}

/** Well-formed XML of the format's element names in a random shape, namespaced as the reader expects. */
function generateXml(names: readonly string[], ns: string) {
  return (rng: Prng): Buffer => {
    const el = (depth: number): string => {
      const name = rng.pick(names);
      if (depth > 8 || rng.chance(0.35)) return `<${name}${rng.chance(0.1) ? ' Ccy="RUB"' : ''}>${rng.pick(NASTY_VALUES).replace(/[<&]/g, '')}</${name}>`;
      return `<${name}>${Array.from({ length: rng.range(0, 5) }, () => el(depth + 1)).join('')}</${name}>`;
    };
    return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${ns}">${el(0)}</Document>`);
  };
}

const pain001Target: FuzzTarget = {
  name: 'pain001',
  entry: 'importPain001 (src/main/formats/iso20022/pain001-import.ts)',
  async setup() {
    const opts = { messageId: 'BC-20261125-0001', createdAt: '2026-11-25T10:00:00' };
    const corpus = [fixture('pain.001.001.03.xml'), Buffer.from(exportPain001(orders(3), opts)), Buffer.from(exportPain001(orders(1), opts))];
    return {
      generate: (rng) => mix(rng, corpus, xmlMutator(PAIN_NAMES), generateXml(PAIN_NAMES, 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09')),
      run: (input) => importPain001(input),
      typed: isLocalized,
      scaling: [{ name: 'n transactions', make: (b) => Buffer.from(exportPain001(orders(Math.max(1, Math.round(b / 1500))), opts)) }],
    };
  },
};

const camt053Target: FuzzTarget = {
  name: 'camt053',
  entry: 'readCamt053 (src/main/formats/iso20022/camt053.ts)',
  async setup() {
    const exp = (n: number): Buffer => Buffer.from(exportCamt053(statement(n), { createdAt: '2026-12-01T08:30:00', holder: HOLDER }));
    const corpus = [exp(0), exp(1), exp(4)];
    return {
      generate: (rng) => mix(rng, corpus, xmlMutator(CAMT_NAMES), generateXml(CAMT_NAMES, 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08')),
      run: (input) => readCamt053(input),
      typed: isLocalized,
      scaling: [{ name: 'n entries', make: (b) => exp(Math.max(1, Math.round(b / 1100))) }],
    };
  },
};

// ---------------------------------------------------------------------------------------------
// The bank's JSON bodies, in process

/** Every request body and query schema the sandbox parses with. */
export const BODY_SCHEMAS = { SubmitDocument, AddSignature, ChangesQuery, SessionRequest, ChallengeRequest, EnrollmentRequest, RenewalRequest, RevocationRequest, QuoteRequest, NewMessage, MessageUpdate, StatementQuery };

export function sampleBodies(c: CryptoCorpus): unknown[] {
  const signature = c.signedData[0]!.toString('base64');
  const documents = DOCUMENT_KIND_NAMES.map((kind) => ({ kind, version: DOCUMENT_KINDS[kind].version, content: DOCUMENT_EXAMPLES[kind] }));
  return [
    ...documents.map((document) => ({ document, signature })),
    { signature },
    { cursor: '0', limit: '500' },
    { challengeId: '0b6a1c52-7d7e-4f57-9d8e-5b0f5a7d2f11', signature, totp: '123456' },
    { certificateSerial: '0a11' },
    { enrolmentCode: 'abcdefgh12', csr: c.csrs[0]!.pem },
    { csr: c.csrs[0]!.pem, signature },
    { reason: 'superseded' },
    { date: '2026-12-01' },
    { subject: 'Вопрос', body: 'Текст', attachments: [{ name: 'a.txt', mediaType: 'text/plain', content: 'AAAA' }] },
    { read: true },
    { from: '2026-11-01', to: '2026-11-30' },
  ];
}

/** JSON text of a mutated body, sometimes broken as text afterwards. */
export function jsonInput(rng: Prng, bodies: readonly unknown[]): Buffer {
  let value = rng.chance(0.05) ? randomJson(rng) : rng.pick(bodies);
  for (let i = rng.range(1, 4); i > 0; i--) value = mutateJsonValue(rng, value);
  let text: Buffer = Buffer.from(JSON.stringify(value) ?? 'null');
  if (rng.chance(0.03)) {
    // nesting far deeper than any body, as text: what a hostile client sends
    const depth = rng.range(1000, 100_000);
    const [open, close] = rng.chance(0.5) ? ['[', ']'] : ['{"document":', '}'];
    text = Buffer.from(`${open.repeat(depth)}${text.toString('utf8')}${rng.chance(0.8) ? close.repeat(depth) : ''}`);
  }
  if (rng.chance(0.15)) text = mutateBytes(rng, text, undefined, MAX_INPUT);
  return text.length > MAX_INPUT ? text.subarray(0, MAX_INPUT) : text;
}

const bankJson: FuzzTarget = {
  name: 'bank-json',
  entry: 'JSON.parse + bank-api request schemas + parseDocument/checkDocument (src/shared/bank-api)',
  async setup() {
    const c = await cryptoCorpus();
    const bodies = sampleBodies(c);
    const schemas = Object.values(BODY_SCHEMAS);
    return {
      generate: (rng) => jsonInput(rng, bodies),
      run(input) {
        let value: unknown;
        try {
          value = JSON.parse(input.toString('utf8'));
        } catch (e) {
          if (e instanceof SyntaxError) return; // fastify answers bad JSON with a 400 before any schema
          throw e;
        }
        // safeParse and the document checks refuse by returning, never by throwing
        for (const schema of schemas) schema.safeParse(value);
        const document = value !== null && typeof value === 'object' && 'document' in value ? (value as { document: unknown }).document : value;
        parseDocument(document);
        checkDocument(document);
      },
      typed: () => false,
      scaling: [
        { name: 'document with a long array', make: (b) => Buffer.from(JSON.stringify({ document: { kind: 'payment-documents-order', version: 1, content: { documents: Array.from({ length: Math.max(1, Math.round(b / 40)) }, (_, i) => ({ type: 'statement', copies: i })) } }, signature: 'AAAA' })) },
        { name: 'payment order with many unknown keys', make: (b) => Buffer.from(JSON.stringify({ kind: 'payment-order', version: 1, content: { ...DOCUMENT_EXAMPLES['payment-order'], ...Object.fromEntries(Array.from({ length: Math.max(1, Math.round(b / 20)) }, (_, i) => [`extra${i}`, i])) } })) },
      ],
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Toys that check the harness itself: it must report a crash, and a call that never returns.

const toyCrash: FuzzTarget = {
  name: 'toy-crash',
  entry: 'a deliberately broken length-prefixed reader',
  selfCheck: true,
  async setup() {
    return {
      generate: (rng) => mix(rng, [Buffer.from([3, 1, 2, 3])], (r, i, o) => mutateBytes(r, i, o, 64)),
      run(input) {
        if (input.length === 0) throw new LocalizedError('format.empty');
        // the bug: trusts the length byte, and reads past the end when it lies
        const n = input[0]!;
        let sum = 0;
        for (let i = 1; i <= n; i++) sum += input.readUInt8(i);
        return sum;
      },
      typed: isLocalized,
    };
  },
};

const toyHang: FuzzTarget = {
  name: 'toy-hang',
  entry: 'a reader that loops forever on a zero byte',
  selfCheck: true,
  async setup() {
    return {
      generate: (rng) => (rng.chance(0.005) ? Buffer.from([0]) : Buffer.from([1 + rng.int(200)])),
      run(input) {
        let i = 0;
        // the bug: a zero step never advances
        while (i < 1000) i += input[0]!;
        return i;
      },
      typed: isLocalized,
    };
  },
};

export const TARGETS: FuzzTarget[] = [cmsVerify, cmsParse, berTarget, subjectText, subjectDer, csrTarget, onecTarget, pain001Target, camt053Target, bankJson, httpTarget, toyCrash, toyHang];

export const targetByName = (name: string): FuzzTarget => {
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`no fuzz target "${name}"; known: ${TARGETS.map((x) => x.name).join(', ')}`);
  return t;
};

export { cryptoCorpus, MAX_INPUT };
export type { FuzzContext };
