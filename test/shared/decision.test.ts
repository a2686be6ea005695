import {
  CHECKER_RESULT_VALUES,
  DayResult,
  decide,
  decideIsHoliday,
  DecisionOptions,
  fallbackDayResult,
  fallbackResult,
  indexHolidayList,
} from '../../lambda/shared/decision';
import { HolidayList } from '../../lambda/shared/holiday-list';
import { day, holidayList } from '../is-holiday/fixtures';

const DAY_MS = 86_400_000;
const tokyo: DecisionOptions = { timeZone: 'Asia/Tokyo', maxAgeMs: 10 * DAY_MS, fallbackClosed: false };

const tokyoList = holidayList({
  fetchedAt: '2026-01-20T00:00:00.000Z',
  coverage: { from: '2025-01-01', to: '2027-12-31' },
  days: [
    day('2026-01-01', '元日', 'holiday'),
    day('2026-02-11', '建国記念の日', 'holiday'),
    day('2026-02-14', 'バレンタインデー', 'observance', false),
    day('2026-02-03', '節分', 'observance', true),
    day('2026-02-20', '創立記念日', 'closure'),
    // A statutory holiday inside a company closure: the holiday names the day.
    day('2026-01-01', '年末年始', 'closure'),
  ],
});

/** Decide with a list whose age never matters (fetched "just now"). */
function decideAt(list: HolidayList, isoInstant: string, options: DecisionOptions = tokyo): DayResult {
  const now = new Date(isoInstant);
  return decideIsHoliday(indexHolidayList({ ...list, fetchedAt: now.toISOString() }), now, options);
}

describe('decideIsHoliday: the civil day in Asia/Tokyo, given UTC instants', () => {
  test.each([
    // [instant (UTC), expected isHoliday, closedReason, holidayName, what it shows]
    ['2026-02-10T14:59:59.999Z', 'false', '', '', '23:59:59.999 on the 10th JST is still the 10th'],
    ['2026-02-10T15:00:00.000Z', 'true', 'holiday', '建国記念の日', '00:00:00.000 on the 11th JST, while UTC says the 10th'],
    ['2026-02-11T14:59:59.999Z', 'true', 'holiday', '建国記念の日', 'last millisecond of the 11th JST'],
    ['2026-02-11T15:00:00.000Z', 'false', '', '', 'the 12th JST, while UTC still says the 11th'],
    ['2025-12-31T15:00:00.000Z', 'true', 'holiday', '元日', 'New Year: the holiday outranks the closure on the same day'],
    ['2026-02-02T15:00:00.000Z', 'true', 'holiday', '節分', 'an observance configured closed closes the line'],
    ['2026-02-13T15:00:00.000Z', 'false', '', '', 'an observance not configured closed leaves it open'],
    ['2026-02-19T15:00:00.000Z', 'true', 'closure', '創立記念日', 'a company closure'],
  ])('%s → isHoliday %s (%s %s): %s', (instant, isHoliday, closedReason, holidayName) => {
    expect(decideAt(tokyoList, instant)).toEqual({ isHoliday, closedReason, holidayName, dataStatus: 'ok' });
  });
});

describe('decideIsHoliday: America/New_York across its 2026 DST switches', () => {
  const newYork: DecisionOptions = { ...tokyo, timeZone: 'America/New_York' };
  const list = holidayList({
    timeZone: 'America/New_York',
    days: [day('2026-03-08', 'Spring switch closure', 'closure'), day('2026-11-01', 'Fall switch closure', 'closure')],
  });
  test.each([
    // Mar 8: midnight is EST (UTC-5, 05:00Z); the next midnight is EDT (UTC-4, 04:00Z): a 23-hour day.
    ['2026-03-08T04:59:59.999Z', 'false', 'Mar 7 23:59:59.999 EST'],
    ['2026-03-08T05:00:00.000Z', 'true', 'Mar 8 00:00 EST'],
    ['2026-03-08T07:00:00.000Z', 'true', 'Mar 8 03:00 EDT, just after the jump'],
    ['2026-03-09T03:59:59.999Z', 'true', 'Mar 8 23:59:59.999 EDT'],
    ['2026-03-09T04:00:00.000Z', 'false', 'Mar 9 00:00 EDT'],
    // Nov 1: midnight is EDT (04:00Z); the next midnight is EST (05:00Z): a 25-hour day.
    ['2026-11-01T03:59:59.999Z', 'false', 'Oct 31 23:59:59.999 EDT'],
    ['2026-11-01T04:00:00.000Z', 'true', 'Nov 1 00:00 EDT'],
    ['2026-11-01T05:30:00.000Z', 'true', 'Nov 1 01:30 EDT (first time)'],
    ['2026-11-01T06:30:00.000Z', 'true', 'Nov 1 01:30 EST (second time)'],
    ['2026-11-02T04:59:59.999Z', 'true', 'Nov 1 23:59:59.999 EST'],
    ['2026-11-02T05:00:00.000Z', 'false', 'Nov 2 00:00 EST'],
  ])('%s → isHoliday %s (%s)', (instant, isHoliday) => {
    expect(decideAt(list, instant, newYork).isHoliday).toBe(isHoliday);
  });
});

