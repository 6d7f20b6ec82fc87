import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/shared/bank-api/routes.ts';
import { OPENAPI_FILE, renderOpenApi } from '../../scripts/openapi.ts';
import { parse } from 'yaml';

describe('the OpenAPI document of the bank API', () => {
  it('is what src/shared/bank-api generates (run "npm run openapi" after changing the contract)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(renderOpenApi());
  });

  it('has one unique operationId per operation, every path parameter declared, and problem+json for failures', () => {
    const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>> };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.values(methods).map((op) => ({ path, op })));
    expect(ops).toHaveLength(OPERATIONS.length);
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    for (const { path, op } of ops) {
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(declared.sort()).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      expect(op.responses.default).toBeDefined();
    }
  });
});
