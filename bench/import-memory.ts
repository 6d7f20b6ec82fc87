/**
 * Import memory: a 32 MB 1C file (cp1251, the largest a file may be) imported by the built CLI,
 * `bankclient import FILE --json --ids-out IDS`, in a child process, as a person runs it; its
 * peak memory (the child's own VmHWM, read at exit), its time and the size of its JSON output.
 *
 * Two files, each just under MAX_FILE_BYTES:
 *   - valid: ~200,000 tiny payment orders (only the keys an order needs), every one stored;
 *   - rejected: ~549,000 tiny sections with a number only, every one rejected with its line
 *     (what made the old JSON output 160 MB).
 *
 *   npx tsx bench/import-memory.ts [--only valid,rejected] [--table] [--before DIR]
 *   (needs `npm run build:cli`; the target is at most 200 MB peak memory for each file)
 *   --before DIR: the same files also through the CLI built in DIR (a checkout of an older commit,
 *   e.g. `git worktree add --detach DIR COMMIT`, then `npm run build:cli` there), without --ids-out
 *   (older CLIs lack it), so before and after are measured in the same run on the same files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeCp1251, MAX_FILE_BYTES } from '../src/main/formats/encoding.ts';

const TARGET_MB = 200;
const args = process.argv.slice(2);
const BIN = fileURLToPath(new URL('../bin/bankclient.mjs', import.meta.url));
const BEFORE = args.includes('--before') ? join(args[args.indexOf('--before') + 1]!, 'bin', 'bankclient.mjs') : undefined;
const only = (args[args.indexOf('--only') + 1] ?? '').split(',').filter((x) => args.includes('--only') && x);
const log = (m: string): void => void process.stderr.write(`${m}\n`);

const HEAD = '1CClientBankExchange\r\nВерсияФормата=1.03\r\nКодировка=Windows\r\nОтправитель=Bench\r\nПолучатель=\r\n';

/** Sections until the file is as near MAX_FILE_BYTES as a section allows. */
function file(section: (i: number) => string): { bytes: Uint8Array; documents: number } {
  const parts: string[] = [HEAD];
  let size = HEAD.length;
  const end = 'КонецФайла\r\n';
  for (let i = 0; ; i++) {
    const s = section(i);
    if (size + s.length + end.length > MAX_FILE_BYTES) {
      parts.push(end);
      return { bytes: encodeCp1251(parts.join('')), documents: i };
    }
    parts.push(s);
    size += s.length; // cp1251: one byte a character
  }
}

const account = (n: number): string => `40702810${String(n).padStart(12, '0')}`;
const FILES = {
  valid: () =>
    file((i) => `СекцияДокумент=Платежное поручение\r\nНомер=${i + 1}\r\nДата=01.12.2026\r\nСумма=${(i % 9000) + 1}.00\r\nПлательщикСчет=${account(1)}\r\nПолучательСчет=${account(i + 2)}\r\nКонецДокумента\r\n`),
  rejected: () => file((i) => `СекцияДокумент=Платежное поручение\r\nНомер=${i + 1}\r\nКонецДокумента\r\n`),
};

/** Written into the child: its own peak resident memory, at exit. */
const HOOK = `process.on('exit', () => { try { require('node:fs').writeFileSync(process.env.BENCH_PEAK_FILE, require('node:fs').readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s+(\\d+)/)[1]); } catch {} });`;

interface Run {
  cli: 'after' | 'before';
  file: keyof typeof FILES;
  fileBytes: number;
  documents: number;
  imported: number;
  rejected: number;
  rejectedListed: number;
  exitCode: number;
  seconds: number;
  peakRssMb: number;
  jsonBytes: number;
  idsFileBytes: number;
  targetMet: boolean;
}

function run(name: keyof typeof FILES, cli: Run['cli']): Run {
  const dir = mkdtempSync(join(tmpdir(), 'bc-import-memory-'));
  try {
    const { bytes, documents } = FILES[name]();
    const bin = cli === 'before' ? BEFORE! : BIN;
    const withIds = cli === 'after';
    const path = join(dir, `${name}.txt`);
    writeFileSync(path, bytes);
    const hook = join(dir, 'hook.cjs');
    writeFileSync(hook, HOOK);
    const peakFile = join(dir, 'peak');
    const ids = join(dir, 'ids.txt');
    log(`${cli}, ${name}: ${documents} documents, ${(bytes.length / 1024 / 1024).toFixed(1)} MiB`);
    const started = performance.now();
    const r = spawnSync(process.execPath, ['--require', hook, bin, 'import', path, '--json', ...(withIds ? ['--ids-out', ids] : []), '--data-dir', join(dir, 'profile'), '--lang', 'en'], {
      env: { PATH: process.env.PATH, BANKCLIENT_HOME: dir, BENCH_PEAK_FILE: peakFile, LANG: 'C' },
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
    });
    const seconds = (performance.now() - started) / 1000;
    if (r.status !== 0 && r.status !== 3) throw new Error(`${name}: exit ${r.status}: ${r.stderr.slice(0, 2000)} ${r.stdout.slice(0, 2000)}`);
    const out = JSON.parse(r.stdout) as { counts?: { imported: number; rejected: number }; imported?: unknown[]; rejected?: unknown[]; details?: { rejected: unknown[] } };
    const imported = out.counts?.imported ?? out.imported?.length ?? 0;
    const rejected = out.counts?.rejected ?? out.details?.rejected.length ?? 0;
    const peakRssMb = Math.round(Number(readFileSync(peakFile, 'utf8')) / 1024);
    let idsFileBytes = 0;
    try {
      idsFileBytes = statSync(ids).size;
    } catch {
      // the old CLI had no --ids-out
    }
    const result: Run = {
      cli,
      file: name,
      fileBytes: bytes.length,
      documents,
      imported,
      rejected,
      rejectedListed: (out.rejected ?? out.details?.rejected ?? []).length,
      exitCode: r.status ?? -1,
      seconds: Math.round(seconds * 100) / 100,
      peakRssMb,
      jsonBytes: Buffer.byteLength(r.stdout),
      idsFileBytes,
      targetMet: peakRssMb <= TARGET_MB,
    };
    log(`  ${JSON.stringify(result)}`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const names = (Object.keys(FILES) as (keyof typeof FILES)[]).filter((n) => only.length === 0 || only.includes(n));
const runs = names.flatMap((n) => [run(n, 'after'), ...(BEFORE ? [run(n, 'before')] : [])]);
process.stdout.write(`${JSON.stringify({ targetMb: TARGET_MB, node: process.version, loadAverage: loadavg()[0], runs }, null, 2)}\n`);
if (args.includes('--table')) {
  log('| CLI | file | documents | imported / rejected | peak memory | time | JSON output | target ≤ 200 MB |');
  log('|---|---|---|---|---|---|---|---|');
  for (const r of runs) {
    log(`| ${r.cli} | ${r.file} (${(r.fileBytes / 1024 / 1024).toFixed(1)} MiB cp1251) | ${r.documents.toLocaleString('en')} | ${r.imported.toLocaleString('en')} / ${r.rejected.toLocaleString('en')} | ${r.peakRssMb} MB | ${r.seconds} s | ${(r.jsonBytes / 1024).toFixed(0)} KiB | ${r.targetMet ? 'met' : 'not met'} |`);
  }
}
