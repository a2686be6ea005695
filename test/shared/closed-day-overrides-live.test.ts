/**
 * Live overrides as Connect overrides: how one live closure or opening is cut into Connect's civil-date, per-weekday
 * overrides, how the slots are shared with the closed days, and how a closed day opened live stays closed outside
 * the opening. The oracle for "closed/open at this instant" is the live override's own instants, not civil-time code.
 */
import { buildHolidayList } from '../../lambda/fetch-holidays/build-list';
import { WEEKDAYS } from '../../lambda/shared/civil-time';
import { isOwnedBy, OVERRIDE_DESCRIPTION_MAX_CHARS, OVERRIDE_NAME_MAX_CHARS } from '../../lambda/shared/closed-day-overrides';
import { hoursCheckAt, HoursOfOperationEntry, wholeDayConfig } from '../../lambda/shared/connect-hours';
import { indexHolidayList } from '../../lambda/shared/decision';
import type { HolidayList } from '../../lambda/shared/holiday-list';
import {
  isLiveOverrideName,
  LiveConnectOverride,
  planLiveOverrides,
  planSiteOverrides,
  SitePlanInput,
} from '../../lambda/shared/live-connect-overrides';
import type { LiveOverride } from '../../lambda/shared/live-overrides';
import { fixture, testPolicy } from '../fetch-holidays/support';

const SITE = 'example';
const TZ = 'Asia/Tokyo';
/** Saturday 2026-11-21, 10:00 in Tokyo. */
const NOW = new Date('2026-11-21T01:00:00Z');
const policy = testPolicy();
const LIST: HolidayList = buildHolidayList(fixture('google-2025-2027.ics'), policy, { now: NOW, sourceUrl: policy.calendarUrl });
const BUILTIN = { closures: policy.closures, statutoryCorrections: [] };
const HOUR_MS = 3_600_000;

/** A live override from Tokyo wall-clock times (`2026-12-01T10:00`). */
function live(id: string, kind: 'close' | 'open', from: string, until: string, extra: Partial<LiveOverride> = {}): LiveOverride {
  return {
    id,
    kind,
    from: new Date(`${from}+09:00`).toISOString(),
    until: new Date(`${until}+09:00`).toISOString(),
    reason: kind === 'close' ? '台風のため' : '特別営業',
    created: { by: 'local:ops', at: '2026-11-20T00:00:00.000Z' },
    ...extra,
  };
}

const clock = (time: HoursOfOperationEntry['startTime']) => `${String(time.hours).padStart(2, '0')}:${String(time.minutes).padStart(2, '0')}`;
/** An override as a row: type, dates, and each entry `DAY hh:mm-hh:mm`. */
const row = (override: LiveConnectOverride) => ({
  type: override.type,
  from: override.from,
  till: override.till,
  config: override.config.length === 7 ? 'whole days' : override.config.map((entry) => `${entry.day.slice(0, 3)} ${clock(entry.startTime)}-${clock(entry.endTime)}`),
});

const planOne = (override: LiveOverride, now = NOW) => planLiveOverrides({ live: [override], timeZone: TZ, now, slots: 50, siteName: SITE }).overrides;

