import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
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
  /**
   * Any new value runs the deploy-time holiday fetch (and retries a pending phone-number association) on this deploy
   * although nothing they depend on changed (`-c refresh=<text>`). @default none
   */
  readonly refreshToken?: string;
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
      refreshToken: props.refreshToken,
    });
    this.checker = new HolidayChecker(this, 'HolidayChecker', {
      siteName: config.siteName,
      timeZone: config.timeZone,
      checker: config.checker,
      store: this.store,
      builtin: builtinCalendarOf(config),
      logRetention,
    });
    this.line = new ConnectLine(this, 'ConnectLine', {
      config,
      checker: this.checker.function,
      logRetention,
      ...(props.refreshToken === undefined ? {} : { refreshToken: props.refreshToken }),
    });
    this.addAlarms(config.siteName);
    this.addOutputs(config);
  }

  /** What ops look for after a deploy, printed by `cdk deploy` and shown in the CloudFormation console. */
  private addOutputs(config: SiteConfig): void {
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('HolidayBucket', this.store.bucket.bucketName, 'The bucket holding the holiday list (versioned).');
    output('HolidayListUri', `s3://${this.store.bucket.bucketName}/${this.store.holidayListKey}`, 'The holiday list the checker reads.');
    output('ContactFlowArn', this.line.contactFlow.attrContactFlowArn, 'The after-hours flow.');
    output('InstanceArn', this.line.instanceArn, 'The Amazon Connect instance.');
    output(
      'ConnectConsole',
      `https://${this.region}.console.aws.amazon.com/connect/v2/app/instances?region=${this.region}`,
      'The Amazon Connect console in this Region: the instance, its numbers and flows.',
    );
    output('CheckerFunction', this.checker.function.functionName, 'The is-holiday checker Lambda (logs: its log group).');
    output('FetcherFunction', this.fetcher.function.functionName, 'The holiday fetcher Lambda.');
    output('AlertTopicArn', this.alerts.topic.topicArn, 'Admin alerts (confirm each e-mail subscription).');
    if (this.line.phoneNumberStatus !== undefined) {
      output(
        'PhoneNumberAssociation',
        this.line.phoneNumberStatus,
        `associated, or pending: claim ${config.phoneNumber} in the instance, then deploy again with -c refresh=<any text>.`,
      );
    }
    if (this.line.flowLogsStatus !== undefined) {
      output('FlowLogs', this.line.flowLogsStatus, 'The instance\'s flow-log switch: on, or off (enable it under Data storage > Flow logs in the console).');
    }
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
      alarmDescription: `[${siteName}] 祝日リストの取得処理が、原因通知のメールを送れないまま失敗しました (タイムアウトまたは異常終了)。取得 Lambda のログを確認してください。保存中のリストはそのまま使われます。`,
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
      alarmDescription: `[${siteName}] 祝日リストの取得が失敗し、デッドレターキューに入りました。保存中のリストはそのまま使われます。対処後にキューを空にしてください。`,
      metric: this.fetcher.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alerts.alarm('ChangeReportFailedAlarm', {
      ...common,
      alarmDescription: `[${siteName}] 祝日リストは更新されましたが、変更内容のメールを送れませんでした。取得 Lambda のログ (change-notification-failed) で変更内容を確認してください。`,
      metric: siteMetric(METRIC_NAMES.changeReportFailed, 'Sum'),
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alerts.alarm('CheckerErrorsAlarm', {
      ...common,
      alarmDescription: `[${siteName}] 休業日判定 Lambda がエラーを返しました。通話は営業時間の判定だけで案内されています。判定 Lambda のログを確認してください。`,
      metric: this.checker.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // The checker reports 0 or 1 on every call, so these stay in ALARM for the whole incident (one e-mail) and
    // keep their state through quiet hours with no calls.
    this.alerts.alarm('HolidayListUnavailableAlarm', {
      ...common,
      alarmDescription: `[${siteName}] 休業日判定が祝日リストを読めず、内蔵の暦 (法定の祝日と設定の休業日) で答えています。S3 のリストと取得 Lambda を確認してください。`,
      metric: siteMetric(METRIC_NAMES.holidayListUnavailable, 'Maximum'),
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.alerts.alarm('HolidayListStaleAlarm', {
      ...common,
      alarmDescription: `[${siteName}] 祝日リストが古いか、今日を含んでいません。取得 Lambda の実行と通知メールを確認してください。`,
      metric: siteMetric(METRIC_NAMES.holidayListStale, 'Maximum'),
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
  }
}
