/**
 * 1C import benchmark: a Windows-1251 1CClientBankExchange file of N payment orders (default
 * 10,000; every tenth a tax payment with the budget fields) read and mapped to payment order
 * drafts by importOneCPayments: size check, encoding detection, decoding, sections, mapping,
 * source keys. The budget of docs/architecture.md ("10,000 orders parsed, validated and stored in under
 * 1 s") also covers validation and storage, which are the caller's; validation is timed too.
 *
 *   npx tsx bench/formats.ts [--table] [--orders N] [--rounds R]
 *
 * One warm-up, then R timed rounds (default 5); medians in milliseconds.
 */
import { performance } from 'node:perf_hooks';
import { benchOrders } from './orders.ts';
import { paymentOrderKind } from '../src/shared/bank-api/documents/payment-order.ts';
import { importOneCPayments } from '../src/main/formats/onec/import-payments.ts';
import { writeOneCPayments } from '../src/main/formats/onec/write-payments.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const count = arg('--orders', 10_000);
const rounds = Math.max(1, arg('--rounds', 5));

const orders = benchOrders(count);
const file = writeOneCPayments(orders);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const parse: number[] = [];
const validate: number[] = [];
for (let r = 0; r <= rounds; r++) {
  const t0 = performance.now();
  const result = importOneCPayments(file);
  const t1 = performance.now();
  let errors = 0;
  for (const d of result.documents) errors += paymentOrderKind.validate(d.content).errors.length;
  const t2 = performance.now();
  if (result.documents.length !== count || errors !== 0) throw new Error(`unexpected result: ${result.documents.length} documents, ${errors} errors`);
  if (r > 0) {
    parse.push(t1 - t0);
    validate.push(t2 - t1);
  }
}
const report = { orders: count, fileBytes: file.length, encoding: 'windows-1251', rounds, parseAndMapMs: Number(median(parse).toFixed(1)), validateMs: Number(median(validate).toFixed(1)), node: process.version };
console.log(JSON.stringify(report));
if (process.argv.includes('--table')) {
  console.log('\n| orders | file | parse and map (median) | validate (median) |\n|---|---|---|---|');
  console.log(`| ${count} | ${(file.length / 1024 / 1024).toFixed(1)} MiB | ${report.parseAndMapMs} ms | ${report.validateMs} ms |`);
}
