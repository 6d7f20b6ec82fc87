/** An ED807 entry reduced to what a payment needs (the shared validators' BicRecord). */
import type { BicRecord } from '../../../shared/domain/bic-directory.ts';
import type { Ed807Entry } from './model.ts';

/** The account a payment to this bank names as its correspondent account: the active CRSA, or the treasury's UTRA. */
export function correspondentAccount(e: Ed807Entry): string {
  const active = e.accounts.filter((a) => a.status === 'ACAC' && a.dateOut === undefined);
  return (active.find((a) => a.type === 'CRSA') ?? active.find((a) => a.type === 'UTRA'))?.account ?? '';
}

export function bicRecordOf(e: Ed807Entry): BicRecord {
  return {
    bic: e.bic,
    name: e.name,
    placeType: e.placeType,
    place: e.place,
    corrAccount: correspondentAccount(e),
    closed: e.status === 'PSDL',
    ...(e.dateOut ? { closedOn: e.dateOut } : {}),
    restrictions: e.restrictions,
  };
}
