/**
 * A realistic stored holiday list for the benchmark: Japan's statutory holidays for 2025-2027 (国民の祝日 and
 * 休日 as the Cabinet Office lists them), the observances Google's Japanese calendar carries (open, as the example
 * site configures none closed), and the example site's 年末年始 closures. Roughly the size the fetcher writes.
 */
import { addDays } from '../lambda/shared/civil-time';
import { HOLIDAY_LIST_FORMAT_VERSION, HolidayDay, HolidayList, sortDays } from '../lambda/shared/holiday-list';

const STATUTORY: Readonly<Record<string, string>> = {
  '2025-01-01': '元日',
  '2025-01-13': '成人の日',
  '2025-02-11': '建国記念の日',
  '2025-02-23': '天皇誕生日',
  '2025-02-24': '振替休日',
  '2025-03-20': '春分の日',
  '2025-04-29': '昭和の日',
  '2025-05-03': '憲法記念日',
  '2025-05-04': 'みどりの日',
  '2025-05-05': 'こどもの日',
  '2025-05-06': '振替休日',
  '2025-07-21': '海の日',
  '2025-08-11': '山の日',
  '2025-09-15': '敬老の日',
  '2025-09-23': '秋分の日',
  '2025-10-13': 'スポーツの日',
  '2025-11-03': '文化の日',
  '2025-11-23': '勤労感謝の日',
  '2025-11-24': '振替休日',
  '2026-01-01': '元日',
  '2026-01-12': '成人の日',
  '2026-02-11': '建国記念の日',
  '2026-02-23': '天皇誕生日',
  '2026-03-20': '春分の日',
  '2026-04-29': '昭和の日',
  '2026-05-03': '憲法記念日',
  '2026-05-04': 'みどりの日',
  '2026-05-05': 'こどもの日',
  '2026-05-06': '振替休日',
  '2026-07-20': '海の日',
  '2026-08-11': '山の日',
  '2026-09-21': '敬老の日',
  '2026-09-22': '国民の休日',
  '2026-09-23': '秋分の日',
  '2026-10-12': 'スポーツの日',
  '2026-11-03': '文化の日',
  '2026-11-23': '勤労感謝の日',
  '2027-01-01': '元日',
  '2027-01-11': '成人の日',
  '2027-02-11': '建国記念の日',
  '2027-02-23': '天皇誕生日',
  '2027-03-21': '春分の日',
  '2027-03-22': '振替休日',
  '2027-04-29': '昭和の日',
  '2027-05-03': '憲法記念日',
  '2027-05-04': 'みどりの日',
  '2027-05-05': 'こどもの日',
  '2027-07-19': '海の日',
  '2027-08-11': '山の日',
  '2027-09-20': '敬老の日',
  '2027-09-23': '秋分の日',
  '2027-10-11': 'スポーツの日',
  '2027-11-03': '文化の日',
  '2027-11-23': '勤労感謝の日',
};

/** Observances in the feed every year (MM-DD), left open. */
const OBSERVANCES: Readonly<Record<string, string>> = {
  '02-03': '節分',
  '02-14': 'バレンタインデー',
  '03-03': 'ひな祭り',
  '03-14': 'ホワイトデー',
  '07-07': '七夕',
  '11-15': '七五三',
  '12-25': 'クリスマス',
  '12-31': '大晦日',
};

/** The example site's closures (MM-DD, inclusive). */
const CLOSURES: readonly { from: string; to: string; reason: string }[] = [
  { from: '12-29', to: '12-31', reason: '年末年始' },
  { from: '01-02', to: '01-03', reason: '年末年始' },
];

/** The list the benchmark serves, fetched at `fetchedAt`. */
export function benchHolidayList(fetchedAt: Date): HolidayList {
  const days: HolidayDay[] = Object.entries(STATUTORY).map(([date, name]) => ({ date, name, kind: 'holiday', closed: true }));
  for (const year of [2025, 2026, 2027]) {
    for (const [monthDay, name] of Object.entries(OBSERVANCES)) {
      days.push({ date: `${year}-${monthDay}`, name, kind: 'observance', closed: false });
    }
    for (const closure of CLOSURES) {
      for (let date = `${year}-${closure.from}`; date <= `${year}-${closure.to}`; date = addDays(date, 1)) {
        days.push({ date, name: closure.reason, kind: 'closure', closed: true });
      }
    }
  }
  return {
    formatVersion: HOLIDAY_LIST_FORMAT_VERSION,
    sourceUrl: 'https://calendar.google.com/calendar/ical/ja.japanese%23holiday%40group.v.calendar.google.com/public/basic.ics',
    fetchedAt: fetchedAt.toISOString(),
    timeZone: 'Asia/Tokyo',
    coverage: { from: '2025-01-01', to: '2027-12-31' },
    days: sortDays(days),
  };
}
