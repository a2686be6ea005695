/**
 * Override sync (after every list write, daily, and once per deploy): makes this site's overrides in Amazon Connect
 * equal the closed days and the pending live closures and openings, reads the effective hours back and reports
 * problems once. See `sync.ts`.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { ENV } from '../shared/metrics';
import { createSyncHandler, syncEnvironment } from './wiring';

// Module scope: read once per container, so a missing variable fails the cold start with its name. The closures and
// corrections are compiled into the bundle by the stack, as for the checker (`process.env.BUILTIN_CALENDAR`).
const environment = syncEnvironment({ ...process.env, [ENV.builtinCalendar]: process.env.BUILTIN_CALENDAR });

// Connect's limits are per API, account and Region. The core retries with its own backoff and time budget, so the
// client makes one attempt per call (retries would multiply); adaptive mode still slows the client down once it has
// been throttled.
const connect = new ConnectClient({ retryMode: 'adaptive', maxAttempts: 1 });
const s3 = new S3Client({});
const sns = new SNSClient({});

/** The Lambda entry point. The event carries nothing the sync needs. */
export const handler = createSyncHandler({ connect, s3, sns }, environment);
