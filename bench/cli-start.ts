/**
 * CLI start-up benchmark (issue 11): the wall time of a whole `bankclient` process, from spawn to
 * exit, for `bankclient --help` and `bankclient token list` (one SoftHSM2 token in a throwaway
 * configuration), run as users run it (node bin/bankclient.mjs: the bundle in out/cli/) against
 * the old way, from the TypeScript sources through tsx's loader (node --import tsx src/cli/bin.ts),
 * measured in the same run; `node -e ''` is the floor (Node's own start). One warm-up run of each
 * (tsx's transform cache is then warm), then N rounds, the variants interleaved within a round so
 * that a change of load on the machine hits them alike; medians in ms.
 *
 *   npx tsx bench/cli-start.ts [--table] [--runs N] [--no-build]     (npm run bench:cli)
 *
 * Builds out/cli/ first (scripts/build-cli.ts) unless --no-build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../scripts/build-cli.ts';
import { SOFTHSM_MODULE, ThrowawaySoftHsm } from '../src/cli/conformance/softhsm.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const option = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const RUNS = Math.max(3, Math.floor(option('--runs', 15)));
const LABEL = 'BenchToken';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

interface Variant {
  name: 'built' | 'tsx' | 'node';
  args: string[];
}
const VARIANTS: Record<'built' | 'tsx', (command: string[]) => Variant> = {
  built: (command) => ({ name: 'built', args: [join(ROOT, 'bin', 'bankclient.mjs'), ...command] }),
  tsx: (command) => ({ name: 'tsx', args: ['--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts'), ...command] }),
};

/** One process, timed from spawn to exit; its output checked, so a failing command is never timed as a fast one. */
function once(v: Variant, env: NodeJS.ProcessEnv, expect: RegExp): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, v.args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0 || !expect.test(r.stdout) || r.stderr !== '') throw new Error(`${v.args.join(' ')} (${v.name}): exit ${r.status}\n${r.stdout}${r.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  const load = [loadavg()[0]!];
  const buildMs = process.argv.includes('--no-build') ? undefined : await buildCli();
  const hsm = new ThrowawaySoftHsm('bench-cli');
  try {
    hsm.initToken(LABEL, '123456', '87654321');
    const env: NodeJS.ProcessEnv = { ...hsm.env, PKCS11_MODULE: SOFTHSM_MODULE, LANG: 'C', BANKCLIENT_LANG: 'en' };
    delete env.BANKCLIENT_DEBUG;
    const commands = [
      { command: ['--help'], expect: /^Usage: bankclient/ },
      { command: ['token', 'list'], expect: new RegExp(`^${LABEL} `) },
    ];
    const floor: Variant = { name: 'node', args: ['-e', ''] };
    const cases = [
      ...commands.flatMap((c) => (['built', 'tsx'] as const).map((name) => ({ label: c.command.join(' '), variant: VARIANTS[name](c.command), expect: c.expect }))),
      { label: "node -e ''", variant: floor, expect: /^$/ },
    ];
    const times = cases.map(() => [] as number[]);
    for (const c of cases) once(c.variant, env, c.expect); // warm-up
    for (let r = 0; r < RUNS; r++) cases.forEach((c, i) => times[i]!.push(once(c.variant, env, c.expect)));
    load.push(loadavg()[0]!);

    const results = cases.map((c, i) => ({
      command: c.label,
      variant: c.variant.name,
      run: c.variant.name === 'node' ? "node -e ''" : `node ${c.variant.args.map((a) => a.replace(ROOT, '')).join(' ')}`,
      medianMs: round(median(times[i]!)),
      minMs: round(Math.min(...times[i]!)),
      maxMs: round(Math.max(...times[i]!)),
    }));
    const of = (command: string, variant: string) => results.find((r) => r.command === command && r.variant === variant)!;
    const report = {
      benchmark: 'cli-start',
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cpuCount: cpus().length,
      loadAverage: { start: round(load[0]!, 2), end: round(load[1]!, 2) },
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
      runs: RUNS,
      ...(buildMs !== undefined ? { buildMs: round(buildMs) } : {}),
      targetMs: 300,
      results,
      speedup: Object.fromEntries(commands.map((c) => [c.command.join(' '), round(of(c.command.join(' '), 'tsx').medianMs / of(c.command.join(' '), 'built').medianMs, 1)])),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (process.argv.includes('--table')) {
      const row = (command: string): string => {
        const built = of(command, 'built');
        const tsx = of(command, 'tsx');
        return `| \`bankclient ${command}\` | ${built.medianMs} ms (${built.minMs}-${built.maxMs}) | ${tsx.medianMs} ms (${tsx.minMs}-${tsx.maxMs}) | ${report.speedup[command]}× |`;
      };
      const node = results.at(-1)!;
      process.stdout.write(
        [
          '',
          `| Command (median of ${RUNS}, min-max) | Built (out/cli) | From source (tsx) | Speed-up |`,
          '|---|---|---|---|',
          ...commands.map((c) => row(c.command.join(' '))),
          `| \`node -e ''\` (Node's own start, the floor) | ${node.medianMs} ms (${node.minMs}-${node.maxMs}) | | |`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    hsm.cleanup();
  }
}

await main();
