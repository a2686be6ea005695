/**
 * The fetcher's core: fetch → build and check → compare with the stored list → write only when it changed → tell
 * the operators. No SDK imports and no clock: the store, the alert channel and the fetch come in as parameters and
 * `now` as an argument, so every branch is a plain test.
 *
 * The stored list is the checker's only input, so the rule is: never make it worse. Every failure leaves it
 * untouched, sends one alert saying what was kept, and rethrows so the schedule's retry, DLQ and alarm see it.
 */
import { civilDateIn } from '../shared/civil-time';
import { embeddedMetrics, METRIC_NAMES } from '../shared/metrics';
import { HolidayDay, HolidayList, parseHolidayList, sortDays } from '../shared/holiday-list';
import type { CalendarFetchLimits, HolidayPolicy } from '../shared/holiday-policy';
import { readCalendar } from './build-list';
import { failureAlert, changeReport, FailureStage } from './messages';

/** Where the list lives (S3 in the Lambda). */
export interface HolidayListStore {
  /** The stored document's text, or undefined when there is none yet. Throws on any other read failure. */
  read(): Promise<string | undefined>;
  /** Replace the stored document (the bucket is versioned: the old one stays as a version). */
  write(text: string): Promise<void>;
}

/** Where operators are told (SNS e-mail in the Lambda). */
export interface AlertChannel {
  /** Publish one message; `subject` is under 100 characters and one line. */
  publish(subject: string, message: string): Promise<void>;
}

/** One structured log record; the handler writes it as one JSON line. */
export type LogRecord = { readonly level: 'info' | 'warn' | 'error'; readonly event: string } & Record<string, unknown>;

/** What the core is given to act with. */
export interface RefreshDeps {
  readonly store: HolidayListStore;
  readonly alerts: AlertChannel;
  readonly fetchCalendar: (url: string, limits: CalendarFetchLimits) => Promise<string>;
  readonly log: (record: LogRecord) => void;
}

/** What the core is told to do. */
export interface RefreshSettings {
  /** The site's name, for subjects and logs. */
  readonly siteName: string;
  /** The calendar, checks and closures. */
  readonly policy: HolidayPolicy;
}

/** What a successful run did. */
export interface RefreshOutcome {
  /** `written`: the list changed; `refreshed`: unchanged but old, rewritten for its fetchedAt; `unchanged`: nothing. */
  readonly action: 'written' | 'refreshed' | 'unchanged';
  /** Whether an e-mail went out. */
  readonly notified: boolean;
  /** The coverage of the list now stored. */
  readonly coverage: { readonly from: string; readonly to: string };
  /** Entries added / removed compared with the previously stored list. */
  readonly added: number;
  readonly removed: number;
}

/** The new list would drop too many of the stored list's future holidays. */
export class HolidayDropError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HolidayDropError';
  }
}

/** Reading or writing the stored list failed. */
export class HolidayStoreError extends Error {
  /** `read` or `write`. */
  readonly operation: 'read' | 'write';

