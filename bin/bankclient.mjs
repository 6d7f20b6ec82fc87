#!/usr/bin/env node
// The bankclient CLI: the bundle scripts/build-cli.ts makes in out/cli/ (plain JavaScript, no
// TypeScript loader, so a command starts at once). `npm ci` builds it ("prepare"), so do
// `npm run build` and `npm run build:cli`; the tests rebuild it when the sources are newer.
import { existsSync, readFileSync, statSync } from 'node:fs';

const out = new URL('../out/cli/', import.meta.url);
const bundle = new URL('bankclient.js', out);
const ru = /^ru\b|^ru[-_]/i.test(process.env.BANKCLIENT_LANG ?? process.env.LC_ALL ?? process.env.LC_MESSAGES ?? process.env.LANG ?? '');

if (!existsSync(bundle)) {
  process.stderr.write(
    ru
      ? 'bankclient: программа не собрана (нет out/cli/bankclient.js). Выполните в папке проекта: npm run build:cli\n'
      : 'bankclient: the program is not built (out/cli/bankclient.js is missing). In the project folder, run: npm run build:cli\n',
  );
  process.exit(1);
}

// A checkout changed after the build (git pull, an edit) would otherwise run the old code unnoticed.
// One stat per source, a few milliseconds; sources absent (an install without src/) are not compared.
try {
  const inputs = new URL('inputs.json', out);
  const built = statSync(inputs).mtimeMs;
  const root = new URL('../', import.meta.url);
  const newer = JSON.parse(readFileSync(inputs, 'utf8')).find((f) => (statSync(new URL(f, root), { throwIfNoEntry: false })?.mtimeMs ?? 0) > built);
  if (newer)
    process.stderr.write(
      ru
        ? `bankclient: ${newer} изменён после сборки, работает прежняя версия. Пересоберите: npm run build:cli\n`
        : `bankclient: ${newer} changed after the build; this runs the previous version. Rebuild: npm run build:cli\n`,
    );
} catch {
  // no inputs.json: nothing to compare with
}

if (process.env.BANKCLIENT_DEBUG) process.setSourceMapsEnabled(true); // stack traces point into src/
await import(bundle.href);
