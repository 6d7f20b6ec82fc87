import { useEffect, useState } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.ts';
import { bank } from '../../bank.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';

/** How often an open panel asks again when no one-time code is running out sooner. */
const REFRESH_S = 30;

/**
 * "Demo bank — not a real bank": a compact notice on every screen while the app runs against the
 * in-process demo bank, with a disclosure of what a newcomer needs (demo tokens and PINs, the
 * people's enrolment codes and, demo only, their current one-time codes). Nothing outside the demo.
 */
export function DemoBanner() {
  const { t } = useI18n();
  const info = useCall('demo.info', {});
  const [open, setOpen] = useState(false);
  const { reload } = info;
  const data = info.data?.active ? info.data : undefined;

  // while open, ask again when the first shown one-time code runs out (or every half minute)
  const soonest = Math.min(REFRESH_S, ...(data?.people.flatMap((p) => (p.totp ? [p.totp.validForSeconds] : [])) ?? []));
  useEffect(() => {
    if (!open || !data) return;
    const id = setTimeout(reload, soonest * 1000 + 300);
    return () => clearTimeout(id);
  }, [open, data, soonest, reload]);
  // the countdown ticks: seconds left = what the bank said, less the time since it said it
  const [answeredAt, setAnsweredAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setAnsweredAt(Date.now());
    setNow(Date.now());
  }, [info.data]);
  useEffect(() => {
    if (!open || !data) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [open, data]);
  const secondsLeft = (validFor: number): number => Math.max(0, validFor - Math.floor((now - answeredAt) / 1000));
  // a login spends the code shown (each works once): ask at once for the next one
  useEffect(() => bank.on('tokens.changed', (e) => e.reason === 'session' && reload()), [reload]);

  if (!data) return null;
  return (
    <section className="demo-banner" aria-label={t('ui.demo.label')}>
      <p className="demo-title">
        <strong>{t('ui.demo.title')}</strong> <span className="muted">{t('ui.demo.subtitle')}</span>
      </p>
      <details
        onToggle={(e) => {
          const isOpen = e.currentTarget.open;
          setOpen(isOpen);
          if (isOpen) reload();
        }}
      >
        <summary>{t('ui.demo.show')}</summary>
        <div className="demo-body">
          <ErrorText error={info.error} />
          {data.company && (
            <p>
              {t('ui.demo.company')}: <span className="user-text">{data.company.name}</span>, {t('ui.demo.inn', { value: data.company.inn })}
            </p>
          )}
          <p>
            {t('ui.demo.bank-url')}: <span className="user-text">{data.bankUrl}</span>
          </p>

          <h2>{t('ui.demo.tokens')}</h2>
          {data.tokens.length > 0 ? (
            <table className="demo-tokens">
              <thead>
                <tr>
                  <th scope="col">{t('ui.demo.token')}</th>
                  <th scope="col">{t('ui.demo.pin')}</th>
                  <th scope="col">{t('ui.demo.so-pin')}</th>
                  <th scope="col">{t('ui.demo.for')}</th>
                  <th scope="col">{t('ui.demo.serial')}</th>
                </tr>
              </thead>
              <tbody>
                {data.tokens.map((tk) => (
                  <tr key={tk.serial}>
                    <th scope="row" className="user-text">
                      {tk.label}
                    </th>
                    <td>
                      <code>{tk.pin}</code>
                    </td>
                    <td>
                      <code>{tk.soPin}</code>
                    </td>
                    <td>{t(`ui.demo.role.${tk.role}` as MessageKey)}</td>
                    <td>
                      <code className="user-text">{tk.serial}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="warning">{t(`ui.demo.no-tokens.${data.noTokens ?? 'softhsm-missing'}` as MessageKey)}</p>
          )}

          <h2>{t('ui.demo.people')}</h2>
          <table className="demo-people">
            <thead>
              <tr>
                <th scope="col">{t('ui.demo.name')}</th>
                <th scope="col">{t('ui.demo.role')}</th>
                <th scope="col">{t('ui.demo.token')}</th>
                <th scope="col">{t('ui.demo.enrolment-code')}</th>
                <th scope="col">{t('ui.demo.totp')}</th>
              </tr>
            </thead>
            <tbody>
              {data.people.map((p) => (
                <tr key={p.userId} data-testid="demo-person">
                  <th scope="row" className="user-text">
                    {p.name}
                  </th>
                  <td>{t(`ui.demo.role.${p.role}` as MessageKey)}</td>
                  <td>{p.token ? <span className="user-text">{p.token}</span> : <span className="muted">{t('ui.demo.no-token')}</span>}</td>
                  <td>
                    {p.enrolmentCode ? <code className="user-text">{p.enrolmentCode}</code> : <span className="muted">{t(`ui.demo.enrolment.${p.enrolment}` as MessageKey)}</span>}
                  </td>
                  <td>
                    {p.totp ? (
                      <>
                        <code className="demo-totp">{p.totp.code}</code> <span className="muted" data-testid="demo-totp-left">{t('ui.demo.totp-valid', { seconds: secondsLeft(p.totp.validForSeconds) })}</span>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="warning">{t('ui.demo.totp-note')}</p>

          <h2>{t('ui.demo.steps')}</h2>
          <ol>
            <li>{t('ui.demo.step.enrol')}</li>
            <li>{t('ui.demo.step.approve')}</li>
            <li>{t('ui.demo.step.login')}</li>
            <li>{t('ui.demo.step.work')}</li>
          </ol>
          <button type="button" className="secondary" onClick={reload}>
            {t('ui.demo.refresh')}
          </button>
        </div>
      </details>
    </section>
  );
}
