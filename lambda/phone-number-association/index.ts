/**
 * Custom resource handler (CDK Provider framework onEvent): associates the line's phone number with its flow on
 * create and update, and disassociates it on delete.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { associatePhoneNumber, disassociatePhoneNumber, PhoneNumberAssociationProps } from './associate';

const connect = new ConnectClient({});

/** What the Provider framework expects back. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

/** Lambda entry point. Errors propagate: the framework reports them to CloudFormation as the failure reason. */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  const props = event.ResourceProperties as unknown as PhoneNumberAssociationProps;
  const log = (message: string, extra: Record<string, unknown> = {}) =>
    process.stdout.write(
      `${JSON.stringify({ message, requestType: event.RequestType, logicalId: event.LogicalResourceId, ...extra })}\n`,
    );
  if (event.RequestType === 'Delete') {
    const sent = await disassociatePhoneNumber(connect, props, event.PhysicalResourceId);
    log(sent ? 'disassociated' : 'nothing to disassociate', { phoneNumberId: event.PhysicalResourceId });
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const phoneNumberId = await associatePhoneNumber(connect, props);
  log('associated', { phoneNumberId, contactFlowArn: props.ContactFlowArn });
  return { PhysicalResourceId: phoneNumberId, Data: { PhoneNumberId: phoneNumberId } };
}
