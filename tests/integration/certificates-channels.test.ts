/**
 * The certificates area's channels through the browser host, against the sandbox bank and a
 * SoftHSM2 token: enrolment step by step (request, act PDF, submit, the bank's decision,
 * install), rejection, renewal, PIN change and unblock, and the settings (modules, bank URL).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client } from '../../src/main/client.ts';
import { login } from '../../src/main/bank/session.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { totpNow } from '../helpers/client-flow.ts';
import { adminCall } from '../helpers/sandbox.ts';
import { SOFTHSM_MODULE } from '../helpers/softhsm.ts';

const app = useAppServices('certificates-channels', {
  tokens: [
    { label: 'Officer', pin: '11112222', soPin: '99998888' },
    { label: 'Spare', pin: '33334444', soPin: '77776666' },
  ],
  actor: 'officer',
});
/** One call of the channel table over HTTP, as the page makes it: the answer (a refusal throws), or the refusal's code and parameters. */
const { ok, refusal } = app;

const SUBJECT = { company: 'ООО «Ромашка»', inn: '7707083893', name: 'Петров, Пётр "Первый" <b>', position: 'Директор' };

describe('certificates channels', () => {
  let totpSecret = '';
  let keyId = '';

  it('lists the tokens with their PIN state and no certificates yet', async () => {
    const tokens = await ok<{ label: string; serial: string; pin: { user: string }; pinLength: { min: number } }[]>('certificates.tokens', {});
    expect(tokens.map((t) => t.label).sort()).toEqual(['Officer', 'Spare']);
    expect(tokens[0]!.pin.user).toBe('ok');
    const list = await ok<{ token: { label: string }; certificates: unknown[] }[]>('certificates.list', {});
    expect(list.every((t) => t.certificates.length === 0)).toBe(true);
    expect(await ok('certificates.pending', {})).toEqual({});
  });

  it('refuses a subject with a wrong INN before any key is made', async () => {
    const bad = await refusal('certificates.request', { token: app.token('Officer').serial, pin: app.token('Officer').pin, algorithm: 'ec-p256', keyLabel: 'k1', subject: { ...SUBJECT, inn: '7701325469' } });
    expect(bad.code).toBe('subject.invalid-value');
    expect(await app.client.tokens.listKeys(app.token('Officer').serial, Buffer.from(app.token('Officer').pin))).toEqual([]);
  });

  it('enrols: key and request, the act as PDF, submit with the code, the bank approves, install', async () => {
    const made = await ok<{ requestId: string; key: { id: string; label: string }; subject: string; csrPem: string; fingerprint: string }>('certificates.request', {
      token: app.token('Officer').serial,
      pin: app.token('Officer').pin,
      algorithm: 'rsa-2048',
      keyLabel: 'officer-key',
      subject: SUBJECT,
    });
    keyId = made.key.id;
    expect(made.key.label).toBe('officer-key');
    expect(made.fingerprint).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
    // the typed comma, quotes and angle brackets are escaped in the subject, not taken as syntax
    expect(made.subject).toBe('CN=Петров\\, Пётр \\"Первый\\" \\<b\\>,T=Директор,O=ООО «Ромашка»,1.2.643.100.4=7707083893,C=RU');
    // OpenSSL checks the request's signature (made on the token)
    const csrFile = join(app.hsm.dir, 'req.pem');
    writeFileSync(csrFile, made.csrPem);
    expect(execFileSync('openssl', ['req', '-verify', '-noout', '-in', csrFile], { encoding: 'utf8', stdio: 'pipe' })).toBe('');

    const act = await ok<{ fileName: string; pdfBase64: string }>('certificates.act', { requestId: made.requestId, locale: 'ru', timeZone: 'Asia/Vladivostok' });
    const pdf = Buffer.from(act.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(act.fileName).toBe('key-act-officer-key.pdf');
    const pdfFile = join(app.hsm.dir, act.fileName);
    writeFileSync(pdfFile, pdf);
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, ' ')).toContain(made.fingerprint);
    expect(text).toContain('7707083893');
    // issue 13: the bank by its name (its CA's), the subject as people write it, the time in the user's zone with its offset
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Банк: Sandbox Bank');
    expect(flat).toContain('CN=Петров, Пётр "Первый" <b>, T=Директор, O=ООО «Ромашка»');
    expect(flat).toMatch(/Дата составления: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(UTC\+10:00\)/);
    expect(text).toContain('Петров, Пётр "Первый" <b>');

    const wrong = await refusal('certificates.submit', { requestId: made.requestId, code: 'not-the-code' });
    expect(wrong.code).toBe('bank.problem');
    // the code of another person: the bank names its holder, and refuses the request made in another name, the code staying unused
    const other = await adminCall(app.bank, 'POST', '/admin/users', { companyId: app.companyId, name: 'Петров Пётр', position: 'Директор', role: 'single-signature' });
    const otherCode = (other.body as { enrolmentCode: string }).enrolmentCode;
    expect(await ok('certificates.holder', { code: otherCode })).toEqual({ name: 'Петров Пётр', position: 'Директор', role: 'single-signature', company: { name: 'ООО «Ромашка»', inn: '7707083893' } });
    const mismatch = await refusal('certificates.submit', { requestId: made.requestId, code: otherCode });
    expect(mismatch.code).toBe('bank.problem');
    expect(mismatch.params).toMatchObject({ code: 'csr-subject-mismatch' });
    expect(String(mismatch.params!.detail)).toContain('"Петров Пётр"');
    expect(String(mismatch.params!.detail)).toContain(JSON.stringify(SUBJECT.name));
    expect((await ok<{ name: string }>('certificates.holder', { code: otherCode })).name).toBe('Петров Пётр');
    expect((await refusal('certificates.holder', { code: 'not-the-code' })).params).toMatchObject({ code: 'enrolment-code-invalid' });
    const user = await adminCall(app.bank, 'POST', '/admin/users', { companyId: app.companyId, name: SUBJECT.name, role: 'single-signature' });
    const code = (user.body as { enrolmentCode: string }).enrolmentCode;
    const sent = await ok<{ enrollmentId: string; status: string; totp?: { secret: string; uri: string } }>('certificates.submit', { requestId: made.requestId, code });
    expect(sent.status).toBe('pending');
    expect(sent.totp?.uri).toMatch(/^otpauth:\/\/totp\//);
    totpSecret = sent.totp!.secret;
    // the code is not kept anywhere in the profile
    const dump = JSON.stringify(app.client.db.prepare('SELECT * FROM settings').all()) + JSON.stringify(app.client.db.prepare('SELECT * FROM audit').all());
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(totpSecret);
    // the request is spent: it cannot be sent twice
    expect((await refusal('certificates.submit', { requestId: made.requestId, code })).code).toBe('ui.certificates.error.request-unknown');

    expect(await ok('certificates.pending', {})).toEqual({ pending: { enrollmentId: sent.enrollmentId, token: app.token('Officer').serial, key: 'officer-key' } });
    expect(await ok('certificates.status', {})).toMatchObject({ enrollmentId: sent.enrollmentId, status: 'pending' });
    await adminCall(app.bank, 'POST', `/admin/enrollments/${sent.enrollmentId}/decision`, { approve: true });
    expect(await ok('certificates.status', {})).toMatchObject({ status: 'approved' });
    expect((await refusal('certificates.install', { pin: '00000000' })).code).toBe('pin.incorrect');
    const before = app.events.length;
    const installed = await ok<{ status: string; certificate: { serialNumber: string; subject: string } }>('certificates.install', { pin: app.token('Officer').pin });
    expect(installed.status).toBe('approved');
    expect(installed.certificate.subject).toContain('Петров');
    // the token bar learns of the new key at once
    expect(app.events.slice(before)).toContainEqual({ event: 'tokens.changed', payload: { reason: 'certificate' } });
    expect(await ok('certificates.pending', {})).toEqual({});

    const list = await ok<{ token: { serial: string }; certificates: { serialNumber: string; authority: boolean; current: boolean; inUse: boolean; id: string; keyAlgorithm?: string }[] }[]>('certificates.list', {});
    const mine = list.find((t) => t.token.serial === app.token('Officer').serial)!.certificates;
    const own = mine.find((c) => !c.authority)!;
    expect(own).toMatchObject({ serialNumber: installed.certificate.serialNumber, current: true, inUse: false, id: keyId, keyAlgorithm: 'RSA-2048' });
    expect(mine.some((c) => c.authority)).toBe(true);
  });

  it('fills the subject from the bank after a login, and marks the certificate in use', async () => {
    await login(app.client.db, app.client.api, app.client.tokens, { token: app.token('Officer').serial, key: 'officer-key', pin: Buffer.from(app.token('Officer').pin), totp: totpNow(app.bank, totpSecret), actor: 'officer' });
    expect(await ok('certificates.company', {})).toEqual({ company: { name: 'ООО «Ромашка»', inn: '7707083893' }, person: SUBJECT.name });
    const list = await ok<{ token: { serial: string }; certificates: { inUse: boolean; authority: boolean }[] }[]>('certificates.list', {});
    expect(list.find((t) => t.token.serial === app.token('Officer').serial)!.certificates.find((c) => !c.authority)!.inUse).toBe(true);
  });

  it('renews: a new key, the request signed by the current one, the certificate installed beside the old one', async () => {
    const before = await app.client.tokens.listCertificates(app.token('Officer').serial);
    const renewed = await ok<{ serialNumber: string; subject: string }>('certificates.renew', { token: app.token('Officer').serial, pin: app.token('Officer').pin, key: keyId, algorithm: 'ec-p256', newKeyLabel: 'officer-key-2' });
    expect(renewed.subject).toBe(before.find((c) => !c.authority)!.subject);
    const list = await ok<{ token: { serial: string }; certificates: { serialNumber: string; authority: boolean; current: boolean; label: string }[] }[]>('certificates.list', {});
    const own = list.find((t) => t.token.serial === app.token('Officer').serial)!.certificates.filter((c) => !c.authority);
    expect(own).toHaveLength(2);
    expect(own.find((c) => c.serialNumber === renewed.serialNumber)).toMatchObject({ current: true, label: 'officer-key-2' });
    // the new key logs in
    const s = await login(app.client.db, app.client.api, app.client.tokens, { token: app.token('Officer').serial, key: 'officer-key-2', pin: Buffer.from(app.token('Officer').pin), totp: totpNow(app.bank, totpSecret), actor: 'officer' });
    expect(s.certificateSerial).toBe(renewed.serialNumber.toLowerCase());
  });

  it('ends a rejected enrolment with the bank\'s reason', async () => {
    const made = await ok<{ requestId: string }>('certificates.request', { token: app.token('Spare').serial, pin: app.token('Spare').pin, algorithm: 'ec-p256', keyLabel: 'spare-key', subject: { ...SUBJECT, name: 'Сидоров' } });
    const user = await adminCall(app.bank, 'POST', '/admin/users', { companyId: app.companyId, name: 'Сидоров', role: 'prepares' });
    const sent = await ok<{ enrollmentId: string }>('certificates.submit', { requestId: made.requestId, code: (user.body as { enrolmentCode: string }).enrolmentCode });
    await adminCall(app.bank, 'POST', `/admin/enrollments/${sent.enrollmentId}/decision`, { approve: false, reason: 'акт не получен' });
    expect(await ok('certificates.status', {})).toEqual({ enrollmentId: sent.enrollmentId, status: 'rejected', reason: 'акт не получен' });
    expect(await ok('certificates.pending', {})).toEqual({});
    expect((await refusal('certificates.status', {})).code).toBe('enroll.none-pending');
  });

  it('changes the PIN: mismatch, length and a wrong current PIN are refused; then the new PIN logs in', async () => {
    const base = { token: app.token('Officer').serial, oldPin: app.token('Officer').pin };
    expect((await refusal('certificates.changePin', { ...base, newPin: '55556666', confirm: '55556667' })).code).toBe('pin.mismatch');
    expect((await refusal('certificates.changePin', { ...base, newPin: '12', confirm: '12' })).code).toBe('ui.certificates.error.pin-length');
    expect((await refusal('certificates.changePin', { ...base, oldPin: '00000000', newPin: '55556666', confirm: '55556666' })).code).toBe('pin.incorrect');
    expect(await ok('certificates.changePin', { ...base, newPin: '55556666', confirm: '55556666' })).toMatchObject({ pin: { user: 'ok' } });
    const s = await login(app.client.db, app.client.api, app.client.tokens, { token: app.token('Officer').serial, key: 'officer-key-2', pin: Buffer.from('55556666'), totp: totpNow(app.bank, totpSecret), actor: 'officer' });
    expect(s.user.name).toBe(SUBJECT.name);
    await expect(app.client.tokens.listKeys(app.token('Officer').serial, Buffer.from(app.token('Officer').pin))).rejects.toMatchObject({ code: 'pin.incorrect' });
    const audit = app.client.db.prepare("SELECT details FROM audit WHERE action = 'pin.change' ORDER BY seq").all() as { details: string }[];
    expect(audit.map((a) => JSON.parse(a.details).ok)).toEqual([false, true]);
    expect(JSON.stringify(audit)).not.toContain('55556666');
  });

  it('unblocks with the SO PIN: a wrong SO PIN is refused, the new PIN works', async () => {
    const base = { token: app.token('Officer').serial, newPin: '24682468', confirm: '24682468' };
    expect((await refusal('certificates.unblockPin', { ...base, soPin: '00000000' })).code).toBe('pin.so-incorrect');
    expect(await ok('certificates.unblockPin', { ...base, soPin: app.token('Officer').soPin })).toMatchObject({ pin: { user: 'ok' } });
    expect((await app.client.tokens.listKeys(app.token('Officer').serial, Buffer.from('24682468'))).map((k) => k.label).sort()).toEqual(['officer-key', 'officer-key-2']);
  });
});

