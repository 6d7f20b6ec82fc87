/** Templates: keep what is typed under a name; start a new draft from one. */
import { useId, useState } from 'react';
import type { DocumentKindName } from '../../../shared/bank-api/documents/index.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useAction, useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { navigate } from '../../router.tsx';

export function TemplateList({ kind }: { kind: DocumentKindName }) {
  const { t, locale } = useI18n();
  const list = useCall('editor.templates.list', { kind, locale });
  const apply = useAction('editor.templates.apply');
  const remove = useAction('editor.templates.delete');
  const items = list.data?.items ?? [];
  if (items.length === 0 && !list.error) return null;
  return (
    <details className="panel templates" open>
      <summary>{t('ui.editor.templates')}</summary>
      <ErrorText error={list.error ?? apply.error ?? remove.error} />
      <ul>
        {items.map((tpl) => (
          <li key={tpl.id}>
            <strong className="user-text">{tpl.name}</strong> <span className="muted user-text">{tpl.summary}</span>{' '}
            <button
              type="button"
              aria-label={`${t('ui.editor.template-use')}: ${tpl.name}`}
              disabled={apply.pending}
              onClick={async () => {
                const r = await apply.run({ id: tpl.id });
                if (r) navigate('edit', r.id);
              }}
            >
              {t('ui.editor.template-use')}
            </button>{' '}
            <button
              type="button"
              className="secondary"
              aria-label={t('ui.editor.template-delete', { name: tpl.name })}
              onClick={async () => {
                if (await remove.run({ id: tpl.id })) list.reload();
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function SaveTemplate({ kind, content }: { kind: DocumentKindName; content: unknown }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | undefined>();
  const save = useAction('editor.templates.save');
  const id = useId();
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          save.clear();
          setOpen(true);
        }}
      >
        {t('ui.editor.template-save')}
      </button>
      {saved && (
        <span role="status" className="muted">
          {t('ui.editor.template-saved', { name: saved })}
        </span>
      )}
      <Dialog title={t('ui.editor.template-save')} open={open} onClose={() => setOpen(false)}>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await save.run({ name, kind, content });
            if (r) {
              setSaved(name.trim());
              setOpen(false);
              setName('');
            }
          }}
        >
          <div className="field">
            <label htmlFor={id}>{t('ui.editor.template-name')}</label>
            <input id={id} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          </div>
          <ErrorText error={save.error} />
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              {t('ui.common.cancel')}
            </button>
            <button type="submit" disabled={save.pending}>
              {t('ui.common.save')}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
