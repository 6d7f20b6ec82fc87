import type { Command, CommandContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { printable, WORKFLOW_TEXT } from '../workflow-text.ts';
import { LocalizedError, t, type MessageKey } from '../../shared/i18n/index.ts';
import { formatRubles } from '../../shared/domain/money.ts';
import { renderDocument, renderSignedDocument } from '../../shared/bank-api/documents/render.ts';
import { formatDateTime } from '../../shared/domain/format.ts';
import { DOCUMENT_KIND_NAMES, type DocumentKindName } from '../../shared/bank-api/documents/index.ts';
import { importFileStream } from '../../main/formats/index.ts';
import { storeImportStream } from '../../main/documents/import-drafts.ts';
import { exportPaymentOrders } from '../../main/documents/export-orders.ts';
import { AtomicLineWriter, checkOutput, openFileSource, writeFileAtomic } from '../files.ts';
import { duplicateParams, findDuplicates, recordConfirmed } from '../../main/signing/duplicates.ts';
import type { DocumentRow } from '../../main/documents/document-service.ts';
import { LOCAL_STATUSES, type LocalStatus } from '../../shared/domain/document-status.ts';
import { pinnedCa } from '../../main/bank/trust.ts';
import { CliError } from '../errors.ts';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const words = (ctx: CommandContext) => WORKFLOW_TEXT[ctx.locale];

/** The exit code of `import` and `sign-documents` when they did their work but skipped some documents (each reported). */
export const EXIT_SKIPPED = 3;
const say = (ctx: CommandContext, code: MessageKey, params: Record<string, string | number>) => t(ctx.locale, code, params);

/** Entries of each list (imported, rejected) an import prints: the counts are whole, the ids all go to --ids-out. */
export const IMPORT_LISTED = 1000;

/**
 * bankclient import FILE [--ids-out IDS]: a 1C or pain.001 file into drafts; every document
 * imported or reported with its line. The file is read while it is stored (one transaction), and
 * the output lists at most IMPORT_LISTED of each kind, so a 32 MiB file costs little memory.
 */
export const importCommand: Command = {
  positionals: true,
  options: { 'ids-out': { type: 'string' } },
  run: async (ctx) => {
    const file = ctx.arg(0, 'FILE');
    const idsOut = ctx.opt('ids-out');
    if (idsOut !== undefined) checkOutput(idsOut, { FILE: file });
    const client = await ctx.client();
    // read in pieces as it is stored: the file is never held whole
    const source = openFileSource(file);
    const ids = idsOut === undefined ? undefined : new AtomicLineWriter(idsOut);
    let report;
    try {
      report = storeImportStream(client.documents, (sink) => importFileStream(source, file, sink), file, client.actor, { maxListed: IMPORT_LISTED, ...(ids ? { onImported: (d) => ids.line(d.id) } : {}) });
      ids?.commit();
    } catch (e) {
      ids?.abort();
      throw e;
    } finally {
      source.close();
    }
    const w = words(ctx);
    const messages = {
      imported: report.imported.map((d) => ({ ...d, warnings: d.warnings.map((x) => ({ ...x, message: say(ctx, x.code, x.params) })) })),
      rejected: report.rejected.map((r) => ({ ...r, message: say(ctx, r.code, r.params) })),
      warnings: report.warnings.map((x) => ({ ...x, message: say(ctx, x.code, x.params) })),
    };
    const { counts, importedOmitted, rejectedOmitted } = report;
    ctx.result(
      {
        file,
        format: report.format,
        version: report.version,
        encoding: report.encoding,
        counts,
        // the first IMPORT_LISTED of each; the *Omitted counts say how many more (all ids: --ids-out)
        imported: report.imported.map((d) => d.id),
        importedOmitted,
        rejectedOmitted,
        ...(idsOut !== undefined ? { idsOut } : {}),
        details: messages,
      },
      () =>
        [
          w.imported(counts.imported, counts.rejected, file),
          ...messages.warnings.map((x) => w.warningLine(x.line, x.message)),
          ...messages.imported.flatMap((d) => [w.importedLine(d.line, d.id, d.errors), ...d.warnings.map((x) => w.warningLine(x.line, x.message))]),
          ...(importedOmitted ? [w.notListed('imported', importedOmitted)] : []),
          ...messages.rejected.map((r) => w.rejectedLine(r.line, r.message)),
          ...(rejectedOmitted ? [w.notListed('rejected', rejectedOmitted)] : []),
          ...(idsOut !== undefined ? [w.idsWritten(counts.imported, idsOut)] : []),
        ].join('\n'),
    );
    // rejected is listed in the JSON too (each with line, code and message): the file is accounted for whole;
    // the file was read, so some not imported is "done with skips" (3), not a failure (1: the file could not be read)
    return counts.rejected > 0 ? EXIT_SKIPPED : 0;
  },
};

/** A whole number option (--limit, --offset). */
function count(ctx: CommandContext, name: string, fallback: number): number {
  const v = ctx.opt(name);
  if (v === undefined) return fallback;
  if (!/^\d{1,7}$/.test(v)) throw new UsageError(`--${name} ${v}: a whole number`);
  return Number(v);
}

function rowLine(d: DocumentRow): string {
  return [d.date ?? '          ', printable(d.number ?? '').padEnd(6), (d.amount === null ? '' : formatRubles(d.amount)).padStart(16), d.status.padEnd(9), d.kind.padEnd(16), d.id, printable(d.counterparty ?? '')].join('  ');
}

function statusList(ctx: CommandContext): LocalStatus[] | undefined {
  const given = ctx.opt('status')?.split(',').map((x) => x.trim());
  const wrong = given?.find((x) => !(LOCAL_STATUSES as readonly string[]).includes(x));
  if (wrong !== undefined) throw new UsageError(`--status ${wrong}: ${LOCAL_STATUSES.join(', ')}`);
  return given as LocalStatus[] | undefined;
}

function kindOption(ctx: CommandContext): DocumentKindName | undefined {
  const k = ctx.opt('kind');
  if (k && !DOCUMENT_KIND_NAMES.includes(k as DocumentKindName)) throw new UsageError(`--kind ${k}: ${DOCUMENT_KIND_NAMES.join(', ')}`);
  return k as DocumentKindName | undefined;
}

/**
 * documents list --awaiting: what awaits this person's signature at the bank, as the last sync
 * brought it (what `sign-documents --awaiting` signs), read from the bytes the first signer signed.
 */
async function listAwaiting(ctx: CommandContext): Promise<void> {
  const other = ['status', 'kind', 'search', 'from', 'to'].find((o) => ctx.opt(o) !== undefined);
  if (other) throw new UsageError(ctx.text.notWithAwaiting(other));
  const rows = (await ctx.client()).documents.store.allAwaiting().map((a) => {
    const signed = JSON.parse(a.canonical.toString('utf8')) as { kind?: string; content?: { number?: string; date?: string; amount?: number; payee?: { name?: string } } };
    const c = signed.content ?? {};
    return { id: a.id, kind: signed.kind ?? '', number: c.number ?? null, date: c.date ?? null, amount: typeof c.amount === 'number' ? c.amount : null, counterparty: c.payee?.name ?? null, missing: a.missing ?? [] };
  });
  const w = words(ctx);
  ctx.result({ items: rows, total: rows.length }, () =>
    rows.length
      ? [
          ...rows.map((r) => [r.date ?? '          ', printable(r.number ?? '').padEnd(6), (r.amount === null ? '' : formatRubles(r.amount)).padStart(16), r.kind.padEnd(16), r.id, printable(r.counterparty ?? ''), `(${r.missing.join(', ')})`].join('  ')),
          w.awaitingFooter(rows.length),
        ].join('\n')
      : w.awaitingNone,
  );
}

export const documentCommands = {
  list: {
    options: { status: { type: 'string' }, kind: { type: 'string' }, search: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' }, awaiting: { type: 'boolean' } },
    run: async (ctx: CommandContext) => {
      if (ctx.flag('awaiting')) return listAwaiting(ctx);
      const kind = kindOption(ctx);
      const status = statusList(ctx);
      const r = (await ctx.client()).documents.list({
        ...(kind ? { kind } : {}),
        ...(status ? { status } : {}),
        ...(ctx.opt('search') ? { text: ctx.opt('search')! } : {}),
        ...(ctx.opt('from') ? { from: ctx.opt('from')! } : {}),
        ...(ctx.opt('to') ? { to: ctx.opt('to')! } : {}),
        limit: count(ctx, 'limit', 50),
        offset: count(ctx, 'offset', 0),
      });
      ctx.result(r, () => (r.items.length ? [...r.items.map(rowLine), words(ctx).listFooter(r.items.length, r.total)].join('\n') : words(ctx).noDocuments));
    },
  },
  show: {
    positionals: true,
    options: {},
    run: async (ctx: CommandContext) => {
      const d = (await ctx.client()).documents.get(ctx.arg(0, 'ID'));
      // the fields as the signer reads them: once signed, from the signed bytes themselves
      const signed = d.canonical ? renderSignedDocument(d.canonical, { id: d.id }, ctx.locale) : undefined;
      if (signed && !signed.ok) throw new LocalizedError('signing.canonical-invalid', { id: d.id, reason: signed.reason, field: signed.field });
      const fields = signed ? signed.fields : renderDocument(d.body, ctx.locale);
      const { canonical: _c, cms: _s, ...rest } = d;
      ctx.result({ ...rest, rendered: fields, findings: d.findings.map((f) => ({ ...f, message: f.message[ctx.locale] })) }, () =>
        [
          rowLine(d),
          ...fields.map((f) => `  ${f.label}: ${printable(f.value)}`),
          // which signature in words, as the document card says it ("Первая подпись", not "first")
          ...d.signers.map((s) => `  ✔ ${t(ctx.locale, 'ui.document.signer-line', { kind: t(ctx.locale, `ui.document.signature.${s.kind}` as MessageKey), name: s.signer, id: s.certificateSerial, at: formatDateTime(s.signedAt, ctx.locale, { offset: true }) })}`),
          ...(d.missing.length ? [`  … ${t(ctx.locale, 'ui.document.missing', { what: d.missing.map((k) => t(ctx.locale, `ui.document.signature.${k}` as MessageKey)).join(', ') })}`] : []),
          ...(d.rejection ? [`  ✘ ${printable(d.rejection.code)}: ${printable(d.rejection.reason)}`] : []),
          ...d.findings.map((f) => `  ${f.severity === 'error' ? '✘' : '!'} ${f.message[ctx.locale]}`),
        ].join('\n'),
      );
    },
  },
  export: {
    positionals: true,
    options: { format: { type: 'string' }, out: { type: 'string' }, status: { type: 'string' } },
    run: async (ctx: CommandContext) => {
      const format = ctx.need('format');
      if (format !== 'pain001') throw new UsageError(`--format ${format}: pain001`);
      const out = ctx.need('out');
      checkOutput(out, {});
      const client = await ctx.client();
      const status = statusList(ctx);
      const ids = [...ctx.positionals, ...(status ? client.documents.ids(status, 'payment-order') : [])];
      const bytes = exportPaymentOrders(client.documents, [...new Set(ids)], client.actor);
      writeFileAtomic(out, bytes);
      ctx.result({ out, format, documents: new Set(ids).size }, () => words(ctx).exportedOrders(out, new Set(ids).size));
    },
  },
  /** documents export-signed ID --out DIR: the signed bytes (ID.json) and the CMS signature (ID.p7s), and the pinned bank CA, for `bankclient verify` and `openssl cms -verify`. */
  'export-signed': {
    positionals: true,
    options: { out: { type: 'string' } },
    run: async (ctx: CommandContext) => {
      const id = ctx.arg(0, 'ID');
      const dir = ctx.need('out');
      const client = await ctx.client();
      const d = client.documents.get(id);
      if (!d.canonical || !d.cms) throw new CliError('document-not-signed', (t) => t.notSigned(id, d.status));
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError('not-a-folder', (t) => t.notAFolder(dir));
      const [json, p7s, ca] = [join(dir, `${id}.json`), join(dir, `${id}.p7s`), join(dir, 'bank-ca.pem')];
      writeFileAtomic(json, d.canonical);
      writeFileAtomic(p7s, d.cms);
      const caDer = pinnedCa(client.db);
      if (caDer) writeFileAtomic(ca, Buffer.from(`-----BEGIN CERTIFICATE-----\n${caDer.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`));
      ctx.result({ id, signedBytes: json, signature: p7s, ...(caDer ? { bankCa: ca } : {}), signers: d.signers.length }, () => words(ctx).exportedSigned(json, p7s, caDer ? ca : undefined));
    },
  },
  validate: {
    positionals: true,
    options: { status: { type: 'string' } },
    /** Exit code 1 when any document has an error. */
    run: async (ctx: CommandContext) => {
      const docs = (await ctx.client()).documents;
      const ids = ctx.positionals.length ? ctx.positionals : docs.ids(statusList(ctx) ?? ['draft']);
      const results = ids.map((id) => {
        const d = docs.get(id);
        return { id, errors: d.findings.filter((f) => f.severity === 'error').map((f) => ({ field: f.field, code: f.code, message: f.message[ctx.locale] })), warnings: d.findings.filter((f) => f.severity === 'warning').map((f) => ({ field: f.field, code: f.code, message: f.message[ctx.locale] })) };
      });
      ctx.result(results, () => results.map((r) => [r.id, ...r.errors.map((e) => `  ✘ ${e.message} [${e.code}]`), ...r.warnings.map((e) => `  ! ${e.message} [${e.code}]`), ...(r.errors.length + r.warnings.length ? [] : [`  ${words(ctx).findingsNone}`])].join('\n')).join('\n'));
      return results.some((r) => r.errors.length) ? 1 : 0;
    },
  },
} satisfies Record<string, Command>;

/**
 * bankclient documents recall ID --reason TEXT: a recall request signed on the token and sent; the
 * bank decides at once. Accepted: the exchange that follows brings its receipt, and the document
 * shows as recalled. 0: recalled (the bank's receipt says so); 1: refused (the bank's reason
 * printed), not sent, or accepted by an answer no receipt has confirmed yet.
 */
export const recallCommand: Command = {
  positionals: true,
  options: { key: { type: 'string' }, reason: { type: 'string' } },
  run: async (ctx) => {
    const id = ctx.arg(0, 'ID');
    const reason = ctx.need('reason');
    const client = await ctx.client();
    const [token, key] = [ctx.need('token'), ctx.need('key')];
    const pin = await ctx.pin();
    let r;
    try {
      r = await client.recalls.recall({ id, reason, token, key, pin });
    } finally {
      pin.fill(0);
    }
    // the bank's receipt moves the document to recalled (or, too late, to what the bank did): fetched now, so the status printed is the bank's
    if (r.status !== 'pending') await client.sync().syncOnce();
    const status = client.documents.store.row(id)?.status ?? '';
    const w = words(ctx);
    const statusWords = (LOCAL_STATUSES as readonly string[]).includes(status) ? say(ctx, `ui.status.${status}` as MessageKey, {}) : status;
    // recalled by the bank's verified receipt, not by its answer alone (which is not signed)
    const recalled = r.status === 'accepted' && status === 'recalled';
    ctx.result({ recall: r, documentStatus: status }, () =>
      recalled
        ? w.recallAccepted(id, statusWords)
        : r.status === 'accepted'
          ? w.recallUnconfirmed(id, statusWords)
          : r.status === 'refused'
            ? w.recallRefused(id, printable(r.refusal?.reason ?? ''), r.refusal?.code ?? '')
            : w.recallPending(id),
    );
    return recalled ? 0 : 1;
  },
};

/** bankclient sign-documents: by ids, or every document matching --status (and --kind), in one batch with one PIN. */
export const signDocumentsCommand: Command = {
  positionals: true,
  options: { key: { type: 'string' }, status: { type: 'string' }, kind: { type: 'string' }, awaiting: { type: 'boolean' }, 'allow-duplicates': { type: 'boolean' } },
  run: async (ctx) => {
    const client = await ctx.client();
    const [token, key] = [ctx.need('token'), ctx.need('key')];
    const kind = kindOption(ctx);
    let ids = [...ctx.positionals];
    if (ctx.flag('awaiting')) ids.push(...client.documents.store.allAwaiting().map((a) => a.id));
    const status = statusList(ctx);
    if (status) ids.push(...client.documents.ids(status, kind));
    if (ids.length === 0 && !status && !ctx.flag('awaiting')) throw new UsageError(ctx.text.missingOption('status, --awaiting or document ids'));
    ids = [...new Set(ids)];
    // a payment order repeating one already signed or sent is held back, naming the earlier one, unless allowed
    const repeats = findDuplicates(client.documents.store, ids);
    const held = ctx.flag('allow-duplicates') ? [] : [...repeats].map(([id, d]) => ({ id, code: 'ui.tokens.sign.duplicate' as const, params: duplicateParams(id, d) }));
    const heldIds = new Set(held.map((h) => h.id));
    ids = ids.filter((id) => !heldIds.has(id));
    const heldNote = held.length ? [words(ctx).duplicatesSkipped(held.length)] : [];
    if (ids.length === 0) {
      // a filter that matched nothing: nothing to sign is not a failure (held duplicates are)
      const skipped = held.map((s) => ({ ...s, message: say(ctx, s.code, s.params) }));
      ctx.result({ signed: [], skipped, notSigned: [] }, () => [words(ctx).signedReport(0, skipped.length, 0), ...skipped.map((s) => `  ${s.message}`), ...heldNote].join('\n'));
      return held.length ? EXIT_SKIPPED : 0;
    }
    if (ctx.flag('allow-duplicates')) recordConfirmed(client.db, client.actor, [...repeats]);
    const controller = new AbortController();
    const onSigint = (): void => controller.abort(new Error('cancelled'));
    process.once('SIGINT', onSigint);
    const pin = await ctx.pin();
    try {
      const report = await client.signing.sign({
        ids,
        token,
        key,
        pin,
        signal: controller.signal,
        // on the same stream as the summary and before it: the summary is printed only once signing ended
        onProgress: (p) => !ctx.json && ctx.out(words(ctx).signProgress(p.signed, p.total)),
      });
      const skipped = [...held, ...report.skipped].map((s) => ({ ...s, message: say(ctx, s.code, s.params) }));
      const error = report.error ? (report.error instanceof Error && 'localized' in report.error ? (report.error as { localized(l: string): string }).localized(ctx.locale) : report.error.message) : undefined;
      ctx.result({ signed: report.signed, skipped, notSigned: report.notSigned, ...(error ? { error } : {}), certificateSerial: report.certificateSerial }, () =>
        [words(ctx).signedReport(report.signed.length, skipped.length, report.notSigned.length), ...skipped.map((s) => `  ${s.message}`), ...heldNote, ...(error ? [words(ctx).stopped(error)] : [])].join('\n'),
      );
      // 1: the batch stopped (token, PIN, Ctrl-C); 3: done, with documents skipped (each named with its reason)
      return report.error ? 1 : skipped.length ? EXIT_SKIPPED : 0;
    } finally {
      pin.fill(0); // also when nothing reached the token
      process.off('SIGINT', onSigint);
    }
  },
};
