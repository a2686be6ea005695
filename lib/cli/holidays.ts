/**
 * `cli holidays <file-or-url>`: run the fetcher's own parse → classify → check path on a calendar and print the
 * days it would store. This is how ops try a calendar URL (or a saved copy) before deploying it.
 */
import type { Command } from 'commander';
import { CalendarCheckError, readCalendar } from '../../lambda/fetch-holidays/build-list';
import type { FetchCalendarOptions } from '../../lambda/fetch-holidays/fetch-calendar';
import { BuiltinCalendar, builtinDaysBetween } from '../../lambda/shared/builtin-calendar';
import { addDays, CivilDate, civilDateIn, weekdayOf } from '../../lambda/shared/civil-time';
import type { HolidayDay } from '../../lambda/shared/holiday-list';
import { PROTECTED_DAYS_AHEAD } from '../../lambda/shared/holiday-policy';
import { secondSourceLabel } from '../../lambda/shared/statutory-calendar';
import { builtinCalendarOf, holidayPolicyOf } from '../config/derive';
import { loadSiteConfig } from '../config/load';
import { readCalendarSource } from './calendar-source';
import { oneLine, parseInstant } from './usage';

/** Options of `holidays`, as commander hands them over. */
export interface HolidaysOptions {
  /** Site configuration file. @default the example config */
  readonly config?: string;
  /** Print JSON instead of a table. */
  readonly json?: boolean;
  /** Check as of this instant instead of now (ISO 8601 with an offset). */
  readonly at?: string;
}

/** Where the command writes, its clock and its network; tests pass their own. */
export interface HolidaysIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** @default the real clock */
  readonly now?: () => Date;
  /** How a URL is fetched (tests inject a transport to their loopback server). @default the real network */
  readonly fetchOptions?: FetchCalendarOptions;
}

/** The built-in calendar's closed days over a span: what the checker answers where no list reaches. */
interface BuiltinSpan {
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly source: string;
  readonly days: readonly HolidayDay[];
}

function builtinSpan(from: CivilDate, to: CivilDate, builtin: BuiltinCalendar): BuiltinSpan | undefined {
  if (from > to) return undefined;
  return { from, to, source: `${secondSourceLabel()} + closures`, days: builtinDaysBetween(from, to, builtin) };
}

function builtinLines(span: BuiltinSpan, heading: string): string[] {
  return [
    '',
    `${heading} (${span.from} .. ${span.to}, from the built-in calendar: ${span.source}; observances are not in it):`,
    ...(span.days.length > 0 ? table(span.days) : ['(no closed days)']),
  ];
}

/** Display width of a string in a terminal: CJK characters take two columns. */
export function widthOf(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}

/** `text` padded with spaces to `width` terminal columns. */
export function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - widthOf(text)));
}

function table(days: readonly HolidayDay[]): string[] {
  const rows = [
    ['date', 'day', 'kind', 'closed', 'name'],
    ...days.map((day) => [
      day.date,
      weekdayOf(day.date).slice(0, 3).toLowerCase(),
      day.kind,
      day.closed ? 'yes' : 'no',
      day.name,
    ]),
  ];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => widthOf(row[column] ?? ''))));
  return rows.map((row) => row.map((cell, column) => (column < 4 ? pad(cell, widths[column] ?? 0) : cell)).join('  '));
}

/**
 * Run `holidays` on `source` (a file path or an http(s) URL). Prints the days on success and returns 0; prints a
 * one-line reason on stderr and returns 1 when the calendar cannot be read or fails a check.
 */
