/**
 * Shared test material for the fetcher: fixtures, a policy like the example site's, and a tiny iCalendar writer.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { HolidayPolicy } from '../../lambda/shared/holiday-policy';
import { holidayPolicyOf } from '../../lib/config/derive';
import { loadSiteConfig } from '../../lib/config/load';

/** The directory of calendar fixtures. */
export const CALENDAR_FIXTURES = path.join(__dirname, '..', 'fixtures', 'calendars');

/** A fixture's text. */
export function fixture(name: string): string {
  return readFileSync(path.join(CALENDAR_FIXTURES, name), 'utf8');
}

/** The example site's policy (Asia/Tokyo, 年末年始 closures), with overrides. */
export function testPolicy(overrides: Partial<HolidayPolicy> = {}): HolidayPolicy {
  const example = holidayPolicyOf(loadSiteConfig());
  return {
    ...example,
    calendarUrl: 'https://calendar.example.com/basic.ics',
    // Short timeouts: the tests' slow server must not hold a run for the production 10 s.
    fetch: { ...example.fetch, timeoutMs: 2000 },
    ...overrides,
  };
}

/** 2026-11-21 09:00 in Tokyo: "today" for the project. */
export const NOW = new Date('2026-11-21T00:00:00Z');

/** Statutory days per the Cabinet Office CSV fixture: `YYYY-MM-DD` → name (`休日` for substitutes). */
export function cabinetOfficeDays(): Map<string, string> {
  const rows = fixture('syukujitsu-2025-2027.csv').split(/\r\n/).slice(1).filter((row) => row !== '');
  return new Map(
    rows.map((row) => {
      const [date = '', name = ''] = row.split(',');
      const [y, m, d] = date.split('/');
      return [`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, name];
    }),
  );
}

let uidCounter = 0;

/** One all-day VEVENT in the Google shape; `end` is the exclusive DTEND. */
export function allDayEvent(date: string, name: string, description = '祝日', end?: string, extra: string[] = []): string {
  const compact = (d: string) => d.replace(/-/g, '');
  const next = end ?? new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return [
    'BEGIN:VEVENT',
    `DTSTART;VALUE=DATE:${compact(date)}`,
    `DTEND;VALUE=DATE:${compact(next)}`,
    `UID:${compact(date)}_${String((uidCounter += 1)).padStart(26, '0')}@google.com`,
    `DESCRIPTION:${description}`,
    `SUMMARY:${name}`,
    ...extra,
    'END:VEVENT',
  ].join('\r\n');
}

/** A VCALENDAR around `events`, CRLF as served. */
export function calendar(events: readonly string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
}

/** The Cabinet Office days of `years` as Google-shaped events (the `休日` rows keep that name). */
export function statutoryEvents(years: readonly number[]): string[] {
  return [...cabinetOfficeDays()]
    .filter(([date]) => years.includes(Number(date.slice(0, 4))))
    .map(([date, name]) => allDayEvent(date, name));
}

import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchCalendarOptions } from '../../lambda/fetch-holidays/fetch-calendar';

/** A route of the test calendar server; `hit` counts requests to it so far (1 on the first). */
export type CalendarRoute = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

/**
 * The public name tests give their loopback server. Production code fetches only HTTPS from public hosts, so tests
 * fetch `https://calendar.example.com/…` and inject a transport that carries the request to 127.0.0.1 — the URL
 * rules run exactly as in production; only the wire differs.
 */
export const CALENDAR_HOST = 'calendar.example.com';

/** What the tests' DNS answers: public names for the server, and names that point inside a network. */
export const TEST_DNS: Readonly<Record<string, readonly string[]>> = {
  [CALENDAR_HOST]: ['93.184.216.34'],
  'mirror.example.net': ['2606:2800:220:1:248:1893:25c8:1946'],
  'loopback.example.com': ['127.0.0.1'],
  'metadata.example.com': ['169.254.169.254'],
  'intranet.example.com': ['10.20.30.40'],
  'mixed.example.com': ['93.184.216.34', '192.168.1.10'],
  'ula.example.com': ['fd12:3456:789a::1'],
  'mapped.example.com': ['::ffff:172.16.0.9'],
};

/** A real HTTP server on 127.0.0.1 serving calendars the way a flaky origin might. */
export interface CalendarServer {
  /** `http://127.0.0.1:<port><path>` (what the transport really connects to) */
  url(path: string): string;
  /** `https://calendar.example.com<path>`: the URL code under test is given. */
  https(path: string): string;
  /** Fetch options that carry every request to this server and resolve names with {@link TEST_DNS}. */
  readonly fetchOptions: Pick<FetchCalendarOptions, 'transport' | 'lookup'>;
  /** Requests seen per path. */
  hits(path: string): number;
  /** Replace or add a route. */
  route(path: string, handler: CalendarRoute): void;
  close(): Promise<void>;
}

/** Start a calendar server on a free loopback port. */
export async function startCalendarServer(routes: Record<string, CalendarRoute> = {}): Promise<CalendarServer> {
  const table = new Map(Object.entries(routes));
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const hit = (counts.get(path) ?? 0) + 1;
    counts.set(path, hit);
    const handler = table.get(path);
    if (handler === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    handler(req, res, hit);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fetchOptions: CalendarServer['fetchOptions'] = {
    transport: (target, init) => fetch(`http://127.0.0.1:${port}${target.pathname}${target.search}`, init),
    lookup: async (hostname) => {
      const addresses = TEST_DNS[hostname];
      if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return addresses;
    },
  };
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    https: (path) => `https://${CALENDAR_HOST}${path}`,
    fetchOptions,
    hits: (path) => counts.get(path) ?? 0,
    route: (path, handler) => void table.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serve `text` as a calendar. */
export function serveCalendar(text: string, contentType = 'text/calendar; charset=UTF-8'): CalendarRoute {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    res.end(text);
  };
}
