import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerSimulateCommand } from '../../lib/cli/simulate';
import type { SiteConfig } from '../../lib/config/site-config';
import type { FlowDocument } from '../../lib/flow/flow-document';
import { describeBusinessHours, EXAMPLE_FLOW_REFS } from '../../lib/flow/render';
import { CallReason, formatCall, formatWeek, simulateCall, simulateWeek, summariseCall } from '../../lib/flow/simulate';
import { validateContactFlow } from '../../lib/flow/validate';
import { CalendarServer, serveCalendar, startCalendarServer } from '../fetch-holidays/support';
import { exampleConfig, exampleFlow, exampleHolidayList, GOOGLE_CALENDAR_FIXTURE } from './flow-fixtures';
import { captureCliOutput } from '../support/cli-output';

const flow = exampleFlow();
/**
 * What the caller hears for an announcement of the example site: the hours in words, and the checker's name where
 * `{holidayName}` stands, between the ASCII spaces that delimit the reference for Connect (the example's
 * placeholders sit between Japanese characters, so each gets a space on both sides).
 */
const said = (text: string, holidayName = '', nextOpen = ''): string =>
  text
    .replaceAll('{businessHours}', describeBusinessHours(exampleConfig.businessHours))
    .replaceAll('{holidayName}', ` ${holidayName} `)
    .replaceAll('{nextOpen}', ` ${nextOpen} `)
    .replaceAll('{reason}', ` ${reasonSaid} `);
let reasonSaid = '';
const { announcements } = exampleConfig;
/** A week-table row's hour cells: one mark per hour, two columns each, one space apart. */
const cells = (marks: string): string => [...marks].map((mark) => ` ${mark}`).join(' ');

const OPEN_PATH = [
  'enable-flow-logs',
  'set-voice',
  'check-holiday',
  'live-override',
  'is-closed-day',
  'check-hours',
  'record-in-hours',
  'play-in-hours',
  'record-transferred',
  'transfer-to-staff',
  'disconnect',
];
const AFTER_HOURS_PATH = [
  'enable-flow-logs',
  'set-voice',
  'check-holiday',
  'live-override',
  'is-closed-day',
  'check-hours',
  'record-after-hours',
  'play-after-hours',
  'disconnect',
];
const TUESDAY_24TH = '次の受付は11月24日(火)9時からです。';

/** Simulate a call with the list the fetcher would have stored that morning. */
function call(at: string, extra: { checkerFails?: boolean; hoursCheckFails?: boolean; staffAnswers?: boolean } = {}) {
  const instant = new Date(at);
  return simulateCall(flow, { at: instant, config: exampleConfig, list: exampleHolidayList(instant), ...extra });
}

