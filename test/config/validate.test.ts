import * as path from 'node:path';
import { loadSiteConfig } from '../../lib/config/load';
import { SiteConfigError, validateSiteConfig } from '../../lib/config/validate';

const valid = {
  connect: { instanceArn: 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444' },
  phoneNumber: '050-1234-5678',
  staffNumber: '050-9876-5432',
  alertEmails: ['ops@example.com'],
};

function withChange(change: Record<string, unknown>): unknown {
  return { ...valid, ...change };
}

describe('site configuration', () => {
  test('the example configuration is valid and normalised', () => {
    const config = loadSiteConfig();
    expect(config.phoneNumber).toBe('+815012345678');
    expect(config.staffNumber).toBe('+815098765432');
    expect(config.callerId).toBe('+815012345678');
    expect(config.voice).toEqual({ name: 'Kazuha', engine: 'Neural' });
    expect(config.closures).toEqual([
      { from: '12-29', to: '12-31', reason: '年末年始' },
      { from: '01-02', to: '01-03', reason: '年末年始' },
    ]);
    expect(config.businessHours.MONDAY).toEqual([{ start: '09:00', end: '18:00' }]);
    expect(config.businessHours.SATURDAY).toBeUndefined();
  });

  test('defaults fill every optional field', () => {
    const config = validateSiteConfig(valid);
    expect(config.timeZone).toBe('Asia/Tokyo');
    expect(config.siteName).toBe('after-hours');
    expect(config.holidays.calendarUrl).toMatch(/^https:\/\/www\.google\.com\/calendar\/ical\/ja\.japanese/);
    expect(config.holidays.closedObservances).toEqual([]);
    expect(config.holidays.fetchSchedule).toBe('06:00');
    expect(config.checker).toEqual({ revalidateMinutes: 5, maxListAgeDays: 10, fallbackClosed: false });
    expect(Object.keys(config.businessHours)).toEqual(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']);
    expect(config.announcements.holiday).toContain('{holidayName}');
    expect(config.transferRingSeconds).toBe(30);
  });

  test('a caller ID other than the Connect number is kept, normalised', () => {
    expect(validateSiteConfig(withChange({ callerId: '03-1234-5678' })).callerId).toBe('+81312345678');
  });

  test('several periods per day (lunch break) and 24:00 are accepted', () => {
    const config = validateSiteConfig(
      withChange({ businessHours: { MONDAY: ['09:00-12:00', '13:00-18:00'], SATURDAY: [{ start: '10:00', end: '24:00' }] } }),
    );
    expect(config.businessHours.MONDAY).toHaveLength(2);
    expect(config.businessHours.SATURDAY).toEqual([{ start: '10:00', end: '24:00' }]);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['bad phone number', { phoneNumber: '050-12' }, /phoneNumber: got "050-12"; expected a phone number/],
    ['missing staff number', { staffNumber: undefined }, /staffNumber: got \(missing\)/],
    ['staff number equal to the line', { staffNumber: '+815012345678' }, /staffNumber: .*loops/],
    ['bad caller ID', { callerId: 'abc' }, /callerId: got "abc"/],
    ['unknown time zone', { timeZone: 'Mars/Olympus' }, /timeZone: got "Mars\/Olympus"; expected an IANA time zone/],
    ['abbreviated time zone', { timeZone: 'JST' }, /timeZone: got "JST".*did you mean Asia\/Tokyo/],
    ['25:00', { businessHours: { MONDAY: ['09:00-25:00'] } }, /businessHours\.MONDAY\[0\]\.end: got "25:00"/],
    ['bad minute', { businessHours: { MONDAY: ['09:60-18:00'] } }, /businessHours\.MONDAY\[0\]\.start: got "09:60"/],
    ['end before start', { businessHours: { MONDAY: ['18:00-09:00'] } }, /MONDAY\[0\]: got "18:00-09:00"; expected an end after the start/],
    ['overlapping ranges', { businessHours: { MONDAY: ['09:00-13:00', '12:00-18:00'] } }, /MONDAY\[1\]: got "12:00-18:00"; expected periods of one day that do not overlap/],
    ['unknown weekday', { businessHours: { FUNDAY: ['09:00-18:00'] } }, /businessHours\.FUNDAY: got \["09:00-18:00"\]; expected no such field \(did you mean SUNDAY\? known: SUNDAY, MONDAY/],
    ['a weekday spelt in lower case', { businessHours: { monday: ['09:00-18:00'] } }, /businessHours\.monday: .*expected no such field \(did you mean MONDAY\?/],
    ['MONDAY and monday both given', { businessHours: { MONDAY: ['09:00-18:00'], monday: ['10:00-11:00'] } }, /businessHours\.monday: .*did you mean MONDAY\?/],
    ['a period with two ends', { businessHours: { MONDAY: ['09:00-18:00-20:00'] } }, /businessHours\.MONDAY\[0\]: got "09:00-18:00-20:00"; expected an opening period "HH:MM-HH:MM" such as "09:00-18:00" \(one start and one end\)/],
    ['never open', { businessHours: {} }, /businessHours: .*at least one opening period/],
    ['unknown voice', { voice: { name: 'Joanna' } }, /voice\.name: got "Joanna"; expected a Japanese Polly voice/],
    ['voice without that engine', { voice: { name: 'Mizuki', engine: 'neural' } }, /voice: .*Mizuki speaks Standard only/],
    ['unknown engine', { voice: { name: 'Takumi', engine: 'generative' } }, /voice\.engine: got "generative"/],
    ['invalid e-mail', { alertEmails: ['ops@'] }, /alertEmails\[0\]: got "ops@"; expected an e-mail address/],
    ['no e-mail', { alertEmails: [] }, /alertEmails: got \[\]; expected at least one e-mail address/],
    ['duplicate e-mail', { alertEmails: ['a@example.com', 'a@example.com'] }, /alertEmails\[1\]: got "a@example.com"; expected each address once/],
    ['duplicate e-mail apart from case', { alertEmails: ['Ops@Example.com', 'ops@example.com'] }, /alertEmails\[1\]: got "ops@example.com"; expected each address once \(the same as alertEmails\[0\] apart from case/],
    ['an e-mail with a display name', { alertEmails: ['<ops@example.com>'] }, /alertEmails\[0\]: got "<ops@example.com>"; expected an e-mail address such as ops@example.com \(just the address, no name or <>\)/],
    ['an e-mail with a name before it', { alertEmails: ['Ops <ops@example.com>'] }, /alertEmails\[0\]: .*just the address/],
    ['closure ending before it starts', { closures: [{ from: '2026-12-31', to: '2026-12-29', reason: '年末' }] }, /closures\[0\]: .*ends on or after it starts/],
    ['closure with mixed date forms', { closures: [{ from: '12-29', to: '2027-01-03', reason: '年末年始' }] }, /closures\[0\]\.to: .*written like from \(MM-DD\)/],
    ['closure with an impossible date', { closures: [{ from: '02-30', reason: 'x' }] }, /closures\[0\]\.from: got "02-30"/],
    ['closure without reason', { closures: [{ from: '08-13' }] }, /closures\[0\]\.reason: got \(missing\)/],
    ['bad instance ARN', { connect: { instanceArn: 'arn:aws:connect:::instance/x' } }, /connect\.instanceArn: got/],
    ['both instance choices', { connect: { instanceArn: valid.connect.instanceArn, createInstanceAlias: 'x' } }, /connect: .*exactly one of instanceArn/],
    ['bad instance alias', { connect: { createInstanceAlias: 'd-reserved' } }, /connect\.createInstanceAlias: got "d-reserved"/],
    ['calendar over http', { holidays: { calendarUrl: 'http://example.com/a.ics' } }, /holidays\.calendarUrl: got \(not shown\); expected an https:\/\/ URL .*http:\/\/ is not allowed/],
    ['calendar at an IP address', { holidays: { calendarUrl: 'https://169.254.169.254/latest/meta-data/' } }, /holidays\.calendarUrl: .*the host 169\.254\.169\.254 is an IP address/],
    ['calendar on localhost', { holidays: { calendarUrl: 'https://localhost:8443/a.ics' } }, /holidays\.calendarUrl: .*not a public host name/],
    ['calendar on an internal name', { holidays: { calendarUrl: 'https://cal.corp.internal/a.ics' } }, /holidays\.calendarUrl: .*an internal name/],
    ['calendar with user:password, not echoed', { holidays: { calendarUrl: 'https://ops:hunter2@calendar.example.com/a.ics' } }, /holidays\.calendarUrl: got \(not shown\); .*user name or password is not allowed[^2]*$/],
    ['not a URL at all', { holidays: { calendarUrl: 'calendar' } }, /holidays\.calendarUrl: .*\(not a URL\)/],
    ['bad fetch schedule', { holidays: { fetchSchedule: '6am' } }, /holidays\.fetchSchedule: got "6am"/],
    ['min above max holidays', { holidays: { checks: { minHolidaysPerYear: 30, maxHolidaysPerYear: 20 } } }, /holidays\.checks: .*minHolidaysPerYear \(30\)/],
    ['the retired drop share', { holidays: { checks: { maxDropShare: 0.5 } } }, /holidays\.checks\.maxDropShare: got 0\.5; expected no such field any more: every closed day in the next 400 days is now protected one by one; list the dates that may go in holidays\.allowRemoval/],
    ['the retired large-drop switch', { holidays: { checks: { acceptLargeDrop: true } } }, /holidays\.checks\.acceptLargeDrop: got true; expected no such field any more/],
    ['a correction that is not a list', { holidays: { statutoryCorrections: {} } }, /holidays\.statutoryCorrections: got \{\}; expected a list/],
    ['a correction with an impossible date', { holidays: { statutoryCorrections: [{ date: '2027-02-30', statutory: true, reason: 'x' }] } }, /holidays\.statutoryCorrections\[0\]\.date: got "2027-02-30"; expected a date YYYY-MM-DD/],
    ['a correction without a boolean', { holidays: { statutoryCorrections: [{ date: '2027-07-23', statutory: 'yes', reason: 'x' }] } }, /statutoryCorrections\[0\]\.statutory: got "yes"; expected true/],
    ['a correction without a reason', { holidays: { statutoryCorrections: [{ date: '2027-07-23', statutory: true }] } }, /statutoryCorrections\[0\]\.reason: got \(missing\)/],
    ['a correction that corrects nothing (already a holiday)', { holidays: { statutoryCorrections: [{ date: '2026-11-23', statutory: true, reason: 'x' }] } }, /statutoryCorrections\[0\]: .*expected a correction: holiday_jp [\d.]+ \(1970-2050\) already lists 2026-11-23; remove this entry/],
    ['a correction that corrects nothing (already a business day)', { holidays: { statutoryCorrections: [{ date: '2026-12-25', statutory: false, reason: 'x' }] } }, /already does not list 2026-12-25/],
    ['a correction beyond the second source', { holidays: { statutoryCorrections: [{ date: '2051-07-23', statutory: true, reason: 'x' }] } }, /statutoryCorrections\[0\]\.date: got "2051-07-23"; expected a date within the years the second source covers/],
    ['the same date corrected twice', { holidays: { statutoryCorrections: [{ date: '2027-07-23', statutory: true, reason: 'x' }, { date: '2027-07-23', statutory: true, reason: 'y' }] } }, /statutoryCorrections\[1\]\.date: got "2027-07-23"; expected each date once/],
    ['a correction with a misspelt field', { holidays: { statutoryCorrections: [{ date: '2027-07-23', statutory: true, reason: 'x', note: 'y' }] } }, /statutoryCorrections\[0\]\.note: got "y"; expected no such field/],
    ['a removal without a reason', { holidays: { allowRemoval: [{ date: '2027-12-29' }] } }, /holidays\.allowRemoval\[0\]\.reason: got \(missing\)/],
    ['a removal with a bad date', { holidays: { allowRemoval: [{ date: '12-29', reason: 'x' }] } }, /holidays\.allowRemoval\[0\]\.date: got "12-29"; expected a date YYYY-MM-DD/],
    ['a removal listed twice', { holidays: { allowRemoval: [{ date: '2027-12-29', reason: 'x' }, { date: '2027-12-29', reason: 'y' }] } }, /allowRemoval\[1\]\.date: .*each date once/],
    ['a reason with a line break', { holidays: { allowRemoval: [{ date: '2027-12-29', reason: 'a\nb' }] } }, /allowRemoval\[0\]\.reason: .*without control characters/],
    ['a closure reason of 101 characters', { closures: [{ from: '08-13', reason: 'あ'.repeat(101) }] }, /closures\[0\]\.reason: .*\(101 characters\)"; expected at most 100 characters/],
    ['a closure reason with a tab', { closures: [{ from: '08-13', reason: 'お盆\t休み' }] }, /closures\[0\]\.reason: .*without control characters/],
    ['a closure reason with a zero-width space', { closures: [{ from: '08-13', reason: 'お盆\u200b休み' }] }, /closures\[0\]\.reason: .*without invisible formatting characters/],
    ['unknown placeholder', { announcements: { afterHours: '本日は{holidayName}です' } }, /announcements\.afterHours: got "\{holidayName\}"; expected only the placeholders \{businessHours\}/],
    ['announcement too long', { announcements: { inHours: 'あ'.repeat(3001) } }, /announcements\.inHours: .*at most 3000 characters/],
    ['announcement too long once spoken', { announcements: { afterHours: `${'あ'.repeat(2985)}{businessHours}` } }, /announcements\.afterHours: got "あ+" \(3001 characters once \{businessHours\} and the longest \{holidayName\} \(100\), \{reason\} \(200\) and \{nextOpen\} are filled in\); expected at most 3000 characters as spoken/],
    ['a holiday announcement with room for no name', { announcements: { holiday: `${'あ'.repeat(2950)}{holidayName}` } }, /announcements\.holiday: .*3051 characters once/],
    ['a control character in an announcement', { announcements: { closure: '本日は\u0000休業です' } }, /announcements\.closure: .*text without control characters/],
    ['stale age not above rewrite age', { checker: { maxListAgeDays: 7 } }, /checker\.maxListAgeDays: got 7; expected more days than holidays\.rewriteUnchangedAfterDays/],
    ['revalidation out of range', { checker: { revalidateMinutes: 0 } }, /checker\.revalidateMinutes: got 0; expected a whole number from 1 to 60/],
    ['fallback not a boolean', { checker: { fallbackClosed: 'yes' } }, /checker\.fallbackClosed: got "yes"; expected true or false/],
    ['ring time out of range', { transferRingSeconds: 900 }, /transferRingSeconds: got 900/],
    ['an override placement that is not one', { hoursOverrides: { placement: 'parent' } }, /hoursOverrides\.placement: got "parent"; expected one of "closed-days-resource", "business-hours"/],
    ['more overrides than Connect allows', { hoursOverrides: { maxOverrides: 51 } }, /hoursOverrides\.maxOverrides: got 51; expected a whole number from 1 to 50/],
    ['no override slots', { hoursOverrides: { maxOverrides: 0 } }, /hoursOverrides\.maxOverrides: got 0; expected a whole number from 1 to 50/],
    ['half an override', { hoursOverrides: { maxOverrides: 2.5 } }, /hoursOverrides\.maxOverrides: got 2\.5/],
    ['the sync switched on with a word', { hoursOverrides: { enabled: 'yes' } }, /hoursOverrides\.enabled: got "yes"; expected true or false/],
    ['a misspelt override field', { hoursOverrides: { placment: 'business-hours' } }, /hoursOverrides\.placment: .*did you mean placement\?/],
    ['overrides as a list', { hoursOverrides: ['closed-days-resource'] }, /hoursOverrides: got \["closed-days-resource"\]; expected an object such as/],
    ['log retention CloudWatch lacks', { logRetentionDays: 10 }, /logRetentionDays: got 10; expected a retention CloudWatch offers/],
    ['bad site name', { siteName: 'my site!' }, /siteName: got "my site!"/],
    ['misspelt field', { bussinessHours: {} }, /bussinessHours: got \{\}; expected no such field/],
  ])('%s', (_name, change, message) => {
    expect(() => validateSiteConfig(withChange(change))).toThrow(message);
  });

  test('corrections and removals, when right, reach the holiday policy as written', () => {
    const config = validateSiteConfig(
      withChange({
        holidays: {
          statutoryCorrections: [
            { date: '2027-07-23', statutory: true, reason: '新法' },
            { date: '2027-07-19', statutory: false, reason: '海の日の移動' },
          ],
          allowRemoval: [{ date: '2027-12-29', reason: '年末年始を短縮' }],
        },
      }),
    );
    expect(config.holidays.statutoryCorrections).toEqual([
      { date: '2027-07-23', statutory: true, reason: '新法' },
      { date: '2027-07-19', statutory: false, reason: '海の日の移動' },
    ]);
    expect(config.holidays.allowRemoval).toEqual([{ date: '2027-12-29', reason: '年末年始を短縮' }]);
  });

  test('five different mistakes are all named in one error', () => {
    const broken = withChange({
      phoneNumber: '050-12',
      timeZone: 'Asia/Tokio',
      businessHours: { MONDAY: ['09:00-25:00'] },
      voice: { name: 'Mizuki', engine: 'neural' },
      alertEmails: ['ops@'],
    });
    let error: unknown;
    try {
      validateSiteConfig(broken, 'broken.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SiteConfigError);
    const { message, problems } = error as SiteConfigError;
    expect(message).toMatch(/^Site configuration broken\.json has 5 problems:/);
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['phoneNumber', 'timeZone', 'businessHours.MONDAY[0].end', 'voice', 'alertEmails[0]']),
    );
  });

  test('a file that is not JSON names where', () => {
    expect(() => loadSiteConfig(path.join(__dirname, 'validate.test.ts'))).toThrow(/\(file\): got \w+ at line 1, column \d+; expected valid JSON/);
  });

  test('a missing file is one clear problem', () => {
    expect(() => loadSiteConfig('no-such-site.json')).toThrow(/\(file\): got "no-such-site\.json"; expected a readable UTF-8 file \(ENOENT\)/);
  });
});

describe('hoursOverrides defaults', () => {
  test.each([
    [{}, { enabled: true, placement: 'closed-days-resource', maxOverrides: 50 }],
    [{ hoursOverrides: { placement: 'business-hours' } }, { enabled: true, placement: 'business-hours', maxOverrides: 40 }],
    [{ hoursOverrides: { placement: 'business-hours', maxOverrides: 25 } }, { enabled: true, placement: 'business-hours', maxOverrides: 25 }],
    [{ hoursOverrides: { enabled: false } }, { enabled: false, placement: 'closed-days-resource', maxOverrides: 50 }],
  ])('%o resolves to %o', (change, expected) => {
    expect(validateSiteConfig(withChange(change)).hoursOverrides).toEqual(expected);
  });
});
