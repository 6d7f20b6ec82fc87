import type { Command, CommandContext } from '../context.ts';
import { checkOutput, writeFileAtomic } from '../files.ts';
import { accessSync, constants, statSync } from 'node:fs';
import { LocalizedError, t } from '../../shared/i18n/index.ts';
import { CliError } from '../errors.ts';
import { readUserFile, verifyFiles } from '../../main/tokens/token-service.ts';

export const certCommands = {
  import: { options: { in: { type: 'string' }, chain: { type: 'string' } }, run: async (ctx: CommandContext) => {
    const [token, file] = [ctx.need('token'), ctx.need('in')];
    const imported = await (await ctx.tokens()).importCertificateFile(token, await ctx.pin(), file, ctx.opt('chain'));
    ctx.result({ imported }, () => imported.map((c) => ctx.text.imported(c.subject, c.alreadyPresent)).join('\n'));
  } },
  list: { options: {}, run: async (ctx: CommandContext) => {
    const certificates = await (await ctx.tokens()).listCertificates(ctx.need('token'));
    ctx.result({ certificates }, () =>
      certificates.length
        ? certificates.map((c) => ctx.text.certLine(c.authority ? ctx.text.certKindCa : ctx.text.certKindOwn, c.subject, c.notAfter.slice(0, 10), c.id)).join('\n')
        : ctx.text.certsNone,
    );
  } },
} satisfies Record<string, Command>;

export const signCommand: Command = {
  options: { key: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' }, pss: { type: 'boolean' }, 'add-to': { type: 'string' } },
  run: async (ctx: CommandContext) => {
    const [token, key, input, out] = [ctx.need('token'), ctx.need('key'), ctx.need('in'), ctx.need('out')];
    const addToPath = ctx.opt('add-to');
    // Before the token is opened or the PIN asked for: --out must not overwrite an input, and must be writable.
    checkOutput(out, { in: input, 'add-to': addToPath });
    const content = readUserFile(input);
    const addTo = addToPath ? { bytes: readUserFile(addToPath), source: addToPath } : undefined;
    const signature = await (await ctx.tokens()).sign(token, await ctx.pin(), key, content, { pss: ctx.flag('pss'), addTo });
    writeFileAtomic(out, signature);
    ctx.result({ out, bytes: signature.length }, () => ctx.text.signed(out, signature.length));
  },
};

export const verifyCommand: Command = {
  options: { in: { type: 'string' }, signature: { type: 'string' }, trust: { type: 'string', multiple: true } },
  /** Exit code 0 only when every signer verifies. */
  run: async (ctx: CommandContext): Promise<number> => {
    const trust = ctx.list('trust');
    if (trust.length === 0) ctx.need('trust');
    const [input, signature] = [ctx.need('in'), ctx.need('signature')];
    // a trust file that is missing or not a certificate is named as --trust FILE, in words
    for (const path of trust) {
      try {
        if (statSync(path).isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
        accessSync(path, constants.R_OK);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
        throw new CliError('trust-unreadable', (t) => t.trustUnreadable(path, code, t.readProblems[code]), { cause: e });
      }
    }
    let report;
    try {
      report = await verifyFiles(input, signature, trust);
    } catch (e) {
      const source = e instanceof LocalizedError && e.code === 'cert.unreadable' ? String(e.params.source) : undefined;
      if (source !== undefined && trust.includes(source)) throw new CliError('trust-not-certificate', (t) => t.trustNotCertificate(source), { cause: e });
      throw e;
    }
    ctx.result(report, () => {
      const lines = report.signers.map((s) => {
        const head = ctx.text.signerLine(s.index + 1, s.subject ?? '?', s.signingTime ?? '-');
        const problems = s.problems.map((p) => `  - ${t(ctx.locale, p.code, p.params)}`);
        return [head, ...problems].join('\n');
      });
      lines.push(report.ok ? ctx.text.verifyOk(report.signers.length) : ctx.text.verifyFailed);
      return lines.join('\n');
    });
    return report.ok ? 0 : 1;
  },
};
