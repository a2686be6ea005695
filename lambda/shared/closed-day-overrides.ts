/**
 * The closed days as Amazon Connect hours-of-operation overrides: the plan the override sync applies, the CLI prints
 * and the simulator answers the hours check from. One function builds it for all three.
 *
 * Each run of contiguous closed days becomes one `CLOSED` override for the whole day (年末年始 12-29..01-03 is one,
 * with 元日 inside it), from the span that holds today onwards, as far ahead as the free override slots allow. A
 * closed day is what the checker would call closed ({@link closedDayOn}): the list where it covers the date, the
 * built-in calendar (statutory days and closures) beyond it.
 *
 * A closed day that a live opening opens for part of the day (`openings`, see `live-connect-overrides.ts`) is closed
 * only outside those hours: Connect ranks CLOSED above OPEN, so a whole-day closure would silence the opening.
 */
import { addDays, civilDateIn, CivilDate, clockLabel, weekdayOf } from './civil-time';
import { BuiltinCalendar } from './builtin-calendar';
import { HoursOfOperationTime, HoursOverride, wholeDayConfig } from './connect-hours';
import { ClosedDayIndex, closedDayOn } from './decision';
import type { HolidayDay } from './holiday-list';

/** Overrides one hours resource may hold: 50, "not adjustable" (Administrator Guide, hours of operation overrides). */
export const OVERRIDE_LIMIT = 50;

/** The plan must reach at least this many days past today, or the sync alerts. */
export const MIN_OVERRIDE_DAYS_AHEAD = 90;

/** Connect's patterns for an override's name and description: no control characters, 1-127 / 1-250 characters. */
export const OVERRIDE_NAME_MAX_CHARS = 127;
export const OVERRIDE_DESCRIPTION_MAX_CHARS = 250;

/** How far ahead the plan ever looks, in days: a bound for a site with few closed days and many slots. */
export const MAX_PLAN_DAYS_AHEAD = 5 * 366;

/** How far back from today a span holding today is followed to its first day. */
const MAX_SPAN_LOOKBACK_DAYS = 400;

/** One override the sync writes: what Connect is given (closed-day and live overrides alike). */
export interface PlannedOverride extends HoursOverride {
  /** Says what it is and that this product owns it; starts with the owner tag. */
  readonly description: string;
}

/** One planned closed-day override: what Connect is given, and the closed days behind it. */
export interface ClosedDayOverride extends PlannedOverride {
  readonly type: 'CLOSED';
  /** The closed days it stands for, one per date, in date order. */
  readonly days: readonly HolidayDay[];
}

/** Minutes of one civil day, start inclusive, end exclusive: [600, 900) is 10:00-15:00, an end of 1440 is midnight. */
export type MinuteRange = readonly [start: number, end: number];

/** Minutes in a civil day (Connect's day; a DST day is still 00:00-00:00 on the wall clock). */
export const MINUTES_PER_DAY = 1440;

/** Why the plan stops where it does. */
export type PlanLimit =
  /** Every free slot is used: the next closed span has none. */
  | 'slots'
  /** Nothing is known after `through` (past the list and the built-in calendar). */
  | 'data'
  /** {@link MAX_PLAN_DAYS_AHEAD} reached. */
  | 'horizon';

/** The overrides that make Connect's hours close exactly the closed days, and how far that holds. */
export interface OverridePlan {
  /** Today in the site's zone, when the plan was made. */
  readonly today: CivilDate;
  /** In date order. */
  readonly overrides: readonly ClosedDayOverride[];
  /** The last date up to which every closed day from today on has its override (Connect's hours are right). */
  readonly through: CivilDate;
  /** Why `through` is not later. */
  readonly limit: PlanLimit;
  /** True when `through` is short of today + {@link MIN_OVERRIDE_DAYS_AHEAD}: the sync alerts. */
  readonly short: boolean;
}

