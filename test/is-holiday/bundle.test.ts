/**
 * What goes into the checker's deployment bundle: built with the stack's esbuild settings, inspected by its metafile.
 */
import * as path from 'node:path';
import { build, Metafile } from 'esbuild';
import { CHECKER_EXTERNAL_MODULES, LAMBDA_BUNDLING } from '../../lib/bundling';

let metafile: Metafile;
let inputs: string[];

beforeAll(async () => {
  const result = await build({
    entryPoints: [path.join(__dirname, '..', '..', 'lambda', 'is-holiday', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: LAMBDA_BUNDLING.target,
    minify: LAMBDA_BUNDLING.minify,
    external: [...CHECKER_EXTERNAL_MODULES],
    write: false,
    outfile: 'index.js',
    metafile: true,
    logLevel: 'silent',
  });
  metafile = result.metafile;
  inputs = Object.keys(metafile.inputs);
});

test('holds no iCal parser and none of the fetcher', () => {
  expect(inputs.filter((input) => /ical/i.test(input))).toEqual([]);
  expect(inputs.filter((input) => input.includes('fetch-holidays'))).toEqual([]);
  expect(inputs.some((input) => input.endsWith(path.join('lambda', 'is-holiday', 'index.ts')))).toBe(true);
});

test('bundles the AWS SDK exactly when CHECKER_EXTERNAL_MODULES leaves it out', () => {
  const sdkBundled = inputs.some((input) => input.includes('node_modules/@aws-sdk/client-s3/'));
  expect(sdkBundled).toBe(CHECKER_EXTERNAL_MODULES.length === 0);
  // Only S3 among the SDK clients: SNS and Connect belong to other functions.
  expect(inputs.filter((input) => /@aws-sdk\/client-(sns|connect)\//.test(input))).toEqual([]);
});
