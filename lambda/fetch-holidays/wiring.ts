/**
 * The fetcher's AWS edges: S3 as the list store, SNS as the alert channel, settings from the environment, JSON-line
 * logs, and the handler with its one error boundary. `index.ts` builds the module-scope instances from these; tests
 * build their own against s3rver and a mocked SNS.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { isCivilDate, isValidTimeZone } from '../shared/civil-time';
import type { HolidayPolicy } from '../shared/holiday-policy';
import { ENV, requireEnv } from '../shared/metrics';
import { fetchCalendar } from './fetch-calendar';
import { jsonLogger } from '../shared/notice';
import { errorLine, httpStatusOf } from '../shared/errors';
import { isMissingObject, readS3Text } from '../shared/s3-object';
import { snsAlerts } from '../shared/sns-alerts';
import {
  HolidayListStore,
  ListWriteConflictError,
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

/**
 * S3's answers to a conditional write that lost a race (S3 User Guide, "Add preconditions to S3 operations with
 * conditional requests"): 412 PreconditionFailed when the ETag no longer matches or an object now exists; 409
 * ConditionalRequestConflict when another write to the key was in progress; 404 NoSuchKey for If-Match on an object
 * deleted meanwhile. Each means "read again and decide again".
 */
function isLostRace(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = httpStatusOf(error);
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
    read: () => readS3Text(s3, bucket, key),
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
  /**
   * Runs after a changed list was written: starts the override sync, so Connect's hours follow within a minute.
   * @default nothing (the override sync is turned off)
   */
  readonly afterWrite?: () => Promise<void>;
}

/** Start the override sync function without waiting for it (an asynchronous invoke: Lambda queues and retries it). */
export function startOverrideSync(lambda: LambdaClient, functionName: string): () => Promise<void> {
  return async () => {
    await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: JSON.stringify({ source: 'list-written' }) }));
  };
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
    if (outcome.action === 'written' && clients.afterWrite !== undefined) {
      try {
        await clients.afterWrite();
        deps.log({ level: 'info', event: 'override-sync-started' });
      } catch (error) {
        // The list is stored and right; the sync's daily run brings Connect's hours up to date at the latest.
        deps.log({ level: 'error', event: 'override-sync-start-failed', error: errorLine(error) });
      }
    }
    return outcome;
  };
}
