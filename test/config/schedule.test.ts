import { longestGapMinutes, readFetchSchedule, schedulerExpression, shortestGapMinutes } from '../../lib/config/schedule';

const DAY = 1440;

describe('readFetchSchedule: what EventBridge Scheduler accepts', () => {
  test.each([
    ['06:00', 'cron(0 6 * * ? *)'],
    ['23:59', 'cron(59 23 * * ? *)'],
    ['cron(0 6 * * ? *)', 'cron(0 6 * * ? *)'],
    ['cron(15 6,18 ? * MON-FRI *)', 'cron(15 6,18 ? * MON-FRI *)'],
    ['cron(0 */6 * * ? *)', 'cron(0 */6 * * ? *)'],
    ['cron(0 6 L * ? *)', 'cron(0 6 L * ? *)'],
    ['cron(0 6 15W * ? *)', 'cron(0 6 15W * ? *)'],
    ['cron(0 6 ? * 2#1 *)', 'cron(0 6 ? * 2#1 *)'],
    ['cron(0 6 ? * 6L *)', 'cron(0 6 ? * 6L *)'],
    ['cron(0 6 * JAN-DEC ? *)', 'cron(0 6 * JAN-DEC ? *)'],
    ['cron(0 6 ? * MON,WED,FRI *)', 'cron(0 6 ? * MON,WED,FRI *)'],
    ['rate(12 hours)', 'rate(12 hours)'],
    ['rate(1 day)', 'rate(1 day)'],
  ])('accepts %s', (text, expression) => {
    const reading = readFetchSchedule(text);
    expect(reading.ok).toBe(true);
    if (reading.ok) expect(schedulerExpression(reading.schedule)).toBe(expression);
  });

  test.each([
    ['cron(0 6 * * * *)', /exactly one of day-of-month and day-of-week must be \?/],
    ['cron(0 6 ? * ? *)', /exactly one of day-of-month and day-of-week must be \?/],
    ['cron(0 6 * * ?)', /six fields .* this one has 5/],
    ['cron(60 6 * * ? *)', /minutes field's 60 is not a value within 0-59/],
    ['cron(0 24 * * ? *)', /hours field's 24/],
    ['cron(0 6 32 * ? *)', /day-of-month field's 32/],
    ['cron(0 6 * 13 ? *)', /month field's 13/],
    ['cron(0 6 ? * 8 *)', /day-of-week field's 8/],
    ['cron(0 6 * * ? 1969)', /year field must be \*/],
    ['cron(0 6 * * ? 2026-2028)', /year field must be \* \(2026-2028 stops fetching one day/],
    ['cron(0 6 * * ? 2030-2199)', /year field must be \*/],
    ['cron(0 6 ? * 2#1,2#2 *)', /a # stands alone in the day-of-week field/],
    ['cron(0 6 ? * 1/2 *)', /day-of-week field takes no \/ step/],
    ['cron(0  6 * * ? *)', /single spaces/],
    ['cron(0\t6 * * ? *)', /single spaces/],
    [`cron(0 6 * * ? ${'*'.repeat(260)})`, /at most 256 characters/],
    ['cron(0 6 ? * 2#6 *)', /weekday#1-5/],
    ['cron(0/0 6 * * ? *)', /step 0 is not a positive whole number/],
    ['cron(0 6 *? * ? *)', /\? stands alone/],
    ['rate(0 hours)', /positive/],
    ['rate(1 hours)', /^rate\(1 hour\): Scheduler is strict about the plural/],
    ['rate(2 hour)', /^rate\(2 hours\): Scheduler is strict about the plural/],
    ['rate(2 weeks)', /a daily time/],
    ['at(2026-12-01T06:00:00)', /a daily time/],
    ['6am', /a daily time/],
    ['24:00', /a daily time/],
  ])('refuses %s', (text, reason) => {
    const reading = readFetchSchedule(text);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.reason).toMatch(reason);
  });
});

describe('the longest and shortest waits between fetches', () => {
  const gap = (text: string) => {
    const reading = readFetchSchedule(text);
    if (!reading.ok) throw new Error(reading.reason);
    return { longest: longestGapMinutes(reading.schedule, 2027), shortest: shortestGapMinutes(reading.schedule) };
  };
  test.each([
    ['06:00', DAY, DAY],
    ['cron(0 6 * * ? *)', DAY, DAY],
    ['cron(0 6,18 * * ? *)', DAY / 2, DAY / 2],
    ['cron(0 6 ? * MON-FRI *)', 3 * DAY, DAY],
    ['cron(0 6 ? * MON *)', 7 * DAY, DAY],
    ['cron(0 6 1 * ? *)', 31 * DAY, DAY],
    ['cron(*/5 * * * ? *)', 5, 5],
    ['rate(6 hours)', 360, 360],
  ])('%s: longest %i min, shortest %i min', (text, longest, shortest) => {
    expect(gap(text)).toEqual({ longest, shortest });
  });

  test('a yearly cron waits a year', () => {
    expect(gap('cron(0 6 1 1 ? *)').longest).toBe(366 * DAY); // 2028 is a leap year
  });

  test('the last weekday of the month and the nearest weekday land on weekdays', () => {
    // Feb 2027: the 28th is a Sunday, so LW is Friday the 26th; 15W in May 2027 (the 15th is a Saturday) is the 14th.
    expect(gap('cron(0 6 LW * ? *)').longest).toBeLessThanOrEqual(35 * DAY);
    expect(gap('cron(0 6 15W * ? *)').longest).toBeLessThanOrEqual(35 * DAY);
  });
});
