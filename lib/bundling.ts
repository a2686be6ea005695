/**
 * esbuild settings shared by the CDK functions and the benchmark, so what is measured is what deploys.
 */

/** The Node.js major version the Lambdas run on (matches the runtime the stack pins). */
export const LAMBDA_NODE_TARGET = 'node24';

/** Options both the stack's NodejsFunction bundling and the benchmark's esbuild call use. */
export const LAMBDA_BUNDLING = {
  minify: true,
  sourceMap: true,
  target: LAMBDA_NODE_TARGET,
} as const;

/**
 * Modules the checker leaves to the Lambda runtime instead of bundling. Empty until measured (see BENCHMARKS.md).
 */
export const CHECKER_EXTERNAL_MODULES: readonly string[] = [];
