/**
 * The preload script: contextBridge only (DESIGN.md "Layout"). It runs sandboxed, so it is built
 * as one CommonJS file that requires nothing but electron.
 *
 * Placeholder: the typed channel table (src/shared/ipc: channel name -> input/output schemas)
 * comes later, and window.bank will expose exactly its channels, nothing else.
 */
import { contextBridge } from 'electron';

/** Set by electron.vite.config.ts from package.json. */
declare const __APP_VERSION__: string;

const bank = { version: __APP_VERSION__ } as const;

export type BankBridge = typeof bank;

contextBridge.exposeInMainWorld('bank', bank);
