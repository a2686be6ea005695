import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AfterHoursStack } from '../../lib/after-hours-stack';
import { loadSiteConfig } from '../../lib/config/load';
import { validateSiteConfig } from '../../lib/config/validate';
import { stackEnvironment } from '../../lib/config/stack-identity';
import { LIVE_OVERRIDES_KEY } from '../../lambda/shared/live-overrides';
import { HOLIDAY_LIST_KEY } from '../../lib/constructs/holiday-store';
import type { SiteConfig } from '../../lib/config/site-config';
import { cdkContext } from '../support/cdk-context';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[]; DeletionPolicy?: string };

// Every App writes its bundles somewhere: into one temp folder per test file, removed at the end, never os.tmpdir's
// own cdk.out* (tens of MB a run, left behind).
const outdirs: string[] = [];
afterAll(() => {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
});

function newApp(): App {
  const outdir = mkdtempSync(path.join(tmpdir(), 'stack-test-'));
  outdirs.push(outdir);
  return new App({ outdir, context: cdkContext() });
}

function synth(config: SiteConfig = loadSiteConfig()): { template: Template; resources: Record<string, Resource>; stack: AfterHoursStack } {
  const app = newApp();
  const stack = new AfterHoursStack(app, 'TestStack', { config, env: stackEnvironment(config), refreshToken: 'nonce-1' });
  const template = Template.fromStack(stack);
  return { template, resources: template.toJSON().Resources as Record<string, Resource>, stack };
}

function logicalIdOf(resources: Record<string, Resource>, type: string, predicate: (r: Resource) => boolean = () => true): string {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type && predicate(r));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]![0];
}

/** The flow's Content with every CloudFormation reference replaced by a readable marker. */
function flowContent(resources: Record<string, Resource>): { text: string; doc: any } {
  const flow = resources[logicalIdOf(resources, 'AWS::Connect::ContactFlow')]!;
  const content = flow.Properties.Content as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof content === 'string'
      ? content
      : content['Fn::Join'][1]
          .map((part) => (typeof part === 'string' ? part : `<<${JSON.stringify(part).replace(/"/g, "'")}>>`))
          .join('');
  return { text, doc: JSON.parse(text) };
}

