/**
 * Staff who answer in Amazon Connect (`routing.queue`): the queue, the routing profile and the customer-queue flow the
 * stack creates, how the inbound flow reaches them, the outputs ops need, Connect's own metrics on the dashboard, and
 * that a site transferring to an external number gets none of it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AfterHoursStack } from '../../lib/after-hours-stack';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/load';
import type { SiteConfig } from '../../lib/config/site-config';
import { stackEnvironment } from '../../lib/config/stack-identity';
import { validateSiteConfig } from '../../lib/config/validate';
import { CALL_OUTCOMES } from '../../lib/flow/outcomes';
import { cdkContext } from '../support/cdk-context';

// Template JSON, read the way CloudFormation gets it.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Resource = { Type: string; Properties: Record<string, Json>; DependsOn?: string[] };

// One temp folder per App, all removed at the end (the temp guard fails the run otherwise).
const outdirs: string[] = [];
afterAll(() => {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
});

function newApp(): App {
  const outdir = mkdtempSync(path.join(tmpdir(), 'stack-test-'));
  outdirs.push(outdir);
  return new App({ outdir, context: cdkContext() });
}

function synth(config: SiteConfig): { template: Template; resources: Record<string, Resource>; outputs: Record<string, { Value: Json }> } {
  const stack = new AfterHoursStack(newApp(), 'QueueStack', { config, env: stackEnvironment(config) });
  const template = Template.fromStack(stack);
  const json = template.toJSON();
  return { template, resources: json.Resources as Record<string, Resource>, outputs: json.Outputs as Record<string, { Value: Json }> };
}

const { staffNumber: _externalStaff, ...exampleWithoutStaff } = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, Json>;
const EXAMPLE_INSTANCE_ID = '00000000-1111-2222-3333-444444444444';

/** A queue-routed site: the example with its staff number replaced by a queue (values away from the defaults). */
function queueSite(queue: Record<string, Json> = {}, more: Record<string, Json> = {}): SiteConfig {
  return validateSiteConfig({ ...exampleWithoutStaff, routing: { queue: { name: 'support', maxContacts: 7, repeatSeconds: 45, ...queue } }, ...more });
}

function idsOf(resources: Record<string, Resource>, type: string, predicate: (r: Resource) => boolean = () => true): string[] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type && predicate(r))
    .map(([id]) => id);
}

function onlyIdOf(resources: Record<string, Resource>, type: string, predicate?: (r: Resource) => boolean): string {
  const ids = idsOf(resources, type, predicate);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0]!;
}

