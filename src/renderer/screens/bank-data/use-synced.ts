import { useEffect } from 'react';
import { bank } from '../../bank.ts';

/** Calls `reload` whenever an exchange with the bank finishes (what it stored may have changed). */
export function useAfterSync(reload: () => void): void {
  useEffect(
    () =>
      bank.on('sync.changed', (state) => {
        if (!(state as { running?: boolean } | null)?.running) reload();
      }),
    [reload],
  );
}
