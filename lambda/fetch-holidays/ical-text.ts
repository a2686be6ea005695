/**
 * Calendar bytes → text a parser can be trusted with, read the way RFC 5545 says (§3.1, §3.3.4, §3.3.5):
 *
 * - lines are unfolded at the octet level *before* decoding, so a fold that splits a multi-byte character (legal
 *   for a sloppy writer, RFC 5545 §3.1 note) restores the character instead of two U+FFFD;
 * - text that still holds U+FFFD after decoding is refused: some octets were not UTF-8, and a damaged `祝日` would
 *   silently turn a holiday into an observance;
 * - property, parameter and component names are case-insensitive (§2.1), so `dtstart;value=date:` reads like
 *   `DTSTART;VALUE=DATE:` (node-ical would drop it);
 * - every date is checked against its literal digits: `20260230` is refused, never rolled over to 03-02;
 * - the structure is checked (one calendar, events at the top level, one DTSTART per event) and every VEVENT block
 *   is counted, so the caller can compare with what the parser kept (node-ical keeps one event per UID).
 *
 * Nothing here ever quotes the document back: a body that is not a calendar may hold anything (a sign-in page, an
 * error with internal details), and the messages go into e-mails and logs.
 */
import { isCivilDate } from '../shared/civil-time';
import { CalendarCheckError } from './calendar-check';

/** A calendar as read: raw octets with the charset the server declared, or text (tests, already decoded). */
export type CalendarInput = string | Uint8Array | { readonly bytes: Uint8Array; readonly contentType?: string };

/** One VEVENT block as the structural pass saw it. */
export interface EventBlock {
  /** Line number (1-based, after unfolding) of its BEGIN. */
  readonly line: number;
  /** Its UID, when it has one. */
  readonly uid: string | undefined;
  /** Whether it overrides one instance of a recurring event (node-ical merges those into the parent). */
  readonly recurrenceOverride: boolean;
}

/** The checked, normalised document. */
export interface CheckedCalendarText {
  /** Unfolded, decoded text with names upper-cased, CRLF line ends: what the parser reads. */
  readonly text: string;
  /** Every VEVENT block, in document order. */
  readonly events: readonly EventBlock[];
  /** Size of the document as received, in bytes. */
  readonly bytes: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;

/** Remove every line fold (CRLF or a bare LF followed by one space or tab), working on octets. */
export function unfoldOctets(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let written = 0;
  let from = 0;
  for (let lf = bytes.indexOf(LF); lf !== -1; lf = bytes.indexOf(LF, lf + 1)) {
    const next = bytes[lf + 1];
    if (next !== SPACE && next !== TAB) continue;
    // Copy up to the line break (dropping its CR), skip the break and the one whitespace octet that marks the fold.
    const end = lf > 0 && bytes[lf - 1] === CR ? lf - 1 : lf;
    out.set(bytes.subarray(from, end), written);
    written += end - from;
    from = lf + 2;
  }
  out.set(bytes.subarray(from), written);
  written += bytes.length - from;
  return out.subarray(0, written);
}

function charsetOf(contentType: string | undefined): string {
  const match = /charset\s*=\s*"?([^";\s]+)"?/iu.exec(contentType ?? '');
  const label = match?.[1] ?? 'utf-8';
  try {
    new TextDecoder(label);
    return label;
  } catch {
    // RFC 5545 text is UTF-8; an unknown label is more likely a server typo than another encoding.
    return 'utf-8';
  }
}

