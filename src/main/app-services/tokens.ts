import { createHash, randomUUID } from 'node:crypto';
import { summarizeDocument, type DocumentBody } from '../../shared/bank-api/documents/index.ts';
import { signedDocumentBytes } from '../../shared/bank-api/documents/signed.ts';
import { renderDocument } from '../../shared/bank-api/documents/render.ts';
import { SIGNATURE_OF_ROLE, type Role } from '../../shared/bank-api/signing-policy.ts';
import { LocalizedError, t, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n/index.ts';
import { MAX_DUPLICATES_LISTED, type tokensChannels } from '../../shared/ipc/areas/tokens.ts';
import { UPLOAD_CHUNK_BYTES } from '../../shared/ipc/schemas.ts';
import { BankError } from '../bank/bank-api.ts';
import { currentSession, endBankSession, login } from '../bank/session.ts';
import { storeImport } from '../documents/import-drafts.ts';
import { MAX_FILE_BYTES, type ImportResult } from '../formats/index.ts';
import { importFileInWorker } from '../formats/import-worker.ts';
import { duplicateParams, findDuplicates, recordConfirmed, type Duplicate } from '../signing/duplicates.ts';
import { bodyOfCanonical } from '../documents/signed-body.ts';
import { listSigners, signerFor } from '../bank/signers.ts';
import { sql } from '../store/database.ts';
import { getSetting, setSetting } from '../store/settings.ts';
import type { TokenWatcher } from '../tokens/token-service.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';
import { UploadStore, type UploadFacts, type UploadRefusal } from './uploads.ts';

/** The profile setting that remembers the token and key in use. */
const SELECTED = 'ui.tokens.selected';
/** Prepared batches kept at most (the oldest goes first); files being imported open at once. */
const KEEP = 4;
const DAY_MS = 86_400_000;
/** A file for import not touched for this long is dropped. */
const IMPORT_TTL_MS = 30 * 60 * 1000;

/** The import's refusals of a file or of a part of it. */
function importRefusal(why: UploadRefusal, f: UploadFacts): Error {
  switch (why) {
    case 'empty':
      return new LocalizedError('format.empty');
    case 'too-large':
      return new LocalizedError('format.too-large', { size: f.size ?? 0, limit: MAX_FILE_BYTES });
    case 'busy':
    case 'total':
      return new LocalizedError('ui.tokens.import.busy', { max: KEEP });
    case 'chunk':
    case 'overflow':
      return new LocalizedError('ui.tokens.import.chunk-invalid', { offset: f.offset ?? 0 });
    case 'incomplete':
      return new LocalizedError('ui.tokens.import.incomplete', { received: f.received ?? 0, size: f.size ?? 0 });
    case 'unknown':
      return new LocalizedError('ui.tokens.import.upload-unknown');
  }
}

interface PreparedItem {
  id: string;
  /** A draft: the revision shown; its canonical bytes are made from it. */
  revision?: number;
  /** A frozen document (signed here, or from the bank): the sha256 of the canonical bytes shown. */
  digest?: string;
}

interface Batch {
  items: PreparedItem[];
  /** Drafts of the batch repeating a payment order already signed or sent, when prepared (shown with their texts). */
  duplicates: Map<string, Duplicate>;
  controller?: AbortController;
}

/** Bidi controls inside a message (quoting a file's text) shown by name, so they cannot turn the message around. */
const visible = (text: string): string => text.replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const nameOf = (subject: string): string => /(?:^|,\s*)CN=([^,]+)/.exec(subject)?.[1]?.trim() ?? subject;

/** A bounded map: adding beyond `KEEP` forgets the oldest entry that `busy` does not hold (a running batch is kept). */
function remember<V>(map: Map<string, V>, key: string, value: V, busy: (v: V) => boolean = () => false): void {
  map.set(key, value);
  for (const [k, v] of map) {
    if (map.size <= KEEP) break;
    if (k !== key && !busy(v)) map.delete(k);
  }
}

const running = (b: Batch): boolean => !!b.controller && !b.controller.signal.aborted;

/** The bank's refusal of a login in the user's words: which problem, and what to do. */
const LOGIN_REFUSALS: Record<string, MessageKey> = {
  'totp-invalid': 'ui.tokens.login.totp-invalid',
  'locked-out': 'ui.tokens.login.locked-out',
  'certificate-revoked': 'ui.tokens.login.certificate-revoked',
  'certificate-expired': 'ui.tokens.login.certificate-expired',
  'certificate-unknown': 'ui.tokens.login.certificate-unknown',
  'challenge-expired': 'ui.tokens.login.challenge-expired',
  'challenge-replayed': 'ui.tokens.login.challenge-expired',
  'challenge-invalid': 'ui.tokens.login.challenge-expired',
  'signature-invalid': 'ui.tokens.login.signature-invalid',
};

function loginRefusal(e: unknown): unknown {
  if (!(e instanceof BankError) || e.code !== 'bank.problem') return e;
  const code = e.problem?.code ? LOGIN_REFUSALS[e.problem.code] : undefined;
  return code ? new LocalizedError(code, { detail: e.problem?.detail ?? '' }, { cause: e }) : e;
}

const refusalOf = (e: Error): { code: string; params: MessageParams } =>
  e instanceof LocalizedError ? { code: e.code, params: e.params } : { code: 'ui.tokens.sign.stopped', params: { reason: e.message } };

/**
 * The token bar, login, import and signing. The PIN arrives as text in the call's input (the
 * page does not keep it); it becomes a buffer that is zeroed when the call ends, whatever
 * happens, and it is never logged or stored.
 */
export function tokensHandlers({ client, emit }: ServiceContext): AreaHandlers<typeof tokensChannels> {
  const db = client.db;
  // the parsed file is kept with its upload (parsed once)
  const uploads = new UploadStore<{ result?: ImportResult }>({
    maxFileBytes: MAX_FILE_BYTES,
    maxTotalBytes: KEEP * MAX_FILE_BYTES,
    maxChunkBytes: UPLOAD_CHUNK_BYTES,
    maxOpen: KEEP,
    ttlMs: IMPORT_TTL_MS,
    refuse: importRefusal,
  });
  const batches = new Map<string, Batch>();
  let watcher: TokenWatcher | undefined;

  /** Starts watching for tokens coming and going the first time the page asks for them. */
  const watch = (): void => {
    if (watcher) return;
    watcher = client.tokens.watch(1000);
    watcher.on('inserted', (tk) => emit('tokens.changed', { reason: 'inserted', serial: tk.serial }));
    watcher.on('removed', (tk) => emit('tokens.changed', { reason: 'removed', serial: tk.serial }));
    watcher.on('error', () => undefined); // the next poll tries again; tokens.list reports a lasting failure
  };
  // another module chosen in the settings (or the profile closed): this watcher's module is no longer the one in use
  client.onTokenServiceEnd((why) => {
    watcher?.stop();
    watcher = undefined;
    if (why === 'module') emit('tokens.changed', { reason: 'module' });
  });

  const selected = (): { token: string; key: string } | null => {
    const raw = getSetting(db, SELECTED);
    if (!raw) return null;
    try {
      const v = JSON.parse(raw) as { token?: unknown; key?: unknown };
      return typeof v.token === 'string' && typeof v.key === 'string' ? { token: v.token, key: v.key } : null;
    } catch {
      return null;
    }
  };

  const sessionView = () => {
    const s = currentSession(db);
    if (!s) return { loggedIn: false };
    const signer = listSigners(db).find((x) => x.certificateSerial === s.certificateSerial);
    return {
      loggedIn: true,
      name: s.user.name,
      role: s.user.role,
      company: s.user.company.name,
      ...(s.user.limit !== undefined ? { limit: s.user.limit } : {}),
      expiresAt: s.expiresAt,
      certificateSerial: s.certificateSerial,
      ...(signer ? { token: signer.token, key: signer.key } : {}),
    };
  };

  /** The parsed file of a complete upload (parsed once, in the import worker: never on this thread). */
  const parsed = async (id: string): Promise<{ name: string; result: ImportResult }> => {
    const bytes = uploads.bytes(id);
    const u = uploads.get(id);
    u.meta.result ??= await importFileInWorker(bytes, u.name);
    return { name: u.name, result: u.meta.result };
  };

  /** A document as the signer is shown it: the body behind its canonical bytes, and what was shown. */
  const canonicalOf = (id: string): { body: DocumentBody; item: PreparedItem; source: 'draft' | 'awaiting'; missing: string[] } => {
    const row = sql(db, 'SELECT kind, version, content, revision, status, canonical, missing FROM documents WHERE id = ?').get(id) as
      | { kind: DocumentBody['kind']; version: number; content: string; revision: number; status: string; canonical: Buffer | null; missing: string | null }
      | undefined;
    if (row?.status === 'draft') {
      // the bytes as they will be signed: bound to this id and the logged-in company (no one signs before a login)
      const bytes = signedDocumentBytes({ id, companyId: currentSession(db)?.user.company.id ?? 'not-logged-in' }, { kind: row.kind, version: row.version, content: JSON.parse(row.content) } as DocumentBody);
      return { body: bodyOfCanonical(bytes, id), item: { id, revision: row.revision }, source: 'draft', missing: [] };
    }
    if (row?.canonical) return { body: bodyOfCanonical(row.canonical, id), item: { id, digest: sha256(row.canonical) }, source: 'awaiting', missing: JSON.parse(row.missing ?? '[]') as string[] };
    const a = sql(db, 'SELECT canonical, missing FROM awaiting WHERE id = ?').get(id) as { canonical: Buffer; missing: string } | undefined;
    if (a) return { body: bodyOfCanonical(a.canonical, id), item: { id, digest: sha256(a.canonical) }, source: 'awaiting', missing: JSON.parse(a.missing) as string[] };
    throw new LocalizedError('document.not-found', { id });
  };

  /** Whether a prepared document is still exactly what was shown. */
  const unchanged = (p: PreparedItem): boolean => {
    if (p.revision !== undefined) {
      const r = sql(db, 'SELECT revision, status FROM documents WHERE id = ?').get(p.id) as { revision: number; status: string } | undefined;
      return !!r && r.status === 'draft' && r.revision === p.revision;
    }
    const r = (sql(db, 'SELECT canonical FROM documents WHERE id = ?').get(p.id) ?? sql(db, 'SELECT canonical FROM awaiting WHERE id = ?').get(p.id)) as { canonical: Buffer | null } | undefined;
    return !!r?.canonical && sha256(r.canonical) === p.digest;
  };

  const candidateOf = (id: string, body: DocumentBody, source: 'draft' | 'awaiting', missing: string[]) => {
    const s = summarizeDocument(body);
    const date = (body.content as { date?: unknown }).date;
    return { id, kind: body.kind, number: s.number ?? null, date: typeof date === 'string' ? date : null, amount: s.amount ?? null, counterparty: s.counterparty ?? null, missing, source };
  };

  return {
    'tokens.list': async () => {
      const tokens = client.tokens.listTokens();
      watch();
      const now = Date.now();
      const items = [];
      for (const tk of tokens) {
        // certificates are public objects: no PIN needed to show them
        const certs = await client.tokens.listCertificates(tk.serial).catch(() => []);
        items.push({
          serial: tk.serial,
          label: tk.label,
          manufacturer: tk.manufacturer,
          model: tk.model,
          pin: tk.pin.user,
          pinMustChange: tk.pin.userMustChange,
          pinLength: tk.pinLength,
          certificates: certs
            .filter((c) => !c.authority)
            .sort((a, b) => b.notBefore.localeCompare(a.notBefore))
            .map((c) => ({
              key: c.label || c.id,
              id: c.id,
              subject: c.subject,
              name: nameOf(c.subject),
              serialNumber: c.serialNumber.toLowerCase(),
              notBefore: c.notBefore,
              notAfter: c.notAfter,
              daysLeft: Math.floor((Date.parse(c.notAfter) - now) / DAY_MS),
            })),
        });
      }
      return { tokens: items, selected: selected() };
    },
    'tokens.select': ({ token, key }) => {
      setSetting(db, SELECTED, JSON.stringify({ token, key }));
      emit('tokens.changed', { reason: 'selected' });
      return { token, key };
    },
    'tokens.session': () => sessionView(),
    'tokens.login': async ({ token, key, pin, totp }) => {
      const secret = Buffer.from(pin, 'utf8');
      try {
        await login(db, client.api, client.tokens, { token, key, pin: secret, totp, actor: client.actor });
      } catch (e) {
        throw loginRefusal(e);
      } finally {
        secret.fill(0); // also when the token or the bank refused before the PIN was used
      }
      setSetting(db, SELECTED, JSON.stringify({ token, key }));
      emit('tokens.changed', { reason: 'session' });
      return sessionView();
    },
    'tokens.logout': async () => {
      // the local copy goes whatever the bank answers; the page is told when the bank was not reached
      const r = await endBankSession(db, client.api);
      emit('tokens.changed', { reason: 'session' });
      const notEnded = r.error ? { until: r.expiresAt ?? '', reason: { code: r.error.code, params: r.error.params } } : undefined;
      return { ...sessionView(), endedOnBank: r.endedOnBank, ...(notEnded ? { notEnded } : {}) };
    },

    // refused before a byte is sent: a 50 MB file never crosses
    'import.begin': ({ name, size }) => ({ uploadId: uploads.start(name, size, {}), chunkBytes: UPLOAD_CHUNK_BYTES }),
    'import.chunk': ({ uploadId, offset, data }) => ({ received: uploads.chunk(uploadId, offset, data) }),
    'import.preview': async ({ uploadId, locale }) => {
      const { name, result } = await parsed(uploadId);
      // the real import's own code, rolled back: duplicates, structure and rules exactly as accept will see them
      const report = storeImport(client.documents, result, name, client.actor, { dryRun: true });
      const byLine = new Map(result.documents.map((d) => [d.line, d]));
      const say = (code: MessageKey, params: MessageParams) => visible(t(locale, code, params));
      const contentOf = (line: number) => {
        const d = byLine.get(line);
        if (!d) return {};
        const c = d.content;
        return { number: c.number, date: c.date, amount: c.amount, payee: c.payee.name, purpose: c.purpose };
      };
      const documents = [
        ...report.imported.map((d) => {
          const source = byLine.get(d.line)!;
          const findings = client.documents.findings(client.documents.parse(source.kind, source.content));
          const messages = [
            ...findings.filter((f) => f.severity === 'error').map((f) => ({ severity: 'error' as const, text: visible(f.message[locale]), field: f.field })),
            ...d.warnings.map((w) => ({ severity: 'warning' as const, text: say(w.code, w.params) })),
            ...findings.filter((f) => f.severity === 'warning').map((f) => ({ severity: 'warning' as const, text: visible(f.message[locale]), field: f.field })),
          ];
          const outcome = d.errors > 0 ? ('errors' as const) : messages.length > 0 ? ('warnings' as const) : ('valid' as const);
          return { line: d.line, outcome, ...contentOf(d.line), messages };
        }),
        ...report.rejected.map((r) => ({
          line: r.line,
          outcome: r.code === 'import.duplicate' ? ('duplicate' as const) : ('rejected' as const),
          ...contentOf(r.line),
          messages: [{ severity: 'error' as const, text: say(r.code, r.params) }],
        })),
      ].sort((a, b) => a.line - b.line);
      const counts = { valid: 0, warnings: 0, errors: 0, duplicate: 0, rejected: 0 };
      for (const d of documents) counts[d.outcome]++;
      return {
        name,
        format: result.format,
        version: result.version,
        encoding: result.encoding,
        documents,
        fileWarnings: report.warnings.map((w) => ({ line: w.line, text: say(w.code, w.params) })),
        counts,
      };
    },
    'import.accept': async ({ uploadId, onlyValid }) => {
      const { name, result } = await parsed(uploadId);
      const report = storeImport(client.documents, result, name, client.actor, { onlyValid });
      uploads.delete(uploadId);
      return { imported: report.imported.map((d) => d.id), rejected: report.rejected.length };
    },
    'import.discard': ({ uploadId }) => ({ discarded: uploads.delete(uploadId) }),

    'sign.candidates': ({ token, key }) => {
      let signer: ReturnType<typeof signerFor> | undefined;
      try {
        const chosen = token && key ? { token, key } : selected();
        signer = chosen ? signerFor(db, chosen.token, chosen.key) : undefined;
      } catch {
        signer = undefined; // not logged in with this key yet: the bank has not said what it may sign
      }
      type Row = { id: string; kind: DocumentBody['kind']; number: string | null; doc_date: string | null; amount: number | null; counterparty: string | null; missing: string | null };
      const toCandidate = (r: Row, source: 'draft' | 'awaiting') => ({ id: r.id, kind: r.kind, number: r.number, date: r.doc_date, amount: r.amount, counterparty: r.counterparty, missing: JSON.parse(r.missing ?? '[]') as string[], source });
      const drafts = (sql(db, "SELECT id, kind, number, doc_date, amount, counterparty, missing FROM documents WHERE status = 'draft' AND errors = 0 ORDER BY rowid DESC LIMIT 200").all() as Row[]).map((r) => toCandidate(r, 'draft'));
      const draftsTotal = (sql(db, "SELECT COUNT(*) AS n FROM documents WHERE status = 'draft' AND errors = 0").get() as { n: number }).n;
      const awaiting: ReturnType<typeof toCandidate>[] = [];
      const seen = new Set<string>();
      for (const a of sql(db, 'SELECT id, canonical, missing FROM awaiting ORDER BY fetched_at, id').all() as { id: string; canonical: Buffer; missing: string }[]) {
        try {
          awaiting.push(candidateOf(a.id, bodyOfCanonical(a.canonical, a.id), 'awaiting', JSON.parse(a.missing) as string[]));
          seen.add(a.id);
        } catch {
          // a broken one from the bank is refused by name when signed; not listed as signable
        }
      }
      // signed here (by a colleague at this desk) and still missing what this signer gives
      const mine = signer ? SIGNATURE_OF_ROLE[signer.role as Role] : undefined;
      if (signer && mine) {
        const rows = sql(
          db,
          `SELECT d.id, d.kind, d.number, d.doc_date, d.amount, d.counterparty, d.missing FROM documents d
            WHERE d.status IN ('signed', 'sent') AND d.missing LIKE ? AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.document_id = d.id AND s.certificate_serial = ?)
            ORDER BY d.rowid DESC LIMIT 200`,
        ).all(`%"${mine}"%`, signer.certificateSerial) as Row[];
        for (const r of rows) if (!seen.has(r.id)) awaiting.push(toCandidate(r, 'awaiting'));
      }
      return { signer: signer ? { name: signer.name, role: signer.role, limit: signer.limit } : null, drafts, draftsTotal, awaiting };
    },
    'sign.prepare': ({ ids, allValidDrafts }) => {
      const all = new Set(ids ?? []);
      if (allValidDrafts) for (const r of sql(db, "SELECT id FROM documents WHERE status = 'draft' AND errors = 0 ORDER BY rowid").all() as { id: string }[]) all.add(r.id);
      if (all.size === 0) throw new LocalizedError('ui.tokens.sign.nothing-chosen');
      const items: PreparedItem[] = [];
      for (const id of all) {
        try {
          items.push(canonicalOf(id).item);
        } catch {
          items.push({ id }); // shown with its problem; the signing reports it by name
        }
      }
      const batchId = randomUUID();
      const duplicates = findDuplicates(client.documents.store, all);
      remember(batches, batchId, { items, duplicates }, running);
      const listed = [...duplicates].slice(0, MAX_DUPLICATES_LISTED).map(([id, d]) => ({ id, number: d.number, earlier: d.earlier }));
      return { batchId, total: items.length, duplicates: listed, duplicatesTotal: duplicates.size };
    },
    'sign.texts': ({ batchId, offset, limit, locale }) => {
      const batch = batches.get(batchId);
      if (!batch) throw new LocalizedError('ui.tokens.sign.batch-unknown');
      const items = batch.items.slice(offset, offset + limit).map((p) => {
        try {
          const c = canonicalOf(p.id);
          // the text is rendered from the very bytes that will be signed
          const duplicateOf = batch.duplicates.get(p.id)?.earlier;
          return { ...candidateOf(p.id, c.body, c.source, c.missing), rendered: renderDocument(c.body, locale as Locale), ...(duplicateOf ? { duplicateOf } : {}) };
        } catch (e) {
          const problem = e instanceof LocalizedError ? { id: p.id, code: e.code, params: e.params } : { id: p.id, code: 'ui.tokens.sign.stopped', params: { reason: (e as Error).message } };
          return { id: p.id, kind: 'payment-order' as const, number: null, date: null, amount: null, counterparty: null, missing: [], source: 'draft' as const, rendered: [], problem };
        }
      });
      return { total: batch.items.length, items };
    },
    'sign.run': async ({ batchId, token, key, pin, confirmedDuplicates }) => {
      const secret = Buffer.from(pin, 'utf8');
      try {
        const batch = batches.get(batchId);
        if (!batch) throw new LocalizedError('ui.tokens.sign.batch-unknown');
        if (running(batch)) throw new LocalizedError('ui.tokens.sign.batch-running');
        // one batch at a time per profile: two would build on the same SignedData
        if ([...batches.values()].some(running)) throw new LocalizedError('ui.tokens.sign.other-running');
        const skipped: { id: string; code: string; params: MessageParams }[] = [];
        let ids: string[] = [];
        for (const p of batch.items) {
          if (unchanged(p)) ids.push(p.id);
          else skipped.push({ id: p.id, code: 'ui.tokens.sign.changed-since-shown', params: { id: p.id } });
        }
        // looked up again now (a colleague may have signed the earlier one meanwhile): a repeat is signed only when confirmed
        const confirmed = new Set(confirmedDuplicates ?? []);
        const repeats = [...findDuplicates(client.documents.store, ids)];
        const held = new Set(repeats.filter(([id]) => !confirmed.has(id)).map(([id]) => id));
        for (const [id, d] of repeats) if (held.has(id)) skipped.push({ id, code: 'ui.tokens.sign.duplicate', params: duplicateParams(id, d) });
        if (held.size) ids = ids.filter((id) => !held.has(id));
        recordConfirmed(db, client.actor, repeats.filter(([id]) => confirmed.has(id)));
        const controller = new AbortController();
        batch.controller = controller;
        emit('signing.progress', { batchId, signed: 0, total: ids.length });
        try {
          const report =
            ids.length === 0
              ? { signed: [], skipped: [], notSigned: [] }
              : await client.signing.sign({ ids, token, key, pin: secret, signal: controller.signal, shownRevisions: new Map(batch.items.flatMap((p) => (p.revision === undefined ? [] : [[p.id, p.revision] as const]))), onProgress: (p) => emit('signing.progress', { batchId, signed: p.signed, total: p.total }) });
          const cancelled = controller.signal.aborted;
          batches.delete(batchId);
          if (report.signed.length > 0) emit('sync.changed', client.sync().state());
          return {
            total: batch.items.length,
            signed: report.signed,
            skipped: [...skipped, ...report.skipped.map((s) => ({ id: s.id, code: s.code, params: s.params }))],
            notSigned: report.notSigned,
            cancelled,
            ...('error' in report && report.error && !cancelled ? { error: refusalOf(report.error) } : {}),
          };
        } finally {
          batch.controller = undefined;
        }
      } finally {
        secret.fill(0); // the token layer drops it too; this covers the paths that never reach it
      }
    },
    'sign.cancel': ({ batchId }) => {
      const c = batches.get(batchId)?.controller;
      if (!c || c.signal.aborted) return { cancelled: false };
      c.abort(new LocalizedError('ui.tokens.sign.cancelled'));
      return { cancelled: true };
    },
  };
}

