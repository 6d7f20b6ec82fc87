import type { Locale } from '../../shared/i18n/index.ts';

/** The words of `npm run sandbox-officer`, in both languages. */
const en = {
  usage: `Usage: npm run sandbox-officer -- <command> [options]
The sandbox bank's officer (its admin API, docs/sandbox-officer.openapi.yaml).

Commands:
  codes                       the demo people's one-time enrolment codes (name, role, code, used)
  pending                     enrolments waiting for a decision (id, person, role)
  approve ID                  approve enrolment ID (the enrollmentId bankclient enroll printed): the certificate is issued
  refuse ID [--reason TEXT]   refuse enrolment ID
  revoke SERIAL               revoke a certificate (hex serial)
  clock                       the bank's clock: its time and how far ahead of real time it is
  clock +N[s|m|h|d]           move the bank's clock forward (e.g. +10m), as if the time had passed:
                              statuses follow it (delivered -> accepted after 1 min -> executed 4 min later)
  clock reset                 back to real time
  example-payments --out FILE [--count N]
                              a 1C payments file (1CClientBankExchange, cp1251) from the demo company's
                              account 40702810300000004583 (BIC 044525225), dated the bank's today

Where the bank is (one of):
  --data-dir DIR              the sandbox's --data-dir (reads DIR/sandbox.json and DIR/admin-secret)
  --admin-url URL --admin-secret-file FILE
Options: --json (machine-readable output), --lang en|ru, --help.
One-time login codes follow real time, not this clock. Exit codes: 0 done, 1 the bank refused or
cannot be reached, 2 a wrong command line.`,
  unknownCommand: (c: string) => `unknown command "${c}"`,
  missingArgument: (what: string) => `${what} is required`,
  badClock: (v: string) => `"${v}" is not a clock move: +N with s, m, h or d (e.g. +10m), or reset`,
  badCount: (v: string) => `--count ${v}: a whole number from 1 to 100`,
  noBank: 'say where the bank is: --data-dir DIR (the sandbox\'s folder), or --admin-url URL with --admin-secret-file FILE',
  noStartFile: (file: string) => `${file} is missing: start the sandbox with this --data-dir first (npm run sandbox -- --data-dir DIR), or give --admin-url and --admin-secret-file`,
  cannotRead: (file: string, why: string) => `cannot read ${file}: ${why}`,
  unreachable: (url: string, why: string) => `the bank's officer API at ${url} cannot be reached (${why}); is the sandbox running?`,
  refused: (status: number, code: string, detail: string) => `the bank refused (${status} ${code}): ${detail}`,
  codeLine: (name: string, role: string, code: string, used: boolean) => `${code}  ${role.padEnd(16)}  ${name}${used ? '  (used)' : ''}`,
  codesNote: 'Enrol with: BANKCLIENT_ENROLMENT_CODE=CODE bankclient enroll ... --subject "CN=<the name above>,O=...,1.2.643.100.4=7707083893"',
  noPending: 'No enrolment is waiting.',
  pendingLine: (id: string, name: string, role: string, company: string) => `${id}  ${role.padEnd(16)}  ${name} (${company})`,
  decided: (id: string, status: string) => `Enrolment ${id}: ${status}.`,
  revoked: (serial: string) => `Certificate ${serial} revoked.`,
  clockNow: (now: string, offset: number) => `Bank time ${now} (${offset === 0 ? 'real time' : `${formatOffset(offset)} ahead of real time`}).`,
  written: (file: string, n: number, date: string) => `${n} payment order(s) dated ${date} written to ${file}: bankclient import ${file}`,
};

const ru: typeof en = {
  usage: `Использование: npm run sandbox-officer -- <команда> [параметры]
Сотрудник банка-песочницы (его служебный API, docs/sandbox-officer.openapi.yaml).

Команды:
  codes                       одноразовые коды подключения демо-сотрудников (ФИО, роль, код, использован)
  pending                     заявки на подключение, ждущие решения (id, сотрудник, роль)
  approve ID                  одобрить заявку ID (enrollmentId из вывода bankclient enroll): сертификат выпускается
  refuse ID [--reason ТЕКСТ]  отклонить заявку ID
  revoke SERIAL               отозвать сертификат (серийный номер, hex)
  clock                       часы банка: его время и насколько оно впереди реального
  clock +N[s|m|h|d]           перевести часы банка вперёд (например, +10m), как будто время прошло:
                              статусы следуют им (доставлен -> принят через 1 мин -> исполнен ещё через 4 мин)
  clock reset                 вернуть реальное время
  example-payments --out ФАЙЛ [--count N]
                              файл платёжек 1С (1CClientBankExchange, cp1251) со счёта демо-компании
                              40702810300000004583 (БИК 044525225), датой «сегодня» по часам банка

Где банк (одно из):
  --data-dir ПАПКА            --data-dir песочницы (читаются ПАПКА/sandbox.json и ПАПКА/admin-secret)
  --admin-url URL --admin-secret-file ФАЙЛ
Параметры: --json (вывод для программ), --lang en|ru, --help.
Одноразовые коды входа идут по реальному времени, не по этим часам. Коды выхода: 0 выполнено,
1 банк отказал или недоступен, 2 неверная командная строка.`,
  unknownCommand: (c) => `неизвестная команда «${c}»`,
  missingArgument: (what) => `требуется ${what}`,
  badClock: (v) => `«${v}» — не перевод часов: +N с s, m, h или d (например, +10m) или reset`,
  badCount: (v) => `--count ${v}: целое число от 1 до 100`,
  noBank: 'укажите, где банк: --data-dir ПАПКА (папка песочницы) или --admin-url URL вместе с --admin-secret-file ФАЙЛ',
  noStartFile: (file) => `нет файла ${file}: сначала запустите песочницу с этим --data-dir (npm run sandbox -- --data-dir ПАПКА) или укажите --admin-url и --admin-secret-file`,
  cannotRead: (file, why) => `не удалось прочитать ${file}: ${why}`,
  unreachable: (url, why) => `служебный API банка по адресу ${url} недоступен (${why}); песочница запущена?`,
  refused: (status, code, detail) => `банк отказал (${status} ${code}): ${detail}`,
  codeLine: (name, role, code, used) => `${code}  ${role.padEnd(16)}  ${name}${used ? '  (использован)' : ''}`,
  codesNote: 'Подключение: BANKCLIENT_ENROLMENT_CODE=КОД bankclient enroll ... --subject "CN=<ФИО выше>,O=...,1.2.643.100.4=7707083893"',
  noPending: 'Заявок, ждущих решения, нет.',
  pendingLine: (id, name, role, company) => `${id}  ${role.padEnd(16)}  ${name} (${company})`,
  decided: (id, status) => `Заявка ${id}: ${status === 'approved' ? 'одобрена' : status === 'rejected' ? 'отклонена' : status}.`,
  revoked: (serial) => `Сертификат ${serial} отозван.`,
  clockNow: (now, offset) => `Время банка ${now} (${offset === 0 ? 'реальное' : `впереди реального на ${formatOffset(offset)}`}).`,
  written: (file, n, date) => `Платёжные поручения (${n}) от ${date} записаны в ${file}: bankclient import ${file}`,
};

function formatOffset(seconds: number): string {
  const s = Math.round(seconds);
  const [d, h, m, r] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60), s % 60];
  return [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', r || s === 0 ? `${r}s` : ''].filter(Boolean).join(' ');
}

export const OFFICER_TEXT: Record<Locale, typeof en> = { en, ru };
