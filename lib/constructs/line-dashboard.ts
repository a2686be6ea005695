import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CALL_ANSWERS } from '../../lambda/shared/line-state';
import { ANSWER_DIMENSION, METRIC_NAMES, METRICS_NAMESPACE, SITE_DIMENSION } from '../../lambda/shared/metrics';
import { CALL_OUTCOMES, MENU_CHOICE_ATTRIBUTE, menuChoseAttribute, OUTCOME_ATTRIBUTE } from '../flow/outcomes';

/** The namespace Amazon Connect publishes its own CloudWatch metrics in. */
export const CONNECT_METRICS_NAMESPACE = 'AWS/Connect';

/**
 * What Amazon Connect's CloudWatch metrics of this line are published under. Metric names and dimensions are as the
 * Administrator Guide's "Monitoring your instance using CloudWatch" page lists them (InstanceId; MetricGroup
 * `VoiceCalls`, `ContactFlow` or `Queue`; ContactFlowName; QueueName).
 */
export interface ConnectMetricDimensions {
  /** The instance ID (the last segment of the instance ARN), the `InstanceId` dimension. */
  readonly instanceId: string;
  /** The names of this site's flows, the `ContactFlowName` dimension. */
  readonly contactFlowNames: readonly string[];
  /** The staff queue's name, the `QueueName` dimension; undefined for a site that transfers to an external number. */
  readonly queueName?: string;
}

/** Props of {@link LineDashboard}. */
export interface LineDashboardProps {
  /** The site name: the dashboard is `<siteName>-line`, and the line's metrics carry it as their Site dimension. */
  readonly siteName: string;
  /** The is-holiday checker (latency and errors). */
  readonly checker: lambda.IFunction;
  /** The holiday fetcher (runs and failures). */
  readonly fetcher: lambda.IFunction;
  /** The override sync; undefined when it is turned off. */
  readonly overrideSync?: lambda.IFunction;
  /** Every alarm of the site. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** Where Amazon Connect's own metrics of the line are. */
  readonly connect: ConnectMetricDimensions;
}

const HOUR = Duration.hours(1);
const FIVE_MINUTES = Duration.minutes(5);

/**
 * Whether CloudWatch shows a queue's metrics: the guide says a queue whose name has non-ASCII characters cannot be
 * seen there (a Japanese queue name is allowed by Connect and by the site configuration).
 */
export function queueNameShowsInCloudWatch(name: string): boolean {
  return /^[\x20-\x7e]+$/u.test(name);
}

/** The markdown saying where what CloudWatch never gets is: abandoned calls and the attributes every call records. */
export function callRecordsMarkdown(queueName: string | undefined): string {
  const outcomes = Object.keys(CALL_OUTCOMES)
    .map((outcome) => `\`${outcome}\``)
    .join(', ');
  return [
    '### Abandoned calls and call outcomes',
    queueName === undefined
      ? 'This line transfers to an external number: no caller waits in a Connect queue, so no call counts as abandoned.'
      : `Connect does not publish abandoned calls (\`CONTACTS_ABANDONED\`: hung up while waiting in the queue) to CloudWatch. ` +
        `Find them in the Connect admin website: **Analytics and optimization → Historical metrics → Queues**, queue \`${queueName}\`, ` +
        'columns *Contacts abandoned* and *Abandonment rate*.',
    `Every call records the contact attribute \`${OUTCOME_ATTRIBUTE}\` (${outcomes}); a menu records \`${MENU_CHOICE_ATTRIBUTE}\` ` +
      `and \`${menuChoseAttribute('<key>')}\` (e.g. \`${menuChoseAttribute('2')}\`). Look them up in **Contact search** ` +
      '(filter *Custom contact attributes*, once the keys are made searchable) or on a contact\'s record; Connect keeps them 24 months.',
  ].join('\n\n');
}

/**
 * One CloudWatch dashboard for the site: what callers got each hour, how the checker answers, how old the list is,
 * how the fetches and the override sync went, the alarms, and then Amazon Connect's own metrics (calls on the
 * instance, errors in this site's flows, the staff queue). Every custom metric on it is one the Lambdas emit
 * (`METRIC_NAMES`), so no graph can watch a name nobody writes; every Connect metric is one Connect documents.
 */
