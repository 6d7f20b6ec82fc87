/**
 * A per-owner memo of a keyed computation: `memoByOwner((db, sql) => db.prepare(sql))` prepares
 * each statement once per database. Owners are held weakly, so a closed database and its
 * entries go together.
 */
export function memoByOwner<O extends object, V>(make: (owner: O, key: string) => V): (owner: O, key: string) => V {
  const memo = new WeakMap<O, Map<string, V>>();
  return (owner, key) => {
    let entries = memo.get(owner);
    if (!entries) memo.set(owner, (entries = new Map()));
    let value = entries.get(key);
    if (value === undefined) entries.set(key, (value = make(owner, key)));
    return value;
  };
}
