/**
 * The override sync's core: read the list and the live overrides → plan → change only what differs → read the
 * effective hours back → tell the admins once per incident. No SDK imports and no clock: Connect, the list, the live
 * document, the incident record and the alert channel come in as parameters and `now` as an argument.
 *
 * The rule: Connect's hours close exactly the days the checker would call closed, from today as far ahead as the free
 * override slots allow (never less than 90 days, or an alert), and hold every pending live closure and opening (these
 * take their slots first), touching only this site's own overrides. A failure never undoes what is in place: a call
 * that fails leaves the override as it was, a live document that cannot be read leaves the live overrides in Connect
 * as they are, and the next run (after the next list or live change, the daily schedule or the next deploy) tries
 * again.
 */
import { addDays, civilDateIn, CivilDate, daysBetween } from '../shared/civil-time';
import type { BuiltinCalendar } from '../shared/builtin-calendar';
import { claimsSite, isOwnedBy, OVERRIDE_LIMIT, OverridePlan, PlannedOverride } from '../shared/closed-day-overrides';
import type { HoursOverride } from '../shared/connect-hours';
import { isLiveOverrideName, LIVE_OVERRIDE_WORDS, planSiteOverrides, SiteOverridePlan } from '../shared/live-connect-overrides';
import type { LiveOverride } from '../shared/live-overrides';
import { indexHolidayList } from '../shared/decision';
import type { HolidayList } from '../shared/holiday-list';
import { errorLine as oneLine, httpStatusOf } from '../shared/errors';
import { embeddedMetrics, METRIC_NAMES } from '../shared/metrics';
import type { AlertChannel, LogRecord } from '../shared/notice';
import { changesFor, ExistingOverride, OverrideChange } from './changes';
import { syncReport } from './messages';
import { compareEffectiveHours, EffectiveDay, EffectiveHours, effectiveHoursChunks, Mismatch, verifiedRange } from './verify';

/**
 * The two hours resources the sync deals with: `target`, where the overrides are written, and `checked`, the hours the
 * flow checks (the same resource with the `business-hours` placement).
 */
export type HoursResource = 'target' | 'checked';

/** Connect's override calls, and the read-back of the hours the flow checks. */
export interface OverridesApi {
  /** Whether `checked` is another resource than `target` (then overrides left there by an earlier placement are ours to remove). */
  readonly separateChecked: boolean;
  /** Every override on a resource (all pages). */
  list(resource: HoursResource): Promise<ExistingOverride[]>;
  create(override: PlannedOverride): Promise<void>;
  update(id: string, override: PlannedOverride): Promise<void>;
  remove(resource: HoursResource, id: string): Promise<void>;
  /** GetEffectiveHoursOfOperations on the hours the flow checks, for `from`..`to` (inclusive). */
  effectiveHours(from: CivilDate, to: CivilDate): Promise<EffectiveHours>;
}

/** The stored holiday list as the sync reads it. */
export type ListReading =
  | { readonly state: 'ok'; readonly list: HolidayList }
  | { readonly state: 'none' }
  | { readonly state: 'unreadable'; readonly problem: string };

/**
 * The live override document as the sync reads it: its overrides, none stored, or damaged (not a document this code
 * reads). A read that fails is `unreadable`. Damaged or unreadable, the live overrides in Connect are kept as they are.
 */
export type LiveReading =
  | { readonly state: 'ok'; readonly overrides: readonly LiveOverride[] }
  | { readonly state: 'none' }
  | { readonly state: 'damaged' | 'unreadable'; readonly problem: string };

/** Something that keeps a live override out of Connect's hours (or keeps Connect's from following the document). */
export type LiveIssue =
  /** The document could not be used: the live overrides in Connect (`kept` of them) were left as they are. */
  | { readonly kind: 'document'; readonly state: 'damaged' | 'unreadable'; readonly problem: string; readonly kept: number }
  /** Too few slots for all of one live override's Connect overrides. */
  | { readonly kind: 'no-slot'; readonly override: LiveOverride };

/** The problem item of a live issue: one per state of the document, one per live override without a slot. */
export function liveIssueItem(issue: LiveIssue): string {
  return issue.kind === 'document' ? `document ${issue.state}` : `no-slot ${issue.override.id}`;
}

