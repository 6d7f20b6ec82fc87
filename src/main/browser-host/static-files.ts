import { readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The page's policy, as its own meta tag says: only the app's own files, no inline or eval'd script. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Serves a file of the built renderer, or answers 404: the path is resolved inside `root` and
 * anything that would leave it ("..", encoded or not) is not found; only known file types go out.
 */
export function serveStatic(root: string, path: string, res: ServerResponse): void {
  let rel: string;
  try {
    rel = decodeURIComponent(path || 'index.html');
  } catch {
    return void res.writeHead(404).end();
  }
  const file = normalize(join(root, rel));
  const type = TYPES[extname(file)];
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || !type || rel.includes('\0')) return void res.writeHead(404).end();
  try {
    if (!statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': type, 'content-security-policy': CSP, 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' }).end(readFileSync(file));
  } catch {
    res.writeHead(404).end();
  }
}
