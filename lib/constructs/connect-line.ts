import * as path from 'node:path';
import { Arn, ArnFormat, CfnElement, CustomResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { SiteConfig } from '../config/site-config';
import { hoursOfOperationConfig } from '../flow/hours';
import { renderContactFlow } from '../flow/render';
import { assertValidContactFlow } from '../flow/validate';
import { HouseFunction } from './house-function';

/** Props of {@link ConnectLine}. */
export interface ConnectLineProps {
  /** The validated site configuration. */
  readonly config: SiteConfig;
  /** The is-holiday checker the flow invokes. */
  readonly checker: lambda.IFunction;
  /** Log retention for the custom resource's function. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * The Amazon Connect side of the line: the instance (given or created), the hours of operation, the checker's
 * permission and association, the rendered and validated contact flow, and the phone number pointed at it.
 */
export class ConnectLine extends Construct {
  /** The instance ARN. */
  readonly instanceArn: string;
  /** The hours of operation. */
  readonly hoursOfOperation: connect.CfnHoursOfOperation;
  /** The contact flow. */
  readonly contactFlow: connect.CfnContactFlow;

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
      this.instanceArn = instance.attrArn;
      instanceAccount = stack.account;
    }

    this.hoursOfOperation = new connect.CfnHoursOfOperation(this, 'BusinessHours', {
      instanceArn: this.instanceArn,
      name: `${config.siteName} business hours`,
      description: 'Managed by connect-after-hours; edit the site configuration, not the console.',
      timeZone: config.timeZone,
      // The same entries the simulator answers the flow's hours check from.
      config: hoursOfOperationConfig(config.businessHours),
    });

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

    const flow = renderContactFlow(config, {
      checkerFunctionArn: props.checker.functionArn,
      hoursOfOperationArn: this.hoursOfOperation.attrHoursOfOperationArn,
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

    if (config.associatePhoneNumber) this.associatePhoneNumber(config, props.logRetention);
  }

  private associatePhoneNumber(config: SiteConfig, logRetention: logs.RetentionDays): void {
    const onEvent = new HouseFunction(this, 'PhoneNumberAssociationFunction', {
      entry: path.join(__dirname, '..', '..', 'lambda', 'phone-number-association', 'index.ts'),
      description: `${config.siteName}: points the phone number at the after-hours flow`,
      timeout: Duration.minutes(1),
      logRetention,
    });
    onEvent.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:AssociatePhoneNumberContactFlow', 'connect:DisassociatePhoneNumberContactFlow'],
        resources: [
          Stack.of(this).formatArn({ service: 'connect', resource: 'phone-number', resourceName: '*' }),
          this.contactFlow.attrContactFlowArn,
        ],
      }),
    );
    // Listing supports no resource-level scoping; the call itself names this instance (TargetArn).
    onEvent.addToRolePolicy(new iam.PolicyStatement({ actions: ['connect:ListPhoneNumbersV2'], resources: ['*'] }));

    const provider = new cr.Provider(this, 'PhoneNumberAssociationProvider', {
      onEventHandler: onEvent,
      logGroup: new logs.LogGroup(this, 'PhoneNumberAssociationProviderLogs', { retention: logRetention }),
    });
    const frameworkFunction = provider.node.findChild('framework-onEvent');
    Validations.of(frameworkFunction).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK Provider framework function; it only relays CloudFormation events to our handler.',
    });
    Validations.of(frameworkFunction).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(onEvent.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: 'The Provider framework may invoke our association handler and its versions; nothing else.',
    });
    const association = new CustomResource(this, 'PhoneNumberAssociation', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::PhoneNumberContactFlowAssociation',
      properties: {
        InstanceArn: this.instanceArn,
        PhoneNumber: config.phoneNumber,
        ContactFlowArn: this.contactFlow.attrContactFlowArn,
      },
    });
    association.node.addDependency(this.contactFlow);

    Validations.of(onEvent.role ?? onEvent).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:connect:${Stack.of(this).region}:${Stack.of(this).account}:phone-number/*]`,
      reason: 'The number ID is only known at deploy time (looked up by the handler); scoped to this account and Region.',
    });
    Validations.of(onEvent.role ?? onEvent).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'connect:ListPhoneNumbersV2 supports no resource-level permissions.',
    });
  }
}
