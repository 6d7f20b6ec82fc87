import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import type { KeyAlgorithmChoice } from '../../../shared/ipc/areas/certificates.ts';
import { keyAlgorithmWords } from '../../../shared/i18n/key-algorithm.ts';
import { fromBase64 } from '../../components/chunks.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useAction, useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.tsx';
import { TotpSetup } from './TotpSetup.tsx';
import { Field, newKeyLabel, Note, PinField, takePins, TokenSelect } from './fields.tsx';

const STEPS = ['token', 'subject', 'generate', 'act', 'submit', 'approval', 'install'] as const;
type Step = (typeof STEPS)[number];
type Algorithm = KeyAlgorithmChoice;
type Request = ChannelOutput<'certificates.request'>;
type Totp = { secret: string; uri: string };

/** How often the wizard asks the bank about a pending request while it is shown. */
const POLL_MS = 3000;

/**
 * Route `certificates/enrol`: the first certificate of a key owner, step by step. The PIN stays
 * in this component's memory only until the key is made; the TOTP secret only until the officer
 * says it is stored; the enrolment code only until it is sent. A pending enrolment resumes here.
 */
export function EnrolWizard() {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>('token');
  const pending = useCall('certificates.pending', {});
  const [resumed, setResumed] = useState(false);
  // a request already sent resumes at the bank's approval
  useEffect(() => {
    if (!resumed && pending.data) {
      setResumed(true);
      if (pending.data.pending) setStep('approval');
    }
  }, [pending.data, resumed]);

  const [token, setToken] = useState('');
  const [algorithm, setAlgorithm] = useState<Algorithm>('ec-p256');
  const [keyLabel, setKeyLabel] = useState(newKeyLabel());
  const [subject, setSubject] = useState({ company: '', inn: '', name: '', position: '' });
  // the enrolment code, typed first: the bank names its holder; sent with the request, then forgotten
  const [code, setCode] = useState('');
  const [holder, setHolder] = useState<Holder | undefined>();
  const [request, setRequest] = useState<Request | undefined>();
  const [totp, setTotp] = useState<Totp | undefined>();

  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // focus follows the step for keyboard and screen-reader users (not on the first render)
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [step]);

  const index = STEPS.indexOf(step);
  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <h1 id="wizard-title">{t('ui.certificates.wizard.title')}</h1>
      <nav aria-label={t('ui.certificates.wizard.steps')}>
        <ol className="steps">
          {STEPS.map((s, i) => (
            <li key={s} aria-current={s === step ? 'step' : undefined} className={i < index ? 'done' : i === index ? 'current' : ''}>
              <span className="step-no">{i + 1}</span> {t(`ui.certificates.step.${s}`)}
            </li>
          ))}
        </ol>
      </nav>
      <h2 ref={heading} tabIndex={-1} className="step-title">
        {t('ui.certificates.wizard.step-of', { n: index + 1, total: STEPS.length })}: {t(`ui.certificates.step.${step}`)}
      </h2>
      {pending.loading && !pending.data ? (
        <p className="muted">{t('ui.common.loading')}</p>
      ) : step === 'token' ? (
        <TokenStep {...{ token, setToken, algorithm, setAlgorithm, keyLabel, setKeyLabel }} onNext={() => setStep('subject')} />
      ) : step === 'subject' ? (
        <SubjectStep
          {...{ code, setCode, holder, setHolder }}
          onBack={() => setStep('token')}
          onNext={(s) => {
            setSubject(s);
            setStep('generate');
          }}
        />
      ) : step === 'generate' ? (
        <GenerateStep
          input={{ token, algorithm, keyLabel, subject }}
          onBack={() => setStep('subject')}
          onMade={(r) => {
            setRequest(r);
            setStep('act');
          }}
        />
      ) : step === 'act' && request ? (
        <ActStep request={request} onNext={() => setStep('submit')} />
      ) : step === 'submit' ? (
        <SubmitStep
          request={request}
          initialCode={code}
          onSent={(r) => {
            setRequest(undefined);
            setCode('');
            setHolder(undefined);
            if (r.totp) setTotp(r.totp);
            else setStep('approval');
          }}
          totp={totp}
          onTotpStored={() => {
            setTotp(undefined);
            setStep('approval');
          }}
        />
      ) : step === 'approval' ? (
        <ApprovalStep
          onApproved={() => setStep('install')}
          onRestart={() => {
            setRequest(undefined);
            setKeyLabel(newKeyLabel());
            setStep('token');
          }}
        />
      ) : step === 'install' ? (
        <InstallStep />
      ) : (
        <p>
          <a href={href('certificates')}>{t('ui.certificates.wizard.to-list')}</a>
        </p>
      )}
    </section>
  );
}

function Actions({ children }: { children: ReactNode }) {
  return <div className="toolbar wizard-actions">{children}</div>;
}

