/**
 * The checker's settings, read from the environment the stack sets. Any missing or malformed value fails the
 * cold start with the variable's name, so a broken deploy shows in the first invocation's error, not in answers.
 */
import { isValidTimeZone } from '../shared/civil-time';
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
  /** The answer's `isHoliday` when no list can be read. */
  readonly fallbackClosed: boolean;
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
  };
}
