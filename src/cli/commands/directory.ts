/** bankclient directory load FILE | show: the Bank of Russia's BIC directory (ED807) in the profile. */
import type { Command, CommandContext } from '../context.ts';
import { TEXT } from '../text.ts';
import { readUserFile } from '../../main/tokens/token-service.ts';
import { BicDirectoryStore } from '../../main/store/bic-directory.ts';
import { loadBicDirectoryFile } from '../../main/sync/bic-directory.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';

/** 2026-12-05 as 05.12.2026 for Russian readers. */
const day = (ctx: CommandContext, iso: string): string => (ctx.locale === 'ru' ? iso.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3.$2.$1') : iso);

export const directoryCommands = {
  load: {
    positionals: true,
    options: {},
    /** The file is read whole and checked first: a bad one is an error naming its line, and the directory held stays. */
    run: async (ctx: CommandContext) => {
      const file = ctx.arg(0, 'FILE');
      const bytes = readUserFile(file);
      const client = await ctx.client();
      const source = loadBicDirectoryFile(client.db, bytes, file);
      ctx.result({ file, ...source }, () => TEXT[ctx.locale].directoryLoaded(day(ctx, source.businessDay), source.entries, file));
    },
  },
  show: {
    options: {},
    run: async (ctx: CommandContext) => {
      const source = new BicDirectoryStore((await ctx.client()).db).source();
      if (!source) throw new LocalizedError('directory.none');
      ctx.result(source, () => TEXT[ctx.locale].directoryHeld(day(ctx, source.businessDay), source.entries, source.origin, source.loadedAt.slice(0, 16).replace('T', ' ')));
    },
  },
} satisfies Record<string, Command>;