describe('decideIsHoliday: how trustworthy the list is', () => {
  const now = '2026-11-21T03:00:00.000Z'; // 12:00 JST on 2026-11-21
  test.each([
    ['fetched 1 hour ago, covering today', '2026-11-21T02:00:00.000Z', 'Asia/Tokyo', 'ok'],
    ['fetched exactly max age ago', '2026-11-11T03:00:00.000Z', 'Asia/Tokyo', 'ok'],
    ['fetched max age + 1 ms ago', '2026-11-11T02:59:59.999Z', 'Asia/Tokyo', 'stale'],
    ['fetched exactly the skew tolerance ahead', '2026-11-21T03:05:00.000Z', 'Asia/Tokyo', 'ok'],
    ['fetched in the future beyond the skew tolerance (a broken clock)', '2026-11-21T03:05:00.001Z', 'Asia/Tokyo', 'stale'],
    ['fetched in 2099', '2099-01-01T00:00:00.000Z', 'Asia/Tokyo', 'stale'],
    ['written for another time zone', '2026-11-21T02:00:00.000Z', 'Europe/London', 'stale'],
  ])('%s → %s', (_what, fetchedAt, timeZone, dataStatus) => {
    const list = holidayList({ fetchedAt, coverage: { from: '2025-01-01', to: '2027-12-31' }, timeZone, days: [day('2026-11-21', '臨時休業', 'closure')] });
    const decision = decide(indexHolidayList(list), new Date(now), tokyo);
    expect(decision.result.dataStatus).toBe(dataStatus);
    expect(decision.list).toBe(dataStatus);
    // A stale list still answers from what it holds.
    expect(decision.result).toMatchObject({ isHoliday: 'true', closedReason: 'closure', holidayName: '臨時休業' });
  });

  test.each([
    ['coverage ended yesterday (JST)', '2025-01-01', '2026-11-20'],
    ['coverage starts after the day asked about', '2026-11-24', '2027-12-31'],
  ])('%s: the built-in calendar answers, and the list counts as stale', (_what, from, to) => {
    const list = holidayList({ fetchedAt: '2026-11-21T02:00:00.000Z', coverage: { from, to }, days: [day('2026-11-21', '臨時休業', 'closure')] });
    // 2026-11-23 (Monday) is 勤労感謝の日: the second source knows it; the list's own day 11-21 is not consulted.
    expect(decide(indexHolidayList(list), new Date('2026-11-23T03:00:00.000Z'), tokyo)).toEqual({
      result: { isHoliday: 'true', closedReason: 'holiday', holidayName: '勤労感謝の日', dataStatus: 'builtin' },
      list: 'stale',
    });
    expect(decide(indexHolidayList(list), new Date(now), tokyo).result).toEqual({
      isHoliday: 'false',
      closedReason: '',
      holidayName: '',
      dataStatus: 'builtin',
    });
  });

  test('coverage ending today (JST) still covers today', () => {
    const list = holidayList({ fetchedAt: '2026-11-21T02:00:00.000Z', coverage: { from: '2025-01-01', to: '2026-11-21' }, days: [day('2026-11-21', '臨時休業', 'closure')] });
    expect(decide(indexHolidayList(list), new Date(now), tokyo)).toMatchObject({ result: { dataStatus: 'ok', holidayName: '臨時休業' }, list: 'ok' });
  });
});

