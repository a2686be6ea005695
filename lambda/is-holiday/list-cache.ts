/**
 * The checker's in-memory holiday list: parsed and indexed once per change, revalidated at most once per interval.
 *
 * No SDK here: the store is a {@link HolidayListSource}, so the caching rules are tested against any source, and
 * the clock is injected, so "the interval has passed" is a plain assignment in a test.
 */
import { ClosedDayIndex, indexHolidayList } from '../shared/decision';
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

/** What a revalidation did; the handler folds it into the call's log line. */
export interface ListCheck {
  /**
   * `loaded`: a new list is in use. `unchanged`: 304, the cached list stays. `missing`: no object at the key.
   * `rejected`: the object is not a valid list of the supported version (the cached list, if any, stays).
   * `failed`: the store could not be read in time (the cached list, if any, stays).
   */
  readonly outcome: 'loaded' | 'unchanged' | 'missing' | 'rejected' | 'failed';
  /** Why a read was rejected or failed. */
  readonly detail?: string;
}

/** The list to answer from, and the revalidation this call ran, if it ran one. */
export interface CachedList {
  /** Undefined when no valid list has ever been read: the caller answers with the fallback. */
  readonly index: ClosedDayIndex | undefined;
  /** Present when this call ran (or waited for) a revalidation. */
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
  /** Epoch milliseconds now. */
  readonly clock: () => number;
}

/** The holiday list held between invocations of one Lambda container. */
export class HolidayListCache {
  private index: ClosedDayIndex | undefined;
  /** ETag of the last object examined, valid or not: a rejected object is not downloaded again until it changes. */
  private etag: string | undefined;
  private nextCheckAtMs = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<ListCheck> | undefined;

  constructor(
    private readonly source: HolidayListSource,
    private readonly options: ListCacheOptions,
  ) {}

  /** The list to answer from now; goes to the store only when the interval has passed. Never throws. */
  async current(): Promise<CachedList> {
    if (this.inFlight !== undefined) {
      // One fetch at a time. A caller that has a list to answer from does not queue behind it.
      if (this.index !== undefined) return { index: this.index };
      const check = await this.inFlight;
      return { index: this.index, check };
    }
    const nowMs = this.options.clock();
    if (nowMs < this.nextCheckAtMs) return { index: this.index };
    this.inFlight = this.revalidate(nowMs);
    try {
      const check = await this.inFlight;
      return { index: this.index, check };
    } finally {
      this.inFlight = undefined;
    }
  }

  private async revalidate(startedAtMs: number): Promise<ListCheck> {
    let check: ListCheck;
    try {
      check = this.apply(await this.source.fetch(this.etag));
    } catch (error) {
      check = { outcome: 'failed', detail: describe(error) };
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

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
