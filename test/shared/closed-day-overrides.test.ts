import { buildHolidayList } from '../../lambda/fetch-holidays/build-list';
import { addDays } from '../../lambda/shared/civil-time';
import {
  claimsSite,
  isOwnedBy,
  MIN_OVERRIDE_DAYS_AHEAD,
  OVERRIDE_DESCRIPTION_MAX_CHARS,
  OVERRIDE_NAME_MAX_CHARS,
  overrideName,
  ownerTag,
  planOverrides,
  PlanInput,
} from '../../lambda/shared/closed-day-overrides';
import { indexHolidayList } from '../../lambda/shared/decision';
import type { HolidayDay, HolidayList } from '../../lambda/shared/holiday-list';
import { fixture, testPolicy } from '../fetch-holidays/support';

const policy = testPolicy();
const NOW = new Date('2026-11-21T01:00:00Z');
const LIST: HolidayList = buildHolidayList(fixture('google-2025-2027.ics'), policy, { now: NOW, sourceUrl: policy.calendarUrl });
const BUILTIN = { closures: policy.closures, statutoryCorrections: [] };

function plan(overrides: Partial<PlanInput> = {}) {
  return planOverrides({ index: indexHolidayList(LIST), builtin: BUILTIN, timeZone: 'Asia/Tokyo', now: NOW, slots: 50, siteName: 'example', ...overrides });
}

function withDays(extra: HolidayDay[]): HolidayList {
  return { ...LIST, days: [...LIST.days, ...extra] };
}

