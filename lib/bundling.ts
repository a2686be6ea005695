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
 * Modules the is-holiday checker leaves to the Lambda runtime instead of bundling: none — the AWS SDK is bundled.
 *
 * Measured with `npm run bench` (BENCHMARKS.md; Node 20 on 2 shared cores here, while Lambda runs Node 24):
 * bundling the SDK makes the bundle about 600 KB instead of about 9 KB, and the cold start (require + first answer)
 * differed by less than the run-to-run noise (about ±10 ms on ~100 ms, either way across runs). The warm path is
 * identical. At no measurable cost, the pinned copy wins: the checker relies on SDK details its tests pin down
 * (a 304 surfaces as an error carrying `$metadata.httpStatusCode`, NoSuchKey naming, the `requestHandler` timeout
 * options, abort signals), and the runtime's copy is whatever version AWS ships that month, never the one tested.
 */
export const CHECKER_EXTERNAL_MODULES: readonly string[] = [];

/**
 * The longest esbuild `--define` argument the compiled-in site data may make, in bytes. The bundler gets each define
 * as one command-line argument, and Linux refuses a single argument over 128 KiB (`MAX_ARG_STRLEN`, E2BIG); this
 * leaves room for the rest of the command line. About 330 closures with 100-character reasons.
 */
export const MAX_COMPILED_IN_ARGUMENT_BYTES = 120_000;

/** esbuild `define` entries for compiled-in site data: each expression becomes a string literal of its value. */
export function compiledInDefines(compiledIn: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(compiledIn).map(([expression, value]) => [expression, JSON.stringify(value)]));
}

/** The size of the command-line argument one compiled-in value becomes (`--define:<expression>=<literal>`). */
export function compiledInArgumentBytes(expression: string, value: string): number {
  return Buffer.byteLength(`--define:${expression}=${JSON.stringify(value)}`);
}
