/**
 * Client-core benchmarks against the performance targets of docs/architecture.md: 1C import, batch signing
 * (against raw C_Sign on the same key, same run), sync to the sandbox bank in its own process
 * (with the client's memory sampled), and the documents list and full-text search.
 *
 *   npx tsx bench/client.ts            one JSON object on stdout (progress on stderr)
 *   npx tsx bench/client.ts --table    the same JSON, then a Markdown table
 *   options: --docs N           documents for import, signing and sync (default 10000)
 *            --list-docs N      documents in the list/search profile (default 100000)
 *            --rounds N         timed rounds of import and signing (default 5, at least 5)
 *            --repetitions N    runs of each list query (default 21, at least 5)
 *            --only a,b         some of: import, signing, sync, list
 *            --algorithms a,b   some of: rsa-2048, ec-p256
 *            --profile-bank DIR the sandbox runs with node --cpu-prof, its profiles written to DIR
 *            --help             these options
 *   (profile the client itself with: node --cpu-prof --import tsx bench/client.ts ...)
 *
 * Sync's rate is also given for five slices (fifths) of the run, read from the times the outbox
 * rows were closed; rows close a batch (128 documents) at a time, so with --docs below a few
 * thousand a slice may be a single batch and read as an absurd rate (60,000/s for --docs 300).
 *
 * Everything is throwaway: a SoftHSM2 of its own (tests/helpers/softhsm.ts), fresh profiles and a
 * sandbox bank process per algorithm under /tmp, all removed at the end, also after an error or
 * Ctrl-C (and, should the run be killed outright, by a small watchdog: see client/common.ts).
 * The figures are for the working tree as it is; `source` in the JSON names the commit and the
 * files of src/ and tests/ that differed from it. No figure here is asserted in a test.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '../src/main/client.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../tests/helpers/softhsm.ts';
import { enrolAndLogin, killStartedSandboxes, startBenchBank, type BenchBank } from './client/bank.ts';
import { checkArgs, listOption, log, numberOption, ownDir, removeTempDirs, round, tempDir } from './client/common.ts';
import { benchImport, IMPORT_TARGET_SECONDS, type ImportResultJson } from './client/import.ts';
import { benchList, LIST_TARGET_MS, type ListResultJson } from './client/list.ts';
import { benchSigning, type Algorithm, type SigningResultJson } from './client/signing.ts';
import { benchSync, FLAT_MB, SYNC_TARGET_PER_SEC, type SyncResultJson } from './client/sync.ts';

const PARTS = ['import', 'signing', 'sync', 'list'] as const;
checkArgs(
  [
    'usage: npx tsx bench/client.ts [--table] [options]',
    '  --table              after the JSON, a Markdown table',
    '  --docs N             documents for import, signing and sync (default 10000)',
    '  --list-docs N        documents in the list/search profile (default 100000)',
    '  --rounds N           timed rounds of import and signing (default 5, at least 5)',
    '  --repetitions N      runs of each list query (default 21, at least 5)',
    '  --only a,b           some of: import, signing, sync, list (default all)',
    '  --algorithms a,b     some of: rsa-2048, ec-p256 (default both)',
    '  --profile-bank DIR   run the sandbox with node --cpu-prof, its profiles written to DIR',
  ].join('\n'),
  ['--docs', '--list-docs', '--rounds', '--repetitions', '--only', '--algorithms', '--profile-bank'],
);
const DOCS = Math.floor(numberOption('--docs', 10_000));
const LIST_DOCS = Math.floor(numberOption('--list-docs', 100_000));
const ROUNDS = Math.max(5, Math.floor(numberOption('--rounds', 5)));
const REPETITIONS = Math.max(5, Math.floor(numberOption('--repetitions', 21)));
const ONLY = listOption('--only', [...PARTS]);
const ALGORITHMS = listOption('--algorithms', ['rsa-2048', 'ec-p256']) as Algorithm[];
const TABLE = process.argv.includes('--table');
const PROFILE_BANK = (() => {
  const i = process.argv.indexOf('--profile-bank');
  return i < 0 ? undefined : process.argv[i + 1];
})();
for (const p of ONLY) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part ${p} (${PARTS.join(', ')})`);
for (const a of ALGORITHMS) if (a !== 'rsa-2048' && a !== 'ec-p256') throw new Error(`--algorithms: unknown algorithm ${a}`);

interface Report {
  benchmark: 'client';
  date: string;
  node: string;
  cpu: string;
  cpuCount: number;
  /** 1-minute load average at the start and the end: above ~0.3 the machine was not quiet. */
  loadAverage: { start: number; end: number };
  platform: string;
  /** What was measured: the commit, and files of src/ and tests/ that differed from it (others' work in progress). */
  source: { commit: string; uncommitted: string[] };
  options: { docs: number; listDocs: number; rounds: number; repetitions: number; parts: string[]; algorithms: string[] };
  import?: ImportResultJson;
  signing?: SigningResultJson[];
  sync?: SyncResultJson[];
  list?: ListResultJson;
  allTargetsMet?: boolean;
  totalSeconds?: number;
}

