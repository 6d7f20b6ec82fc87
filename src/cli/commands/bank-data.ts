import type { Command, CommandContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { checkOutput, writeFileAtomic } from '../files.ts';
import { printable, WORKFLOW_TEXT } from '../workflow-text.ts';
import { t } from '../../shared/i18n/index.ts';
import { formatRubles } from '../../shared/domain/money.ts';
import { requireSession } from '../../main/bank/session.ts';
import { fetchStatement } from '../../main/sync/pull-bank-data.ts';
import { exportStatement } from '../../main/sync/statement-export.ts';
import { verifyAudit } from '../../main/audit/audit-log.ts';
import type { LocalStatus } from '../../shared/domain/document-status.ts';

const words = (ctx: CommandContext) => WORKFLOW_TEXT[ctx.locale];

/** Statuses a document sent to the bank can still leave: not final yet. */
const OPEN: LocalStatus[] = ['sent', 'delivered', 'accepted'];

/**
 * bankclient sync: push the outbox, pull the bank. With --wait S, keeps retrying (with backoff)
 * until nothing waits to be sent; with --until-final as well, until every document sent to the
 * bank has a final status (executed, rejected, recalled), or S seconds have passed.
 */
export const syncCommand: Command = {
  options: { wait: { type: 'string' }, 'until-final': { type: 'boolean' } },
  run: async (ctx) => {
    const client = await ctx.client();
    const engine = client.sync();
    const wait = Number(ctx.opt('wait') ?? 0);
    if (!Number.isFinite(wait) || wait < 0) throw new UsageError(`--wait ${ctx.opt('wait')}`);
    const untilFinal = ctx.flag('until-final');
    if (untilFinal && !(wait > 0)) throw new UsageError(ctx.text.untilFinalNeedsWait);
    const deadline = new Date(Date.now() + wait * 1000);
    const open = () => client.documents.ids(OPEN);
    let state = wait > 0 ? await engine.syncUntilDone(deadline) : (await engine.syncOnce(), engine.state());
    while (untilFinal && open().length > 0 && !state.lastError && Date.now() < deadline.getTime()) {
      await new Promise((r) => setTimeout(r, Math.min(2000, deadline.getTime() - Date.now())));
      state = await engine.syncUntilDone(deadline);
    }
    const rejected = client.documents.ids(['rejected']).length;
    const notFinal = open();
    const byStatus = OPEN.map((st) => [st, client.documents.ids([st]).length] as const).filter(([, n]) => n > 0);
    const error = state.lastError ? t(ctx.locale, state.lastError.code as never, state.lastError.params) : undefined;
    const w = words(ctx);
    ctx.result({ ...state, rejected, notFinal: notFinal.length, ...(error ? { lastErrorText: error } : {}) }, () =>
      [
        w.syncState(state.pending, state.failed, rejected, state.lastSuccessAt ?? w.never),
        ...(notFinal.length ? [w.notFinal(notFinal.length, byStatus.map(([st, n]) => `${st} ${n}`).join(', '))] : []),
        ...(error ? [w.lastError(error)] : []),
      ].join('\n'),
    );
    return state.lastError || state.pending > 0 || state.failed > 0 || (untilFinal && notFinal.length > 0) ? 1 : 0;
  },
};

/** bankclient accounts: the company's accounts and balances, as the last sync brought them. */
export const accountsCommand: Command = {
  options: {},
  run: async (ctx) => {
    const { items, updatedAt } = (await ctx.client()).bankData.accounts();
    const w = words(ctx);
    ctx.result({ items, updatedAt }, () =>
      items.length ? items.map((a) => w.accountLine(a.number, formatRubles(a.balance), a.currency, printable(a.bank.name), a.bank.bic)).join('\n') : w.accountsNone,
    );
  },
};

export const statementCommands = {
  export: {
    options: { format: { type: 'string' }, account: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
    run: async (ctx: CommandContext) => {
      const format = ctx.need('format');
      if (format !== '1c' && format !== 'camt053') throw new UsageError(`--format ${format}: 1c, camt053`);
      const [accountQuery, from, to, out] = [ctx.need('account'), ctx.need('from'), ctx.need('to'), ctx.need('out')];
      checkOutput(out, {});
      const client = await ctx.client();
      const session = requireSession(client.db);
      const account = client.bankData.account(accountQuery);
      if (!account) throw new UsageError(`--account ${accountQuery}`);
      const statement = await fetchStatement(client.bankData, client.api, session.token, account.id, from, to);
      exportStatement(client.db, statement, { format, from, to, session, actor: client.actor, subject: out, write: (bytes) => writeFileAtomic(out, bytes) });
      ctx.result({ out, format, account: statement.account.number, entries: statement.entries.length, openingBalance: statement.openingBalance, closingBalance: statement.closingBalance }, () => words(ctx).exported(out, statement.entries.length));
    },
  },
} satisfies Record<string, Command>;

export const contractsCommand: Command = {
  options: {},
  run: async (ctx) => {
    const rows = (await ctx.client()).bankData.contracts().items;
    ctx.result(rows, () =>
      rows
        .map((c) => `${printable(c.number)}  ${c.kind}  ${printable(c.subject)}  ${formatRubles(c.outstanding)} ${c.currency}${c.nextPayment ? `  → ${c.nextPayment.dueDate} ${formatRubles(c.nextPayment.amount)}` : ''}`)
        .join('\n') || words(ctx).noDocuments,
    );
  },
};

export const scheduleCommand: Command = {
  positionals: true,
  options: {},
  run: async (ctx) => {
    const q = ctx.arg(0, 'CONTRACT');
    const store = (await ctx.client()).bankData;
    const c = store.contract(q);
    const s = c && store.schedule(c.id);
    if (!s) throw new UsageError(`CONTRACT ${q}`);
    ctx.result(s, () => s.items.map((i) => `${String(i.number).padStart(3)}  ${i.dueDate}  ${formatRubles(i.total).padStart(14)}  ${formatRubles(i.principal).padStart(14)}  ${formatRubles(i.interest).padStart(12)}  ${i.paid ? '✔' : ''}`).join('\n'));
  },
};

export const messagesCommand: Command = {
  options: {},
  run: async (ctx) => {
    const rows = (await ctx.client()).bankData.messages();
    ctx.result(rows, () => rows.map((m) => `${m.sentAt.slice(0, 16)}  ${m.direction === 'from-bank' ? '←' : '→'} ${m.read ? '' : `[${words(ctx).unread}] `}${printable(m.subject)}${m.attachments.length ? ` (+${m.attachments.length})` : ''}${m.seal ? ` — ${m.seal.by === 'bank' ? words(ctx).sealBank(m.seal.certificateSerial) : words(ctx).sealPerson(printable(m.seal.name), m.seal.certificateSerial)}` : ''}`).join('\n') || words(ctx).noDocuments);
  },
};

export const auditCommands = {
  verify: {
    options: {},
    /** Exit code 1 when the chain is broken. */
    run: async (ctx: CommandContext) => {
      const r = verifyAudit((await ctx.client()).db);
      ctx.result(r, () => (r.ok ? words(ctx).auditOk(r.rows) : [words(ctx).auditBroken(r.problems.length), ...r.problems.map((p) => words(ctx).auditProblem(p.seq, p.problem))].join('\n')));
      return r.ok ? 0 : 1;
    },
  },
} satisfies Record<string, Command>;
