/**
 * The hostile-calendar catalogue: plausible damage to the real Google feed, and what a careful attacker adds. Each
 * case is what the calendar server does (usually: serve some bytes) and what must happen — refused with a named
 * reason, or accepted with exactly the right days. The suite runs every case through `cli holidays` and through the
 * fetcher against the local S3 with a good list stored; the README's reliability table is this catalogue's summary.
 */
import type { CalendarRoute } from './support';
import { fixture, serveCalendar } from './support';

/** The real feed's shape (Google, 2025-2027), the base every content case damages. */
export const BASE_FEED = fixture('google-2025-2027.ics');

/** How an accepted case's days may legitimately differ from the base feed's: one day's name, as the reader cleans it. */
export interface NameChange {
  readonly date: string;
  readonly name: string;
}

/** One hostile calendar. */
export interface HostileCase {
  /** What was done to the feed. */
  readonly name: string;
  /** The class of damage (the README groups by it). */
  readonly damage: string;
  /** What the calendar server does. */
  readonly route: CalendarRoute;
  /** Refused, with the reason's pattern (matched against the CLI's stderr and the fetcher's error), or accepted. */
  readonly expect: { readonly refused: RegExp } | { readonly accepted: true; readonly nameChange?: NameChange };
  /** Text that must never reach an e-mail, a log line or the CLI's output. */
  readonly secret?: string;
  /** The site closes on these observances (default: none). */
  readonly closedObservances?: readonly string[];
}

/** The event block starting on `yyyymmdd` (the first when there are several). */
function eventOn(text: string, yyyymmdd: string): string {
  const match = new RegExp(`BEGIN:VEVENT\\r\\nDTSTART;VALUE=DATE:${yyyymmdd}\\r\\n[\\s\\S]*?END:VEVENT\\r\\n`).exec(text);
  if (match === null) throw new Error(`no event on ${yyyymmdd} in the base feed`);
  return match[0];
}

function withoutEvent(text: string, yyyymmdd: string): string {
  return text.replace(eventOn(text, yyyymmdd), '');
}

function replaceInEvent(text: string, yyyymmdd: string, from: string | RegExp, to: string): string {
  const event = eventOn(text, yyyymmdd);
  return text.replace(event, event.replace(from, to));
}

/** Remove every event starting from `from` to `to` (YYYYMMDD, inclusive). */
function withoutEventsBetween(text: string, from: string, to: string): string {
  return text.replace(/BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:(\d{8})\r\n[\s\S]*?END:VEVENT\r\n/g, (event, date: string) =>
    date >= from && date <= to ? '' : event,
  );
}

function insertEvent(text: string, event: string): string {
  return text.replace('END:VCALENDAR', `${event}\r\nEND:VCALENDAR`);
}

function allDay(yyyymmdd: string, next: string, summary: string, description: string, uid: string, extra: string[] = []): string {
  return [
    'BEGIN:VEVENT',
    `DTSTART;VALUE=DATE:${yyyymmdd}`,
    `DTEND;VALUE=DATE:${next}`,
    `UID:${uid}@google.com`,
    `DESCRIPTION:${description}`,
    `SUMMARY:${summary}`,
    ...extra,
    'END:VEVENT',
  ].join('\r\n');
}

/** Serve raw octets. */
function serveBytes(bytes: Buffer, contentType = 'text/calendar; charset=UTF-8'): CalendarRoute {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    res.end(bytes);
  };
}

/** `text` as UTF-8 with the octet `offset` bytes into `line` replaced by `byte`. */
function withByte(text: string, line: string, offset: number, byte: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const at = bytes.indexOf(Buffer.from(line, 'utf8'));
  if (at === -1) throw new Error(`line not found: ${line}`);
  bytes[at + offset] = byte;
  return bytes;
}

