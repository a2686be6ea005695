/**
 * The benchmark's baseline: what the replaced system did on every call — download the list from S3 and parse it,
 * no cache — then the same decision and the same one log line, so only the data path differs from the checker.
 * Never deployed; bundled by the benchmark with the same settings as the checker.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ConnectContactFlowEvent } from 'aws-lambda';
import { DayResult, decideIsHoliday, indexHolidayList } from '../lambda/shared/decision';
import type { HolidayList } from '../lambda/shared/holiday-list';
import { ENV, requireEnv } from '../lambda/shared/metrics';

const bucket = requireEnv(ENV.holidayBucket);
const key = requireEnv(ENV.holidayListKey);
const timeZone = requireEnv(ENV.siteTimeZone);
const maxAgeMs = Number(requireEnv(ENV.maxListAgeDays)) * 86_400_000;
const s3 = new S3Client({});

/** Answer like the checker, reading the whole list from S3 first. */
export async function handler(event: ConnectContactFlowEvent): Promise<DayResult> {
  const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const list = JSON.parse((await output.Body?.transformToString('utf-8')) ?? '') as HolidayList;
  const result = decideIsHoliday(indexHolidayList(list), new Date(), { timeZone, maxAgeMs, fallbackClosed: false });
  process.stdout.write(`${JSON.stringify({ contactId: event.Details.ContactData.ContactId, ...result })}\n`);
  return result;
}
