/**
 * The site's weekly hours of operation as Amazon Connect holds them, and the wall-clock helpers the simulator uses.
 *
 * The stack builds the `AWS::Connect::HoursOfOperation` config from {@link hoursOfOperationConfig}, and the
 * simulator answers the flow's hours check from the same entries (with the closed-day and live overrides the sync
 * holds, see `lambda/shared/connect-hours.ts` and `lambda/shared/live-connect-overrides.ts`), so the two cannot drift
 * apart.
 */
import { addDays, CivilDate, minutesOfClock, Weekday, WEEKDAYS, weekdayOf } from '../../lambda/shared/civil-time';
import { planSiteOverrides, SiteOverridePlan } from '../../lambda/shared/live-connect-overrides';
import type { LiveOverride } from '../../lambda/shared/live-overrides';
import type { HoursOfOperationEntry, HoursOfOperationTime } from '../../lambda/shared/connect-hours';
import { indexHolidayList } from '../../lambda/shared/decision';
import type { HolidayList } from '../../lambda/shared/holiday-list';
import { builtinCalendarOf } from '../config/derive';
import type { SiteConfig } from '../config/site-config';

function timeOf(minutesOfDay: number): HoursOfOperationTime {
  // 24:00 is written 00:00: Connect reads an end of midnight as the end of the day.
  const wrapped = minutesOfDay % 1440;
  return { hours: Math.floor(wrapped / 60), minutes: wrapped % 60 };
}

/** The Connect hours of operation entries for the site's business hours, Sunday first (Connect's own order). */
export function hoursOfOperationConfig(businessHours: SiteConfig['businessHours']): HoursOfOperationEntry[] {
  return WEEKDAYS.flatMap((day) =>
    (businessHours[day] ?? []).map((period) => ({
      day,
      startTime: timeOf(minutesOfClock(period.start)),
      endTime: timeOf(minutesOfClock(period.end)),
    })),
  );
}

/**
 * The overrides the override sync would hold at `now` with `list` stored and the live overrides `live` (none with the
 * sync turned off), assuming no one else's overrides share the resource: the plan the sync applies, made by the same
 * function. `overrides` holds them all (live ones first); `closedDays` the closed-day plan alone.
 */
export function closedDayOverridesFor(
  config: SiteConfig,
  list: HolidayList | undefined,
  now: Date,
  live: readonly LiveOverride[] = [],
): SiteOverridePlan {
  return planSiteOverrides({
    index: list === undefined ? undefined : indexHolidayList(list),
    builtin: builtinCalendarOf(config),
    timeZone: config.timeZone,
    now,
    slots: config.hoursOverrides.enabled ? config.hoursOverrides.maxOverrides : 0,
    siteName: config.siteName,
    live,
  });
}

/** Re-exported for the simulator and the CLI: the rule lives in `lambda/shared/civil-time.ts`. */
export { zonedInstant } from '../../lambda/shared/civil-time';

/** The seven civil dates of the week starting at `from`, each with its weekday. */
export function weekFrom(from: CivilDate): { date: CivilDate; weekday: Weekday }[] {
  return Array.from({ length: 7 }, (_, offset) => {
    const date = addDays(from, offset);
    return { date, weekday: weekdayOf(date) };
  });
}
