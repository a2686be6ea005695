import {
  canonicalTimeZoneName,
  addDays,
  civilDateIn,
  civilTimeIn,
  daysBetween,
  isCivilDate,
  isValidTimeZone,
  minutesOfClock,
  weekdayOf,
} from '../../lambda/shared/civil-time';

describe('civilTimeIn reads the wall clock of the zone, not of the machine', () => {
  test.each([
    ['2026-02-10T14:59:59.999Z', 'Asia/Tokyo', '2026-02-10', 'TUESDAY', 23, 59, 59],
    ['2026-02-10T15:00:00.000Z', 'Asia/Tokyo', '2026-02-11', 'WEDNESDAY', 0, 0, 0],
    ['2026-03-08T06:59:59.999Z', 'America/New_York', '2026-03-08', 'SUNDAY', 1, 59, 59],
    ['2026-03-08T07:00:00.000Z', 'America/New_York', '2026-03-08', 'SUNDAY', 3, 0, 0],
    ['2026-11-01T05:59:59.999Z', 'America/New_York', '2026-11-01', 'SUNDAY', 1, 59, 59],
    ['2026-11-01T06:00:00.000Z', 'America/New_York', '2026-11-01', 'SUNDAY', 1, 0, 0],
    ['2026-06-30T18:15:00.000Z', 'Asia/Kathmandu', '2026-07-01', 'WEDNESDAY', 0, 0, 0],
  ])('%s in %s → %s %s %i:%i:%i', (instant, zone, date, weekday, hour, minute, second) => {
    expect(civilTimeIn(new Date(instant), zone)).toEqual({
      date,
      weekday,
      hour,
      minute,
      second,
      secondOfDay: hour * 3600 + minute * 60 + second,
    });
  });

  test('an unknown zone is a RangeError', () => {
    expect(() => civilTimeIn(new Date(0), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => civilDateIn(new Date(0), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  test('an invalid instant is a RangeError, not a date', () => {
    expect(() => civilDateIn(new Date(Number.NaN), 'Asia/Tokyo')).toThrow(RangeError);
  });
});

describe('civilDateIn (cached day windows) always agrees with the formatter', () => {
  const MINUTE = 60_000;
  // Zones whose days are not all 24 hours long, or whose offsets are odd: DST at 02:00 (New York), at midnight so
  // that a day has no 00:00 (Santiago, Havana), 30-minute DST (Lord Howe), +05:45 (Kathmandu), and a skipped day
  // (Apia jumped from 2011-12-29 to 2011-12-31).
  const sweeps: [string, string, string][] = [
    ['Asia/Tokyo', '2025-12-30T00:00:00Z', '2026-01-03T00:00:00Z'],
    ['America/New_York', '2026-03-06T00:00:00Z', '2026-03-11T00:00:00Z'],
    ['America/New_York', '2026-10-30T00:00:00Z', '2026-11-04T00:00:00Z'],
    ['America/Santiago', '2026-09-04T00:00:00Z', '2026-09-08T00:00:00Z'],
    ['America/Santiago', '2026-04-03T00:00:00Z', '2026-04-07T00:00:00Z'],
    ['America/Havana', '2026-03-06T00:00:00Z', '2026-03-10T00:00:00Z'],
    ['America/Havana', '2026-10-30T00:00:00Z', '2026-11-03T00:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-03T00:00:00Z', '2026-04-07T00:00:00Z'],
    ['Asia/Kathmandu', '2026-06-29T00:00:00Z', '2026-07-02T00:00:00Z'],
    ['Pacific/Apia', '2011-12-28T00:00:00Z', '2012-01-01T00:00:00Z'],
  ];

  test.each(sweeps)('%s from %s to %s, forward every 7 min 13.5 s', (zone, from, to) => {
    const end = Date.parse(to);
    let checked = 0;
    for (let at = Date.parse(from); at < end; at += 7 * MINUTE + 13_500) {
      const instant = new Date(at);
      expect([zone, instant.toISOString(), civilDateIn(instant, zone)]).toEqual([
        zone,
        instant.toISOString(),
        civilTimeIn(instant, zone).date,
      ]);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(500);
  });

  test('going back in time and switching zones between calls', () => {
    const zones = ['Asia/Tokyo', 'America/New_York', 'America/Santiago', 'Europe/London'];
    // A fixed pseudo-random walk (no Math.random, so a failure replays).
    let seed = 20261121;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 5000; i += 1) {
      const zone = zones[next() % zones.length] as string;
      const instant = new Date(base + (next() % (366 * 24 * 60)) * MINUTE + (next() % 60_000));
      expect([zone, instant.toISOString(), civilDateIn(instant, zone)]).toEqual([
        zone,
        instant.toISOString(),
        civilTimeIn(instant, zone).date,
      ]);
    }
  });

  test.each([
    ['2026-02-10T14:59:59.999Z', '2026-02-10'],
    ['2026-02-10T15:00:00.000Z', '2026-02-11'],
    ['2026-02-10T14:59:59.999Z', '2026-02-10'],
  ])('edges asked in sequence hit and leave the cached window correctly: %s → %s', (instant, date) => {
    expect(civilDateIn(new Date(instant), 'Asia/Tokyo')).toBe(date);
  });
});

describe('calendar helpers', () => {
  test.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-1-01', false],
    [20260101, false],
  ])('isCivilDate(%p) → %p', (value, expected) => {
    expect(isCivilDate(value)).toBe(expected);
  });

  test.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-11-21', 0, '2026-11-21'],
  ])('addDays(%s, %i) → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  test('addDays rejects a malformed date', () => {
    expect(() => addDays('21/11/2026', 1)).toThrow(/not a YYYY-MM-DD date/);
  });

  test.each([
    ['2026-11-21', 'SATURDAY'],
    ['2026-03-08', 'SUNDAY'],
    ['2027-01-01', 'FRIDAY'],
  ])('weekdayOf(%s) → %s', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });

  test.each([
    ['09:00', 540],
    ['18:00', 1080],
    ['24:00', 1440],
    ['9:00', Number.NaN],
  ])('minutesOfClock(%s) → %p', (clock, minutes) => {
    expect(minutesOfClock(clock)).toBe(minutes);
  });

  test.each([
    ['Asia/Tokyo', true],
    ['America/New_York', true],
    ['Tokyo', false],
    ['', false],
  ])('isValidTimeZone(%p) → %p', (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });
});

describe('canonicalTimeZoneName', () => {
  test.each([
    ['Asia/Tokyo', 'Asia/Tokyo'],
    ['asia/tokyo', 'Asia/Tokyo'],
    ['JST', 'Asia/Tokyo'],
    ['US/Eastern', 'America/New_York'],
    ['UTC', 'UTC'],
    ['Mars/Olympus', undefined],
    ['', undefined],
  ])('%j -> %j', (given, canonical) => {
    expect(canonicalTimeZoneName(given)).toBe(canonical);
  });
});
