/**
 * The checker's copy of the live override document, fresh enough that a change reaches calls within a minute.
 *
 * Unlike the holiday list (where a held list always answers at once), a live closure must not wait for a quiet
 * container's next refresh: a call whose copy was last confirmed longer ago than `maxAgeMs` waits for a conditional
 * read (a 304 in tens of milliseconds), bounded by the store's deadline. A copy younger than that answers at once and
 * is revalidated behind the call once `revalidateMs` has passed. A missing document is a valid state (no overrides);
 * a damaged one never replaces a good copy. No SDK: the store is a {@link HolidayListSource}; the clock is injected.
 */
import { EMPTY_LIVE_OVERRIDES, LiveOverrideDocument, LiveOverridesFormatError, parseLiveOverrides } from '../shared/live-overrides';
import type { HolidayListSource, ListFetchResult } from './list-cache';
import { errorLine } from '../shared/errors';

/** What one read of the live document did; folded into the call's log line. */
export interface LiveCheck {
  /** `loaded` a new revision; `unchanged` 304; `missing` no document (no overrides); `rejected` damaged; `failed` unreadable. */
  readonly outcome: 'loaded' | 'unchanged' | 'missing' | 'rejected' | 'failed';
  readonly detail?: string;
  readonly mode: 'behind' | 'awaited';
}

/** The copy to answer from. */
export interface CachedLive {
  readonly document: LiveOverrideDocument;
  /** True while the store cannot be read, or holds a damaged document: the copy may be out of date. */
  readonly unreadable: boolean;
  /** The read this call ran, waited for, or learnt the result of. */
  readonly check?: LiveCheck;
}

/** How fresh the copy is kept. */
export interface LiveCacheOptions {
  /** Revalidate behind a call once the copy was confirmed longer ago than this. */
  readonly revalidateMs: number;
  /** A call waits for a read once the copy was confirmed longer ago than this: the promise "within a minute". */
  readonly maxAgeMs: number;
  /** After a failed read, calls do not wait again for this long (a dead store costs one wait per period). */
  readonly failureBackoffMs: number;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
}

/**
 * The checker's timing: revalidate behind calls after 20 s; a call waits for a read once the copy is 55 s old (so a
 * change made at any moment reaches every call placed a minute later, the read's own time included); a dead store
 * makes one call wait per 10 s.
 */
export const LIVE_CACHE_TIMING = { revalidateMs: 20_000, maxAgeMs: 55_000, failureBackoffMs: 10_000 } as const;

/** How long a call may wait for the live document: a 304 takes tens of milliseconds in-Region. */
export const LIVE_READ_DEADLINE_MS = 1000;

/** A read behind a call that took longer than this (wall clock) spanned a frozen container, not a slow store. */
const FROZEN_AFTER_MS = 5 * LIVE_READ_DEADLINE_MS;

/** The live document held between invocations of one Lambda container. */
export class LiveOverridesCache {
  private document: LiveOverrideDocument = EMPTY_LIVE_OVERRIDES;
  private etag: string | undefined;
  /** When the store last answered (the copy is the store's state as of then). */
  private confirmedAtMs = Number.NEGATIVE_INFINITY;
  private noWaitUntilMs = Number.NEGATIVE_INFINITY;
  private unreadable = false;
  /** The object last examined (its ETag held) was damaged: a 304 for it leaves the copy unreadable. */
  private damaged = false;
  private inFlight: Promise<LiveCheck> | undefined;
  private finishedBehind: LiveCheck | undefined;

  constructor(
    private readonly source: HolidayListSource,
    private readonly options: LiveCacheOptions,
  ) {}

  /** The copy to answer from now; never throws. */
  async current(): Promise<CachedLive> {
    const nowMs = this.options.clock();
    const age = nowMs - this.confirmedAtMs;
    if (age >= this.options.maxAgeMs && nowMs >= this.noWaitUntilMs) {
      let check = await (this.inFlight ?? this.track(this.read('awaited')));
      // A read joined here may have started long before this call (behind an earlier call, then frozen with the
      // container): it tells the store's state as of its start, so wait for a fresh one unless the store just failed.
      if (nowMs - this.confirmedAtMs >= this.options.maxAgeMs && this.options.clock() >= this.noWaitUntilMs) {
        check = await (this.inFlight ?? this.track(this.read('awaited')));
      }
      return { document: this.document, unreadable: this.unreadable, check: { ...check, mode: 'awaited' } };
    }
    if (age >= this.options.revalidateMs && this.inFlight === undefined) {
      void this.track(this.read('behind')).then((check) => {
        this.finishedBehind = check;
      });
    }
    const check = this.finishedBehind;
    this.finishedBehind = undefined;
    return check === undefined ? { document: this.document, unreadable: this.unreadable } : { document: this.document, unreadable: this.unreadable, check };
  }

  /** Read now and wait (the refresh schedule); joins a read under way. */
  async refresh(): Promise<CachedLive> {
    while (this.inFlight !== undefined) await this.inFlight;
    const check = await this.track(this.read('awaited'));
    return { document: this.document, unreadable: this.unreadable, check };
  }

  /** The held copy, without touching the store. */
  held(): LiveOverrideDocument {
    return this.document;
  }

  /** Resolves once no read is under way; for tests. */
  async settled(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight;
  }

  private async track(read: Promise<LiveCheck>): Promise<LiveCheck> {
    this.inFlight = read;
    try {
      return await read;
    } finally {
      if (this.inFlight === read) this.inFlight = undefined;
    }
  }

  private async read(mode: LiveCheck['mode']): Promise<LiveCheck> {
    const startedAtMs = this.options.clock();
    let result: ListFetchResult;
    try {
      result = await this.source.fetch(this.etag);
    } catch (error) {
      const detail = errorLine(error);
      // Outlived a frozen container (its deadline fired on thaw): says nothing about the store, so no backoff.
      if (mode === 'behind' && this.options.clock() - startedAtMs > FROZEN_AFTER_MS) return { outcome: 'failed', detail: `interrupted: ${detail}`, mode };
      this.unreadable = true;
      this.noWaitUntilMs = this.options.clock() + this.options.failureBackoffMs;
      return { outcome: 'failed', detail, mode };
    }
    // The store's state is known as of the moment the read started.
    this.confirmedAtMs = startedAtMs;
    switch (result.kind) {
      case 'unchanged':
        // The store answers again: readable, unless the object it still holds is the damaged one.
        this.unreadable = this.damaged;
        return { outcome: 'unchanged', mode };
      case 'missing':
        this.document = EMPTY_LIVE_OVERRIDES;
        this.etag = undefined;
        this.unreadable = false;
        this.damaged = false;
        return { outcome: 'missing', mode };
      case 'changed':
        this.etag = result.etag;
        try {
          this.document = parseLiveOverrides(result.body);
          this.unreadable = false;
          this.damaged = false;
          return { outcome: 'loaded', mode };
        } catch (error) {
          if (!(error instanceof LiveOverridesFormatError)) throw error;
          // Keep the copy held; the ETag is kept, so the damaged object is not downloaded again until it changes.
          this.unreadable = true;
          this.damaged = true;
          return { outcome: 'rejected', detail: error.message, mode };
        }
    }
  }
}
