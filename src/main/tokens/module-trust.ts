/**
 * Which library the app may load as a PKCS#11 module when the page names it (Settings, "add a
 * path"). Loading a library runs its code in the main process before anything can check it, so a
 * page (or someone with the browser host's address) must not be able to name a file it could
 * have put there itself, e.g. a download. A module from the page is taken when it is one of the
 * known install locations, or installed the way vendors' drivers are: on Linux and macOS owned
 * by root, with its folder, and writable by no one else; on Windows under Program Files or the
 * Windows folder. A module of the user's own build is configured with --module or PKCS11_MODULE.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { KNOWN_MODULES } from '../../crypto/pkcs11/module-locations.ts';

/** Why a path is not taken, or undefined when it is. */
export function untrustedModuleReason(path: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): 'relative' | 'not-installed' | undefined {
  if (!isAbsolute(path)) return 'relative';
  if (KNOWN_MODULES.some((m) => (m.paths[platform] ?? []).includes(path))) return undefined;
  if (platform === 'win32') {
    const roots = [env.ProgramFiles, env['ProgramFiles(x86)'], env.SystemRoot].filter((r): r is string => !!r).map((r) => resolve(r).toLowerCase() + sep);
    return roots.some((r) => resolve(path).toLowerCase().startsWith(r)) ? undefined : 'not-installed';
  }
  for (const p of [path, dirname(path)]) {
    let st;
    try {
      st = statSync(p);
    } catch {
      return 'not-installed';
    }
    // owned by root and writable by no group or other user
    if (st.uid !== 0 || (st.mode & 0o022) !== 0) return 'not-installed';
  }
  return undefined;
}
