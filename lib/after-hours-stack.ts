import { CfnOutput, Duration, Fn, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV, METRIC_NAMES, METRICS_NAMESPACE, SITE_DIMENSION } from '../lambda/shared/metrics';
import { builtinCalendarOf, holidayPolicyOf } from './config/derive';
import type { SiteConfig } from './config/site-config';
import { Alerts } from './constructs/alerts';
import { ConnectLine } from './constructs/connect-line';
import { DeployInvoker } from './constructs/deploy-invoke';
import { HolidayChecker } from './constructs/holiday-checker';
import { HolidayFetcher } from './constructs/holiday-fetcher';
import { HolidayStore } from './constructs/holiday-store';
import { LineDashboard } from './constructs/line-dashboard';
import { LiveChangeNotifier } from './constructs/live-change-notifier';
import { fingerprintOf, OverrideSync } from './constructs/override-sync';
import { hoursOfOperationConfig } from './flow/hours';

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
  /** The closed-day override sync; undefined when `hoursOverrides.enabled` is false. */
  readonly overrideSync: OverrideSync | undefined;
  /** E-mails each live override change and starts the sync. */
  readonly liveChangeNotifier: LiveChangeNotifier;
  /** The site's dashboard. */
  readonly dashboard: LineDashboard;

  constructor(scope: Construct, id: string, props: AfterHoursStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.store = new HolidayStore(this, 'HolidayStore');
    this.alerts = new Alerts(this, 'Alerts', { emails: config.alertEmails, displayName: `${config.siteName} 電話受付` });
    const deployInvoker = new DeployInvoker(this, 'DeployInvoker', { logRetention });
    this.fetcher = new HolidayFetcher(this, 'HolidayFetcher', {
      deployInvoker,
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
      weekly: hoursOfOperationConfig(config.businessHours),
      logRetention,
    });
    this.line = new ConnectLine(this, 'ConnectLine', {
      config,
      checker: this.checker.function,
      logRetention,
      ...(props.refreshToken === undefined ? {} : { refreshToken: props.refreshToken }),
    });
    const overrideHours = this.line.overrideHours;
    this.overrideSync =
      overrideHours === undefined
        ? undefined
        : new OverrideSync(this, 'OverrideSync', {
            siteName: config.siteName,
            timeZone: config.timeZone,
            builtin: builtinCalendarOf(config),
            maxOverrides: config.hoursOverrides.maxOverrides,
            instanceArn: this.line.instanceArn,
            overrideHours,
            checkedHours: this.line.hoursOfOperation,
            hoursFingerprint: fingerprintOf({ hours: this.resolve(this.line.hoursProperties), maxOverrides: config.hoursOverrides.maxOverrides }),
            store: this.store,
            alertTopic: this.alerts.topic,
            deployInvoker,
            logRetention,
            ...(props.refreshToken === undefined ? {} : { refreshToken: props.refreshToken }),
          });
    if (this.overrideSync !== undefined) {
      // A changed list starts the sync at once (an asynchronous invoke), so Connect's hours follow within a minute.
      this.fetcher.function.addEnvironment(ENV.overrideSyncFunction, this.overrideSync.function.functionName);
      // The unqualified function only (grantInvoke would add every version and alias).
      this.fetcher.function.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.overrideSync.function.functionArn] }),
      );
    }
    this.liveChangeNotifier = new LiveChangeNotifier(this, 'LiveChangeNotifier', {
      siteName: config.siteName,
      timeZone: config.timeZone,
      store: this.store,
      alertTopic: this.alerts.topic,
      ...(this.overrideSync === undefined ? {} : { overrideSync: this.overrideSync.function }),
      logRetention,
    });
    this.addAlarms(config.siteName);
    this.dashboard = new LineDashboard(this, 'Dashboard', {
      siteName: config.siteName,
      checker: this.checker.function,
      fetcher: this.fetcher.function,
      ...(this.overrideSync === undefined ? {} : { overrideSync: this.overrideSync.function }),
      alarms: this.alerts.alarms,
      connect: {
        instanceId: this.line.instanceId,
        contactFlowNames: [this.line.contactFlow, ...(this.line.staffQueue === undefined ? [] : [this.line.staffQueue.customerQueueFlow])].map(
          (flow) => flow.name,
        ),
        ...(this.line.staffQueue === undefined ? {} : { queueName: this.line.staffQueue.queue.name }),
      },
    });
    this.addOutputs(config);
  }

  /** What ops look for after a deploy, printed by `cdk deploy` and shown in the CloudFormation console. */
  private addOutputs(config: SiteConfig): void {
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('HolidayBucket', this.store.bucket.bucketName, 'The bucket holding the holiday list (versioned).');
    output('HolidayListUri', `s3://${this.store.bucket.bucketName}/${this.store.holidayListKey}`, 'The holiday list the checker reads.');
    output(
      'LiveOverridesUri',
      `s3://${this.store.bucket.bucketName}/${this.store.liveOverridesKey}`,
      'The live overrides (close/open now): change them with the CLI (close, open, clear), never by hand.',
    );
    output(
      'DashboardUrl',
      `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${config.siteName}-line`,
      'The site\'s dashboard: calls by answer, checker latency, list age, fetches, override sync, alarms.',
    );
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
    if (this.overrideSync !== undefined && this.line.overrideHours !== undefined) {
      output(
        'ClosedDayOverrides',
        this.line.overrideHours.attrHoursOfOperationArn,
        'The hours resource holding the closed-day overrides (Routing > Hours of operation in the Connect console).',
      );
      output('OverrideSyncFunction', this.overrideSync.function.functionName, 'The closed-day override sync Lambda (run it to sync now).');
    }
    const staffQueue = this.line.staffQueue;
    if (staffQueue !== undefined) {
      output('StaffQueueArn', staffQueue.queue.attrQueueArn, `The queue in-hours callers wait in (${staffQueue.settings.name}).`);
      output(
        'StaffRoutingProfileArn',
        staffQueue.routingProfile.attrRoutingProfileArn,
        `Give this routing profile (${staffQueue.routingProfile.name}) to every staff user who answers the line.`,
      );
      // The CLI's update-user-routing-profile takes the ID: the ARN's last segment (…/routing-profile/<id>).
      output(
        'StaffRoutingProfileId',
        Fn.select(3, Fn.split('/', staffQueue.routingProfile.attrRoutingProfileArn)),
        'The routing profile\'s ID, for aws connect update-user-routing-profile --routing-profile-id.',
      );
      output('CustomerQueueFlowArn', staffQueue.customerQueueFlow.attrContactFlowArn, 'The customer-queue flow: what callers hear while they wait.');
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
    const sync = this.overrideSync;
    if (sync !== undefined) {
      // The sync e-mails each new problem itself (with the dates and what Connect says); these fire only for what it
      // could not e-mail, so an incident is one e-mail either way. The raw counts are the metrics of the same names.
      this.alerts.alarm('OverrideMismatchAlarm', {
        ...common,
        alarmDescription: `[${siteName}] Connect の営業時間が休業日と一致していませんが、同期処理が通知メールを送れませんでした。同期 Lambda のログ (sync-done) で日付を確認してください。判定 Lambda が失敗すると、該当日に担当者へ転送されることがあります。`,
        metric: siteMetric(METRIC_NAMES.overrideMismatchDaysUnreported, 'Maximum'),
        // A run reports every time it runs (daily at least): the alarm keeps its state in between.
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      });
      this.alerts.alarm('OverrideSyncProblemAlarm', {
        ...common,
        alarmDescription: `[${siteName}] 休業日の上書きの同期に問題がありますが、同期処理が通知メールを送れませんでした。同期 Lambda のログ (sync-done) を確認してください。`,
        metric: siteMetric(METRIC_NAMES.overrideSyncProblemsUnreported, 'Maximum'),
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      });
      this.alerts.alarm('OverrideSyncErrorsAlarm', {
        ...common,
        alarmDescription: `[${siteName}] 休業日の上書きの同期 Lambda が異常終了しました (タイムアウトなど)。Connect の上書きは前回の同期のまま残っています。ログを確認してください。`,
        metric: sync.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    // Reported 0 or 1 on every call and refresh: one e-mail per incident, and OK again once the document reads.
    this.alerts.alarm('LiveOverridesUnreadableAlarm', {
      ...common,
      alarmDescription: `[${siteName}] 臨時設定 (live/overrides.json) を読めないか、壊れています。判定 Lambda は以前に読めた内容のまま案内しています。CLI の status で確認し、close / open / clear で書き直すか、以前のバージョンに戻してください。`,
      metric: siteMetric(METRIC_NAMES.liveOverridesUnreadable, 'Maximum'),
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