describe('one live override as Connect overrides', () => {
  test.each<[string, LiveOverride, Date, ReturnType<typeof row>[]]>([
    ['a single partial day', live('a', 'close', '2026-12-01T10:00', '2026-12-01T12:00'), NOW, [
      { type: 'CLOSED', from: '2026-12-01', till: '2026-12-01', config: ['TUE 10:00-12:00'] },
    ]],
    ['three days, partial at both ends: one override, one entry per date (each date its own weekday)', live('b', 'close', '2026-12-01T10:00', '2026-12-03T12:00'), NOW, [
      { type: 'CLOSED', from: '2026-12-01', till: '2026-12-03', config: ['TUE 10:00-00:00', 'WED 00:00-00:00', 'THU 00:00-12:00'] },
    ]],
    ['a close crossing midnight', live('c', 'close', '2026-12-01T22:00', '2026-12-02T06:00'), NOW, [
      { type: 'CLOSED', from: '2026-12-01', till: '2026-12-02', config: ['TUE 22:00-00:00', 'WED 00:00-06:00'] },
    ]],
    ['an end at midnight ends the day before (00:00 is the end of the day)', live('d', 'close', '2026-12-01T10:00', '2026-12-02T00:00'), NOW, [
      { type: 'CLOSED', from: '2026-12-01', till: '2026-12-01', config: ['TUE 10:00-00:00'] },
    ]],
    ['an opening on a Saturday', live('e', 'open', '2026-12-05T10:00', '2026-12-05T15:00'), NOW, [
      { type: 'OPEN', from: '2026-12-05', till: '2026-12-05', config: ['SAT 10:00-15:00'] },
    ]],
    ['seven whole dates: still one override, seven entries', live('f', 'close', '2026-12-01T00:00', '2026-12-08T00:00'), NOW, [
      { type: 'CLOSED', from: '2026-12-01', till: '2026-12-07', config: 'whole days' },
    ]],
    ['eight dates (a weekday recurs): first day, whole days between, last day', live('g', 'close', '2026-12-01T10:00', '2026-12-08T12:00'), NOW, [
      { type: 'CLOSED', from: '2026-12-01', till: '2026-12-01', config: ['TUE 10:00-00:00'] },
      { type: 'CLOSED', from: '2026-12-02', till: '2026-12-07', config: 'whole days' },
      { type: 'CLOSED', from: '2026-12-08', till: '2026-12-08', config: ['TUE 00:00-12:00'] },
    ]],
    ['more than 7 days: the whole days between are one whole-day override over their range', live('h', 'close', '2026-12-01T10:00', '2026-12-20T12:00'), NOW, [
      { type: 'CLOSED', from: '2026-12-01', till: '2026-12-01', config: ['TUE 10:00-00:00'] },
      { type: 'CLOSED', from: '2026-12-02', till: '2026-12-19', config: 'whole days' },
      { type: 'CLOSED', from: '2026-12-20', till: '2026-12-20', config: ['SUN 00:00-12:00'] },
    ]],
    ['more than 7 days from and to midnight: the whole days alone', live('i', 'close', '2026-12-01T00:00', '2026-12-21T00:00'), NOW, [
      { type: 'CLOSED', from: '2026-12-01', till: '2026-12-20', config: 'whole days' },
    ]],
    ['more than 7 days, planned in the middle: the first day is over and dropped, the rest keep their real dates', live('j', 'close', '2026-12-01T10:00', '2026-12-20T12:00'), new Date('2026-12-05T01:00:00Z'), [
      { type: 'CLOSED', from: '2026-12-02', till: '2026-12-19', config: 'whole days' },
      { type: 'CLOSED', from: '2026-12-20', till: '2026-12-20', config: ['SUN 00:00-12:00'] },
    ]],
    ['a short one that began yesterday keeps its first date (no rewrite every day)', live('k', 'close', '2026-11-20T10:00', '2026-11-22T12:00'), NOW, [
      { type: 'CLOSED', from: '2026-11-20', till: '2026-11-22', config: ['FRI 10:00-00:00', 'SAT 00:00-00:00', 'SUN 00:00-12:00'] },
    ]],
    ['seconds are rounded outwards to whole minutes', { ...live('l', 'close', '2026-12-01T10:00', '2026-12-01T12:00'), from: '2026-12-01T01:00:30.000Z', until: '2026-12-01T02:59:10.500Z' }, NOW, [
      { type: 'CLOSED', from: '2026-12-01', till: '2026-12-01', config: ['TUE 10:00-12:00'] },
    ]],
    ['a cleared one: nothing', live('m', 'close', '2026-12-01T10:00', '2026-12-01T12:00', { cleared: { by: 'local:ops', at: '2026-11-21T00:00:00.000Z' } }), NOW, []],
    ['an ended one: nothing', live('n', 'close', '2026-11-20T10:00', '2026-11-21T09:00'), NOW, []],
  ])('%s', (_case, override, now, expected) => {
    expect(planOne(override, now).map(row)).toEqual(expected);
  });

  test('names: kind, start, end and id (unique per piece); Connect\'s 00:00 end is written as the next day\'s 00:00', () => {
    expect(planOne(live('typhoon-7', 'close', '2026-12-01T10:00', '2026-12-03T12:00')).map((o) => o.name)).toEqual(['臨時休止 2026-12-01 10:00〜12-03 12:00 typhoon-7']);
    expect(planOne(live('x', 'close', '2026-12-01T10:00', '2026-12-20T12:00')).map((o) => o.name)).toEqual([
      '臨時休止 2026-12-01 10:00〜12-02 00:00 x',
      '臨時休止 2026-12-02 00:00〜12-20 00:00 x',
      '臨時休止 2026-12-20 00:00〜12-20 12:00 x',
    ]);
    expect(planOne(live('y', 'open', '2026-12-31T20:00', '2027-01-01T02:00'))[0]!.name).toBe('臨時営業 2026-12-31 20:00〜2027-01-01 02:00 y');
  });

  test('the longest id and reason, with characters Connect refuses, still fit Connect\'s patterns and carry the owner tag', () => {
    const id = `a${'-'.repeat(38)}z`;
    const reason = `\u200b台風\ue000${'あ'.repeat(196)}`;
    const pieces = planOne(live(id, 'close', '2026-12-01T10:00', '2026-12-20T12:00', { reason }));
    expect(pieces).toHaveLength(3);
    expect(new Set(pieces.map((o) => o.name)).size).toBe(3);
    for (const piece of pieces) {
      expect(piece.name.length).toBeLessThanOrEqual(OVERRIDE_NAME_MAX_CHARS);
      expect(piece.description.length).toBeLessThanOrEqual(OVERRIDE_DESCRIPTION_MAX_CHARS);
      expect(`${piece.name}${piece.description}`).not.toMatch(/[^\P{C}]/u);
      expect(piece.name.endsWith(id)).toBe(true);
      expect(isOwnedBy(piece.description, SITE, piece.name)).toBe(true);
      expect(isLiveOverrideName(piece.name)).toBe(true);
    }
  });

  test('every Config holds at most one entry per weekday', () => {
    const all = [
      live('a', 'close', '2026-12-01T10:00', '2026-12-07T09:00'),
      live('b', 'close', '2026-12-10T10:00', '2026-12-17T09:00'),
      live('c', 'open', '2026-12-20T10:00', '2027-01-19T09:00'),
    ].flatMap((override) => planOne(override));
    for (const piece of all) expect(new Set(piece.config.map((entry) => entry.day)).size).toBe(piece.config.length);
  });

  // The oracle: the live override's own instants. Every 15 minutes from an hour before to an hour after, Connect's
  // hours check (CLOSED beats 24/7 weekly hours, OPEN opens no weekly hours) answers exactly "inside the live one".
  test.each([
    ['close', '2026-12-01T10:00', '2026-12-01T12:00'],
    ['close', '2026-12-01T22:00', '2026-12-02T06:00'],
    ['close', '2026-12-01T10:00', '2026-12-20T12:00'],
    ['open', '2026-12-05T10:00', '2026-12-05T15:00'],
    ['open', '2026-12-03T17:45', '2026-12-12T08:15'],
  ] as const)('hoursCheckAt agrees with the instants: %s %s → %s', (kind, from, until) => {
    const override = live('o', kind, from, until);
    const pieces = planOne(override, new Date(Date.parse(override.from) - 2 * HOUR_MS));
    const weekly = kind === 'close' ? wholeDayConfig() : [];
    const wrong: string[] = [];
    for (let at = Date.parse(override.from) - HOUR_MS; at <= Date.parse(override.until) + HOUR_MS; at += 15 * 60_000) {
      const inside = at >= Date.parse(override.from) && at < Date.parse(override.until);
      const open = hoursCheckAt(weekly, pieces, TZ, new Date(at)).open;
      if (open !== (kind === 'close' ? !inside : inside)) wrong.push(new Date(at).toISOString());
    }
    expect(wrong).toEqual([]);
  });
});

