import { CalendarCheckError } from '../../lambda/fetch-holidays/calendar-check';
import { checkCalendarText, unfoldOctets } from '../../lambda/fetch-holidays/ical-text';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const calendar = (lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const event = (lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'];

function failure(input: Parameters<typeof checkCalendarText>[0]): string {
  try {
    checkCalendarText(input);
  } catch (error) {
    if (error instanceof CalendarCheckError) return `${error.check}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a CalendarCheckError');
}

describe('unfoldOctets (RFC 5545 §3.1, on octets)', () => {
  test.each([
    ['CRLF + space', 'SUMMARY:ab\r\n cd', 'SUMMARY:abcd'],
    ['CRLF + tab', 'SUMMARY:ab\r\n\tcd', 'SUMMARY:abcd'],
    ['bare LF + space', 'SUMMARY:ab\n cd', 'SUMMARY:abcd'],
    ['only the first whitespace octet goes', 'SUMMARY:ab\r\n  cd', 'SUMMARY:ab cd'],
    ['a line break without a fold stays', 'A:1\r\nB:2', 'A:1\r\nB:2'],
    ['nothing to unfold', 'A:1', 'A:1'],
  ])('%s', (_case, raw, unfolded) => {
    expect(Buffer.from(unfoldOctets(bytes(raw))).toString('utf8')).toBe(unfolded);
  });

  test('a fold inside a UTF-8 sequence restores the character', () => {
    const whole = bytes('DESCRIPTION:祝日');
    const split = Buffer.concat([whole.subarray(0, 13), bytes('\r\n '), whole.subarray(13)]);
    expect(Buffer.from(unfoldOctets(split)).toString('utf8')).toBe('DESCRIPTION:祝日');
    // Decoding first (the old way) would have damaged it.
    expect(split.toString('utf8')).toContain('\uFFFD');
  });
});

describe('checkCalendarText', () => {
  test('normalises names case-insensitively, keeps parameter values but VALUE, and counts events', () => {
    const checked = checkCalendarText(
      calendar([
        ...event(['dtstart;value=date:20261123', 'Summary;Language=ja:勤労感謝の日', 'uid:a@x']),
        'begin:vtimezone',
        'tzid:Asia/Tokyo',
        'end:VTIMEZONE',
        ...event(['DTSTART;TZID=Asia/Tokyo:20261124T090000', 'X-NOTE;ALTREP="cid:a:b;c":x', 'UID:b@x']),
      ]),
    );
    expect(checked.events).toEqual([
      { line: 3, uid: 'a@x', recurrenceOverride: false },
      { line: 11, uid: 'b@x', recurrenceOverride: false },
    ]);
    expect(checked.text).toContain('DTSTART;VALUE=DATE:20261123\r\n');
    expect(checked.text).toContain('SUMMARY;LANGUAGE=ja:勤労感謝の日\r\n');
    expect(checked.text).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\nEND:VTIMEZONE');
    expect(checked.text).toContain('DTSTART;TZID=Asia/Tokyo:20261124T090000');
    expect(checked.text).toContain('X-NOTE;ALTREP="cid:a:b;c":x');
  });

  test('declared Shift_JIS is decoded as such', () => {
    const sjis = Buffer.concat([bytes('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261123\r\nSUMMARY:'), Buffer.from([0x8f, 0x6a, 0x93, 0xfa]), bytes('\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n')]);
    expect(checkCalendarText({ bytes: sjis, contentType: 'text/calendar; charset=Shift_JIS' }).text).toContain('SUMMARY:祝日');
    expect(failure({ bytes: sjis, contentType: 'text/calendar' })).toMatch(/^encoding: the calendar is not valid UTF-8: \d+ undecodable character\(s\), the first on line 4/);
  });

  test.each([
    ['a date-time with hour 24', event(['DTSTART:20261123T240000Z']), /^bad-date: line 4: the DTSTART value is not a time of day/],
    ['an EXDATE list with one impossible date', event(['DTSTART;VALUE=DATE:20261123', 'EXDATE;VALUE=DATE:20261130,20261131']), /^bad-date: .*EXDATE value is not a calendar date/],
    ['a leap day in a common year', event(['DTSTART;VALUE=DATE:20270229']), /^bad-date: /],
    ['a parameter without a value', event(['DTSTART;VALUE:20261123']), /^malformed: line 4 is not an iCalendar content line/],
    ['an unterminated quoted parameter', event(['DTSTART;X="a:20261123']), /^malformed: /],
    ['a property before the calendar', [], /^not-icalendar: not an iCalendar document \(it does not start with BEGIN:VCALENDAR/],
    ['END without BEGIN', ['END:VEVENT'], /^malformed: line 3: END:VEVENT closes VCALENDAR/],
  ])('refuses %s', (_case, lines, reason) => {
    const text = _case === 'a property before the calendar' ? `X-A:1\r\n${calendar(lines)}` : calendar(lines);
    expect(failure(text)).toMatch(reason);
  });

  test('a leap day in a leap year is fine', () => {
    expect(checkCalendarText(calendar(event(['DTSTART;VALUE=DATE:20280229']))).events).toHaveLength(1);
  });

  test('never quotes the document in a message', () => {
    const secret = 'SESSION=abc123';
    for (const text of [`<html>${secret}</html>`, `{"${secret}":1}`, `BEGIN:VCALENDAR\r\n${secret} oops\r\nEND:VCALENDAR\r\n`]) {
      expect(failure(text)).not.toContain(secret);
    }
  });
});
