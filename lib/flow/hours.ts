/**
 * The site's hours of operation as Amazon Connect holds them, and the answer CheckHoursOfOperation gives.
 *
 * The stack builds the `AWS::Connect::HoursOfOperation` config from {@link hoursOfOperationConfig}, and the
 * simulator answers the flow's hours check from the same entries, so the two cannot drift apart.
 */
import { addDays, civilTimeIn, CivilDate, minutesOfClock, Weekday, WEEKDAYS, weekdayOf } from '../../lambda/shared/civil-time';
import type { SiteConfig } from '../config/site-config';

/** A wall-clock time as Connect writes it. */
export interface HoursOfOperationTime {
  readonly hours: number;
  readonly minutes: number;
}

/**
 * One opening period as `AWS::Connect::HoursOfOperation` takes it (`CfnHoursOfOperation.HoursOfOperationConfigProperty`).
 * An `endTime` of 00:00 means midnight at the end of the day, as in the Connect console.
 */
export interface HoursOfOperationEntry {
  readonly day: Weekday;
  readonly startTime: HoursOfOperationTime;
  readonly endTime: HoursOfOperationTime;
}

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

const minutesOf = (time: HoursOfOperationTime): number => time.hours * 60 + time.minutes;

/**
 * What CheckHoursOfOperation answers at `at`: true inside an opening period on the wall clock of `timeZone`.
 * Start is inclusive, end exclusive (18:00 is closed for 09:00-18:00). An entry whose end is not after its start
 * runs past midnight into the next day, as Connect treats it; an end of 00:00 is the end of the day.
 */
export function isWithinHours(entries: readonly HoursOfOperationEntry[], timeZone: string, at: Date): boolean {
  const now = civilTimeIn(at, timeZone);
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(now.weekday) + 6) % 7];
  return entries.some((entry) => {
    const start = minutesOf(entry.startTime) * 60;
    const end = minutesOf(entry.endTime) * 60;
    const overnight = end <= start;
    if (entry.day === now.weekday) return now.secondOfDay >= start && (overnight || now.secondOfDay < end);
    return overnight && entry.day === yesterday && now.secondOfDay < end;
  });
}

/** Whether the site's business hours are open at `at` (what the deployed hours check answers). */
export function isOpenAt(config: Pick<SiteConfig, 'businessHours' | 'timeZone'>, at: Date): boolean {
  return isWithinHours(hoursOfOperationConfig(config.businessHours), config.timeZone, at);
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
