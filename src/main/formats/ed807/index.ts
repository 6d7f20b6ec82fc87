/** The Bank of Russia's BIC directory (ED807): the model, the strict reader, and the records the validators use. */
export { ED807_LIMITS, ED807_NAMESPACE, type Ed807Account, type Ed807Directory, type Ed807Entry } from './model.ts';
export { parseEd807, readEd807Tree } from './read.ts';
export { bicRecordOf, correspondentAccount } from './record.ts';
