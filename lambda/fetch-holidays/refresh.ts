/**
 * The fetcher's core: fetch → build and check → compare with the stored list → write only when it changed → tell
 * the operators. No SDK imports and no clock: the store, the alert channel and the fetch come in as parameters and
 * `now` as an argument, so every branch is a plain test.
 *
 * The stored list is the checker's only input, so the rule is: never make it worse. Every failure leaves it
 * untouched, sends one alert saying what was kept, and rethrows so the schedule's retry, DLQ and alarm see it. A
 * closed day never leaves the list unannounced, and two runs at once (the schedule and a deploy) never overwrite
 * a newer list with an older one: every write is conditional on the version that was read.
 */
import { addDays, civilDateIn } from '../shared/civil-time';
import { redactUrl } from '../shared/calendar-url';
import { errorLine as oneLine } from '../shared/errors';
import { expandClosures } from '../shared/closures';
import { embeddedMetrics, METRIC_NAMES } from '../shared/metrics';
import { cleanDayName, HolidayDay, HolidayList, parseHolidayList, sortDays } from '../shared/holiday-list';
import { CalendarFetchLimits, HolidayPolicy, PROTECTED_DAYS_AHEAD } from '../shared/holiday-policy';
import { normalizeHolidayName, readCalendar } from './build-list';
import type { CalendarInput } from './ical-text';
import type { AlertChannel, LogRecord } from '../shared/notice';
import { failureAlert, changeReport, FailureStage } from './messages';

/** The stored document and the version it was read at. */
export interface StoredListText {
  readonly text: string;
  /** The object's ETag: a write conditional on it fails if anyone wrote in between. */
  readonly etag: string | undefined;
}

/** Where the list lives (S3 in the Lambda). */
export interface HolidayListStore {
  /** The stored document and its ETag, or undefined when there is none yet. Throws on any other read failure. */
  read(): Promise<StoredListText | undefined>;
  /**
   * Replace the stored document only if it is still the version read (`expectedEtag`; undefined: only if there
   * is none). Throws {@link ListWriteConflictError} when someone wrote in between. The bucket is versioned: the old
   * document stays as a version.
   */
  write(text: string, expectedEtag: string | undefined): Promise<void>;
}

/** Another writer changed the stored list between our read and our write (S3 answered 412 or 409). */
export class ListWriteConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListWriteConflictError';
  }
}

/** What the core is given to act with. */
export interface RefreshDeps {
  readonly store: HolidayListStore;
  readonly alerts: AlertChannel;
  readonly fetchCalendar: (url: string, limits: CalendarFetchLimits) => Promise<CalendarInput>;
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
  /**
   * `written`: the list changed; `refreshed`: unchanged but old, rewritten for its fetchedAt; `unchanged`: nothing;
   * `superseded`: a run that started later already stored its list, so this older one wrote nothing.
   */
  readonly action: 'written' | 'refreshed' | 'unchanged' | 'superseded';
  /** Whether an e-mail went out. */
  readonly notified: boolean;
  /** The coverage of the list now stored. */
  readonly coverage: { readonly from: string; readonly to: string };
  /** Entries added / removed compared with the previously stored list. */
  readonly added: number;
  readonly removed: number;
}

/** The new list would lose closed days of the stored one that nobody confirmed may go. */
export class HolidayRemovalError extends Error {
  /** The closed days that would disappear, in date order. */
  readonly days: readonly HolidayDay[];

