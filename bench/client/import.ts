/**
 * 1C import: N payment orders in a cp1251 1C exchange file (made with writeOneCPayments) ->
 * importFile (decode, read, map, check the structure) -> storeImport (parse against the schema,
 * validate, store as drafts with the full-text index, the counterparty directory and the audit
 * row, in one transaction) into a fresh profile. Each round gets its own fresh profile; the
 * first round is the warm-up (reported, not in the median).
 */
import { join } from 'node:path';
import { Client } from '../../src/main/client.ts';
import { storeImport } from '../../src/main/documents/import-drafts.ts';
import { importFile, writeOneCPayments } from '../../src/main/formats/index.ts';
import { companyInn, accountAt, HOME_BANK, log, median, paymentOrders, payerOf, round, tempDir, timed, today } from './common.ts';

export const IMPORT_TARGET_SECONDS = 1;

export interface ImportResultJson {
  documents: number;
  fileBytes: number;
  rounds: number;
  seconds: { total: number; parse: number; store: number };
  perDocumentUs: { total: number; parse: number; store: number };
  warmUpSeconds: { total: number; parse: number; store: number };
  roundsSeconds: { total: number[]; parse: number[]; store: number[] };
  imported: number;
  withErrors: number;
  /** The median total scaled linearly to 10,000 documents (the same as `seconds.total` at full size). */
  secondsFor10000: number;
  target: string;
  targetMet: boolean;
}

export async function benchImport(docs: number, rounds: number): Promise<ImportResultJson> {
  const payer = payerOf('ООО «Бенчмарк»', companyInn(42), accountAt(HOME_BANK.bic, '40702810', 4242));
  const orders = paymentOrders(docs, { payer, date: today(), seed: 11 });
  const bytes = writeOneCPayments(orders, { encoding: 'windows-1251' });
  log(`import: ${docs} orders, ${(bytes.length / 1024 / 1024).toFixed(1)} MB cp1251 1C file; warm-up and ${rounds} rounds, each into a fresh profile`);
  const samples: { total: number; parse: number; store: number }[] = [];
  let imported = 0;
  let withErrors = 0;
  for (let r = -1; r < rounds; r++) {
    const dir = tempDir('import');
    const client = new Client({ dataDir: join(dir, 'profile'), actor: 'bench' });
    try {
      const parse = await timed(() => importFile(bytes, 'payments.txt'));
      const store = await timed(() => storeImport(client.documents, parse.value, 'payments.txt', 'bench'));
      const report = store.value;
      if (report.imported.length !== docs || report.rejected.length !== 0) {
        throw new Error(`import: ${report.imported.length} imported, ${report.rejected.length} rejected of ${docs} (${JSON.stringify(report.rejected[0])})`);
      }
      imported = report.imported.length;
      withErrors = report.imported.filter((d) => d.errors > 0).length;
      samples.push({ total: (parse.ms + store.ms) / 1000, parse: parse.ms / 1000, store: store.ms / 1000 });
      log(`  ${r < 0 ? 'warm-up' : `round ${r + 1}`}: parse ${parse.ms.toFixed(0)} ms + store ${store.ms.toFixed(0)} ms`);
    } finally {
      client.close();
    }
  }
  const [warm, ...timedRounds] = samples;
  const med = (k: 'total' | 'parse' | 'store'): number => median(timedRounds.map((s) => s[k]));
  const seconds = { total: round(med('total'), 3), parse: round(med('parse'), 3), store: round(med('store'), 3) };
  return {
    documents: docs,
    fileBytes: bytes.length,
    rounds,
    seconds,
    perDocumentUs: { total: round((med('total') * 1e6) / docs), parse: round((med('parse') * 1e6) / docs), store: round((med('store') * 1e6) / docs) },
    warmUpSeconds: { total: round(warm!.total, 3), parse: round(warm!.parse, 3), store: round(warm!.store, 3) },
    roundsSeconds: { total: timedRounds.map((s) => round(s.total, 3)), parse: timedRounds.map((s) => round(s.parse, 3)), store: timedRounds.map((s) => round(s.store, 3)) },
    imported,
    withErrors,
    secondsFor10000: round(med('total') * (10_000 / docs), 3),
    target: `< ${IMPORT_TARGET_SECONDS} s for 10,000`,
    targetMet: med('total') * (10_000 / docs) < IMPORT_TARGET_SECONDS,
  };
}
