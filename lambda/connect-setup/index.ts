/**
 * Custom resource handler (CDK Provider framework onEvent) for what CloudFormation cannot do in Connect:
 * - `Custom::PhoneNumberContactFlowAssociation`: point the claimed number at the flow (create/update), undo on delete;
 * - `Custom::ConnectFlowLogs`: switch an existing instance's flow logs on (create/update); delete leaves them on.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  associatePhoneNumber,
  disassociatePhoneNumber,
  PENDING_PREFIX,
  PhoneNumberAssociationProps,
  PhoneNumberNotClaimedError,
} from './associate';
import { enableFlowLogs, FlowLogsProps } from './flow-logs';

const connect = new ConnectClient({});

/** The resource types this handler serves. */
export const RESOURCE_TYPES = {
  phoneNumberAssociation: 'Custom::PhoneNumberContactFlowAssociation',
  flowLogs: 'Custom::ConnectFlowLogs',
} as const;

/** What the Provider framework expects back. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

/** Lambda entry point. Errors propagate: the framework reports them to CloudFormation as the failure reason. */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  const log = (message: string, extra: Record<string, unknown> = {}) =>
    process.stdout.write(
      `${JSON.stringify({ message, resourceType: event.ResourceType, requestType: event.RequestType, logicalId: event.LogicalResourceId, ...extra })}\n`,
    );
  if (event.ResourceType === RESOURCE_TYPES.flowLogs) {
    const props = event.ResourceProperties as unknown as FlowLogsProps;
    const physicalId = `flow-logs:${props.InstanceArn}`;
    // Deleting the stack leaves the instance's logs on: they may serve other flows, and they cost nothing idle.
    if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId };
    const state = await enableFlowLogs(connect, props);
    log(`flow logs ${state.status}`, { detail: state.detail });
    return { PhysicalResourceId: physicalId, Data: { Status: state.status, Detail: state.detail.slice(0, 200) } };
  }

  const props = event.ResourceProperties as unknown as PhoneNumberAssociationProps;
  if (event.RequestType === 'Delete') {
    const sent = await disassociatePhoneNumber(connect, props, event.PhysicalResourceId);
    log(sent ? 'disassociated' : 'nothing to disassociate', { phoneNumberId: event.PhysicalResourceId });
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  let phoneNumberId: string;
  try {
    phoneNumberId = await associatePhoneNumber(connect, props);
  } catch (error) {
    // Waiting is for a new instance's first deploy (and the deploys until its number is claimed). An association
    // that works must never be swapped for "pending": a changed, unclaimed number then fails the deploy, and the
    // rollback keeps the working association.
    const mayWait =
      props.WhenUnclaimed === 'wait' && (event.RequestType === 'Create' || event.PhysicalResourceId.startsWith(PENDING_PREFIX));
    if (!(error instanceof PhoneNumberNotClaimedError) || !mayWait) throw error;
    // A new instance has no claimed number yet: the deploy succeeds, the stack output says so, and the deploy after
    // the number is claimed (`-c refresh=…`) associates it.
    log('pending: number not claimed yet', { phoneNumber: props.PhoneNumber });
    return { PhysicalResourceId: `${PENDING_PREFIX}${props.PhoneNumber}`, Data: { PhoneNumberId: '', Status: 'pending' } };
  }
  log('associated', { phoneNumberId, contactFlowArn: props.ContactFlowArn });
  return { PhysicalResourceId: phoneNumberId, Data: { PhoneNumberId: phoneNumberId, Status: 'associated' } };
}
