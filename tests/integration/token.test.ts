import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkcs11 from 'pkcs11js';
import { Pkcs11Module, TokenSession, TokenWatcher, generateKey, listKeys, deleteKey, signDigest, type TokenInfo } from '../../src/crypto/pkcs11/index.ts';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { SoftHsm, SOFTHSM_MODULE, type TestToken } from '../helpers/softhsm.ts';

let hsm: SoftHsm;
let token: TestToken;
let mod: Pkcs11Module;

beforeAll(() => {
  hsm = new SoftHsm('token');
  token = hsm.initTestToken('Accountant', '111111', '22222222');
  hsm.initTestToken('Director', '333333', '44444444');
  mod = Pkcs11Module.open(SOFTHSM_MODULE);
});
afterAll(() => hsm.cleanup());

async function withSession<T>(fn: (s: TokenSession) => Promise<T>, query = token.serial): Promise<T> {
  const s = new TokenSession(mod, mod.findToken(query));
  try {
    return await fn(s);
  } finally {
    s.close();
  }
}

describe('module and tokens', () => {
  it('initialises once: a second open of the same module is the same instance, and a raw second C_Initialize is tolerated', () => {
    expect(Pkcs11Module.open(SOFTHSM_MODULE)).toBe(mod);
    expect(() => mod.lib.C_Initialize({ flags: pkcs11.CKF_OS_LOCKING_OK })).toThrow(/ALREADY_INITIALIZED/);
    expect(mod.listTokens().length).toBe(2); // still working
  });

  it('lists tokens with label, serial, manufacturer, model and flags, and finds them by label or serial', () => {
    const tokens = mod.listTokens();
    expect(tokens.map((t) => t.label).sort()).toEqual(['Accountant', 'Director']);
    const acc = mod.findToken('Accountant');
    expect(acc.serial).toBe(token.serial);
    expect(acc.manufacturer).toBe('SoftHSM project');
    expect(acc.model).toBe('SoftHSM v2');
    expect(acc.flags).toContain('token_initialized');
    expect(acc.flags).toContain('user_pin_initialized');
    expect(mod.findToken(token.serial).label).toBe('Accountant');
    expect(() => mod.findToken('Nobody')).toThrow(/No token with label or serial "Nobody". Tokens present: .*Accountant \(/);
  });

  it('fails with a clear message when the module path does not exist', () => {
    expect(() => Pkcs11Module.open('/nonexistent/libpkcs11.so')).toThrow('The PKCS#11 module /nonexistent/libpkcs11.so (from --module) does not exist.');
    expect(() => Pkcs11Module.open(undefined, { PKCS11_MODULE: '/nope.so' })).toThrow(/nope\.so \(from PKCS11_MODULE\)/);
  });
});

describe('PIN', () => {
  it('reports the PIN state before and after a wrong PIN, then logs in with the right one', async () => {
    await withSession(async (s) => {
      expect(s.pinState().user).toBe('ok');
      const err = await s.login('000000').then(
        () => expect.fail('a wrong PIN logged in'),
        (e: unknown) => e as Error & { code: string; ckr: string },
      );
      expect(err.code).toBe('pin.incorrect');
      expect(err.ckr).toBe('CKR_PIN_INCORRECT');
      // SoftHSM2 raises CKF_USER_PIN_COUNT_LOW after a failure; the message says what the token reports
      expect(err.message).toBe('Wrong PIN. The token reports that few tries are left before the PIN locks.');
      expect(err.message).not.toContain('000000');
      expect(s.pinState().user).toBe('count-low');
      await s.login(token.pin);
      expect(s.pinState().user).toBe('ok');
      await s.logout();
    });
  });

  it('changes the PIN; the old one stops working', async () => {
    await withSession(async (s) => {
      await s.changePin(token.pin, '555555');
      await expect(s.login(token.pin)).rejects.toMatchObject({ code: 'pin.incorrect' });
      await s.login('555555');
      await s.logout();
      await s.changePin('555555', token.pin);
    });
  });

  it('unblocks (re-sets) the user PIN with the SO PIN, and refuses a wrong SO PIN', async () => {
    await withSession(async (s) => {
      await expect(s.loginSo('00000000')).rejects.toMatchObject({ code: 'pin.so-incorrect' });
      await s.loginSo(token.soPin);
      await s.initUserPin('777777');
      await s.logout();
      await s.login('777777');
      await s.logout();
      await s.changePin('777777', token.pin);
    });
  });
});

describe('keys', () => {
  it.each(['rsa-2048', 'rsa-3072', 'ec-p256', 'ec-p384'] as const)('generates %s on the token: private, sensitive, never extractable, CKA_ID = SHA-1 of the public key', async (alg) => {
    await withSession(async (s) => {
      await s.login(token.pin);
      const key = await generateKey(s, alg, `key-${alg}`);
      const raw = key.publicKey.kind === 'rsa' ? key.publicKey.modulus : key.publicKey.kind === 'ec' ? key.publicKey.point : key.publicKey.value;
      expect(key.id).toBe(createHash('sha1').update(raw).digest('hex'));
      const listed = (await listKeys(s)).find((k) => k.id === key.id)!;
      expect(listed).toMatchObject({ label: `key-${alg}`, algorithm: alg, sensitive: true, extractable: false, neverExtractable: true, alwaysSensitive: true });
      // the token's signature verifies with the public key we read from it
      const digest = createHash(alg === 'ec-p384' ? 'sha384' : 'sha256').update('data').digest();
      const sig = await signDigest(s, listed, key.publicKey.kind === 'rsa' ? 'rsa-pkcs1' : 'ecdsa', digest);
      const pub = createPublicKey({ key: key.spki, format: 'der', type: 'spki' });
      const ok = verify(alg === 'ec-p384' ? 'sha384' : 'sha256', Buffer.from('data'), key.publicKey.kind === 'rsa' ? pub : { key: pub, dsaEncoding: 'ieee-p1363' }, sig);
      expect(ok).toBe(true);
    });
  });

  it('refuses a duplicate label, and deletes a key pair', async () => {
    await withSession(async (s) => {
      await s.login(token.pin);
      await expect(generateKey(s, 'ec-p256', 'key-ec-p256')).rejects.toMatchObject({ code: 'key.label-taken' });
      const victim = await generateKey(s, 'ec-p256', 'temporary');
      expect(await deleteKey(s, victim)).toBe(2);
      expect((await listKeys(s)).some((k) => k.label === 'temporary')).toBe(false);
    });
  });

  it('the token refuses to reveal the private key or make it extractable', async () => {
    await withSession(async (s) => {
      await s.login(token.pin);
      const key = (await listKeys(s)).find((k) => k.label === 'key-rsa-2048')!;
      expect(() => s.lib.C_GetAttributeValue(s.handle, key.privateKey!, [{ type: pkcs11.CKA_PRIVATE_EXPONENT }])).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      expect(() => s.lib.C_SetAttributeValue(s.handle, key.privateKey!, [{ type: pkcs11.CKA_EXTRACTABLE, value: true }])).toThrow(/CKR_ATTRIBUTE_READ_ONLY/);
    });
  });

  it('runs one operation at a time per token: concurrent signatures queue and all complete', async () => {
    await withSession(async (s) => {
      await s.login(token.pin);
      const key = (await listKeys(s)).find((k) => k.label === 'key-ec-p256')!;
      const digest = createHash('sha256').update('x').digest();
      let maxQueued = 0;
      const all = Array.from({ length: 50 }, () => {
        const p = signDigest(s, key, 'ecdsa', digest);
        maxQueued = Math.max(maxQueued, s.queue.size);
        return p;
      });
      const sigs = await Promise.all(all);
      expect(maxQueued).toBe(50);
      expect(sigs.every((x) => x.length === 64)).toBe(true);
      expect(s.queue.size).toBe(0);
    });
  });

  it('signing does not block the event loop: timers keep firing during a batch', async () => {
    await withSession(async (s) => {
      await s.login(token.pin);
      const key = (await listKeys(s)).find((k) => k.label === 'key-rsa-3072')!;
      const digest = createHash('sha256').update('x').digest();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      for (let i = 0; i < 40; i++) await signDigest(s, key, 'rsa-pkcs1', digest);
      clearInterval(timer);
      expect(ticks).toBeGreaterThan(5);
    });
  });
});

describe('watching for tokens', () => {
  it('emits inserted and removed as tokens come and go', async () => {
    const watcher = new TokenWatcher(mod, 50);
    const inserted: TokenInfo[] = [];
    const removed: TokenInfo[] = [];
    watcher.on('inserted', (t) => inserted.push(t));
    watcher.on('removed', (t) => removed.push(t));
    watcher.start();
    try {
      hsm.initTestToken('Newcomer', '999999', '99999999');
      await waitFor(() => inserted.length > 0);
      expect(inserted.map((t) => t.label)).toEqual(['Newcomer']);
      hsm.deleteToken('Newcomer');
      await waitFor(() => removed.length > 0);
      expect(removed.map((t) => t.label)).toEqual(['Newcomer']);
      expect(watcher.tokens.map((t) => t.label).sort()).toEqual(['Accountant', 'Director']);
    } finally {
      watcher.stop();
    }
  });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
