import { buildHolidayList, CalendarCheckError, normalizeHolidayName, readCalendar } from '../../lambda/fetch-holidays/build-list';
import { generateGoogleShapedFeed } from '../../bench/parse-calendar';
import { parseHolidayList } from '../../lambda/shared/holiday-list';
import {
  allDayEvent,
  cabinetOfficeDays,
  calendar,
  fixture,
  NOW,
  statutoryEvents,
  testPolicy,
} from './support';

const GOOGLE = fixture('google-2025-2027.ics');
const SOURCE = { now: NOW, sourceUrl: 'https://calendar.example.com/basic.ics' };

function daysOn(list: ReturnType<typeof buildHolidayList>, date: string) {
  return list.days.filter((day) => day.date === date).map(({ name, kind, closed }) => ({ name, kind, closed }));
}

function checkOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CalendarCheckError) return `${error.check}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a CalendarCheckError');
}

describe('the Google-shaped fixture', () => {
  const list = buildHolidayList(GOOGLE, testPolicy(), SOURCE);

  test('the list is a valid stored document with the given source, zone, instant and whole-year coverage', () => {
    expect(parseHolidayList(JSON.stringify(list))).toEqual(list);
    expect(list).toMatchObject({
      formatVersion: 1,
      sourceUrl: SOURCE.sourceUrl,
      fetchedAt: '2026-11-21T00:00:00.000Z',
      timeZone: 'Asia/Tokyo',
      coverage: { from: '2025-01-01', to: '2027-12-31' },
    });
  });

  test('cross-check: the holiday days are exactly the Cabinet Office list', () => {
    const holidays = list.days.filter((day) => day.kind === 'holiday').map((day) => day.date);
    expect(holidays).toEqual([...cabinetOfficeDays().keys()].sort());
  });

  test.each([
    ['2026-01-01', [{ name: '元日', kind: 'holiday', closed: true }]],
    ['2026-01-02', [{ name: '年末年始', kind: 'closure', closed: true }, { name: '銀行休業日', kind: 'observance', closed: false }]],
    ['2026-02-03', [{ name: '節分', kind: 'observance', closed: false }]],
    ['2026-03-03', [{ name: '雛祭り', kind: 'observance', closed: false }]],
    ['2026-05-06', [{ name: '憲法記念日 振替休日', kind: 'holiday', closed: true }]],
    ['2026-05-10', [{ name: '母の日', kind: 'observance', closed: false }]],
    ['2026-07-07', [{ name: '七夕', kind: 'observance', closed: false }]],
    ['2026-09-22', [{ name: '国民の休日', kind: 'holiday', closed: true }]],
    ['2026-11-15', [{ name: '七五三', kind: 'observance', closed: false }]],
    ['2026-12-25', [{ name: 'クリスマス', kind: 'observance', closed: false }]],
    [
      '2026-12-31',
      [
        { name: '年末年始', kind: 'closure', closed: true },
        { name: '大晦日', kind: 'observance', closed: false },
        { name: '銀行休業日', kind: 'observance', closed: false },
      ],
    ],
    ['2025-02-24', [{ name: '天皇誕生日 振替休日', kind: 'holiday', closed: true }]],
    ['2027-03-22', [{ name: '春分の日 振替休日', kind: 'holiday', closed: true }]],
    ['2026-11-20', []],
  ])('%s is classified as %j', (date, expected) => {
    expect(daysOn(list, date)).toEqual(expected);
  });

  test('an observance named in closedObservances is closed; the others stay open', () => {
    const closing = buildHolidayList(GOOGLE, testPolicy({ closedObservances: ['銀行休業日'] }), SOURCE);
    expect(daysOn(closing, '2026-12-31')).toEqual([
      { name: '年末年始', kind: 'closure', closed: true },
      { name: '大晦日', kind: 'observance', closed: false },
      { name: '銀行休業日', kind: 'observance', closed: true },
    ]);
    expect(closing.days.filter((day) => day.kind === 'observance' && day.closed).map((day) => day.name)).toEqual(
      Array(9).fill('銀行休業日'),
    );
  });

  test('days are sorted by date, then holiday < closure < observance', () => {
    const keys = list.days.map((day) => `${day.date} ${['holiday', 'closure', 'observance'].indexOf(day.kind)}`);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('all-day dates are civil dates, never shifted', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  // The site zone and the host zone both vary: neither may move a date written VALUE=DATE.
  test.each([
    ['Asia/Tokyo', 'UTC'],
    ['America/Los_Angeles', 'UTC'],
    ['Asia/Tokyo', 'America/Los_Angeles'],
    ['America/Los_Angeles', 'Asia/Tokyo'],
    ['Pacific/Kiritimati', 'Pacific/Pago_Pago'],
  ])('site zone %s on a host in %s', (siteZone, hostZone) => {
    process.env.TZ = hostZone;
    const list = buildHolidayList(GOOGLE, testPolicy({ timeZone: siteZone, closures: [] }), SOURCE);
    expect(list.timeZone).toBe(siteZone);
    expect(list.days.filter((day) => day.kind === 'holiday').map((day) => day.date)).toEqual(
      [...cabinetOfficeDays().keys()].sort(),
    );
    expect(daysOn(list, '2026-01-01')).toEqual([{ name: '元日', kind: 'holiday', closed: true }]);
  });

  test('"today" is the civil date in the site zone: LA is still on the day before the feed starts', () => {
    const statutory = calendar(statutoryEvents([2026, 2027]));
    const instant = new Date('2026-01-01T03:00:00Z'); // 12:00 on 01-01 in Tokyo, 19:00 on 12-31 in LA
    expect(buildHolidayList(statutory, testPolicy(), { ...SOURCE, now: instant }).coverage.from).toBe('2026-01-01');
    expect(checkOf(() => buildHolidayList(statutory, testPolicy({ timeZone: 'America/Los_Angeles' }), { ...SOURCE, now: instant }))).toMatch(
      /^coverage: .*today \(2025-12-31\)/,
    );
  });
});

describe('the old feed shape (every DESCRIPTION empty)', () => {
  test('every event is a statutory holiday, and the days equal the Cabinet Office list', () => {
    const reading = readCalendar(fixture('google-old-shape-2025-2027.ics'), testPolicy({ closures: [] }), SOURCE);
    expect(reading.shape).toBe('statutory-only');
    expect(reading.list.days.every((day) => day.kind === 'holiday' && day.closed)).toBe(true);
    expect(reading.list.days.map((day) => day.date)).toEqual([...cabinetOfficeDays().keys()].sort());
    expect(reading.holidaysPerYear).toEqual({ '2025': 19, '2026': 18, '2027': 17 });
  });
});

describe('multi-day all-day events', () => {
  const list = buildHolidayList(fixture('multi-day-2026-2027.ics'), testPolicy({ closures: [] }), SOURCE);

  test('a 05-03..05-07 (exclusive) holiday covers 05-03 to 05-06 and no more', () => {
    expect(list.days.filter((day) => day.name === 'ゴールデンウィーク').map((day) => day.date)).toEqual([
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
      '2026-05-06',
    ]);
    expect(daysOn(list, '2026-05-07')).toEqual([]);
  });

  test('an event across the year end covers each day in both years', () => {
    expect(list.days.filter((day) => day.name === '年末年始休暇').map((day) => day.date)).toEqual([
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
  });
});

describe('iCalendar text details', () => {
  const base = statutoryEvents([2026, 2027]);

  test.each([
    // A long line folded mid-name (CRLF + space) and mid-marker (CRLF + tab).
    ['folded summary', allDayEvent('2026-06-10', '創立記念日', '祝日').replace('SUMMARY:創立記念日', 'SUMMARY:創立記\r\n 念日'), '創立記念日', 'holiday'],
    ['folded marker', allDayEvent('2026-06-10', '時の記念日', '祭日').replace('DESCRIPTION:祭日', 'DESCRIPTION:祭\r\n\t日\\n非表示'), '時の記念日', 'observance'],
    ['escaped comma and semicolon', allDayEvent('2026-06-10', 'A\\, B\\; C', '祭日'), 'A, B; C', 'observance'],
    ['parameters on SUMMARY', allDayEvent('2026-06-10', 'x', '祝日').replace('SUMMARY:x', 'SUMMARY;LANGUAGE=ja:記念日'), '記念日', 'holiday'],
    ['full-width spaces in a name', allDayEvent('2026-06-10', '休日\u3000記念日', '祝日'), '記念日 振替休日', 'holiday'],
    ['no DTEND (one day)', allDayEvent('2026-06-10', '記念日', '祝日').replace(/DTEND[^\r]*\r\n/, ''), '記念日', 'holiday'],
    ['LF line endings', allDayEvent('2026-06-10', '記念日', '祝日').replace(/\r\n/g, '\n'), '記念日', 'holiday'],
  ])('%s', (_case, event, name, kind) => {
    // 2026-06-10 is no statutory day: where the feed says it is, the admin has confirmed it (a made-up new law).
    const statutoryCorrections = kind === 'holiday' ? [{ date: '2026-06-10', statutory: true, reason: 'test law' }] : [];
    const list = buildHolidayList(calendar([...base, event]), testPolicy({ closures: [], statutoryCorrections }), SOURCE);
    expect(daysOn(list, '2026-06-10')).toEqual([{ name, kind, closed: kind === 'holiday' }]);
    expect(daysOn(list, '2026-06-11')).toEqual([]);
  });

  test('a cancelled event is skipped; a yearly RRULE repeats in every covered year', () => {
    const reading = readCalendar(
      calendar([
        ...base,
        allDayEvent('2026-06-10', '中止', '祝日', undefined, ['STATUS:CANCELLED']),
        allDayEvent('2026-07-01', '創立記念日', '祭日', undefined, ['RRULE:FREQ=YEARLY']),
      ]),
      testPolicy({ closures: [] }),
      SOURCE,
    );
    expect(daysOn(reading.list, '2026-06-10')).toEqual([]);
    expect(reading.list.days.filter((day) => day.name === '創立記念日').map((day) => [day.date, day.closed])).toEqual([
      ['2026-07-01', false],
      ['2027-07-01', false],
    ]);
    expect(reading.notes).toEqual(['ignored 1 cancelled event(s)']);
  });

  test.each([
    ['recurring', allDayEvent('2026-07-01', '創立記念日', '祭日', undefined, ['RRULE:FREQ=YEARLY']), /the closed observance "創立記念日" on 2026-07-01 comes from a recurring event/],
    ['several days long', allDayEvent('2026-07-01', '創立記念日', '祭日', '2026-07-04'), /comes from a 3-day event/],
    ['not repeating yearly', allDayEvent('2026-07-01', '創立記念日', '祭日', undefined, ['RRULE:FREQ=MONTHLY']), /^malformed: line \d+: a recurring event that does not repeat yearly/],
  ])('a closed observance that is %s is refused', (_case, event, reason) => {
    expect(checkOf(() => readCalendar(calendar([...base, event]), testPolicy({ closures: [], closedObservances: ['創立記念日'] }), SOURCE))).toMatch(reason);
  });

  test('timed events among all-day ones are ignored, and said so', () => {
    const timed = ['BEGIN:VEVENT', 'DTSTART;TZID=America/New_York:20260610T000000', 'DTEND;TZID=America/New_York:20260611T000000', 'UID:t1@example.com', 'DESCRIPTION:祝日', 'SUMMARY:夜の会', 'END:VEVENT'].join('\r\n');
    const reading = readCalendar(calendar([...base, timed]), testPolicy(), SOURCE);
    expect(daysOn(reading.list, '2026-06-10')).toEqual([]);
    expect(daysOn(reading.list, '2026-06-09')).toEqual([]);
    expect(reading.notes).toEqual(['ignored 1 timed event(s): only all-day events are read as days']);
  });
});

describe('checks', () => {
  const twoYears = statutoryEvents([2026, 2027]);

  test.each([
    ['an HTML sign-in page served with 200', fixture('bad-html-sign-in.ics'), /^not-icalendar: not an iCalendar document \(an HTML page: 347 bytes\)$/],
    ['an empty body', '', /^not-icalendar: not an iCalendar document \(it does not start with BEGIN:VCALENDAR: 0 bytes\)$/],
    // The body is never quoted: it may hold anything, and the message goes into e-mails.
    ['a JSON error body', '{"error":{"code":403,"token":"s3cr3t"}}', /^not-icalendar: not an iCalendar document \(it does not start with BEGIN:VCALENDAR: 39 bytes\)$/],
    ['a truncated feed (no END:VCALENDAR)', fixture('bad-truncated.ics'), /^truncated: /],
    ['a calendar without events', fixture('bad-empty.ics'), /^no-events: /],
    ['timed events in New York only', fixture('bad-timed-new-york.ics'), /^no-all-day-events: .*35 timed event/],
    [
      'an all-day event of 40 days',
      calendar([...twoYears, allDayEvent('2026-06-01', '長期休暇', '祭日', '2026-07-11')]),
      /^event-too-long: all-day event "長期休暇" from 2026-06-01 spans 40 days/,
    ],
    [
      'a year with too few statutory days',
      calendar(twoYears.filter((event) => !event.includes('DTSTART;VALUE=DATE:20270'))),
      /^holiday-count: implausible number of statutory holidays in 2027: 3 \(expected 14-24\)/,
    ],
    [
      'every event marked statutory (observances included)',
      calendar([...twoYears, ...['01-02', '01-03', '02-03', '03-03', '05-10', '07-07', '11-15', '12-25', '12-31'].map((md) => allDayEvent(`2026-${md}`, `行事${md}`, '祝日'))]),
      /^holiday-count: implausible number of statutory holidays in 2026: 27/,
    ],
    [
      'a missing year in the middle',
      calendar(statutoryEvents([2025, 2027])),
      /^holiday-count: .* in 2026: 0/,
    ],
    [
      'a feed of one partial year',
      calendar(statutoryEvents([2026]).filter((event) => !event.includes('DTSTART;VALUE=DATE:202601'))),
      /^no-whole-year: calendar covers 2026-02-11\.\.2026-12-31/,
    ],
  ])('refuses %s', (_case, text, expected) => {
    expect(checkOf(() => buildHolidayList(text, testPolicy(), SOURCE))).toMatch(expected);
  });

  test.each([
    ['on the first covered day', '2026-01-01T00:00:00+09:00', 0, null],
    ['60 days before the end', '2027-11-01T00:00:00+09:00', 60, null],
    ['59 days before the end', '2027-11-02T00:00:00+09:00', 60, /through 2028-01-01 \(60 days ahead\)/],
    ['before the feed starts', '2025-12-31T23:59:00+09:00', 0, /today \(2025-12-31\)/],
  ])('coverage %s', (_case, instant, minDaysAhead, expected) => {
    const policy = testPolicy({ checks: { ...testPolicy().checks, minDaysAhead } });
    const run = () => buildHolidayList(calendar(twoYears), policy, { ...SOURCE, now: new Date(instant) });
    if (expected === null) expect(run().coverage).toEqual({ from: '2026-01-01', to: '2027-12-31' });
    else expect(checkOf(run)).toMatch(expected);
  });

  test('a feed that stops mid-year covers only up to its last event; its partial year is not counted', () => {
    const text = calendar(twoYears.filter((event) => !/DTSTART;VALUE=DATE:2027(09|1)/.test(event)));
    const reading = readCalendar(text, testPolicy(), SOURCE);
    expect(reading.list.coverage).toEqual({ from: '2026-01-01', to: '2027-08-11' });
    expect(reading.holidaysPerYear).toEqual({ '2026': 18 });
    expect(checkOf(() => buildHolidayList(text, testPolicy(), { ...SOURCE, now: new Date('2027-07-01T00:00:00Z') }))).toMatch(
      /^coverage: calendar covers 2026-01-01\.\.2027-08-11, which does not include today \(2027-07-01\) through 2027-08-30/,
    );
  });

  test('the per-year bounds come from the policy', () => {
    const strict = testPolicy({ checks: { ...testPolicy().checks, minHolidaysPerYear: 18 } });
    expect(checkOf(() => buildHolidayList(GOOGLE, strict, SOURCE))).toMatch(/in 2027: 17 \(expected 18-24\)/);
    const loose = testPolicy({ checks: { ...testPolicy().checks, maxHolidaysPerYear: 18 } });
    expect(checkOf(() => buildHolidayList(GOOGLE, loose, SOURCE))).toMatch(/in 2025: 19 \(expected 14-18\)/);
  });

  test('the error is a one-line CalendarCheckError', () => {
    const error = (() => {
      try {
        buildHolidayList('<html>\n<body>x</body>', testPolicy(), SOURCE);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CalendarCheckError);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('normalizeHolidayName', () => {
  test.each([
    ['元日', '元日'],
    ['休日 元日', '元日 振替休日'],
    ['休日　山の日', '山の日 振替休日'],
    ['建国記念の日 振替休日', '建国記念の日 振替休日'],
    ['国民の休日', '国民の休日'],
    ['休日', '休日'],
    ['  クリスマス ', 'クリスマス'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeHolidayName(raw)).toBe(expected);
  });
});

describe('the benchmark feed', () => {
  test('is a feed the checks accept: ten whole years of real statutory days plus observances', () => {
    const { text, events } = generateGoogleShapedFeed(2025, 10);
    const reading = readCalendar(text, testPolicy(), SOURCE);
    expect(reading.list.coverage).toEqual({ from: '2025-01-01', to: '2034-12-31' });
    // The Cabinet Office's counts for the years the fixture has, then the second source's.
    expect(Object.values(reading.holidaysPerYear).slice(0, 3)).toEqual([19, 18, 17]);
    const statutory = Object.values(reading.holidaysPerYear).reduce((sum, count) => sum + count, 0);
    expect(events).toBe(statutory + 10 * 10);
  });
});
