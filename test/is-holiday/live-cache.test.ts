/**
 * The checker's copy of the live override document against a real S3-compatible server on loopback: a change
 * reaches calls within a minute, damage and outages never change what callers hear, and a quiet container's frozen
 * read does not answer for today. The clock is the test's: "55 seconds later" is an assignment, never a sleep.
 */
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createIsHolidayHandler } from '../../lambda/is-holiday/checker';
import { HolidayListCache, HolidayListSource, ListFetchResult } from '../../lambda/is-holiday/list-cache';
import { CachedLive, LIVE_CACHE_TIMING, LiveOverridesCache } from '../../lambda/is-holiday/live-cache';
import { CHECKER_S3_CLIENT_CONFIG, HolidayListReadError, s3HolidayListSource } from '../../lambda/is-holiday/s3-list-source';
import {
  addLiveOverride,
  clearLiveOverride,
  EMPTY_LIVE_OVERRIDES,
  LIVE_OVERRIDES_KEY,
  LiveOverrideDocument,
  serializeLiveOverrides,
} from '../../lambda/shared/live-overrides';
import { ANSWER_DIMENSION, METRIC_NAMES } from '../../lambda/shared/metrics';
import { LocalS3, startLocalS3 } from '../support/local-s3';
import { contactFlowEvent, holidayList, ManualClock, recordRequests, SentRequest, WEEKDAY_HOURS } from './fixtures';

const BUCKET = 'live-store';
const LIST_KEY = 'example-support/holiday-list.json';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
// The promise to ops, stated here independently of the code: revalidate behind calls after 20 s, make a call wait
// for a read once the copy is 55 s old (so a change reaches every call placed a minute later), back off 10 s.
const REVALIDATE_MS = 20 * SECOND;
const MAX_AGE_MS = 55 * SECOND;
const BACKOFF_MS = 10 * SECOND;
const PROMISE_MS = 60 * SECOND;
// Tuesday 2026-11-24, 10:00 in Tokyo: an ordinary business hour.
const TUESDAY_MORNING = Date.parse('2026-11-24T01:00:00.000Z');

const OPS = 'arn:aws:iam::111122223333:user/ops';
/** Revision 1: a closure 10:00-14:00 Tokyo for a typhoon. */
const CLOSED = addLiveOverride(
  EMPTY_LIVE_OVERRIDES,
  { kind: 'close', from: new Date(TUESDAY_MORNING), until: new Date(TUESDAY_MORNING + 4 * HOUR), reason: '台風の接近のため' },
  { by: OPS, now: new Date(TUESDAY_MORNING - 10 * MINUTE), newId: 'typhoon' },
).document;
/** Revision 2: the closure cleared. */
const CLEARED = clearLiveOverride(CLOSED, 'typhoon', { by: OPS, now: new Date(TUESDAY_MORNING - 5 * MINUTE) }).document;

let s3: LocalS3;

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
});

afterAll(async () => {
  await s3.dispose();
});

beforeEach(async () => {
  await s3.restart();
  await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY }));
});

async function store(document: LiveOverrideDocument | string): Promise<void> {
  const body = typeof document === 'string' ? document : serializeLiveOverrides(document);
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY, Body: body, ContentType: 'application/json' }));
}

async function storedEtag(): Promise<string | undefined> {
  return (await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY }))).ETag;
}

// A loaded machine must never turn a good local read into a timeout: generous limits, the production attempts.
const ROOMY_CLIENT_CONFIG = {
  maxAttempts: CHECKER_S3_CLIENT_CONFIG.maxAttempts,
  requestHandler: { connectionTimeout: 15_000, requestTimeout: 15_000 },
};

/** One container's copy of the live document: its own client (whose requests are counted), clock and cache. */
interface Reader {
  readonly cache: LiveOverridesCache;
  readonly clock: ManualClock;
  readonly sent: SentRequest[];
  readonly client: S3Client;
}

