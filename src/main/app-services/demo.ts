import type { demoChannels } from '../../shared/ipc/areas/demo.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';

export function demoHandlers(_ctx: ServiceContext): AreaHandlers<typeof demoChannels> {
  return {};
}
