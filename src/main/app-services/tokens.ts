import type { tokensChannels } from '../../shared/ipc/areas/tokens.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';

export function tokensHandlers(_ctx: ServiceContext): AreaHandlers<typeof tokensChannels> {
  return {};
}
