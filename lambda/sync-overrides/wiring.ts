/**
 * The override sync's AWS edges: Connect's override and effective-hours calls, the list, the live override document
 * and the incident record in S3, SNS, settings from the environment, and the handler. `index.ts` builds the module-scope clients; tests build
 * their own (s3rver, a mocked SNS, a Connect model behind aws-sdk-client-mock).
 */
import {
  ConnectClient,
  CreateHoursOfOperationOverrideCommand,
  DeleteHoursOfOperationOverrideCommand,
  GetEffectiveHoursOfOperationsCommand,
  HoursOfOperationOverride,
  HoursOfOperationOverrideConfig,
  ListHoursOfOperationOverridesCommand,
  UpdateHoursOfOperationOverrideCommand,
} from '@aws-sdk/client-connect';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { parseBuiltinCalendar } from '../is-holiday/settings';
import { isValidTimeZone, Weekday, WEEKDAYS } from '../shared/civil-time';
import { OVERRIDE_LIMIT, PlannedOverride } from '../shared/closed-day-overrides';
import type { HoursOfOperationEntry, OverrideType } from '../shared/connect-hours';
import { parseHolidayList } from '../shared/holiday-list';
import { LiveOverridesFormatError, parseLiveOverrides } from '../shared/live-overrides';
import { ENV, requireEnv } from '../shared/metrics';
import { jsonLogger, LogRecord } from '../shared/notice';
import { readS3Text } from '../shared/s3-object';
import { snsAlerts } from '../shared/sns-alerts';
import type { ExistingOverride } from './changes';
import { HoursResource, ListReading, LiveReading, OverridesApi, SyncOutcome, SyncSettings, syncOverrides, SyncState, SyncStateStore } from './sync';
import type { EffectiveHours } from './verify';

/** Everything the handler reads from its environment. */
export interface SyncEnvironment extends Omit<SyncSettings, 'writePaceMs' | 'attempts' | 'backoffMs' | 'settleMs' | 'reserveMs'> {
  readonly bucket: string;
  readonly listKey: string;
  /** The live override document (same bucket). */
  readonly liveKey: string;
  readonly stateKey: string;
  readonly alertTopicArn: string;
  /** The instance's ID. */
  readonly instanceId: string;
  /** The hours resource the overrides are written to (the closed-days resource, or the business hours). */
  readonly overrideHoursId: string;
  /** The hours the flow checks, read back to verify. */
  readonly checkedHoursId: string;
}

/** An environment value is present but unusable. */
export class SyncEnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncEnvironmentError';
  }
}

const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/([0-9a-f-]{1,100})$/u;
const HOURS_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/([0-9a-f-]{1,100})\/operating-hours\/([A-Za-z0-9-]{1,100})$/u;

function hoursIdOf(name: string, arn: string, instanceId: string): string {
  const match = HOURS_ARN.exec(arn);
  if (match === null || match[1] !== instanceId) {
    throw new SyncEnvironmentError(`environment variable ${name} must be an hours of operation ARN of instance ${instanceId}, got ${JSON.stringify(arn)}`);
  }
  return match[2] as string;
}

/** Read the handler's settings; a missing or malformed variable fails with its name. */
export function syncEnvironment(env: NodeJS.ProcessEnv = process.env): SyncEnvironment {
  const instanceArn = requireEnv(ENV.instanceArn, env);
  const instance = INSTANCE_ARN.exec(instanceArn);
  if (instance === null) throw new SyncEnvironmentError(`environment variable ${ENV.instanceArn} must be an instance ARN, got ${JSON.stringify(instanceArn)}`);
  const instanceId = instance[1] as string;
  const timeZone = requireEnv(ENV.siteTimeZone, env);
  if (!isValidTimeZone(timeZone)) throw new SyncEnvironmentError(`environment variable ${ENV.siteTimeZone} is not an IANA time zone: ${timeZone}`);
  const maxText = requireEnv(ENV.maxOverrides, env);
  const maxOverrides = Number(maxText);
  if (!Number.isInteger(maxOverrides) || maxOverrides < 1 || maxOverrides > OVERRIDE_LIMIT) {
    throw new SyncEnvironmentError(`environment variable ${ENV.maxOverrides} must be a whole number 1-${OVERRIDE_LIMIT}, got ${JSON.stringify(maxText)}`);
  }
  return {
    bucket: requireEnv(ENV.holidayBucket, env),
    listKey: requireEnv(ENV.holidayListKey, env),
    liveKey: requireEnv(ENV.liveOverridesKey, env),
    stateKey: requireEnv(ENV.syncStateKey, env),
    alertTopicArn: requireEnv(ENV.alertTopicArn, env),
    siteName: requireEnv(ENV.siteName, env),
    timeZone,
    builtin: parseBuiltinCalendar(requireEnv(ENV.builtinCalendar, env)),
    maxOverrides,
    instanceId,
    overrideHoursId: hoursIdOf(ENV.overrideHoursArn, requireEnv(ENV.overrideHoursArn, env), instanceId),
    checkedHoursId: hoursIdOf(ENV.checkedHoursArn, requireEnv(ENV.checkedHoursArn, env), instanceId),
  };
}

