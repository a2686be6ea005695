/**
 * The override sync also holds live overrides: in the template it is told where the live document is and may read
 * that one key, never write it (the CLI writes it; the sync only follows it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LIVE_OVERRIDES_KEY } from '../../lambda/shared/live-overrides';
import { AfterHoursStack } from '../../lib/after-hours-stack';
import { loadSiteConfig } from '../../lib/config/load';
import { stackEnvironment } from '../../lib/config/stack-identity';
import { cdkContext } from '../support/cdk-context';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Action: string | string[]; Resource: unknown };

const outdir = mkdtempSync(path.join(tmpdir(), 'sync-live-stack-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const config = loadSiteConfig();
const app = new App({ outdir, context: cdkContext() });
const resources = Template.fromStack(new AfterHoursStack(app, 'SyncLiveStack', { config, env: stackEnvironment(config) })).toJSON().Resources as Record<
  string,
  Resource
>;
const [syncId, sync] = Object.entries(resources).find(
  ([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).includes('hours-of-operation overrides'),
)!;
const syncRoleId = sync.Properties.Role['Fn::GetAtt'][0] as string;
const statements = Object.values(resources)
  .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(syncRoleId))
  .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
const liveObject = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/HolidayStoreBucket/), 'Arn'] }, `/${LIVE_OVERRIDES_KEY}`]] };
const actionsOn = (resource: unknown) =>
  statements
    .filter((statement) => JSON.stringify(statement.Resource).includes(`/${resource as string}`))
    .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));

test('the sync is told the live document key', () => {
  expect(syncId).toBeDefined();
  expect(sync.Properties.Environment.Variables.LIVE_OVERRIDES_KEY).toBe(LIVE_OVERRIDES_KEY);
});

test('the sync may read the live document, and not write it', () => {
  expect(statements).toContainEqual(expect.objectContaining({ Action: 's3:GetObject', Resource: expect.arrayContaining([liveObject]) }));
  expect(actionsOn(LIVE_OVERRIDES_KEY)).toContain('s3:GetObject');
  expect(actionsOn(LIVE_OVERRIDES_KEY)).not.toContain('s3:PutObject');
});
