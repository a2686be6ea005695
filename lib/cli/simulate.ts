/**
 * `cli simulate`: what a caller gets at any instant (or every hour of a week), from the flow that deploys.
 *
 * The flow is rendered and validated exactly as the stack does; the holiday list is the one the fetcher would store
 * for the given calendar (same parse and checks); the checker's answer and the hours check come from the code the
 * Lambda and the hours of operation use. Only the clock is chosen by the user.
 */
import type { Command } from 'commander';
import { addDays, isCivilDate } from '../../lambda/shared/civil-time';
import type { HolidayList } from '../../lambda/shared/holiday-list';
import { buildHolidayList, CalendarCheckError } from '../../lambda/fetch-holidays/build-list';
import type { FetchCalendarOptions } from '../../lambda/fetch-holidays/fetch-calendar';
import { secondSourceLabel } from '../../lambda/shared/statutory-calendar';
import { holidayPolicyOf } from '../config/derive';
import { DEFAULT_CONFIG_PATH, loadSiteConfig } from '../config/load';
import type { SiteConfig } from '../config/site-config';
import { zonedInstant } from '../flow/hours';
import { MENU_KEYS } from '../config/schema';
import { EXAMPLE_FLOW_REFS, renderContactFlow, renderCustomerQueueFlow } from '../flow/render';
import { formatCall, formatWeek, NO_PRESS, simulateCall, simulateWeek, summariseCall } from '../flow/simulate';
import { assertValidContactFlow } from '../flow/validate';
import { readCalendarSource } from './calendar-source';
import { fileLiveStore } from './live-store';
import { CliUsageError, oneLine, parseInstant } from './usage';

/** Options of `simulate`, as commander hands them over. */
export interface SimulateOptions {
  readonly at?: string;
  readonly week?: string;
  readonly calendar?: string;
  readonly config?: string;
  readonly json?: boolean;
  readonly checkerFails?: boolean;
  readonly hoursCheckFails?: boolean;
  readonly staffNoAnswer?: boolean;
  /** A live override file (what `close`/`open --store <file>` write). */
  readonly overrides?: string;
  /** The keys pressed at the menu, comma separated, `none` for no key (`9,1`). */
  readonly press?: string;
  /** The caller's place in the queue (above maxContacts: the queue is full). */
  readonly queuePosition?: string;
}

/** `--press 9,1` as the keys in order; every entry one DTMF key or `none`. */
export function parsePresses(text: string): string[] {
  const presses = text.split(',').map((entry) => entry.trim());
  // Each wrong entry named once ("1,,,2" has one kind of mistake, not two).
  const wrong = [...new Set(presses.filter((entry) => entry !== NO_PRESS && !(MENU_KEYS as readonly string[]).includes(entry)))];
  if (wrong.length > 0) {
    // The error is one line: a pasted screenful is shown by its start, each wrong entry by its first characters.
    const cut = (value: string): string => ([...value].length > 40 ? `${[...value].slice(0, 40).join('')}…` : value);
    const named = wrong.slice(0, 5).map((entry) => (entry === '' ? 'an empty entry' : JSON.stringify(cut(entry))));
    if (wrong.length > 5) named.push(`${wrong.length - 5} more`);
    throw new CliUsageError(
      `--press ${JSON.stringify(cut(text))}: ${named.join(', ')} ${wrong.length === 1 ? 'is not a key' : 'are not keys'}; give keys 0-9, * or # (or ${NO_PRESS} for no key), comma separated, e.g. --press 9,1`,
    );
  }
  return presses;
}

/** `--queue-position 3` as a whole number from 1 to 999999 (far beyond the largest maxContacts). */
export function parseQueuePosition(text: string): number {
  if (!/^[1-9][0-9]{0,5}$/u.test(text.trim())) {
    throw new CliUsageError(`--queue-position ${JSON.stringify(text)} is not a place in the queue; give a whole number from 1 to 999999, e.g. --queue-position 3`);
  }
  return Number(text.trim());
}

/** The list the fetcher would store at `now`, or why there is none (the checker then uses the built-in calendar). */
export async function holidayListFor(
  calendar: string,
  config: SiteConfig,
  now: Date,
  fetchOptions: FetchCalendarOptions,
): Promise<{ list: HolidayList; note?: undefined } | { list: undefined; note: string }> {
  const policy = holidayPolicyOf(config);
  const source = await readCalendarSource(calendar, policy.fetch, fetchOptions);
  try {
    return { list: buildHolidayList(source.body, policy, { now, sourceUrl: source.sourceUrl }) };
  } catch (error) {
    // Beyond the feed's horizon the fetcher keeps refusing it, and the checker answers from the built-in calendar:
    // simulate exactly that instead of refusing to answer.
    if (error instanceof CalendarCheckError && error.check === 'coverage') {
      return {
        list: undefined,
        note: `note: ${error.message}; the checker answers from the built-in calendar (${secondSourceLabel()} and the closures)`,
      };
    }
    throw error;
  }
}

/**
 * Run `simulate` and return what it prints. Throws on bad input; the command turns that into one stderr line.
 * `fetchOptions` is how a calendar URL is fetched (tests inject a transport to their loopback server).
 */
