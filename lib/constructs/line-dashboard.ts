import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CALL_ANSWERS } from '../../lambda/shared/line-state';
import { ANSWER_DIMENSION, METRIC_NAMES, METRICS_NAMESPACE, SITE_DIMENSION } from '../../lambda/shared/metrics';

/** Props of {@link LineDashboard}. */
export interface LineDashboardProps {
  readonly siteName: string;
  /** The is-holiday checker (latency and errors). */
  readonly checker: lambda.IFunction;
  /** The holiday fetcher (runs and failures). */
  readonly fetcher: lambda.IFunction;
  /** The override sync; undefined when it is turned off. */
  readonly overrideSync?: lambda.IFunction;
  /** Every alarm of the site. */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const HOUR = Duration.hours(1);

/**
 * One CloudWatch dashboard for the site: what callers got each hour, how the checker answers, how old the list is,
 * how the fetches and the override sync went, and the alarms. Every custom metric on it is one the Lambdas emit
 * (`METRIC_NAMES`), so no graph can watch a name nobody writes.
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
  }
}
