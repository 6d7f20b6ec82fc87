import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resultTable, runConformance } from './suite.ts';

/**
 * npm run conformance -- --url URL [--admin-url URL (--admin-secret S | --admin-secret-file F)]
 *   [--company-name N --company-inn INN --company-ogrn OGRN] [--gost-softhsm DIR] [--json]
 * Exit code 0 only when no step failed. Steps needing the bank's side are "not run" without the admin API.
 * --gost-softhsm names a SoftHSM2 built with GOST (scripts/build-softhsm-gost.sh's folder): the GOST
 * step runs on its tokens; without it that step is "not run", and given but unusable it fails.
 */
const USAGE = `npm run conformance -- --url URL [--admin-url URL (--admin-secret S | --admin-secret-file F)]
    [--company-name N --company-inn INN --company-ogrn OGRN] [--gost-softhsm DIR] [--json]
  --url                the bank API under test
  --admin-url, --admin-secret(-file)  the bank's officer API: without it, steps needing the bank's side are "not run"
  --gost-softhsm DIR   a SoftHSM2 built with GOST (scripts/build-softhsm-gost.sh's folder) for the GOST step
  --json               the results as JSON
Exit code 0 only when no step failed.
`;
function parse() {
  return parseArgs({
    options: {
      url: { type: 'string' },
      'admin-url': { type: 'string' },
      'admin-secret': { type: 'string' },
      'admin-secret-file': { type: 'string' },
      'company-name': { type: 'string', default: 'ООО «Конформ»' },
      'company-inn': { type: 'string', default: '7707083893' },
      'company-ogrn': { type: 'string', default: '1027700132195' },
      'gost-softhsm': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}
let parsed: ReturnType<typeof parse>;
try {
  parsed = parse();
} catch (e) {
  process.stderr.write(`conformance: ${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!values.url) {
  process.stderr.write('conformance: --url of the bank API is required (e.g. http://127.0.0.1:8443)\n');
  process.exit(2);
}
const secret = values['admin-secret'] ?? (values['admin-secret-file'] ? readFileSync(values['admin-secret-file'], 'utf8').trim() : undefined);
const results = await runConformance({
  url: values.url.replace(/\/$/, ''),
  admin: values['admin-url'] && secret ? { url: values['admin-url'].replace(/\/$/, ''), secret } : undefined,
  company: { name: values['company-name']!, inn: values['company-inn']!, ogrn: values['company-ogrn']! },
  ...(values['gost-softhsm'] ? { gostSoftHsm: values['gost-softhsm'] } : {}),
  log: values.json ? undefined : (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : `${resultTable(results)}\n`);
process.exitCode = results.some((r) => r.outcome === 'fail') ? 1 : 0;
