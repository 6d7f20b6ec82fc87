/**
 * What the client benchmarks share: options, statistics, progress, and realistic payment orders
 * (valid INNs and account control keys, a few hundred counterparties, varied purposes), made by
 * a seeded generator so that runs are comparable.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isValidAccountKey, isValidInn } from '../../src/shared/domain/requisites.ts';
import type { PaymentOrder } from '../../src/shared/bank-api/documents/payment-order.ts';
import type { Party } from '../../src/shared/domain/payment-order.ts';

export const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

/**
 * Checks the command line before any work is done: `--help` (or `-h`) prints `usage` and ends the
 * run; an argument that is not one of `valued` (each followed by its value) or `flags`, or a
 * valued option without its value, prints what is wrong and `usage` to stderr and exits with 2.
 */
export function checkArgs(usage: string, valued: readonly string[], flags: readonly string[] = ['--table']): void {
  const args = process.argv.slice(2);
  const fail = (msg: string): never => {
    process.stderr.write(`${msg}\n\n${usage}\n`);
    process.exit(2);
  };
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (flags.includes(a)) continue;
    if (!valued.includes(a)) fail(`unknown option ${a}`);
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) fail(`${a} needs a value`);
    i++;
  }
}

export function numberOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} needs a positive number`);
  return v;
}

export function listOption(name: string, fallback: string[]): string[] {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  if (!v) throw new Error(`${name} needs a comma-separated list`);
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The value below which `p` (0..1) of the samples lie (nearest rank). */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
};

export const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

export const MB = 1024 * 1024;

export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * What this run has to remove (directories) or end (its sandbox processes), also kept in a file
 * that a small watchdog reads if the run is killed outright (tsx answers a second Ctrl-C, or a
 * busy process, with SIGKILL): the watchdog waits for this process to end, then ends those
 * processes (only if they are still sandboxes) and removes those directories.
 */
const leftovers = { dirs: new Set<string>(), pids: new Set<number>() };
const LEFTOVERS_FILE = join(tmpdir(), `bankclient-bench-${process.pid}.leftovers`);
let watchdog = false;

const WATCHDOG = `
while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
[ -f "$2" ] || exit 0
while read -r kind value; do
  case "$kind" in
    pid) grep -qaE 'sandbox/main.ts|out/cli/sandbox.js' "/proc/$value/cmdline" 2>/dev/null && kill -9 "$value" 2>/dev/null ;;
    dir) rm -rf -- "$value" ;;
  esac
done < "$2"
rm -f -- "$2"`;

function saveLeftovers(): void {
  const lines = [...[...leftovers.pids].map((p) => `pid ${p}`), ...[...leftovers.dirs].map((d) => `dir ${d}`)];
  if (lines.length === 0) {
    rmSync(LEFTOVERS_FILE, { force: true });
    return;
  }
  writeFileSync(LEFTOVERS_FILE, `${lines.join('\n')}\n`);
  if (!watchdog) {
    watchdog = true;
    spawn('sh', ['-c', WATCHDOG, 'bench-watchdog', String(process.pid), LEFTOVERS_FILE], { detached: true, stdio: 'ignore' }).unref();
  }
}

export function ownDir(dir: string, own = true): void {
  if (own) leftovers.dirs.add(dir);
  else leftovers.dirs.delete(dir);
  saveLeftovers();
}

export function ownProcess(pid: number, own = true): void {
  if (own) leftovers.pids.add(pid);
  else leftovers.pids.delete(pid);
  saveLeftovers();
}

export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bankclient-bench-${name}-`));
  ownDir(dir);
  return dir;
}

/** Removes the run's directories (made by tempDir or handed to ownDir). Synchronous: safe in an exit handler. */
export function removeTempDirs(): void {
  for (const d of [...leftovers.dirs]) {
    rmSync(d, { recursive: true, force: true });
    leftovers.dirs.delete(d);
  }
  saveLeftovers();
}

// ---------------------------------------------------------------------------------------------
// Realistic payment orders

/** Deterministic pseudo-random numbers (mulberry32): the same documents in every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An account of 20 digits with its control key (digit 9) for the BIC. */
export function accountAt(bic: string, balance: string, serial: number): string {
  const tail = String(serial).padStart(11, '0').slice(-11);
  for (let key = 0; key < 10; key++) {
    const account = `${balance}${key}${tail}`;
    if (isValidAccountKey(bic, account)) return account;
  }
  throw new Error(`no control key for ${balance}?${tail} at ${bic}`);
}

/** A company INN (10 digits) with its check digit. */
export function companyInn(seed: number): string {
  const body = `77${String(seed).padStart(7, '0').slice(-7)}`;
  for (let d = 0; d < 10; d++) if (isValidInn(body + d)) return body + d;
  throw new Error(`no INN check digit for ${body}`);
}

interface Bank {
  name: string;
  bic: string;
  corrAccount: string;
}

