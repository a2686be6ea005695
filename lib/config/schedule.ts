/**
 * The holiday fetch schedule, read the way EventBridge Scheduler reads it, so a schedule Scheduler would refuse at
 * deploy — or one that fires too rarely to keep the list fresh — fails synth instead.
 *
 * Scheduler's rules (EventBridge Scheduler User Guide, "Schedule types on EventBridge Scheduler"):
 * `cron(minutes hours day-of-month month day-of-week year)`, six fields; minutes 0-59, hours 0-23, day-of-month
 * 1-31 with `L` and `W`, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT with `L` and `#`, year 1970-2199; `,` `-`
 * `*` everywhere and `/` everywhere but day-of-week (its wildcards are `, - * ? L #`); a `#` stands alone in
 * day-of-week ("3#1,6#3" is not valid); exactly one of day-of-month and day-of-week is `?`; fields separated by one
 * space; the whole expression at most 256 characters. `rate(value unit)` with a positive whole value and minute(s),
 * hour(s) or day(s). This product adds one rule: the year field is `*`, because a fetch schedule that ends lets the
 * list go stale the year it stops.
 */
import { addDays, CivilDate, isCivilDate, weekdayOf, WEEKDAYS } from '../../lambda/shared/civil-time';

/** A fetch schedule as the site configuration may write it. */
export type FetchSchedule =
  | { readonly kind: 'daily'; readonly hour: number; readonly minute: number }
  | { readonly kind: 'cron'; readonly expression: string }
  | { readonly kind: 'rate'; readonly minutes: number; readonly expression: string };

/** Why a schedule is not one Scheduler accepts, or what it is. */
export type ScheduleReading = { readonly ok: true; readonly schedule: FetchSchedule } | { readonly ok: false; readonly reason: string };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** One cron field turned into a predicate, or the reason it is not valid. */
type FieldReading = { ok: true; matches: (value: number, context: DayContext) => boolean } | { ok: false; reason: string };

/** What a day-of-month or day-of-week field needs to know about the day. */
interface DayContext {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** 1 (Sunday) to 7 (Saturday), as Scheduler numbers them. */
  readonly dow: number;
  readonly daysInMonth: number;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Which special characters the field takes. */
  readonly specials: string;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59, specials: '' },
  { name: 'hours', min: 0, max: 23, specials: '' },
  { name: 'day-of-month', min: 1, max: 31, specials: '?LW' },
  { name: 'month', min: 1, max: 12, names: MONTHS, specials: '' },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, specials: '?L#' },
  { name: 'year', min: 1970, max: 2199, specials: '' },
];

function numberIn(text: string, spec: FieldSpec): number | undefined {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named !== -1) return named + 1;
  if (!/^\d+$/u.test(text)) return undefined;
  const value = Number(text);
  return value >= spec.min && value <= spec.max ? value : undefined;
}

/** The weekday (1 Sunday … 7 Saturday) nearest to `day` in the month, not leaving the month (Quartz `W`). */
function nearestWeekday(day: number, context: DayContext): number {
  const dowOf = (d: number) => ((context.dow - 1 + (d - context.day)) % 7 + 7) % 7 + 1;
  const target = Math.min(day, context.daysInMonth);
  const dow = dowOf(target);
  if (dow >= 2 && dow <= 6) return target;
  if (dow === 7) return target === 1 ? target + 2 : target - 1; // Saturday: Friday, or Monday if that leaves the month
  return target === context.daysInMonth ? target - 2 : target + 1; // Sunday: Monday, or Friday at the month's end
}

/** Scheduler's limit on a schedule expression (CreateSchedule: ScheduleExpression, 1-256 characters). */
export const MAX_SCHEDULE_EXPRESSION_CHARS = 256;

