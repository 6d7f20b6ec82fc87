import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TSX = `${ROOT}node_modules/.bin/tsx`;

export interface SandboxProcess {
  child: ChildProcess;
  url: string;
  adminUrl: string;
  adminSecretFile: string;
  adminSecret: string;
}

/**
 * The sandbox bank as its own process: node itself with tsx's loader, not the tsx command (which
 * runs the program in a child process, so a SIGKILL would hit the wrapper and leave the bank running).
 */
export function spawnSandbox(dataDir: string): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        const info = JSON.parse(line) as { url: string; adminUrl: string; adminSecretFile: string };
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
