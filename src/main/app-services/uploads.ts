/**
 * Files the page sends in pieces (the channel table caps a request at 1 MiB): the 1C import, a
 * document's attachments, a message's attachments. One store per area and profile:
 * - the size is announced first and checked against a per-file limit and, with the other open
 *   uploads' announced sizes, against a total; a count of open uploads is bounded too;
 * - chunks come in order: each must start where the last ended, be non-empty base64 of at most
 *   `maxChunkBytes`, and not go past the size announced; a chunk that breaks these rules ends
 *   its upload (the page starts the file again);
 * - memory is taken as the chunks arrive, never the announced size up front;
 * - an upload not touched for `ttlMs` is abandoned: it is dropped at the next call, and its
 *   room is free again. Nothing else ever drops an upload: when the store is full, a new upload
 *   is refused; the ones in progress go on.
 * What is refused, and in which words, is the area's: `refuse` makes the error of each case.
 */
import { randomUUID } from 'node:crypto';
import { LocalizedError } from '../../shared/i18n/index.ts';

/** Why an upload or a chunk is refused. */
export type UploadRefusal =
  /** No such upload: never started, finished, dropped after a broken chunk, or abandoned. */
  | 'unknown'
  /** An announced size of 0 (when the area does not allow empty files). */
  | 'empty'
  /** An announced size over `maxFileBytes`. */
  | 'too-large'
  /** With the open uploads, over `maxTotalBytes`. */
  | 'total'
  /** `maxOpen` uploads are open already. */
  | 'busy'
  /** A chunk at the wrong offset, empty, not base64, or longer than `maxChunkBytes`. */
  | 'chunk'
  /** A chunk that goes past the size announced. */
  | 'overflow'
  /** The bytes asked for before all of them arrived. */
  | 'incomplete';

/** What a refusal is about, for its message. */
export interface UploadFacts {
  name?: string;
  size?: number;
  received?: number;
  offset?: number;
}

export interface UploadRules {
  /** Bytes of one file. */
  maxFileBytes: number;
  /** Bytes announced by all open uploads together. */
  maxTotalBytes: number;
  /** Bytes of one chunk (decoded). */
  maxChunkBytes: number;
  /** Uploads open at once. */
  maxOpen: number;
  /** An upload not touched for this long is abandoned. */
  ttlMs: number;
  /** Whether a file of 0 bytes may be announced (it is complete at once). */
  allowEmpty?: boolean;
  /** The area's error for each refusal. */
  refuse(why: UploadRefusal, facts: UploadFacts): Error;
  /** The clock (tests move it). */
  now?: () => number;
}

export interface Upload<M> {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  received: number;
  /** What the area keeps with the upload (a media type, a parsed result ...). */
  meta: M;
  parts: Buffer[];
  touched: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class UploadStore<M = undefined> {
  private readonly uploads = new Map<string, Upload<M>>();
  private readonly now: () => number;

  constructor(private readonly rules: UploadRules) {
    this.now = rules.now ?? Date.now;
  }

  /** Drops the abandoned uploads. */
  private sweep(): void {
    const now = this.now();
    for (const [id, u] of this.uploads) if (now - u.touched > this.rules.ttlMs) this.uploads.delete(id);
  }

  /** Opens an upload of `size` bytes; its id goes with each chunk. */
  start(name: string, size: number, meta: M): string {
    this.sweep();
    const r = this.rules;
    if (size === 0 && !r.allowEmpty) throw r.refuse('empty', { name, size });
    if (size > r.maxFileBytes) throw r.refuse('too-large', { name, size });
    if (this.uploads.size >= r.maxOpen) throw r.refuse('busy', { name, size });
    if (this.reserved() + size > r.maxTotalBytes) throw r.refuse('total', { name, size });
    const id = randomUUID();
    this.uploads.set(id, { id, name, size, received: 0, meta, parts: [], touched: this.now() });
    return id;
  }

  /** An open upload (touched: it is in use). */
  get(id: string): Upload<M> {
    this.sweep();
    const u = this.uploads.get(id);
    if (!u) throw this.rules.refuse('unknown', {});
    u.touched = this.now();
    return u;
  }

  /** Adds the chunk at `offset` (base64); returns the bytes received so far. */
  chunk(id: string, offset: number, data: string): number {
    const u = this.get(id);
    const bytes = BASE64.test(data) && data.length % 4 === 0 ? Buffer.from(data, 'base64') : undefined;
    const facts = { name: u.name, size: u.size, received: u.received, offset };
    if (!bytes || offset !== u.received || bytes.length === 0 || bytes.length > this.rules.maxChunkBytes) {
      this.uploads.delete(id);
      throw this.rules.refuse('chunk', facts);
    }
    if (u.received + bytes.length > u.size) {
      this.uploads.delete(id);
      throw this.rules.refuse('overflow', facts);
    }
    u.parts.push(bytes);
    u.received += bytes.length;
    return u.received;
  }

  /** The whole file of a complete upload (joined once); the upload stays open. */
  bytes(id: string): Buffer {
    const u = this.get(id);
    if (u.received !== u.size) throw this.rules.refuse('incomplete', { name: u.name, size: u.size, received: u.received });
    if (u.parts.length !== 1) u.parts = [Buffer.concat(u.parts, u.size)];
    return u.parts[0]!;
  }

  /** Ends an upload; whether it was open. */
  delete(id: string): boolean {
    return this.uploads.delete(id);
  }

  /** The open uploads, the bytes they announced and the bytes they hold. */
  stats(): { open: number; reserved: number; held: number } {
    this.sweep();
    let held = 0;
    for (const u of this.uploads.values()) held += u.received;
    return { open: this.uploads.size, reserved: this.reserved(), held };
  }

  private reserved(): number {
    let n = 0;
    for (const u of this.uploads.values()) n += u.size;
    return n;
  }
}

/**
 * The refusals of a file loaded whole for reading (the 1C import, the BIC directory), in the
 * words those areas share: `limit` is the largest file, `maxOpen` the files open at once, and
 * `total` says whether going over the total reads as a file too large or as too many files.
 */
export function fileRefusals({ limit, maxOpen, total }: { limit: number; maxOpen: number; total: 'too-large' | 'busy' }): UploadRules['refuse'] {
  return (why, f) => {
    switch (why === 'total' ? total : why) {
      case 'empty':
        return new LocalizedError('format.empty');
      case 'too-large':
        return new LocalizedError('format.too-large', { size: f.size ?? 0, limit });
      case 'busy':
        return new LocalizedError('ui.tokens.import.busy', { max: maxOpen });
      case 'chunk':
      case 'overflow':
        return new LocalizedError('ui.tokens.import.chunk-invalid', { offset: f.offset ?? 0 });
      case 'incomplete':
        return new LocalizedError('ui.tokens.import.incomplete', { received: f.received ?? 0, size: f.size ?? 0 });
      default:
        return new LocalizedError('ui.tokens.import.upload-unknown');
    }
  };
}
