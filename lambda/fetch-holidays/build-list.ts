/**
 * Calendar text → checked holiday list: parse (node-ical), classify, add company closures, check.
 *
 * Pure: the caller supplies the text, the policy and the instant. The fetcher Lambda, the CLI (`cli holidays`) and
 * the flow simulator all call {@link buildHolidayList}, so a calendar that passes here is exactly what gets stored.
 */
import { expandRecurringEvent, sync as icalSync } from 'node-ical';
import type { CalendarResponse, ParameterValue, VEvent } from 'node-ical';
import { addDays, CivilDate, civilDateIn, daysBetween } from '../shared/civil-time';
import { expandClosures } from '../shared/closures';
import { HOLIDAY_LIST_FORMAT_VERSION, HolidayDay, HolidayList, sortDays } from '../shared/holiday-list';
import type { DateRange, HolidayPolicy } from '../shared/holiday-policy';

/** Which check a calendar failed (stable codes for alerts and tests). */
export type CalendarCheck =
  | 'not-icalendar'
  | 'truncated'
  | 'unparseable'
  | 'no-events'
  | 'no-all-day-events'
  | 'event-too-long'
  | 'no-whole-year'
  | 'holiday-count'
  | 'coverage';

/** The calendar failed a check; `message` is one line naming the cause, `check` says which. */
export class CalendarCheckError extends Error {
  /** Which check failed. */
  readonly check: CalendarCheck;

  constructor(check: CalendarCheck, message: string) {
    super(message);
    this.name = 'CalendarCheckError';
    this.check = check;
  }
}

/** What {@link buildHolidayList} needs besides the text and the policy. */
export interface BuildOptions {
  /** The instant "today" is taken from (its civil date in `policy.timeZone`). */
  readonly now: Date;
  /** Where the text came from; written into the list. */
  readonly sourceUrl: string;
}

/** A built list plus what an operator may want to know about how it was read. */
export interface CalendarReading {
  /** The list that would be stored. */
  readonly list: HolidayList;
  /** Statutory holiday dates per wholly covered year, e.g. `{ "2026": 18 }`. */
  readonly holidaysPerYear: Readonly<Record<string, number>>;
  /** `google` (祝日/祭日 descriptions) or `statutory-only` (every DESCRIPTION empty: the pre-2024 feed). */
  readonly shape: 'google' | 'statutory-only';
  /** One-line remarks on events that were skipped (timed or cancelled events). */
  readonly notes: readonly string[];
}

/** The statutory-holiday marker Google puts in DESCRIPTION (observances carry `祭日\n…`). */
const STATUTORY_DESCRIPTION = '祝日';

/**
 * A holiday or observance is one day; even a company calendar's longest closure is a few weeks. A longer all-day
 * event is far more likely a mistake (a year-long "busy" block) than a reason to close for months.
 */
export const MAX_EVENT_DAYS = 31;

function textOf(value: ParameterValue | undefined): string {
  if (value === undefined || value === null) return '';
  return String(typeof value === 'object' ? value.val : value);
}

/**
 * Tidy a feed's holiday name for callers' ears: collapse whitespace (full-width included) and write Google's
 * `休日 元日` spelling of a substitute holiday the way its other substitutes are written (`元日 振替休日`), so the
 * announcement reads the same whichever spelling the feed used that year. `国民の休日` and a bare `休日` stay.
 */
export function normalizeHolidayName(name: string): string {
  const tidy = name.replace(/[\s\u3000]+/gu, ' ').trim();
  const substitute = /^休日 (.+)$/u.exec(tidy);
  return substitute === null ? tidy : `${substitute[1]} 振替休日`;
}

/**
 * The civil date an all-day value stands for. node-ical builds `VALUE=DATE` values as local midnight of the host,
 * so the host's local calendar fields are the date as written; no time zone conversion may touch it.
 */
