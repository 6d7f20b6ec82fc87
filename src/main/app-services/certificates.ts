import type { certificatesChannels } from '../../shared/ipc/areas/certificates.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';

export function certificatesHandlers(_ctx: ServiceContext): AreaHandlers<typeof certificatesChannels> {
  return {};
}
