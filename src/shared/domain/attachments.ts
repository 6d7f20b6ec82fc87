/**
 * Attachments are referenced, not embedded: a document names each file by name, media type, size
 * and SHA-256, so the signature covers the files' digests; the files travel separately.
 */
import { firstControlChar } from './text.ts';
import type { IssueList } from './validation.ts';

export interface AttachmentRef {
  /** File name without a path, e.g. "акт осмотра.pdf". */
  name: string;
  /** One of ATTACHMENT_MEDIA_TYPES. */
  mediaType: string;
  /** Bytes. */
  size: number;
  /** SHA-256 of the file, 64 lower-case hex digits (one spelling, so the canonical bytes are one). */
  sha256: string;
}

/** Media types the bank accepts, with the file extensions that go with each. */
export const ATTACHMENT_MEDIA_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/tiff': ['tif', 'tiff'],
  'text/plain': ['txt'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
};

export const ATTACHMENT_LIMITS = {
  /** Files per document. */
  maxCount: 10,
  /** Bytes per file: 10 MiB. */
  maxSize: 10 * 1024 * 1024,
  /** Bytes of all files of a document: 25 MiB. */
  maxTotalSize: 25 * 1024 * 1024,
  /** Characters of a file name. */
  maxNameLength: 150,
} as const;

const MIB = 1024 * 1024;

/** Characters Windows refuses in file names (path separators among them); controls are checked apart. */
const BAD_NAME = /[<>:"/\\|?*]/;

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** One file reference; `field` is its path, e.g. "attachments.0". */
export function checkAttachment(issues: IssueList, field: string, a: AttachmentRef): void {
  const f = (name: string): string => `${field}.${name}`;
  const name = a.name;
  if (name.trim() === '') issues.error(f('name'), 'required');
  else if (name.length > ATTACHMENT_LIMITS.maxNameLength) issues.error(f('name'), 'too-long', { max: ATTACHMENT_LIMITS.maxNameLength });
  else if (BAD_NAME.test(name) || firstControlChar(name, false) !== undefined || name !== name.trim() || /^\.+$/.test(name) || name.endsWith('.')) {
    issues.error(f('name'), 'attachment.name', { value: name });
  }

  const extensions = ATTACHMENT_MEDIA_TYPES[a.mediaType];
  if (!extensions) issues.error(f('mediaType'), 'attachment.media-type', { value: a.mediaType });
  else if (name.trim() !== '' && !extensions.includes(extension(name))) {
    issues.warning(f('name'), 'attachment.extension', { value: extensions.map((e) => `.${e}`).join(', ') });
  }

  if (!Number.isSafeInteger(a.size) || a.size < 0) issues.error(f('size'), 'attachment.size', { value: String(a.size), max: ATTACHMENT_LIMITS.maxSize / MIB });
  else if (a.size === 0) issues.error(f('size'), 'attachment.empty');
  else if (a.size > ATTACHMENT_LIMITS.maxSize) issues.error(f('size'), 'attachment.size', { value: String(a.size), max: ATTACHMENT_LIMITS.maxSize / MIB });

  if (!/^[0-9a-f]{64}$/.test(a.sha256)) issues.error(f('sha256'), 'attachment.sha256', { value: a.sha256 });
}

/** A document's list of files under `field` (e.g. "attachments"): each file, their count, total size and repeats. */
export function checkAttachments(issues: IssueList, field: string, list: readonly AttachmentRef[]): void {
  if (list.length > ATTACHMENT_LIMITS.maxCount) issues.error(field, 'too-many', { max: ATTACHMENT_LIMITS.maxCount });
  const seen = new Set<string>();
  let total = 0;
  list.forEach((a, i) => {
    checkAttachment(issues, `${field}.${i}`, a);
    if (Number.isSafeInteger(a.size) && a.size > 0) total += a.size;
    if (seen.has(a.sha256)) issues.warning(`${field}.${i}`, 'attachment.duplicate', { value: a.name });
    seen.add(a.sha256);
  });
  if (total > ATTACHMENT_LIMITS.maxTotalSize) issues.error(field, 'attachments.total-size', { max: ATTACHMENT_LIMITS.maxTotalSize / MIB });
}
