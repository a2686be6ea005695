import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { REFRESH_EVENT } from '../../lambda/is-holiday/refresh-event';
import type { BuiltinCalendar } from '../../lambda/shared/builtin-calendar';
import type { HoursOfOperationEntry } from '../../lambda/shared/connect-hours';
import { ENV } from '../../lambda/shared/metrics';
import { CHECKER_EXTERNAL_MODULES } from '../bundling';
import type { CheckerConfig } from '../config/site-config';
import { CHECKER_TIME_LIMIT_SECONDS } from '../flow/render';
import { HolidayStore } from './holiday-store';
import { HouseFunction } from './house-function';

/** Props of {@link HolidayChecker}. */
export interface HolidayCheckerProps {
  /** The metrics' Site dimension. */
  readonly siteName: string;
  /** The site's IANA time zone. */
  readonly timeZone: string;
  /** How the checker answers. */
  readonly checker: CheckerConfig;
  /** Where the list is read from. */
  readonly store: HolidayStore;
  /** The closures and statutory corrections the checker answers from when it has no list. */
  readonly builtin: BuiltinCalendar;
  /** The weekly hours (as the hours of operation holds them), for when the line next opens. */
  readonly weekly: readonly HoursOfOperationEntry[];
  /** Log retention. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * The is-holiday checker the contact flow invokes on every call, and a schedule that invokes it every
 * `revalidateMinutes` to re-read the list while nobody is waiting (a call never waits for a read while a list is held,
 * and Lambda freezes a container the moment a call is answered, so reads behind calls cannot be relied on).
 */
export class HolidayChecker extends Construct {
  /** The checker function. */
  readonly function: HouseFunction;
  /** The refresh schedule. */
  readonly refreshSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: HolidayCheckerProps) {
    super(scope, id);
    this.function = new HouseFunction(this, 'Function', {
      entry: path.join(__dirname, '..', '..', 'lambda', 'is-holiday', 'index.ts'),
      description: `${props.siteName}: answers whether today is a closed day, for the contact flow`,
      // The flow waits exactly this long; a slower answer takes the flow's error branch (the hours check).
      timeout: Duration.seconds(CHECKER_TIME_LIMIT_SECONDS),
      memorySize: 256,
      logRetention: props.logRetention,
      externalModules: CHECKER_EXTERNAL_MODULES,
      // Loading the 2.4 MB map costs ~10% of a cold start on the call path (BENCHMARKS.md); the map still ships,
      // so a trace can be decoded offline.
      sourceMapsAtRuntime: false,
      environment: {
        [ENV.holidayBucket]: props.store.bucket.bucketName,
        [ENV.holidayListKey]: props.store.holidayListKey,
        [ENV.siteName]: props.siteName,
        [ENV.siteTimeZone]: props.timeZone,
        [ENV.revalidateMinutes]: String(props.checker.revalidateMinutes),
        [ENV.maxListAgeDays]: String(props.checker.maxListAgeDays),
        [ENV.fallbackClosed]: String(props.checker.fallbackClosed),
        [ENV.liveOverridesKey]: props.store.liveOverridesKey,
      },
      // Closures (and up to 100 opening periods) can outgrow the 4 KB environment: compiled into the code instead.
      compiledIn: {
        [`process.env.${ENV.builtinCalendar}`]: JSON.stringify(props.builtin),
        [`process.env.${ENV.businessHours}`]: JSON.stringify(props.weekly),
      },
    });
    props.store.grantReadList(this.function);
    props.store.grantReadLive(this.function);

    const schedulerRole = this.function.schedulerRole(this, 'RefreshRole', 'Lets the refresh schedule invoke the is-holiday checker.');
    this.refreshSchedule = new scheduler.Schedule(this, 'RefreshSchedule', {
      description: `${props.siteName}: re-read the holiday list every ${props.checker.revalidateMinutes} min, outside calls`,
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(props.checker.revalidateMinutes)),
      target: new targets.LambdaInvoke(this.function, {
        role: schedulerRole,
        input: scheduler.ScheduleTargetInput.fromObject(REFRESH_EVENT),
        // A missed refresh is made good by the next one a few minutes later: no retries, no dead letters.
        retryAttempts: 0,
        maxEventAge: Duration.minutes(props.checker.revalidateMinutes),
      }),
    });
  }
}
