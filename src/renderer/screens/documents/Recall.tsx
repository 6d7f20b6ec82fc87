/**
 * Recall of a sent document from its card ("Отзыв документа"): the reason, then the token's PIN as
 * for signing; the request is signed with the chosen key and sent, the bank answers at once. The
 * card shows the request's status: accepted by the bank, refused with the bank's reason, or
 * signed and waiting to be sent again.
 */
import { useEffect, useId, useState } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.ts';
import { bank } from '../../bank.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { PinDialog } from '../tokens/PinDialog.tsx';
import { useTokens } from '../tokens/use-tokens.ts';

/** The recall request held for a document and whether it can be recalled now, asked again when its status changes. */
export function useRecallState(id: string, status: string) {
  const state = useCall('documents.recall-state', { id });
  const reload = state.reload;
  useEffect(() => reload(), [status, reload]);
  return state;
}

export type RecallStateCall = ReturnType<typeof useRecallState>;

/** The recall button (when the document can be recalled) with its dialogs. */
export function RecallButton({ id, name, state, onDone }: { id: string; name: string; state: RecallStateCall; onDone(): void }) {
  const { t } = useI18n();
  const reloadState = state.reload;
  const { token, certificate, reload: reloadTokens } = useTokens();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [pinOpen, setPinOpen] = useState(false);
  const reasonId = useId();
  if (!state.data?.recallable) return null;
  const close = (): void => {
    setAsking(false);
    setMissing(false);
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => setAsking(true)}>
        {t('ui.recall.button')}
      </button>
      <Dialog title={t('ui.recall.title')} open={asking} onClose={close}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim() === '') return setMissing(true);
            setAsking(false);
            setPinOpen(true);
          }}
        >
          <p>{t('ui.recall.text', { name })}</p>
          <label className="field" htmlFor={reasonId}>
            <span>{t('ui.recall.reason')}</span>
            <textarea
              id={reasonId}
              rows={3}
              cols={60}
              maxLength={500}
              value={reason}
              autoFocus
              onChange={(e) => {
                setReason(e.target.value);
                if (e.target.value.trim() !== '') setMissing(false);
              }}
              aria-invalid={missing || undefined}
              aria-describedby={missing ? `${reasonId}-error` : undefined}
            />
            {missing && (
              <p className="error" id={`${reasonId}-error`} role="alert">
                {t('ui.recall.reason-missing')}
              </p>
            )}
          </label>
          {!(token && certificate) && <p className="warning">{t('ui.recall.no-token')}</p>}
          <div className="actions">
            <button type="button" className="secondary" onClick={close}>
              {t('ui.common.cancel')}
            </button>
            <button type="submit" disabled={!(token && certificate)}>
              {t('ui.recall.next')}
            </button>
          </div>
        </form>
      </Dialog>
      <PinDialog
        open={pinOpen}
        token={token}
        title={t('ui.recall.pin-title')}
        submitLabel={t('ui.recall.pin-submit')}
        onClose={() => setPinOpen(false)}
        onSubmit={async (pin) => {
          if (!token || !certificate) return;
          try {
            await bank.invoke('documents.recall', { id, reason: reason.trim(), token: token.serial, key: certificate.key, pin });
          } catch (e) {
            reloadTokens(); // a wrong PIN has one try fewer
            throw e;
          }
          setPinOpen(false);
          setReason('');
          reloadState();
          onDone();
        }}
      >
        <p className="user-text">{t('ui.recall.pin-text', { reason: reason.trim() })}</p>
      </PinDialog>
    </>
  );
}

/** The recall request held for the document, if any: its status in words. */
export function RecallStatus({ state, status }: { state: RecallStateCall; status: string }) {
  const { t, date } = useI18n();
  const r = state.data?.recall;
  if (!r) return null;
  // too late: said with the status the bank's receipt gave (the exchange after the refusal brought it); the bank's own words below
  const tooLate = r.status === 'refused' && r.refusal?.code === 'recall-too-late';
  // "accepted" is the bank's unsigned answer: said so only once its signed receipt recalled the document
  const unconfirmed = r.status === 'accepted' && status !== 'recalled';
  const overtaken = unconfirmed && !state.data?.recallable;
  const words = tooLate
    ? t('ui.recall.status.too-late', { status: t(`ui.status.${status}` as MessageKey).toLowerCase() })
    : overtaken
      ? t('ui.recall.status.overtaken', { status: t(`ui.status.${status}` as MessageKey).toLowerCase() })
      : unconfirmed
        ? t('ui.recall.status.unconfirmed')
        : r.status === 'refused'
          ? t('ui.recall.status.refused', { reason: r.refusal?.reason ?? '' })
          : t(`ui.recall.status.${r.status}`);
  return (
    <section className="panel document-recall" aria-labelledby="document-recall-title">
      <h2 id="document-recall-title">{t('ui.recall.heading')}</h2>
      <p className={r.status === 'refused' || overtaken ? 'warning user-text' : 'user-text'} data-testid="recall-status">
        {words}
      </p>
      <p className="muted user-text">{t('ui.recall.asked', { at: date(r.requestedAt, true), reason: r.reason })}</p>
      {tooLate && r.refusal && <p className="muted user-text">{t('ui.recall.bank-reason', { reason: r.refusal.reason })}</p>}
      <ErrorText error={state.error} />
    </section>
  );
}