describe('simulateCall with the example site and the Google calendar', () => {
  test.each<[string, string, 'transfer' | 'disconnect', CallReason, string, string]>([
    ['a second before opening (Fri)', '2026-11-20T08:59:59+09:00', 'disconnect', 'after-hours', '', '次の受付は11月20日(金)9時からです。'],
    ['the minute of opening', '2026-11-20T09:00:00+09:00', 'transfer', 'open', '', ''],
    ['a second before closing', '2026-11-20T17:59:59+09:00', 'transfer', 'open', '', ''],
    // Monday the 23rd is 勤労感謝の日: the next opening skips it.
    ['the minute of closing', '2026-11-20T18:00:00+09:00', 'disconnect', 'after-hours', '', TUESDAY_24TH],
    ['midnight in Tokyo given in UTC (Fri 00:00 JST)', '2026-11-19T15:00:00Z', 'disconnect', 'after-hours', '', '次の受付は11月20日(金)9時からです。'],
    ['09:00 in Tokyo given in UTC (UTC clock says 00:00)', '2026-11-20T00:00:00Z', 'transfer', 'open', '', ''],
    ['midnight starting a holiday, given in UTC (UTC date is the day before)', '2026-11-22T15:00:00Z', 'disconnect', 'holiday', '勤労感謝の日', TUESDAY_24TH],
    ['midnight after a holiday, given in UTC (UTC date is the holiday)', '2026-11-23T15:00:00Z', 'disconnect', 'after-hours', '', TUESDAY_24TH],
    ['a statutory holiday', '2026-11-23T10:00:00+09:00', 'disconnect', 'holiday', '勤労感謝の日', TUESDAY_24TH],
    ['a substitute holiday', '2026-05-06T10:00:00+09:00', 'disconnect', 'holiday', '憲法記念日 振替休日', '次の受付は5月7日(木)9時からです。'],
    // 9/22 国民の休日, 9/23 秋分の日.
    ['国民の休日', '2026-09-22T10:00:00+09:00', 'disconnect', 'holiday', '国民の休日', '次の受付は9月24日(木)9時からです。'],
    ['an observance that is a business day (クリスマス)', '2026-12-25T10:00:00+09:00', 'transfer', 'open', '', ''],
    // 12/29-31 closure, 1/1 元日, 1/2-1/3 closure (a weekend): Monday 4 January.
    ['a configured closure', '2026-12-29T10:00:00+09:00', 'disconnect', 'closure', '年末年始', '次の受付は1月4日(月)9時からです。'],
    ['a closure on a Saturday (01-02)', '2027-01-02T10:00:00+09:00', 'disconnect', 'closure', '年末年始', '次の受付は1月4日(月)9時からです。'],
    ['a Saturday', '2026-11-21T10:00:00+09:00', 'disconnect', 'after-hours', '', TUESDAY_24TH],
  ])('%s: %s → %s (%s)', (_name, at, outcome, reason, holidayName, nextOpen) => {
    const result = call(at);
    expect(summariseCall(result)).toMatchObject({ outcome, reason, holidayName });
    expect(result.checker?.nextOpen).toBe(nextOpen);
    if (outcome === 'transfer') {
      expect(result.path).toEqual(OPEN_PATH);
      expect(result.prompts).toEqual([said(announcements.inHours)]);
      expect(result.transferTo).toBe(exampleConfig.staffNumber);
      expect(result.callerId).toBe(exampleConfig.callerId);
    } else {
      expect(result.path[result.path.length - 1]).toBe('disconnect');
      expect(result.transferTo).toBeUndefined();
      expect(result.prompts).toEqual([
        reason === 'holiday'
          ? said(announcements.holiday, holidayName, nextOpen)
          : reason === 'closure'
            ? said(announcements.closure, holidayName, nextOpen)
            : said(announcements.afterHours, '', nextOpen),
      ]);
    }
  });

  test('a holiday announcement names the holiday and skips the hours check', () => {
    const result = call('2026-11-23T10:00:00+09:00');
    expect(result.path).toEqual([
      'enable-flow-logs',
      'set-voice',
      'check-holiday',
      'live-override',
      'is-closed-day',
      'is-fallback-answer',
      'closed-reason',
      'record-holiday',
      'play-holiday',
      'disconnect',
    ]);
    expect(result.attributes).toEqual({ outcome: 'holiday' });
    expect(result.prompts).toHaveLength(1);
    expect(result.prompts[0]).toContain('本日は 勤労感謝の日 のため');
    expect(result.prompts[0]).not.toContain('$');
    expect(result.steps.find((step) => step.identifier === 'play-holiday')?.detail).toBe(result.prompts[0]);
  });

  test('a closure announcement names the closure', () => {
    const result = call('2026-12-29T10:00:00+09:00');
    expect(result.prompts).toEqual([said(announcements.closure, '年末年始', '次の受付は1月4日(月)9時からです。')]);
    expect(result.prompts[0]).toContain('本日は 年末年始 のため');
  });

  test.each([
    ['on a holiday in business hours: the closed-day override closes the hours, so after-hours', '2026-11-23T10:00:00+09:00', 'disconnect', 'after-hours', 'closed (override 2026-11-23 勤労感謝の日)'],
    ['inside the year-end closure (with 元日 in it): after-hours', '2026-12-30T10:00:00+09:00', 'disconnect', 'after-hours', 'closed (override 2026-12-29〜2027-01-03 年末年始・元日)'],
    ['on an ordinary weekday in business hours: transferred', '2026-11-20T10:00:00+09:00', 'transfer', 'open', 'open'],
    ['on an ordinary weekday at 17:59: transferred', '2026-11-20T17:59:00+09:00', 'transfer', 'open', 'open'],
    ['on an ordinary weekday at 18:00: after-hours (the end minute is closed)', '2026-11-20T18:00:00+09:00', 'disconnect', 'after-hours', 'closed'],
    ['in the evening: after-hours', '2026-11-20T20:00:00+09:00', 'disconnect', 'after-hours', 'closed'],
  ])('a checker failure falls back to the hours check %s', (_name, at, outcome, reason, hours) => {
    const result = call(at, { checkerFails: true });
    expect(result).toMatchObject({ outcome, reason, holidayName: '' });
    expect(result.path.slice(0, 4)).toEqual(['enable-flow-logs', 'set-voice', 'check-holiday', 'check-hours']);
    expect(result.steps[2]).toMatchObject({ identifier: 'check-holiday', branch: 'error NoMatchingError' });
    expect(result.steps[3]).toMatchObject({ identifier: 'check-hours', detail: hours });
  });

  test('with the override sync turned off, a checker failure on a weekday holiday transfers callers (the gap the sync closes)', () => {
    const config = { ...exampleConfig, hoursOverrides: { ...exampleConfig.hoursOverrides, enabled: false } };
    const at = new Date('2026-11-23T10:00:00+09:00');
    const result = simulateCall(flow, { at, config, list: exampleHolidayList(at), checkerFails: true });
    expect(result).toMatchObject({ outcome: 'transfer', reason: 'open' });
  });

  test('an hours-check failure plays the after-hours announcement', () => {
    const result = call('2026-11-20T10:00:00+09:00', { hoursCheckFails: true });
    expect(result).toMatchObject({ outcome: 'disconnect', reason: 'after-hours', path: AFTER_HOURS_PATH });
    // The checker thinks the line is open, so it has no opening to announce: the sentence is left out.
    expect(result.prompts).toEqual([said(announcements.afterHours)]);
  });

  test('staff not answering plays the transfer-failed announcement, then hangs up', () => {
    const result = call('2026-11-20T10:00:00+09:00', { staffAnswers: false });
    expect(result.outcome).toBe('disconnect');
    expect(result.reason).toBe('open');
    expect(result.path.slice(-4)).toEqual(['transfer-to-staff', 'record-transfer-failed', 'play-transfer-failed', 'disconnect']);
    // Written before the transfer, then overwritten when nobody answered: the contact says what happened.
    expect(result.attributes).toEqual({ outcome: 'transfer-failed' });
    expect(result.prompts).toEqual([said(announcements.inHours), said(announcements.transferFailed)]);
    expect(result.steps.find((step) => step.identifier === 'transfer-to-staff')?.branch).toBe('error ConnectionTimeLimitExceeded');
  });

  describe('when the checker has no list: the built-in calendar answers', () => {
    test('a statutory holiday is announced by name, never transferred', () => {
      const result = simulateCall(flow, { at: new Date('2026-11-23T10:00:00+09:00'), config: exampleConfig });
      expect(result.checker).toMatchObject({ dataStatus: 'builtin', isHoliday: 'true', holidayName: '勤労感謝の日' });
      expect(result).toMatchObject({ outcome: 'disconnect', reason: 'holiday', holidayName: '勤労感謝の日' });
      expect(result.prompts[0]).toContain('本日は 勤労感謝の日 のため');
    });

    test('a configured closure is announced by its reason', () => {
      const result = simulateCall(flow, { at: new Date('2026-12-30T10:00:00+09:00'), config: exampleConfig });
      expect(result).toMatchObject({ outcome: 'disconnect', reason: 'closure', holidayName: '年末年始' });
    });

    test('an ordinary weekday in hours is transferred', () => {
      const result = simulateCall(flow, { at: new Date('2026-11-24T10:00:00+09:00'), config: exampleConfig });
      expect(result).toMatchObject({ outcome: 'transfer', reason: 'open' });
    });
  });

  describe('when nothing knows the day (beyond the built-in calendar\'s years): the configured fallback', () => {
    test('fallbackClosed false: the hours check decides', () => {
      const result = simulateCall(flow, { at: new Date('2051-03-02T10:00:00+09:00'), config: exampleConfig });
      expect(result.checker?.dataStatus).toBe('unavailable');
      expect(result).toMatchObject({ outcome: 'transfer', reason: 'open' });
    });

    test('fallbackClosed true: a closed announcement that does not need a holiday name', () => {
      const closedConfig: SiteConfig = { ...exampleConfig, checker: { ...exampleConfig.checker, fallbackClosed: true } };
      const result = simulateCall(flow, { at: new Date('2051-03-02T10:00:00+09:00'), config: closedConfig });
      expect(result.outcome).toBe('disconnect');
      expect(result.path).toContain('is-fallback-answer');
      expect(result.prompts).toEqual([said(announcements.afterHours)]);
    });
  });

  test('a stale list still closes on the holidays it knows', () => {
    const result = simulateCall(flow, {
      at: new Date('2026-11-23T10:00:00+09:00'),
      config: exampleConfig,
      list: exampleHolidayList(new Date('2026-10-01T06:00:00+09:00')),
    });
    expect(result.checker).toMatchObject({ dataStatus: 'stale', isHoliday: 'true' });
    expect(result.reason).toBe('holiday');
  });

  test('formatCall shows each block, its branch, what the caller hears and the outcome', () => {
    const text = formatCall(call('2026-11-23T10:00:00+09:00'), 'Asia/Tokyo');
    expect(text).toContain('2026-11-23 MON 10:00:00 Asia/Tokyo');
    expect(text).toMatch(/is-closed-day \[Compare\] → Equals "true"/);
    expect(text).toContain(`caller hears: ${said(announcements.holiday, '勤労感謝の日', TUESDAY_24TH)}`);
    expect(text).toMatch(/outcome: disconnect — reason: holiday \(勤労感謝の日\)\nrecorded on the contact: outcome=holiday$/);
  });
});

