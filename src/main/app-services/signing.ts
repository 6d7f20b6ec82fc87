import { randomUUID } from 'node:crypto';
import { renderSignedDocument } from '../../shared/bank-api/documents/render.ts';
import { LocalizedError, type Locale, type MessageParams } from '../../shared/i18n/index.ts';
import { MAX_DUPLICATES_LISTED, type signingChannels } from '../../shared/ipc/areas/signing.ts';
import { duplicateParams, findDuplicates, recordConfirmed, type Duplicate } from '../signing/duplicates.ts';
import { candidateOfBody, type ShownItem } from '../signing/signing-service.ts';
import { signerFor } from '../bank/signers.ts';
import { withPins, type AreaHandlers, type ServiceContext } from './context.ts';
import { selectedKey } from './token-selection.ts';

/** Prepared batches kept at most (the oldest goes first). */
const KEEP = 4;

interface Batch {
  items: ShownItem[];
  /** Drafts of the batch repeating a payment order already signed or sent, when prepared (shown with their texts). */
  duplicates: Map<string, Duplicate>;
  controller?: AbortController;
}

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
export function signingHandlers({ client, emit, background }: ServiceContext): AreaHandlers<typeof signingChannels> {
  const db = client.db;
  const batches = new Map<string, Batch>();

  /** The signer of the chosen key (or the one selected in the bar); undefined when the bank has not named one yet. */
  const signerOf = (token: string | undefined, key: string | undefined): ReturnType<typeof signerFor> | undefined => {
    try {
      const chosen = token && key ? { token, key } : selectedKey(db);
      return chosen ? signerFor(db, chosen.token, chosen.key) : undefined;
    } catch {
      return undefined; // not logged in with this key yet: the bank has not said what it may sign
    }
  };

  return {
    'sign.candidates': ({ token, key }) => {
      const signer = signerOf(token, key);
      // the same check as the batch itself (SigningService.candidates): the list never offers what signing refuses
      return { signer: signer ? { name: signer.name, role: signer.role, limit: signer.limit } : null, ...client.signing.candidates(signer) };
    },
    'sign.prepare': ({ ids, allValidDrafts, token, key }) => {
      const all = new Set(ids ?? []);
      // all the drafts the list counted for this signer (the same check), not every draft
      if (allValidDrafts) for (const id of client.signing.signableDrafts(signerOf(token, key)).ids) all.add(id);
      if (all.size === 0) throw new LocalizedError('ui.tokens.sign.nothing-chosen');
      const items: ShownItem[] = [];
      for (const id of all) {
        try {
          items.push(client.signing.shown(id).item);
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
          const c = client.signing.shown(p.id);
          // the text is rendered from the very bytes that will be signed
          const duplicateOf = batch.duplicates.get(p.id)?.earlier;
          const text = renderSignedDocument(c.bytes, { id: p.id }, locale as Locale);
          if (!text.ok) throw new LocalizedError('signing.canonical-invalid', { id: p.id, reason: text.reason, field: text.field });
          return { ...candidateOfBody(p.id, c.body, c.missing), source: c.source, rendered: text.fields, ...(duplicateOf ? { duplicateOf } : {}) };
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
          if (client.signing.stillAsShown(p)) ids.push(p.id);
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
          if (report.signed.length > 0) {
            emit('sync.changed', client.sync().state());
            // what was signed goes to the bank at once, not at the next interval
            if (background.active) background.requestNow().catch((e: unknown) => console.error('The exchange after signing failed:', e));
          }
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
