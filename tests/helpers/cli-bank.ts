/**
 * A bank (the sandbox in its own process), SoftHSM tokens and bankclient profiles, for tests
 * that drive the client from the command line the way CI and automating users do.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { BankClient } from '../../src/cli/conformance/bank-client.ts';
import { encodeCp1251 } from '../../src/main/formats/index.ts';
import { SoftHsm } from './softhsm.ts';
import { bankclient, type CliResult } from './cli.ts';
import { kill, spawnSandbox, type SandboxProcess } from './sandbox-process.ts';

const BIN = fileURLToPath(new URL('../../bin/bankclient.mjs', import.meta.url));
export const subject = (cn: string) => `CN=${cn},O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893`;

export class CliBank {
  readonly outputs: CliResult[] = [];
  hsm!: SoftHsm;
  sandbox!: SandboxProcess;
  bank!: BankClient;
  companyId = '';

  constructor(
    private readonly name: string,
    readonly pins: Record<string, string>,
    /** The tokens' module: Debian's SoftHSM2 unless given (the GOST build: tests/helpers/softhsm-gost.ts). */
    private readonly makeHsm: (name: string) => SoftHsm = (name) => new SoftHsm(name),
    /** Options for the sandbox bank's command line (e.g. `--ca-algorithm gost2012-256`). */
    private readonly sandboxArgs: readonly string[] = [],
  ) {}

  async start(): Promise<void> {
    this.hsm = this.makeHsm(this.name);
    for (const [label, pin] of Object.entries(this.pins)) this.hsm.initTestToken(label, pin);
    this.sandbox = await spawnSandbox(this.file('bank'), this.sandboxArgs);
    this.bank = new BankClient(this.sandbox.url, { url: this.sandbox.adminUrl, secret: this.sandbox.adminSecret });
    // the demo company the sandbox seeded, as the bank's officer knows it
    this.companyId = this.bankQuery<{ value: string }>("SELECT value FROM settings WHERE key = 'demo.company_id'")[0]!.value;
  }

  async stop(): Promise<void> {
    if (this.sandbox) await kill(this.sandbox);
    this.hsm?.cleanup();
  }

  file(name: string): string {
    return join(this.hsm.dir, name);
  }

  /** Reads the bank's own database, as its officer could. */
  bankQuery<T>(sql: string, ...args: unknown[]): T[] {
    const db = new Database(join(this.file('bank'), 'bank.sqlite'), { readonly: true });
    try {
      return db.prepare(sql).all(...args) as T[];
    } finally {
      db.close();
    }
  }

  /** Reads a profile's database. */
  clientQuery<T>(who: string, sql: string, ...args: unknown[]): T[] {
    const db = new Database(join(this.file(`profile-${who}`), 'bankclient.sqlite'), { readonly: true });
    try {
      return db.prepare(sql).all(...args) as T[];
    } finally {
      db.close();
    }
  }

  args(who: string, args: string[]): string[] {
    return [...args, '--data-dir', this.file(`profile-${who}`), '--bank', this.sandbox.url];
  }

  env(who: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...this.hsm.env, BANKCLIENT_PIN: this.pins[who]!, ...env };
  }

  cli(who: string, args: string[], env: Record<string, string> = {}): CliResult {
    const r = bankclient(this.args(who, args), this.env(who, env));
    this.outputs.push(r);
    return r;
  }

  /** Starts bankclient without waiting: for killing it mid-flight. */
  spawn(who: string, args: string[]) {
    return spawn(process.execPath, [BIN, ...this.args(who, args)], { env: { ...this.env(who), LANG: 'C' }, stdio: 'ignore' });
  }

  secretOf(who: string): string {
    return /secret=([A-Z2-7]+)/.exec(readFileSync(this.file(`${who}.totp`), 'utf8'))![1]!;
  }

  async login(who: string): Promise<CliResult> {
    return this.cli(who, ['login', '--token', who, '--key', `${who}-key`, '--json'], { BANKCLIENT_TOTP: await this.bank.totp(this.secretOf(who)) });
  }

  /** The bank's today (its clock, which tests move), as an ISO date. */
  today(): string {
    return this.bank.now().toISOString().slice(0, 10);
  }

  /** A 1C file of `orders` dated the bank's today, written to this test's folder as `name`; its path. */
  ordersFile(name: string, orders: OneCOrder[]): string {
    const path = this.file(name);
    writeFileSync(path, oneCFile(this.today(), orders));
    return path;
  }

  /** The two signers of a payment: Director (first signature, limit 2 000 000 ₽) and Chief (second signature), enrolled and logged in. */
  async enrolDirectorAndChief(): Promise<void> {
    await this.enrol('Director', 'first-signature', 2_000_000_00);
    await this.enrol('Chief', 'second-signature');
  }

  /** Enrols a new person of the demo company from the command line, with the bank officer's approval, and logs them in. */
  async enrol(who: string, role: string, limit?: number, algorithm = 'ec-p256'): Promise<void> {
    const user = await this.bank.adminRequest<{ enrolmentCode: string }>('POST', '/admin/users', { companyId: this.companyId, name: `${who} Person`, role, ...(limit ? { limit } : {}) });
    // the one-time code from the environment, not the command line (where `ps` would show it)
    const sent = this.cli(who, ['enroll', '--token', who, '--key', `${who}-key`, '--subject', subject(`${who} Person`), '--algorithm', algorithm, '--act', this.file(`${who}-act.pdf`), '--totp-out', this.file(`${who}.totp`), '--json'], { BANKCLIENT_ENROLMENT_CODE: user.body.enrolmentCode });
    expect(sent.stdout + sent.stderr).not.toContain(user.body.enrolmentCode);
    expect(sent.status, sent.stderr).toBe(0);
    const pending = sent.json<{ enrollmentId: string; status: string }>();
    expect(pending.status).toBe('pending');
    expect(readFileSync(this.file(`${who}-act.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(sent.stdout).not.toContain(this.secretOf(who)); // the secret went to the file only
    await this.bank.adminRequest('POST', `/admin/enrollments/${pending.enrollmentId}/decision`, { approve: true });
    const done = this.cli(who, ['enroll', '--resume', '--token', who, '--wait', '10', '--json']);
    expect(done.status, done.stderr).toBe(0);
    expect(done.json()).toMatchObject({ status: 'approved' });
    const login = await this.login(who);
    expect(login.status, login.stderr).toBe(0);
    expect(login.json()).toMatchObject({ user: { role } });
  }
}

export interface OneCOrder {
  number: string;
  amount: string;
  inn?: string;
  purpose: string;
  kind?: string;
}

/** A 1C file as an accounting system writes it: cp1251, CRLF, from the demo company's main account. */
export function oneCFile(isoDate: string, orders: OneCOrder[]): Uint8Array {
  const d = isoDate.split('-').reverse().join('.');
  const payer = ['ПлательщикСчет=40702810300000004583', 'Плательщик=ИНН 7707083893 ООО «Ромашка»', 'ПлательщикИНН=7707083893', 'ПлательщикКПП=770701001', 'Плательщик1=ООО «Ромашка»', 'ПлательщикРасчСчет=40702810300000004583', 'ПлательщикБанк1=АО «Песочница Банк»', 'ПлательщикБИК=044525225', 'ПлательщикКорсчет=30101810400000000225'];
  const payee = (inn: string) => ['ПолучательСчет=40602810700000000025', `ПолучательИНН=${inn}`, 'Получатель1=ООО «Лютик»', 'ПолучательРасчСчет=40602810700000000025', 'ПолучательБанк1=Банк 2', 'ПолучательБИК=049805746'];
  const lines = [
    '1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows', 'Отправитель=Бухгалтерия предприятия', 'Получатель=Банк-Клиент', `ДатаСоздания=${d}`, 'ВремяСоздания=10:00:00',
    `ДатаНачала=${d}`, `ДатаКонца=${d}`, 'РасчСчет=40702810300000004583', 'Документ=Платежное поручение',
    ...orders.flatMap((o) => [
      `СекцияДокумент=${o.kind ?? 'Платежное поручение'}`, `Номер=${o.number}`, `Дата=${d}`, `Сумма=${o.amount}`, ...payer, ...payee(o.inn ?? '500100732259'), 'ВидОплаты=01', 'Код=0', 'Очередность=5', `НазначениеПлатежа=${o.purpose}`, 'КонецДокумента',
    ]),
    'КонецФайла',
  ];
  return encodeCp1251(`${lines.join('\r\n')}\r\n`);
}
