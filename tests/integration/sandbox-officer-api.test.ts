/**
 * The sandbox's one-time codes follow real time, not its simulated clock, and its officer API is
 * what docs/sandbox-officer.openapi.yaml says: over real HTTP against the sandbox in its own process.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ADMIN_OPENAPI_FILE, renderAdminOpenApi } from '../../scripts/openapi.ts';
import { BankClient, type Signer } from '../../src/cli/conformance/bank-client.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { ADMIN_OPERATIONS } from '../../src/sandbox/admin-api.ts';
import { startSandbox } from '../../src/sandbox/server.ts';
import { kill, spawnSandbox, type SandboxProcess } from '../helpers/sandbox-process.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';

let hsm: SoftHsm;
let sandbox: SandboxProcess;
let bank: BankClient;
let tokens: TokenService;
let director: Signer;

beforeAll(async () => {
  hsm = new SoftHsm('officer-api');
  hsm.initTestToken('Director', '11112222');
  tokens = new TokenService(SOFTHSM_MODULE);
  sandbox = await spawnSandbox(join(hsm.dir, 'bank'));
  bank = new BankClient(sandbox.url, { url: sandbox.adminUrl, secret: sandbox.adminSecret });
  const companyId = (await bank.adminRequest<{ companyId: string }>('POST', '/admin/companies', { name: 'ООО Ромашка', inn: '7707083893', kpp: '770701001', ogrn: '1027700132195' })).body.companyId;
  director = await bank.enrol(tokens, hsm.dir, { token: 'Director', pin: '11112222', key: 'director', companyId, name: 'Иванов Иван Иванович', role: 'first-signature', subject: 'CN=Иванов Иван Иванович,O=ООО Ромашка,C=RU,1.2.643.100.4=7707083893' });
}, 60_000);
afterAll(async () => {
  if (sandbox) await kill(sandbox);
  hsm?.cleanup();
});

/** A login with this one-time code: the HTTP status and problem code. */
async function loginWith(code: string): Promise<{ status: number; code?: string }> {
  const { challengeId, signature } = await bank.signedChallenge(tokens, director);
  const r = await bank.request<{ code?: string }>('POST', '/v1/auth/sessions', { challengeId, signature, totp: code });
  return { status: r.status, ...(r.body.code ? { code: r.body.code } : {}) };
}

describe('one-time codes against the sandbox over HTTP', () => {
  it("are checked against real time: after the officer moves the bank's clock 10 minutes on, the code an authenticator app shows logs in and a code of the bank's time does not", async () => {
    expect(await loginWith(await bank.totp(director.totpSecret))).toEqual({ status: 201 });
    const moved = await bank.adminRequest<{ now: string; offsetSeconds: number }>('POST', '/admin/clock', { seconds: 600 });
    expect(moved.status).toBe(200);
    expect(moved.body.offsetSeconds).toBe(600);
    expect(Date.parse(moved.body.now) - Date.now()).toBeGreaterThan(590_000);
    // what the bank's clock would make: refused (and it counts as a wrong code, as any wrong code does)
    const ofBankTime = generateSync({ secret: director.totpSecret, epoch: Math.floor(Date.parse(moved.body.now) / 1000) });
    expect(await loginWith(ofBankTime)).toEqual({ status: 401, code: 'totp-invalid' });
    // what the person's authenticator app shows now: accepted
    expect(await loginWith(await bank.totp(director.totpSecret))).toEqual({ status: 201 });
  });

  it('the officer reads the clock and puts it back to real time (PUT /admin/clock); a negative offset is refused', async () => {
    expect((await bank.adminRequest('GET', '/admin/clock')).body).toMatchObject({ offsetSeconds: 600 });
    const back = await bank.adminRequest<{ now: string; offsetSeconds: number }>('PUT', '/admin/clock', { offsetSeconds: 0 });
    expect(back.body.offsetSeconds).toBe(0);
    expect(Math.abs(Date.parse(back.body.now) - Date.now())).toBeLessThan(5000);
    expect((await bank.adminRequest('PUT', '/admin/clock', { offsetSeconds: -60 })).body).toMatchObject({ status: 400, code: 'malformed-request' });
    expect(await bank.clockOffset()).toBe(0);
  });

  it('refuses the officer API without the secret, as problem+json naming the header', async () => {
    const r = await bank.request<{ code: string; detail: string }>('GET', '/admin/clock', undefined, undefined, sandbox.adminUrl);
    expect(r.status).toBe(401);
    expect(r.type).toContain('application/problem+json');
    expect(r.body.detail).toContain('Authorization: Bearer');
  });
});

describe('the OpenAPI document of the officer API', () => {
  it('is what src/sandbox/admin-api.ts generates (run "npm run openapi" after changing it)', () => {
    expect(readFileSync(ADMIN_OPENAPI_FILE, 'utf8')).toBe(renderAdminOpenApi());
  });

  it('lists exactly the routes the sandbox serves on its officer port, each with an operationId, its path parameters and the bearer secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'officer-routes-'));
    const running = await startSandbox({ dataDir: dir });
    try {
      expect([...running.adminRoutes].sort()).toEqual(ADMIN_OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort());
    } finally {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const doc = parse(readFileSync(ADMIN_OPENAPI_FILE, 'utf8')) as { paths: Record<string, Record<string, { operationId: string; security?: unknown; parameters?: { name: string; in: string }[] }>> };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.values(methods).map((op) => ({ path, op })));
    expect(ops).toHaveLength(ADMIN_OPERATIONS.length);
    for (const { path, op } of ops) {
      expect(op.security).toEqual([{ officer: [] }]);
      expect((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort()).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
    }
  });
});
