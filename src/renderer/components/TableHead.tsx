/** A column heading: its words, or with `num` (an amount: right-aligned) or `hidden` (for screen readers only). */
export type Column = string | { label: string; num?: boolean; hidden?: boolean };

/** The head row of a table: one `<th scope="col">` a column. */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => {
          const { label, num = false, hidden = false } = typeof c === 'string' ? { label: c } : c;
          return (
            <th key={i} scope="col" className={num ? 'num' : undefined}>
              {hidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
