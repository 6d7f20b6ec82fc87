/**
 * Files attached to an insurance case or a letter: picked in the page, checked for size and
 * count before reading, read as bytes and sent in pieces (base64); the service keeps them and
 * gives back the reference (name, type, size, SHA-256) the document signs.
 */
import { useId, useState, type ChangeEvent } from 'react';
import { ATTACHMENT_LIMITS } from '../../../shared/domain/attachments.ts';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/ipc/schemas.ts';
import { AppError, bank } from '../../bank.ts';
import { sendInChunks } from '../../components/chunks.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useI18n } from '../../i18n.tsx';
import { getPath } from './content.ts';
import { FindingList, useFindings, useForm } from './fields.tsx';

interface Ref {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

const MIB = 1024 * 1024;

async function upload(file: File): Promise<Ref> {
  const { uploadId } = await bank.invoke('editor.attachment.start', { name: file.name, mediaType: file.type, size: file.size });
  await sendInChunks(file, UPLOAD_CHUNK_BYTES, (offset, data) => bank.invoke('editor.attachment.chunk', { uploadId, offset, data }));
  return bank.invoke('editor.attachment.finish', { uploadId });
}

function One({ a, index, onRemove }: { a: Ref; index: number; onRemove(): void }) {
  const { t } = useI18n();
  const findings = useFindings([`attachments.${index}`, `attachments.${index}.*`]);
  return (
    <li>
      <span className="user-text">{a.name}</span> <span className="muted">{t('ui.editor.size-kb', { size: Math.max(1, Math.round(a.size / 1024)) })}</span>{' '}
      <button type="button" className="secondary" aria-label={t('ui.editor.attach-remove', { name: a.name })} onClick={onRemove}>
        ×
      </button>
      <FindingList findings={findings} idBase={`attachment-${index}`} />
    </li>
  );
}

export function Attachments() {
  const { t } = useI18n();
  const form = useForm();
  const id = useId();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const list = (getPath(form.content, 'attachments') as Ref[] | undefined) ?? [];
  const findings = useFindings(['attachments']);

  async function onFiles(e: ChangeEvent<HTMLInputElement>) {
    const input = e.target;
    const files = [...(input.files ?? [])];
    setError(undefined);
    let current = list;
    try {
      for (const file of files) {
        if (current.length >= ATTACHMENT_LIMITS.maxCount) throw new AppError({ code: 'editor.attachment-too-many', params: { max: ATTACHMENT_LIMITS.maxCount } });
        if (file.size > ATTACHMENT_LIMITS.maxSize) throw new AppError({ code: 'editor.attachment-too-large', params: { name: file.name, size: file.size, max: ATTACHMENT_LIMITS.maxSize / MIB } });
        setBusy(file.name);
        const ref = await upload(file);
        current = [...current, ref];
        form.set('attachments', current);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
      input.value = '';
    }
  }

  return (
    <fieldset className="panel attachments">
      <legend>{t('ui.editor.attachments')}</legend>
      {list.length === 0 ? (
        <p className="muted">{t('ui.editor.attach-none')}</p>
      ) : (
        <ul aria-label={t('ui.editor.attachments')}>
          {list.map((a, i) => (
            <One key={`${a.sha256}-${i}`} a={a} index={i} onRemove={() => form.set('attachments', list.filter((_, j) => j !== i))} />
          ))}
        </ul>
      )}
      <FindingList findings={findings} idBase={`${id}-all`} />
      <div className="field">
        <label htmlFor={id}>{t('ui.editor.attach')}</label>
        <input id={id} type="file" multiple aria-describedby={`${id}-hint`} disabled={busy !== undefined} onChange={(e) => void onFiles(e)} />
        <p id={`${id}-hint`} className="muted hint">
          {t('ui.editor.attach-hint', { size: ATTACHMENT_LIMITS.maxSize / MIB, count: ATTACHMENT_LIMITS.maxCount })}
        </p>
      </div>
      <p role="status" className="muted user-text">
        {busy ? t('ui.editor.attach-uploading', { name: busy }) : ''}
      </p>
      <ErrorText error={error} />
    </fieldset>
  );
}
