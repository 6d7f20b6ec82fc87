import { useEffect, useState } from 'react';
import { messages, type MessageKey } from '../../../shared/i18n/index.ts';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import { bank } from '../../bank.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useAction, useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.tsx';
import { PinDialog } from '../tokens/PinDialog.tsx';
import { useTokens } from '../tokens/use-tokens.ts';

type Candidate = ChannelOutput<'sign.candidates'>['drafts'][number];
type Result = ChannelOutput<'sign.run'>;
type Refusal = Result['skipped'][number];
type Prepared = ChannelOutput<'sign.prepare'>;
type Earlier = Prepared['duplicates'][number]['earlier'];

const PAGE = 10;

/** "Payment order No. 42"; a document without a number is named by its kind alone (never "No. —"). */
function documentName(t: ReturnType<typeof useI18n>['t'], kind: string, number: string | null): string {
  const kindName = t(`ui.kind.${kind}` as MessageKey);
  return number ? t('ui.tokens.sign.document-name', { kind: kindName, number }) : kindName;
}

/** A refusal {code, params} in the page's words. */
function useRefusalText() {
  const { t } = useI18n();
  return (r: { code: string; params: Record<string, string | number> }): string => (r.code in messages ? t(r.code as MessageKey, r.params) : r.code);
}

