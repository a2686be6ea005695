/**
 * Read-back check: do the hours the flow checks (GetEffectiveHoursOfOperations) close exactly the planned closed days?
 * An override can be in place and not in effect (reported for overrides created through CloudFormation), be edited
 * in the console, or a parent link can be missing: only the effective hours show it. Pure.
 */
import { addDays, CivilDate } from '../shared/civil-time';
import type { HoursOfOperationTime } from '../shared/connect-hours';
import type { OverridePlan } from '../shared/closed-day-overrides';

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
  /** One of this site's overrides closes a date the plan keeps open. */
  | 'closed-on-business-day'
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
  /** The planned closed day's name, when there is one. */
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

const clock = (time: HoursOfOperationTime): string => `${String(time.hours).padStart(2, '0')}:${String(time.minutes).padStart(2, '0')}`;

/**
 * Compare the plan with the effective hours from `plan.today` to `plan.through`. A planned closed day must be
 * confirmed closed: listed with no open period, or (if Connect leaves a closed date out of the hours list) named
 * with one of our overrides; a date the plan keeps open must not show one of `ours` (the planned overrides and any of
 * this site's found in Connect, leftovers included). Other overrides (ops' own) and weekly hours on business days are
 * not this product's to judge.
 */
export function compareEffectiveHours(
  plan: OverridePlan,
  effective: EffectiveHours,
  timeZone: string,
  ours: ReadonlySet<string> = new Set(plan.overrides.map((override) => override.name)),
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  if (effective.timeZone !== timeZone && (effective.timeZone !== undefined || effective.days.length > 0)) {
    mismatches.push({ kind: 'time-zone', found: `${effective.timeZone ?? 'no zone given'} (the site's zone is ${timeZone})` });
  }
  const closedNames = new Map<CivilDate, string>();
  for (const override of plan.overrides) for (const day of override.days) closedNames.set(day.date, day.name);
  const byDate = new Map(effective.days.map((day) => [day.date, day]));
  for (let date = plan.today; date <= plan.through; date = addDays(date, 1)) {
    const day = byDate.get(date);
    const name = closedNames.get(date);
    const oursThatDay = day?.overrides.find((override) => ours.has(override.name));
    if (name !== undefined) {
      if (day !== undefined && day.open.length > 0) {
        const periods = day.open.map((period) => `${clock(period.start)}-${clock(period.end)}`).join(', ');
        mismatches.push({ kind: 'open-on-closed-day', date, name, found: `open ${periods}` });
      } else if (day === undefined || (day.open.length === 0 && day.listed === false && oursThatDay === undefined)) {
        mismatches.push({ kind: 'not-read-back', date, name, found: 'the date is not in the answer' });
      }
    } else if (oursThatDay !== undefined) {
      mismatches.push({ kind: 'closed-on-business-day', date, found: `override ${oursThatDay.name} (${oursThatDay.status ?? 'no status'})` });
    }
  }
  return mismatches;
}