describe('slots', () => {
  const input = (overrides: Partial<SitePlanInput> = {}): SitePlanInput => ({
    index: indexHolidayList(LIST),
    builtin: BUILTIN,
    timeZone: TZ,
    now: NOW,
    slots: 50,
    siteName: SITE,
    live: [],
    ...overrides,
  });

  test('live overrides take their slots first; the closed days get the rest', () => {
    const liveOnes = [live('a', 'close', '2026-12-01T10:00', '2026-12-01T12:00'), live('b', 'close', '2026-12-10T10:00', '2026-12-20T12:00')];
    const plan = planSiteOverrides(input({ live: liveOnes }));
    expect(plan.live.overrides.map((o) => o.liveId)).toEqual(['a', 'b', 'b', 'b']);
    expect(plan.closedDays.overrides).toHaveLength(46);
    expect(plan.closedDays.limit).toBe('slots');
    expect(plan.overrides).toHaveLength(50);
    expect(plan.overrides.slice(0, 4)).toEqual(plan.live.overrides);
    // Without them the closed days reach further.
    expect(planSiteOverrides(input()).closedDays.through > plan.closedDays.through).toBe(true);
  });

  test('with few slots the closed days fall short of 90 days (the sync alerts), the live ones still placed', () => {
    const plan = planSiteOverrides(input({ slots: 3, live: [live('a', 'close', '2026-12-01T10:00', '2026-12-01T12:00'), live('b', 'open', '2026-12-05T10:00', '2026-12-05T15:00')] }));
    expect(plan.live.overrides).toHaveLength(2);
    expect(plan.closedDays.overrides.map((o) => o.name)).toEqual(['2026-11-23 勤労感謝の日']);
    expect(plan.closedDays.short).toBe(true);
  });

  test('a live override gets all its pieces or none; a later smaller one may still fit', () => {
    const plan = planLiveOverrides({
      live: [live('one', 'close', '2026-12-01T10:00', '2026-12-01T12:00'), live('three', 'close', '2026-12-02T10:00', '2026-12-20T12:00'), live('last', 'open', '2026-12-26T10:00', '2026-12-26T15:00')],
      timeZone: TZ,
      now: NOW,
      slots: 3,
      siteName: SITE,
    });
    expect(plan.overrides.map((o) => o.liveId)).toEqual(['one', 'last']);
    expect(plan.unplaced.map((o) => o.id)).toEqual(['three']);
  });

  test('live overrides kept as they are (unreadable document) take slots before everything', () => {
    const kept = planOne(live('k', 'close', '2026-12-01T10:00', '2026-12-01T12:00'));
    const plan = planSiteOverrides(input({ slots: 3, keep: kept, live: [live('a', 'close', '2026-12-02T10:00', '2026-12-02T12:00'), live('b', 'close', '2026-12-03T10:00', '2026-12-03T12:00'), live('c', 'close', '2026-12-04T10:00', '2026-12-04T12:00')] }));
    expect(plan.live.overrides.map((o) => o.liveId)).toEqual(['a', 'b']);
    expect(plan.live.unplaced.map((o) => o.id)).toEqual(['c']);
    expect(plan.closedDays.overrides).toEqual([]);
    expect(plan.overrides).toHaveLength(2);
    expect(plan.inForce.map((o) => o.name)).toEqual([kept[0]!.name, ...plan.overrides.map((o) => o.name)]);
  });
});

