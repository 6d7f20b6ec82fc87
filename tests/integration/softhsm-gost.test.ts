/**
 * The GOST software token against OpenSSL's GOST engine: a key pair generated on SoftHSM2 (built
 * with GOST by scripts/build-softhsm-gost.sh), a raw CKM_GOSTR3410 signature over a Streebog-256
 * digest OpenSSL computed, and OpenSSL verifying it with the public key the token gave. Real
 * module, real pkcs11js, real engine; without them this file fails (with what to run), never skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pkcs11 from 'pkcs11js';
import { afterAll, describe, expect, it } from 'vitest';
import { bitString, octetString, oid, sequence } from '../../src/crypto/der.ts';
import { GOST, gostOffers } from '../../src/crypto/pkcs11/gost-mechanisms.ts';
import { opensslGostVerdict } from '../helpers/gost-openssl.ts';
import { opensslStatus } from '../helpers/openssl.ts';
import { GostSoftHsm, type GostTestToken, slotByLabel } from '../helpers/softhsm-gost.ts';

const CRYPTOPRO_A = '1.2.643.2.2.35.1';
const STREEBOG_256 = '1.2.643.7.1.1.2.2';
const GOST2012_256_KEY = '1.2.643.7.1.1.1.1';

let hsm: GostSoftHsm;
let token: GostTestToken;
let loaded: pkcs11.PKCS11 | undefined;
let session: Buffer;

/**
 * Opens the token on first use, inside each test rather than in beforeAll: a machine without the
 * GOST module or engine then shows every test failed with what to run, not skipped.
 */
