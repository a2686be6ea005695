import { ClosureFormatError, expandClosures } from '../../lambda/shared/closures';

const dates = (closures: Parameters<typeof expandClosures>[0], from: string, to: string) =>
  expandClosures(closures, { from, to }).map((day) => day.date);

describe('expandClosures', () => {
  test.each([
    [
      'MM-DD across the year end, repeated every year, clipped to the range',
      [{ from: '12-29', to: '01-03', reason: '年末年始' }],
      ['2025-01-01', '2026-12-31'],
      ['2025-01-01', '2025-01-02', '2025-01-03', '2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03', '2026-12-29', '2026-12-30', '2026-12-31'],
    ],
    [
      'MM-DD within a year',
      [{ from: '08-13', to: '08-15', reason: 'お盆' }],
      ['2026-01-01', '2027-12-31'],
      ['2026-08-13', '2026-08-14', '2026-08-15', '2027-08-13', '2027-08-14', '2027-08-15'],
    ],
    [
      'YYYY-MM-DD once, even across the year end',
      [{ from: '2026-12-30', to: '2027-01-02', reason: '移転' }],
      ['2025-01-01', '2027-12-31'],
      ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02'],
    ],
    [
      'YYYY-MM-DD outside the range',
      [{ from: '2030-05-01', to: '2030-05-02', reason: '未来' }],
      ['2025-01-01', '2027-12-31'],
      [],
    ],
    [
      '02-29 in common and leap years',
      [{ from: '02-29', to: '02-29', reason: '閏日' }],
      ['2027-01-01', '2028-12-31'],
      ['2028-02-29'],
    ],
    [
      'one day, overlapping closures with one reason listed once',
      [
        { from: '12-29', to: '12-31', reason: '年末年始' },
        { from: '12-31', to: '01-03', reason: '年末年始' },
      ],
      ['2026-12-01', '2027-01-31'],
      ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'],
    ],
  ])('%s', (_case, closures, [from, to], expected) => {
    expect(dates(closures, from as string, to as string)).toEqual(expected);
  });

  test('entries are closed closures named by the reason, and two reasons on one day are both kept', () => {
    expect(
      expandClosures(
        [
          { from: '2026-06-01', to: '2026-06-01', reason: '棚卸し' },
          { from: '06-01', to: '06-01', reason: '創立記念日' },
        ],
        { from: '2026-06-01', to: '2026-06-01' },
      ),
    ).toEqual([
      { date: '2026-06-01', name: '創立記念日', kind: 'closure', closed: true },
      { date: '2026-06-01', name: '棚卸し', kind: 'closure', closed: true },
    ]);
  });

  test.each([
    [{ from: '2026-12-29', to: '01-03', reason: 'x' }, /both YYYY-MM-DD or both MM-DD/],
    [{ from: '13-01', to: '13-02', reason: 'x' }, /both YYYY-MM-DD or both MM-DD/],
    [{ from: '2026-02-30', to: '2026-03-01', reason: 'x' }, /both YYYY-MM-DD or both MM-DD/],
    [{ from: '2026-05-02', to: '2026-05-01', reason: 'x' }, /to 2026-05-01 is before from 2026-05-02/],
  ])('rejects %j', (closure, expected) => {
    expect(() => expandClosures([closure], { from: '2026-01-01', to: '2026-12-31' })).toThrow(ClosureFormatError);
    expect(() => expandClosures([closure], { from: '2026-01-01', to: '2026-12-31' })).toThrow(expected);
  });
});
