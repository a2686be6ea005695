/**
 * The built-in calendar: what the project knows about a day without any fetched list — the statutory days of the
 * second source (with the admin's corrections) and the company closures of the site configuration. The checker
 * answers from it when no list can be read or the list does not reach today, and the simulator and the CLI use it
 * beyond a feed's horizon. Observances a site closes on (銀行休業日…) exist only in the feed, so the built-in
 * calendar treats them as business days.
 */
import type { CivilDate } from './civil-time';
import { expandClosures } from './closures';
import { HolidayDay, sortDays } from './holiday-list';
import type { Closure } from './holiday-policy';
import { secondSourceCovers, secondSourceRange, StatutoryCorrection, statutoryDayOn, statutoryDaysBetween } from './statutory-calendar';

/** What the built-in calendar is made of, from the site configuration. */
export interface BuiltinCalendar {
  /** The company's closures. */
  readonly closures: readonly Closure[];
  /** The admin's corrections of the second source. */
  readonly statutoryCorrections: readonly StatutoryCorrection[];
}

/** The built-in calendar's word on one date. */
export type BuiltinAnswer =
  /** It knows the date: `day` is the closed day (statutory first, then closure), or undefined for a business day. */
  | { readonly known: true; readonly day: HolidayDay | undefined }
  /** The date lies outside the second source's years and no closure covers it. */
  | { readonly known: false };

/** The closed day the built-in calendar knows on `date`, or that it does not know the date. */
export function builtinDayOn(date: CivilDate, calendar: BuiltinCalendar): BuiltinAnswer {
  if (secondSourceCovers(date)) {
    const statutory = statutoryDayOn(date, calendar.statutoryCorrections);
    if (statutory !== undefined) return { known: true, day: { date, name: statutory, kind: 'holiday', closed: true } };
  }
  const closure = expandClosures(calendar.closures, { from: date, to: date })[0];
  if (closure !== undefined) return { known: true, day: closure };
  return secondSourceCovers(date) ? { known: true, day: undefined } : { known: false };
}

/**
 * Every closed day the built-in calendar knows from `from` to `to` (inclusive): the statutory days (within the second
 * source's years) and the closures, one entry per date, statutory first. What callers get past a list's end.
 */
export function builtinDaysBetween(from: CivilDate, to: CivilDate, calendar: BuiltinCalendar): HolidayDay[] {
  const known = secondSourceRange();
  const byDate = new Map<CivilDate, HolidayDay>();
  for (const closure of expandClosures(calendar.closures, { from, to })) {
    if (!byDate.has(closure.date)) byDate.set(closure.date, closure);
  }
  const statutoryFrom = from > known.from ? from : known.from;
  const statutoryTo = to < known.to ? to : known.to;
  if (statutoryFrom <= statutoryTo) {
    for (const [date, name] of statutoryDaysBetween(statutoryFrom, statutoryTo, calendar.statutoryCorrections)) {
      byDate.set(date, { date, name, kind: 'holiday', closed: true });
    }
  }
  return sortDays([...byDate.values()]);
}
