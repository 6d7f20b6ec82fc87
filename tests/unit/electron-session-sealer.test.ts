/**
 * The bank session's token sealed with Electron's safeStorage (electron mocked: a stand-in key
 * store per "machine and user", AES-GCM under a key that never leaves it). The row in the
 * profile's SQLite holds no token, reading it back gives the token; a profile copied to another
 * machine or user reads as no session (and is cleared), never a crash; Linux's basic_text
 * backend and an unavailable key store fall back to the plain profile; main.ts seals the
 * profile it opens.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { currentSession, PLAIN_SEALER, saveSession, useSessionSealer, type StoredSession } from '../../src/main/bank/session.ts';
import { Client } from '../../src/main/client.ts';
import { chooseSessionSealer, OS_SCHEME, type SealerStorage } from '../../src/main/electron/session-sealer.ts';
import { DATABASE_FILE } from '../../src/main/store/database.ts';
import { getSetting } from '../../src/main/store/settings.ts';

/** A key store of one machine and user: what it sealed only it opens (as DPAPI, the Keychain or libsecret). */
function keyStore(backend: ReturnType<SealerStorage['getSelectedStorageBackend']> = 'gnome_libsecret', available = true): SealerStorage {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString: (sealed) => {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const TOKEN = 'sess_4f2c9a7e1b3d5f60a8c2e4b6d8f0a1c3';
const session = (): StoredSession => ({
  token: TOKEN,
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  certificateSerial: '0a1b2c',
  user: { id: 'u1', name: 'Иванов Иван Иванович', role: 'first-signature', company: { id: 'c1', name: 'ООО «Ромашка»', inn: '7707083893' } },
} as StoredSession);

const profile = (): string => mkdtempSync(join(tmpdir(), 'bc-sealer-'));
const open = (dir: string, storage?: SealerStorage): Client => {
  const client = new Client({ dataDir: dir, env: {}, actor: 'test' });
  if (storage) useSessionSealer(client.db, chooseSessionSealer(storage, 'linux').sealer);
  return client;
};
/** Every byte SQLite keeps of the profile (the file and its write-ahead log). */
const onDisk = (dir: string): Buffer => Buffer.concat(['', '-wal'].map((suffix) => {
  try {
    return readFileSync(join(dir, `${DATABASE_FILE}${suffix}`));
  } catch {
    return Buffer.alloc(0);
  }
}));

describe('the session sealed with safeStorage', () => {
  it('keeps no token in the SQLite row (nor anywhere in the file), and reads it back', () => {
    const dir = profile();
    const storage = keyStore();
    const client = open(dir, storage);
    saveSession(client.db, session());
    const row = getSetting(client.db, 'bank.session')!;
    expect(row).not.toContain(TOKEN);
    expect(JSON.parse(row)).toMatchObject({ sealed: { scheme: OS_SCHEME, text: expect.any(String) }, certificateSerial: '0a1b2c' });
    expect(JSON.parse(row)).not.toHaveProperty('token');
    expect(currentSession(client.db)?.token).toBe(TOKEN);
    expect(onDisk(dir).includes(Buffer.from(TOKEN))).toBe(false);
    client.close();
    // the same machine and user, the app started again
    const again = open(dir, storage);
    expect(currentSession(again.db)?.token).toBe(TOKEN);
    again.close();
  });

  it('a profile copied to another machine or user reads as no session: cleared, recorded, no crash', () => {
    const dir = profile();
    const here = open(dir, keyStore());
    saveSession(here.db, session());
    here.close();
    const copy = join(profile(), 'copied');
    cpSync(dir, copy, { recursive: true });

    const elsewhere = open(copy, keyStore());
    expect(currentSession(elsewhere.db)).toBeUndefined();
    expect(getSetting(elsewhere.db, 'bank.session')).toBeUndefined(); // a clear "logged out"
    const audit = elsewhere.db.prepare("SELECT actor, details FROM audit WHERE action = 'session.unreadable'").all() as { details: string }[];
    expect(audit).toHaveLength(1);
    elsewhere.close();

    // the CLI (plain storage) over the app's profile: no session either, rather than the sealed text sent as a token
    const cliCopy = join(profile(), 'cli');
    cpSync(dir, cliCopy, { recursive: true });
    const cli = open(cliCopy);
    expect(currentSession(cli.db)).toBeUndefined();
    cli.close();
  });

  it('a plain token left by the CLI is not taken up by the app (the app keeps only what it sealed)', () => {
    const dir = profile();
    const cli = open(dir);
    saveSession(cli.db, session());
    expect(JSON.parse(getSetting(cli.db, 'bank.session')!)).toMatchObject({ token: TOKEN }); // the CLI's format, unchanged
    cli.close();
    const app = open(dir, keyStore());
    expect(currentSession(app.db)).toBeUndefined();
    app.close();
  });

  it('falls back to the plain profile where safeStorage gives no real protection', () => {
    expect(chooseSessionSealer(keyStore('basic_text'), 'linux')).toMatchObject({ protection: 'none', why: 'basic-text', sealer: PLAIN_SEALER });
    expect(chooseSessionSealer(keyStore('unknown'), 'linux')).toMatchObject({ protection: 'none', why: 'basic-text' });
    expect(chooseSessionSealer(keyStore('gnome_libsecret', false), 'win32')).toMatchObject({ protection: 'none', why: 'unavailable' });
    // the Linux backend means nothing on Windows and macOS
    expect(chooseSessionSealer(keyStore('unknown'), 'win32')).toMatchObject({ protection: 'os' });
    expect(chooseSessionSealer(keyStore('kwallet5'), 'linux')).toMatchObject({ protection: 'os' });
  });
});

// main.ts with electron mocked: it seals the profile it opens with safeStorage
const electron = vi.hoisted(() => ({
  storage: undefined as unknown as SealerStorage,
  handle: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
}));
vi.mock('../../src/main/demo/index.ts', () => ({ prepareDemo: async () => undefined }));
vi.mock('electron', () => {
  const noop = () => undefined;
  const contents = { on: noop, once: noop, send: noop };
  class BrowserWindow {
    static getFocusedWindow = () => null;
    webContents = contents;
    once = noop;
    on = noop;
    loadURL = () => Promise.resolve();
  }
  const ses = { setPermissionRequestHandler: noop, setPermissionCheckHandler: noop, setDevicePermissionHandler: noop, protocol: { handle: noop } };
  return {
    app: { requestSingleInstanceLock: () => true, enableSandbox: noop, quit: noop, exit: noop, on: noop, whenReady: () => Promise.resolve(), getLocale: () => 'en-GB', getPath: () => '' },
    ipcMain: { handle: (name: string, listener: (event: unknown, input: unknown) => Promise<unknown>) => void electron.handle.set(name, listener) },
    session: { defaultSession: ses },
    protocol: { registerSchemesAsPrivileged: noop },
    dialog: { showMessageBox: () => Promise.resolve({ response: 1 }) },
    shell: { openExternal: () => Promise.resolve() },
    safeStorage: new Proxy({}, { get: (_t, name: keyof SealerStorage) => electron.storage[name] }),
    BrowserWindow,
  };
});

describe('the Electron main process', () => {
  const fromPage = { senderFrame: { url: 'app://bank-client/index.html', parent: null } };

  async function startMain(dir: string): Promise<void> {
    process.env.BANKCLIENT_HOME = dir;
    electron.handle.clear();
    vi.resetModules();
    await import('../../src/main/electron/main.ts');
    await new Promise((resolve) => setImmediate(resolve));
  }

  it('opens the profile with the safeStorage sealer: a session it sealed is logged in', async () => {
    const dir = profile();
    electron.storage = keyStore();
    const before = open(dir, electron.storage);
    saveSession(before.db, session());
    before.close();
    await startMain(dir);
    await expect(electron.handle.get('bank:tokens.session')!(fromPage, {})).resolves.toMatchObject({ ok: true, value: { loggedIn: true, name: 'Иванов Иван Иванович' } });
  });

  it('on Linux with only basic_text, keeps the plain profile and says so on stderr', async () => {
    const dir = profile();
    electron.storage = keyStore('basic_text');
    const cli = open(dir);
    saveSession(cli.db, session());
    cli.close();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'linux' });
    try {
      await startMain(dir);
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/unencrypted in the profile/));
    warn.mockRestore();
    await expect(electron.handle.get('bank:tokens.session')!(fromPage, {})).resolves.toMatchObject({ ok: true, value: { loggedIn: true } });
  });
});
