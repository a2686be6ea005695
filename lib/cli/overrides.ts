/**
 * `cli overrides --calendar <file-or-url>`: the closed-day overrides the override sync would hold in Connect, from
 * the list the fetcher would store for that calendar, planned by the sync's own function.
 */
import type { Command } from 'commander';
import type { FetchCalendarOptions } from '../../lambda/fetch-holidays/fetch-calendar';
import { addDays, daysBetween, weekdayOf } from '../../lambda/shared/civil-time';
import { MIN_OVERRIDE_DAYS_AHEAD, OVERRIDE_LIMIT, OverridePlan } from '../../lambda/shared/closed-day-overrides';
import { DEFAULT_CONFIG_PATH, loadSiteConfig } from '../config/load';
import type { SiteConfig } from '../config/site-config';
import { closedDayOverridesFor } from '../flow/hours';
import { pad, widthOf } from './holidays';
import { holidayListFor } from './simulate';
import { CliUsageError, oneLine, parseInstant } from './usage';

/** Options of `overrides`, as commander hands them over. */
export interface OverridesOptions {
  readonly calendar?: string;
  readonly config?: string;
  readonly at?: string;
  readonly json?: boolean;
}

/** Where the command writes, its clock and its network; tests pass their own. */
export interface OverridesIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** @default the real clock */
  readonly now?: () => Date;
  /** How a URL is fetched (tests inject a transport to their loopback server). @default the real network */
  readonly fetchOptions?: FetchCalendarOptions;
}

/** The `--json` shape: exactly what becomes each override in Connect (`from`/`till` are EffectiveFrom/EffectiveTill). */
export interface OverridesJson {
  readonly overrides: readonly { readonly name: string; readonly type: 'CLOSED'; readonly from: string; readonly till: string }[];
}

/** The plan as `--json` prints it. */
export function overridesJson(plan: OverridePlan): OverridesJson {
  return { overrides: plan.overrides.map(({ name, type, from, till }) => ({ name, type, from, till })) };
}

function placementLine(config: SiteConfig): string {
  if (!config.hoursOverrides.enabled) return 'the override sync is turned off (hoursOverrides.enabled: false): Connect gets none of these';
  return config.hoursOverrides.placement === 'closed-days-resource'
    ? `on the hours resource "${config.siteName} closed days", which the business hours link to`
    : `on the business hours "${config.siteName} business hours" themselves`;
}

function planLines(plan: OverridePlan, config: SiteConfig): string[] {
  if (!config.hoursOverrides.enabled) {
    return [
      `${placementLine(config)}.`,
      "With the checker failing, callers meet the weekly hours alone: a weekday holiday in business hours is transferred.",
    ];
  }
  const rows = [
    ['from', 'till', 'days', 'name'],
    ...plan.overrides.map((override) => [
      `${override.from} ${weekdayOf(override.from).slice(0, 3).toLowerCase()}`,
      `${override.till} ${weekdayOf(override.till).slice(0, 3).toLowerCase()}`,
      String(override.days.length),
      override.name,
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => widthOf(row[column] ?? ''))));
  const days = daysBetween(plan.today, plan.through);
  const why = { slots: 'every slot is used', data: 'nothing is known after it', horizon: 'the plan looks no further' }[plan.limit];
  return [
    `closed-day overrides the sync would hold on ${plan.today} (${config.timeZone}), ${placementLine(config)}:`,
    '',
    ...rows.map((row) => row.map((cell, column) => (column < 3 ? pad(cell, widths[column] ?? 0) : cell)).join('  ')),
    '',
    `${plan.overrides.length} of ${config.hoursOverrides.maxOverrides} allowed (Connect's limit is ${OVERRIDE_LIMIT} per hours resource), type CLOSED, 00:00-00:00 every weekday.`,
    `Connect's hours close every closed day through ${plan.through} (${days} days ahead; ${why}).`,
    ...(plan.short
      ? [`warning: that is short of ${MIN_OVERRIDE_DAYS_AHEAD} days (${addDays(plan.today, MIN_OVERRIDE_DAYS_AHEAD)}): the sync would alert.`]
      : []),
  ];
}

/**
 * Run `overrides`. Prints the plan and returns 0; prints a one-line reason on stderr and returns 1 when the input
 * cannot be used.
 */
export async function runOverridesCommand(options: OverridesOptions, io: OverridesIo): Promise<number> {
  try {
    if (options.calendar === undefined) throw new CliUsageError('--calendar <ics file or URL> is required');
    const config = loadSiteConfig(options.config ?? DEFAULT_CONFIG_PATH);
    const now = options.at === undefined ? (io.now ?? (() => new Date()))() : parseInstant(options.at, config.timeZone);
    const built = await holidayListFor(options.calendar, config, now, io.fetchOptions ?? {});
    // No live overrides here: this command shows what the calendar alone makes of Connect's hours.
    const plan = closedDayOverridesFor(config, built.list, now).closedDays;
    if (options.json === true) {
      io.stdout(`${JSON.stringify(overridesJson(plan))}\n`);
    } else {
      io.stdout(`${[...(built.note === undefined ? [] : [built.note, '']), ...planLines(plan, config)].join('\n')}\n`);
    }
    return 0;
  } catch (error) {
    io.stderr(`overrides: ${oneLine(error)}\n`);
    return 1;
  }
}

/** Add `overrides --calendar <file-or-url> [--config <file>] [--at <instant>] [--json]` to the CLI. */
export function registerOverridesCommand(program: Command, fetchOptions: FetchCalendarOptions = {}): void {
  program
    .command('overrides')
    .description('print the closed-day overrides the override sync would hold in Connect')
    .option('--calendar <file-or-url>', 'iCalendar file or URL the holiday list is built from')
    .option('--config <file>', 'site configuration', DEFAULT_CONFIG_PATH)
    .option('--at <instant>', 'plan as of this ISO 8601 instant (with offset) instead of now')
    .option('--json', 'print {"overrides":[{"name","type","from","till"}, ...]}')
    .action(async (options: OverridesOptions) => {
      process.exitCode = await runOverridesCommand(options, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        fetchOptions,
      });
    });
}
