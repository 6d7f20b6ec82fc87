/**
 * The Russian plural form of a noun after the number `n`, by its last two digits: `one` after
 * 1, 21, 101 (not 11); `few` after 2–4, 22–24 (not 12–14); `many` after the rest (0, 5–20, 25…).
 */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

/** A count with its English noun: "1 document", "2 documents" (`many` when the plural is not just an "s"). */
export function enCount(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
