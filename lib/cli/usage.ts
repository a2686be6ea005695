/**
 * What every command reads from the command line the same way, and how it reports what it could not use.
 */
import { isCivilDate } from '../../lambda/shared/civil-time';

/** The user's input could not be used (bad instant, bad date, missing option). */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

// An offset is required: "10:00" alone means different instants on a laptop in Tokyo and a CI runner in UTC.
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Read an ISO 8601 instant with an explicit offset (`2026-12-25T10:00:00+09:00`, `2026-11-19T15:00:00Z`). */
export function parseInstant(text: string): Date {
  const match = ISO_INSTANT.exec(text.trim());
  const instant = new Date(text.trim());
  if (
    match === null ||
    !isCivilDate(match[1]) ||
    Number(match[2]) > 23 ||
    Number(match[3]) > 59 ||
    Number(match[4] ?? 0) > 59 ||
    Number.isNaN(instant.getTime())
  ) {
    throw new CliUsageError(
      `--at ${JSON.stringify(text)} is not an ISO 8601 instant with an offset, e.g. 2026-12-25T10:00:00+09:00 or 2026-11-19T15:00:00Z`,
    );
  }
  return instant;
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