function entryOf(config: HoursOfOperationOverrideConfig): HoursOfOperationEntry {
  return {
    day: (WEEKDAYS as readonly string[]).includes(config.Day ?? '') ? (config.Day as Weekday) : 'SUNDAY',
    startTime: { hours: config.StartTime?.Hours ?? 0, minutes: config.StartTime?.Minutes ?? 0 },
    endTime: { hours: config.EndTime?.Hours ?? 0, minutes: config.EndTime?.Minutes ?? 0 },
  };
}

function existingOf(override: HoursOfOperationOverride): ExistingOverride {
  return {
    id: override.HoursOfOperationOverrideId ?? '',
    name: override.Name ?? '',
    description: override.Description,
    type: override.OverrideType as OverrideType | undefined,
    from: override.EffectiveFrom ?? '',
    till: override.EffectiveTill ?? '',
    config: (override.Config ?? []).map(entryOf),
    recurring: override.RecurrenceConfig !== undefined,
  };
}

function requestFields(override: PlannedOverride) {
  return {
    Name: override.name,
    Description: override.description,
    OverrideType: override.type,
    EffectiveFrom: override.from,
    EffectiveTill: override.till,
    Config: override.config.map((entry) => ({
      Day: entry.day,
      StartTime: { Hours: entry.startTime.hours, Minutes: entry.startTime.minutes },
      EndTime: { Hours: entry.endTime.hours, Minutes: entry.endTime.minutes },
    })),
  };
}

/** The most overrides one ListHoursOfOperationOverrides page holds (API Reference: MaxResults 1-100). */
const LIST_PAGE_SIZE = 100;

/** Connect's override calls on `overrideHoursId`, and the read-back of `checkedHoursId`. */
export function connectOverridesApi(
  connect: ConnectClient,
  ids: { readonly instanceId: string; readonly overrideHoursId: string; readonly checkedHoursId: string },
): OverridesApi {
  const on = (resource: HoursResource) => ({
    InstanceId: ids.instanceId,
    HoursOfOperationId: resource === 'target' ? ids.overrideHoursId : ids.checkedHoursId,
  });
  const target = on('target');
  return {
    separateChecked: ids.overrideHoursId !== ids.checkedHoursId,
    async list(resource) {
      const all: ExistingOverride[] = [];
      let nextToken: string | undefined;
      do {
        const page = await connect.send(new ListHoursOfOperationOverridesCommand({ ...on(resource), MaxResults: LIST_PAGE_SIZE, NextToken: nextToken }));
        all.push(...(page.HoursOfOperationOverrideList ?? []).map(existingOf));
        nextToken = page.NextToken;
      } while (nextToken !== undefined);
      return all;
    },
    async create(override) {
      await connect.send(new CreateHoursOfOperationOverrideCommand({ ...target, ...requestFields(override) }));
    },
    async update(id, override) {
      await connect.send(new UpdateHoursOfOperationOverrideCommand({ ...target, HoursOfOperationOverrideId: id, ...requestFields(override) }));
    },
    async remove(resource, id) {
      await connect.send(new DeleteHoursOfOperationOverrideCommand({ ...on(resource), HoursOfOperationOverrideId: id }));
    },
    async effectiveHours(from, to): Promise<EffectiveHours> {
      const answer = await connect.send(
        new GetEffectiveHoursOfOperationsCommand({ InstanceId: ids.instanceId, HoursOfOperationId: ids.checkedHoursId, FromDate: from, ToDate: to }),
      );
      const overridesByDate = new Map((answer.EffectiveOverrideHoursList ?? []).map((day) => [day.Date ?? '', day.OverrideHours ?? []]));
      const hoursByDate = new Map((answer.EffectiveHoursOfOperationList ?? []).map((day) => [day.Date ?? '', day.OperationalHours ?? []]));
      // Every date either list names: a closed date may come only with its override.
      const dates = [...new Set([...hoursByDate.keys(), ...overridesByDate.keys()])].filter((date) => date !== '').sort();
      return {
        timeZone: answer.TimeZone,
        days: dates.map((date) => ({
          date,
          listed: hoursByDate.has(date),
          open: (hoursByDate.get(date) ?? []).map((period) => ({
            start: { hours: period.Start?.Hours ?? 0, minutes: period.Start?.Minutes ?? 0 },
            end: { hours: period.End?.Hours ?? 0, minutes: period.End?.Minutes ?? 0 },
          })),
          overrides: (overridesByDate.get(date) ?? []).map((hour) => ({ name: hour.OverrideName ?? '', status: hour.OperationalStatus })),
        })),
      };
    },
  };
}

