import { LocalizedError, localeFrom } from '../shared/i18n/index.ts';
import { CommandContext, UsageError, type Command } from './context.ts';
import { CliError } from './errors.ts';
import { certCommands, signCommand, verifyCommand } from './commands/certificates.ts';
import { csrCommands, keyCommands } from './commands/keys.ts';
import { tokenCommands } from './commands/token.ts';
import { enrollCommand, loginCommand, logoutCommand, renewCommand } from './commands/enrolment.ts';
import { documentCommands, importCommand, signDocumentsCommand } from './commands/documents.ts';
import { auditCommands, contractsCommand, messagesCommand, scheduleCommand, statementCommands, syncCommand } from './commands/bank-data.ts';
import { TEXT } from './text.ts';

const GROUPS: Record<string, Record<string, Command>> = {
  token: tokenCommands,
  key: keyCommands,
  csr: csrCommands,
  cert: certCommands,
  documents: documentCommands,
  statements: statementCommands,
  audit: auditCommands,
};
const SINGLE: Record<string, Command> = {
  sign: signCommand,
  verify: verifyCommand,
  enroll: enrollCommand,
  renew: renewCommand,
  login: loginCommand,
  logout: logoutCommand,
  import: importCommand,
  'sign-documents': signDocumentsCommand,
  sync: syncCommand,
  contracts: contractsCommand,
  schedule: scheduleCommand,
  messages: messagesCommand,
};

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Runs one bankclient command line and returns the process exit code (0 success, 1 failure, 2 usage). */
export async function run(argv: string[], io: Io): Promise<number> {
  const locale = localeFrom(argv.includes('--lang') ? argv[argv.indexOf('--lang') + 1] : (io.env.BANKCLIENT_LANG ?? io.env.LC_ALL ?? io.env.LANG));
  const text = TEXT[locale];
  const [first, second] = argv;
  if (!first || first === '--help' || first === 'help' || first === '-h') {
    io.out(text.usage);
    return first ? 0 : 2;
  }
  const group = GROUPS[first];
  const command = group ? (second ? group[second] : undefined) : SINGLE[first];
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
