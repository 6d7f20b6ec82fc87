/**
 * Builds the unpacked Linux app (`electron-builder --dir --linux`) with a stand-in Electron, to prove
 * the packaging runs and where the files land, on a machine without Electron's binary or the network.
 *
 *   node --import tsx scripts/package-dir.ts OUTPUT_DIR        (after `npx electron-vite build`)
 *
 * What the stand-in needs, found by trying: electronDist may be a folder holding an unpacked
 * Electron; for Linux electron-builder copies it and renames its `electron` executable to the app's
 * executable name, and nothing else is read. So a folder with one executable `electron` is enough.
 * Overrides of electron-builder.yml, all for this stand-in only:
 *  - `-c.electronDist=<the folder>`: no download of Electron;
 *  - `-c.electronFuses=` (empty, which the schema validator coerces to null; "null" is not coerced for this key):
 *    flipping fuses needs the real binary (@electron/fuses looks for its sentinel in it);
 *  - `-c.npmRebuild=false`: no rebuild of the native addons for Electron's ABI (that downloads Electron's
 *    headers). The .node files packed are then the system Node's: right for checking where they land, not for running.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(createRequire(import.meta.url).resolve('electron-builder/package.json'), '..', 'cli.js');

/** Writes the stand-in Electron into `dir` (an executable `electron` that says what it is) and returns `dir`. */
export function standInElectron(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, 'electron');
  writeFileSync(exe, '#!/bin/sh\necho "stand-in Electron for the packaging test; not runnable" >&2\nexit 1\n');
  chmodSync(exe, 0o755);
  return dir;
}

/** Runs electron-builder --dir --linux --x64 into `outputDir`; resolves to its exit code and output. */
export function packDir(outputDir: string, electronDist: string): Promise<{ code: number | null; output: string }> {
  const args = [
    CLI,
    '--dir',
    '--linux',
    '--x64',
    '--publish',
    'never',
    `-c.electronDist=${electronDist}`,
    '-c.electronFuses=',
    '-c.npmRebuild=false',
    `-c.directories.output=${outputDir}`,
  ];
  return new Promise((done, fail) => {
    // without VITEST in its environment: electron-builder's logger is silent under vitest otherwise
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, CI: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: node --import tsx scripts/package-dir.ts OUTPUT_DIR\n');
    process.exit(2);
  }
  const { code, output } = await packDir(resolve(out), standInElectron(join(resolve(out), 'stand-in-electron')));
  process.stdout.write(output);
  process.exit(code ?? 1);
}
