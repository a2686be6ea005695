/**
 * The checker's call path: held list → the shared decision → one log line (with the metric when the data was
 * not "ok"). Everything it depends on is a parameter, so tests drive it with their own store, clock and output.
 */
import type { ConnectContactFlowEvent } from 'aws-lambda';
import type { BuiltinCalendar } from '../shared/builtin-calendar';
import type { HoursOfOperationEntry } from '../shared/connect-hours';
import { CheckerResult, ClosedDayIndex, decide, fallbackResult, ListHealth } from '../shared/decision';
import { answerCall, CallAnswer } from '../shared/line-state';
import { NextOpeningMemo } from '../shared/next-open';
import { ANSWER_DIMENSION, embeddedMetrics, METRIC_NAMES, SITE_DIMENSION } from '../shared/metrics';
import type { CachedLive } from './live-cache';
import type { CachedList, ListCheck } from './list-cache';
import type { RefreshAnswer } from './refresh-event';
import { errorLine } from '../shared/errors';

/** The parts of the settings the call path reads. */
export interface CallSettings {
  readonly siteName: string;
  readonly timeZone: string;
  readonly maxAgeMs: number;
  readonly fallbackClosed: boolean;
  /** The site's closures and statutory corrections, for answers without a list. */
  readonly builtin: BuiltinCalendar;
  /** The weekly hours, for when the line next opens. */
  readonly weekly: readonly HoursOfOperationEntry[];
}

/** What the call path needs from the world. */
export interface CheckerDependencies {
  /** The held list (see HolidayListCache). */
  readonly list: {
    current(): Promise<CachedList>;
    refresh(): Promise<ListCheck>;
    held(): ClosedDayIndex | undefined;
  };
  /** The live override document (see LiveOverridesCache). */
  readonly live: {
    current(): Promise<CachedLive>;
    refresh(): Promise<CachedLive>;
  };
  readonly settings: CallSettings;
  /** The instant of the call. */
  readonly now: () => Date;
  /** Writes one log line (no newline); in Lambda, raw stdout, where CloudWatch extracts the embedded metrics. */
  readonly writeLine: (line: string) => void;
}

/** The checker as Amazon Connect invokes it. */
export type IsHolidayHandler = (event: ConnectContactFlowEvent) => Promise<CheckerResult>;

/** The checker as the refresh schedule invokes it. */
export type RefreshHandler = () => Promise<RefreshAnswer>;

/**
 * The data-quality metrics at one instant: each is 0 or 1 on every call and every refresh. Reporting the zeros is
 * what lets the alarm return to OK once the list is healthy again; the refresh schedule reports them even when no
 * one calls, so a list that breaks at night alarms at night. One e-mail per incident, never one per call.
 */
export function dataMetricsFor(list: ListHealth, liveUnreadable: boolean): Record<string, number> {
  return {
    [METRIC_NAMES.holidayListUnavailable]: list === 'missing' ? 1 : 0,
    [METRIC_NAMES.holidayListStale]: list === 'stale' ? 1 : 0,
    [METRIC_NAMES.liveOverridesUnreadable]: liveUnreadable ? 1 : 0,
  };
}

/** Everything one call's log line reports. */
export interface CallRecord {
  readonly siteName: string;
  /** The contact's ID; never the caller's number. */
  readonly contactId: string | undefined;
  readonly result: CheckerResult;
  /** What the caller gets, as the dashboard counts it. */
  readonly answer: CallAnswer;
  /** The state of the list behind the answer. */
  readonly list: ListHealth;
  readonly index: ClosedDayIndex | undefined;
  readonly check: ListCheck | undefined;
  /** The live document behind the answer, and the read this call saw. */
  readonly live: CachedLive | undefined;
  /** The live override in force (its id), if any. */
  readonly liveOverrideId?: string;
  readonly nowMs: number;
  /** An unexpected failure the error boundary caught. */
  readonly error?: string;
}

/**
 * The one JSON object logged per call. It is also an embedded metric format document carrying the answer's data
 * metrics ({@link dataMetricsFor}), so the alarms see every call without a second line.
 */