function BackButton({ onBack }: { onBack(): void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="secondary" onClick={onBack}>
      {t('ui.certificates.wizard.back')}
    </button>
  );
}

function TokenStep(p: {
  token: string;
  setToken(v: string): void;
  algorithm: Algorithm;
  setAlgorithm(v: Algorithm): void;
  keyLabel: string;
  setKeyLabel(v: string): void;
  onNext(): void;
}) {
  const { t, locale } = useI18n();
  const tokens = useCall('certificates.tokens', {});
  const [tried, setTried] = useState(false);
  const { token, setToken, algorithm, setAlgorithm } = p;
  useEffect(() => {
    const list = tokens.data ?? [];
    if (list.length > 0 && !list.some((tk) => tk.serial === token)) setToken(list[0]!.serial);
  }, [tokens.data, token, setToken]);
  const chosen = tokens.data?.find((tk) => tk.serial === p.token);
  // only what this token can make; EC P-256 first when it can, else the first it offers
  const offered = chosen?.algorithms ?? [];
  useEffect(() => {
    if (offered.length > 0 && !offered.includes(algorithm)) setAlgorithm(offered.includes('ec-p256') ? 'ec-p256' : offered[0]!);
  }, [offered, algorithm, setAlgorithm]);
  const next = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (chosen && offered.includes(p.algorithm) && p.keyLabel.trim()) p.onNext();
  };
  return (
    <form onSubmit={next} noValidate>
      <ErrorText error={tokens.error} />
      {tokens.data && tokens.data.length === 0 && (
        <p>
          {t('ui.certificates.no-tokens')}{' '}
          <button type="button" className="secondary" onClick={() => tokens.reload()}>
            {t('ui.certificates.refresh')}
          </button>
        </p>
      )}
      {tokens.data && tokens.data.length > 0 && <TokenSelect tokens={tokens.data} value={p.token} onChange={p.setToken} />}
      {chosen && <p className="muted">{t('ui.certificates.pin-state', { state: chosen.pin.user })}</p>}
      <fieldset className="field">
        <legend>{t('ui.certificates.field.algorithm')}</legend>
        {offered.map((a) => (
          <label key={a} className="choice">
            <input type="radio" name="algorithm" value={a} checked={p.algorithm === a} onChange={() => p.setAlgorithm(a)} /> {keyAlgorithmWords(locale, a)}
          </label>
        ))}
        {chosen && offered.length === 0 && <p className="warning">{t('ui.certificates.algorithm.none')}</p>}
      </fieldset>
      <Field label={t('ui.certificates.field.key-label')} value={p.keyLabel} onChange={p.setKeyLabel} error={tried && !p.keyLabel.trim() ? t('ui.certificates.required') : undefined} />
      <Actions>
        <button type="submit" disabled={!chosen || offered.length === 0}>
          {t('ui.certificates.wizard.next')}
        </button>
      </Actions>
    </form>
  );
}

type Subject = { company: string; inn: string; name: string; position: string };
type Holder = ChannelOutput<'certificates.holder'>;

/**
 * Step (b): the enrolment code first; the bank says whose it is (name, position, company, INN)
 * and the request is made in exactly that name: shown as the bank's data, not typed.
 */
function SubjectStep(p: { code: string; setCode(v: string): void; holder: Holder | undefined; setHolder(h: Holder | undefined): void; onBack(): void; onNext(s: Subject): void }) {
  const { t } = useI18n();
  const ask = useAction('certificates.holder');
  const [tried, setTried] = useState(false);
  const { holder } = p;
  const lookUp = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (holder) {
      p.onNext({ company: holder.company.name, inn: holder.company.inn, name: holder.name, position: holder.position ?? '' });
      return;
    }
    if (p.code.trim().length < 6) return;
    const h = await ask.run({ code: p.code.trim() });
    if (h) p.setHolder(h);
  };
  return (
    <form onSubmit={(e) => void lookUp(e)} noValidate>
      <p>{t('ui.certificates.holder.intro')}</p>
      <Field
        label={t('ui.certificates.field.code')}
        value={p.code}
        onChange={(v) => {
          p.setCode(v);
          if (holder) p.setHolder(undefined);
        }}
        error={tried && !holder && p.code.trim().length < 6 ? t('ui.certificates.required') : undefined}
      />
      <ErrorText error={ask.error} />
      {holder && (
        <div className="panel" role="region" aria-label={t('ui.certificates.holder.title')}>
          <h3>{t('ui.certificates.holder.title')}</h3>
          <dl className="summary" data-testid="holder">
            <dt>{t('ui.certificates.field.name')}</dt>
            <dd className="user-text">{holder.name}</dd>
            {holder.position && (
              <>
                <dt>{t('ui.certificates.field.position')}</dt>
                <dd className="user-text">{holder.position}</dd>
              </>
            )}
            <dt>{t('ui.certificates.holder.role')}</dt>
            <dd>{t(`ui.certificates.holder.role.${holder.role}`)}</dd>
            <dt>{t('ui.certificates.field.company')}</dt>
            <dd className="user-text">{holder.company.name}</dd>
            <dt>{t('ui.certificates.field.inn')}</dt>
            <dd className="user-text">{holder.company.inn}</dd>
          </dl>
          <p className="muted">{t('ui.certificates.holder.note')}</p>
        </div>
      )}
      <Actions>
        <BackButton onBack={p.onBack} />
        <button type="submit" disabled={ask.pending}>
          {holder ? t('ui.certificates.wizard.next') : t('ui.certificates.holder.ask')}
        </button>
      </Actions>
    </form>
  );
}

