import { readFileSync } from 'node:fs';
import {
  Pkcs11Module,
  TokenSession,
  TokenWatcher,
  deleteKey,
  findKey,
  generateKey,
  keyAlgorithm,
  listCertificateObjects,
  listKeys,
  type Pin,
  type PinState,
  type TokenInfo,
  type CertificateObject,
  type TokenKey,
} from '../../crypto/pkcs11/index.ts';
import { dropPins } from '../../crypto/pkcs11/session.ts';
import { gostAlgorithmFromCurve } from '../../crypto/pkcs11/mechanisms.ts';
import { decodeGostSpki } from '../../crypto/gost/asn1.ts';
import type { KeyAlgorithmChoice } from '../../shared/key-algorithm-choices.ts';
import { keyAlgorithmsFor } from './key-algorithms.ts';
import type * as x509 from '@peculiar/x509';
import type { CertificateSummary } from '../../crypto/x509/certificate.ts';
import type { ImportedCertificate } from '../../crypto/x509/token-certificates.ts';
import type { VerifyReport } from '../../crypto/cms/verify.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';

/*
 * The X.509 and CMS code (@peculiar/x509, pkijs) is most of what loading this module would cost:
 * it is imported by the operations that use it, so listing tokens or reading PIN states (the CLI's
 * quick commands) starts without it. import() caches each module: the second call costs nothing.
 * Where a PIN is given they are imported inside withSession's callback, which zeroes it whatever happens.
 */
/** Loaded on first use and kept: a dynamic import per call costs more than a signature check does. */
const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
};
const certificates = once(() => import('../../crypto/x509/certificate.ts'));
const verification = once(() => import('../../crypto/cms/verify.ts'));
const cms = async () => ({ ...(await import('../../crypto/cms/signer.ts')), ...(await import('../../crypto/cms/add-signer.ts')) });

export { TokenWatcher, type TokenInfo, type PinState, type VerifyReport, type CertificateSummary, type ImportedCertificate, type Pin };

/** A token as shown to users and printed by --json: no handles, nothing secret. */
export interface TokenView {
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  slotId: string;
  flags: string[];
  pin: PinState;
  firmwareVersion: string;
  hardwareVersion: string;
  pinLength: { min: number; max: number };
}

export interface KeyView {
  id: string;
  label: string;
  algorithm: string;
  hasPrivateKey: boolean;
  sensitive?: boolean;
  extractable?: boolean;
  certificate?: CertificateSummary;
}

export interface CertificateView extends CertificateSummary {
  id: string;
  label: string;
  authority: boolean;
  /** The certificate's key: "ECDSA P-256", "RSA-2048". */
  keyAlgorithm: string;
}

/**
 * "ECDSA P-256", "RSA-2048" for a certificate's key; a GOST R 34.10-2012 key as its algorithm
 * with parameter set (`gost2012-256:cryptopro-a`), which the page names in words.
 */
function keyAlgorithmOf(cert: x509.X509Certificate): string {
  const spki = Buffer.from(cert.publicKey.rawData);
  const gost = gostAlgorithmOfSpki(spki);
  if (gost) return gost;
  const alg = cert.publicKey.algorithm as { name: string; namedCurve?: string; modulusLength?: number };
  return alg.name === 'ECDSA' ? `ECDSA ${alg.namedCurve ?? ''}`.trim() : alg.modulusLength ? `RSA-${alg.modulusLength}` : alg.name;
}

/** The algorithm of a GOST SubjectPublicKeyInfo (`gost2012-256:cryptopro-a`), or undefined for other keys. */
function gostAlgorithmOfSpki(spki: Buffer): string | undefined {
  let curve;
  try {
    // refuses any key that is not GOST R 34.10-2012 on a known parameter set
    curve = decodeGostSpki(spki).curve;
  } catch {
    return undefined;
  }
  return gostAlgorithmFromCurve(curve) ?? `gost2012-${curve.bits}`;
}

export function viewOf(tk: TokenInfo): TokenView {
  return {
    label: tk.label,
    serial: tk.serial,
    manufacturer: tk.manufacturer,
    model: tk.model,
    slotId: tk.slotId,
    flags: tk.flags,
    pin: tk.pin,
    firmwareVersion: tk.firmwareVersion,
    hardwareVersion: tk.hardwareVersion,
    pinLength: { min: tk.minPinLength, max: tk.maxPinLength },
  };
}

