import { HoursOfOperationEntry, hoursCheckAt, HoursOverride, wholeDayConfig } from '../../lambda/shared/connect-hours';

const WEEKLY: HoursOfOperationEntry[] = (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => ({
  day,
  startTime: { hours: 9, minutes: 0 },
  endTime: { hours: 18, minutes: 0 },
}));
const NIGHT: HoursOfOperationEntry[] = [{ day: 'FRIDAY', startTime: { hours: 22, minutes: 0 }, endTime: { hours: 2, minutes: 0 } }];

const closed = (name: string, from: string, till: string, config = wholeDayConfig()): HoursOverride => ({ name, type: 'CLOSED', from, till, config });
const periods = (type: HoursOverride['type'], name: string, date: string, start: number, end: number): HoursOverride => ({
  name,
  type,
  from: date,
  till: date,
  config: wholeDayConfig().map((entry) => ({ ...entry, startTime: { hours: start, minutes: 0 }, endTime: { hours: end, minutes: 0 } })),
});

// 2026-11-23 is a Monday (勤労感謝の日); 2026-11-24 a Tuesday.
describe('hoursCheckAt: weekly hours plus overrides, as Connect combines them', () => {
  test.each<[string, string, HoursOverride[], boolean, string | undefined]>([
    ['an ordinary Tuesday 10:00, no override', '2026-11-24T10:00:00+09:00', [], true, undefined],
    ['a whole-day CLOSED override on a Monday 10:00', '2026-11-23T10:00:00+09:00', [closed('祝', '2026-11-23', '2026-11-23')], false, '祝'],
    ['its first minute (00:00)', '2026-11-23T00:00:00+09:00', [closed('祝', '2026-11-23', '2026-11-23')], false, '祝'],
    ['its last minute (23:59)', '2026-11-23T23:59:00+09:00', [closed('祝', '2026-11-23', '2026-11-23')], false, '祝'],
    ['the next day, 09:00 (EffectiveTill is inclusive, not beyond)', '2026-11-24T09:00:00+09:00', [closed('祝', '2026-11-23', '2026-11-23')], true, undefined],
    ['the day before, 17:59', '2026-11-20T17:59:00+09:00', [closed('祝', '2026-11-23', '2026-11-23')], true, undefined],
    ['inside a multi-day span', '2026-12-30T12:00:00+09:00', [closed('年末年始', '2026-12-29', '2027-01-03')], false, '年末年始'],
    ['an OPEN override on a Saturday 10:00-12:00, at 11:00', '2026-11-21T11:00:00+09:00', [periods('OPEN', '特別営業', '2026-11-21', 10, 12)], true, '特別営業'],
    ['the same at 12:00 (end minute closed): the weekly hours decide', '2026-11-21T12:00:00+09:00', [periods('OPEN', '特別営業', '2026-11-21', 10, 12)], false, undefined],
    ['CLOSED beats OPEN on the same date', '2026-11-23T11:00:00+09:00', [periods('OPEN', '開', '2026-11-23', 10, 12), closed('閉', '2026-11-23', '2026-11-23')], false, '閉'],
    ['a CLOSED afternoon leaves the morning open', '2026-11-24T10:00:00+09:00', [periods('CLOSED', '午後休', '2026-11-24', 13, 0)], true, undefined],
    ['... and closes 13:00 to midnight', '2026-11-24T15:00:00+09:00', [periods('CLOSED', '午後休', '2026-11-24', 13, 0)], false, '午後休'],
    ['temporary hours replace the day: 10:00-15:00 is open at 14:00', '2026-11-24T14:00:00+09:00', [periods('STANDARD', '短縮', '2026-11-24', 10, 15)], true, '短縮'],
    ['... and closed at 16:00 although the weekly hours run to 18:00', '2026-11-24T16:00:00+09:00', [periods('STANDARD', '短縮', '2026-11-24', 10, 15)], false, '短縮'],
    ['OPEN beats temporary hours', '2026-11-24T16:30:00+09:00', [periods('STANDARD', '短縮', '2026-11-24', 10, 15), periods('OPEN', '延長', '2026-11-24', 16, 17)], true, '延長'],
  ])('%s', (_name, at, overrides, open, override) => {
    expect(hoursCheckAt(WEEKLY, overrides, 'Asia/Tokyo', new Date(at))).toEqual(override === undefined ? { open } : { open, override });
  });

  test("a Friday-night period runs into Saturday, but a CLOSED override on Saturday closes Saturday's part", () => {
    expect(hoursCheckAt(NIGHT, [], 'Asia/Tokyo', new Date('2026-11-21T01:00:00+09:00')).open).toBe(true);
    expect(hoursCheckAt(NIGHT, [closed('土', '2026-11-21', '2026-11-21')], 'Asia/Tokyo', new Date('2026-11-21T01:00:00+09:00'))).toEqual({ open: false, override: '土' });
    expect(hoursCheckAt(NIGHT, [closed('土', '2026-11-21', '2026-11-21')], 'Asia/Tokyo', new Date('2026-11-20T23:00:00+09:00')).open).toBe(true);
  });

  test('dates are read on the hours zone: 2026-11-23 00:30 in Tokyo is still the 22nd in UTC', () => {
    const override = [closed('祝', '2026-11-23', '2026-11-23')];
    expect(hoursCheckAt(WEEKLY, override, 'Asia/Tokyo', new Date('2026-11-22T15:30:00Z')).override).toBe('祝');
    expect(hoursCheckAt(WEEKLY, override, 'UTC', new Date('2026-11-22T15:30:00Z')).override).toBeUndefined();
  });
});
