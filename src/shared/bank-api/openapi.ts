import { z } from 'zod';
import { Problem } from './problem.ts';
import { OPERATIONS, type Operation } from './routes.ts';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
};

/**
 * The OpenAPI paths of an operation table: parameters, bodies and answers from its zod schemas,
 * problem+json for failures. `security` names the scheme of the operations whose auth is not 'none'.
 */
export function openApiPaths(operations: readonly Operation[], security = 'session'): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryShape = op.query instanceof z.ZodObject ? (op.query.shape as Record<string, z.ZodType>) : {};
    const query = Object.entries(queryShape).map(([name, schema]) => ({ name, in: 'query', required: true, schema: jsonSchema(schema, 'input') }));
    const conditional = op.conditional ? [{ name: 'If-None-Match', in: 'header', required: false, description: 'The ETag of the copy the client holds: 304 while it is current', schema: { type: 'string' } }] : [];
    const etag = (own: Record<string, string> = {}): Record<string, unknown> => {
      const headers = { ...(op.conditional ? { ETag: { description: 'A strong entity tag of this representation', schema: { type: 'string' } } } : {}), ...Object.fromEntries(Object.entries(own).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) };
      return Object.keys(headers).length ? { headers } : {};
    };
    const ok = op.response.schema
      ? { content: { [op.response.mediaType ?? 'application/json']: { schema: jsonSchema(op.response.schema, 'output') } } }
      : op.response.mediaType
        ? { content: { [op.response.mediaType]: { schema: { type: 'string', format: 'binary' } } } }
        : {};
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.id,
      summary: op.summary,
      ...(op.auth === 'session' ? { security: [{ [security]: [] }] } : {}),
      ...(params.length + query.length + conditional.length ? { parameters: [...params, ...query, ...conditional] } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses: {
        [String(op.response.status)]: { description: op.summary, ...etag(op.response.headers), ...ok },
        ...(op.conditional ? { '304': { description: 'Not Modified: the ETag in If-None-Match is current', ...etag() } } : {}),
        default: { description: 'A problem (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
  }
  return paths;
}

/** The problem+json schema every document refers to. */
export const problemSchema = (): Record<string, unknown> => jsonSchema(Problem, 'output');

/** The OpenAPI 3.1 document of the bank API, generated from the operation table and its zod schemas. */
export function openApiDocument(): Record<string, unknown> {
  const paths = openApiPaths(OPERATIONS);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Bank Client API',
      version: '1',
      description: 'The contract between the Bank Client app and a bank. Generated from src/shared/bank-api; do not edit by hand (npm run openapi).',
    },
    servers: [{ url: 'http://127.0.0.1:8443', description: 'the sandbox bank (npm run sandbox)' }],
    components: { securitySchemes: { session: { type: 'http', scheme: 'bearer' } }, schemas: { Problem: problemSchema() } },
    paths,
  };
}
