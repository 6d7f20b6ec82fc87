/**
 * Validation of our ISO 20022 output against the official XSDs with xmllint (libxml2-utils).
 * The schemas are the fixtures in tests/fixtures/xsd (see the README there for their origin and
 * checksums); a missing schema fails the test that needs it, so the gate cannot pass by not running.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const XSD = {
  pain001v09: 'pain.001.001.09.xsd',
  camt053v08: 'camt.053.001.08.xsd',
} as const;
export type XsdName = (typeof XSD)[keyof typeof XSD];

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const XSD_DIRS = [join(repoRoot, 'tests/fixtures/xsd')];

export function xsdPath(name: XsdName): string {
  const found = XSD_DIRS.map((dir) => join(dir, name)).find((p) => existsSync(p));
  if (!found) throw new Error(`XSD ${name} not found in ${XSD_DIRS.join(' or ')}: see tests/fixtures/xsd/README.md for where it comes from`);
  return found;
}

/**
 * xmllint --schema's complaints about the document, one string per error with the temp file's
 * name taken out ([] when valid). Throws when xmllint itself cannot run or cannot load the schema.
 */
export function xsdErrors(xml: Uint8Array | string, schema: XsdName): string[] {
  const xsd = xsdPath(schema);
  const dir = mkdtempSync(join(tmpdir(), 'xsd-'));
  try {
    const file = join(dir, 'doc.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, file], { encoding: 'utf8' });
    if (run.error) throw run.error;
    // 0: valid; 3: not valid against the schema; 1: not well-formed. Anything else (a schema that
    // does not compile is 5) is the test setup's fault, not the document's.
    if (run.status === 0) return [];
    if (run.status !== 1 && run.status !== 3) throw new Error(`xmllint exited ${run.status}: ${run.stderr}`);
    const errors = run.stderr
      .split('\n')
      .filter((l) => l !== '' && !l.endsWith(' fails to validate'))
      .map((l) => l.replaceAll(file, 'doc.xml'));
    return errors.length > 0 ? errors : [`xmllint exited ${run.status} without a message`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
