import { parseArgs } from 'node:util';
import { LocalizedError, localeFrom, type Locale } from '../shared/i18n/index.ts';
// Types only: the modules are imported when a command first asks for them (tokens(), client()),
// so `--help` or `token list` does not load the profile store, the bank client or the CMS code.
import type { TokenService } from '../main/tokens/token-service.ts';
import type { Client } from '../main/client.ts';
import { readSecret } from './secrets.ts';
import { TEXT } from './text.ts';

/** A wrong command line: exit code 2, with a pointer to --help. */
export class UsageError extends Error {}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** One CLI command: its own options (besides the common ones) and what it does. */
export interface Command {
  options: OptionSpec;
  /** Returns an exit code, or nothing for success. */
  run: (ctx: CommandContext) => Promise<number | void>;
  /** Takes positional arguments (a file, a document id); others refuse them, so a PIN typed in the wrong place is never read. */
  positionals?: boolean;
}

const COMMON: OptionSpec = {
  module: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean' },
  'data-dir': { type: 'string' },
  bank: { type: 'string' },
};

/**
 * The index in `args` of the first positional argument. Every argument before it parsed, so
 * parsing leniently splits them the same way the strict parse did.
 */
function positionalIndex(args: string[], options: OptionSpec): number {
  const { tokens } = parseArgs({ args, options: { ...COMMON, ...options }, strict: false, allowPositionals: true, tokens: true });
  return tokens.find((t) => t.kind === 'positional')?.index ?? 0;
}

/** What every command gets: its parsed options, the user's language, output, and the token service. */
export class CommandContext {
  readonly locale: Locale;
  readonly json: boolean;
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
  private service?: TokenService;
  private opened?: Client;

  constructor(
    readonly command: string,
    args: string[],
    options: OptionSpec,
    readonly env: NodeJS.ProcessEnv,
    readonly out: (text: string) => void,
    allowPositionals = false,
  ) {
    this.locale = localeFrom(args.includes('--lang') ? args[args.indexOf('--lang') + 1] : (env.BANKCLIENT_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG));
    let parsed;
    try {
      parsed = parseArgs({ args, options: { ...COMMON, ...options }, strict: true, allowPositionals });
    } catch (e) {
      throw new UsageError(this.parseError(e as Error & { code?: string }, args, options));
    }
    this.values = parsed.values as CommandContext['values'];
    this.positionals = parsed.positionals;
    this.json = this.values.json === true;
  }

  /** Node's parseArgs speaks English only: its common errors are put in the user's language. */
  private parseError(e: Error & { code?: string }, args: string[], options: OptionSpec): string {
    const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
    switch (e.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        return TEXT[this.locale].unknownOption(quoted);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        return TEXT[this.locale].optionNeedsValue(/Option '([^']+)'/.exec(e.message)?.[1]?.split(' ')[0] ?? quoted);
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        // Not the argument itself (it may be a PIN typed in the wrong place): its position.
        return TEXT[this.locale].unexpectedArgument(this.command.split(' ').length + positionalIndex(args, options) + 1);
      default:
        return e.message;
    }
  }

  get text(): (typeof TEXT)['en'] {
    return TEXT[this.locale];
  }

  /** A required string option. */
  need(name: string): string {
    const v = this.values[name];
    if (typeof v !== 'string' || v === '') throw new UsageError(TEXT[this.locale].missingOption(name));
    return v;
  }

  opt(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  list(name: string): string[] {
    const v = this.values[name];
    return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  }

  /** The token service (the profile's, once client() has opened it). */
  async tokens(): Promise<TokenService> {
    if (!this.service) {
      if (this.opened) this.service = this.opened.tokens;
      else {
        const { TokenService } = await import('../main/tokens/token-service.ts');
        this.service ??= new TokenService(this.opt('module'), this.env);
      }
    }
    return this.service;
  }

  /** The profile's services (--data-dir or BANKCLIENT_HOME; --bank remembered in the profile). */
  async client(): Promise<Client> {
    if (!this.opened) {
      const { Client } = await import('../main/client.ts');
      this.opened ??= new Client({ dataDir: this.opt('data-dir'), bankUrl: this.opt('bank'), modulePath: this.opt('module'), env: this.env });
    }
    return this.opened;
  }

  close(): void {
    this.opened?.close();
  }

  /** The positional argument at `index`, required. */
  arg(index: number, name: string): string {
    const v = this.positionals[index];
    if (!v) throw new UsageError(TEXT[this.locale].missingOption(name));
    return v;
  }

  pin(): Promise<Buffer> {
    return readSecret({ env: 'BANKCLIENT_PIN', prompt: this.text.promptPin, name: this.text.pinName }, this.env);
  }

  newPin(): Promise<Buffer> {
    return readSecret(
      { env: 'BANKCLIENT_NEW_PIN', prompt: this.text.promptNewPin, confirmPrompt: this.text.promptNewPinAgain, name: this.text.newPinName },
      this.env,
    );
  }

  soPin(): Promise<Buffer> {
    return readSecret({ env: 'BANKCLIENT_SO_PIN', prompt: this.text.promptSoPin, name: this.text.soPinName }, this.env);
  }

  /** Prints a result: JSON as is with --json, else the human text. */
  result(data: unknown, human: () => string): void {
    this.out(this.json ? JSON.stringify(data, null, 2) : human());
  }

  message(e: LocalizedError): string {
    return e.localized(this.locale);
  }
}
