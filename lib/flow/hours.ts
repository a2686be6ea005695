/**
 * The site's weekly hours of operation as Amazon Connect holds them, and the wall-clock helpers the simulator uses.
 *
 * The stack builds the `AWS::Connect::HoursOfOperation` config from {@link hoursOfOperationConfig}, and the
 * simulator answers the flow's hours check from the same entries (with the closed-day overrides, see
 * `lambda/shared/connect-hours.ts`), so the two cannot drift apart.
 */
import { addDays, civilTimeIn, CivilDate, minutesOfClock, Weekday, WEEKDAYS, weekdayOf } from '../../lambda/shared/civil-time';
import { OverridePlan, planOverrides } from '../../lambda/shared/closed-day-overrides';
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
 * The closed-day overrides the override sync would hold at `now` with `list` stored (none with the sync turned off),
 * assuming no one else's overrides share the resource: the plan the sync applies, made by the same function.
 */
export function closedDayOverridesFor(config: SiteConfig, list: HolidayList | undefined, now: Date): OverridePlan {
  return planOverrides({
    index: list === undefined ? undefined : indexHolidayList(list),
    builtin: builtinCalendarOf(config),
    timeZone: config.timeZone,
    now,
    slots: config.hoursOverrides.enabled ? config.hoursOverrides.maxOverrides : 0,
    siteName: config.siteName,
  });
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

/** The seven civil dates of the week starting at `from`, each with its weekday. */
export function weekFrom(from: CivilDate): { date: CivilDate; weekday: Weekday }[] {
  return Array.from({ length: 7 }, (_, offset) => {
    const date = addDays(from, offset);
    return { date, weekday: weekdayOf(date) };
  });
}