/** One kind of problem and its items (dates, names, failed calls): what an e-mail was or must be sent about. */
export interface Problem {
  readonly kind: ProblemKind;
  /** Sorted, distinct. An incident is new when it holds an item the last e-mail did not. */
  readonly items: readonly string[];
}

/** What can go wrong. */
export type ProblemKind =
  /** The effective hours disagree with the plan. */
  | 'mismatch'
  /** The free slots do not reach 90 days ahead. */
  | 'short'
  /** A Connect call failed after its retries. */
  | 'failed'
  /** An override this site does not own holds a name the plan needs, or the resource is full. */
  | 'conflict'
  /** The live document could not be used, or a live override found no slot. */
  | 'live';

/** What the sync remembers between runs: the problems admins were told about, and the last run. */
export interface SyncState {
  readonly formatVersion: 1;
  /** Per kind: the items the last e-mail covered and when it went out. */
  readonly reported: Readonly<Partial<Record<ProblemKind, { readonly items: readonly string[]; readonly at: string }>>>;
  /** The last run, for people and the status command. */
  readonly lastRun?: {
    readonly at: string;
    readonly through: CivilDate;
    readonly overrides: number;
    readonly changes: number;
    readonly mismatches: number;
    readonly problems: readonly ProblemKind[];
  };
}

/** Where the sync keeps {@link SyncState} (an S3 object in the Lambda). */
export interface SyncStateStore {
  /** The state, or undefined when there is none. Throws on a read failure. */
  read(): Promise<SyncState | undefined>;
  write(state: SyncState): Promise<void>;
}

/** What the core is given to act with. */
export interface SyncDeps {
  readonly overrides: OverridesApi;
  readonly readList: () => Promise<ListReading>;
  /** The live override document. A rejection counts as `unreadable`. */
  readonly readLive: () => Promise<LiveReading>;
  readonly state: SyncStateStore;
  readonly alerts: AlertChannel;
  readonly log: (record: LogRecord) => void;
  /** Waits (throttling backoff, pacing). Tests pass one that records instead of waiting. */
  readonly sleep: (ms: number) => Promise<void>;
  /** For the backoff's jitter. @default Math.random */
  readonly random?: () => number;
  /** Milliseconds the run may still take (the Lambda's remaining time). @default no limit */
  readonly timeLeftMs?: () => number;
}

/** What the core is told to do. */
export interface SyncSettings {
  readonly siteName: string;
  /** The site's zone: the list's, the hours resources' and the plan's. */
  readonly timeZone: string;
  /** The checker's built-in calendar (closures, statutory corrections). */
  readonly builtin: BuiltinCalendar;
  /** Most overrides this site may hold on the resource. @default 50 */
  readonly maxOverrides: number;
  /** Pause after each write, so a first sync of 50 overrides stays under Connect's per-account rate. @default 500 */
  readonly writePaceMs: number;
  /** Attempts per call when Connect throttles or fails transiently (1 = no retry). @default 6 */
  readonly attempts: number;
  /** First backoff; doubled per attempt, with jitter, at most 20 s. @default 500 */
  readonly backoffMs: number;
  /** Pause before reading the effective hours a second time when the first read-back after writes disagreed. @default 10000 */
  readonly settleMs: number;
  /** Time kept back for the report: no Connect call or wait starts with less than this left. @default 20000 */
  readonly reserveMs: number;
}

/** What one run did. */
export interface SyncOutcome {
  readonly through: CivilDate;
  readonly short: boolean;
  /** Closed-day overrides planned. */
  readonly overrides: number;
  /** Connect overrides planned for live overrides (kept ones not counted). */
  readonly liveOverrides: number;
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  readonly unchanged: number;
  readonly mismatches: readonly Mismatch[];
  readonly problems: readonly Problem[];
  /** Whether an e-mail went out this run. */
  readonly notified: boolean;
}

const MAX_BACKOFF_MS = 20_000;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}


const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalServiceException',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN']);

/** Connect throttled (429, limits are per API, account and Region) or failed in a way a later attempt may not. */
export function isTransient(error: unknown): boolean {
  const status = httpStatusOf(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    TRANSIENT_NAMES.has(errorName(error)) ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    (typeof code === 'string' && TRANSIENT_CODES.has(code))
  );
}

/** The run's time is nearly up: no further Connect call is started, so the report still goes out. */
class TimeBudgetError extends Error {
  constructor() {
    super('the run is out of time; the rest is left for the next run');
    this.name = 'TimeBudgetExceeded';
  }
}

