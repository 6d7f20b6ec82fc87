import { describe, expect, it } from 'vitest';
import { applyKeystrokes } from '../../src/cli/secrets.ts';
import { tokenCommands } from '../../src/cli/commands/token.ts';
import type { CommandContext } from '../../src/cli/context.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';

const typed = (...chunks: (string | number[])[]): { bytes: number[]; end: string | undefined } => {
  const bytes: number[] = [];
  let end: string | undefined;
  for (const c of chunks) {
    end = applyKeystrokes(bytes, typeof c === 'string' ? Buffer.from(c, 'utf8') : Uint8Array.from(c));
    if (end) break;
  }
  return { bytes, end };
};
const text = (bytes: number[]): string => Buffer.from(bytes).toString('utf8');

describe('keystrokes at the hidden PIN prompt', () => {
  it('collects bytes until Enter and ignores what follows it', () => {
    expect(typed('12', '34\rxyz')).toEqual({ bytes: [...Buffer.from('1234')], end: 'enter' });
    expect(typed('ab\n').end).toBe('enter');
    expect(typed('ab').end).toBeUndefined();
  });

  it('stops on Ctrl-C', () => {
    expect(typed('12\x0334\r').end).toBe('cancel');
  });

  it('removes a whole UTF-8 character on Backspace or Delete', () => {
    expect(text(typed('пин\x7f').bytes)).toBe('пи');
    expect(text(typed('a😀\x08').bytes)).toBe('a');
    expect(text(typed('ab€\x7f\x7f').bytes)).toBe('a');
    expect(typed('\x7f\x7fx').bytes).toEqual([0x78]);
    // a character split across chunks is still removed whole
    expect(text(typed([0x61, 0xd0], [0x9f, 0x7f]).bytes)).toBe('a');
  });
});

describe('PINs of token change-pin and unblock', () => {
  /** A command context whose second secret cannot be read (BANKCLIENT_NEW_PIN unset). */
  const ctx = (first: Buffer): CommandContext =>
    ({
      need: () => 'Director',
      pin: async () => first,
      soPin: async () => first,
      newPin: async () => {
        throw new LocalizedError('pin.missing', { what: 'new PIN', env: 'BANKCLIENT_NEW_PIN' });
      },
      tokens: () => {
        throw new Error('the token must not be opened');
      },
    }) as unknown as CommandContext;

  it.each(['change-pin', 'unblock'] as const)('%s zeroes the first PIN when the new one is missing', async (name) => {
    const first = Buffer.from('11223344');
    await expect(tokenCommands[name].run(ctx(first))).rejects.toThrow('No new PIN given: set BANKCLIENT_NEW_PIN');
    expect(first.equals(Buffer.alloc(8))).toBe(true);
  });
});