/** Every occurrence of `from` in `bytes` replaced by `to`. */
function replaceBytes(bytes: Buffer, from: Buffer, to: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let at = bytes.indexOf(from); at !== -1; at = bytes.indexOf(from, start)) {
    parts.push(bytes.subarray(start, at), to);
    start = at + from.length;
  }
  parts.push(bytes.subarray(start));
  return Buffer.concat(parts);
}

/** A statutory event's lines, to fold inside a multi-byte character. */
const KINRO_DESCRIPTION = 'DESCRIPTION:祝日';
const KINRO_SUMMARY = 'SUMMARY:勤労感謝の日';

/** `text` as UTF-8 with one line folded (CRLF + space) `bytesIn` octets into `line`: possibly mid-character. */
function foldInsideLine(text: string, line: string, bytesIn: number, continuation = ' '): Buffer {
  const whole = Buffer.from(text, 'utf8');
  const at = whole.indexOf(Buffer.from(line, 'utf8'));
  if (at === -1) throw new Error(`line not found: ${line}`);
  return Buffer.concat([whole.subarray(0, at + bytesIn), Buffer.from(`\r\n${continuation}`), whole.subarray(at + bytesIn)]);
}

/** Every hostile case, in the order the README lists them. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  // Partial feeds: a statutory day may never vanish on one source's word.
  {
    name: 'the next 60 days of events missing',
    damage: 'partial feed',
    route: serveCalendar(withoutEventsBetween(BASE_FEED, '20261121', '20270120')),
    expect: { refused: /on 3 statutory day\(s\): 2026-11-23 calendar: nothing, second source: 勤労感謝の日; 2027-01-01 calendar: nothing, second source: 元日; 2027-01-11 calendar: nothing, second source: 成人の日/ },
  },
  {
    name: 'one statutory day missing (勤労感謝の日)',
    damage: 'partial feed',
    route: serveCalendar(withoutEvent(BASE_FEED, '20261123')),
    expect: { refused: /on 1 statutory day\(s\): 2026-11-23 calendar: nothing, second source: 勤労感謝の日/ },
  },
  {
    name: '振替休日 missing (2026-05-06)',
    damage: 'partial feed',
    route: serveCalendar(withoutEvent(BASE_FEED, '20260506')),
    expect: { refused: /2026-05-06 calendar: nothing, second source: こどもの日 振替休日/ },
  },
  {
    name: '国民の休日 missing (2026-09-22)',
    damage: 'partial feed',
    route: serveCalendar(withoutEvent(BASE_FEED, '20260922')),
    expect: { refused: /2026-09-22 calendar: nothing, second source: 休日/ },
  },
  {
    name: 'every 2027 event missing',
    damage: 'partial feed',
    route: serveCalendar(withoutEventsBetween(BASE_FEED, '20270101', '20271231')),
    expect: { refused: /does not include today \(2026-11-21\) through 2027-01-20/ },
  },
  // Encoding and folding: read what the bytes say.
  {
    name: 'a fold inside a multi-byte character of DESCRIPTION:祝日',
    damage: 'folding',
    route: serveBytes(foldInsideLine(BASE_FEED, KINRO_DESCRIPTION, 'DESCRIPTION:'.length + 1)),
    expect: { accepted: true },
  },
  {
    name: 'a fold inside a multi-byte character of the name',
    damage: 'folding',
    route: serveBytes(foldInsideLine(BASE_FEED, KINRO_SUMMARY, 'SUMMARY:'.length + 4)),
    expect: { accepted: true },
  },
  {
    name: 'a fold (tab) inside a property name',
    damage: 'folding',
    route: serveBytes(foldInsideLine(BASE_FEED, KINRO_SUMMARY, 3, '\t')),
    expect: { accepted: true },
  },
  {
    name: 'a byte that is not UTF-8 in a name',
    damage: 'encoding',
    route: serveBytes(withByte(BASE_FEED, KINRO_SUMMARY, 'SUMMARY:'.length, 0xff)),
    expect: { refused: /not valid UTF-8: \d+ undecodable character\(s\), the first on line \d+/ },
  },
  {
    name: 'the 祝日 markers in Shift_JIS, served as UTF-8',
    damage: 'encoding',
    route: serveBytes(replaceBytes(Buffer.from(BASE_FEED, 'utf8'), Buffer.from('祝日', 'utf8'), Buffer.from([0x8f, 0x6a, 0x93, 0xfa]))),
    expect: { refused: /not valid UTF-8/ },
  },
  {
    name: 'a literal U+FFFD in a name',
    damage: 'encoding',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', KINRO_SUMMARY, 'SUMMARY:勤労\uFFFD感謝の日')),
    expect: { refused: /not valid UTF-8: 1 undecodable character/ },
  },
  {
    name: 'a UTF-8 byte-order mark',
    damage: 'encoding',
    route: serveBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BASE_FEED, 'utf8')])),
    expect: { accepted: true },
  },
  {
    name: 'LF line endings instead of CRLF',
    damage: 'encoding',
    route: serveCalendar(BASE_FEED.replace(/\r\n/g, '\n')),
    expect: { accepted: true },
  },
  {
    name: 'lower-case property and parameter names',
    damage: 'case',
    route: serveCalendar(
      BASE_FEED.replace(/^(DTSTART|DTEND|SUMMARY|DESCRIPTION|UID);VALUE=DATE:/gmu, (_m, name: string) => `${name.toLowerCase()};value=date:`).replace(
        /^(SUMMARY|DESCRIPTION|UID|STATUS):/gmu,
        (_m, name: string) => `${name.toLowerCase()}:`,
      ),
    ),
    expect: { accepted: true },
  },
  {
    name: 'mixed-case component names (Begin:VEvent)',
    damage: 'case',
    route: serveCalendar(BASE_FEED.replace(/^BEGIN:VEVENT/gmu, 'Begin:VEvent').replace(/^END:VEVENT/gmu, 'End:vevent')),
    expect: { accepted: true },
  },
  // Structure: every block counted, nothing silently merged.
  {
    name: 'two holidays with one UID',
    damage: 'structure',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', /UID:[^\r]+/, /UID:[^\r]+/.exec(eventOn(BASE_FEED, '20261103'))?.[0] ?? '')),
    expect: { refused: /calendar has \d+ VEVENT blocks but \d+ events could be read: 1 UID\(s\) are shared by several events/ },
  },
  {
    name: 'an event listed twice',
    damage: 'structure',
    route: serveCalendar(insertEvent(BASE_FEED, eventOn(BASE_FEED, '20261123').trimEnd())),
    expect: { refused: /VEVENT blocks but \d+ events could be read/ },
  },
  {
    name: 'an event nested inside another',
    damage: 'structure',
    route: serveCalendar(
      replaceInEvent(BASE_FEED, '20261123', 'TRANSP:TRANSPARENT\r\n', `TRANSP:TRANSPARENT\r\n${allDay('20261201', '20261202', '入れ子', '祝日', '20261201_nested')}\r\n`),
    ),
    expect: { refused: /a VEVENT inside VEVENT/ },
  },
  {
    name: 'a second calendar appended',
    damage: 'structure',
    route: serveCalendar(`${BASE_FEED}${BASE_FEED}`),
    expect: { refused: /a second VCALENDAR/ },
  },
  {
    name: 'an event with two DTSTART',
    damage: 'structure',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'DTEND;VALUE=DATE:20261124', 'DTSTART;VALUE=DATE:20261124')),
    expect: { refused: /has 2 DTSTART properties/ },
  },
  {
    name: 'an event with no DTSTART',
    damage: 'structure',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'DTSTART;VALUE=DATE:20261123\r\n', '')),
    expect: { refused: /has 0 DTSTART properties/ },
  },
  {
    name: 'an event never closed',
    damage: 'structure',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'END:VEVENT\r\n', '')),
    expect: { refused: /END:VCALENDAR closes VEVENT|BEGIN:VEVENT|VEVENT inside VEVENT/ },
  },
  {
    name: 'a recurrence override (RECURRENCE-ID)',
    damage: 'structure',
    route: serveCalendar(
      insertEvent(
        BASE_FEED,
        allDay('20261123', '20261124', '勤労感謝の日', '祝日', (/UID:([^@\r]+)/.exec(eventOn(BASE_FEED, '20261123'))?.[1] ?? ''), [
          'RECURRENCE-ID;VALUE=DATE:20261123',
        ]),
      ),
    ),
    expect: { refused: /override one instance of a recurring event \(RECURRENCE-ID\)/ },
  },
  {
    name: 'a line that is not a content line',
    damage: 'structure',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'TRANSP:TRANSPARENT', 'this is not iCalendar')),
    expect: { refused: /line \d+ is not an iCalendar content line/ },
  },
  {
    name: 'cut off half-way',
    damage: 'structure',
    route: serveCalendar(BASE_FEED.slice(0, Math.floor(BASE_FEED.length / 2))),
    expect: { refused: /calendar is truncated/ },
  },
  // Dates: the digits decide, never a rollover.
  {
    name: 'DTSTART 20260230',
    damage: 'dates',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'DTSTART;VALUE=DATE:20261123', 'DTSTART;VALUE=DATE:20260230')),
    expect: { refused: /the DTSTART value is not a calendar date; refusing the calendar rather than guessing/ },
  },
  {
    name: 'a month 13',
    damage: 'dates',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'DTSTART;VALUE=DATE:20261123', 'DTSTART;VALUE=DATE:20261323')),
    expect: { refused: /the DTSTART value is not a calendar date/ },
  },
  {
    name: 'DTEND 20261132',
    damage: 'dates',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'DTEND;VALUE=DATE:20261124', 'DTEND;VALUE=DATE:20261132')),
    expect: { refused: /the DTEND value is not a calendar date/ },
  },
  {
    name: 'VALUE=DATE with a time',
    damage: 'dates',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'DTSTART;VALUE=DATE:20261123', 'DTSTART;VALUE=DATE:20261123T000000')),
    expect: { refused: /the DTSTART value has a time although VALUE=DATE/ },
  },
  {
    name: 'a nine-digit date',
    damage: 'dates',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'DTSTART;VALUE=DATE:20261123', 'DTSTART;VALUE=DATE:202611230')),
    expect: { refused: /the DTSTART value is neither a DATE/ },
  },
  {
    name: 'a holiday moved by one day',
    damage: 'dates',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', /DTSTART;VALUE=DATE:20261123\r\nDTEND;VALUE=DATE:20261124/, 'DTSTART;VALUE=DATE:20261124\r\nDTEND;VALUE=DATE:20261125')),
    expect: { refused: /2026-11-23 calendar: nothing, second source: 勤労感謝の日; 2026-11-24 calendar: statutory 勤労感謝の日, second source: not a statutory day/ },
  },
  {
    name: 'an event in the year 9999',
    damage: 'dates',
    route: serveCalendar(insertEvent(BASE_FEED, allDay('99991123', '99991124', '勤労感謝の日', '祝日', '99991123_x'))),
    expect: { refused: /implausible number of statutory holidays in 2028: 0/ },
  },
  {
    name: 'an event in 1969',
    damage: 'dates',
    route: serveCalendar(insertEvent(BASE_FEED, allDay('19690101', '19690102', '元日', '祝日', '19690101_x'))),
    expect: { refused: /implausible number of statutory holidays in 1970: 0/ },
  },
  {
    name: 'an all-day event of 40 days',
    damage: 'dates',
    route: serveCalendar(insertEvent(BASE_FEED, allDay('20270601', '20270711', '長期休暇', '祝日', '20270601_x'))),
    expect: { refused: /spans 40 days \(more than 31\)/ },
  },
  // Markers: a statutory day that turns into something else.
  {
    name: 'a holiday written as a timed event',
    damage: 'markers',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', /DTSTART;VALUE=DATE:20261123\r\nDTEND;VALUE=DATE:20261124/, 'DTSTART;TZID=Asia/Tokyo:20261123T000000\r\nDTEND;TZID=Asia/Tokyo:20261124T000000')),
    expect: { refused: /2026-11-23 calendar: a timed event "勤労感謝の日" \(ignored\), second source: 勤労感謝の日/ },
  },
  {
    name: 'a holiday re-tagged 祭日',
    damage: 'markers',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', KINRO_DESCRIPTION, 'DESCRIPTION:祭日')),
    expect: { refused: /2026-11-23 calendar: observance 勤労感謝の日, second source: 勤労感謝の日/ },
  },
  {
    name: 'a cancelled holiday',
    damage: 'markers',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'STATUS:CONFIRMED', 'STATUS:CANCELLED')),
    expect: { refused: /2026-11-23 calendar: a cancelled event "勤労感謝の日" \(ignored\), second source: 勤労感謝の日/ },
  },
  {
    name: 'an extra 祝日 on a business day',
    damage: 'markers',
    route: serveCalendar(insertEvent(BASE_FEED, allDay('20261201', '20261202', '臨時の祝日', '祝日', '20261201_x'))),
    expect: { refused: /2026-12-01 calendar: statutory 臨時の祝日, second source: not a statutory day/ },
  },
  {
    name: '大晦日 marked 祝日',
    damage: 'markers',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261231', /DESCRIPTION:[^\r]*\r\n( [^\r]*\r\n)*/, 'DESCRIPTION:祝日\r\n')),
    expect: { refused: /2026-12-31 calendar: statutory (大晦日|銀行休業日), second source: not a statutory day/ },
  },
  {
    name: 'every Monday a holiday (weekly RRULE)',
    damage: 'markers',
    route: serveCalendar(insertEvent(BASE_FEED, allDay('20250106', '20250107', '月曜休み', '祝日', '20250106_x', ['RRULE:FREQ=WEEKLY']))),
    expect: { refused: /a recurring event that does not repeat yearly; a holiday calendar has none/ },
  },
  // Closed observances: a site that closes on 銀行休業日 must not be made to close on other days.
  {
    name: 'a closed 銀行休業日 stretched over a week',
    damage: 'closed observances',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20270103', 'DTEND;VALUE=DATE:20270104', 'DTEND;VALUE=DATE:20270110')),
    expect: { refused: /the closed observance "銀行休業日" on 2027-01-03 comes from a 7-day event/ },
    closedObservances: ['銀行休業日'],
  },
  {
    name: 'an extra 銀行休業日 on a business day',
    damage: 'closed observances',
    route: serveCalendar(insertEvent(BASE_FEED, allDay('20261201', '20261202', '銀行休業日', '祭日', '20261201_bank'))),
    expect: { refused: /the closed observance "銀行休業日" is on 2026-12-01, where it never falls/ },
    closedObservances: ['銀行休業日'],
  },
  {
    name: 'クリスマス renamed 銀行休業日',
    damage: 'closed observances',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261225', 'SUMMARY:クリスマス', 'SUMMARY:銀行休業日')),
    expect: { refused: /the closed observance "銀行休業日" is on 2026-12-25, where it never falls/ },
    closedObservances: ['銀行休業日'],
  },
  {
    name: 'a daily 銀行休業日',
    damage: 'closed observances',
    route: serveCalendar(insertEvent(BASE_FEED, allDay('20261201', '20261202', '銀行休業日', '祭日', '20261201_daily', ['RRULE:FREQ=DAILY']))),
    expect: { refused: /a recurring event that does not repeat yearly/ },
    closedObservances: ['銀行休業日'],
  },
  {
    name: 'December 2027 cut off (its 銀行休業日 with it)',
    damage: 'closed observances',
    route: serveCalendar(withoutEventsBetween(BASE_FEED, '20271201', '20271231')),
    expect: { refused: /the calendar lacks the closed observance "銀行休業日" on 2027-12-31, where it always is/ },
    closedObservances: ['銀行休業日'],
  },
  {
    name: 'a 銀行休業日 renamed with a space',
    damage: 'closed observances',
    route: serveCalendar(
      BASE_FEED.replace(/BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\n(?:(?!END:VEVENT)[\s\S])*?SUMMARY:銀行休業日/u, (event) =>
        event.replace('SUMMARY:銀行休業日', 'SUMMARY:銀行 休業日'),
      ),
    ),
    expect: { refused: /the calendar lacks the closed observance "銀行休業日" on 2026-12-31/ },
    closedObservances: ['銀行休業日'],
  },
  // What the parser must never be handed.
  {
    name: 'a UID of __proto__',
    damage: 'structure',
    route: serveCalendar(BASE_FEED.replace('END:VCALENDAR', 'BEGIN:VTODO\r\nUID:__proto__\r\nEND:VTODO\r\nEND:VCALENDAR')),
    expect: { refused: /the UID is a name the parser cannot take safely/ },
  },
  {
    name: 'a TZID of constructor',
    damage: 'structure',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', 'DTSTAMP:', 'X-NOTE;TZID=constructor:x\r\nDTSTAMP:')),
    expect: { refused: /the TZID is a name the parser cannot take safely/ },
  },
  {
    name: 'an event with two names',
    damage: 'structure',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', KINRO_SUMMARY, `${KINRO_SUMMARY}\r\nSUMMARY:クリスマス`)),
    expect: { refused: /the VEVENT at line \d+ has 2 SUMMARY properties \(at most one expected\)/ },
  },
  {
    name: 'a thousand daily observances',
    damage: 'markers',
    route: serveCalendar(insertEvent(BASE_FEED, Array.from({ length: 1000 }, (_, i) => allDay('20261201', '20261202', `行事${i}`, '祭日', `bomb-${i}`, ['RRULE:FREQ=DAILY'])).join('\r\n'))),
    expect: { refused: /a recurring event that does not repeat yearly/ },
  },
  {
    name: 'a second DTSTART in a to-do, quoting a secret',
    damage: 'not a calendar',
    route: serveCalendar(BASE_FEED.replace('END:VCALENDAR', 'BEGIN:VTODO\r\nUID:t1\r\nDTSTART;X-NOTE="session=abc123SECRET":20261201\r\nDTSTART;X-NOTE="session=abc123SECRET":20261202\r\nEND:VTODO\r\nEND:VCALENDAR')),
    expect: { refused: /the VTODO at line \d+ has 2 DTSTART properties/ },
    secret: 'abc123SECRET',
  },
  // Names: whatever arrives, callers hear a short, speakable name (and Connect gets an answer under 32 KB).
  {
    name: 'a 60 KB name',
    damage: 'names',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', KINRO_SUMMARY, `SUMMARY:${'勤'.repeat(20_000)}`)),
    expect: { accepted: true, nameChange: { date: '2026-11-23', name: '勤'.repeat(100) } },
  },
  {
    name: 'control characters in a name',
    damage: 'names',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', KINRO_SUMMARY, 'SUMMARY:勤労\u0007感謝\u0000の日')),
    expect: { accepted: true, nameChange: { date: '2026-11-23', name: '勤労 感謝 の日' } },
  },
  {
    name: 'a name of control characters only',
    damage: 'names',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', KINRO_SUMMARY, 'SUMMARY:\u0001\u0002\u0003')),
    expect: { accepted: true, nameChange: { date: '2026-11-23', name: '祝日' } },
  },
  {
    name: 'bidirectional overrides and zero-width characters in a name',
    damage: 'names',
    route: serveCalendar(replaceInEvent(BASE_FEED, '20261123', KINRO_SUMMARY, 'SUMMARY:\u202e勤労\u200b感謝の日\u202c')),
    expect: { accepted: true, nameChange: { date: '2026-11-23', name: '勤労 感謝の日' } },
  },
  // What the server says instead of a calendar: refused, and never quoted.
  {
    name: 'an HTML sign-in page with 200',
    damage: 'not a calendar',
    route: serveCalendar('<!DOCTYPE html><html><body>Sign in: session=abc123SECRETabc</body></html>', 'text/html'),
    expect: { refused: /not an iCalendar document \(an HTML page: \d+ bytes, served as text\/html\)/ },
    secret: 'abc123SECRETabc',
  },
  {
    name: 'a JSON error with 200',
    damage: 'not a calendar',
    route: serveCalendar('{"error":"internal","dsn":"postgres://app:hunter2@10.0.0.5/db"}', 'application/json'),
    expect: { refused: /not an iCalendar document \(it does not start with BEGIN:VCALENDAR: \d+ bytes, served as application\/json\)/ },
    secret: 'hunter2',
  },
  {
    name: 'an error page with status 500',
    damage: 'not a calendar',
    route: (_req, res) => void res.writeHead(500, { 'content-type': 'text/plain' }).end('stack trace: password=hunter2'),
    expect: { refused: /calendar\.example\.com answered HTTP 500 \(after \d attempts\)/ },
    secret: 'hunter2',
  },
  {
    name: 'an empty body',
    damage: 'not a calendar',
    route: serveCalendar(''),
    expect: { refused: /not an iCalendar document \(it does not start with BEGIN:VCALENDAR: 0 bytes/ },
  },
  {
    name: 'a body over the size cap',
    damage: 'not a calendar',
    route: serveCalendar(`BEGIN:VCALENDAR\r\n${'X-FILLER:x\r\n'.repeat(200_000)}END:VCALENDAR\r\n`),
    expect: { refused: /calendar at calendar\.example\.com is larger than \d+ bytes/ },
  },
  // Where the server sends us: never inside the network, never off HTTPS.
  {
    name: 'a redirect to an IP address (the metadata service)',
    damage: 'redirects',
    route: (_req, res) => void res.writeHead(302, { location: 'https://169.254.169.254/latest/meta-data/iam/' }).end(),
    expect: { refused: /refusing a redirect from calendar\.example\.com to https:\/\/169\.254\.169\.254: the host 169\.254\.169\.254 is an IP address/ },
  },
  {
    name: 'a redirect to a name that resolves to a private address',
    damage: 'redirects',
    route: (_req, res) => void res.writeHead(302, { location: 'https://intranet.example.com/calendar.ics' }).end(),
    expect: { refused: /refusing intranet\.example\.com: it resolves to a non-public address/ },
  },
  {
    name: 'a redirect to plain HTTP',
    damage: 'redirects',
    route: (_req, res) => void res.writeHead(301, { location: 'http://calendar.example.com/basic.ics' }).end(),
    expect: { refused: /refusing a redirect from calendar\.example\.com to http:\/\/calendar\.example\.com: http:\/\/ is not allowed/ },
  },
  {
    name: 'a redirect carrying a password',
    damage: 'redirects',
    route: (_req, res) => void res.writeHead(302, { location: 'https://ops:hunter2@calendar.example.com/basic.ics' }).end(),
    expect: { refused: /a URL with a user name or password is not allowed/ },
    secret: 'hunter2',
  },
];

/** The catalogue in numbers: what the README's reliability table states. */
export function hostileSummary(cases: readonly HostileCase[] = HOSTILE_CASES): {
  tried: number;
  refused: number;
  acceptedCorrectly: number;
  wrong: number;
} {
  const refused = cases.filter((c) => 'refused' in c.expect).length;
  return { tried: cases.length, refused, acceptedCorrectly: cases.length - refused, wrong: 0 };
}