  constructor(operation: 'read' | 'write', cause: unknown) {
    super(`${operation === 'read' ? 'reading' : 'writing'} the stored holiday list failed: ${oneLine(cause)}`);
    this.name = 'HolidayStoreError';
    this.operation = operation;
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n', 1)[0] ?? text;
}

/** The stored list as read: absent, unreadable (with why), or a list. */
export type CurrentList =
  | { readonly state: 'none' }
  | { readonly state: 'corrupt'; readonly problem: string }
  | { readonly state: 'ok'; readonly list: HolidayList };

/** A day's identity for diffs: every field, so a rename or a newly closed observance shows as a change. */
function dayKey(day: HolidayDay): string {
  return `${day.date}\u0000${day.kind}\u0000${day.name}\u0000${day.closed}`;
}

/** Entries in `next` but not `previous` (added) and the reverse (removed), each sorted. */
export function diffDays(
  previous: readonly HolidayDay[],
  next: readonly HolidayDay[],
): { added: HolidayDay[]; removed: HolidayDay[] } {
  const before = new Set(previous.map(dayKey));
  const after = new Set(next.map(dayKey));
  return {
    added: sortDays(next.filter((day) => !before.has(dayKey(day)))),
    removed: sortDays(previous.filter((day) => !after.has(dayKey(day)))),
  };
}

/**
 * The stored list's statutory holidays from `today` on that `next` no longer has (by date: a renamed holiday is
 * not a dropped one), and the share of them that is.
 */
export function droppedFutureHolidays(
  current: HolidayList,
  next: HolidayList,
  today: string,
): { known: number; dropped: HolidayDay[]; share: number } {
  const known = current.days.filter((day) => day.kind === 'holiday' && day.date >= today);
  const kept = new Set(next.days.filter((day) => day.kind === 'holiday').map((day) => day.date));
  const dropped = known.filter((day) => !kept.has(day.date));
  return { known: known.length, dropped, share: known.length === 0 ? 0 : dropped.length / known.length };
}

/** Same stored meaning: days, coverage, source and zone (fetchedAt is expected to differ). */
function sameContent(a: HolidayList, b: HolidayList): boolean {
  return (
    a.sourceUrl === b.sourceUrl &&
    a.timeZone === b.timeZone &&
    a.coverage.from === b.coverage.from &&
    a.coverage.to === b.coverage.to &&
    JSON.stringify(sortDays(a.days)) === JSON.stringify(sortDays(b.days))
  );
}

async function readCurrent(store: HolidayListStore): Promise<CurrentList> {
  let text: string | undefined;
  try {
    text = await store.read();
  } catch (error) {
    throw new HolidayStoreError('read', error);
  }
  if (text === undefined) return { state: 'none' };
  try {
    return { state: 'ok', list: parseHolidayList(text) };
  } catch (error) {
    // A corrupt list helps nobody (the checker cannot read it either); a checked new list may replace it.
    return { state: 'corrupt', problem: oneLine(error) };
  }
}

function stageOf(error: unknown): FailureStage {
  if (error instanceof Error) {
    switch (error.name) {
      case 'CalendarFetchError':
        return 'fetch';
      case 'CalendarCheckError':
        return 'check';
      case 'HolidayDropError':
        return 'drop';
      case 'HolidayStoreError':
        return (error as HolidayStoreError).operation;
      default:
        break;
    }
  }
  return 'unexpected';
}

/**
 * Refresh the stored holiday list from the configured calendar. Resolves with what it did; on any failure it
 * leaves the stored list untouched, publishes one alert naming the cause and what was kept, and rethrows.
 */
export async function refreshHolidayList(
  deps: RefreshDeps,
  settings: RefreshSettings,
  now: Date,
): Promise<RefreshOutcome> {
  const { policy, siteName } = settings;
  let current: CurrentList | undefined;
  try {
    current = await readCurrent(deps.store);
    if (current.state === 'corrupt') {
      deps.log({ level: 'warn', event: 'stored-list-corrupt', problem: current.problem });
    }
    const text = await deps.fetchCalendar(policy.calendarUrl, policy.fetch);
    const reading = readCalendar(text, policy, { now, sourceUrl: policy.calendarUrl });
    const next = reading.list;
    const today = civilDateIn(now, policy.timeZone);
    deps.log({
      level: 'info',
      event: 'calendar-read',
      bytes: Buffer.byteLength(text),
      shape: reading.shape,
      coverage: next.coverage,
      holidaysPerYear: reading.holidaysPerYear,
      days: next.days.length,
      notes: reading.notes,
    });

    const previous = current.state === 'ok' ? current.list : undefined;
    if (previous !== undefined) {
      const drop = droppedFutureHolidays(previous, next, today);
      if (drop.share > policy.checks.maxDropShare) {
        const summary = `${drop.dropped.length} of ${drop.known} known future holidays would disappear (${drop.dropped
          .slice(0, 5)
          .map((day) => `${day.date} ${day.name}`)
          .join(', ')}${drop.dropped.length > 5 ? ', …' : ''}), more than ${Math.round(policy.checks.maxDropShare * 100)}%`;
        if (!policy.checks.acceptLargeDrop) throw new HolidayDropError(summary);
        deps.log({ level: 'warn', event: 'large-drop-accepted', dropped: drop.dropped.length, known: drop.known });
      }
      if (sameContent(previous, next)) {
        const ageMs = now.getTime() - Date.parse(previous.fetchedAt);
        if (!(ageMs >= policy.rewriteUnchangedAfterDays * 86_400_000)) {
          deps.log({ level: 'info', event: 'unchanged', storedFetchedAt: previous.fetchedAt });
          return { action: 'unchanged', notified: false, coverage: next.coverage, added: 0, removed: 0 };
        }
        // Same days, but an old fetchedAt would make the checker call the list stale: rewrite it, tell nobody.
        await write(deps.store, next);
        deps.log({ level: 'info', event: 'refreshed', previousFetchedAt: previous.fetchedAt });
        return { action: 'refreshed', notified: false, coverage: next.coverage, added: 0, removed: 0 };
      }
    }

    const { added, removed } = diffDays(previous?.days ?? [], next.days);
    await write(deps.store, next);
    deps.log({ level: 'info', event: 'written', added: added.length, removed: removed.length, coverage: next.coverage });
    const report = changeReport({ siteName, previous, current, next, added, removed, today, notes: reading.notes });
    let notified = false;
    if (report !== undefined) {
      try {
        await deps.alerts.publish(report.subject, report.message);
        notified = true;
      } catch (error) {
        // The new list is stored and correct; failing now would make the retry see "unchanged" and never report.
        deps.log({ level: 'error', event: 'change-notification-failed', error: oneLine(error) });
      }
    }
    return { action: 'written', notified, coverage: next.coverage, added: added.length, removed: removed.length };
  } catch (error) {
    const stage = stageOf(error);
    deps.log({ level: 'error', event: 'refresh-failed', stage, error: oneLine(error) });
    const alert = failureAlert({ siteName, calendarUrl: policy.calendarUrl, stage, error, current, now, timeZone: policy.timeZone });
    try {
      await deps.alerts.publish(alert.subject, alert.message);
      // Counted so the fetcher-failure alarm skips the runs whose cause admins were already e-mailed.
      deps.log({
        level: 'info',
        event: 'failure-alerted',
        ...embeddedMetrics(siteName, { [METRIC_NAMES.fetchFailureAlerted]: 1 }, now.getTime()),
      });
    } catch (publishError) {
      deps.log({ level: 'error', event: 'alert-failed', error: oneLine(publishError) });
    }
    throw error;
  }
}

async function write(store: HolidayListStore, list: HolidayList): Promise<void> {
  try {
    await store.write(`${JSON.stringify(list, null, 1)}\n`);
  } catch (error) {
    throw new HolidayStoreError('write', error);
  }
}
