import { useEffect, useState } from 'react';
import { bank } from '../../bank.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useAction, useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { href, navigate } from '../../router.tsx';
import { MESSAGES_READ_EVENT } from '../../UnreadBadge.tsx';
import { Compose, type Letter } from './Compose.tsx';
import { saveFile } from './files.ts';
import { sizeText } from './format.ts';
import { useAfterSync } from './use-synced.ts';

/** Route messages[/<id>|/new]: the history with the bank, newest first, unread marks; a message opened is read; reply with attachments. */
export function Messages({ params }: { params: string[] }) {
  const { t, date } = useI18n();
  const list = useCall('messages.list', {});
  const { reload } = list;
  useAfterSync(reload);
  const [arrived, setArrived] = useState(0);
  const [sent, setSent] = useState(false);
  // messages.new comes with the sync.changed of the same exchange, which reloads the list: here only the count
  useEffect(() => bank.on('messages.new', (p) => setArrived(p.count)), []);
  const selected = params[0];
  const onSent = (m: Letter): void => {
    setArrived(0);
    setSent(true);
    reload();
    navigate('messages', m.id);
  };

  return (
    <section aria-labelledby="messages-title" className="bank-data messages">
      <h1 id="messages-title">{t('ui.bank-data.messages.title')}</h1>
      <div className="toolbar">
        <a className="button-link" href={href('messages', 'new')}>
          {t('ui.bank-data.messages.write')}
        </a>
        {list.data && <span className="muted">{t('ui.bank-data.messages.unread-count', { count: list.data.unread })}</span>}
      </div>
      <p role="status" aria-live="polite">
        {arrived > 0 ? t('ui.bank-data.messages.arrived', { count: arrived }) : ''}
        {sent ? ` ${t('ui.bank-data.messages.sent')}` : ''}
      </p>
      <ErrorText error={list.error} />
      <div className="mail">
        <nav aria-label={t('ui.bank-data.messages.list')} className="mail-list">
          {list.data && list.data.messages.length === 0 && <p className="muted">{t('ui.bank-data.messages.none')}</p>}
          <ul>
            {list.data?.messages.map((m) => {
              const unread = m.direction === 'from-bank' && !m.read;
              return (
                <li key={m.id} className={unread ? 'unread' : undefined}>
                  <a href={href('messages', m.id)} aria-current={m.id === selected ? 'true' : undefined} data-message-id={m.id}>
                    <span className="mail-meta">
                      <span>{m.direction === 'from-bank' ? t('ui.bank-data.messages.from-bank') : t('ui.bank-data.messages.to-bank')}</span>
                      <span>{date(m.sentAt, true)}</span>
                    </span>
                    <span className="user-text mail-subject">{m.subject}</span>
                    {unread && <span className="badge badge-unread">{t('ui.bank-data.messages.unread')}</span>}
                    {m.attachments.length > 0 && <span className="muted mail-files">{t('ui.bank-data.messages.attachment-count', { count: m.attachments.length })}</span>}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="mail-view">
          {selected === 'new' ? (
            <Compose key="new" onSent={onSent} onCancel={() => navigate('messages')} />
          ) : selected ? (
            <MessageView key={selected} id={selected} onOpened={reload} onSent={onSent} />
          ) : (
            <p className="muted">{t('ui.bank-data.messages.choose')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

function MessageView({ id, onOpened, onSent }: { id: string; onOpened(): void; onSent(m: Letter): void }) {
  const { t, date } = useI18n();
  const open = useCall('messages.open', { id });
  const download = useAction('messages.attachment');
  const [saved, setSaved] = useState<string>();
  const [replying, setReplying] = useState(false);
  const m = open.data;
  useEffect(() => {
    // opening marked it read at the bank: the list's mark goes
    if (m) {
      onOpened();
      window.dispatchEvent(new Event(MESSAGES_READ_EVENT));
    }
  }, [m, onOpened]);

  if (!m) {
    return (
      <>
        {open.loading && <p className="muted">{t('ui.common.loading')}</p>}
        <ErrorText error={open.error} />
      </>
    );
  }
  return (
    <article className="panel" aria-labelledby="message-subject">
      <h2 id="message-subject" className="user-text" data-testid="message-subject">
        {m.subject}
      </h2>
      <p className="muted">
        {m.direction === 'from-bank' ? t('ui.bank-data.messages.from-bank') : t('ui.bank-data.messages.to-bank')} · {t('ui.bank-data.messages.sent-at', { when: date(m.sentAt, true) })}
        {m.inReplyTo && (
          <>
            {' · '}
            <a href={href('messages', m.inReplyTo)}>{t('ui.bank-data.messages.in-reply')}</a>
          </>
        )}
      </p>
      <div className="user-text message-body" data-testid="message-body">
        {m.body}
      </div>
      <Seal letter={m} />
      {m.attachments.length > 0 && (
        <>
          <h3>{t('ui.bank-data.messages.attachments')}</h3>
          <ul className="attachments">
            {m.attachments.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  className="secondary"
                  disabled={download.pending}
                  onClick={() =>
                    void download.run({ messageId: m.id, attachmentId: a.id }).then((file) => {
                      if (!file) return;
                      saveFile(file.name, file.mediaType, file.content);
                      setSaved(file.name);
                    })
                  }
                >
                  <span className="user-text">{t('ui.bank-data.messages.download', { name: a.name, size: sizeText(t, a.size) })}</span>
                </button>
              </li>
            ))}
          </ul>
          <p role="status" className="user-text">
            {saved ? t('ui.bank-data.messages.downloaded', { name: saved }) : ''}
          </p>
          <ErrorText error={download.error} />
        </>
      )}
      {!replying && m.direction === 'from-bank' && (
        <div className="toolbar">
          <button type="button" onClick={() => setReplying(true)}>
            {t('ui.bank-data.messages.reply')}
          </button>
        </div>
      )}
      {replying && <Compose replyTo={m} onSent={onSent} onCancel={() => setReplying(false)} />}
    </article>
  );
}

/** What the client found of the letter's signature when it kept it (a letter that failed is never kept). */
function Seal({ letter }: { letter: Letter }) {
  const { t } = useI18n();
  const seal = letter.seal;
  if (!seal) return <p className="muted" data-testid="message-seal">{t('ui.bank-data.messages.not-signed')}</p>;
  return (
    <p className="seal" data-testid="message-seal">
      <span aria-hidden="true">✓ </span>
      <span className="user-text">{seal.by === 'bank' ? t('ui.bank-data.messages.bank-signed', { serial: seal.certificateSerial }) : t('ui.bank-data.messages.person-signed', { name: seal.name, serial: seal.certificateSerial })}</span>
    </p>
  );
}
