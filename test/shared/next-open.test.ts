/**
 * When the line next opens, and the checker's whole answer to a call. The closed days here are explicit date sets,
 * not the project's holiday code, and every expected instant is written by hand on the site's wall clock.
 */
import { CivilDate } from '../../lambda/shared/civil-time';
import type { HoursOfOperationEntry } from '../../lambda/shared/connect-hours';
import { DecisionOptions, indexHolidayList } from '../../lambda/shared/decision';
import { answerCall, CallAnswer, LineInputs } from '../../lambda/shared/line-state';
import type { LiveOverride } from '../../lambda/shared/live-overrides';
import { isOpenAt, nextOpening, NextOpeningMemo, nextOpenSentence, OpeningRules } from '../../lambda/shared/next-open';
import { hoursOfOperationConfig } from '../../lib/flow/hours';
import { day, holidayList, WEEKDAY_HOURS } from '../is-holiday/fixtures';

const MONDAY_TO_FRIDAY = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const;
const NINE_TO_SIX = hoursOfOperationConfig(Object.fromEntries(MONDAY_TO_FRIDAY.map((weekday) => [weekday, [{ start: '09:00', end: '18:00' }]])));
const WITH_LUNCH = hoursOfOperationConfig(
  Object.fromEntries(MONDAY_TO_FRIDAY.map((weekday) => [weekday, [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }]])),
);

/** A closed-day rule from an explicit set of dates. */
const closedOn =
  (...dates: CivilDate[]) =>
  (date: CivilDate): boolean =>
    dates.includes(date);
const NO_CLOSED_DAYS = closedOn();
// 年末年始 2026-12-29 … 2027-01-03, written out.
const YEAR_END = closedOn('2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03');
// 2026-11-23 (Monday) 勤労感謝の日.
const LABOUR_DAY = closedOn('2026-11-23');

const STAMP = { by: 'local:ops', at: '2026-11-01T00:00:00.000Z' };
/** A live override between two Tokyo wall-clock instants (`2026-11-24T10:00`). */
function live(id: string, kind: LiveOverride['kind'], from: string, until: string, extra: Partial<LiveOverride> = {}): LiveOverride {
  return {
    id,
    kind,
    from: new Date(`${from}:00+09:00`).toISOString(),
    until: new Date(`${until}:00+09:00`).toISOString(),
    reason: kind === 'close' ? '台風の接近のため' : '臨時営業',
    created: STAMP,
    ...extra,
  };
}

function tokyo(weekly: readonly HoursOfOperationEntry[], isClosedDay = NO_CLOSED_DAYS, overrides: LiveOverride[] = []): OpeningRules {
  return { timeZone: 'Asia/Tokyo', weekly, isClosedDay, live: overrides };
}

const jst = (wallClock: string): Date => new Date(`${wallClock}+09:00`);

