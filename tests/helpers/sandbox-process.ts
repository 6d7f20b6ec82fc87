import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built programs (scripts/build-cli.ts; the tests' global setup builds them from the current sources). */
export const SANDBOX = join(ROOT, 'out', 'cli', 'sandbox.js');
export const CONFORMANCE = join(ROOT, 'out', 'cli', 'conformance.js');

export interface SandboxProcess {
  child: ChildProcess;
  url: string;
  adminUrl: string;
  adminSecretFile: string;
  adminSecret: string;
  /** The demo people's one-time enrolment codes, as the start line gives them. */
  enrolmentCodes?: { name: string; role: string; code: string; used: boolean }[];
}

/**
 * The sandbox bank as its own process, as `npm run sandbox` runs it: node with the built
 * out/cli/sandbox.js, no wrapper process in between (a SIGKILL hits the bank itself).
 */
export function spawnSandbox(dataDir: string, args: readonly string[] = []): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [SANDBOX, '--data-dir', dataDir, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        const info = JSON.parse(line) as { url: string; adminUrl: string; adminSecretFile: string; enrolmentCodes?: SandboxProcess['enrolmentCodes'] };
        resolve({ child, ...info, adminSecret: readFileSync(info.adminSecretFile, 'utf8').trim() });
      }
    });
  });
}

export function kill(p: SandboxProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    p.child.removeAllListeners('exit');
    p.child.once('exit', () => resolve());
    p.child.kill(signal);
  });
}
