/** Main's one gate (app-services/dispatch.ts) and the page's one decoder of its envelope (shared/ipc/answer.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../src/main/app-services/dispatch.ts';
import type { Handlers } from '../../src/main/app-services/index.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';
import { AppError, decode } from '../../src/shared/ipc/answer.ts';

const ID = '00000000-0000-4000-8000-000000000000';

/** Handlers that record what reached them: the gate must call them only with parsed input. */
function handlers() {
  const calls: { name: string; input: unknown }[] = [];
  const h = {
    'documents.list': (input: unknown) => (calls.push({ name: 'documents.list', input }), { items: [], total: 0 }),
    'documents.get': (input: unknown) => {
      calls.push({ name: 'documents.get', input });
      throw new LocalizedError('document.not-found', { id: ID });
    },
    'sync.run': () => {
      throw new Error('ENOENT: open /home/someone/.config/bank-client/secret-path');
    },
  } as unknown as Handlers;
  return { h, calls };
}

afterEach(() => vi.restoreAllMocks());

describe('the gate', () => {
  it('calls the handler with the input as its schema parsed it and carries the output', async () => {
    const { h, calls } = handlers();
    await expect(dispatch(h, 'documents.list', { status: ['draft'] })).resolves.toEqual({ ok: true, value: { items: [], total: 0 } });
    expect(calls).toEqual([{ name: 'documents.list', input: { status: ['draft'] } }]);
  });

  it('refuses a channel that is not in the table, naming it, also names every object has', async () => {
    const { h } = handlers();
    for (const name of ['documents.drop', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      await expect(dispatch(h, name, {}), name).resolves.toEqual({ ok: false, error: { code: 'channel-unknown', detail: `no channel ${name}` } });
    }
  });

  it('refuses input that breaks the schema, naming every field, before the handler runs', async () => {
    const { h, calls } = handlers();
    const r = await dispatch(h, 'documents.list', { limit: 'all', after: { date: '2026-01-01' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'validation-failed', field: 'limit' });
    expect(r.error.errors?.map((e) => e.field).sort()).toEqual(['after.seq', 'limit']);
    expect(r.error.detail).toBe(r.error.errors?.find((e) => e.field === 'limit')?.message);
    // a key the channel does not have is named itself, also inside a nested object
    expect(await dispatch(h, 'documents.list', { extra: true })).toEqual({ ok: false, error: { code: 'validation-failed', field: 'extra', detail: 'extra: not a field of documents.list', errors: [{ field: 'extra', message: 'extra: not a field of documents.list' }] } });
    const nested = await dispatch(h, 'documents.list', { after: { date: '2026-01-01', seq: 1, evil: 1 } });
    expect(nested.ok ? [] : nested.error.errors?.map((e) => e.field)).toEqual(['after.evil']);
    expect(calls).toEqual([]);
  });

  it("passes a service's LocalizedError on as its code and parameters", async () => {
    const { h } = handlers();
    const r = await dispatch(h, 'documents.get', { id: ID, locale: 'ru' });
    expect(r).toEqual({ ok: false, error: { code: 'document.not-found', params: { id: ID }, detail: new LocalizedError('document.not-found', { id: ID }).message } });
  });

  it('turns any other exception into "internal": its text stays in the log, never in the answer', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { h } = handlers();
    const r = await dispatch(h, 'sync.run', { locale: 'en' });
    expect(r).toEqual({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toMatch(/secret-path|ENOENT|at /);
    expect(String(logged.mock.calls[0])).toMatch(/sync\.run failed.*secret-path/);
  });

  it('answers with something that survives JSON and structured clone unchanged (what both transports do to it)', async () => {
    const { h } = handlers();
    for (const r of [await dispatch(h, 'documents.list', {}), await dispatch(h, 'documents.get', { id: ID, locale: 'en' }), await dispatch(h, 'documents.list', { limit: 'all' })]) {
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      expect(structuredClone(r)).toEqual(r);
    }
  });
});

describe("the page's decoder", () => {
  it('gives the output of an ok envelope, throws the error of a refused one as AppError', async () => {
    const { h } = handlers();
    expect(decode(await dispatch(h, 'documents.list', {}))).toEqual({ items: [], total: 0 });
    const refused = await dispatch(h, 'documents.get', { id: ID, locale: 'en' });
    const error = (() => {
      try {
        decode(refused);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).wire).toMatchObject({ code: 'document.not-found', params: { id: ID } });
  });

  it('takes anything that is not an envelope for an internal fault, not for an output', () => {
    for (const other of [null, undefined, 'Forbidden', { items: [] }, { ok: false }, { ok: 'true', value: 1 }]) {
      expect(() => decode(other), JSON.stringify(other)).toThrow(AppError);
    }
  });
});
