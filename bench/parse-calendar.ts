/**
 * Benchmark: the fetcher's parse → classify → check path (`buildHolidayList`) on a ten-year feed in the shape Google
 * serves (CRLF, folded lines, 祝日/祭日 descriptions, about 29 events a year). Target: median under 50 ms.
 */
import { performance } from 'node:perf_hooks';
import { sync as icalSync } from 'node-ical';
import { buildHolidayList } from '../lambda/fetch-holidays/build-list';
import type { HolidayPolicy } from '../lambda/shared/holiday-policy';
import { statutoryDaysBetween } from '../lambda/shared/statutory-calendar';
import { holidayPolicyOf } from '../lib/config/derive';
import { loadSiteConfig } from '../lib/config/load';

/** The benchmark's result. */
export interface ParseCalendarBenchmark {
  /** VEVENTs in the generated feed. */
  readonly events: number;
  /** Size of the feed in bytes. */
  readonly bytes: number;
  /** Timed runs (after warm-up), per side. */
  readonly runs: number;
  /** The fetcher's whole path on the feed's octets: read, parse, classify, cross-check, check. */
  readonly medianMs: number;
  readonly p95Ms: number;
  /** Baseline in the same run: node-ical's parse alone on the decoded text (what the path did before any checks). */
  readonly nodeIcalOnlyMedianMs: number;
  readonly nodeIcalOnlyP95Ms: number;
}

// Each year's statutory days are the real ones (the second source's), since the fetcher cross-checks every one of
// them; the observances are those Google adds since 2024.
const OBSERVANCES = [
  ['01-02', '銀行休業日'], ['01-03', '銀行休業日'], ['02-03', '節分'], ['03-03', '雛祭り'], ['05-10', '母の日'],
  ['07-07', '七夕'], ['11-15', '七五三'], ['12-25', 'クリスマス'], ['12-31', '大晦日'], ['12-31', '銀行休業日'],
] as const;
const OBSERVANCE_DESCRIPTION =
  '祭日\\n祭日を非表示にするには、Google カレンダーの [設定] > [日本の祝日] に移動してください';

/** RFC 5545 folding at 75 octets, never inside a UTF-8 sequence, as Google folds. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > 75) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A Google-shaped feed covering `firstYear` .. `firstYear + years - 1`, newest first as Google lists it. */
export function generateGoogleShapedFeed(firstYear: number, years: number): { text: string; events: number } {
  const events: string[] = [];
  for (let year = firstYear + years - 1; year >= firstYear; year -= 1) {
    const days = [
      ...[...statutoryDaysBetween(`${year}-01-01`, `${year}-12-31`)].map(([date, name]) => ({
        monthDay: date.slice(5),
        name,
        description: '祝日',
      })),
      ...OBSERVANCES.map(([monthDay, name]) => ({ monthDay, name, description: OBSERVANCE_DESCRIPTION })),
    ];
    days.forEach(({ monthDay, name, description }, index) => {
      const date = `${year}-${monthDay}`;
      const compact = (value: string) => value.replace(/-/g, '');
      const uid = `${compact(date)}_${(year * 100 + index).toString(36).padStart(26, '0')}@google.com`;
      events.push(
        [
          'BEGIN:VEVENT',
          `DTSTART;VALUE=DATE:${compact(date)}`,
          `DTEND;VALUE=DATE:${compact(nextDay(date))}`,
          'DTSTAMP:20261120T213000Z',
          `UID:${uid}`,
          'CLASS:PUBLIC',
          'CREATED:20240829T120000Z',
          `DESCRIPTION:${description}`,
          'LAST-MODIFIED:20240829T120000Z',
          'SEQUENCE:0',
          'STATUS:CONFIRMED',
          `SUMMARY:${name}`,
          'TRANSP:TRANSPARENT',
          'END:VEVENT',
        ]
          .map(fold)
          .join('\r\n'),
      );
    });
  }
  const text = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:日本の祝日',
    'X-WR-TIMEZONE:UTC',
    'X-WR-CALDESC:日本の祝日と行事',
    ...events,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  return { text, events: events.length };
}

// The example site's own policy (what deploys), with one observance closed so that path is measured too.
const POLICY: HolidayPolicy = { ...holidayPolicyOf(loadSiteConfig()), closedObservances: ['銀行休業日'] };

function percentile(sorted: readonly number[], share: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * Time the fetcher's path (`buildHolidayList` on the feed's octets) on a ten-year feed of about 280 events against
 * node-ical's parse alone, interleaved: 10 warm-up runs each, then `runs` timed ones each.
 */
export async function benchParseCalendar(runs = 50): Promise<ParseCalendarBenchmark> {
  const { text, events } = generateGoogleShapedFeed(2025, 10);
  const bytes = Buffer.from(text, 'utf8');
  const options = { now: new Date('2026-11-21T00:00:00Z'), sourceUrl: POLICY.calendarUrl };
  // Warm-up lets the JIT settle, so the figure is the steady state a warm Lambda sees.
  let checksum = 0;
  for (let i = 0; i < 10; i += 1) {
    checksum += buildHolidayList({ bytes, contentType: 'text/calendar; charset=UTF-8' }, POLICY, options).days.length;
    checksum += Object.keys(icalSync.parseICS(text)).length;
  }
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < Math.max(30, runs); i += 1) {
    let started = performance.now();
    checksum += buildHolidayList({ bytes, contentType: 'text/calendar; charset=UTF-8' }, POLICY, options).days.length;
    ours.push(performance.now() - started);
    started = performance.now();
    checksum += Object.keys(icalSync.parseICS(new TextDecoder().decode(bytes))).length;
    baseline.push(performance.now() - started);
  }
  // Using the result keeps the work from being optimised away.
  if (checksum === 0) throw new Error('benchmark produced no days');
  ours.sort((a, b) => a - b);
  baseline.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    events,
    bytes: bytes.length,
    runs: ours.length,
    medianMs: round(percentile(ours, 0.5)),
    p95Ms: round(percentile(ours, 0.95)),
    nodeIcalOnlyMedianMs: round(percentile(baseline, 0.5)),
    nodeIcalOnlyP95Ms: round(percentile(baseline, 0.95)),
  };
}