function readField(text: string, spec: FieldSpec): FieldReading {
  if (spec.name === 'day-of-week' && text.includes('#') && text.includes(',')) {
    return { ok: false, reason: `a # stands alone in the day-of-week field (${text} lists several)` };
  }
  if (spec.name === 'day-of-week' && text.includes('/')) {
    return { ok: false, reason: `the day-of-week field takes no / step (${text}); list the days instead, e.g. MON,WED,FRI` };
  }
  if (spec.name === 'year' && text !== '*') {
    return { ok: false, reason: `the year field must be * (${text} stops fetching one day, and the list goes stale then)` };
  }
  const parts: Array<(value: number, context: DayContext) => boolean> = [];
  for (const part of text.split(',')) {
    if (part === '') return { ok: false, reason: `the ${spec.name} field has an empty list item` };
    if (spec.specials.includes('L') && spec.name === 'day-of-month' && /^L(W)?$/u.test(part)) {
      const weekday = part === 'LW';
      parts.push((day, c) => day === (weekday ? nearestWeekday(c.daysInMonth, c) : c.daysInMonth));
      continue;
    }
    if (spec.specials.includes('W') && /^\d+W$/u.test(part)) {
      const day = numberIn(part.slice(0, -1), spec);
      if (day === undefined) return { ok: false, reason: `the ${spec.name} field's ${part} names no day` };
      parts.push((value, c) => value === nearestWeekday(day, c));
      continue;
    }
    if (spec.name === 'day-of-week' && /^[^#]+#\d$/u.test(part)) {
      const [dowText = '', nthText = ''] = part.split('#');
      const dow = numberIn(dowText, spec);
      const nth = Number(nthText);
      if (dow === undefined || nth < 1 || nth > 5) return { ok: false, reason: `the day-of-week field's ${part} is not weekday#1-5` };
      parts.push((value, c) => value === dow && Math.ceil(c.day / 7) === nth);
      continue;
    }
    if (spec.name === 'day-of-week' && /^(.+)?L$/u.test(part)) {
      const dow = part === 'L' ? 7 : numberIn(part.slice(0, -1), spec);
      if (dow === undefined) return { ok: false, reason: `the day-of-week field's ${part} names no weekday` };
      parts.push((value, c) => value === dow && c.day + 7 > c.daysInMonth);
      continue;
    }
    const [range = '', stepText] = part.split('/');
    if (part.split('/').length > 2) return { ok: false, reason: `the ${spec.name} field's ${part} has two steps` };
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/u.test(stepText) || Number(stepText) < 1) return { ok: false, reason: `the ${spec.name} field's step ${stepText} is not a positive whole number` };
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (range === '*') {
      [from, to] = [spec.min, spec.max];
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      const start = numberIn(a, spec);
      const end = numberIn(b, spec);
      if (start === undefined || end === undefined) return { ok: false, reason: `the ${spec.name} field's ${range} is not a range within ${spec.min}-${spec.max}` };
      [from, to] = [start, end];
    } else {
      const single = numberIn(range, spec);
      if (single === undefined) return { ok: false, reason: `the ${spec.name} field's ${range === '' ? '(empty)' : range} is not a value within ${spec.min}-${spec.max}` };
      // `5/15` means from 5 every 15; a plain `5` is just 5.
      [from, to] = [single, stepText === undefined ? single : spec.max];
    }
    const span = ((to - from + (spec.max - spec.min + 1)) % (spec.max - spec.min + 1));
    parts.push((value) => {
      const offset = (value - from + (spec.max - spec.min + 1)) % (spec.max - spec.min + 1);
      return offset <= span && offset % step === 0;
    });
  }
  return { ok: true, matches: (value, context) => parts.some((part) => part(value, context)) };
}

function readCron(body: string): { ok: true; fields: Array<(value: number, context: DayContext) => boolean> } | { ok: false; reason: string } {
  const texts = body.trim().split(/\s+/u);
  if (texts.length !== 6) {
    return { ok: false, reason: `a cron expression has six fields (minutes hours day-of-month month day-of-week year); this one has ${texts.length}` };
  }
  if (!/^\S+( \S+){5}$/u.test(body)) return { ok: false, reason: 'the six fields separated by single spaces, nothing before or after them' };
  const [, , domText = '', , dowText = ''] = texts;
  if ((domText === '?') === (dowText === '?')) {
    return {
      ok: false,
      reason: 'exactly one of day-of-month and day-of-week must be ? (Scheduler refuses both set, or both ?); e.g. cron(0 6 * * ? *)',
    };
  }
  const fields: Array<(value: number, context: DayContext) => boolean> = [];
  for (const [index, spec] of FIELDS.entries()) {
    const text = texts[index] as string;
    if (text === '?') {
      fields.push(() => true);
      continue;
    }
    if (text.includes('?')) return { ok: false, reason: `? stands alone in the ${spec.name} field` };
    const reading = readField(text, spec);
    if (!reading.ok) return reading;
    fields.push(reading.matches);
  }
  return { ok: true, fields };
}

/** Read `text` as a fetch schedule: `HH:MM` (daily), `cron(...)` or `rate(...)`, as Scheduler would. */
export function readFetchSchedule(text: string): ScheduleReading {
  if (text.length > MAX_SCHEDULE_EXPRESSION_CHARS) {
    return { ok: false, reason: `at most ${MAX_SCHEDULE_EXPRESSION_CHARS} characters (Scheduler's limit); this one has ${text.length}` };
  }
  const clock = /^([01]\d|2[0-3]):([0-5]\d)$/u.exec(text);
  if (clock !== null) return { ok: true, schedule: { kind: 'daily', hour: Number(clock[1]), minute: Number(clock[2]) } };
  const cron = /^cron\((.*)\)$/u.exec(text);
  if (cron !== null) {
    const reading = readCron(cron[1] as string);
    return reading.ok ? { ok: true, schedule: { kind: 'cron', expression: text } } : reading;
  }
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/u.exec(text);
  if (rate !== null) {
    const value = Number(rate[1]);
    const unit = rate[2] as string;
    if (value < 1) return { ok: false, reason: 'a rate is a positive whole number' };
    if ((value === 1) !== !unit.endsWith('s')) {
      const singular = unit.replace(/s$/u, '');
      return { ok: false, reason: `${value === 1 ? `rate(1 ${singular})` : `rate(${value} ${singular}s)`}: Scheduler is strict about the plural (rate(1 ${singular}), rate(2 ${singular}s))` };
    }
    const minutes = value * (unit.startsWith('minute') ? 1 : unit.startsWith('hour') ? 60 : 1440);
    return { ok: true, schedule: { kind: 'rate', minutes, expression: text } };
  }
  return { ok: false, reason: 'a daily time "HH:MM", a cron(m h dom mon dow year) or a rate(n hours) expression' };
}

