/**
 * ISO calendar dates (YYYY-MM-DD) as documents carry them. Pure arithmetic on day numbers: no
 * time zones, no clock; callers that need "today" pass it in (ValidationContext.today).
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written as YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a valid ISO date. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be valid ISO dates. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Saturday or Sunday (the holiday calendar is the bank's business, not this check's). */
export function isWeekend(date: string): boolean {
  const weekday = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The first day after `date` that is not a Saturday or Sunday: where a form's date starts when "today" is not a good default. */
export function nextWorkingDay(date: string): string {
  let day = dayNumber(date) + 1;
  while ([0, 6].includes(new Date(day * DAY_MS).getUTCDay())) day += 1;
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
