/**
 * One editor for every kind of document: `#/new/KIND` starts one, `#/new/KIND/CONTRACT[/INSTALMENT]`
 * starts a contract's payment filled from its schedule ("pay" on the dashboard, the contract, a
 * schedule row), `#/edit/ID` opens a stored one. The content is validated in the page as it is
 * typed; a new document shows a field's errors once the field is left or on Save (a stored one at
 * once); the first Save with errors shows them all and asks again; Save creates or updates the
 * draft and opens the document's view; a signed document's edit becomes a new draft (said so); a
 * stale revision is refused with the offer to reload.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { DOCUMENT_KIND_NAMES, type DocumentKindName } from '../../../shared/bank-api/documents/index.ts';
import type { BicRecord } from '../../../shared/domain/bic-directory.ts';
import type { ValidationContext } from '../../../shared/domain/validation.ts';
import type { MessageKey } from '../../../shared/i18n/index.ts';
import { AppError, bank } from '../../bank.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorText } from '../../components/ErrorText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useAction } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { href, navigate } from '../../router.tsx';
import { setPath, type Content } from './content.ts';
import { FindingList, FormCtx, type EditorForm } from './fields.tsx';
import { findingsOf } from './findings.ts';
import { AccountOpeningForm } from './forms/AccountOpeningForm.tsx';
import { ContractPaymentForm } from './forms/ContractPaymentForm.tsx';
import { DocumentsOrderForm } from './forms/DocumentsOrderForm.tsx';
import { EarlyRepaymentForm } from './forms/EarlyRepaymentForm.tsx';
import { InsuranceCaseForm } from './forms/InsuranceCaseForm.tsx';
import { LetterForm } from './forms/LetterForm.tsx';
import { PaymentOrderForm } from './forms/PaymentOrderForm.tsx';
import { ScheduleChangeForm } from './forms/ScheduleChangeForm.tsx';
import { SaveTemplate, TemplateList } from './Templates.tsx';

const FORMS: Record<DocumentKindName, () => ReactElement> = {
  'payment-order': PaymentOrderForm,
  'leasing-payment': ContractPaymentForm,
  'loan-repayment': ContractPaymentForm,
  'early-repayment': EarlyRepaymentForm,
  'schedule-change': ScheduleChangeForm,
  'insurance-case': InsuranceCaseForm,
  'payment-documents-order': DocumentsOrderForm,
  'account-opening': AccountOpeningForm,
  letter: LetterForm,
};

const matchesPath = (pattern: string, field: string): boolean => (pattern.endsWith('.*') ? field.startsWith(pattern.slice(0, -1)) : pattern === field);

export const isKind = (k: string | undefined): k is DocumentKindName => k !== undefined && (DOCUMENT_KIND_NAMES as string[]).includes(k);

interface Loaded {
  kind: DocumentKindName;
  content: Content;
  context: ValidationContext & { today: string };
  /** Set when editing a stored document. */
  stored?: { id: string; revision: number; status: string };
  /** A contract payment filled from the schedule (the route named the contract), or why it could not be. */
  prefilled?: { contract: string; instalment: number } | { error: unknown };
  /** A copy of this document, not saved yet: Save creates it as a new draft. */
  copyOf?: { id: string; number?: string | undefined };
}