describe('decide without a list: the built-in calendar, then the configured fallback', () => {
  const withClosures: DecisionOptions = {
    ...tokyo,
    builtin: {
      closures: [{ from: '12-29', to: '01-03', reason: '年末年始' }],
      statutoryCorrections: [{ date: '2026-11-24', statutory: true, reason: 'a made-up law' }],
    },
  };
  test.each([
    ['a statutory day', '2026-11-23T03:00:00.000Z', { isHoliday: 'true', closedReason: 'holiday', holidayName: '勤労感謝の日', dataStatus: 'builtin' }],
    ['国民の休日', '2026-09-22T03:00:00.000Z', { isHoliday: 'true', closedReason: 'holiday', holidayName: '休日', dataStatus: 'builtin' }],
    ['a day an admin confirmed', '2026-11-24T03:00:00.000Z', { isHoliday: 'true', closedReason: 'holiday', holidayName: '祝日', dataStatus: 'builtin' }],
    ['a configured closure across the year end', '2027-01-02T03:00:00.000Z', { isHoliday: 'true', closedReason: 'closure', holidayName: '年末年始', dataStatus: 'builtin' }],
    ['元日 inside the closure: the statutory day names it', '2027-01-01T03:00:00.000Z', { isHoliday: 'true', closedReason: 'holiday', holidayName: '元日', dataStatus: 'builtin' }],
    ['Christmas (a business day)', '2026-12-25T03:00:00.000Z', { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus: 'builtin' }],
    ['a closure beyond the second source\'s years', '2051-12-30T03:00:00.000Z', { isHoliday: 'true', closedReason: 'closure', holidayName: '年末年始', dataStatus: 'builtin' }],
  ])('%s', (_what, instant, expected) => {
    expect(decide(undefined, new Date(instant), withClosures)).toEqual({ result: expected, list: 'missing' });
  });

  test.each([
    [false, { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus: 'unavailable' }],
    [true, { isHoliday: 'true', closedReason: 'holiday', holidayName: '', dataStatus: 'unavailable' }],
  ])('beyond the second source\'s years with no closure, the configured fallback (fallbackClosed %s)', (fallbackClosed, expected) => {
    const options = { ...withClosures, fallbackClosed };
    expect(decideIsHoliday(undefined, new Date('2051-03-02T03:00:00.000Z'), options)).toEqual(expected);
    expect(fallbackDayResult(fallbackClosed)).toEqual(expected);
    expect(fallbackResult(fallbackClosed)).toEqual({ ...expected, liveOverride: '', liveReason: '', nextOpen: '' });
  });
});

describe('answers stay inside the contract the flow compares against', () => {
  const instants = ['2026-02-10T15:00:00.000Z', '2026-02-19T15:00:00.000Z', '2026-07-01T00:00:00.000Z'];
  test.each(instants)('%s', (instant) => {
    for (const result of [decideAt(tokyoList, instant), fallbackDayResult(true), fallbackDayResult(false)]) {
      expect(Object.keys(result).sort()).toEqual(['closedReason', 'dataStatus', 'holidayName', 'isHoliday']);
      expect(CHECKER_RESULT_VALUES.isHoliday).toContain(result.isHoliday);
      expect(CHECKER_RESULT_VALUES.closedReason).toContain(result.closedReason);
      expect(CHECKER_RESULT_VALUES.dataStatus).toContain(result.dataStatus);
      for (const value of Object.values(result)) expect(typeof value).toBe('string');
    }
  });
});

describe('indexHolidayList', () => {
  test('leaves open observances out and ranks holiday > closure > observance on one date', () => {
    const index = indexHolidayList(
      holidayList({
        days: [
          day('2026-05-05', '菖蒲の節句', 'observance'),
          day('2026-05-05', 'GW休業', 'closure'),
          day('2026-05-05', 'こどもの日', 'holiday'),
          day('2026-05-06', 'GW休業', 'closure'),
          day('2026-05-06', '振替休日?', 'observance'),
          day('2026-07-07', '七夕', 'observance', false),
        ],
      }),
    );
    expect(index.closedByDate.get('2026-05-05')?.name).toBe('こどもの日');
    expect(index.closedByDate.get('2026-05-06')?.name).toBe('GW休業');
    expect(index.closedByDate.has('2026-07-07')).toBe(false);
    expect(index.fetchedAtMs).toBe(Date.parse('2026-11-20T21:00:00.000Z'));
  });
});
