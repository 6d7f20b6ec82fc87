import { renderDocument } from '../shared/bank-api/documents/render.ts';
import { messages, t, type MessageKey } from '../shared/i18n/index.ts';
import type { ChannelInput, ChannelName, ChannelOutput } from '../shared/ipc/channels.ts';
import type { Client } from './client.ts';

declare const __APP_VERSION__: string | undefined;

export type Handlers = { [N in ChannelName]: (input: ChannelInput<N>) => Promise<ChannelOutput<N>> | ChannelOutput<N> };

/**
 * The channel table's handlers over one profile's services: what the Electron shell and the
 * browser host both serve. Inputs arrive parsed by their schemas; outputs are the table's shapes.
 */
export function handlersFor(client: Client): Handlers {
  return {
    'app.info': () => ({ version: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev', dataDir: client.dataDir, bankUrl: client.bankUrl }),
    'documents.list': (input) => client.documents.list(input),
    'documents.get': ({ id, locale }) => {
      const d = client.documents.get(id);
      const { canonical: _c, cms: _s, origin: _o, derivedFrom: _d, version: _v, ...row } = d;
      return { ...row, rendered: renderDocument(d.body, locale), findings: d.findings.map((f) => ({ field: f.field, code: f.code, severity: f.severity, message: f.message[locale] })) };
    },
    'documents.create': ({ kind, content }) => ({ id: client.documents.create({ kind, content }).id }),
    'documents.update': ({ id, content, revision }) => {
      const d = client.documents.update(id, content, revision);
      return { id: d.id, revision: d.revision, derived: d.id !== id };
    },
    'documents.copy': ({ id }) => ({ id: client.documents.copy(id).id }),
    'documents.delete': ({ id }) => {
      client.documents.remove(id);
      return { deleted: true as const };
    },
    'sync.state': ({ locale }) => syncState(locale),
    'sync.run': async ({ locale }) => {
      await client.sync().syncOnce();
      return syncState(locale);
    },
  };

  /** The sync state with its last error worded in the page's language. */
  function syncState(locale: 'en' | 'ru'): ChannelOutput<'sync.state'> {
    const { lastError, ...rest } = client.sync().state();
    const message = lastError && (lastError.code in messages ? t(locale, lastError.code as MessageKey, lastError.params) : lastError.message);
    return { ...rest, ...(lastError ? { lastError: { code: lastError.code, message: message!, at: lastError.at } } : {}) };
  }
}
