/**
 * Documents list and full-text search over a profile of N documents (a year of payments: dated
 * over 365 days, mostly executed, some rejected, the newest still drafts), made with
 * DocumentService.insert in one transaction. Each query through DocumentService.list (a page of
 * 50 and the total count, as the virtualised list asks): the first call is reported apart (cold
 * statement and page cache), then the median of the repetitions.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Client } from '../../src/main/client.ts';
import type { DocumentFilter } from '../../src/main/documents/document-service.ts';
import { companyInn, accountAt, HOME_BANK, log, median, paymentOrders, payerOf, percentile, round, tempDir, timed } from './common.ts';

export const LIST_TARGET_MS = 50;

export interface QueryResultJson {
  name: string;
  filter: DocumentFilter;
  total: number;
  returned: number;
  medianMs: number;
  p90Ms: number;
  firstMs: number;
  targetMet: boolean;
}

export interface ListResultJson {
  documents: number;
  generateSeconds: number;
  databaseMB: number;
  repetitions: number;
  queries: QueryResultJson[];
  target: string;
  allTargetsMet: boolean;
}

const DAY = 86_400_000;

export async function benchList(docs: number, repetitions: number): Promise<ListResultJson> {
  const dir = tempDir('list');
  const client = new Client({ dataDir: join(dir, 'profile'), actor: 'bench' });
  try {
    const payer = payerOf('ООО «Бенчмарк»', companyInn(42), accountAt(HOME_BANK.bic, '40702810', 4242));
    const end = Date.now();
    const dateOf = (i: number): string => new Date(end - Math.floor(((docs - 1 - i) * 365) / docs) * DAY).toISOString().slice(0, 10);
    log(`list: generating ${docs} documents (DocumentService.insert in one transaction)`);
    const gen = await timed(() => {
      const chunk = 10_000;
      const docsService = client.documents;
      client.db.transaction(() => {
        for (let from = 0; from < docs; from += chunk) {
          const orders = paymentOrders(Math.min(chunk, docs - from), { payer, date: dateOf, seed: 7 + from, from });
          const now = new Date().toISOString();
          for (const o of orders) docsService.insert(randomUUID(), docsService.parse('payment-order', o), { origin: 'import' }, now);
        }
        // their history: the newest 3 % still drafts, 2 % delivered, 1 % rejected, the rest executed
        const draftsFrom = Math.floor(docs * 0.97);
        const deliveredFrom = Math.floor(docs * 0.95);
        client.db
          .prepare(
            `UPDATE documents SET status = CASE
               WHEN rowid > ? THEN 'draft'
               WHEN rowid > ? THEN 'delivered'
               WHEN rowid % 100 = 17 THEN 'rejected'
               ELSE 'executed' END,
             rejection_code = CASE WHEN rowid <= ? AND rowid % 100 = 17 THEN 'insufficient-funds' END,
             rejection_reason = CASE WHEN rowid <= ? AND rowid % 100 = 17 THEN 'недостаточно средств' END`,
          )
          .run(draftsFrom, deliveredFrom, deliveredFrom, deliveredFrom);
      })();
    });
    client.db.pragma('wal_checkpoint(TRUNCATE)');
    const pageCount = client.db.pragma('page_count', { simple: true }) as number;
    const pageSize = client.db.pragma('page_size', { simple: true }) as number;
    log(`  ${(gen.ms / 1000).toFixed(1)} s, ${((pageCount * pageSize) / 1024 / 1024).toFixed(0)} MB`);

    // search terms taken from documents that exist, typed as a person would type them
    const sample = client.db.prepare('SELECT number, amount FROM documents WHERE rowid = ?');
    const byAmount = sample.get(Math.floor(docs * 0.37) + 1) as { amount: number };
    const byNumber = sample.get(Math.floor(docs * 0.61) + 1) as { number: string };
    const amountText = `${Math.floor(byAmount.amount / 100)},${String(byAmount.amount % 100).padStart(2, '0')}`;
    const queries: { name: string; filter: DocumentFilter }[] = [
      { name: 'first page', filter: { limit: 50 } },
      { name: 'filtered page: status draft (3 %, newest)', filter: { status: ['draft'], limit: 50 } },
      { name: 'filtered page: status rejected (1 %, spread)', filter: { status: ['rejected'], limit: 50 } },
      { name: `page deep in the list (offset ${Math.floor(docs / 2).toLocaleString('en-US')})`, filter: { limit: 50, offset: Math.floor(docs / 2) } },
      { name: 'search: counterparty word', filter: { text: 'Меридиан', limit: 50 } },
      { name: 'search: purpose word', filter: { text: 'металлопрокат', limit: 50 } },
      { name: 'search: common purpose word', filter: { text: 'договору', limit: 50 } },
      { name: 'search: amount', filter: { text: amountText, limit: 50 } },
      { name: 'search: document number', filter: { text: byNumber.number, limit: 50 } },
      { name: 'search: two words', filter: { text: 'аренда июнь', limit: 50 } },
    ];
    const results: QueryResultJson[] = [];
    for (const q of queries) {
      const first = await timed(() => client.documents.list(q.filter));
      const times: number[] = [];
      for (let i = 0; i < repetitions; i++) {
        const t0 = performance.now();
        client.documents.list(q.filter);
        times.push(performance.now() - t0);
      }
      const med = median(times);
      results.push({
        name: q.name,
        filter: q.filter,
        total: first.value.total,
        returned: first.value.items.length,
        medianMs: round(med, 2),
        p90Ms: round(percentile(times, 0.9), 2),
        firstMs: round(first.ms, 2),
        targetMet: med < LIST_TARGET_MS,
      });
      log(`  ${q.name}: ${med.toFixed(2)} ms (first ${first.ms.toFixed(1)} ms), ${first.value.total} matches`);
    }
    return {
      documents: docs,
      generateSeconds: round(gen.ms / 1000, 1),
      databaseMB: round((pageCount * pageSize) / 1024 / 1024),
      repetitions,
      queries: results,
      target: `< ${LIST_TARGET_MS} ms each (median) over 100,000 documents`,
      allTargetsMet: results.every((r) => r.targetMet),
    };
  } finally {
    client.close();
  }
}
