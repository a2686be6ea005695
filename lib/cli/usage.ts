/**
 * What every command reads from the command line the same way, and how it reports what it could not use.
 */
import { civilTimeIn, isCivilDate, zonedInstant } from '../../lambda/shared/civil-time';

/** The user's input could not be used (bad instant, bad date, missing option). */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

// With an offset it is that instant; without one it is read on the site's wall clock, never the laptop's (10:00 on a
// laptop in Tokyo and on a CI runner in UTC must mean the same call).
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Read an ISO 8601 instant: `2026-12-25T10:00+09:00`, `2026-11-19T15:00:00Z`, or `2026-12-25T10:00` on the wall clock
 * of `timeZone` (the site's). `option` names the flag in the error. A wall-clock time a clock change skips is refused
 * rather than moved.
 */
export function parseInstant(text: string, timeZone: string, option = '--at'): Date {
  const trimmed = text.trim();
  const match = ISO_INSTANT.exec(trimmed);
  const refuse = (why: string): never => {
    throw new CliUsageError(
      `${option} ${JSON.stringify(text)} ${why}: write 2026-12-25T10:00 (on the ${timeZone} clock), 2026-12-25T10:00+09:00 or 2026-12-25T01:00Z`,
    );
  };
  if (match === null) return refuse('is not an ISO 8601 date and time');
  const [, date, hour, minute, second, , offset] = match as unknown as [string, string, string, string, string | undefined, string | undefined, string | undefined];
  if (!isCivilDate(date) || Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return refuse('is not a real date and time');
  if (offset !== undefined) {
    const [, offsetHours, offsetMinutes] = /^[+-](\d{2}):(\d{2})$/.exec(offset) ?? [];
    if (offset !== 'Z' && (Number(offsetHours) > 14 || Number(offsetMinutes) > 59)) return refuse('has an offset no zone uses');
    const instant = new Date(trimmed);
    if (Number.isNaN(instant.getTime())) return refuse('is not a real date and time');
    return instant;
  }
  const secondOfDay = Number(hour) * 3600 + Number(minute) * 60 + Number(second ?? 0);
  const instant = new Date(zonedInstant(date, secondOfDay, timeZone).getTime() + fractionMs(trimmed));
  const reading = civilTimeIn(instant, timeZone);
  if (reading.date !== date || reading.secondOfDay !== secondOfDay) return refuse(`does not exist on the ${timeZone} clock (a clock change skips it)`);
  return instant;
}

function fractionMs(text: string): number {
  const fraction = /\.(\d{1,9})$/.exec(text)?.[1];
  return fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
}

/** An error message on one line: a multi-line list (every config problem) joined with `; `. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split('\n')
    .map((line) => line.trim().replace(/^- /, ''))
    .filter((line) => line !== '')
    .reduce((joined, line) => (joined === '' ? line : `${joined}${joined.endsWith(':') ? ' ' : '; '}${line}`), '');
}

