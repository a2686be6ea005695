/**
 * The checker's in-memory holiday list: parsed and indexed once per change, revalidated at most once per interval.
 *
 * No SDK here: the store is a {@link HolidayListSource}, so the caching rules are tested against any source, and
 * the clock is injected, so "the interval has passed" is a plain assignment in a test.
 */
import { ClosedDayIndex, indexHolidayList } from '../shared/decision';
import { errorLine } from '../shared/errors';
import { HolidayListFormatError, parseHolidayList } from '../shared/holiday-list';

/** What one conditional read of the stored list found. */
export type ListFetchResult =
  /** The stored object still has the ETag we sent: nothing was transferred. */
  | { readonly kind: 'unchanged' }
  /** The object differs from the ETag we sent (or we sent none): its body and new ETag. */
  | { readonly kind: 'changed'; readonly body: string; readonly etag: string | undefined }
  /** There is no object at the key (the fetcher has not written one yet, or it was deleted). */
  | { readonly kind: 'missing' };

/** Where the stored list is read from. Implementations throw on any failure other than "missing". */
export interface HolidayListSource {
  /** Read the list unless its ETag still equals `ifNoneMatch`. */
  fetch(ifNoneMatch: string | undefined): Promise<ListFetchResult>;
}

/** What a revalidation did; the handler folds it into a call's log line. */
export interface ListCheck {
  /**
   * `loaded`: a new list is in use. `unchanged`: 304, the cached list stays. `missing`: no object at the key.
   * `rejected`: the object is not a valid list of the supported version (the cached list, if any, stays).
   * `failed`: the store could not be read in time (the cached list, if any, stays).
   * `interrupted`: a read started behind a call outlived the invocation (Lambda froze the container before the
   * answer came); it proves nothing about the store, so the next call starts another.
   */
  readonly outcome: 'loaded' | 'unchanged' | 'missing' | 'rejected' | 'failed' | 'interrupted';
  /** Why a read was rejected, failed or interrupted. */
  readonly detail?: string;
  /** `behind`: started by an earlier call that did not wait for it; `awaited`: the call (or refresh) waited. */
  readonly mode?: 'behind' | 'awaited';
}

/** The list to answer from, and the revalidation this call ran or learnt the result of. */
export interface CachedList {
  /** Undefined when no valid list has ever been read: the caller answers from the built-in calendar. */
  readonly index: ClosedDayIndex | undefined;
  /** Present when this call ran (or waited for) a revalidation, or one started behind an earlier call finished. */
  readonly check?: ListCheck;
}

/** How often the cache goes back to the store. */
export interface ListCacheOptions {
  /** Revalidate a held list at most this often. */
  readonly revalidateMs: number;
  /**
   * Retry this often while no list is held. Shorter than `revalidateMs` so a container that started during an
   * outage (or before the first fetch) recovers soon, yet a dead store costs one bounded wait per period, not
   * one per caller.
   */
  readonly emptyRetryMs: number;
  /**
   * A read behind a call that took longer than this (wall clock) spanned a frozen container, not a slow store.
   * @default 5000 (over three times the S3 read deadline)
   */
  readonly frozenAfterMs?: number;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
}

/**
 * The holiday list held between invocations of one Lambda container.
 *
 * A caller never waits for a revalidation while a list is held: the held list answers and the revalidation runs
 * behind it. Lambda freezes a container as soon as the handler returns, so a read behind a quiet line's call
 * usually finishes (or times out) only when the next call thaws it; {@link refresh}, which the stack's refresh
 * schedule invokes outside any call, is what keeps a quiet line's list current. Only a container with no list at
 * all (a cold start) makes its caller wait, bounded by the store's deadline, because it has nothing better.
 */
