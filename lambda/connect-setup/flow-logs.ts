/**
 * Turn an existing instance's flow logs on. The flow's `UpdateFlowLoggingBehavior` block logs only when the
 * instance itself has flow logs enabled (an instance created by this stack has them from the start), so without
 * this the logs the README relies on are silently off. Takes the Connect client as a parameter for the tests.
 */
import { ConnectClient, DescribeInstanceAttributeCommand, UpdateInstanceAttributeCommand } from '@aws-sdk/client-connect';
import { instanceIdOf } from './associate';
import { errorLine } from '../shared/errors';

/** The custom resource's properties, as CloudFormation passes them. */
export interface FlowLogsProps {
  /** `arn:aws:connect:<region>:<account>:instance/<id>` */
  readonly InstanceArn: string;
}

/** What the instance's flow-log switch is after the attempt, and why when it is not on. */
export interface FlowLogsState {
  readonly status: 'on' | 'off';
  readonly detail: string;
}

/**
 * Switch the instance's CONTACTFLOW_LOGS attribute on and read it back. Never throws: a refusal (a missing
 * permission, an instance in another state) is reported as `off` with the reason, for the stack output and the
 * README's one-time step, instead of failing the deploy of a working line.
 */
export async function enableFlowLogs(client: ConnectClient, props: FlowLogsProps): Promise<FlowLogsState> {
  const InstanceId = instanceIdOf(props.InstanceArn);
  try {
    await client.send(new UpdateInstanceAttributeCommand({ InstanceId, AttributeType: 'CONTACTFLOW_LOGS', Value: 'true' }));
  } catch (error) {
    return { status: 'off', detail: `UpdateInstanceAttribute failed: ${errorLine(error)}` };
  }
  try {
    const read = await client.send(new DescribeInstanceAttributeCommand({ InstanceId, AttributeType: 'CONTACTFLOW_LOGS' }));
    return read.Attribute?.Value === 'true'
      ? { status: 'on', detail: 'CONTACTFLOW_LOGS is true' }
      : { status: 'off', detail: `CONTACTFLOW_LOGS reads ${JSON.stringify(read.Attribute?.Value ?? null)} after the update` };
  } catch (error) {
    return { status: 'off', detail: `DescribeInstanceAttribute failed: ${errorLine(error)}` };
  }
}