function civilDateOfAllDay(value: Date): CivilDate {
  const year = String(value.getFullYear()).padStart(4, '0');
  const month = String(value.getMonth() + 1).padStart(2, '0');
  const day = String(value.getDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

/** Every date an all-day occurrence covers: from its start up to (not including) its exclusive end. */
function datesOfOccurrence(start: Date, end: Date | undefined, summary: string): CivilDate[] {
  const first = civilDateOfAllDay(start);
  // A missing or non-positive DTEND means one day (RFC 5545 3.6.1 for DATE values).
  const span = end === undefined ? 1 : Math.max(1, daysBetween(first, civilDateOfAllDay(end)));
  if (span > MAX_EVENT_DAYS) {
    throw new CalendarCheckError(
      'event-too-long',
      `all-day event "${summary}" from ${first} spans ${span} days (more than ${MAX_EVENT_DAYS}); refusing the calendar`,
    );
  }
  return Array.from({ length: span }, (_, offset) => addDays(first, offset));
}

interface RawDay {
  readonly date: CivilDate;
  readonly name: string;
  readonly statutory: boolean;
}

/** The first line of a description, as the statutory marker is compared against it. */
function firstLineOf(description: string): string {
  return description.split(/\r?\n/u, 1)[0]?.trim() ?? '';
}

function describeStart(text: string): string {
  const firstLine = text.trimStart().split(/\r?\n/u, 1)[0] ?? '';
  // Control characters from a binary body must not break the one-line message.
  const printable = firstLine.replace(/[\u0000-\u001f\u007f]/gu, ' ').slice(0, 60);
  return printable === '' ? 'an empty body' : `"${printable}"`;
}

/** The shape checks that need no parser: an HTML page with status 200 or a cut-off body must fail here. */
function checkEnvelope(text: string): void {
  const body = text.replace(/^\uFEFF/u, '');
  if (!/^\s*BEGIN:VCALENDAR\r?\n/iu.test(body)) {
    const looksHtml = /^\s*</u.test(body);
    throw new CalendarCheckError(
      'not-icalendar',
      `not an iCalendar document${looksHtml ? ' (an HTML page)' : ''}: starts with ${describeStart(body)}`,
    );
  }
  if (!/(?:^|\n)END:VCALENDAR\s*$/iu.test(body)) {
    throw new CalendarCheckError('truncated', 'calendar is truncated: it does not end with END:VCALENDAR');
  }
}

function parse(text: string): CalendarResponse {
  try {
    return icalSync.parseICS(text);
  } catch (error) {
    throw new CalendarCheckError(
      'unparseable',
      `calendar could not be parsed: ${(error instanceof Error ? error.message : String(error)).split('\n', 1)[0]}`,
    );
  }
}

function isEvent(component: unknown): component is VEvent {
  return typeof component === 'object' && component !== null && (component as { type?: unknown }).type === 'VEVENT';
}

/** Jan 1 of the first event's year when the feed starts in January; otherwise the first event's date. */
function coverageOf(dates: readonly CivilDate[]): DateRange {
  const first = dates[0] as CivilDate;
  const last = dates[dates.length - 1] as CivilDate;
  // Why whole years, and when: a holiday calendar is published per year, and Google's feed lists whole years, whose
  // first entry is 元日 (01-01) and whose last statutory day is 勤労感謝の日 (11-23, or its substitute 11-24;
  // observances run to 大晦日 12-31). A feed whose first event is in January speaks for that whole year, and one
  // whose last event is in November or December speaks for the rest of its year (no statutory day falls after
  // 11-24). A feed that starts or stops mid-year (a rolling window) speaks only for the span of its events: claiming
  // the rest of that year would turn "no entry" into "open" on days the feed never described.
  const from = first.slice(5, 7) === '01' ? `${first.slice(0, 4)}-01-01` : first;
  const to = last.slice(5, 7) >= '11' ? `${last.slice(0, 4)}-12-31` : last;
  return { from, to };
}

/** Years whose every day lies inside `range`. */
function wholeYearsIn(range: DateRange): number[] {
  const years: number[] = [];
  for (let year = Number(range.from.slice(0, 4)); year <= Number(range.to.slice(0, 4)); year += 1) {
    const y = String(year).padStart(4, '0');
    if (`${y}-01-01` >= range.from && `${y}-12-31` <= range.to) years.push(year);
  }
  return years;
}

/** Local-midnight bounds for node-ical's recurrence expansion, which works in host-local time for DATE values. */
function localDayStart(date: CivilDate): Date {
  return new Date(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/**
 * Parse, classify, add closures and check, returning the list with what an operator may want to know.
 * Throws {@link CalendarCheckError} naming the first failed check. {@link buildHolidayList} is this minus the report.
 */
export function readCalendar(icsText: string, policy: HolidayPolicy, options: BuildOptions): CalendarReading {
  checkEnvelope(icsText);
  const parsed = parse(icsText);
  const events = Object.values(parsed).filter(isEvent);
  if (events.length === 0) throw new CalendarCheckError('no-events', 'calendar has no events');

  const notes: string[] = [];
  let timed = 0;
  let cancelled = 0;
  const allDay: VEvent[] = [];
  for (const event of events) {
    if (textOf(event.status as ParameterValue | undefined).toUpperCase() === 'CANCELLED') {
      cancelled += 1;
    } else if (event.datetype === 'date' && event.start instanceof Date) {
      allDay.push(event);
    } else {
      // A timed event is an instant in some zone; which civil day it "is" depends on whose clock reads it, so a feed
      // of NY-midnight events would land a day early in Tokyo. A holiday is a whole civil day: timed events are
      // never read as holidays.
      timed += 1;
    }
  }
  if (timed > 0) notes.push(`ignored ${timed} timed event(s): only all-day events are read as days`);
  if (cancelled > 0) notes.push(`ignored ${cancelled} cancelled event(s)`);
  if (allDay.length === 0) {
    throw new CalendarCheckError(
      'no-all-day-events',
      timed > 0
        ? `calendar has no all-day events (${timed} timed event(s) ignored: a holiday feed lists whole days, and reading timed events would shift them by time zone)`
        : 'calendar has no usable events',
    );
  }

  // The pre-2024 Google feed and similar statutory-only feeds leave every DESCRIPTION empty.
  const statutoryOnly = allDay.every((event) => textOf(event.description).trim() === '');
  const isStatutory = (event: VEvent) =>
    statutoryOnly || firstLineOf(textOf(event.description)) === STATUTORY_DESCRIPTION;

  const raw: RawDay[] = [];
  const recurring: VEvent[] = [];
  for (const event of allDay) {
    if (event.rrule !== undefined) {
      recurring.push(event);
      continue;
    }
    const name = normalizeHolidayName(textOf(event.summary));
    for (const date of datesOfOccurrence(event.start, event.end, name)) raw.push({ date, name, statutory: isStatutory(event) });
  }

  // Recurring events repeat forever, so they cannot define the range; they fill the range the dated events span (or,
  // for a calendar of recurring events only, this year and the next).
  const today = civilDateIn(options.now, policy.timeZone);
  const datedDates = raw.map((day) => day.date).sort();
  const coverage =
    datedDates.length > 0
      ? coverageOf(datedDates)
      : { from: `${today.slice(0, 4)}-01-01`, to: `${Number(today.slice(0, 4)) + 1}-12-31` };
  for (const event of recurring) {
    const name = normalizeHolidayName(textOf(event.summary));
    const instances = expandRecurringEvent(event, {
      from: localDayStart(coverage.from),
      to: localDayStart(addDays(coverage.to, 1)),
    });
    for (const instance of instances) {
      for (const date of datesOfOccurrence(instance.start, instance.end, name)) {
        if (date >= coverage.from && date <= coverage.to) raw.push({ date, name, statutory: isStatutory(event) });
      }
    }
  }

  const wholeYears = wholeYearsIn(coverage);
  if (wholeYears.length === 0) {
    throw new CalendarCheckError(
      'no-whole-year',
      `calendar covers ${coverage.from}..${coverage.to}, no whole year, so its holiday count cannot be checked`,
    );
  }
  const statutoryDates = new Set(raw.filter((day) => day.statutory).map((day) => day.date));
  const holidaysPerYear: Record<string, number> = {};
  for (const year of wholeYears) {
    const prefix = `${String(year).padStart(4, '0')}-`;
    holidaysPerYear[String(year)] = [...statutoryDates].filter((date) => date.startsWith(prefix)).length;
  }
  const { minHolidaysPerYear, maxHolidaysPerYear, minDaysAhead } = policy.checks;
  for (const [year, count] of Object.entries(holidaysPerYear)) {
    if (count < minHolidaysPerYear || count > maxHolidaysPerYear) {
      throw new CalendarCheckError(
        'holiday-count',
        `implausible number of statutory holidays in ${year}: ${count} (expected ${minHolidaysPerYear}-${maxHolidaysPerYear})`,
      );
    }
  }

  const needed = addDays(today, minDaysAhead);
  if (today < coverage.from || needed > coverage.to) {
    throw new CalendarCheckError(
      'coverage',
      `calendar covers ${coverage.from}..${coverage.to}, which does not include today (${today}) through ${needed} (${minDaysAhead} days ahead)`,
    );
  }

  const closedObservances = new Set(policy.closedObservances.map(normalizeHolidayName));
  const days = new Map<string, HolidayDay>();
  for (const day of raw) {
    const kind = day.statutory ? 'holiday' : 'observance';
    const closed = kind === 'holiday' || closedObservances.has(day.name);
    // The same day listed twice (a duplicated UID, an overlapping multi-day event) is one entry.
    days.set(`${day.date}\u0000${kind}\u0000${day.name}`, { date: day.date, name: day.name, kind, closed });
  }
  const closures = expandClosures(policy.closures, coverage);

  return {
    list: {
      formatVersion: HOLIDAY_LIST_FORMAT_VERSION,
      sourceUrl: options.sourceUrl,
      fetchedAt: options.now.toISOString(),
      timeZone: policy.timeZone,
      coverage,
      days: sortDays([...days.values(), ...closures]),
    },
    holidaysPerYear,
    shape: statutoryOnly ? 'statutory-only' : 'google',
    notes,
  };
}

/**
 * Build the holiday list a calendar stands for, or throw {@link CalendarCheckError} naming why it must not replace
 * the stored one. Holidays and closures are always closed; an observance only when `policy.closedObservances` names
 * it. Dates are the feed's all-day civil dates as written, whatever `policy.timeZone` and the host zone are.
 */
export function buildHolidayList(
  icsText: string,
  policy: HolidayPolicy,
  options: { now: Date; sourceUrl: string },
): HolidayList {
  return readCalendar(icsText, policy, options).list;
}