describe('a closed day opened live', () => {
  const site = (liveOnes: LiveOverride[], keep: readonly LiveConnectOverride[] = []) =>
    planSiteOverrides({ index: indexHolidayList(LIST), builtin: BUILTIN, timeZone: TZ, now: NOW, slots: 50, siteName: SITE, live: liveOnes, keep });
  const at = (date: string, clockTime: string) => new Date(`${date}T${clockTime}:00+09:00`);
  const weekly = WEEKDAYS.filter((day) => day !== 'SUNDAY' && day !== 'SATURDAY').map((day) => ({
    day,
    startTime: { hours: 9, minutes: 0 },
    endTime: { hours: 18, minutes: 0 },
  }));

  test('is closed outside the opening, each remaining part its own override (Connect ranks CLOSED over OPEN)', () => {
    const plan = site([live('special', 'open', '2026-11-23T10:00', '2026-11-23T15:00')]);
    const holiday = plan.closedDays.overrides.filter((o) => o.from === '2026-11-23');
    expect(holiday.map(({ name, from, till, config }) => ({ name, from, till, config }))).toEqual([
      { name: '2026-11-23 00:00〜10:00 勤労感謝の日', from: '2026-11-23', till: '2026-11-23', config: [{ day: 'MONDAY', startTime: { hours: 0, minutes: 0 }, endTime: { hours: 10, minutes: 0 } }] },
      { name: '2026-11-23 15:00〜24:00 勤労感謝の日', from: '2026-11-23', till: '2026-11-23', config: [{ day: 'MONDAY', startTime: { hours: 15, minutes: 0 }, endTime: { hours: 0, minutes: 0 } }] },
    ]);
    for (const override of holiday) expect(isOwnedBy(override.description, SITE, override.name)).toBe(true);
    const check = (clockTime: string) => hoursCheckAt(weekly, plan.overrides, TZ, at('2026-11-23', clockTime));
    expect(check('09:30')).toEqual({ open: false, override: '2026-11-23 00:00〜10:00 勤労感謝の日' });
    expect(check('10:00')).toEqual({ open: true, override: '臨時営業 2026-11-23 10:00〜11-23 15:00 special' });
    expect(check('14:59').open).toBe(true);
    expect(check('15:00')).toEqual({ open: false, override: '2026-11-23 15:00〜24:00 勤労感謝の日' });
    // Without the opening the holiday is one whole-day override, closed at 12:00.
    expect(hoursCheckAt(weekly, site([]).overrides, TZ, at('2026-11-23', '12:00')).open).toBe(false);
  });

  test('opened all day inside a closure: the closure is split around it, with no override on that day', () => {
    const plan = site([live('all-day', 'open', '2026-12-30T00:00', '2026-12-31T00:00')]);
    expect(plan.closedDays.overrides.filter((o) => o.from >= '2026-12-29' && o.till <= '2027-01-03').map((o) => o.name)).toEqual([
      '2026-12-29 年末年始',
      '2026-12-31〜2027-01-03 年末年始・元日',
    ]);
    expect(hoursCheckAt(weekly, plan.overrides, TZ, at('2026-12-30', '12:00')).open).toBe(true);
    expect(hoursCheckAt(weekly, plan.overrides, TZ, at('2026-12-31', '12:00')).open).toBe(false);
  });

  test('an opening without a slot opens nothing, and the closed day stays whole', () => {
    const plan = planSiteOverrides({ index: indexHolidayList(LIST), builtin: BUILTIN, timeZone: TZ, now: NOW, slots: 0, siteName: SITE, live: [live('special', 'open', '2026-11-23T10:00', '2026-11-23T15:00')] });
    expect(plan.live.unplaced.map((o) => o.id)).toEqual(['special']);
    expect(plan.overrides).toEqual([]);
  });

  test('a kept opening (document unreadable) keeps its hole in the closed day', () => {
    const kept = planOne(live('special', 'open', '2026-11-23T10:00', '2026-11-23T15:00'));
    const plan = site([], kept);
    expect(plan.closedDays.overrides.filter((o) => o.from === '2026-11-23').map((o) => o.name)).toEqual([
      '2026-11-23 00:00〜10:00 勤労感謝の日',
      '2026-11-23 15:00〜24:00 勤労感謝の日',
    ]);
    expect(hoursCheckAt(weekly, plan.inForce, TZ, at('2026-11-23', '12:00')).open).toBe(true);
  });
});