/** Reads a file the user named, with an error that names it. */
export function readUserFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new LocalizedError('file.unreadable', { path, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }, { cause: e });
  }
}

/**
 * The token operations of the app, for the CLI, the desktop shell and the browser host alike.
 * One instance per PKCS#11 module; sessions are opened per call and closed after it.
 */
export class TokenService {
  readonly module: Pkcs11Module;

  constructor(modulePath?: string, env: NodeJS.ProcessEnv = process.env) {
    this.module = Pkcs11Module.open(modulePath, env);
  }

  get modulePath(): string {
    return this.module.choice.path;
  }

  listTokens(): TokenView[] {
    this.module.refreshIfStatic();
    return this.module.listTokens().map(viewOf);
  }

  token(query: string): TokenView {
    return viewOf(this.module.findToken(query));
  }

  /**
   * The key algorithms of the app's choice this token can generate (key-algorithms.ts): from its
   * mechanism list; none when the token does not answer C_GetMechanismList.
   */
  keyAlgorithms(query: string): KeyAlgorithmChoice[] {
    const token = this.module.findToken(query);
    let mechanisms: number[];
    try {
      mechanisms = this.module.mechanisms(token);
    } catch {
      return [];
    }
    return keyAlgorithmsFor(mechanisms, token);
  }

  watch(intervalMs?: number): TokenWatcher {
    return new TokenWatcher(this.module, intervalMs).start();
  }

  /** Runs `fn` in a session on the token, logged in when a PIN is given; the session always closes. */
  /**
   * Runs `fn` in a session on the token. With a PIN it logs in first, holding the token's login
   * lock until it has logged out again (logins are per process, not per session). `secrets`
   * are PINs `fn` uses itself; all are zeroed when it ends, whatever happens.
   */
  async withSession<T>(tokenQuery: string, pin: Pin | undefined, fn: (s: TokenSession) => Promise<T>, secrets: Pin[] = []): Promise<T> {
    try {
      this.module.refreshIfStatic();
      const token = this.module.findToken(tokenQuery);
      const work = async (): Promise<T> => {
        const session = new TokenSession(this.module, token);
        try {
          if (pin !== undefined) await session.login(pin);
          return await fn(session);
        } finally {
          if (session.loggedIn) await session.logout().catch(() => undefined);
          session.close();
        }
      };
      return await (pin !== undefined || secrets.length > 0 ? this.module.loginLockFor(token).run(work) : work());
    } finally {
      dropPins(pin, ...secrets);
    }
  }

  /** Changes the user PIN (C_SetPIN in a public read-write session changes the user's PIN). */
  async changePin(tokenQuery: string, oldPin: Pin, newPin: Pin): Promise<PinState> {
    return this.withSession(
      tokenQuery,
      undefined,
      async (s) => {
        await s.changePin(oldPin, newPin);
        return s.pinState();
      },
      [oldPin, newPin],
    );
  }

  /** Sets a new user PIN with the SO PIN: unblocks a locked PIN or replaces a forgotten one. */
  async unblockPin(tokenQuery: string, soPin: Pin, newPin: Pin): Promise<PinState> {
    return this.withSession(
      tokenQuery,
      undefined,
      async (s) => {
        await s.loginSo(soPin);
        await s.initUserPin(newPin);
        return s.pinState();
      },
      [soPin, newPin],
    );
  }

  async generateKey(tokenQuery: string, pin: Pin, algorithm: string, label: string): Promise<KeyView> {
    const alg = keyAlgorithm(algorithm);
    return this.withSession(tokenQuery, pin, async (s) => keyView(await generateKey(s, alg, label)));
  }

