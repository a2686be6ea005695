/**
 * Every configuration mistake ops made that used to pass synth and break later (issue 9), and the valid
 * configurations that used to be refused: each mistake now fails with a message naming the field, the value and
 * what is expected; each valid one synthesizes its configuration.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadSiteConfig, loadSiteConfigWithWarnings } from '../../lib/config/load';

const valid = {
  connect: { instanceArn: 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444' },
  phoneNumber: '050-1234-5678',
  staffNumber: '050-9876-5432',
  alertEmails: ['ops@example.com'],
};

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'config-mistakes-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let fileCounter = 0;
function file(text: string | Buffer): string {
  fileCounter += 1;
  const name = path.join(scratch, `site-${fileCounter}.json`);
  writeFileSync(name, text);
  return name;
}

function messageOf(configFile: string): string {
  try {
    loadSiteConfig(configFile);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '(accepted)';
}

const json = (change: Record<string, unknown>) => JSON.stringify({ ...valid, ...change }, null, 2);
const oneOffClosures = (count: number, reason: string) =>
  Array.from({ length: count }, (_, i) => ({ from: `2027-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`, reason }));

describe('mistakes that used to pass synth now fail it, each with its message', () => {
  test.each<[string, () => string, RegExp]>([
    ['MONDAY and monday both given', () => file(json({ businessHours: { MONDAY: ['09:00-18:00'], monday: ['10:00-12:00'] } })), /businessHours\.monday: got \["10:00-12:00"\]; expected no such field \(did you mean MONDAY\?/],
    ['a duplicate JSON key', () => file(`{"siteName":"a","siteName":"b",${json({}).slice(1)}`), /siteName: got a second "siteName" at line 1, column \d+; expected each key once in an object \(the first is at line 1, column 2; JSON would silently keep only the last\)/],
    ['"09:00-18:00-20:00"', () => file(json({ businessHours: { MONDAY: ['09:00-18:00-20:00'] } })), /businessHours\.MONDAY\[0\]: got "09:00-18:00-20:00"; expected an opening period .*one start and one end/],
    ['staff number +999 1234 5678', () => file(json({ staffNumber: '+999 1234 5678' })), /staffNumber: got "\+999 1234 5678"; expected a phone number .*no country has that calling code/],
    ['staff number 03-0000-0000', () => file(json({ staffNumber: '03-0000-0000' })), /staffNumber: got "03-0000-0000"; expected a phone number .*not a number in the JP numbering plan/],
    ['a premium-rate staff number', () => file(json({ staffNumber: '0990-123-456' })), /staffNumber: .*premium-rate/],
    ['<ops@example.com>', () => file(json({ alertEmails: ['<ops@example.com>'] })), /alertEmails\[0\]: got "<ops@example.com>"; expected an e-mail address .*no name or <>/],
    ['addresses equal apart from case', () => file(json({ alertEmails: ['ops@example.com', 'OPS@example.com'] })), /alertEmails\[1\]: got "OPS@example.com"; expected each address once \(the same as alertEmails\[0\] apart from case/],
    ['cron(0 6 * * * *)', () => file(json({ holidays: { fetchSchedule: 'cron(0 6 * * * *)' } })), /holidays\.fetchSchedule: got "cron\(0 6 \* \* \* \*\)"; expected exactly one of day-of-month and day-of-week must be \?/],
    ['a once-a-year cron', () => file(json({ holidays: { fetchSchedule: 'cron(0 6 1 1 ? *)' } })), /holidays\.fetchSchedule: got "cron\(0 6 1 1 \? \*\)"; expected a schedule that fetches at least every 5 days .*leaves up to 36\d(\.\d)? days between fetches/],
    ['a weekly cron with the default 10-day maximum age', () => file(json({ holidays: { fetchSchedule: 'cron(0 6 ? * MON *)' } })), /leaves up to 7 days between fetches/],
    ['a cron that stops after one year', () => file(json({ holidays: { fetchSchedule: `cron(0 6 * * ? ${new Date().getUTCFullYear()})` } })), /year field must be \*/],
    ['a cron that stops in two years', () => file(json({ holidays: { fetchSchedule: 'cron(0 6 * * ? 2026-2028)' } })), /holidays\.fetchSchedule: .*year field must be \* \(2026-2028 stops fetching one day/],
    ['several weekday#n in one day-of-week field', () => file(json({ holidays: { fetchSchedule: 'cron(0 6 ? * 2#1,2#3 *)' } })), /a # stands alone in the day-of-week field/],
    ['a fetch every 5 minutes', () => file(json({ holidays: { fetchSchedule: 'rate(5 minutes)' } })), /holidays\.fetchSchedule: .*at most one fetch an hour \(this one fetches every 5 minutes/],
    ['a closure reason of 101 characters', () => file(json({ closures: [{ from: '08-13', reason: 'あ'.repeat(101) }] })), /closures\[0\]\.reason: .*expected at most 100 characters/],
    ['a calendar URL with user:password (not echoed)', () => file(json({ holidays: { calendarUrl: 'https://ops:hunter2@calendar.example.com/a.ics' } })), /holidays\.calendarUrl: got \(not shown\); expected .*user name or password is not allowed/],
    ['a calendar URL on an internal host', () => file(json({ holidays: { calendarUrl: 'https://calendar.corp.internal/a.ics' } })), /holidays\.calendarUrl: .*is an internal name/],
    ['a calendar URL at an IP address', () => file(json({ holidays: { calendarUrl: 'https://10.0.0.5/a.ics' } })), /holidays\.calendarUrl: .*is an IP address/],
    ['20,000-deep nesting', () => file(`{"siteName":${'['.repeat(20_000)}${']'.repeat(20_000)}}`), /\(file\): got nesting 20001 levels deep; expected JSON nested at most 32 levels deep/],
    ['timezone for timeZone', () => file(json({ timezone: 'Asia/Tokyo' })), /timezone: got "Asia\/Tokyo"; expected no such field \(did you mean timeZone\?/],
    ['a typo in closedObservances', () => file(json({ holidays: { closedObservances: ['銀行休日'] } })), /holidays\.closedObservances\[0\]: got "銀行休日"; expected an observance the calendar has, or it closes nothing \(did you mean 銀行休業日\?/],
    ['a trailing comma', () => file(`${json({}).slice(0, -2)},\n}`), /\(file\): got \w+ at line \d+, column \d+; expected valid JSON/],
    ['a comment', () => file(`// site\n${json({})}`), /\(file\): got \w+ at line 1, column 1; expected valid JSON/],
    ['bytes that are not UTF-8', () => file(Buffer.from([0x7b, 0xff, 0x7d])), /\(file\): .*expected a readable UTF-8 file \(text that is not UTF-8\)/],
    // Found by the adversarial review of this first version:
    ['400 one-off closures with 100-character reasons (once a bundler crash)', () => file(json({ closures: oneOffClosures(400, 'あ'.repeat(100)) })), /closures: got 400 closures, 0 removals, 0 corrections \(1\d{5} bytes compiled into .*\); expected at most 120000 bytes: remove past one-off closures/],
    ['a day-of-week step', () => file(json({ holidays: { fetchSchedule: 'cron(0 6 ? * 1/2 *)' } })), /day-of-week field takes no \/ step/],
    ['a fetch interval that lets an unchanged list read as stale', () => file(json({ holidays: { fetchSchedule: 'rate(4 days)', rewriteUnchangedAfterDays: 9 } })), /checker\.maxListAgeDays: got 10; expected more than holidays\.rewriteUnchangedAfterDays \(9\) plus the longest wait between fetches \(4 days\)/],
    ['an announcement over 3,000 characters as spoken', () => file(json({ announcements: { inHours: '{businessHours}'.repeat(200) } })), /announcements\.inHours: .*expected at most 3000 characters/],
    ['101 opening periods', () => file(json({ businessHours: { MONDAY: Array.from({ length: 101 }, (_, i) => `${String(Math.floor(i / 5)).padStart(2, '0')}:${String((i % 5) * 10).padStart(2, '0')}-${String(Math.floor(i / 5)).padStart(2, '0')}:${String((i % 5) * 10 + 5).padStart(2, '0')}`) } })), /businessHours: got "101 periods"; expected at most 100 opening periods/],
    ['101 alert addresses', () => file(json({ alertEmails: Array.from({ length: 101 }, (_, i) => `ops${i}@example.com`) })), /alertEmails: .*expected at most 100 addresses/],
    ['an instance ARN with a Region that is not one', () => file(json({ connect: { instanceArn: 'arn:aws:connect:tokyo:111122223333:instance/00000000-1111-2222-3333-444444444444' } })), /connect\.instanceArn: .*expected an instance ARN/],
    ['an instance ARN in China (no Connect there)', () => file(json({ connect: { instanceArn: 'arn:aws-cn:connect:cn-north-1:111122223333:instance/00000000-1111-2222-3333-444444444444' } })), /connect\.instanceArn: .*expected an instance ARN/],
    ['an instance ID of hyphens', () => file(json({ connect: { instanceArn: `arn:aws:connect:ap-northeast-1:111122223333:instance/${'-'.repeat(36)}` } })), /connect\.instanceArn: .*expected an instance ARN/],
    ['a wrong voice name and a wrong engine: both reported', () => file(json({ voice: { name: 'Kazuha2', engine: 'nueral' } })), /voice\.name: got "Kazuha2".*\n.*voice\.engine: got "nueral"/],
    ['null for an object', () => file(json({ holidays: null })), /holidays: got null; expected an object \(\{…\}\)/],
    ['a field named constructor', () => file(json({ constructor: 1 })), /constructor: got 1; expected no such field \(known: siteName/],
    ['an extra field in an opening period', () => file(json({ businessHours: { MONDAY: [{ start: '09:00', end: '18:00', lunch: '12:00' }] } })), /businessHours\.MONDAY\[0\]\.lunch: got "12:00"; expected no such field \(known: start, end\)/],
    ['an empty closure reason (one message, not two)', () => file(json({ closures: [{ from: '08-13', reason: '' }] })), /has 1 problem:\n\s+- closures\[0\]\.reason: got ""; expected a reason callers may hear/],
    ['an e-mail local part ending in a dot', () => file(json({ alertEmails: ['ops.@example.com'] })), /alertEmails\[0\]: got "ops\.@example\.com"; expected an e-mail address/],
    ['a typo in closedObservances with the same feed on calendar.google.com', () => file(json({ holidays: { calendarUrl: 'https://calendar.google.com/calendar/ical/ja.japanese%23holiday%40group.v.calendar.google.com/public/basic.ics', closedObservances: ['銀行休業'] } })), /holidays\.closedObservances\[0\]: got "銀行休業"; expected an observance the calendar has/],
  ])('%s', (_case, make, message) => {
    const text = messageOf(make());
    expect(text).toMatch(message);
    // One plain list, never a stack trace.
    expect(text).not.toMatch(/\n\s+at /);
  });

  test.each([
    ['in calendarUrl', { calendarUrl: 'https://ops:hunter2@calendar.example.com/a.ics' }],
    ['under a misspelt key', { calendarurl: 'https://ops:hunter2@calendar.example.com/a.ics' }],
    ['inside a list', { calendarUrl: ['https://ops:hunter2@calendar.example.com/a.ics?key=s3cr3t'] }],
  ])('a password in a calendar URL never appears in the message: %s', (_case, holidays) => {
    const text = messageOf(file(json({ holidays })));
    expect(text).not.toMatch(/hunter2|s3cr3t/u);
    expect(text).toMatch(/holidays\.calendar/u);
  });
});

describe('valid configurations that used to be refused are accepted', () => {
  test('a file saved with a byte-order mark', () => {
    expect(loadSiteConfig(file(`\uFEFF${json({})}`)).phoneNumber).toBe('+815012345678');
  });

  test('a yearly closure across the new year: {"from": "12-29", "to": "01-03"}', () => {
    expect(loadSiteConfig(file(json({ closures: [{ from: '12-29', to: '01-03', reason: '年末年始' }] }))).closures).toEqual([
      { from: '12-29', to: '01-03', reason: '年末年始' },
    ]);
  });

  test('a 060 mobile staff number: accepted, with a warning about the outbound quota', () => {
    const { config, warnings } = loadSiteConfigWithWarnings(file(json({ staffNumber: '060-1234-5678' })));
    expect(config.staffNumber).toBe('+816012345678');
    expect(warnings).toEqual([expect.objectContaining({ path: 'staffNumber', message: expect.stringMatching(/mobile number: Amazon Connect blocks outbound calls to Japanese mobile numbers \(\+8160\/\+8170\/\+8180\/\+8190\)/) as string })]);
  });

  test.each([
    ['020-1234-5678', /a 020 \(pager \/ M2M\) number: whether Amazon Connect can dial it is not known/],
    ['0570-123-456', /a 0570 \(ナビダイヤル\) number: whether Amazon Connect can dial it is not known/],
  ])('a %s staff number: accepted, with a warning to try a transfer first', (staffNumber, message) => {
    const { warnings } = loadSiteConfigWithWarnings(file(json({ staffNumber })));
    expect(warnings).toEqual([expect.objectContaining({ path: 'staffNumber', message: expect.stringMatching(message) as string })]);
  });

  test('a yearly closure written backwards (01-03 to 01-02 closes the whole year): accepted, with a warning', () => {
    const { warnings } = loadSiteConfigWithWarnings(file(json({ closures: [{ from: '01-03', to: '01-02', reason: '年末年始' }] })));
    expect(warnings).toEqual([expect.objectContaining({ path: 'closures[0]', message: expect.stringMatching(/"年末年始" closes 366 days every year .*check that from and to are not swapped/) as string })]);
  });

  test('300 one-off closures with 100-character reasons fit what is compiled into the Lambdas', () => {
    expect(loadSiteConfig(file(json({ closures: oneOffClosures(300, 'あ'.repeat(100)) }))).closures).toHaveLength(300);
  });

  test('a toll-free line number: accepted, with a warning that it may not be shown as the caller ID', () => {
    const { warnings } = loadSiteConfigWithWarnings(file(json({ phoneNumber: '0120-123-456' })));
    expect(warnings).toEqual([expect.objectContaining({ path: 'phoneNumber', message: expect.stringMatching(/toll-free: carriers may not present/) as string })]);
  });

  test('60 one-off closures with 100-character reasons', () => {
    const closures = oneOffClosures(60, '臨'.repeat(100));
    expect(loadSiteConfig(file(json({ closures }))).closures).toHaveLength(60);
  });

  test('an observance name outside Google\'s with a custom calendar: accepted, with a warning', () => {
    const { warnings } = loadSiteConfigWithWarnings(
      file(json({ holidays: { calendarUrl: 'https://calendar.example.com/company.ics', closedObservances: ['創立記念日'] } })),
    );
    expect(warnings).toEqual([expect.objectContaining({ path: 'holidays.closedObservances[0]' })]);
  });

  test.each(['06:00', 'cron(0 6 * * ? *)', 'cron(30 5,17 ? * MON-FRI *)', 'rate(12 hours)', 'rate(1 day)'])('fetch schedule %s', (schedule) => {
    expect(loadSiteConfig(file(json({ holidays: { fetchSchedule: schedule } }))).holidays.fetchSchedule).toBe(schedule);
  });
});
