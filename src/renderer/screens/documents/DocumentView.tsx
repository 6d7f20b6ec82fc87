/**
 * One document as its signer reads it: the text rendered from its canonical form, its status,
 * the check results, who signed and who still has to, the bank's reason for a rejection, and
 * the bank's signed receipts. Actions by status: edit, copy, delete a draft, sign, recall a sent one.
 */
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.ts';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import { bank } from '../../bank.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorText } from '../../components/ErrorText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useAction, useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { PrintPdf } from './PrintPdf.tsx';
import { RecallButton, RecallStatus, useRecallState, type RecallStateCall } from './Recall.tsx';
import { href, navigate } from '../../router.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function DocumentView({ params }: { params: string[] }) {
  const { t, locale } = useI18n();
  const id = params[0] ?? '';
  const valid = UUID.test(id);
  const doc = useCall('documents.get', valid ? { id, locale } : null);
  const reload = doc.reload;
  // an exchange with the bank may have moved the status along
  useEffect(() => bank.on('sync.changed', (state) => !(state as { running?: boolean } | null)?.running && reload()), [reload]);
  if (!valid) return <p>{t('ui.common.not-found')}</p>;
  return (
    <section className="document-view">
      <p>
        <a href={href('documents')}>{t('ui.document.back')}</a>
      </p>
      <ErrorText error={doc.error} />
      {doc.loading && !doc.data && <p className="muted">{t('ui.common.loading')}</p>}
      {doc.data && <Document doc={doc.data} reload={reload} />}
    </section>
  );
}

type Doc = ChannelOutput<'documents.get'>;

