/**
 * The fetcher's AWS edges: S3 as the list store, SNS as the alert channel, settings from the environment, JSON-line
 * logs, and the handler with its one error boundary. `index.ts` builds the module-scope instances from these; tests
 * build their own against s3rver and a mocked SNS.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { isCivilDate, isValidTimeZone } from '../shared/civil-time';
import type { HolidayPolicy } from '../shared/holiday-policy';
import { ENV, requireEnv } from '../shared/metrics';
import { fetchCalendar } from './fetch-calendar';
import {
  AlertChannel,
  HolidayListStore,
  ListWriteConflictError,
  LogRecord,
  refreshHolidayList,
  RefreshDeps,
  RefreshOutcome,
  RefreshSettings,
} from './refresh';

/** Everything the handler reads from its environment. */
export interface FetcherEnvironment extends RefreshSettings {
  readonly bucket: string;
  readonly listKey: string;
  readonly alertTopicArn: string;
}

/** `HOLIDAY_POLICY` is missing a field or has one of the wrong type. */
export class HolidayPolicyEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HolidayPolicyEnvError';
  }
}

/**
 * Parse the `HOLIDAY_POLICY` JSON the stack writes from the validated site config. The stack is the only writer, so
 * this checks shape, not business rules, and names every bad field at once.
 */
