/** The app:// protocol's file resolution and answers (src/main/electron/app-protocol.ts), on a real folder, no Electron needed. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_ORIGIN, appFilePath, appProtocolHandler, resolveAppFile } from '../../src/main/electron/app-protocol.ts';

const base = mkdtempSync(join(tmpdir(), 'bc-app-protocol-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

// <base>/renderer is served; <base>/secret.txt and <base>/secret.js sit next to it and must never be
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {};');
writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
writeFileSync(join(root, 'assets', 'notes.txt'), 'a file type the renderer does not have');
writeFileSync(join(base, 'secret.js'), 'secret');
writeFileSync(join(base, 'secret.txt'), 'secret');
symlinkSync(join(base, 'secret.js'), join(root, 'assets', 'escape.js')); // a symlink out of the folder
symlinkSync(base, join(root, 'up')); // a directory symlink out of the folder
symlinkSync(join(root, 'assets', 'index-abc.js'), join(root, 'alias.js')); // a symlink that stays inside

const url = (path: string) => `${APP_ORIGIN}${path}`;

describe('app:// file resolution', () => {
  it('serves the files of the folder, index.html for the bare origin', async () => {
    expect(APP_INDEX_URL).toBe('app://bank-client/index.html');
    expect(appFilePath(root, APP_INDEX_URL)).toBe(join(root, 'index.html'));
    expect(appFilePath(root, url('/'))).toBe(join(root, 'index.html'));
    expect(appFilePath(root, url('/assets/index-abc.js?v=1#x'))).toBe(join(root, 'assets', 'index-abc.js'));
    expect(await resolveAppFile(root, url('/assets/index-abc.css'))).toMatchObject({ type: 'text/css; charset=utf-8' });
    expect(await resolveAppFile(root, url('/alias.js'))).toMatchObject({ file: join(root, 'assets', 'index-abc.js') });
  });

  it.each([
    '/../secret.js',
    '/assets/../../secret.js',
    '/..%2Fsecret.js',
    '/%2e%2e/secret.js',
    '/%2E%2E%2Fsecret.js',
    '/assets/..%2F..%2Fsecret.js',
    '/..%5Csecret.js',
    '/assets%5C..%5C..%5Csecret.js',
    '/C:%5Cwindows%5Cwin.ini',
    '/%2Fetc%2Fpasswd',
    '/index.html%00.js',
    '/%E0%A4%A', // broken percent-encoding
    '/secret.txt',
    '/assets/notes.txt', // inside, but not a type the renderer has
    '/assets', // a folder
    '/assets/missing.js',
  ])('refuses %s', async (path) => {
    const target = url(path);
    const file = appFilePath(root, target);
    if (file) expect(file.startsWith(join(root, ''))).toBe(true);
    expect(await resolveAppFile(root, target)).toBeNull();
  });

  it('refuses a symlink that leads out of the folder', async () => {
    expect(appFilePath(root, url('/assets/escape.js'))).toBe(join(root, 'assets', 'escape.js')); // looks inside...
    expect(await resolveAppFile(root, url('/assets/escape.js'))).toBeNull(); // ...but is not
    expect(await resolveAppFile(root, url('/up/secret.js'))).toBeNull();
  });

  it('serves only its own origin', async () => {
    for (const other of ['app://bank-client.evil/index.html', 'app://evil/index.html', 'app://bank-client@evil/index.html', 'file:///index.html', 'https://bank-client/index.html']) {
      expect(appFilePath(root, other), other).toBeNull();
    }
  });
});

describe('app:// answers', () => {
  const handler = appProtocolHandler(root);
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(join(import.meta.dirname, '../../src/renderer/index.html'), 'utf8'))?.[1];

  it("carry the page's CSP as a header: the meta tag's policy, plus frame-ancestors", async () => {
    expect(meta).toBeDefined();
    const answer = await handler(new Request(APP_INDEX_URL));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('content-security-policy')).toBe(`${meta}; frame-ancestors 'none'`);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await answer.text()).toBe('<!doctype html><title>app</title>');
  });

  it('with the right content type per file', async () => {
    const types = { '/assets/index-abc.js': 'text/javascript; charset=utf-8', '/assets/index-abc.css': 'text/css; charset=utf-8', '/assets/logo.svg': 'image/svg+xml' };
    for (const [path, type] of Object.entries(types)) {
      const answer = await handler(new Request(url(path)));
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('content-type'), path).toBe(type);
    }
  });

  it('404 for anything outside, 405 for anything but GET and HEAD; the CSP header on those too', async () => {
    const outside = await handler(new Request(url('/..%2Fsecret.js')));
    expect(outside.status).toBe(404);
    expect(await outside.text()).toBe('');
    expect(outside.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const post = await handler(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    const head = await handler(new Request(APP_INDEX_URL, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