function CandidateTable({ rows, chosen, toggle, caption }: { rows: Candidate[]; chosen: Set<string>; toggle(id: string, on: boolean): void; caption: string }) {
  const { t, money, date } = useI18n();
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th>{t('ui.tokens.sign.col-choose')}</th>
          <th>{t('ui.tokens.sign.col-document')}</th>
          <th>{t('ui.tokens.sign.col-date')}</th>
          <th className="num">{t('ui.tokens.sign.col-amount')}</th>
          <th>{t('ui.tokens.sign.col-counterparty')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const name = documentName(t, r.kind, r.number);
          return (
            <tr key={r.id}>
              <td>
                <input type="checkbox" aria-label={t('ui.tokens.sign.choose', { name })} checked={chosen.has(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
              </td>
              <td className="user-text">{name}</td>
              <td>{r.date ? date(r.date) : ''}</td>
              <td className="num">{r.amount !== null ? money(r.amount, 'RUB') : ''}</td>
              <td className="user-text">{r.counterparty ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The warning naming the payment order, already signed or sent, that a document repeats. */
function DuplicateWarning({ earlier }: { earlier: Earlier }) {
  const { t, money, date } = useI18n();
  return <span className="user-text">{t('ui.tokens.sign.duplicate-warning', { number: earlier.number, date: date(earlier.date), amount: money(earlier.amount), status: earlier.status })}</span>;
}

/**
 * Possible duplicates of the batch: each named with the earlier payment order, and signed only
 * when the signer ticks it as a separate payment (the others are skipped with the reason).
 */
function Duplicates({ batch, confirmed, confirm }: { batch: Prepared; confirmed: Set<string>; confirm(id: string, on: boolean): void }) {
  const { t } = useI18n();
  if (batch.duplicatesTotal === 0) return null;
  return (
    <div className="panel duplicates" role="alert" data-testid="sign-duplicates">
      <h2>{t('ui.tokens.sign.duplicates-title', { count: batch.duplicatesTotal })}</h2>
      <p>{t('ui.tokens.sign.duplicates-note')}</p>
      <ul className="reasons">
        {batch.duplicates.map((d) => (
          <li key={d.id} className="warning" data-testid="sign-duplicate">
            <DuplicateWarning earlier={d.earlier} />
            <label className="check">
              <input type="checkbox" checked={confirmed.has(d.id)} onChange={(e) => confirm(d.id, e.target.checked)} />
              <span className="user-text">{t('ui.tokens.sign.duplicate-confirm', { number: d.number })}</span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The exact text being signed for each document of the batch, page by page, rendered from its canonical bytes. */
function TextsToSign({ batchId, total }: { batchId: string; total: number }) {
  const { t, locale } = useI18n();
  const describe = useRefusalText();
  const [offset, setOffset] = useState(0);
  const texts = useCall('sign.texts', { batchId, offset, limit: PAGE, locale });
  return (
    <div className="texts-to-sign">
      <ErrorText error={texts.error} />
      {texts.data?.items.map((d, i) => (
        <article key={d.id} className="panel to-sign" aria-labelledby={`doc-${d.id}`} data-testid="text-to-sign">
          <h2 id={`doc-${d.id}`}>
            {t('ui.tokens.sign.position', { n: offset + i + 1, total })} · <span className="user-text">{documentName(t, d.kind, d.number)}</span>
            {d.source === 'awaiting' && <span className="badge badge-sent"> {t('ui.tokens.sign.awaiting-badge')}</span>}
          </h2>
          {d.duplicateOf && (
            <p className="warning" data-testid="text-duplicate">
              <DuplicateWarning earlier={d.duplicateOf} />
            </p>
          )}
          {d.problem ? (
            <p className="error">{describe(d.problem)}</p>
          ) : (
            <dl className="rendered">
              {d.rendered.map((f) => (
                <div key={f.field} className="rendered-row">
                  <dt>{f.label}</dt>
                  <dd className="user-text" data-field={f.field}>
                    {f.value}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </article>
      ))}
      {total > PAGE && (
        <nav className="toolbar" aria-label={t('ui.tokens.sign.pages')}>
          <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('ui.tokens.sign.previous')}
          </button>
          <span>{t('ui.tokens.sign.page-of', { from: offset + 1, to: Math.min(total, offset + PAGE), total })}</span>
          <button type="button" className="secondary" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            {t('ui.tokens.sign.next')}
          </button>
        </nav>
      )}
    </div>
  );
}

function ResultView({ result, onAgain }: { result: Result; onAgain(): void }) {
  const { t, locale } = useI18n();
  const describe = useRefusalText();
  const sync = useAction('sync.run');
  const [syncState, setSyncState] = useState<ChannelOutput<'sync.run'> | undefined>();
  return (
    <div className="panel" data-testid="sign-result" role="status">
      <h2>{result.cancelled ? t('ui.tokens.sign.result-cancelled') : t('ui.tokens.sign.result-title')}</h2>
      <p data-testid="sign-summary">{t('ui.tokens.sign.summary', { signed: result.signed.length, skipped: result.skipped.length, notSigned: result.notSigned.length })}</p>
      {result.error && <p className="error">{describe(result.error)}</p>}
      {result.skipped.length > 0 && (
        <>
          <h3>{t('ui.tokens.sign.skipped-title')}</h3>
          <ul className="reasons">
            {result.skipped.slice(0, 200).map((s: Refusal, i) => (
              <li key={`${s.id ?? ''}-${i}`} className="warning">
                {describe(s)}
              </li>
            ))}
          </ul>
        </>
      )}
      {result.notSigned.length > 0 && <p className="muted">{t('ui.tokens.sign.not-signed-note', { count: result.notSigned.length })}</p>}
      <div className="toolbar">
        {result.signed.length > 0 && (
          <button type="button" disabled={sync.pending} onClick={() => void sync.run({ locale }).then((s) => s && setSyncState(s))}>
            {sync.pending ? t('ui.sync.running') : t('ui.tokens.sign.send-now')}
          </button>
        )}
        <button type="button" className="secondary" onClick={onAgain}>
          {t('ui.tokens.sign.again')}
        </button>
        <a href={href('documents')}>{t('ui.tokens.import.to-documents')}</a>
      </div>
      <ErrorText error={sync.error} />
      {syncState && (
        <p data-testid="sign-sync">{syncState.lastError ? t('ui.sync.last-error', { message: syncState.lastError.message }) : t('ui.tokens.sign.sent', { pending: syncState.pending })}</p>
      )}
    </div>
  );
}

/**
 * Signing: choose drafts and documents awaiting my signature, read the exact text of each (what
 * the token signs), one PIN for the batch, progress, cancel; the result per document.
 */
export function SignScreen({ params }: { params: string[] }) {
  const { t, money } = useI18n();
  const { token, certificate, reload: reloadTokens } = useTokens();
  const candidates = useCall('sign.candidates', token && certificate ? { token: token.serial, key: certificate.key } : {});
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [allDrafts, setAllDrafts] = useState(false);
  const [batch, setBatch] = useState<Prepared | undefined>();
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [phase, setPhase] = useState<'choose' | 'review' | 'signing' | 'result'>('choose');
  const [progress, setProgress] = useState({ signed: 0, total: 0 });
  const [result, setResult] = useState<Result | undefined>();
  const [pinOpen, setPinOpen] = useState(false);
  const [pinError, setPinError] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [cancelling, setCancelling] = useState(false);
  const only = params[0];

  const prepare = async (input: { ids?: string[]; allValidDrafts?: boolean; token?: string; key?: string }): Promise<void> => {
    setError(undefined);
    try {
      setBatch(await bank.invoke('sign.prepare', input));
      setConfirmed(new Set());
      setPhase('review');
    } catch (e) {
      setError(e);
    }
  };

  // sign/<id>: straight to that document's text
  useEffect(() => {
    if (only) void prepare({ ids: [only] });
  }, [only]);

  useEffect(
    () =>
      bank.on('signing.progress', (p) => {
        if (p.batchId === batch?.batchId) setProgress({ signed: p.signed, total: p.total });
      }),
    [batch?.batchId],
  );

  const flip = (s: Set<string>, id: string, on: boolean): Set<string> => {
    const next = new Set(s);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };
  const toggle = (id: string, on: boolean): void => setChosen((s) => flip(s, id, on));
  const confirm = (id: string, on: boolean): void => setConfirmed((s) => flip(s, id, on));

  const run = (pin: string): void => {
    if (!batch || !token || !certificate) return;
    setPinOpen(false);
    setPinError(undefined);
    setPhase('signing');
    setCancelling(false);
    setProgress({ signed: 0, total: batch.total });
    bank.invoke('sign.run', { batchId: batch.batchId, token: token.serial, key: certificate.key, pin, ...(confirmed.size ? { confirmedDuplicates: [...confirmed] } : {}) }).then(
      (r) => {
        setResult(r);
        setPhase('result');
        candidates.reload();
      },
      (e: unknown) => {
        // refused before anything was signed (wrong PIN, no right to sign...): the PIN again, with the reason
        setPinError(e);
        setPhase('review');
        setPinOpen(true);
        reloadTokens();
      },
    );
  };

  const reset = (): void => {
    setBatch(undefined);
    setConfirmed(new Set());
    setResult(undefined);
    setChosen(new Set());
    setAllDrafts(false);
    setPhase('choose');
    candidates.reload();
    if (only) location.hash = href('sign');
  };

  const c = candidates.data;
  const count = (allDrafts ? (c?.draftsTotal ?? 0) + [...chosen].filter((id) => !c?.drafts.some((d) => d.id === id)).length : chosen.size);
  return (
    <section className="sign">
      <h1>{t('ui.tokens.sign.title')}</h1>
      <p data-testid="sign-with">
        {token && certificate ? (
          <>
            {t('ui.tokens.sign.with')} <span className="user-text">{`${token.label} — ${certificate.name}`}</span>
            {c?.signer ? ` · ${t(`ui.tokens.role.${c.signer.role}` as MessageKey)}${c.signer.limit !== null ? ` · ${t('ui.tokens.sign.limit', { limit: money(c.signer.limit, 'RUB') })}` : ''}` : ` · ${t('ui.tokens.sign.role-unknown')}`}
          </>
        ) : (
          t('ui.tokens.sign.no-token')
        )}
      </p>
      <ErrorText error={error ?? candidates.error} />

      {phase === 'choose' && c && (
        <>
          <div className="panel">
            <h2>{t('ui.tokens.sign.awaiting-title', { count: c.awaiting.length })}</h2>
            {c.awaiting.length === 0 ? <p className="muted">{t('ui.tokens.sign.awaiting-none')}</p> : <CandidateTable rows={c.awaiting} chosen={chosen} toggle={toggle} caption={t('ui.tokens.sign.awaiting-title', { count: c.awaiting.length })} />}
          </div>
          <div className="panel">
            <h2>{t('ui.tokens.sign.drafts-title', { count: c.draftsTotal })}</h2>
            {c.draftsTotal === 0 ? (
              <p className="muted">{t('ui.tokens.sign.drafts-none')}</p>
            ) : (
              <>
                <label className="check">
                  <input type="checkbox" checked={allDrafts} onChange={(e) => setAllDrafts(e.target.checked)} />
                  <span>{t('ui.tokens.sign.all-drafts', { count: c.draftsTotal })}</span>
                </label>
                {c.draftsTotal > c.drafts.length && <p className="muted">{t('ui.tokens.sign.drafts-shown', { shown: c.drafts.length, total: c.draftsTotal })}</p>}
                {!allDrafts && <CandidateTable rows={c.drafts} chosen={chosen} toggle={toggle} caption={t('ui.tokens.sign.drafts-title', { count: c.draftsTotal })} />}
              </>
            )}
          </div>
          <div className="toolbar">
            <button type="button" disabled={count === 0} onClick={() => void prepare({ ids: [...chosen], ...(allDrafts ? { allValidDrafts: true, ...(token && certificate ? { token: token.serial, key: certificate.key } : {}) } : {}) })}>
              {t('ui.tokens.sign.review', { count })}
            </button>
          </div>
        </>
      )}

      {(phase === 'review' || phase === 'signing') && batch && (
        <>
          <p className="panel notice">{t('ui.tokens.sign.review-note', { count: batch.total })}</p>
          {phase === 'review' && <Duplicates batch={batch} confirmed={confirmed} confirm={confirm} />}
          <div className="toolbar">
            <button type="button" disabled={phase !== 'review' || !token || !certificate} onClick={() => setPinOpen(true)}>
              {t('ui.tokens.sign.sign', { count: batch.total })}
            </button>
            <button type="button" className="secondary" disabled={phase !== 'review'} onClick={reset}>
              {t('ui.tokens.sign.back')}
            </button>
          </div>
          {phase === 'signing' && (
            <div className="panel" role="status" aria-live="polite" data-testid="sign-progress">
              <label>
                {t('ui.tokens.sign.progress', { signed: progress.signed, total: progress.total })} <progress max={progress.total || 1} value={progress.signed} />
              </label>{' '}
              <button
                type="button"
                className="danger"
                disabled={cancelling}
                onClick={() => {
                  setCancelling(true);
                  void bank.invoke('sign.cancel', { batchId: batch.batchId }).catch((e: unknown) => setError(e));
                }}
              >
                {cancelling ? t('ui.tokens.sign.cancelling') : t('ui.tokens.sign.cancel')}
              </button>
            </div>
          )}
          <TextsToSign batchId={batch.batchId} total={batch.total} />
        </>
      )}

      {phase === 'result' && result && <ResultView result={result} onAgain={reset} />}

      <PinDialog
        open={pinOpen}
        token={token}
        title={t('ui.tokens.sign.pin-title')}
        submitLabel={t('ui.tokens.sign.sign', { count: batch?.total ?? 0 })}
        error={pinError}
        onClose={() => {
          setPinOpen(false);
          setPinError(undefined);
        }}
        onSubmit={async (pin) => run(pin)}
      >
        <p>{t('ui.tokens.sign.pin-note', { count: batch?.total ?? 0 })}</p>
      </PinDialog>
    </section>
  );
}
