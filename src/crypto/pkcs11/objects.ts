import type * as pkcs11 from 'pkcs11js';
import type { TokenSession } from './session.ts';

/** All objects matching a template (synchronous; callers run it inside the token's queue). */
export function findObjects(session: TokenSession, template: pkcs11.Template): Buffer[] {
  const { lib, handle } = session;
  lib.C_FindObjectsInit(handle, template);
  try {
    const found: Buffer[] = [];
    for (;;) {
      const batch = lib.C_FindObjects(handle, 64);
      if (batch.length === 0) return found;
      found.push(...batch);
    }
  } finally {
    lib.C_FindObjectsFinal(handle);
  }
}

/** Reads attributes as raw buffers, keyed by attribute type; absent ones are left out. */
export function readAttributes(session: TokenSession, object: Buffer, types: number[]): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (const type of types) {
    try {
      const [attr] = session.lib.C_GetAttributeValue(session.handle, object, [{ type }]);
      if (attr && Buffer.isBuffer(attr.value)) out.set(type, attr.value);
    } catch {
      // CKR_ATTRIBUTE_TYPE_INVALID or _SENSITIVE: the attribute does not apply or cannot be read
    }
  }
  return out;
}

export const attrBool = (v: Buffer | undefined): boolean | undefined => (v && v.length > 0 ? v[0] !== 0 : undefined);
export const attrUlong = (v: Buffer | undefined): number | undefined => (v && v.length >= 4 ? v.readUInt32LE(0) : undefined);
export const attrText = (v: Buffer | undefined): string => (v ? v.toString('utf8') : '');
