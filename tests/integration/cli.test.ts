import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftHsm, type TestToken } from '../helpers/softhsm.ts';
import { TestCa, opensslStatus } from '../helpers/openssl.ts';
import { bankclient, type CliResult } from '../helpers/cli.ts';
import { openDatabase } from '../../src/main/store/database.ts';

let hsm: SoftHsm;
let director: TestToken;
let chief: TestToken;
let ca: TestCa;
const outputs: CliResult[] = [];

/** bankclient with the test's SoftHSM and the given PIN variables; every output is kept to check for PIN leaks. */
function cli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = bankclient(args, { ...hsm.env, ...env });
  outputs.push(r);
  return r;
}
const file = (name: string): string => join(hsm.dir, name);
const asDirector = { BANKCLIENT_PIN: '11223344' };
const asChief = { BANKCLIENT_PIN: '55667788' };

beforeAll(() => {
  hsm = new SoftHsm('cli');
  director = hsm.initTestToken('Director', '11223344', 'so-director');
  chief = hsm.initTestToken('Chief Accountant', '55667788', 'so-chief');
  ca = new TestCa(hsm.dir);
  writeFileSync(file('order.txt'), 'Платёжное поручение № 42 от 25.11.2026, 150 000,00 руб., ООО "Ромашка"\n');
});
afterAll(() => hsm.cleanup());

describe('bankclient: from key generation to a two-signer signature', () => {
  it('lists both tokens', () => {
    const r = cli(['token', 'list', '--json']);
    expect(r.status).toBe(0);
    const { tokens } = r.json<{ tokens: { label: string; serial: string; pin: { user: string } }[] }>();
    expect(tokens.map((t) => [t.label, t.serial])).toEqual(
      expect.arrayContaining([
        ['Director', director.serial],
        ['Chief Accountant', chief.serial],
      ]),
    );
    expect(cli(['token', 'info', '--token', director.serial]).stdout).toContain('Director  serial');
  });

  it('generates keys, makes CSRs that OpenSSL verifies, and imports the issued certificates with the CA', () => {
    for (const [token, env, alg, label] of [
      ['Director', asDirector, 'rsa-2048', 'director'],
      ['Chief Accountant', asChief, 'ec-p256', 'chief'],
    ] as const) {
      const gen = cli(['key', 'generate', '--token', token, '--algorithm', alg, '--label', label, '--json'], env);
      expect(gen.status).toBe(0);
      expect(gen.json()).toMatchObject({ label, algorithm: alg, hasPrivateKey: true, sensitive: true, extractable: false });
      const csr = cli(['csr', 'create', '--token', token, '--key', label, '--subject', `CN=${label},O=ООО Ромашка,C=RU,1.2.643.100.4=7707083893`, '--out', file(`${label}.csr`)], env);
      expect(csr.status, csr.stderr).toBe(0);
      expect(opensslStatus(['req', '-in', file(`${label}.csr`), '-noout', '-verify']).status).toBe(0);
      ca.issue(file(`${label}.csr`), file(`${label}.pem`));
      const imp = cli(['cert', 'import', '--token', token, '--in', file(`${label}.pem`), '--chain', ca.cert, '--json'], env);
      expect(imp.status, imp.stderr).toBe(0);
      expect(imp.json<{ imported: { authority: boolean }[] }>().imported.map((c) => c.authority)).toEqual([false, true]);
    }
    const keys = cli(['key', 'list', '--token', 'Director', '--json'], asDirector).json<{ keys: { label: string; certificate?: { subject: string; keyUsage: string[] } }[] }>().keys;
    expect(keys).toHaveLength(1);
    expect(keys[0]!.certificate?.subject).toContain('CN=director');
    expect(keys[0]!.certificate?.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    const certs = cli(['cert', 'list', '--token', 'Director', '--json']).json<{ certificates: { authority: boolean }[] }>().certificates;
    expect(certs.map((c) => c.authority).sort()).toEqual([false, true]);
  });

  it('signs as first signer, adds the second signer from the other token; OpenSSL and bankclient verify both', () => {
    const first = cli(['sign', '--token', 'Director', '--key', 'director', '--in', file('order.txt'), '--out', file('order.p7s')], asDirector);
    expect(first.status, first.stderr).toBe(0);
    const second = cli(['sign', '--token', 'Chief Accountant', '--key', 'chief', '--in', file('order.txt'), '--add-to', file('order.p7s'), '--out', file('order2.p7s')], asChief);
    expect(second.status, second.stderr).toBe(0);
    const ossl = opensslStatus(['cms', '-verify', '-binary', '-inform', 'DER', '-in', file('order2.p7s'), '-content', file('order.txt'), '-CAfile', ca.cert, '-out', '/dev/null']);
    expect(ossl.out).toContain('Verification successful');
    const v = cli(['verify', '--in', file('order.txt'), '--signature', file('order2.p7s'), '--trust', ca.cert, '--json']);
    expect(v.status).toBe(0);
    const report = v.json<{ ok: boolean; signers: { subject: string; ok: boolean }[] }>();
    expect(report.ok).toBe(true);
    expect(report.signers.map((s) => [s.subject.match(/CN=(\w+)/)?.[1], s.ok])).toEqual([
      ['director', true],
      ['chief', true],
    ]);
  });

  it('signs with RSA-PSS on request', () => {
    const r = cli(['sign', '--token', 'Director', '--key', 'director', '--in', file('order.txt'), '--out', file('pss.p7s'), '--pss'], asDirector);
    expect(r.status).toBe(0);
    expect(opensslStatus(['cms', '-verify', '-binary', '-inform', 'DER', '-in', file('pss.p7s'), '-content', file('order.txt'), '-CAfile', ca.cert, '-out', '/dev/null']).status).toBe(0);
    expect(opensslStatus(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file('pss.p7s')]).out).toContain('rsassaPss');
  });

  it('exits 1 when the content differs from what was signed, and says so in both languages', () => {
    writeFileSync(file('forged.txt'), readFileSync(file('order.txt'), 'utf8').replace('150 000,00', '950 000,00'));
    const en = cli(['verify', '--in', file('forged.txt'), '--signature', file('order2.p7s'), '--trust', ca.cert]);
    expect(en.status).toBe(1);
    expect(en.stdout).toContain('the content differs from what was signed (message digest mismatch)');
    expect(en.stdout).toContain('Verification FAILED.');
    const ru = cli(['verify', '--in', file('forged.txt'), '--signature', file('order2.p7s'), '--trust', ca.cert, '--lang', 'ru']);
    expect(ru.stdout).toContain('содержимое отличается от подписанного');
    expect(ru.stdout).toContain('Проверка НЕ ПРОЙДЕНА.');
  });
});