function GenerateStep({ input, onBack, onMade }: { input: { token: string; algorithm: Algorithm; keyLabel: string; subject: Subject }; onBack(): void; onMade(r: Request): void }) {
  const { t, locale } = useI18n();
  const make = useAction('certificates.request');
  const tokens = useCall('certificates.tokens', {});
  const chosen = tokens.data?.find((tk) => tk.serial === input.token);
  const tokenName = chosen ? t('ui.certificates.token-full', { label: chosen.label, model: chosen.model, serial: chosen.serial }) : undefined;
  const [missing, setMissing] = useState(false);
  const { subject } = input;
  // the PIN is asked here, where it is used, and read from its field only when sent
  const run = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { pins, clear } = takePins(e.currentTarget, ['pin'] as const);
    setMissing(!pins.pin);
    if (!pins.pin) return;
    const call = make.run({
      token: input.token,
      pin: pins.pin,
      algorithm: input.algorithm,
      keyLabel: input.keyLabel.trim(),
      subject: { company: subject.company.trim(), inn: subject.inn.trim(), name: subject.name.trim(), ...(subject.position.trim() ? { position: subject.position.trim() } : {}) },
    });
    clear();
    const r = await call;
    if (r) onMade(r);
  };
  return (
    <form onSubmit={(e) => void run(e)} noValidate>
      <h3>{t('ui.certificates.wizard.summary')}</h3>
      <dl className="summary">
        <dt>{t('ui.certificates.field.token')}</dt>
        <dd className="user-text" data-testid="summary-token">{tokenName ?? input.token}</dd>
        <dt>{t('ui.certificates.field.algorithm')}</dt>
        <dd>{keyAlgorithmWords(locale, input.algorithm)}</dd>
        <dt>{t('ui.certificates.field.key-label')}</dt>
        <dd className="user-text">{input.keyLabel}</dd>
        <dt>{t('ui.certificates.field.company')}</dt>
        <dd className="user-text">{subject.company}</dd>
        <dt>{t('ui.certificates.field.inn')}</dt>
        <dd className="user-text">{subject.inn}</dd>
        <dt>{t('ui.certificates.field.name')}</dt>
        <dd className="user-text">{subject.name}</dd>
        {subject.position.trim() && (
          <>
            <dt>{t('ui.certificates.field.position')}</dt>
            <dd className="user-text">{subject.position}</dd>
          </>
        )}
      </dl>
      <PinField name="pin" label={t('ui.certificates.field.pin')} hint={t('ui.certificates.wizard.pin-note')} error={missing ? t('ui.certificates.required') : undefined} autoFocus />
      {make.pending && <p role="status">{t('ui.certificates.wizard.generating')}</p>}
      <ErrorText error={make.error} />
      <Actions>
        <BackButton onBack={onBack} />
        <button type="submit" disabled={make.pending}>
          {t('ui.certificates.wizard.generate')}
        </button>
      </Actions>
    </form>
  );
}

