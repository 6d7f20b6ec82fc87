/**
 * The editor's fields: each has a visible label, shows the findings of its field path under it
 * (errors and warnings, in words), and is aria-invalid and aria-describedby them. The form's
 * state lives in the screen; fields read and write it by path through the EditorForm context.
 */
import { createContext, useContext, useEffect, useId, useState, type ReactNode } from 'react';
import type { BicRecord } from '../../../shared/domain/bic-directory.ts';
import { parseRubles } from '../../../shared/domain/money.ts';
import type { Finding } from './findings.ts';
import { useI18n } from '../../i18n.tsx';
import { getPath, kopecksToText } from './content.ts';

export interface EditorForm {
  kind: string;
  content: Record<string, unknown>;
  set(path: string, value: unknown): void;
  /** Replaces the whole content (a contract pre-fill, a picked counterparty...). */
  replace(content: Record<string, unknown>): void;
  findings: Finding[];
  /** A field claims the findings of its paths (exact, or "prefix.*" for everything below). */
  claim(paths: string[]): () => void;
  /** A field's text that cannot be read as its value yet (an amount such as "12,3,4"). */
  markUnreadable(path: string, bad: boolean): void;
  today: string;
  /** What the BIC directory said of a BIC (a record, or null: not in it); the page's validation checks it. */
  rememberBic(bic: string, record: BicRecord | null): void;
  /** Whether the errors of these paths are shown: once a field of them was left, after a save, or always for a stored document. */
  shows(paths: string[]): boolean;
  /** The person left the field of this path (its errors show from now on). */
  leave(path: string): void;
}

export const FormCtx = createContext<EditorForm | null>(null);

export function useForm(): EditorForm {
  const f = useContext(FormCtx);
  if (!f) throw new Error('useForm outside the editor');
  return f;
}

const matches = (pattern: string, field: string): boolean => (pattern.endsWith('.*') ? field.startsWith(pattern.slice(0, -1)) : field === pattern);

/** The findings of these paths, and the field's claim on them while it is shown. */
export function useFindings(paths: string[]): Finding[] {
  const form = useForm();
  const key = paths.join('|');
  useEffect(() => form.claim(paths), [key]);
  return form.findings.filter((f) => paths.some((p) => matches(p, f.field)));
}

/** The findings of a field, each in its own element so the input can point at them. */
export function FindingList({ findings, idBase, extra }: { findings: Finding[]; idBase: string; extra?: { id: string; text: string; error: boolean } | undefined }) {
  const { t } = useI18n();
  if (findings.length === 0 && !extra) return null;
  return (
    <>
      {extra && (
        <p id={extra.id} className={extra.error ? 'error' : 'muted'}>
          {extra.error ? `${t('ui.editor.error-prefix')}: ` : ''}
          {extra.text}
        </p>
      )}
      {findings.map((f, i) => (
        <p key={`${f.code}-${i}`} id={`${idBase}-f${i}`} className={f.severity === 'error' ? 'error' : 'warning'} data-field={f.field}>
          {t(f.severity === 'error' ? 'ui.editor.error-prefix' : 'ui.editor.warning-prefix')}: <span className="user-text">{f.message}</span>
        </p>
      ))}
    </>
  );
}

export interface FieldProps {
  path: string;
  label: string;
  /** Other paths whose findings this field shows (a select that sets two fields). */
  also?: string[];
  hint?: string;
  wide?: boolean;
}

/** The frame of one field: label, control (given the ids it needs), findings. */
function Frame({ path, label, also, hint, wide, children, extra: given }: FieldProps & { children(a: { id: string; invalid: boolean; describedBy: string | undefined }): ReactNode; extra?: { text: string; error: boolean } | undefined }) {
  const id = useId();
  const form = useForm();
  const all = useFindings([path, ...(also ?? [])]);
  // a field's errors wait until the person leaves it (or saves): a new form does not open in red
  const shown = form.shows([path, ...(also ?? [])]);
  const findings = shown ? all : [];
  const extra = given && (!given.error || shown) ? given : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const extraId = extra ? `${id}-x` : undefined;
  const describedBy = [hintId, extraId, ...findings.map((_, i) => `${id}-f${i}`)].filter(Boolean).join(' ') || undefined;
  const invalid = findings.some((f) => f.severity === 'error') || (extra?.error ?? false);
  return (
    <div className={wide ? 'field wide' : 'field'} data-path={path} onBlur={() => [path, ...(also ?? [])].forEach((p) => form.leave(p))}>
      <label htmlFor={id}>{label}</label>
      {children({ id, invalid, describedBy })}
      {hint && (
        <p id={hintId} className="muted hint">
          {hint}
        </p>
      )}
      <FindingList findings={findings} idBase={id} extra={extra && extraId ? { id: extraId, ...extra } : undefined} />
    </div>
  );
}

export function TextField(props: FieldProps & { maxLength?: number; inputMode?: 'numeric' | 'text'; extra?: { text: string; error: boolean } | undefined; readOnly?: boolean }) {
  const form = useForm();
  const value = getPath(form.content, props.path);
  return (
    <Frame {...props}>
      {({ id, invalid, describedBy }) => (
        <input
          id={id}
          type="text"
          value={typeof value === 'string' ? value : ''}
          inputMode={props.inputMode}
          readOnly={props.readOnly}
          spellCheck={false}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => form.set(props.path, e.target.value)}
        />
      )}
    </Frame>
  );
}