  constructor(days: readonly HolidayDay[]) {
    const listed = days
      .slice(0, 10)
      .map((day) => `${day.date} ${day.name} (${day.kind})`)
      .join(', ');
    super(
      `${days.length} closed day(s) within the next ${PROTECTED_DAYS_AHEAD} days would disappear: ${listed}${days.length > 10 ? ', …' : ''}; ` +
        'if they really are business days now, list their dates in holidays.allowRemoval',
    );
    this.name = 'HolidayRemovalError';
    this.days = days;
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


/** The stored list as read: absent, unreadable (with why), or a list; with the version it was read at. */
export type CurrentList =
  | { readonly state: 'none'; readonly etag: undefined }
  | { readonly state: 'corrupt'; readonly problem: string; readonly etag: string | undefined }
  | { readonly state: 'ok'; readonly list: HolidayList; readonly etag: string | undefined };

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
 * The stored list's closed days from `today` to {@link PROTECTED_DAYS_AHEAD} days ahead whose date `next` no longer
 * closes, except those an admin accounted for: dates in `allowRemoval`, dates corrected to "not statutory", and
 * closures and observances the site configuration itself no longer closes on (that change is the admin's own).
 */
export function unannouncedRemovals(previous: HolidayList, next: HolidayList, today: string, policy: HolidayPolicy): HolidayDay[] {
  const horizon = addDays(today, PROTECTED_DAYS_AHEAD);
  const closedNext = new Set(next.days.filter((day) => day.closed).map((day) => day.date));
  const allowed = new Set([
    ...policy.allowRemoval.map((entry) => entry.date),
    ...policy.statutoryCorrections.filter((entry) => !entry.statutory).map((entry) => entry.date),
  ]);
  const closedObservances = new Set(policy.closedObservances.map((name) => cleanDayName(normalizeHolidayName(name), 'observance')));
  const stillConfigured = (day: HolidayDay): boolean => {
    switch (day.kind) {
      case 'closure':
        return expandClosures(policy.closures, { from: day.date, to: day.date }).some(
          (closure) => cleanDayName(closure.name, 'closure') === day.name,
        );
      case 'observance':
        return closedObservances.has(day.name);
      case 'holiday':
      default:
        return true;
    }
  };
  const gone = previous.days.filter(
    (day) => day.closed && day.date >= today && day.date <= horizon && !closedNext.has(day.date) && !allowed.has(day.date),
  );
  // A date is accounted for only when every closed entry it had is one the configuration dropped on purpose.
  const unexplainedDates = new Set(gone.filter(stillConfigured).map((day) => day.date));
  return sortDays(gone.filter((day) => unexplainedDates.has(day.date)));
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
  let stored: StoredListText | undefined;
  try {
    stored = await store.read();
  } catch (error) {
    throw new HolidayStoreError('read', error);
  }
  if (stored === undefined) return { state: 'none', etag: undefined };
  try {
    return { state: 'ok', list: parseHolidayList(stored.text), etag: stored.etag };
  } catch (error) {
    // A corrupt list helps nobody (the checker cannot read it either); a checked new list may replace it.
    return { state: 'corrupt', problem: oneLine(error), etag: stored.etag };
  }
}

function stageOf(error: unknown): FailureStage {
  if (error instanceof Error) {
    switch (error.name) {
      case 'CalendarFetchError':
        return 'fetch';
      case 'CalendarCheckError':
        return (error as { check?: unknown }).check === 'cross-check' ? 'cross-check' : 'check';
      case 'HolidayRemovalError':
        return 'removal';
      case 'HolidayStoreError':
        return (error as HolidayStoreError).operation;
      default:
        break;
    }
  }
  return 'unexpected';
}

/**
 * The longest a fetcher run lasts (the Lambda maximum). A stored list stamped later than our own start, but by no
 * more than this, was written by a run that started after ours: it is newer, and ours must not replace it. One
 * stamped further ahead than that is a broken clock, not a newer run, and does not block the fetcher forever.
 */
const LONGEST_RUN_MS = 15 * 60_000;

/** Writes attempted before giving up when other runs keep writing in between. */
const MAX_WRITE_ATTEMPTS = 3;

/** What to do with a checked list, given what is stored now. */
type WritePlan =
  | { readonly action: 'superseded'; readonly storedFetchedAt: string }
  | { readonly action: 'unchanged'; readonly storedFetchedAt: string }
  | { readonly action: 'refreshed' | 'written'; readonly previous: HolidayList | undefined };

function planWrite(current: CurrentList, next: HolidayList, now: Date, today: string, policy: HolidayPolicy): WritePlan {
  if (current.state !== 'ok') return { action: 'written', previous: undefined };
  const previous = current.list;
  const storedAheadMs = Date.parse(previous.fetchedAt) - now.getTime();
  if (storedAheadMs > 0 && storedAheadMs <= LONGEST_RUN_MS) return { action: 'superseded', storedFetchedAt: previous.fetchedAt };
  const removed = unannouncedRemovals(previous, next, today, policy);
  if (removed.length > 0) throw new HolidayRemovalError(removed);
  if (sameContent(previous, next)) {
    const ageMs = now.getTime() - Date.parse(previous.fetchedAt);
    if (ageMs >= 0 && ageMs < policy.rewriteUnchangedAfterDays * 86_400_000) {
      return { action: 'unchanged', storedFetchedAt: previous.fetchedAt };
    }
    // Same days, but an old (or future) fetchedAt would make the checker call the list stale: rewrite, tell nobody.
    return { action: 'refreshed', previous };
  }
  return { action: 'written', previous };
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
  const shownUrl = redactUrl(policy.calendarUrl);
  let current: CurrentList | undefined;
  try {
    current = await readCurrent(deps.store);
    if (current.state === 'corrupt') {
      deps.log({ level: 'warn', event: 'stored-list-corrupt', problem: current.problem });
    }
    const body = await deps.fetchCalendar(policy.calendarUrl, policy.fetch);
    const reading = readCalendar(body, policy, { now, sourceUrl: shownUrl });
    const next = reading.list;
    const today = civilDateIn(now, policy.timeZone);
    deps.log({
      level: 'info',
      event: 'calendar-read',
      bytes: typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.length : body.bytes.length,
      shape: reading.shape,
      coverage: next.coverage,
      holidaysPerYear: reading.holidaysPerYear,
      days: next.days.length,
      notes: reading.notes,
    });

    for (let attempt = 1; ; attempt += 1) {
      const plan = planWrite(current, next, now, today, policy);
      if (plan.action === 'superseded' || plan.action === 'unchanged') {
        deps.log({ level: 'info', event: plan.action, storedFetchedAt: plan.storedFetchedAt });
        return { action: plan.action, notified: false, coverage: current.state === 'ok' ? current.list.coverage : next.coverage, added: 0, removed: 0 };
      }
      try {
        await write(deps.store, next, current.etag);
      } catch (error) {
        if (!(error instanceof ListWriteConflictError) || attempt >= MAX_WRITE_ATTEMPTS) throw new HolidayStoreError('write', error);
        // Someone (the other run) wrote in between: judge our list again against what is stored now.
        deps.log({ level: 'warn', event: 'write-conflict', attempt, error: oneLine(error) });
        current = await readCurrent(deps.store);
        // Or it was our own PUT: S3 stored it, the answer was lost, and the SDK's retry met our own new ETag (412).
        // Then the list is written and its report still owed.
        if (current.state === 'ok' && current.list.fetchedAt === next.fetchedAt && sameContent(current.list, next)) {
          deps.log({ level: 'info', event: 'own-write-confirmed', attempt });
        } else {
          continue;
        }
      }
      if (plan.action === 'refreshed') {
        deps.log({ level: 'info', event: 'refreshed', previousFetchedAt: plan.previous?.fetchedAt ?? null });
        return { action: 'refreshed', notified: false, coverage: next.coverage, added: 0, removed: 0 };
      }
      const { previous } = plan;
      const { added, removed } = diffDays(previous?.days ?? [], next.days);
      deps.log({ level: 'info', event: 'written', added: added.length, removed: removed.length, coverage: next.coverage });
      const report = changeReport({ siteName, previous, current, next, added, removed, today, notes: reading.notes });
      let notified = false;
      if (report !== undefined) {
        try {
          await deps.alerts.publish(report.subject, report.message);
          notified = true;
        } catch (error) {
          // The new list is stored and correct; failing now would make the retry see "unchanged" and never report.
          // Counted instead, so an alarm says a change went unannounced.
          deps.log({
            level: 'error',
            event: 'change-notification-failed',
            error: oneLine(error),
            ...embeddedMetrics(siteName, { [METRIC_NAMES.changeReportFailed]: 1 }, now.getTime()),
          });
        }
      }
      return { action: 'written', notified, coverage: next.coverage, added: added.length, removed: removed.length };
    }
  } catch (error) {
    const stage = stageOf(error);
    deps.log({ level: 'error', event: 'refresh-failed', stage, error: oneLine(error) });
    const alert = failureAlert({ siteName, calendarUrl: shownUrl, stage, error, current, now, timeZone: policy.timeZone });
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

async function write(store: HolidayListStore, list: HolidayList, expectedEtag: string | undefined): Promise<void> {
  await store.write(`${JSON.stringify(list, null, 1)}\n`, expectedEtag);
}
