/**
 * Live overrides (ops closing or opening the line live, `live-overrides.ts`) as Amazon Connect hours-of-operation
 * overrides, and the whole plan of one site's overrides: live ones first, closed days in the slots left. The override
 * sync applies it, the simulator answers the hours check from it, so a failing checker still closes during a typhoon
 * closure and still transfers during a special opening.
 *
 * A live override runs from one instant to another; Connect's overrides hold civil dates (`EffectiveFrom`..
 * `EffectiveTill`) and, per weekday, one period of the wall clock (`Config`). So a live override becomes:
 * - covering at most 7 civil dates: ONE override whose Config has one entry per date (each date has its own weekday),
 *   the first date from the start time, the last to the end time, the dates between whole;
 * - covering more (up to 31 days, the document's limit): up to three, since a weekday then recurs and one entry per
 *   weekday cannot hold two different times: the first date from its start time (if not midnight), the whole days
 *   between (the whole-day Config over their range), the last date to its end time (if not midnight).
 * Times are whole minutes, rounded outwards (a start floors, an end ceils), so the Connect period holds the whole
 * live one. `close` is `CLOSED`, `open` is `OPEN` (Connect ranks CLOSED over OPEN over temporary over weekly hours, as
 * the checker ranks a live closure over a live opening).
 *
 * Pure: no clock, no I/O.
 */
import { addDays, civilTimeIn, CivilDate, clockLabel, daysBetween, weekdayOf } from './civil-time';
import {
  connectText,
  MINUTES_PER_DAY,
  MinuteRange,
  OVERRIDE_DESCRIPTION_MAX_CHARS,
  OVERRIDE_NAME_MAX_CHARS,
  OverridePlan,
  overrideTime,
  ownerTag,
  PlanInput,
  PlannedOverride,
  planOverrides,
} from './closed-day-overrides';
import { HoursOfOperationEntry, HoursOverride, wholeDayConfig } from './connect-hours';
import { LiveOverride, LiveOverrideKind, pendingOverrides } from './live-overrides';

/** The word that starts the name of a live override's Connect override (and tells the sync it is one). */
export const LIVE_OVERRIDE_WORDS: Readonly<Record<LiveOverrideKind, string>> = { close: '臨時休止', open: '臨時営業' };

/** Most civil dates one Connect override of a live override covers: one entry per weekday. */
const MAX_DATES_IN_ONE = 7;
const MINUTE_MS = 60_000;

/** One Connect override that (with its siblings) stands for a live override. */
export interface LiveConnectOverride extends PlannedOverride {
  readonly type: 'CLOSED' | 'OPEN';
  /** The live override's id. */
  readonly liveId: string;
}

/** The live overrides placed in Connect, and those that found no slot. */
export interface LivePlan {
  /** In the order of the live overrides' starts, each one's pieces in date order. */
  readonly overrides: readonly LiveConnectOverride[];
  /** Pending live overrides with too few slots left for all their pieces: Connect's hours do not know them. */
  readonly unplaced: readonly LiveOverride[];
}

/** True for the name of a Connect override this product made for a live override. */
export function isLiveOverrideName(name: string): boolean {
  return Object.values(LIVE_OVERRIDE_WORDS).some((word) => name.startsWith(`${word} `));
}

/** The civil date and minute of the day of `ms` on the wall clock of `timeZone`. */
function wallClock(ms: number, timeZone: string): { date: CivilDate; minute: number } {
  const time = civilTimeIn(new Date(ms), timeZone);
  return { date: time.date, minute: time.hour * 60 + time.minute };
}

/** A moment written for a name: `2026-12-01 10:00`, or `12-03 12:00` in the year of `sameYearAs`. */
function momentLabel(date: CivilDate, minute: number, sameYearAs?: CivilDate): string {
  const [shownDate, shownMinute] = minute === MINUTES_PER_DAY ? [addDays(date, 1), 0] : [date, minute];
  const day = sameYearAs !== undefined && shownDate.slice(0, 4) === sameYearAs.slice(0, 4) ? shownDate.slice(5) : shownDate;
  return `${day} ${clockLabel(shownMinute)}`;
}

