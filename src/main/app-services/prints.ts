/**
 * The prints area: signed documents and statements as PDF (src/main/prints). A statement is
 * read from the bank with the stored session, as statements.fetch reads it.
 */
import type { printsChannels } from '../../shared/ipc/areas/prints.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { withBankSession } from '../bank/session.ts';
import { printDocuments, printStatement } from '../prints/print-service.ts';
import { fetchStatement } from '../sync/pull-bank-data.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';

export function printsHandlers({ client }: ServiceContext): AreaHandlers<typeof printsChannels> {
  const { db } = client;
  return {
    'documents.print': ({ ids }) => {
      const file = printDocuments(db, client.documents, ids, { actor: client.actor });
      return { fileName: file.fileName, pdfBase64: Buffer.from(file.bytes).toString('base64'), pages: file.pages };
    },
    'statements.print': async ({ accountId, from, to }) => {
      const found = client.bankData.account(accountId);
      // the page names accounts by the bank's id only
      if (!found || found.id !== accountId) throw new LocalizedError('ui.bank-data.error.account-unknown', { account: accountId });
      const { statement, holder } = await withBankSession(db, async (s) => ({
        statement: await fetchStatement(client.bankData, client.api, s.token, accountId, from, to),
        holder: { name: s.user.company.name, inn: s.user.company.inn },
      }));
      const file = printStatement(db, statement, { holder, actor: client.actor });
      return { fileName: file.fileName, pdfBase64: Buffer.from(file.bytes).toString('base64'), pages: file.pages };
    },
  };
}
