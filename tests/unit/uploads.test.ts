/**
 * The one upload store the import, the editor's attachments and the messages' attachments use:
 * limits per file, in total and in count; chunks in order, checked; memory taken as chunks
 * arrive; abandoned uploads expire, and none in progress is ever dropped to make room.
 */
import { describe, expect, it } from 'vitest';
import { UploadStore, type UploadFacts, type UploadRefusal, type UploadRules } from '../../src/main/app-services/uploads.ts';

class Refused extends Error {
  constructor(
    readonly why: UploadRefusal,
    readonly facts: UploadFacts,
  ) {
    super(why);
  }
}

const MIB = 1024 * 1024;

function store(rules: Partial<UploadRules> = {}) {
  const clock = { now: 1_000_000 };
  const s = new UploadStore<string>({
    maxFileBytes: 32 * MIB,
    maxTotalBytes: 128 * MIB,
    maxChunkBytes: 8,
    maxOpen: 4,
    ttlMs: 60_000,
    refuse: (why, facts) => new Refused(why, facts),
    now: () => clock.now,
    ...rules,
  });
  return { s, clock };
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function refusal(fn: () => unknown): { why: UploadRefusal; facts: UploadFacts } {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refused) return { why: e.why, facts: e.facts };
    throw e;
  }
  throw new Error('not refused');
}

describe('upload store', () => {
  it('joins in-order chunks into the file and keeps its meta', () => {
    const { s } = store();
    const id = s.start('a.txt', 12, 'text/plain');
    expect(s.chunk(id, 0, b64('hello, '))).toBe(7);
    expect(s.chunk(id, 7, b64('world'))).toBe(12);
    expect(s.bytes(id).toString()).toBe('hello, world');
    expect(s.bytes(id)).toBe(s.bytes(id)); // joined once
    expect(s.get(id)).toMatchObject({ name: 'a.txt', size: 12, received: 12, meta: 'text/plain' });
    expect(s.delete(id)).toBe(true);
    expect(refusal(() => s.get(id)).why).toBe('unknown');
  });

  it('takes memory as the chunks arrive, not the size announced', () => {
    const { s } = store();
    const id = s.start('big.txt', 32 * MIB, '');
    expect(s.stats()).toEqual({ open: 1, reserved: 32 * MIB, held: 0 });
    s.chunk(id, 0, b64('12345678'));
    expect(s.stats().held).toBe(8);
  });

  it('checks the size before any byte: per file, empty, and with the open ones in total', () => {
    const { s } = store({ maxTotalBytes: 40 * MIB });
    expect(refusal(() => s.start('huge', 32 * MIB + 1, ''))).toEqual({ why: 'too-large', facts: { name: 'huge', size: 32 * MIB + 1 } });
    expect(refusal(() => s.start('none', 0, '')).why).toBe('empty');
    s.start('one', 30 * MIB, '');
    expect(refusal(() => s.start('two', 11 * MIB, '')).why).toBe('total');
    s.start('three', 10 * MIB, '');
    const empty = store({ allowEmpty: true }).s;
    const id = empty.start('none', 0, '');
    expect(empty.bytes(id).length).toBe(0);
  });

  it('refuses a chunk out of order, not base64, empty, too long or past the size, and ends that upload', () => {
    const cases: [string, number, string, UploadRefusal][] = [
      ['at the wrong offset', 3, b64('abc'), 'chunk'],
      ['not base64', 0, '<img src=x>', 'chunk'],
      ['base64 cut short', 0, 'YWJ', 'chunk'],
      ['empty', 0, '', 'chunk'],
      ['longer than a chunk', 0, b64('123456789'), 'chunk'],
      ['past the size', 0, b64('1234567'), 'overflow'],
    ];
    for (const [what, offset, data, why] of cases) {
      const { s } = store();
      const id = s.start('f.txt', 6, '');
      expect(refusal(() => s.chunk(id, offset, data)), what).toEqual({ why, facts: { name: 'f.txt', size: 6, received: 0, offset } });
      expect(refusal(() => s.chunk(id, 0, b64('abc'))).why, what).toBe('unknown');
    }
  });

  it('gives no bytes of an incomplete upload, and keeps it', () => {
    const { s } = store();
    const id = s.start('f.txt', 6, '');
    s.chunk(id, 0, b64('abc'));
    expect(refusal(() => s.bytes(id))).toEqual({ why: 'incomplete', facts: { name: 'f.txt', size: 6, received: 3 } });
    s.chunk(id, 3, b64('def'));
    expect(s.bytes(id).toString()).toBe('abcdef');
  });

  it('never drops an upload in progress to make room: a fifth is refused while four are open', () => {
    const { s } = store();
    const ids = ['1', '2', '3', '4'].map((n) => s.start(`${n}.txt`, 16, n));
    for (const id of ids) s.chunk(id, 0, b64('12345678'));
    expect(refusal(() => s.start('5.txt', 16, '5')).why).toBe('busy');
    // every one of the four goes on to the end
    for (const id of ids) {
      expect(s.chunk(id, 8, b64('abcdefgh'))).toBe(16);
      expect(s.bytes(id).toString()).toBe('12345678abcdefgh');
    }
    // a finished one makes room
    s.delete(ids[0]!);
    expect(() => s.start('5.txt', 16, '5')).not.toThrow();
  });

  it('drops an abandoned upload after the expiry, and only that one; its room is free again', () => {
    const { s, clock } = store({ maxOpen: 2, maxTotalBytes: 20 });
    const abandoned = s.start('left.txt', 10, '');
    const active = s.start('busy.txt', 10, '');
    s.chunk(abandoned, 0, b64('1234'));
    expect(refusal(() => s.start('new.txt', 1, '')).why).toBe('busy');
    // the active one is touched every 40 s; the abandoned one is not
    for (let i = 0; i < 3; i++) {
      clock.now += 40_000;
      s.chunk(active, i * 2, b64('ab'));
    }
    expect(s.stats()).toEqual({ open: 1, reserved: 10, held: 6 });
    expect(refusal(() => s.chunk(abandoned, 4, b64('5678'))).why).toBe('unknown');
    // the room (count and bytes) is free for a new upload
    const fresh = s.start('new.txt', 10, '');
    expect(s.chunk(fresh, 0, b64('x'))).toBe(1);
    expect(s.chunk(active, 6, b64('cdef'))).toBe(10);
  });

  it('keeps an upload touched just within the expiry', () => {
    const { s, clock } = store();
    const id = s.start('f.txt', 2, '');
    clock.now += 60_000;
    expect(s.chunk(id, 0, b64('ab'))).toBe(2);
    clock.now += 60_001;
    expect(refusal(() => s.bytes(id)).why).toBe('unknown');
  });
});
