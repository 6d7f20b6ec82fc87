/** Bytes out of the page: base64 from the channel table, a Blob link with `download` to save a file. */
import { fromBase64 } from '../../components/chunks.ts';

/** Saves bytes as a file through a temporary link with `download` (the browser asks where, or puts it in Downloads). */
export function saveFile(name: string, mediaType: string, base64: string): void {
  const url = URL.createObjectURL(new Blob([fromBase64(base64)], { type: mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // the download has started from the URL; it can go once the click is handled
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The media type the bank expects for a picked file: the browser's, else from the extension. */
export function mediaTypeOf(file: File): string {
  if (file.type) return file.type;
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  return { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', txt: 'text/plain' }[ext] ?? '';
}