function describeContentType(contentType: string | undefined): string {
  if (contentType === undefined || contentType.trim() === '') return '';
  // Only the media type, and only characters a media type has: the header is the server's text too.
  const media = (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]{1,40}\/[a-z0-9!#$&^_.+-]{1,60}$/u.test(media) ? `, served as ${media}` : '';
}

const CONTENT_LINE_NAME = /^[A-Za-z0-9-]+/u;

interface ContentLine {
  readonly name: string;
  readonly parameters: ReadonlyArray<readonly [string, string]>;
  readonly value: string;
}

/** Split one unfolded line into name, parameters and value (RFC 5545 §3.1), or undefined when it is not one. */
function parseContentLine(line: string): ContentLine | undefined {
  const nameMatch = CONTENT_LINE_NAME.exec(line);
  if (nameMatch === null) return undefined;
  const name = nameMatch[0].toUpperCase();
  const parameters: Array<readonly [string, string]> = [];
  let at = nameMatch[0].length;
  while (line[at] === ';') {
    const parameterName = CONTENT_LINE_NAME.exec(line.slice(at + 1));
    if (parameterName === null || line[at + 1 + parameterName[0].length] !== '=') return undefined;
    at += 2 + parameterName[0].length;
    // param-value *("," param-value), each either a quoted string or text without ; : , "
    const valueStart = at;
    for (;;) {
      if (line[at] === '"') {
        const close = line.indexOf('"', at + 1);
        if (close === -1) return undefined;
        at = close + 1;
      } else {
        while (at < line.length && !';:,"'.includes(line[at] as string)) at += 1;
      }
      if (line[at] !== ',') break;
      at += 1;
    }
    const key = parameterName[0].toUpperCase();
    const raw = line.slice(valueStart, at);
    // VALUE's values are enumerated names, as case-insensitive as the property names; others (TZID) keep their case.
    parameters.push([key, key === 'VALUE' ? raw.toUpperCase() : raw]);
  }
  if (line[at] !== ':') return undefined;
  return { name, parameters, value: line.slice(at + 1) };
}

const DATE_PROPERTIES = new Set(['DTSTART', 'DTEND', 'DUE', 'RDATE', 'EXDATE', 'RECURRENCE-ID']);

/** Properties an event has at most once (RFC 5545 §3.6.1 lists them as "MUST NOT occur more than once"). */
const SINGLE_IN_EVENT = new Set(['DTSTART', 'DTEND', 'DURATION', 'SUMMARY', 'DESCRIPTION', 'UID', 'STATUS', 'RRULE', 'RECURRENCE-ID', 'DTSTAMP', 'CLASS', 'TRANSP']);

/** Properties every component has at most once. */
const SINGLE_ANYWHERE = new Set(['DTSTART', 'DTEND', 'DURATION', 'UID']);
const DATE_VALUE = /^(\d{4})(\d{2})(\d{2})$/u;
const DATE_TIME_VALUE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$/u;

/** The reason a date or date-time value is impossible, or undefined when it names a real one. */
function dateValueProblem(value: string, dateOnly: boolean): string | undefined {
  const date = DATE_VALUE.exec(value);
  if (date !== null) {
    return isCivilDate(`${date[1]}-${date[2]}-${date[3]}`) ? undefined : 'is not a calendar date';
  }
  const dateTime = DATE_TIME_VALUE.exec(value);
  if (dateTime === null) return 'is neither a DATE (YYYYMMDD) nor a DATE-TIME (YYYYMMDDTHHMMSS)';
  if (dateOnly) return 'has a time although VALUE=DATE';
  if (!isCivilDate(`${dateTime[1]}-${dateTime[2]}-${dateTime[3]}`)) return 'is not a calendar date';
  // Seconds may read 60 (a leap second, RFC 5545 §3.3.12).
  if (Number(dateTime[4]) > 23 || Number(dateTime[5]) > 59 || Number(dateTime[6]) > 60) return 'is not a time of day';
  return undefined;
}

function checkDates(property: ContentLine, lineNumber: number): void {
  const valueType = property.parameters.find(([key]) => key === 'VALUE')?.[1];
  if (valueType === 'PERIOD') return; // RDATE periods start with a DATE-TIME checked by the parser; none in a holiday feed
  for (const value of property.value.split(',')) {
    const problem = dateValueProblem(value.trim(), valueType === 'DATE');
    if (problem !== undefined) {
      // The digits come from the feed but are digits only once checked, so the message names the line, not the value.
      throw new CalendarCheckError('bad-date', `line ${lineNumber}: the ${property.name} value ${problem}; refusing the calendar rather than guessing`);
    }
  }
}

function decodeOrRefuse(octets: Uint8Array, charset: string): string {
  const text = new TextDecoder(charset).decode(octets);
  const replacement = text.indexOf('\uFFFD');
  if (replacement !== -1) {
    const count = text.split('\uFFFD').length - 1;
    const line = text.slice(0, replacement).split('\n').length;
    throw new CalendarCheckError(
      'encoding',
      `the calendar is not valid ${charset.toUpperCase()}: ${count} undecodable character(s), the first on line ${line}; a damaged name or 祝日 marker must not be guessed at`,
    );
  }
  return text;
}

/**
 * Unfold, decode and check a calendar document, returning normalised text and its VEVENT blocks. Throws
 * {@link CalendarCheckError} (`not-icalendar`, `truncated`, `encoding`, `malformed`, `bad-date`) without quoting the
 * document.
 */
export function checkCalendarText(input: CalendarInput): CheckedCalendarText {
  const raw =
    typeof input === 'string' ? new TextEncoder().encode(input) : input instanceof Uint8Array ? input : input.bytes;
  const contentType = typeof input === 'object' && !(input instanceof Uint8Array) ? input.contentType : undefined;
  const withoutBom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw;
  const text = decodeOrRefuse(unfoldOctets(withoutBom), charsetOf(contentType));

  if (!/^\s*BEGIN:VCALENDAR\r?\n/iu.test(text)) {
    const looksHtml = /^\s*</u.test(text);
    throw new CalendarCheckError(
      'not-icalendar',
      `not an iCalendar document (${looksHtml ? 'an HTML page' : 'it does not start with BEGIN:VCALENDAR'}: ${raw.length} bytes${describeContentType(contentType)})`,
    );
  }
  if (!/(?:^|\n)END:VCALENDAR\s*$/iu.test(text)) {
    throw new CalendarCheckError('truncated', 'calendar is truncated: it does not end with END:VCALENDAR');
  }

  const lines = text.split(/\r?\n/u);
  const normalised: string[] = [];
  const events: EventBlock[] = [];
  // One frame per open component: its name, where it began, and how often each property appeared in it.
  const stack: Array<{ name: string; line: number; counts: Map<string, number>; uid?: string; recurrenceOverride: boolean }> = [];
  let calendars = 0;
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    const property = parseContentLine(line);
    if (property === undefined) {
      throw new CalendarCheckError('malformed', `line ${lineNumber} is not an iCalendar content line (NAME[;PARAM=…]:VALUE)`);
    }
    const { name, parameters } = property;
    const value = name === 'BEGIN' || name === 'END' ? property.value.trim().toUpperCase() : property.value;
    normalised.push(`${name}${parameters.map(([key, v]) => `;${key}=${v}`).join('')}:${value}`);
    const parent = stack[stack.length - 1];
    if (name === 'BEGIN') {
      if (value === 'VCALENDAR') {
        if (stack.length > 0 || calendars > 0) {
          throw new CalendarCheckError('malformed', `line ${lineNumber}: a second VCALENDAR; one feed is one calendar`);
        }
        calendars += 1;
      } else if (parent === undefined) {
        throw new CalendarCheckError('malformed', `line ${lineNumber}: BEGIN:${value} outside the VCALENDAR`);
      } else if (value === 'VEVENT' && parent.name !== 'VCALENDAR') {
        throw new CalendarCheckError('malformed', `line ${lineNumber}: a VEVENT inside ${parent.name}; events belong at the top of the calendar`);
      }
      stack.push({ name: value, line: lineNumber, counts: new Map(), recurrenceOverride: false });
      return;
    }
    if (name === 'END') {
      const open = stack.pop();
      if (open?.name !== value) {
        throw new CalendarCheckError('malformed', `line ${lineNumber}: END:${value} closes ${open === undefined ? 'nothing' : open.name}`);
      }
      if (value === 'VEVENT') {
        const starts = open.counts.get('DTSTART') ?? 0;
        if (starts !== 1) {
          throw new CalendarCheckError('malformed', `the event at line ${open.line} has ${starts} DTSTART properties (exactly one expected)`);
        }
        events.push({ line: open.line, uid: open.uid, recurrenceOverride: open.recurrenceOverride });
      }
      return;
    }
    if (parent === undefined) {
      throw new CalendarCheckError('malformed', `line ${lineNumber}: a property outside the VCALENDAR`);
    }
    const count = (parent.counts.get(name) ?? 0) + 1;
    parent.counts.set(name, count);
    // Properties a component has once: a second one would leave the parser to pick (node-ical makes an array of a
    // second SUMMARY, read as "undefined"); the count is checked in every component, so its error never quotes us.
    const single = parent.name === 'VEVENT' ? SINGLE_IN_EVENT : SINGLE_ANYWHERE;
    if (count > 1 && single.has(name)) {
      throw new CalendarCheckError('malformed', `the ${parent.name} at line ${parent.line} has ${count} ${name} properties (at most one expected)`);
    }
    if (DATE_PROPERTIES.has(name)) checkDates(property, lineNumber);
    // node-ical files components under their UID (and time zones under their TZID) in plain objects: a key such as
    // __proto__ would change every object in the process.
    for (const key of [...(name === 'UID' || name === 'TZID' ? [property.value.trim()] : []), ...parameters.filter(([k]) => k === 'TZID').map(([, v]) => v.replace(/^"|"$/gu, ''))]) {
      if (key === '__proto__' || key in Object.prototype) {
        throw new CalendarCheckError('malformed', `line ${lineNumber}: the ${name === 'UID' ? 'UID' : 'TZID'} is a name the parser cannot take safely`);
      }
    }
    if (name === 'RRULE' && parent.name === 'VEVENT' && !/(^|;)FREQ=YEARLY(;|$)/iu.test(property.value.trim())) {
      // Holidays, observances and closures repeat by the year; a daily rule would make hundreds of days from one line.
      throw new CalendarCheckError('malformed', `line ${lineNumber}: a recurring event that does not repeat yearly; a holiday calendar has none`);
    }
    if (parent.name === 'VEVENT') {
      if (name === 'UID') parent.uid = property.value.trim();
      if (name === 'RECURRENCE-ID') parent.recurrenceOverride = true;
    }
  });
  if (stack.length > 0) {
    throw new CalendarCheckError('truncated', `calendar is truncated: ${stack.map((frame) => frame.name).join(' > ')} is never closed`);
  }
  return { text: `${normalised.join('\r\n')}\r\n`, events, bytes: raw.length };
}