function ready(): pkcs11.PKCS11 {
  if (loaded) return loaded;
  hsm = new GostSoftHsm('gost'); // throws "run scripts/setup-debian.sh" when the module or engine is missing
  token = hsm.initTestToken('GostSigner');
  const l = new pkcs11.PKCS11();
  l.load(hsm.module);
  l.C_Initialize({ flags: pkcs11.CKF_OS_LOCKING_OK });
  session = l.C_OpenSession(slotByLabel(l, token.label), pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
  l.C_Login(session, pkcs11.CKU_USER, token.pin);
  loaded = l;
  return l;
}
afterAll(() => {
  loaded?.C_Finalize();
  hsm?.cleanup();
});

function generateGostKeyPair(lib: pkcs11.PKCS11, id: Buffer): { publicKey: Buffer; privateKey: Buffer } {
  return lib.C_GenerateKeyPair(
    session,
    { mechanism: GOST.CKM_GOSTR3410_KEY_PAIR_GEN.value },
    [
      { type: pkcs11.CKA_TOKEN, value: true },
      { type: pkcs11.CKA_ID, value: id },
      { type: pkcs11.CKA_VERIFY, value: true },
      // SoftHSM generates on CryptoPro-A only; the hash parameter is the Streebog-256 OID of a 2012 key
      { type: GOST.CKA_GOSTR3410_PARAMS.value, value: oid(CRYPTOPRO_A) },
      { type: GOST.CKA_GOSTR3411_PARAMS.value, value: oid(STREEBOG_256) },
    ],
    [
      { type: pkcs11.CKA_TOKEN, value: true },
      { type: pkcs11.CKA_ID, value: id },
      { type: pkcs11.CKA_PRIVATE, value: true },
      { type: pkcs11.CKA_SIGN, value: true },
      { type: pkcs11.CKA_SENSITIVE, value: true },
      { type: pkcs11.CKA_EXTRACTABLE, value: false },
    ],
  );
}

/** RFC 9215 SubjectPublicKeyInfo of a 2012-256 key: the 64 bytes of CKA_VALUE as an OCTET STRING in the BIT STRING. */
function gost2012_256Spki(value: Buffer): Buffer {
  return sequence(sequence(oid(GOST2012_256_KEY), sequence(oid(CRYPTOPRO_A), oid(STREEBOG_256))), bitString(octetString(value)));
}

function pem(der: Buffer): string {
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;
}

describe('SoftHSM2 with GOST, through pkcs11js', () => {
  it('lists the GOST mechanisms, and gostOffers says 2012-256 (raw signing) and not 512', () => {
    const lib = ready();
    const mechanisms = lib.C_GetMechanismList(slotByLabel(lib, token.label));
    for (const name of ['CKM_GOSTR3410_KEY_PAIR_GEN', 'CKM_GOSTR3410', 'CKM_GOSTR3410_WITH_GOSTR3411', 'CKM_GOSTR3411'] as const) {
      expect(mechanisms, name).toContain(GOST[name].value);
    }
    expect(gostOffers(mechanisms)).toEqual([{ algorithm: 'gost2012-256', keyType: GOST.CKK_GOSTR3410.value, keyPairGen: 0x1200, signRaw: 0x1201 }]);
    // pkcs11-tool, an independent reader, names them the same way
    expect(hsm.pkcs11Tool(['--list-mechanisms'])).toMatch(/GOSTR3410-KEY-PAIR-GEN[\s\S]*GOSTR3410-WITH-GOSTR3411/);
  });

  it('generates a non-extractable key pair whose raw CKM_GOSTR3410 signature OpenSSL verifies as GOST R 34.10-2012-256', () => {
    const lib = ready();
    const id = randomBytes(8);
    const { publicKey, privateKey } = generateGostKeyPair(lib, id);
    const [keyType, sensitive, extractable, neverExtractable, params] = lib.C_GetAttributeValue(session, privateKey, [
      { type: pkcs11.CKA_KEY_TYPE },
      { type: pkcs11.CKA_SENSITIVE },
      { type: pkcs11.CKA_EXTRACTABLE },
      { type: pkcs11.CKA_NEVER_EXTRACTABLE },
      { type: GOST.CKA_GOSTR3410_PARAMS.value },
    ]).map((a) => a.value as Buffer);
    expect(Number(keyType!.readBigUInt64LE(0))).toBe(GOST.CKK_GOSTR3410.value); // CK_ULONG: 8 bytes on 64-bit Linux
    expect([sensitive![0], extractable![0], neverExtractable![0]]).toEqual([1, 0, 1]);
    expect(params).toEqual(oid(CRYPTOPRO_A));
    // the private value stays on the token
    expect(() => lib.C_GetAttributeValue(session, privateKey, [{ type: pkcs11.CKA_VALUE }])).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);

    const value = lib.C_GetAttributeValue(session, publicKey, [{ type: pkcs11.CKA_VALUE }])[0]!.value as Buffer;
    expect(value.length).toBe(64);

    const dir = hsm.dir;
    const message = join(dir, 'message.txt');
    writeFileSync(message, 'Платёжное поручение № 1 на 1 000,00 руб.\n');
    const digest = execFileSync('openssl', ['dgst', '-engine', 'gost', '-md_gost12_256', '-binary', message], { stdio: ['ignore', 'pipe', 'ignore'] });
    expect(digest.length).toBe(32);

    lib.C_SignInit(session, { mechanism: GOST.CKM_GOSTR3410.value }, privateKey);
    const signature = lib.C_Sign(session, digest, Buffer.alloc(64));
    expect(signature.length).toBe(64);

    const files = { key: join(dir, 'gost-pub.pem'), digest: join(dir, 'digest.bin'), sig: join(dir, 'sig.bin'), bad: join(dir, 'bad.bin') };
    writeFileSync(files.key, pem(gost2012_256Spki(value)));
    writeFileSync(files.digest, digest);
    writeFileSync(files.sig, signature);
    const tampered = Buffer.from(signature);
    tampered[10]! ^= 0x01;
    writeFileSync(files.bad, tampered);

    // OpenSSL reads the key as a 2012-256 key on CryptoPro-A, with X and Y the little-endian halves of CKA_VALUE...
    expect(opensslStatus(['asn1parse', '-in', files.key]).out).toMatch(/GOST R 34\.10-2012 with 256 bit modulus[\s\S]*id-GostR3410-2001-CryptoPro-A-ParamSet[\s\S]*GOST R 34\.11-2012 with 256 bit hash/);
    const text = opensslStatus(['pkey', '-engine', 'gost', '-pubin', '-in', files.key, '-noout', '-text']);
    expect(text.status).toBe(0);
    expect(text.out).toMatch(/Parameter set: id-GostR3410-2001-CryptoPro-A-ParamSet/);
    const bigEndian = (half: Buffer) => Buffer.from(half).reverse().toString('hex').toUpperCase().replace(/^0+/, '');
    expect(text.out).toContain(`X:${bigEndian(value.subarray(0, 32))}`);
    expect(text.out).toContain(`Y:${bigEndian(value.subarray(32))}`);
    // ...verifies the token's signature as it came from C_Sign, and refuses it with one bit changed
    expect(opensslGostVerdict(files.key, files.digest, files.sig)).toMatchObject({ verdict: 'verified' });
    expect(opensslGostVerdict(files.key, files.digest, files.bad)).toMatchObject({ verdict: 'failure' });
  });

  it('needs OPENSSL_ENGINES in a Node process whose OpenSSL is bundled (the trap the helper sets it for)', () => {
    ready();
    // A child Node process generating a session key on the same token: with the helper's env it
    // works; without OPENSSL_ENGINES, Node's bundled OpenSSL finds no GOST engine.
    const pkcs11js = createRequire(import.meta.url).resolve('pkcs11js');
    const script = `
      const p = require(${JSON.stringify(pkcs11js)});
      const lib = new p.PKCS11(); lib.load(${JSON.stringify(hsm.module)}); lib.C_Initialize();
      const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === ${JSON.stringify(token.label)});
      const s = lib.C_OpenSession(slot, p.CKF_SERIAL_SESSION | p.CKF_RW_SESSION);
      lib.C_Login(s, p.CKU_USER, ${JSON.stringify(token.pin)});
      try {
        lib.C_GenerateKeyPair(s, { mechanism: 0x1200 },
          [{ type: p.CKA_GOSTR3410_PARAMS, value: Buffer.from(${JSON.stringify(oid(CRYPTOPRO_A).toString('hex'))}, 'hex') },
           { type: p.CKA_GOSTR3411_PARAMS, value: Buffer.from(${JSON.stringify(oid(STREEBOG_256).toString('hex'))}, 'hex') }],
          [{ type: p.CKA_SIGN, value: true }]);
        console.log('generated');
      } catch (e) { console.log(e.message); }
      lib.C_Finalize();`;
    const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }).stdout.trim();
    expect(run(hsm.env)).toBe('generated');
    const withoutEngines = { ...hsm.env };
    delete withoutEngines.OPENSSL_ENGINES;
    const bundled = !(process.config.variables as { node_shared_openssl?: boolean }).node_shared_openssl;
    expect(run(withoutEngines)).toMatch(bundled ? /CKR_GENERAL_ERROR/ : /generated/);
  });
});
