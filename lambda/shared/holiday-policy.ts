/**
 * What the fetcher needs from the site configuration: where the calendar is, which days count as closed, and the
 * checks a new list must pass. CDK passes it to the fetcher as one JSON environment variable; the CLI builds the
 * same object from the same site configuration, so both run one code path.
 */
import { CivilDate } from './civil-time';
import type { StatutoryCorrection } from './statutory-calendar';

/** A company closure: a date range the line is closed for the company's own reasons (年末年始, お盆). */
export interface Closure {
  /** First closed day: `YYYY-MM-DD` (that year only) or `MM-DD` (every year). */
  readonly from: string;
  /** Last closed day (inclusive), written like `from`; not before `from`. */
  readonly to: string;
  /** What the announcement may say, e.g. `年末年始`. */
  readonly reason: string;
}

/** The sanity checks a freshly parsed calendar must pass before it can replace the stored list. */
export interface HolidayListChecks {
  /** Fewest statutory holidays a fully covered year may have. @default 14 */
  readonly minHolidaysPerYear: number;
  /** Most statutory holidays a fully covered year may have. @default 24 */
  readonly maxHolidaysPerYear: number;
  /** The list must cover today and at least this many days ahead. @default 60 */
  readonly minDaysAhead: number;
}

/** A closed day an admin has confirmed may leave the stored list (the day really is a business day now). */
export interface RemovalAllowance {
  /** The civil date, `YYYY-MM-DD`. */
  readonly date: CivilDate;
  /** Why, for the record. */
  readonly reason: string;
}

/** How far ahead every closed day of the stored list is protected from disappearing unannounced, in days. */
export const PROTECTED_DAYS_AHEAD = 400;

/** How the calendar is fetched. */
export interface CalendarFetchLimits {
  /** Per-attempt timeout. @default 10000 */
  readonly timeoutMs: number;
  /** Largest body accepted, in bytes. @default 2000000 */
  readonly maxBytes: number;
  /** Attempts in all (1 = no retry) for network errors, 5xx and 429. @default 3 */
  readonly attempts: number;
}

/** Everything the fetcher's parse → classify → check → store path depends on. */
export interface HolidayPolicy {
  /** The site's IANA time zone; all-day calendar dates are civil dates there. */
  readonly timeZone: string;
  /** The iCalendar URL (HTTPS). */
  readonly calendarUrl: string;
  /** Observance names (SUMMARY, e.g. `銀行休業日`) that close the line. @default [] */
  readonly closedObservances: readonly string[];
  /** The company's own closures. @default [] */
  readonly closures: readonly Closure[];
  /** Checks a new list must pass. */
  readonly checks: HolidayListChecks;
  /** Corrections of the second source an admin confirmed (a new law's day, a day the law removed). @default [] */
  readonly statutoryCorrections: readonly StatutoryCorrection[];
  /** Closed days that may disappear from the stored list. @default [] */
  readonly allowRemoval: readonly RemovalAllowance[];
  /** Fetch limits. */
  readonly fetch: CalendarFetchLimits;
  /** Rewrite an unchanged list once the stored one is this many days old, so its age shows the fetcher is alive. @default 7 */
  readonly rewriteUnchangedAfterDays: number;
}

/** A civil date range, inclusive at both ends. */
export interface DateRange {
  readonly from: CivilDate;
  readonly to: CivilDate;
}
