import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRIC_NAMES, METRICS_NAMESPACE, SITE_DIMENSION } from '../lambda/shared/metrics';
import { builtinCalendarOf, holidayPolicyOf } from './config/derive';
import type { SiteConfig } from './config/site-config';
import { Alerts } from './constructs/alerts';
import { ConnectLine } from './constructs/connect-line';
import { HolidayChecker } from './constructs/holiday-checker';
import { HolidayFetcher } from './constructs/holiday-fetcher';
import { HolidayStore } from './constructs/holiday-store';

/** Props of {@link AfterHoursStack}. */
export interface AfterHoursStackProps extends StackProps {
  /** The validated site configuration (see `lib/config/load.ts`). */
  readonly config: SiteConfig;
  /** Changes on every deploy so the deploy-time holiday fetch runs each time. @default constant */
  readonly deployNonce?: string;
}

/** Everything one after-hours line needs, from one site configuration. */
export class AfterHoursStack extends Stack {
  /** The holiday list bucket. */
  readonly store: HolidayStore;
  /** Admin alerts. */
  readonly alerts: Alerts;
  /** The calendar fetcher. */
  readonly fetcher: HolidayFetcher;
  /** The checker the flow invokes. */
  readonly checker: HolidayChecker;
  /** The Connect resources. */
  readonly line: ConnectLine;

  constructor(scope: Construct, id: string, props: AfterHoursStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.store = new HolidayStore(this, 'HolidayStore');
    this.alerts = new Alerts(this, 'Alerts', { emails: config.alertEmails, displayName: `${config.siteName} 電話受付` });
    this.fetcher = new HolidayFetcher(this, 'HolidayFetcher', {
      siteName: config.siteName,
      policy: holidayPolicyOf(config),
      fetchSchedule: config.holidays.fetchSchedule,
      store: this.store,
      alertTopic: this.alerts.topic,
      logRetention,
      deployNonce: props.deployNonce,
    });
    this.checker = new HolidayChecker(this, 'HolidayChecker', {
      siteName: config.siteName,
      timeZone: config.timeZone,
      checker: config.checker,
      store: this.store,
      builtin: builtinCalendarOf(config),
      logRetention,
    });
    this.line = new ConnectLine(this, 'ConnectLine', { config, checker: this.checker.function, logRetention });
    this.addAlarms(config.siteName);
  }

  private addAlarms(siteName: string): void {
    const fiveMinutes = Duration.minutes(5);
    const common = {
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    };
    const siteMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { [SITE_DIMENSION]: siteName },
        statistic,
        period: fiveMinutes,
      });

    // Failures the fetcher e-mailed itself are subtracted, so each failed run is e-mailed once.
    this.alerts.alarm('FetcherFailedAlarm', {
      ...common,
      alarmDescription: `${siteName}: the holiday fetcher failed without sending its own alert (timeout or crash). See its logs.`,
      metric: new cloudwatch.MathExpression({
        expression: 'errors - FILL(alerted, 0)',
        usingMetrics: {
          errors: this.fetcher.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
          alerted: siteMetric(METRIC_NAMES.fetchFailureAlerted, 'Sum'),
        },
        period: fiveMinutes,
      }),
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alerts.alarm('FetcherDeadLetterAlarm', {
      ...common,
      alarmDescription: `${siteName}: a holiday fetch ended in the dead-letter queue. The current list is kept; purge the queue once handled.`,
      metric: this.fetcher.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alerts.alarm('CheckerErrorsAlarm', {
      ...common,
      alarmDescription: `${siteName}: the is-holiday checker returned errors; calls fall back to the business-hours check.`,
      metric: this.checker.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // The checker reports 0 or 1 on every call, so these stay in ALARM for the whole incident (one e-mail) and
    // keep their state through quiet hours with no calls.
    this.alerts.alarm('HolidayListUnavailableAlarm', {
      ...common,
      alarmDescription: `${siteName}: the checker has no readable holiday list and answers with the fallback.`,
      metric: siteMetric(METRIC_NAMES.holidayListUnavailable, 'Maximum'),
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.alerts.alarm('HolidayListStaleAlarm', {
      ...common,
      alarmDescription: `${siteName}: the holiday list is too old or does not cover today; the checker answers from it.`,
      metric: siteMetric(METRIC_NAMES.holidayListStale, 'Maximum'),
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
  }
}
