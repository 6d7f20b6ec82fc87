import { useId, useState, type FormEvent } from 'react';
import { MAX_ATTACHMENT_BYTES, MEDIA_TYPES } from '../../../shared/bank-api/messages.ts';
import { MAX_MESSAGE_ATTACHMENTS, MAX_MESSAGE_ATTACHMENTS_BYTES } from '../../../shared/ipc/areas/bank-data.ts';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/ipc/schemas.ts';
import { bank } from '../../bank.ts';
import { sendInChunks } from '../../components/chunks.ts';
import { useI18n } from '../../i18n.tsx';
import { PinDialog } from '../tokens/PinDialog.tsx';
import { useTokens } from '../tokens/use-tokens.ts';
import { mediaTypeOf } from './files.ts';
import { sizeText } from './format.ts';

// the service's limits, checked here first so the user hears at once
const MAX_FILE = MAX_ATTACHMENT_BYTES;
const MAX_TOTAL = MAX_MESSAGE_ATTACHMENTS_BYTES;
const MAX_FILES = MAX_MESSAGE_ATTACHMENTS;

export type Letter = ChannelOutput<'messages.open'>;

/**
 * A message to the bank, or a reply to one: subject, text and attachments picked in the page,
 * signed with the token's key like a document (the PIN dialog) and sent with the signature.
 */
export function Compose({ replyTo, onSent, onCancel }: { replyTo?: Letter; onSent(m: Letter): void; onCancel(): void }) {
  const { t, describe } = useI18n();
  const { token, certificate } = useTokens();
  const [pinOpen, setPinOpen] = useState(false);
  const id = useId();
  const [subject, setSubject] = useState(replyTo ? t('ui.bank-data.messages.reply-subject', { subject: replyTo.subject.replace(/^(Re:\s*)+/i, '') }) : '');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const [touched, setTouched] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();

  const pick = (picked: FileList | null): void => {
    const errors: string[] = [];
    const next = [...files];
    for (const f of picked ? [...picked] : []) {
      const type = mediaTypeOf(f);
      const total = next.reduce((s, x) => s + x.size, 0);
      if (!(MEDIA_TYPES as readonly string[]).includes(type)) errors.push(t('ui.bank-data.error.media-type', { name: f.name, type: type || '?' }));
      else if (f.size > MAX_FILE) errors.push(t('ui.bank-data.error.too-large', { name: f.name, size: f.size, max: MAX_FILE }));
      else if (next.length >= MAX_FILES) errors.push(t('ui.bank-data.error.too-many', { max: MAX_FILES }));
      else if (total + f.size > MAX_TOTAL) errors.push(t('ui.bank-data.error.total-too-large', { max: MAX_TOTAL }));
      else next.push(f);
    }
    setFiles(next);
    setFileErrors(errors);
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setTouched(true);
    if (!subject.trim() || !body.trim() || !token || !certificate) return;
    setError(undefined);
    setPinOpen(true);
  };

  /** Uploads the files, then signs and sends with the PIN; a refusal is shown in the PIN dialog. */
  const send = async (pin: string): Promise<void> => {
    if (!token || !certificate) return;
    setPending(true);
    try {
      const uploads: string[] = [];
      for (const f of files) {
        const { uploadId } = await bank.invoke('messages.upload-start', { name: f.name, mediaType: mediaTypeOf(f), size: f.size });
        await sendInChunks(
          f,
          UPLOAD_CHUNK_BYTES,
          (offset, data) => bank.invoke('messages.upload-chunk', { uploadId, offset, data }),
          (err) => new Error(t('ui.bank-data.error.read-file', { name: f.name, reason: err instanceof Error ? err.message : String(err) }), { cause: err }),
        );
        uploads.push(uploadId);
      }
      const sent = await bank.invoke('messages.send', { subject: subject.trim(), body: body.trim(), uploads, token: token.serial, key: certificate.key, pin, ...(replyTo ? { inReplyTo: replyTo.id } : {}) });
      setPinOpen(false);
      onSent(sent);
    } finally {
      setPending(false);
    }
  };

  const missing = (v: string): boolean => touched && !v.trim();
  return (
    <>
      <form className="panel compose" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
        <h2 id={`${id}-title`}>{t(replyTo ? 'ui.bank-data.messages.reply-title' : 'ui.bank-data.messages.compose-title')}</h2>
        <label className="field">
          <span>{t('ui.bank-data.messages.subject')}</span>
          <input value={subject} maxLength={255} onChange={(e) => setSubject(e.target.value)} aria-invalid={missing(subject)} aria-describedby={missing(subject) ? `${id}-subject-error` : undefined} />
          {missing(subject) && (
            <span className="error" id={`${id}-subject-error`}>
              {t('ui.bank-data.messages.required')}
            </span>
          )}
        </label>
        <label className="field">
          <span>{t('ui.bank-data.messages.body')}</span>
          <textarea value={body} rows={6} maxLength={20_000} onChange={(e) => setBody(e.target.value)} aria-invalid={missing(body)} aria-describedby={missing(body) ? `${id}-body-error` : undefined} />
          {missing(body) && (
            <span className="error" id={`${id}-body-error`}>
              {t('ui.bank-data.messages.required')}
            </span>
          )}
        </label>
        <label className="field">
          <span>{t('ui.bank-data.messages.attach')}</span>
          <input
            type="file"
            multiple
            accept=".pdf,.jpg,.jpeg,.png,.txt,application/pdf,image/jpeg,image/png,text/plain"
            onChange={(e) => {
              pick(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        {fileErrors.length > 0 && (
          <ul className="error" role="alert">
            {fileErrors.map((m, i) => (
              <li key={i} className="user-text">
                {m}
              </li>
            ))}
          </ul>
        )}
        {files.length > 0 && (
          <ul className="picked">
            {files.map((f, i) => (
              <li key={`${f.name}-${i}`}>
                <span className="user-text">{f.name}</span> <span className="muted">({sizeText(t, f.size)})</span>{' '}
                <button type="button" className="secondary" onClick={() => setFiles(files.filter((_, j) => j !== i))} aria-label={t('ui.bank-data.messages.remove', { name: f.name })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {error !== undefined && (
          <p className="error" role="alert">
            {describe(error)}
          </p>
        )}
        {(!token || !certificate) && <p className="muted">{t('ui.bank-data.messages.no-token')}</p>}
        <div className="actions toolbar">
          <button type="submit" disabled={pending || !token || !certificate}>
            {pending ? t('ui.bank-data.messages.sending') : t('ui.bank-data.messages.sign-send')}
          </button>
          <button type="button" className="secondary" onClick={onCancel} disabled={pending}>
            {t('ui.common.cancel')}
          </button>
        </div>
      </form>
      {/* outside the letter's form: a form may not hold another */}
      <PinDialog open={pinOpen} token={token} title={t('ui.bank-data.messages.pin-title')} submitLabel={t('ui.bank-data.messages.sign-send')} onClose={() => setPinOpen(false)} onSubmit={send}>
        <p className="user-text">{t('ui.bank-data.messages.pin-note', { subject: subject.trim(), name: certificate?.name ?? '' })}</p>
      </PinDialog>
    </>
  );
}