describe('AfterHoursStack (example site)', () => {
  const { template, resources, stack: exampleStack } = synth();
  const checkerId = logicalIdOf(resources, 'AWS::Lambda::Function', (r) =>
    String(r.Properties.Description).includes('answers whether today is a closed day'),
  );
  const fetcherId = logicalIdOf(resources, 'AWS::Lambda::Function', (r) =>
    String(r.Properties.Description).includes('fetches the holiday calendar'),
  );

  test('every house function: pinned newest runtime, ARM64, own log group with retention, source maps', () => {
    for (const id of [checkerId, fetcherId]) {
      expect(resources[id]!.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
      });
    }
    expect((resources[fetcherId]!.Properties as any).Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    // The checker is on the call path: no source-map loading at cold start.
    expect((resources[checkerId]!.Properties as any).Environment.Variables.NODE_OPTIONS).toBeUndefined();
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('the checker answers well inside the flow limit and is configured from the site', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('answers whether today is a closed day'),
      Timeout: 3,
      Environment: {
        Variables: Match.objectLike({
          HOLIDAY_LIST_KEY,
          SITE_NAME: 'example-support',
          SITE_TIME_ZONE: 'Asia/Tokyo',
          REVALIDATE_MINUTES: '5',
          MAX_LIST_AGE_DAYS: '10',
          FALLBACK_CLOSED: 'false',
          HOLIDAY_BUCKET: { Ref: Match.stringLikeRegexp('HolidayStoreBucket') },
        }),
      },
    });
  });

  test('the fetcher gets the holiday policy, one writer at a time, and a timeout that fits every attempt', () => {
    const fetcher = resources[fetcherId]!.Properties as any;
    expect(fetcher.ReservedConcurrentExecutions).toBe(1);
    expect(fetcher.Timeout).toBeGreaterThanOrEqual(3 * 10 + 8);
    // The policy is compiled into the bundle, not the 4 KB environment.
    expect(fetcher.Environment.Variables).not.toHaveProperty('HOLIDAY_POLICY');
    const policy = JSON.parse(exampleStack.fetcher.function.compiledIn['process.env.HOLIDAY_POLICY'] ?? '');
    expect(policy).toMatchObject({
      timeZone: 'Asia/Tokyo',
      closedObservances: [],
      closures: [
        { from: '12-29', to: '12-31', reason: '年末年始' },
        { from: '01-02', to: '01-03', reason: '年末年始' },
      ],
      checks: { minHolidaysPerYear: 14, maxHolidaysPerYear: 24, minDaysAhead: 60 },
    });
    expect(fetcher.Environment.Variables.ALERT_TOPIC_ARN).toEqual({ Ref: expect.stringMatching(/AlertsTopic/) });
  });

  test('the bucket is private, TLS-only, encrypted, versioned, expires old versions and is retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 365, NewerNoncurrentVersions: 10 } })],
        },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('least privilege: the fetcher reads and writes one key and publishes to one topic; the checker reads two keys', () => {
    const statementsOf = (roleFragment: string) =>
      Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleFragment))
        .flatMap((r) => (r.Properties.PolicyDocument as { Statement: any[] }).Statement);
    const objectArn = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/HolidayStoreBucket/), 'Arn'] }, `/${HOLIDAY_LIST_KEY}`]] };
    const fetcher = statementsOf('HolidayFetcherFunctionRole');
    expect(fetcher).toEqual(
      expect.arrayContaining([
        // One statement for the key (the minimizePolicies feature flag merges same-resource grants).
        { Action: ['s3:GetObject', 's3:PutObject'], Effect: 'Allow', Resource: objectArn },
        expect.objectContaining({ Action: 'sns:Publish', Resource: { Ref: expect.stringMatching(/AlertsTopic/) } }),
        expect.objectContaining({ Action: 's3:ListBucket', Condition: { StringEquals: { 's3:prefix': [HOLIDAY_LIST_KEY] } } }),
      ]),
    );
    const checker = statementsOf('HolidayCheckerFunctionRole');
    expect(checker.map((s) => s.Action).sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:ListBucket', ['logs:CreateLogStream', 'logs:PutLogEvents']].sort());
    // The list and the live override document, nothing else (never the sync's record or anything ops cannot see).
    const keyArn = (key: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/HolidayStoreBucket/), 'Arn'] }, `/${key}`]] });
    expect(checker.find((s) => s.Action === 's3:GetObject')?.Resource).toEqual([keyArn(HOLIDAY_LIST_KEY), keyArn(LIVE_OVERRIDES_KEY)]);
    expect(checker.filter((s) => s.Action === 's3:ListBucket').map((s) => s.Condition.StringEquals['s3:prefix'])).toEqual([[HOLIDAY_LIST_KEY], [LIVE_OVERRIDES_KEY]]);
    const everything = JSON.stringify(Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy'));
    expect(everything).not.toMatch(/s3:DeleteObject|s3:\*|"s3:GetObject\*"/);
  });

  test('live overrides: every write of the document invokes the notifier, which may read that key, e-mail and start the sync', () => {
    const notifierId = logicalIdOf(resources, 'AWS::Lambda::Function', (r) => JSON.stringify(r.Properties.Description ?? '').includes('live override change'));
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'live/overrides.json' }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [notifierId, 'Arn'] },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [notifierId, 'Arn'] },
    });
    const notifier = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('LiveChangeNotifier'))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: any[] }).Statement);
    const keyArn = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/HolidayStoreBucket/), 'Arn'] }, '/live/overrides.json']] };
    expect(notifier).toEqual(
      expect.arrayContaining([
        { Action: ['s3:GetObject', 's3:GetObjectVersion'], Effect: 'Allow', Resource: keyArn },
        expect.objectContaining({ Action: 'sns:Publish' }),
        expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [expect.stringMatching(/OverrideSyncFunction/), 'Arn'] } }),
      ]),
    );
    expect(JSON.stringify(notifier)).not.toMatch(/s3:PutObject|s3:DeleteObject/);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('live override change'),
      Environment: { Variables: Match.objectLike({ LIVE_OVERRIDES_KEY: 'live/overrides.json', SITE_TIME_ZONE: 'Asia/Tokyo' }) },
    });
  });

  test('the dashboard: calls by each answer, checker p99 and errors, list age, fetches, the sync, and every alarm', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const dashboard = Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Dashboard')!;
    expect(dashboard.Properties.DashboardName).toBe('example-support-line');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const answer of ['open', 'after-hours', 'holiday', 'closure', 'emergency', 'fallback']) {
      expect(body).toContain(`\\"Calls\\",\\"Answer\\",\\"${answer}\\"`);
    }
    for (const metric of ['HolidayListAgeHours', 'HolidayListStale', 'LiveOverridesUnreadable', 'HolidayFetchFailureAlerted', 'OverrideDaysAhead', 'OverrideMismatchDays']) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('p99');
    // The alarm widget lists all ten alarms.
    const alarmIds = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm').map(([id]) => id);
    expect(alarmIds).toHaveLength(10);
    for (const id of alarmIds) expect(body).toContain(id);
  });

  test('alerts: SSL-only topic with one e-mail subscription per admin', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the fetch runs daily at 06:00 Tokyo time, retried, then dead-lettered', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [fetcherId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
      }),
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fetcherId },
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
  });

  test('the fetch also runs on every deploy, asynchronously, and its errors never fail the deploy', () => {
    const fetchOnDeploy = resources[logicalIdOf(resources, 'Custom::AWS')]!;
    for (const call of [fetchOnDeploy.Properties.Create, fetchOnDeploy.Properties.Update]) {
      const text = JSON.stringify(call);
      expect(text).toContain('"action\\":\\"invoke\\"');
      // An Event invoke is queued (and retried on throttling) by Lambda itself; a RequestResponse invoke that met the
      // scheduled run was throttled and rolled the stack back.
      expect(text).toContain('\\"InvocationType\\":\\"Event\\"');
      expect(text).not.toContain('RequestResponse');
      expect(text).toContain('\\"ignoreErrorCodesMatching\\":\\".*\\"');
      expect(text).toContain('nonce-1');
    }
  });

  test('the checker knows the closures and corrections for answers without a list, and is refreshed on a schedule', () => {
    const builtin = JSON.parse(exampleStack.checker.function.compiledIn['process.env.BUILTIN_CALENDAR'] ?? '') as unknown;
    expect(builtin).toEqual({
      closures: [
        { from: '12-29', to: '12-31', reason: '年末年始' },
        { from: '01-02', to: '01-03', reason: '年末年始' },
      ],
      statutoryCorrections: [],
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({
        Input: JSON.stringify({ source: 'connect-after-hours', action: 'refresh-holiday-list' }),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }),
      }),
    });
  });

  test('hours of operation come from the configuration, in the site zone', () => {
    template.hasResourceProperties('AWS::Connect::HoursOfOperation', {
      TimeZone: 'Asia/Tokyo',
      InstanceArn: 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444',
      Config: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((Day) => ({
        Day,
        StartTime: { Hours: 9, Minutes: 0 },
        EndTime: { Hours: 18, Minutes: 0 },
      })),
    });
  });

  test('Connect may invoke the checker only from this instance and account, and knows it by association', () => {
    const instanceArn = 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444';
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'connect.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [checkerId, 'Arn'] },
      SourceArn: instanceArn,
      SourceAccount: '111122223333',
    });
    template.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      InstanceId: instanceArn,
      IntegrationType: 'LAMBDA_FUNCTION',
      IntegrationArn: { 'Fn::GetAtt': [checkerId, 'Arn'] },
    });
  });

  test('the flow is rendered with every ARN, number and text, and depends on the permission and association', () => {
    const flowId = logicalIdOf(resources, 'AWS::Connect::ContactFlow');
    const flow = resources[flowId]!;
    expect(flow.Properties).toMatchObject({ Type: 'CONTACT_FLOW', State: 'ACTIVE' });
    expect(flow.DependsOn).toEqual(
      expect.arrayContaining([
        logicalIdOf(resources, 'AWS::Connect::IntegrationAssociation'),
        logicalIdOf(resources, 'AWS::Lambda::Permission', (r) => r.Properties.Principal === 'connect.amazonaws.com'),
      ]),
    );
    const { text, doc } = flowContent(resources);
    expect(text).not.toMatch(/%[A-Za-z]+%/);
    const byType = (type: string) => doc.Actions.filter((a: any) => a.Type === type);
    expect(byType('InvokeLambdaFunction')[0].Parameters.LambdaFunctionARN).toBe(`<<{'Fn::GetAtt':['${checkerId}','Arn']}>>`);
    // The holiday name is Japanese: JSON, because STRING_MAP values are documented as alphanumeric, dash and underscore.
    expect(byType('InvokeLambdaFunction')[0].Parameters.ResponseValidation).toEqual({ ResponseType: 'JSON' });
    expect(byType('CheckHoursOfOperation')[0].Parameters.HoursOfOperationId).toMatch(
      /^<<\{'Fn::GetAtt':\['ConnectLineBusinessHours[0-9A-F]+','HoursOfOperationArn'\]\}>>$/,
    );
    expect(byType('TransferParticipantToThirdParty')[0].Parameters).toEqual({
      ThirdPartyPhoneNumber: '+815098765432',
      ThirdPartyConnectionTimeLimitSeconds: '30',
      ContinueFlowExecution: 'True',
      CallerId: { Number: '+815012345678' },
    });
    expect(byType('UpdateContactTextToSpeechVoice')[0].Parameters).toMatchObject({ TextToSpeechVoice: 'Kazuha', TextToSpeechEngine: 'Neural' });
    const texts = byType('MessageParticipant').map((a: any) => a.Parameters.Text as string);
    expect(texts.some((t: string) => t.includes('月曜日から金曜日の9時から18時'))).toBe(true);
    expect(texts.some((t: string) => t.includes('本日は $.External.holidayName のため'))).toBe(true);
  });

  test('the phone number is associated with the flow by the custom resource, after the flow exists', () => {
    const flowId = logicalIdOf(resources, 'AWS::Connect::ContactFlow');
    template.hasResource('Custom::PhoneNumberContactFlowAssociation', {
      Properties: Match.objectLike({
        PhoneNumber: '+815012345678',
        ContactFlowArn: { 'Fn::GetAtt': [flowId, 'ContactFlowArn'] },
      }),
      DependsOn: Match.arrayWith([flowId]),
    });
  });

  test('ten alarms, each e-mailing the topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 10);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'HolidayChangeReportFailed',
      Namespace: 'ConnectAfterHours',
      Statistic: 'Sum',
    });
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlertsTopic') }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: checkerId } }],
    });
    for (const metricName of ['HolidayListUnavailable', 'HolidayListStale', 'LiveOverridesUnreadable']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metricName,
        Namespace: 'ConnectAfterHours',
        Dimensions: [{ Name: 'Site', Value: 'example-support' }],
        TreatMissingData: 'ignore',
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'errors - FILL(alerted, 0)' })]),
    });
  });

  test('every alarm tells its Japanese-speaking admins, in Japanese, what happened and what still works', () => {
    const descriptions = Object.values(resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties.AlarmDescription as string);
    expect(descriptions).toHaveLength(10);
    for (const description of descriptions) expect(description).toMatch(/^\[example-support\] .*[ぁ-んァ-ヶ一-龯]/u);
  });

  test('cdk-nag AwsSolutions reports nothing unacknowledged', () => {
    const app = newApp();
    const config = loadSiteConfig();
    new AfterHoursStack(app, 'NagStack', { config, env: stackEnvironment(config) });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });
});