describe('planOverrides', () => {
  test('one override per run of closed days, from today, merged across kinds (年末年始 holds 元日)', () => {
    const { overrides, today } = plan();
    expect(today).toBe('2026-11-21');
    expect(overrides.slice(0, 6).map(({ name, from, till, type }) => ({ name, from, till, type }))).toEqual([
      { name: '2026-11-23 勤労感謝の日', from: '2026-11-23', till: '2026-11-23', type: 'CLOSED' },
      { name: '2026-12-29〜2027-01-03 年末年始・元日', from: '2026-12-29', till: '2027-01-03', type: 'CLOSED' },
      { name: '2027-01-11 成人の日', from: '2027-01-11', till: '2027-01-11', type: 'CLOSED' },
      { name: '2027-02-11 建国記念の日', from: '2027-02-11', till: '2027-02-11', type: 'CLOSED' },
      { name: '2027-02-23 天皇誕生日', from: '2027-02-23', till: '2027-02-23', type: 'CLOSED' },
      { name: '2027-03-21〜2027-03-22 春分の日・春分の日 振替休日', from: '2027-03-21', till: '2027-03-22', type: 'CLOSED' },
    ]);
    expect(overrides[1]!.days.map((day) => `${day.date} ${day.kind}`)).toEqual([
      '2026-12-29 closure',
      '2026-12-30 closure',
      '2026-12-31 closure',
      '2027-01-01 holiday',
      '2027-01-02 closure',
      '2027-01-03 closure',
    ]);
    // Every weekday closed all day: the date decides, not the weekday.
    expect(overrides[0]!.config).toHaveLength(7);
    expect(overrides[0]!.config.every((entry) => entry.startTime.hours === 0 && entry.endTime.hours === 0 && entry.endTime.minutes === 0)).toBe(true);
  });

  test('fills every slot it is given and says where that ends', () => {
    const full = plan();
    expect(full.overrides).toHaveLength(50);
    expect(full.limit).toBe('slots');
    expect(full.short).toBe(false);
    // `through` is the day before the first closed day without a slot: every closed day up to it is covered.
    const next = plan({ slots: 51 }).overrides[50]!;
    expect(full.through).toBe(addDays(next.from, -1));
  });

  test('beyond the list it follows the built-in calendar, as the checker does', () => {
    const beyond = plan().overrides.filter((override) => override.from > LIST.coverage.to);
    expect(beyond.length).toBeGreaterThan(20);
    expect(beyond[0]!.name).toBe('2028-01-10 成人の日');
  });

  test('a span that began before today keeps its first day (so it is not rewritten every day of a closure)', () => {
    const { overrides } = plan({ now: new Date('2026-12-31T01:00:00Z') });
    expect(overrides[0]!.name).toBe('2026-12-29〜2027-01-03 年末年始・元日');
  });

  test('on the day after a holiday, it is gone', () => {
    expect(plan({ now: new Date('2026-11-23T15:00:00Z') }).overrides[0]!.name).toBe('2026-12-29〜2027-01-03 年末年始・元日');
  });

  test.each([
    [0, '2026-11-22', true],
    [2, '2027-01-10', true],
    [5, '2027-03-20', false],
  ])('with %i slots it reaches %s (short of 90 days: %s)', (slots, through, short) => {
    const result = plan({ slots });
    expect(result).toMatchObject({ through, short, limit: 'slots' });
    expect(result.overrides).toHaveLength(slots);
  });

  test(`short means: not reaching today + ${MIN_OVERRIDE_DAYS_AHEAD}`, () => {
    const result = plan({ slots: 3 });
    expect(result.through < addDays(result.today, MIN_OVERRIDE_DAYS_AHEAD)).toBe(true);
    expect(result.short).toBe(true);
  });

  test('past what anything knows (the second source ends with 2050) it stops, and says so', () => {
    const result = planOverrides({ index: undefined, builtin: { closures: [], statutoryCorrections: [] }, timeZone: 'Asia/Tokyo', now: new Date('2050-11-01T00:00:00Z'), slots: 50, siteName: 'x' });
    expect(result).toMatchObject({ limit: 'data', through: '2050-12-31', short: true });
  });

  test('with no list, statutory days and closures only (a closed observance is only in the feed)', () => {
    const withObservance = withDays([{ date: '2026-12-01', name: '銀行休業日', kind: 'observance', closed: true }]);
    expect(plan({ index: indexHolidayList(withObservance) }).overrides.map((override) => override.name)).toContain('2026-12-01 銀行休業日');
    expect(plan({ index: undefined }).overrides.map((override) => override.name)).not.toContain('2026-12-01 銀行休業日');
  });

  test('a weekend between two closed days does not join them: each span is what the list says', () => {
    const list = withDays([
      { date: '2027-06-04', name: '棚卸し', kind: 'closure', closed: true },
      { date: '2027-06-07', name: '棚卸し', kind: 'closure', closed: true },
    ]);
    const names = plan({ index: indexHolidayList(list) }).overrides.map((override) => override.name);
    expect(names).toEqual(expect.arrayContaining(['2027-06-04 棚卸し', '2027-06-07 棚卸し']));
  });

  test('names and descriptions fit Connect: no category-C character, at most 127 / 250 characters, never empty', () => {
    const hostile = (n: number) => `\ue000名${String(n).repeat(3)}\u200d${'長'.repeat(98)}`;
    const list = withDays([
      { date: '2027-06-01', name: hostile(1), kind: 'closure', closed: true },
      { date: '2027-06-02', name: hostile(2), kind: 'closure', closed: true },
      { date: '2027-06-03', name: hostile(3), kind: 'closure', closed: true },
    ]);
    for (const override of plan({ index: indexHolidayList(list) }).overrides) {
      expect(override.name).toMatch(/^[\P{C}]{1,127}$/u);
      expect(override.name.length).toBeLessThanOrEqual(OVERRIDE_NAME_MAX_CHARS);
      expect(override.description).toMatch(/^[\P{C}]{1,250}$/u);
      expect(override.description.length).toBeLessThanOrEqual(OVERRIDE_DESCRIPTION_MAX_CHARS);
    }
    const long = plan({ index: indexHolidayList(list) }).overrides.find((override) => override.from === '2027-06-01')!;
    expect(long.name.startsWith('2027-06-01〜2027-06-03 名111')).toBe(true);
    expect(long.name.endsWith('…')).toBe(true);
  });

  test('every description starts with the owner tag of its site and name; only that site owns it, under that name', () => {
    const [first, second] = plan({ siteName: 'osaka' }).overrides;
    expect(first!.description.startsWith(`${ownerTag('osaka', first!.name)} `)).toBe(true);
    expect(first!.description).toMatch(/^\[connect-after-hours:osaka:[0-9a-f]{8}\] /u);
    expect(isOwnedBy(first!.description, 'osaka', first!.name)).toBe(true);
    expect(claimsSite(first!.description, 'osaka')).toBe(true);
    // Another site, a site whose name starts the same, nothing, a person's text: not ours.
    expect(isOwnedBy(first!.description, 'osaka-2', first!.name)).toBe(false);
    expect(isOwnedBy(first!.description, 'osak', first!.name)).toBe(false);
    expect(claimsSite(first!.description, 'osak')).toBe(false);
    expect(isOwnedBy(undefined, 'osaka', first!.name)).toBe(false);
    expect(isOwnedBy('手作業の上書き', 'osaka', first!.name)).toBe(false);
    // Our description under another name (copied in the console, or renamed): it claims the site, it is not ours.
    expect(isOwnedBy(first!.description, 'osaka', second!.name)).toBe(false);
    expect(claimsSite(first!.description, 'osaka')).toBe(true);
  });

  test('an astral character counts twice toward the limit, as Connect may count it', () => {
    const name = overrideName('2027-06-01', '2027-06-01', [{ date: '2027-06-01', name: '𠮷'.repeat(100), kind: 'closure', closed: true }]);
    expect(name.length).toBeLessThanOrEqual(OVERRIDE_NAME_MAX_CHARS);
    expect(name.endsWith('…')).toBe(true);
  });
});
