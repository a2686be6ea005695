/**
 * The one error a calendar that must not replace the stored list raises, with a stable code per check.
 */

/** Which check a calendar failed (stable codes for alerts, logs and tests). */
export type CalendarCheck =
  | 'not-icalendar'
  | 'truncated'
  | 'encoding'
  | 'malformed'
  | 'bad-date'
  | 'event-count'
  | 'unparseable'
  | 'no-events'
  | 'no-all-day-events'
  | 'event-too-long'
  | 'no-whole-year'
  | 'holiday-count'
  | 'coverage'
  | 'cross-check'
  | 'observance'
  | 'too-many-days';

/** One date on which the feed and the second source disagree about a statutory day. */
export interface StatutoryDispute {
  /** The civil date. */
  readonly date: string;
  /** What the feed has on that date, in words (`祝日 勤労感謝の日`, `行事 クリスマス`, `何もない`…). */
  readonly feed: string;
  /** What the second source (with the admin's corrections) has: the statutory day's name, or undefined. */
  readonly secondSource: string | undefined;
}

/** The calendar failed a check; `message` is one line naming the cause, `check` says which. */
export class CalendarCheckError extends Error {
  /** Which check failed. */
  readonly check: CalendarCheck;
  /** For `cross-check`: every disputed date, in date order. */
  readonly disputes: readonly StatutoryDispute[];

  constructor(check: CalendarCheck, message: string, disputes: readonly StatutoryDispute[] = []) {
    super(message);
    this.name = 'CalendarCheckError';
    this.check = check;
    this.disputes = disputes;
  }
}
