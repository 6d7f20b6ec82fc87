/**
 * The README's command-line walk as a newcomer follows it, over real HTTP against the sandbox in
 * its own process: the enrolment codes from the sandbox's start line and the officer command, the
 * officer's approval and clock by `npm run sandbox-officer`'s program, the shipped example 1C file,
 * login with the secret file `enroll --totp-out` wrote (also after the bank's clock was moved),
 * statuses waited for with `sync --wait S --until-final`, the counts and exit codes, the second
 * signer's awaiting list, and a document's signed bytes checked by `bankclient verify` and OpenSSL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliBank, oneCFile } from '../helpers/cli-bank.ts';
import { opensslStatus } from '../helpers/openssl.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OFFICER = join(ROOT, 'out', 'cli', 'sandbox-officer.js');
const t = new CliBank('cli-newcomer', { Director: '123456', Chief: '654321', Clerk: '246810' });
const IVANOV = 'CN=Иванов Иван Иванович,T=Генеральный директор,O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893';
const SIDOROVA = 'CN=Сидорова Мария Петровна,T=Главный бухгалтер,O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893';

function officer(args: string[], lang = 'C') {
  const r = spawnSync(process.execPath, [OFFICER, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: lang } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: <T>() => JSON.parse(r.stdout) as T };
}
const bankOfficer = (args: string[], lang?: string) => officer([...args, '--data-dir', t.file('bank')], lang);
const codeOf = (name: string) => t.sandbox.enrolmentCodes!.find((c) => c.name === name)!.code;

beforeAll(() => t.start(), 60_000);
afterAll(() => t.stop());

/** Enrols a seeded person as the README says: code from the environment, officer approval by command, certificate installed. */
function enrol(token: string, subject: string, code: string): void {
  const sent = t.cli(token, ['enroll', '--token', token, '--key', token.toLowerCase(), '--subject', subject, '--totp-out', t.file(`${token}.totp`)], { BANKCLIENT_ENROLMENT_CODE: code });
  expect(sent.status, sent.stderr).toBe(0);
  // the file is what `login --totp-secret-file` reads (the README's next step): not "delete the file" alone
  expect(sent.stdout).toContain(`keep it for \`bankclient login --totp-secret-file ${t.file(`${token}.totp`)}\``);
  // the resume hint names the token used, not a placeholder
  expect(sent.stdout).toContain(`bankclient enroll --resume --token ${token}`);
  const id = /Enrolment (\S+) sent/.exec(sent.stdout)![1]!;
  expect(bankOfficer(['pending', '--json']).json<{ id: string }[]>().map((p) => p.id)).toContain(id);
  const approved = bankOfficer(['approve', id]);
  expect(approved.status, approved.stderr).toBe(0);
  expect(approved.stdout).toContain(`Enrolment ${id}: approved.`);
  const done = t.cli(token, ['enroll', '--resume', '--token', token, '--wait', '10', '--json']);
  expect(done.status, done.stderr).toBe(0);
  expect(done.json()).toMatchObject({ status: 'approved' });
}

const login = (token: string) => t.cli(token, ['login', '--token', token, '--key', token.toLowerCase(), '--totp-secret-file', t.file(`${token}.totp`), '--json']);

