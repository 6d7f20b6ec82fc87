import { z } from 'zod';
import type { AccountRef as DomainAccountRef, InstalmentRef as DomainInstalmentRef } from '../../domain/contract-payments.ts';
import { Code, IsoDate, type Assert, type Same } from './common.ts';

/** An account named by its number and its bank's BIC (the payer's account of a payment to the bank). */
export const AccountRef = z.object({ account: Code, bic: Code }).strict();
export type AccountRef = z.infer<typeof AccountRef>;

/** One instalment of a contract's payment schedule: its number and due date. */
export const InstalmentRef = z.object({ number: z.int(), dueDate: IsoDate }).strict();
export type InstalmentRef = z.infer<typeof InstalmentRef>;

type _AccountRefMatchesDomain = Assert<Same<AccountRef, DomainAccountRef>>;
type _InstalmentRefMatchesDomain = Assert<Same<InstalmentRef, DomainInstalmentRef>>;