  async listKeys(tokenQuery: string, pin: Pin): Promise<KeyView[]> {
    return this.withSession(tokenQuery, pin, async (s) => {
      const { readCertificates, summarize } = await certificates();
      const certs = await listCertificateObjects(s);
      const views: KeyView[] = [];
      for (const key of await listKeys(s)) {
        const own = certs.filter((c) => c.id === key.id && !c.authority).map((c) => readCertificates(c.der, 'token')[0]!);
        const newest = own.sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime())[0];
        views.push(keyView(key, newest ? await summarize(newest) : undefined));
      }
      return views;
    });
  }

  async deleteKey(tokenQuery: string, pin: Pin, keyQuery: string): Promise<{ id: string; label: string; objects: number }> {
    return this.withSession(tokenQuery, pin, async (s) => {
      const key = await findKey(s, keyQuery);
      return { id: key.id, label: key.label, objects: await deleteKey(s, key) };
    });
  }

  async createCsr(tokenQuery: string, pin: Pin, keyQuery: string, subject: string, pss = false): Promise<{ pem: string; der: Buffer }> {
    return this.withSession(tokenQuery, pin, async (s) => {
      const { createCsr } = await import('../../crypto/x509/csr.ts');
      return createCsr({ session: s, key: await findKey(s, keyQuery), subject, pss });
    });
  }

  /** Imports a certificate file (and a CA chain file) onto the token; nothing is written if any check fails. */
  async importCertificateFile(tokenQuery: string, pin: Pin, certPath: string, chainPath?: string): Promise<ImportedCertificate[]> {
    return this.importCertificateBytes(tokenQuery, pin, readUserFile(certPath), chainPath ? readUserFile(chainPath) : undefined, certPath, chainPath);
  }

  /** The same with the certificate (and chain) in memory, PEM or DER, e.g. as the bank issued them. */
  async importCertificateBytes(tokenQuery: string, pin: Pin, cert: Buffer, chain?: Buffer, certSource = 'certificate', chainSource = 'chain'): Promise<ImportedCertificate[]> {
    const [{ readCertificates }, { importCertificates }] = await Promise.all([certificates(), import('../../crypto/x509/token-certificates.ts')]);
    const [first, ...rest] = readCertificates(cert, certSource);
    const all = [...rest, ...(chain ? readCertificates(chain, chainSource) : [])];
    return this.withSession(tokenQuery, pin, (s) => importCertificates(s, first!, all));
  }

  async listCertificates(tokenQuery: string): Promise<CertificateView[]> {
    return this.withSession(tokenQuery, undefined, async (s) => {
      const { readCertificates, summarize } = await certificates();
      const views: CertificateView[] = [];
      for (const c of await listCertificateObjects(s)) {
        const cert = readCertificates(c.der, 'token')[0]!;
        views.push({ id: c.id, label: c.label, authority: c.authority, ...(await summarize(cert)), keyAlgorithm: keyAlgorithmOf(cert) });
      }
      return views;
    });
  }

  /**
   * A detached CMS signature of `content` with the key and its certificate from the token.
   * With `addTo`, this signer joins an existing signature over the same content.
   */
  /**
   * Signs many documents with one login (one PIN entry). First signatures go through the
   * batch signer (the token signs in a worker while this thread assembles); further signers
   * are added to each document's SignedData in turn. `onSigned` sees each signature as it is
   * made, so the caller can store it at once; a cancel or a token failure stops the batch and
   * what was signed before stays signed.
   */
  async signBatch(tokenQuery: string, pin: Pin, keyQuery: string, items: BatchItem[], opts: { signal?: AbortSignal; onStart?: (certificate: CertificateSummary) => void; onSigned?: (index: number, cms: Buffer) => void; pss?: boolean; chunkSize?: number } = {}): Promise<BatchOutcome> {
    return this.withSession(tokenQuery, pin, async (s) => {
      const [{ certificateParts, derOf, summarize }, { CmsSigner, addSigner }] = await Promise.all([certificates(), cms()]);
      const key = await findKey(s, keyQuery);
      const cert = await currentCertificate(await listCertificateObjects(s), key);
      const signer = CmsSigner.onToken(s, key, certificateParts(derOf(cert)), { pss: opts.pss });
      const outcome: BatchOutcome = { signatures: new Array<Buffer | undefined>(items.length).fill(undefined), signed: 0, certificate: await summarize(cert) };
      opts.onStart?.(outcome.certificate);
      const fresh = items.flatMap((item, i) => (item.addTo ? [] : [i]));
      if (fresh.length > 0) {
        const r = await signer.signMany(
          { length: fresh.length, slice: (start: number, end: number) => fresh.slice(start, end).map((i) => bytesOf(items[i]!)) },
          {
            ...(opts.signal ? { signal: opts.signal } : {}),
            ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
            onSigned: (j, cms) => {
              opts.onSigned?.(fresh[j]!, cms);
              outcome.signatures[fresh[j]!] = cms;
              outcome.signed++;
            },
          },
        );
        if (r.error) return { ...outcome, error: r.error };
      }
      for (const [i, item] of items.entries()) {
        if (!item.addTo) continue;
        if (opts.signal?.aborted) return { ...outcome, error: opts.signal.reason instanceof Error ? opts.signal.reason : new Error('cancelled') };
        try {
          const cms = await addSigner(item.addTo, bytesOf(item), signer, {}, `document ${i + 1}`);
          opts.onSigned?.(i, cms);
          outcome.signatures[i] = cms;
          outcome.signed++;
        } catch (e) {
          return { ...outcome, error: e instanceof Error ? e : new Error(String(e)) };
        }
      }
      return outcome;
    });
  }

  async sign(tokenQuery: string, pin: Pin, keyQuery: string, content: Buffer, opts: { pss?: boolean; addTo?: { bytes: Buffer; source: string } } = {}): Promise<Buffer> {
    return this.withSession(tokenQuery, pin, async (s) => {
      const [{ certificateParts, derOf }, { CmsSigner, addSigner }] = await Promise.all([certificates(), cms()]);
      const key = await findKey(s, keyQuery);
      const cert = await currentCertificate(await listCertificateObjects(s), key);
      const signer = CmsSigner.onToken(s, key, certificateParts(derOf(cert)), { pss: opts.pss });
      return opts.addTo ? addSigner(opts.addTo.bytes, content, signer, {}, opts.addTo.source) : signer.sign(content);
    });
  }
}

