/**
 * The second line of defence, as callers and ops meet it: with the checker failing, every closed weekday of the next
 * year ends in the after-hours announcement and every ordinary weekday transfers; the simulator's hours check agrees
 * minute by minute with a separately written model of Connect's effective hours; and `cli overrides` prints the plan.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runOverridesCommand } from '../../lib/cli/overrides';
import { addDays, weekdayOf } from '../../lambda/shared/civil-time';
import { hoursCheckAt } from '../../lambda/shared/connect-hours';
import { OVERRIDE_LIMIT } from '../../lambda/shared/closed-day-overrides';
import { describeBusinessHours } from '../../lib/flow/render';
import { closedDayOverridesFor, hoursOfOperationConfig, zonedInstant } from '../../lib/flow/hours';
import { simulateCall, simulateWeek } from '../../lib/flow/simulate';
import type { LiveOverride } from '../../lambda/shared/live-overrides';
import { FakeConnect } from '../support/fake-connect';
import { cabinetOfficeDays, CalendarServer, fixture, serveCalendar, startCalendarServer } from '../fetch-holidays/support';
import { exampleConfig, exampleFlow, exampleHolidayList, GOOGLE_CALENDAR_FIXTURE } from './flow-fixtures';

const flow = exampleFlow();
/** The morning the list was written; the next year runs from here. */
const NOW = new Date('2026-11-21T00:00:00Z');
const LIST = exampleHolidayList(NOW);
// With the checker failed, nobody says when the line opens: the sentence is left out (a space either side remains).
const AFTER_HOURS = exampleConfig.announcements.afterHours
  .replaceAll('{businessHours}', describeBusinessHours(exampleConfig.businessHours))
  .replaceAll('{nextOpen}', '  ');

/** Closed days by an oracle independent of the project's code: the Cabinet Office table and the example's closures. */
function independentlyClosed(date: string): boolean {
  const monthDay = date.slice(5);
  return cabinetOfficeDays().has(date) || (monthDay >= '12-29' && monthDay <= '12-31') || (monthDay >= '01-02' && monthDay <= '01-03');
}

const YEAR = Array.from({ length: 365 }, (_, offset) => addDays('2026-11-21', offset));
const WEEKDAYS = YEAR.filter((date) => !['SATURDAY', 'SUNDAY'].includes(weekdayOf(date)));

describe('the checker failing for a whole year (simulate --checker-fails at 10:00)', () => {
  const closedWeekdays = WEEKDAYS.filter(independentlyClosed);
  const openWeekdays = WEEKDAYS.filter((date) => !independentlyClosed(date));

  test('the oracle sees the year as it is: 19 closed weekdays (holidays, 振替休日, 年末年始) and 241 ordinary ones', () => {
    expect(closedWeekdays).toEqual(expect.arrayContaining(['2026-11-23', '2026-12-29', '2027-01-01', '2027-01-11', '2027-03-22', '2027-05-03', '2027-11-03']));
    expect(closedWeekdays).toHaveLength(19);
    expect(openWeekdays).toHaveLength(241);
    // Christmas is a business day in Japan.
    expect(openWeekdays).toContain('2026-12-25');
  });

  test('every statutory weekday holiday and closure day ends in the after-hours announcement, never a transfer', () => {
    const wrong = closedWeekdays
      .map((date) => ({ date, call: simulateCall(flow, { at: zonedInstant(date, 10 * 3600, 'Asia/Tokyo'), config: exampleConfig, list: LIST, checkerFails: true }) }))
      .filter(({ call }) => call.outcome !== 'disconnect' || call.prompts.join() !== AFTER_HOURS || call.path.includes('transfer-to-staff'))
      .map(({ date, call }) => `${date}: ${call.outcome} ${call.path.join('>')}`);
    expect(wrong).toEqual([]);
  });

  test('every ordinary weekday still transfers', () => {
    const wrong = openWeekdays
      .map((date) => ({ date, call: simulateCall(flow, { at: zonedInstant(date, 10 * 3600, 'Asia/Tokyo'), config: exampleConfig, list: LIST, checkerFails: true }) }))
      .filter(({ call }) => call.outcome !== 'transfer')
      .map(({ date, call }) => `${date}: ${call.outcome}`);
    expect(wrong).toEqual([]);
  });
});

