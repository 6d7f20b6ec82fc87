/**
 * GOST R 34.10-2012 in the certificates and tokens areas, through the channel table over the
 * browser host, on the GOST build of SoftHSM2 (tests/helpers/softhsm-gost.ts) and the sandbox
 * bank: the token information says which key algorithms the token can make (GOST 256 CryptoPro A
 * here; SoftHSM has no 512-bit or TC 26 mechanisms), enrolment makes a GOST key on the token and a
 * GOST request (decoded here and checked by OpenSSL's gost engine), the key act names the
 * algorithm in words, the certificate the bank issues shows its GOST key; an algorithm the token
 * does not offer is refused in words in both languages, before any key is made.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { oid } from '../../src/crypto/der.ts';
import { decodeGostSpki } from '../../src/crypto/gost/asn1.ts';
import { t } from '../../src/shared/i18n/index.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { GOST_ENV } from '../helpers/gost-openssl.ts';
import { login } from '../../src/main/bank/session.ts';
import { totpNow } from '../helpers/client-flow.ts';
import { adminCall } from '../helpers/sandbox.ts';

const app = useAppServices('gost-certificates-channels', { tokens: [{ label: 'GostOfficer', pin: '11112222', soPin: '99998888' }], actor: 'officer', gost: true });
const { ok, refusal } = app;

const SUBJECT = { company: 'ООО «Ромашка»', inn: '7707083893', name: 'Петров Пётр', position: 'Директор' };
const GOST_256_KEY_OID = '1.2.643.7.1.1.1.1';
const GOST_256_SIGNATURE_OID = '1.2.643.7.1.1.3.2';
const CRYPTOPRO_A_OID = '1.2.643.2.2.35.1';

type TokenInfo = { serial: string; label: string; algorithms: string[] };
type Made = { requestId: string; key: { id: string; label: string; algorithm: string }; subject: string; csrPem: string; fingerprint: string };

const officer = () => app.token('GostOfficer');
const pdfText = (base64: string, name: string): string => {
  const file = join(app.hsm.dir, name);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.replace(/\s+/g, ' ');
};

describe('GOST keys through the certificates and tokens channels', () => {
  let made: Made;
  let totpSecret = '';

  it('the token information lists the GOST algorithm the token can make, with its parameter set, and no 512-bit one', async () => {
    const tokens = await ok<TokenInfo[]>('certificates.tokens', {});
    const mine = tokens.find((tk) => tk.serial === officer().serial)!;
    expect(mine.algorithms).toContain('gost2012-256:cryptopro-a');
    expect(mine.algorithms).toContain('ec-p256');
    expect(mine.algorithms.filter((a) => a.startsWith('gost2012-512'))).toEqual([]);
    // SoftHSM makes CryptoPro A keys only: the other 256-bit sets are not offered
    expect(mine.algorithms.filter((a) => a.startsWith('gost'))).toEqual(['gost2012-256:cryptopro-a']);
    // the token bar's list says the same
    const bar = await ok<{ tokens: TokenInfo[] }>('tokens.list', {});
    expect(bar.tokens.find((tk) => tk.serial === officer().serial)!.algorithms).toEqual(mine.algorithms);
  });

  it('refuses gost2012-512:tc26-512-a in words naming it, in Russian and English, and makes no key', async () => {
    for (const algorithm of ['gost2012-512:tc26-512-a', 'gost2012-256:cryptopro-b']) {
      const r = await refusal('certificates.request', { token: officer().serial, pin: officer().pin, algorithm, keyLabel: 'never', subject: SUBJECT });
      expect(r.code).toBe('ui.certificates.error.algorithm-not-offered');
      expect(r.params).toMatchObject({ token: 'GostOfficer', algorithm });
      const params = r.params as Record<string, string>;
      const ru = t('ru', 'ui.certificates.error.algorithm-not-offered', params);
      const en = t('en', 'ui.certificates.error.algorithm-not-offered', params);
      const words = algorithm === 'gost2012-512:tc26-512-a' ? ['ГОСТ Р 34.10-2012, 512 бит (ТК 26 A)', 'GOST R 34.10-2012, 512-bit (TC 26 A)'] : ['ГОСТ Р 34.10-2012, 256 бит (CryptoPro B)', 'GOST R 34.10-2012, 256-bit (CryptoPro B)'];
      expect(ru).toContain(`Токен GostOfficer не умеет создавать ключи ${words[0]}`);
      expect(ru).toContain('ГОСТ Р 34.10-2012, 256 бит (CryptoPro A)');
      expect(en).toContain(`Token GostOfficer cannot make ${words[1]} keys`);
      expect(`${ru} ${en}`).not.toMatch(/gost2012|tc26-|cryptopro-/);
      // the English text is also what the envelope's detail carries
      expect(r.detail).toBe(en);
    }
    expect(await app.client.tokens.listKeys(officer().serial, Buffer.from(officer().pin))).toEqual([]);
    // renewal refuses it the same way, before it looks for a certificate or uses the PIN
    const renew = await refusal('certificates.renew', { token: officer().serial, pin: officer().pin, key: 'whatever', algorithm: 'gost2012-512:tc26-512-b', newKeyLabel: 'never' });
    expect(renew.code).toBe('ui.certificates.error.algorithm-not-offered');
  });

  it('enrols with gost2012-256:cryptopro-a: a GOST key on the token and a GOST request OpenSSL verifies', async () => {
    made = await ok<Made>('certificates.request', { token: officer().serial, pin: officer().pin, algorithm: 'gost2012-256:cryptopro-a', keyLabel: 'gost-key', subject: SUBJECT });
    expect(made.key).toMatchObject({ label: 'gost-key', algorithm: 'gost2012-256:cryptopro-a' });
    const keys = await app.client.tokens.listKeys(officer().serial, Buffer.from(officer().pin));
    expect(keys).toEqual([expect.objectContaining({ id: made.key.id, label: 'gost-key', algorithm: 'gost2012-256:cryptopro-a', hasPrivateKey: true, extractable: false })]);

    // the request decoded here: a GOST R 34.10-2012-256 key on CryptoPro A, signed with GOST over Streebog-256
    const csr = new x509.Pkcs10CertificateRequest(made.csrPem);
    const der = Buffer.from(csr.rawData);
    const spki = Buffer.from(csr.publicKey.rawData);
    const key = decodeGostSpki(spki);
    expect(key.curve.bits).toBe(256);
    expect(key.paramsOid).toBe(CRYPTOPRO_A_OID);
    expect(spki.includes(oid(GOST_256_KEY_OID))).toBe(true);
    // the signature algorithm follows the signed part: GOST R 34.10-2012-256 with Streebog-256
    const tbsEnd = der.indexOf(spki) + spki.length;
    expect(der.subarray(tbsEnd).includes(oid(GOST_256_SIGNATURE_OID))).toBe(true);

    const file = join(app.hsm.dir, 'gost.csr');
    writeFileSync(file, made.csrPem);
    const checked = spawnSync('openssl', ['req', '-engine', 'gost', '-in', file, '-verify', '-noout', '-text'], { env: GOST_ENV, encoding: 'utf8' });
    expect(checked.status, checked.stderr).toBe(0);
    expect(`${checked.stdout}${checked.stderr}`).toMatch(/self-signature verify OK/);
    expect(checked.stdout).toMatch(/GOST R 34.10-2012 with 256 bit modulus/);
  });

  it('the key act names the algorithm in words in both languages, not by its code', async () => {
    const ru = pdfText((await ok<{ pdfBase64: string }>('certificates.act', { requestId: made.requestId, locale: 'ru' })).pdfBase64, 'act-ru.pdf');
    expect(ru).toContain('Алгоритм ключа: ГОСТ Р 34.10-2012, 256 бит (CryptoPro A)');
    expect(ru).not.toMatch(/gost2012|cryptopro-a/);
    const en = pdfText((await ok<{ pdfBase64: string }>('certificates.act', { requestId: made.requestId, locale: 'en' })).pdfBase64, 'act-en.pdf');
    expect(en).toContain('Key algorithm: GOST R 34.10-2012, 256-bit (CryptoPro A)');
    expect(en).toContain(made.fingerprint);
  });

  it('the certificate the bank issues for it shows its GOST key, in the certificate list and in the token bar', async () => {
    const user = await adminCall(app.bank, 'POST', '/admin/users', { companyId: app.companyId, name: 'Петров Пётр', role: 'single-signature' });
    const sent = await ok<{ enrollmentId: string; status: string; totp?: { secret: string } }>('certificates.submit', { requestId: made.requestId, code: (user.body as { enrolmentCode: string }).enrolmentCode });
    expect(sent.status).toBe('pending');
    totpSecret = sent.totp!.secret;
    await adminCall(app.bank, 'POST', `/admin/enrollments/${sent.enrollmentId}/decision`, { approve: true });
    const installed = await ok<{ status: string; certificate: { serialNumber: string } }>('certificates.install', { pin: officer().pin });
    expect(installed.status).toBe('approved');

    const list = await ok<{ token: { serial: string }; certificates: { serialNumber: string; authority: boolean; id: string; keyAlgorithm?: string }[] }[]>('certificates.list', {});
    const own = list.find((tk) => tk.token.serial === officer().serial)!.certificates.find((c) => !c.authority)!;
    expect(own).toMatchObject({ serialNumber: installed.certificate.serialNumber, id: made.key.id, keyAlgorithm: 'gost2012-256:cryptopro-a' });
    const bar = await ok<{ tokens: { serial: string; certificates: { id: string; keyAlgorithm?: string }[] }[] }>('tokens.list', {});
    expect(bar.tokens.find((tk) => tk.serial === officer().serial)!.certificates).toEqual([expect.objectContaining({ id: made.key.id, keyAlgorithm: 'gost2012-256:cryptopro-a' })]);
  });

  it('renews the GOST certificate with a new GOST key, and refuses a 512-bit one in words', async () => {
    await login(app.client.db, app.client.api, app.client.tokens, { token: officer().serial, key: 'gost-key', pin: Buffer.from(officer().pin), totp: totpNow(app.bank, totpSecret), actor: 'officer' });
    const refused = await refusal('certificates.renew', { token: officer().serial, pin: officer().pin, key: made.key.id, algorithm: 'gost2012-512:tc26-512-a', newKeyLabel: 'gost-key-512' });
    expect(refused.code).toBe('ui.certificates.error.algorithm-not-offered');
    const renewed = await ok<{ serialNumber: string }>('certificates.renew', { token: officer().serial, pin: officer().pin, key: made.key.id, algorithm: 'gost2012-256:cryptopro-a', newKeyLabel: 'gost-key-2' });
    const keys = await app.client.tokens.listKeys(officer().serial, Buffer.from(officer().pin));
    expect(keys.map((k) => [k.label, k.algorithm]).sort()).toEqual([
      ['gost-key', 'gost2012-256:cryptopro-a'],
      ['gost-key-2', 'gost2012-256:cryptopro-a'],
    ]);
    const list = await ok<{ token: { serial: string }; certificates: { serialNumber: string; label: string; current: boolean; keyAlgorithm?: string }[] }[]>('certificates.list', {});
    const current = list.find((tk) => tk.token.serial === officer().serial)!.certificates.find((c) => c.current)!;
    expect(current).toMatchObject({ serialNumber: renewed.serialNumber, label: 'gost-key-2', keyAlgorithm: 'gost2012-256:cryptopro-a' });
  });
});