describe('nextOpening and nextOpenSentence', () => {
  test.each<[string, OpeningRules, Date, Date | undefined, string]>([
    ['Friday 18:00 (the end is exclusive): Monday 9:00', tokyo(NINE_TO_SIX), jst('2026-11-20T18:00:00'), jst('2026-11-23T09:00:00'), '次の受付は11月23日(月)9時からです。'],
    ['Friday 17:59: open now', tokyo(NINE_TO_SIX), jst('2026-11-20T17:59:00'), jst('2026-11-20T17:59:00'), '次の受付は11月20日(金)17時59分からです。'],
    ['Sunday 23:59:59.999: Monday 9:00', tokyo(NINE_TO_SIX), jst('2026-11-22T23:59:59.999'), jst('2026-11-23T09:00:00'), '次の受付は11月23日(月)9時からです。'],
    ['Monday 08:59: 9:00 the same day', tokyo(NINE_TO_SIX), jst('2026-11-23T08:59:00'), jst('2026-11-23T09:00:00'), '次の受付は11月23日(月)9時からです。'],
    ['12/28 (Monday) evening before 年末年始: 1/4', tokyo(NINE_TO_SIX, YEAR_END), jst('2026-12-28T19:00:00'), jst('2027-01-04T09:00:00'), '次の受付は1月4日(月)9時からです。'],
    ['inside 年末年始 on a weekday morning: 1/4', tokyo(NINE_TO_SIX, YEAR_END), jst('2026-12-30T10:00:00'), jst('2027-01-04T09:00:00'), '次の受付は1月4日(月)9時からです。'],
    ['lunch break at 12:00: 13:00', tokyo(WITH_LUNCH), jst('2026-11-24T12:00:00'), jst('2026-11-24T13:00:00'), '次の受付は11月24日(火)13時からです。'],
    ['lunch break at 12:30: 13:00', tokyo(WITH_LUNCH), jst('2026-11-24T12:30:00'), jst('2026-11-24T13:00:00'), '次の受付は11月24日(火)13時からです。'],
    ['11:59 before lunch: open now', tokyo(WITH_LUNCH), jst('2026-11-24T11:59:00'), jst('2026-11-24T11:59:00'), '次の受付は11月24日(火)11時59分からです。'],
    ['Saturday before a holiday Monday: Tuesday', tokyo(NINE_TO_SIX, LABOUR_DAY), jst('2026-11-21T10:00:00'), jst('2026-11-24T09:00:00'), '次の受付は11月24日(火)9時からです。'],
    ['on the holiday Monday itself, in business hours: Tuesday', tokyo(NINE_TO_SIX, LABOUR_DAY), jst('2026-11-23T10:00:00'), jst('2026-11-24T09:00:00'), '次の受付は11月24日(火)9時からです。'],
    [
      'a live closure 10:00-14:00 on a Tuesday, at 10:30: 14:00 the same day',
      tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('typhoon', 'close', '2026-11-24T10:00', '2026-11-24T14:00')]),
      jst('2026-11-24T10:30:00'),
      jst('2026-11-24T14:00:00'),
      '次の受付は11月24日(火)14時からです。',
    ],
    [
      'a live closure ending at 14:30: 14時30分',
      tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('typhoon', 'close', '2026-11-24T10:00', '2026-11-24T14:30')]),
      jst('2026-11-24T10:30:00'),
      jst('2026-11-24T14:30:00'),
      '次の受付は11月24日(火)14時30分からです。',
    ],
    [
      'a live closure ending at 19:00, after hours: the next day 9:00',
      tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('typhoon', 'close', '2026-11-24T10:00', '2026-11-24T19:00')]),
      jst('2026-11-24T10:30:00'),
      jst('2026-11-25T09:00:00'),
      '次の受付は11月25日(水)9時からです。',
    ],
    [
      'two closures back to back: the end of the second',
      tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('first', 'close', '2026-11-24T10:00', '2026-11-24T12:00'), live('second', 'close', '2026-11-24T12:00', '2026-11-24T15:15')]),
      jst('2026-11-24T10:30:00'),
      jst('2026-11-24T15:15:00'),
      '次の受付は11月24日(火)15時15分からです。',
    ],
    [
      'a live open on a Saturday 10:00-15:00, from Saturday 9:00: Saturday 10:00',
      tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('sat-open', 'open', '2026-11-21T10:00', '2026-11-21T15:00')]),
      jst('2026-11-21T09:00:00'),
      jst('2026-11-21T10:00:00'),
      '次の受付は11月21日(土)10時からです。',
    ],
    [
      'the same open, from Saturday 15:00 (ended): Monday 9:00',
      tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('sat-open', 'open', '2026-11-21T10:00', '2026-11-21T15:00')]),
      jst('2026-11-21T15:00:00'),
      jst('2026-11-23T09:00:00'),
      '次の受付は11月23日(月)9時からです。',
    ],
    [
      'a live open on a closed holiday, from 8:00: 10:00 that day',
      tokyo(NINE_TO_SIX, LABOUR_DAY, [live('holiday-open', 'open', '2026-11-23T10:00', '2026-11-23T12:00')]),
      jst('2026-11-23T08:00:00'),
      jst('2026-11-23T10:00:00'),
      '次の受付は11月23日(月)10時からです。',
    ],
    [
      'a live open starting on a Sunday evening: its start, 20時45分',
      tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('sunday-evening', 'open', '2026-11-22T20:45', '2026-11-22T22:00')]),
      jst('2026-11-21T12:00:00'),
      jst('2026-11-22T20:45:00'),
      '次の受付は11月22日(日)20時45分からです。',
    ],
    [
      'a cleared closure is ignored: open now',
      tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('typhoon', 'close', '2026-11-24T10:00', '2026-11-24T14:00', { cleared: STAMP })]),
      jst('2026-11-24T10:30:00'),
      jst('2026-11-24T10:30:00'),
      '次の受付は11月24日(火)10時30分からです。',
    ],
    [
      'a cleared open is ignored: Monday 9:00',
      tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('sat-open', 'open', '2026-11-21T10:00', '2026-11-21T15:00', { cleared: STAMP })]),
      jst('2026-11-21T09:00:00'),
      jst('2026-11-23T09:00:00'),
      '次の受付は11月23日(月)9時からです。',
    ],
    ['no weekly hours at all: nothing within 400 days, no sentence', tokyo([]), jst('2026-11-20T18:00:00'), undefined, ''],
    [
      'closed every day until 2027-12-01 (376 days): found',
      tokyo(NINE_TO_SIX, (date) => date < '2027-12-01'),
      jst('2026-11-20T18:00:00'),
      jst('2027-12-01T09:00:00'),
      '次の受付は12月1日(水)9時からです。',
    ],
    ['closed every day until 2028-01-01 (407 days): beyond the horizon', tokyo(NINE_TO_SIX, (date) => date < '2028-01-01'), jst('2026-11-20T18:00:00'), undefined, ''],
    // 2026-03-08: New York springs forward (EST UTC-5 to EDT UTC-4). Monday 9:00 is 13:00Z, not 14:00Z.
    [
      'America/New_York, Friday evening before the spring switch: Monday 9:00 EDT',
      { timeZone: 'America/New_York', weekly: NINE_TO_SIX, isClosedDay: NO_CLOSED_DAYS, live: [] },
      new Date('2026-03-06T23:00:00Z'),
      new Date('2026-03-09T13:00:00Z'),
      '次の受付は3月9日(月)9時からです。',
    ],
    // 2026-11-01: New York falls back (EDT to EST). Monday 9:00 is 14:00Z.
    [
      'America/New_York, Friday evening before the autumn switch: Monday 9:00 EST',
      { timeZone: 'America/New_York', weekly: NINE_TO_SIX, isClosedDay: NO_CLOSED_DAYS, live: [] },
      new Date('2026-10-30T22:00:00Z'),
      new Date('2026-11-02T14:00:00Z'),
      '次の受付は11月2日(月)9時からです。',
    ],
    // The wall clock jumps from 01:59:59 EST to 03:00 EDT (07:00Z); a period from 02:30 is open from that instant.
    [
      'America/New_York, a Sunday period starting inside the skipped hour: open from 3:00 EDT',
      { timeZone: 'America/New_York', weekly: hoursOfOperationConfig({ SUNDAY: [{ start: '02:30', end: '05:00' }] }), isClosedDay: NO_CLOSED_DAYS, live: [] },
      new Date('2026-03-08T05:00:00Z'),
      new Date('2026-03-08T07:00:00Z'),
      '次の受付は3月8日(日)3時からです。',
    ],
    // The wall clock runs 01:00-01:59 EDT, then again 01:00-01:59 EST from 06:00Z: at 01:45 EDT, the period opens again.
    [
      'America/New_York, inside the repeated hour after its period passed once: open again from 1:00 EST',
      { timeZone: 'America/New_York', weekly: hoursOfOperationConfig({ SUNDAY: [{ start: '01:00', end: '01:30' }] }), isClosedDay: NO_CLOSED_DAYS, live: [] },
      new Date('2026-11-01T05:45:00Z'),
      new Date('2026-11-01T06:00:00Z'),
      '次の受付は11月1日(日)1時からです。',
    ],
  ])('%s', (_case, rules, from, expected, sentence) => {
    const opening = nextOpening(rules, from);
    expect(opening?.toISOString()).toBe(expected?.toISOString());
    expect(nextOpenSentence(opening, rules.timeZone)).toBe(sentence);
    if (opening !== undefined) {
      // It is open then, and (when that is later) closed just before: the first instant, not merely an open one.
      expect(isOpenAt(rules, opening)).toBe(true);
      if (opening.getTime() > from.getTime()) expect(isOpenAt(rules, new Date(opening.getTime() - 1))).toBe(false);
    }
  });

  test.each<[string, OpeningRules, Date, boolean]>([
    ['Friday 17:59', tokyo(NINE_TO_SIX), jst('2026-11-20T17:59:00'), true],
    ['Friday 17:59:59.999', tokyo(NINE_TO_SIX), jst('2026-11-20T17:59:59.999'), true],
    ['Friday 18:00', tokyo(NINE_TO_SIX), jst('2026-11-20T18:00:00'), false],
    ['Monday 9:00', tokyo(NINE_TO_SIX), jst('2026-11-23T09:00:00'), true],
    ['a holiday Monday 10:00', tokyo(NINE_TO_SIX, LABOUR_DAY), jst('2026-11-23T10:00:00'), false],
    ['lunch 12:00', tokyo(WITH_LUNCH), jst('2026-11-24T12:00:00'), false],
    ['lunch 12:59', tokyo(WITH_LUNCH), jst('2026-11-24T12:59:00'), false],
    ['11:59', tokyo(WITH_LUNCH), jst('2026-11-24T11:59:00'), true],
    ['a live open on a Saturday, inside', tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('sat', 'open', '2026-11-21T10:00', '2026-11-21T15:00')]), jst('2026-11-21T12:00:00'), true],
    ['a live open on a Saturday, at its end', tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('sat', 'open', '2026-11-21T10:00', '2026-11-21T15:00')]), jst('2026-11-21T15:00:00'), false],
    ['a live open on a closed holiday', tokyo(NINE_TO_SIX, LABOUR_DAY, [live('hol', 'open', '2026-11-23T10:00', '2026-11-23T12:00')]), jst('2026-11-23T11:00:00'), true],
    ['a live close in business hours', tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('typhoon', 'close', '2026-11-24T10:00', '2026-11-24T14:00')]), jst('2026-11-24T10:30:00'), false],
    [
      'a live close beats a live open at the same time',
      tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('open', 'open', '2026-11-21T10:00', '2026-11-21T15:00'), live('close', 'close', '2026-11-21T11:00', '2026-11-21T12:00')]),
      jst('2026-11-21T11:30:00'),
      false,
    ],
    ['a cleared live close', tokyo(NINE_TO_SIX, NO_CLOSED_DAYS, [live('typhoon', 'close', '2026-11-24T10:00', '2026-11-24T14:00', { cleared: STAMP })]), jst('2026-11-24T10:30:00'), true],
  ])('isOpenAt: %s', (_case, rules, at, open) => {
    expect(isOpenAt(rules, at)).toBe(open);
  });
});

