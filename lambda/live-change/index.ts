/**
 * Lambda entry of the live override change notifier, invoked by S3 for every write of the live override document:
 * e-mails who did what and starts the override sync. See `notify.ts`.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import type { S3Event } from 'aws-lambda';
import { jsonLogger } from '../shared/notice';
import { ENV, requireEnv } from '../shared/metrics';
import { isMissingObject } from '../shared/s3-object';
import { snsAlerts } from '../shared/sns-alerts';
import { handleLiveChange, LiveChangeOutcome } from './notify';

const bucket = requireEnv(ENV.holidayBucket);
const settings = {
  siteName: requireEnv(ENV.siteName),
  timeZone: requireEnv(ENV.siteTimeZone),
  key: requireEnv(ENV.liveOverridesKey),
};
const topicArn = requireEnv(ENV.alertTopicArn);
const syncFunction = process.env[ENV.overrideSyncFunction];

const s3 = new S3Client({});
const sns = new SNSClient({});
const lambda = new LambdaClient({});
const log = jsonLogger(settings.siteName);

async function startSync(functionName: string): Promise<void> {
  await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event' }));
}

/** The Lambda entry point. */
export async function handler(event: S3Event): Promise<LiveChangeOutcome> {
  return handleLiveChange(
    event,
    {
      async readObject(key, versionId) {
        try {
          const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId === undefined ? {} : { VersionId: versionId }) }));
          return (await output.Body?.transformToString('utf-8')) ?? '';
        } catch (error) {
          if (isMissingObject(error)) return undefined;
          throw error;
        }
      },
      alerts: snsAlerts(sns, topicArn),
      ...(syncFunction === undefined || syncFunction === '' ? {} : { startSync: () => startSync(syncFunction) }),
      log,
      now: () => new Date(),
    },
    settings,
  );
}
