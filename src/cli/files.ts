import { accessSync, closeSync, constants, fchmodSync, fstatSync, fsyncSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { LocalizedError } from '../shared/i18n/index.ts';
import { PIECE_BYTES, type ByteSource } from '../main/formats/index.ts';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from './errors.ts';

/** "Cannot write PATH: CODE (what it means)", in the user's language. */
export function cannotWrite(path: string, e: unknown): CliError {
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  return new CliError('file.unwritable', (t) => t.cannotWrite(path, code, t.writeProblems[code]), { cause: e });
}

/** The path with symbolic links resolved, also for a file that does not exist yet (its folder is resolved). */
function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/** Whether two paths name the same file: same resolved absolute path, or (both existing) the same inode. */
export function sameFile(a: string, b: string): boolean {
  if (canonical(a) === canonical(b)) return true;
  try {
    const [sa, sb] = [statSync(a), statSync(b)];
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Checks, before any token is opened or PIN asked for, that `out` can be written: it is not one
 * of the command's input files (`inputs`: option name -> path) and its folder exists and is writable.
 */
export function checkOutput(out: string, inputs: Record<string, string | undefined> = {}): void {
  for (const [option, path] of Object.entries(inputs)) {
    if (path !== undefined && sameFile(out, path)) {
      throw new CliError('file.output-is-input', (t) => t.outputIsInput(out, option, path));
    }
  }
  const dir = dirname(resolve(out));
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
    const existing = statSync(resolve(out), { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (e) {
    throw cannotWrite(out, e);
  }
}

/**
 * Writes `data` to `path` atomically: into a new temporary file in the same folder, flushed to
 * disk, then renamed over `path`. Readers see the old file or the new one, never a partial one;
 * on failure the old file is left as it was and the temporary file is removed. An existing file's
 * permissions are kept (unless `keepMode` is false: secrets always get `newFileMode`, 0o600); a
 * new file gets `newFileMode`.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, newFileMode = 0o666, keepMode = true): void {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    const mode = keepMode ? statSync(target, { throwIfNoEntry: false })?.mode : undefined;
    fd = openSync(temp, 'wx', newFileMode);
    if (mode !== undefined) fchmodSync(fd, mode & 0o7777);
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, target);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    try {
      unlinkSync(temp);
    } catch {
      // not created, or already renamed
    }
    throw cannotWrite(path, e);
  }
}

/**
 * writeFileAtomic() for output made piece by piece (a list too long to hold): lines go to a new
 * temporary file in the same folder; commit() flushes it and renames it over `path`, abort()
 * removes it, leaving any old file as it was.
 */
export class AtomicLineWriter {
  private readonly temp: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly target: string;

  constructor(readonly path: string) {
    this.target = resolve(path);
    this.temp = join(dirname(this.target), `.${basename(this.target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      this.fd = openSync(this.temp, 'wx', 0o666);
    } catch (e) {
      throw cannotWrite(path, e);
    }
  }

  line(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length + 1;
    if (this.pendingChars >= 64 * 1024) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    try {
      writeSync(this.fd!, `${this.pending.join('\n')}\n`);
    } catch (e) {
      throw cannotWrite(this.path, e);
    }
    this.pending = [];
    this.pendingChars = 0;
  }

  commit(): void {
    try {
      this.flush();
      fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = undefined;
      renameSync(this.temp, this.target);
    } catch (e) {
      this.abort();
      throw e instanceof CliError ? e : cannotWrite(this.path, e);
    }
  }

  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already failing
      }
      this.fd = undefined;
    }
    try {
      unlinkSync(this.temp);
    } catch {
      // not created, or already renamed
    }
  }
}

/**
 * A file to read in pieces as a ByteSource (the import reads a 32 MiB file without holding it),
 * its size taken when opened. The bytes a read returns are good until the next read. A file that is cut short while it is read is refused, not read short.
 */
export function openFileSource(path: string): ByteSource & { close(): void } {
  const unreadable = (e: unknown): LocalizedError =>
    new LocalizedError('file.unreadable', { path, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }, { cause: e });
  let fd: number;
  let size: number;
  try {
    fd = openSync(path, 'r');
    size = fstatSync(fd).size;
  } catch (e) {
    throw unreadable(e);
  }
  const reused = Buffer.allocUnsafe(PIECE_BYTES);
  return {
    size,
    read(offset: number, length: number): Uint8Array {
      const n = Math.max(0, Math.min(length, size - offset));
      // one buffer for the usual small pieces: a reader keeps no piece past the next read
      const out = n <= reused.length ? reused.subarray(0, n) : Buffer.allocUnsafe(n);
      let got = 0;
      try {
        while (got < n) {
          const r = readSync(fd, out, got, n - got, offset + got);
          if (r === 0) throw Object.assign(new Error('the file was cut short while it was read'), { code: 'ESHORT' });
          got += r;
        }
      } catch (e) {
        throw unreadable(e);
      }
      return out;
    },
    close: () => closeSync(fd),
  };
}
