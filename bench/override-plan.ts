/**
 * Benchmark: what the second line costs where it runs on this side — planning the closed-day overrides (the sync
 * does it once per run, `simulate` once per call), and a simulated call with the plan made per call against the same
 * call with the plan made once (what `simulate --week` does). Both in the same run.
 */
import { performance } from 'node:perf_hooks';
import { addDays, daysBetween } from '../lambda/shared/civil-time';
import { planOverrides } from '../lambda/shared/closed-day-overrides';
import { indexHolidayList } from '../lambda/shared/decision';
import type { HolidayList } from '../lambda/shared/holiday-list';
import { builtinCalendarOf } from '../lib/config/derive';
import { loadSiteConfig } from '../lib/config/load';
import { closedDayOverridesFor, zonedInstant } from '../lib/flow/hours';
import { EXAMPLE_FLOW_REFS, renderContactFlow } from '../lib/flow/render';
import { simulateCall } from '../lib/flow/simulate';

/** The benchmark's result. */
export interface OverridePlanBenchmark {
  /** Overrides in the plan (50 slots). */
  readonly overrides: number;
  /** Days from today the plan reaches. */
  readonly daysAhead: number;
  readonly planMedianMs: number;
  readonly planP95Ms: number;
  /** `simulateCall` with `--checker-fails`, the plan made inside each call (the CLI's `--at`). */
  readonly callPlannedPerCallMedianMs: number;
  /** The same calls with the plan made once and passed in (the baseline: the hours check alone). */
  readonly callPlannedOnceMedianMs: number;
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] as number;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** Time `planOverrides` and simulated calls on the example site with `list`. */
export function benchOverridePlan(list: HolidayList, runs = 50): OverridePlanBenchmark {
  const config = loadSiteConfig();
  const index = indexHolidayList(list);
  const now = new Date();
  const plan = () =>
    planOverrides({ index, builtin: builtinCalendarOf(config), timeZone: config.timeZone, now, slots: 50, siteName: config.siteName });
  plan();
  const planTimes: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    plan();
    planTimes.push(performance.now() - started);
  }
  planTimes.sort((a, b) => a - b);

  const flow = renderContactFlow(config, EXAMPLE_FLOW_REFS);
  const today = plan().today;
  const instants = Array.from({ length: runs }, (_, day) => {
    return zonedInstant(addDays(today, day), 10 * 3600, config.timeZone);
  });
  const overrides = closedDayOverridesFor(config, list, now).overrides;
  const timeCalls = (withOverrides: boolean): number[] =>
    instants
      .map((at) => {
        const started = performance.now();
        simulateCall(flow, { at, config, list, checkerFails: true, ...(withOverrides ? { overrides } : {}) });
        return performance.now() - started;
      })
      .sort((a, b) => a - b);
  timeCalls(true);
  const perCall = timeCalls(false);
  const once = timeCalls(true);
  const result = plan();
  return {
    overrides: result.overrides.length,
    daysAhead: daysBetween(result.today, result.through),
    planMedianMs: round(percentile(planTimes, 0.5)),
    planP95Ms: round(percentile(planTimes, 0.95)),
    callPlannedPerCallMedianMs: round(percentile(perCall, 0.5)),
    callPlannedOnceMedianMs: round(percentile(once, 0.5)),
  };
}
