/**
 * Holiday list fetcher (EventBridge Scheduler, and once per deploy): reads the configured iCalendar feed, checks it
 * and stores the list the is-holiday checker reads. See `refresh.ts` for the rules.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { ENV } from '../shared/metrics';
import { createHandler, fetcherEnvironment, startOverrideSync } from './wiring';

// Module scope: read once per container, so a missing variable fails the cold start with its name. The holiday
// policy is compiled into the bundle by the stack (esbuild replaces `process.env.HOLIDAY_POLICY` with its text, see
// HouseFunction's `compiledIn`): a site's closures can outgrow Lambda's 4 KB environment. Unbundled (the tests), the
// expression reads the environment as usual.
const environment = fetcherEnvironment({ ...process.env, [ENV.holidayPolicy]: process.env.HOLIDAY_POLICY });
const s3 = new S3Client({});
const sns = new SNSClient({});
// Set when the override sync is on: a changed list starts it at once.
const overrideSyncFunction = process.env[ENV.overrideSyncFunction];

/** The Lambda entry point. The event (schedule tick or deploy invoke) carries nothing the fetcher needs. */
export const handler = createHandler(
  {
    s3,
    sns,
    ...(overrideSyncFunction === undefined || overrideSyncFunction === '' ? {} : { afterWrite: startOverrideSync(new LambdaClient({}), overrideSyncFunction) }),
  },
  environment,
);
