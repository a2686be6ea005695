/**
 * The second source for Japan's statutory days (国民の祝日・休日): the holiday-jp project's dataset, bundled with the
 * code. The calendar feed stays the primary source (names, timeliness); this one lets the fetcher refuse a feed on
 * which a statutory day appears, vanishes or moves, and lets the checker, the simulator and the CLI answer for days
 * no stored list covers.
 *
 * Why `@holiday-jp/holiday_jp` rather than `japanese-holidays` (both agree with each other on every day 1970-2050
 * and with the Google feed on every statutory day 2021-2031):
 * - it is data, not a formula: one reviewed table (the holiday-jp project's `holidays.yml`, shared by its Ruby,
 *   Python, Go… ports and kept in step with the Cabinet Office list), so a law change is a reviewed data update and
 *   the table says which years it speaks for (1970-2050); a formula answers for any year, including years no law
 *   has settled;
 * - it is keyed by the civil date string, so no `Date`, and no host time zone, ever touches a lookup
 *   (`japanese-holidays` takes `Date` objects read in host-local time, the mistake this project is built to avoid);
 * - it ships TypeScript types and is maintained by an organisation rather than one person.
 * Its cost is size (230 KB of source); the checker loads it only when it must answer without a list (see
 * BENCHMARKS.md for the cold-start figure).
 */
import type { CivilDate } from './civil-time';

/** An admin's correction of the second source for one date, from the site configuration. */
export interface StatutoryCorrection {
  /** The civil date, `YYYY-MM-DD`. */
  readonly date: CivilDate;
  /** `true`: a statutory day the second source does not know yet (a new law); `false`: one it lists wrongly. */
  readonly statutory: boolean;
  /** Why, for the record (the law, the gazette notice). */
  readonly reason: string;
}

interface HolidayJpEntry {
  readonly date: string;
  readonly name: string;
}

/** The second source's package, for messages. */
export const SECOND_SOURCE_NAME = '@holiday-jp/holiday_jp';

/** The second source as people should read it in alerts and the CLI: `holiday_jp 2.5.1 (1970-2050)`. */
export function secondSourceLabel(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('@holiday-jp/holiday_jp/package.json') as { version: string };
  const { from, to } = secondSourceRange();
  return `holiday_jp ${version} (${from.slice(0, 4)}-${to.slice(0, 4)})`;
}

let table: ReadonlyMap<CivilDate, string> | undefined;
let range: { readonly from: CivilDate; readonly to: CivilDate } | undefined;

/**
 * The dataset as a map, built on first use: the checker answers from a stored list on every healthy call, so its
 * cold start should not pay for a table it may never read. (esbuild keeps a CommonJS `require` lazy.)
 */
function statutoryTable(): ReadonlyMap<CivilDate, string> {
  if (table === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const data = require('@holiday-jp/holiday_jp/lib/holidays') as Readonly<Record<string, HolidayJpEntry>>;
    const map = new Map<CivilDate, string>();
    for (const entry of Object.values(data)) map.set(entry.date, entry.name);
    const dates = [...map.keys()].sort();
    range = { from: `${(dates[0] ?? '9999').slice(0, 4)}-01-01`, to: `${(dates[dates.length - 1] ?? '0000').slice(0, 4)}-12-31` };
    table = map;
  }
  return table;
}

/** The first and last civil dates the second source speaks for (whole years). */
export function secondSourceRange(): { readonly from: CivilDate; readonly to: CivilDate } {
  statutoryTable();
  return range as { from: CivilDate; to: CivilDate };
}

/** True when the second source speaks for `date` (outside its years it knows nothing, not "no holiday"). */
export function secondSourceCovers(date: CivilDate): boolean {
  const { from, to } = secondSourceRange();
  return date >= from && date <= to;
}

/** The generic name of a corrected statutory day the second source has no name for. */
const CORRECTED_DAY_NAME = '祝日';

/**
 * The statutory day on `date` per the second source with the admin's corrections applied: its name, or undefined
 * when `date` is not a statutory day (or lies outside the second source's years: ask {@link secondSourceCovers}).
 */
export function statutoryDayOn(date: CivilDate, corrections: readonly StatutoryCorrection[] = []): string | undefined {
  const correction = corrections.find((entry) => entry.date === date);
  if (correction !== undefined) return correction.statutory ? (statutoryTable().get(date) ?? CORRECTED_DAY_NAME) : undefined;
  return statutoryTable().get(date);
}

/** Every statutory day from `from` to `to` (inclusive) per the second source with corrections: date → name. */
export function statutoryDaysBetween(
  from: CivilDate,
  to: CivilDate,
  corrections: readonly StatutoryCorrection[] = [],
): Map<CivilDate, string> {
  const days = new Map<CivilDate, string>();
  for (const [date, name] of statutoryTable()) if (date >= from && date <= to) days.set(date, name);
  for (const correction of corrections) {
    if (correction.date < from || correction.date > to) continue;
    if (correction.statutory) days.set(correction.date, days.get(correction.date) ?? CORRECTED_DAY_NAME);
    else days.delete(correction.date);
  }
  return new Map([...days].sort(([a], [b]) => a.localeCompare(b)));
}
