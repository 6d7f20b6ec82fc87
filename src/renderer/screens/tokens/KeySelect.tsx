import { choiceValue, type keysOf } from './use-tokens.ts';

/** A choice of key: "token — certificate holder" each, valued "serial|key" (read it with parseChoice). */
export function KeySelect({ keys, value, onChange }: { keys: ReturnType<typeof keysOf>; value: string; onChange(value: string): void }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      {keys.map(({ tk, c }) => (
        <option key={choiceValue(tk.serial, c.key)} value={choiceValue(tk.serial, c.key)}>
          {`${tk.label} — ${c.name}`}
        </option>
      ))}
    </select>
  );
}