/** A call that failed for good: which one, and why. */
class CallFailure extends Error {
  constructor(
    readonly operation: string,
    readonly cause: unknown,
    /** An earlier attempt failed transiently (its answer may have been lost after Connect acted). */
    readonly retried = false,
  ) {
    super(`${operation}: ${oneLine(cause)}`);
    this.name = 'CallFailure';
  }
}

/** Is the item set of `problem` covered by what was reported before? */
function covered(problem: Problem, state: SyncState | undefined): boolean {
  const reported = state?.reported[problem.kind];
  if (reported === undefined || !Array.isArray(reported.items)) return false;
  const items = new Set(reported.items);
  return problem.items.every((item) => items.has(item));
}

function problemOf(kind: ProblemKind, items: Iterable<string>): Problem {
  return { kind, items: [...new Set(items)].sort() };
}

/** Stop making changes after this failure: Connect keeps throttling, or the run is out of time. */
function stopsTheRun(failure: CallFailure): boolean {
  return failure.cause instanceof TimeBudgetError || isTransient(failure.cause);
}

/** Sync this site's closed-day overrides in Connect with the stored list, verify, and report. Never throws for Connect or data problems. */
export async function syncOverrides(deps: SyncDeps, settings: SyncSettings, now: Date): Promise<SyncOutcome> {
  const random = deps.random ?? Math.random;
  const timeLeftMs = deps.timeLeftMs ?? (() => Number.POSITIVE_INFINITY);

  /** Run one Connect call with backoff; `retried` says whether an attempt before the last one failed transiently. */
  async function call<T>(operation: string, run: () => Promise<T>): Promise<{ value: T; retried: boolean }> {
    for (let attempt = 1; ; attempt += 1) {
      if (timeLeftMs() < settings.reserveMs) throw new CallFailure(operation, new TimeBudgetError());
      try {
        return { value: await run(), retried: attempt > 1 };
      } catch (error) {
        if (!isTransient(error) || attempt >= settings.attempts) throw new CallFailure(operation, error, attempt > 1);
        const ceiling = Math.min(MAX_BACKOFF_MS, settings.backoffMs * 2 ** (attempt - 1));
        // Half fixed, half random: spread, yet always some wait.
        const delayMs = Math.round(ceiling / 2 + (random() * ceiling) / 2);
        if (timeLeftMs() - delayMs < settings.reserveMs) throw new CallFailure(operation, new TimeBudgetError(), true);
        deps.log({ level: 'warn', event: 'connect-retry', operation, attempt, delayMs, error: oneLine(error) });
        await deps.sleep(delayMs);
      }
    }
  }

  const reading = await deps.readList().catch((error: unknown): ListReading => ({ state: 'unreadable', problem: oneLine(error) }));
  if (reading.state !== 'ok') {
    // The checker answers from the built-in calendar then, so the hours follow it too; the checker's own alarms
    // report the missing list.
    deps.log({ level: 'warn', event: 'list-not-used', state: reading.state, ...(reading.state === 'unreadable' ? { problem: reading.problem } : {}) });
  }
  const index = reading.state === 'ok' ? indexHolidayList(reading.list) : undefined;
  const live = await deps.readLive().catch((error: unknown): LiveReading => ({ state: 'unreadable', problem: oneLine(error) }));
  if (live.state === 'damaged' || live.state === 'unreadable') {
    deps.log({ level: 'error', event: 'live-not-used', state: live.state, problem: live.problem });
  }

  const today = civilDateIn(now, settings.timeZone);
  const failures: CallFailure[] = [];
  const conflicts: string[] = [];
  const liveIssues: LiveIssue[] = [];
  const applied = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
  let sitePlan: SiteOverridePlan | undefined;
  let keptLive = 0;
  let plan: OverridePlan | undefined;
  let mismatches: Mismatch[] = [];

  try {
    const existing = (await call('ListHoursOfOperationOverrides', () => deps.overrides.list('target'))).value;
    const owned = existing.filter((override) => isOwnedBy(override.description, settings.siteName, override.name));
    // Carrying our site's tag for another name: a copy of one of ours, or one renamed in the console. Not ours to
    // change or delete; said once, so a person decides.
    for (const copy of existing.filter((override) => claimsSite(override.description, settings.siteName) && !owned.includes(override))) {
      conflicts.push(`copy ${copy.name}`);
    }
    // Overrides a `business-hours` placement left on the hours the flow checks, now that they live elsewhere: ours to
    // remove, or they would go on closing days the list may have opened since.
    const leftovers = deps.overrides.separateChecked
      ? (await call('ListHoursOfOperationOverrides', () => deps.overrides.list('checked'))).value.filter((override) =>
          isOwnedBy(override.description, settings.siteName, override.name),
        )
      : [];
    const slots = Math.max(0, Math.min(settings.maxOverrides, OVERRIDE_LIMIT - (existing.length - owned.length)));
    // Without a usable live document, nobody can say which live closure still holds: the ones in Connect stay as they
    // are (a typhoon closure must not reopen the line because a file is damaged) and keep their slots.
    const keepLive = live.state === 'damaged' || live.state === 'unreadable';
    const kept = keepLive ? owned.filter((override) => isLiveOverrideName(override.name)) : [];
    keptLive = kept.length;
    sitePlan = planSiteOverrides({
      index,
      builtin: settings.builtin,
      timeZone: settings.timeZone,
      now,
      slots,
      siteName: settings.siteName,
      live: live.state === 'ok' ? live.overrides : [],
      keep: kept.map(keptOverride),
    });
    plan = sitePlan.closedDays;
    for (const override of sitePlan.live.unplaced) liveIssues.push({ kind: 'no-slot', override });
    const { changes, unchanged } = changesFor(
      owned.filter((override) => !kept.includes(override)),
      sitePlan.overrides,
    );
    applied.unchanged = unchanged;
    deps.log({
      level: 'info',
      event: 'plan',
      list: reading.state,
      live: live.state,
      liveOverrides: sitePlan.live.overrides.length,
      liveUnplaced: sitePlan.live.unplaced.map((override) => override.id),
      keptLive: kept.length,
      overrides: plan.overrides.length,
      slots,
      others: existing.length - owned.length,
      leftovers: leftovers.length,
      through: plan.through,
      limit: plan.limit,
      changes: changes.length,
      unchanged,
    });
    const steps: Array<{ readonly name: string; readonly action: string; readonly run: () => Promise<void> }> = [
      ...leftovers.map((leftover) => ({ name: leftover.name, action: 'delete-leftover', run: () => removeFrom('checked', leftover.id) })),
      ...changes.map((change) => ({ name: changeName(change), action: change.action, run: () => apply(change) })),
    ];
    let full = false;
    for (const [position, step] of steps.entries()) {
      if (step.action === 'create' && full) continue;
      try {
        await step.run();
        applied[step.action === 'delete-leftover' ? 'deleted' : COUNTED_AS[step.action as OverrideChange['action']]] += 1;
        deps.log({ level: 'info', event: step.action, name: step.name });
      } catch (error) {
        const failure = error instanceof CallFailure ? error : new CallFailure(step.action, error);
        if (errorName(failure.cause) === 'LimitExceededException') {
          // Someone filled the resource since it was listed: a data problem, not something to retry now.
          full = true;
          conflicts.push(`limit ${OVERRIDE_LIMIT}`);
        } else if (errorName(failure.cause) === 'DuplicateResourceException') {
          conflicts.push(`name ${step.name}`);
        } else {
          failures.push(failure);
        }
        deps.log({ level: 'error', event: 'change-failed', action: step.action, name: step.name, error: oneLine(failure.cause) });
        if (stopsTheRun(failure)) {
          deps.log({ level: 'warn', event: 'changes-left', count: steps.length - position - 1 });
          break;
        }
      }
      await deps.sleep(settings.writePaceMs);
    }

    // Read back what the flow's hours check now answers, for every date the plan speaks for. Right after a write
    // the read may not show it yet [unverified]: a disagreement then is read once more after a pause.
    const ours = new Set([...sitePlan.overrides, ...owned, ...leftovers].map((override) => override.name));
    mismatches = await readBack(sitePlan, ours);
    if (mismatches.length > 0 && steps.length > 0 && timeLeftMs() - settings.settleMs > settings.reserveMs) {
      deps.log({ level: 'info', event: 'read-back-retry', mismatches: mismatches.length });
      await deps.sleep(settings.settleMs);
      mismatches = await readBack(sitePlan, ours);
    }
  } catch (error) {
    failures.push(error instanceof CallFailure ? error : new CallFailure('sync', error));
    deps.log({ level: 'error', event: 'sync-failed', error: oneLine(error) });
  }

  async function readBack(planned: SiteOverridePlan, ours: ReadonlySet<string>): Promise<Mismatch[]> {
    const live = [...planned.kept, ...planned.live.overrides];
    const range = verifiedRange(planned.closedDays, live);
    if (range.to < range.from) return [];
    const days: EffectiveDay[] = [];
    let timeZone: string | undefined;
    for (const chunk of effectiveHoursChunks(range.from, range.to)) {
      const part = (await call('GetEffectiveHoursOfOperations', () => deps.overrides.effectiveHours(chunk.from, chunk.to))).value;
      timeZone ??= part.timeZone;
      days.push(...part.days);
    }
    return compareEffectiveHours(planned.closedDays, { timeZone, days }, settings.timeZone, ours, live);
  }

  async function removeFrom(resource: HoursResource, id: string): Promise<void> {
    try {
      await call('DeleteHoursOfOperationOverride', () => deps.overrides.remove(resource, id));
    } catch (error) {
      // Already gone (a retried delete whose first answer was lost, or someone else): what was wanted.
      if (!(error instanceof CallFailure && errorName(error.cause) === 'ResourceNotFoundException')) throw error;
    }
  }

  async function apply(change: OverrideChange): Promise<void> {
    switch (change.action) {
      case 'create':
        try {
          await call('CreateHoursOfOperationOverride', () => deps.overrides.create(change.override));
        } catch (error) {
          // A create whose answer was lost and that was retried meets its own override: it was made.
          if (!(error instanceof CallFailure && error.retried && errorName(error.cause) === 'DuplicateResourceException')) throw error;
          deps.log({ level: 'info', event: 'create-confirmed-by-duplicate', name: change.override.name });
        }
        break;
      case 'update':
        await call('UpdateHoursOfOperationOverride', () => deps.overrides.update(change.id, change.override));
        break;
      case 'delete':
        await removeFrom('target', change.id);
        break;
    }
  }

  const problems: Problem[] = [];
  // Reported even when Connect could not be listed (then nothing was kept because nothing was touched).
  if (live.state === 'damaged' || live.state === 'unreadable') {
    liveIssues.unshift({ kind: 'document', state: live.state, problem: live.problem, kept: keptLive });
  }
  // First: what ops changed live is what callers meet right now.
  if (liveIssues.length > 0) problems.push(problemOf('live', liveIssues.map(liveIssueItem)));
  // One incident per kind of disagreement, whatever dates it reaches as the window moves on.
  if (mismatches.length > 0) problems.push(problemOf('mismatch', mismatches.map((mismatch) => mismatch.kind)));
  if (plan?.short === true) problems.push(problemOf('short', ['short']));
  if (failures.length > 0) problems.push(problemOf('failed', failures.map((failure) => `${failure.operation} ${errorName(failure.cause)}`)));
  if (conflicts.length > 0) problems.push(problemOf('conflict', conflicts));

  const notified = await report(deps, settings, now, {
    plan,
    problems,
    mismatches,
    failures,
    conflicts,
    liveIssues,
    liveOverrides: sitePlan?.live.overrides.length ?? 0,
    applied,
  });
  return {
    through: plan?.through ?? addDays(today, -1),
    short: plan?.short ?? true,
    overrides: plan?.overrides.length ?? 0,
    liveOverrides: sitePlan?.live.overrides.length ?? 0,
    ...applied,
    mismatches,
    problems,
    notified,
  };
}