export class HolidayListCache {
  private index: ClosedDayIndex | undefined;
  /** ETag of the last object examined, valid or not: a rejected object is not downloaded again until it changes. */
  private etag: string | undefined;
  private nextCheckAtMs = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<ListCheck> | undefined;
  /** The outcome of a read behind an earlier call, reported with the next call's answer. */
  private finishedBehind: ListCheck | undefined;

  constructor(
    private readonly source: HolidayListSource,
    private readonly options: ListCacheOptions,
  ) {}

  /** The list to answer from now. Goes to the store only when the interval has passed; never throws. */
  async current(): Promise<CachedList> {
    const nowMs = this.options.clock();
    if (this.index !== undefined) {
      if (this.inFlight === undefined && nowMs >= this.nextCheckAtMs) this.startBehind(nowMs);
      const check = this.finishedBehind;
      this.finishedBehind = undefined;
      return check === undefined ? { index: this.index } : { index: this.index, check };
    }
    // Nothing held: nothing to answer from but the built-in calendar, so this caller waits (one read at a time).
    if (nowMs < this.nextCheckAtMs && this.inFlight === undefined) return { index: undefined };
    const check = await (this.inFlight ?? this.track(this.revalidate(nowMs)));
    return { index: this.index, check: { ...check, mode: 'awaited' } };
  }

  /**
   * Revalidate now, whatever the interval, and wait for the outcome: for the refresh schedule, where nobody is on
   * the line. Joins a read already under way rather than starting a second one.
   */
  async refresh(): Promise<ListCheck> {
    await this.settled();
    return { ...(await this.track(this.revalidate(this.options.clock()))), mode: 'awaited' };
  }

  /** The held list, without touching the store. */
  held(): ClosedDayIndex | undefined {
    return this.index;
  }

  /** Resolves once no read is under way (a read behind a call included); for tests and the refresh handler. */
  async settled(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight;
  }

  private startBehind(startedAtMs: number): void {
    const behind = this.revalidate(startedAtMs).then((check): ListCheck => {
      const frozen = this.options.clock() - startedAtMs > (this.options.frozenAfterMs ?? 5000);
      if (check.outcome === 'failed' && frozen) {
        // A freeze, not an outage: try again at the next call instead of waiting out the interval.
        this.nextCheckAtMs = Number.NEGATIVE_INFINITY;
        this.finishedBehind = { outcome: 'interrupted', ...(check.detail === undefined ? {} : { detail: check.detail }), mode: 'behind' };
      } else {
        this.finishedBehind = { ...check, mode: 'behind' };
      }
      return this.finishedBehind;
    });
    void this.track(behind);
  }

  private async track(revalidation: Promise<ListCheck>): Promise<ListCheck> {
    this.inFlight = revalidation;
    try {
      return await revalidation;
    } finally {
      if (this.inFlight === revalidation) this.inFlight = undefined;
    }
  }

  private async revalidate(startedAtMs: number): Promise<ListCheck> {
    let check: ListCheck;
    try {
      check = this.apply(await this.source.fetch(this.etag));
    } catch (error) {
      check = { outcome: 'failed', detail: errorLine(error) };
    }
    // Counted from the start, so two reads are never closer than the interval; a failure waits like a success.
    this.nextCheckAtMs =
      startedAtMs + (this.index === undefined ? this.options.emptyRetryMs : this.options.revalidateMs);
    return check;
  }

  private apply(result: ListFetchResult): ListCheck {
    switch (result.kind) {
      case 'unchanged':
        return { outcome: 'unchanged' };
      case 'missing':
        // Keep answering from a held list (it turns stale by age on its own); forget the ETag so a list
        // written again later is read even if its ETag matches the old one.
        this.etag = undefined;
        return { outcome: 'missing' };
      case 'changed':
        this.etag = result.etag;
        try {
          this.index = indexHolidayList(parseHolidayList(result.body));
          return { outcome: 'loaded' };
        } catch (error) {
          if (error instanceof HolidayListFormatError) return { outcome: 'rejected', detail: error.message };
          throw error;
        }
    }
  }
}
