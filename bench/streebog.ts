/**
 * Streebog throughput: src/crypto/gost/streebog.ts against OpenSSL's gost engine, same data, same run.
 *
 *   npx tsx bench/streebog.ts            JSON on stdout (progress on stderr)
 *   npx tsx bench/streebog.ts --table    the same JSON, then a Markdown table
 *   options: --mib N (message size, default 32), --rounds N (timed rounds, default 5, at least 3)
 *
 * Per hash (256, 512) and round, interleaved so drift hits both alike:
 *   ts       streebog256/512 over one random N MiB buffer in this process
 *   openssl  `openssl dgst -engine gost -md_gost12_<bits> -binary FILE` on the same bytes, less
 *            the median time of the same command on an empty file (process start and engine load)
 * MB/s = 10^6 bytes per second, median of the rounds. Every round's digests are compared: the
 * benchmark fails if the two disagree. Needs libengine-gost-openssl (scripts/setup-debian.sh).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { streebog256, streebog512, type StreebogBits } from '../src/crypto/gost/streebog.ts';
import { median, numberOption } from './client/common.ts';

const option = numberOption;

const MIB = option('--mib', 32);
const ROUNDS = Math.max(3, Math.floor(option('--rounds', 5)));
const TABLE = process.argv.includes('--table');
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);


function openssl(bits: StreebogBits, file: string): { hex: string; ms: number } {
  const t = performance.now();
  let out: Buffer;
  try {
    out = execFileSync('openssl', ['dgst', '-engine', 'gost', `-md_gost12_${String(bits)}`, '-binary', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`openssl with the gost engine failed (libengine-gost-openssl; run scripts/setup-debian.sh): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return { hex: out.toString('hex'), ms: performance.now() - t };
}

interface Row {
  bits: StreebogBits;
  tsMBps: number;
  opensslMBps: number;
  /** ts / openssl */
  ratio: number;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-streebog-'));
  try {
    const data = randomBytes(MIB * 1024 * 1024);
    const file = join(dir, 'data.bin');
    const empty = join(dir, 'empty.bin');
    writeFileSync(file, data);
    writeFileSync(empty, new Uint8Array(0));
    const hash = (bits: StreebogBits, d: Uint8Array): Uint8Array => (bits === 256 ? streebog256(d) : streebog512(d));

    // Warm-up: JIT for ours, page cache and engine load for OpenSSL.
    hash(256, data.subarray(0, 1 << 20));
    hash(512, data.subarray(0, 1 << 20));
    openssl(256, file);
    const startMs = median(Array.from({ length: 5 }, () => openssl(256, empty).ms));
    log(`streebog: ${MIB} MiB, ${ROUNDS} rounds; openssl start-up ${startMs.toFixed(1)} ms (subtracted)`);

    const rows: Row[] = [];
    for (const bits of [256, 512] as const) {
      const ts: number[] = [];
      const ossl: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const t = performance.now();
        const ours = Buffer.from(hash(bits, data)).toString('hex');
        ts.push(performance.now() - t);
        const theirs = openssl(bits, file);
        ossl.push(Math.max(theirs.ms - startMs, 0.001));
        if (ours !== theirs.hex) throw new Error(`streebog${bits}: ours ${ours} != openssl ${theirs.hex}`);
      }
      const mbps = (ms: number): number => Math.round((data.length / 1e6 / (ms / 1000)) * 10) / 10;
      const row: Row = { bits, tsMBps: mbps(median(ts)), opensslMBps: mbps(median(ossl)), ratio: 0 };
      row.ratio = Math.round((row.tsMBps / row.opensslMBps) * 100) / 100;
      log(`  streebog${bits}: ts ${row.tsMBps} MB/s, openssl ${row.opensslMBps} MB/s`);
      rows.push(row);
    }

    let commit: string;
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      commit = 'unknown';
    }
    const opensslVersion = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
    console.log(JSON.stringify({ mib: MIB, rounds: ROUNDS, node: process.version, openssl: opensslVersion, commit, date: new Date().toISOString().slice(0, 10), opensslStartMs: Math.round(startMs * 10) / 10, results: rows }));
    if (TABLE) {
      const lines = ['| Hash | TypeScript MB/s | OpenSSL gost engine MB/s | TypeScript / OpenSSL |', '|---|---:|---:|---:|'];
      for (const r of rows) lines.push(`| Streebog-${r.bits} | ${r.tsMBps} | ${r.opensslMBps} | ${r.ratio} |`);
      console.log(`\n${lines.join('\n')}\n\n_${MIB} MiB random message, median of ${ROUNDS} rounds, Node ${process.version}, ${opensslVersion}, commit ${commit}._`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