function Document({ doc, reload }: { doc: Doc; reload(): void }) {
  const { t, money, date } = useI18n();
  const kind = t(`ui.kind.${doc.kind}` as MessageKey);
  const signatureName = (k: string): string => t(`ui.document.signature.${k}` as MessageKey);
  const errors = doc.findings.filter((f) => f.severity === 'error');
  const warnings = doc.findings.filter((f) => f.severity === 'warning');
  const recall = useRecallState(doc.id, doc.status);
  return (
    <>
      <div className="document-head">
        <h1>
          <span className="user-text">{doc.number ? t('ui.document.title', { kind, value: doc.number }) : kind}</span>
        </h1>
        <StatusBadge status={doc.status} />
        {doc.date && <span>{date(doc.date)}</span>}
        {doc.amount !== null && <strong className="num">{money(doc.amount, 'RUB')}</strong>}
      </div>

      {doc.rejection && (
        <section className="panel document-rejection" aria-labelledby="document-rejection-title">
          <h2 id="document-rejection-title">{t('ui.document.rejected')}</h2>
          <p className="user-text" data-testid="rejection-reason">
            {doc.rejection.reason}
          </p>
          <p className="muted">{t('ui.document.rejection-code', { code: doc.rejection.code })}</p>
        </section>
      )}

      <Actions doc={doc} reload={reload} recall={recall} />
      <RecallStatus state={recall} status={doc.status} />

      <section className="panel" aria-labelledby="document-content-title">
        <h2 id="document-content-title">{t('ui.document.content')}</h2>
        <p className="muted">{t('ui.document.content-hint')}</p>
        <dl className="document-fields">
          {doc.rendered.map((line, i) => (
            <div key={`${line.field}-${i}`} className="document-field">
              <dt>{line.label}</dt>
              <dd className="user-text" data-field={line.field}>
                {line.value}
              </dd>
            </div>
          ))}
        </dl>
        {doc.signedSha256 && (
          <p className="muted document-digest" data-testid="signed-digest">
            {t('ui.document.signed-digest', { value: doc.signedSha256 })}
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby="document-findings-title">
        <h2 id="document-findings-title">{t('ui.document.findings')}</h2>
        {doc.findings.length === 0 ? (
          <p className="muted">{t('ui.document.no-findings')}</p>
        ) : (
          <ul className="document-findings">
            {[...errors, ...warnings].map((f, i) => (
              <li key={i} className={f.severity === 'error' ? 'error' : 'warning'}>
                <strong>{t(`ui.document.severity.${f.severity}` as MessageKey)}</strong> <span className="user-text" data-field={f.field}>{f.message}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="document-signers-title">
        <h2 id="document-signers-title">{t('ui.document.signatures')}</h2>
        {doc.signers.length === 0 ? (
          <p className="muted">{t('ui.document.no-signers')}</p>
        ) : (
          <ul>
            {doc.signers.map((s, i) => (
              <li key={i}>
                <span className="user-text">{t('ui.document.signer-line', { kind: signatureName(s.kind), name: s.signer, id: s.certificateSerial, at: date(s.signedAt, true) })}</span>
              </li>
            ))}
          </ul>
        )}
        {doc.missing.length > 0 && <p className="warning">{t('ui.document.missing', { what: doc.missing.map(signatureName).join(', ') })}</p>}
      </section>

      <Receipts id={doc.id} status={doc.status} />
    </>
  );
}

/** Payments, which an accountant repeats (the copy of an executed one is offered as "Repeat"). */
const PAYMENT_KINDS: ReadonlySet<string> = new Set(['payment-order', 'leasing-payment', 'loan-repayment']);

function Actions({ doc, reload, recall }: { doc: Doc; reload(): void; recall: RecallStateCall }) {
  const { t } = useI18n();
  const remove = useAction('documents.delete');
  const [confirming, setConfirming] = useState(false);
  const draft = doc.status === 'draft';
  const signable = (draft && doc.errors === 0) || (doc.status === 'signed' && doc.missing.length > 0);
  return (
    <div className="toolbar document-actions" role="group" aria-label={t('ui.document.actions')}>
      {(draft || doc.status === 'signed') && (
        <a className="button-link" href={href('edit', doc.id)}>
          {draft ? t('ui.document.edit') : t('ui.document.edit-signed')}
        </a>
      )}
      {signable && (
        <a className="button-link" href={href('sign', doc.id)}>
          {t('ui.document.sign')}
        </a>
      )}
      {/* a copy (or a repeat of an executed payment) opens in the editor, saved only by Save */}
      <a className="button-link secondary" href={href('copy', doc.id)}>
        {doc.status === 'executed' && PAYMENT_KINDS.has(doc.kind) ? t('ui.document.repeat') : t('ui.document.copy')}
      </a>
      {!draft && <PrintPdf ids={[doc.id]} label={t('ui.print.document')} />}
      {['sent', 'delivered', 'accepted'].includes(doc.status) && <RecallButton id={doc.id} name={doc.summary} state={recall} onDone={reload} />}
      {draft && (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('ui.document.delete')}
        </button>
      )}
      <Dialog title={t('ui.document.delete-title')} open={confirming} onClose={() => setConfirming(false)}>
        <p>{t('ui.document.delete-text', { name: doc.summary })}</p>
        <ErrorText error={remove.error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setConfirming(false)} autoFocus>
            {t('ui.common.cancel')}
          </button>
          <button
            type="button"
            className="danger"
            disabled={remove.pending}
            onClick={async () => {
              const done = await remove.run({ id: doc.id });
              if (done) {
                setConfirming(false);
                navigate('documents');
              }
            }}
          >
            {t('ui.document.delete')}
          </button>
        </div>
      </Dialog>
    </div>
  );
}

function Receipts({ id, status }: { id: string; status: string }) {
  const { t, date } = useI18n();
  const receipts = useCall('documents.receipts', { id });
  const reload = receipts.reload;
  // a new status came with a new receipt
  useEffect(() => reload(), [status, reload]);
  return (
    <section className="panel" aria-labelledby="document-receipts-title">
      <h2 id="document-receipts-title">{t('ui.document.receipts')}</h2>
      <p className="muted">{t('ui.document.receipts-hint')}</p>
      <ErrorText error={receipts.error} />
      {receipts.data && receipts.data.items.length === 0 && <p className="muted">{t('ui.document.no-receipts')}</p>}
      {receipts.data && receipts.data.items.length > 0 && (
        // a narrow window (400 % zoom) scrolls the receipts sideways inside their box, not the whole page
        <div className="document-receipts-scroll">
          <table className="document-receipts">
            <thead>
              <tr>
                <th scope="col">{t('ui.document.receipt.status')}</th>
                <th scope="col">{t('ui.document.receipt.at')}</th>
                <th scope="col">{t('ui.document.receipt.reason')}</th>
                <th scope="col">{t('ui.document.receipt.verified')}</th>
              </tr>
            </thead>
            <tbody>
              {receipts.data.items.map((r) => (
                <tr key={r.cursor}>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>{date(r.at, true)}</td>
                  <td>{r.rejection && <span className="user-text">{r.rejection.reason}</span>}</td>
                  <td>
                    {date(r.verifiedAt, true)}
                    <details>
                      <summary>{t('ui.document.receipt.payload')}</summary>
                      <pre className="user-text">{r.payload}</pre>
                      <p className="muted">{t('ui.document.receipt.digest', { value: r.payloadSha256 })}</p>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