export function callLogRecord(record: CallRecord): Record<string, unknown> {
  const { result, index, check } = record;
  const liveUnreadable = record.live?.unreadable ?? true;
  const degraded = result.dataStatus !== 'ok' || record.list !== 'ok' || liveUnreadable;
  const failedCheck = check !== undefined && (check.outcome === 'failed' || check.outcome === 'rejected');
  const line: Record<string, unknown> = {
    level: record.error !== undefined ? 'ERROR' : degraded || failedCheck ? 'WARN' : 'INFO',
    message: 'is-holiday answered',
    [SITE_DIMENSION]: record.siteName,
    contactId: record.contactId ?? null,
    isHoliday: result.isHoliday,
    closedReason: result.closedReason,
    holidayName: result.holidayName,
    dataStatus: result.dataStatus,
    answer: record.answer,
    liveOverride: result.liveOverride,
    liveOverrideId: record.liveOverrideId ?? null,
    nextOpen: result.nextOpen,
    liveRevision: record.live?.document.revision ?? null,
    listFetchedAt: index?.list.fetchedAt ?? null,
    listCoverage: index?.list.coverage ?? null,
  };
  if (check !== undefined) line.listCheck = check;
  if (record.live?.check !== undefined) line.liveCheck = record.live.check;
  if (record.error !== undefined) line.error = record.error;
  Object.assign(
    line,
    embeddedMetrics(record.siteName, dataMetricsFor(record.list, liveUnreadable), record.nowMs, {
      dimension: ANSWER_DIMENSION,
      value: record.answer,
      values: { [METRIC_NAMES.calls]: 1 },
    }),
  );
  return line;
}

function contactIdOf(event: ConnectContactFlowEvent | undefined): string | undefined {
  const contactId: unknown = event?.Details?.ContactData?.ContactId;
  return typeof contactId === 'string' ? contactId : undefined;
}

/**
 * Build the refresh handler: re-read the list while nobody waits, and report the data-quality metrics so the alarms
 * see a broken list even when no one calls.
 */
export function createRefreshHandler(dependencies: CheckerDependencies): RefreshHandler {
  const { list, live, settings, now, writeLine } = dependencies;
  return async () => {
    const [check, liveCopy] = await Promise.all([list.refresh(), live.refresh()]);
    const instant = now();
    const { list: health } = decide(list.held(), instant, settings);
    const index = list.held();
    const metrics: Record<string, number> = dataMetricsFor(health, liveCopy.unreadable);
    if (index !== undefined) metrics[METRIC_NAMES.holidayListAgeHours] = Math.max(0, Math.round((instant.getTime() - index.fetchedAtMs) / 360_000) / 10);
    writeLine(
      JSON.stringify({
        level: check.outcome === 'failed' || check.outcome === 'rejected' || health !== 'ok' || liveCopy.unreadable ? 'WARN' : 'INFO',
        message: 'holiday list refreshed',
        [SITE_DIMENSION]: settings.siteName,
        listCheck: check,
        listHealth: health,
        listFetchedAt: index?.list.fetchedAt ?? null,
        listCoverage: index?.list.coverage ?? null,
        liveCheck: liveCopy.check ?? null,
        liveRevision: liveCopy.document.revision,
        ...embeddedMetrics(settings.siteName, metrics, instant.getTime()),
      }),
    );
    return { refreshed: check.outcome, listHealth: health, liveOverrides: liveCopy.check?.outcome ?? 'unchanged' };
  };
}

/** Build the call handler. It always answers: a failure anywhere becomes the configured fallback. */
export function createIsHolidayHandler(dependencies: CheckerDependencies): IsHolidayHandler {
  const { list, live, settings, now, writeLine } = dependencies;
  // One per container: a closed night's calls share one search for the next opening.
  const memo = new NextOpeningMemo();
  return async (event) => {
    const contactId = contactIdOf(event);
    let cached: CachedList = { index: undefined };
    let liveCopy: CachedLive | undefined;
    let instant = new Date(Number.NaN);
    try {
      // Both reads at once: a cold start waits for the slower of the two, never their sum.
      [cached, liveCopy] = await Promise.all([list.current(), live.current()]);
      instant = now();
      const line = answerCall(
        { index: cached.index, live: liveCopy.document.overrides, weekly: settings.weekly, options: settings },
        instant,
        memo,
      );
      const { index, check } = cached;
      writeLine(
        JSON.stringify(
          callLogRecord({
            siteName: settings.siteName,
            contactId,
            result: line.result,
            answer: line.answer,
            list: line.list,
            index,
            check,
            live: liveCopy,
            ...(line.override === undefined ? {} : { liveOverrideId: line.override.id }),
            nowMs: instant.getTime(),
          }),
        ),
      );
      return line.result;
    } catch (error) {
      // The one error boundary: the cache and the decision do not throw for data problems, so this is a bug or
      // a broken environment. The caller still gets an answer, and the metric still counts it.
      const result = fallbackResult(settings.fallbackClosed);
      const message = errorLine(error);
      try {
        writeLine(
          JSON.stringify(
            callLogRecord({
              siteName: settings.siteName,
              contactId,
              result,
              answer: 'fallback',
              list: cached.index === undefined ? 'missing' : 'stale',
              index: cached.index,
              check: cached.check,
              live: liveCopy,
              nowMs: Number.isNaN(instant.getTime()) ? now().getTime() : instant.getTime(),
              error: message,
            }),
          ),
        );
      } catch {
        // Logging itself failed; the answer matters more than the line.
      }
      return result;
    }
  };
}