describe('attribute references: the simulator fills in exactly what the validator accepts', () => {
  const at = new Date('2026-11-23T10:00:00+09:00'); // 勤労感謝の日

  /** A hand-written flow: ask the checker, compare in the root bracket form, then say each text in turn. */
  function handWrittenFlow(texts: readonly string[]): FlowDocument {
    const say = texts.map((text, index) => ({
      Identifier: `say-${index}`,
      Type: 'MessageParticipant',
      Parameters: { Text: text },
      Transitions: {
        NextAction: index + 1 < texts.length ? `say-${index + 1}` : 'hang-up',
        Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'hang-up' }],
      },
    }));
    return {
      Version: '2019-10-30',
      StartAction: 'ask-checker',
      Actions: [
        {
          Identifier: 'ask-checker',
          Type: 'InvokeLambdaFunction',
          Parameters: {
            LambdaFunctionARN: EXAMPLE_FLOW_REFS.checkerFunctionArn,
            InvocationTimeLimitSeconds: '3',
            ResponseValidation: { ResponseType: 'JSON' },
          },
          Transitions: { NextAction: 'is-closed-day', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'hang-up' }] },
        },
        {
          Identifier: 'is-closed-day',
          Type: 'Compare',
          Parameters: { ComparisonValue: "$['External']['isHoliday']" },
          Transitions: {
            Conditions: [{ NextAction: 'say-0', Condition: { Operator: 'Equals', Operands: ['true'] } }],
            Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'hang-up' }],
          },
        },
        ...say,
        { Identifier: 'hang-up', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ],
    };
  }

  const simulate = (handFlow: FlowDocument) =>
    simulateCall(handFlow, { at, config: exampleConfig, list: exampleHolidayList(at) });

  test('the bracket forms resolve, glued to Japanese, and a Compare in the root bracket form branches', () => {
    const handFlow = handWrittenFlow([
      "本日は$.External.['holidayName']のため、休業日です。",
      "$['External']['holidayName']につき、ご了承ください。",
    ]);
    expect(validateContactFlow(handFlow)).toEqual([]);
    const result = simulate(handFlow);
    expect(result.steps[1]).toMatchObject({ identifier: 'is-closed-day', branch: 'Equals "true"' });
    expect(result.prompts).toEqual(['本日は勤労感謝の日のため、休業日です。', '勤労感謝の日につき、ご了承ください。']);
  });

  test('a reference glued to text is rejected by the validator and not filled in by the simulator', () => {
    const handFlow = handWrittenFlow(['本日は$.External.holidayNameのため、休業日です。']);
    expect(validateContactFlow(handFlow)).toEqual([
      { identifier: 'say-0', message: expect.stringMatching(/\$\.External\.holidayName is glued to "は" before it and "の" after it/) },
    ]);
    expect(simulate(handFlow).prompts).toEqual(['本日は$.External.holidayNameのため、休業日です。']);
  });

  test.each<[string, boolean]>([
    ['本日は $.External.holidayName のため', true],
    ['$.External.holidayName', true],
    ['本日は\t$.External.holidayName\n', true],
    ["本日は$.External.['holidayName']のため", true],
    ["本日は$['External']['holidayName']。", true],
    ['本日は$.External.holidayName のため', false],
    ['本日は $.External.holidayNameのため', false],
    ['理由は $.External.holidayName。', false],
    ['Closed for $.External.holidayName.', false],
    ['（$.External.holidayName）', false],
    ["本日は$.External.['holidayName'].です", false],
    ["本日は $.External['holidayName'] のため", false],
  ])('%j: accepted and filled in: %s', (text, accepted) => {
    const handFlow = handWrittenFlow([text]);
    const [heard] = simulate(handFlow).prompts;
    expect(validateContactFlow(handFlow).length === 0).toBe(accepted);
    expect(heard?.includes('勤労感謝の日')).toBe(accepted);
  });
});

