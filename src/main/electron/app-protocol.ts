/**
 * The app:// protocol that serves the built renderer instead of file:// (docs/architecture.md "Security
 * model"). The page lives at one origin of its own, app://bank-client, so that:
 *  - the IPC sender check compares against that exact origin (a file:// page could be any file);
 *  - only the files of the built renderer folder are ever served (no "..", no symlink out of it);
 *  - every answer carries the page's CSP as a header too, not only the meta tag.
 * Pure Node here (global Request/Response), so it is tested without Electron.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CSP } from '../browser-host/static-files.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bank-client';
/** The page's origin. Written out, since Node's URL gives "null" as the origin of a non-special scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * The scheme's privileges, registered before the app is ready: a standard scheme (real origin,
 * relative URLs resolve) and a secure one (like https: no mixed content, secure context), with
 * fetch for the page's own module scripts (same origin). Deliberately not set: bypassCSP, corsEnabled
 * (which would let other origins read app:// answers), allowServiceWorkers, stream.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** The only file types the built renderer has; anything else is not served. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** True when `url` is exactly on the app's origin: scheme app, host bank-client, no port, no user info. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/**
 * The path inside `root` an app:// URL names, or null when it names nothing servable: another
 * origin, a path that leaves the folder (".." plain or percent-encoded, an absolute or drive path,
 * a NUL byte), or a file type the renderer does not have. No file system access here.
 */
export function appFilePath(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null; // a broken percent-encoding
  }
  if (path.includes('\0')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  // the URL's path is relative to the folder, whatever separators or dots it decoded to
  const segments = path.split(/[/\\]+/).filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[a-z]:$/i.test(s))) return null;
  const file = resolve(base, ...segments);
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  if (!CONTENT_TYPES[extname(file).toLowerCase()]) return null;
  return file;
}

/**
 * The file an app:// URL names, with its content type, or null: as appFilePath, and then the
 * real path (symlinks followed) must still be a regular file inside the real root folder.
 */
export async function resolveAppFile(root: string, url: string): Promise<{ file: string; type: string } | null> {
  const file = appFilePath(root, url);
  if (!file) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return null;
    if (!(await stat(realFile)).isFile()) return null;
    return { file: realFile, type: CONTENT_TYPES[extname(file).toLowerCase()]! };
  } catch {
    return null; // not there
  }
}

/** Headers of every answer: the page's CSP (the meta tag's policy, plus frame-ancestors, which only a header can set). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** The handler given to protocol.handle('app', ...): GET (or HEAD) of a file of the built renderer, else an error status. */
export function appProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { ...SECURITY_HEADERS, allow: 'GET, HEAD' } });
    }
    const found = await resolveAppFile(root, request.url);
    if (!found) return new Response(null, { status: 404, headers: SECURITY_HEADERS });
    const body = request.method === 'HEAD' ? null : await readFile(found.file);
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': found.type } });
  };
}
