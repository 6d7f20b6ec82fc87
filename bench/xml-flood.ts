/**
 * XML flood benchmark (issue 10, part 9): the XML reader on inputs that made the hand-written
 * tokenizer quadratic, against a normal pain.001 file measured in the same run:
 *   attributes  one element with N attributes (default 200,000)
 *   namespaces  a root declaring 500 prefixes and M children (default 40,000), each in a
 *               namespace of its own declared on it, with a second prefix and a prefixed attribute
 *   pain.001    exportPain001 of K payment orders (default 5,000), every tenth a tax payment
 * Each is parsed from bytes by parseXmlBytes (decoding included), one warm-up then R timed
 * rounds (default 5); medians in ms, MB/s (10^6 bytes), and both as ratios to the baseline.
 *
 *   npx tsx bench/xml-flood.ts [--table] [--attrs N] [--children M] [--orders K] [--rounds R]
 *
 * The generators are exported for the test that checks these inputs parse (no timing there).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { benchOrders } from './orders.ts';
import { exportPain001 } from '../src/main/formats/iso20022/pain001-export.ts';
import { parseXmlBytes } from '../src/main/formats/xml/reader.ts';

/** `<flood a0="0" a1="1" .../>`: every attribute distinct, so all of them are kept. */
export function attributeFlood(attrs: number): string {
  const parts = ['<flood'];
  for (let i = 0; i < attrs; i++) parts.push(` a${i}="${i}"`);
  parts.push('/>');
  return parts.join('');
}

/** A root with `rootPrefixes` declarations and `children` elements that each declare two more. */
export function namespaceFlood(children: number, rootPrefixes = 500): string {
  const parts = ['<root xmlns="urn:root"'];
  for (let i = 0; i < rootPrefixes; i++) parts.push(` xmlns:r${i}="urn:r${i}"`);
  parts.push('>\n');
  for (let i = 0; i < children; i++) parts.push(`<n:c xmlns:n="urn:n${i}" xmlns:p="urn:p${i}" p:v="${i}"/>\n`);
  parts.push('</root>\n');
  return parts.join('');
}

function pain001(count: number): Uint8Array {
  const orders = benchOrders(count);
  return exportPain001(orders, { messageId: 'BENCH-XML', createdAt: '2026-11-25T10:00:00' });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(bytes: Uint8Array, rounds: number, check: (root: ReturnType<typeof parseXmlBytes>['root']) => boolean): number {
  const ms: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    const { root } = parseXmlBytes(bytes);
    const t1 = performance.now();
    if (!check(root)) throw new Error('unexpected parse result');
    if (r > 0) ms.push(t1 - t0);
  }
  return median(ms);
}

function main(): void {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return i < 0 ? fallback : Number(process.argv[i + 1]);
  };
  const attrs = arg('--attrs', 200_000);
  const children = arg('--children', 40_000);
  const orders = arg('--orders', 5_000);
  const rounds = Math.max(1, arg('--rounds', 5));
  const enc = new TextEncoder();

  const inputs = [
    { name: 'attributes', what: `1 element, ${attrs} attributes`, bytes: enc.encode(attributeFlood(attrs)), check: (r: { attrs: object }) => Object.keys(r.attrs).length === attrs },
    { name: 'namespaces', what: `${children} children declaring 2 namespaces each, 500 on the root`, bytes: enc.encode(namespaceFlood(children)), check: (r: { children: unknown[] }) => r.children.length === children },
    { name: 'pain.001', what: `${orders} payment orders (baseline)`, bytes: pain001(orders), check: (r: { local: string }) => r.local === 'Document' },
  ];
  const measured = inputs.map((i) => {
    const ms = time(i.bytes, rounds, i.check);
    return { name: i.name, what: i.what, bytes: i.bytes.length, medianMs: ms, mbPerS: i.bytes.length / 1e6 / (ms / 1000) };
  });
  const baseline = measured.at(-1)!;
  const results = measured.map((m) => ({
    name: m.name,
    what: m.what,
    bytes: m.bytes,
    medianMs: Number(m.medianMs.toFixed(1)),
    mbPerS: Number(m.mbPerS.toFixed(1)),
    msVsBaseline: Number((m.medianMs / baseline.medianMs).toFixed(2)),
    throughputVsBaseline: Number((m.mbPerS / baseline.mbPerS).toFixed(2)),
  }));
  console.log(JSON.stringify({ rounds, node: process.version, results }));
  if (process.argv.includes('--table')) {
    console.log('\n| input | size | parse (median) | MB/s | time vs pain.001 | MB/s vs pain.001 |\n|---|---|---|---|---|---|');
    for (const r of results) console.log(`| ${r.name}: ${r.what} | ${(r.bytes / 1024 / 1024).toFixed(2)} MiB | ${r.medianMs} ms | ${r.mbPerS} | ${r.msVsBaseline}× | ${r.throughputVsBaseline}× |`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
