import { useEffect, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import { AppError } from '../../bank.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useAction, useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { Field, Note, SelectField } from './fields.tsx';
import { savedTheme, setTheme, type Theme } from './theme.ts';
import { DirectoryPanel } from '../directory/DirectoryPanel.tsx';

type SettingsData = ChannelOutput<'settings.get'>;

/** Route `settings`: PKCS#11 modules, the bank's address, language and theme. */
export function Settings() {
  const { t } = useI18n();
  const settings = useCall('settings.get', {});
  const [data, setData] = useState<SettingsData | undefined>();
  useEffect(() => {
    if (settings.data) setData(settings.data);
  }, [settings.data]);
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h1 id="settings-title">{t('ui.settings.title')}</h1>
      <ErrorText error={settings.error} />
      {!data && settings.loading && <p className="muted">{t('ui.common.loading')}</p>}
      {data && <Modules data={data} onChange={setData} />}
      {data && <BankUrl data={data} onChange={setData} />}
      <DirectoryPanel />
      <Appearance />
    </section>
  );
}

function Modules({ data, onChange }: { data: SettingsData; onChange(d: SettingsData): void }) {
  const { t } = useI18n();
  const add = useAction('settings.addModule');
  const use = useAction('settings.useModule');
  const remove = useAction('settings.removeModule');
  const [path, setPath] = useState('');
  const [choice, setChoice] = useState(data.modules.selected ?? '');
  const [saved, setSaved] = useState(false);
  const m = data.modules;
  const present = m.detected.filter((d) => d.present);
  // the drivers found here first; the well-known ones not installed only on request
  const [showAll, setShowAll] = useState(false);
  const absent = m.detected.length - present.length;
  const submitAdd = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (!path.trim()) return;
    const r = await add.run({ path: path.trim() });
    if (r) {
      onChange(r);
      setChoice(r.modules.selected ?? '');
      setPath('');
      setSaved(true);
    }
  };
  const submitUse = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const r = await use.run({ path: choice || null });
    if (r) {
      onChange(r);
      setSaved(true);
    }
  };
  return (
    <section className="panel" aria-labelledby="modules-title">
      <h2 id="modules-title">{t('ui.settings.modules')}</h2>
      {m.inUse ? (
        <p>
          {t('ui.settings.modules.in-use')} <code className="user-text" data-testid="module-in-use">
            {m.inUse}
          </code>
        </p>
      ) : (
        m.inUseError && (
          <div>
            <p>{t('ui.settings.modules.none-in-use')}</p>
            <ErrorText error={new AppError({ code: m.inUseError.code, ...(m.inUseError.params ? { params: m.inUseError.params } : {}) })} />
          </div>
        )
      )}
      {present.length === 0 && <p className="muted">{t('ui.settings.modules.none-found')}</p>}
      <ul className="module-list" data-testid="module-list">
        {(showAll ? m.detected : present).map((d) => (
          <li key={d.path} className={d.present ? '' : 'muted'}>
            {d.name}: <code className="user-text">{d.path}</code> — {d.present ? t('ui.settings.modules.present') : t('ui.settings.modules.absent')}
          </li>
        ))}
        {m.added.map((p) => (
          <li key={p}>
            <code className="user-text">{p}</code> — {t('ui.settings.modules.added')}{' '}
            <button
              type="button"
              className="secondary"
              aria-label={t('ui.settings.modules.remove', { path: p })}
              onClick={() =>
                void remove.run({ path: p }).then((r) => {
                  if (r) {
                    onChange(r);
                    setChoice(r.modules.selected ?? '');
                  }
                })
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {absent > 0 && (
        <button type="button" className="secondary" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
          {showAll ? t('ui.settings.modules.show-found') : t('ui.settings.modules.show-all', { count: absent })}
        </button>
      )}
      <form onSubmit={(e) => void submitUse(e)} className="toolbar">
        <SelectField label={t('ui.settings.modules.choice')} value={choice} onChange={setChoice}>
          <option value="">{t('ui.settings.modules.auto')}</option>
          {[...new Set([...present.map((d) => d.path), ...m.added])].map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </SelectField>
        <button type="submit" disabled={use.pending}>
          {t('ui.settings.modules.use')}
        </button>
      </form>
      <ErrorText error={use.error ?? remove.error} />
      <form onSubmit={(e) => void submitAdd(e)} noValidate>
        <Field label={t('ui.settings.modules.path')} value={path} onChange={setPath} />
        <ErrorText error={add.error} />
        <button type="submit" disabled={add.pending || !path.trim()}>
          {t('ui.settings.modules.add')}
        </button>
      </form>
      {saved && <Note>{t('ui.settings.modules.saved')}</Note>}
    </section>
  );
}

function BankUrl({ data, onChange }: { data: SettingsData; onChange(d: SettingsData): void }) {
  const { t } = useI18n();
  const save = useAction('settings.setBankUrl');
  const [url, setUrl] = useState(data.bankUrl);
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (!url.trim()) return;
    const r = await save.run({ url: url.trim() });
    if (r) {
      onChange(r);
      setSaved(true);
    }
  };
  return (
    <section className="panel" aria-labelledby="bank-title">
      <h2 id="bank-title">{t('ui.settings.bank')}</h2>
      {data.bankPinned ? (
        // the profile trusts this bank's CA: the address is shown, not offered for editing
        <div>
          <Field label={t('ui.settings.bank.url')} type="url" value={data.bankUrl} readOnly hint={t('ui.settings.bank.pinned')} />
        </div>
      ) : (
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('ui.settings.bank.url')} type="url" value={url} onChange={setUrl} hint={t('ui.settings.bank.hint')} />
        <ErrorText error={save.error} />
        {saved && <Note>{t('ui.settings.bank.saved')}</Note>}
        <button type="submit" disabled={save.pending}>
          {t('ui.common.save')}
        </button>
      </form>
      )}
    </section>
  );
}

function Appearance() {
  const { t, locale, setLocale } = useI18n();
  const [theme, setThemeState] = useState<Theme>(savedTheme);
  return (
    <section className="panel" aria-labelledby="appearance-title">
      <h2 id="appearance-title">{t('ui.settings.appearance')}</h2>
      <SelectField label={t('ui.settings.language')} value={locale} onChange={(v) => setLocale(v === 'en' ? 'en' : 'ru')}>
        <option value="ru">Русский</option>
        <option value="en">English</option>
      </SelectField>
      <fieldset className="field">
        <legend>{t('ui.settings.theme')}</legend>
        {(['system', 'light', 'dark'] as const).map((v) => (
          <label key={v} className="choice">
            <input
              type="radio"
              name="theme"
              value={v}
              checked={theme === v}
              onChange={() => {
                setTheme(v);
                setThemeState(v);
              }}
            />{' '}
            {t(`ui.settings.theme.${v}`)}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
