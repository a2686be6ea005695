import * as path from 'node:path';
import { Arn, ArnFormat, Aws, CfnElement, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { SiteConfig } from '../config/site-config';
import { wholeDayConfig } from '../../lambda/shared/connect-hours';
import { hoursOfOperationConfig } from '../flow/hours';
import { renderContactFlow } from '../flow/render';
import { assertValidContactFlow } from '../flow/validate';
import { HouseFunction } from './house-function';
import { StaffQueue } from './staff-queue';

/** Props of {@link ConnectLine}. */
export interface ConnectLineProps {
  /** The validated site configuration. */
  readonly config: SiteConfig;
  /** The is-holiday checker the flow invokes. */
  readonly checker: lambda.IFunction;
  /** Log retention for the custom resource's function. */
  readonly logRetention: logs.RetentionDays;
  /** Any new value retries a pending phone-number association on this deploy (`-c refresh=…`). @default none */
  readonly refreshToken?: string;
}

/**
 * The Amazon Connect side of the line: the instance (given or created), the hours of operation, the checker's
 * permission and association, the staff queue when staff answer in Connect (`routing.queue`), the rendered and
 * validated contact flow, and the phone number pointed at it.
 */
export class ConnectLine extends Construct {
  /** The instance ARN. */
  readonly instanceArn: string;
  /** The instance ID (the ARN's last segment; a CloudFormation expression for an instance this stack creates). */
  readonly instanceId: string;
  /** The business hours: the hours the flow checks. */
  readonly hoursOfOperation: connect.CfnHoursOfOperation;
  /**
   * The hours resource the closed-day overrides are written to: the closed-days resource the business hours link to,
   * or the business hours themselves; undefined when the override sync is turned off.
   */
  readonly overrideHours: connect.CfnHoursOfOperation | undefined;
  /**
   * The properties CloudFormation gets for the hours resources: a change to any of them is an update that may drop
   * overrides, so the override sync runs on that deploy.
   */
  readonly hoursProperties: readonly connect.CfnHoursOfOperationProps[];
  /** The contact flow. */
  readonly contactFlow: connect.CfnContactFlow;
  /** The queue, routing profile and customer-queue flow of a site whose staff answer in Connect; else undefined. */
  readonly staffQueue: StaffQueue | undefined;
  /** Whether this stack created the instance (and so retains it). */
  readonly createdInstance: boolean;
  /** `associated` or `pending` once deployed; undefined when association is turned off. */
  readonly phoneNumberStatus: string | undefined;
  /** `on` or `off` (with the reason) for an existing instance's flow logs; undefined for an instance created on. */
  readonly flowLogsStatus: string | undefined;

  private setupProvider: cr.Provider | undefined;

  constructor(scope: Construct, id: string, props: ConnectLineProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);

    let instanceAccount: string;
    if ('instanceArn' in config.connect) {
      this.instanceArn = config.connect.instanceArn;
      instanceAccount = Arn.split(this.instanceArn, ArnFormat.SLASH_RESOURCE_NAME).account ?? stack.account;
    } else {
      const instance = new connect.CfnInstance(this, 'Instance', {
        instanceAlias: config.connect.createInstanceAlias,
        identityManagementType: 'CONNECT_MANAGED',
        // Outbound calls are what a transfer to the external staff number is.
        attributes: { inboundCalls: true, outboundCalls: true, contactflowLogs: true },
      });
      // Kept when the stack goes, or when a first deploy rolls back: it may hold a claimed number, and Connect limits
      // how many instances an account may create (or delete) in 30 days.
      instance.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.instanceArn = instance.attrArn;
      instanceAccount = stack.account;
    }
    this.createdInstance = !('instanceArn' in config.connect);
    // Read from the ARN for both kinds of instance: a literal at synth for a given one, Fn::Split for a created one.
    this.instanceId = Arn.split(this.instanceArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName ?? this.instanceArn;

    const { hoursOverrides } = config;
    // The closed days live on a resource of their own that the business hours link to (README, "Where the overrides
    // live"): the business hours keep all 50 of their override slots for ops, and a CloudFormation update of the
    // business hours (an hours change) never touches the closed days.
    const closedDaysProps: connect.CfnHoursOfOperationProps | undefined =
      hoursOverrides.enabled && hoursOverrides.placement === 'closed-days-resource'
        ? {
            instanceArn: this.instanceArn,
            name: `${config.siteName} closed days`,
            description: 'Every closed day of the site, as overrides kept by connect-after-hours. The business hours link to it; no flow checks it directly.',
            timeZone: config.timeZone,
            // A parent needs weekly hours of its own; a child does not take them over, only the overrides.
            config: wholeDayConfig(),
          }
        : undefined;
    const closedDays = closedDaysProps === undefined ? undefined : new connect.CfnHoursOfOperation(this, 'ClosedDaysHours', closedDaysProps);
    const businessHoursProps: connect.CfnHoursOfOperationProps = {
      instanceArn: this.instanceArn,
      name: `${config.siteName} business hours`,
      description: 'Managed by connect-after-hours; edit the site configuration, not the console.',
      timeZone: config.timeZone,
      // The same entries the simulator answers the flow's hours check from.
      config: hoursOfOperationConfig(config.businessHours),
      // The link is declared here, on the child, only [connect-native.md 1.5]. The ARN is what CloudFormation's
      // other Connect properties take [unverified for this one]: the sync reads the effective hours back, so a link
      // that does not work shows up as a mismatch alert on the first deploy.
      ...(closedDays === undefined ? {} : { parentHoursOfOperations: [{ id: closedDays.attrHoursOfOperationArn }] }),
    };
    this.hoursOfOperation = new connect.CfnHoursOfOperation(this, 'BusinessHours', businessHoursProps);
    this.hoursProperties = [businessHoursProps, ...(closedDaysProps === undefined ? [] : [closedDaysProps])];
    this.overrideHours = hoursOverrides.enabled ? (closedDays ?? this.hoursOfOperation) : undefined;

    // Connect may invoke the checker only from this instance of this account.
    props.checker.addPermission('ConnectInvoke', {
      principal: new iam.ServicePrincipal('connect.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: this.instanceArn,
      sourceAccount: instanceAccount,
    });
    const invokePermission = props.checker.permissionsNode.findChild('ConnectInvoke');
    const integration = new connect.CfnIntegrationAssociation(this, 'CheckerIntegration', {
      instanceId: this.instanceArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: props.checker.functionArn,
    });

    this.staffQueue =
      config.routing?.queue === undefined
        ? undefined
        : new StaffQueue(this, 'StaffQueue', {
            config,
            instanceArn: this.instanceArn,
            businessHours: this.hoursOfOperation,
            checkerFunctionArn: props.checker.functionArn,
          });

    // The queue's and the queue flow's ARNs are Fn::GetAtt inside the Content: CloudFormation creates both first.
    const flow = renderContactFlow(config, {
      checkerFunctionArn: props.checker.functionArn,
      hoursOfOperationArn: this.hoursOfOperation.attrHoursOfOperationArn,
      ...(this.staffQueue === undefined
        ? {}
        : { queueArn: this.staffQueue.queue.attrQueueArn, customerQueueFlowArn: this.staffQueue.customerQueueFlow.attrContactFlowArn }),
    });
    // A flow Connect would reject fails synth here, with every problem named, instead of failing the deploy.
    assertValidContactFlow(flow);
    this.contactFlow = new connect.CfnContactFlow(this, 'AfterHoursFlow', {
      instanceArn: this.instanceArn,
      name: `${config.siteName} after-hours`,
      description: 'Holiday check, business hours, announcements and transfer to staff. Managed by connect-after-hours.',
      type: 'CONTACT_FLOW',
      state: 'ACTIVE',
      content: stack.toJsonString(flow),
    });
    this.contactFlow.node.addDependency(integration, invokePermission);

    this.flowLogsStatus = this.createdInstance ? undefined : this.enableFlowLogs(config, props.logRetention, props.refreshToken);
    this.phoneNumberStatus = config.associatePhoneNumber ? this.associatePhoneNumber(config, props) : undefined;
  }

  /**
   * The function and Provider that do in Connect what CloudFormation cannot (`lambda/connect-setup`). Every role here
   * is the stack's own, with no AWS-managed policy, and every ARN in a policy uses the pseudo parameters: so the
   * cdk-nag acknowledgement ids below contain no tokens and no partition, whatever the account, the Region or the
   * feature flags (`cdk flags --set` re-synthesizes with other flags and would otherwise fail on them).
   */
  private provider(config: SiteConfig, logRetention: logs.RetentionDays): { provider: cr.Provider; onEvent: HouseFunction } {
    if (this.setupProvider !== undefined) {
      return { provider: this.setupProvider, onEvent: this.node.findChild('ConnectSetupFunction') as HouseFunction };
    }
    const onEvent = new HouseFunction(this, 'ConnectSetupFunction', {
      entry: path.join(__dirname, '..', '..', 'lambda', 'connect-setup', 'index.ts'),
      description: `${config.siteName}: points the phone number at the flow, turns flow logs on`,
      timeout: Duration.minutes(1),
      logRetention,
    });
    const frameworkLogs = new logs.LogGroup(this, 'ConnectSetupProviderLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const frameworkRole = new iam.Role(this, 'ConnectSetupProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'CDK Provider framework for the Connect setup: relays CloudFormation events to its handler.',
    });
    frameworkLogs.grantWrite(frameworkRole);
    // The id the association's Provider had when it served only the association: its framework function keeps its
    // logical ID, so a deployed stack's custom resource keeps its ServiceToken (CloudFormation refuses to change it).
    this.setupProvider = new cr.Provider(this, 'PhoneNumberAssociationProvider', {
      onEventHandler: onEvent,
      logGroup: frameworkLogs,
      frameworkOnEventRole: frameworkRole,
    });
    Validations.of(frameworkRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(onEvent.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: 'The Provider framework may invoke our setup handler and its versions; nothing else.',
    });
    return { provider: this.setupProvider, onEvent };
  }

  private enableFlowLogs(config: SiteConfig, logRetention: logs.RetentionDays, refreshToken: string | undefined): string {
    const { provider, onEvent } = this.provider(config, logRetention);
    onEvent.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:UpdateInstanceAttribute', 'connect:DescribeInstanceAttribute'],
        resources: [this.instanceArn],
      }),
    );
    const flowLogs = new CustomResource(this, 'FlowLogs', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::ConnectFlowLogs',
      // A new refresh token reads the switch again (after ops turned it on by hand, the output says so).
      properties: { InstanceArn: this.instanceArn, ...(refreshToken === undefined ? {} : { RefreshToken: refreshToken }) },
    });
    return flowLogs.getAttString('Status');
  }

  private associatePhoneNumber(config: SiteConfig, props: ConnectLineProps): string {
    const { provider, onEvent } = this.provider(config, props.logRetention);
    // Built from the pseudo parameters, not the stack's account and Region: the same text whether they are known at
    // synth or not, so the acknowledgement below never holds a token.
    const anyPhoneNumber = `arn:${Aws.PARTITION}:connect:${Aws.REGION}:${Aws.ACCOUNT_ID}:phone-number/*`;
    onEvent.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:AssociatePhoneNumberContactFlow', 'connect:DisassociatePhoneNumberContactFlow'],
        resources: [anyPhoneNumber, this.contactFlow.attrContactFlowArn],
      }),
    );
    // Listing supports no resource-level scoping; the call itself names this instance (TargetArn).
    onEvent.addToRolePolicy(new iam.PolicyStatement({ actions: ['connect:ListPhoneNumbersV2'], resources: ['*'] }));

    const association = new CustomResource(this, 'PhoneNumberAssociation', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::PhoneNumberContactFlowAssociation',
      properties: {
        InstanceArn: this.instanceArn,
        PhoneNumber: config.phoneNumber,
        ContactFlowArn: this.contactFlow.attrContactFlowArn,
        // A created instance cannot have a claimed number on its first deploy: that deploy records "pending".
        WhenUnclaimed: this.createdInstance ? 'wait' : 'fail',
        ...(props.refreshToken === undefined ? {} : { RefreshToken: props.refreshToken }),
      },
    });
    association.node.addDependency(this.contactFlow);

    Validations.of(onEvent.role ?? onEvent).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:connect:<AWS::Region>:<AWS::AccountId>:phone-number/*]',
      reason: 'The number ID is only known at deploy time (looked up by the handler); scoped to this account and Region.',
    });
    Validations.of(onEvent.role ?? onEvent).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'connect:ListPhoneNumbersV2 supports no resource-level permissions.',
    });
    return association.getAttString('Status');
  }
}
