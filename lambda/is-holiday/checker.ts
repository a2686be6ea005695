/**
 * The checker's call path: held list → the shared decision → one log line (with the metric when the data was
 * not "ok"). Everything it depends on is a parameter, so tests drive it with their own store, clock and output.
 */
import type { ConnectContactFlowEvent } from 'aws-lambda';
import type { BuiltinCalendar } from '../shared/builtin-calendar';
import { CheckerResult, ClosedDayIndex, decide, fallbackResult, ListHealth } from '../shared/decision';
import { embeddedMetrics, METRIC_NAMES, SITE_DIMENSION } from '../shared/metrics';
import type { CachedList, ListCheck } from './list-cache';
import type { RefreshAnswer } from './refresh-event';

/** The parts of the settings the call path reads. */
export interface CallSettings {
  readonly siteName: string;
  readonly timeZone: string;
  readonly maxAgeMs: number;
  readonly fallbackClosed: boolean;
  /** The site's closures and statutory corrections, for answers without a list. */
  readonly builtin: BuiltinCalendar;
}

/** What the call path needs from the world. */
export interface CheckerDependencies {
  /** The held list (see HolidayListCache). */
  readonly list: {
    current(): Promise<CachedList>;
    refresh(): Promise<ListCheck>;
    held(): ClosedDayIndex | undefined;
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
export function dataMetricsFor(list: ListHealth): Record<string, number> {
  return {
    [METRIC_NAMES.holidayListUnavailable]: list === 'missing' ? 1 : 0,
    [METRIC_NAMES.holidayListStale]: list === 'stale' ? 1 : 0,
  };
}

/** Everything one call's log line reports. */
export interface CallRecord {
  readonly siteName: string;
  /** The contact's ID; never the caller's number. */
  readonly contactId: string | undefined;
  readonly result: CheckerResult;
  /** The state of the list behind the answer. */
  readonly list: ListHealth;
  readonly index: ClosedDayIndex | undefined;
  readonly check: ListCheck | undefined;
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
  const degraded = result.dataStatus !== 'ok' || record.list !== 'ok';
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
    listFetchedAt: index?.list.fetchedAt ?? null,
    listCoverage: index?.list.coverage ?? null,
  };
  if (check !== undefined) line.listCheck = check;
  if (record.error !== undefined) line.error = record.error;
  Object.assign(line, embeddedMetrics(record.siteName, dataMetricsFor(record.list), record.nowMs));
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
  const { list, settings, now, writeLine } = dependencies;
  return async () => {
    const check = await list.refresh();
    const instant = now();
    const { list: health } = decide(list.held(), instant, settings);
    const index = list.held();
    writeLine(
      JSON.stringify({
        level: check.outcome === 'failed' || check.outcome === 'rejected' || health !== 'ok' ? 'WARN' : 'INFO',
        message: 'holiday list refreshed',
        [SITE_DIMENSION]: settings.siteName,
        listCheck: check,
        listHealth: health,
        listFetchedAt: index?.list.fetchedAt ?? null,
        listCoverage: index?.list.coverage ?? null,
        ...embeddedMetrics(settings.siteName, dataMetricsFor(health), instant.getTime()),
      }),
    );
    return { refreshed: check.outcome, listHealth: health };
  };
}

/** Build the call handler. It always answers: a failure anywhere becomes the configured fallback. */
export function createIsHolidayHandler(dependencies: CheckerDependencies): IsHolidayHandler {
  const { list, settings, now, writeLine } = dependencies;
  return async (event) => {
    const contactId = contactIdOf(event);
    let cached: CachedList = { index: undefined };
    let instant = new Date(Number.NaN);
    try {
      cached = await list.current();
      instant = now();
      const { result, list: health } = decide(cached.index, instant, settings);
      const { index, check } = cached;
      writeLine(
        JSON.stringify(
          callLogRecord({
            siteName: settings.siteName,
            contactId,
            result,
            list: health,
            index,
            check,
            nowMs: instant.getTime(),
          }),
        ),
      );
      return result;
    } catch (error) {
      // The one error boundary: the cache and the decision do not throw for data problems, so this is a bug or
      // a broken environment. The caller still gets an answer, and the metric still counts it.
      const result = fallbackResult(settings.fallbackClosed);
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      try {
        writeLine(
          JSON.stringify(
            callLogRecord({
              siteName: settings.siteName,
              contactId,
              result,
              list: cached.index === undefined ? 'missing' : 'stale',
              index: cached.index,
              check: cached.check,
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
