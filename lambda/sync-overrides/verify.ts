/**
 * Read-back check: do the hours the flow checks (GetEffectiveHoursOfOperations) close the planned closed days and
 * follow the planned live closures and openings? An override can be in place and not in effect (reported for
 * overrides created through CloudFormation), be edited in the console, or a parent link can be missing: only the
 * effective hours show it. Pure.
 *
 * What is checked is what was planned, date by date: a period our overrides close must show no open period over it
 * (a whole closed day: no open period at all), a period a live opening opens (and nothing of ours closes) must be
 * inside the open periods, and none of our overrides may apply on a date the plan does not put it on. The weekly
 * hours elsewhere, and other people's overrides, are not this product's to judge.
 *
 * [unverified] GetEffectiveHoursOfOperations documents `OperationalHours` only as "the hours of operations with the
 * effective override applied". That a partial-day CLOSED override cuts the open periods around it, that an OPEN one
 * adds its period (merged with adjoining weekly hours or not: either reads the same here, as periods are merged before
 * comparing), and that a period open to midnight ends 00:00 (as overrides and weekly hours write it) are our reading,
 * the same one `hoursCheckAt` and the fake Connect model. A live opening reported "closed" on the first real run is
 * the place to look first.
 */
import { addDays, CivilDate, clockLabel } from '../shared/civil-time';
import type { HoursOfOperationTime, HoursOverride } from '../shared/connect-hours';
import { MINUTES_PER_DAY, MinuteRange, OverridePlan } from '../shared/closed-day-overrides';
import { rangesOn, subtractRanges, unionRanges } from '../shared/live-connect-overrides';

/** One date of GetEffectiveHoursOfOperations, in this project's words. */
export interface EffectiveDay {
  readonly date: CivilDate;
  /** False when the date came only in the overrides list, not in the list of hours. @default true */
  readonly listed?: boolean;
  /** The periods the line is open that date, after every override (empty: closed all day). */
  readonly open: readonly { readonly start: HoursOfOperationTime; readonly end: HoursOfOperationTime }[];
  /** The overrides Connect applied that date. */
  readonly overrides: readonly { readonly name: string; readonly status: string | undefined }[];
}

/** The effective hours of one date range. */
export interface EffectiveHours {
  /** The hours resource's zone, as Connect reports it. */
  readonly timeZone: string | undefined;
  readonly days: readonly EffectiveDay[];
}

/** What disagrees. */
export type MismatchKind =
  /** A planned closed day on which Connect's hours are open: a failing checker would transfer callers. */
  | 'open-on-closed-day'
  /** One of this site's overrides applies on a date the plan does not put it on (it closes a date the plan keeps open). */
  | 'closed-on-business-day'
  /** The line is open during a planned live closure: a failing checker would transfer callers. */
  | 'open-during-live-closure'
  /** The line is closed during a planned live opening: a failing checker would play the after-hours announcement. */
  | 'closed-during-live-opening'
  /** The checked hours run on another zone than the site's (or Connect did not say which): dates may be read on another calendar. */
  | 'time-zone'
  /** Connect's answer left out a planned closed day: nothing confirms it is closed. */
  | 'not-read-back';

/** One disagreement between the plan and Connect. */
export interface Mismatch {
  readonly kind: MismatchKind;
  /** The date, except for a zone mismatch. */
  readonly date?: CivilDate;
  /** What Connect says, for people. */
  readonly found: string;
  /** The planned closed day's name, or the live override's Connect override name, when there is one. */
  readonly name?: string;
}

/** The longest range one GetEffectiveHoursOfOperations call is asked for (no maximum is documented: a month). */
export const EFFECTIVE_HOURS_CHUNK_DAYS = 31;

/** The date ranges to read back `from`..`to` in. */
export function effectiveHoursChunks(from: CivilDate, to: CivilDate): { from: CivilDate; to: CivilDate }[] {
  const chunks: { from: CivilDate; to: CivilDate }[] = [];
  for (let start = from; start <= to; start = addDays(start, EFFECTIVE_HOURS_CHUNK_DAYS)) {
    const end = addDays(start, EFFECTIVE_HOURS_CHUNK_DAYS - 1);
    chunks.push({ from: start, to: end < to ? end : to });
  }
  return chunks;
}

const clock = (time: HoursOfOperationTime): string => clockLabel(time.hours * 60 + time.minutes);

/** The dates to read back: from the plan's today to the later of its `through` and the last date of a live override. */
export function verifiedRange(plan: OverridePlan, live: readonly HoursOverride[]): { from: CivilDate; to: CivilDate } {
  return { from: plan.today, to: live.reduce((latest, override) => (override.till > latest ? override.till : latest), plan.through) };
}

const minutesOf = (time: HoursOfOperationTime): number => time.hours * 60 + time.minutes;

