import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Props of {@link DeployInvoker}. */
export interface DeployInvokerProps {
  /** Log retention of CDK's custom-resource function. */
  readonly logRetention: logs.RetentionDays;
}

/** The S3 key of a function's code asset: its content hash, a literal known at synth. */
export function codeAssetKey(fn: lambda.Function): string {
  const code = Stack.of(fn).resolve((fn.node.defaultChild as lambda.CfnFunction).code) as { s3Key?: unknown };
  if (typeof code.s3Key !== 'string') throw new Error(`${fn.node.path}: its code asset has no literal key`);
  return code.s3Key;
}

/**
 * Starts functions during a deploy (the holiday fetch, the override sync), through CDK's `AwsCustomResource`. Its
 * function is one per stack, so its role and log group are made here once, the stack's own: log writes to its own
 * group and the invokes it is given, no AWS-managed policy, so no cdk-nag acknowledgement that would depend on the
 * partition.
 */
export class DeployInvoker extends Construct {
  private readonly role: iam.Role;
  private readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DeployInvokerProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Starts the holiday fetch and the override sync on deploy (CDK AwsCustomResource).',
    });
    this.logGroup.grantWrite(this.role);
  }

  /**
   * Invoke `fn` asynchronously whenever `payload` changes (and on create). Errors are ignored: a deploy must never fail
   * or roll back because of a run that reports its own failures. Put into `payload` everything whose change should
   * start a run (the function's code asset key, a refresh token…), and nothing that changes on an unchanged synth.
   */
  invokeOnDeploy(
    scope: Construct,
    id: string,
    fn: lambda.IFunction,
    payload: Readonly<Record<string, string>>,
    names: { readonly physicalId: string; readonly resourceType?: `Custom::${string}` },
  ): cr.AwsCustomResource {
    const call: cr.AwsSdkCall = {
      service: 'Lambda',
      action: 'invoke',
      parameters: { FunctionName: fn.functionName, InvocationType: 'Event', Payload: Stack.of(scope).toJsonString(payload) },
      physicalResourceId: cr.PhysicalResourceId.of(names.physicalId),
      ignoreErrorCodesMatching: '.*',
    };
    const resource = new cr.AwsCustomResource(scope, id, {
      // CloudFormation refuses to change a resource's type in place: a resource that already exists keeps its own.
      ...(names.resourceType === undefined ? {} : { resourceType: names.resourceType }),
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
      ]),
      role: this.role,
      installLatestAwsSdk: false,
      timeout: Duration.minutes(2),
      logGroup: this.logGroup,
    });
    resource.node.addDependency(fn);
    return resource;
  }
}
