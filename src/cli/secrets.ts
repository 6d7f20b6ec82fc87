import { LocalizedError } from '../shared/i18n/index.ts';

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
    const done = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      const out = Buffer.from(bytes);
      bytes.fill(0);
      if (err) reject(err);
      else resolve(out);
    };
    const onData = (chunk: Buffer): void => {
      for (const b of chunk) {
        if (b === 0x0d || b === 0x0a) return done();
        if (b === 0x03) return done(new Error('cancelled'));
        if (b === 0x7f || b === 0x08) bytes.pop();
        else bytes.push(b);
      }
      chunk.fill(0);
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
    const second = await promptHidden(spec.confirmPrompt);
    const same = first.equals(second);
    second.fill(0);
    if (!same) {
      first.fill(0);
      throw new LocalizedError('pin.mismatch');
    }
  }
  return first;
}
