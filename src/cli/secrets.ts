import { LocalizedError } from '../shared/i18n/index.ts';
import { CliError } from './errors.ts';

/**
 * Applies one chunk of raw terminal input to the secret typed so far (`bytes`, UTF-8): printable
 * bytes are appended, Backspace/Delete removes the last whole character (its UTF-8 continuation
 * bytes 0b10xxxxxx, then the lead byte). Returns 'enter' or 'cancel' (Ctrl-C) when input ends;
 * whatever follows in the chunk is ignored. Does not touch `chunk`: the caller zeroes it.
 */
export function applyKeystrokes(bytes: number[], chunk: Uint8Array): 'enter' | 'cancel' | undefined {
  for (const b of chunk) {
    if (b === 0x0d || b === 0x0a) return 'enter';
    if (b === 0x03) return 'cancel';
    if (b === 0x7f || b === 0x08) {
      let last = bytes.pop();
      while (last !== undefined && (last & 0xc0) === 0x80) last = bytes.pop();
    } else {
      bytes.push(b);
    }
  }
  return undefined;
}

/**
 * Reads a secret from the terminal without echo. The characters are collected in a Buffer
 * (zeroed by the token layer after C_Login), never in a string that could end up in a log.
 */
function promptHidden(prompt: string): Promise<Buffer> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    const bytes: number[] = [];
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    const done = (cancelled: boolean): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (cancelled) {
        bytes.fill(0);
        reject(new CliError('cancelled', (t) => t.cancelled));
        return;
      }
      const out = Buffer.from(bytes);
      bytes.fill(0);
      resolve(out);
    };
    const onData = (chunk: Buffer): void => {
      const end = applyKeystrokes(bytes, chunk);
      chunk.fill(0);
      if (end) done(end === 'cancel');
    };
    stdin.on('data', onData);
  });
}

export interface SecretSpec {
  env: 'BANKCLIENT_PIN' | 'BANKCLIENT_NEW_PIN' | 'BANKCLIENT_SO_PIN';
  prompt: string;
  /** The secret's name in the error when it is missing. */
  name: string;
  confirmPrompt?: string;
}

/** A PIN from its environment variable, else from a no-echo prompt on a terminal, else an error. */
export async function readSecret(spec: SecretSpec, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const fromEnv = env[spec.env];
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  if (!process.stdin.isTTY) throw new LocalizedError('pin.missing', { what: spec.name, env: spec.env });
  const first = await promptHidden(spec.prompt);
  if (spec.confirmPrompt) {
    let second: Buffer;
    try {
      second = await promptHidden(spec.confirmPrompt);
    } catch (e) {
      first.fill(0);
      throw e;
    }
    const same = first.equals(second);
    second.fill(0);
    if (!same) {
      first.fill(0);
      throw new LocalizedError('pin.mismatch');
    }
  }
  return first;
}
