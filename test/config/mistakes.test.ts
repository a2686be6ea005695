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
    ['a cron that stops after one year', () => file(json({ holidays: { fetchSchedule: `cron(0 6 * * ? ${new Date().getUTCFullYear()})` } })), /stops firing within three years|leaves up to/],
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
  ])('%s', (_case, make, message) => {
    const text = messageOf(make());
    expect(text).toMatch(message);
    // One plain list, never a stack trace.
    expect(text).not.toMatch(/\n\s+at /);
  });

  test('a password in a calendar URL never appears in the message', () => {
    expect(messageOf(file(json({ holidays: { calendarUrl: 'https://ops:hunter2@calendar.example.com/a.ics' } })))).not.toContain('hunter2');
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
    expect(warnings).toEqual([expect.objectContaining({ path: 'staffNumber', message: expect.stringMatching(/mobile number: Amazon Connect blocks outbound calls to \+8170\/\+8180\/\+8190/) as string })]);
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
