import type { Command, CommandContext } from '../context.ts';
import { checkOutput, writeFileAtomic } from '../files.ts';
import type { KeyView } from '../../main/tokens/token-service.ts';
import { algorithmLabel } from '../../shared/key-algorithm-label.ts';

const keyLine = (ctx: CommandContext, k: KeyView): string =>
  ctx.text.keyLine(k.label, k.id, algorithmLabel(k.algorithm), k.certificate ? ctx.text.certificateUntil(k.certificate.subject, k.certificate.notAfter.slice(0, 10)) : ctx.text.noCertificate);

export const keyCommands = {
  generate: { options: { algorithm: { type: 'string' }, label: { type: 'string' } }, run: async (ctx: CommandContext) => {
    const [token, algorithm, label] = [ctx.need('token'), ctx.need('algorithm'), ctx.need('label')];
    const key = await (await ctx.tokens()).generateKey(token, await ctx.pin(), algorithm, label);
    ctx.result(key, () => ctx.text.generated(key.label, algorithmLabel(key.algorithm), key.id));
  } },
  list: { options: {}, run: async (ctx: CommandContext) => {
    const keys = await (await ctx.tokens()).listKeys(ctx.need('token'), await ctx.pin());
    ctx.result({ keys }, () => (keys.length ? keys.map((k) => keyLine(ctx, k)).join('\n') : ctx.text.keysNone));
  } },
  delete: { options: { key: { type: 'string' } }, run: async (ctx: CommandContext) => {
    const [token, key] = [ctx.need('token'), ctx.need('key')];
    const r = await (await ctx.tokens()).deleteKey(token, await ctx.pin(), key);
    ctx.result({ deleted: r }, () => ctx.text.deleted(r.label || r.id, r.objects));
  } },
} satisfies Record<string, Command>;

export const csrCommands = {
  create: { options: { key: { type: 'string' }, subject: { type: 'string' }, out: { type: 'string' }, pss: { type: 'boolean' } }, run: async (ctx: CommandContext) => {
    const [token, key, subject, out] = [ctx.need('token'), ctx.need('key'), ctx.need('subject'), ctx.need('out')];
    checkOutput(out); // before the token is opened or the PIN asked for
    const csr = await (await ctx.tokens()).createCsr(token, await ctx.pin(), key, subject, ctx.flag('pss'));
    writeFileAtomic(out, csr.pem);
    ctx.result({ out, pem: csr.pem }, () => ctx.text.csrWritten(out));
  } },
} satisfies Record<string, Command>;