const bank = (name: string, bic: string): Bank => ({ name, bic, corrAccount: accountAt(bic, '30101810', Number(bic.slice(6))) });

export const HOME_BANK: Bank = { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' };

const BANKS: Bank[] = [
  HOME_BANK,
  bank('АО «Альфа-Банк»', '044525593'),
  bank('ПАО «Банк Санкт-Петербург»', '044030790'),
  bank('ПАО «Уральский банк»', '046577674'),
  bank('АО «Банк 2»', '049805746'),
  bank('ООО «Банк Точка»', '044525104'),
];

const NAME_ROOTS = ['Север', 'Восток', 'Альфа', 'Вектор', 'Гранит', 'Меридиан', 'Ромашка', 'Лютик', 'Стройинвест', 'Техносила', 'Агрокомплекс', 'Энергосбыт', 'Логистик', 'Трансмаш', 'Медиагрупп', 'Фармация', 'Полимер', 'Металлторг', 'Инфосистемы', 'Промресурс'];
const NAME_SUFFIXES = ['', '-М', ' Плюс', ' Групп', '-Трейд', ' Сервис', '-Регион', ' Центр', '-Снаб', ' Холдинг'];
const FORMS = ['ООО', 'АО', 'ПАО', 'ООО'];

/** 200 counterparties: every root with every suffix, each with its INN, KPP, bank and account. */
export const COUNTERPARTIES: Party[] = NAME_ROOTS.flatMap((root, r) =>
  NAME_SUFFIXES.map((suffix, s) => {
    const n = r * NAME_SUFFIXES.length + s;
    const b = BANKS[n % BANKS.length]!;
    return {
      name: `${FORMS[n % FORMS.length]} «${root}${suffix}»`,
      inn: companyInn(100_000 + n * 37),
      kpp: `77${String(10 + (n % 40)).padStart(2, '0')}01001`,
      account: accountAt(b.bic, n % 5 === 0 ? '40602810' : '40702810', 5_000_000 + n),
      bank: { ...b },
    };
  }),
);

const GOODS = ['кабельную продукцию', 'канцтовары', 'запчасти', 'металлопрокат', 'стройматериалы', 'программное обеспечение', 'транспортные услуги', 'упаковку'];
const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

function purpose(r: () => number, i: number, date: string): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const ru = `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
  const contract = `${100 + Math.floor(r() * 900)}/${date.slice(2, 4)}`;
  switch (i % 6) {
    case 0:
      return `Оплата по счёту № ${1000 + (i % 90_000)} от ${ru} за ${pick(GOODS)}, в т.ч. НДС 20%`;
    case 1:
      return `Оплата по договору поставки № ${contract} от ${ru}, НДС не облагается`;
    case 2:
      return `Аренда помещения за ${pick(MONTHS)} ${date.slice(0, 4)} г. по договору № ${contract}, в т.ч. НДС 20%`;
    case 3:
      return `Возврат излишне перечисленных средств по письму № ${i % 10_000} от ${ru}`;
    case 4:
      return `Оплата услуг связи за ${pick(MONTHS)} по счёту № ${2000 + (i % 80_000)}, в т.ч. НДС 20%`;
    default:
      return `Предоплата за ${pick(GOODS)} по счёту № ${3000 + (i % 70_000)}, НДС не облагается`;
  }
}

export interface OrderOptions {
  payer: Party;
  /** Document date (YYYY-MM-DD), or a function of the index. */
  date: string | ((i: number) => string);
  /** Amount in kopecks; random (1 rouble to 2.5 million) when not given. */
  amount?: (i: number) => number;
  seed?: number;
  /** Offset added to the index (numbers and source keys stay distinct across batches). */
  from?: number;
}

/** `count` distinct, valid payment orders (no business-rule errors). */
export function paymentOrders(count: number, o: OrderOptions): PaymentOrder[] {
  const r = rng(o.seed ?? 1);
  const out: PaymentOrder[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const i = k + (o.from ?? 0);
    const date = typeof o.date === 'string' ? o.date : o.date(i);
    const payee = COUNTERPARTIES[Math.floor(r() * COUNTERPARTIES.length)]!;
    // amounts spread over orders of magnitude, as real payments are
    const amount = o.amount ? o.amount(i) : Math.max(100, Math.round(10 ** (2 + r() * 6.4)));
    out[k] = {
      number: String((i % 999_999) + 1),
      date,
      amount,
      payer: o.payer,
      payee: { ...payee, bank: { ...payee.bank } },
      uin: '0',
      priority: 5,
      purpose: purpose(r, i, date),
      operationType: '01',
    };
  }
  return out;
}

export const today = (): string => new Date().toISOString().slice(0, 10);

/** Our own company as payer (the bench company the sandbox knows, or a placeholder for offline parts). */
export function payerOf(name: string, inn: string, account: string): Party {
  return { name, inn, kpp: '770101001', account, bank: { ...HOME_BANK } };
}
