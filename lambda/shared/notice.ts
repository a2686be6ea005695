/**
 * The shape and the small words of every e-mail the Lambdas send (SNS): one-line subjects under SNS's limit, dates
 * with their Japanese weekday. Japanese, because the people who run a Japanese phone line read them.
 */
import { civilTimeIn, CivilDate, clockLabel, weekdayOf } from './civil-time';

/** An SNS message: `subject` one line under 100 characters (the SNS limit), `message` plain text. */
export interface Notice {
  readonly subject: string;
  readonly message: string;
}

/** SNS rejects a subject of 100 characters or more, or one with a line break. */
export const MAX_SUBJECT_CHARS = 99;

/** `text` as an SNS subject: one line, cut with … to {@link MAX_SUBJECT_CHARS}. */
export function subjectOf(text: string): string {
  const line = text.replace(/[\r\n\t]+/gu, ' ');
  const chars = [...line];
  return chars.length <= MAX_SUBJECT_CHARS ? line : `${chars.slice(0, MAX_SUBJECT_CHARS - 1).join('')}…`;
}

/** The one-character Japanese name of each weekday. */
export const WEEKDAY_JA: Readonly<Record<string, string>> = {
  SUNDAY: '日',
  MONDAY: '月',
  TUESDAY: '火',
  WEDNESDAY: '水',
  THURSDAY: '木',
  FRIDAY: '金',
  SATURDAY: '土',
};

/** `2026-11-23 (月)`. */
export function dateLabel(date: CivilDate): string {
  return `${date} (${WEEKDAY_JA[weekdayOf(date)] ?? '?'})`;
}

/** `2026-12-01 (火) 10:00`: an instant on the site's wall clock. */
export function instantLabel(at: Date, timeZone: string): string {
  const clock = civilTimeIn(at, timeZone);
  return `${dateLabel(clock.date)} ${clockLabel(clock.hour * 60 + clock.minute)}`;
}

/** Where operators are told (SNS e-mail in the Lambdas). */
export interface AlertChannel {
  /** Publish one message; `subject` is under 100 characters and one line. */
  publish(subject: string, message: string): Promise<void>;
}

/** One structured log record; a handler writes it as one JSON line. */
export type LogRecord = { readonly level: 'info' | 'warn' | 'error'; readonly event: string } & Record<string, unknown>;

/** One JSON object per line with stable keys; the site name on every line. */
export function jsonLogger(
  siteName: string,
  // Raw stdout, not console.log: the runtime prefixes console lines with a timestamp and request ID, and a
  // prefixed line is no longer an embedded-metric-format document (the metrics on it would be lost).
  write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
) {
  return (record: LogRecord): void => {
    write(JSON.stringify({ time: new Date().toISOString(), site: siteName, ...record }));
  };
}
