/**
 * Company closures (年末年始, お盆, a foundation day) turned into list entries.
 *
 * Closures come from the site configuration, not from the calendar feed, so the fetcher expands them over the range
 * the new list covers and writes them into the list; the checker then needs nothing but the list.
 */
import { addDays, CivilDate, isCivilDate } from './civil-time';
import { HolidayDay, sortDays } from './holiday-list';
import type { Closure, DateRange } from './holiday-policy';

const YEAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** A closure's `from` or `to` is neither a real `YYYY-MM-DD` date nor a real `MM-DD` day, or the two disagree. */
export class ClosureFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClosureFormatError';
  }
}

/** True when `value` is `MM-DD` naming a day that exists in some year (02-29 included). */
export function isMonthDay(value: string): boolean {
  const match = MONTH_DAY.exec(value);
  return match !== null && isCivilDate(`2024-${value}`);
}

/**
 * The civil date `monthDay` falls on in `year`. `02-29` in a common year has no date of its own: as a first day it
 * becomes 03-01 and as a last day 02-28, so a closure "02-29..03-01" still closes what exists of it.
 */
function monthDayIn(year: number, monthDay: string, edge: 'from' | 'to'): CivilDate {
  const candidate = `${String(year).padStart(4, '0')}-${monthDay}`;
  if (isCivilDate(candidate)) return candidate;
  return edge === 'from' ? addDays(`${String(year).padStart(4, '0')}-02-28`, 1) : `${String(year).padStart(4, '0')}-02-28`;
}

/** Every date from `from` to `to` (inclusive) that also lies in `range`. */
function datesWithin(from: CivilDate, to: CivilDate, range: DateRange): CivilDate[] {
  const start = from > range.from ? from : range.from;
  const end = to < range.to ? to : range.to;
  const dates: CivilDate[] = [];
  for (let date = start; date <= end; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** The date spans (inclusive) one closure stands for, before clipping to a range. */
function spansOf(closure: Closure, range: DateRange): Array<{ from: CivilDate; to: CivilDate }> {
  const { from, to } = closure;
  if (YEAR_DATE.test(from) || YEAR_DATE.test(to)) {
    if (!isCivilDate(from) || !isCivilDate(to)) {
      throw new ClosureFormatError(`closure "${closure.reason}": from and to must be real dates, both YYYY-MM-DD or both MM-DD (got ${from}..${to})`);
    }
    if (to < from) throw new ClosureFormatError(`closure "${closure.reason}": to ${to} is before from ${from}`);
    return [{ from, to }];
  }
  if (!isMonthDay(from) || !isMonthDay(to)) {
    throw new ClosureFormatError(`closure "${closure.reason}": from and to must be real dates, both YYYY-MM-DD or both MM-DD (got ${from}..${to})`);
  }
  // `to` earlier in the year than `from` (12-29..01-03) runs into the next year. Starting a year before the range
  // catches the tail of a closure that began in December before the range opens.
  const wraps = to < from;
  const firstYear = Number(range.from.slice(0, 4)) - (wraps ? 1 : 0);
  const lastYear = Number(range.to.slice(0, 4));
  const spans: Array<{ from: CivilDate; to: CivilDate }> = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    const start = monthDayIn(year, from, 'from');
    const end = monthDayIn(wraps ? year + 1 : year, to, 'to');
    if (start <= end) spans.push({ from: start, to: end });
  }
  return spans;
}

/**
 * Expand company closures into one `closure` entry per closed day inside `range` (inclusive): `YYYY-MM-DD` closures
 * once, `MM-DD` closures every year, across the year end when `to` comes before `from` in the year. Every entry is
 * `closed` and named by the closure's reason. Throws {@link ClosureFormatError} for a malformed closure.
 */
export function expandClosures(closures: readonly Closure[], range: DateRange): HolidayDay[] {
  const seen = new Set<string>();
  const days: HolidayDay[] = [];
  for (const closure of closures) {
    for (const span of spansOf(closure, range)) {
      for (const date of datesWithin(span.from, span.to, range)) {
        // Two overlapping closures with one reason would otherwise list the same day twice.
        const key = `${date}\u0000${closure.reason}`;
        if (seen.has(key)) continue;
        seen.add(key);
        days.push({ date, name: closure.reason, kind: 'closure', closed: true });
      }
    }
  }
  return sortDays(days);
}
