/**
 * The security officer's services over the channel table: certificates on the tokens, the
 * enrolment wizard's steps, renewal, PIN change and unblock; and the settings (PKCS#11 modules,
 * the bank's address). PINs arrive as strings and go to the token services as buffers, which
 * zero them; the enrolment code goes to the bank and nowhere else.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { LocalizedError } from '../../shared/i18n/index.ts';
import type { certificatesChannels, KeyAlgorithmChoice, SubjectInput, TokenCertificate } from '../../shared/ipc/areas/certificates.ts';
import { KNOWN_MODULES } from '../../crypto/pkcs11/module-locations.ts';
import { Pkcs11Module } from '../../crypto/pkcs11/module.ts';
import { parseSubject } from '../../crypto/x509/subject.ts';
import { audit, renewedSerials } from '../audit/audit-log.ts';
import { currentSession } from '../bank/session.ts';
import { pinnedCa } from '../bank/trust.ts';
import { MODULE_SETTING, type Client } from '../client.ts';
import { spkiFingerprint } from '../enrollment/key-act.ts';
import type { KeyRequest } from '../enrollment/enrollment-service.ts';
import { otpauthForBank } from '../enrollment/otpauth.ts';
import { getSetting, setSetting } from '../store/settings.ts';
import { untrustedModuleReason } from '../tokens/module-trust.ts';
import type { PinState, TokenView } from '../tokens/token-service.ts';
import { withPins, type AreaHandlers, type ServiceContext } from './context.ts';

const ADDED_MODULES = 'pkcs11.modules.added';

/** A value escaped for an RFC 4514 subject, so that a typed comma, quote or plus stays text. */
export function escapeRdnValue(value: string): string {
  const escaped = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  return escaped.replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
}

/** The subject text of a signer's certificate request: person, position, company, its INN, country. */
/** A time zone the runtime knows, else undefined (the computer's own is used). */
function knownZone(zone: string | undefined): string | undefined {
  if (zone === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

export function subjectText(s: z.infer<typeof SubjectInput>): string {
  const parts = [`CN=${escapeRdnValue(s.name)}`];
  if (s.position) parts.push(`T=${escapeRdnValue(s.position)}`);
  parts.push(`O=${escapeRdnValue(s.company)}`, `1.2.643.100.4=${s.inn}`, 'C=RU');
  return parts.join(',');
}

/** A token as the certificates screen shows it, with the key algorithms it can generate. */
const tokenOf = (client: Client, t: TokenView) => ({
  label: t.label,
  serial: t.serial,
  model: t.model,
  manufacturer: t.manufacturer,
  pin: t.pin,
  pinLength: t.pinLength,
  algorithms: client.tokens.keyAlgorithms(t.serial),
});

/**
 * Refuses, before a PIN is used or a key made, an algorithm the token does not offer, in words
 * naming the token, the algorithm and what the token can make instead.
 */
function requireOffered(client: Client, token: string, algorithm: KeyAlgorithmChoice): void {
  const offered = client.tokens.keyAlgorithms(token);
  if (offered.includes(algorithm)) return;
  throw new LocalizedError('ui.certificates.error.algorithm-not-offered', { token: client.tokens.token(token).label, algorithm, offered: offered.join(',') });
}

/** The token layer's own refusal of a GOST algorithm (a token that changed since it was asked) in the same words. */
async function offeredOr<T>(client: Client, token: string, algorithm: KeyAlgorithmChoice, make: () => Promise<T>): Promise<T> {
  try {
    return await make();
  } catch (e) {
    if (e instanceof LocalizedError && e.code === 'mechanism.gost-unavailable') {
      throw new LocalizedError('ui.certificates.error.algorithm-not-offered', { token: client.tokens.token(token).label, algorithm, offered: client.tokens.keyAlgorithms(token).join(',') }, { cause: e });
    }
    throw e;
  }
}

const errorOf = (e: unknown): { code: string; params?: Record<string, string | number> } =>
  e instanceof LocalizedError ? { code: e.code, params: e.params } : { code: 'internal', params: { detail: (e as Error).message } };

/** Shared-library signatures: ELF, PE (MZ), Mach-O (32/64, both byte orders, fat). */
function looksLikeLibrary(path: string): boolean {
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const magic = head.readUInt32BE(0);
  return head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) || head.subarray(0, 2).toString('latin1') === 'MZ' || [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic);
}

/**
 * Refuses a path that is not a PKCS#11 module, with the reason: missing, not a file, not a
 * shared library, not installed as drivers are (so not loaded), or a library without the PKCS#11
 * entry point (it is loaded to find out).
 */
export function checkModule(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new LocalizedError('module.missing-file', { path, source: 'settings' });
  }
  if (!isFile || !looksLikeLibrary(path)) throw new LocalizedError('ui.settings.error.not-a-library', { path });
  // loading runs the library's code: only one installed as drivers are (src/main/tokens/module-trust.ts)
  if (untrustedModuleReason(path)) throw new LocalizedError('ui.settings.error.module-not-installed', { path });
  try {
    Pkcs11Module.open(path, {});
  } catch (e) {
    throw new LocalizedError('ui.settings.error.not-pkcs11', { path, reason: e instanceof LocalizedError ? e.message : (e as Error).message });
  }
}

