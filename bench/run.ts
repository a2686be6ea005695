/**
 * `npm run bench`: the is-holiday checker against the replaced design (download + parse on every call), both
 * bundled as deployed and run in fresh `node` processes against s3rver on loopback serving a real holiday list.
 *
 * `npm run -s bench -- --json` prints only the JSON summary. Scratch files go to a temp directory, deleted at the end.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createIsHolidayHandler } from '../lambda/is-holiday/checker';
import { HolidayListCache } from '../lambda/is-holiday/list-cache';
import { LIVE_CACHE_TIMING, LiveOverridesCache } from '../lambda/is-holiday/live-cache';
import { LIVE_OVERRIDES_KEY } from '../lambda/shared/live-overrides';
import { benchFlows } from './flows';
import { BENCH_WEEKLY_HOURS, benchNextOpen } from './next-open';
import { CHECKER_S3_CLIENT_CONFIG, s3HolidayListSource } from '../lambda/is-holiday/s3-list-source';
import { decideIsHoliday, indexHolidayList } from '../lambda/shared/decision';
import { ENV } from '../lambda/shared/metrics';
import { CHECKER_EXTERNAL_MODULES } from '../lib/bundling';
import { BuiltBundle, bundleHandler } from './bundle';
import { CountingS3, LOCAL_CREDENTIALS, LOCAL_REGION, startCountingS3 } from './counting-s3';
import { benchHolidayList } from './holiday-list-fixture';
import { benchOverridePlan } from './override-plan';
import { benchParseCalendar } from './parse-calendar';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const CHILD = path.join(__dirname, 'invoke-child.cjs');
const BUCKET = 'bench-holiday-lists';
const KEY = 'example-support/holiday-list.json';
const TIME_ZONE = 'Asia/Tokyo';
const REVALIDATE_MINUTES = 5;
const MAX_LIST_AGE_DAYS = 10;
/** Warm calls timed per side (after the container's first call). */
const WARM_CALLS = 10_000;
/** Fresh processes per cold-start variant; the median is reported. */
const COLD_RUNS = 21;
/** Calls in the simulated-traffic run (one per simulated second). */
const SIMULATED_CALLS = 10_000;
/** AWS SDK packages, as CDK's NodejsFunction leaves them to the runtime by default. */
const RUNTIME_SDK_MODULES = ['@aws-sdk/*', '@smithy/*'];
/** The example site's closures, as the stack passes them to the checker. */
const BENCH_BUILTIN = { closures: [{ from: '12-29', to: '01-03', reason: '年末年始' }], statutoryCorrections: [] };

/** An empty CommonJS module in `work`, standing in for a data module to measure what the data costs. */
function writeEmptyModule(work: string): string {
  const file = path.join(work, 'empty-module.js');
  writeFileSync(file, 'module.exports = {};\n');
  return file;
}

/** The figures the issue asks for, per side. */
interface SideFigures {
  warmP50Us: number;
  warmP99Us: number;
  s3RequestsPer10k: number;
  coldStartMs: number;
  bundleBytes: number;
}

/** The closed-day keys of an answer, in the decision's order: what the checker and the baseline both return. */
function dayPart(answer: unknown): string {
  const { isHoliday, closedReason, holidayName, dataStatus } = (answer ?? {}) as Record<string, unknown>;
  return JSON.stringify({ isHoliday, closedReason, holidayName, dataStatus });
}

interface ChildResult {
  requireMs: number;
  firstCallMs: number;
  coldStartMs: number;
  sinceProcessStartMs: number;
  firstAnswer: Record<string, string>;
  warmCalls?: number;
  warmP50Us?: number;
  warmP99Us?: number;
  warmMaxUs?: number;
  lastAnswer?: Record<string, string>;
}

function log(message: string, quiet: boolean): void {
  if (!quiet) process.stderr.write(`${message}\n`);
}

