import { parseArgs } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CaSetupError } from './ca.ts';
import { startSandbox, type RunningSandbox } from './server.ts';
import { seededEnrolmentCodes } from './admin-api.ts';

/**
 * `npm run sandbox -- --port 0 --data-dir DIR [--ca-algorithm gost2012-256]`: prints one JSON line
 * with the URLs, then serves until stopped. The CA algorithm may also come from SANDBOX_CA_ALGORITHM
 * (the flag wins); it applies to a new data folder, and an existing one must match it.
 */
const USAGE = `npm run sandbox -- [--port N] [--admin-port N] [--data-dir DIR] [--ca-algorithm A]
  --port, --admin-port  where the bank API and the officer's admin API listen (0: any free port)
  --data-dir            the bank's folder (keys, SQLite); a new temporary one when left out
  --ca-algorithm        the CA's key for a new folder: ec-p256 (default), gost2012-256[:set],
                        gost2012-512[:set] (also SANDBOX_CA_ALGORITHM); src/sandbox/README.md has the rest
Prints one JSON line (url, adminUrl, adminSecretFile, dataDir, caAlgorithm, and enrolmentCodes: the
demo people's one-time enrolment codes, {name, role, code, used}), writes the same to DATA_DIR/sandbox.json
(what \`npm run sandbox-officer -- --data-dir DIR\` reads), then serves until stopped. The officer's
commands (approve, refuse, revoke, clock, codes): npm run sandbox-officer -- --help.
`;
let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'admin-port': { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'ca-algorithm': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}
try {
  parsed = parse();
} catch (e) {
  // an unknown option: say which and how to call it, no stack
  process.stderr.write(`sandbox: ${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
// a relative --data-dir is where the user typed it (npm run starts us in the package's folder; INIT_CWD is theirs)
const dataDir = values['data-dir'] ? resolve(process.env.INIT_CWD ?? process.cwd(), values['data-dir']) : mkdtempSync(join(tmpdir(), 'sandbox-bank-'));
const caAlgorithm = values['ca-algorithm'] ?? (process.env.SANDBOX_CA_ALGORITHM || undefined);
let bank: RunningSandbox;
try {
  bank = await startSandbox({ dataDir, port: Number(values.port), adminPort: Number(values['admin-port']), ...(caAlgorithm ? { caAlgorithm } : {}) });
} catch (e) {
  // a wrong --ca-algorithm or a data folder of another algorithm: the message says which, no stack
  if (!(e instanceof CaSetupError)) throw e;
  process.stderr.write(`sandbox: ${e.message}\n`);
  process.exit(2);
}
const started = { url: bank.url, adminUrl: bank.adminUrl, adminSecretFile: join(dataDir, 'admin-secret'), dataDir, caAlgorithm: bank.ca.algorithm, enrolmentCodes: seededEnrolmentCodes(bank.db) };
// where the officer's command finds this bank (the codes stay out of the file: the officer asks the bank)
writeFileSync(join(dataDir, 'sandbox.json'), `${JSON.stringify({ url: started.url, adminUrl: started.adminUrl, adminSecretFile: started.adminSecretFile }, null, 2)}\n`, { mode: 0o600 });
process.stdout.write(`${JSON.stringify(started)}\n`);
const stop = (): void => void bank.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
