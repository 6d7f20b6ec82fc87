/**
 * The packaging config (electron-builder.yml) against electron-builder's own schema
 * (node_modules/app-builder-lib/scheme.json, with the ajv electron-builder itself uses), and what it must say:
 * fuses, native modules unpacked, targets, hardened runtime and its entitlements, icons.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { drawIcon, encodePng, ICONS } from '../../scripts/package-icons.ts';

const ROOT = join(import.meta.dirname, '../..');
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));

type Config = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  mac: Record<string, unknown>;
  win: Record<string, unknown>;
  linux: Record<string, unknown>;
};
const config = () => parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;

interface AjvError {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}
/** A validator of scheme.json: ajv 8 as app-builder-lib configures it, but without type coercion (stricter). */
function schemaValidator(): (data: unknown) => AjvError[] {
  const Ajv = (requireFromBuilder('ajv') as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: AjvError[] | null } } }).default;
  const scheme = JSON.parse(readFileSync(join(requireFromBuilder.resolve('app-builder-lib/package.json'), '..', 'scheme.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(scheme);
  return (data) => (validate(data) ? [] : (validate.errors ?? []));
}

describe('electron-builder.yml', () => {
  const validate = schemaValidator();

  it("matches electron-builder's schema", () => {
    const errors = validate(config());
    expect(errors, JSON.stringify(errors, null, 1)).toEqual([]);
  });

  it('fails the schema with a broken key or value (so the check above can fail)', () => {
    const misspelt = config();
    misspelt.electronFuses = { ...misspelt.electronFuses, runAsNod: false };
    expect(validate(misspelt).map((e) => e.params.additionalProperty)).toContain('runAsNod');

    const unknownTop = { ...config(), appID: 'x' };
    expect(validate(unknownTop).map((e) => e.params.additionalProperty)).toContain('appID');

    const wrongType = { ...config(), asar: 'yes' };
    expect(validate(wrongType).some((e) => e.instancePath === '/asar')).toBe(true);
  });

  it('flips the fuses', () => {
    expect(config().electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the built app in an asar, with the native addons unpacked, and rebuilds them for Electron', () => {
    const c = config();
    expect(c.appId).toBe('ru.bankclient.desktop');
    expect(c.productName).toBe('Bank Client');
    expect(c.files.filter((f) => !f.startsWith('!'))).toEqual(['out/**', 'package.json']);
    expect(c.asar).toBe(true);
    const { minimatch } = requireFromBuilder('minimatch') as { minimatch: (path: string, pattern: string) => boolean };
    for (const addon of ['node_modules/pkcs11js/build/Release/pkcs11.node', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']) {
      expect(c.asarUnpack.some((pattern) => minimatch(addon, pattern)), addon).toBe(true);
    }
    expect(c.npmRebuild).toBe(true); // the integration test turns it off, real builds must not
    expect(c.publish).toBeNull();
  });

  it('builds nsis for Windows, a dmg with the hardened runtime for macOS, AppImage and deb for Linux', () => {
    const c = config();
    const targets = (p: Record<string, unknown>) => (p.target as Array<{ target: string }>).map((t) => t.target);
    expect(targets(c.win)).toEqual(['nsis']);
    expect(targets(c.mac)).toEqual(['dmg']);
    expect(targets(c.linux)).toEqual(['AppImage', 'deb']);
    expect(c.mac).toMatchObject({ hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist', entitlementsInherit: 'build/entitlements.mac.plist' });
    for (const icon of [c.win.icon, c.mac.icon, c.linux.icon]) expect(existsSync(join(ROOT, icon as string)), String(icon)).toBe(true);
  });
});

describe('build/entitlements.mac.plist', () => {
  const plist = readFileSync(join(ROOT, 'build/entitlements.mac.plist'), 'utf8');

  it('allows only what Electron with native modules and a vendor PKCS#11 library needs, each with its reason', () => {
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<(true|false)\/>/g)].map((m) => [m[1], m[2]]);
    expect(keys).toEqual([
      ['com.apple.security.cs.allow-jit', 'true'],
      ['com.apple.security.cs.disable-library-validation', 'true'],
    ]);
    // every key has a comment right before it
    for (const [key] of keys) expect(plist).toMatch(new RegExp(`-->\\s*<key>${key!.replaceAll('.', '\\.')}</key>`));
    expect(plist).not.toMatch(/com\.apple\.security\.app-sandbox|allow-unsigned-executable-memory|allow-dyld-environment-variables|get-task-allow|device\.(camera|audio-input)/);
  });
});

describe('icons', () => {
  /** Width and height from a PNG's IHDR. */
  const pngSize = (file: string) => {
    const png = readFileSync(join(ROOT, file));
    expect(png.subarray(1, 4).toString('latin1'), file).toBe('PNG');
    return [png.readUInt32BE(16), png.readUInt32BE(20)];
  };

  it('are PNGs of 1024x1024 (build/icon.png, for .icns and .ico) and 512x512 (the Linux set)', () => {
    expect(pngSize('build/icon.png')).toEqual([1024, 1024]);
    expect(pngSize('build/icons/512x512.png')).toEqual([512, 512]);
  });

  it('are what scripts/package-icons.ts draws', () => {
    const small = ICONS.find((i) => i.size === 512)!;
    expect(readFileSync(join(ROOT, small.file)).equals(encodePng(512, drawIcon(512)))).toBe(true);
  });
});
