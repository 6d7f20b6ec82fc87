import { createHash, randomUUID } from 'node:crypto';
import { summarizeDocument, type DocumentBody } from '../../shared/bank-api/documents/index.ts';
import { signedDocumentBytes } from '../../shared/bank-api/documents/signed.ts';
import { renderDocument } from '../../shared/bank-api/documents/render.ts';
import { SIGNATURE_OF_ROLE, type Role } from '../../shared/bank-api/signing-policy.ts';
import { LocalizedError, type Locale, type MessageParams } from '../../shared/i18n/index.ts';
import { MAX_DUPLICATES_LISTED, type signingChannels } from '../../shared/ipc/areas/signing.ts';
import { currentSession } from '../bank/session.ts';
import { duplicateParams, findDuplicates, recordConfirmed, type Duplicate } from '../signing/duplicates.ts';
import { bodyOfCanonical } from '../signing/signing-service.ts';
import { signerFor } from '../signing/signers.ts';
import { sql } from '../store/database.ts';
import { withPins, type AreaHandlers, type ServiceContext } from './context.ts';
import { selectedKey } from './token-selection.ts';

/** Prepared batches kept at most (the oldest goes first). */
const KEEP = 4;

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

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A bounded map: adding beyond `KEEP` forgets the oldest entry that `busy` does not hold (a running batch is kept). */
function remember<V>(map: Map<string, V>, key: string, value: V, busy: (v: V) => boolean = () => false): void {
  map.set(key, value);
  for (const [k, v] of map) {
    if (map.size <= KEEP) break;
    if (k !== key && !busy(v)) map.delete(k);
  }
}

const running = (b: Batch): boolean => !!b.controller && !b.controller.signal.aborted;

const refusalOf = (e: Error): { code: string; params: MessageParams } =>
  e instanceof LocalizedError ? { code: e.code, params: e.params } : { code: 'ui.tokens.sign.stopped', params: { reason: e.message } };

/**
 * Signing: what may be signed, a batch shown as it will be signed (rendered from the canonical
 * bytes), signed with one PIN (withPins: a buffer zeroed when the call ends, never logged or
 * stored), with progress and cancel.
 */
export function signingHandlers({ client, emit }: ServiceContext): AreaHandlers<typeof signingChannels> {
  const db = client.db;
  const batches = new Map<string, Batch>();

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
    'sign.candidates': ({ token, key }) => {
      let signer: ReturnType<typeof signerFor> | undefined;
      try {
        const chosen = token && key ? { token, key } : selectedKey(db);
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
      const duplicates = findDuplicates(db, all);
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
    // the token layer drops the PIN too; withPins also covers the paths that never reach it
    'sign.run': ({ batchId, token, key, pin, confirmedDuplicates }) =>
      withPins([pin], async (secret) => {
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
        const repeats = [...findDuplicates(db, ids)];
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
      }),
    'sign.cancel': ({ batchId }) => {
      const c = batches.get(batchId)?.controller;
      if (!c || c.signal.aborted) return { cancelled: false };
      c.abort(new LocalizedError('ui.tokens.sign.cancelled'));
      return { cancelled: true };
    },
  };
}