describe('answerCall: the checker\'s whole answer', () => {
  // A list old enough never to be stale here: these rows are about the answer, not the list's health.
  const options: DecisionOptions = { timeZone: 'Asia/Tokyo', maxAgeMs: 60 * 86_400_000, fallbackClosed: false };
  const index = indexHolidayList(
    holidayList({
      fetchedAt: '2026-11-20T21:00:00.000Z',
      days: [
        day('2026-11-23', '勤労感謝の日', 'holiday'),
        ...['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-02', '2027-01-03'].map((date) => day(date, '年末年始', 'closure')),
        day('2027-01-01', '元日', 'holiday'),
      ],
    }),
  );
  const inputs = (overrides: LiveOverride[] = [], extra: Partial<LineInputs> = {}): LineInputs => ({ index, live: overrides, weekly: WEEKDAY_HOURS, options, ...extra });
  const OPEN_DAY = { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus: 'ok' };
  const LABOUR_DAY_RESULT = { isHoliday: 'true', closedReason: 'holiday', holidayName: '勤労感謝の日', dataStatus: 'ok' };
  const NO_LIVE = { liveOverride: '', liveReason: '' };
  const typhoon = live('typhoon', 'close', '2026-11-24T10:00', '2026-11-24T14:00');

  test.each<[string, LineInputs, Date, CallAnswer, Record<string, string>, string | undefined]>([
    [
      'a live closure in business hours: emergency, its reason, when it ends',
      inputs([typhoon]),
      jst('2026-11-24T10:30:00'),
      'emergency',
      { ...OPEN_DAY, liveOverride: 'close', liveReason: '台風の接近のため', nextOpen: '次の受付は11月24日(火)14時からです。' },
      'typhoon',
    ],
    [
      'a live closure on a holiday: emergency still speaks, and the next opening is after the holiday',
      inputs([live('quake', 'close', '2026-11-23T09:00', '2026-11-23T12:00')]),
      jst('2026-11-23T10:00:00'),
      'emergency',
      { ...LABOUR_DAY_RESULT, liveOverride: 'close', liveReason: '台風の接近のため', nextOpen: '次の受付は11月24日(火)9時からです。' },
      'quake',
    ],
    [
      'a live open on a holiday: open, nothing to say about the next opening',
      inputs([live('holiday-open', 'open', '2026-11-23T09:00', '2026-11-23T17:00')]),
      jst('2026-11-23T10:00:00'),
      'open',
      { ...LABOUR_DAY_RESULT, liveOverride: 'open', liveReason: '臨時営業', nextOpen: '' },
      'holiday-open',
    ],
    ['a holiday', inputs(), jst('2026-11-23T10:00:00'), 'holiday', { ...LABOUR_DAY_RESULT, ...NO_LIVE, nextOpen: '次の受付は11月24日(火)9時からです。' }, undefined],
    [
      'a company closure',
      inputs(),
      jst('2026-12-29T10:00:00'),
      'closure',
      { isHoliday: 'true', closedReason: 'closure', holidayName: '年末年始', dataStatus: 'ok', ...NO_LIVE, nextOpen: '次の受付は1月4日(月)9時からです。' },
      undefined,
    ],
    ['after hours on a weekday', inputs(), jst('2026-11-24T19:00:00'), 'after-hours', { ...OPEN_DAY, ...NO_LIVE, nextOpen: '次の受付は11月25日(水)9時からです。' }, undefined],
    ['a Saturday', inputs(), jst('2026-11-21T10:00:00'), 'after-hours', { ...OPEN_DAY, ...NO_LIVE, nextOpen: '次の受付は11月24日(火)9時からです。' }, undefined],
    ['a weekday in business hours', inputs(), jst('2026-11-24T10:00:00'), 'open', { ...OPEN_DAY, ...NO_LIVE, nextOpen: '' }, undefined],
    ['a cleared live closure', inputs([{ ...typhoon, cleared: STAMP }]), jst('2026-11-24T10:30:00'), 'open', { ...OPEN_DAY, ...NO_LIVE, nextOpen: '' }, undefined],
    // 2051-03-02 is a Thursday beyond the built-in calendar's years: with no list, the configured fallback answers.
    [
      'the fallback (closed) on an open weekday: no next opening to announce',
      inputs([], { index: undefined, options: { ...options, fallbackClosed: true } }),
      jst('2051-03-02T10:00:00'),
      'fallback',
      { isHoliday: 'true', closedReason: 'holiday', holidayName: '', dataStatus: 'unavailable', ...NO_LIVE, nextOpen: '' },
      undefined,
    ],
    [
      'the fallback (open) on an open weekday',
      inputs([], { index: undefined }),
      jst('2051-03-02T10:00:00'),
      'fallback',
      { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus: 'unavailable', ...NO_LIVE, nextOpen: '' },
      undefined,
    ],
    [
      'the fallback at night: the next weekday morning',
      inputs([], { index: undefined }),
      jst('2051-03-02T20:00:00'),
      'fallback',
      { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus: 'unavailable', ...NO_LIVE, nextOpen: '次の受付は3月3日(金)9時からです。' },
      undefined,
    ],
  ])('%s', (_case, lineInputs, now, answer, result, overrideId) => {
    const line = answerCall(lineInputs, now);
    expect(line.answer).toBe(answer);
    expect(line.result).toEqual(result);
    expect(line.override?.id).toBe(overrideId);
    // The sentence and the instant agree.
    expect(nextOpenSentence(line.nextOpen, 'Asia/Tokyo')).toBe(result.nextOpen);
  });
});