describe("a newcomer's command-line walk against the sandbox over HTTP", () => {
  it('the sandbox prints the demo enrolment codes in its start line, and the officer command lists them (used or not) in both languages', () => {
    expect(t.sandbox.enrolmentCodes!.map((c) => c.name)).toEqual(['Петрова Анна Сергеевна', 'Иванов Иван Иванович', 'Сидорова Мария Петровна']);
    const listed = bankOfficer(['codes', '--json']).json<{ name: string; code: string; used: boolean }[]>();
    expect(listed).toEqual(t.sandbox.enrolmentCodes);
    expect(bankOfficer(['codes']).stdout).toContain(`${codeOf('Иванов Иван Иванович')}  first-signature`);
    expect(bankOfficer(['codes'], 'ru_RU.UTF-8').stdout).toContain('Подключение: BANKCLIENT_ENROLMENT_CODE=КОД');
  });

  it('the officer command says what is wrong with its command line (exit 2) or with the bank (exit 1), and answers --help', () => {
    expect(officer(['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('approve ID') });
    expect(officer(['approve', 'x'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--data-dir DIR') });
    expect(bankOfficer(['approve'])).toMatchObject({ status: 2, stderr: expect.stringContaining('ID is required') });
    expect(bankOfficer(['clock', 'soon'])).toMatchObject({ status: 2, stderr: expect.stringContaining('"soon" is not a clock move') });
    expect(bankOfficer(['clock', 'soon'], 'ru_RU.UTF-8')).toMatchObject({ status: 2, stderr: expect.stringContaining('не перевод часов') });
    expect(bankOfficer(['frobnicate'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
    expect(bankOfficer(['approve', 'no-such-id'])).toMatchObject({ status: 1, stderr: expect.stringContaining('404 not-found') });
    expect(officer(['codes', '--data-dir', t.file('nowhere')])).toMatchObject({ status: 1, stderr: expect.stringContaining('sandbox.json is missing') });
    expect(officer(['codes', '--admin-url', 'http://127.0.0.1:9', '--admin-secret-file', t.sandbox.adminSecretFile])).toMatchObject({ status: 1, stderr: expect.stringContaining('cannot be reached') });
    // relative paths are where the user typed them: npm run starts the program in the package's folder, INIT_CWD is the user's
    const rel = spawnSync(process.execPath, [OFFICER, 'example-payments', '--out', 'rel.txt', '--count', '2', '--data-dir', 'bank'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, INIT_CWD: t.file(''), LANG: 'C' } });
    expect(rel.status, rel.stderr).toBe(0);
    expect(existsSync(t.file('rel.txt'))).toBe(true);
    expect(bankOfficer(['example-payments', '--out', t.file('x.txt'), '--count', '0'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--count 0: a whole number from 1 to 100') });
  });

  it('enroll without a code names BANKCLIENT_ENROLMENT_CODE as well as --code, in English and Russian', () => {
    const en = t.cli('Director', ['enroll', '--token', 'Director', '--key', 'director', '--subject', IVANOV]);
    expect(en.status).toBe(2);
    expect(en.stderr).toMatch(/BANKCLIENT_ENROLMENT_CODE=CODE.*--code CODE/);
    const ru = t.cli('Director', ['enroll', '--token', 'Director', '--key', 'director', '--subject', IVANOV, '--lang', 'ru']);
    expect(ru.stderr).toMatch(/BANKCLIENT_ENROLMENT_CODE=КОД.*--code КОД/);
  });

  it('enroll takes the subject from the bank without --subject; a --subject in another name gets the bank\'s refusal naming both, and the code stays usable', () => {
    const code = codeOf('Петрова Анна Сергеевна');
    const wrong = t.cli('Clerk', ['enroll', '--token', 'Clerk', '--key', 'clerk-1', '--subject', IVANOV], { BANKCLIENT_ENROLMENT_CODE: code });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('csr-subject-mismatch');
    expect(wrong.stderr).toContain('"Иванов Иван Иванович"');
    expect(wrong.stderr).toContain('"Петрова Анна Сергеевна"');
    const ru = t.cli('Clerk', ['enroll', '--token', 'Clerk', '--key', 'clerk-2', '--subject', IVANOV, '--lang', 'ru'], { BANKCLIENT_ENROLMENT_CODE: code });
    expect(ru.stderr).toContain('Банк отклонил запрос');
    const sent = t.cli('Clerk', ['enroll', '--token', 'Clerk', '--key', 'clerk'], { BANKCLIENT_ENROLMENT_CODE: code });
    expect(sent.status, sent.stderr).toBe(0);
    expect(sent.stdout).toContain("The bank names the code's holder: Петрова Анна Сергеевна, Бухгалтер (ООО «Ромашка»); the request is made in this name.");
    expect(sent.stdout).toMatch(/Enrolment \S+ sent/);
    const text = t.cli('Clerk', ['enroll', '--token', 'Clerk', '--key', 'clerk-3'], { BANKCLIENT_ENROLMENT_CODE: code });
    expect(text.stderr).toContain('enrolment-code-invalid'); // used now
    const [csr] = t.bankQuery<{ csr: string }>("SELECT e.csr FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.name = 'Петрова Анна Сергеевна'");
    const subject = execFileSync('openssl', ['req', '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus'], { input: csr!.csr, encoding: 'utf8' });
    expect(subject).toContain('CN=Петрова Анна Сергеевна');
    expect(subject).toContain('title=Бухгалтер');
  });

  it('walks to executed payments: example file, import, sign, sync; the bank clock moved by the officer; login by --totp-secret-file works on real time after it; rejected documents counted; exit codes 0, 3 and 1', async () => {
    enrol('Director', IVANOV, codeOf('Иванов Иван Иванович'));
    expect(login('Director').status).toBe(0);
    expect(t.cli('Director', ['sync']).status).toBe(0);
    const accounts = t.cli('Director', ['accounts']);
    expect(accounts.status).toBe(0);
    expect(accounts.stdout).toMatch(/40702810300000004583\s+\d+\.\d\d RUB {2}.*BIC 044525225/);
    expect(t.cli('Director', ['accounts', '--json']).json<{ items: { number: string }[] }>().items.map((a) => a.number)).toEqual(expect.arrayContaining(['40702810300000004583', '40702810500000000031']));

    // the shipped example, dated the bank's today, from the sandbox's own account and BIC: imported whole (exit 0)
    const made = bankOfficer(['example-payments', '--out', t.file('payments.txt')]);
    expect(made.status, made.stderr).toBe(0);
    const imported = t.cli('Director', ['import', t.file('payments.txt'), '--json']);
    expect(imported.status, imported.stdout).toBe(0);
    expect(imported.json<{ imported: string[] }>().imported).toHaveLength(3);
    // the example's payee bank is the one the sandbox's BIC directory names for its BIC
    const first = imported.json<{ imported: string[] }>().imported[0]!;
    const draft = t.cli('Director', ['documents', 'show', first, '--lang', 'ru']).stdout;
    expect(draft).toContain('Банк получателя: АО «Тверской Песочный Банк» г. Тверь');
    expect(draft).toContain('Корр. счёт банка получателя: 30101810800000000746');
    // one more order: from the second account, more than is on it (the bank rejects it), and a demand the client does not import (exit 3)
    const today = t.bank.now().toISOString().slice(0, 10);
    const extra = Buffer.from(oneCFile(today, [
      { number: '900', amount: '300000.00', purpose: 'Оплата по договору № 9, без НДС' },
      { number: '901', amount: '10.00', purpose: 'Требование', kind: 'Платежное требование' },
    ])).toString('latin1').replaceAll('40702810300000004583', '40702810500000000031');
    writeFileSync(t.file('extra.txt'), Buffer.from(extra, 'latin1'));
    const partly = t.cli('Director', ['import', t.file('extra.txt')]);
    expect(partly.status, partly.stdout).toBe(3);
    expect(partly.stdout).toMatch(/1 document imported as drafts, 1 not imported/);

    // signed: the progress line comes before the summary, on the same stream; all signed: exit 0
    const signed = t.cli('Director', ['sign-documents', '--token', 'Director', '--key', 'director', '--status', 'draft']);
    expect(signed.status, signed.stdout + signed.stderr).toBe(0);
    expect(signed.stdout.indexOf('signed 4 of 4')).toBeGreaterThanOrEqual(0);
    expect(signed.stdout.indexOf('signed 4 of 4')).toBeLessThan(signed.stdout.indexOf('Signed and queued for the bank: 4.'));

    expect(t.cli('Director', ['sync']).status).toBe(0);
    // statuses follow the bank's clock: without moving it nothing is final within 2 s (exit 1, saying what is open)
    const early = t.cli('Director', ['sync', '--wait', '2', '--until-final']);
    expect(early.status).toBe(1);
    expect(early.stdout).toMatch(/Not final yet: 4 \((delivered|accepted) 4\); statuses follow the bank's clock\./);
    expect(t.cli('Director', ['sync', '--until-final']).status).toBe(2);

    const moved = bankOfficer(['clock', '+10m', '--json']);
    expect(moved.status, moved.stderr).toBe(0);
    expect(moved.json()).toMatchObject({ offsetSeconds: 600 });
    expect(bankOfficer(['clock']).stdout).toContain('10m ahead of real time');

    // the one-time code of real time (what an authenticator app shows) still logs in with the bank's clock 10 minutes ahead
    const again = login('Director');
    expect(again.status, again.stderr).toBe(0);
    const final = t.cli('Director', ['sync', '--wait', '30', '--until-final', '--json']);
    expect(final.status, final.stdout).toBe(0);
    expect(final.json()).toMatchObject({ pending: 0, failed: 0, rejected: 1, notFinal: 0 });
    const words = t.cli('Director', ['sync']);
    expect(words.stdout).toContain('Rejected by the bank: 1 (documents list --status rejected).');
    expect(t.cli('Director', ['sync', '--lang', 'ru']).stdout).toContain('Отклонено банком: 1');
    const list = t.cli('Director', ['documents', 'list', '--json']).json<{ items: { status: string; number: string }[] }>().items;
    expect(list.map((d) => `${d.number} ${d.status}`).sort()).toEqual(['101 executed', '102 executed', '103 executed', '900 rejected']);
    // the signer of an executed payment in words, as the document card says it (not "first:")
    const shown = t.cli('Director', ['documents', 'show', first, '--lang', 'ru']).stdout;
    expect(shown).toMatch(/✔ Первая подпись: Иванов Иван Иванович, сертификат [0-9a-f]+, \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    expect(t.cli('Director', ['documents', 'show', first]).stdout).toMatch(/✔ First signature: Иванов Иван Иванович, certificate [0-9a-f]+,/);

    const back = bankOfficer(['clock', 'reset', '--json']);
    expect(back.json()).toMatchObject({ offsetSeconds: 0 });
  }, 240_000);

  it('a second signer lists what awaits their signature, signs it, and exports the signed bytes that bankclient verify and openssl cms -verify accept', () => {
    enrol('Chief', SIDOROVA, codeOf('Сидорова Мария Петровна'));
    expect(login('Chief').status).toBe(0);
    const today = t.bank.now().toISOString().slice(0, 10);
    writeFileSync(t.file('large.txt'), oneCFile(today, [{ number: '777', amount: '1200000.00', purpose: 'Оплата по договору поставки № 7, без НДС' }]));
    const [large] = t.cli('Director', ['import', t.file('large.txt'), '--json']).json<{ imported: string[] }>().imported as [string];
    expect(t.cli('Director', ['sign-documents', '--token', 'Director', '--key', 'director', large]).status).toBe(0);
    expect(t.cli('Director', ['sync']).status).toBe(0);

    expect(t.cli('Chief', ['documents', 'list', '--awaiting']).stdout).toContain('Nothing awaits your signature');
    expect(t.cli('Chief', ['sync']).status).toBe(0);
    const awaiting = t.cli('Chief', ['documents', 'list', '--awaiting']);
    expect(awaiting.status).toBe(0);
    expect(awaiting.stdout).toMatch(new RegExp(`777 .*1200000\\.00.*${large}.*ООО «Лютик»  \\(second\\)`));
    expect(awaiting.stdout).toContain('1 document awaits your signature');
    expect(t.cli('Chief', ['documents', 'list', '--awaiting', '--json']).json<{ items: { id: string; amount: number; missing: string[] }[] }>().items).toEqual([
      expect.objectContaining({ id: large, amount: 1_200_000_00, missing: ['second'] }),
    ]);
    expect(t.cli('Chief', ['documents', 'list', '--awaiting', '--status', 'draft'])).toMatchObject({ status: 2, stderr: expect.stringContaining('does not take --status') });
    expect(t.cli('Chief', ['sign-documents', '--token', 'Chief', '--key', 'chief', '--awaiting']).status).toBe(0);

    const out = t.file('');
    const exported = t.cli('Chief', ['documents', 'export-signed', large, '--out', out]);
    expect(exported.status, exported.stderr).toBe(0);
    const [json, p7s, ca] = [join(out, `${large}.json`), join(out, `${large}.p7s`), join(out, 'bank-ca.pem')];
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ id: large, kind: 'payment-order', content: { number: '777' } });
    const verified = t.cli('Chief', ['verify', '--in', json, '--signature', p7s, '--trust', ca]);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('All 2 signatures verify.');
    const byOpenSsl = opensslStatus(['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', json, '-CAfile', ca, '-purpose', 'any', '-out', '/dev/null']);
    expect(byOpenSsl.status, byOpenSsl.out).toBe(0);
    expect(byOpenSsl.out).toMatch(/Verification successful/);

    // not signed, or no such folder: said in words
    const draft = t.cli('Chief', ['import', t.file('payments.txt'), '--json']).json<{ imported: string[] }>().imported[0]!;
    expect(t.cli('Chief', ['documents', 'export-signed', draft, '--out', out])).toMatchObject({ status: 1, stderr: expect.stringContaining('is not signed (status draft)') });
    expect(t.cli('Chief', ['documents', 'export-signed', large, '--out', join(out, 'missing-folder')])).toMatchObject({ status: 1, stderr: expect.stringContaining('not an existing folder') });
  }, 240_000);

  it('verify --trust with a missing file, a folder or a file that is no certificate names the file in words (English and Russian)', () => {
    const [json, p7s] = [t.file('payments.txt'), t.file('payments.txt')];
    const missing = t.cli('Chief', ['verify', '--in', json, '--signature', p7s, '--trust', t.file('no-such-ca.pem')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`--trust ${t.file('no-such-ca.pem')}: cannot read the trusted certificate file: the file does not exist`);
    expect(missing.stderr).not.toMatch(/ENOENT/);
    const folder = t.cli('Chief', ['verify', '--in', json, '--signature', p7s, '--trust', t.file(''), '--lang', 'ru']);
    expect(folder.stderr).toContain('не удалось прочитать файл доверенного сертификата: это папка');
    const notCert = t.cli('Chief', ['verify', '--in', json, '--signature', p7s, '--trust', t.file('payments.txt')]);
    expect(notCert.status).toBe(1);
    expect(notCert.stderr).toContain(`--trust ${t.file('payments.txt')}: not a certificate`);
    expect(notCert.stderr).not.toMatch(/Unsupported format|raw' argument/);
  });
});
