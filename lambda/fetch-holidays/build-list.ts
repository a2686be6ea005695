/**
 * Calendar bytes → checked holiday list: read the text as RFC 5545 says (ical-text), parse (node-ical), classify,
 * cross-check every statutory day against the second source, add company closures, check.
 *
 * Pure: the caller supplies the calendar, the policy and the instant. The fetcher Lambda, the CLI (`cli holidays`)
 * and the flow simulator all call {@link readCalendar}, so a calendar that passes here is exactly what gets stored.
 */
import { expandRecurringEvent, sync as icalSync } from 'node-ical';
import type { CalendarResponse, ParameterValue, VEvent } from 'node-ical';
import { addDays, CivilDate, civilDateIn, daysBetween } from '../shared/civil-time';
import { expandClosures } from '../shared/closures';
import { cleanDayName, HOLIDAY_LIST_FORMAT_VERSION, HolidayDay, HolidayList, sortDays } from '../shared/holiday-list';
import type { DateRange, HolidayPolicy } from '../shared/holiday-policy';
import { secondSourceLabel, secondSourceRange, statutoryDaysBetween } from '../shared/statutory-calendar';
import { CalendarCheckError, StatutoryDispute } from './calendar-check';
import { CalendarInput, checkCalendarText } from './ical-text';
import { checkObservances } from './observances';

export { CalendarCheckError } from './calendar-check';
export type { CalendarCheck, StatutoryDispute } from './calendar-check';
export type { CalendarInput } from './ical-text';

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

/** Most entries a list may hold: decades of holidays, observances and closures, far below what the checker can index. */
export const MAX_LIST_DAYS = 5000;

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
  /** Days its event spans. */
  readonly span: number;
  /** Whether it came from a recurring event. */
  readonly recurring: boolean;
}

/** The first line of a description, as the statutory marker is compared against it. */
function firstLineOf(description: string): string {
  return description.split(/\r?\n/u, 1)[0]?.trim() ?? '';
}

