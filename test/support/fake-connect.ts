/**
 * A fake Amazon Connect for the custom resource's tests. Connect has no local stand-in, so the client is mocked —
 * but the fake answers by Connect's documented rules (API Reference: ListPhoneNumbersV2, AssociatePhoneNumberContactFlow,
 * DisassociatePhoneNumberContactFlow, UpdateInstanceAttribute, DescribeInstanceAttribute): parameter lengths and
 * formats, the attribute types that exist, paging, and "not found" for numbers and flows that are not in the
 * instance. A call Connect would refuse is refused here, with the exception Connect names.
 */
import {
  AccessDeniedException,
  AssociatePhoneNumberContactFlowCommand,
  ConnectClient,
  DescribeInstanceAttributeCommand,
  DisassociatePhoneNumberContactFlowCommand,
  InvalidParameterException,
  ListPhoneNumbersV2Command,
  ResourceNotFoundException,
  UpdateInstanceAttributeCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';

/** The attribute types UpdateInstanceAttribute accepts (API Reference, "Valid Values"). */
export const INSTANCE_ATTRIBUTE_TYPES = [
  'INBOUND_CALLS', 'OUTBOUND_CALLS', 'CONTACTFLOW_LOGS', 'CONTACT_LENS', 'AUTO_RESOLVE_BEST_VOICES', 'USE_CUSTOM_TTS_VOICES',
  'EARLY_MEDIA', 'MULTI_PARTY_CONFERENCE', 'HIGH_VOLUME_OUTBOUND', 'ENHANCED_CONTACT_MONITORING', 'ENHANCED_CHAT_MONITORING',
  'MULTI_PARTY_CHAT_CONFERENCE', 'MESSAGE_STREAMING',
] as const;

interface ClaimedNumber {
  readonly phoneNumberId: string;
  readonly phoneNumber: string;
  contactFlowId: string | undefined;
}

const meta = { $metadata: {} };
const invalid = (message: string) => new InvalidParameterException({ message, ...meta });
const notFound = (message: string) => new ResourceNotFoundException({ message, ...meta });

/** One fake instance: its numbers, flows and attributes, and which calls its caller's role may not make. */
export class FakeConnect {
  readonly numbers: ClaimedNumber[] = [];
  readonly flows = new Set<string>();
  readonly attributes = new Map<string, string>([['CONTACTFLOW_LOGS', 'false']]);
  /** Operations the caller's IAM role may not call (answered AccessDeniedException). */
  readonly denied = new Set<string>();
  /** How many numbers a ListPhoneNumbersV2 page holds when the caller does not say (Connect's own paging). */
  pageSize = 2;
  readonly mock = mockClient(ConnectClient);

  constructor(readonly instanceId: string, readonly instanceArn: string) {
    this.mock.on(ListPhoneNumbersV2Command).callsFake((input: { TargetArn?: string; PhoneNumberPrefix?: string; MaxResults?: number; NextToken?: string }) => {
      this.allow('ListPhoneNumbersV2');
      if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 1000)) throw invalid('MaxResults must be 1-1000');
      if (input.TargetArn !== undefined && !/^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:(instance|traffic-distribution-group)\//u.test(input.TargetArn)) {
        throw invalid('TargetArn is not an instance or traffic distribution group ARN');
      }
      if (input.PhoneNumberPrefix !== undefined && !/^\+?[0-9]{1,18}$/u.test(input.PhoneNumberPrefix)) throw invalid('PhoneNumberPrefix must be digits');
      const matching = this.numbers.filter((n) => input.PhoneNumberPrefix === undefined || n.phoneNumber.startsWith(input.PhoneNumberPrefix));
      const start = input.NextToken === undefined ? 0 : Number(input.NextToken.replace('page-', ''));
      if (!Number.isInteger(start)) throw invalid('NextToken is not one this API issued');
      const size = input.MaxResults ?? this.pageSize;
      const page = matching.slice(start, start + size);
      return {
        ListPhoneNumbersSummaryList: page.map((n) => ({ PhoneNumberId: n.phoneNumberId, PhoneNumber: n.phoneNumber, InstanceId: this.instanceId, TargetArn: this.instanceArn })),
        ...(start + size < matching.length ? { NextToken: `page-${start + size}` } : {}),
      };
    });
    this.mock.on(AssociatePhoneNumberContactFlowCommand).callsFake((input: { InstanceId?: string; PhoneNumberId?: string; ContactFlowId?: string }) => {
      this.allow('AssociatePhoneNumberContactFlow');
      this.checkInstanceId(input.InstanceId);
      if (input.ContactFlowId === undefined || input.ContactFlowId.length > 500) throw invalid('ContactFlowId is required, at most 500 characters');
      const number = this.numbers.find((n) => n.phoneNumberId === input.PhoneNumberId);
      if (number === undefined) throw notFound(`phone number ${String(input.PhoneNumberId)} not found`);
      if (!this.flows.has(input.ContactFlowId)) throw notFound(`contact flow ${input.ContactFlowId} not found`);
      number.contactFlowId = input.ContactFlowId;
      return {};
    });
    this.mock.on(DisassociatePhoneNumberContactFlowCommand).callsFake((input: { InstanceId?: string; PhoneNumberId?: string }) => {
      this.allow('DisassociatePhoneNumberContactFlow');
      this.checkInstanceId(input.InstanceId);
      const number = this.numbers.find((n) => n.phoneNumberId === input.PhoneNumberId);
      if (number === undefined) throw notFound(`phone number ${String(input.PhoneNumberId)} not found`);
      number.contactFlowId = undefined;
      return {};
    });
    this.mock.on(UpdateInstanceAttributeCommand).callsFake((input: { InstanceId?: string; AttributeType?: string; Value?: string }) => {
      this.allow('UpdateInstanceAttribute');
      this.checkInstanceId(input.InstanceId);
      if (!(INSTANCE_ATTRIBUTE_TYPES as readonly string[]).includes(input.AttributeType ?? '')) throw invalid(`AttributeType ${String(input.AttributeType)} is not valid`);
      if (input.Value === undefined || input.Value.length === 0 || input.Value.length > 100) throw invalid('Value must be 1-100 characters');
      this.attributes.set(input.AttributeType as string, input.Value);
      return {};
    });
    this.mock.on(DescribeInstanceAttributeCommand).callsFake((input: { InstanceId?: string; AttributeType?: string }) => {
      this.allow('DescribeInstanceAttribute');
      this.checkInstanceId(input.InstanceId);
      if (!(INSTANCE_ATTRIBUTE_TYPES as readonly string[]).includes(input.AttributeType ?? '')) throw invalid(`AttributeType ${String(input.AttributeType)} is not valid`);
      return { Attribute: { AttributeType: input.AttributeType, Value: this.attributes.get(input.AttributeType as string) ?? 'false' } };
    });
  }

  /** Claim a number in the instance (what ops do in the console). */
  claim(phoneNumber: string, phoneNumberId: string): void {
    this.numbers.push({ phoneNumber, phoneNumberId, contactFlowId: undefined });
  }

  /** The flow a number points at, if any. */
  flowOf(phoneNumber: string): string | undefined {
    return this.numbers.find((n) => n.phoneNumber === phoneNumber)?.contactFlowId;
  }

  private allow(operation: string): void {
    if (this.denied.has(operation)) {
      throw new AccessDeniedException({ message: `not authorized to perform connect:${operation}`, ...meta });
    }
  }

  private checkInstanceId(instanceId: string | undefined): void {
    if (instanceId === undefined || instanceId.length < 1 || instanceId.length > 100) throw invalid('InstanceId must be 1-100 characters');
    if (instanceId !== this.instanceId && instanceId !== this.instanceArn) throw notFound(`instance ${instanceId} not found`);
  }
}
