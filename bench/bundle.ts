/**
 * Bundle a Lambda entry the way the stack does (esbuild, LAMBDA_BUNDLING, node platform, CommonJS), into a
 * directory of the benchmark's choosing, and report what went in.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_BUNDLING } from '../lib/bundling';

/** One bundle the benchmark built. */
export interface BuiltBundle {
  /** The bundled handler file. */
  readonly file: string;
  /** Size of the handler file (the source map beside it is not loaded unless source maps are enabled). */
  readonly bytes: number;
  /** Source files that went in, relative to the project. */
  readonly inputs: readonly string[];
  /** Modules left for the runtime to provide. */
  readonly external: readonly string[];
}

/**
 * Bundle `entry` to `<outDirectory>/<name>/index.js`, leaving `external` modules to the runtime; `alias` swaps a
 * module for another file (to measure what one module costs).
 */
export async function bundleHandler(
  entry: string,
  outDirectory: string,
  name: string,
  external: readonly string[] = [],
  alias: Readonly<Record<string, string>> = {},
): Promise<BuiltBundle> {
  const file = path.join(outDirectory, name, 'index.js');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: LAMBDA_BUNDLING.target,
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    external: [...external],
    alias: { ...alias },
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  return { file, bytes: statSync(file).size, inputs: Object.keys(result.metafile.inputs), external };
}
