import { useRef, useState, type DragEvent } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import type { MessageKey } from '../../../shared/i18n/index.ts';
import { bank } from '../../bank.ts';
import { sendInChunks } from '../../components/chunks.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.tsx';

type Preview = ChannelOutput<'import.preview'>;

/**
 * Import of a 1C or pain.001 file: picked or dropped, sent in chunks, then previewed per
 * document (line, outcome, reasons) before anything is stored; "accept" stores the valid ones.
 */
export function ImportScreen() {
  const { t, locale, money } = useI18n();
  const [phase, setPhase] = useState<'idle' | 'sending' | 'preview' | 'storing' | 'done'>('idle');
  const [sent, setSent] = useState({ bytes: 0, size: 0 });
  const [preview, setPreview] = useState<Preview | undefined>();
  const [uploadId, setUploadId] = useState<string | undefined>();
  const [done, setDone] = useState<ChannelOutput<'import.accept'> | undefined>();
  const [error, setError] = useState<unknown>();
  const [over, setOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const take = async (file: File): Promise<void> => {
    setError(undefined);
    setPreview(undefined);
    setDone(undefined);
    if (uploadId) void bank.invoke('import.discard', { uploadId }).catch(() => undefined);
    setPhase('sending');
    setSent({ bytes: 0, size: file.size });
    try {
      // the size goes first: a file over the limit is refused before its bytes are read
      const begun = await bank.invoke('import.begin', { name: file.name, size: file.size });
      setUploadId(begun.uploadId);
      await sendInChunks(file, begun.chunkBytes, async (offset, data) => {
        const r = await bank.invoke('import.chunk', { uploadId: begun.uploadId, offset, data });
        setSent({ bytes: r.received, size: file.size });
      });
      setPreview(await bank.invoke('import.preview', { uploadId: begun.uploadId, locale }));
      setPhase('preview');
    } catch (e) {
      setError(e);
      setPhase('idle');
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const accept = async (onlyValid: boolean): Promise<void> => {
    if (!uploadId) return;
    setPhase('storing');
    setError(undefined);
    try {
      setDone(await bank.invoke('import.accept', { uploadId, onlyValid }));
      setUploadId(undefined);
      setPhase('done');
    } catch (e) {
      setError(e);
      setPhase('preview');
    }
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void take(file);
  };

  const storable = preview ? preview.counts.valid + preview.counts.warnings : 0;
  return (
    <section className="import">
      <h1>{t('ui.tokens.import.title')}</h1>
      <div
        className={over ? 'dropzone over' : 'dropzone'}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>{t('ui.tokens.import.drop')}</p>
        <label className="field">
          <span>{t('ui.tokens.import.pick')}</span>
          <input ref={fileInput} type="file" accept=".txt,.xml,text/plain,application/xml,text/xml" disabled={phase === 'sending' || phase === 'storing'} onChange={(e) => e.target.files?.[0] && void take(e.target.files[0])} />
        </label>
      </div>
      {phase === 'sending' && (
        <p role="status">
          <label>
            {t('ui.tokens.import.sending')} <progress max={sent.size || 1} value={sent.bytes} />
          </label>
        </p>
      )}
      <ErrorText error={error} />
      {preview && phase !== 'done' && (
        <div className="panel" data-testid="import-preview">
          <h2>
            {t('ui.tokens.import.preview-title')} <span className="user-text">{preview.name}</span>
          </h2>
          <p className="muted">{t('ui.tokens.import.file-facts', { format: preview.format === '1c' ? '1C' : 'pain.001', version: preview.version, encoding: preview.encoding })}</p>
          <p role="status" data-testid="import-counts">
            {t('ui.tokens.import.counts', { ...preview.counts })}
          </p>
          {preview.fileWarnings.length > 0 && (
            <ul className="warning">
              {preview.fileWarnings.map((w, i) => (
                <li key={i}>{w.text}</li>
              ))}
            </ul>
          )}
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('ui.tokens.import.preview-title')}</caption>
              <thead>
                <tr>
                  <th className="num">{t('ui.tokens.import.col-line')}</th>
                  <th>{t('ui.tokens.import.col-outcome')}</th>
                  <th>{t('ui.tokens.import.col-number')}</th>
                  <th className="num">{t('ui.tokens.import.col-amount')}</th>
                  <th>{t('ui.tokens.import.col-payee')}</th>
                  <th>{t('ui.tokens.import.col-purpose')}</th>
                  <th>{t('ui.tokens.import.col-reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.documents.map((d) => (
                  <tr key={d.line} className={`outcome-${d.outcome}`} data-line={d.line}>
                    <td className="num">{d.line}</td>
                    <td>
                      <span className={`badge outcome outcome-${d.outcome}`}>{t(`ui.tokens.import.outcome.${d.outcome}` as MessageKey)}</span>
                    </td>
                    <td className="user-text nowrap">{d.number ?? ''}</td>
                    <td className="num">{d.amount !== undefined ? money(d.amount) : ''}</td>
                    <td className="user-text" data-testid="payee">{d.payee ?? ''}</td>
                    <td className="user-text" data-testid="purpose">{d.purpose ?? ''}</td>
                    <td>
                      {d.messages.length > 0 && (
                        <ul className="reasons">
                          {d.messages.map((m, i) => (
                            <li key={i} className={m.severity === 'error' ? 'error' : 'warning'}>
                              {m.text}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="toolbar">
            <button type="button" disabled={phase !== 'preview' || storable === 0} onClick={() => void accept(true)}>
              {t('ui.tokens.import.accept-valid', { count: storable })}
            </button>
            {preview.counts.errors > 0 && (
              <button type="button" className="secondary" disabled={phase !== 'preview'} onClick={() => void accept(false)}>
                {t('ui.tokens.import.accept-all', { count: storable + preview.counts.errors })}
              </button>
            )}
            <button
              type="button"
              className="secondary"
              onClick={() => {
                if (uploadId) void bank.invoke('import.discard', { uploadId }).catch(() => undefined);
                setUploadId(undefined);
                setPreview(undefined);
                setPhase('idle');
              }}
            >
              {t('ui.common.cancel')}
            </button>
          </div>
        </div>
      )}
      {done && (
        <div className="panel" role="status" data-testid="import-done">
          <p>{t('ui.tokens.import.done', { count: done.imported.length, rejected: done.rejected })}</p>
          <p>
            <a href={href('sign')}>{t('ui.tokens.import.to-sign')}</a> · <a href={href('documents')}>{t('ui.tokens.import.to-documents')}</a>
          </p>
        </div>
      )}
    </section>
  );
}
