import * as path from 'node:path';
import { Duration, TimeZone, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HolidayPolicy } from '../../lambda/shared/holiday-policy';
import { ENV } from '../../lambda/shared/metrics';
import { codeAssetKey, DeployInvoker } from './deploy-invoke';
import { HolidayStore } from './holiday-store';
import { HouseFunction } from './house-function';

/** Props of {@link HolidayFetcher}. */
export interface HolidayFetcherProps {
  /** Names the function's alerts. */
  readonly siteName: string;
  /** What to fetch and how to check it. */
  readonly policy: HolidayPolicy;
  /** `HH:MM` (daily) or `cron(...)`, on the wall clock of `policy.timeZone`. */
  readonly fetchSchedule: string;
  /** Where the list goes. */
  readonly store: HolidayStore;
  /** Where alerts go. */
  readonly alertTopic: sns.ITopic;
  /** Log retention. */
  readonly logRetention: logs.RetentionDays;
  /** Starts the fetch on deploy. */
  readonly deployInvoker: DeployInvoker;
  /**
   * Any new value runs the deploy-time fetch on this deploy even when nothing it depends on changed (the
   * `-c refreshHolidays=<text>` context flag, see `bin/app.ts`).
   * @default none: the fetch runs when the holiday policy or the fetcher's code changes
   */
  readonly refreshToken?: string;
}

/** The scheduler expression for a fetch schedule written `HH:MM` or `cron(...)`. */
export function fetchScheduleExpression(fetchSchedule: string, timeZone: string): scheduler.ScheduleExpression {
  const zone = TimeZone.of(timeZone);
  const clock = /^(\d{2}):(\d{2})$/.exec(fetchSchedule);
  if (clock === null) return scheduler.ScheduleExpression.expression(fetchSchedule, zone);
  return scheduler.ScheduleExpression.cron({
    minute: String(Number(clock[2])),
    hour: String(Number(clock[1])),
    timeZone: zone,
  });
}

/**
 * The holiday fetcher: a function that turns the calendar into the holiday list, run on a schedule in the site's
 * time zone and once on every deploy, with failures kept in a dead-letter queue.
 */
export class HolidayFetcher extends Construct {
  /** The fetcher function. */
  readonly function: HouseFunction;
  /** Failed scheduled runs end up here. */
  readonly deadLetterQueue: sqs.Queue;
  /** The schedule. */
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: HolidayFetcherProps) {
    super(scope, id);
    const { fetch } = props.policy;
    // Room for every attempt at its full timeout, the wait between attempts (backoff, or a Retry-After the fetcher
    // honours up to 20 s), and the S3 and SNS calls.
    const timeoutSeconds = Math.min(900, Math.ceil((fetch.attempts * fetch.timeoutMs) / 1000) + 20 * (fetch.attempts - 1) + 30);

    this.function = new HouseFunction(this, 'Function', {
      entry: path.join(__dirname, '..', '..', 'lambda', 'fetch-holidays', 'index.ts'),
      description: `${props.siteName}: fetches the holiday calendar into the holiday list`,
      timeout: Duration.seconds(timeoutSeconds),
      memorySize: 512,
      logRetention: props.logRetention,
      // One run at a time keeps Google from seeing bursts; the conditional writes are what make two runs safe.
      reservedConcurrentExecutions: 1,
      environment: {
        [ENV.holidayBucket]: props.store.bucket.bucketName,
        [ENV.holidayListKey]: props.store.holidayListKey,
        [ENV.alertTopicArn]: props.alertTopic.topicArn,
        [ENV.siteName]: props.siteName,
      },
      // The policy (closures, corrections…) is compiled into the code: it can outgrow the 4 KB environment.
      compiledIn: { [`process.env.${ENV.holidayPolicy}`]: JSON.stringify(props.policy) },
    });
    props.store.grantWriteList(this.function);
    props.alertTopic.grantPublish(this.function);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the fetch schedule and the fetcher.',
    });

    // The fetcher already retries the calendar with backoff and e-mails the cause of a failure; a Lambda retry of
    // the same bad calendar would only repeat that e-mail, so a failed run goes straight to the dead-letter queue.
    this.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });

    const schedulerRole = this.function.schedulerRole(this, 'SchedulerRole', 'Lets the fetch schedule invoke the holiday fetcher and use its dead-letter queue.');
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `${props.siteName}: fetch the holiday calendar (${props.fetchSchedule} ${props.policy.timeZone})`,
      schedule: fetchScheduleExpression(props.fetchSchedule, props.policy.timeZone),
      // Retries here cover failures to deliver the invocation (throttling, service errors).
      target: new targets.LambdaInvoke(this.function, {
        role: schedulerRole,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });

    // Run once on every deploy, so the list is written seconds after the stack is. The invoke is asynchronous and
    // its errors are ignored, because the deploy must never fail on the fetch: a synchronous invoke overlapping the
    // scheduled run was throttled (reserved concurrency 1) and rolled the whole stack back. Lambda queues and retries
    // a throttled asynchronous event by itself; a failed fetch alerts as any other; until a list exists the checker
    // answers from the built-in calendar. Two runs at once cannot overwrite each other: the writes are conditional.
    // The code asset's hash covers the fetcher's code and the policy compiled into it: the fetch runs again exactly
    // when either changed (or when asked to), and an unchanged synth gives an unchanged template.
    props.deployInvoker.invokeOnDeploy(
      this,
      'FetchOnDeploy',
      this.function,
      { source: 'deploy', codeAsset: codeAssetKey(this.function), refreshToken: props.refreshToken ?? '' },
      // The names it had before the invoker was shared: an update, not a new resource, for a deployed stack.
      { physicalId: 'holiday-fetch-on-deploy' },
    );
  }
}
