/** The BIC directory's channels: the copy held, a bank by BIC, and an ED807 file loaded by hand (sent in chunks). */
import type { directoryChannels } from '../../shared/ipc/areas/directory.ts';
import { UPLOAD_CHUNK_BYTES } from '../../shared/ipc/schemas.ts';
import { ED807_LIMITS } from '../formats/ed807/index.ts';
import { BicDirectoryStore } from '../store/bic-directory.ts';
import { loadBicDirectoryFile } from '../sync/bic-directory.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';
import { UploadStore, fileRefusals } from './uploads.ts';

/** A directory file being sent is dropped when not touched for this long. */
const TTL_MS = 10 * 60 * 1000;

export function directoryHandlers({ client }: ServiceContext): AreaHandlers<typeof directoryChannels> {
  const store = new BicDirectoryStore(client.db);
  // one file at a time: a new one drops the one before
  const uploads = new UploadStore<undefined>({ maxFileBytes: ED807_LIMITS.maxBytes, maxTotalBytes: ED807_LIMITS.maxBytes, maxChunkBytes: UPLOAD_CHUNK_BYTES, maxOpen: 1, ttlMs: TTL_MS, refuse: fileRefusals({ limit: ED807_LIMITS.maxBytes, maxOpen: 1, total: 'too-large' }) });
  let open: string | undefined;
  return {
    'directory.status': () => {
      const source = store.source();
      return source ? { source } : {};
    },
    'directory.lookup': ({ bic }) => {
      const record = store.get(bic);
      return record ? { found: true as const, record } : { found: false as const, directory: store.source() !== undefined };
    },
    'directory.begin': ({ name, size }) => {
      if (open) uploads.delete(open);
      open = uploads.start(name, size, undefined);
      return { uploadId: open, chunkBytes: UPLOAD_CHUNK_BYTES };
    },
    'directory.chunk': ({ uploadId, offset, data }) => ({ received: uploads.chunk(uploadId, offset, data) }),
    'directory.load': ({ uploadId }) => {
      const bytes = uploads.bytes(uploadId);
      const name = uploads.get(uploadId).name;
      try {
        return { source: loadBicDirectoryFile(client.db, bytes, name) };
      } finally {
        uploads.delete(uploadId);
        if (open === uploadId) open = undefined;
      }
    },
  };
}