/** A string property, with every CloudFormation reference inside an Fn::Join replaced by a readable marker. */
function withMarkers(value: string | { 'Fn::Join': [string, Json[]] }): string {
  if (typeof value === 'string') return value;
  return value['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : `<<${JSON.stringify(part).replace(/"/g, "'")}>>`)).join('');
}

/** The marker {@link withMarkers} writes for `Fn::GetAtt [id, attribute]`. */
const getAtt = (id: string, attribute: string) => `<<{'Fn::GetAtt':['${id}','${attribute}']}>>`;

function flowOfType(resources: Record<string, Resource>, type: string): { id: string; doc: Json; content: Json } {
  const id = onlyIdOf(resources, 'AWS::Connect::ContactFlow', (r) => r.Properties.Type === type);
  const content = resources[id]!.Properties.Content;
  return { id, content, doc: JSON.parse(withMarkers(content)) };
}

const actionsOf = (doc: Json, type: string): Json[] => doc.Actions.filter((action: Json) => action.Type === type);

/** Every metric row of the dashboard, as CloudWatch reads it: [namespace, name, dimension, value, …, options]. */
function dashboardOf(resources: Record<string, Resource>): { text: string; widgets: Json[]; metricRows: Json[][] } {
  const dashboard = resources[onlyIdOf(resources, 'AWS::CloudWatch::Dashboard')]!;
  const text = withMarkers(dashboard.Properties.DashboardBody);
  const widgets = JSON.parse(text).widgets as Json[];
  return { text, widgets, metricRows: widgets.flatMap((widget) => (widget.properties.metrics ?? []) as Json[][]) };
}

/** The metric rows of one Connect metric, each as its dimensions. */
function connectMetric(metricRows: Json[][], name: string): Record<string, string>[] {
  return metricRows
    .filter((row) => row[0] === 'AWS/Connect' && row[1] === name)
    .map((row) => {
      const pairs = row.slice(2).filter((cell) => typeof cell === 'string');
      return Object.fromEntries(pairs.flatMap((cell, index) => (index % 2 === 0 ? [[cell, pairs[index + 1]]] : [])));
    });
}

describe('a queue-routed site', () => {
  const config = queueSite();
  const { template, resources, outputs } = synth(config);
  const queueId = onlyIdOf(resources, 'AWS::Connect::Queue');
  const businessHoursId = onlyIdOf(resources, 'AWS::Connect::HoursOfOperation', (r) => String(r.Properties.Name).endsWith('business hours'));
  const queueFlow = flowOfType(resources, 'CUSTOMER_QUEUE');
  const inbound = flowOfType(resources, 'CONTACT_FLOW');

  test('one queue, open on the business hours, holding maxContacts callers, managed by the stack', () => {
    template.resourceCountIs('AWS::Connect::Queue', 1);
    template.hasResourceProperties('AWS::Connect::Queue', {
      InstanceArn: `arn:aws:connect:ap-northeast-1:111122223333:instance/${EXAMPLE_INSTANCE_ID}`,
      Name: 'support',
      HoursOfOperationArn: { 'Fn::GetAtt': [businessHoursId, 'HoursOfOperationArn'] },
      MaxContacts: 7,
      Description: Match.stringLikeRegexp('Managed by connect-after-hours'),
    });
  });

  test('one routing profile for staff: the queue on VOICE at priority 1, one call at a time, and the default outbound queue', () => {
    template.resourceCountIs('AWS::Connect::RoutingProfile', 1);
    const queueArn = { 'Fn::GetAtt': [queueId, 'QueueArn'] };
    const profile = resources[onlyIdOf(resources, 'AWS::Connect::RoutingProfile')]!.Properties;
    expect(profile).toMatchObject({
      Name: 'example-support staff',
      Description: expect.stringMatching(/connect-after-hours/),
      DefaultOutboundQueueArn: queueArn,
      MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
    });
    expect(profile.QueueConfigs).toEqual([{ Delay: 0, Priority: 1, QueueReference: { Channel: 'VOICE', QueueArn: queueArn } }]);
  });

  test('two flows: the customer-queue flow announces the position, repeats the hold audio every repeatSeconds, and checks the hours', () => {
    template.resourceCountIs('AWS::Connect::ContactFlow', 2);
    expect(resources[queueFlow.id]!.Properties).toMatchObject({ Name: 'example-support customer queue', State: 'ACTIVE' });
    const text = withMarkers(queueFlow.content);
    expect(text).toContain('$.Metrics.Contact.PositionInQueue');
    expect(text).not.toMatch(/%[A-Za-z]+%/);
    const [hold, ...moreHolds] = actionsOf(queueFlow.doc, 'MessageParticipantIteratively');
    expect(moreHolds).toEqual([]);
    expect(hold.Parameters.InterruptFrequencySeconds).toBe('45');
    expect(actionsOf(queueFlow.doc, 'GetMetricData')).toHaveLength(1);
    expect(actionsOf(queueFlow.doc, 'CheckHoursOfOperation')[0].Parameters.HoursOfOperationId).toBe(getAtt(businessHoursId, 'HoursOfOperationArn'));
    // Only the inbound flow may put a caller in a queue.
    expect(actionsOf(queueFlow.doc, 'TransferContactToQueue')).toEqual([]);
  });

  test('the inbound flow sets the queue and the queue flow by reference, transfers, and handles a full queue', () => {
    expect(resources[inbound.id]!.Properties).toMatchObject({ Name: 'example-support after-hours', State: 'ACTIVE' });
    // The references are Fn::GetAtt in the Content's join: CloudFormation creates the queue and the queue flow first.
    const joined = JSON.stringify(inbound.content['Fn::Join'][1]);
    expect(joined).toContain(JSON.stringify({ 'Fn::GetAtt': [queueId, 'QueueArn'] }));
    expect(joined).toContain(JSON.stringify({ 'Fn::GetAtt': [queueFlow.id, 'ContactFlowArn'] }));
    expect(actionsOf(inbound.doc, 'UpdateContactTargetQueue')[0].Parameters.QueueId).toBe(getAtt(queueId, 'QueueArn'));
    expect(actionsOf(inbound.doc, 'UpdateContactEventHooks')[0].Parameters.EventHooks).toEqual({ CustomerQueue: getAtt(queueFlow.id, 'ContactFlowArn') });
    const [transfer, ...moreTransfers] = actionsOf(inbound.doc, 'TransferContactToQueue');
    expect(moreTransfers).toEqual([]);
    expect(transfer.Transitions.Errors.map((error: Json) => error.ErrorType)).toContain('QueueAtCapacity');
    // Nobody is sent to an external number on this site.
    expect(actionsOf(inbound.doc, 'TransferParticipantToThirdParty')).toEqual([]);
    expect(withMarkers(inbound.content)).not.toContain('+815098765432');
  });

  test('outputs: the queue, the routing profile (ARN and ID) and the customer-queue flow', () => {
    const routingProfileId = onlyIdOf(resources, 'AWS::Connect::RoutingProfile');
    expect(outputs.StaffQueueArn?.Value).toEqual({ 'Fn::GetAtt': [queueId, 'QueueArn'] });
    expect(outputs.StaffRoutingProfileArn?.Value).toEqual({ 'Fn::GetAtt': [routingProfileId, 'RoutingProfileArn'] });
    // …/instance/<instance id>/routing-profile/<id>: the fourth part after splitting on "/".
    expect(outputs.StaffRoutingProfileId?.Value).toEqual({ 'Fn::Select': [3, { 'Fn::Split': ['/', { 'Fn::GetAtt': [routingProfileId, 'RoutingProfileArn'] }] }] });
    expect(outputs.CustomerQueueFlowArn?.Value).toEqual({ 'Fn::GetAtt': [queueFlow.id, 'ContactFlowArn'] });
  });

  test('the dashboard graphs Connect\'s metrics of the instance, of both flows and of the queue, and says where abandoned calls are', () => {
    const { text, metricRows } = dashboardOf(resources);
    const instance = { InstanceId: EXAMPLE_INSTANCE_ID, MetricGroup: 'VoiceCalls' };
    for (const name of ['CallsPerInterval', 'MissedCalls', 'ConcurrentCalls', 'ThrottledCalls']) {
      expect(connectMetric(metricRows, name)).toEqual([instance]);
    }
    // Graphed with both dimension sets the sources disagree on.
    expect(connectMetric(metricRows, 'CallsBreachingConcurrencyQuota')).toEqual(expect.arrayContaining([{ InstanceId: EXAMPLE_INSTANCE_ID }, instance]));
    for (const name of ['ContactFlowErrors', 'ContactFlowFatalErrors']) {
      expect(connectMetric(metricRows, name)).toEqual(
        ['example-support after-hours', 'example-support customer queue'].map((ContactFlowName) => ({ InstanceId: EXAMPLE_INSTANCE_ID, MetricGroup: 'ContactFlow', ContactFlowName })),
      );
    }
    for (const name of ['QueueSize', 'LongestQueueWaitTime', 'QueueCapacityExceededError']) {
      expect(connectMetric(metricRows, name)).toEqual([{ InstanceId: EXAMPLE_INSTANCE_ID, MetricGroup: 'Queue', QueueName: 'support' }]);
    }
    expect(text).toContain('CONTACTS_ABANDONED');
    expect(text).toContain('Historical metrics');
    expect(text).toContain('Contact search');
    for (const outcome of Object.keys(CALL_OUTCOMES)) expect(text).toContain(`\`${outcome}\``);
  });

  test('the existing dashboard widgets come first, in their order', () => {
    const { widgets } = dashboardOf(resources);
    const titles = widgets.map((widget) => widget.properties.title ?? (widget.properties.markdown as string).split('\n')[0]);
    expect(titles.slice(0, 7)).toEqual([
      'Calls per hour by answer (as the checker judged them)',
      'Checker latency (p99, ms) and errors',
      'Holiday list age (hours) and data problems',
      'Calendar fetches',
      'Connect override sync',
      'Alarms',
      'Amazon Connect: voice calls on the whole instance',
    ]);
  });

  test('cdk-nag AwsSolutions reports nothing unacknowledged', () => {
    const app = newApp();
    new AfterHoursStack(app, 'QueueNagStack', { config, env: stackEnvironment(config) });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });
});

describe('queue-routed variations', () => {
  test('hold music: a holdPromptArn replaces the spoken hold text', () => {
    const prompt = `arn:aws:connect:ap-northeast-1:111122223333:instance/${EXAMPLE_INSTANCE_ID}/prompt/00000000-0000-0000-0000-00000000000a`;
    const { resources } = synth(queueSite({ holdPromptArn: prompt }));
    const [hold] = actionsOf(flowOfType(resources, 'CUSTOMER_QUEUE').doc, 'MessageParticipantIteratively');
    expect(hold.Parameters.Messages).toEqual([{ PromptId: prompt }]);
  });

  test('a menu: the inbound flow asks for a key, and the staff key leads into the queue', () => {
    const { resources } = synth(
      queueSite({}, { menu: { prompt: 'お問い合わせは1を、受付時間のご案内は2を押してください。', options: { '1': { action: 'staff' }, '2': { action: 'announcement', text: '受付時間は{businessHours}です。' } } } }),
    );
    const { doc } = flowOfType(resources, 'CONTACT_FLOW');
    const [menu] = actionsOf(doc, 'GetParticipantInput');
    expect(menu.Parameters).toMatchObject({ StoreInput: 'False', Text: expect.stringContaining('1を') });
    expect(menu.Transitions.Conditions.map((condition: Json) => condition.Condition.Operands[0]).sort()).toEqual(['1', '2']);
    expect(actionsOf(doc, 'TransferContactToQueue')).toHaveLength(1);
  });

  test('a created instance: the queue and its flow are in it, and the dashboard reads the instance ID from its ARN', () => {
    const { resources } = synth(queueSite({}, { connect: { createInstanceAlias: 'after-hours-queue' } }));
    const instanceId = onlyIdOf(resources, 'AWS::Connect::Instance');
    const instanceArn = { 'Fn::GetAtt': [instanceId, 'Arn'] };
    expect(resources[onlyIdOf(resources, 'AWS::Connect::Queue')]!.Properties.InstanceArn).toEqual(instanceArn);
    expect(resources[onlyIdOf(resources, 'AWS::Connect::RoutingProfile')]!.Properties.InstanceArn).toEqual(instanceArn);
    expect(resources[flowOfType(resources, 'CUSTOMER_QUEUE').id]!.Properties.InstanceArn).toEqual(instanceArn);
    const [dimensions] = connectMetric(dashboardOf(resources).metricRows, 'QueueSize');
    // arn:…:instance/<id> → the part after "/" of the ARN's sixth ":"-separated field.
    const expected = { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', instanceArn] }] }] }] };
    expect(dimensions?.InstanceId).toBe(`<<${JSON.stringify(expected).replace(/"/g, "'")}>>`);
  });

  test('a queue with a Japanese name: the dashboard explains instead of graphing metrics CloudWatch does not show', () => {
    const { resources } = synth(queueSite({ name: 'サポート窓口' }));
    const { text, metricRows } = dashboardOf(resources);
    expect(connectMetric(metricRows, 'QueueSize')).toEqual([]);
    expect(text).toContain('non-ASCII');
    expect(text).toContain('サポート窓口');
  });

  test('a customer-queue flow Connect would reject fails synth, naming the block', () => {
    const config = queueSite();
    // Past the config validator (repeatSeconds above 20), an interrupt inside the agent's 20 s must still stop synth.
    const broken: SiteConfig = { ...config, routing: { queue: { ...config.routing!.queue!, repeatSeconds: 10 } } };
    expect(() => synth(broken)).toThrow(/hold: .*InterruptFrequencySeconds/);
  });
});

describe('a site that transfers to an external number (the example)', () => {
  const { template, resources, outputs } = synth(validateSiteConfig({ ...exampleWithoutStaff, staffNumber: '050-9876-5432' }));

  test('has no queue, no routing profile, no customer-queue flow and no queue outputs', () => {
    template.resourceCountIs('AWS::Connect::Queue', 0);
    template.resourceCountIs('AWS::Connect::RoutingProfile', 0);
    template.resourceCountIs('AWS::Connect::ContactFlow', 1);
    template.hasResourceProperties('AWS::Connect::ContactFlow', { Type: 'CONTACT_FLOW' });
    for (const name of ['StaffQueueArn', 'StaffRoutingProfileArn', 'StaffRoutingProfileId', 'CustomerQueueFlowArn']) expect(outputs).not.toHaveProperty(name);
    const { doc } = flowOfType(resources, 'CONTACT_FLOW');
    expect(actionsOf(doc, 'TransferContactToQueue')).toEqual([]);
    expect(actionsOf(doc, 'TransferParticipantToThirdParty')).toHaveLength(1);
  });

  test('its dashboard has Connect\'s instance and flow metrics, no queue metrics, and the call-records note', () => {
    const { text, metricRows } = dashboardOf(resources);
    expect(connectMetric(metricRows, 'CallsPerInterval')).toEqual([{ InstanceId: EXAMPLE_INSTANCE_ID, MetricGroup: 'VoiceCalls' }]);
    expect(connectMetric(metricRows, 'ContactFlowErrors')).toEqual([{ InstanceId: EXAMPLE_INSTANCE_ID, MetricGroup: 'ContactFlow', ContactFlowName: 'example-support after-hours' }]);
    for (const name of ['QueueSize', 'LongestQueueWaitTime', 'QueueCapacityExceededError']) expect(connectMetric(metricRows, name)).toEqual([]);
    expect(text).toContain('`outcome`');
  });
});
