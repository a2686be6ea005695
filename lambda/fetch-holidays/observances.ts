/**
 * Observances the site closes on get the same distrust as statutory days: a feed must not be able to close an
 * ordinary weekday by adding, stretching, repeating or renaming one.
 *
 * Google's observances fall on days fixed by custom or by rule (the feed's own history, 2024-2027): 銀行休業日 on
 * 12-31, 01-02 and 01-03 (bank holidays by the Banking Act's order, beside weekends and statutory days), 節分 once
 * between 02-02 and 02-04, 母の日 on May's second Sunday, the others on a fixed date. A closed observance must be a
 * one-day, non-recurring event on one of its days, and in a feed of Google's shape every one of its days must be there.
 * A name outside this table (a company's own calendar) is held to one-day, non-recurring events and a yearly count.
 */
import { addDays, CivilDate, weekdayOf } from '../shared/civil-time';
import { CalendarCheckError } from './calendar-check';

/** The days an observance falls on in one year: all of `every`, or exactly one of `oneOf`. */
interface ObservanceDays {
  readonly every?: readonly CivilDate[];
  readonly oneOf?: readonly CivilDate[];
}

function mayNthSunday(year: string, nth: number): CivilDate {
  let date = `${year}-05-01`;
  while (weekdayOf(date) !== 'SUNDAY') date = addDays(date, 1);
  return addDays(date, 7 * (nth - 1));
}

/** Google's observances and where each falls in `year`. */
export const KNOWN_OBSERVANCES: Readonly<Record<string, (year: string) => ObservanceDays>> = {
  銀行休業日: (y) => ({ every: [`${y}-01-02`, `${y}-01-03`, `${y}-12-31`] }),
  節分: (y) => ({ oneOf: [`${y}-02-02`, `${y}-02-03`, `${y}-02-04`] }),
  雛祭り: (y) => ({ every: [`${y}-03-03`] }),
  母の日: (y) => ({ every: [mayNthSunday(y, 2)] }),
  七夕: (y) => ({ every: [`${y}-07-07`] }),
  七五三: (y) => ({ every: [`${y}-11-15`] }),
  クリスマス: (y) => ({ every: [`${y}-12-25`] }),
  大晦日: (y) => ({ every: [`${y}-12-31`] }),
};

/** Most days a year one observance of a company's own calendar may close. */
export const MAX_UNKNOWN_OBSERVANCE_DAYS_PER_YEAR = 12;

/** Most observance days (open or closed) a feed may have per year: Google's has about ten. */
export const MAX_OBSERVANCE_DAYS_PER_YEAR = 60;

/** One observance day as the reader saw it. */
export interface ObservanceDay {
  readonly date: CivilDate;
  readonly name: string;
  /** Days its event spans (1 for a one-day event). */
  readonly span: number;
  /** Whether it came from a recurring event. */
  readonly recurring: boolean;
}

/**
 * Refuse a calendar whose closed observances are not where they belong, or whose observances are implausibly many.
 * `closed` holds the (cleaned) names the site closes on; `range` is what the list will cover; `googleShape` says
 * whether the feed marks statutory days (only then does it carry observances at all).
 */
export function checkObservances(
  days: readonly ObservanceDay[],
  closed: ReadonlySet<string>,
  range: { readonly from: CivilDate; readonly to: CivilDate },
  googleShape: boolean,
): void {
  const perYear = new Map<string, number>();
  for (const day of days) perYear.set(day.date.slice(0, 4), (perYear.get(day.date.slice(0, 4)) ?? 0) + 1);
  for (const [year, count] of perYear) {
    if (count > MAX_OBSERVANCE_DAYS_PER_YEAR) {
      throw new CalendarCheckError('observance', `implausibly many observance days in ${year}: ${count} (at most ${MAX_OBSERVANCE_DAYS_PER_YEAR})`);
    }
  }

  const closing = days.filter((day) => closed.has(day.name));
  for (const day of closing) {
    if (day.recurring || day.span > 1) {
      throw new CalendarCheckError(
        'observance',
        `the closed observance "${day.name}" on ${day.date} comes from a ${day.recurring ? 'recurring' : `${day.span}-day`} event; a closed observance is refused unless it is one single day`,
      );
    }
    const rule = KNOWN_OBSERVANCES[day.name];
    if (rule === undefined) continue;
    const allowed = rule(day.date.slice(0, 4));
    if (![...(allowed.every ?? []), ...(allowed.oneOf ?? [])].includes(day.date)) {
      throw new CalendarCheckError(
        'observance',
        `the closed observance "${day.name}" is on ${day.date}, where it never falls (${[...(allowed.every ?? []), ...(allowed.oneOf ?? [])].map((d) => d.slice(5)).join(', ')}); refusing rather than closing that day`,
      );
    }
  }

  const byNameYear = new Map<string, CivilDate[]>();
  for (const day of closing) {
    const key = `${day.name}\u0000${day.date.slice(0, 4)}`;
    byNameYear.set(key, [...(byNameYear.get(key) ?? []), day.date]);
  }
  for (const name of closed) {
    const rule = KNOWN_OBSERVANCES[name];
    for (let year = Number(range.from.slice(0, 4)); year <= Number(range.to.slice(0, 4)); year += 1) {
      const y = String(year).padStart(4, '0');
      const found = byNameYear.get(`${name}\u0000${y}`) ?? [];
      if (rule === undefined) {
        if (found.length > MAX_UNKNOWN_OBSERVANCE_DAYS_PER_YEAR) {
          throw new CalendarCheckError('observance', `the closed observance "${name}" closes ${found.length} days in ${y} (at most ${MAX_UNKNOWN_OBSERVANCE_DAYS_PER_YEAR})`);
        }
        continue;
      }
      if (!googleShape) continue;
      const expected = rule(y);
      const inRange = (date: CivilDate) => date >= range.from && date <= range.to;
      const missing = (expected.every ?? []).filter((date) => inRange(date) && !found.includes(date));
      if (missing.length > 0) {
        throw new CalendarCheckError('observance', `the calendar lacks the closed observance "${name}" on ${missing.join(', ')}, where it always is`);
      }
      const choices = (expected.oneOf ?? []).filter(inRange);
      if (choices.length === (expected.oneOf ?? []).length && choices.length > 0 && new Set(found).size !== 1) {
        throw new CalendarCheckError('observance', `the calendar has the closed observance "${name}" ${found.length === 0 ? 'nowhere' : `${found.length} times`} in ${y}; it falls once a year`);
      }
    }
  }
}
