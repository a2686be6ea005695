import {
  AssociatePhoneNumberContactFlowCommand,
  ConnectClient,
  DisassociatePhoneNumberContactFlowCommand,
  ListPhoneNumbersV2Command,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { associatePhoneNumber, disassociatePhoneNumber, PhoneNumberAssociationProps } from '../../lambda/connect-setup/associate';

const connectMock = mockClient(ConnectClient);
// The handler builds its client at module scope; the mock above intercepts every ConnectClient.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { handler } = require('../../lambda/connect-setup/index') as typeof import('../../lambda/connect-setup/index');

const INSTANCE_ID = '00000000-1111-2222-3333-444444444444';
const props: PhoneNumberAssociationProps = {
  InstanceArn: `arn:aws:connect:ap-northeast-1:111122223333:instance/${INSTANCE_ID}`,
  PhoneNumber: '+815012345678',
  ContactFlowArn: `arn:aws:connect:ap-northeast-1:111122223333:instance/${INSTANCE_ID}/contact-flow/flow-1234`,
};
const PHONE_NUMBER_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

function event(requestType: 'Create' | 'Update' | 'Delete', physicalId = PHONE_NUMBER_ID): CloudFormationCustomResourceEvent {
  const base = {
    ServiceToken: 'token',
    ResponseURL: 'https://example.invalid/response',
    StackId: 'stack',
    RequestId: 'request',
    LogicalResourceId: 'PhoneNumberAssociation',
    ResourceType: 'Custom::PhoneNumberContactFlowAssociation',
    ResourceProperties: { ServiceToken: 'token', ...props },
  };
  if (requestType === 'Create') return { ...base, RequestType: 'Create' };
  if (requestType === 'Update') {
    return { ...base, RequestType: 'Update', PhysicalResourceId: physicalId, OldResourceProperties: { ServiceToken: 'token' } };
  }
  return { ...base, RequestType: 'Delete', PhysicalResourceId: physicalId };
}

beforeEach(() => {
  connectMock.reset();
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

describe('phone number association', () => {
  test('finds the number on a later page and associates it with the flow', async () => {
    connectMock
      .on(ListPhoneNumbersV2Command)
      .resolvesOnce({ ListPhoneNumbersSummaryList: [{ PhoneNumber: '+815012345679', PhoneNumberId: 'other' }], NextToken: 'page-2' })
      .resolvesOnce({ ListPhoneNumbersSummaryList: [{ PhoneNumber: '+815012345678', PhoneNumberId: PHONE_NUMBER_ID }] });
    connectMock.on(AssociatePhoneNumberContactFlowCommand).resolves({});

    await expect(associatePhoneNumber(new ConnectClient({}), props)).resolves.toBe(PHONE_NUMBER_ID);

    const listCalls = connectMock.commandCalls(ListPhoneNumbersV2Command);
    expect(listCalls.map((call) => call.args[0].input)).toEqual([
      { TargetArn: props.InstanceArn, PhoneNumberPrefix: '+815012345678', NextToken: undefined },
      { TargetArn: props.InstanceArn, PhoneNumberPrefix: '+815012345678', NextToken: 'page-2' },
    ]);
    expect(connectMock.commandCalls(AssociatePhoneNumberContactFlowCommand)[0]?.args[0].input).toEqual({
      InstanceId: INSTANCE_ID,
      PhoneNumberId: PHONE_NUMBER_ID,
      ContactFlowId: 'flow-1234',
    });
  });

  test('a number not claimed in the instance fails with a clear message and associates nothing', async () => {
    connectMock.on(ListPhoneNumbersV2Command).resolves({ ListPhoneNumbersSummaryList: [] });
    await expect(handler(event('Create'))).rejects.toThrow(
      /Phone number \+815012345678 is not claimed in Amazon Connect instance arn:aws:connect:.*Claim it in the Amazon Connect console/,
    );
    expect(connectMock.commandCalls(AssociatePhoneNumberContactFlowCommand)).toHaveLength(0);
  });

  test('create and update answer the number ID as the physical ID', async () => {
    connectMock.on(ListPhoneNumbersV2Command).resolves({
      ListPhoneNumbersSummaryList: [{ PhoneNumber: '+815012345678', PhoneNumberId: PHONE_NUMBER_ID }],
    });
    connectMock.on(AssociatePhoneNumberContactFlowCommand).resolves({});
    await expect(handler(event('Create'))).resolves.toEqual({
      PhysicalResourceId: PHONE_NUMBER_ID,
      Data: { PhoneNumberId: PHONE_NUMBER_ID, Status: 'associated' },
    });
    await expect(handler(event('Update'))).resolves.toMatchObject({ PhysicalResourceId: PHONE_NUMBER_ID });
    expect(connectMock.commandCalls(AssociatePhoneNumberContactFlowCommand)).toHaveLength(2);
  });

  test('delete disassociates the number', async () => {
    connectMock.on(DisassociatePhoneNumberContactFlowCommand).resolves({});
    await expect(handler(event('Delete'))).resolves.toEqual({ PhysicalResourceId: PHONE_NUMBER_ID });
    expect(connectMock.commandCalls(DisassociatePhoneNumberContactFlowCommand)[0]?.args[0].input).toEqual({
      InstanceId: INSTANCE_ID,
      PhoneNumberId: PHONE_NUMBER_ID,
    });
  });

  test('delete of a number already gone succeeds', async () => {
    connectMock
      .on(DisassociatePhoneNumberContactFlowCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    await expect(disassociatePhoneNumber(new ConnectClient({}), props, PHONE_NUMBER_ID)).resolves.toBe(false);
  });

  test('delete after a failed create (no number ID) sends nothing', async () => {
    await expect(handler(event('Delete', 'request-id-of-a-failed-create'))).resolves.toEqual({
      PhysicalResourceId: 'request-id-of-a-failed-create',
    });
    expect(connectMock.commandCalls(DisassociatePhoneNumberContactFlowCommand)).toHaveLength(0);
  });

  test('other delete errors propagate, so CloudFormation reports them', async () => {
    connectMock.on(DisassociatePhoneNumberContactFlowCommand).rejects(new Error('AccessDenied'));
    await expect(handler(event('Delete'))).rejects.toThrow('AccessDenied');
  });
});