function settingsOf(client: Client): z.input<(typeof certificatesChannels)['settings.get']['output']> {
  const platform = process.platform;
  const detected = KNOWN_MODULES.flatMap((m) => (m.paths[platform] ?? []).map((path) => ({ name: m.name, path, present: exists(path) })));
  const added = JSON.parse(getSetting(client.db, ADDED_MODULES) ?? '[]') as string[];
  const selected = getSetting(client.db, MODULE_SETTING);
  let inUse: string | undefined;
  let inUseError: ReturnType<typeof errorOf> | undefined;
  try {
    inUse = client.tokens.modulePath;
  } catch (e) {
    inUseError = errorOf(e);
  }
  return {
    modules: { detected, added, ...(selected ? { selected } : {}), ...(inUse ? { inUse } : {}), ...(inUseError ? { inUseError } : {}) },
    bankUrl: client.bankUrl,
    bankPinned: pinnedCa(client.db) !== undefined,
  };
}

function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function checkNewPin(client: Client, token: string, newPin: string, confirm: string): void {
  if (newPin !== confirm) throw new LocalizedError('pin.mismatch');
  const { min, max } = client.tokens.token(token).pinLength;
  if (newPin.length < min || newPin.length > max) throw new LocalizedError('ui.certificates.error.pin-length', { min, max });
}

/** A PIN change or unblock in the audit log, whether it worked or not (never the PINs). */
async function recorded(client: Client, action: 'pin.change' | 'pin.unblock', token: string, change: () => Promise<PinState>): Promise<PinState> {
  const serial = client.tokens.token(token).serial;
  const note = (details: Record<string, unknown>): void => {
    try {
      audit(client.db, { actor: client.actor, action, subject: serial, details: { token, ...details } });
    } catch {
      /* the token's answer is what the user is told */
    }
  };
  try {
    const state = await change();
    note({ ok: true });
    return state;
  } catch (e) {
    note({ ok: false, code: (e as { code?: string }).code ?? 'error' });
    throw e;
  }
}

