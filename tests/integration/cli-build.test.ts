/**
 * The built CLI (scripts/build-cli.ts, out/cli/): bankclient runs it with no TypeScript loader,
 * a command loads only what it uses (what keeps `--help` and `token list` quick), and
 * bin/bankclient.mjs says what to run when the build is missing and warns when it is older than
 * a source. Which modules a process loads is seen by a resolve hook registered in it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SoftHsm } from '../helpers/softhsm.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'bankclient.mjs');
const work = mkdtempSync(join(tmpdir(), 'bc-cli-build-'));
const hsm = new SoftHsm('cli-build');
hsm.initTestToken('Loaded');
afterAll(() => {
  hsm.cleanup();
  rmSync(work, { recursive: true, force: true });
});

// A resolve hook that writes every module the process resolves (builtins aside) to stderr.
const HOOKS = join(work, 'hooks.mjs');
writeFileSync(HOOKS, "export async function resolve(s, c, next) { const r = await next(s, c); if (!r.url.startsWith('node:')) process.stderr.write(`LOADED ${r.url}\\n`); return r; }\n");
const REGISTER = join(work, 'register.mjs');
writeFileSync(REGISTER, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(HOOKS).href)});\n`);

/** Runs bankclient; gives its output and the modules it loaded (paths relative to the checkout). */
function traced(args: string[]): { status: number | null; stdout: string; loaded: string[] } {
  const r = spawnSync(process.execPath, ['--import', REGISTER, BIN, ...args], { env: { ...hsm.env, LANG: 'C', BANKCLIENT_HOME: join(work, 'home') }, encoding: 'utf8' });
  const loaded = [...r.stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) => fileURLToPath(m[1]!).replace(ROOT, ''));
  return { status: r.status, stdout: r.stdout, loaded };
}

/** The npm packages among loaded modules (node_modules may be a link to another checkout's: resolved, it is outside this one). */
const packagesOf = (loaded: string[]): string[] => [...new Set(loaded.flatMap((f) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1] ?? []))].sort();

