import type { editorChannels } from '../../shared/ipc/areas/editor.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';

export function editorHandlers(_ctx: ServiceContext): AreaHandlers<typeof editorChannels> {
  return {};
}