export function certificatesHandlers({ client, emit }: ServiceContext): AreaHandlers<typeof certificatesChannels> {
  /** Requests made in this process, for the act and the submit: nothing of them is secret. */
  const requests = new Map<string, { token: string; keyLabel: string; subject: string; req: KeyRequest }>();
  const requestOf = (id: string) => {
    const r = requests.get(id);
    if (!r) throw new LocalizedError('ui.certificates.error.request-unknown');
    return r;
  };

  return {
    'certificates.tokens': () => client.tokens.listTokens().map((t) => tokenOf(client, t)),

    'certificates.list': async () => {
      const session = currentSession(client.db);
      const now = Date.now();
      const renewals = renewedSerials(client.db);
      const out = [];
      for (const t of client.tokens.listTokens()) {
        const token = tokenOf(client, t);
        try {
          const certificates: z.input<typeof TokenCertificate>[] = (await client.tokens.listCertificates(t.serial)).map((c) => ({
            ...c,
            ...namesOf(c.subject, c.issuer),
            inUse: !c.authority && !!session && session.certificateSerial === c.serialNumber.toLowerCase(),
            current: false,
          }));
          // per owner, the certificate to work with now: valid, and the latest to start (a renewal,
          // made with a new key for the same subject, supersedes the certificate it renewed)
          // (issued within the same second, the one a renewal produced is the newer: the audit names it)
          const renewed = (c: { serialNumber: string }): number => (renewals.has(c.serialNumber.toLowerCase()) ? 1 : 0);
          for (const subject of new Set(certificates.filter((c) => !c.authority).map((c) => c.subject))) {
            const valid = certificates
              .filter((c) => !c.authority && c.subject === subject && Date.parse(c.notBefore) <= now && now <= Date.parse(c.notAfter))
              .sort((a, b) => b.notBefore.localeCompare(a.notBefore) || b.notAfter.localeCompare(a.notAfter) || renewed(b) - renewed(a))[0];
            if (valid) valid.current = true;
          }
          certificates.sort((a, b) => Number(a.authority) - Number(b.authority) || b.notBefore.localeCompare(a.notBefore) || b.notAfter.localeCompare(a.notAfter));
          out.push({ token, certificates });
        } catch (e) {
          out.push({ token, certificates: [], error: errorOf(e) });
        }
      }
      return out;
    },

    'certificates.company': () => {
      const s = currentSession(client.db);
      return s ? { company: { name: s.user.company.name, inn: s.user.company.inn }, person: s.user.name } : {};
    },

    'certificates.holder': async ({ code }) => {
      const h = await client.enrollment.holder(code);
      return { name: h.name, ...(h.position ? { position: h.position } : {}), role: h.role, company: { name: h.company.name, inn: h.company.inn } };
    },

    'certificates.request': async ({ token, pin, algorithm, keyLabel, subject }) => {
      const text = subjectText(subject);
      // the subject is checked (INN check digits...) before a key is made on the token
      parseSubject(text);
      requireOffered(client, token, algorithm);
      const req = await offeredOr(client, token, algorithm, () => withPins([pin], (secret) => client.enrollment.makeRequest(token, secret, keyLabel, algorithm, text)));
      const requestId = randomUUID();
      requests.set(requestId, { token, keyLabel, subject: text, req });
      return {
        requestId,
        key: { id: req.key.id, label: req.key.label, algorithm: req.key.algorithm },
        subject: text,
        csrPem: req.csrPem,
        fingerprint: spkiFingerprint(req.spki),
      };
    },

    'certificates.act': async ({ requestId, locale, timeZone }) => {
      const r = requestOf(requestId);
      // the bank by its name, the time in the user's zone (the page's), with its offset
      const pdf = client.enrollment.keyAct(r.token, r.subject, r.req, 'pdf', locale, await client.enrollment.bankName(), knownZone(timeZone));
      const safe = r.keyLabel.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40) || 'key';
      return { fileName: `key-act-${safe}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') };
    },

    'certificates.submit': async ({ requestId, code }) => {
      const r = requestOf(requestId);
      const submitted = await client.enrollment.submit(r.token, r.keyLabel, r.req.csrPem, code);
      requests.delete(requestId);
      // the authenticator's link names the bank as the key act does (the bank CA's organisation)
      const totp = submitted.totp ? { secret: submitted.totp.secret, uri: otpauthForBank(submitted.totp.uri, submitted.totp.secret, await client.enrollment.bankName()) } : undefined;
      return { enrollmentId: submitted.enrollmentId, status: submitted.status, ...(totp ? { totp } : {}) };
    },

    'certificates.pending': () => {
      const p = client.enrollment.pending();
      return p ? { pending: { enrollmentId: p.id, token: p.token, key: p.key } } : {};
    },

    'certificates.status': async () => {
      const r = await client.enrollment.status();
      return { enrollmentId: r.enrollmentId, status: r.status, ...(r.reason ? { reason: r.reason } : {}) };
    },

    'certificates.install': async ({ pin }) => {
      const r = await withPins([pin], (secret) => client.enrollment.awaitCertificate(secret, { timeoutMs: 0 }));
      // the token bar shows the new key at once
      if (r.certificate) emit('tokens.changed', { reason: 'certificate' });
      return { enrollmentId: r.enrollmentId, status: r.status, ...(r.reason ? { reason: r.reason } : {}), ...(r.certificate ? { certificate: r.certificate } : {}) };
    },

    'certificates.renew': async ({ token, pin, key, algorithm, newKeyLabel }) => {
      requireOffered(client, token, algorithm);
      // the new certificate names whom the current one names
      const current = (await client.tokens.listCertificates(token))
        .filter((c) => !c.authority && (c.id === key || c.label === key))
        .sort((a, b) => b.notBefore.localeCompare(a.notBefore))[0];
      if (!current) throw new LocalizedError('cert.missing-for-key', { label: key });
      const renewed = await offeredOr(client, token, algorithm, () => withPins([pin], (secret) => client.enrollment.renew(token, secret, current.id, newKeyLabel, algorithm, current.subject)));
      emit('tokens.changed', { reason: 'certificate' });
      return renewed;
    },

    'certificates.revoke': async ({ serial, reason }) => {
      await client.enrollment.requestRevocation(serial.toLowerCase(), reason);
      emit('tokens.changed', { reason: 'certificate' });
      return { revoked: true as const };
    },

    'certificates.changePin': async ({ token, oldPin, newPin, confirm }) => {
      checkNewPin(client, token, newPin, confirm);
      return { pin: await recorded(client, 'pin.change', token, () => withPins([oldPin, newPin], (o, n) => client.tokens.changePin(token, o!, n!))) };
    },

    'certificates.unblockPin': async ({ token, soPin, newPin, confirm }) => {
      checkNewPin(client, token, newPin, confirm);
      return { pin: await recorded(client, 'pin.unblock', token, () => withPins([soPin, newPin], (so, n) => client.tokens.unblockPin(token, so!, n!))) };
    },

    'settings.get': () => settingsOf(client),

    'settings.addModule': ({ path }) => {
      checkModule(path);
      const added = JSON.parse(getSetting(client.db, ADDED_MODULES) ?? '[]') as string[];
      if (!added.includes(path)) setSetting(client.db, ADDED_MODULES, JSON.stringify([...added, path]));
      client.useModule(path);
      return settingsOf(client);
    },

    'settings.useModule': ({ path }) => {
      if (path) checkModule(path);
      client.useModule(path ?? undefined);
      return settingsOf(client);
    },

    'settings.removeModule': ({ path }) => {
      const added = JSON.parse(getSetting(client.db, ADDED_MODULES) ?? '[]') as string[];
      setSetting(client.db, ADDED_MODULES, JSON.stringify(added.filter((p) => p !== path)));
      if (getSetting(client.db, MODULE_SETTING) === path) client.useModule(undefined);
      return settingsOf(client);
    },

    'settings.setBankUrl': ({ url }) => {
      try {
        client.setBank(url);
      } catch (e) {
        if (e instanceof LocalizedError && e.code === 'bank.url-changed') throw new LocalizedError('ui.settings.error.bank-pinned', { url, current: client.bankUrl });
        throw e;
      }
      return settingsOf(client);
    },
  };
}

/** The owner (CN, title, O) and the issuer's name (O, else CN) of a certificate, read from its names' text. */
function namesOf(subject: string, issuer: string): { owner?: { name: string; position?: string; organization?: string }; issuerName?: string } {
  // by OID: CN 2.5.4.3, title 2.5.4.12, O 2.5.4.10 (parseSubject reads the names' text, Russian attributes included)
  const field = (text: string, ...oids: string[]): string | undefined => {
    try {
      const attrs = parseSubject(text);
      for (const oid of oids) {
        const v = attrs.find((a) => a.type.oid === oid)?.value.trim();
        if (v) return v;
      }
    } catch {
      // not a name we can read: the raw text stays
    }
    return undefined;
  };
  const cn = field(subject, '2.5.4.3');
  const position = field(subject, '2.5.4.12');
  const organization = field(subject, '2.5.4.10');
  const issuerName = field(issuer, '2.5.4.10', '2.5.4.3');
  return {
    ...(cn ? { owner: { name: cn, ...(position ? { position } : {}), ...(organization ? { organization } : {}) } } : {}),
    ...(issuerName ? { issuerName } : {}),
  };
}