function ActStep({ request, onNext }: { request: Request; onNext(): void }) {
  const { t, locale } = useI18n();
  const act = useCall('certificates.act', { requestId: request.requestId, locale, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
  const [url, setUrl] = useState<string | undefined>();
  useEffect(() => {
    if (!act.data) return;
    const made = URL.createObjectURL(new Blob([fromBase64(act.data.pdfBase64)], { type: 'application/pdf' }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [act.data]);
  return (
    <div>
      <Note>
        {t('ui.certificates.wizard.made', {
          label: request.key.label,
          algorithm: keyAlgorithmWords(locale, request.key.algorithm),
        })}
      </Note>
      <p>{t('ui.certificates.wizard.act-intro')}</p>
      <p>
        {t('ui.certificates.wizard.fingerprint')}: <code className="user-text fingerprint" data-testid="fingerprint">{request.fingerprint}</code>
      </p>
      <ErrorText error={act.error} />
      {act.loading && <p className="muted">{t('ui.common.loading')}</p>}
      {url && act.data && (
        <Actions>
          <a className="button-link" href={url} download={act.data.fileName}>
            {t('ui.certificates.wizard.act-download')}
          </a>
          {/* the desktop app opens no windows (its shell denies them): there the download is the way to print */}
          {!window.bank && (
            <a className="button-link secondary" href={url} target="_blank" rel="noopener noreferrer">
              {t('ui.certificates.wizard.act-open')}
            </a>
          )}
        </Actions>
      )}
      <Actions>
        <button type="button" onClick={onNext}>
          {t('ui.certificates.wizard.next')}
        </button>
      </Actions>
    </div>
  );
}

function SubmitStep({ request, initialCode, onSent, totp, onTotpStored }: { request: Request | undefined; initialCode: string; onSent(r: ChannelOutput<'certificates.submit'>): void; totp: Totp | undefined; onTotpStored(): void }) {
  const { t } = useI18n();
  const send = useAction('certificates.submit');
  const [code, setCode] = useState(initialCode);
  const [tried, setTried] = useState(false);
  if (totp) {
    return (
      <div className="panel totp" role="region" aria-label={t('ui.certificates.wizard.totp-title')}>
        <h3>{t('ui.certificates.wizard.totp-title')}</h3>
        <p className="warning">{t('ui.certificates.wizard.totp-warning')}</p>
        <TotpSetup secret={totp.secret} uri={totp.uri} />
        <Actions>
          <button type="button" onClick={onTotpStored}>
            {t('ui.certificates.wizard.totp-stored')}
          </button>
        </Actions>
      </div>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!request || code.trim().length < 6) return;
    const r = await send.run({ requestId: request.requestId, code: code.trim() });
    setCode('');
    if (r) onSent(r);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>{t('ui.certificates.wizard.code-intro')}</p>
      <Field label={t('ui.certificates.field.code')} value={code} onChange={setCode} error={tried && code.trim().length < 6 ? t('ui.certificates.required') : undefined} />
      <ErrorText error={send.error} />
      <Actions>
        <button type="submit" disabled={send.pending}>
          {t('ui.certificates.wizard.submit')}
        </button>
      </Actions>
    </form>
  );
}

function ApprovalStep({ onApproved, onRestart }: { onApproved(): void; onRestart(): void }) {
  const { t } = useI18n();
  const status = useCall('certificates.status', {});
  const { reload } = status;
  const s = status.data;
  useEffect(() => {
    if (s?.status === 'approved') onApproved();
  }, [s?.status, onApproved]);
  useEffect(() => {
    if (s && s.status !== 'pending') return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [s, reload]);
  return (
    <div>
      {s && s.status === 'pending' && <p>{t('ui.certificates.wizard.waiting', { id: s.enrollmentId })}</p>}
      {s && (
        <p role="status" data-testid="enrol-status">
          {t('ui.certificates.wizard.status', { status: s.status })}
        </p>
      )}
      {s?.status === 'rejected' && (
        <p className="error" role="alert">
          {t('ui.certificates.wizard.rejected')} <span className="user-text">{s.reason ?? ''}</span>
        </p>
      )}
      <ErrorText error={status.error} />
      <Actions>
        {s?.status === 'rejected' ? (
          <button type="button" onClick={onRestart}>
            {t('ui.certificates.wizard.start-over')}
          </button>
        ) : (
          <button type="button" onClick={reload} disabled={status.loading}>
            {t('ui.certificates.wizard.check')}
          </button>
        )}
        <a href={href('certificates')}>{t('ui.certificates.wizard.to-list')}</a>
      </Actions>
    </div>
  );
}

function InstallStep() {
  const { t, date } = useI18n();
  const install = useAction('certificates.install');
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState<ChannelOutput<'certificates.install'> | undefined>();
  if (done?.certificate) {
    return (
      <div>
        <Note>{t('ui.certificates.wizard.installed', { serial: done.certificate.serialNumber, date: date(done.certificate.notAfter) })}</Note>
        <p>
          <a href={href('certificates')}>{t('ui.certificates.wizard.to-list')}</a>
        </p>
      </div>
    );
  }
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { pins, clear } = takePins(e.currentTarget, ['pin'] as const);
    setMissing(!pins.pin);
    if (!pins.pin) return;
    const call = install.run({ pin: pins.pin });
    clear();
    const r = await call;
    if (r) setDone(r);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>{t('ui.certificates.wizard.install-intro')}</p>
      <PinField name="pin" label={t('ui.certificates.field.pin')} error={missing ? t('ui.certificates.required') : undefined} />
      {done && done.status !== 'approved' && <p role="status">{t('ui.certificates.wizard.status', { status: done.status })}</p>}
      <ErrorText error={install.error} />
      <Actions>
        <button type="submit" disabled={install.pending}>
          {t('ui.certificates.wizard.install')}
        </button>
      </Actions>
    </form>
  );
}