/** What a plan is made from. */
export interface PlanInput {
  /** The stored list, indexed; undefined when none could be read (the built-in calendar alone then). */
  readonly index: ClosedDayIndex | undefined;
  /** The closures and statutory corrections of the site. */
  readonly builtin: BuiltinCalendar;
  /** The site's zone (and the hours resource's). */
  readonly timeZone: string;
  /** When the plan is made. */
  readonly now: Date;
  /** How many overrides the plan may use (the limit, less those others hold on the same resource). */
  readonly slots: number;
  /** The site, for the owner tag. */
  readonly siteName: string;
  /**
   * Periods that live openings open, per civil date: sorted, disjoint, within the day. A closed day with one is closed
   * only outside them. @default none
   */
  readonly openings?: ReadonlyMap<CivilDate, readonly MinuteRange[]>;
}

/** FNV-1a (32-bit) of the UTF-8 bytes of `text`, as 8 hex digits: a short fingerprint, not a secret. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** What every description this product writes for `siteName` starts with, whatever the override. */
function sitePrefix(siteName: string): string {
  return `[connect-after-hours:${siteName}:`;
}

/**
 * The tag at the start of the description of the override named `name`: the site (so two sites sharing an hours
 * resource never touch each other's) and a fingerprint of the name (so a copy of one of our overrides under another
 * name, or one of ours renamed in the console, is not taken for ours and deleted).
 */
export function ownerTag(siteName: string, name: string): string {
  return `${sitePrefix(siteName)}${fingerprint(name)}]`;
}

/** True when the override named `name` is this site's own: its description starts with the tag for that name. */
export function isOwnedBy(description: string | undefined, siteName: string, name: string): boolean {
  return description !== undefined && description.startsWith(`${ownerTag(siteName, name)} `);
}

/** True when a description carries this site's tag at all (ours, or a copy or rename of ours). */
export function claimsSite(description: string | undefined, siteName: string): boolean {
  return description !== undefined && description.startsWith(sitePrefix(siteName));
}

// Connect's name and description patterns allow no character of Unicode category C (controls, format, private use,
// unassigned, surrogates) other than CR, LF and tab; a name from a feed may hold any of them.
const NOT_ALLOWED = /[^\P{C}]/gu;

/** `text` as Connect takes it: no category-C characters, one line, at most `maxChars` (counted in UTF-16 units too). */
export function connectText(text: string, maxChars: number): string {
  const tidy = text.replace(NOT_ALLOWED, '').replace(/\s+/gu, ' ').trim();
  if (tidy.length <= maxChars) return tidy;
  const chars = [...tidy];
  while (chars.length > 0 && chars.join('').length > maxChars - 1) chars.pop();
  return `${chars.join('')}…`;
}

/** Distinct names in date order, joined with ・ (年末年始・元日). */
function spanNames(days: readonly HolidayDay[]): string {
  return [...new Set(days.map((day) => day.name))].join('・');
}

/**
 * The override's name: its dates first (so the console lists them in order, and a holiday that recurs every year
 * never repeats a name), then what is closed: `2027-01-01 元日`, `2026-12-29〜2027-01-03 年末年始・元日`.
 */
export function overrideName(from: CivilDate, till: CivilDate, days: readonly HolidayDay[]): string {
  const dates = from === till ? from : `${from}〜${till}`;
  return connectText(`${dates} ${spanNames(days)}`, OVERRIDE_NAME_MAX_CHARS);
}

const KIND_WORDS: Readonly<Record<HolidayDay['kind'], string>> = { holiday: '祝日', closure: '会社休業', observance: '休業の行事' };

function overrideDescription(siteName: string, name: string, days: readonly HolidayDay[]): string {
  const counts = new Map<string, number>();
  for (const day of days) counts.set(KIND_WORDS[day.kind], (counts.get(KIND_WORDS[day.kind]) ?? 0) + 1);
  const what = [...counts].map(([word, count]) => `${word}${count}日`).join('・');
  return connectText(
    `${ownerTag(siteName, name)} 休業日 (${what}) の終日休業。祝日リストから自動で同期します。コンソールで変更しても次の同期で元に戻ります。`,
    OVERRIDE_DESCRIPTION_MAX_CHARS,
  );
}

function overrideFor(siteName: string, days: readonly HolidayDay[]): ClosedDayOverride {
  const from = days[0]?.date as CivilDate;
  const till = days[days.length - 1]?.date as CivilDate;
  const name = overrideName(from, till, days);
  return { name, type: 'CLOSED', from, till, config: wholeDayConfig(), description: overrideDescription(siteName, name, days), days };
}


