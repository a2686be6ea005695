/**
 * Amazon Connect's hours of operation as data, and the answer its hours check gives: weekly hours plus date overrides.
 *
 * The stack writes the weekly entries, the override sync writes the closed-day overrides, and the simulator answers
 * the flow's CheckHoursOfOperation from both through {@link hoursCheckAt}. One model, so what the simulator says a
 * caller gets is what the deployed hours give.
 *
 * How Connect combines them (Administrator Guide, "Identify dates where you need to override standard operating
 * hours" and "Check hours of operation"): an override counts only on the dates from its `EffectiveFrom` to its
 * `EffectiveTill`, both inclusive; a closed override beats an open one, which beats temporary (standard) hours, which
 * beat the weekly hours; a period runs from its start minute to just before its end minute. Connect has no 24:00: an
 * end of 00:00 is the end of the day, so 00:00-00:00 is the whole day.
 */
import { civilTimeIn, CivilDate, Weekday, WEEKDAYS } from './civil-time';

/** A wall-clock time as Connect writes it. */
export interface HoursOfOperationTime {
  readonly hours: number;
  readonly minutes: number;
}

/**
 * One opening period of the weekly hours, as `AWS::Connect::HoursOfOperation` takes it. An `endTime` of 00:00 means
 * midnight at the end of the day; an end not after the start runs past midnight into the next day.
 */
export interface HoursOfOperationEntry {
  readonly day: Weekday;
  readonly startTime: HoursOfOperationTime;
  readonly endTime: HoursOfOperationTime;
}

/** Connect's override types: `CLOSED` and `OPEN` periods, or `STANDARD` (temporary hours that replace the day's). */
export type OverrideType = 'STANDARD' | 'OPEN' | 'CLOSED';

/** One hours-of-operation override as Connect holds it (the fields that decide the hours check). */
export interface HoursOverride {
  /** Unique on its hours resource; what GetEffectiveHoursOfOperations names. */
  readonly name: string;
  readonly type: OverrideType;
  /** First civil date it applies (`EffectiveFrom`), in the hours resource's zone. */
  readonly from: CivilDate;
  /** Last civil date it applies (`EffectiveTill`, inclusive). */
  readonly till: CivilDate;
  /** The periods it opens, closes or sets, by weekday; confined to their own day. */
  readonly config: readonly HoursOfOperationEntry[];
}

/** What the hours check answers at one instant, and which override (if any) decided it. */
export interface HoursCheck {
  /** True: the check takes its `True` branch. */
  readonly open: boolean;
  /** The override that decided the answer, or undefined when the weekly hours did. */
  readonly override?: string;
}

const SECONDS_PER_DAY = 86_400;

const secondsOf = (time: HoursOfOperationTime): number => (time.hours * 60 + time.minutes) * 60;

/** The whole day: the override entries that close (or open) a date whatever its weekday. */
export function wholeDayConfig(): HoursOfOperationEntry[] {
  return WEEKDAYS.map((day) => ({ day, startTime: { hours: 0, minutes: 0 }, endTime: { hours: 0, minutes: 0 } }));
}

/**
 * Whether the weekly hours are open at `at` on the wall clock of `timeZone`. Start inclusive, end exclusive (18:00 is
 * closed for 09:00-18:00); an entry whose end is not after its start runs into the next day; 00:00 ends the day.
 */
export function isWithinHours(entries: readonly HoursOfOperationEntry[], timeZone: string, at: Date): boolean {
  const now = civilTimeIn(at, timeZone);
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(now.weekday) + 6) % 7];
  return entries.some((entry) => {
    const start = secondsOf(entry.startTime);
    const end = secondsOf(entry.endTime);
    const overnight = end <= start;
    if (entry.day === now.weekday) return now.secondOfDay >= start && (overnight || now.secondOfDay < end);
    return overnight && entry.day === yesterday && now.secondOfDay < end;
  });
}

/** Whether an override period covers `secondOfDay` on a day of `weekday`: within its own day, 00:00 ending the day. */
function overridePeriodCovers(entry: HoursOfOperationEntry, weekday: Weekday, secondOfDay: number): boolean {
  if (entry.day !== weekday) return false;
  const start = secondsOf(entry.startTime);
  const rawEnd = secondsOf(entry.endTime);
  const end = rawEnd <= start ? SECONDS_PER_DAY : rawEnd;
  return secondOfDay >= start && secondOfDay < end;
}

/**
 * What Connect's hours check answers at `at`: the weekly hours, with the overrides in force that date applied by
 * Connect's precedence (closed, then open, then temporary hours, then weekly). Overrides are read on the same wall
 * clock as the weekly hours (`timeZone`, the hours resource's zone).
 */
export function hoursCheckAt(
  weekly: readonly HoursOfOperationEntry[],
  overrides: readonly HoursOverride[],
  timeZone: string,
  at: Date,
): HoursCheck {
  const now = civilTimeIn(at, timeZone);
  const inForce = overrides.filter((override) => override.from <= now.date && now.date <= override.till);
  const covering = (type: OverrideType) =>
    inForce.find((override) => override.type === type && override.config.some((entry) => overridePeriodCovers(entry, now.weekday, now.secondOfDay)));
  const closed = covering('CLOSED');
  if (closed !== undefined) return { open: false, override: closed.name };
  const opened = covering('OPEN');
  if (opened !== undefined) return { open: true, override: opened.name };
  // Temporary hours replace the whole day's hours: outside their periods the day is closed.
  const temporary = inForce.find((override) => override.type === 'STANDARD');
  if (temporary !== undefined) {
    const open = temporary.config.some((entry) => overridePeriodCovers(entry, now.weekday, now.secondOfDay));
    return { open, override: temporary.name };
  }
  return { open: isWithinHours(weekly, timeZone, at) };
}