const COUNTED_AS = { create: 'created', update: 'updated', delete: 'deleted' } as const;

/**
 * A live override of ours found in Connect, as the hours check sees it. Connect may list one without a type
 * [unverified whether it always echoes it]: its name then says which kind it was made as.
 */
function keptOverride(existing: ExistingOverride): HoursOverride {
  const type = existing.type ?? (existing.name.startsWith(`${LIVE_OVERRIDE_WORDS.open} `) ? 'OPEN' : 'CLOSED');
  return { name: existing.name, type, from: existing.from, till: existing.till, config: existing.config };
}

function changeName(change: OverrideChange): string {
  return change.action === 'delete' ? change.previous.name : change.override.name;
}

interface RunFindings {
  readonly plan: OverridePlan | undefined;
  readonly problems: readonly Problem[];
  readonly mismatches: readonly Mismatch[];
  readonly failures: readonly CallFailure[];
  readonly conflicts: readonly string[];
  readonly liveIssues: readonly LiveIssue[];
  readonly liveOverrides: number;
  readonly applied: { readonly created: number; readonly updated: number; readonly deleted: number; readonly unchanged: number };
}

/**
 * Tell admins about problems they have not heard of (one e-mail per run at most, listing every current problem),
 * remember what was told, and count what is still untold for the alarms. Returns whether an e-mail went out.
 */
