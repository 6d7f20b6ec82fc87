import type { MessageKey } from '../../shared/i18n/index.ts';
import { useI18n } from '../i18n.tsx';

/** A document's status as a coloured label (the colour is never the only sign: the word is there). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `ui.status.${status}` as MessageKey;
  return <span className={`badge badge-${status}`}>{t(key)}</span>;
}
