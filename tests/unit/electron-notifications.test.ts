/**
 * The desktop shell's system notifications of status changes (src/main/electron/notifications.ts),
 * with `electron` mocked: the words people read in Russian and English, one per document or one
 * summary, nothing where the system has none, a click brings the app forward.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const made: Array<{ options: { title: string; body: string }; show: ReturnType<typeof vi.fn>; handlers: Map<string, () => void> }> = [];
  const state = { supported: true };
  class Notification {
    static isSupported = vi.fn(() => state.supported);
    readonly show = vi.fn();
    readonly handlers = new Map<string, () => void>();
    constructor(readonly options: { title: string; body: string }) {
      made.push(this);
    }
    on(event: string, fn: () => void): this {
      this.handlers.set(event, fn);
      return this;
    }
  }
  return { made, state, Notification };
});
vi.mock('electron', () => ({ Notification: electron.Notification }));

const { notifyStatusChanges, windowEvents, MAX_SEPARATE } = await import('../../src/main/electron/notifications.ts');

const nbsp = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');
const executed = { id: 'd-12', kind: 'payment-order', number: '12', amount: 120_000_000, status: 'executed', at: '2026-12-05T10:00:00Z' };

beforeEach(() => {
  electron.made.length = 0;
  electron.state.supported = true;
});

describe('status notifications in the desktop shell', () => {
  it('words an executed payment order as a bank would, in Russian and English, and shows it', () => {
    const [ru] = notifyStatusChanges([executed], 'ru');
    expect(ru!.show).toHaveBeenCalledOnce();
    expect(electron.made[0]!.options.title).toBe('Банк-Клиент');
    expect(nbsp(electron.made[0]!.options.body)).toBe('Платёжное поручение № 12 на 1 200 000,00 ₽ исполнено');
    notifyStatusChanges([executed], 'en');
    expect(electron.made[1]!.options.title).toBe('Bank Client');
    expect(nbsp(electron.made[1]!.options.body)).toBe('Payment order No. 12 for RUB 1,200,000.00 executed');
  });

  it('agrees the Russian participle with the kind and gives the reason of a rejection', () => {
    notifyStatusChanges(
      [
        { id: 'l-1', kind: 'leasing-payment', number: '7', amount: 5_000_00, status: 'accepted', at: '2026-12-05T10:00:00Z' },
        { id: 'p-3', kind: 'payment-order', number: '3', amount: 1_00, status: 'rejected', at: '2026-12-05T10:00:00Z', rejection: { code: 'limit', reason: 'Превышен лимит подписи' } },
        { id: 'x-1', kind: 'letter', number: null, amount: null, status: 'delivered', at: '2026-12-05T10:00:00Z' },
      ],
      'ru',
    );
    expect(electron.made.map((n) => nbsp(n.options.body))).toEqual([
      'Лизинговый платёж № 7 на 5 000,00 ₽ принят',
      'Платёжное поручение № 3 на 1,00 ₽ отклонено: Превышен лимит подписи',
      'Письмо доставлено',
    ]);
  });

  it('shows one summary instead of a flood when many documents changed in one exchange', () => {
    const many = Array.from({ length: MAX_SEPARATE + 2 }, (_, i) => ({ ...executed, id: `d-${i}`, number: String(i) }));
    const shown = notifyStatusChanges(many, 'ru');
    expect(shown).toHaveLength(1);
    expect(electron.made[0]!.options.body).toBe(`Банк изменил статус документов: ${MAX_SEPARATE + 2}`);
  });

  it('shows nothing where the system has no notifications, or when nothing changed', () => {
    expect(notifyStatusChanges([], 'ru')).toEqual([]);
    electron.state.supported = false;
    expect(notifyStatusChanges([executed], 'ru')).toEqual([]);
    expect(electron.made).toHaveLength(0);
  });

  it('a click brings the app forward, naming the document', () => {
    const clicked: (string | undefined)[] = [];
    notifyStatusChanges([executed], 'ru', (id) => clicked.push(id));
    electron.made[0]!.handlers.get('click')!();
    expect(clicked).toEqual(['d-12']);
  });

  it('the shell sends every event to the window, and a status change also as a notification that brings the window forward', () => {
    const win = { webContents: { send: vi.fn() }, isMinimized: vi.fn(() => true), restore: vi.fn(), focus: vi.fn() };
    let locale: 'ru' | 'en' = 'en';
    const emit = windowEvents(() => win, () => locale);
    emit('sync.changed', { running: false });
    expect(win.webContents.send).toHaveBeenCalledWith('bank:sync.changed', { running: false });
    expect(electron.made).toHaveLength(0);
    locale = 'ru';
    emit('sync.statuses', { changes: [executed] });
    expect(win.webContents.send).toHaveBeenCalledWith('bank:sync.statuses', { changes: [executed] });
    expect(electron.made).toHaveLength(1);
    expect(nbsp(electron.made[0]!.options.body)).toBe('Платёжное поручение № 12 на 1 200 000,00 ₽ исполнено');
    electron.made[0]!.handlers.get('click')!();
    expect(win.restore).toHaveBeenCalledOnce();
    expect(win.focus).toHaveBeenCalledOnce();
    // no window (closed): the notification still shows, nothing else breaks
    const none = windowEvents(() => null, () => 'en');
    none('sync.statuses', { changes: [executed] });
    expect(electron.made).toHaveLength(2);
    electron.made[1]!.handlers.get('click')!();
  });
});