const clients: S3Client[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

function newClient(): S3Client {
  const client = new S3Client({ ...s3.clientConfig, ...ROOMY_CLIENT_CONFIG });
  clients.push(client);
  return client;
}

function reader(wrap: (source: HolidayListSource) => HolidayListSource = (source) => source): Reader {
  const client = newClient();
  const sent = recordRequests(client);
  const clock = new ManualClock(TUESDAY_MORNING);
  const source = wrap(s3HolidayListSource(client, { bucket: BUCKET, key: LIVE_OVERRIDES_KEY, deadlineMs: 30_000 }));
  const cache = new LiveOverridesCache(source, { ...LIVE_CACHE_TIMING, clock: clock.now });
  return { cache, clock, sent, client };
}

/** A call that did not wait for the store: answered from the copy, with at most a read behind an earlier call. */
function answeredAtOnce(copy: CachedLive): boolean {
  return copy.check === undefined || copy.check.mode === 'behind';
}

test('the checker uses the promised timing', () => {
  expect(LIVE_CACHE_TIMING).toEqual({ revalidateMs: REVALIDATE_MS, maxAgeMs: MAX_AGE_MS, failureBackoffMs: BACKOFF_MS });
});

describe('freshness', () => {
  test('the first call waits for the document and loads it', async () => {
    await store(CLOSED);
    const { cache, sent } = reader();
    expect(await cache.current()).toEqual({ document: CLOSED, unreadable: false, check: { outcome: 'loaded', mode: 'awaited' } });
    expect(sent).toEqual([{ method: 'GET', path: expect.stringContaining(LIVE_OVERRIDES_KEY), ifNoneMatch: undefined }]);
  });

  test('calls within 20 s of the read make no request', async () => {
    await store(CLOSED);
    const { cache, clock, sent } = reader();
    await cache.current();
    for (const at of [1, 5_000, 10_000, 15_000, REVALIDATE_MS - 1]) {
      clock.set(new Date(TUESDAY_MORNING + at).toISOString());
      expect(await cache.current()).toEqual({ document: CLOSED, unreadable: false });
    }
    await cache.settled();
    expect(sent).toHaveLength(1);
  });

  test.each([REVALIDATE_MS, 37 * SECOND, MAX_AGE_MS - 1])(
    '%i ms after the read, a call answers from the copy and revalidates behind it; the next call sees the change',
    async (after) => {
      await store(CLOSED);
      const { cache, clock, sent } = reader();
      await cache.current();
      await store(CLEARED);
      clock.advance(after);
      expect(await cache.current()).toEqual({ document: CLOSED, unreadable: false });
      await cache.settled();
      expect(sent).toHaveLength(2);
      expect(sent[1]?.ifNoneMatch).toMatch(/^"[0-9a-f]+"$/);
      clock.advance(1);
      expect(await cache.current()).toEqual({ document: CLEARED, unreadable: false, check: { outcome: 'loaded', mode: 'behind' } });
      // A call waits only once the copy is 55 s old, and that copy is fresh again.
      expect(sent).toHaveLength(2);
    },
  );

  test('55 s after the copy was confirmed, a call waits for the store and sees a change written meanwhile', async () => {
    await store(CLOSED);
    const { cache, clock, sent } = reader();
    await cache.current();
    await store(CLEARED);
    clock.advance(MAX_AGE_MS);
    expect(await cache.current()).toEqual({ document: CLEARED, unreadable: false, check: { outcome: 'loaded', mode: 'awaited' } });
    // Unchanged since: the next wait is a 304, nothing downloaded.
    clock.advance(MAX_AGE_MS);
    expect(await cache.current()).toEqual({ document: CLEARED, unreadable: false, check: { outcome: 'unchanged', mode: 'awaited' } });
    expect(sent.map((request) => request.ifNoneMatch === undefined)).toEqual([true, false, false]);
  });

  // Calls every `gap` ms, the change written at a moment that falls anywhere between two of them: every call placed a
  // minute or more after the change sees it, with each read finishing between calls.
  test.each([SECOND, 7 * SECOND, REVALIDATE_MS - 1, REVALIDATE_MS, 33 * SECOND, MAX_AGE_MS - 1, MAX_AGE_MS, PROMISE_MS - 1, 61 * SECOND, 10 * MINUTE])(
    'calls every %i ms: every call a minute after the change sees it',
    async (gap) => {
      await store(CLOSED);
      const { cache, clock } = reader();
      await cache.current();
      const changeAt = TUESDAY_MORNING + 100 * SECOND + 1;
      let changed = false;
      let checkedAfterPromise = 0;
      for (let next = TUESDAY_MORNING + gap; checkedAfterPromise < 3; next += gap) {
        if (!changed && changeAt <= next) {
          clock.set(new Date(changeAt).toISOString());
          await store(CLEARED);
          changed = true;
        }
        clock.set(new Date(next).toISOString());
        const copy = await cache.current();
        await cache.settled();
        if (next - changeAt >= PROMISE_MS) {
          expect({ at: next - changeAt, revision: copy.document.revision }).toEqual({ at: next - changeAt, revision: CLEARED.revision });
          checkedAfterPromise += 1;
        }
      }
    },
  );
});

describe('a quiet container frozen with a read under way', () => {
  /** A source whose reads the test holds once `hold` is set: the container is frozen there. */
  function freezable() {
    const state: {
      holding: boolean;
      thaw: (outcome: 'answer' | 'deadline') => void;
      fetched: Promise<void>;
    } = { holding: false, thaw: () => undefined, fetched: Promise.resolve() };
    const wrap = (real: HolidayListSource): HolidayListSource => ({
      async fetch(ifNoneMatch): Promise<ListFetchResult> {
        if (!state.holding) return real.fetch(ifNoneMatch);
        state.holding = false;
        let fetched: () => void = () => undefined;
        state.fetched = new Promise<void>((resolve) => (fetched = resolve));
        // The answer arrives before the freeze and waits in the socket; or none arrives and the deadline fires on thaw.
        const answer = await real.fetch(ifNoneMatch);
        fetched();
        const outcome = await new Promise<'answer' | 'deadline'>((resolve) => (state.thaw = resolve));
        if (outcome === 'deadline') throw new HolidayListReadError('no answer within 1000 ms');
        return answer;
      },
    });
    return { state, wrap };
  }

  test('a read that started before the change does not answer a call placed a minute after it', async () => {
    await store(CLOSED);
    const { state, wrap } = freezable();
    const { cache, clock } = reader(wrap);
    await cache.current();
    clock.advance(25 * SECOND);
    state.holding = true;
    await cache.current(); // starts a read behind it; Lambda freezes the container as soon as the answer is out
    await state.fetched; // the store answered (unchanged) before the change below

    await store(CLEARED);
    clock.advance(2 * MINUTE);
    const call = cache.current(); // the next call thaws the container and joins the read under way
    state.thaw('answer');
    const copy = await call;
    expect(copy.document).toEqual(CLEARED);
    expect(copy.check).toMatchObject({ mode: 'awaited' });
  });

  test('a read whose deadline fired on thaw is not an outage: the call waits for a new read', async () => {
    await store(CLOSED);
    const { state, wrap } = freezable();
    const { cache, clock } = reader(wrap);
    await cache.current();
    clock.advance(25 * SECOND);
    state.holding = true;
    await cache.current();
    await state.fetched;

    await store(CLEARED);
    clock.advance(2 * MINUTE);
    state.thaw('deadline'); // on thaw the timer runs first
    await cache.settled();
    const copy = await cache.current();
    expect(copy).toEqual({ document: CLEARED, unreadable: false, check: { outcome: 'loaded', mode: 'awaited' } });
  });
});

describe('damage and outages never change what callers hear', () => {
  test.each([
    ['not JSON', '{"version":1,"revision":3,'],
    ['version 2', JSON.stringify({ ...CLEARED, version: 2 })],
    ['a reason with U+202E', JSON.stringify({ ...CLEARED, overrides: [{ ...CLEARED.overrides[0], reason: '台風\u202eのため' }] })],
    ['lastChange naming an unknown id', JSON.stringify({ ...CLEARED, lastChange: { ...CLEARED.lastChange, id: 'nope' } })],
  ])('a damaged document (%s) keeps the copy held, reads unreadable, and is not downloaded again until it changes', async (_case, text) => {
    await store(CLOSED);
    const { cache, clock, sent } = reader();
    await cache.current();

    await store(text);
    const damagedEtag = await storedEtag();
    clock.advance(MAX_AGE_MS);
    expect(await cache.current()).toEqual({
      document: CLOSED,
      unreadable: true,
      check: { outcome: 'rejected', detail: expect.any(String), mode: 'awaited' },
    });

    clock.advance(MAX_AGE_MS);
    expect(await cache.current()).toEqual({ document: CLOSED, unreadable: true, check: { outcome: 'unchanged', mode: 'awaited' } });
    // The conditional read named the damaged object: a 304, not a second download.
    expect(sent.at(-1)?.ifNoneMatch).toBe(damagedEtag);

    await store(CLEARED);
    clock.advance(MAX_AGE_MS);
    expect(await cache.current()).toEqual({ document: CLEARED, unreadable: false, check: { outcome: 'loaded', mode: 'awaited' } });
  });

  test('a damaged document at a cold start: no overrides, unreadable', async () => {
    await store('{"version":1,"revision":"3","overrides":[]}');
    const { cache } = reader();
    expect(await cache.current()).toEqual({
      document: EMPTY_LIVE_OVERRIDES,
      unreadable: true,
      check: { outcome: 'rejected', detail: expect.stringMatching(/revision/), mode: 'awaited' },
    });
  });

  test('S3 stopped: the held copy answers, unreadable; calls do not wait again within the backoff; recovery clears the flag', async () => {
    await store(CLOSED);
    const { cache, clock } = reader();
    await cache.current();
    await s3.stop();

    clock.advance(MAX_AGE_MS);
    expect(await cache.current()).toEqual({
      document: CLOSED,
      unreadable: true,
      check: { outcome: 'failed', detail: expect.stringMatching(/HolidayListReadError/), mode: 'awaited' },
    });
    for (const step of [1, 3 * SECOND, 5 * SECOND, BACKOFF_MS - 1]) {
      clock.advance(step);
      const copy = await cache.current();
      expect(answeredAtOnce(copy)).toBe(true);
      expect(copy).toMatchObject({ document: CLOSED, unreadable: true });
      await cache.settled();
    }

    await s3.restart();
    clock.advance(BACKOFF_MS);
    // The store answers again (a 304: the document never changed): the copy is readable again.
    expect(await cache.current()).toEqual({ document: CLOSED, unreadable: false, check: { outcome: 'unchanged', mode: 'awaited' } });
  });

  test('a deleted document means no overrides; written again (the same bytes), it is read again', async () => {
    await store(CLOSED);
    const { cache, clock } = reader();
    await cache.current();
    await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY }));
    clock.advance(MAX_AGE_MS);
    expect(await cache.current()).toEqual({ document: EMPTY_LIVE_OVERRIDES, unreadable: false, check: { outcome: 'missing', mode: 'awaited' } });

    await store(CLOSED);
    clock.advance(MAX_AGE_MS);
    expect(await cache.current()).toEqual({ document: CLOSED, unreadable: false, check: { outcome: 'loaded', mode: 'awaited' } });
  });
});

