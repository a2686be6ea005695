/**
 * What saying "when we reopen" costs each closed call: the shared next-opening search against a baseline that steps
 * through the days minute by minute, on the same rules in the same run.
 */
import { addDays, civilDateIn } from '../lambda/shared/civil-time';
import type { HoursOfOperationEntry } from '../lambda/shared/connect-hours';
import type { LiveOverride } from '../lambda/shared/live-overrides';
import { isOpenAt, nextOpening, OpeningRules } from '../lambda/shared/next-open';

/** Monday to Friday 09:00-12:00 and 13:00-18:00 (a lunch break). */
export const BENCH_WEEKLY_HOURS: readonly HoursOfOperationEntry[] = (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).flatMap((day) => [
  { day, startTime: { hours: 9, minutes: 0 }, endTime: { hours: 12, minutes: 0 } },
  { day, startTime: { hours: 13, minutes: 0 }, endTime: { hours: 18, minutes: 0 } },
]);

const TIME_ZONE = 'Asia/Tokyo';

/** 年末年始 12-29..01-03 and a live closure, so the worst real case (12/28 evening → 1月4日) is in the mix. */
function rules(): OpeningRules {
  const closed = new Set<string>();
  for (let year = 2026; year <= 2027; year += 1) {
    for (let date = `${year}-12-29`; date <= `${year + 1}-01-03`; date = addDays(date, 1)) closed.add(date);
  }
  const live: LiveOverride[] = [
    {
      id: 'typhoon',
      kind: 'close',
      from: '2026-12-02T00:00:00.000Z',
      until: '2026-12-02T05:00:00.000Z',
      reason: '台風の接近',
      created: { by: 'bench', at: '2026-12-01T00:00:00.000Z' },
    },
  ];
  return { timeZone: TIME_ZONE, weekly: BENCH_WEEKLY_HOURS, live, isClosedDay: (date) => closed.has(date) };
}

/** The baseline: step one minute at a time until the line is open (what one writes first). */
function minuteByMinute(openingRules: OpeningRules, from: Date): Date | undefined {
  const start = Math.ceil(from.getTime() / 60_000) * 60_000;
  for (let ms = start; ms < from.getTime() + 400 * 86_400_000; ms += 60_000) {
    if (isOpenAt(openingRules, new Date(ms))) return new Date(ms);
  }
  return undefined;
}

/** Closed instants spread over a month plus the 年末年始 evening: each search starts from one. */
function closedInstants(openingRules: OpeningRules): Date[] {
  const instants: Date[] = [new Date('2026-12-28T10:00:00.000Z')];
  for (let hour = 0; hour < 24 * 30; hour += 7) {
    const at = new Date(Date.parse('2026-12-01T00:00:00.000Z') + hour * 3_600_000);
    if (!isOpenAt(openingRules, at)) instants.push(at);
  }
  return instants;
}

function timeEach(count: number, run: (index: number) => void): number[] {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = process.hrtime.bigint();
    run(index);
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return samples.sort((a, b) => a - b);
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/** Median and p99 (µs) of the shared search and the minute-by-minute baseline, after checking they agree. */
export function benchNextOpen(): { searches: number; sharedP50Us: number; sharedP99Us: number; baselineP50Us: number; baselineP99Us: number } {
  const openingRules = rules();
  const instants = closedInstants(openingRules);
  for (const at of instants) {
    const shared = nextOpening(openingRules, at)?.getTime();
    const baseline = minuteByMinute(openingRules, at)?.getTime();
    if (shared !== baseline) throw new Error(`next opening disagrees from ${at.toISOString()} (${civilDateIn(at, TIME_ZONE)}): ${shared} vs ${baseline}`);
  }
  const rounds = 20;
  const shared = timeEach(instants.length * rounds, (index) => void nextOpening(openingRules, instants[index % instants.length] as Date));
  const baseline = timeEach(instants.length * 2, (index) => void minuteByMinute(openingRules, instants[index % instants.length] as Date));
  return {
    searches: instants.length,
    sharedP50Us: percentile(shared, 0.5),
    sharedP99Us: percentile(shared, 0.99),
    baselineP50Us: percentile(baseline, 0.5),
    baselineP99Us: percentile(baseline, 0.99),
  };
}
