/**
 * Civil (wall-clock) dates and times in a named IANA time zone.
 *
 * Every "what day is it for the caller" question in the project goes through here: the checker Lambda, the
 * fetcher, the simulator and the CLI. Lambdas run on a UTC clock, so nothing may call `Date#getDate()` or
 * `toISOString().slice(0, 10)` to learn today's date.
 */

/** A calendar date written `YYYY-MM-DD`, with no time and no zone. */
export type CivilDate = string;

/** Days of the week in the spelling Amazon Connect hours of operation use. */
export const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

/** One day of the week, as Amazon Connect spells it. */
export type Weekday = (typeof WEEKDAYS)[number];

/** The wall-clock reading of an instant in one time zone. */
export interface CivilTime {
  /** The civil date, `YYYY-MM-DD`. */
  readonly date: CivilDate;
  /** The day of the week of `date`. */
  readonly weekday: Weekday;
  /** 0-23. */
  readonly hour: number;
  /** 0-59. */
  readonly minute: number;
  /** 0-59. */
  readonly second: number;
  /** Seconds since the civil midnight that began `date` (0-86399), as the wall clock reads them. */
  readonly secondOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Creating a formatter costs tens of microseconds; reading one costs about one. Keep one per zone.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const SHORT_WEEKDAYS: Readonly<Record<string, Weekday>> = {
  Sun: 'SUNDAY',
  Mon: 'MONDAY',
  Tue: 'TUESDAY',
  Wed: 'WEDNESDAY',
  Thu: 'THURSDAY',
  Fri: 'FRIDAY',
  Sat: 'SATURDAY',
};

/** True when `timeZone` is an IANA zone name this runtime knows (e.g. `Asia/Tokyo`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The canonical IANA name this runtime gives `timeZone` (`JST` and `asia/tokyo` both give `Asia/Tokyo`), or
 * undefined for a zone it does not know. Connect and EventBridge Scheduler take canonical names only.
 */
export function canonicalTimeZoneName(timeZone: string): string | undefined {
  if (!isValidTimeZone(timeZone)) return undefined;
  return formatterFor(timeZone).resolvedOptions().timeZone;
}

/** The wall-clock date and time of `instant` in `timeZone`. Throws a RangeError for an unknown zone. */
export function civilTimeIn(instant: Date, timeZone: string): CivilTime {
  const parts = formatterFor(timeZone).formatToParts(instant);
  let year = '';
  let month = '';
  let day = '';
  let hour = 0;
  let minute = 0;
  let second = 0;
  let weekday: Weekday = 'SUNDAY';
  for (const part of parts) {
    switch (part.type) {
      case 'year':
        year = part.value;
        break;
      case 'month':
        month = part.value;
        break;
      case 'day':
        day = part.value;
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'weekday':
        weekday = SHORT_WEEKDAYS[part.value] ?? 'SUNDAY';
        break;
      default:
        break;
    }
  }
  return {
    date: `${year.padStart(4, '0')}-${month}-${day}`,
    weekday,
    hour,
    minute,
    second,
    secondOfDay: hour * 3600 + minute * 60 + second,
  };
}

/** A span of instants `[fromMs, toMs)` that all fall on one civil date in one zone. */
interface CivilDayWindow {
  readonly date: CivilDate;
  readonly fromMs: number;
  readonly toMs: number;
}

const DAY_MS = 86_400_000;

// The last civil day seen per zone. The checker asks "what day is it" on every call, and reading an
// Intl formatter costs microseconds, far more than the O(1) list lookup; a day's window turns it into two compares.
const dayWindows = new Map<string, CivilDayWindow>();

/**
 * The window of the civil day containing `instant`, or undefined when the zone's UTC offset changes during
 * that day (a DST day: those are answered by the formatter, uncached).
 */
function dayWindowOf(instantMs: number, timeZone: string, reading: CivilTime): CivilDayWindow | undefined {
  // UTC offsets are whole seconds, so the milliseconds of the wall clock are those of the instant.
  const millis = ((instantMs % 1000) + 1000) % 1000;
  const fromMs = instantMs - reading.secondOfDay * 1000 - millis;
  const toMs = fromMs + DAY_MS;
  // The first and last millisecond of the candidate day must read 00:00:00 and 23:59:59 of the same date;
  // that holds exactly when the offset there equals the offset at `instant`. (A day holding two transitions
  // that cancel out would slip through; no zone in the tz database has one.)
  const first = civilTimeIn(new Date(fromMs), timeZone);
  const last = civilTimeIn(new Date(toMs - 1), timeZone);
  if (first.date !== reading.date || first.secondOfDay !== 0) return undefined;
  if (last.date !== reading.date || last.secondOfDay !== DAY_MS / 1000 - 1) return undefined;
  return { date: reading.date, fromMs, toMs };
}

/** The civil date of `instant` in `timeZone`: "today" for a caller in that zone. */
export function civilDateIn(instant: Date, timeZone: string): CivilDate {
  const instantMs = instant.getTime();
  const window = dayWindows.get(timeZone);
  if (window !== undefined && instantMs >= window.fromMs && instantMs < window.toMs) return window.date;
  const reading = civilTimeIn(instant, timeZone);
  const found = dayWindowOf(instantMs, timeZone, reading);
  if (found !== undefined) dayWindows.set(timeZone, found);
  return reading.date;
}

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false;
  const match = CIVIL_DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** `date` moved by `days` calendar days (negative moves back). Pure calendar arithmetic, no zone involved. */
export function addDays(date: CivilDate, days: number): CivilDate {
  const match = CIVIL_DATE.exec(date);
  if (match === null) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const moved = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return moved.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  return Math.round((end - start) / 86_400_000);
}

/** The weekday of a civil date. */
export function weekdayOf(date: CivilDate): Weekday {
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
  if (weekday === undefined) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return weekday;
}

/** Minutes since midnight for an `HH:MM` clock reading (`24:00` is 1440, the end of the day). */
export function minutesOfClock(clock: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  if (match === null) return Number.NaN;
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The instant at which the wall clock of `timeZone` reads `date` plus `secondOfDay` seconds. Where a clock change
 * skips that reading, the instant just after the gap; where it repeats it, the earlier one.
 */
export function zonedInstant(date: CivilDate, secondOfDay: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(year, month - 1, day) + secondOfDay * 1000;
  // Read the wall clock at a first guess and correct by the difference; twice covers an offset change in between.
  let guess = wanted;
  for (let i = 0; i < 3; i += 1) {
    const reading = civilTimeIn(new Date(guess), timeZone);
    const shown = Date.parse(`${reading.date}T00:00:00Z`) + reading.secondOfDay * 1000;
    if (shown === wanted) return new Date(guess);
    guess += wanted - shown;
  }
  return new Date(guess);
}

/** `HH:MM` for a minute of the day; 1440 is written 24:00 (in names and messages only: Connect's own fields write it 00:00). */
export function clockLabel(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
