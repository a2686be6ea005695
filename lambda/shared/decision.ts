/**
 * "Is the line closed today?" — the one rule the checker Lambda, the flow simulator and the CLI all use.
 *
 * Pure: the caller supplies the list (already indexed), the instant and the options. No clock, no I/O.
 */
import { BuiltinAnswer, BuiltinCalendar, builtinDayOn } from './builtin-calendar';
import { civilDateIn, CivilDate } from './civil-time';
import { cleanDayName, HolidayDay, HolidayList } from './holiday-list';

/**
 * Every value the checker can put in each key of its answer. The contact flow compares against these, and the
 * flow validator rejects a Compare on `$.External.<key>` whose operand is not listed here.
 */
export const CHECKER_RESULT_VALUES = {
  isHoliday: ['true', 'false'],
  closedReason: ['holiday', 'closure', ''],
  dataStatus: ['ok', 'stale', 'builtin', 'unavailable'],
  liveOverride: ['close', 'open', ''],
} as const;

/**
 * Keys whose value is free text (not comparable against a fixed set): the day's name, the live override's reason,
 * and the sentence saying when the line next opens.
 */
export const CHECKER_FREE_TEXT_KEYS = ['holidayName', 'liveReason', 'nextOpen'] as const;

/** How trustworthy the data behind an answer was. */
export type DataStatus = (typeof CHECKER_RESULT_VALUES.dataStatus)[number];

/** What the closed-day rule answers for one instant: the first four keys of the checker's answer. */
export interface DayResult {
  readonly [key: string]: string;
  /** `"true"` when today is a closed day (statutory holiday, configured observance or company closure). */
  readonly isHoliday: (typeof CHECKER_RESULT_VALUES.isHoliday)[number];
  /** Why it is closed: `holiday` (statutory or configured observance), `closure` (company), or empty when open. */
  readonly closedReason: (typeof CHECKER_RESULT_VALUES.closedReason)[number];
  /** The day's name for the announcement (`元日`, `年末年始`); empty when open. */
  readonly holidayName: string;
  /**
   * Where the answer came from: `ok` a healthy list; `stale` a list that is too old, dated in the future or written
   * for another zone; `builtin` the built-in calendar (no readable list, or the list does not reach today);
   * `unavailable` nothing knows today, so the configured fallback answered (with no name).
   */
  readonly dataStatus: DataStatus;
}

/**
 * The checker's answer to the contact flow: a flat map of short strings, read with JSON response validation (the
 * names are Japanese, which the STRING_MAP rule's "alphanumeric, dash, underscore" does not allow). The closed-day
 * answer ({@link DayResult}) plus the live override in force and when the line next opens (see `line-state.ts`).
 */
