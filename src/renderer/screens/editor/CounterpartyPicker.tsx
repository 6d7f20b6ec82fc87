/**
 * Typeahead over the counterparties directory (payees paid before): an ARIA combobox with a
 * listbox; arrow keys move, Enter picks, Escape closes. Picking fills the payee's name, INN,
 * KPP, account and bank.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import { useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { useForm } from './fields.tsx';
import { setPath } from './content.ts';

type Item = ChannelOutput<'editor.counterparties'>['items'][number];

export function CounterpartyPicker() {
  const { t } = useI18n();
  const form = useForm();
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [picked, setPicked] = useState<string | undefined>();
  const found = useCall('editor.counterparties', open ? { text, limit: 8 } : null);
  const items = open ? (found.data?.items ?? []) : [];

  function pick(c: Item) {
    let next = form.content;
    const set = (path: string, v: string) => (next = setPath(next, `payee.${path}`, v));
    set('name', c.name);
    set('inn', c.inn);
    set('kpp', c.kpp ?? '');
    set('account', c.account);
    set('bank.name', c.bankName);
    set('bank.bic', c.bic);
    set('bank.corrAccount', c.corrAccount ?? '');
    form.replace(next);
    setPicked(c.name);
    setOpen(false);
    setText('');
    setActive(-1);
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      setActive((a) => Math.min(a + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const c = items[active];
      if (open && c) pick(c);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setActive(-1);
    }
  }

  const listId = `${id}-list`;
  const optionId = (i: number): string => `${id}-o${i}`;
  return (
    <div className="picker">
      <label htmlFor={id}>{t('ui.editor.picker')}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open && items.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 && items[active] ? optionId(active) : undefined}
        aria-describedby={`${id}-hint`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKey}
        onBlur={() => setOpen(false)}
      />
      <p id={`${id}-hint`} className="muted hint">
        {t('ui.editor.picker-hint')}
      </p>
      <ul id={listId} role="listbox" aria-label={t('ui.editor.picker-list')} className="picker-list" hidden={!open || items.length === 0}>
        {items.map((c, i) => (
          <li
            key={c.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(c)}
          >
            <span className="user-text">{c.name}</span> <span className="muted">
              {t('ui.editor.party.inn')} {c.inn}, {c.account}
            </span>
          </li>
        ))}
      </ul>
      {open && text.trim() !== '' && found.data && items.length === 0 && <p className="muted">{t('ui.editor.picker-none')}</p>}
      <p role="status" className="muted user-text">
        {picked ? t('ui.editor.picker-filled', { name: picked }) : ''}
      </p>
    </div>
  );
}
