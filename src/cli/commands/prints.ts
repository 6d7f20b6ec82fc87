/**
 * bankclient documents print / statements print: signed documents (form 0401060 for payment
 * orders) and statements as PDF, made by the same service as the app's print buttons
 * (src/main/prints/print-service.ts).
 */
import type { Command, CommandContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { checkOutput, writeFileAtomic } from '../files.ts';
import { requireSession } from '../../main/bank/session.ts';
import { printDocuments, printStatement } from '../../main/prints/print-service.ts';
import { fetchStatement } from '../../main/sync/pull-bank-data.ts';

const WORDS = {
  en: { printed: (out: string, docs: number, pages: number) => `Printed ${docs} document(s) on ${pages} page(s) to ${out}.`, statement: (out: string, entries: number, pages: number) => `Statement with ${entries} entries printed on ${pages} page(s) to ${out}.` },
  ru: { printed: (out: string, docs: number, pages: number) => `Документов: ${docs}, страниц: ${pages}; записано в ${out}.`, statement: (out: string, entries: number, pages: number) => `Выписка (операций: ${entries}, страниц: ${pages}) записана в ${out}.` },
};

const options = { out: { type: 'string' }, font: { type: 'string' }, 'time-zone': { type: 'string' } } as const;

/** The time zone option, checked: an unknown zone is a usage error, not a stack trace. */
function timeZone(ctx: CommandContext): string | undefined {
  const zone = ctx.opt('time-zone');
  if (zone === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new UsageError(`--time-zone ${zone}`);
  }
  return zone;
}

export const documentPrintCommands = {
  print: {
    positionals: true,
    options,
    run: async (ctx: CommandContext) => {
      const out = ctx.need('out');
      if (ctx.positionals.length === 0) throw new UsageError('ID...');
      checkOutput(out, {});
      const zone = timeZone(ctx);
      const font = ctx.opt('font');
      const client = await ctx.client();
      const ids = [...new Set(ctx.positionals)];
      const file = printDocuments(client.db, client.documents, ids, { actor: client.actor, ...(font ? { fontPath: font } : {}), ...(zone ? { timeZone: zone } : {}) });
      writeFileAtomic(out, file.bytes);
      ctx.result({ out, documents: ids.length, pages: file.pages }, () => WORDS[ctx.locale].printed(out, ids.length, file.pages));
    },
  },
} satisfies Record<string, Command>;

export const statementPrintCommands = {
  print: {
    options: { ...options, account: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
    run: async (ctx: CommandContext) => {
      const [accountQuery, from, to, out] = [ctx.need('account'), ctx.need('from'), ctx.need('to'), ctx.need('out')];
      if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) throw new UsageError(`--from ${from}`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || to < from) throw new UsageError(`--to ${to}`);
      checkOutput(out, {});
      const zone = timeZone(ctx);
      const font = ctx.opt('font');
      const client = await ctx.client();
      const session = requireSession(client.db);
      const account = client.bankData.account(accountQuery);
      if (!account) throw new UsageError(`--account ${accountQuery}`);
      const statement = await fetchStatement(client.bankData, client.api, session.token, account.id, from, to);
      const file = printStatement(client.db, statement, { holder: { name: session.user.company.name, inn: session.user.company.inn }, actor: client.actor, ...(font ? { fontPath: font } : {}), ...(zone ? { timeZone: zone } : {}) });
      writeFileAtomic(out, file.bytes);
      ctx.result({ out, account: statement.account.number, entries: statement.entries.length, pages: file.pages, openingBalance: statement.openingBalance, closingBalance: statement.closingBalance }, () =>
        WORDS[ctx.locale].statement(out, statement.entries.length, file.pages),
      );
    },
  },
} satisfies Record<string, Command>;
