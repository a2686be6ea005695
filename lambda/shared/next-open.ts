/**
 * When does the line next open? One function for the checker (the sentence callers hear), the simulator and the
 * CLI's `status`: weekly hours, closed days and live overrides, on the site's wall clock.
 *
 * Pure: the caller passes the instant and a closed-day rule (the checker's own, `closedDayOn`).
 */
import { addDays, civilDateIn, civilTimeIn, CivilDate, weekdayOf, zonedInstant } from './civil-time';
import { HoursOfOperationEntry, isWithinHours } from './connect-hours';
import { LiveOverride, liveOverrideAt } from './live-overrides';
import { WEEKDAY_JA } from './notice';

/** What decides whether the line is open at an instant. */
export interface OpeningRules {
  /** The site's IANA time zone. */
  readonly timeZone: string;
  /** The weekly hours, as Connect holds them. */
  readonly weekly: readonly HoursOfOperationEntry[];
  /** True when the civil date is a closed day by the checker's rule (holiday, closed observance, closure). */
  readonly isClosedDay: (date: CivilDate) => boolean;
  /** The live overrides (cleared and ended ones are ignored). */
  readonly live: readonly LiveOverride[];
}

/** How far ahead the search looks: beyond a year of closures, a line is not "closed", it is gone. */
export const NEXT_OPEN_HORIZON_DAYS = 400;

/**
 * Whether callers are transferred at `at`: a live closure closes and a live opening opens whatever else holds;
 * otherwise a closed day is closed all day, and other days follow the weekly hours (start inclusive, end exclusive).
 */
export function isOpenAt(rules: OpeningRules, at: Date): boolean {
  const live = liveOverrideAt(rules.live, at);
  if (live !== undefined) return live.kind === 'open';
  if (rules.isClosedDay(civilDateIn(at, rules.timeZone))) return false;
  return isWithinHours(rules.weekly, rules.timeZone, at);
}

const secondsOf = (time: HoursOfOperationEntry['startTime']): number => (time.hours * 60 + time.minutes) * 60;

const DAY_MS = 86_400_000;

/**
 * Where the zone's UTC offset changes within a civil day that is not 24 hours long (a DST switch), or undefined.
 * A period starting inside a skipped hour opens there: its start reading never shows on the wall clock.
 */
function offsetChangeIn(dayStart: number, nextDayStart: number, timeZone: string): number | undefined {
  if (nextDayStart - dayStart === DAY_MS) return undefined;
  // Offsets and their changes fall on whole seconds, and so do both ends of the day.
  const offsetAt = (ms: number): number => {
    const clock = civilTimeIn(new Date(ms), timeZone);
    return Date.parse(`${clock.date}T00:00:00Z`) + clock.secondOfDay * 1000 - ms;
  };
  const before = offsetAt(dayStart);
  if (offsetAt(nextDayStart) === before) return undefined;
  let low = dayStart;
  let high = nextDayStart;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetAt(middle) === before) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * The first instant at or after `from` when the line is open, or undefined when it stays closed for
 * {@link NEXT_OPEN_HORIZON_DAYS} days. The line can only turn open where something changes: a weekly period's start,
 * a midnight (a closed day ends), a live override's start or end, or a DST switch; each is tried in order.
 */
export function nextOpening(rules: OpeningRules, from: Date, horizonDays = NEXT_OPEN_HORIZON_DAYS): Date | undefined {
  const fromMs = from.getTime();
  const boundaries = rules.live
    .filter((override) => override.cleared === undefined)
    .flatMap((override) => [Date.parse(override.from), Date.parse(override.until)])
    .filter((ms) => ms >= fromMs);
  const firstDate = civilDateIn(from, rules.timeZone);
  for (let offset = 0; offset <= horizonDays; offset += 1) {
    const date = addDays(firstDate, offset);
    const weekday = weekdayOf(date);
    const dayStart = zonedInstant(date, 0, rules.timeZone).getTime();
    const nextDayStart = zonedInstant(addDays(date, 1), 0, rules.timeZone).getTime();
    const candidates = new Set<number>([dayStart]);
    const offsetChange = offsetChangeIn(dayStart, nextDayStart, rules.timeZone);
    if (offsetChange !== undefined) candidates.add(offsetChange);
    if (offset === 0) candidates.add(fromMs);
    for (const entry of rules.weekly) {
      if (entry.day === weekday) candidates.add(zonedInstant(date, secondsOf(entry.startTime), rules.timeZone).getTime());
    }
    for (const boundary of boundaries) if (boundary >= dayStart && boundary < nextDayStart) candidates.add(boundary);
    const ordered = [...candidates].filter((ms) => ms >= fromMs).sort((a, b) => a - b);
    for (const ms of ordered) if (isOpenAt(rules, new Date(ms))) return new Date(ms);
  }
  return undefined;
}

/**
 * `11月24日(火)9時` or `11月24日(火)13時30分`: how the announcement says an opening. An opening between minutes is
 * said as the next whole minute (14:30:30 as 14時31分), so a caller who follows it is never early.
 */
export function openingLabel(at: Date, timeZone: string): string {
  const ceiled = new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
  const clock = civilTimeIn(ceiled, timeZone);
  const [, month, day] = clock.date.split('-').map(Number) as [number, number, number];
  const time = clock.minute === 0 ? `${clock.hour}時` : `${clock.hour}時${clock.minute}分`;
  return `${month}月${day}日(${WEEKDAY_JA[clock.weekday] ?? '?'})${time}`;
}

/** 「次の受付は11月24日(火)9時からです。」, or empty when no opening is known (the sentence is simply left out). */
export function nextOpenSentence(at: Date | undefined, timeZone: string): string {
  return at === undefined ? '' : `次の受付は${openingLabel(at, timeZone)}からです。`;
}

/**
 * One remembered search, for the checker's warm calls: the line is closed from the instant a search starts until the
 * opening it found, so every call in between gets the same opening without searching again. A different list, live
 * document or weekly hours (compared by identity: the checker builds new ones only when they change) searches anew.
 */
export class NextOpeningMemo {
  private inputs: readonly unknown[] = [];
  private fromMs = Number.NaN;
  private untilMs = Number.NaN;
  private found: Date | undefined;

  /** {@link nextOpening} from `at`, reusing the last search when `inputs` are the same objects and `at` lies inside it. */
  nextOpening(rules: OpeningRules, inputs: readonly unknown[], at: Date): Date | undefined {
    const atMs = at.getTime();
    const same = inputs.length === this.inputs.length && inputs.every((input, index) => input === this.inputs[index]);
    if (same && atMs >= this.fromMs && atMs < this.untilMs) return this.found;
    const found = nextOpening(rules, at);
    this.inputs = [...inputs];
    this.fromMs = atMs;
    // Nothing found within the horizon: search again a day later rather than never.
    this.untilMs = found === undefined ? atMs + 86_400_000 : found.getTime();
    this.found = found;
    return found;
  }
}
