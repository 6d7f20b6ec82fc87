import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { Client } from '../../src/main/client.ts';
import { verifyAudit } from '../../src/main/audit/audit-log.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';
import { adminCall } from '../helpers/sandbox.ts';
import { enrolAndLogin, SUBJECT, totpNow, type Person } from '../helpers/client-flow.ts';
import { login } from '../../src/main/bank/session.ts';
import { BankApi, BankError, type CallOptions, type OperationId } from '../../src/main/bank/bank-api.ts';
import { SyncEngine } from '../../src/main/sync/sync-engine.ts';
import { pinnedCa } from '../../src/main/bank/trust.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { opensslStatus } from '../helpers/openssl.ts';

let hsm: SoftHsm;
let bank: RunningSandbox;
let director: Client;
let chief: Client;
let dir: Person;
let chf: Person;

const today = (): string => bank.clock.now().toISOString().slice(0, 10);
const HOME = { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' };
const order = (amount: number, number: string) => ({
  ...DOCUMENT_EXAMPLES['payment-order'],
  number,
  date: today(),
  amount,
  payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: HOME },
});

beforeAll(async () => {
  hsm = new SoftHsm('client-flow');
  hsm.initTestToken('Director', '10101010');
  hsm.initTestToken('Chief', '30303030');
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  const companyId = getSetting(bank.db, 'demo.company_id')!;
  const env = { ...process.env, ...hsm.env };
  director = new Client({ dataDir: join(hsm.dir, 'director'), bankUrl: bank.url, modulePath: SOFTHSM_MODULE, env, actor: 'Иванов', today });
  chief = new Client({ dataDir: join(hsm.dir, 'chief'), bankUrl: bank.url, modulePath: SOFTHSM_MODULE, env, actor: 'Сидорова', today });
  dir = await enrolAndLogin(bank, director, { token: 'Director', pin: '10101010', name: 'Иванов Иван Иванович', role: 'first-signature', limit: 2_000_000_00, companyId });
  chf = await enrolAndLogin(bank, chief, { token: 'Chief', pin: '30303030', name: 'Сидорова Мария Петровна', role: 'second-signature', companyId });
}, 60_000);

afterAll(async () => {
  director?.close();
  chief?.close();
  await bank?.close();
  hsm?.cleanup();
});