export async function runHolidaysCommand(source: string, options: HolidaysOptions, io: HolidaysIo): Promise<number> {
  let now: Date | undefined;
  let builtin: BuiltinCalendar | undefined;
  let minDaysAhead = 0;
  let timeZone = 'Asia/Tokyo';
  try {
    const config = loadSiteConfig(options.config);
    now = options.at === undefined ? (io.now ?? (() => new Date()))() : parseInstant(options.at, config.timeZone);
    const policy = holidayPolicyOf(config);
    builtin = builtinCalendarOf(config);
    minDaysAhead = policy.checks.minDaysAhead;
    timeZone = policy.timeZone;
    const calendar = await readCalendarSource(source, policy.fetch, {
      ...io.fetchOptions,
      // A retry is visible as it happens: a slow feed should not look like a hung command.
      onRetry: ({ attempt, delayMs, cause }) =>
        io.stderr(`holidays: attempt ${attempt} failed (${cause}); retrying in ${(delayMs / 1000).toFixed(1)} s\n`),
    });
    const reading = readCalendar(calendar.body, policy, { now, sourceUrl: calendar.sourceUrl });
    const { list } = reading;
    const today = civilDateIn(now, policy.timeZone);
    // Past the list's end the checker answers from the built-in calendar: show what that gives, as far as the
    // fetcher protects days ahead.
    const beyond = builtinSpan(addDays(list.coverage.to, 1), addDays(today, PROTECTED_DAYS_AHEAD), builtin);
    if (options.json === true) {
      io.stdout(
        `${JSON.stringify({
          sourceUrl: list.sourceUrl,
          timeZone: list.timeZone,
          coverage: list.coverage,
          holidaysPerYear: reading.holidaysPerYear,
          notes: reading.notes,
          days: list.days.map(({ date, name, kind, closed }) => ({ date, name, kind, closed })),
          ...(beyond === undefined ? {} : { beyondCoverage: beyond }),
        })}\n`,
      );
      return 0;
    }
    const count = (kind: HolidayDay['kind']) => list.days.filter((day) => day.kind === kind).length;
    const perYear = Object.entries(reading.holidaysPerYear)
      .map(([year, holidays]) => `${year}: ${holidays}`)
      .join(', ');
    const lines = [
      `calendar:   ${list.sourceUrl}`,
      `time zone:  ${list.timeZone}`,
      `coverage:   ${list.coverage.from} .. ${list.coverage.to}`,
      `feed shape: ${reading.shape === 'google' ? 'statutory days marked 祝日, the rest observances' : 'every event statutory (empty DESCRIPTION)'}`,
      `statutory holidays per year: ${perYear} (each day confirmed by ${secondSourceLabel()})`,
      ...reading.notes.map((note) => `note: ${note}`),
      '',
      ...table(list.days),
      '',
      `${list.days.length} days: ${count('holiday')} holidays, ${count('observance')} observances, ${count('closure')} closure days; ${list.days.filter((day) => day.closed).length} closed`,
      ...(beyond === undefined ? [] : builtinLines(beyond, 'after the calendar ends, callers get')),
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    io.stderr(`holidays: ${oneLine(error)}\n`);
    // A calendar that does not reach the day asked about is refused, yet callers still get an answer: say which.
    if (error instanceof CalendarCheckError && error.check === 'coverage' && now !== undefined && builtin !== undefined) {
      const today = civilDateIn(now, timeZone);
      const span = builtinSpan(today, addDays(today, minDaysAhead), builtin);
      if (span !== undefined) {
        if (options.json === true) io.stdout(`${JSON.stringify({ refused: oneLine(error), builtin: span })}\n`);
        else io.stdout(`${builtinLines(span, 'the fetcher would keep its last list; where no list reaches, callers get').slice(1).join('\n')}\n`);
      }
    }
    return 1;
  }
}

/** Add `holidays <file-or-url> [--config <file>] [--json] [--at <instant>]` to the CLI. */
export function registerHolidaysCommand(program: Command): void {
  program
    .command('holidays')
    .description('parse and check a holiday calendar exactly as the fetcher does, and print the days it would store')
    .argument('<file-or-url>', 'iCalendar file, or https:// URL (public hosts only)')
    .option('--config <file>', 'site configuration (default: the example config)')
    .option('--json', 'print {"days":[{"date","name","kind","closed"}, ...]} and the coverage as JSON')
    .option('--at <instant>', 'check as of this ISO 8601 instant (with offset) instead of now')
    .action(async (source: string, options: HolidaysOptions) => {
      process.exitCode = await runHolidaysCommand(source, options, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
    });
}