/** The stored list as the sync reads it: absent, unreadable (with why), or a list. */
export async function readListFromS3(s3: S3Client, bucket: string, key: string): Promise<ListReading> {
  const stored = await readS3Text(s3, bucket, key);
  if (stored === undefined) return { state: 'none' };
  try {
    return { state: 'ok', list: parseHolidayList(stored.text) };
  } catch (error) {
    return { state: 'unreadable', problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The live override document as the sync reads it: none stored, damaged (with why), or its overrides. A failed read
 * (denied, no bucket) is thrown, and the core counts it unreadable.
 */
export async function readLiveFromS3(s3: S3Client, bucket: string, key: string): Promise<LiveReading> {
  const stored = await readS3Text(s3, bucket, key);
  if (stored === undefined) return { state: 'none' };
  try {
    return { state: 'ok', overrides: parseLiveOverrides(stored.text).overrides };
  } catch (error) {
    if (error instanceof LiveOverridesFormatError) return { state: 'damaged', problem: error.message };
    throw error;
  }
}

const PROBLEM_KINDS = ['mismatch', 'short', 'failed', 'conflict', 'live'];

/** A record of the right shape to the last field; anything else is no record. */
function isSyncState(value: unknown): value is SyncState {
  const record = value as { formatVersion?: unknown; reported?: unknown } | null;
  if (typeof record !== 'object' || record === null || record.formatVersion !== 1) return false;
  const reported = record.reported as Record<string, unknown> | null;
  if (typeof reported !== 'object' || reported === null || Array.isArray(reported)) return false;
  return Object.entries(reported).every(([kind, entry]) => {
    const told = entry as { items?: unknown; at?: unknown } | null;
    return (
      PROBLEM_KINDS.includes(kind) &&
      typeof told === 'object' &&
      told !== null &&
      Array.isArray(told.items) &&
      told.items.every((item) => typeof item === 'string') &&
      typeof told.at === 'string'
    );
  });
}

/** The incident record as one JSON object. One run at a time (reserved concurrency 1), so plain writes suffice. */
export function s3SyncStateStore(s3: S3Client, bucket: string, key: string): SyncStateStore {
  return {
    async read() {
      const stored = await readS3Text(s3, bucket, key);
      if (stored === undefined) return undefined;
      const value: unknown = JSON.parse(stored.text);
      // A record of another shape is no record: an incident may be e-mailed again, never missed.
      return isSyncState(value) ? value : undefined;
    },
    async write(state) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${JSON.stringify(state, null, 1)}\n`, ContentType: 'application/json' }));
    },
  };
}

/** The clients the handler acts with. */
export interface SyncClients {
  readonly connect: ConnectClient;
  readonly s3: S3Client;
  readonly sns: SNSClient;
  /** @default a JSON-line logger on stdout */
  readonly log?: (record: LogRecord) => void;
  /** @default the real clock */
  readonly clock?: () => Date;
  /** @default a real wait */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default the Lambda context's remaining time (no limit without one) */
  readonly timeLeftMs?: () => number;
}

/**
 * How the sync paces and retries its calls in the Lambda. The core's backoff is the only retry (the SDK client makes
 * one attempt), so a throttled call costs at most six requests and some 16 s of waiting; after one that still fails
 * the run stops making changes. 20 s are kept for the report.
 */
export const SYNC_PACING = { writePaceMs: 500, attempts: 6, backoffMs: 500, settleMs: 10_000, reserveMs: 20_000 } as const;

/**
 * The Lambda handler: ignores its event (a list write, the daily schedule or a deploy), syncs and returns what it
 * did. Problems are reported by the core, not thrown: the next run retries.
 */
export function createSyncHandler(
  clients: SyncClients,
  environment: SyncEnvironment,
): (event?: unknown, context?: { getRemainingTimeInMillis(): number }) => Promise<SyncOutcome> {
  const log = clients.log ?? jsonLogger(environment.siteName);
  const sleep = clients.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const clock = clients.clock ?? (() => new Date());
  return async (_event, context) => {
    const timeLeftMs = clients.timeLeftMs ?? (context === undefined ? undefined : () => context.getRemainingTimeInMillis());
    const outcome = await syncOverrides(
      {
        overrides: connectOverridesApi(clients.connect, environment),
        readList: () => readListFromS3(clients.s3, environment.bucket, environment.listKey),
        readLive: () => readLiveFromS3(clients.s3, environment.bucket, environment.liveKey),
        state: s3SyncStateStore(clients.s3, environment.bucket, environment.stateKey),
        alerts: snsAlerts(clients.sns, environment.alertTopicArn),
        log,
        sleep,
        ...(clients.random === undefined ? {} : { random: clients.random }),
        ...(timeLeftMs === undefined ? {} : { timeLeftMs }),
      },
      { ...environment, ...SYNC_PACING },
      clock(),
    );
    return outcome;
  };
}
