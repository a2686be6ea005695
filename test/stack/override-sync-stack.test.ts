/**
 * The second line of defence in the template: where the closed-day overrides live, who may touch them, when the sync
 * runs, and the alarms that watch it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AfterHoursStack } from '../../lib/after-hours-stack';
import { loadSiteConfig } from '../../lib/config/load';
import type { SiteConfig } from '../../lib/config/site-config';
import { stackEnvironment } from '../../lib/config/stack-identity';
import { cdkContext } from '../support/cdk-context';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

const outdirs: string[] = [];
afterAll(() => {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
});

function synth(config: SiteConfig, refreshToken?: string): { template: Template; resources: Record<string, Resource> } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'stack-test-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: cdkContext() });
  const stack = new AfterHoursStack(app, 'SyncStack', { config, env: stackEnvironment(config), ...(refreshToken === undefined ? {} : { refreshToken }) });
  const template = Template.fromStack(stack);
  return { template, resources: template.toJSON().Resources as Record<string, Resource> };
}

function idOf(resources: Record<string, Resource>, type: string, predicate: (r: Resource) => boolean = () => true): string {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type && predicate(r));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]![0];
}

function statementsOf(resources: Record<string, Resource>, roleId: string): Statement[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (statement: Statement): string[] => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

const base = loadSiteConfig();
const withPlacement = (placement: SiteConfig['hoursOverrides']['placement']): SiteConfig => ({
  ...base,
  hoursOverrides: { ...base.hoursOverrides, placement, maxOverrides: placement === 'business-hours' ? 40 : 50 },
});

describe('closed days on their own hours resource (the default)', () => {
  const { template, resources } = synth(base);
  const closedDaysId = idOf(resources, 'AWS::Connect::HoursOfOperation', (r) => String(r.Properties.Name).endsWith('closed days'));
  const businessId = idOf(resources, 'AWS::Connect::HoursOfOperation', (r) => String(r.Properties.Name).endsWith('business hours'));
  const syncId = idOf(resources, 'AWS::Lambda::Function', (r) => String(r.Properties.Description).includes('hours-of-operation overrides'));
  const syncRoleId = resources[syncId]!.Properties.Role['Fn::GetAtt'][0] as string;

  test('the business hours link to a closed-days resource in the site zone, open all day every day (it needs weekly hours)', () => {
    expect(resources[closedDaysId]!.Properties).toMatchObject({
      Name: 'example-support closed days',
      TimeZone: 'Asia/Tokyo',
      Config: ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'].map((Day) => ({
        Day,
        StartTime: { Hours: 0, Minutes: 0 },
        EndTime: { Hours: 0, Minutes: 0 },
      })),
    });
    expect(resources[closedDaysId]!.Properties.HoursOfOperationOverrides).toBeUndefined();
    expect(resources[businessId]!.Properties.ParentHoursOfOperations).toEqual([{ Id: { 'Fn::GetAtt': [closedDaysId, 'HoursOfOperationArn'] } }]);
    // The link is declared on one side only.
    expect(resources[closedDaysId]!.Properties.ChildHoursOfOperations).toBeUndefined();
  });

  test('the sync may change overrides on the closed-days resource only, and read back only the hours the flow checks', () => {
    const connectStatements = statementsOf(resources, syncRoleId).filter((statement) => actionsOf(statement).some((action) => action.startsWith('connect:')));
    expect(connectStatements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: [
            'connect:CreateHoursOfOperationOverride',
            'connect:DeleteHoursOfOperationOverride',
            'connect:ListHoursOfOperationOverrides',
            'connect:UpdateHoursOfOperationOverride',
          ],
          Resource: { 'Fn::GetAtt': [closedDaysId, 'HoursOfOperationArn'] },
        }),
        // The read-back, and removing what a business-hours placement left there.
        expect.objectContaining({
          Action: ['connect:DeleteHoursOfOperationOverride', 'connect:GetEffectiveHoursOfOperations', 'connect:ListHoursOfOperationOverrides'],
          Resource: { 'Fn::GetAtt': [businessId, 'HoursOfOperationArn'] },
        }),
      ]),
    );
    expect(connectStatements).toHaveLength(2);
    // Nothing anywhere in the stack may touch overrides on any other resource.
    const everyStatement = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    for (const statement of everyStatement.filter((s) => actionsOf(s).some((action) => /HoursOfOperation/u.test(action)))) {
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
    }
  });

  test('the sync reads the list and writes only its own record in the bucket', () => {
    const s3 = statementsOf(resources, syncRoleId).filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')));
    const puts = s3.filter((statement) => actionsOf(statement).includes('s3:PutObject'));
    expect(JSON.stringify(puts)).toContain('/overrides/sync-state.json');
    expect(JSON.stringify(puts)).not.toContain('holiday-list.json');
  });

  test('one run at a time, no Lambda retry, a daily run just after midnight on the site clock', () => {
    expect(resources[syncId]!.Properties.ReservedConcurrentExecutions).toBe(1);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: syncId },
      MaximumRetryAttempts: 0,
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(10 0 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [syncId, 'Arn'] } }),
    });
  });

  test('the fetcher starts the sync after a write: it knows the function and may invoke exactly it', () => {
    const fetcherId = idOf(resources, 'AWS::Lambda::Function', (r) => String(r.Properties.Description).includes('fetches the holiday calendar'));
    expect(resources[fetcherId]!.Properties.Environment.Variables.OVERRIDE_SYNC_FUNCTION).toEqual({ Ref: syncId });
    const fetcherRoleId = resources[fetcherId]!.Properties.Role['Fn::GetAtt'][0] as string;
    const invokes = statementsOf(resources, fetcherRoleId).filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction'));
    expect(invokes).toEqual([expect.objectContaining({ Resource: { 'Fn::GetAtt': [syncId, 'Arn'] } })]);
  });

  test('the sync runs on deploy after the hours resources, asynchronously, never failing the deploy', () => {
    const onDeploy = resources[idOf(resources, 'Custom::OverrideSyncOnDeploy')]!;
    const text = JSON.stringify(onDeploy.Properties.Create);
    expect(text).toContain('\\"InvocationType\\":\\"Event\\"');
    expect(text).toContain('\\"ignoreErrorCodesMatching\\":\\".*\\"');
    // Naming both hours resources orders it after them and reruns it when one is replaced.
    expect(text).toContain(closedDaysId);
    expect(text).toContain(businessId);
  });

  test('the alarms cover what the sync could not e-mail and a crashed run', () => {
    // The sync counts what no e-mail covered; one of those alarms fires at the first such run and stays until one is sent.
    for (const metric of ['OverrideMismatchDaysUnreported', 'OverrideSyncProblemsUnreported']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Namespace: 'ConnectAfterHours',
        Dimensions: [{ Name: 'Site', Value: 'example-support' }],
        Statistic: 'Maximum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'ignore',
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: syncId } }] });
  });
});

describe('where the overrides live and whether the sync runs', () => {
  test('placement business-hours: no closed-days resource, no link, the overrides on the business hours', () => {
    const { resources } = synth(withPlacement('business-hours'));
    const hours = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Connect::HoursOfOperation');
    expect(hours).toHaveLength(1);
    const [businessId, business] = hours[0]!;
    expect(business.Properties.ParentHoursOfOperations).toBeUndefined();
    const syncId = idOf(resources, 'AWS::Lambda::Function', (r) => String(r.Properties.Description).includes('hours-of-operation overrides'));
    expect(resources[syncId]!.Properties.Environment.Variables).toMatchObject({
      OVERRIDE_HOURS_ARN: { 'Fn::GetAtt': [businessId, 'HoursOfOperationArn'] },
      CHECKED_HOURS_ARN: { 'Fn::GetAtt': [businessId, 'HoursOfOperationArn'] },
      MAX_OVERRIDES: '40',
    });
  });

  test('enabled false: no sync, no closed-days resource, the fetcher starts nothing', () => {
    const { resources, template } = synth({ ...base, hoursOverrides: { ...base.hoursOverrides, enabled: false } });
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::Connect::HoursOfOperation')).toHaveLength(1);
    expect(Object.values(resources).some((r) => r.Type === 'Custom::OverrideSyncOnDeploy')).toBe(false);
    const fetcherId = idOf(resources, 'AWS::Lambda::Function', (r) => String(r.Properties.Description).includes('fetches the holiday calendar'));
    expect(resources[fetcherId]!.Properties.Environment.Variables.OVERRIDE_SYNC_FUNCTION).toBeUndefined();
    // The three sync alarms go; the live notifier stays (it e-mails changes whether or not Connect gets them).
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    const notifierId = idOf(resources, 'AWS::Lambda::Function', (r) => String(r.Properties.Description).includes('live override change'));
    expect(resources[notifierId]!.Properties.Environment.Variables.OVERRIDE_SYNC_FUNCTION).toBeUndefined();
    expect(Object.keys(template.toJSON().Outputs as object)).not.toContain('ClosedDayOverrides');
  });

  test('the deploy-time sync runs again when the hours change or when asked to, not for an announcement', () => {
    const payload = (config: SiteConfig, refreshToken?: string) => {
      const { resources } = synth(config, refreshToken);
      return JSON.stringify(resources[idOf(resources, 'Custom::OverrideSyncOnDeploy')]!.Properties.Update);
    };
    const same = payload(base);
    expect(payload(base)).toBe(same);
    expect(payload({ ...base, businessHours: { ...base.businessHours, SATURDAY: [{ start: '10:00', end: '12:00' }] } })).not.toBe(same);
    expect(payload(base, 'again')).not.toBe(same);
    expect(payload({ ...base, announcements: { ...base.announcements, afterHours: '本日の受付は終了しました。' } })).toBe(same);
  });
});