function entry(date: CivilDate, [start, end]: MinuteRange): HoursOfOperationEntry {
  return { day: weekdayOf(date), startTime: overrideTime(start), endTime: overrideTime(end) };
}

/**
 * The Connect overrides for one live override, on the wall clock of `timeZone`, without those wholly before `today`
 * (already over; the ones still running keep their real first date, so they are not rewritten every day).
 */
export function liveConnectOverridesOf(override: LiveOverride, timeZone: string, siteName: string, today: CivilDate): LiveConnectOverride[] {
  const start = wallClock(Math.floor(Date.parse(override.from) / MINUTE_MS) * MINUTE_MS, timeZone);
  const end = wallClock(Math.ceil(Date.parse(override.until) / MINUTE_MS) * MINUTE_MS, timeZone);
  // An end at midnight ends the day before (Connect's 00:00 end).
  const last = end.minute === 0 ? { date: addDays(end.date, -1), minute: MINUTES_PER_DAY } : end;
  const word = LIVE_OVERRIDE_WORDS[override.kind];
  const type = override.kind === 'close' ? 'CLOSED' : 'OPEN';

  const piece = (from: CivilDate, till: CivilDate, config: HoursOfOperationEntry[], first: number, final: number): LiveConnectOverride => {
    const name = connectText(`${word} ${momentLabel(from, first)}〜${momentLabel(till, final, from)} ${override.id}`, OVERRIDE_NAME_MAX_CHARS);
    const description = connectText(
      `${ownerTag(siteName, name)} ${word} (${override.id}): ${override.reason}。運用の臨時変更から自動で同期します。コンソールで変更しても次の同期で元に戻ります。`,
      OVERRIDE_DESCRIPTION_MAX_CHARS,
    );
    return { name, type, from, till, config, description, liveId: override.id };
  };

  const dates = daysBetween(start.date, last.date) + 1;
  const pieces: LiveConnectOverride[] = [];
  if (dates <= MAX_DATES_IN_ONE) {
    const config = Array.from({ length: dates }, (_, offset) => {
      const date = addDays(start.date, offset);
      return entry(date, [date === start.date ? start.minute : 0, date === last.date ? last.minute : MINUTES_PER_DAY]);
    });
    pieces.push(piece(start.date, last.date, config, start.minute, last.minute));
  } else {
    const bodyFrom = start.minute > 0 ? addDays(start.date, 1) : start.date;
    const bodyTill = last.minute < MINUTES_PER_DAY ? addDays(last.date, -1) : last.date;
    if (start.minute > 0) pieces.push(piece(start.date, start.date, [entry(start.date, [start.minute, MINUTES_PER_DAY])], start.minute, MINUTES_PER_DAY));
    // All seven weekdays whole: the dates alone decide, whatever the length.
    pieces.push(piece(bodyFrom, bodyTill, wholeDayConfig(), 0, MINUTES_PER_DAY));
    if (last.minute < MINUTES_PER_DAY) pieces.push(piece(last.date, last.date, [entry(last.date, [0, last.minute])], 0, last.minute));
  }
  return pieces.filter((candidate) => candidate.till >= today);
}

/** What {@link planLiveOverrides} is given. */
export interface LivePlanInput {
  /** The document's overrides (history included: only the pending ones are planned). */
  readonly live: readonly LiveOverride[];
  readonly timeZone: string;
  readonly now: Date;
  /** How many Connect overrides the live ones may use. */
  readonly slots: number;
  readonly siteName: string;
}

/**
 * The Connect overrides for the pending live overrides (neither ended nor cleared at `now`), earliest start first. A
 * live override gets all its pieces or none (half a closure would mislead); one that does not fit is unplaced, and a
 * later, smaller one may still fit.
 */
export function planLiveOverrides(input: LivePlanInput): LivePlan {
  const today = civilTimeIn(input.now, input.timeZone).date;
  const overrides: LiveConnectOverride[] = [];
  const unplaced: LiveOverride[] = [];
  for (const live of pendingOverrides(input.live, input.now)) {
    const pieces = liveConnectOverridesOf(live, input.timeZone, input.siteName, today);
    if (overrides.length + pieces.length > input.slots) unplaced.push(live);
    else overrides.push(...pieces);
  }
  return { overrides, unplaced };
}