describe('bankclient: PINs', () => {
  it('reports a wrong PIN with the state the token reports, then changes and unblocks the PIN', () => {
    const wrong = cli(['key', 'list', '--token', 'Director', '--json'], { BANKCLIENT_PIN: '00000000' });
    expect(wrong.status).toBe(1);
    expect(wrong.json()).toMatchObject({ error: { code: 'pin.incorrect', ckr: 'CKR_PIN_INCORRECT' } });
    expect(wrong.stderr).toContain('Wrong PIN. The token reports that few tries are left');
    expect(cli(['token', 'info', '--token', 'Director', '--json']).json()).toMatchObject({ pin: { user: 'count-low' } });

    const change = cli(['token', 'change-pin', '--token', 'Director'], { BANKCLIENT_PIN: '11223344', BANKCLIENT_NEW_PIN: '99887766' });
    expect(change.status, change.stderr).toBe(0);
    expect(cli(['key', 'list', '--token', 'Director'], asDirector).status).toBe(1);
    expect(cli(['key', 'list', '--token', 'Director'], { BANKCLIENT_PIN: '99887766' }).status).toBe(0);

    const badSo = cli(['token', 'unblock', '--token', 'Director', '--json'], { BANKCLIENT_SO_PIN: 'wrong-so', BANKCLIENT_NEW_PIN: '11223344' });
    expect(badSo.status).toBe(1);
    expect(badSo.json()).toMatchObject({ error: { code: 'pin.so-incorrect' } });
    const unblock = cli(['token', 'unblock', '--token', 'Director'], { BANKCLIENT_SO_PIN: 'so-director', BANKCLIENT_NEW_PIN: '11223344' });
    expect(unblock.status, unblock.stderr).toBe(0);
    expect(cli(['key', 'list', '--token', 'Director'], asDirector).status).toBe(0);

    // every PIN change is in the profile's audit log, without the PINs, and the chain holds
    const profile = { BANKCLIENT_HOME: file('pin-profile') };
    cli(['token', 'change-pin', '--token', 'Director'], { ...asDirector, BANKCLIENT_NEW_PIN: '11223344', ...profile });
    cli(['token', 'unblock', '--token', 'Director'], { BANKCLIENT_SO_PIN: 'wrong-so', BANKCLIENT_NEW_PIN: '11223344', ...profile });
    const db = openDatabase(file('pin-profile'));
    const rows = db.prepare("SELECT action, subject, details FROM audit WHERE action LIKE 'pin.%' ORDER BY seq").all() as { action: string; subject: string; details: string }[];
    db.close();
    expect(rows.map((r) => [r.action, r.subject, JSON.parse(r.details).ok])).toEqual([
      ['pin.change', director.serial, true],
      ['pin.unblock', director.serial, false],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/11223344|wrong-so/);
    expect(cli(['audit', 'verify', '--json'], profile).json()).toMatchObject({ ok: true, rows: 2 });
  });

  it('never takes a PIN from the command line, and asks for one only on a terminal', () => {
    const onArgv = cli(['key', 'list', '--token', 'Director', '--pin', '11223344']);
    expect(onArgv.status).toBe(2);
    expect(onArgv.stderr).toContain('bankclient key list: Unknown option --pin. Help: bankclient --help');
    expect(cli(['key', 'list', '--token', 'Director', '--pin', 'x', '--lang', 'ru']).stderr).toContain('Неизвестный параметр --pin');
    expect(cli(['key', 'list', '--token']).stderr).toContain('Option --token needs a value');
    const none = cli(['key', 'list', '--token', 'Director']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('No PIN given: set BANKCLIENT_PIN or run in a terminal to be asked for it.');
  });
});

describe('bankclient: bad input changes nothing', () => {
  it('refuses a malformed certificate file, naming it', () => {
    writeFileSync(file('broken.pem'), '-----BEGIN CERTIFICATE-----\nMIIBroken==\n-----END CERTIFICATE-----\n');
    const r = cli(['cert', 'import', '--token', 'Director', '--in', file('broken.pem')], asDirector);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file('broken.pem')}: not a certificate`);
  });

  it('refuses a certificate for another key and leaves the token as it was', () => {
    const before = cli(['cert', 'list', '--token', 'Chief Accountant', '--json']).stdout;
    const r = cli(['cert', 'import', '--token', 'Chief Accountant', '--in', file('director.pem')], asChief);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('matches no key on token Chief Accountant. It was not imported.');
    expect(cli(['cert', 'list', '--token', 'Chief Accountant', '--json']).stdout).toBe(before);
  });

  it('refuses a chain holding anything but the certificate\'s issuers, and writes nothing', () => {
    const before = cli(['cert', 'list', '--token', 'Chief Accountant', '--json']).stdout;
    const notCa = cli(['cert', 'import', '--token', 'Chief Accountant', '--in', file('chief.pem'), '--chain', file('director.pem')], asChief);
    expect(notCa.status).toBe(1);
    expect(notCa.stderr).toContain('The chain certificate "CN=director, O=ООО Ромашка, C=RU, INNLE=7707083893" was refused: it is not a CA certificate. Nothing was imported.');
    mkdirSync(file('other-ca'));
    const otherCa = new TestCa(file('other-ca'), 'Other Bank CA');
    const stranger = cli(['cert', 'import', '--token', 'Chief Accountant', '--in', file('chief.pem'), '--chain', otherCa.cert], asChief);
    expect(stranger.status).toBe(1);
    expect(stranger.stderr).toContain('"CN=Other Bank CA, O=Test Bank, C=RU" was refused: it is not an issuer of the certificate');
    expect(cli(['cert', 'list', '--token', 'Chief Accountant', '--json']).stdout).toBe(before);
  });

  it('refuses a corrupted signature file and a signature of other content for --add-to, and writes no output', () => {
    writeFileSync(file('corrupt.p7s'), readFileSync(file('order.p7s')).subarray(0, 300));
    const v = cli(['verify', '--in', file('order.txt'), '--signature', file('corrupt.p7s'), '--trust', ca.cert]);
    expect(v.status).toBe(1);
    expect(v.stderr).toContain(`${file('corrupt.p7s')}: not a CMS SignedData structure`);
    const add = cli(['sign', '--token', 'Chief Accountant', '--key', 'chief', '--in', file('forged.txt'), '--add-to', file('order.p7s'), '--out', file('never.p7s')], asChief);
    expect(add.status).toBe(1);
    expect(add.stderr).toContain('The existing signature is over other content than the file given; no signer was added.');
    expect(() => readFileSync(file('never.p7s'))).toThrow();
  });

  it('names a missing module path, a missing token, a missing key and a missing file', () => {
    expect(cli(['token', 'list', '--module', '/opt/none/libtoken.so']).stderr).toContain('The PKCS#11 module /opt/none/libtoken.so (from --module) does not exist.');
    expect(cli(['token', 'info', '--token', 'Treasurer']).stderr).toContain('No token with label or serial "Treasurer"');
    expect(cli(['sign', '--token', 'Director', '--key', 'nobody', '--in', file('order.txt'), '--out', file('x.p7s')], asDirector).stderr).toContain('No key "nobody" on token Director');
    expect(cli(['sign', '--token', 'Director', '--key', 'director', '--in', file('absent.txt'), '--out', file('x.p7s')], asDirector).stderr).toContain(`Cannot read ${file('absent.txt')}: ENOENT`);
    expect(cli(['key', 'generate', '--token', 'Director', '--algorithm', 'gost', '--label', 'g'], asDirector).stderr).toContain('Unknown algorithm "gost". Use one of: ec-p256, ec-p384, rsa-2048, rsa-3072, gost2012-256[:cryptopro-a|cryptopro-b|cryptopro-c|tc26-256-a], gost2012-512[:tc26-512-a|tc26-512-b|tc26-512-c].');
  });

  it('deletes a key pair with its certificate, and nothing else', () => {
    cli(['key', 'generate', '--token', 'Chief Accountant', '--algorithm', 'ec-p384', '--label', 'spare'], asChief);
    cli(['csr', 'create', '--token', 'Chief Accountant', '--key', 'spare', '--subject', 'CN=spare', '--out', file('spare.csr')], asChief);
    cli(['cert', 'import', '--token', 'Chief Accountant', '--in', ca.issue(file('spare.csr'), file('spare.pem'))], asChief);
    const certsBefore = cli(['cert', 'list', '--token', 'Chief Accountant', '--json']).json<{ certificates: { subject: string }[] }>().certificates;
    expect(certsBefore.map((c) => c.subject)).toContain('CN=spare');
    const del = cli(['key', 'delete', '--token', 'Chief Accountant', '--key', 'spare', '--json'], asChief);
    expect(del.json()).toMatchObject({ deleted: { label: 'spare', objects: 3 } });
    expect(cli(['key', 'list', '--token', 'Chief Accountant', '--json'], asChief).json<{ keys: { label: string }[] }>().keys.map((k) => k.label)).toEqual(['chief']);
    const certsAfter = cli(['cert', 'list', '--token', 'Chief Accountant', '--json']).json<{ certificates: { subject: string }[] }>().certificates;
    expect(certsAfter.map((c) => c.subject).sort()).toEqual(certsBefore.map((c) => c.subject).filter((x) => x !== 'CN=spare').sort());
  });

});

describe('bankclient: keys made by other tools', () => {
  it('lists a key pkcs11-tool generated, and refuses to use a curve it cannot sign with', () => {
    hsm.pkcs11Tool(['--login', '--pin', chief.pin, '--token-label', 'Chief Accountant', '--keypairgen', '--key-type', 'EC:secp521r1', '--label', 'p521', '--id', '0521']);
    const keys = cli(['key', 'list', '--token', 'Chief Accountant', '--json'], asChief).json<{ keys: { label: string; id: string; algorithm: string }[] }>().keys;
    expect(keys).toContainEqual(expect.objectContaining({ label: 'p521', id: '0521', algorithm: 'unsupported' }));
    const csr = cli(['csr', 'create', '--token', 'Chief Accountant', '--key', '0521', '--subject', 'CN=X', '--out', file('p521.csr')], asChief);
    expect(csr.status).toBe(1);
    expect(csr.stderr).toContain('The key "p521" is of a type this app cannot sign with (EC 06052b81040023).');
    expect(cli(['key', 'delete', '--token', 'Chief Accountant', '--key', 'p521'], asChief).status).toBe(0);
  });

  it('keeps apart keys that another tool made without CKA_ID, and deletes only the one named', () => {
    for (const label of ['ext1', 'ext2']) {
      hsm.pkcs11Tool(['--login', '--pin', chief.pin, '--token-label', 'Chief Accountant', '--keypairgen', '--key-type', 'rsa:2048', '--label', label]);
    }
    const labels = (): string[] => cli(['key', 'list', '--token', 'Chief Accountant', '--json'], asChief).json<{ keys: { label: string }[] }>().keys.map((k) => k.label);
    expect(labels()).toEqual(['chief', 'ext1', 'ext2']);
    const del = cli(['key', 'delete', '--token', 'Chief Accountant', '--key', 'ext2', '--json'], asChief);
    expect(del.json()).toMatchObject({ deleted: { label: 'ext2', objects: 2 } });
    expect(labels()).toEqual(['chief', 'ext1']);
    cli(['key', 'delete', '--token', 'Chief Accountant', '--key', 'ext1'], asChief);
  });
});

describe('bankclient: secrets stay secret', () => {
  it('no output of any command above contains a PIN or SO PIN', () => {
    expect(outputs.length).toBeGreaterThan(20);
    for (const r of outputs) {
      for (const secret of ['11223344', '55667788', '99887766', '00000000', 'so-director', 'wrong-so']) {
        // '--pin 11223344' was typed on the command line on purpose; the error must not echo it either
        expect(r.stdout + r.stderr).not.toContain(secret);
      }
    }
  });
});
