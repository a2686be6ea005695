import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { BuiltinCalendar } from '../../lambda/shared/builtin-calendar';
import { ENV } from '../../lambda/shared/metrics';
import { codeAssetKey, DeployInvoker } from './deploy-invoke';
import { HolidayStore } from './holiday-store';
import { HouseFunction } from './house-function';

/** Props of {@link OverrideSync}. */
export interface OverrideSyncProps {
  /** The site: names, the metrics' Site dimension, the owner tag on every override. */
  readonly siteName: string;
  /** The site's IANA zone (the hours resources use it too). */
  readonly timeZone: string;
  /** The closures and statutory corrections, for days the list does not cover. */
  readonly builtin: BuiltinCalendar;
  /** Most overrides the sync may hold. */
  readonly maxOverrides: number;
  /** The instance. */
  readonly instanceArn: string;
  /** The hours resource the overrides are written to. */
  readonly overrideHours: connect.CfnHoursOfOperation;
  /** The hours the flow checks: read back after each sync. */
  readonly checkedHours: connect.CfnHoursOfOperation;
  /**
   * Everything about the two hours resources this stack sets (placement, zone, weekly hours, names): a change to any
   * of them means CloudFormation updated a resource, which may have dropped overrides, so the sync runs on that deploy.
   */
  readonly hoursFingerprint: string;
  /** Where the list and the live override document are read and the sync's record kept. */
  readonly store: HolidayStore;
  /** Where problems are reported. */
  readonly alertTopic: sns.ITopic;
  /** Starts the sync on deploy. */
  readonly deployInvoker: DeployInvoker;
  /** Log retention. */
  readonly logRetention: logs.RetentionDays;
  /** Any new value runs the deploy-time sync although nothing it depends on changed (`-c refresh=<text>`). @default none */
  readonly refreshToken?: string;
}

/** The daily run, on the site's wall clock: just after midnight, when "today" moves and an override may expire. */
export const DAILY_SYNC_TIME = { hour: 0, minute: 10 } as const;

/** A short, stable digest of `value` (JSON), for the deploy-time payload. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/**
 * The override sync: a function that makes this site's overrides in Connect equal the closed days and the pending live
 * closures and openings, run after every list write (the fetcher starts it), daily, and on every deploy that could
 * have touched the hours. A live change reaches Connect when something starts it (the stack wires that).
 */
export class OverrideSync extends Construct {
  /** The sync function. */
  readonly function: HouseFunction;
  /** The daily run. */
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: OverrideSyncProps) {
    super(scope, id);
    this.function = new HouseFunction(this, 'Function', {
      entry: path.join(__dirname, '..', '..', 'lambda', 'sync-overrides', 'index.ts'),
      description: `${props.siteName}: syncs the closed days into Connect hours-of-operation overrides`,
      // A first sync writes up to 50 overrides half a second apart and reads some 45 months back, each call with up
      // to five backoff waits when Connect throttles: minutes, not seconds, on a bad day.
      timeout: Duration.minutes(5),
      memorySize: 256,
      logRetention: props.logRetention,
      // One run at a time: two at once would both create the same override. Lambda queues the other's event.
      reservedConcurrentExecutions: 1,
      environment: {
        [ENV.holidayBucket]: props.store.bucket.bucketName,
        [ENV.holidayListKey]: props.store.holidayListKey,
        [ENV.liveOverridesKey]: props.store.liveOverridesKey,
        [ENV.syncStateKey]: props.store.syncStateKey,
        [ENV.alertTopicArn]: props.alertTopic.topicArn,
        [ENV.siteName]: props.siteName,
        [ENV.siteTimeZone]: props.timeZone,
        [ENV.instanceArn]: props.instanceArn,
        [ENV.overrideHoursArn]: props.overrideHours.attrHoursOfOperationArn,
        [ENV.checkedHoursArn]: props.checkedHours.attrHoursOfOperationArn,
        [ENV.maxOverrides]: String(props.maxOverrides),
      },
      // Closures can outgrow the 4 KB environment: compiled into the code, as for the checker.
      compiledIn: { [`process.env.${ENV.builtinCalendar}`]: JSON.stringify(props.builtin) },
    });
    props.store.grantReadList(this.function);
    // Live closures and openings are held as Connect overrides too, so a failing checker still honours them.
    props.store.grantReadLive(this.function);
    props.store.grantSyncState(this.function);
    props.alertTopic.grantPublish(this.function);
    // The override calls on the one resource the overrides live on, the read-back on the one the flow checks: no
    // other hours resource, no instance-wide action.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'connect:ListHoursOfOperationOverrides',
          'connect:CreateHoursOfOperationOverride',
          'connect:UpdateHoursOfOperationOverride',
          'connect:DeleteHoursOfOperationOverride',
        ],
        resources: [props.overrideHours.attrHoursOfOperationArn],
      }),
    );
    // The hours the flow checks: the read-back, and (when the overrides live elsewhere) removing this site's overrides
    // an earlier `business-hours` placement left there.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions:
          props.checkedHours === props.overrideHours
            ? ['connect:GetEffectiveHoursOfOperations']
            : ['connect:GetEffectiveHoursOfOperations', 'connect:ListHoursOfOperationOverrides', 'connect:DeleteHoursOfOperationOverride'],
        resources: [props.checkedHours.attrHoursOfOperationArn],
      }),
    );
    // A problem is e-mailed by the function itself and the next trigger retries; a Lambda retry would only repeat
    // the run. Throttled events (one run at a time) are still queued and retried by Lambda.
    this.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.hours(6) });

    const schedulerRole = this.function.schedulerRole(this, 'ScheduleRole', 'Lets the daily schedule invoke the override sync.');
    this.schedule = new scheduler.Schedule(this, 'DailySchedule', {
      description: `${props.siteName}: sync the closed-day overrides daily (${String(DAILY_SYNC_TIME.hour).padStart(2, '0')}:${String(DAILY_SYNC_TIME.minute).padStart(2, '0')} ${props.timeZone})`,
      schedule: scheduler.ScheduleExpression.cron({
        minute: String(DAILY_SYNC_TIME.minute),
        hour: String(DAILY_SYNC_TIME.hour),
        timeZone: TimeZone.of(props.timeZone),
      }),
      // A missed day is made good by the next list write or the next day.
      target: new targets.LambdaInvoke(this.function, { role: schedulerRole, retryAttempts: 2, maxEventAge: Duration.hours(6) }),
    });

    // On deploy, after the hours resources (the payload names them, so CloudFormation orders it after them): a
    // stack update that replaced or updated one of them may have left it without overrides, and this run restores
    // them within a minute. It runs again whenever the sync's code, the hours or the refresh token change.
    props.deployInvoker.invokeOnDeploy(
      this,
      'SyncOnDeploy',
      this.function,
      {
        source: 'deploy',
        codeAsset: codeAssetKey(this.function),
        hours: props.hoursFingerprint,
        overrideHours: props.overrideHours.attrHoursOfOperationArn,
        checkedHours: props.checkedHours.attrHoursOfOperationArn,
        refreshToken: props.refreshToken ?? '',
      },
      { physicalId: 'override-sync-on-deploy', resourceType: 'Custom::OverrideSyncOnDeploy' },
    );
  }
}
