/**
 * electron-vite: builds main, preload and renderer into out/ (package.json "main" is out/main/index.js).
 * Needs only the electron package's version, not its binary.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };

/** Native addons: loaded by Node from node_modules at run time, never bundled. */
const NATIVE_MODULES = ['pkcs11js', 'better-sqlite3'];

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Every package.json dependency stays external (electron-builder ships node_modules);
      // the native ones are listed again so that no later change to that setting bundles them.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/electron/main.ts'),
          // the import worker (src/main/formats/import-worker.ts) loads ./import-worker.js next to index.js
          'import-worker': resolve(root, 'src/main/formats/import-worker-entry.ts'),
        },
        external: NATIVE_MODULES.flatMap((name) => [name, new RegExp(`^${name}/`)]),
      },
    },
  },
  preload: {
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only electron: one self-contained CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves the renderer unminified; minified, the page parses in less time
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
      },
    },
  },
});
