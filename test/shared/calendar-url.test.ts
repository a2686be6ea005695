import { calendarUrlProblem, isPublicAddress, redactUrl } from '../../lambda/shared/calendar-url';

describe('calendarUrlProblem: one rule for the config, every redirect hop and the CLI', () => {
  test.each([
    'https://www.google.com/calendar/ical/ja.japanese%23holiday%40group.v.calendar.google.com/public/basic.ics',
    'https://calendar.google.com/calendar/ical/abc%40group.calendar.google.com/private-0123abcd/basic.ics',
    'https://calendar.example.com:8443/feed.ics?x=1',
    'https://CALENDAR.EXAMPLE.COM./feed.ics',
  ])('accepts %s', (url) => {
    expect(calendarUrlProblem(url)).toBeUndefined();
  });

  test.each([
    ['http://calendar.example.com/a.ics', /http:\/\/ is not allowed/],
    ['ftp://calendar.example.com/a.ics', /ftp:\/\/ is not allowed/],
    ['file:///etc/passwd', /file:\/\/ is not allowed/],
    ['calendar.example.com/a.ics', /not a URL/],
    ['https://user@calendar.example.com/a.ics', /user name or password/],
    ['https://:pw@calendar.example.com/a.ics', /user name or password/],
    ['https://127.0.0.1/a.ics', /is an IP address/],
    ['https://127.1/a.ics', /the host 127\.0\.0\.1 is an IP address/],
    ['https://0x7f000001/a.ics', /the host 127\.0\.0\.1 is an IP address/],
    ['https://2130706433/a.ics', /the host 127\.0\.0\.1 is an IP address/],
    ['https://[::1]/a.ics', /the host ::1 is an IP address/],
    ['https://[::ffff:169.254.169.254]/a.ics', /is an IP address/],
    ['https://93.184.216.34/a.ics', /is an IP address/],
    ['https://localhost/a.ics', /not a public host name/],
    ['https://api.localhost/a.ics', /an internal name/],
    ['https://printer.local/a.ics', /an internal name/],
    ['https://metadata.google.internal/a.ics', /an internal name/],
    ['https://router.home.arpa/a.ics', /an internal name/],
    ['https://intranet/a.ics', /not a public host name/],
  ])('refuses %s', (url, reason) => {
    expect(calendarUrlProblem(url)).toMatch(reason);
  });
});

describe('isPublicAddress: the DNS answer must be public', () => {
  test.each([
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['2606:2800:220:1:248:1893:25c8:1946', true],
    ['127.0.0.1', false],
    ['127.255.0.1', false],
    ['10.0.0.1', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['ff02::1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:93.184.216.34', true],
    ['64:ff9b::a00:1', false],
    ['not an address', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('redactUrl: what e-mails, logs and the stored list may show', () => {
  test.each([
    [
      'a public feed is unchanged',
      'https://www.google.com/calendar/ical/ja.japanese%23holiday%40group.v.calendar.google.com/public/basic.ics',
      'https://www.google.com/calendar/ical/ja.japanese%23holiday%40group.v.calendar.google.com/public/basic.ics',
    ],
    [
      "a private feed's token",
      'https://calendar.google.com/calendar/ical/abc%40group.calendar.google.com/private-0123456789abcdef0123456789abcdef/basic.ics',
      'https://calendar.google.com/calendar/ical/abc%40group.calendar.google.com/private-<redacted>/basic.ics',
    ],
    ['the query', 'https://cal.example.com/feed.ics?token=s3cr3t&x=1', 'https://cal.example.com/feed.ics?<redacted>'],
    ['the fragment', 'https://cal.example.com/feed.ics#key=s3cr3t', 'https://cal.example.com/feed.ics#<redacted>'],
    ['credentials', 'https://ops:hunter2@cal.example.com/feed.ics', 'https://cal.example.com/feed.ics'],
    ['a random-looking path segment', 'https://cal.example.com/u/9fQ2xL7bP4mZ8kW1rT6v/feed.ics', 'https://cal.example.com/u/<redacted>/feed.ics'],
    ['a short token', 'https://cal.example.com/public-calendars/5PBcQXR6c2fzKx8M/', 'https://cal.example.com/public-calendars/<redacted>/'],
    ['a token with its extension', 'https://cal.example.com/cal/0123456789abcdef0123456789abcdef.ics', 'https://cal.example.com/cal/<redacted>'],
    ['base64 padding', 'https://cal.example.com/url/AbCdEf1234_-xyz0987ABCDEFGHIJ==/calendar.ics', 'https://cal.example.com/url/<redacted>/calendar.ics'],
    ['an encoded key=value', 'https://cal.example.com/token%3Dabcdefghij1234567890/x.ics', 'https://cal.example.com/<redacted>/x.ics'],
    ['a token of letters only', 'https://cal.example.com/abcdefghijklmnopqrstuvwxyzabcdef/x.ics', 'https://cal.example.com/<redacted>/x.ics'],
    ['a company feed of plain words', 'https://intranet.example.com/calendars/holidays.ics', 'https://intranet.example.com/calendars/holidays.ics'],
    ['not a URL', 'hunter2', '<redacted: not a URL>'],
  ])('%s', (_case, url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
