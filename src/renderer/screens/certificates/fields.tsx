import { useId, type ReactNode } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import { useI18n } from '../../i18n.tsx';

export type TokenSummary = ChannelOutput<'certificates.tokens'>[number];

/** A field's hint and error under it, with the ids its input names in aria-describedby. */
function FieldNotes({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint && (
        <small className="muted" id={`${id}-hint`}>
          {hint}
        </small>
      )}
      {error && (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

/**
 * A labelled text or PIN input with its error under it (wired by aria-describedby). Without
 * `value` it is uncontrolled: what is typed stays in the input (PinField).
 */
export function Field(props: {
  label: string;
  value?: string;
  onChange?(value: string): void;
  type?: 'text' | 'password' | 'url';
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  autoFocus?: boolean;
  inputMode?: 'numeric' | 'text';
  name?: string;
  readOnly?: boolean;
}) {
  const id = useId();
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        name={props.name}
        autoComplete="off"
        spellCheck={false}
        required={props.required}
        autoFocus={props.autoFocus}
        inputMode={props.inputMode}
        readOnly={props.readOnly}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described || undefined}
        onChange={props.onChange && ((e) => props.onChange!(e.target.value))}
      />
      <FieldNotes id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

/**
 * A PIN input that React does not hold: a Field without a value, so the PIN stays in the input
 * until the form is sent (read with `takePins`, which also empties it); never in component state.
 */
export function PinField(props: { label: string; name: string; error?: string | undefined; hint?: string | undefined; autoFocus?: boolean }) {
  return <Field {...props} type="password" />;
}

/** The PIN fields of a form by name, read once; `clear()` empties them (call it when the PINs are sent or given up). */
export function takePins<N extends string>(form: HTMLFormElement, names: readonly N[]): { pins: Record<N, string>; clear(): void } {
  const inputs = names.map((n) => form.elements.namedItem(n) as HTMLInputElement | null);
  const pins = Object.fromEntries(names.map((n, i) => [n, inputs[i]?.value ?? ''])) as Record<N, string>;
  return {
    pins,
    clear: () => {
      for (const input of inputs) if (input) input.value = '';
    },
  };
}

/** The token to work with, by serial; labels are shown as the token reports them. */
export function TokenSelect({ tokens, value, onChange }: { tokens: TokenSummary[]; value: string; onChange(serial: string): void }) {
  const { t } = useI18n();
  return (
    <SelectField label={t('ui.certificates.field.token')} value={value} onChange={onChange}>
      {tokens.map((tk) => (
        <option key={tk.serial} value={tk.serial}>
          {t('ui.certificates.token-full', { label: tk.label, model: tk.model, serial: tk.serial })}
        </option>
      ))}
    </SelectField>
  );
}

/** A labelled select (the label names it alone, not its options). */
export function SelectField({ label, value, onChange, children }: { label: string; value: string; onChange(value: string): void; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** A note that is announced when it appears (success messages). */
export function Note({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="cert-note">
      {children}
    </p>
  );
}


/** Whole days from now until an ISO time (negative once past). */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.floor((Date.parse(iso) - now) / 86_400_000);
}

/** The default name of a new key: "key-20261126-1530". */
export function newKeyLabel(prefix = 'key'): string {
  const d = new Date();
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${prefix}-${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}`;
}

/**
 * A subject or issuer ("CN=…, O=…") with each attribute isolated on its own, so that a bidi
 * override typed into one value (U+202E) cannot reorder the others. The text stays as it is.
 */
export function NameText({ text, className }: { text: string; className?: string }) {
  const parts = text.split(/(?<!\\), /);
  return (
    <span className={className}>
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 && ', '}
          <span className="user-text">{part}</span>
        </span>
      ))}
    </span>
  );
}
