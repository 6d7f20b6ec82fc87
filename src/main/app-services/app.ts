import { messages, t, type MessageKey } from '../../shared/i18n/index.ts';
import type { appChannels } from '../../shared/ipc/areas/app.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';

declare const __APP_VERSION__: string | undefined;

export function appHandlers({ client, emit, background }: ServiceContext): AreaHandlers<typeof appChannels> {
  // the page hears of every change of the exchange's state (whichever shell serves it)
  client.sync().onChange((state) => emit('sync.changed', state));
  /** The sync state with its last error worded in the page's language. */
  const syncState = (locale: 'en' | 'ru') => {
    const { lastError, ...rest } = client.sync().state();
    // in the app the login is the token login on screen, never the CLI's command
    const code = lastError?.code === 'sync.login-needed' ? 'ui.sync.login-needed' : lastError?.code;
    const message = lastError && (code! in messages ? t(locale, code as MessageKey, lastError.params) : lastError.message);
    const next = background.nextAt();
    return {
      ...rest,
      background: background.active,
      ...(next !== undefined ? { nextExchangeAt: new Date(next).toISOString() } : {}),
      ...(lastError ? { lastError: { code: lastError.code, message: message!, at: lastError.at } } : {}),
    };
  };
  return {
    'app.info': () => ({ version: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev', dataDir: client.dataDir, bankUrl: client.bankUrl }),
    'sync.state': ({ locale }) => syncState(locale),
    'sync.run': async ({ locale }) => {
      // through the scheduler: never at the same time as a background exchange
      await background.requestNow();
      return syncState(locale);
    },
  };
}
