/**
 * Holiday list fetcher (EventBridge Scheduler, and once per deploy): reads the configured iCalendar feed, checks it
 * and stores the list the is-holiday checker reads. See `refresh.ts` for the rules.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { createHandler, fetcherEnvironment } from './wiring';

// Module scope: read once per container, so a missing variable fails the cold start with its name.
const environment = fetcherEnvironment();
const s3 = new S3Client({});
const sns = new SNSClient({});

/** The Lambda entry point. The event (schedule tick or deploy invoke) carries nothing the fetcher needs. */
export const handler = createHandler({ s3, sns }, environment);