describe('what callers hear of a reason and an opening between minutes', () => {
  test('a 150-character reason is spoken whole (the day-name cap of 100 does not apply to reasons)', () => {
    const reason = `${'あ'.repeat(149)}い`;
    const at = jst('2026-11-24T11:00');
    const answer = answerCall(
      {
        index: undefined,
        live: [live('long', 'close', '2026-11-24T10:00', '2026-11-24T12:00', { reason })],
        weekly: WEEKDAY_HOURS,
        options: { timeZone: 'Asia/Tokyo', maxAgeMs: 86_400_000, fallbackClosed: false },
      },
      at,
    );
    expect(answer.result.liveReason).toBe(reason);
  });

  test('a closure ending at 14:30:30 announces 14時31分, never a minute when the line is still closed', () => {
    expect(nextOpenSentence(new Date('2026-11-24T05:30:30.000Z'), 'Asia/Tokyo')).toBe('次の受付は11月24日(火)14時31分からです。');
    expect(nextOpenSentence(new Date('2026-11-24T05:30:00.000Z'), 'Asia/Tokyo')).toBe('次の受付は11月24日(火)14時30分からです。');
  });
});

describe('NextOpeningMemo: the checker\'s warm calls share one search', () => {
  const weekly = WEEKDAY_HOURS;
  test('every minute of a closed weekend gives what a fresh search gives; a new live document searches anew', () => {
    const memo = new NextOpeningMemo();
    let overrides: LiveOverride[] = [];
    const rules = () => tokyo(weekly, NO_CLOSED_DAYS, overrides);
    for (let minute = 0; minute < 60 * 60; minute += 7) {
      const at = new Date(jst('2026-11-21T18:00').getTime() + minute * 60_000);
      if (minute === 30 * 60) overrides = [live('sun', 'open', '2026-11-22T15:00', '2026-11-22T16:00')];
      expect(memo.nextOpening(rules(), [overrides, weekly], at)?.toISOString()).toBe(nextOpening(rules(), at)?.toISOString());
    }
  });
});
