/** The fields a leasing payment and a loan repayment share: which contract, how much, from which account, when, why. */
import { AccountRef } from './account-ref.ts';
import { Amount, Code, IsoDate, Line } from './common.ts';

export const contractPaymentFields = {
  contractId: Code,
  amount: Amount,
  payer: AccountRef,
  date: IsoDate.meta({ description: 'The day the money is to be debited, YYYY-MM-DD' }),
  purpose: Line,
};