export async function runSimulate(options: SimulateOptions, fetchOptions: FetchCalendarOptions = {}): Promise<string> {
  if ((options.at === undefined) === (options.week === undefined)) {
    throw new CliUsageError('give exactly one of --at <instant> or --week <YYYY-MM-DD>');
  }
  if (options.week !== undefined && !isCivilDate(options.week)) {
    throw new CliUsageError(`--week ${JSON.stringify(options.week)} is not a date written YYYY-MM-DD`);
  }
  // The checker's answer is irrelevant when it fails, so the calendar is optional only then.
  if (options.calendar === undefined && options.checkerFails !== true) {
    throw new CliUsageError('--calendar <ics file or URL> is required (or use --checker-fails)');
  }
  const config = loadSiteConfig(options.config ?? DEFAULT_CONFIG_PATH);
  const at = options.at === undefined ? undefined : parseInstant(options.at, config.timeZone);
  if (options.press !== undefined && config.menu === undefined) {
    throw new CliUsageError('--press: this site has no menu (add "menu" to the site configuration)');
  }
  if (options.queuePosition !== undefined && config.routing?.queue === undefined) {
    throw new CliUsageError('--queue-position: this site transfers to an external number, not a queue (add "routing.queue" to the site configuration)');
  }
  if (options.press !== undefined && options.week !== undefined) {
    throw new CliUsageError('--press goes with --at (a week is simulated with no key pressed)');
  }
  const presses = options.press === undefined ? undefined : parsePresses(options.press);
  const queuePosition = options.queuePosition === undefined ? undefined : parseQueuePosition(options.queuePosition);
  const flow = renderContactFlow(config, EXAMPLE_FLOW_REFS);
  assertValidContactFlow(flow);
  const queueFlow = renderCustomerQueueFlow(config, EXAMPLE_FLOW_REFS);
  if (queueFlow !== undefined) assertValidContactFlow(queueFlow, { flowType: 'CUSTOMER_QUEUE' });
  const live = options.overrides === undefined ? [] : (await fileLiveStore(options.overrides).read()).document.overrides;
  const failures = {
    checkerFails: options.checkerFails === true,
    hoursCheckFails: options.hoursCheckFails === true,
    staffAnswers: options.staffNoAnswer !== true,
    live,
    ...(queueFlow === undefined ? {} : { queueFlow }),
    ...(queuePosition === undefined ? {} : { queuePosition }),
  };

  if (at !== undefined) {
    const built = options.calendar === undefined ? undefined : await holidayListFor(options.calendar, config, at, fetchOptions);
    const list = built?.list;
    const call = simulateCall(flow, { at, config, ...failures, ...(presses === undefined ? {} : { presses }), ...(list === undefined ? {} : { list }) });
    if (options.json === true) return JSON.stringify(summariseCall(call));
    return `${built?.note === undefined ? '' : `${built.note}\n`}${formatCall(call, config.timeZone)}`;
  }

  const from = options.week as string;
  // The list as the fetcher would have stored it on the morning the week starts.
  const weekStart = zonedInstant(from, 0, config.timeZone);
  const built = options.calendar === undefined ? undefined : await holidayListFor(options.calendar, config, weekStart, fetchOptions);
  const list = built?.list;
  const week = simulateWeek(flow, from, { config, ...failures, ...(list === undefined ? {} : { list }) });
  if (options.json === true) return JSON.stringify(week);
  const until = addDays(from, 6);
  const title = `what callers get, ${from} to ${until} (${config.timeZone})`;
  return `${title}\n\n${built?.note === undefined ? '' : `${built.note}\n\n`}${formatWeek(week, config.timeZone)}`;
}

/** Add `simulate` to the CLI. `fetchOptions`: how calendar URLs are fetched (tests inject a transport). */
export function registerSimulateCommand(program: Command, fetchOptions: FetchCalendarOptions = {}): void {
  program
    .command('simulate')
    .description('walk the contact flow for a call at an instant, or for every hour of a week')
    .option('--at <instant>', 'e.g. 2026-12-25T10:00 (on the site clock) or 2026-12-25T10:00+09:00')
    .option('--week <date>', 'YYYY-MM-DD: every hour of the seven days from that date, in the site time zone')
    .option('--calendar <file-or-url>', 'iCalendar file or URL the holiday list is built from')
    .option('--config <file>', 'site configuration', DEFAULT_CONFIG_PATH)
    .option('--json', 'print JSON instead of text')
    .option('--checker-fails', "take the checker Lambda's error branch")
    .option('--hours-check-fails', "take the hours check's error branch")
    .option('--staff-no-answer', 'staff do not answer the transfer')
    .option('--overrides <file>', 'live overrides the checker reads (the file close/open --store <file> write)')
    .option('--press <keys>', 'keys pressed at the menu, in order, comma separated; none = no key (e.g. 9,1)')
    .option('--queue-position <n>', "the caller's place in the queue (above maxContacts the queue is full)")
    .action(async (options: SimulateOptions) => {
      try {
        process.stdout.write(`${await runSimulate(options, fetchOptions)}\n`);
      } catch (error) {
        process.stderr.write(`simulate: ${oneLine(error)}\n`);
        process.exitCode = 1;
      }
    });
}
