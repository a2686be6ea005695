/**
 * A live line upgrades in place: every resource of the last released template that keeps its logical ID keeps its
 * type and, for a custom resource, its ServiceToken (CloudFormation refuses to change either on an existing
 * resource, and the deploy rolls back); the stateful ones keep their logical IDs (a new ID replaces the resource).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AfterHoursStack } from '../../lib/after-hours-stack';
import { loadSiteConfig } from '../../lib/config/load';
import { stackEnvironment } from '../../lib/config/stack-identity';
import { cdkContext } from '../support/cdk-context';

type Entry = { Type: string; ServiceToken?: string };
const previous = (JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'upgrade', 'previous-release.json'), 'utf8')) as { resources: Record<string, Entry> }).resources;

const outdir = mkdtempSync(path.join(tmpdir(), 'stack-test-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const config = loadSiteConfig();
const current = Template.fromStack(new AfterHoursStack(new App({ outdir, context: cdkContext() }), 'ConnectAfterHours-example-support', { config, env: stackEnvironment(config) })).toJSON()
  .Resources as Record<string, { Type: string; Properties?: { ServiceToken?: { 'Fn::GetAtt'?: [string, string] } } }>;

test('no resource that stays changes its type', () => {
  const changed = Object.entries(previous)
    .filter(([id, entry]) => current[id] !== undefined && current[id]!.Type !== entry.Type)
    .map(([id, entry]) => `${id}: ${entry.Type} → ${current[id]!.Type}`);
  expect(changed).toEqual([]);
});

test('no custom resource that stays changes its ServiceToken', () => {
  const changed = Object.entries(previous)
    .filter(([id, entry]) => entry.ServiceToken !== undefined && current[id] !== undefined)
    .filter(([id, entry]) => current[id]!.Properties?.ServiceToken?.['Fn::GetAtt']?.[0] !== entry.ServiceToken)
    .map(([id, entry]) => `${id}: ${entry.ServiceToken} → ${JSON.stringify(current[id]!.Properties?.ServiceToken)}`);
  expect(changed).toEqual([]);
});

test('the stateful resources keep their logical IDs (a new ID would replace them)', () => {
  const stateful = Object.entries(previous)
    .filter(([, entry]) =>
      ['AWS::S3::Bucket', 'AWS::Connect::HoursOfOperation', 'AWS::Connect::ContactFlow', 'AWS::Connect::IntegrationAssociation', 'AWS::SNS::Topic', 'Custom::PhoneNumberContactFlowAssociation'].includes(entry.Type),
    )
    .map(([id]) => id);
  expect(stateful.length).toBeGreaterThanOrEqual(6);
  expect(stateful.filter((id) => current[id] === undefined)).toEqual([]);
});
