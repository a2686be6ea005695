import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { registerHolidaysCommand, runHolidaysCommand } from '../../lib/cli/holidays';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/load';
import { CALENDAR_FIXTURES, cabinetOfficeDays, CalendarServer, fixture, serveCalendar, startCalendarServer } from './support';

const NOW = () => new Date('2026-11-21T00:00:00Z');

async function run(source: string, options: Parameters<typeof runHolidaysCommand>[1] = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runHolidaysCommand(source, options, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    now: NOW,
    // URLs reach the loopback server through the test transport; the URL rules run as in production.
    ...(server === undefined ? {} : { fetchOptions: { ...server.fetchOptions, sleep: async () => undefined } }),
  });
  return { code, stdout, stderr };
}

const at = (name: string) => path.join(CALENDAR_FIXTURES, name);

let server: CalendarServer;
let scratch: string;

beforeAll(async () => {
  server = await startCalendarServer({ '/basic.ics': serveCalendar(fixture('google-2025-2027.ics')) });
  scratch = mkdtempSync(path.join(tmpdir(), 'cli-holidays-'));
});

afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('cli holidays on good calendars', () => {
  test('--json prints the days the fetcher would store; holidays equal the Cabinet Office list', async () => {
    const { code, stdout, stderr } = await run(at('google-2025-2027.ics'), { json: true });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const printed = JSON.parse(stdout) as { coverage: unknown; days: Array<{ date: string; name: string; kind: string; closed: boolean }> };
    expect(printed.coverage).toEqual({ from: '2025-01-01', to: '2027-12-31' });
    expect(printed.days.filter((day) => day.kind === 'holiday').map((day) => day.date)).toEqual([...cabinetOfficeDays().keys()].sort());
    expect(printed.days).toContainEqual({ date: '2026-01-01', name: '元日', kind: 'holiday', closed: true });
    expect(printed.days).toContainEqual({ date: '2026-12-25', name: 'クリスマス', kind: 'observance', closed: false });
    // The example config's 年末年始 closures.
    expect(printed.days.filter((day) => day.kind === 'closure' && day.date.startsWith('2026-12')).map((day) => day.date)).toEqual([
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
    ]);
  });

  test('the default output is a table with the coverage and per-year counts', async () => {
    const { code, stdout } = await run(at('google-2025-2027.ics'));
    expect(code).toBe(0);
    expect(stdout).toContain('coverage:   2025-01-01 .. 2027-12-31');
    expect(stdout).toContain('statutory holidays per year: 2025: 19, 2026: 18, 2027: 17');
    expect(stdout).toMatch(/^2026-09-22 {2}tue {2}holiday {5}yes {5}国民の休日$/m);
    expect(stdout).toMatch(/^2026-07-07 {2}tue {2}observance {2}no {6}七夕$/m);
    expect(stdout).toMatch(/^99 days: 54 holidays, 30 observances, 15 closure days; 69 closed$/m);
  });

  test('the old feed shape: statutory days only', async () => {
    const { code, stdout } = await run(at('google-old-shape-2025-2027.ics'), { json: true });
    expect(code).toBe(0);
    const days = (JSON.parse(stdout) as { days: Array<{ kind: string; date: string }> }).days;
    expect(days.filter((day) => day.kind === 'holiday').map((day) => day.date)).toEqual([...cabinetOfficeDays().keys()].sort());
    expect(days.some((day) => day.kind === 'observance')).toBe(false);
  });

  test('a multi-day event is printed day by day', async () => {
    const { code, stdout } = await run(at('multi-day-2026-2027.ics'), { json: true });
    expect(code).toBe(0);
    const days = (JSON.parse(stdout) as { days: Array<{ name: string; date: string }> }).days;
    expect(days.filter((day) => day.name === 'ゴールデンウィーク').map((day) => day.date)).toEqual(['2026-05-03', '2026-05-04', '2026-05-05', '2026-05-06']);
  });

  test('an https URL is fetched like the Lambda fetches it', async () => {
    const { code, stdout } = await run(server.https('/basic.ics'), { json: true });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ sourceUrl: server.https('/basic.ics') });
  });

  test('a private feed URL is printed with its secret parts redacted', async () => {
    server.route('/calendar/ical/abc%40group.calendar.google.com/private-0123456789abcdef0123/basic.ics', serveCalendar(fixture('google-2025-2027.ics')));
    const { code, stdout } = await run(
      server.https('/calendar/ical/abc%40group.calendar.google.com/private-0123456789abcdef0123/basic.ics?authuser=1&key=s3cr3t'),
      { json: true },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      sourceUrl: 'https://calendar.example.com/calendar/ical/abc%40group.calendar.google.com/private-<redacted>/basic.ics?<redacted>',
    });
    expect(stdout).not.toContain('0123456789abcdef0123');
    expect(stdout).not.toContain('s3cr3t');
  });

  test('each retry shows as a progress line on stderr, and the command still succeeds', async () => {
    server.route('/flaky.ics', (req, res, hit) => {
      if (hit === 1) res.writeHead(503).end();
      else serveCalendar(fixture('google-2025-2027.ics'))(req, res, hit);
    });
    const { code, stderr } = await run(server.https('/flaky.ics'), { json: true });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^holidays: attempt 1 failed \(calendar\.example\.com answered HTTP 503\); retrying in \d+\.\d s\n$/);
  });

  test('beyond the calendar, the output shows what the built-in calendar answers', async () => {
    const { code, stdout } = await run(at('google-2025-2027.ics'), { json: true, at: '2027-10-01T09:00:00+09:00' });
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { beyondCoverage: { from: string; to: string; days: Array<{ date: string; name: string }> } };
    expect(printed.beyondCoverage).toMatchObject({ from: '2028-01-01', to: '2028-11-04' });
    expect(printed.beyondCoverage.days.slice(0, 4).map((day) => `${day.date} ${day.name}`)).toEqual([
      '2028-01-01 元日',
      '2028-01-02 年末年始',
      '2028-01-03 年末年始',
      '2028-01-10 成人の日',
    ]);
  });

  test('--config applies that site: a closed observance and its zone', async () => {
    const config = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown> & { holidays: Record<string, unknown> };
    config.holidays = { ...config.holidays, closedObservances: ['銀行休業日'] };
    config.timeZone = 'America/Los_Angeles';
    const file = path.join(scratch, 'site.json');
    writeFileSync(file, JSON.stringify(config));
    const { code, stdout } = await run(at('google-2025-2027.ics'), { json: true, config: file });
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { timeZone: string; days: Array<{ date: string; name: string; closed: boolean }> };
    expect(printed.timeZone).toBe('America/Los_Angeles');
    expect(printed.days).toContainEqual({ date: '2026-01-02', name: '銀行休業日', kind: 'observance', closed: true });
    expect(printed.days.filter((day) => day.name === '元日').map((day) => day.date)).toEqual(['2025-01-01', '2026-01-01', '2027-01-01']);
  });

  test('--at checks as of another instant; past the feed\'s horizon it says what callers get instead', async () => {
    const late = await run(at('google-2025-2027.ics'), { at: '2027-11-15T09:00:00+09:00' });
    expect(late.code).toBe(1);
    expect(late.stderr).toBe(
      'holidays: calendar covers 2025-01-01..2027-12-31, which does not include today (2027-11-15) through 2028-01-14 (60 days ahead)\n',
    );
    expect(late.stdout).toMatch(/^the fetcher would keep its last list; where no list reaches, callers get \(2027-11-15 \.\. 2028-01-14, from the built-in calendar: holiday_jp [\d.]+ \(1970-2050\) \+ closures; observances are not in it\):$/m);
    expect(late.stdout).toMatch(/^2027-11-23 {2}tue {2}holiday {2}yes {5}勤労感謝の日$/m);
    expect(late.stdout).toMatch(/^2028-01-10 {2}mon {2}holiday {2}yes {5}成人の日$/m);
  });
});