export interface CheckerResult extends DayResult {
  /** `close` or `open` while a live override is in force (a closure beats an opening), otherwise empty. */
  readonly liveOverride: (typeof CHECKER_RESULT_VALUES.liveOverride)[number];
  /** The live override's reason, as ops typed it (cleaned, capped); empty without one. */
  readonly liveReason: string;
  /** 「次の受付は11月24日(火)9時からです。」 when the line is closed now, otherwise empty. */
  readonly nextOpen: string;
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

/**
 * Index a list's closed days by date. Names are cleaned and capped here again ({@link cleanDayName}), whoever wrote
 * the list, so the answer stays far below Connect's 32 KB limit by construction.
 */
export function indexHolidayList(list: HolidayList): ClosedDayIndex {
  const closedByDate = new Map<CivilDate, HolidayDay>();
  for (const day of list.days) {
    if (!day.closed) continue;
    const existing = closedByDate.get(day.date);
    if (existing === undefined || KIND_RANK[day.kind] < KIND_RANK[existing.kind]) {
      closedByDate.set(day.date, { ...day, name: cleanDayName(day.name, day.kind) });
    }
  }
  return { list, closedByDate, fetchedAtMs: Date.parse(list.fetchedAt) };
}

/** What the decision needs besides the list and the instant. */
export interface DecisionOptions {
  /** The site's IANA time zone: "today" is the civil date there. */
  readonly timeZone: string;
  /** A list fetched longer ago than this answers with `dataStatus: "stale"`. */
  readonly maxAgeMs: number;
  /** The answer when nothing knows today (no list, and the built-in calendar neither): `false` lets callers reach the hours check. */
  readonly fallbackClosed: boolean;
  /** The site's closures and statutory corrections for the built-in calendar. @default none (statutory days only) */
  readonly builtin?: BuiltinCalendar;
}

/**
 * How far in the future a list's `fetchedAt` may lie before the list is called stale: the fetcher stamps it with its
 * own clock, and Lambda clocks agree to well under a second, so more than this is a broken clock or a forged list.
 */
export const FUTURE_FETCHED_AT_TOLERANCE_MS = 5 * 60_000;

/** The state of the held list at one instant, for the data-quality metrics. */
export type ListHealth =
  /** Fresh, for this zone, and covering today. */
  | 'ok'
  /** Too old, fetched in the future, written for another zone, or not covering today. */
  | 'stale'
  /** No list could be read. */
  | 'missing';

/** An answer and the state of the list behind it. */
export interface Decision {
  readonly result: DayResult;
  readonly list: ListHealth;
}

const NO_BUILTIN_EXTRAS: BuiltinCalendar = { closures: [], statutoryCorrections: [] };

/** The closed-day answer given when nothing knows today: the configured fallback, with no name. */
export function fallbackDayResult(fallbackClosed: boolean): DayResult {
  return {
    isHoliday: fallbackClosed ? 'true' : 'false',
    closedReason: fallbackClosed ? 'holiday' : '',
    holidayName: '',
    dataStatus: 'unavailable',
  };
}

/** The whole answer given when the checker cannot work it out (its error boundary): the fallback, nothing else. */
export function fallbackResult(fallbackClosed: boolean): CheckerResult {
  return { ...fallbackDayResult(fallbackClosed), liveOverride: '', liveReason: '', nextOpen: '' };
}

function answerFor(closedDay: HolidayDay | undefined, dataStatus: DataStatus): DayResult {
  if (closedDay === undefined) return { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus };
  return {
    isHoliday: 'true',
    closedReason: closedDay.kind === 'closure' ? 'closure' : 'holiday',
    holidayName: cleanDayName(closedDay.name, closedDay.kind),
    dataStatus,
  };
}

/**
 * Decide whether the line is closed at `now`, and say how healthy the list behind the answer was.
 *
 * A list that covers today answers (`ok`, or `stale` when it is too old, dated in the future or written for another
 * zone). Without one — none could be read, or today lies outside it — the built-in calendar answers (`builtin`):
 * statutory days and closures are still right, only observances the site closes on are missed. Only when that does
 * not know today either does the configured fallback answer (`unavailable`). Never throws for data problems.
 */
export function decide(index: ClosedDayIndex | undefined, now: Date, options: DecisionOptions): Decision {
  const today = civilDateIn(now, options.timeZone);
  if (index !== undefined && listCovers(index, today)) {
    const ageMs = now.getTime() - index.fetchedAtMs;
    // A list written for another zone has its dates on another civil calendar (the site's zone changed and the
    // fetcher has not rewritten it yet): still the best answer there is, but not one to trust as "ok".
    const stale =
      index.list.timeZone !== options.timeZone || !(ageMs <= options.maxAgeMs && ageMs >= -FUTURE_FETCHED_AT_TOLERANCE_MS);
    return { result: answerFor(index.closedByDate.get(today), stale ? 'stale' : 'ok'), list: stale ? 'stale' : 'ok' };
  }
  const list: ListHealth = index === undefined ? 'missing' : 'stale';
  const builtin = builtinDayOn(today, options.builtin ?? NO_BUILTIN_EXTRAS);
  if (builtin.known) return { result: answerFor(builtin.day, 'builtin'), list };
  return { result: fallbackDayResult(options.fallbackClosed), list };
}

function listCovers(index: ClosedDayIndex, date: CivilDate): boolean {
  return date >= index.list.coverage.from && date <= index.list.coverage.to;
}

/** What is known about one date: the closed day on it (undefined: a business day), or that nothing knows the date. */
export type DayAnswer = BuiltinAnswer;

/**
 * The closed day on `date` by the checker's own rule, without the clock: the list where it covers the date, the
 * built-in calendar elsewhere. The override sync plans Connect's closed days from this, so the hours check closes
 * exactly the days the checker would call closed.
 */
export function closedDayOn(index: ClosedDayIndex | undefined, date: CivilDate, builtin: BuiltinCalendar): DayAnswer {
  if (index !== undefined && listCovers(index, date)) return { known: true, day: index.closedByDate.get(date) };
  const answer = builtinDayOn(date, builtin);
  return answer.known && answer.day !== undefined ? { known: true, day: { ...answer.day, name: cleanDayName(answer.day.name, answer.day.kind) } } : answer;
}

/** The closed-day answer alone: see {@link decide}. */
export function decideIsHoliday(index: ClosedDayIndex | undefined, now: Date, options: DecisionOptions): DayResult {
  return decide(index, now, options).result;
}