export function parseHolidayPolicy(text: string): HolidayPolicy {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HolidayPolicyEnvError(`${ENV.holidayPolicy} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problems: string[] = [];
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const policy = record(value);
  const checks = record(policy.checks);
  const fetch = record(policy.fetch);
  const expect = (ok: boolean, field: string, what: string) => {
    if (!ok) problems.push(`${field} must be ${what}`);
  };
  expect(typeof policy.timeZone === 'string' && isValidTimeZone(policy.timeZone), 'timeZone', 'an IANA time zone');
  expect(typeof policy.calendarUrl === 'string', 'calendarUrl', 'a string');
  expect(
    Array.isArray(policy.closedObservances) && policy.closedObservances.every((name) => typeof name === 'string'),
    'closedObservances',
    'an array of strings',
  );
  expect(
    Array.isArray(policy.closures) &&
      policy.closures.every((c) => ['from', 'to', 'reason'].every((k) => typeof record(c)[k] === 'string')),
    'closures',
    'an array of {from, to, reason}',
  );
  for (const key of ['minHolidaysPerYear', 'maxHolidaysPerYear', 'minDaysAhead']) {
    expect(typeof checks[key] === 'number', `checks.${key}`, 'a number');
  }
  expect(
    Array.isArray(policy.statutoryCorrections) &&
      policy.statutoryCorrections.every(
        (c) => isCivilDate(record(c).date) && typeof record(c).statutory === 'boolean' && typeof record(c).reason === 'string',
      ),
    'statutoryCorrections',
    'an array of {date, statutory, reason}',
  );
  expect(
    Array.isArray(policy.allowRemoval) &&
      policy.allowRemoval.every((c) => isCivilDate(record(c).date) && typeof record(c).reason === 'string'),
    'allowRemoval',
    'an array of {date, reason}',
  );
  for (const key of ['timeoutMs', 'maxBytes', 'attempts']) expect(typeof fetch[key] === 'number', `fetch.${key}`, 'a number');
  expect(typeof policy.rewriteUnchangedAfterDays === 'number', 'rewriteUnchangedAfterDays', 'a number');
  if (problems.length > 0) throw new HolidayPolicyEnvError(`${ENV.holidayPolicy}: ${problems.join('; ')}`);
  return value as HolidayPolicy;
}

/** Read the handler's settings; a missing variable fails with its name. */
export function fetcherEnvironment(env: NodeJS.ProcessEnv = process.env): FetcherEnvironment {
  return {
    bucket: requireEnv(ENV.holidayBucket, env),
    listKey: requireEnv(ENV.holidayListKey, env),
    alertTopicArn: requireEnv(ENV.alertTopicArn, env),
    siteName: requireEnv(ENV.siteName, env),
    policy: parseHolidayPolicy(requireEnv(ENV.holidayPolicy, env)),
  };
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function isMissingObject(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // A missing bucket is a deployment fault, not "no list yet": it must alert, not start from nothing.
  if (error.name === 'NoSuchBucket') return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || statusOf(error) === 404;
}

/**
 * S3's answers to a conditional write that lost a race (S3 User Guide, "Add preconditions to S3 operations with
 * conditional requests"): 412 PreconditionFailed when the ETag no longer matches or an object now exists; 409
 * ConditionalRequestConflict when another write to the key was in progress; 404 NoSuchKey for If-Match on an object
 * deleted meanwhile. Each means "read again and decide again".
 */
function isLostRace(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = statusOf(error);
  return (
    error.name === 'PreconditionFailed' ||
    error.name === 'ConditionalRequestConflict' ||
    status === 412 ||
    status === 409 ||
    isMissingObject(error)
  );
}

/**
 * The list as one S3 object. A missing object is "no list yet"; every other read error is thrown. Writes are
 * conditional on the ETag that was read (`If-Match`), or on there being no object (`If-None-Match: *`), so two
 * fetcher runs can never overwrite each other's list unseen.
 */
export function s3ListStore(s3: S3Client, bucket: string, key: string): HolidayListStore {
  return {
    async read() {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { text: (await object.Body?.transformToString('utf-8')) ?? '', etag: object.ETag };
      } catch (error) {
        if (isMissingObject(error)) return undefined;
        throw error;
      }
    },
    async write(text, expectedEtag) {
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: text,
            ContentType: 'application/json',
            ...(expectedEtag === undefined ? { IfNoneMatch: '*' } : { IfMatch: expectedEtag }),
          }),
        );
      } catch (error) {
        if (isLostRace(error)) {
          throw new ListWriteConflictError(
            `the stored list changed since it was read (${error instanceof Error ? error.name : 'conflict'})`,
          );
        }
        throw error;
      }
    },
  };
}

/** Alerts and reports as SNS messages on one topic (e-mail subscriptions read the subject). */
export function snsAlerts(sns: SNSClient, topicArn: string): AlertChannel {
  return {
    async publish(subject, message) {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
  };
}

/** One JSON object per line with stable keys; the site name on every line. */
export function jsonLogger(
  siteName: string,
  // Raw stdout, not console.log: the runtime prefixes console lines with a timestamp and request ID, and a
  // prefixed line is no longer an embedded-metric-format document (the failure-alerted metric would be lost).
  write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
) {
  return (record: LogRecord): void => {
    write(JSON.stringify({ time: new Date().toISOString(), site: siteName, ...record }));
  };
}

/** The clients the handler acts with. */
export interface FetcherClients {
  readonly s3: S3Client;
  readonly sns: SNSClient;
  /** @default the real {@link fetchCalendar} */
  readonly fetchCalendar?: RefreshDeps['fetchCalendar'];
  /** @default a JSON-line logger on stdout */
  readonly log?: RefreshDeps['log'];
  /** @default the real clock */
  readonly clock?: () => Date;
}

/**
 * The Lambda handler: ignores its event (a schedule tick or the deploy-time invoke), refreshes the list and returns
 * what it did. Failures were already alerted by the core; they are rethrown so the invocation fails.
 */
export function createHandler(clients: FetcherClients, environment: FetcherEnvironment): () => Promise<RefreshOutcome> {
  const log = clients.log ?? jsonLogger(environment.siteName);
  const deps: RefreshDeps = {
    store: s3ListStore(clients.s3, environment.bucket, environment.listKey),
    alerts: snsAlerts(clients.sns, environment.alertTopicArn),
    fetchCalendar:
      clients.fetchCalendar ??
      ((url, limits) =>
        fetchCalendar(url, limits, {
          // Every retry is visible in the logs, with why and how long the wait is.
          onRetry: ({ attempt, delayMs, cause }) => log({ level: 'warn', event: 'fetch-retry', attempt, delayMs, cause }),
        })),
    log,
  };
  const clock = clients.clock ?? (() => new Date());
  return async () => {
    const outcome = await refreshHolidayList(deps, environment, clock());
    deps.log({ level: 'info', event: 'refresh-done', ...outcome });
    return outcome;
  };
}
