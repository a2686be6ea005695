import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_BUNDLING } from '../bundling';

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
}

/** Pinned so a CDK upgrade never changes the runtime under a live line unnoticed. */
export const HOUSE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The house `NodejsFunction`: pinned runtime, ARM64, local esbuild bundling (never Docker), minified with source
 * maps, its own log group with a retention and a role that may write only there, so no default is left to chance.
 */
export class HouseFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
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
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourceMap,
        target: LAMBDA_BUNDLING.target,
        format: OutputFormat.CJS,
        externalModules: [...(props.externalModules ?? [])],
      },
    };
    super(scope, id, nodeProps);
  }
}
