/**
 * The packaging runs: electron-builder --dir --linux with a stand-in Electron (scripts/package-dir.ts)
 * into a temp folder, and the app lands as it must: the executable, resources/app.asar with the built
 * app, and the native addons' .node files unpacked next to it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packDir, standInElectron } from '../../scripts/package-dir.ts';

const ROOT = join(import.meta.dirname, '../..');
const asar = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'))('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  statFile(archive: string, path: string): { unpacked?: boolean };
};

const work = mkdtempSync(join(tmpdir(), 'bc-pack-'));
const output = join(work, 'dist');
const app = join(output, 'linux-unpacked');
const archive = join(app, 'resources', 'app.asar');
let result: { code: number | null; output: string };
const abandoned = join(ROOT, 'out', `.cli-build-packaging-test-${process.pid}`);

beforeAll(async () => {
  // the app is what electron-vite built; build it if this checkout has not
  if (!['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].every((f) => existsSync(join(ROOT, f)))) {
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}${build.stderr}`);
  }
  // what an interrupted CLI build leaves in out/ (scripts/build-cli.ts): must not be packed
  mkdirSync(abandoned, { recursive: true });
  writeFileSync(join(abandoned, 'bankclient.js'), '// an interrupted build\n');
  try {
    result = await packDir(output, standInElectron(join(work, 'electron')));
  } finally {
    rmSync(abandoned, { recursive: true, force: true });
  }
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder --dir --linux with a stand-in Electron', () => {
  it('succeeds, offline', () => {
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/using custom unpacked Electron distribution/);
    expect(result.output).toMatch(/skipped dependencies rebuild/);
  });

  it('makes the app folder with its executable and resources/app.asar', () => {
    expect(statSync(app).isDirectory()).toBe(true);
    const exe = join(app, 'bank-client'); // the stand-in's `electron`, renamed to the app's executable name
    expect(statSync(exe).mode & 0o111).not.toBe(0);
    expect(existsSync(join(app, 'electron'))).toBe(false);
    expect(statSync(archive).isFile()).toBe(true);
  });

  it('packs the built app and package.json, not the sources', () => {
    const files = asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    for (const f of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) expect(files, f).toContain(f);
    expect(files.filter((f) => /^\/(src|tests|bench|scripts|docs|build)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('/node_modules/electron/') || f.startsWith('/node_modules/vitest/'))).toEqual([]); // no devDependencies
    // no TypeScript loader: the app runs what electron-vite built (tsx and esbuild are devDependencies, for building and tools)
    expect(files.filter((f) => /^\/node_modules\/(tsx|esbuild|@esbuild)(\/|$)/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('/out/cli/') || f.startsWith('/out/.cli-build-'))).toEqual([]); // the CLI's bundle is not the app's, nor a build's leftovers
    expect(files).toContain('/node_modules/pkcs11js/package.json');
    expect(files).toContain('/node_modules/better-sqlite3/package.json');
  });

  it('puts the .node files of pkcs11js and better-sqlite3 under resources/app.asar.unpacked', () => {
    const unpacked = join(app, 'resources', 'app.asar.unpacked');
    for (const addon of ['node_modules/pkcs11js/build/Release/pkcs11.node', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']) {
      expect(statSync(join(unpacked, addon)).isFile(), addon).toBe(true);
      expect(asar.statFile(archive, addon).unpacked, addon).toBe(true); // the archive points to the unpacked copy
    }
    expect(existsSync(join(unpacked, 'node_modules/better-sqlite3/build/Release/test_extension.node'))).toBe(false);
    // esbuild's native binary would be unpacked here if it were packed at all
    expect(['node_modules/esbuild', 'node_modules/@esbuild', 'node_modules/tsx'].filter((d) => existsSync(join(unpacked, d)))).toEqual([]);
  });
});