/** What is open, to close on the way out whatever happens. */
const open: { banks: Set<BenchBank>; clients: Set<Client> } = { banks: new Set(), clients: new Set() };

let cleaning: Promise<void> | undefined;
/** Closes and removes everything this run opened; once, however many ways the run ends. */
const cleanup = (): Promise<void> => (cleaning ??= closeAll());

async function closeAll(): Promise<void> {
  for (const c of open.clients) c.close();
  open.clients.clear();
  for (const b of open.banks) await b.stop().catch(() => undefined);
  open.banks.clear();
  removeTempDirs(); // the SoftHSM's directory among them
}

// the last resort when the process ends another way (an uncaught error, a signal): no sandbox
// process or temporary directory outlives the run
process.on('exit', () => {
  killStartedSandboxes();
  removeTempDirs();
});
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = true;
    log(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function signingAndSync(report: Report): Promise<void> {
  const hsm = new SoftHsm('bench-client');
  ownDir(hsm.dir);
  const pin = '12345678';
  hsm.initTestToken('Bench', pin, '87654321');
  const env = { ...process.env, ...hsm.env };
  for (const algorithm of ALGORITHMS) {
    // a bank of its own per algorithm: the bank's clock moves delivered documents on after a
    // minute, which would otherwise add work from the previous algorithm's run to this one's
    const bank = await startBenchBank(join(tempDir(`bank-${algorithm}`), 'bank'), PROFILE_BANK);
    open.banks.add(bank);
    const options = { bankUrl: bank.process.url, modulePath: SOFTHSM_MODULE, env, actor: 'bench' };
    const client = new Client({ ...options, dataDir: join(tempDir(`sign-${algorithm}`), 'profile') });
    open.clients.add(client);
    log(`${algorithm}: enrolling a signer and logging in`);
    const person = await enrolAndLogin(bank, client, { token: 'Bench', pin, key: `bench-${algorithm}`, name: `Бенчев ${algorithm}`, algorithm });
    if (ONLY.includes('signing')) (report.signing ??= []).push(await benchSigning(client, person, bank.payer, algorithm, DOCS, ROUNDS));
    client.close();
    open.clients.delete(client);
    if (ONLY.includes('sync')) (report.sync ??= []).push(await benchSync(bank, person, bank.payer, algorithm, DOCS, options));
    await bank.stop();
    open.banks.delete(bank);
  }
}

const f0 = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const yes = (b: boolean): string => (b ? 'yes' : '**no**');

function table(r: Report): string {
  const rows: string[] = ['| Measure | Figure | Target | Met |', '|---|---|---|:---:|'];
  if (r.import) {
    const i = r.import;
    rows.push(
      `| 1C import: ${f0(i.documents)} orders (cp1251, ${(i.fileBytes / 1024 / 1024).toFixed(1)} MB) parsed, validated, stored | ${i.seconds.total.toFixed(2)} s (parse + map ${i.seconds.parse.toFixed(2)} s, store ${i.seconds.store.toFixed(2)} s) | < ${IMPORT_TARGET_SECONDS} s for 10,000 | ${yes(i.targetMet)} |`,
    );
  }
  for (const s of r.signing ?? []) {
    rows.push(
      `| Batch signing ${s.algorithm}: ${f0(s.documents)} drafts, SigningService / raw C_Sign | ${s.ratio.toFixed(2)} (${f0(s.documentsPerSec)} vs ${f0(s.rawSignPerSec)}/s; ${s.usPerDocument.overhead.toFixed(0)} us/doc over raw) | >= ${s.target} | ${yes(s.targetMet)} |`,
    );
  }
  for (const s of r.sync ?? []) {
    const m = s.memoryMB.client;
    rows.push(
      `| Sync ${s.algorithm}: ${f0(s.documents)} signed documents sent to the sandbox (own process) | ${f0(s.documentsPerSec)}/s (slices ${s.slicesDocumentsPerSec.map(f0).join(', ')}; with the receipts pulled ${f0(s.wholeRunDocumentsPerSec)}/s) | >= ${f0(SYNC_TARGET_PER_SEC)}/s | ${yes(s.targetMet)} |`,
      `| Sync ${s.algorithm}: client memory while sending | live (after GC) +${s.memoryMB.liveGrowthMB.toFixed(0)} MB at most; RSS ${f0(m.rssBefore)} / ${f0(m.rssPeak)} / ${f0(m.rssAfter)} MB before / peak / after | flat (live < +${FLAT_MB} MB) | ${yes(s.memoryFlat)} |`,
    );
  }
  if (r.list) {
    for (const q of r.list.queries) {
      rows.push(`| List of ${f0(r.list.documents)}: ${q.name} (${f0(q.total)} matches) | ${q.medianMs.toFixed(1)} ms (first ${q.firstMs.toFixed(1)} ms) | < ${LIST_TARGET_MS} ms | ${yes(q.targetMet)} |`);
    }
  }
  return rows.join('\n');
}

/** The commit measured (read-only git calls: no index refresh), or what BENCH_SOURCE says for a tree exported from git. */
function source(): Report['source'] {
  const git = (args: string[]): string => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }).trim();
  try {
    const uncommitted = git(['status', '--porcelain=v1', '--untracked-files=no', '--', 'src', 'tests']).split('\n').filter(Boolean).map((l) => l.slice(3));
    return { commit: git(['rev-parse', 'HEAD']), uncommitted };
  } catch {
    return { commit: process.env.BENCH_SOURCE ?? 'unknown (not a git checkout)', uncommitted: [] };
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const report: Report = {
    benchmark: 'client',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpuCount: cpus().length,
    loadAverage: { start: round(loadavg()[0]!, 2), end: 0 },
    platform: `${process.platform} ${process.arch}`,
    source: source(),
    options: { docs: DOCS, listDocs: LIST_DOCS, rounds: ROUNDS, repetitions: REPETITIONS, parts: ONLY, algorithms: ALGORITHMS },
  };
  try {
    if (ONLY.includes('import')) report.import = await benchImport(DOCS, ROUNDS);
    if (ONLY.includes('signing') || ONLY.includes('sync')) await signingAndSync(report);
    if (ONLY.includes('list')) report.list = await benchList(LIST_DOCS, REPETITIONS);
  } finally {
    await cleanup();
  }
  const met = [report.import?.targetMet, ...(report.signing ?? []).map((s) => s.targetMet), ...(report.sync ?? []).flatMap((s) => [s.targetMet, s.memoryFlat]), report.list?.allTargetsMet].filter((x) => x !== undefined);
  report.allTargetsMet = met.every(Boolean);
  report.loadAverage.end = round(loadavg()[0]!, 2);
  report.totalSeconds = round((performance.now() - started) / 1000, 1);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (TABLE) process.stdout.write(
      `\n${table(report)}\n\n_${report.node}, ${report.cpuCount} x ${report.cpu}, ${report.date}, commit ${report.source.commit.slice(0, 7)}${report.source.uncommitted.length ? ' + uncommitted changes' : ''}, load average ${report.loadAverage.start} -> ${report.loadAverage.end}_\n`,
    );
}

await main().catch((e: unknown) => {
  // after Ctrl-C the run fails as the bank goes away: that is not news
  if (!interrupted) throw e;
});