/** Run one fresh process on `bundle`; its handler logs go to a file in `work`. */
async function runChild(
  work: string,
  bundle: BuiltBundle,
  mode: 'cold' | 'warm',
  env: NodeJS.ProcessEnv,
  tag: string,
): Promise<ChildResult> {
  const resultFile = path.join(work, `${tag}.result.json`);
  const stdoutFile = openSync(path.join(work, `${tag}.stdout.log`), 'w');
  try {
    const child = spawn(process.execPath, [CHILD, bundle.file, mode, String(WARM_CALLS), resultFile], {
      env,
      stdio: ['ignore', stdoutFile, 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`${tag} exited with ${code}: ${stderr.trim()}`);
  } finally {
    closeSync(stdoutFile);
  }
  return JSON.parse(readFileSync(resultFile, 'utf-8')) as ChildResult;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The checker in this process with a simulated clock: one call per second for SIMULATED_CALLS seconds. */
async function simulatedTrafficRequests(s3: CountingS3): Promise<number> {
  const client = new S3Client({
    ...CHECKER_S3_CLIENT_CONFIG,
    endpoint: s3.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
  });
  let nowMs = Date.now();
  const cache = new HolidayListCache(s3HolidayListSource(client, { bucket: BUCKET, key: KEY }), {
    revalidateMs: REVALIDATE_MINUTES * 60_000,
    emptyRetryMs: 30_000,
    clock: () => nowMs,
  });
  const live = new LiveOverridesCache(s3HolidayListSource(client, { bucket: BUCKET, key: LIVE_OVERRIDES_KEY }), {
    ...LIVE_CACHE_TIMING,
    clock: () => nowMs,
  });
  const handler = createIsHolidayHandler({
    list: cache,
    live,
    settings: {
      siteName: 'bench',
      timeZone: TIME_ZONE,
      maxAgeMs: MAX_LIST_AGE_DAYS * 86_400_000,
      fallbackClosed: false,
      builtin: { closures: [], statutoryCorrections: [] },
      weekly: BENCH_WEEKLY_HOURS,
    },
    now: () => new Date(nowMs),
    writeLine: () => undefined,
  });
  const before = s3.requests();
  for (let call = 0; call < SIMULATED_CALLS; call += 1) {
    const answer = await handler({ Details: { ContactData: { ContactId: `sim-${call}` } } } as never);
    if (answer.dataStatus !== 'ok') throw new Error(`simulated call ${call} answered ${JSON.stringify(answer)}`);
    nowMs += 1000;
    // Between two invocations the runtime waits for the next one on the network, so I/O gets its turn: a read
    // started behind a call can finish. Without this the loop would run in microtasks and starve it.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await cache.settled();
  await live.settled();
  client.destroy();
  return s3.requests() - before;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const work = mkdtempSync(path.join(tmpdir(), 'connect-after-hours-bench-'));
  const s3 = await startCountingS3(work, BUCKET);
  try {
    const list = benchHolidayList(new Date(Date.now() - 3_600_000));
    const listText = JSON.stringify(list);
    await s3.put(BUCKET, KEY, listText);
    const decisionOptions = {
      timeZone: TIME_ZONE,
      maxAgeMs: MAX_LIST_AGE_DAYS * 86_400_000,
      fallbackClosed: false,
      builtin: BENCH_BUILTIN,
    };
    const expected = decideIsHoliday(indexHolidayList(list), new Date(), decisionOptions);
    // With no list the checker answers from the built-in calendar; the cold start of that path is measured too.
    const expectedBuiltin = decideIsHoliday(undefined, new Date(), decisionOptions);

    log('bundling…', json);
    const checkerEntry = path.join(PROJECT_ROOT, 'lambda', 'is-holiday', 'index.ts');
    const bundles = {
      checker: await bundleHandler(checkerEntry, work, 'checker', CHECKER_EXTERNAL_MODULES),
      checkerOtherSdk: await bundleHandler(
        checkerEntry,
        work,
        'checker-other-sdk',
        CHECKER_EXTERNAL_MODULES.length === 0 ? RUNTIME_SDK_MODULES : [],
      ),
      baseline: await bundleHandler(path.join(__dirname, 'baseline-handler.ts'), work, 'baseline', CHECKER_EXTERNAL_MODULES),
      // The same checker with the second source's data swapped for an empty table: what shipping it costs.
      checkerWithoutSecondSource: await bundleHandler(checkerEntry, work, 'checker-without-second-source', CHECKER_EXTERNAL_MODULES, {
        '@holiday-jp/holiday_jp/lib/holidays': writeEmptyModule(work),
      }),
    };
    if (!bundles.checker.inputs.some((input) => input.includes('holiday_jp/lib/holidays'))) {
      throw new Error('the checker bundle lacks the second source');
    }
    const icalInputs = bundles.checker.inputs.filter((input) => /ical/i.test(input));
    if (icalInputs.length > 0) throw new Error(`the checker bundle holds an iCal parser: ${icalInputs.join(', ')}`);

    const baseEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: work, // no shared AWS config files, as in Lambda
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      [ENV.holidayBucket]: BUCKET,
      [ENV.holidayListKey]: KEY,
      [ENV.siteName]: 'bench',
      [ENV.siteTimeZone]: TIME_ZONE,
      [ENV.revalidateMinutes]: String(REVALIDATE_MINUTES),
      [ENV.maxListAgeDays]: String(MAX_LIST_AGE_DAYS),
      [ENV.fallbackClosed]: 'false',
      [ENV.builtinCalendar]: JSON.stringify(BENCH_BUILTIN),
      [ENV.liveOverridesKey]: LIVE_OVERRIDES_KEY,
      [ENV.businessHours]: JSON.stringify(BENCH_WEEKLY_HOURS),
    };
    // Externalized SDK packages resolve from the project's node_modules, standing in for the runtime's copy.
    const sdkEnv = { ...baseEnv, NODE_PATH: path.join(PROJECT_ROOT, 'node_modules') };
    const envFor = (bundle: BuiltBundle) => (bundle.external.length > 0 ? sdkEnv : baseEnv);

    const warm: Record<'checker' | 'baseline', { result: ChildResult; requests: number }> = {} as never;
    for (const side of ['checker', 'baseline'] as const) {
      log(`${side}: 1 cold + ${WARM_CALLS} warm calls…`, json);
      const before = s3.requests();
      const result = await runChild(work, bundles[side], 'warm', envFor(bundles[side]), `${side}-warm`);
      for (const answer of [result.firstAnswer, result.lastAnswer]) {
        if (dayPart(answer) !== JSON.stringify(expected)) {
          throw new Error(`${side} answered ${JSON.stringify(answer)}, expected ${JSON.stringify(expected)}`);
        }
      }
      warm[side] = { result, requests: s3.requests() - before };
    }

    log(`cold starts: ${COLD_RUNS} fresh processes per variant…`, json);
    const variants = {
      checker: { bundle: bundles.checker, env: envFor(bundles.checker) },
      checkerWithoutSecondSource: { bundle: bundles.checkerWithoutSecondSource, env: envFor(bundles.checkerWithoutSecondSource) },
      // No object at the key: the first answer comes from the built-in calendar, whose table is built then.
      checkerBuiltin: { bundle: bundles.checker, env: { ...envFor(bundles.checker), [ENV.holidayListKey]: 'no-such/list.json' } },
      checkerOtherSdk: { bundle: bundles.checkerOtherSdk, env: envFor(bundles.checkerOtherSdk) },
      checkerSourceMaps: { bundle: bundles.checker, env: { ...envFor(bundles.checker), NODE_OPTIONS: '--enable-source-maps' } },
      baseline: { bundle: bundles.baseline, env: envFor(bundles.baseline) },
    };
    const cold: Record<keyof typeof variants, ChildResult[]> = {
      checker: [],
      checkerWithoutSecondSource: [],
      checkerBuiltin: [],
      checkerOtherSdk: [],
      checkerSourceMaps: [],
      baseline: [],
    };
    // Interleaved, so a noisy moment on the machine hits every variant alike.
    for (let run = 0; run < COLD_RUNS; run += 1) {
      for (const [name, variant] of Object.entries(variants) as [keyof typeof variants, (typeof variants)['checker']][]) {
        cold[name].push(await runChild(work, variant.bundle, 'cold', variant.env, `${name}-cold-${run}`));
      }
    }
    for (const result of cold.checkerBuiltin) {
      if (dayPart(result.firstAnswer) !== JSON.stringify(expectedBuiltin)) {
        throw new Error(`the checker without a list answered ${JSON.stringify(result.firstAnswer)}, expected ${JSON.stringify(expectedBuiltin)}`);
      }
    }
    const coldMedian = (name: keyof typeof variants) => round(median(cold[name].map((r) => r.coldStartMs)));
    const processMedian = (name: keyof typeof variants) => round(median(cold[name].map((r) => r.sinceProcessStartMs)));

    log(`simulated traffic: ${SIMULATED_CALLS} calls, one per simulated second…`, json);
    const simulatedRequests = await simulatedTrafficRequests(s3);
    log('parsing the calendar…', json);
    const parseCalendar = await benchParseCalendar();
    log('planning the closed-day overrides…', json);
    const overridePlan = benchOverridePlan(list);
    const nextOpen = benchNextOpen();
    log('rendering, validating and walking the flows…', json);
    const flows = benchFlows();

    const side = (name: 'checker' | 'baseline'): SideFigures => {
      const { result, requests } = warm[name];
      return {
        warmP50Us: round(result.warmP50Us ?? Number.NaN),
        warmP99Us: round(result.warmP99Us ?? Number.NaN),
        // The run is the container's first call plus WARM_CALLS warm calls; scaled to 10,000 calls.
        s3RequestsPer10k: Math.round((requests * 10_000) / (WARM_CALLS + 1)),
        coldStartMs: coldMedian(name),
        bundleBytes: bundles[name].bytes,
      };
    };
    const sdkBundled = CHECKER_EXTERNAL_MODULES.length === 0;
    const summary: Record<string, unknown> = {
      checker: {
        ...side('checker'),
        coldStartProcessMs: processMedian('checker'),
        coldStartWithSourceMapsMs: coldMedian('checkerSourceMaps'),
        coldStartWithoutSecondSourceMs: coldMedian('checkerWithoutSecondSource'),
        bundleWithoutSecondSourceBytes: bundles.checkerWithoutSecondSource.bytes,
        coldStartNoListBuiltinAnswerMs: coldMedian('checkerBuiltin'),
        s3RequestsPer10kAtOneCallPerSecond: simulatedRequests,
        revalidateMinutes: REVALIDATE_MINUTES,
        awsSdk: sdkBundled ? 'bundled' : 'runtime',
      },
      baseline: { ...side('baseline'), coldStartProcessMs: processMedian('baseline') },
      checkerWithOtherSdkChoice: {
        awsSdk: sdkBundled ? 'runtime' : 'bundled',
        coldStartMs: coldMedian('checkerOtherSdk'),
        coldStartProcessMs: processMedian('checkerOtherSdk'),
        bundleBytes: bundles.checkerOtherSdk.bytes,
      },
      machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' },
      listBytes: Buffer.byteLength(listText),
      listDays: list.days.length,
      parseCalendar,
      overridePlan,
      nextOpen,
      flows,
    };

    if (json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    printTable(side('checker'), side('baseline'), summary);
  } finally {
    await s3.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function printTable(checker: SideFigures, baseline: SideFigures, summary: Record<string, unknown>): void {
  const rows: [string, keyof SideFigures][] = [
    ['warm p50 (µs)', 'warmP50Us'],
    ['warm p99 (µs)', 'warmP99Us'],
    ['S3 requests / 10,000 calls', 's3RequestsPer10k'],
    ['cold start, median (ms)', 'coldStartMs'],
    ['bundle (bytes)', 'bundleBytes'],
  ];
  const lines = [
    ['', 'checker', 'baseline', 'baseline ÷ checker'],
    ...rows.map(([label, key]) => [
      label,
      String(checker[key]),
      String(baseline[key]),
      checker[key] === 0 ? '∞' : `${round(baseline[key] / checker[key], 2)}×`,
    ]),
  ];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...lines.map((line) => (line[column] as string).length)));
  const out = lines.map((line) =>
    line.map((cell, column) => (column === 0 ? cell.padEnd(widths[0] as number) : cell.padStart(widths[column] as number))).join('  '),
  );
  process.stdout.write(`${out.join('\n')}\n\n`);
  const checkerExtra = summary.checker as Record<string, unknown>;
  const other = summary.checkerWithOtherSdkChoice as Record<string, unknown>;
  process.stdout.write(
    [
      `checker, AWS SDK ${String(checkerExtra.awsSdk)}: cold start ${checker.coldStartMs} ms, bundle ${checker.bundleBytes} B;` +
        ` SDK ${String(other.awsSdk)} instead: cold start ${String(other.coldStartMs)} ms, bundle ${String(other.bundleBytes)} B`,
      `checker with NODE_OPTIONS=--enable-source-maps: cold start ${String(checkerExtra.coldStartWithSourceMapsMs)} ms`,
      `second source: checker without its data ${String(checkerExtra.coldStartWithoutSecondSourceMs)} ms cold, ` +
        `${String(checkerExtra.bundleWithoutSecondSourceBytes)} B; no list, built-in answer: ${String(checkerExtra.coldStartNoListBuiltinAnswerMs)} ms cold`,
      `cold start incl. node's own boot: checker ${String(checkerExtra.coldStartProcessMs)} ms, baseline ${String((summary.baseline as Record<string, unknown>).coldStartProcessMs)} ms`,
      `simulated traffic, 1 call/s for ${SIMULATED_CALLS} s: ${String(checkerExtra.s3RequestsPer10kAtOneCallPerSecond)} S3 requests ` +
        `(list revalidated every ${REVALIDATE_MINUTES} min, live overrides every 20 s)`,
      `machine: ${JSON.stringify(summary.machine)}; list: ${String(summary.listDays)} days, ${String(summary.listBytes)} B`,
      `parse calendar (bench/parse-calendar.ts): ${JSON.stringify(summary.parseCalendar)}`,
      `override plan (bench/override-plan.ts): ${JSON.stringify(summary.overridePlan)}`,
      `next opening (bench/next-open.ts): ${JSON.stringify(summary.nextOpen)}`,
      `flows (bench/flows.ts): ${JSON.stringify(summary.flows)}`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