describe('the real feed is accepted at every --at it covers, with exactly the Cabinet Office days', () => {
  // Every month's first day from the feed's first to the last that still leaves the 60 days ahead it must cover.
  const months: string[] = [];
  for (let month = 0; month < 35; month += 1) {
    const year = 2025 + Math.floor(month / 12);
    months.push(`${year}-${String((month % 12) + 1).padStart(2, '0')}-01T00:00:00+09:00`);
  }
  test.each(months)('--at %s', async (instant) => {
    const { code, stdout, stderr } = await run(at('google-2025-2027.ics'), { json: true, at: instant });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const days = (JSON.parse(stdout) as { days: Array<{ date: string; kind: string }> }).days;
    expect(days.filter((day) => day.kind === 'holiday').map((day) => day.date)).toEqual([...cabinetOfficeDays().keys()].sort());
  });
});

describe('cli holidays on bad calendars: exit 1 and one line on stderr', () => {
  test.each([
    ['bad-html-sign-in.ics', 'holidays: not an iCalendar document (an HTML page: 347 bytes)'],
    ['bad-truncated.ics', 'holidays: calendar is truncated: it does not end with END:VCALENDAR'],
    ['bad-empty.ics', 'holidays: calendar has no events'],
    ['bad-timed-new-york.ics', /^holidays: calendar has no all-day events \(35 timed event\(s\) ignored/],
    ['no-such-file.ics', /^holidays: cannot read .*no-such-file\.ics: ENOENT$/],
  ])('%s', async (name, expected) => {
    const { code, stdout, stderr } = await run(at(name));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    if (typeof expected === 'string') expect(stderr.trimEnd()).toBe(expected);
    else expect(stderr.trimEnd()).toMatch(expected);
  });

  test.each([
    ['a bad --at', at('google-2025-2027.ics'), { at: '2026-12-01 09:00' }, /^holidays: --at "2026-12-01 09:00" is not an ISO 8601 date and time/],
    ['a plain-http URL', 'http://calendar.example.com/basic.ics', {}, /^holidays: refusing the calendar URL: http:\/\/ is not allowed/],
    ['a URL with a password, not echoed', 'https://ops:hunter2@calendar.example.com/basic.ics', {}, /^holidays: refusing the calendar URL: a URL with a user name or password is not allowed[^2]*$/],
    ['a host that resolves to a private address', 'https://intranet.example.com/basic.ics', {}, /^holidays: refusing intranet\.example\.com: it resolves to a non-public address\n$/],
    ['an unsupported scheme', 'ftp://calendar.example.com/basic.ics', {}, /^holidays: unsupported URL scheme: ftp:/],
    ['a missing config', at('google-2025-2027.ics'), { config: path.join(CALENDAR_FIXTURES, 'missing.json') }, /^holidays: /],
  ])('%s', async (_case, source, options, expected) => {
    const { code, stderr } = await run(source, options);
    expect(code).toBe(1);
    expect(stderr).toMatch(expected);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('registerHolidaysCommand', () => {
  test('adds `holidays` and sets process.exitCode instead of exiting', async () => {
    const program = new Command().exitOverride();
    registerHolidaysCommand(program);
    const writes: string[] = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((text) => writes.push(String(text)) > 0);
    const saved = process.exitCode;
    try {
      await program.parseAsync(['holidays', at('bad-empty.ics')], { from: 'user' });
      expect(process.exitCode).toBe(1);
      expect(writes).toEqual(['holidays: calendar has no events\n']);
    } finally {
      stderr.mockRestore();
      process.exitCode = saved;
    }
  });
});
