/**
 * The sandbox bank and the conformance suite, as a newcomer first calls them: `--help` prints how
 * to call them and exits 0; an unknown option says which and how, exit 2, never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE, SANDBOX } from '../helpers/sandbox-process.ts';

const run = (program: string, args: string[]) => spawnSync(process.execPath, [program, ...args], { encoding: 'utf8', timeout: 20_000 });

describe.each([
  ['sandbox', SANDBOX, /--ca-algorithm +the CA's key/],
  ['conformance', CONFORMANCE, /--gost-softhsm DIR +a SoftHSM2 built with GOST/],
])('%s', (name, program, option) => {
  it('--help prints the usage and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = run(program, [flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^npm run ${name} -- `));
      expect(r.stdout).toMatch(option);
      expect(r.stderr).toBe('');
    }
  });

  it('an unknown option is named, with the usage, exit 2 and no stack trace', () => {
    const r = run(program, ['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${name}: Unknown option '--bogus'`));
    expect(r.stderr).toContain(`npm run ${name} -- `);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
