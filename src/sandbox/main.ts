import { parseArgs } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from './server.ts';

/** `npm run sandbox -- --port 0 --data-dir DIR`: prints one JSON line with the URLs, then serves until stopped. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'admin-port': { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
  },
  strict: true,
});
const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'sandbox-bank-'));
const bank = await startSandbox({ dataDir, port: Number(values.port), adminPort: Number(values['admin-port']) });
process.stdout.write(`${JSON.stringify({ url: bank.url, adminUrl: bank.adminUrl, adminSecretFile: join(dataDir, 'admin-secret'), dataDir })}\n`);
const stop = (): void => void bank.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
