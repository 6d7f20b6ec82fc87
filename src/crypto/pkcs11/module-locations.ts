import { existsSync } from 'node:fs';
import { TokenError } from './errors.ts';

/**
 * Well-known PKCS#11 modules by platform, most common first: software tokens for tests, OpenSC,
 * and the tokens Russian banks hand out (Rutoken, JaCarta, ESMART) plus SafeNet and Yubico.
 * `staticSlots` marks modules that fix their token list at C_Initialize (SoftHSM2): to notice a
 * new token the watcher must re-initialise them while no session is open.
 */
export interface KnownModule {
  name: string;
  paths: Partial<Record<NodeJS.Platform, string[]>>;
  staticSlots?: boolean;
}

export const KNOWN_MODULES: KnownModule[] = [
  {
    name: 'SoftHSM2',
    staticSlots: true,
    paths: {
      linux: [
        '/usr/lib/softhsm/libsofthsm2.so',
        '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
        '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
        '/usr/lib64/pkcs11/libsofthsm2.so',
        '/usr/local/lib/softhsm/libsofthsm2.so',
      ],
      darwin: ['/opt/homebrew/lib/softhsm/libsofthsm2.so', '/usr/local/lib/softhsm/libsofthsm2.so'],
      win32: ['C:\\SoftHSM2\\lib\\softhsm2-x64.dll'],
    },
  },
  {
    name: 'Rutoken',
    paths: {
      linux: ['/usr/lib/librtpkcs11ecp.so', '/usr/lib/x86_64-linux-gnu/librtpkcs11ecp.so', '/opt/aktivco/rutokenecp/amd64/librtpkcs11ecp.so'],
      darwin: ['/Library/Aktiv Co/Rutoken ECP/lib/librtpkcs11ecp.dylib', '/usr/local/lib/librtpkcs11ecp.dylib'],
      win32: ['C:\\Windows\\System32\\rtPKCS11ECP.dll'],
    },
  },
  {
    name: 'JaCarta',
    paths: {
      linux: ['/usr/lib/libjcPKCS11-2.so', '/usr/lib/x86_64-linux-gnu/libjcPKCS11-2.so'],
      darwin: ['/Library/Frameworks/jcPKCS11.framework/jcPKCS11', '/usr/local/lib/libjcPKCS11-2.dylib'],
      win32: ['C:\\Windows\\System32\\jcPKCS11-2.dll'],
    },
  },
  {
    name: 'ESMART',
    paths: {
      linux: ['/usr/lib/libesmart_pkcs11.so'],
      win32: ['C:\\Windows\\System32\\esmart_pkcs11.dll'],
    },
  },
  {
    name: 'SafeNet eToken',
    paths: {
      linux: ['/usr/lib/libeTPkcs11.so', '/usr/lib/libeToken.so'],
      darwin: ['/usr/local/lib/libeTPkcs11.dylib'],
      win32: ['C:\\Windows\\System32\\eTPKCS11.dll'],
    },
  },
  {
    name: 'OpenSC',
    paths: {
      linux: [
        '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
        '/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so',
        '/usr/lib/opensc-pkcs11.so',
        '/usr/lib64/opensc-pkcs11.so',
      ],
      darwin: ['/Library/OpenSC/lib/opensc-pkcs11.so', '/opt/homebrew/lib/opensc-pkcs11.so'],
      win32: ['C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll', 'C:\\Windows\\System32\\opensc-pkcs11.dll'],
    },
  },
  {
    name: 'YubiKey (ykcs11)',
    paths: {
      linux: ['/usr/lib/x86_64-linux-gnu/libykcs11.so', '/usr/lib/libykcs11.so'],
      darwin: ['/usr/local/lib/libykcs11.dylib', '/opt/homebrew/lib/libykcs11.dylib'],
      win32: ['C:\\Program Files\\Yubico\\Yubico PIV Tool\\bin\\libykcs11.dll'],
    },
  },
];

export interface ModuleChoice {
  path: string;
  /** Where the path came from: --module, PKCS11_MODULE, or the known module's name. */
  source: string;
  staticSlots: boolean;
}

function isStatic(path: string): boolean {
  return KNOWN_MODULES.some((m) => m.staticSlots && Object.values(m.paths).flat().includes(path)) || /softhsm/i.test(path);
}

/**
 * The module to load: an explicit path (--module), then PKCS11_MODULE, then the first
 * well-known module present on this platform. An explicit path that does not exist is an
 * error, not a reason to fall back silently to another module.
 */
export function resolveModule(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): ModuleChoice {
  const given: [string | undefined, string][] = [
    [explicit, '--module'],
    [env.PKCS11_MODULE, 'PKCS11_MODULE'],
  ];
  for (const [path, source] of given) {
    if (!path) continue;
    if (!exists(path)) throw new TokenError('module.missing-file', { path, source });
    return { path, source, staticSlots: isStatic(path) };
  }
  const looked: string[] = [];
  for (const known of KNOWN_MODULES) {
    for (const path of known.paths[platform] ?? []) {
      looked.push(path);
      if (exists(path)) return { path, source: known.name, staticSlots: !!known.staticSlots };
    }
  }
  throw new TokenError('module.not-found', { places: looked.join(', ') || `(no known modules for ${platform})` });
}
