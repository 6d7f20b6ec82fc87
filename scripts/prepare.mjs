// npm's "prepare" (it runs on `npm ci` and `npm install`): builds bankclient's bundle (out/cli/).
// The build needs the devDependencies (esbuild, tsx); an install without them (`npm ci
// --omit=dev`) must still succeed, so then this says what is missing and builds nothing.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ru = /^ru\b|^ru[-_]/i.test(process.env.BANKCLIENT_LANG ?? process.env.LC_ALL ?? process.env.LC_MESSAGES ?? process.env.LANG ?? '');
try {
  require.resolve('esbuild');
  require.resolve('tsx');
} catch {
  process.stderr.write(
    ru
      ? 'bankclient не собран: нет пакетов разработки (esbuild, tsx). Для сборки: npm ci, затем npm run build:cli\n'
      : 'bankclient is not built: the development packages (esbuild, tsx) are not installed. To build it: npm ci, then npm run build:cli\n',
  );
  process.exit(0);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-cli.ts'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