describe('client services against the sandbox bank', () => {
  it('a second signature added while the submission is on its way is sent after it, not lost', async () => {
    // first in this file too (the later tests move the bank's clock)
    const base = order(1_050_000_00, '4150');
    const d = director.documents.create({ kind: 'payment-order', content: { ...base, payer: { ...base.payer, account: '40702810500000000031' } } });
    await director.signing.sign({ ids: [d.id], token: dir.token, key: dir.key, pin: Buffer.from(dir.pin) });
    await login(director.db, director.api, director.tokens, { token: chf.token, key: chf.key, pin: Buffer.from(chf.pin), totp: totpNow(bank, chf.totpSecret), actor: 'Сидорова' });
    // the bank takes the first signature; before its answer is noted, the chief signs at this desk
    class SlowBank extends BankApi {
      override async call<T>(id: OperationId, o: CallOptions = {}): Promise<T> {
        const answer = await super.call<T>(id, o);
        if ((id === 'submitDocument' || id === 'submitDocuments') && director.documents.get(d.id).signers.length === 1) {
          await director.signing.sign({ ids: [d.id], token: chf.token, key: chf.key, pin: Buffer.from(chf.pin) });
        }
        return answer;
      }
    }
    const engine = new SyncEngine(director.db, new SlowBank(bank.url), { actor: 'test' });
    const first = await engine.syncOnce();
    expect(first.push.sent).not.toContain(d.id); // the answer was for one signer: the row stays open
    expect(director.documents.get(d.id).signers).toHaveLength(2);
    const second = await engine.syncOnce();
    expect(second.push.sent).toContain(d.id);
    expect(director.documents.get(d.id).status).toBe('delivered');
    expect(bank.db.prepare('SELECT COUNT(*) AS n FROM document_signatures WHERE document_id = ?').get(d.id)).toEqual({ n: 2 });
  });

  it('takes both signatures on one machine before sending: one submission carries both signers', async () => {
    // from the second account: the main account's money is for the next test
    const base = order(1_100_000_00, '4100');
    const d = director.documents.create({ kind: 'payment-order', content: { ...base, payer: { ...base.payer, account: '40702810500000000031' } } });
    await director.signing.sign({ ids: [d.id], token: dir.token, key: dir.key, pin: Buffer.from(dir.pin) });
    // (first in this file: the others move the bank's clock days ahead of the signing time)
    // the chief signs at the director's desk, with her own token, before anything went to the bank
    await login(director.db, director.api, director.tokens, { token: chf.token, key: chf.key, pin: Buffer.from(chf.pin), totp: totpNow(bank, chf.totpSecret), actor: 'Сидорова' });
    const second = await director.signing.sign({ ids: [d.id], token: chf.token, key: chf.key, pin: Buffer.from(chf.pin) });
    expect(second.signed).toEqual([d.id]);
    expect(director.documents.get(d.id)).toMatchObject({ status: 'signed', missing: [] });
    expect(director.documents.get(d.id).signers.map((x) => x.kind)).toEqual(['first', 'second']);
    const rows = director.db.prepare("SELECT op FROM outbox WHERE document_id = ? AND state = 'pending'").all(d.id);
    expect(rows).toEqual([{ op: 'submit' }]);
    const sent = await director.sync().syncOnce();
    expect(director.sync().state().lastError).toBeUndefined();
    expect(sent.push.sent).toContain(d.id);
    expect(director.documents.get(d.id).status).toBe('delivered');
    expect(bank.db.prepare('SELECT COUNT(*) AS n FROM document_signatures WHERE document_id = ?').get(d.id)).toEqual({ n: 2 });
  });

  it('signs as first signer, sends, has the second signer add theirs on another machine, and follows both payments to executed with verified receipts', async () => {
    const small = director.documents.create({ kind: 'payment-order', content: order(50_000_00, '101') });
    const large = director.documents.create({ kind: 'payment-order', content: order(1_200_000_00, '102') });
    const progress: number[] = [];
    const report = await director.signing.sign({ ids: [small.id, large.id], token: dir.token, key: dir.key, pin: Buffer.from(dir.pin), onProgress: (p) => progress.push(p.signed) });
    expect(report.signed.sort()).toEqual([small.id, large.id].sort());
    expect(progress.at(-1)).toBe(2);
    expect(director.documents.get(small.id)).toMatchObject({ status: 'signed', missing: [] });
    expect(director.documents.get(large.id)).toMatchObject({ status: 'signed', missing: ['second'] });
    expect(() => director.documents.remove(small.id)).toThrow();

    const pushed = await director.sync().syncOnce();
    expect(pushed.push.sent.sort()).toEqual([small.id, large.id].sort());
    expect(director.documents.get(small.id).status).toBe('delivered');
    expect(director.documents.get(large.id)).toMatchObject({ status: 'sent', missing: ['second'] });

    // the chief, on another machine, sees it waiting for the second signature
    await chief.sync().syncOnce();
    const awaiting = chief.db.prepare('SELECT id FROM awaiting').all() as { id: string }[];
    expect(awaiting.map((a) => a.id)).toEqual([large.id]);
    const second = await chief.signing.sign({ ids: [large.id], token: chf.token, key: chf.key, pin: Buffer.from(chf.pin) });
    expect(second.signed).toEqual([large.id]);
    expect(chief.documents.get(large.id).missing).toEqual([]);
    // who signed before is known from the verified signature, not left blank
    expect(chief.documents.get(large.id).signers.map((x) => [x.kind, x.signer.includes('Иванов') || x.signer.includes('Сидорова')])).toEqual([
      ['first', true],
      ['second', true],
    ]);
    // the bank takes the second signature but the answer is lost on the way
    class LostAnswer extends BankApi {
      override async call<T>(id: OperationId, o: CallOptions = {}): Promise<T> {
        const answer = await super.call<T>(id, o);
        if (id === 'addSignature') throw new BankError('bank.unreachable', { url: this.baseUrl, reason: 'ECONNRESET' }, true);
        return answer;
      }
    }
    const lossy = new SyncEngine(chief.db, new LostAnswer(bank.url), { actor: 'test' });
    expect((await lossy.syncOnce()).push.sent).toEqual([]);
    expect(chief.documents.get(large.id).status).toBe('sent');
    chief.sync().retryNow();
    const sent = await chief.sync().syncOnce(); // the bank says it has it: found, not failed
    expect(sent.push.sent).toEqual([large.id]);
    expect(chief.sync().state()).toMatchObject({ failed: 0 });
    expect(chief.documents.get(large.id).status).toBe('delivered');

    for (let i = 0; i < 3; i++) await adminCall(bank, 'POST', '/admin/clock', { seconds: 86_400 });
    await director.sync().syncOnce();
    // days passed on the bank's clock: the session expired, and sync says to log in again
    expect(director.sync().state().lastError).toMatchObject({ code: 'sync.login-needed' });
    await login(director.db, director.api, director.tokens, { token: dir.token, key: dir.key, pin: Buffer.from(dir.pin), totp: totpNow(bank, dir.totpSecret), actor: 'Иванов' });
    await director.sync().syncOnce();
    expect(director.sync().state().lastError).toBeUndefined();
    expect(director.documents.get(small.id).status).toBe('executed');
    expect(director.documents.get(large.id).status).toBe('executed');
    const receipts = director.db.prepare('SELECT document_id, status FROM receipts WHERE document_id IN (?, ?) ORDER BY cursor').all(small.id, large.id) as { status: string }[];
    expect(receipts.map((r) => r.status)).toEqual(expect.arrayContaining(['delivered', 'accepted', 'executed']));
    expect(director.sync().state()).toMatchObject({ pending: 0, failed: 0 });
    expect(director.sync().state().lastError).toBeUndefined();
    expect(verifyAudit(director.db).ok).toBe(true);
    expect(verifyAudit(chief.db).ok).toBe(true);
  }, 60_000);

  it('cancelling a batch keeps what was signed, signed and queued, and leaves the rest untouched drafts', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => director.documents.create({ kind: 'payment-order', content: order(1_00, String(3000 + i)) }).id);
    const controller = new AbortController();
    const report = await director.signing.sign({ ids, token: dir.token, key: dir.key, pin: Buffer.from(dir.pin), signal: controller.signal, onProgress: () => controller.abort(new Error('cancelled by the user')) });
    expect(report.error?.message).toMatch(/cancelled/);
    expect(report.signed.length).toBeGreaterThan(0);
    expect(report.notSigned.length).toBeGreaterThan(0);
    expect(report.signed.length + report.notSigned.length).toBe(ids.length);
    const outbox = director.db.prepare("SELECT document_id FROM outbox WHERE state = 'pending'").all() as { document_id: string }[];
    expect(new Set(outbox.map((o) => o.document_id))).toEqual(new Set(report.signed));
    for (const id of report.notSigned.slice(0, 20)) expect(director.documents.get(id)).toMatchObject({ status: 'draft', signers: [] });
    for (const id of report.signed.slice(0, 20)) expect(director.documents.get(id).signers).toHaveLength(1);
    expect(verifyAudit(director.db).ok).toBe(true);
  }, 60_000);

  it('a batch over two flushes stores each signature as signing one document does: the bytes shown, a SignedData OpenSSL verifies, one signer row, one outbox row, in order, and the audit', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => director.documents.create({ kind: 'payment-order', content: order(2_00, String(5000 + i)) }).id);
    const shown = new Map(ids.map((id) => [id, Buffer.from(director.signing.shown(id).bytes)]));
    const auditBefore = (director.db.prepare('SELECT MAX(seq) AS n FROM audit').get() as { n: number }).n;
    const report = await director.signing.sign({ ids, token: dir.token, key: dir.key, pin: Buffer.from(dir.pin) });
    expect(report.signed).toEqual(ids);
    expect(report.skipped).toEqual([]);
    const ca = pinnedCa(director.db)!;
    const caFile = join(hsm.dir, 'rows-ca.pem');
    writeFileSync(caFile, `-----BEGIN CERTIFICATE-----\n${ca.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`);
    const docs = director.db.prepare("SELECT id, status, canonical, cms, missing, updated_at FROM documents WHERE id IN (SELECT value FROM json_each(?))").all(JSON.stringify(ids)) as { id: string; status: string; canonical: Buffer; cms: Buffer; missing: string; updated_at: string }[];
    const byId = new Map(docs.map((d) => [d.id, d]));
    const signers = director.db.prepare('SELECT document_id, seq, kind, certificate_serial, signer, signed_at FROM signatures WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY rowid').all(JSON.stringify(ids));
    const outbox = director.db.prepare('SELECT id, document_id, op, cms, state, attempts, next_attempt_at, last_error, created_at, done_at FROM outbox WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY id').all(JSON.stringify(ids));
    // what one document signed alone writes (lifecycle.signed: freeze, enqueue, addSignature), for each, in the order signed
    expect(signers).toEqual(ids.map((id) => ({ document_id: id, seq: 1, kind: 'first', certificate_serial: report.certificateSerial, signer: 'Иванов Иван Иванович', signed_at: byId.get(id)!.updated_at })));
    expect(outbox.map((o) => ({ ...(o as object), id: 0 }))).toEqual(ids.map((id) => ({ id: 0, document_id: id, op: 'submit', cms: Buffer.alloc(0), state: 'pending', attempts: 0, next_attempt_at: byId.get(id)!.updated_at, last_error: null, created_at: byId.get(id)!.updated_at, done_at: null })));
    const outboxIds = outbox.map((o) => (o as { id: number }).id);
    expect(outboxIds).toEqual([...outboxIds].sort((a, b) => a - b));
    const times = ids.map((id) => byId.get(id)!.updated_at);
    expect(times).toEqual([...times].sort());
    for (const [i, id] of ids.entries()) {
      const d = byId.get(id)!;
      expect({ status: d.status, missing: d.missing, canonical: d.canonical.equals(shown.get(id)!) }).toEqual({ status: 'signed', missing: '[]', canonical: true });
      const r = await verifyDetached(d.canonical, d.cms, [ca], id);
      expect(r.ok).toBe(true);
      expect(r.signers.map((x) => x.serialNumber?.toLowerCase())).toEqual([report.certificateSerial]);
      if (i === 0 || i === 511 || i === 512 || i === 599) {
        writeFileSync(join(hsm.dir, 'rows.bin'), d.canonical);
        writeFileSync(join(hsm.dir, 'rows.p7s'), d.cms);
        expect(opensslStatus(['cms', '-verify', '-binary', '-content', join(hsm.dir, 'rows.bin'), '-inform', 'DER', '-in', join(hsm.dir, 'rows.p7s'), '-CAfile', caFile, '-purpose', 'any', '-out', '/dev/null']).status).toBe(0);
      }
    }
    // one audit entry per flush of 512, naming its documents in order
    const entries = (director.db.prepare("SELECT actor, action, subject, details FROM audit WHERE seq > ? AND action = 'sign' ORDER BY seq").all(auditBefore) as { actor: string; action: string; subject: string; details: string }[]).map((e) => ({ ...e, details: JSON.parse(e.details) as unknown }));
    expect(entries).toEqual([
      { actor: 'Иванов', action: 'sign', subject: '512 documents', details: { ids: ids.slice(0, 512), kind: 'first', certificateSerial: report.certificateSerial } },
      { actor: 'Иванов', action: 'sign', subject: '88 documents', details: { ids: ids.slice(512), kind: 'first', certificateSerial: report.certificateSerial } },
    ]);
    expect(verifyAudit(director.db).ok).toBe(true);
  }, 60_000);

  it('runs the rules again for a draft counted valid on another day: one dated 11 days ago is not signed', async () => {
    const old = new Date(Date.parse(today()) - 11 * 86_400_000).toISOString().slice(0, 10);
    const d = director.documents.create({ kind: 'payment-order', content: order(5_00, '4200') });
    // as if saved (and counted valid) eleven days ago, dated that day
    director.db.prepare("UPDATE documents SET content = json_set(content, '$.date', ?), errors = 0, validated_on = ? WHERE id = ?").run(old, old, d.id);
    const r = await director.signing.sign({ ids: [d.id], token: dir.token, key: dir.key, pin: Buffer.from(dir.pin) });
    expect(r.signed).toEqual([]);
    expect(r.skipped).toEqual([expect.objectContaining({ id: d.id, code: 'signing.has-errors', params: expect.objectContaining({ field: 'date' }) })]);
    expect(director.documents.get(d.id).status).toBe('draft');
  });

  it('never sends a signature that does not verify here: the document is held back with the reason', async () => {
    const d = director.documents.create({ kind: 'payment-order', content: order(7_00, '4001') });
    await director.signing.sign({ ids: [d.id], token: dir.token, key: dir.key, pin: Buffer.from(dir.pin) });
    const row = director.db.prepare('SELECT o.id, d.cms FROM outbox o JOIN documents d ON d.id = o.document_id WHERE o.document_id = ?').get(d.id) as { id: number; cms: Buffer };
    const broken = Buffer.from(row.cms);
    broken[broken.length - 5]! ^= 0xff; // a byte of the signature value
    director.db.prepare('UPDATE documents SET cms = ? WHERE id = ?').run(broken, d.id);
    director.db.prepare("UPDATE outbox SET state = 'done' WHERE document_id <> ? AND state = 'pending'").run(d.id); // the cancelled batch above is not this test's business
    await director.sync().syncOnce();
    const failed = director.db.prepare('SELECT state, last_error FROM outbox WHERE id = ?').get(row.id) as { state: string; last_error: string };
    expect(failed.state).toBe('failed');
    expect(JSON.parse(failed.last_error)).toMatchObject({ code: 'sync.signature-invalid' });
    expect(bank.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE id = ?').get(d.id)).toEqual({ n: 0 });
    expect(director.sync().state()).toMatchObject({ failed: 1, lastError: { code: 'sync.signature-invalid' } });
  });


  it('never sends one document’s signed bytes under another id: a profile edited to do so is refused here, before the bank', async () => {
    const a = director.documents.create({ kind: 'payment-order', content: order(8_00, '4002') });
    const b = director.documents.create({ kind: 'payment-order', content: order(9_00, '4003') });
    await director.signing.sign({ ids: [a.id, b.id], token: dir.token, key: dir.key, pin: Buffer.from(dir.pin) });
    // the attacker with the profile file copies A's bytes and valid signature into B's row
    const signedA = director.db.prepare('SELECT canonical, cms FROM documents WHERE id = ?').get(a.id) as { canonical: Buffer; cms: Buffer };
    director.db.prepare('UPDATE documents SET canonical = ?, cms = ? WHERE id = ?').run(signedA.canonical, signedA.cms, b.id);
    director.db.prepare("UPDATE outbox SET state = 'done' WHERE document_id NOT IN (?, ?) AND state = 'pending'").run(a.id, b.id);
    const run = await director.sync().syncOnce();
    // the signature verifies (it is A's), but the bytes name A: the strict round trip refuses them for B
    expect(run.push.failed.find((f) => f.id === b.id)?.error).toEqual({ code: 'sync.canonical-invalid', params: { id: b.id, reason: 'binding', field: 'id' }, message: `Document ${b.id} was not sent: its signed bytes name another document id.` });
    expect(run.push.sent).not.toContain(b.id);
    expect(bank.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE id = ?').get(b.id)).toEqual({ n: 0 });
    expect(director.documents.get(b.id).status).toBe('signed');
  });

  it('renews a certificate: a new key and request signed with the current key, issued at once, installed, and good for logging in', async () => {
    const renewed = await director.enrollment.renew(dir.token, Buffer.from(dir.pin), dir.key, 'director-key-2', 'ec-p256', SUBJECT('Иванов Иван Иванович'));
    expect(renewed.subject).toMatch(/Иванов/);
    const certs = await director.tokens.listCertificates(dir.token);
    expect(certs.filter((c) => !c.authority).map((c) => c.label)).toEqual(expect.arrayContaining([dir.key, 'director-key-2']));
    const session = await login(director.db, director.api, director.tokens, { token: dir.token, key: 'director-key-2', pin: Buffer.from(dir.pin), totp: totpNow(bank, dir.totpSecret), actor: 'Иванов' });
    expect(session.certificateSerial).toBe(renewed.serialNumber.toLowerCase());
    expect(session.user.role).toBe('first-signature');
    const audit = director.db.prepare("SELECT action FROM audit WHERE action IN ('enroll.key', 'renew') ORDER BY seq").all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['enroll.key', 'enroll.key', 'renew']);
    expect(verifyAudit(director.db).ok).toBe(true);
  });
});
