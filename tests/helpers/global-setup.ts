/**
 * Vitest's global setup: the tests spawn the built programs (bin/bankclient.mjs runs
 * out/cli/bankclient.js; the sandbox bank and `npm start`'s program run from out/cli/ too), so
 * they must be built from the sources under test. Rebuilt only when missing or older than a
 * source it was made from (esbuild: well under a second).
 */
import { buildCli, staleReason } from '../../scripts/build-cli.ts';

export default async function setup(): Promise<void> {
  const why = staleReason();
  if (why) await buildCli();
}
