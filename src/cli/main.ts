import { LocalizedError, localeFrom } from '../shared/i18n/index.ts';
import { CommandContext, UsageError, type Command } from './context.ts';
import { CliError } from './errors.ts';
import { TEXT } from './text.ts';

/**
 * The commands, each module imported only when one of its commands runs: `--help` loads none,
 * `token list` only the token commands (a command module brings in what it uses, e.g. the store).
 */
type Loader<T> = () => Promise<T>;
const GROUPS: Record<string, Loader<Record<string, Command>>> = {
  token: async () => (await import('./commands/token.ts')).tokenCommands,
  key: async () => (await import('./commands/keys.ts')).keyCommands,
  csr: async () => (await import('./commands/keys.ts')).csrCommands,
  cert: async () => (await import('./commands/certificates.ts')).certCommands,
  documents: async () => ({ ...(await import('./commands/documents.ts')).documentCommands, recall: (await import('./commands/documents.ts')).recallCommand, ...(await import('./commands/prints.ts')).documentPrintCommands }),
  statements: async () => ({ ...(await import('./commands/bank-data.ts')).statementCommands, ...(await import('./commands/prints.ts')).statementPrintCommands }),
  audit: async () => (await import('./commands/bank-data.ts')).auditCommands,
  directory: async () => (await import('./commands/directory.ts')).directoryCommands,
};
const SINGLE: Record<string, Loader<Command>> = {
  sign: async () => (await import('./commands/certificates.ts')).signCommand,
  verify: async () => (await import('./commands/certificates.ts')).verifyCommand,
  enroll: async () => (await import('./commands/enrolment.ts')).enrollCommand,
  renew: async () => (await import('./commands/enrolment.ts')).renewCommand,
  login: async () => (await import('./commands/enrolment.ts')).loginCommand,
  logout: async () => (await import('./commands/enrolment.ts')).logoutCommand,
  import: async () => (await import('./commands/documents.ts')).importCommand,
  'sign-documents': async () => (await import('./commands/documents.ts')).signDocumentsCommand,
  sync: async () => (await import('./commands/bank-data.ts')).syncCommand,
  accounts: async () => (await import('./commands/bank-data.ts')).accountsCommand,
  contracts: async () => (await import('./commands/bank-data.ts')).contractsCommand,
  schedule: async () => (await import('./commands/bank-data.ts')).scheduleCommand,
  messages: async () => (await import('./commands/bank-data.ts')).messagesCommand,
};

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Runs one bankclient command line and returns the process exit code (0 success, 3 done with documents skipped, 1 failure, 2 usage). */
export async function run(argv: string[], io: Io): Promise<number> {
  const locale = localeFrom(argv.includes('--lang') ? argv[argv.indexOf('--lang') + 1] : (io.env.BANKCLIENT_LANG ?? io.env.LC_ALL ?? io.env.LANG));
  const text = TEXT[locale];
  const [first, second] = argv;
  if (!first || first === '--help' || first === 'help' || first === '-h') {
    io.out(text.usage);
    return first ? 0 : 2;
  }
  // own properties only: `bankclient toString` is an unknown command, not Object.prototype's
  const group = Object.hasOwn(GROUPS, first) ? await GROUPS[first]!() : undefined;
  const command = group ? (second && Object.hasOwn(group, second) ? group[second] : undefined) : Object.hasOwn(SINGLE, first) ? await SINGLE[first]!() : undefined;
  const name = group ? `${first} ${second ?? ''}`.trim() : first;
  if (!command) {
    io.err(`${text.unknownCommand(name)}\n\n${text.usage}`);
    return 2;
  }
  const rest = argv.slice(group ? 2 : 1);
  let json = rest.includes('--json');
  try {
    if (rest.includes('--help')) {
      io.out(text.usage);
      return 0;
    }
    const ctx = new CommandContext(name, rest, command.options, io.env, io.out, command.positionals === true);
    json = ctx.json;
    try {
      return (await command.run(ctx)) ?? 0;
    } finally {
      ctx.close();
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`bankclient ${name}: ${e.message}. ${text.help}: bankclient --help`);
      return 2;
    }
    const known = e instanceof LocalizedError || e instanceof CliError;
    const message = known ? e.localized(locale) : (e as Error).message;
    if (json) {
      const code = known ? e.code : 'internal';
      io.out(JSON.stringify({ error: { code, message, ...(e instanceof LocalizedError && 'ckr' in e && e.ckr ? { ckr: e.ckr } : {}) } }, null, 2));
    }
    io.err(`bankclient ${name}: ${message}`);
    if (!known && io.env.BANKCLIENT_DEBUG) io.err(String((e as Error).stack));
    return 1;
  }
}