describe('simulateWeek', () => {
  const week = simulateWeek(flow, '2026-12-27', {
    config: exampleConfig,
    list: exampleHolidayList(new Date('2026-12-27T00:00:00+09:00')),
  });
  const marks = (index: number): string => (week[index]?.hours ?? []).map((cell) => cell.reason[0]).join('');

  test('gives every hour of seven days with what callers get', () => {
    expect(week.map((day) => day.date)).toEqual([
      '2026-12-27',
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(marks(0)).toBe('a'.repeat(24)); // Sunday
    expect(marks(1)).toBe(`${'a'.repeat(9)}${'o'.repeat(9)}${'a'.repeat(6)}`); // Monday: 09:00-17:00 open
    expect(marks(2)).toBe('c'.repeat(24)); // 年末年始
    expect(marks(5)).toBe('h'.repeat(24)); // 元日
    expect(week[5]).toMatchObject({ holidayName: '元日', closedReason: 'holiday' });
    expect(week[6]).toMatchObject({ holidayName: '年末年始', closedReason: 'closure' });
  });

  test('formats as a table marking holidays and closures by name', () => {
    const table = formatWeek(week, 'Asia/Tokyo');
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^date +day +00 01 02 .* 23 +closed day$/);
    expect(lines[1]).toBe(`2026-12-27  SUN  ${cells('.'.repeat(24))}`);
    expect(lines[2]).toBe(`2026-12-28  MON  ${cells(`${'.'.repeat(9)}${'T'.repeat(9)}${'.'.repeat(6)}`)}`);
    expect(lines[3]).toBe(`2026-12-29  TUE  ${cells('C'.repeat(24))}  closure: 年末年始`);
    expect(lines[6]).toBe(`2027-01-01  FRI  ${cells('H'.repeat(24))}  holiday: 元日`);
    expect(table).toContain('T transfer to staff');
  });
});

describe('cli simulate', () => {
  const { stdout, stderr } = captureCliOutput();
  let server: CalendarServer;
  let calendarUrl: string;

  beforeAll(async () => {
    server = await startCalendarServer({ '/basic.ics': serveCalendar(readFileSync(GOOGLE_CALENDAR_FIXTURE, 'utf8')) });
    // Production code fetches HTTPS from public hosts only; the test transport carries it to the loopback server.
    calendarUrl = server.https('/basic.ics');
  });

  afterAll(async () => {
    await server.close();
  });


  async function run(...args: string[]): Promise<void> {
    const program = new Command().exitOverride();
    registerSimulateCommand(program, { ...server.fetchOptions, sleep: async () => undefined });
    await program.parseAsync(['simulate', ...args], { from: 'user' });
  }

  test('--json prints the documented shape for a transfer', async () => {
    await run('--at', '2026-12-25T10:00:00+09:00', '--calendar', GOOGLE_CALENDAR_FIXTURE, '--json');
    expect(stderr).toEqual([]);
    expect(process.exitCode).toBeUndefined();
    const printed = JSON.parse(stdout.join('')) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(['outcome', 'reason', 'holidayName', 'prompts', 'path', 'transferTo', 'callerId', 'attributes']);
    expect(printed).toMatchObject({
      outcome: 'transfer',
      reason: 'open',
      holidayName: '',
      prompts: [said(announcements.inHours)],
      path: OPEN_PATH,
      transferTo: '+815098765432',
      callerId: '+815012345678',
      attributes: { outcome: 'transferred' },
    });
  });

  test('--json for a holiday read from a calendar URL has no transfer fields', async () => {
    await run('--at', '2026-11-23T10:00:00+09:00', '--calendar', calendarUrl, '--json');
    expect(stderr).toEqual([]);
    const printed = JSON.parse(stdout.join('')) as Record<string, unknown>;
    expect(printed).toMatchObject({ outcome: 'disconnect', reason: 'holiday', holidayName: '勤労感謝の日' });
    expect(printed).not.toHaveProperty('transferTo');
    expect(printed).not.toHaveProperty('callerId');
  });

  test('--checker-fails takes the error branch without a calendar: the overrides planned from the built-in calendar close the holiday', async () => {
    await run('--at', '2026-11-23T10:00:00+09:00', '--checker-fails', '--json');
    expect(JSON.parse(stdout.join(''))).toMatchObject({ outcome: 'disconnect', reason: 'after-hours', prompts: [said(announcements.afterHours)] });
    stdout.length = 0;
    await run('--at', '2026-11-24T10:00:00+09:00', '--checker-fails', '--json');
    expect(JSON.parse(stdout.join(''))).toMatchObject({ outcome: 'transfer', reason: 'open' });
  });

  test('--staff-no-answer ends with the transfer-failed announcement', async () => {
    await run('--at', '2026-11-20T10:00:00+09:00', '--calendar', GOOGLE_CALENDAR_FIXTURE, '--staff-no-answer', '--json');
    const printed = JSON.parse(stdout.join('')) as { outcome: string; prompts: string[] };
    expect(printed.outcome).toBe('disconnect');
    expect(printed.prompts[1]).toBe(said(announcements.transferFailed));
  });

  test('text output lists blocks, texts and the outcome', async () => {
    await run('--at', '2026-12-29T10:00:00+09:00', '--calendar', GOOGLE_CALENDAR_FIXTURE);
    const text = stdout.join('');
    expect(text).toMatch(/closed-reason \[Compare\] → Equals "closure"/);
    expect(text).toContain(said(announcements.closure, '年末年始', '次の受付は1月4日(月)9時からです。'));
    expect(text).toMatch(/outcome: disconnect — reason: closure \(年末年始\)\nrecorded on the contact: outcome=closure\n$/);
  });

  test('--week prints the table', async () => {
    await run('--week', '2026-11-16', '--calendar', GOOGLE_CALENDAR_FIXTURE);
    const text = stdout.join('');
    expect(text).toContain('what callers get, 2026-11-16 to 2026-11-22 (Asia/Tokyo)');
    expect(text).toContain(`\n2026-11-16  MON  ${cells(`${'.'.repeat(9)}${'T'.repeat(9)}${'.'.repeat(6)}`)}\n`);
    expect(text).toContain(`\n2026-11-21  SAT  ${cells('.'.repeat(24))}\n`);
  });

  test.each([
    ['a date and time with a space', ['--at', '2026-12-25 10:00', '--calendar', GOOGLE_CALENDAR_FIXTURE], /--at "2026-12-25 10:00" is not an ISO 8601 date and time/],
    ['an impossible date', ['--at', '2026-02-30T10:00:00+09:00', '--calendar', GOOGLE_CALENDAR_FIXTURE], /is not a real date and time/],
    ['both --at and --week', ['--at', '2026-12-25T10:00:00Z', '--week', '2026-12-21', '--calendar', GOOGLE_CALENDAR_FIXTURE], /exactly one of --at/],
    ['a bad --week date', ['--week', '2026-13-01', '--calendar', GOOGLE_CALENDAR_FIXTURE], /--week "2026-13-01" is not a date/],
    ['no calendar', ['--at', '2026-12-25T10:00:00Z'], /--calendar <ics file or URL> is required/],
    ['an unreadable calendar file', ['--at', '2026-12-25T10:00:00Z', '--calendar', 'no-such-calendar.ics'], /cannot read .*no-such-calendar\.ics/],
    ['a calendar that fails the checks', ['--at', '2026-12-25T10:00:00Z', '--calendar', GOOGLE_CALENDAR_FIXTURE.replace('google-2025-2027', 'bad-html-sign-in')], /not an iCalendar document/],
    ['a missing config', ['--at', '2026-12-25T10:00:00Z', '--checker-fails', '--config', 'no-such-config.json'], /no-such-config\.json/],
  ])('%s: one line on stderr and exit code 1', async (_name, args, message) => {
    await run(...args);
    expect(stdout).toEqual([]);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^simulate: [^\n]+\n$/);
    expect(stderr[0]).toMatch(message);
    expect(process.exitCode).toBe(1);
  });

  test('a calendar URL that answers 404: one line on stderr and exit code 1', async () => {
    await run('--at', '2026-12-25T10:00:00Z', '--calendar', calendarUrl.replace('basic.ics', 'missing.ics'));
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/404/);
    expect(process.exitCode).toBe(1);
  });
});