describe('site variations', () => {
  const base = loadSiteConfig();
  const { template } = synth(base);

  const createdInstanceConfig = () =>
    validateSiteConfig({
      connect: { createInstanceAlias: 'after-hours-test' },
      phoneNumber: '050-1234-5678',
      staffNumber: '03-1234-5678',
      alertEmails: ['a@example.com', 'b@example.com'],
    });

  test('"create one" with the defaults: a retained instance with flow logs, and an association that waits for the number', () => {
    const { template, resources } = synth(createdInstanceConfig());
    template.hasResource('AWS::Connect::Instance', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        InstanceAlias: 'after-hours-test',
        IdentityManagementType: 'CONNECT_MANAGED',
        Attributes: Match.objectLike({ InboundCalls: true, OutboundCalls: true, ContactflowLogs: true }),
      }),
    });
    // The first deploy cannot have a claimed number: the association records "pending" instead of failing.
    template.hasResourceProperties('Custom::PhoneNumberContactFlowAssociation', { WhenUnclaimed: 'wait', PhoneNumber: '+815012345678' });
    // An instance created with flow logs on needs no switch.
    template.resourceCountIs('Custom::ConnectFlowLogs', 0);
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    expect(Object.keys(template.toJSON().Outputs as object)).toEqual(expect.arrayContaining(['PhoneNumberAssociation', 'InstanceArn']));
    expect(Object.values(resources).filter((r) => r.Type === 'Custom::ConnectFlowLogs')).toEqual([]);
  });

  test('"create one" with the defaults synthesizes cdk-nag clean (no acknowledgement built from tokens)', () => {
    const app = newApp();
    const config = createdInstanceConfig();
    // No env: a created instance takes the CLI's account and Region, so they are tokens at synth.
    new AfterHoursStack(app, 'CreatedNagStack', { config, env: stackEnvironment(config) });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  test('an existing instance gets its flow logs switched on, and its association fails loudly when the number is not claimed', () => {
    template.hasResourceProperties('Custom::ConnectFlowLogs', {
      InstanceArn: 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444',
    });
    template.hasResourceProperties('Custom::PhoneNumberContactFlowAssociation', { WhenUnclaimed: 'fail' });
    const statements = Object.values(template.toJSON().Resources as Record<string, Resource>)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement);
    const instanceArn = 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444';
    const onInstance = statements.filter((statement) => JSON.stringify(statement.Resource).includes(instanceArn)).flatMap((statement) => statement.Action);
    expect(onInstance).toEqual(expect.arrayContaining(['connect:UpdateInstanceAttribute', 'connect:DescribeInstanceAttribute']));
  });

  test('the same configuration and code give a byte-identical template', () => {
    const first = JSON.stringify(synth().template.toJSON());
    const second = JSON.stringify(synth().template.toJSON());
    expect(second).toBe(first);
  });

  test('the deploy-time fetch runs again exactly when the policy changes, or when asked to', () => {
    const payload = (config: SiteConfig, refreshToken?: string) => {
      const app = newApp();
      const stack = new AfterHoursStack(app, 'PayloadStack', { config, env: stackEnvironment(config), ...(refreshToken === undefined ? {} : { refreshToken }) });
      const custom = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, Resource>).find((r) => r.Type === 'Custom::AWS')!;
      return JSON.stringify(custom.Properties.Update);
    };
    const same = payload(base);
    expect(payload(base)).toBe(same);
    expect(payload({ ...base, closures: [...base.closures, { from: '08-13', to: '08-15', reason: 'お盆' }] })).not.toBe(same);
    expect(payload(base, 'now')).not.toBe(same);
    // A change the fetch does not depend on (an announcement) leaves it alone.
    expect(payload({ ...base, announcements: { ...base.announcements, afterHours: '本日の受付は終了しました。' } })).toBe(same);
  });

  test('320 one-off closures with long reasons (near the compiled-in limit) bundle: in the code, the environment under 4 KB', () => {
    const closures = Array.from({ length: 320 }, (_, i) => ({
      from: `2027-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      to: `2027-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      reason: '臨'.repeat(100),
    }));
    const { resources, stack } = synth({ ...base, closures });
    for (const fn of Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
      const variables = ((fn.Properties.Environment ?? { Variables: {} }) as { Variables: Record<string, unknown> }).Variables;
      expect(Buffer.byteLength(JSON.stringify(variables))).toBeLessThan(2048);
    }
    expect(JSON.parse(stack.fetcher.function.compiledIn['process.env.HOLIDAY_POLICY'] ?? '').closures).toHaveLength(320);
    expect(JSON.parse(stack.checker.function.compiledIn['process.env.BUILTIN_CALENDAR'] ?? '').closures).toHaveLength(320);
  });

  test('outputs tell ops where everything is', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'AlertTopicArn', 'CheckerFunction', 'ClosedDayOverrides', 'ConnectConsole', 'ContactFlowArn', 'DashboardUrl', 'FetcherFunction', 'FlowLogs',
        'HolidayBucket', 'HolidayListUri', 'InstanceArn', 'LiveOverridesUri', 'OverrideSyncFunction', 'PhoneNumberAssociation',
      ].sort(),
    );
    expect(outputs.ConnectConsole?.Value).toBe('https://ap-northeast-1.console.aws.amazon.com/connect/v2/app/instances?region=ap-northeast-1');
    // What the CLI reads to find the store (lib/cli/live.ts stackLocations).
    expect(JSON.stringify(outputs.LiveOverridesUri?.Value)).toContain('/live/overrides.json');
    expect(JSON.stringify(outputs.DashboardUrl?.Value)).toContain('#dashboards/dashboard/example-support-line');
  });

  test('a flow Connect would reject fails synth, naming the block', () => {
    // The validator refuses this first (as spoken it is over 3,000 characters); built past it, the stack's own
    // flow validation still stops it before CloudFormation, naming the block.
    const config: SiteConfig = { ...base, announcements: { ...base.announcements, afterHours: `${'あ'.repeat(2990)}{businessHours}` } };
    expect(() => validateSiteConfig({ ...JSON.parse(JSON.stringify(config)), $schema: undefined })).toThrow(/announcements\.afterHours/);
    expect(() => synth(config)).toThrow(/play-after-hours: Text is 30\d\d characters long \(at most 3000, all billed\)/);
  });

  test('a lunch break gives two periods that day; a cron schedule passes through', () => {
    const config: SiteConfig = {
      ...base,
      businessHours: { MONDAY: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:30' }] },
      holidays: { ...base.holidays, fetchSchedule: 'cron(30 5 ? * MON-FRI *)' },
    };
    const { template } = synth(config);
    template.hasResourceProperties('AWS::Connect::HoursOfOperation', {
      Config: [
        { Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 12, Minutes: 0 } },
        { Day: 'MONDAY', StartTime: { Hours: 13, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 30 } },
      ],
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 5 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
    });
  });
});