export class LineDashboard extends Construct {
  /** The dashboard. */
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: LineDashboardProps) {
    super(scope, id);
    const site = { [SITE_DIMENSION]: props.siteName };
    const metric = (metricName: string, statistic: string, label: string, period = HOUR) =>
      new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: site, statistic, period, label });
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${props.siteName}-line`,
      defaultInterval: Duration.days(7),
    });
    const callsByAnswer = new cloudwatch.GraphWidget({
      title: 'Calls per hour by answer (as the checker judged them)',
      width: 24,
      stacked: true,
      left: CALL_ANSWERS.map(
        (answer) =>
          new cloudwatch.Metric({
            namespace: METRICS_NAMESPACE,
            metricName: METRIC_NAMES.calls,
            dimensionsMap: { ...site, [ANSWER_DIMENSION]: answer },
            statistic: 'Sum',
            period: HOUR,
            label: answer,
          }),
      ),
      // Calls the checker never answered (error, throttle) took the flow's fallback too.
      right: [props.checker.metricErrors({ period: HOUR, statistic: 'Sum', label: 'fallback: checker errors' }), props.checker.metricThrottles({ period: HOUR, statistic: 'Sum', label: 'fallback: checker throttled' })],
    });
    const checker = new cloudwatch.GraphWidget({
      title: 'Checker latency (p99, ms) and errors',
      width: 12,
      left: [props.checker.metricDuration({ period: Duration.minutes(5), statistic: 'p99', label: 'p99 duration' })],
      right: [props.checker.metricErrors({ period: Duration.minutes(5), statistic: 'Sum', label: 'errors' })],
    });
    const listAge = new cloudwatch.GraphWidget({
      title: 'Holiday list age (hours) and data problems',
      width: 12,
      left: [metric(METRIC_NAMES.holidayListAgeHours, 'Maximum', 'list age (h)')],
      right: [
        metric(METRIC_NAMES.holidayListStale, 'Maximum', 'stale'),
        metric(METRIC_NAMES.holidayListUnavailable, 'Maximum', 'unavailable'),
        metric(METRIC_NAMES.liveOverridesUnreadable, 'Maximum', 'live overrides unreadable'),
      ],
    });
    const fetches = new cloudwatch.GraphWidget({
      title: 'Calendar fetches',
      width: 12,
      left: [
        props.fetcher.metricInvocations({ period: HOUR, statistic: 'Sum', label: 'runs' }),
        props.fetcher.metricErrors({ period: HOUR, statistic: 'Sum', label: 'crashed' }),
        metric(METRIC_NAMES.fetchFailureAlerted, 'Sum', 'refused or failed (e-mailed)'),
        metric(METRIC_NAMES.changeReportFailed, 'Sum', 'change e-mail failed'),
      ],
    });
    const sync =
      props.overrideSync === undefined
        ? new cloudwatch.TextWidget({ markdown: '### Override sync\nTurned off (`hoursOverrides.enabled: false`).', width: 12, height: 6 })
        : new cloudwatch.GraphWidget({
            title: 'Connect override sync',
            width: 12,
            left: [metric(METRIC_NAMES.overrideDaysAhead, 'Minimum', 'days ahead covered')],
            right: [
              metric(METRIC_NAMES.overrideMismatchDays, 'Maximum', 'mismatched days'),
              metric(METRIC_NAMES.overrideSyncProblems, 'Maximum', 'problems'),
              props.overrideSync.metricErrors({ period: HOUR, statistic: 'Sum', label: 'crashed' }),
            ],
          });
    const alarms = new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 24, alarms: [...props.alarms] });
    this.dashboard.addWidgets(callsByAnswer);
    this.dashboard.addWidgets(checker, listAge);
    this.dashboard.addWidgets(fetches, sync);
    this.dashboard.addWidgets(alarms);
    // Connect's own view below the line's: what the instance carried, whether the flows erred, how the queue went.
    const [instanceCalls, flowErrors, queue, callRecords] = connectWidgets(props.connect);
    this.dashboard.addWidgets(instanceCalls, flowErrors);
    this.dashboard.addWidgets(...(queue === undefined ? [] : [queue]), callRecords);
  }
}

/**
 * The widgets of Amazon Connect's CloudWatch metrics. Connect sends them once a minute and only for what had activity,
 * so an empty graph on a quiet line is normal; they are kept two weeks.
 */
function connectWidgets(
  dimensions: ConnectMetricDimensions,
): [cloudwatch.IWidget, cloudwatch.IWidget, cloudwatch.IWidget | undefined, cloudwatch.IWidget] {
  const { instanceId, contactFlowNames, queueName } = dimensions;
  const connectMetric = (metricName: string, group: Record<string, string>, statistic: string, label: string, period = HOUR) =>
    new cloudwatch.Metric({
      namespace: CONNECT_METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { InstanceId: instanceId, ...group },
      statistic,
      period,
      label,
    });
  const voiceCalls = { MetricGroup: 'VoiceCalls' };
  // The instance may serve other lines: these count every call on it, not only this site's.
  const instanceCalls = new cloudwatch.GraphWidget({
    title: 'Amazon Connect: voice calls on the whole instance',
    width: 12,
    left: [
      connectMetric('CallsPerInterval', voiceCalls, 'Sum', 'calls'),
      // The guide recommends Maximum: the value is the concurrency at the moment it was sent.
      connectMetric('ConcurrentCalls', voiceCalls, 'Maximum', 'most at once'),
    ],
    right: [
      // Not answered by an agent within 20 seconds.
      connectMetric('MissedCalls', voiceCalls, 'Sum', 'missed by staff'),
      connectMetric('ThrottledCalls', voiceCalls, 'Sum', 'rejected: call rate over quota'),
      // [unverified] The guide lists InstanceId as this metric's only dimension, CloudWatch's own table of Connect
      // metrics InstanceId and MetricGroup: both are graphed, and the one Connect writes carries the data.
      connectMetric('CallsBreachingConcurrencyQuota', {}, 'Sum', 'over the concurrent-calls quota'),
      connectMetric('CallsBreachingConcurrencyQuota', voiceCalls, 'Sum', 'over the concurrent-calls quota (VoiceCalls)'),
    ],
  });
  const flowErrors = new cloudwatch.GraphWidget({
    title: 'Amazon Connect: errors in this line\'s flows',
    width: 12,
    // [unverified] ContactFlowName is the flow's name as the flow has it now; a flow renamed in the console reports
    // under its new name and drops off this graph.
    left: contactFlowNames.flatMap((name) => [
      // An error branch taken (the flows take one, for instance, when the checker fails).
      connectMetric('ContactFlowErrors', { MetricGroup: 'ContactFlow', ContactFlowName: name }, 'Sum', `${name}: error branches`),
      // The flow could not run at all (a system error): the caller was cut off.
      connectMetric('ContactFlowFatalErrors', { MetricGroup: 'ContactFlow', ContactFlowName: name }, 'Sum', `${name}: fatal errors`),
    ]),
  });
  const callRecords = new cloudwatch.TextWidget({ markdown: callRecordsMarkdown(queueName), width: queueName === undefined ? 24 : 12, height: 6 });
  if (queueName === undefined) return [instanceCalls, flowErrors, undefined, callRecords];
  const inQueue = { MetricGroup: 'Queue', QueueName: queueName };
  const queue = queueNameShowsInCloudWatch(queueName)
    ? new cloudwatch.GraphWidget({
        title: `Amazon Connect: staff queue ${queueName}`,
        width: 12,
        left: [
          connectMetric('QueueSize', inQueue, 'Maximum', 'callers waiting', FIVE_MINUTES),
          connectMetric('QueueCapacityExceededError', inQueue, 'Sum', 'turned away: queue full', FIVE_MINUTES),
        ],
        right: [connectMetric('LongestQueueWaitTime', inQueue, 'Maximum', 'longest wait (s)', FIVE_MINUTES)],
      })
    : new cloudwatch.TextWidget({
        markdown:
          `### Staff queue\nCloudWatch does not show the metrics of a queue whose name has non-ASCII characters (\`${queueName}\`). ` +
          'Give `routing.queue.name` an ASCII name to see its size, longest wait and callers turned away here; until then, see ' +
          'Connect\'s real-time metrics (Analytics and optimization → Real-time metrics → Queues).',
        width: 12,
        height: 6,
      });
  return [instanceCalls, flowErrors, queue, callRecords];
}
