/**
 * The checker's settings, read from the environment the stack sets. Any missing or malformed value fails the
 * cold start with the variable's name, so a broken deploy shows in the first invocation's error, not in answers.
 */
import type { BuiltinCalendar } from '../shared/builtin-calendar';
import { isCivilDate, isValidTimeZone, WEEKDAYS } from '../shared/civil-time';
import type { HoursOfOperationEntry } from '../shared/connect-hours';
import { ENV, requireEnv } from '../shared/metrics';

/** Everything the checker needs besides its S3 client. */
export interface CheckerSettings {
  /** Bucket holding the list. */
  readonly bucket: string;
  /** Key of the list object. */
  readonly listKey: string;
  /** The site's name: the metric dimension and a log field. */
  readonly siteName: string;
  /** The site's IANA time zone. */
  readonly timeZone: string;
  /** Revalidate the held list at most this often. */
  readonly revalidateMs: number;
  /** While no list is held, retry this often (at most `revalidateMs`). */
  readonly emptyRetryMs: number;
  /** A list fetched longer ago than this answers `stale`. */
  readonly maxAgeMs: number;
  /** The answer's `isHoliday` when nothing knows today (no list, and the built-in calendar neither). */
  readonly fallbackClosed: boolean;
  /** The site's closures and statutory corrections, for answers without a list. */
  readonly builtin: BuiltinCalendar;
  /** Key of the live override document in the same bucket. */
  readonly liveKey: string;
  /** The weekly hours (as Connect holds them), for when the line next opens. */
  readonly weekly: readonly HoursOfOperationEntry[];
}

/** A configuration value in the environment is present but unusable. */
export class CheckerSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckerSettingsError';
  }
}

/** Longest a container waits before retrying when it holds no list. */
export const EMPTY_RETRY_MAX_MS = 30_000;

function positiveNumber(name: string, env: NodeJS.ProcessEnv): number {
  const text = requireEnv(name, env);
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new CheckerSettingsError(`environment variable ${name} must be a positive number, got ${JSON.stringify(text)}`);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parse `BUILTIN_CALENDAR`, the JSON the stack writes from the validated site configuration. The stack is its only
 * writer, so this checks shape, not business rules.
 */
export function parseBuiltinCalendar(text: string): BuiltinCalendar {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CheckerSettingsError(`environment variable ${ENV.builtinCalendar} is not JSON`);
  }
  const closuresOk =
    isRecord(value) &&
    Array.isArray(value.closures) &&
    value.closures.every((c) => isRecord(c) && ['from', 'to', 'reason'].every((k) => typeof c[k] === 'string'));
  const correctionsOk =
    isRecord(value) &&
    Array.isArray(value.statutoryCorrections) &&
    value.statutoryCorrections.every(
      (c) => isRecord(c) && isCivilDate(c.date) && typeof c.statutory === 'boolean' && typeof c.reason === 'string',
    );
  if (!closuresOk || !correctionsOk) {
    throw new CheckerSettingsError(
      `environment variable ${ENV.builtinCalendar} must be {"closures": [{from, to, reason}], "statutoryCorrections": [{date, statutory, reason}]}`,
    );
  }
  return value as unknown as BuiltinCalendar;
}

function isClock(value: unknown, maxHours: number): boolean {
  if (!isRecord(value)) return false;
  const { hours, minutes } = value;
  return Number.isInteger(hours) && Number.isInteger(minutes) && (hours as number) >= 0 && (hours as number) <= maxHours && (minutes as number) >= 0 && (minutes as number) <= 59;
}

/** Parse `BUSINESS_HOURS`, the weekly entries the stack writes (the same ones the hours of operation holds). */
export function parseBusinessHours(text: string): HoursOfOperationEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CheckerSettingsError(`environment variable ${ENV.businessHours} is not JSON`);
  }
  const ok =
    Array.isArray(value) &&
    value.every((entry) => isRecord(entry) && (WEEKDAYS as readonly unknown[]).includes(entry.day) && isClock(entry.startTime, 23) && isClock(entry.endTime, 23));
  if (!ok) throw new CheckerSettingsError(`environment variable ${ENV.businessHours} must be [{day, startTime: {hours, minutes}, endTime: {hours, minutes}}]`);
  return value as HoursOfOperationEntry[];
}

/** Read and check the checker's settings. Throws naming the first missing or malformed variable. */
export function checkerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CheckerSettings {
  const bucket = requireEnv(ENV.holidayBucket, env);
  const listKey = requireEnv(ENV.holidayListKey, env);
  const siteName = requireEnv(ENV.siteName, env);
  const timeZone = requireEnv(ENV.siteTimeZone, env);
  if (!isValidTimeZone(timeZone)) {
    throw new CheckerSettingsError(`environment variable ${ENV.siteTimeZone} is not an IANA time zone: ${timeZone}`);
  }
  const revalidateMs = positiveNumber(ENV.revalidateMinutes, env) * 60_000;
  const maxAgeMs = positiveNumber(ENV.maxListAgeDays, env) * 86_400_000;
  const fallbackText = requireEnv(ENV.fallbackClosed, env);
  if (fallbackText !== 'true' && fallbackText !== 'false') {
    throw new CheckerSettingsError(
      `environment variable ${ENV.fallbackClosed} must be "true" or "false", got ${JSON.stringify(fallbackText)}`,
    );
  }
  return {
    bucket,
    listKey,
    siteName,
    timeZone,
    revalidateMs,
    emptyRetryMs: Math.min(revalidateMs, EMPTY_RETRY_MAX_MS),
    maxAgeMs,
    fallbackClosed: fallbackText === 'true',
    builtin: parseBuiltinCalendar(requireEnv(ENV.builtinCalendar, env)),
    liveKey: requireEnv(ENV.liveOverridesKey, env),
    weekly: parseBusinessHours(requireEnv(ENV.businessHours, env)),
  };
}