async function report(deps: SyncDeps, settings: SyncSettings, now: Date, findings: RunFindings): Promise<boolean> {
  let state: SyncState | undefined;
  try {
    state = await deps.state.read();
  } catch (error) {
    // Without the record an incident may be e-mailed twice; never zero times.
    deps.log({ level: 'warn', event: 'state-unreadable', error: oneLine(error) });
  }
  const fresh = findings.problems.filter((problem) => !covered(problem, state));
  let notified = false;
  if (fresh.length > 0) {
    const message = syncReport({
      siteName: settings.siteName,
      timeZone: settings.timeZone,
      now,
      plan: findings.plan,
      fresh: fresh.map((problem) => problem.kind),
      mismatches: findings.mismatches,
      failures: findings.failures.map((failure) => ({ operation: failure.operation, error: oneLine(failure.cause) })),
      conflicts: findings.conflicts,
      liveOverrides: findings.liveOverrides,
      liveIssues: findings.liveIssues,
    });
    try {
      await deps.alerts.publish(message.subject, message.message);
      notified = true;
    } catch (error) {
      deps.log({ level: 'error', event: 'alert-failed', error: oneLine(error) });
    }
  }
  const at = now.toISOString();
  // A problem stays on record while it lasts (an e-mail covered its items); a problem that is gone is forgotten, so
  // its return is a new incident with a new e-mail.
  const reported: Partial<Record<ProblemKind, { items: readonly string[]; at: string }>> = {};
  for (const problem of findings.problems) {
    const before = state?.reported[problem.kind];
    if (before !== undefined && covered(problem, state)) reported[problem.kind] = before;
    else if (notified) reported[problem.kind] = { items: [...new Set([...(before?.items ?? []), ...problem.items])].sort(), at };
  }
  for (const kind of Object.keys(state?.reported ?? {}) as ProblemKind[]) {
    if (!findings.problems.some((problem) => problem.kind === kind)) deps.log({ level: 'info', event: 'problem-resolved', kind });
  }
  const unreported = findings.problems.filter((problem) => reported[problem.kind] === undefined);
  const mismatchDays = new Set(findings.mismatches.map((mismatch) => mismatch.date ?? 'zone')).size;
  const otherProblems = findings.problems.filter((problem) => problem.kind !== 'mismatch');
  deps.log({
    level: unreported.length > 0 ? 'error' : 'info',
    event: 'sync-done',
    through: findings.plan?.through ?? null,
    ...findings.applied,
    problems: findings.problems.map((problem) => problem.kind),
    notified,
    ...embeddedMetrics(
      settings.siteName,
      {
        [METRIC_NAMES.overrideMismatchDays]: mismatchDays,
        [METRIC_NAMES.overrideMismatchDaysUnreported]: reported.mismatch === undefined ? mismatchDays : 0,
        [METRIC_NAMES.overrideSyncProblems]: otherProblems.length,
        [METRIC_NAMES.overrideSyncProblemsUnreported]: otherProblems.filter((problem) => reported[problem.kind] === undefined).length,
        [METRIC_NAMES.overrideDaysAhead]: findings.plan === undefined ? 0 : Math.max(0, daysBetween(findings.plan.today, findings.plan.through)),
      },
      now.getTime(),
    ),
  });
  const next: SyncState = {
    formatVersion: 1,
    reported,
    lastRun: {
      at,
      through: findings.plan?.through ?? '',
      overrides: findings.plan?.overrides.length ?? 0,
      changes: findings.applied.created + findings.applied.updated + findings.applied.deleted,
      mismatches: findings.mismatches.length,
      problems: findings.problems.map((problem) => problem.kind),
    },
  };
  try {
    await deps.state.write(next);
  } catch (error) {
    deps.log({ level: 'warn', event: 'state-write-failed', error: oneLine(error) });
  }
  return notified;
}
