import { describe, expect, it } from 'vitest';
import { printable } from '../../src/cli/workflow-text.ts';

describe('text from the bank on a terminal', () => {
  it('shows escape sequences, other controls and bidirectional overrides as U+FFFD, and leaves ordinary text alone', () => {
    expect(printable('Тарифы\u001b[2J\u001b]0;owned\u0007 с 01.12')).toBe('Тарифы\ufffd[2J\ufffd]0;owned\ufffd с 01.12');
    expect(printable('счёт\u202Egnp.exe')).toBe('счёт\ufffdgnp.exe');
    expect(printable('\u009b31m')).toBe('\ufffd31m');
    expect(printable('ООО «Ромашка», ИНН 7707083893\tстрока\n')).toBe('ООО «Ромашка», ИНН 7707083893\tстрока\n');
  });
});
