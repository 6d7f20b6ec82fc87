/**
 * GOST R 34.10-2012 keys through our token layer on the GOST SoftHSM (scripts/build-softhsm-gost.sh):
 * generateKey on the token, the public key read back as a curve point, signGost (Streebog here,
 * raw CKM_GOSTR3410 on the token), verified by our verifier and by OpenSSL's gost engine. Real
 * module and engine; without them this file fails with what to run, never skips.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pkcs11 from 'pkcs11js';
import { describe, expect, it } from 'vitest';
import { oid } from '../../src/crypto/der.ts';
import { GOST_CURVES } from '../../src/crypto/gost/curves.ts';
import { decodeSignature } from '../../src/crypto/gost/encoding.ts';
import { verifyDigest } from '../../src/crypto/gost/signature.ts';
import { streebog256 } from '../../src/crypto/gost/streebog.ts';
import {
  GOST,
  algorithmLabel,
  generateKey,
  gostPoint,
  gostSchemeFor,
  hashFor,
  listKeys,
  signDigest,
  signGost,
  spkiFromTokenKey,
  tokenKeyFromSpki,
  type TokenKey,
} from '../../src/crypto/pkcs11/index.ts';
import { withSigningBatch } from '../../src/crypto/pkcs11/batch-signing.ts';
import { bankclient } from '../helpers/cli.ts';
import { opensslGostVerdict } from '../helpers/gost-openssl.ts';
import { opensslStatus } from '../helpers/openssl.ts';
import { gostTokenForFile } from '../helpers/softhsm-gost.ts';

const { open, withSession } = gostTokenForFile('gost-keys', 'GostKeys');

const pem = (der: Buffer): string => `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;

describe('GOST R 34.10-2012 keys on the GOST SoftHSM, through our token layer', () => {
  let key: TokenKey;

  it('generates gost2012-256 (CryptoPro-A) on the token: GOST key type, private key sensitive and never extractable, CKA_ID = SHA-1 of CKA_VALUE', async () => {
    await withSession(async (s) => {
      key = await generateKey(s, 'gost2012-256:cryptopro-a', 'gost-signer');
      expect(key.algorithm).toBe('gost2012-256:cryptopro-a');
      expect(key.publicKey.kind).toBe('gost');
      if (key.publicKey.kind !== 'gost') return;
      expect(key.publicKey.value.length).toBe(64);
      expect(key.publicKey.params).toEqual(oid('1.2.643.2.2.35.1'));
      expect(key.id).toBe(createHash('sha1').update(key.publicKey.value).digest('hex'));

      const listed = (await listKeys(s)).find((k) => k.id === key.id)!;
      expect(listed).toMatchObject({ label: 'gost-signer', algorithm: 'gost2012-256:cryptopro-a', sensitive: true, extractable: false, neverExtractable: true, alwaysSensitive: true });
      expect(algorithmLabel(listed.algorithm)).toBe('gost2012-256 (CryptoPro-A)');
      expect(listed.privateKey).toBeDefined();
      // the token's own attributes: GOST key type, and the private value cannot be read
      const [type] = s.lib.C_GetAttributeValue(s.handle, listed.privateKey!, [{ type: pkcs11.CKA_KEY_TYPE }]);
      expect(Number((type!.value as Buffer).readBigUInt64LE(0))).toBe(GOST.CKK_GOSTR3410.value);
      expect(() => s.lib.C_GetAttributeValue(s.handle, listed.privateKey!, [{ type: pkcs11.CKA_VALUE }])).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      // the hash parameter makes it a 2012 key: Streebog-256
      expect(listed.publicKey.kind === 'gost' && listed.publicKey.hashParams).toEqual(oid('1.2.643.7.1.1.2.2'));
    });
  });

  it('reads the public key back as a point of the CryptoPro-A curve, and its SPKI round-trips', async () => {
    await withSession(async (s) => {
      const listed = (await listKeys(s)).find((k) => k.id === key.id)!;
      if (listed.publicKey.kind !== 'gost') throw new Error('not a GOST key');
      const { curve, point } = gostPoint(listed.publicKey);
      expect(curve).toBe(GOST_CURVES['cryptopro-a']);
      expect(point.x > 0n && point.y > 0n).toBe(true);
      expect(tokenKeyFromSpki(spkiFromTokenKey(listed.publicKey))).toEqual(listed.publicKey);
      // OpenSSL reads our SPKI as a 2012-256 key on CryptoPro-A with the same X
      const file = join(open().hsm.dir, 'pub.pem');
      writeFileSync(file, pem(listed.spki));
      const text = opensslStatus(['pkey', '-engine', 'gost', '-pubin', '-in', file, '-noout', '-text']);
      expect(text.status).toBe(0);
      expect(text.out).toMatch(/Parameter set: id-GostR3410-2001-CryptoPro-A-ParamSet/);
      expect(text.out).toContain(`X:${point.x.toString(16).toUpperCase()}`);
    });
  });

  it('signs a message (Streebog-256 here, raw CKM_GOSTR3410 on the token); our verifier and OpenSSL accept it, and refuse a tampered message', async () => {
    await withSession(async (s) => {
      const listed = (await listKeys(s)).find((k) => k.id === key.id)!;
      if (listed.publicKey.kind !== 'gost') throw new Error('not a GOST key');
      expect(gostSchemeFor(s, listed)).toBe('gost'); // SoftHSM has the raw mechanism
      expect(() => hashFor(listed)).toThrow('The key "gost-signer" is a GOST key (gost2012-256 (CryptoPro-A)): it signs with GOST R 34.11-2012 (Streebog), which this operation does not support yet.'); // no SHA-2 signatures with a GOST key by mistake
      const message = Buffer.from('Платёжное поручение № 7 на 12 345,67 руб.\n');
      const signature = await signGost(s, listed, message);
      expect(signature.length).toBe(64);

      const { curve, point } = gostPoint(listed.publicKey);
      const digest = streebog256(message);
      expect(verifyDigest(curve, point, digest, decodeSignature(curve, signature))).toBe(true);
      const tampered = Buffer.from(message);
      tampered[tampered.length - 2]! ^= 0x01;
      expect(verifyDigest(curve, point, streebog256(tampered), decodeSignature(curve, signature))).toBe(false);

      // OpenSSL's gost engine: its own Streebog of the same message, our SPKI, the signature as the token gave it
      const dir = open().hsm.dir;
      const f = { msg: join(dir, 'm.txt'), bad: join(dir, 'bad.txt'), key: join(dir, 'k.pem'), sig: join(dir, 's.bin'), d: join(dir, 'd.bin'), dBad: join(dir, 'dbad.bin') };
      writeFileSync(f.msg, message);
      writeFileSync(f.bad, tampered);
      writeFileSync(f.key, pem(listed.spki));
      writeFileSync(f.sig, signature);
      const dgst = (file: string) => execFileSync('openssl', ['dgst', '-engine', 'gost', '-md_gost12_256', '-binary', file], { stdio: ['ignore', 'pipe', 'ignore'] });
      const opensslDigest = dgst(f.msg);
      expect(opensslDigest).toEqual(Buffer.from(digest));
      writeFileSync(f.d, opensslDigest);
      writeFileSync(f.dBad, dgst(f.bad));
      expect(opensslGostVerdict(f.key, f.d, f.sig)).toMatchObject({ verdict: 'verified' });
      expect(opensslGostVerdict(f.key, f.dBad, f.sig)).toMatchObject({ verdict: 'failure' });

      // signDigest with the scheme directly: the same, and a digest of the wrong size is refused
      const again = await signDigest(s, listed, 'gost', Buffer.from(digest));
      expect(verifyDigest(curve, point, digest, decodeSignature(curve, again))).toBe(true);
      await expect(signDigest(s, listed, 'gost', Buffer.alloc(20))).rejects.toThrow(/CKM_GOSTR3410 over 20 bytes/);
    });
  });

  it('signs a batch of Streebog digests in the signing worker (raw CKM_GOSTR3410), each verifying', async () => {
    await withSession(async (s) => {
      const listed = (await listKeys(s)).find((k) => k.id === key.id)!;
      if (listed.publicKey.kind !== 'gost') throw new Error('not a GOST key');
      const { curve, point } = gostPoint(listed.publicKey);
      const digests = [0, 1, 2, 3, 4].map((i) => Buffer.from(streebog256(Buffer.from(`document ${i}`))));
      const { signatures, error } = await withSigningBatch(s, listed, 'gost', (submit) => submit(digests));
      expect(error).toBeUndefined();
      expect(signatures.length).toBe(5);
      signatures.forEach((sig, i) => expect(verifyDigest(curve, point, digests[i]!, decodeSignature(curve, sig))).toBe(true));
    });
  });

  it('the CLI generates and lists a GOST key: key generate --algorithm gost2012-256 (CryptoPro-A by default)', () => {
    const { hsm, token } = open();
    const env = { ...hsm.env, BANKCLIENT_PIN: token.pin };
    const gen = bankclient(['key', 'generate', '--token', token.label, '--algorithm', 'gost2012-256', '--label', 'cli-gost'], env);
    expect(gen.stderr).toBe('');
    expect(gen.stdout).toMatch(/^Generated gost2012-256 \(CryptoPro-A\) key "cli-gost" on the token, id [0-9a-f]{40}\./);
    const list = bankclient(['key', 'list', '--token', token.label], env);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/cli-gost {2}gost2012-256 \(CryptoPro-A\) {2}id [0-9a-f]{40}/);
    const json = bankclient(['key', 'list', '--token', token.label, '--json'], env).json<{ keys: { label: string; algorithm: string }[] }>();
    expect(json.keys.find((k) => k.label === 'cli-gost')?.algorithm).toBe('gost2012-256:cryptopro-a');
    const refused = bankclient(['key', 'generate', '--token', token.label, '--algorithm', 'gost2012-512:tc26-512-b', '--label', 'x'], env);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('Token GostKeys cannot make gost2012-512 (TC26-512-B) keys');
    // a parameter set the token lists the mechanism for but cannot make (SoftHSM2 makes only CryptoPro-A): named, and nothing left behind
    const paramset = bankclient(['key', 'generate', '--token', token.label, '--algorithm', 'gost2012-256:tc26-256-a', '--label', 'tc26'], env);
    expect(paramset.status).toBe(1);
    expect(paramset.stderr).toContain('Token GostKeys offers GOST R 34.10-2012 but refused to make a gost2012-256 (TC26-256-A) key (CKR_GENERAL_ERROR).');
    const ru = bankclient(['key', 'generate', '--token', token.label, '--algorithm', 'gost2012-256:cryptopro-b', '--label', 'cpb', '--lang', 'ru'], env);
    expect(ru.stderr).toContain('отказался создать ключ gost2012-256 (CryptoPro-B) (CKR_GENERAL_ERROR)');
    // without OPENSSL_ENGINES SoftHSM2's GOST cannot load OpenSSL's engine inside Node: said so, generating and signing alike
    const noEngine = { ...env, OPENSSL_ENGINES: '' };
    const gen2 = bankclient(['key', 'generate', '--token', token.label, '--algorithm', 'gost2012-256', '--label', 'no-engine'], noEngine);
    expect(gen2.status).toBe(1);
    expect(gen2.stderr).toContain('Token GostKeys (SoftHSM2) failed in C_GenerateKeyPair with its GOST key (CKR_GENERAL_ERROR): SoftHSM2\'s GOST needs OpenSSL\'s gost engine');
    expect(gen2.stderr).toContain('export OPENSSL_ENGINES=');
    // a request is signed on the token with the key (no certificate needed): C_Sign fails the same way
    const csr = bankclient(['csr', 'create', '--token', token.label, '--key', 'cli-gost', '--subject', 'CN=Иванов Иван Иванович,C=RU', '--out', join(hsm.dir, 'no-engine.csr')], noEngine);
    expect(csr.status).toBe(1);
    expect(csr.stderr).toContain("Token GostKeys (SoftHSM2) failed in C_Sign with its GOST key (CKR_GENERAL_ERROR): SoftHSM2's GOST needs OpenSSL's gost engine");
    const after = bankclient(['key', 'list', '--token', token.label, '--json'], env).json<{ keys: { label: string }[] }>();
    expect(after.keys.map((k) => k.label)).not.toContain('tc26');
    expect(after.keys.map((k) => k.label)).not.toContain('cpb');
    expect(after.keys.map((k) => k.label)).not.toContain('no-engine');
  });

  it('refuses, in words, a parameter set the token offers the mechanism for but will not make (SoftHSM2: CryptoPro-B), leaving nothing behind', async () => {
    await withSession(async (s) => {
      const err = await generateKey(s, 'gost2012-256:cryptopro-b', 'gost-b').then(
        () => expect.fail('SoftHSM2 made a CryptoPro-B key'),
        (e: unknown) => e as Error & { code: string; ckr?: string; localized(locale: 'ru' | 'en'): string },
      );
      expect(err.code).toBe('mechanism.gost-params-refused');
      expect(err.ckr).toBe('CKR_GENERAL_ERROR');
      expect(err.message).toBe(
        'Token GostKeys offers GOST R 34.10-2012 but refused to make a gost2012-256 (CryptoPro-B) key (CKR_GENERAL_ERROR). Tokens differ in the parameter sets they make (SoftHSM2 makes only CryptoPro-A): try another parameter set, such as gost2012-256:cryptopro-a.',
      );
      expect(err.localized('ru')).toContain('Токен GostKeys поддерживает ГОСТ Р 34.10-2012, но отказался создать ключ gost2012-256 (CryptoPro-B) (CKR_GENERAL_ERROR)');
      expect((await listKeys(s)).map((k) => k.label)).not.toContain('gost-b');
    });
    const { hsm, token } = open();
    const refused = bankclient(['key', 'generate', '--token', token.label, '--algorithm', 'gost2012-256:cryptopro-b', '--label', 'cli-b'], { ...hsm.env, BANKCLIENT_PIN: token.pin });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('refused to make a gost2012-256 (CryptoPro-B) key');
  });

  it('refuses gost2012-512 in words: the token has no TC26 mechanisms', async () => {
    await withSession(async (s) => {
      const err = await generateKey(s, 'gost2012-512:tc26-512-a', 'gost-512').then(
        () => expect.fail('a 512-bit key was generated'),
        (e: unknown) => e as Error & { code: string },
      );
      expect(err.code).toBe('mechanism.gost-unavailable');
      expect(err.message).toBe(
        'Token GostKeys cannot make gost2012-512 (TC26-512-A) keys: it does not offer the GOST R 34.10-2012 mechanisms for them (it offers: gost2012-256). Use a token with GOST support or another algorithm.',
      );
      expect((await listKeys(s)).map((k) => k.label)).not.toContain('gost-512');
    });
  });
});
