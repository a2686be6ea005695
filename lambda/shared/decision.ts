/**
 * "Is the line closed today?" — the one rule the checker Lambda, the flow simulator and the CLI all use.
 *
 * Pure: the caller supplies the list (already indexed), the instant and the options. No clock, no I/O.
 */
import { civilDateIn, CivilDate } from './civil-time';
import { HolidayDay, HolidayList } from './holiday-list';

/**
 * Every value the checker can put in each key of its answer. The contact flow compares against these, and the
 * flow validator rejects a Compare on `$.External.<key>` whose operand is not listed here.
 */
export const CHECKER_RESULT_VALUES = {
  isHoliday: ['true', 'false'],
  closedReason: ['holiday', 'closure', ''],
  dataStatus: ['ok', 'stale', 'unavailable'],
} as const;

/** Keys whose value is free text (not comparable against a fixed set). */
export const CHECKER_FREE_TEXT_KEYS = ['holidayName'] as const;

/** How trustworthy the data behind an answer was. */
export type DataStatus = (typeof CHECKER_RESULT_VALUES.dataStatus)[number];

/** The checker's answer to the contact flow: a flat map of strings (Connect STRING_MAP). */
export interface CheckerResult {
  readonly [key: string]: string;
  /** `"true"` when today is a closed day (statutory holiday, configured observance or company closure). */
  readonly isHoliday: (typeof CHECKER_RESULT_VALUES.isHoliday)[number];
  /** Why it is closed: `holiday` (statutory or configured observance), `closure` (company), or empty when open. */
  readonly closedReason: (typeof CHECKER_RESULT_VALUES.closedReason)[number];
  /** The day's name for the announcement (`元日`, `年末年始`); empty when open. */
  readonly holidayName: string;
  /** `ok`, `stale` (list too old or not covering today) or `unavailable` (no list: the fallback answered). */
  readonly dataStatus: DataStatus;
}

/** A holiday list prepared for O(1) lookups: built once per list, used for every call. */
export interface ClosedDayIndex {
  readonly list: HolidayList;
  /** For each closed date, the entry that names it (statutory holiday first, then closure, then observance). */
  readonly closedByDate: ReadonlyMap<CivilDate, HolidayDay>;
  /** `list.fetchedAt` in epoch milliseconds. */
  readonly fetchedAtMs: number;
}

const KIND_RANK: Readonly<Record<HolidayDay['kind'], number>> = { holiday: 0, closure: 1, observance: 2 };

/** Index a list's closed days by date. */
export function indexHolidayList(list: HolidayList): ClosedDayIndex {
  const closedByDate = new Map<CivilDate, HolidayDay>();
  for (const day of list.days) {
    if (!day.closed) continue;
    const existing = closedByDate.get(day.date);
    if (existing === undefined || KIND_RANK[day.kind] < KIND_RANK[existing.kind]) closedByDate.set(day.date, day);
  }
  return { list, closedByDate, fetchedAtMs: Date.parse(list.fetchedAt) };
}

/** What the decision needs besides the list and the instant. */
export interface DecisionOptions {
  /** The site's IANA time zone: "today" is the civil date there. */
  readonly timeZone: string;
  /** A list fetched longer ago than this answers with `dataStatus: "stale"`. */
  readonly maxAgeMs: number;
  /** The answer when there is no usable list: `false` lets callers reach the hours check. */
  readonly fallbackClosed: boolean;
}

/** The answer given when no list can be read. */
export function fallbackResult(fallbackClosed: boolean): CheckerResult {
  return {
    isHoliday: fallbackClosed ? 'true' : 'false',
    closedReason: fallbackClosed ? 'holiday' : '',
    holidayName: '',
    dataStatus: 'unavailable',
  };
}

/**
 * Decide whether the line is closed at `now`. `index` undefined means no list could be read; the answer is then
 * the configured fallback with `dataStatus: "unavailable"`. Never throws for data problems.
 */
export function decideIsHoliday(index: ClosedDayIndex | undefined, now: Date, options: DecisionOptions): CheckerResult {
  if (index === undefined) return fallbackResult(options.fallbackClosed);
  const today = civilDateIn(now, options.timeZone);
  const { coverage } = index.list;
  // A list written for another zone has its dates on another civil calendar (the site's zone changed and the
  // fetcher has not rewritten it yet): still the best answer there is, but not one to trust as "ok".
  const stale =
    today < coverage.from ||
    today > coverage.to ||
    index.list.timeZone !== options.timeZone ||
    !(now.getTime() - index.fetchedAtMs <= options.maxAgeMs);
  const dataStatus: DataStatus = stale ? 'stale' : 'ok';
  const closedDay = index.closedByDate.get(today);
  if (closedDay === undefined) return { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus };
  return {
    isHoliday: 'true',
    closedReason: closedDay.kind === 'closure' ? 'closure' : 'holiday',
    holidayName: closedDay.name,
    dataStatus,
  };
}
