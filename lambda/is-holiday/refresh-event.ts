/**
 * The event the stack's refresh schedule sends the checker: "re-read the holiday list now", outside any call, so
 * callers never wait for a read and a quiet line's list still stays current (see HolidayListCache).
 */

/** The payload of the refresh schedule's invocations. */
export const REFRESH_EVENT = { source: 'connect-after-hours', action: 'refresh-holiday-list' } as const;

/** What the checker returns to the refresh schedule. */
export interface RefreshAnswer {
  /** The outcome of the read (see ListCheck). */
  readonly refreshed: string;
  /** The state of the held list afterwards. */
  readonly listHealth: string;
  /** The outcome of the live override document's read. */
  readonly liveOverrides: string;
}

/** True for the refresh schedule's event (a contact flow event never has these members). */
export function isRefreshEvent(event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const { source, action } = event as { source?: unknown; action?: unknown };
  return source === REFRESH_EVENT.source && action === REFRESH_EVENT.action;
}
