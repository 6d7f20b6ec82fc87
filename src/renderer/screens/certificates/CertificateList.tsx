import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import type { KeyAlgorithmChoice } from '../../../shared/ipc/areas/certificates.ts';
import { keyAlgorithmWords } from '../../../shared/i18n/key-algorithm.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorText } from '../../components/ErrorText.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { useAction, useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { AppError } from '../../bank.ts';
import { href } from '../../router.tsx';
import { daysUntil, Field, NameText, newKeyLabel, Note, PinField, SelectField, takePins } from './fields.tsx';

type TokenCerts = ChannelOutput<'certificates.list'>[number];
type Cert = TokenCerts['certificates'][number];

/** Certificates expiring within this many days are flagged and offered for renewal. */
export const WARN_DAYS = 30;

function stateOf(c: Cert, now: number): { kind: 'expired' | 'not-yet' | 'soon' | 'valid'; days: number } {
  const days = daysUntil(c.notAfter, now);
  if (Date.parse(c.notAfter) < now) return { kind: 'expired', days };
  if (Date.parse(c.notBefore) > now) return { kind: 'not-yet', days };
  return { kind: days < WARN_DAYS ? 'soon' : 'valid', days };
}

/** Route `certificates`: the certificates of every token present, with expiry warnings and renewal. */
export function CertificateList() {
  const { t, date } = useI18n();
  const list = useCall('certificates.list', {});
  const pending = useCall('certificates.pending', {});
  const [renewing, setRenewing] = useState<{ token: string; algorithms: KeyAlgorithmChoice[]; cert: Cert } | undefined>();
  const [done, setDone] = useState<ChannelOutput<'certificates.renew'> | undefined>();
  const [revoking, setRevoking] = useState<Cert | undefined>();
  const [revoked, setRevoked] = useState<string | undefined>();
  const now = Date.now();
  const attention = (list.data ?? []).flatMap((tk) => tk.certificates.filter((c) => !c.authority && ['expired', 'soon'].includes(stateOf(c, now).kind))).length;
  return (
    <section className="certificates" aria-labelledby="certificates-title">
      <h1 id="certificates-title">{t('ui.certificates.title')}</h1>
      <div className="toolbar">
        <a className="button-link" href={href('certificates', 'enrol')}>
          {t('ui.certificates.enrol')}
        </a>
        <a className="button-link secondary" href={href('certificates', 'pin')}>
          {t('ui.certificates.pin-link')}
        </a>
        <button type="button" className="secondary" onClick={() => list.reload()} disabled={list.loading}>
          {t('ui.certificates.refresh')}
        </button>
      </div>
      {pending.data?.pending && (
        <p className="panel warning" role="status">
          {t('ui.certificates.pending-notice')} <a href={href('certificates', 'enrol')}>{t('ui.certificates.pending-continue')}</a>
        </p>
      )}
      {revoked && <Note>{t('ui.certificates.revoke.done', { serial: revoked })}</Note>}
      {done && <Note>{t('ui.certificates.renew.done', { serial: done.serialNumber, date: date(done.notAfter) })}</Note>}
      {attention > 0 && (
        <p className="warning" role="alert">
          {t('ui.certificates.warning.summary', { count: attention })}
        </p>
      )}
      <ErrorText error={list.error} />
      {list.loading && !list.data && <p className="muted">{t('ui.common.loading')}</p>}
      {list.data && list.data.length === 0 && <p>{t('ui.certificates.no-tokens')}</p>}
      {list.data?.map((tk) => (
        <TokenPanel key={tk.token.serial} tk={tk} now={now} onRenew={(cert) => setRenewing({ token: tk.token.serial, algorithms: tk.token.algorithms, cert })} onRevoke={setRevoking} />
      ))}
      {revoking && (
        <RevokeDialog
          cert={revoking}
          onClose={() => setRevoking(undefined)}
          onDone={() => {
            setRevoked(revoking.serialNumber);
            setRevoking(undefined);
            list.reload();
          }}
        />
      )}
      {renewing && (
        <RenewDialog
          token={renewing.token}
          algorithms={renewing.algorithms}
          cert={renewing.cert}
          onClose={() => setRenewing(undefined)}
          onDone={(c) => {
            setRenewing(undefined);
            setDone(c);
            list.reload();
          }}
        />
      )}
    </section>
  );
}

function TokenPanel({ tk, now, onRenew, onRevoke }: { tk: TokenCerts; now: number; onRenew(c: Cert): void; onRevoke(c: Cert): void }) {
  const { t, date, locale } = useI18n();
  const title = t('ui.certificates.token', { label: tk.token.label, serial: tk.token.serial });
  return (
    <section className="panel" aria-label={title}>
      <h2>
        <span className="user-text">{title}</span>
      </h2>
      <p className="muted">{t('ui.certificates.pin-state', { state: tk.token.pin.user })}</p>
      {tk.error && <ErrorText error={new AppError({ code: tk.error.code, ...(tk.error.params ? { params: tk.error.params } : {}) })} />}
      {!tk.error && tk.certificates.length === 0 && <p>{t('ui.certificates.none-on-token')}</p>}
      {tk.certificates.length > 0 && (
        <div className="table-scroll">
          <table aria-label={t('ui.certificates.table', { label: tk.token.label })}>
            <TableHead
              columns={[
                t('ui.certificates.col.subject'),
                t('ui.certificates.col.issuer'),
                t('ui.certificates.col.serial'),
                t('ui.certificates.col.validity'),
                t('ui.certificates.col.key'),
                t('ui.certificates.col.state'),
                t('ui.certificates.col.actions'),
              ]}
            />
            <tbody>
              {tk.certificates.map((c) => {
                const s = stateOf(c, now);
                const canRenew = !c.authority && c.current && s.kind === 'soon';
                // a valid current certificate can be renewed before the warning too (a new key, e.g. a token handed over)
                const renewable = !c.authority && c.current && s.kind === 'valid';
                return (
                  <tr key={`${c.id}-${c.serialNumber}`} data-serial={c.serialNumber}>
                    <td>
                      {c.owner ? (
                        <span className="cert-subject">
                          <span className="user-text cert-owner">{c.owner.name}</span>
                          {c.owner.position && (
                            <>
                              <br />
                              <span className="user-text muted cert-position">{c.owner.position}</span>
                            </>
                          )}
                          {c.owner.organization && (
                            <>
                              <br />
                              <span className="user-text muted">{c.owner.organization}</span>
                            </>
                          )}
                        </span>
                      ) : (
                        <NameText className="cert-subject" text={c.subject} />
                      )}
                    </td>
                    <td>{c.issuerName ? <span className="user-text cert-issuer">{c.issuerName}</span> : <NameText text={c.issuer} />}</td>
                    <td>
                      <code className="user-text">{c.serialNumber}</code>
                    </td>
                    <td>{t('ui.certificates.validity', { from: date(c.notBefore), to: date(c.notAfter) })}</td>
                    {c.authority ? (
                      // the bank's CA certificate has no key of ours on the token: its object label is only the CA's name again
                      <td className="muted cert-key-none">{t('ui.certificates.key.none')}</td>
                    ) : (
                      <td>
                        <span className="user-text">{c.label}</span>
                        {c.keyAlgorithm && <span className="muted cert-key-algorithm"> · {keyAlgorithmWords(locale, c.keyAlgorithm)}</span>}
                        <br />
                        <code className="muted cert-id">{c.id}</code>
                      </td>
                    )}
                    <td>
                      <div className="cert-states">
                      {c.authority ? (
                        <span className="badge">{t('ui.certificates.state.authority')}</span>
                      ) : (
                        <>
                          {c.inUse && <span className="badge badge-accepted">{t('ui.certificates.state.in-use')}</span>}
                          {c.current && !c.inUse && <span className="badge badge-sent">{t('ui.certificates.state.current')}</span>}
                          <ExpiryText kind={s.kind} days={s.days} notBefore={c.notBefore} notAfter={c.notAfter} />
                        </>
                      )}
                      </div>
                    </td>
                    <td>
                      {canRenew ? (
                        <button type="button" onClick={() => onRenew(c)} aria-label={`${t('ui.certificates.renew')}: ${c.serialNumber}`}>
                          {t('ui.certificates.renew')}
                        </button>
                      ) : renewable ? (
                        <button type="button" className="secondary" onClick={() => onRenew(c)} aria-label={`${t('ui.certificates.renew-early')}: ${c.serialNumber}`}>
                          {t('ui.certificates.renew-early')}
                        </button>
                      ) : null}
                      {!c.authority && s.kind !== 'expired' && (
                        <button type="button" className="secondary" onClick={() => onRevoke(c)} aria-label={`${t('ui.certificates.revoke')}: ${c.serialNumber}`}>
                          {t('ui.certificates.revoke')}
                        </button>
                      )}
                      {c.authority || s.kind === 'expired' ? <span className="muted">{t('ui.certificates.no-actions')}</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ExpiryText({ kind, days, notBefore, notAfter }: { kind: 'expired' | 'not-yet' | 'soon' | 'valid'; days: number; notBefore: string; notAfter: string }) {
  const { t, date } = useI18n();
  if (kind === 'expired') return <span className="cert-expiry badge badge-rejected">{t('ui.certificates.state.expired', { date: date(notAfter) })}</span>;
  if (kind === 'not-yet') return <span className="cert-expiry muted">{t('ui.certificates.state.not-yet', { date: date(notBefore) })}</span>;
  if (kind === 'soon') return <span className="cert-expiry warning">{t('ui.certificates.state.expires-soon', { days: Math.max(days, 0) })}</span>;
  return <span className="cert-expiry muted">{t('ui.certificates.state.valid', { days })}</span>;
}

/** The algorithm a renewal proposes: the current key's when the token offers it, else EC P-256 where offered, else the first offered. */
function renewalDefault(cert: Cert, offered: KeyAlgorithmChoice[]): KeyAlgorithmChoice | undefined {
  const current = cert.keyAlgorithm?.startsWith('RSA-2048') ? 'rsa-2048' : cert.keyAlgorithm === 'ECDSA P-256' ? 'ec-p256' : cert.keyAlgorithm;
  const same = offered.find((a) => a === current);
  return same ?? (offered.includes('ec-p256') ? 'ec-p256' : offered[0]);
}

function RenewDialog({ token, algorithms, cert, onClose, onDone }: { token: string; algorithms: KeyAlgorithmChoice[]; cert: Cert; onClose(): void; onDone(c: ChannelOutput<'certificates.renew'>): void }) {
  const { t, locale } = useI18n();
  const renew = useAction('certificates.renew');
  const [algorithm, setAlgorithm] = useState<KeyAlgorithmChoice | undefined>(renewalDefault(cert, algorithms));
  const [label, setLabel] = useState(newKeyLabel(cert.label || 'key'));
  const [missing, setMissing] = useState(false);
  const [pinMissing, setPinMissing] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // the PIN stays in its field until sent (never in component state)
    const { pins, clear } = takePins(e.currentTarget, ['pin'] as const);
    setPinMissing(!pins.pin);
    if (!pins.pin || !label.trim() || !algorithm) return setMissing(true);
    const call = renew.run({ token, pin: pins.pin, key: cert.id, algorithm, newKeyLabel: label.trim() });
    clear();
    const r = await call;
    if (r) onDone(r);
  };
  return (
    <Dialog title={t('ui.certificates.renew.title')} open onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p>{t('ui.certificates.renew.intro')}</p>
        <p>
          <NameText text={cert.subject} />
        </p>
        {algorithms.length === 0 && <p className="warning">{t('ui.certificates.algorithm.none')}</p>}
        <SelectField label={t('ui.certificates.field.algorithm')} value={algorithm ?? ''} onChange={(v) => setAlgorithm(algorithms.find((a) => a === v))}>
          {algorithms.map((a) => (
            <option key={a} value={a}>
              {keyAlgorithmWords(locale, a)}
            </option>
          ))}
        </SelectField>
        <Field label={t('ui.certificates.field.key-label')} value={label} onChange={setLabel} error={missing && !label.trim() ? t('ui.certificates.required') : undefined} />
        <PinField name="pin" label={t('ui.certificates.field.pin')} autoFocus error={pinMissing ? t('ui.certificates.required') : undefined} />
        <ErrorText error={renew.error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" disabled={renew.pending || !algorithm}>
            {t('ui.certificates.renew.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const REVOKE_REASONS = ['key-compromise', 'superseded', 'cessation-of-operation'] as const;

/** A request to the bank to revoke a certificate, with the reason; it asks once more before sending. */
function RevokeDialog({ cert, onClose, onDone }: { cert: Cert; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const revoke = useAction('certificates.revoke');
  const [reason, setReason] = useState<(typeof REVOKE_REASONS)[number]>('superseded');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const r = await revoke.run({ serial: cert.serialNumber, reason });
    if (r) onDone();
  };
  return (
    <Dialog title={t('ui.certificates.revoke.title')} open onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p>{t('ui.certificates.revoke.intro', { serial: cert.serialNumber })}</p>
        <p className="user-text">{cert.owner?.name ?? cert.subject}</p>
        <SelectField label={t('ui.certificates.revoke.reason')} value={reason} onChange={(v) => setReason(REVOKE_REASONS.find((x) => x === v) ?? 'superseded')}>
          {REVOKE_REASONS.map((x) => (
            <option key={x} value={x}>
              {t(`ui.certificates.revoke.reason.${x}`)}
            </option>
          ))}
        </SelectField>
        <ErrorText error={revoke.error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" className="danger" disabled={revoke.pending}>
            {t('ui.certificates.revoke.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
