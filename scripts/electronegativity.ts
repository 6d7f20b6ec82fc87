/**
 * The Electronegativity gate (docs/architecture.md "Security model": it reports nothing). Runs its CLI over a
 * folder (src by default) and fails when it reports anything: the CLI itself exits 0 even with
 * findings, so the findings are read from its SARIF output.
 *
 *   node --import tsx scripts/electronegativity.ts [folder]     (tests/unit/electronegativity.test.ts runs it in CI)
 *
 * Options, and why:
 *  - `-e 45.0.0`: the Electron version (it cannot detect it from a source folder; package.json has ^45).
 *  - `-x AvailableSecurityFixesGlobalCheck`: that check downloads Electron's release list (no network in CI).
 * No other check is excluded. Findings a reviewer has accepted are marked where they are, with an
 * `eng-disable CHECK` comment and the reason next to it (src/main/electron/main.ts, src/renderer/index.html).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ELECTRON_VERSION = '45.0.0';
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export interface Finding {
  check: string;
  message: string;
  file: string;
  line: number;
}

interface Sarif {
  runs: Array<{
    results?: Array<{
      ruleId: string;
      message: { text: string };
      locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }>;
    }>;
  }>;
}

const CLI = join(createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json'), '..', 'dist', 'index.js');

/** Runs the Electronegativity CLI over `input` and returns what it reports. Rejects if the CLI itself fails. */
export async function electronegativity(input: string): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bc-eneg-'));
  const out = join(dir, 'report.sarif');
  try {
    const args = [CLI, '-i', resolve(input), '-e', ELECTRON_VERSION, '-x', EXCLUDED_CHECKS.join(','), '-r', '-v', 'false', '-o', out];
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done, fail) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
      child.on('error', fail);
      child.on('close', (exit) => done({ code: exit, output }));
    });
    let report: Sarif;
    try {
      report = JSON.parse(readFileSync(out, 'utf8')) as Sarif;
    } catch {
      throw new Error(`Electronegativity wrote no report (exit ${code}):\n${output}`);
    }
    return report.runs.flatMap((run) =>
      (run.results ?? []).map((r) => {
        const where = r.locations?.[0]?.physicalLocation;
        return { check: r.ruleId, message: r.message.text, file: where?.artifactLocation?.uri ?? '', line: where?.region?.startLine ?? 0 };
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const describeFindings = (findings: Finding[]): string => findings.map((f) => `${f.check} ${f.file}:${f.line} ${f.message}`).join('\n');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const findings = await electronegativity(process.argv[2] ?? join(root, 'src'));
  if (findings.length) {
    process.stderr.write(`Electronegativity: ${findings.length} finding(s)\n${describeFindings(findings)}\n`);
    process.exit(1);
  }
  process.stdout.write('Electronegativity: no findings\n');
}