describe('bankclient runs the bundle', () => {
  it('--help loads the built files only: no TypeScript, no tsx, no npm package', () => {
    const r = traced(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: bankclient/);
    expect(r.loaded[0]).toBe('bin/bankclient.mjs');
    expect(r.loaded).toContain('out/cli/bankclient.js');
    expect(r.loaded.filter((f) => !/^(bin\/bankclient\.mjs|out\/cli\/[\w-]+\.js)$/.test(f))).toEqual([]);
  });

  it('token list loads pkcs11js and nothing else from node_modules (no X.509, CMS, SQLite or HTTP code)', () => {
    const r = traced(['token', 'list', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tokens: [{ label: 'Loaded' }] });
    expect(packagesOf(r.loaded)).toEqual(['pkcs11js']);
    expect(r.loaded.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('a command that needs certificates still gets them, loaded when it runs', () => {
    const r = traced(['cert', 'list', '--token', 'Loaded', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ certificates: [] });
    expect(packagesOf(r.loaded)).toEqual(expect.arrayContaining(['@peculiar/x509', 'pkcs11js']));
    expect(packagesOf(r.loaded)).not.toContain('tsx');
  });
});

describe('scripts/build-cli.ts', () => {
  it('rebuilds without a moment of missing or half-written files: programs started meanwhile, and two builds at once, all run', async () => {
    const { buildCli, OUT } = (await import(pathToFileURL(join(ROOT, 'scripts', 'build-cli.ts')).href)) as typeof import('../../scripts/build-cli.ts');
    // an old build's chunk that a program started before the rebuild may still import: kept
    const oldChunk = join(OUT, 'chunk-OLDBUILD.js');
    writeFileSync(oldChunk, 'export const old = 1;\n');
    // mkdtemp's folders of the builds (one left by an interrupted build earlier is not this test's)
    const buildDirs = (): string[] => readdirSync(join(ROOT, 'out')).filter((f) => /^\.cli-build-[A-Za-z0-9]{6}$/.test(f));
    const before = new Set(buildDirs());
    let building = true;
    const builds = Promise.all([buildCli(), buildCli(), buildCli()]).finally(() => (building = false));
    const runs: { status: number | null; stderr: string }[] = [];
    while (building || runs.length < 3) {
      const r = await new Promise<{ status: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, [BIN, '--help'], { env: { PATH: process.env.PATH, LANG: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (status) => done({ status, stderr }));
      });
      runs.push(r);
    }
    await builds;
    expect(runs.filter((r) => r.status !== 0)).toEqual([]);
    expect(existsSync(oldChunk)).toBe(true);
    // no build folder left behind
    expect(buildDirs().filter((d) => !before.has(d))).toEqual([]);
    rmSync(oldChunk);
  });
});

describe('scripts/prepare.mjs (npm ci\'s prepare)', () => {
  it('without the development packages (npm ci --omit=dev) installs anyway, saying what is not built and how to build it', () => {
    const dir = join(work, 'omit-dev');
    mkdirSync(join(dir, 'scripts'), { recursive: true });
    copyFileSync(join(ROOT, 'scripts', 'prepare.mjs'), join(dir, 'scripts', 'prepare.mjs'));
    const r = spawnSync(process.execPath, ['scripts/prepare.mjs'], { cwd: dir, env: { PATH: process.env.PATH, LANG: 'C' }, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, 'bankclient is not built: the development packages (esbuild, tsx) are not installed. To build it: npm ci, then npm run build:cli\n']);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('bin/bankclient.mjs', () => {
  /** A copy of the launcher in a folder of its own: `out/cli/` beside it is what each test makes. */
  function checkout(name: string): string {
    const dir = join(work, name);
    mkdirSync(join(dir, 'bin'), { recursive: true });
    copyFileSync(BIN, join(dir, 'bin', 'bankclient.mjs'));
    return dir;
  }
  const run = (dir: string, lang: string) => spawnSync(process.execPath, [join(dir, 'bin', 'bankclient.mjs'), '--help'], { env: { PATH: process.env.PATH, LANG: lang }, encoding: 'utf8' });

  it('without a build says what to run, in the user\'s language, and exits 1 without a stack trace', () => {
    const dir = checkout('unbuilt');
    const en = run(dir, 'C');
    expect(en.status).toBe(1);
    expect(en.stderr).toBe('bankclient: the program is not built (out/cli/bankclient.js is missing). In the project folder, run: npm run build:cli\n');
    const ru = run(dir, 'ru_RU.UTF-8');
    expect(ru.status).toBe(1);
    expect(ru.stderr).toBe('bankclient: программа не собрана (нет out/cli/bankclient.js). Выполните в папке проекта: npm run build:cli\n');
  });

  it('warns when a source the bundle was made from is newer than the build, and runs it', () => {
    const dir = checkout('stale');
    mkdirSync(join(dir, 'out', 'cli'), { recursive: true });
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'out', 'cli', 'bankclient.js'), "process.stdout.write('the bundle ran\\n');\n");
    writeFileSync(join(dir, 'src', 'a.ts'), '');
    writeFileSync(join(dir, 'src', 'b.ts'), '');
    writeFileSync(join(dir, 'out', 'cli', 'inputs.json'), JSON.stringify(['src/a.ts', 'src/b.ts', 'src/deleted.ts']));
    const built = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'out', 'cli', 'inputs.json'), built, built);
    for (const f of ['a.ts', 'b.ts']) utimesSync(join(dir, 'src', f), new Date(built.getTime() - 60_000), new Date(built.getTime() - 60_000));
    const current = run(dir, 'C');
    expect([current.status, current.stdout, current.stderr]).toEqual([0, 'the bundle ran\n', '']);

    utimesSync(join(dir, 'src', 'b.ts'), new Date(), new Date()); // edited after the build
    const stale = run(dir, 'C');
    expect([stale.status, stale.stdout]).toEqual([0, 'the bundle ran\n']);
    expect(stale.stderr).toBe('bankclient: src/b.ts changed after the build; this runs the previous version. Rebuild: npm run build:cli\n');
    expect(run(dir, 'ru_RU.UTF-8').stderr).toBe('bankclient: src/b.ts изменён после сборки, работает прежняя версия. Пересоберите: npm run build:cli\n');
  });
});
