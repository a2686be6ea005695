import type { SiteConfig } from '../../lib/config/site-config';
import { HoursOfOperationEntry, isWithinHours } from '../../lambda/shared/connect-hours';
import { hoursOfOperationConfig, weekFrom, zonedInstant } from '../../lib/flow/hours';

const weekdays: SiteConfig['businessHours'] = {
  MONDAY: [{ start: '09:00', end: '18:00' }],
  FRIDAY: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '24:00' },
  ],
};

describe('hoursOfOperationConfig', () => {
  test('gives Connect entries, with 24:00 written as midnight', () => {
    expect(hoursOfOperationConfig(weekdays)).toEqual([
      { day: 'MONDAY', startTime: { hours: 9, minutes: 0 }, endTime: { hours: 18, minutes: 0 } },
      { day: 'FRIDAY', startTime: { hours: 9, minutes: 0 }, endTime: { hours: 12, minutes: 0 } },
      { day: 'FRIDAY', startTime: { hours: 13, minutes: 0 }, endTime: { hours: 0, minutes: 0 } },
    ]);
  });
});

describe('isWithinHours (what CheckHoursOfOperation answers)', () => {
  const entries = hoursOfOperationConfig(weekdays);
  test.each([
    ['2026-11-16T08:59:59+09:00', false], // Monday, a second before opening
    ['2026-11-16T09:00:00+09:00', true],
    ['2026-11-16T17:59:59+09:00', true],
    ['2026-11-16T18:00:00+09:00', false],
    ['2026-11-20T12:30:00+09:00', false], // Friday lunch break
    ['2026-11-20T23:59:59+09:00', true], // 24:00 end: open to the last second of the day
    ['2026-11-21T00:00:00+09:00', false], // ...and not into Saturday
    ['2026-11-16T00:00:00Z', true], // 09:00 in Tokyo although the UTC clock says midnight
    ['2026-11-15T23:59:59Z', false], // 08:59:59 Monday in Tokyo
  ])('%s → %s', (at, open) => {
    expect(isWithinHours(entries, 'Asia/Tokyo', new Date(at))).toBe(open);
  });

  const overnight: HoursOfOperationEntry[] = [
    { day: 'SATURDAY', startTime: { hours: 22, minutes: 0 }, endTime: { hours: 2, minutes: 0 } },
  ];
  test.each([
    ['2026-11-21T21:59:00+09:00', false],
    ['2026-11-21T22:00:00+09:00', true],
    ['2026-11-22T01:59:59+09:00', true], // Sunday morning, still Saturday's period
    ['2026-11-22T02:00:00+09:00', false],
    ['2026-11-22T22:30:00+09:00', false], // Sunday has no period of its own
  ])('overnight entry: %s → %s', (at, open) => {
    expect(isWithinHours(overnight, 'Asia/Tokyo', new Date(at))).toBe(open);
  });
});

describe('zonedInstant', () => {
  test.each([
    ['2026-11-20', 0, 'Asia/Tokyo', '2026-11-19T15:00:00.000Z'],
    ['2026-11-20', 9 * 3600, 'Asia/Tokyo', '2026-11-20T00:00:00.000Z'],
    ['2026-07-01', 9 * 3600, 'America/New_York', '2026-07-01T13:00:00.000Z'], // EDT
    ['2026-12-01', 9 * 3600, 'America/New_York', '2026-12-01T14:00:00.000Z'], // EST
    ['2026-03-08', 2.5 * 3600, 'America/New_York', '2026-03-08T07:30:00.000Z'], // 02:30 skipped: just after the gap
  ])('%s + %ss in %s', (date, seconds, zone, expected) => {
    expect(zonedInstant(date, seconds, zone).toISOString()).toBe(expected);
  });
});

test('weekFrom gives seven dates with weekdays, across a month end', () => {
  expect(weekFrom('2026-12-27').map(({ date, weekday }) => `${date} ${weekday}`)).toEqual([
    '2026-12-27 SUNDAY',
    '2026-12-28 MONDAY',
    '2026-12-29 TUESDAY',
    '2026-12-30 WEDNESDAY',
    '2026-12-31 THURSDAY',
    '2027-01-01 FRIDAY',
    '2027-01-02 SATURDAY',
  ]);
});
