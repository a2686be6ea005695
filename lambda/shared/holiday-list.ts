/**
 * The holiday list: the one JSON document the fetcher writes to S3 and the checker reads.
 *
 * It is the whole contract between the two Lambdas, so its shape lives here once. Company closures and the
 * observances a site treats as closed are resolved by the fetcher and written into the list (`closed`), which
 * is why the checker needs nothing else to answer.
 */
import { CivilDate, isCivilDate } from './civil-time';

/** The format version the code writes and the only one the checker trusts. */
export const HOLIDAY_LIST_FORMAT_VERSION = 1;

/** What kind of day a list entry is. */
export type DayKind = 'holiday' | 'observance' | 'closure';

/** Every kind, in the order a day's entries are ranked when several fall on one date. */
export const DAY_KINDS: readonly DayKind[] = ['holiday', 'closure', 'observance'];

/** One named day in the list. */
export interface HolidayDay {
  /** The civil date in the site's time zone, `YYYY-MM-DD`. */
  readonly date: CivilDate;
  /** The name callers may hear, e.g. `元日`, `年末年始`. */
  readonly name: string;
  /** `holiday`: statutory (国民の祝日・休日); `observance`: in the feed but not statutory; `closure`: the company's own. */
  readonly kind: DayKind;
  /** Whether the line is closed that day: always for holidays and closures, for observances only when configured. */
  readonly closed: boolean;
}

/** The document stored at the holiday list key. */
export interface HolidayList {
  readonly formatVersion: typeof HOLIDAY_LIST_FORMAT_VERSION;
  /** The calendar URL the days came from. */
  readonly sourceUrl: string;
  /** When the fetcher read the calendar, ISO 8601 UTC. */
  readonly fetchedAt: string;
  /** The site's IANA time zone; every `date` is a civil date there. */
  readonly timeZone: string;
  /** The first and last civil dates the list speaks for (inclusive). Outside it, "no entry" means "unknown". */
  readonly coverage: { readonly from: CivilDate; readonly to: CivilDate };
  /** Named days sorted by date, then by kind. */
  readonly days: readonly HolidayDay[];
}

/** The list could not be read as a holiday list of the supported version. */
export class HolidayListFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HolidayListFormatError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parse and check a stored holiday list. Throws {@link HolidayListFormatError} naming the first problem when the
 * text is not JSON, is of another format version, or a field is missing or malformed.
 */
export function parseHolidayList(text: string): HolidayList {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HolidayListFormatError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(value)) throw new HolidayListFormatError('not a JSON object');
  if (value.formatVersion !== HOLIDAY_LIST_FORMAT_VERSION) {
    throw new HolidayListFormatError(
      `unsupported formatVersion ${JSON.stringify(value.formatVersion)} (expected ${HOLIDAY_LIST_FORMAT_VERSION})`,
    );
  }
  const { sourceUrl, fetchedAt, timeZone, coverage, days } = value;
  if (typeof sourceUrl !== 'string') throw new HolidayListFormatError('sourceUrl is not a string');
  if (typeof fetchedAt !== 'string' || Number.isNaN(Date.parse(fetchedAt))) {
    throw new HolidayListFormatError('fetchedAt is not an ISO 8601 time');
  }
  if (typeof timeZone !== 'string') throw new HolidayListFormatError('timeZone is not a string');
  if (!isRecord(coverage) || !isCivilDate(coverage.from) || !isCivilDate(coverage.to) || coverage.from > coverage.to) {
    throw new HolidayListFormatError('coverage is not {from, to} with from <= to as YYYY-MM-DD');
  }
  if (!Array.isArray(days)) throw new HolidayListFormatError('days is not an array');
  days.forEach((day: unknown, index) => {
    if (
      !isRecord(day) ||
      !isCivilDate(day.date) ||
      typeof day.name !== 'string' ||
      !DAY_KINDS.includes(day.kind as DayKind) ||
      typeof day.closed !== 'boolean'
    ) {
      throw new HolidayListFormatError(`days[${index}] is not {date, name, kind, closed}`);
    }
  });
  return value as unknown as HolidayList;
}

/** The longest day name the fetcher stores and the checker answers with, in characters (code points). */
export const MAX_DAY_NAME_CHARS = 100;

/** What callers hear when a day's name is empty after cleaning: a generic word for its kind. */
export const GENERIC_DAY_NAMES: Readonly<Record<DayKind, string>> = {
  holiday: '祝日',
  observance: '休日',
  closure: '休業日',
};

// C0 and C1 controls, DEL, zero-width and bidirectional formatting characters, line and paragraph separators:
// none is ever spoken, and each can make a name read as empty (「本日はのため」) or display as something else.
const UNSPEAKABLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/gu;

/**
 * A day name fit to be stored and spoken: control and invisible formatting characters removed, whitespace
 * collapsed, at most {@link MAX_DAY_NAME_CHARS} characters, never empty (the generic word for its kind instead).
 * The fetcher applies it before storing and the checker again before answering, so a list written by anything
 * else still gives Connect a short, speakable answer.
 */
export function cleanDayName(name: string, kind: DayKind): string {
  const tidy = name.replace(UNSPEAKABLE, ' ').replace(/[\s\u3000]+/gu, ' ').trim();
  const chars = [...tidy];
  const capped = chars.length > MAX_DAY_NAME_CHARS ? chars.slice(0, MAX_DAY_NAME_CHARS).join('').trimEnd() : tidy;
  return capped === '' ? GENERIC_DAY_NAMES[kind] : capped;
}

/** Sort days by date, then kind rank, then name: the canonical order the fetcher writes and diffs. */
export function sortDays(days: readonly HolidayDay[]): HolidayDay[] {
  return [...days].sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      DAY_KINDS.indexOf(a.kind) - DAY_KINDS.indexOf(b.kind) ||
      a.name.localeCompare(b.name),
  );
}
