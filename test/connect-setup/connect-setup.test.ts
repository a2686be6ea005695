/**
 * The Connect setup custom resource against a fake Connect that answers by Connect's documented rules.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { handler } from '../../lambda/connect-setup/index';
import { FakeConnect } from '../support/fake-connect';

const INSTANCE_ID = '00000000-1111-2222-3333-444444444444';
const INSTANCE_ARN = `arn:aws:connect:ap-northeast-1:111122223333:instance/${INSTANCE_ID}`;
const FLOW_ID = 'aaaaaaaa-0000-0000-0000-000000000001';
const FLOW_ARN = `${INSTANCE_ARN}/contact-flow/${FLOW_ID}`;
const NUMBER = '+815012345678';
const NUMBER_ID = 'bbbbbbbb-0000-0000-0000-000000000001';

let connect: FakeConnect;

beforeEach(() => {
  connect?.mock.restore();
  // The handler's module-scope client is a ConnectClient: the fake's mock answers every one of them.
  connect = new FakeConnect(INSTANCE_ID, INSTANCE_ARN);
  connect.flows.add(FLOW_ID);
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  jest.restoreAllMocks();
});

afterAll(() => connect.mock.restore());

function event(
  resourceType: string,
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Record<string, string>,
  physicalId = 'unused',
): CloudFormationCustomResourceEvent {
  const base = {
    ServiceToken: 'token',
    ResponseURL: 'https://example.invalid/response',
    StackId: 'stack',
    RequestId: 'request',
    LogicalResourceId: 'Resource',
    ResourceType: resourceType,
    ResourceProperties: { ServiceToken: 'token', ...properties },
  };
  if (requestType === 'Create') return { ...base, RequestType: 'Create' };
  if (requestType === 'Update') return { ...base, RequestType: 'Update', PhysicalResourceId: physicalId, OldResourceProperties: { ServiceToken: 'token' } };
  return { ...base, RequestType: 'Delete', PhysicalResourceId: physicalId };
}

const association = (extra: Record<string, string> = {}) => ({ InstanceArn: INSTANCE_ARN, PhoneNumber: NUMBER, ContactFlowArn: FLOW_ARN, ...extra });
const ASSOCIATION = 'Custom::PhoneNumberContactFlowAssociation';
const FLOW_LOGS = 'Custom::ConnectFlowLogs';

describe('phone number association', () => {
  test('finds the number among several pages of claimed numbers and points it at the flow', async () => {
    connect.claim('+815011111111', 'cccccccc-0000-0000-0000-000000000001');
    connect.claim('+815012345670', 'cccccccc-0000-0000-0000-000000000002');
    connect.claim(NUMBER, NUMBER_ID);
    await expect(handler(event(ASSOCIATION, 'Create', association()))).resolves.toEqual({
      PhysicalResourceId: NUMBER_ID,
      Data: { PhoneNumberId: NUMBER_ID, Status: 'associated' },
    });
    expect(connect.flowOf(NUMBER)).toBe(FLOW_ID);
  });

  test('an existing instance without the number claimed fails the deploy, saying how to fix it', async () => {
    await expect(handler(event(ASSOCIATION, 'Create', association({ WhenUnclaimed: 'fail' })))).rejects.toThrow(
      /Phone number \+815012345678 is not claimed in Amazon Connect instance .*Claim it in the Amazon Connect console/,
    );
  });

  test('a new instance (wait): the first deploy records pending; after the number is claimed, the next deploy associates it', async () => {
    const first = await handler(event(ASSOCIATION, 'Create', association({ WhenUnclaimed: 'wait' })));
    expect(first).toEqual({ PhysicalResourceId: `pending:${NUMBER}`, Data: { PhoneNumberId: '', Status: 'pending' } });
    connect.claim(NUMBER, NUMBER_ID);
    const second = await handler(event(ASSOCIATION, 'Update', association({ WhenUnclaimed: 'wait', RefreshToken: '1' }), first.PhysicalResourceId));
    expect(second).toEqual({ PhysicalResourceId: NUMBER_ID, Data: { PhoneNumberId: NUMBER_ID, Status: 'associated' } });
    expect(connect.flowOf(NUMBER)).toBe(FLOW_ID);
    // CloudFormation then deletes the old physical ID: "pending" disassociates nothing.
    await expect(handler(event(ASSOCIATION, 'Delete', association(), first.PhysicalResourceId))).resolves.toEqual({ PhysicalResourceId: first.PhysicalResourceId });
    expect(connect.flowOf(NUMBER)).toBe(FLOW_ID);
  });

  test('a working association is never swapped for pending: an unclaimed new number fails the update, even in wait mode', async () => {
    connect.claim(NUMBER, NUMBER_ID);
    await handler(event(ASSOCIATION, 'Create', association({ WhenUnclaimed: 'wait' })));
    await expect(handler(event(ASSOCIATION, 'Update', association({ WhenUnclaimed: 'wait', PhoneNumber: '+815012345679' }), NUMBER_ID))).rejects.toThrow(
      /\+815012345679 is not claimed/,
    );
    expect(connect.flowOf(NUMBER)).toBe(FLOW_ID);
  });

  test('while pending, an update still waits (the number is not claimed yet)', async () => {
    await expect(handler(event(ASSOCIATION, 'Update', association({ WhenUnclaimed: 'wait' }), `pending:${NUMBER}`))).resolves.toMatchObject({
      PhysicalResourceId: `pending:${NUMBER}`,
      Data: { Status: 'pending' },
    });
  });

  test('a flow that is not in the instance is refused as Connect refuses it', async () => {
    connect.claim(NUMBER, NUMBER_ID);
    await expect(handler(event(ASSOCIATION, 'Create', association({ ContactFlowArn: `${INSTANCE_ARN}/contact-flow/missing` })))).rejects.toThrow(/contact flow missing not found/);
  });

  test('missing permission to associate fails the deploy (no silent pending)', async () => {
    connect.claim(NUMBER, NUMBER_ID);
    connect.denied.add('AssociatePhoneNumberContactFlow');
    await expect(handler(event(ASSOCIATION, 'Create', association({ WhenUnclaimed: 'wait' })))).rejects.toThrow(/not authorized/);
  });

  test('delete disassociates; a number already gone is fine', async () => {
    connect.claim(NUMBER, NUMBER_ID);
    await handler(event(ASSOCIATION, 'Create', association()));
    await handler(event(ASSOCIATION, 'Delete', association(), NUMBER_ID));
    expect(connect.flowOf(NUMBER)).toBeUndefined();
    connect.numbers.splice(0);
    await expect(handler(event(ASSOCIATION, 'Delete', association(), NUMBER_ID))).resolves.toEqual({ PhysicalResourceId: NUMBER_ID });
  });
});

describe('flow logs for an existing instance', () => {
  test('switches CONTACTFLOW_LOGS on and reads it back', async () => {
    await expect(handler(event(FLOW_LOGS, 'Create', { InstanceArn: INSTANCE_ARN }))).resolves.toEqual({
      PhysicalResourceId: `flow-logs:${INSTANCE_ARN}`,
      Data: { Status: 'on', Detail: 'CONTACTFLOW_LOGS is true' },
    });
    expect(connect.attributes.get('CONTACTFLOW_LOGS')).toBe('true');
  });

  test('a refusal does not fail the deploy: the status says off, and why, for the stack output', async () => {
    connect.denied.add('UpdateInstanceAttribute');
    await expect(handler(event(FLOW_LOGS, 'Update', { InstanceArn: INSTANCE_ARN }))).resolves.toEqual({
      PhysicalResourceId: `flow-logs:${INSTANCE_ARN}`,
      Data: { Status: 'off', Detail: 'UpdateInstanceAttribute failed: AccessDeniedException: not authorized to perform connect:UpdateInstanceAttribute' },
    });
    expect(connect.attributes.get('CONTACTFLOW_LOGS')).toBe('false');
  });

  test('an instance that is not there reads as off, with Connect\'s reason', async () => {
    const other = 'arn:aws:connect:ap-northeast-1:111122223333:instance/99999999-1111-2222-3333-444444444444';
    await expect(handler(event(FLOW_LOGS, 'Create', { InstanceArn: other }))).resolves.toMatchObject({ Data: { Status: 'off', Detail: expect.stringMatching(/ResourceNotFoundException/) as string } });
  });

  test('deleting the stack leaves the logs on', async () => {
    connect.attributes.set('CONTACTFLOW_LOGS', 'true');
    await handler(event(FLOW_LOGS, 'Delete', { InstanceArn: INSTANCE_ARN }, `flow-logs:${INSTANCE_ARN}`));
    expect(connect.attributes.get('CONTACTFLOW_LOGS')).toBe('true');
  });
});