/** A minute of the day as Connect writes it: midnight at the end of the day is 00:00. */
export function overrideTime(minute: number): HoursOfOperationTime {
  const wrapped = minute % MINUTES_PER_DAY;
  return { hours: Math.floor(wrapped / 60), minutes: wrapped % 60 };
}

/** The parts of the day `opened` leaves out. */
function outside(opened: readonly MinuteRange[]): MinuteRange[] {
  const parts: MinuteRange[] = [];
  let from = 0;
  for (const [start, end] of opened) {
    if (start > from) parts.push([from, start]);
    from = Math.max(from, end);
  }
  if (from < MINUTES_PER_DAY) parts.push([from, MINUTES_PER_DAY]);
  return parts;
}

/**
 * A closed day a live opening opens in part: closed for one remaining part of it. One override per part, so each
 * Config holds one entry for its one weekday (how Connect combines two entries of one day in an override is not
 * documented [unverified]); named by date and hours, which no other override of the plan shares.
 */
function partialOverrideFor(siteName: string, day: HolidayDay, [start, end]: MinuteRange): ClosedDayOverride {
  const name = connectText(`${day.date} ${clockLabel(start)}〜${clockLabel(end)} ${day.name}`, OVERRIDE_NAME_MAX_CHARS);
  const description = connectText(
    `${ownerTag(siteName, name)} 休業日 (${KIND_WORDS[day.kind]}) の ${clockLabel(start)}〜${clockLabel(end)} の休業 (臨時営業の時間を除く)。自動で同期します。コンソールで変更しても次の同期で元に戻ります。`,
    OVERRIDE_DESCRIPTION_MAX_CHARS,
  );
  const config = [{ day: weekdayOf(day.date), startTime: overrideTime(start), endTime: overrideTime(end) }];
  return { name, type: 'CLOSED', from: day.date, till: day.date, config, description, days: [day] };
}

/**
 * The overrides for the closed days from the span holding today (or the next one) onwards, one per run of contiguous
 * closed days, at most `slots` of them, never past what is known. Pure: the caller gives the list and the instant.
 */
export function planOverrides(input: PlanInput): OverridePlan {
  const today = civilDateIn(input.now, input.timeZone);
  const dayOn = (date: CivilDate) => closedDayOn(input.index, date, input.builtin);
  const minimum = addDays(today, MIN_OVERRIDE_DAYS_AHEAD);
  const horizon = addDays(today, MAX_PLAN_DAYS_AHEAD);

  // A closure that began before today is one override from its real first day, so it does not change every day.
  const isClosed = (date: CivilDate) => {
    const answer = dayOn(date);
    return answer.known && answer.day !== undefined;
  };
  let start = today;
  if (isClosed(today)) {
    for (let back = 1; back <= MAX_SPAN_LOOKBACK_DAYS && isClosed(addDays(today, -back)); back += 1) start = addDays(today, -back);
  }

  const overrides: ClosedDayOverride[] = [];
  let span: HolidayDay[] = [];
  const endSpan = () => {
    if (span.length > 0) overrides.push(overrideFor(input.siteName, span));
    span = [];
  };
  let through = addDays(start, -1);
  let limit: PlanLimit = 'horizon';
  for (let date = start; date <= horizon; date = addDays(date, 1)) {
    const answer = dayOn(date);
    if (!answer.known) {
      limit = 'data';
      break;
    }
    const opened = input.openings?.get(date) ?? [];
    if (answer.day !== undefined && opened.length === 0) {
      if (span.length === 0 && overrides.length >= input.slots) {
        limit = 'slots';
        break;
      }
      span.push(answer.day);
    } else if (answer.day !== undefined) {
      // A closed day opened in part ends the whole-day span and is closed outside the opening, part by part.
      endSpan();
      const day = answer.day;
      const parts = outside(opened);
      if (overrides.length + parts.length > input.slots) {
        limit = 'slots';
        break;
      }
      overrides.push(...parts.map((part) => partialOverrideFor(input.siteName, day, part)));
    } else {
      endSpan();
    }
    through = date;
  }
  // A span still open at the end is cut there: what follows is unknown (or beyond the horizon).
  endSpan();
  return { today, overrides, through: through < today ? addDays(today, -1) : through, limit, short: through < minimum };
}