/**
 * One document of a batch: its canonical bytes (or how to make them: made when the batch
 * reaches the document, while the token signs the ones before), and the SignedData so far when
 * this is a further signer.
 */
export interface BatchItem {
  content: Uint8Array | (() => Uint8Array);
  addTo?: Buffer;
}

const bytesOf = (item: BatchItem): Uint8Array => (typeof item.content === 'function' ? item.content() : item.content);

export interface BatchOutcome {
  /** One per item, in order; undefined for those not signed because the batch stopped. */
  signatures: (Buffer | undefined)[];
  signed: number;
  /** Why the batch stopped early: a token error (removed, PIN locked) or the cancel. */
  error?: Error;
  /** The certificate the signatures were made with. */
  certificate: CertificateSummary;
}

/**
 * The certificate to sign with: of those issued for this key (after a renewal there are
 * several), the one valid now that started last. None valid: an error naming the expiry.
 */
async function currentCertificate(objects: CertificateObject[], key: TokenKey, now = new Date()): Promise<x509.X509Certificate> {
  const { readCertificates } = await certificates();
  const issued = objects
    .filter((c) => c.id === key.id && !c.authority)
    .map((c) => readCertificates(c.der, 'token')[0]!)
    .sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime());
  if (issued.length === 0) throw new LocalizedError('cert.missing-for-key', { label: key.label || key.id });
  const valid = issued.find((c) => c.notBefore <= now && now <= c.notAfter);
  if (valid) return valid;
  const latest = issued.reduce((a, b) => (a.notAfter > b.notAfter ? a : b));
  throw new LocalizedError('cert.not-valid-now', { label: key.label || key.id, from: latest.notBefore.toISOString().slice(0, 10), to: latest.notAfter.toISOString().slice(0, 10) });
}

function keyView(key: TokenKey, certificate?: CertificateSummary): KeyView {
  return {
    id: key.id,
    label: key.label,
    algorithm: key.algorithm,
    hasPrivateKey: !!key.privateKey,
    sensitive: key.sensitive,
    extractable: key.extractable,
    ...(certificate ? { certificate } : {}),
  };
}

/** Verifies a detached signature held in memory against PEM/DER trust anchors (bank receipts, test tools). */
export async function verifySignature(content: Uint8Array, signature: Buffer, trustAnchors: Buffer[], source = 'signature'): Promise<VerifyReport> {
  const [{ readCertificateDers }, { verifyDetached }] = await Promise.all([certificates(), verification()]);
  // the anchors' PEM is read once per distinct bytes (readCertificateDers), not once per signature
  return verifyDetached(content, signature, trustAnchors.flatMap((a, i) => readCertificateDers(a, `trust anchor ${i + 1}`)), source);
}

/** Verifies a detached signature file against content and trust anchors read from files. */
export async function verifyFiles(contentPath: string, signaturePath: string, trustPaths: string[]): Promise<VerifyReport> {
  const [{ readCertificateDers }, { verifyDetached }] = await Promise.all([certificates(), verification()]);
  const anchors = trustPaths.flatMap((p) => readCertificateDers(readUserFile(p), p));
  return verifyDetached(readUserFile(contentPath), readUserFile(signaturePath), anchors, signaturePath);
}
