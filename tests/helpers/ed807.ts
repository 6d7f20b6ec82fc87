/**
 * Directory files in the Bank of Russia's ED807 structure for tests, written by the sandbox's
 * own ED807 writer from the sandbox's banks (or from generated ones, for size and timing).
 */
import { writeFileSync } from 'node:fs';
import { SANDBOX_BANKS, SANDBOX_DIRECTORY_META } from '../../src/sandbox/bic-directory.ts';
import { writeEd807, type DirectoryBank, type DirectoryMeta } from '../../src/sandbox/ed807-writer.ts';

/** The sandbox's directory as ED807 text. */
export const sandboxEd807 = (banks: readonly DirectoryBank[] = SANDBOX_BANKS, meta: Partial<DirectoryMeta> = {}): string => writeEd807(banks, { ...SANDBOX_DIRECTORY_META, ...meta });

/** `n` generated banks (distinct BICs 04xxxxxxx), every tenth under a restriction and every hundredth excluded. */
export function generatedBanks(n: number): DirectoryBank[] {
  return Array.from({ length: n }, (_, i) => {
    const bic = `04${String(i).padStart(7, '0')}`;
    return {
      bic,
      name: `АО «Банк № ${i}»`,
      region: String(i % 90).padStart(2, '0'),
      postcode: '101000',
      placeType: 'г',
      place: 'Москва',
      address: `ул. Тестовая, д. ${i}`,
      participantType: '20',
      registration: String(1000 + i),
      dateIn: '2001-01-01',
      ...(i % 100 === 99 ? { dateOut: '2024-01-01' } : {}),
      ...(i % 10 === 9 ? { restrictions: [{ code: 'URRS', date: '2024-02-01' }] } : {}),
      accounts: [{ account: `30101810000000000${bic.slice(6)}`, type: 'CRSA', ck: '00', cbrBic: `${bic.slice(0, 6)}000`, dateIn: '2001-01-01' }],
    };
  });
}

/** Writes the sandbox's directory to `path` (UTF-8) and returns the path. */
export function writeSandboxEd807(path: string, banks: readonly DirectoryBank[] = SANDBOX_BANKS, meta: Partial<DirectoryMeta> = {}): string {
  writeFileSync(path, sandboxEd807(banks, meta), 'utf8');
  return path;
}