export function AreaField(props: FieldProps & { rows?: number }) {
  const form = useForm();
  const value = getPath(form.content, props.path);
  return (
    <Frame {...props} wide>
      {({ id, invalid, describedBy }) => (
        <textarea id={id} rows={props.rows ?? 3} value={typeof value === 'string' ? value : ''} aria-invalid={invalid || undefined} aria-describedby={describedBy} onChange={(e) => form.set(props.path, e.target.value)} />
      )}
    </Frame>
  );
}

export function DateField(props: FieldProps) {
  const form = useForm();
  const value = getPath(form.content, props.path);
  return (
    <Frame {...props}>
      {({ id, invalid, describedBy }) => (
        <input id={id} type="date" value={typeof value === 'string' ? value : ''} aria-invalid={invalid || undefined} aria-describedby={describedBy} onChange={(e) => form.set(props.path, e.target.value)} />
      )}
    </Frame>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; numeric?: boolean; onPick?: (value: string) => void; children?: ReactNode }) {
  const form = useForm();
  const value = getPath(form.content, props.path);
  return (
    <Frame {...props}>
      {({ id, invalid, describedBy }) => (
        <select
          id={id}
          value={value === undefined ? '' : String(value)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => (props.onPick ? props.onPick(e.target.value) : form.set(props.path, props.numeric ? Number(e.target.value) : e.target.value))}
        >
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {props.children}
        </select>
      )}
    </Frame>
  );
}

/** While `bad`, the field's text is marked as no value (it blocks saving); unmarked when fixed or when the field goes. */
function useUnreadable(form: EditorForm, path: string, bad: boolean): void {
  useEffect(() => {
    form.markUnreadable(path, bad);
    return () => form.markUnreadable(path, false);
  }, [bad]);
}

/**
 * Money typed as people type it ("1 500,00", "1500.00", "1500") and kept as integer kopecks.
 * Text that is not an amount stays in the field, marked, and blocks saving until it is fixed.
 */
export function MoneyField(props: FieldProps & { onAmount?: (kopecks: number) => void }) {
  const form = useForm();
  const { t, locale, money } = useI18n();
  const value = getPath(form.content, props.path);
  const kopecks = typeof value === 'number' ? value : 0;
  const [text, setText] = useState(() => kopecksToText(kopecks, locale));
  // a value set from outside (a pre-fill, a template, a reload) replaces what is shown
  useEffect(() => {
    if (parseRubles(text) !== kopecks && !(text.trim() === '' && kopecks === 0)) setText(kopecksToText(kopecks, locale));
  }, [kopecks]);
  const parsed = text.trim() === '' ? 0 : parseRubles(text);
  const bad = parsed === undefined;
  useUnreadable(form, props.path, bad);
  const extra = bad ? { text: t('ui.editor.not-amount'), error: true } : parsed && parsed > 0 ? { text: t('ui.editor.amount-shows', { amount: money(parsed) }), error: false } : undefined;
  return (
    <Frame {...props} extra={extra}>
      {({ id, invalid, describedBy }) => (
        <input
          id={id}
          type="text"
          inputMode="decimal"
          className="num"
          value={text}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            setText(e.target.value);
            const k = e.target.value.trim() === '' ? 0 : parseRubles(e.target.value);
            if (k !== undefined) {
              form.set(props.path, k);
              props.onAmount?.(k);
            }
          }}
        />
      )}
    </Frame>
  );
}

/** A whole number (a day of the month, a term, copies); empty removes an optional field. */
export function IntField(props: FieldProps & { optional?: boolean; min?: number; max?: number }) {
  const form = useForm();
  const { t } = useI18n();
  const value = getPath(form.content, props.path);
  const [text, setText] = useState(() => (typeof value === 'number' ? String(value) : ''));
  useEffect(() => {
    if (typeof value === 'number' && String(value) !== text.trim()) setText(String(value));
    if (value === undefined && /^\d+$/.test(text.trim())) setText('');
  }, [value]);
  const bad = text.trim() !== '' && !/^\d{1,9}$/.test(text.trim());
  useUnreadable(form, props.path, bad);
  return (
    <Frame {...props} extra={bad ? { text: t('ui.editor.not-whole'), error: true } : undefined}>
      {({ id, invalid, describedBy }) => (
        <input
          id={id}
          type="text"
          inputMode="numeric"
          className="num short"
          value={text}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            const v = e.target.value;
            setText(v);
            if (v.trim() === '') form.set(props.path, props.optional ? undefined : 0);
            else if (/^\d{1,9}$/.test(v.trim())) form.set(props.path, Number(v.trim()));
          }}
        />
      )}
    </Frame>
  );
}

/** Radio buttons in a fieldset whose legend names the choice. */
export function RadioField(props: FieldProps & { options: { value: string; label: string }[]; onPick?: (value: string) => void }) {
  const form = useForm();
  const name = useId();
  const all = useFindings([props.path, ...(props.also ?? [])]);
  const findings = form.shows([props.path, ...(props.also ?? [])]) ? all : [];
  const value = getPath(form.content, props.path);
  return (
    <fieldset className="radios" onBlur={() => form.leave(props.path)} aria-describedby={findings.length ? findings.map((_, i) => `${name}-f${i}`).join(' ') : undefined}>
      <legend>{props.label}</legend>
      {props.options.map((o) => (
        <label key={o.value} className="radio">
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => (props.onPick ? props.onPick(o.value) : form.set(props.path, o.value))} /> {o.label}
        </label>
      ))}
      <FindingList findings={findings} idBase={name} />
    </fieldset>
  );
}
