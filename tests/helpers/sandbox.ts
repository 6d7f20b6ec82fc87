import type { RunningSandbox } from '../../src/sandbox/server.ts';
import type { TokenService } from '../../src/main/tokens/token-service.ts';
import { BankClient, type NewSigner, type Signer } from '../../src/cli/conformance/bank-client.ts';

export type { Signer };

/** The client of the conformance suite, pointed at an in-process sandbox and following its clock. */
export const clientOf = (bank: RunningSandbox): BankClient => new BankClient(bank.url, { url: bank.adminUrl, secret: bank.adminSecret }, () => bank.clock.now(), () => bank.otpClock.now());

export const adminCall = (bank: RunningSandbox, method: string, path: string, body?: unknown) => clientOf(bank).adminRequest(method, path, body);

export const enrol = (bank: RunningSandbox, tokens: TokenService, dir: string, who: NewSigner): Promise<Signer> => clientOf(bank).enrol(tokens, dir, who);

/**
 * A one-time code the bank will take now: the bank takes each code once, so after a login this is
 * the next step's code; when that was used too, the in-process bank's one-time-code clock (real
 * time, not the simulated bank clock) is stepped on, so the test need not wait 30 s.
 * Read from the bank's own record (in-process sandbox), so it holds across clients and clock moves.
 */
export function totpNow(bank: RunningSandbox, secret: string): string {
  for (;;) {
    const next = bank.identity.nextLoginCode(secret);
    if ('code' in next) return next.code;
    bank.otpClock.advance(next.waitSeconds);
  }
}

/** Logs in as the conformance client does (challenge, token signature), with a code the bank has not seen. */
export async function login(bank: RunningSandbox, tokens: TokenService, s: Signer): Promise<string> {
  const client = clientOf(bank);
  const { challengeId, signature } = await client.signedChallenge(tokens, s);
  const session = await client.request<{ token: string }>('POST', '/v1/auth/sessions', { challengeId, signature, totp: totpNow(bank, s.totpSecret) });
  if (session.status !== 201) throw new Error(`login refused: ${JSON.stringify(session.body)}`);
  return session.body.token;
}
