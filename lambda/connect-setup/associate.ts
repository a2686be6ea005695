/**
 * Associate the line's phone number with its contact flow, which CloudFormation cannot do. The core of the
 * custom resource handler: it takes the Connect client as a parameter so tests drive it with a mock.
 */
import {
  AssociatePhoneNumberContactFlowCommand,
  ConnectClient,
  DisassociatePhoneNumberContactFlowCommand,
  ListPhoneNumbersV2Command,
} from '@aws-sdk/client-connect';

/** The custom resource's properties, as CloudFormation passes them. */
export interface PhoneNumberAssociationProps {
  /** `arn:aws:connect:<region>:<account>:instance/<id>` */
  readonly InstanceArn: string;
  /** The number in E.164, already claimed in the instance. */
  readonly PhoneNumber: string;
  /** `arn:aws:connect:...:instance/<id>/contact-flow/<flow id>` */
  readonly ContactFlowArn: string;
  /**
   * What to do when the number is not claimed in the instance: `fail` (an existing instance: the configuration is
   * wrong) or `wait` (an instance this stack just created: no number can be claimed before it exists, so the first
   * deploy records "pending" and a later deploy associates it).
   * @default 'fail'
   */
  readonly WhenUnclaimed?: 'fail' | 'wait';
  /** Changes when ops ask the deploy-time actions to run again (`-c refresh=…`); not read, only compared by CloudFormation. */
  readonly RefreshToken?: string;
}

/** The physical ID of an association still waiting for its number to be claimed. */
export const PENDING_PREFIX = 'pending:';

/** The number is not claimed in the instance (or the properties are malformed). */
export class PhoneNumberAssociationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhoneNumberAssociationError';
  }
}

/** The number is not claimed in the instance (yet). */
export class PhoneNumberNotClaimedError extends PhoneNumberAssociationError {
  constructor(message: string) {
    super(message);
    this.name = 'PhoneNumberNotClaimedError';
  }
}

function lastSegment(arn: string, after: string): string {
  const marker = `/${after}/`;
  const at = arn.indexOf(marker);
  const rest = at === -1 ? '' : arn.slice(at + marker.length);
  const id = rest.split('/')[0] ?? '';
  if (id === '') throw new PhoneNumberAssociationError(`not an ARN with /${after}/<id>: ${arn}`);
  return id;
}

/** The instance ID in an instance (or instance-scoped) ARN. */
export function instanceIdOf(arn: string): string {
  const match = /:instance\/([^/]+)/.exec(arn);
  if (match?.[1] === undefined) throw new PhoneNumberAssociationError(`not a Connect instance ARN: ${arn}`);
  return match[1];
}

/** Find the ID of `phoneNumber` among the numbers claimed in the instance. */
export async function findPhoneNumberId(client: ConnectClient, instanceArn: string, phoneNumber: string): Promise<string> {
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListPhoneNumbersV2Command({ TargetArn: instanceArn, PhoneNumberPrefix: phoneNumber, NextToken: nextToken }),
    );
    const found = page.ListPhoneNumbersSummaryList?.find((summary) => summary.PhoneNumber === phoneNumber);
    if (found?.PhoneNumberId !== undefined) return found.PhoneNumberId;
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  throw new PhoneNumberNotClaimedError(
    `Phone number ${phoneNumber} is not claimed in Amazon Connect instance ${instanceArn}. ` +
      'Claim it in the Amazon Connect console (Channels > Phone numbers) and deploy again, ' +
      'or set "associatePhoneNumber": false in the site configuration and associate it by hand.',
  );
}

/** Associate the number with the flow; returns the number's ID (the resource's physical ID). */
export async function associatePhoneNumber(client: ConnectClient, props: PhoneNumberAssociationProps): Promise<string> {
  const phoneNumberId = await findPhoneNumberId(client, props.InstanceArn, props.PhoneNumber);
  await client.send(
    new AssociatePhoneNumberContactFlowCommand({
      InstanceId: instanceIdOf(props.InstanceArn),
      PhoneNumberId: phoneNumberId,
      ContactFlowId: lastSegment(props.ContactFlowArn, 'contact-flow'),
    }),
  );
  return phoneNumberId;
}

const PHONE_NUMBER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Undo the association. A physical ID that is not a phone number ID (a create that failed) and a number already
 * gone are not errors: a stack must always be deletable.
 * @returns whether a disassociation was sent
 */
export async function disassociatePhoneNumber(
  client: ConnectClient,
  props: PhoneNumberAssociationProps,
  phoneNumberId: string,
): Promise<boolean> {
  if (!PHONE_NUMBER_ID.test(phoneNumberId)) return false;
  try {
    await client.send(
      new DisassociatePhoneNumberContactFlowCommand({ InstanceId: instanceIdOf(props.InstanceArn), PhoneNumberId: phoneNumberId }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return false;
    throw error;
  }
}
