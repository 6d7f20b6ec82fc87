import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder name of the app's data, as Electron names the user-data folder after the product. */
export const APP_FOLDER = 'Bank Client';

/**
 * Where a profile's data lives: `--data-dir`, else BANKCLIENT_HOME, else the app's user-data
 * folder of the platform (the same place Electron's app.getPath('userData') gives), so the
 * desktop app, the browser host and the CLI share one profile by default.
 */
export function resolveDataDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (explicit) return explicit;
  if (env.BANKCLIENT_HOME) return env.BANKCLIENT_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER);
}
