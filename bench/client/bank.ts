/**
 * The sandbox bank in its own process (so the client and the bank each have a core, as in real
 * life), a company of the benchmark with a large balance, and signers enrolled and logged in
 * through the client's own services, the way a security officer does it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '../../src/main/client.ts';
import { login } from '../../src/main/bank/session.ts';
import { BankClient } from '../../src/cli/conformance/bank-client.ts';
import { kill, spawnSandbox, type SandboxProcess } from '../../tests/helpers/sandbox-process.ts';
import { buildCli, staleReason } from '../../scripts/build-cli.ts';
import { companyInn, log, ownProcess, payerOf } from './common.ts';
import type { Party } from '../../src/shared/domain/payment-order.ts';

export interface BenchBank {
  process: SandboxProcess;
  /** The process that serves (tsx starts the sandbox in a child node process). */
  serverPid: number;
  admin: BankClient;
  companyId: string;
  company: { name: string; inn: string };
  payer: Party;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The pids of a process's children (Linux). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process started for the sandbox, to be ended even when the run fails. */
const started = new Set<number>();

/** Last resort on exit: ends the sandbox processes this run started (by their pids). */
export function killStartedSandboxes(): void {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    ownProcess(pid, false);
  }
  started.clear();
}

/**
 * The sandbox started as `npm run sandbox` starts it (tests/helpers/sandbox-process.ts: the built
 * out/cli/sandbox.js, built first if older than the sources), or, with a profile directory, as one
 * node process with --cpu-prof (written when it exits on SIGTERM), from the sources through tsx so
 * that the profile names the source files.
 */
async function spawnBank(dataDir: string, profileDir?: string): Promise<SandboxProcess> {
  if (!profileDir) {
    if (staleReason()) await buildCli();
    return spawnSandbox(dataDir);
  }
  const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--import', 'tsx', 'src/sandbox/main.ts', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        const info = JSON.parse(line) as { url: string; adminUrl: string; adminSecretFile: string };
        resolve({ child, ...info, adminSecret: readFileSync(info.adminSecretFile, 'utf8').trim() });
      }
    });
  });
}

export async function startBenchBank(dataDir: string, profileDir?: string): Promise<BenchBank> {
  const p = await spawnBank(dataDir, profileDir);
  const pids = [p.child.pid!, ...childrenOf(p.child.pid!)];
  for (const pid of pids) {
    started.add(pid);
    ownProcess(pid);
  }
  const serverPid = pids.at(-1)!;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= end());
  const end = async (): Promise<void> => {
    // tsx passes SIGTERM on to the sandbox, which closes its store and exits; then the wrapper exits
    await kill(p, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const pid of pids) {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      started.delete(pid);
      ownProcess(pid, false);
    }
  };
  try {
    const admin = new BankClient(p.url, { url: p.adminUrl, secret: p.adminSecret });
    const company = { name: 'ООО «Бенчмарк»', inn: companyInn(42) };
    const created = await admin.adminRequest<{ companyId: string }>('POST', '/admin/companies', { ...company, kpp: '770101001', ogrn: '1027700132195' });
    if (created.status !== 201) throw new Error(`company not created: ${JSON.stringify(created.body)}`);
    const companyId = created.body.companyId;
    // ten billion roubles: any number of rounds of payments is covered
    const account = await admin.adminRequest<{ number: string }>('POST', `/admin/companies/${companyId}/accounts`, { balance: 1_000_000_000_000 });
    if (account.status !== 201) throw new Error(`account not opened: ${JSON.stringify(account.body)}`);
    log(`bank: sandbox process ${serverPid} at ${p.url}, company ${company.inn}, account ${account.body.number}`);
    return { process: p, serverPid, admin, companyId, company, payer: payerOf(company.name, company.inn, account.body.number), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export interface Person {
  token: string;
  pin: string;
  key: string;
  totpSecret: string;
}

/**
 * Enrols a signer of the bench company through the client's services: the bank creates the
 * user (admin API), the key is made on the token and its request sent with the enrolment code,
 * the bank's officer approves, the certificate is installed. Then logs in.
 */
export async function enrolAndLogin(bank: BenchBank, client: Client, who: { token: string; pin: string; key: string; name: string; algorithm: string }): Promise<Person> {
  const user = await bank.admin.adminRequest<{ enrolmentCode: string }>('POST', '/admin/users', { companyId: bank.companyId, name: who.name, role: 'single-signature' });
  if (user.status !== 201) throw new Error(`user not created: ${JSON.stringify(user.body)}`);
  const subject = `CN=${who.name},O=${bank.company.name},C=RU,1.2.643.100.4=${bank.company.inn}`;
  const req = await client.enrollment.makeRequest(who.token, Buffer.from(who.pin), who.key, who.algorithm, subject);
  const submitted = await client.enrollment.submit(who.token, who.key, req.csrPem, user.body.enrolmentCode);
  const decision = await bank.admin.adminRequest('POST', `/admin/enrollments/${submitted.enrollmentId}/decision`, { approve: true });
  if (decision.status !== 200) throw new Error(`enrolment not approved: ${JSON.stringify(decision.body)}`);
  const done = await client.enrollment.awaitCertificate(Buffer.from(who.pin), { timeoutMs: 10_000, intervalMs: 50 });
  if (done.status !== 'approved') throw new Error(`enrolment ${done.status}`);
  const person = { token: who.token, pin: who.pin, key: who.key, totpSecret: submitted.totp!.secret };
  await loginAs(bank, client, person, who.name);
  return person;
}

/**
 * Logs in on a profile with a one-time code the bank has not seen (the bank takes each code once
 * per person; the bench bank's client remembers the steps used, and moves the bank's clock a step
 * when the current and the next were both used).
 */
export async function loginAs(bank: BenchBank, client: Client, p: Person, actor: string): Promise<void> {
  const totp = await bank.admin.totp(p.totpSecret);
  await login(client.db, client.api, client.tokens, { token: p.token, key: p.key, pin: Buffer.from(p.pin), totp, actor });
}
