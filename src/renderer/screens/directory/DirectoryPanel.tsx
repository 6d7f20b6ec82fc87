/**
 * The BIC directory in Settings: which copy the profile holds (its day, how many banks, from the
 * bank's exchange or a file), and a Bank of Russia file (ED807, XML) loaded by hand, sent in
 * pieces; a bad file is refused naming its line, and the copy held stays.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import { bank } from '../../bank.ts';
import { sendInChunks } from '../../components/chunks.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useI18n } from '../../i18n.tsx';

type Source = NonNullable<ChannelOutput<'directory.status'>['source']>;

export function DirectoryPanel() {
  const { t, date } = useI18n();
  const [source, setSource] = useState<Source | undefined>();
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<Source | undefined>();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let live = true;
    bank.invoke('directory.status', {}).then(
      (r) => live && (setSource(r.source), setLoaded(true)),
      (e: unknown) => live && (setError(e), setLoaded(true)),
    );
    return () => {
      live = false;
    };
  }, []);

  const take = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const begun = await bank.invoke('directory.begin', { name: file.name, size: file.size });
      await sendInChunks(file, begun.chunkBytes, (offset, data) => bank.invoke('directory.chunk', { uploadId: begun.uploadId, offset, data }));
      const r = await bank.invoke('directory.load', { uploadId: begun.uploadId });
      setSource(r.source);
      setDone(r.source);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <section className="panel" aria-labelledby="directory-title" data-testid="bic-directory">
      <h2 id="directory-title">{t('ui.directory.title')}</h2>
      {loaded && (
        <p data-testid="directory-held">
          {source ? t('ui.directory.held', { date: source.businessDay, count: source.entries, origin: source.origin, file: source.fileName ?? '', loaded: date(source.loadedAt, true) }) : t('ui.directory.none')}
        </p>
      )}
      <p className="muted">{t('ui.directory.updates')}</p>
      <p>
        <label htmlFor="directory-file">{t('ui.directory.file')}</label>{' '}
        <input id="directory-file" ref={input} type="file" accept=".xml,application/xml,text/xml" disabled={busy} onChange={(e) => void take(e)} />
      </p>
      <div aria-live="polite">
        {busy && <p className="muted">{t('ui.directory.loading')}</p>}
        {done && <p role="status">{t('ui.directory.loaded', { count: done.entries, date: done.businessDay })}</p>}
        {error !== undefined && (
          <>
            <ErrorText error={error} />
            <p className="muted">{t('ui.directory.kept')}</p>
          </>
        )}
      </div>
    </section>
  );
}
