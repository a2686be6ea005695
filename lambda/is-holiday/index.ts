/**
 * Lambda entry for the is-holiday checker that the contact flow invokes on every call.
 *
 * Module scope (once per container): settings from the environment (a missing one fails the cold start with its
 * name), one S3 client with tight limits, and the held list. Each call reads the held list, revalidating it at
 * most once per interval, and answers with the shared decision.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { ConnectContactFlowEvent } from 'aws-lambda';
import type { CheckerResult } from '../shared/decision';
import { createIsHolidayHandler } from './checker';
import { HolidayListCache } from './list-cache';
import { CHECKER_S3_CLIENT_CONFIG, s3HolidayListSource } from './s3-list-source';
import { checkerSettingsFromEnv } from './settings';

const settings = checkerSettingsFromEnv();

const s3 = new S3Client(CHECKER_S3_CLIENT_CONFIG);

const heldList = new HolidayListCache(s3HolidayListSource(s3, { bucket: settings.bucket, key: settings.listKey }), {
  revalidateMs: settings.revalidateMs,
  emptyRetryMs: settings.emptyRetryMs,
  clock: Date.now,
});

const answer = createIsHolidayHandler({
  list: heldList,
  settings,
  now: () => new Date(),
  // Raw stdout, not console.log: the runtime prefixes console lines with a timestamp and request ID, and
  // CloudWatch extracts embedded metrics only from lines that are pure JSON.
  writeLine: (line) => process.stdout.write(`${line}\n`),
});

/** Answer the contact flow: `isHoliday`, `closedReason`, `holidayName`, `dataStatus` (see CheckerResult). */
export async function handler(event: ConnectContactFlowEvent): Promise<CheckerResult> {
  return answer(event);
}
