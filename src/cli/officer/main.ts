import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { localeFrom } from '../../shared/i18n/index.ts';
import { encodeCp1251 } from '../../main/formats/index.ts';
import { OFFICER_TEXT } from './text.ts';

/**
 * `npm run sandbox-officer -- <command>`: the sandbox bank's officer from the command line, over
 * its admin API (docs/sandbox-officer.openapi.yaml): enrolment codes, approving or refusing
 * enrolments, revoking certificates, moving the bank's clock, and an example 1C payments file the
 * sandbox accepts. Exit codes: 0 done, 1 the bank refused or cannot be reached, 2 a wrong command line.
 */
const argv = process.argv.slice(2);
const langArg = argv.includes('--lang') ? argv[argv.indexOf('--lang') + 1] : undefined;
const text = OFFICER_TEXT[localeFrom(langArg ?? process.env.BANKCLIENT_LANG ?? process.env.LC_ALL ?? process.env.LC_MESSAGES ?? process.env.LANG)];

/** A path as the user typed it: `npm run` starts us in the package's folder, INIT_CWD is where the user was. */
const userPath = (p: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), p);

class Usage extends Error {}
class Failure extends Error {}

function parse() {
  try {
    return parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        'admin-url': { type: 'string' },
        'admin-secret-file': { type: 'string' },
        reason: { type: 'string' },
        out: { type: 'string' },
        count: { type: 'string' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new Usage((e as Error).message);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new Failure(text.cannotRead(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
}

/** The officer API's address and secret: from the sandbox's folder, or given one by one. */
function bankOf(values: ReturnType<typeof parse>['values']): { url: string; secret: string } {
  if (values['admin-url'] && values['admin-secret-file']) return { url: values['admin-url'].replace(/\/$/, ''), secret: readText(userPath(values['admin-secret-file'])) };
  const dir = values['data-dir'] && userPath(values['data-dir']);
  if (!dir) throw new Usage(text.noBank);
  const file = join(dir, 'sandbox.json');
  if (!existsSync(file)) throw new Failure(text.noStartFile(file));
  const started = JSON.parse(readText(file)) as { adminUrl: string; adminSecretFile: string };
  return { url: (values['admin-url'] ?? started.adminUrl).replace(/\/$/, ''), secret: readText(values['admin-secret-file'] ? userPath(values['admin-secret-file']) : started.adminSecretFile) };
}

async function call<T>(bank: { url: string; secret: string }, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(bank.url + path, {
      method,
      headers: { authorization: `Bearer ${bank.secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    throw new Failure(text.unreachable(bank.url, ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message));
  }
  const raw = await res.text();
  const parsed = raw ? (JSON.parse(raw) as unknown) : undefined;
  if (!res.ok) {
    const p = (parsed ?? {}) as { code?: string; detail?: string; title?: string };
    throw new Failure(text.refused(res.status, p.code ?? '', p.detail ?? p.title ?? raw));
  }
  return parsed as T;
}

/** "+10m", "+90", "+2h", "+1d" as seconds. */
function clockMove(v: string): number {
  const m = /^\+?(\d{1,7})([smhd]?)$/.exec(v);
  if (!m) throw new Usage(text.badClock(v));
  const seconds = Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (seconds <= 0) throw new Usage(text.badClock(v));
  return seconds;
}

/** A 1C file as an accounting system writes it (cp1251, CRLF), from the demo company's main account to a supplier (its bank as the sandbox's BIC directory names it). */
export function examplePayments(isoDate: string, count: number): Uint8Array {
  const d = isoDate.split('-').reverse().join('.');
  const payer = ['ПлательщикСчет=40702810300000004583', 'Плательщик=ИНН 7707083893 ООО «Ромашка»', 'ПлательщикИНН=7707083893', 'ПлательщикКПП=770701001', 'Плательщик1=ООО «Ромашка»', 'ПлательщикРасчСчет=40702810300000004583', 'ПлательщикБанк1=АО «Песочница Банк»', 'ПлательщикБИК=044525225', 'ПлательщикКорсчет=30101810400000000225'];
  const payee = ['ПолучательСчет=40602810700000000025', 'Получатель=ИНН 500100732259 ООО «Лютик»', 'ПолучательИНН=500100732259', 'Получатель1=ООО «Лютик»', 'ПолучательРасчСчет=40602810700000000025', 'ПолучательБанк1=АО «Тверской Песочный Банк» г. Тверь', 'ПолучательБИК=049805746', 'ПолучательКорсчет=30101810800000000746'];
  const lines = [
    '1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows', 'Отправитель=Бухгалтерия предприятия', 'Получатель=Банк-Клиент', `ДатаСоздания=${d}`, 'ВремяСоздания=10:00:00',
    `ДатаНачала=${d}`, `ДатаКонца=${d}`, 'РасчСчет=40702810300000004583', 'Документ=Платежное поручение',
    ...Array.from({ length: count }, (_, i) => [
      'СекцияДокумент=Платежное поручение', `Номер=${101 + i}`, `Дата=${d}`, `Сумма=${(1000 * (i + 1)).toFixed(2)}`, ...payer, ...payee,
      'ВидОплаты=01', 'Код=0', 'Очередность=5', `НазначениеПлатежа=Оплата по счёту № ${11 + i} за канцелярские товары, без НДС`, 'КонецДокумента',
    ]).flat(),
    'КонецФайла',
  ];
  return encodeCp1251(`${lines.join('\r\n')}\r\n`);
}

async function main(): Promise<number> {
  const { values, positionals } = parse();
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${text.usage}\n`);
    return values.help ? 0 : 2;
  }
  const [command, arg] = positionals;
  const known = ['codes', 'pending', 'approve', 'refuse', 'revoke', 'clock', 'example-payments'];
  if (!known.includes(command!)) throw new Usage(text.unknownCommand(command!));
  const need = (what: string): string => {
    if (!arg) throw new Usage(text.missingArgument(what));
    return arg;
  };
  // the command line is checked whole before the bank is asked anything
  const id = ['approve', 'refuse'].includes(command!) ? need('ID') : command === 'revoke' ? need('SERIAL') : undefined;
  const move = command === 'clock' && arg && arg !== 'reset' ? clockMove(arg) : undefined;
  const out = command === 'example-payments' ? values.out : undefined;
  if (command === 'example-payments' && !out) throw new Usage(text.missingArgument('--out FILE'));
  const count = values.count === undefined ? 3 : Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new Usage(text.badCount(values.count ?? ''));
  const bank = bankOf(values);
  const print = (data: unknown, human: string): void => void process.stdout.write(`${values.json ? JSON.stringify(data, null, 2) : human}\n`);

  switch (command) {
    case 'codes': {
      const codes = await call<{ name: string; role: string; code: string; used: boolean }[]>(bank, 'GET', '/admin/enrolment-codes');
      print(codes, [...codes.map((c) => text.codeLine(c.name, c.role, c.code, c.used)), '', text.codesNote].join('\n'));
      break;
    }
    case 'pending': {
      const rows = await call<{ id: string; name: string; role: string; company: string }[]>(bank, 'GET', '/admin/enrollments');
      print(rows, rows.length ? rows.map((r) => text.pendingLine(r.id, r.name, r.role, r.company)).join('\n') : text.noPending);
      break;
    }
    case 'approve':
    case 'refuse': {
      const r = await call<{ id: string; status: string }>(bank, 'POST', `/admin/enrollments/${encodeURIComponent(id!)}/decision`, { approve: command === 'approve', ...(values.reason ? { reason: values.reason } : {}) });
      print(r, text.decided(r.id, r.status));
      break;
    }
    case 'revoke':
      await call(bank, 'POST', `/admin/certificates/${encodeURIComponent(id!.toLowerCase())}/revocation`);
      print({ revoked: id!.toLowerCase() }, text.revoked(id!.toLowerCase()));
      break;
    case 'clock': {
      const r =
        arg === 'reset'
          ? await call<{ now: string; offsetSeconds: number }>(bank, 'PUT', '/admin/clock', { offsetSeconds: 0 })
          : move
            ? await call<{ now: string; offsetSeconds: number }>(bank, 'POST', '/admin/clock', { seconds: move })
            : await call<{ now: string; offsetSeconds: number }>(bank, 'GET', '/admin/clock');
      print(r, text.clockNow(r.now, r.offsetSeconds));
      break;
    }
    case 'example-payments': {
      const { now } = await call<{ now: string }>(bank, 'GET', '/admin/clock');
      const date = now.slice(0, 10);
      writeFileSync(userPath(out!), examplePayments(date, count));
      print({ out, count, date }, text.written(out!, count, date));
      break;
    }
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (e) {
  if (e instanceof Usage) {
    process.stderr.write(`sandbox-officer: ${e.message}\n\n${text.usage}\n`);
    process.exitCode = 2;
  } else if (e instanceof Failure) {
    process.stderr.write(`sandbox-officer: ${e.message}\n`);
    process.exitCode = 1;
  } else throw e;
}
