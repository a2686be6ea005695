import { CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { compiledInArgumentBytes, compiledInDefines, LAMBDA_BUNDLING, MAX_COMPILED_IN_ARGUMENT_BYTES } from '../bundling';

/** What differs between the project's functions; everything else is the house default. */
export interface HouseFunctionProps {
  /** The handler's entry file (`lambda/<function>/index.ts`). */
  readonly entry: string;
  /** What the function is for, shown in the console. */
  readonly description: string;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** Environment variables (names from `lambda/shared/metrics.ts` ENV). */
  readonly environment?: Readonly<Record<string, string>>;
  /** CloudWatch Logs retention. */
  readonly logRetention: logs.RetentionDays;
  /**
   * Modules left out of the bundle because the runtime provides them.
   * @default [] — the AWS SDK clients are bundled (see `lib/bundling.ts` for why)
   */
  readonly externalModules?: readonly string[];
  /** @default no reservation */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Map stack traces to the TypeScript source at run time (`--enable-source-maps`). The maps ship either way.
   * @default true
   */
  readonly sourceMapsAtRuntime?: boolean;
  /**
   * Site data compiled into the bundle (esbuild `define`: expression → JSON text of its value), for data too large for
   * Lambda's 4 KB environment. It becomes part of the code asset, so a change to it redeploys the function.
   * @default none
   */
  readonly compiledIn?: Readonly<Record<string, string>>;
}

/** Lambda refuses a function whose environment variables (names and values) exceed 4 KB in all. */
export const MAX_ENVIRONMENT_BYTES = 4096;


/** Pinned so a CDK upgrade never changes the runtime under a live line unnoticed. */
export const HOUSE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The house `NodejsFunction`: pinned runtime, ARM64, local esbuild bundling (never Docker), minified with source
 * maps, its own log group with a retention and a role that may write only there, so no default is left to chance.
 */
export class HouseFunction extends NodejsFunction {
  /** The site data compiled into this function's bundle (see {@link HouseFunctionProps.compiledIn}). */
  readonly compiledIn: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    for (const [expression, value] of Object.entries(props.compiledIn ?? {})) {
      // The configuration validator refuses this first, with the field to shorten; this guards every other caller.
      if (compiledInArgumentBytes(expression, value) > MAX_COMPILED_IN_ARGUMENT_BYTES) {
        throw new Error(`${id}: ${expression} is ${compiledInArgumentBytes(expression, value)} bytes compiled in; at most ${MAX_COMPILED_IN_ARGUMENT_BYTES}`);
      }
    }
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      // Logs are diagnostics, not records; they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role, allowed to write to its own log group only (not the account-wide AWSLambdaBasicExecutionRole).
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    logGroup.grantWrite(role);
    const nodeProps: NodejsFunctionProps = {
      role,
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: HOUSE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 256,
      logGroup,
      loggingFormat: lambda.LoggingFormat.TEXT,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        // Stack traces point at the TypeScript source.
        ...(props.sourceMapsAtRuntime === false ? {} : { NODE_OPTIONS: '--enable-source-maps' }),
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        // esbuild reports errors only (CDK itself still names each asset it bundles).
        logLevel: LogLevel.ERROR,
        define: compiledInDefines(props.compiledIn ?? {}),
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourceMap,
        target: LAMBDA_BUNDLING.target,
        format: OutputFormat.CJS,
        externalModules: [...(props.externalModules ?? [])],
      },
    };
    super(scope, id, nodeProps);
    this.compiledIn = { ...(props.compiledIn ?? {}) };
    const environmentBytes = Object.entries(nodeProps.environment ?? {}).reduce(
      (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
      0,
    );
    if (environmentBytes > MAX_ENVIRONMENT_BYTES) {
      // Caught at synth rather than by Lambda at deploy, minutes into a rollout.
      throw new Error(`${id}: the environment is ${environmentBytes} bytes; Lambda allows ${MAX_ENVIRONMENT_BYTES}`);
    }
  }

  /**
   * A role for an EventBridge Scheduler schedule that invokes this function. The scheduler target grants invoke on the
   * function and its versions (`<arn>:*`); the cdk-nag acknowledgement names exactly that, by the function's logical ID.
   */
  schedulerRole(scope: Construct, id: string, description: string): iam.Role {
    const role = new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'), description });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: `The scheduler target grants invoke on ${this.node.path} and its versions; nothing else.`,
    });
    return role;
  }
}
