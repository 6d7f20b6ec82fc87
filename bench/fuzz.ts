/**
 * Fuzzing of every parser of untrusted bytes (issue 10): generated and mutated inputs, crashes
 * (anything thrown that is not the parser's own refusal), hangs, time per input and per KB, and
 * time per KB at 1, 16 and 256 KB of the same structure (superlinear growth is a finding).
 * Each parser runs in a worker thread of its own, watched: a call that never returns is stopped
 * and reported with its input.
 *
 *   npm run bench:fuzz -- [--iterations N] [--parser a,b] [--seed S] [--table] [--no-scaling]
 *                         [--hang-ms MS] [--kill-ms MS] [--jobs N] [--out FILE] [--list]
 *   npm run bench:fuzz -- --parser P --replay BASE64      run one input again, in this process
 *
 * Prints JSON (crash and hang records carry seed, input index and the input as base64), then
 * with --table a Markdown table for the README. Exits 1 when a parser crashed or hung.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { signatureOf, type ScalingResult } from './fuzz/harness.ts';
import { superviseTarget, type ParserReport } from './fuzz/supervisor.ts';
import { TARGETS, targetByName } from './fuzz/targets.ts';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
};
const num = (name: string, fallback: number): number => {
  const v = opt(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} wants a number, not "${v}"`);
  return n;
};

async function replay(parser: string, base64: string): Promise<void> {
  const ctx = await targetByName(parser).setup();
  const input = Buffer.from(base64, 'base64');
  try {
    const r = await ctx.run(input);
    console.log(`${parser}: returned ${typeof r === 'object' ? 'a result' : String(r)}`);
  } catch (e) {
    console.log(`${parser}: ${ctx.typed(e) ? 'refused (typed error)' : 'CRASH'}: ${signatureOf(e)}`);
    if (!ctx.typed(e) && e instanceof Error) console.log(e.stack);
  } finally {
    await ctx.close?.();
  }
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const scalingCell = (s: ScalingResult): string => `${s.points.map((p) => fmt(Math.round(p.usPerKb))).join(' / ')} (×${s.ratio}${s.superlinear ? ', superlinear' : ''})`;

function table(reports: ParserReport[]): string {
  const rows = [
    '| Parser | Inputs | Crashes | Known | Hangs (>1 s) | Median µs/input | p99 µs | µs/KB (mean) | µs/KB at 1 / 16 / 256 KB (ratio 256:1) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of reports) {
    const known = Object.values(r.known).reduce((s, v) => s + v, 0);
    const scaling = r.scaling.map((s) => `${s.name}: ${scalingCell(s)}`).join('; ') || '–';
    rows.push(`| ${r.parser} | ${fmt(r.inputs)} | ${r.crashes} | ${known} | ${r.hangs}${r.killed ? ` (${r.killed} killed)` : ''} | ${fmt(r.medianUs)} | ${fmt(r.p99Us)} | ${fmt(r.usPerKb)} | ${scaling} |`);
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  if (argv.includes('--list')) {
    for (const t of TARGETS) console.log(`${t.name.padEnd(14)} ${t.entry}${t.selfCheck ? ' (harness self-check)' : ''}`);
    return;
  }
  const parsers = opt('--parser')?.split(',') ?? TARGETS.filter((t) => !t.selfCheck).map((t) => t.name);
  for (const p of parsers) targetByName(p);
  const replayInput = opt('--replay');
  if (replayInput !== undefined) {
    await replay(parsers[0]!, replayInput);
    return;
  }
  const seed = num('--seed', Date.now() % 0x1_0000_0000) >>> 0;
  const iterations = num('--iterations', 100_000);
  console.error(`fuzz: seed ${seed}, ${fmt(iterations)} inputs per parser: ${parsers.join(', ')}`);
  const jobs = Math.max(1, num('--jobs', 1));
  const out = opt('--out');
  const reports: ParserReport[] = [];
  const queue = [...parsers];
  // --jobs N runs N parsers at once, each in its own worker; --out FILE keeps what is done so far
  const runOne = async (parser: string): Promise<void> => {
    let lastPrint = 0;
    const report = await superviseTarget(parser, {
      seed,
      iterations,
      hangMs: num('--hang-ms', 1000),
      killMs: num('--kill-ms', 10_000),
      scaling: !argv.includes('--no-scaling'),
      onProgress(done) {
        if (performance.now() - lastPrint > 30_000) {
          lastPrint = performance.now();
          console.error(`  ${parser}: ${fmt(done)} / ${fmt(iterations)}`);
        }
      },
    });
    console.error(`  ${parser}: ${fmt(report.inputs)} inputs in ${report.seconds} s, ${report.crashes} crashes, ${report.hangs} hangs${report.error ? `; ${report.error}` : ''}`);
    for (const c of report.crashRecords.filter((r) => !r.known).slice(0, 5)) console.error(`    crash: seed ${c.seed} index ${c.index}: ${c.error}`);
    for (const h of report.hangRecords.slice(0, 5)) console.error(`    hang: seed ${h.seed} index ${h.index}: ${h.ms} ms${h.killed ? ' (stopped)' : ''}`);
    reports.push(report);
    if (out) writeFileSync(out, JSON.stringify({ seed, iterations, parsers: reports }));
  };
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) await runOne(p);
    }),
  );
  reports.sort((a, b) => parsers.indexOf(a.parser) - parsers.indexOf(b.parser));
  let commit: string;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    commit = 'unknown';
  }
  console.log(JSON.stringify({ seed, iterations, node: process.version, commit, date: new Date().toISOString().slice(0, 10), parsers: reports }));
  if (argv.includes('--table')) console.log(`\n${table(reports)}\n\n_seed ${seed}, ${fmt(iterations)} inputs per parser, Node ${process.version}, commit ${commit}._`);
  if (reports.some((r) => r.crashes > 0 || r.hangs > 0 || r.error)) process.exitCode = 1;
}

await main();