describe('settings channels', () => {
  it('lists the known modules with the one in use', async () => {
    const s = await ok<{ modules: { detected: { path: string; present: boolean }[]; inUse: string; added: string[] }; bankUrl: string; bankPinned: boolean }>('settings.get', {});
    expect(s.modules.detected).toContainEqual({ name: 'SoftHSM2', path: SOFTHSM_MODULE, present: true });
    expect(s.modules.inUse).toBe(SOFTHSM_MODULE);
    expect(s.bankUrl).toBe(app.bank.url);
    expect(s.bankPinned).toBe(true); // the enrolment above pinned the bank's CA
  });

  it('refuses a path that is not a PKCS#11 module, saying why; keeps one that is and the token service uses it', async () => {
    expect(await refusal('settings.addModule', { path: '/nonexistent/libpkcs11.so' })).toMatchObject({ code: 'module.missing-file' });
    expect(await refusal('settings.addModule', { path: '/etc/hostname' })).toMatchObject({ code: 'ui.settings.error.not-a-library', params: { path: '/etc/hostname' } });
    // a real module, but where anyone (a download, say) could have put it: not loaded, whoever owns it
    const dropped = mkdtempSync(join(tmpdir(), 'bc-dropped-'));
    copyFileSync(SOFTHSM_MODULE, join(dropped, 'libpkcs11.so'));
    chmodSync(dropped, 0o777);
    expect(await refusal('settings.addModule', { path: join(dropped, 'libpkcs11.so') })).toMatchObject({ code: 'ui.settings.error.module-not-installed' });
    chmodSync(dropped, 0o755);
    // owned by "nobody", not root (run by a user, it is the user's file: not root's either)
    if (process.getuid?.() === 0) chownSync(join(dropped, 'libpkcs11.so'), 65534, 65534);
    expect(await refusal('settings.addModule', { path: join(dropped, 'libpkcs11.so') })).toMatchObject({ code: 'ui.settings.error.module-not-installed' });
    expect(await refusal('settings.addModule', { path: 'libsofthsm2.so' })).toMatchObject({ code: 'module.missing-file' });
    rmSync(dropped, { recursive: true, force: true });
    const notPkcs11 = await refusal('settings.addModule', { path: '/usr/lib/x86_64-linux-gnu/libz.so.1' });
    expect(notPkcs11.code).toBe('ui.settings.error.not-pkcs11');
    const s = await ok<{ modules: { added: string[]; selected: string } }>('settings.addModule', { path: SOFTHSM_MODULE });
    expect(s.modules).toMatchObject({ added: [SOFTHSM_MODULE], selected: SOFTHSM_MODULE });
    // a profile opened without --module uses the module of its settings
    const again = new Client({ dataDir: join(app.hsm.dir, 'profile'), env: { ...app.hsm.env, PKCS11_MODULE: '' } });
    try {
      expect(again.tokens.modulePath).toBe(SOFTHSM_MODULE);
    } finally {
      again.close();
    }
    const removed = await ok<{ modules: { added: string[]; selected?: string } }>('settings.removeModule', { path: SOFTHSM_MODULE });
    expect(removed.modules.added).toEqual([]);
    expect(removed.modules.selected).toBeUndefined();
  });

  it('refuses an insecure bank address, and any other bank once the CA is trusted', async () => {
    expect(await refusal('settings.setBankUrl', { url: 'http://bank.example.com' })).toMatchObject({ code: 'bank.url-insecure' });
    expect(await refusal('settings.setBankUrl', { url: 'not a url' })).toMatchObject({ code: 'bank.url-invalid' });
    expect(await refusal('settings.setBankUrl', { url: 'https://other-bank.example' })).toMatchObject({ code: 'ui.settings.error.bank-pinned', params: { current: app.bank.url } });
    expect(await ok('settings.setBankUrl', { url: app.bank.url })).toMatchObject({ bankUrl: app.bank.url });
  });
});