/** An effective open period in minutes: an end of 00:00 (or not after the start) is midnight [unverified, see above]. */
function openRange(period: EffectiveDay['open'][number]): MinuteRange {
  const start = minutesOf(period.start);
  const end = minutesOf(period.end);
  return [start, end <= start ? MINUTES_PER_DAY : end];
}

/** Whether some minute is in both. */
const overlap = (a: readonly MinuteRange[], b: readonly MinuteRange[]): boolean =>
  a.some(([aStart, aEnd]) => b.some(([bStart, bEnd]) => aStart < bEnd && bStart < aEnd));

const periodsText = (day: EffectiveDay): string =>
  day.open.length === 0 ? 'closed all day' : `open ${day.open.map((period) => `${clock(period.start)}-${clock(period.end)}`).join(', ')}`;

/**
 * Compare the plan with the effective hours from `plan.today` to the end of {@link verifiedRange}. `live` are the
 * live overrides' Connect overrides expected in force (planned, and kept ones); `ours` the names of this site's
 * overrides (the planned ones and any found in Connect, leftovers included). A planned closure must be confirmed
 * closed: listed with no open period over it, or (if Connect leaves a closed date out of the hours list) named with one
 * of our overrides.
 */
export function compareEffectiveHours(
  plan: OverridePlan,
  effective: EffectiveHours,
  timeZone: string,
  ours?: ReadonlySet<string>,
  live: readonly HoursOverride[] = [],
): Mismatch[] {
  const oursNames = ours ?? new Set([...plan.overrides, ...live].map((override) => override.name));
  const mismatches: Mismatch[] = [];
  if (effective.timeZone !== timeZone && (effective.timeZone !== undefined || effective.days.length > 0)) {
    mismatches.push({ kind: 'time-zone', found: `${effective.timeZone ?? 'no zone given'} (the site's zone is ${timeZone})` });
  }
  const byDate = new Map(effective.days.map((day) => [day.date, day]));
  const { to } = verifiedRange(plan, live);
  for (let date = plan.today; date <= to; date = addDays(date, 1)) {
    const day = byDate.get(date);
    const closedDayOn = plan.overrides.filter((override) => rangesOn(override, date).length > 0);
    const liveOn = live.filter((override) => rangesOn(override, date).length > 0);
    const rangesOf = (overrides: readonly HoursOverride[]) => unionRanges(overrides.flatMap((override) => rangesOn(override, date)));
    const closedDay = rangesOf(closedDayOn);
    const liveClosing = liveOn.filter((override) => override.type === 'CLOSED');
    const liveClosed = rangesOf(liveClosing);
    const closed = unionRanges([...closedDay, ...liveClosed]);
    // Connect ranks CLOSED over OPEN: where we close, an opening is not expected to show.
    const liveOpening = liveOn.filter((override) => override.type === 'OPEN');
    const liveOpen = subtractRanges(rangesOf(liveOpening), closed);
    const wholeDay = closed.length === 1 && closed[0]?.[0] === 0 && closed[0]?.[1] === MINUTES_PER_DAY;
    const oursThatDay = day?.overrides.filter((override) => oursNames.has(override.name)) ?? [];
    const dayName = closedDayOn.flatMap((override) => override.days).find((candidate) => candidate.date === date)?.name;

    let readBack = true;
    const notReadBack = (name: string | undefined) => {
      if (!readBack) return;
      readBack = false;
      mismatches.push({ kind: 'not-read-back', date, ...(name === undefined ? {} : { name }), found: 'the date is not in the answer' });
    };
    if (closed.length > 0) {
      const name = dayName ?? liveClosing[0]?.name;
      if (day === undefined || (day.listed === false && oursThatDay.length === 0)) notReadBack(name);
      else {
        const open = unionRanges(day.open.map(openRange));
        if (closedDay.length > 0 && overlap(open, closedDay)) mismatches.push({ kind: 'open-on-closed-day', date, ...(dayName === undefined ? {} : { name: dayName }), found: periodsText(day) });
        if (liveClosed.length > 0 && overlap(open, liveClosed)) {
          mismatches.push({ kind: 'open-during-live-closure', date, name: liveClosing[0]?.name ?? '', found: periodsText(day) });
        }
      }
    }
    if (liveOpen.length > 0) {
      const name = liveOpening[0]?.name ?? '';
      if (day === undefined || day.listed === false) notReadBack(name);
      else if (subtractRanges(liveOpen, day.open.map(openRange)).length > 0) mismatches.push({ kind: 'closed-during-live-opening', date, name, found: periodsText(day) });
    }
    if (!wholeDay) {
      const planned = new Set([...closedDayOn, ...liveOn].map((override) => override.name));
      const stray = oursThatDay.find((override) => !planned.has(override.name));
      if (stray !== undefined) mismatches.push({ kind: 'closed-on-business-day', date, found: `override ${stray.name} (${stray.status ?? 'no status'})` });
    }
  }
  return mismatches;
}