describe('the checker failing during a live override (simulate --checker-fails): the hours check holds it too', () => {
  const live = (id: string, kind: 'close' | 'open', from: string, until: string): LiveOverride => ({
    id,
    kind,
    from: new Date(`${from}+09:00`).toISOString(),
    until: new Date(`${until}+09:00`).toISOString(),
    reason: kind === 'close' ? '台風のため臨時休止します' : '特別営業',
    created: { by: 'local:ops', at: '2026-11-20T00:00:00.000Z' },
  });
  const call = (local: string, liveOverrides: LiveOverride[]) =>
    simulateCall(flow, { at: new Date(`${local}+09:00`), config: exampleConfig, list: LIST, checkerFails: true, live: liveOverrides });
  // Wednesday 2026-12-02, a business day: closed live 10:00-15:00 for a typhoon.
  const TYPHOON = live('typhoon', 'close', '2026-12-02T10:00', '2026-12-02T15:00');
  // Monday 2026-11-23, 勤労感謝の日: opened live 10:00-15:00.
  const SPECIAL = live('special', 'open', '2026-11-23T10:00', '2026-11-23T15:00');

  test('during a live closure the call ends in the after-hours announcement (without it, staff would get it)', () => {
    const during = call('2026-12-02T11:00', [TYPHOON]);
    expect({ outcome: during.outcome, reason: during.reason, prompts: during.prompts }).toEqual({ outcome: 'disconnect', reason: 'after-hours', prompts: [AFTER_HOURS] });
    expect(during.steps.find((step) => step.type === 'CheckHoursOfOperation')?.detail).toBe('closed (override 臨時休止 2026-12-02 10:00〜12-02 15:00 typhoon)');
    expect(call('2026-12-02T11:00', []).outcome).toBe('transfer');
    // After it ends, the weekly hours again.
    expect(call('2026-12-02T15:00', [TYPHOON]).outcome).toBe('transfer');
  });

  test('during a live opening on a holiday the call is transferred; before and after it, and without it, the holiday holds', () => {
    const during = call('2026-11-23T12:00', [SPECIAL]);
    expect({ outcome: during.outcome, reason: during.reason }).toEqual({ outcome: 'transfer', reason: 'open' });
    expect(call('2026-11-23T12:00', []).outcome).toBe('disconnect');
    expect(call('2026-11-23T09:30', [SPECIAL]).prompts).toEqual([AFTER_HOURS]);
    expect(call('2026-11-23T15:00', [SPECIAL]).outcome).toBe('disconnect');
  });

  test('the week table with the checker failing shows the closure hour by hour', () => {
    const week = simulateWeek(flow, '2026-11-30', { config: exampleConfig, list: LIST, checkerFails: true, live: [TYPHOON] });
    const wednesday = week.find((day) => day.date === '2026-12-02')!;
    expect(wednesday.hours.slice(9, 18).map((cell) => cell.outcome)).toEqual([
      'transfer', 'disconnect', 'disconnect', 'disconnect', 'disconnect', 'disconnect', 'transfer', 'transfer', 'transfer',
    ]);
  });

  test("the simulator's hours check with live overrides agrees minute by minute with the Connect model", () => {
    const liveOnes = [TYPHOON, SPECIAL, live('long', 'close', '2026-12-10T17:30', '2026-12-21T09:30'), live('saturday', 'open', '2026-12-26T10:00', '2026-12-26T15:00')];
    const plan = closedDayOverridesFor(exampleConfig, LIST, NOW, liveOnes);
    expect(plan.live.overrides).toHaveLength(6);
    const weekly = hoursOfOperationConfig(exampleConfig.businessHours);
    const connect = new FakeConnect('00000000-1111-2222-3333-444444444444', 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444');
    try {
      connect.addHours('closed-days', 'closed days', 'Asia/Tokyo', []);
      connect.addHours('business', 'business hours', 'Asia/Tokyo', weekly.map((entry) => ({ day: entry.day, start: entry.startTime, end: entry.endTime })), ['closed-days']);
      for (const override of plan.overrides) {
        connect.addOverride('closed-days', {
          name: override.name,
          description: override.description,
          config: override.config.map((entry) => ({ day: entry.day, start: entry.startTime, end: entry.endTime })),
          from: override.from,
          till: override.till,
          type: override.type,
        });
      }
      const disagreements: string[] = [];
      for (let offset = 0; offset < 40; offset += 1) {
        const date = addDays('2026-11-21', offset);
        for (let minute = 0; minute < 1440; minute += 15) {
          const simulated = hoursCheckAt(weekly, plan.overrides, 'Asia/Tokyo', zonedInstant(date, minute * 60, 'Asia/Tokyo')).open;
          if (simulated !== connect.openAt('business', date, minute)) disagreements.push(`${date} ${minute}`);
        }
      }
      expect(disagreements).toEqual([]);
      // Not trivially agreeing: the live closure closes a business morning, the opening opens a Saturday.
      expect(connect.openAt('business', '2026-12-14', 600)).toBe(false);
      expect(connect.openAt('business', '2026-12-26', 600)).toBe(true);
    } finally {
      connect.mock.restore();
    }
  });
});

describe("the simulator's hours check and Connect's effective hours agree", () => {
  test('on every day of the year at the edges of the day and of the business hours', () => {
    const plan = closedDayOverridesFor(exampleConfig, LIST, NOW);
    const weekly = hoursOfOperationConfig(exampleConfig.businessHours);
    const connect = new FakeConnect('00000000-1111-2222-3333-444444444444', 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444');
    try {
      connect.addHours('closed-days', 'closed days', 'Asia/Tokyo', []);
      connect.addHours(
        'business',
        'business hours',
        'Asia/Tokyo',
        weekly.map((entry) => ({ day: entry.day, start: entry.startTime, end: entry.endTime })),
        ['closed-days'],
      );
      for (const override of plan.overrides) {
        connect.addOverride('closed-days', {
          name: override.name,
          description: override.description,
          config: override.config.map((entry) => ({ day: entry.day, start: entry.startTime, end: entry.endTime })),
          from: override.from,
          till: override.till,
          type: override.type,
        });
      }
      const disagreements: string[] = [];
      for (const date of YEAR) {
        for (const minute of [0, 1, 539, 540, 541, 600, 1079, 1080, 1081, 1439]) {
          const simulated = hoursCheckAt(weekly, plan.overrides, 'Asia/Tokyo', zonedInstant(date, minute * 60, 'Asia/Tokyo')).open;
          if (simulated !== connect.openAt('business', date, minute)) disagreements.push(`${date} ${minute}`);
        }
      }
      expect(disagreements).toEqual([]);
      // And the model is not trivially "closed": it opens the 241 ordinary weekdays at 10:00.
      expect(YEAR.filter((date) => connect.openAt('business', date, 600))).toHaveLength(241);
    } finally {
      connect.mock.restore();
    }
  });
});

describe('cli overrides', () => {
  let server: CalendarServer;
  beforeAll(async () => {
    server = await startCalendarServer({ '/basic.ics': serveCalendar(fixture('google-2025-2027.ics')) });
  });
  afterAll(async () => server.close());

  async function run(options: Parameters<typeof runOverridesCommand>[0]) {
    let stdout = '';
    let stderr = '';
    const code = await runOverridesCommand(options, {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      now: () => NOW,
      fetchOptions: { ...server.fetchOptions, sleep: async () => undefined },
    });
    return { code, stdout, stderr };
  }

  test('--json prints exactly {"overrides":[{name, type, from, till}]}, covering every closed day of the next 90 days in at most 50', async () => {
    const { code, stdout, stderr } = await run({ calendar: GOOGLE_CALENDAR_FIXTURE, json: true });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const printed = JSON.parse(stdout) as { overrides: { name: string; type: string; from: string; till: string }[] };
    expect(Object.keys(printed)).toEqual(['overrides']);
    expect(printed.overrides.length).toBeLessThanOrEqual(OVERRIDE_LIMIT);
    for (const override of printed.overrides) {
      expect(Object.keys(override)).toEqual(['name', 'type', 'from', 'till']);
      expect(override.type).toBe('CLOSED');
      expect(override.from <= override.till).toBe(true);
    }
    const covered = (date: string) => printed.overrides.some((override) => override.from <= date && date <= override.till);
    const next90 = Array.from({ length: 91 }, (_, offset) => addDays('2026-11-21', offset));
    expect(next90.filter(independentlyClosed).filter((date) => !covered(date))).toEqual([]);
    // And nothing else is closed.
    expect(next90.filter((date) => covered(date) && !independentlyClosed(date))).toEqual([]);
    expect(printed.overrides[1]).toEqual({ name: '2026-12-29〜2027-01-03 年末年始・元日', type: 'CLOSED', from: '2026-12-29', till: '2027-01-03' });
  });

  test('--at plans as of that instant; a URL works like a file', async () => {
    const { code, stdout } = await run({ calendar: server.https('/basic.ics'), at: '2027-01-05T09:00:00+09:00', json: true });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { overrides: { name: string }[] }).overrides[0]!.name).toBe('2027-01-11 成人の日');
  });

  test('text output: a table, the count against the limit, how far it reaches and where the overrides live', async () => {
    const { code, stdout } = await run({ calendar: GOOGLE_CALENDAR_FIXTURE });
    expect(code).toBe(0);
    expect(stdout).toContain('closed-day overrides the sync would hold on 2026-11-21 (Asia/Tokyo), on the hours resource "example-support closed days"');
    expect(stdout).toMatch(/\n2026-12-29 tue {2}2027-01-03 sun {2}6 +2026-12-29〜2027-01-03 年末年始・元日\n/u);
    expect(stdout).toContain('50 of 50 allowed');
    expect(stdout).toMatch(/Connect's hours close every closed day through 20\d\d-\d\d-\d\d \(\d+ days ahead; every slot is used\)/u);
    expect(stdout).not.toContain('warning');
  });

  test('a configuration with too few slots is warned about, as the sync would alert', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'overrides-cli-'));
    try {
      const file = path.join(dir, 'site.json');
      const example = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'config', 'example.json'), 'utf8')) as Record<string, unknown>;
      delete example.$schema;
      writeFileSync(file, JSON.stringify({ ...example, hoursOverrides: { placement: 'business-hours', maxOverrides: 2 } }));
      const { code, stdout } = await run({ calendar: GOOGLE_CALENDAR_FIXTURE, config: file });
      expect(code).toBe(0);
      expect(stdout).toContain('on the business hours "example-support business hours" themselves');
      expect(stdout).toContain('warning: that is short of 90 days (2027-02-19): the sync would alert.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [{}, /--calendar <ics file or URL> is required/u],
    [{ calendar: GOOGLE_CALENDAR_FIXTURE, at: '2026-12-01 10:00' }, /--at "2026-12-01 10:00" is not an ISO 8601 date and time/u],
    [{ calendar: 'no-such-file.ics' }, /no-such-file\.ics/u],
  ])('bad input is one line on stderr and exit 1: %o', async (options, message) => {
    const { code, stdout, stderr } = await run(options);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