/** The Scheduler expression for a schedule (`HH:MM` becomes a daily cron). */
export function schedulerExpression(schedule: FetchSchedule): string {
  return schedule.kind === 'daily' ? `cron(${schedule.minute} ${schedule.hour} * * ? *)` : schedule.expression;
}

/**
 * The longest wait between two fetches, in minutes of wall-clock time, over the years from `fromYear` (three years
 * are enough to see every yearly pattern and a year field that stops); Infinity when the schedule stops or never
 * fires in that span.
 */
export function longestGapMinutes(schedule: FetchSchedule, fromYear: number): number {
  if (schedule.kind === 'rate') return schedule.minutes;
  if (schedule.kind === 'daily') return 1440;
  const reading = readCron(/^cron\((.*)\)$/u.exec(schedule.expression)?.[1] ?? '');
  if (!reading.ok) return Number.POSITIVE_INFINITY;
  const [minute, hour, dom, month, dow, year] = reading.fields as [
    (v: number, c: DayContext) => boolean,
    (v: number, c: DayContext) => boolean,
    (v: number, c: DayContext) => boolean,
    (v: number, c: DayContext) => boolean,
    (v: number, c: DayContext) => boolean,
    (v: number, c: DayContext) => boolean,
  ];
  // Minutes and hours never depend on the day, so the times of day are worked out once.
  const anyDay: DayContext = { year: fromYear, month: 1, day: 1, dow: 1, daysInMonth: 31 };
  const timesOfDay: number[] = [];
  for (let h = 0; h < 24; h += 1) for (let m = 0; m < 60; m += 1) if (hour(h, anyDay) && minute(m, anyDay)) timesOfDay.push(h * 60 + m);
  let previous: number | undefined;
  let longest = 0;
  let dayIndex = 0;
  const first: CivilDate = `${fromYear}-01-01`;
  const last: CivilDate = `${fromYear + 3}-01-01`;
  for (let date = first; date <= last; date = addDays(date, 1), dayIndex += 1) {
    const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
    let daysInMonth = 28;
    while (isCivilDate(`${date.slice(0, 8)}${String(daysInMonth + 1).padStart(2, '0')}`)) daysInMonth += 1;
    const context: DayContext = { year: y, month: mo, day: d, dow: WEEKDAYS.indexOf(weekdayOf(date)) + 1, daysInMonth };
    if (!year(y, context) || !month(mo, context) || !dom(d, context) || !dow(context.dow, context)) continue;
    for (const time of timesOfDay) {
      const at = dayIndex * 1440 + time;
      if (previous !== undefined) longest = Math.max(longest, at - previous);
      previous = at;
    }
  }
  if (previous === undefined) return Number.POSITIVE_INFINITY;
  // Silence from the last fire to the end of the span counts too: a year field that stops shows here.
  return Math.max(longest, dayIndex * 1440 - previous);
}

/**
 * The shortest wait between two fetches, in minutes: within a day, or from one day's last time to the next day's
 * first (a lower bound when not every day fires).
 */
export function shortestGapMinutes(schedule: FetchSchedule): number {
  if (schedule.kind === 'rate') return schedule.minutes;
  if (schedule.kind === 'daily') return 1440;
  const reading = readCron(/^cron\((.*)\)$/u.exec(schedule.expression)?.[1] ?? '');
  if (!reading.ok) return Number.POSITIVE_INFINITY;
  const [minute, hour] = reading.fields as [(v: number, c: DayContext) => boolean, (v: number, c: DayContext) => boolean];
  const anyDay: DayContext = { year: 2030, month: 1, day: 1, dow: 1, daysInMonth: 31 };
  const times: number[] = [];
  for (let h = 0; h < 24; h += 1) for (let m = 0; m < 60; m += 1) if (hour(h, anyDay) && minute(m, anyDay)) times.push(h * 60 + m);
  if (times.length === 0) return Number.POSITIVE_INFINITY;
  let shortest = 1440 - (times[times.length - 1] as number) + (times[0] as number);
  for (let i = 1; i < times.length; i += 1) shortest = Math.min(shortest, (times[i] as number) - (times[i - 1] as number));
  return shortest;
}
