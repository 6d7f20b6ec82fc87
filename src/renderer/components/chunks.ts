/**
 * A file sent to the app in pieces, as its upload channels take it (a request is capped at 1 MiB):
 * in order, each piece as base64 at its offset; and base64 both ways.
 */

/** Bytes of base64 from the channel table (a file the app hands over). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Base64 of bytes, in slices (String.fromCharCode takes a bounded number of arguments). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Reads `file` piece by piece (`chunkBytes` each) and hands each to `send` with its offset, one
 * after the other. A piece that cannot be read throws `unreadable(error)` when given.
 */
export async function sendInChunks(file: Blob, chunkBytes: number, send: (offset: number, data: string) => Promise<unknown>, unreadable?: (error: unknown) => Error): Promise<void> {
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    let data: string;
    try {
      data = toBase64(new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer()));
    } catch (e) {
      throw unreadable ? unreadable(e) : e;
    }
    await send(offset, data);
  }
}
