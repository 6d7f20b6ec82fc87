import { LocalizedError } from '../../shared/i18n/index.ts';
import type { DispatchResult, WireError } from '../../shared/ipc/bridge.ts';
import { CHANNELS, type ChannelName } from '../../shared/ipc/channels.ts';
import type { Handlers } from './index.ts';

const refused = (error: WireError): DispatchResult => ({ ok: false, error });

/**
 * The one gate between a shell and the services: the Electron shell and the browser host check
 * their sender, then hand the channel name and the input, as received, to this. The channel must
 * be one of the table (an own key: never "constructor" or "__proto__"), the input is parsed with
 * its schema before a service sees it (a refusal names every field), and a service's error crosses
 * as its code and parameters, so the page words it in its language. Anything else is a fault of
 * ours: its text (paths, internals) stays in main's log and the page gets "internal".
 * Never throws: every outcome is the envelope the page decodes.
 */
export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown): Promise<DispatchResult> {
  if (!Object.hasOwn(CHANNELS, channel)) return refused({ code: 'channel-unknown', detail: `no channel ${channel}` });
  const name = channel as ChannelName;
  const parsed = CHANNELS[name].input.safeParse(rawInput);
  if (!parsed.success) {
    // a key the schema does not have is named as the field, not as the object around it
    const errors = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ field: [...i.path, k].map(String).join('.'), message: `${k}: not a field of ${channel}` })) : [{ field: i.path.map(String).join('.'), message: i.message }],
    );
    return refused({ code: 'validation-failed', field: errors[0]!.field, detail: errors[0]!.message, errors });
  }
  try {
    return { ok: true, value: await (handlers[name] as (i: unknown) => unknown)(parsed.data) };
  } catch (e) {
    if (e instanceof LocalizedError) return refused({ code: e.code, params: e.params, detail: e.message });
    console.error(`${name} failed:`, e);
    return refused({ code: 'internal' });
  }
}
