/**
 * The app's import parses files in a worker thread (src/main/formats/import-worker.ts): the
 * import channels work as before, the parse ran on another thread, a refusal reaches the
 * handler as the same LocalizedError (and the page as the same code and parameters), and the
 * main thread keeps running while a large hostile file is parsed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { attributeFlood } from '../../bench/xml-flood.ts';
import { importFileInWorker, lastImportThreadId, type ImportReply } from '../../src/main/formats/import-worker.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { oneCFile } from '../helpers/cli-bank.ts';
import { errorOf } from '../helpers/errors.ts';

const app = useAppServices('import-worker', { today: 'bank' });

async function upload(name: string, bytes: Uint8Array): Promise<string> {
  const { uploadId } = await app.handlers['import.begin']({ name, size: bytes.length });
  await app.handlers['import.chunk']({ uploadId, offset: 0, data: Buffer.from(bytes).toString('base64') });
  return uploadId;
}

describe('import parsing in a worker thread', () => {
  it('previews and accepts a 1C file parsed on another thread than the handlers', async () => {
    const file = oneCFile(app.today(), [
      { number: '901', amount: '100.00', purpose: 'Оплата по счёту 901. НДС не облагается' },
      { number: '902', amount: '200.00', purpose: 'Оплата по счёту 902. НДС не облагается' },
    ]);
    const uploadId = await upload('orders.txt', file);
    const preview = await app.handlers['import.preview']({ uploadId, locale: 'en' });
    expect(preview).toMatchObject({ format: '1c', counts: { rejected: 0, duplicate: 0 } });
    expect(preview.documents.map((d) => d.number)).toEqual(['901', '902']);
    expect(lastImportThreadId()).toBeGreaterThan(0);
    expect(lastImportThreadId()).not.toBe(threadId);
    const accepted = await app.handlers['import.accept']({ uploadId, onlyValid: false });
    expect(accepted.imported).toHaveLength(2);
    for (const id of accepted.imported) app.client.documents.remove(id);
  });

  it('refuses a hostile XML file with the same LocalizedError, and the page gets its code and parameters', async () => {
    const doctype = new TextEncoder().encode('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">&x;</Document>');
    const uploadId = await upload('evil.xml', doctype);
    let refusal: unknown;
    try {
      await app.handlers['import.preview']({ uploadId, locale: 'en' });
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(LocalizedError);
    expect([(refusal as LocalizedError).code, (refusal as LocalizedError).params]).toEqual(['format.xml.doctype', { line: 2, column: 1 }]);
    expect((refusal as LocalizedError).localized('ru')).toMatch(/^Строка 2, столбец 1: в XML есть объявление DOCTYPE/);

    const viaHost = await app.rpc('import.preview', { uploadId, locale: 'en' });
    expect(viaHost.status).toBe(400);
    expect(viaHost.body).toMatchObject({ code: 'format.xml.doctype', params: { line: 2, column: 1 } });
    await app.handlers['import.discard']({ uploadId });
  });

  it('keeps the main thread running while a 200,000-attribute file is parsed', async () => {
    const flood = new TextEncoder().encode(attributeFlood(200_000));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const e = await importFileInWorker(flood, 'flood.xml').catch((err: unknown) => err);
    clearInterval(timer);
    // read whole, then refused as not a pain.001 message: the flood itself is well-formed
    expect(e).toBeInstanceOf(LocalizedError);
    expect((e as LocalizedError).code).toBe('format.iso.root-unexpected');
    expect(ticks).toBeGreaterThan(0);
    // the same error as in process
    const { importFile } = await import('../../src/main/formats/index.ts');
    expect(errorOf(() => importFile(flood, 'flood.xml')).code).toBe((e as LocalizedError).code);
  });

  it('is a build entry of its own next to the built main, which loads it from there', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = join(root, 'out', 'main');
    if (!existsSync(join(out, 'import-worker.js')) || !existsSync(join(out, 'index.js'))) {
      const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}${build.stderr}`);
    }
    expect(readFileSync(join(out, 'index.js'), 'utf8')).toContain('new URL("./import-worker.js", import.meta.url)');
    const worker = new Worker(join(out, 'import-worker.js'));
    try {
      const reply = await new Promise<ImportReply>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 7, bytes: new TextEncoder().encode('<r>\n<1a/>\n</r>'), name: 'bad.xml', options: {} });
      });
      expect(reply).toMatchObject({ id: 7, refusal: { code: 'format.xml.name-invalid', params: { line: 2, column: 2 } } });
    } finally {
      await worker.terminate();
    }
  });
});