function parse(text: string): CalendarResponse {
  let parsed: CalendarResponse;
  try {
    parsed = icalSync.parseICS(text);
  } catch (error) {
    // node-ical's messages quote the offending line; only the kind of failure goes into alerts and logs.
    const kind = (error instanceof Error ? error.message : String(error)).split(/[,:=\n]/u, 1)[0]?.replace(/[^A-Za-z ]/gu, '').trim().slice(0, 60);
    throw new CalendarCheckError('unparseable', `calendar could not be parsed (${kind === '' || kind === undefined ? 'parser error' : kind})`);
  } finally {
    // A key such as __proto__ in the feed must never leave the parser's objects changed for the rest of the process.
    const polluted = Object.keys(Object.prototype);
    if (polluted.length > 0) {
      for (const key of polluted) delete (Object.prototype as Record<string, unknown>)[key];
      // eslint-disable-next-line no-unsafe-finally
      throw new CalendarCheckError('unparseable', 'calendar tried to change the parser\'s object prototype; refusing it');
    }
  }
  return parsed;
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

/** Whatever else the feed has on one date, for a dispute's description. */
interface OtherEntry {
  readonly date: CivilDate;
  readonly what: string;
}

/** Clip `range` to the years the second source speaks for; undefined when nothing is left. */
function verifiableRange(range: DateRange): DateRange | undefined {
  const known = secondSourceRange();
  const from = range.from > known.from ? range.from : known.from;
  const to = range.to < known.to ? range.to : known.to;
  return from <= to ? { from, to } : undefined;
}

/**
 * Every date in `range` where the feed's statutory days and the second source (with the admin's corrections)
 * disagree: a day missing from the feed, an extra one, or one moved (which shows as one of each).
 */
function statutoryDisputes(
  raw: readonly RawDay[],
  others: readonly OtherEntry[],
  range: DateRange,
  policy: HolidayPolicy,
): StatutoryDispute[] {
  const expected = statutoryDaysBetween(range.from, range.to, policy.statutoryCorrections);
  const feedStatutory = new Map<CivilDate, string>();
  const feedOther = new Map<CivilDate, string[]>();
  for (const day of raw) {
    if (day.date < range.from || day.date > range.to) continue;
    if (day.statutory) feedStatutory.set(day.date, day.name);
    else feedOther.set(day.date, [...(feedOther.get(day.date) ?? []), `observance ${day.name}`]);
  }
  for (const other of others) {
    if (other.date >= range.from && other.date <= range.to) {
      feedOther.set(other.date, [...(feedOther.get(other.date) ?? []), other.what]);
    }
  }
  const disputes: StatutoryDispute[] = [];
  for (const date of [...new Set([...expected.keys(), ...feedStatutory.keys()])].sort()) {
    const inFeed = feedStatutory.get(date);
    const inSecond = expected.get(date);
    if ((inFeed === undefined) === (inSecond === undefined)) continue;
    disputes.push({
      date,
      feed: inFeed !== undefined ? `statutory ${inFeed}` : (feedOther.get(date) ?? ['nothing']).join(', '),
      secondSource: inSecond,
    });
  }
  return disputes;
}

/** At most this many disputes are spelt out in one message; the rest are counted. */
const MAX_LISTED_DISPUTES = 20;

function disputeMessage(disputes: readonly StatutoryDispute[]): string {
  const listed = disputes
    .slice(0, MAX_LISTED_DISPUTES)
    .map((d) => `${d.date} calendar: ${d.feed}, second source: ${d.secondSource ?? 'not a statutory day'}`);
  const more = disputes.length > MAX_LISTED_DISPUTES ? `; and ${disputes.length - MAX_LISTED_DISPUTES} more` : '';
  return (
    `the calendar disagrees with the second source (${secondSourceLabel()}) on ${disputes.length} statutory day(s): ` +
    `${listed.join('; ')}${more}. If a new law made the calendar right, confirm each date in holidays.statutoryCorrections`
  );
}

/**
 * Read, parse, classify, cross-check, add closures and check, returning the list with what an operator may want to
 * know. Throws {@link CalendarCheckError} naming the first failed check. {@link buildHolidayList} is this minus the
 * report.
 */
export function readCalendar(input: CalendarInput, policy: HolidayPolicy, options: BuildOptions): CalendarReading {
  const checked = checkCalendarText(input);
  const parsed = parse(checked.text);
  const events = Object.values(parsed).filter(isEvent);
  if (checked.events.length === 0 || events.length === 0) throw new CalendarCheckError('no-events', 'calendar has no events');
  if (events.length !== checked.events.length) {
    // node-ical keeps one event per UID (and folds RECURRENCE-ID overrides into their parent): a lost block is a
    // lost day, so the counts must match.
    const seen = new Map<string, number>();
    for (const block of checked.events) if (block.uid !== undefined) seen.set(block.uid, (seen.get(block.uid) ?? 0) + 1);
    const duplicated = [...seen].filter(([, count]) => count > 1);
    const overrides = checked.events.filter((block) => block.recurrenceOverride).length;
    const why =
      overrides > 0
        ? `${overrides} event(s) override one instance of a recurring event (RECURRENCE-ID), which this reader does not support`
        : duplicated.length > 0
          ? `${duplicated.length} UID(s) are shared by several events (${duplicated
              .slice(0, 3)
              .map(([uid, count]) => `${cleanDayName(uid, 'holiday')} ×${count}`)
              .join(', ')}${duplicated.length > 3 ? ', …' : ''})`
          : 'the parser lost some';
    throw new CalendarCheckError(
      'event-count',
      `calendar has ${checked.events.length} VEVENT blocks but ${events.length} events could be read: ${why}; refusing it rather than dropping days`,
    );
  }

  const today = civilDateIn(options.now, policy.timeZone);
  const notes: string[] = [];
  const others: OtherEntry[] = [];
  let timed = 0;
  let cancelled = 0;
  const allDay: VEvent[] = [];
  for (const event of events) {
    const name = cleanDayName(normalizeHolidayName(textOf(event.summary)), 'observance');
    if (textOf(event.status as ParameterValue | undefined).toUpperCase() === 'CANCELLED') {
      cancelled += 1;
      if (event.start instanceof Date) {
        const date = event.datetype === 'date' ? civilDateOfAllDay(event.start) : civilDateIn(event.start, policy.timeZone);
        others.push({ date, what: `a cancelled event "${name}" (ignored)` });
      }
    } else if (event.datetype === 'date' && event.start instanceof Date) {
      allDay.push(event);
    } else {
      // A timed event is an instant in some zone; which civil day it "is" depends on whose clock reads it, so a feed
      // of NY-midnight events would land a day early in Tokyo. A holiday is a whole civil day: timed events are
      // never read as holidays.
      timed += 1;
      if (event.start instanceof Date) {
        others.push({ date: civilDateIn(event.start, policy.timeZone), what: `a timed event "${name}" (ignored)` });
      }
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
  const nameOf = (event: VEvent) =>
    cleanDayName(normalizeHolidayName(textOf(event.summary)), isStatutory(event) ? 'holiday' : 'observance');

  const raw: RawDay[] = [];
  const recurring: VEvent[] = [];
  for (const event of allDay) {
    if (event.rrule !== undefined) {
      recurring.push(event);
      continue;
    }
    const name = nameOf(event);
    const dates = datesOfOccurrence(event.start, event.end, name);
    for (const date of dates) raw.push({ date, name, statutory: isStatutory(event), span: dates.length, recurring: false });
  }

  // Recurring events repeat forever, so they cannot define the range; they fill the range the dated events span (or,
  // for a calendar of recurring events only, this year and the next).
  const datedDates = raw.map((day) => day.date).sort();
  const feedCoverage =
    datedDates.length > 0
      ? coverageOf(datedDates)
      : { from: `${today.slice(0, 4)}-01-01`, to: `${Number(today.slice(0, 4)) + 1}-12-31` };
  for (const event of recurring) {
    const name = nameOf(event);
    const instances = expandRecurringEvent(event, {
      from: localDayStart(feedCoverage.from),
      to: localDayStart(addDays(feedCoverage.to, 1)),
    });
    for (const instance of instances) {
      const dates = datesOfOccurrence(instance.start, instance.end, name);
      for (const date of dates) {
        if (date >= feedCoverage.from && date <= feedCoverage.to) {
          raw.push({ date, name, statutory: isStatutory(event), span: dates.length, recurring: true });
        }
      }
    }
  }

  // Only what the second source can vouch for is stored: beyond its years a statutory day could appear or vanish
  // unnoticed. Past the list, the checker answers from the built-in calendar anyway.
  const clipped = verifiableRange(feedCoverage);
  if (clipped === undefined) {
    const known = secondSourceRange();
    throw new CalendarCheckError(
      'coverage',
      `calendar covers ${feedCoverage.from}..${feedCoverage.to}, outside the years the second source (${secondSourceLabel()}) can confirm (${known.from}..${known.to})`,
    );
  }
  if (clipped.from !== feedCoverage.from || clipped.to !== feedCoverage.to) {
    notes.push(
      `stored only ${clipped.from}..${clipped.to} of the calendar's ${feedCoverage.from}..${feedCoverage.to}: the second source (${secondSourceLabel()}) cannot confirm the rest`,
    );
  }
  const coverage = clipped;
  const inCoverage = raw.filter((day) => day.date >= coverage.from && day.date <= coverage.to);

  const wholeYears = wholeYearsIn(coverage);
  if (wholeYears.length === 0) {
    throw new CalendarCheckError(
      'no-whole-year',
      `calendar covers ${coverage.from}..${coverage.to}, no whole year, so its holiday count cannot be checked`,
    );
  }
  const statutoryDates = new Set(inCoverage.filter((day) => day.statutory).map((day) => day.date));
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

  // The feed is the primary source, but no statutory day may appear, vanish or move on its word alone.
  const disputes = statutoryDisputes(inCoverage, others, coverage, policy);
  if (disputes.length > 0) throw new CalendarCheckError('cross-check', disputeMessage(disputes), disputes);

  const closedObservances = new Set(policy.closedObservances.map((name) => cleanDayName(normalizeHolidayName(name), 'observance')));
  // A closed observance closes the line like a statutory day, so a feed may not move, stretch, repeat or drop one.
  checkObservances(
    inCoverage.filter((day) => !day.statutory),
    closedObservances,
    coverage,
    !statutoryOnly,
  );
  const days = new Map<string, HolidayDay>();
  for (const day of inCoverage) {
    const kind = day.statutory ? 'holiday' : 'observance';
    const closed = kind === 'holiday' || closedObservances.has(day.name);
    // The same day listed twice (an overlapping multi-day event) is one entry.
    days.set(`${day.date}\u0000${kind}\u0000${day.name}`, { date: day.date, name: day.name, kind, closed });
  }
  const closures = expandClosures(policy.closures, coverage).map((day) => ({ ...day, name: cleanDayName(day.name, 'closure') }));
  if (days.size + closures.length > MAX_LIST_DAYS) {
    throw new CalendarCheckError('too-many-days', `the list would hold ${days.size + closures.length} days (at most ${MAX_LIST_DAYS}); refusing rather than storing what no holiday calendar has`);
  }

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
  input: CalendarInput,
  policy: HolidayPolicy,
  options: { now: Date; sourceUrl: string },
): HolidayList {
  return readCalendar(input, policy, options).list;
}