/** `#/new` without a kind: what can be created. */
export function ChooseKind() {
  const { t } = useI18n();
  const groups: { title: MessageKey; kinds: DocumentKindName[] }[] = [
    { title: 'ui.editor.choose-payments', kinds: ['payment-order', 'leasing-payment', 'loan-repayment'] },
    { title: 'ui.editor.choose-applications', kinds: ['early-repayment', 'schedule-change', 'insurance-case', 'payment-documents-order', 'account-opening'] },
    { title: 'ui.editor.choose-letters', kinds: ['letter'] },
  ];
  return (
    <section className="editor">
      <h1>{t('ui.editor.choose-title')}</h1>
      {groups.map((g) => (
        <div key={g.title} className="panel">
          <h2>{t(g.title)}</h2>
          <ul className="kind-list">
            {g.kinds.map((k) => (
              <li key={k}>
                <a href={href('new', k)}>{t(`ui.kind.${k}` as MessageKey)}</a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

export function NewDocument({ params }: { params: string[] }) {
  const { t } = useI18n();
  const [kind, contract, instalment] = params;
  if (!isKind(kind)) return <ChooseKind />;
  const n = instalment && /^\d{1,5}$/.test(instalment) ? Number(instalment) : undefined;
  const pay = contract && (kind === 'leasing-payment' || kind === 'loan-repayment') ? { contract, ...(n ? { instalment: n } : {}) } : undefined;
  return <EditorLoader key={`new-${params.join('/')}`} kind={kind} pay={pay} fallback={t('ui.common.not-found')} />;
}

export function EditDocument({ params }: { params: string[] }) {
  const { t } = useI18n();
  const id = params[0];
  if (!id) return <p>{t('ui.common.not-found')}</p>;
  return <EditorLoader key={`edit-${id}`} id={id} fallback={t('ui.common.not-found')} />;
}

/** `#/copy/ID`: the editor filled from a document's content, a new number and today's date; nothing is saved until Save. */
export function CopyDocument({ params }: { params: string[] }) {
  const { t } = useI18n();
  const id = params[0];
  if (!id) return <p>{t('ui.common.not-found')}</p>;
  return <EditorLoader key={`copy-${id}`} copyOf={id} fallback={t('ui.common.not-found')} />;
}

/** Loads what the editor starts from: a new content of the kind, the stored document, or a copy of one. */
function EditorLoader({ kind, id, pay, copyOf }: { kind?: DocumentKindName; id?: string; pay?: { contract: string; instalment?: number } | undefined; copyOf?: string; fallback: string }) {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    (async () => {
      if (copyOf) {
        const copy = await bank.invoke('documents.copy-content', { id: copyOf });
        const fresh = await bank.invoke('editor.new', { kind: copy.kind });
        return { kind: copy.kind, content: copy.content as Content, context: fresh.context, copyOf: { id: copyOf, number: copy.number } };
      }
      if (id) {
        const doc = await bank.invoke('documents.get', { id, locale: 'en' });
        const fresh = await bank.invoke('editor.new', { kind: doc.kind });
        return { kind: doc.kind, content: doc.body.content as Content, context: fresh.context, stored: { id: doc.id, revision: doc.revision, status: doc.status } };
      }
      const fresh = await bank.invoke('editor.new', { kind: kind! });
      const blank: Loaded = { kind: kind!, content: fresh.content as Content, context: fresh.context };
      if (!pay || (kind !== 'leasing-payment' && kind !== 'loan-repayment')) return blank;
      try {
        const r = await bank.invoke('editor.contract-prefill', { kind, contractId: pay.contract, ...(pay.instalment ? { instalment: pay.instalment } : {}) });
        const content = r.content as Content;
        const number = (content.instalment as { number?: number } | undefined)?.number ?? 0;
        return { ...blank, content, prefilled: { contract: String(content.contractId ?? ''), instalment: number } };
      } catch (e) {
        return { ...blank, prefilled: { error: e } };
      }
    })().then(
      (l) => live && (setLoaded(l), setError(undefined)),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [kind, id, copyOf, pay?.contract, pay?.instalment, tick]);
  if (error) return <ErrorText error={error} />;
  if (!loaded) return <p className="muted">{t('ui.common.loading')}</p>;
  return <Editor key={`${loaded.stored?.id ?? 'new'}-${loaded.stored?.revision ?? 0}-${tick}`} loaded={loaded} reload={() => setTick((n) => n + 1)} />;
}

function Editor({ loaded, reload }: { loaded: Loaded; reload(): void }) {
  const { t, locale } = useI18n();
  const { kind, stored } = loaded;
  const [content, setContent] = useState<Content>(loaded.content);
  const [claimed, setClaimed] = useState<Map<string, number>>(new Map());
  const unreadable = useRef(new Set<string>());
  const [blocked, setBlocked] = useState(false);
  const [derivedId, setDerivedId] = useState<string | undefined>();
  // the fields the person has left, and whether Save was pressed: what shows its errors (a stored document shows them all)
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [asked, setAsked] = useState(false);
  const showAll = stored !== undefined || submitted;
  const create = useAction('documents.create');
  const update = useAction('documents.update');
  // what the BIC directory said of the BICs typed (editor: directory.lookup); the validators check those
  const [bics, setBics] = useState<Record<string, BicRecord | null>>({});
  const context = useMemo(() => ({ ...loaded.context, bicDirectory: { complete: false, entries: bics } }), [loaded.context, bics]);
  const findings = useMemo(() => findingsOf(kind, content, context, locale), [kind, content, context, locale]);
  const rememberBic = useCallback((bic: string, record: BicRecord | null) => setBics((m) => (Object.hasOwn(m, bic) && m[bic] === record ? m : { ...m, [bic]: record })), []);

  const claim = useCallback((paths: string[]) => {
    setClaimed((m) => {
      const next = new Map(m);
      for (const p of paths) next.set(p, (next.get(p) ?? 0) + 1);
      return next;
    });
    return () =>
      setClaimed((m) => {
        const next = new Map(m);
        for (const p of paths) {
          const n = (next.get(p) ?? 1) - 1;
          if (n <= 0) next.delete(p);
          else next.set(p, n);
        }
        return next;
      });
  }, []);

  const form: EditorForm = useMemo(
    () => ({
      kind,
      content,
      set: (path, value) => setContent((c) => setPath(c, path, value)),
      replace: (c) => setContent(c),
      findings,
      claim,
      markUnreadable: (path, bad) => {
        if (bad) unreadable.current.add(path);
        else unreadable.current.delete(path);
        if (unreadable.current.size === 0) setBlocked(false);
      },
      today: loaded.context.today,
      rememberBic,
      shows: (paths) => showAll || paths.some((p) => [...left].some((l) => matchesPath(p, l))),
      leave: (path) => setLeft((s) => (s.has(path) ? s : new Set([...s, path]))),
    }),
    [kind, content, findings, claim, loaded.context.today, rememberBic, showAll, left],
  );

  const isClaimed = (field: string): boolean => [...claimed.keys()].some((p) => matchesPath(p, field));
  const visible = showAll ? findings : findings.filter((f) => [...left].some((l) => matchesPath(l, f.field) || matchesPath(f.field, l)));
  const others = visible.filter((f) => !isClaimed(f.field));
  const allErrors = findings.filter((f) => f.severity === 'error').length;
  const errors = visible.filter((f) => f.severity === 'error').length;
  const warnings = visible.length - errors;
  // what the summary says: only what is shown (never "0 errors ... cannot be signed")
  const summary =
    findings.length === 0 ? t('ui.editor.summary-ok') : errors > 0 ? t('ui.editor.summary-errors', { errors, warnings }) : allErrors === 0 && warnings > 0 ? t('ui.editor.summary-warnings', { warnings }) : '';
  const saveError = create.error ?? update.error;
  const stale = saveError instanceof AppError && saveError.wire.code === 'document.stale';
  const pending = create.pending || update.pending;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (unreadable.current.size > 0) {
      setBlocked(true);
      const first = document.querySelector<HTMLElement>(`[data-path="${[...unreadable.current][0]}"] input`);
      first?.focus();
      return;
    }
    // the first Save of a new document with errors shows them all and asks again; the second keeps the draft as it is
    if (!stored && allErrors > 0 && !asked) {
      setSubmitted(true);
      setAsked(true);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('#editor-form [aria-invalid="true"]')?.focus());
      return;
    }
    setSubmitted(true);
    if (!stored) {
      const r = await create.run({ kind, content, ...(loaded.copyOf ? { copyOf: loaded.copyOf.id } : {}) });
      if (r) navigate('document', r.id);
      return;
    }
    const r = await update.run({ id: stored.id, content, revision: stored.revision });
    if (!r) return;
    if (r.derived) setDerivedId(r.id);
    else navigate('document', r.id);
  }

  // a copy opens in the editor unsaved: Save makes it a draft
  function makeCopy() {
    if (stored) navigate('copy', stored.id);
  }

  const Form = FORMS[kind];
  const kindName = t(`ui.kind.${kind}` as MessageKey);
  return (
    <FormCtx.Provider value={form}>
      <section className="editor" aria-labelledby="editor-title">
        <h1 id="editor-title">
          {t(stored ? 'ui.editor.edit-title' : 'ui.editor.new-title', { kind: kindName })} {stored && <StatusBadge status={stored.status} />}
        </h1>
        {stored && stored.status !== 'draft' && (
          <p className="panel notice" role="note">
            {t('ui.editor.signed-note')}
          </p>
        )}
        {loaded.prefilled && 'contract' in loaded.prefilled && (
          <p className="panel notice" role="status" data-testid="editor-prefilled">
            {t('ui.editor.prefilled-instalment', { number: loaded.prefilled.contract, instalment: loaded.prefilled.instalment })}
          </p>
        )}
        {loaded.prefilled && 'error' in loaded.prefilled && <ErrorText error={loaded.prefilled.error} />}
        {loaded.copyOf && (
          <p className="panel notice" role="status" data-testid="editor-copy">
            {loaded.copyOf.number ? t('ui.editor.copy-of', { number: loaded.copyOf.number }) : t('ui.editor.copy-unsaved')}
          </p>
        )}
        {!stored && <TemplateList kind={kind} />}
        <form id="editor-form" noValidate onSubmit={save}>
          <Form />
          {others.length > 0 && (
            <div className="panel" role="group" aria-label={t('ui.editor.other-findings')}>
              <h2>{t('ui.editor.other-findings')}</h2>
              <FindingList findings={others} idBase="other" />
            </div>
          )}
          <p className={errors ? 'error' : 'muted'} aria-live="polite" data-testid="editor-summary">
            {summary}
          </p>
          {asked && allErrors > 0 && (
            <p className="error" role="alert" data-testid="editor-save-anyway">
              {t('ui.editor.save-anyway')}
            </p>
          )}
          {blocked && (
            <p className="error" role="alert">
              {t('ui.editor.fix-first')}
            </p>
          )}
          <ErrorText error={saveError} />
          {stale && (
            <p>
              <button type="button" className="secondary" onClick={reload}>
                {t('ui.editor.stale-reload')}
              </button>
            </p>
          )}
        </form>
        <div className="toolbar editor-actions">
          <button type="submit" form="editor-form" disabled={pending}>
            {pending ? t('ui.editor.saving') : t('ui.common.save')}
          </button>
          <SaveTemplate kind={kind} content={content} />
          {stored && (
            <button type="button" className="secondary" onClick={makeCopy}>
              {t('ui.editor.copy')}
            </button>
          )}
        </div>
        <Dialog title={t('ui.editor.derived')} open={derivedId !== undefined} onClose={() => setDerivedId(undefined)}>
          <p>{t('ui.editor.derived')}</p>
          <div className="actions">
            <button type="button" onClick={() => derivedId && navigate('document', derivedId)}>
              {t('ui.editor.open-new-draft')}
            </button>
          </div>
        </Dialog>
      </section>
    </FormCtx.Provider>
  );
}
