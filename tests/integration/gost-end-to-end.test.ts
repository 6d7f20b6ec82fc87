/**
 * Issue 12's "done when", driven as users (and an attacker) would: two people of the demo company,
 * each with a GOST R 34.10-2012 key generated on their own token of the GOST SoftHSM, enrol with
 * `bankclient` against the sandbox bank (its own process, real HTTP on 127.0.0.1, its own SQLite;
 * every request also checked by `openssl req -verify -engine gost`), are approved by the bank's
 * officer, log in with a token signature and a one-time code, sign one payment as first and
 * second signer, send it, and see it executed with verified receipts. The two-signer SignedData
 * the client keeps is then judged by `openssl cms -verify -engine gost` against the bank's CA
 * certificate (the sandbox runs its CA on a GOST key here, so the certificates, the CRL and the
 * receipts are GOST as well), and by `bankclient verify`. An attacker
 * who moves those signatures onto a changed payment is refused by the bank, by OpenSSL and by
 * `bankclient verify`. Real module, engine and bank; without the GOST module this file fails with
 * what to run.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankclient } from '../helpers/cli.ts';
import { CliBank, subject } from '../helpers/cli-bank.ts';
import { GOST_ENV } from '../helpers/gost-openssl.ts';
import { GostSoftHsm } from '../helpers/softhsm-gost.ts';

// the bank all GOST too: its CA, the certificates it issues and its receipts (a mixed chain, an ECDSA CA over GOST signers, is the conformance suite's GOST step)
const t = new CliBank('gost-e2e', { Director: '10101010', Chief: '30303030' }, (name) => new GostSoftHsm(name), ['--ca-algorithm', 'gost2012-256']);

beforeAll(() => t.start(), 60_000);
afterAll(() => t.stop());

/** `openssl cms -verify` with the gost engine, the bank's CA certificate as the only trust anchor. */
function opensslVerifies(cms: Buffer, content: Buffer): { ok: boolean; said: string } {
  const name = randomUUID();
  writeFileSync(t.file(`${name}.p7s`), cms);
  writeFileSync(t.file(`${name}.json`), content);
  const run = spawnSync('openssl', ['cms', '-verify', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', t.file(`${name}.p7s`), '-content', t.file(`${name}.json`), '-CAfile', t.file('bank-ca.pem'), '-purpose', 'any', '-out', '/dev/null'], { env: GOST_ENV, encoding: 'utf8' });
  const said = `${run.stdout}${run.stderr}`;
  return { ok: run.status === 0 && /Verification successful/.test(said), said };
}

describe('GOST end to end: two GOST signers on the GOST SoftHSM, the sandbox bank over HTTP, bankclient and OpenSSL', () => {
  let paymentId = '';
  let signed: { canonical: Buffer; cms: Buffer } | undefined;

  it('each signer generates a GOST key on the token, enrols (request checked by OpenSSL), is approved and logs in with it', async () => {
    writeFileSync(t.file('bank-ca.pem'), (await t.bank.request<string>('GET', '/v1/ca/certificate')).body);
    for (const [who, role, limit] of [['Director', 'first-signature', 2_000_000_00], ['Chief', 'second-signature', undefined]] as const) {
      await t.enrol(who, role, limit, 'gost2012-256');
      // the key on the token is GOST, non-extractable, and bankclient says so
      const keys = t.cli(who, ['key', 'list', '--token', who, '--json']);
      expect(keys.status, keys.stderr).toBe(0);
      const key = keys.json<{ keys: { label: string; algorithm: string; hasPrivateKey: boolean; sensitive: boolean; extractable: boolean; certificate?: { subject: string } }[] }>().keys.find((k) => k.label === `${who}-key`);
      expect(key?.algorithm).toMatch(/^gost2012-256/);
      expect(key).toMatchObject({ hasPrivateKey: true, sensitive: true, extractable: false });
      // the certificates installed on the token: the signer's GOST one and the bank's GOST CA
      const certs = t.cli(who, ['cert', 'list', '--token', who, '--json']).json<{ certificates: { authority: boolean; subject: string; keyAlgorithm: string }[] }>().certificates;
      expect(certs.find((c) => !c.authority)).toMatchObject({ subject: expect.stringContaining(`${who} Person`), keyAlgorithm: 'gost2012-256:cryptopro-a' });
      expect(certs.find((c) => c.authority)?.keyAlgorithm).toBe('gost2012-256:cryptopro-a');
      expect(key?.certificate?.subject).toContain(`${who} Person`);
      // the request the bank got, as the bank keeps it, checked by OpenSSL's gost engine
      const [enrolment] = t.bankQuery<{ csr: string }>('SELECT e.csr FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.name = ?', `${who} Person`);
      writeFileSync(t.file(`${who}.csr`), enrolment!.csr);
      const checked = spawnSync('openssl', ['req', '-engine', 'gost', '-in', t.file(`${who}.csr`), '-verify', '-noout', '-text'], { env: GOST_ENV, encoding: 'utf8' });
      expect(checked.status, checked.stderr).toBe(0);
      expect(`${checked.stdout}${checked.stderr}`).toMatch(/self-signature verify OK/);
      expect(checked.stdout).toMatch(/GOST R 34\.10-2012 with 256 bit modulus/);
      expect(checked.stdout).toContain(`${who} Person`);
      // the key-recognition act the signer prints names the algorithm in words
      const act = spawnSync('pdftotext', ['-enc', 'UTF-8', t.file(`${who}-act.pdf`), '-'], { encoding: 'utf8' });
      expect(act.status, act.stderr).toBe(0);
      expect(act.stdout.replace(/\s+/g, ' ')).toMatch(/GOST R 34\.10-2012, 256-bit \(CryptoPro A\)|ГОСТ Р 34\.10-2012, 256 бит \(CryptoPro A\)/);
    }
  }, 120_000);

  it('a payment signed by both GOST signers is sent, executed, and its receipts verified', async () => {
    const orders = t.ordersFile('orders.txt', [{ number: '701', amount: '1200000.00', purpose: 'Оплата по договору поставки № 12, без НДС' }]);
    const imported = t.cli('Director', ['import', orders, '--json']);
    expect(imported.status, imported.stdout + imported.stderr).toBe(0);
    paymentId = imported.json<{ imported: string[] }>().imported[0]!;
    const first = t.cli('Director', ['sign-documents', paymentId, '--token', 'Director', '--key', 'Director-key', '--json']);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.json<{ signed: string[] }>().signed).toEqual([paymentId]);
    expect(t.cli('Director', ['sync', '--json']).json()).toMatchObject({ pending: 0, failed: 0 });
    expect(t.cli('Chief', ['sync', '--json']).status).toBe(0);
    const second = t.cli('Chief', ['sign-documents', '--token', 'Chief', '--key', 'Chief-key', '--awaiting', '--json']);
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(second.json<{ signed: string[] }>().signed).toEqual([paymentId]);
    expect(t.cli('Chief', ['sync', '--json']).json()).toMatchObject({ pending: 0, failed: 0 });

    await t.bank.advanceClock(3600);
    await t.bank.advanceClock(3600);
    expect((await t.login('Director')).status).toBe(0);
    const synced = t.cli('Director', ['sync', '--json']);
    expect(synced.status, synced.stdout + synced.stderr).toBe(0);
    const shown = t.cli('Director', ['documents', 'show', paymentId, '--json']);
    expect(shown.json()).toMatchObject({ status: 'executed', missing: [] });
    // each receipt the client kept was signed by the bank and verified before it was stored
    const receipts = t.clientQuery<{ status: string }>('Director', 'SELECT status FROM receipts WHERE document_id = ? ORDER BY cursor', paymentId);
    expect(receipts.map((r) => r.status)).toEqual(['signed', 'delivered', 'accepted', 'executed']);
    // the executed receipt, as the client kept it: OpenSSL verifies it against the bank's CA too, and
    // it names the bytes both GOST signers signed and both of them
    const [executed] = t.clientQuery<{ payload: Buffer; signature: Buffer; verified_at: string }>('Director', "SELECT payload, signature, verified_at FROM receipts WHERE document_id = ? AND status = 'executed'", paymentId);
    expect(executed!.verified_at).toBeTruthy();
    const receiptVerdict = opensslVerifies(executed!.signature, executed!.payload);
    expect(receiptVerdict.ok, receiptVerdict.said).toBe(true);
    // signed by the bank's GOST receipts key: its certificate in the receipt is a GOST one
    writeFileSync(t.file('receipt.p7s'), executed!.signature);
    const receiptPrinted = spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', t.file('receipt.p7s')], { env: GOST_ENV, encoding: 'utf8' }).stdout;
    expect(receiptPrinted).toMatch(/algorithm: GOST R 34\.10-2012 with 256 bit modulus/);
    expect(receiptPrinted).toMatch(/Receipts/);
    const fields = JSON.parse(executed!.payload.toString('utf8')) as { status: string; documentId: string; documentSha256: string; signers: unknown[] };
    const [mine] = t.clientQuery<{ canonical: Buffer }>('Director', 'SELECT canonical FROM documents WHERE id = ?', paymentId);
    expect(fields).toMatchObject({ status: 'executed', documentId: paymentId, documentSha256: createHash('sha256').update(mine!.canonical).digest('hex') });
    expect(fields.signers).toHaveLength(2);
    // the second signer's profile keeps the SignedData as it went to the bank: both signers in one
    expect((await t.login('Chief')).status).toBe(0);
    const chiefSync = t.cli('Chief', ['sync', '--json']);
    expect(chiefSync.status, chiefSync.stdout + chiefSync.stderr).toBe(0);
    signed = t.clientQuery<{ canonical: Buffer; cms: Buffer }>('Chief', 'SELECT canonical, cms FROM documents WHERE id = ?', paymentId)[0];
    const atBank = t.bankQuery<{ canonical: Buffer; cms: Buffer }>('SELECT canonical, cms FROM documents WHERE id = ?', paymentId)[0];
    expect(signed?.cms.length).toBeGreaterThan(0);
    expect(signed!.canonical.equals(atBank!.canonical)).toBe(true);
    expect(signed!.cms.equals(atBank!.cms)).toBe(true);
  }, 120_000);

  it('openssl cms -verify (gost engine) accepts the SignedData of both GOST signers against the bank CA certificate, and bankclient verify agrees', () => {
    const { canonical, cms } = signed!;
    const verdict = opensslVerifies(cms, canonical);
    expect(verdict.ok, verdict.said).toBe(true);
    // both signers are in it, each with a GOST R 34.10-2012 certificate issued (and GOST-signed) by the bank's GOST CA
    writeFileSync(t.file('payment.p7s'), cms);
    writeFileSync(t.file('payment.json'), canonical);
    const printed = spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', t.file('payment.p7s')], { env: GOST_ENV, encoding: 'utf8' }).stdout;
    expect(printed.match(/algorithm: GOST R 34\.10-2012 with 256 bit modulus/g)?.length).toBeGreaterThanOrEqual(2);
    expect(printed).toMatch(/Director Person[\s\S]*Chief Person|Chief Person[\s\S]*Director Person/);
    const cli = t.cli('Director', ['verify', '--in', t.file('payment.json'), '--signature', t.file('payment.p7s'), '--trust', t.file('bank-ca.pem')]);
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/Director Person/);
    expect(cli.stdout).toMatch(/Chief Person/);
    const json = t.cli('Director', ['verify', '--in', t.file('payment.json'), '--signature', t.file('payment.p7s'), '--trust', t.file('bank-ca.pem'), '--json']);
    expect(json.json()).toMatchObject({ ok: true, signers: [{ problems: [] }, { problems: [] }] });
  });

  it('attack: the same two GOST signatures under a changed payment are refused by the bank (naming why), by OpenSSL and by bankclient verify', async () => {
    const { canonical, cms } = signed!;
    const original = JSON.parse(canonical.toString('utf8')) as { id: string; companyId: string; kind: string; version: number; content: { amount: number } };
    // a new document id (the old one is taken), the amount raised: the signers' SignedData as it was
    const forgedId = randomUUID();
    const forged = { ...original, id: forgedId, content: { ...original.content, amount: original.content.amount * 10 } };
    const session = JSON.parse(t.clientQuery<{ value: string }>('Director', "SELECT value FROM settings WHERE key = 'bank.session'")[0]!.value) as { token: string };
    const answer = await t.bank.request<{ code: string; detail: string }>('PUT', `/v1/documents/${forgedId}`, { document: forged, signature: cms.toString('base64') }, session.token);
    expect(answer.status).toBe(422);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body.code).toBe('signature-invalid');
    expect(answer.body.detail).toMatch(/digest/i);
    // nothing of the forged payment is kept by the bank
    expect(t.bankQuery('SELECT id FROM documents WHERE id = ?', forgedId)).toEqual([]);

    const forgedBytes = Buffer.from(canonical.toString('utf8').replace(`"amount":${original.content.amount}`, `"amount":${original.content.amount * 10}`), 'utf8');
    expect(forgedBytes.equals(canonical)).toBe(false);
    const verdict = opensslVerifies(cms, forgedBytes);
    expect(verdict.ok).toBe(false);
    expect(verdict.said).toMatch(/digest failure|verification failure/i);

    writeFileSync(t.file('forged.json'), forgedBytes);
    const cli = t.cli('Director', ['verify', '--in', t.file('forged.json'), '--signature', t.file('payment.p7s'), '--trust', t.file('bank-ca.pem')]);
    expect(cli.status).not.toBe(0);
    expect(cli.stdout).toMatch(/content differs from what was signed/);
    const ru = t.cli('Director', ['verify', '--in', t.file('forged.json'), '--signature', t.file('payment.p7s'), '--trust', t.file('bank-ca.pem'), '--lang', 'ru']);
    expect(ru.status).toBe(1);
    expect(ru.stdout).toContain('содержимое отличается от подписанного (не совпадает хеш)');
    const json = t.cli('Director', ['verify', '--in', t.file('forged.json'), '--signature', t.file('payment.p7s'), '--trust', t.file('bank-ca.pem'), '--json']);
    expect(json.json<{ ok: boolean }>()).toMatchObject({ ok: false, signers: [{ problems: [{ code: 'verify.digest' }] }, { problems: [{ code: 'verify.digest' }] }] });
    for (const o of t.outputs) {
      for (const pin of Object.values(t.pins)) expect(o.stdout + o.stderr).not.toContain(pin);
    }
  });

  it('renews a GOST certificate to a new GOST key on the token, signed with the current one, and logs in with the new key', async () => {
    const renewed = t.cli('Director', ['renew', '--token', 'Director', '--key', 'Director-key', '--new-key', 'Director-key-2', '--algorithm', 'gost2012-256', '--subject', subject('Director Person'), '--json']);
    expect(renewed.status, renewed.stdout + renewed.stderr).toBe(0);
    const serial = renewed.json<{ serialNumber: string }>().serialNumber;
    const keys = t.cli('Director', ['key', 'list', '--token', 'Director', '--json']).json<{ keys: { label: string; algorithm: string; certificate?: { serialNumber: string } }[] }>().keys;
    expect(keys.find((k) => k.label === 'Director-key-2')).toMatchObject({ algorithm: expect.stringMatching(/^gost2012-256/), certificate: { serialNumber: serial } });
    const login = t.cli('Director', ['login', '--token', 'Director', '--key', 'Director-key-2', '--json'], { BANKCLIENT_TOTP: await t.bank.totp(t.secretOf('Director')) });
    expect(login.status, login.stdout + login.stderr).toBe(0);
    expect(login.json()).toMatchObject({ certificateSerial: serial.toLowerCase(), user: { role: 'first-signature' } });
  });
});

describe('bankclient --help names the GOST algorithms', () => {
  it('in English and in Russian: key generate with GOST and its parameter sets, renew with --algorithm', () => {
    for (const LANG of ['C', 'ru_RU.UTF-8']) {
      const help = bankclient(['--help'], { LANG });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/key generate --token T --algorithm ec-p256\|ec-p384\|rsa-2048\|rsa-3072\|gost2012-256\[:SET\]\|gost2012-512\[:SET\]/);
      expect(help.stdout).toMatch(/cryptopro-a \((default|по умолчанию)\)\|cryptopro-b\|cryptopro-c\|tc26-256-a/);
      expect(help.stdout).toMatch(/renew --token T .* --subject S \[--algorithm A\]/);
    }
  });
});
