import { builtinDayOn, builtinDaysBetween } from '../../lambda/shared/builtin-calendar';
import { cleanDayName, MAX_DAY_NAME_CHARS } from '../../lambda/shared/holiday-list';
import {
  secondSourceCovers,
  secondSourceLabel,
  secondSourceRange,
  statutoryDayOn,
  statutoryDaysBetween,
} from '../../lambda/shared/statutory-calendar';
import { cabinetOfficeDays } from '../fetch-holidays/support';

describe('the second source', () => {
  test('speaks for whole years 1970-2050, and says so', () => {
    expect(secondSourceRange()).toEqual({ from: '1970-01-01', to: '2050-12-31' });
    expect(secondSourceLabel()).toMatch(/^holiday_jp \d+\.\d+\.\d+ \(1970-2050\)$/);
    expect(secondSourceCovers('1969-12-31')).toBe(false);
    expect(secondSourceCovers('2050-12-31')).toBe(true);
    expect(secondSourceCovers('2051-01-01')).toBe(false);
  });

  test('has exactly the Cabinet Office statutory days for 2025-2027 (an independent third list)', () => {
    expect([...statutoryDaysBetween('2025-01-01', '2027-12-31').keys()]).toEqual([...cabinetOfficeDays().keys()].sort());
  });

  test.each([
    ['2026-11-23', '勤労感謝の日'],
    ['2026-05-06', 'こどもの日 振替休日'],
    ['2026-09-22', '休日'],
    ['2021-07-23', 'スポーツの日'], // the Olympic move
    ['2026-12-25', undefined],
    ['2026-12-31', undefined],
  ])('%s is %s', (date, name) => {
    expect(statutoryDayOn(date)).toBe(name);
  });

  test('an admin\'s corrections amend it, both ways', () => {
    const corrections = [
      { date: '2027-07-23', statutory: true, reason: 'a new law' },
      { date: '2027-07-19', statutory: false, reason: 'moved' },
    ];
    expect(statutoryDayOn('2027-07-23', corrections)).toBe('祝日');
    expect(statutoryDayOn('2027-07-19', corrections)).toBeUndefined();
    const july = statutoryDaysBetween('2027-07-01', '2027-07-31', corrections);
    expect([...july.keys()]).toEqual(['2027-07-23']);
  });
});

describe('the built-in calendar', () => {
  const calendar = {
    closures: [
      { from: '12-29', to: '01-03', reason: '年末年始' },
      { from: '2027-08-13', to: '2027-08-15', reason: 'お盆' },
    ],
    statutoryCorrections: [],
  };
  test.each([
    ['2027-01-01', { known: true, day: { date: '2027-01-01', name: '元日', kind: 'holiday', closed: true } }],
    ['2026-12-30', { known: true, day: { date: '2026-12-30', name: '年末年始', kind: 'closure', closed: true } }],
    ['2027-08-14', { known: true, day: { date: '2027-08-14', name: 'お盆', kind: 'closure', closed: true } }],
    ['2026-12-25', { known: true, day: undefined }],
    ['2051-12-30', { known: true, day: { date: '2051-12-30', name: '年末年始', kind: 'closure', closed: true } }],
    ['2051-03-02', { known: false }],
  ])('%s', (date, expected) => {
    expect(builtinDayOn(date, calendar)).toEqual(expected);
  });

  test('over a span: one entry per closed date, statutory first, closures beyond the second source too', () => {
    const days = builtinDaysBetween('2050-12-28', '2051-01-04', calendar);
    expect(days.map((day) => `${day.date} ${day.name}`)).toEqual([
      '2050-12-29 年末年始',
      '2050-12-30 年末年始',
      '2050-12-31 年末年始',
      '2051-01-01 年末年始',
      '2051-01-02 年末年始',
      '2051-01-03 年末年始',
    ]);
    expect(builtinDaysBetween('2027-01-01', '2027-01-01', calendar)).toEqual([{ date: '2027-01-01', name: '元日', kind: 'holiday', closed: true }]);
  });
});

describe('cleanDayName: what callers may hear', () => {
  test.each([
    ['勤労感謝の日', 'holiday', '勤労感謝の日'],
    ['  元日\u3000 振替休日 ', 'holiday', '元日 振替休日'],
    ['元\u0000日', 'holiday', '元 日'],
    ['\u202e日元\u202c', 'holiday', '日元'],
    ['\ufeff\u200b', 'holiday', '祝日'],
    ['', 'observance', '休日'],
    ['', 'closure', '休業日'],
    ['😀'.repeat(150), 'holiday', '😀'.repeat(MAX_DAY_NAME_CHARS)],
  ] as const)('%j (%s) → %j', (name, kind, spoken) => {
    expect(cleanDayName(name, kind)).toBe(spoken);
  });
});
