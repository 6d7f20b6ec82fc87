import type { Command, CommandContext } from '../context.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import type { PinState, TokenView } from '../../main/tokens/token-service.ts';

function pinText(ctx: CommandContext, pin: PinState): string {
  return ctx.text.pinStates[pin.user] + (pin.userMustChange ? `, ${ctx.text.mustChange}` : '');
}

const line = (ctx: CommandContext, tk: TokenView): string => ctx.text.tokenLine(tk.label, tk.serial, `${tk.manufacturer} ${tk.model}`, pinText(ctx, tk.pin));

export const tokenCommands = {
  list: { options: {}, run: async (ctx: CommandContext) => {
    const service = await ctx.tokens();
    const tokens = service.listTokens();
    ctx.result({ module: service.modulePath, tokens }, () => (tokens.length ? tokens.map((tk) => line(ctx, tk)).join('\n') : ctx.text.tokensNone));
  } },
  info: { options: {}, run: async (ctx: CommandContext) => {
    const tk = (await ctx.tokens()).token(ctx.need('token'));
    ctx.result(tk, () => `${line(ctx, tk)}\n${ctx.text.tokenDetails(tk.flags.join(', '), tk.pinLength.min, tk.pinLength.max, tk.firmwareVersion, tk.hardwareVersion)}`);
  } },
  'change-pin': { options: {}, run: async (ctx: CommandContext) => {
    const token = ctx.need('token');
    const pin = await ctx.pin();
    let newPin: Buffer | undefined;
    let state: PinState;
    try {
      newPin = await ctx.newPin();
      state = await recorded(ctx, 'pin.change', token, async () => (await ctx.tokens()).changePin(token, pin, newPin!));
    } finally {
      // Also when the new PIN cannot be read (BANKCLIENT_NEW_PIN unset, prompt cancelled).
      pin.fill(0);
      newPin?.fill(0);
    }
    ctx.result({ changed: true, pin: state }, () => ctx.text.pinChanged);
  } },
  unblock: { options: {}, run: async (ctx: CommandContext) => {
    const token = ctx.need('token');
    const soPin = await ctx.soPin();
    let newPin: Buffer | undefined;
    let state: PinState;
    try {
      newPin = await ctx.newPin();
      state = await recorded(ctx, 'pin.unblock', token, async () => (await ctx.tokens()).unblockPin(token, soPin, newPin!));
    } finally {
      soPin.fill(0);
      newPin?.fill(0);
    }
    ctx.result({ unblocked: true, pin: state }, () => ctx.text.pinUnblocked);
  } },
} satisfies Record<string, Command>;

/**
 * A PIN change or unblock, in the profile's audit log whether it worked or not (never the PINs).
 * The token's answer is what the user is told: a failing audit write does not turn a changed PIN
 * into a reported failure (it is reported beside it).
 */
async function recorded(ctx: CommandContext, action: 'pin.change' | 'pin.unblock', token: string, change: () => Promise<PinState>): Promise<PinState> {
  const serial = (await ctx.tokens()).token(token).serial;
  const note = async (details: Record<string, unknown>): Promise<void> => {
    try {
      const client = await ctx.client();
      // imported here: listing tokens needs neither the audit log nor SQLite
      const { audit } = await import('../../main/audit/audit-log.ts');
      audit(client.db, { actor: client.actor, action, subject: serial, details: { token, ...details } });
    } catch (e) {
      process.stderr.write(`${e instanceof LocalizedError ? e.localized(ctx.locale) : (e as Error).message}\n`);
    }
  };
  let state: PinState;
  try {
    state = await change();
  } catch (e) {
    await note({ ok: false, code: (e as { code?: string }).code ?? 'error' });
    throw e;
  }
  await note({ ok: true });
  return state;
}