/** The periods of `override` on `date` (none outside its dates), in minutes: an end of 00:00 (or not after the start) is midnight. */
export function rangesOn(override: HoursOverride, date: CivilDate): MinuteRange[] {
  if (date < override.from || override.till < date) return [];
  const weekday = weekdayOf(date);
  return override.config
    .filter((candidate) => candidate.day === weekday)
    .map((candidate): MinuteRange => {
      const start = candidate.startTime.hours * 60 + candidate.startTime.minutes;
      const end = candidate.endTime.hours * 60 + candidate.endTime.minutes;
      return [start, end <= start ? MINUTES_PER_DAY : end];
    });
}

/** The ranges merged: sorted, disjoint, touching ones joined. */
export function unionRanges(ranges: readonly MinuteRange[]): MinuteRange[] {
  const merged: [number, number][] = [];
  for (const [start, end] of [...ranges].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && start <= previous[1]) previous[1] = Math.max(previous[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** `ranges` without `cuts`. */
export function subtractRanges(ranges: readonly MinuteRange[], cuts: readonly MinuteRange[]): MinuteRange[] {
  let result = unionRanges(ranges);
  for (const [cutStart, cutEnd] of unionRanges(cuts)) {
    result = result.flatMap(([start, end]): MinuteRange[] =>
      cutEnd <= start || cutStart >= end
        ? [[start, end]]
        : [...(start < cutStart ? [[start, cutStart] as const] : []), ...(cutEnd < end ? [[cutEnd, end] as const] : [])],
    );
  }
  return result;
}

/** The periods that `OPEN` overrides open, per civil date. */
export function openingsOf(overrides: readonly HoursOverride[]): Map<CivilDate, MinuteRange[]> {
  const openings = new Map<CivilDate, MinuteRange[]>();
  for (const override of overrides.filter((candidate) => candidate.type === 'OPEN')) {
    for (let date = override.from; date <= override.till; date = addDays(date, 1)) {
      const ranges = rangesOn(override, date);
      if (ranges.length > 0) openings.set(date, unionRanges([...(openings.get(date) ?? []), ...ranges]));
    }
  }
  return openings;
}

/** Every override one site holds in Connect, by where it came from. */
export interface SiteOverridePlan {
  /** The closed days, in the slots the live overrides leave. */
  readonly closedDays: OverridePlan;
  readonly live: LivePlan;
  /** Live overrides already in Connect that are held as they are (the live document could not be read). */
  readonly kept: readonly HoursOverride[];
  /** What the sync writes (live ones first, then the closed days; not the kept ones, which it leaves alone). */
  readonly overrides: readonly PlannedOverride[];
  /** Everything Connect's hours check should then see: {@link overrides} and {@link kept}. */
  readonly inForce: readonly HoursOverride[];
}

/** What {@link planSiteOverrides} is given. */
export interface SitePlanInput extends Omit<PlanInput, 'openings'> {
  /** The live document's overrides; empty when there is none or it could not be read. */
  readonly live: readonly LiveOverride[];
  /** Live overrides in Connect to hold unchanged (the document is unreadable): they take their slots first. @default none */
  readonly keep?: readonly HoursOverride[];
}

/**
 * The site's whole plan. Slots go first to the kept live overrides, then to the pending live ones (what matters right
 * now), and the closed days get the rest: with many live overrides the closed days may reach less than 90 days, and
 * the sync alerts then, as it should. A closed day opened live is closed only outside the opening.
 */
export function planSiteOverrides(input: SitePlanInput): SiteOverridePlan {
  const kept = input.keep ?? [];
  const live = planLiveOverrides({ live: input.live, timeZone: input.timeZone, now: input.now, slots: Math.max(0, input.slots - kept.length), siteName: input.siteName });
  const closedDays = planOverrides({
    index: input.index,
    builtin: input.builtin,
    timeZone: input.timeZone,
    now: input.now,
    siteName: input.siteName,
    slots: Math.max(0, input.slots - kept.length - live.overrides.length),
    openings: openingsOf([...kept, ...live.overrides]),
  });
  const overrides = [...live.overrides, ...closedDays.overrides];
  return { closedDays, live, kept, overrides, inForce: [...kept, ...overrides] };
}
