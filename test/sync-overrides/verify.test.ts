import { planOverrides } from '../../lambda/shared/closed-day-overrides';
import { compareEffectiveHours, EffectiveDay, effectiveHoursChunks } from '../../lambda/sync-overrides/verify';

// 2026-11-21 (Sat) to through, one override: 2026-11-23 勤労感謝の日 (Mon).
const plan = planOverrides({
  index: undefined,
  builtin: { closures: [], statutoryCorrections: [] },
  timeZone: 'Asia/Tokyo',
  now: new Date('2026-11-21T01:00:00Z'),
  slots: 1,
  siteName: 'site',
});
const OURS = plan.overrides[0]!.name;
const NINE_TO_SIX = [{ start: { hours: 9, minutes: 0 }, end: { hours: 18, minutes: 0 } }];

/** Connect's answer for every date of the plan: weekdays 9-18, the holiday closed by our override. */
function answer(change: (days: EffectiveDay[]) => EffectiveDay[] = (days) => days): EffectiveDay[] {
  const days: EffectiveDay[] = [];
  for (let date = plan.today; date <= plan.through; date = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const holiday = date === '2026-11-23';
    days.push({
      date,
      open: holiday || weekday === 0 || weekday === 6 ? [] : NINE_TO_SIX,
      overrides: holiday ? [{ name: OURS, status: 'CLOSED' }] : [],
    });
  }
  return change(days);
}

test('the plan is what the test expects: one holiday, through the day before the next', () => {
  expect(plan).toMatchObject({ today: '2026-11-21', through: '2026-12-31' });
  expect(OURS).toBe('2026-11-23 勤労感謝の日');
});

test.each<[string, () => { timeZone: string | undefined; days: EffectiveDay[] }, string[]]>([
  ['Connect agrees', () => ({ timeZone: 'Asia/Tokyo', days: answer() }), []],
  ['the holiday open 9-18', () => ({ timeZone: 'Asia/Tokyo', days: answer((days) => days.map((day) => (day.date === '2026-11-23' ? { ...day, open: NINE_TO_SIX, overrides: [] } : day))) }), ['open-on-closed-day 2026-11-23']],
  ['an empty answer (nothing confirms the holiday; the zone unknown)', () => ({ timeZone: undefined, days: [] }), ['not-read-back 2026-11-23']],
  ['the holiday left out of the answer', () => ({ timeZone: 'Asia/Tokyo', days: answer((days) => days.filter((day) => day.date !== '2026-11-23')) }), ['not-read-back 2026-11-23']],
  ['the holiday only in the overrides list, closed by ours (confirmed)', () => ({ timeZone: 'Asia/Tokyo', days: answer((days) => days.map((day) => (day.date === '2026-11-23' ? { ...day, listed: false } : day))) }), []],
  ['the holiday only in the overrides list, with no override of ours', () => ({ timeZone: 'Asia/Tokyo', days: answer((days) => days.map((day) => (day.date === '2026-11-23' ? { ...day, listed: false, overrides: [] } : day))) }), ['not-read-back 2026-11-23']],
  ['ours named on a business day', () => ({ timeZone: 'Asia/Tokyo', days: answer((days) => days.map((day) => (day.date === '2026-11-24' ? { ...day, overrides: [{ name: OURS, status: 'CLOSED' }] } : day))) }), ['closed-on-business-day 2026-11-24']],
  ["ops' own closure on a business day (not ours to judge)", () => ({ timeZone: 'Asia/Tokyo', days: answer((days) => days.map((day) => (day.date === '2026-11-24' ? { ...day, open: [], overrides: [{ name: '台風', status: 'CLOSED' }] } : day))) }), []],
  ['another zone', () => ({ timeZone: 'UTC', days: answer() }), ['time-zone']],
  ['no zone in an answer with days', () => ({ timeZone: undefined, days: answer() }), ['time-zone']],
])('%s', (_case, make, expected) => {
  const found = compareEffectiveHours(plan, make(), 'Asia/Tokyo').map((mismatch) => `${mismatch.kind}${mismatch.date === undefined ? '' : ` ${mismatch.date}`}`);
  expect(found.filter((item) => item !== 'time-zone' || expected.includes('time-zone'))).toEqual(expected);
});

test("a leftover of ours (its name not in today's plan) closing a business day is a mismatch when named among ours", () => {
  const days = answer((all) => all.map((day) => (day.date === '2026-12-10' ? { ...day, open: [], overrides: [{ name: '2026-12-10 創立記念日', status: 'CLOSED' }] } : day)));
  expect(compareEffectiveHours(plan, { timeZone: 'Asia/Tokyo', days }, 'Asia/Tokyo')).toEqual([]);
  expect(compareEffectiveHours(plan, { timeZone: 'Asia/Tokyo', days }, 'Asia/Tokyo', new Set([OURS, '2026-12-10 創立記念日']))).toEqual([
    { kind: 'closed-on-business-day', date: '2026-12-10', found: 'override 2026-12-10 創立記念日 (CLOSED)' },
  ]);
});

test('read back a month at a time, covering every date once', () => {
  const chunks = effectiveHoursChunks('2026-11-21', '2027-03-01');
  expect(chunks[0]).toEqual({ from: '2026-11-21', to: '2026-12-21' });
  expect(chunks[chunks.length - 1]!.to).toBe('2027-03-01');
  for (let i = 1; i < chunks.length; i += 1) {
    expect(Date.parse(`${chunks[i]!.from}T00:00:00Z`) - Date.parse(`${chunks[i - 1]!.to}T00:00:00Z`)).toBe(86_400_000);
  }
});