describe('end to end with the checker', () => {
  test('a closure written to S3 reaches every call placed a minute later, logged as an emergency; a clear reopens the line', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: LIST_KEY, Body: JSON.stringify(holidayList()) }));
    const clock = new ManualClock(TUESDAY_MORNING);
    const list = new HolidayListCache(s3HolidayListSource(newClient(), { bucket: BUCKET, key: LIST_KEY, deadlineMs: 30_000 }), {
      revalidateMs: 5 * MINUTE,
      emptyRetryMs: 30 * SECOND,
      clock: clock.now,
    });
    const live = new LiveOverridesCache(s3HolidayListSource(newClient(), { bucket: BUCKET, key: LIVE_OVERRIDES_KEY, deadlineMs: 30_000 }), {
      ...LIVE_CACHE_TIMING,
      clock: clock.now,
    });
    const lines: Record<string, unknown>[] = [];
    const handler = createIsHolidayHandler({
      list,
      live,
      settings: {
        siteName: 'example-support',
        timeZone: 'Asia/Tokyo',
        maxAgeMs: 10 * 86_400_000,
        fallbackClosed: false,
        builtin: { closures: [], statutoryCorrections: [] },
        weekly: WEEKDAY_HOURS,
      },
      now: clock.date,
      writeLine: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const OPEN = { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus: 'ok', liveOverride: '', liveReason: '', nextOpen: '' };
    const EMERGENCY = { ...OPEN, liveOverride: 'close', liveReason: '台風の接近のため', nextOpen: '次の受付は11月24日(火)14時からです。' };

    /** Calls every 10 s from now until a minute and a half after `changeAt`; those a minute after it must get `expected`. */
    async function callsAfter(changeAt: number, expected: typeof OPEN): Promise<number> {
      let checked = 0;
      while (clock.now() < changeAt + PROMISE_MS + 30 * SECOND) {
        clock.advance(10 * SECOND);
        const answer = await handler(contactFlowEvent(`c-${clock.now()}`));
        await Promise.all([list.settled(), live.settled()]);
        if (clock.now() - changeAt >= PROMISE_MS) {
          expect(answer).toEqual(expected);
          checked += 1;
        }
      }
      return checked;
    }

    expect(await handler(contactFlowEvent('c-first'))).toEqual(OPEN);
    expect(lines[0]).toMatchObject({ answer: 'open', liveOverride: '', liveRevision: 0 });

    clock.advance(3 * SECOND);
    await store(CLOSED);
    expect(await callsAfter(clock.now(), EMERGENCY)).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatchObject({
      answer: 'emergency',
      [ANSWER_DIMENSION]: 'emergency',
      liveOverride: 'close',
      liveOverrideId: 'typhoon',
      liveRevision: 1,
      nextOpen: '次の受付は11月24日(火)14時からです。',
      [METRIC_NAMES.liveOverridesUnreadable]: 0,
    });

    clock.advance(7 * SECOND);
    await store(CLEARED);
    expect(await callsAfter(clock.now(), OPEN)).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatchObject({ answer: 'open', [ANSWER_DIMENSION]: 'open', liveOverride: '', liveOverrideId: null, liveRevision: 2 });
  });
});
