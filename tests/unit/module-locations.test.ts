import { describe, expect, it } from 'vitest';
import { KNOWN_MODULES, resolveModule } from '../../src/crypto/pkcs11/module-locations.ts';

const only = (...present: string[]) => (p: string) => present.includes(p);

describe('choosing the PKCS#11 module', () => {
  it('takes --module first, then PKCS11_MODULE, then the first known module present', () => {
    const exists = only('/a.so', '/b.so', '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so');
    expect(resolveModule('/a.so', { PKCS11_MODULE: '/b.so' }, 'linux', exists)).toMatchObject({ path: '/a.so', source: '--module' });
    expect(resolveModule(undefined, { PKCS11_MODULE: '/b.so' }, 'linux', exists)).toMatchObject({ path: '/b.so', source: 'PKCS11_MODULE' });
    expect(resolveModule(undefined, {}, 'linux', exists)).toMatchObject({ path: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', source: 'OpenSC', staticSlots: false });
  });

  it('does not fall back when the module the user named is missing', () => {
    expect(() => resolveModule('/missing.so', {}, 'linux', only('/usr/lib/softhsm/libsofthsm2.so'))).toThrow('The PKCS#11 module /missing.so (from --module) does not exist.');
  });

  it('names every place it looked when no module is found', () => {
    let message = '';
    try {
      resolveModule(undefined, {}, 'win32', only());
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^No PKCS#11 module found\. Looked in: /);
    for (const m of KNOWN_MODULES) for (const p of m.paths.win32 ?? []) expect(message).toContain(p);
    expect(message).toContain('--module or PKCS11_MODULE');
  });

  it('marks SoftHSM2 as a module whose token list is fixed at C_Initialize', () => {
    expect(resolveModule(undefined, {}, 'linux', only('/usr/lib/softhsm/libsofthsm2.so')).staticSlots).toBe(true);
    expect(resolveModule('/opt/custom/libsofthsm2.so', {}, 'linux', only('/opt/custom/libsofthsm2.so')).staticSlots).toBe(true);
  });

  it('knows modules for Linux, macOS and Windows, including the Russian tokens', () => {
    for (const os of ['linux', 'darwin', 'win32'] as const) expect(KNOWN_MODULES.filter((m) => m.paths[os]?.length).length).toBeGreaterThan(3);
    expect(KNOWN_MODULES.map((m) => m.name)).toEqual(expect.arrayContaining(['SoftHSM2', 'OpenSC', 'Rutoken', 'JaCarta']));
  });
});
