/**
 * Lambda entry for the is-holiday checker that the contact flow invokes on every call, and the refresh schedule
 * every few minutes.
 *
 * Module scope (once per container): settings from the environment (a missing one fails the cold start with its
 * name), one S3 client with tight limits, and the held list. Each call answers from the held list with the shared
 * decision (revalidating behind the answer once the interval has passed); a refresh event re-reads it and waits.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { ConnectContactFlowEvent } from 'aws-lambda';
import type { CheckerResult } from '../shared/decision';
import { createIsHolidayHandler, createRefreshHandler } from './checker';
import { isRefreshEvent, RefreshAnswer } from './refresh-event';
import { HolidayListCache } from './list-cache';
import { LIVE_CACHE_TIMING, LIVE_READ_DEADLINE_MS, LiveOverridesCache } from './live-cache';
import { CHECKER_S3_CLIENT_CONFIG, s3HolidayListSource } from './s3-list-source';
import { checkerSettingsFromEnv } from './settings';
import { ENV } from '../shared/metrics';

// The closures and corrections are compiled into the bundle by the stack (esbuild replaces the expression
// `process.env.BUILTIN_CALENDAR` with its text): they can outgrow Lambda's 4 KB environment. Unbundled (the tests),
// it reads the environment as usual.
const settings = checkerSettingsFromEnv({
  ...process.env,
  [ENV.builtinCalendar]: process.env.BUILTIN_CALENDAR,
  [ENV.businessHours]: process.env.BUSINESS_HOURS,
});

const s3 = new S3Client(CHECKER_S3_CLIENT_CONFIG);

const heldList = new HolidayListCache(s3HolidayListSource(s3, { bucket: settings.bucket, key: settings.listKey }), {
  revalidateMs: settings.revalidateMs,
  emptyRetryMs: settings.emptyRetryMs,
  clock: Date.now,
});

// A change reaches calls within a minute: revalidated behind calls after 20 s, awaited (a 304) after 55 s.
const heldLive = new LiveOverridesCache(
  s3HolidayListSource(s3, { bucket: settings.bucket, key: settings.liveKey, deadlineMs: LIVE_READ_DEADLINE_MS }),
  { ...LIVE_CACHE_TIMING, clock: Date.now },
);

const dependencies = {
  list: heldList,
  live: heldLive,
  settings,
  now: () => new Date(),
  // Raw stdout, not console.log: the runtime prefixes console lines with a timestamp and request ID, and
  // CloudWatch extracts embedded metrics only from lines that are pure JSON.
  writeLine: (line: string) => void process.stdout.write(`${line}\n`),
};
const answer = createIsHolidayHandler(dependencies);
const refresh = createRefreshHandler(dependencies);

/**
 * Answer the contact flow (`isHoliday`, `closedReason`, `holidayName`, `dataStatus`: see CheckerResult), or, for the
 * refresh schedule's event, re-read the list while nobody waits.
 */
export async function handler(event: ConnectContactFlowEvent): Promise<CheckerResult | RefreshAnswer> {
  return isRefreshEvent(event) ? refresh() : answer(event);
}
