import type { bankDataChannels } from '../../shared/ipc/areas/bank-data.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';

export function bankDataHandlers(_ctx: ServiceContext): AreaHandlers<typeof bankDataChannels> {
  return {};
}
