import type { RunningSandbox } from '../../src/sandbox/server.ts';
import type { TokenService } from '../../src/main/tokens/token-service.ts';
import { BankClient, type NewSigner, type Signer } from '../../src/cli/conformance/bank-client.ts';

export type { Signer };

/** The client of the conformance suite, pointed at an in-process sandbox and following its clock. */
export const clientOf = (bank: RunningSandbox): BankClient => new BankClient(bank.url, { url: bank.adminUrl, secret: bank.adminSecret }, () => bank.clock.now());

export const adminCall = (bank: RunningSandbox, method: string, path: string, body?: unknown) => clientOf(bank).adminRequest(method, path, body);

export const enrol = (bank: RunningSandbox, tokens: TokenService, dir: string, who: NewSigner): Promise<Signer> => clientOf(bank).enrol(tokens, dir, who);

export const login = (bank: RunningSandbox, tokens: TokenService, s: Signer): Promise<string> => clientOf(bank).login(tokens, s);
