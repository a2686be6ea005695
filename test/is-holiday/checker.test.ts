/**
 * The checker's call path against a real S3-compatible server on loopback: caching, revalidation, outages and bad
 * data. The clock is the test's, so "five minutes later" is an assignment, never a sleep.
 */
import { createServer, Server, Socket } from 'node:net';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createIsHolidayHandler, createRefreshHandler, IsHolidayHandler, RefreshHandler } from '../../lambda/is-holiday/checker';
import { HolidayListCache, HolidayListSource, ListFetchResult } from '../../lambda/is-holiday/list-cache';
import { LIVE_CACHE_TIMING, LiveOverridesCache } from '../../lambda/is-holiday/live-cache';
import { LIVE_OVERRIDES_KEY } from '../../lambda/shared/live-overrides';
import { WEEKDAY_HOURS } from './fixtures';
import {
  CHECKER_S3_CLIENT_CONFIG,
  CHECKER_S3_LIMITS,
  HolidayListReadError,
  s3HolidayListSource,
} from '../../lambda/is-holiday/s3-list-source';
import { METRIC_NAMES, METRICS_NAMESPACE } from '../../lambda/shared/metrics';
import { LocalS3, startLocalS3 } from '../support/local-s3';
import {
  CALLER_NUMBER,
  contactFlowEvent,
  day,
  holidayList,
  ManualClock,
  recordRequests,
  SentRequest,
} from './fixtures';

const BUCKET = 'holiday-lists';
const KEY = 'example-support/holiday-list.json';
const MINUTE = 60_000;
const REVALIDATE_MS = 5 * MINUTE;
const EMPTY_RETRY_MS = 30_000;
// 2026-11-23 (勤労感謝の日) at 10:00 JST.
const HOLIDAY_MORNING = '2026-11-23T01:00:00.000Z';

let s3: LocalS3;

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
});

afterAll(async () => {
  await s3.dispose();
});

beforeEach(async () => {
  await s3.restart();
  await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: KEY }));
});

async function store(body: unknown): Promise<void> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: text, ContentType: 'application/json' }));
}

/** One container's worth of checker: its own client, cache, clock and log. */
interface Container {
  readonly handler: IsHolidayHandler;
  readonly refresh: RefreshHandler;
  readonly cache: HolidayListCache;
  readonly clock: ManualClock;
  readonly sent: SentRequest[];
  readonly lines: Record<string, unknown>[];
  readonly raw: string[];
  readonly client: S3Client;
  readonly liveClient: S3Client;
}

const containers: Container[] = [];
afterEach(() => {
  for (const container of containers.splice(0)) {
    container.client.destroy();
    container.liveClient.destroy();
  }
});

// The production limits (250 ms connect, 1 s request, 1.5 s deadline) are the subject of their own test below; here
// a loaded machine must never turn a good local read into a timeout, so the same client gets generous ones.
const ROOMY_CLIENT_CONFIG = {
  maxAttempts: CHECKER_S3_CLIENT_CONFIG.maxAttempts,
  requestHandler: { connectionTimeout: 15_000, requestTimeout: 15_000 },
};

function coldContainer(options: { fallbackClosed?: boolean; at?: string; source?: HolidayListSource } = {}): Container {
  const client = new S3Client({ ...s3.clientConfig, ...ROOMY_CLIENT_CONFIG });
  const sent = recordRequests(client);
  const clock = new ManualClock(Date.parse(options.at ?? HOLIDAY_MORNING));
  const source = options.source ?? s3HolidayListSource(client, { bucket: BUCKET, key: KEY, deadlineMs: 30_000 });
  const cache = new HolidayListCache(source, {
    revalidateMs: REVALIDATE_MS,
    emptyRetryMs: EMPTY_RETRY_MS,
    clock: clock.now,
  });
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  // The live document has its own client, so the request counts below are the holiday list's alone
  // (test/is-holiday/live-overrides.test.ts counts the live reads).
  const liveClient = new S3Client({ ...s3.clientConfig, ...ROOMY_CLIENT_CONFIG });
  const live = new LiveOverridesCache(s3HolidayListSource(liveClient, { bucket: BUCKET, key: LIVE_OVERRIDES_KEY, deadlineMs: 30_000 }), {
    ...LIVE_CACHE_TIMING,
    clock: clock.now,
  });
  const dependencies = {
    list: cache,
    live,
    settings: {
      siteName: 'example-support',
      timeZone: 'Asia/Tokyo',
      maxAgeMs: 10 * 86_400_000,
      fallbackClosed: options.fallbackClosed ?? false,
      builtin: { closures: [{ from: '12-29', to: '01-03', reason: '年末年始' }], statutoryCorrections: [] },
      weekly: WEEKDAY_HOURS,
    },
    now: clock.date,
    writeLine: (line: string) => {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  const container = {
    handler: createIsHolidayHandler(dependencies),
    refresh: createRefreshHandler(dependencies),
    cache,
    clock,
    sent,
    lines,
    raw,
    client,
    liveClient,
  };
  containers.push(container);
  return container;
}

const NO_LIVE = { liveOverride: '', liveReason: '' };
const OK_HOLIDAY = {
  isHoliday: 'true',
  closedReason: 'holiday',
  holidayName: '勤労感謝の日',
  dataStatus: 'ok',
  ...NO_LIVE,
  nextOpen: '次の受付は11月24日(火)9時からです。',
};
// With no list, the built-in calendar still knows 勤労感謝の日.
const BUILTIN_HOLIDAY = { ...OK_HOLIDAY, dataStatus: 'builtin' };
const OPEN_OK = { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus: 'ok', ...NO_LIVE, nextOpen: '' };

describe('caching and revalidation', () => {
  test('the first call loads the list; later calls make no request until the interval has passed', async () => {
    await store(holidayList());
    const { handler, cache, clock, sent, lines } = coldContainer();

    expect(await handler(contactFlowEvent('c-1'))).toEqual(OK_HOLIDAY);
    expect(sent).toEqual([{ method: 'GET', path: expect.stringContaining('holiday-list.json'), ifNoneMatch: undefined }]);
    expect(lines[0]).toMatchObject({ contactId: 'c-1', listCheck: { outcome: 'loaded', mode: 'awaited' }, dataStatus: 'ok' });

    const firstReadAt = clock.now();
    for (let call = 0; call < 50; call += 1) {
      clock.advance(5_000);
      expect(await handler(contactFlowEvent(`c-${call + 2}`))).toEqual(OK_HOLIDAY);
    }
    clock.set(new Date(firstReadAt + REVALIDATE_MS - 1).toISOString());
    expect(await handler(contactFlowEvent('c-52'))).toEqual(OK_HOLIDAY);
    await cache.settled();
    expect(sent).toHaveLength(1);
    expect(lines.slice(1).some((line) => 'listCheck' in line)).toBe(false);

    clock.advance(1); // exactly one interval after the first read: a read starts behind this call
    expect(await handler(contactFlowEvent('c-53'))).toEqual(OK_HOLIDAY);
    await cache.settled();
    expect(sent).toHaveLength(2);
    // The revalidation is conditional, and an unchanged list is a 304: nothing transferred, nothing re-parsed.
    expect(sent[1]?.ifNoneMatch).toMatch(/^"[0-9a-f]+"$/);
    // Its outcome is reported with the next call's answer.
    expect(lines.at(-1)).not.toHaveProperty('listCheck');
    await handler(contactFlowEvent('c-54'));
    expect(lines.at(-1)).toMatchObject({ contactId: 'c-54', listCheck: { outcome: 'unchanged', mode: 'behind' } });
  });

  test('a caller never waits for a revalidation while a list is held: the held list answers, the read runs behind', async () => {
    let release: (result: ListFetchResult) => void = () => undefined;
    let reads = 0;
    const body = JSON.stringify(holidayList());
    const source: HolidayListSource = {
      fetch: async () => {
        reads += 1;
        if (reads === 1) return { kind: 'changed', body, etag: '"v1"' };
        // The second read hangs until the test lets it finish.
        return new Promise<ListFetchResult>((resolve) => (release = resolve));
      },
    };
    const { handler, cache, clock } = coldContainer({ source });
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    clock.advance(REVALIDATE_MS);
    // The store is stuck, yet these calls are answered at once from the held list.
    for (let call = 0; call < 5; call += 1) expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    expect(reads).toBe(2);
    release({ kind: 'changed', body: JSON.stringify(holidayList({ days: [] })), etag: '"v2"' });
    await cache.settled();
    expect(await handler(contactFlowEvent())).toEqual(OPEN_OK);
  });

  test('a changed object is picked up by the read behind the first call after the interval', async () => {
    await store(holidayList());
    const { handler, cache, clock, sent } = coldContainer();
    await handler(contactFlowEvent());

    await store(holidayList({ days: [day('2026-11-23', '臨時休業', 'closure')] }));
    clock.advance(REVALIDATE_MS - 1);
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    await cache.settled();
    expect(sent).toHaveLength(1);

    clock.advance(1);
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    await cache.settled();
    expect(await handler(contactFlowEvent())).toEqual({
      ...OK_HOLIDAY,
      closedReason: 'closure',
      holidayName: '臨時休業',
    });
    expect(sent).toHaveLength(2);
  });

  test('calls arriving while the first read is under way share it', async () => {
    await store(holidayList());
    const { handler, sent } = coldContainer();
    const answers = await Promise.all([1, 2, 3].map((n) => handler(contactFlowEvent(`c-${n}`))));
    expect(answers).toEqual([OK_HOLIDAY, OK_HOLIDAY, OK_HOLIDAY]);
    expect(sent).toHaveLength(1);
  });

  test('S3 stopped mid-run: answers from the held list, tries again only at the next interval', async () => {
    await store(holidayList());
    const { handler, cache, clock, sent, lines } = coldContainer();
    await handler(contactFlowEvent());
    await s3.stop();

    clock.advance(REVALIDATE_MS);
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    await cache.settled();
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    expect(lines.at(-1)).toMatchObject({ level: 'WARN', listCheck: { outcome: 'failed', mode: 'behind' } });
    const attemptsAfterFailure = sent.length;
    expect(attemptsAfterFailure).toBeLessThanOrEqual(1 + CHECKER_S3_LIMITS.maxAttempts);

    for (let call = 0; call < 20; call += 1) {
      clock.advance(10_000);
      expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    }
    await cache.settled();
    expect(sent).toHaveLength(attemptsAfterFailure);

    await s3.restart();
    clock.advance(REVALIDATE_MS);
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    await cache.settled();
    await handler(contactFlowEvent());
    expect(lines.at(-1)).toMatchObject({ listCheck: { outcome: 'unchanged' } });
  });

  test('a read behind a call that outlived a frozen container is "interrupted" and started again at the next call', async () => {
    let reads = 0;
    let fail: (error: Error) => void = () => undefined;
    const body = JSON.stringify(holidayList());
    const source: HolidayListSource = {
      fetch: async () => {
        reads += 1;
        if (reads === 1) return { kind: 'changed', body, etag: '"v1"' };
        if (reads === 2) return new Promise<ListFetchResult>((_resolve, reject) => (fail = reject));
        return { kind: 'unchanged' };
      },
    };
    const { handler, cache, clock, lines } = coldContainer({ source });
    await handler(contactFlowEvent());
    clock.advance(REVALIDATE_MS);
    await handler(contactFlowEvent());
    // Lambda froze the container after that answer; ten minutes later the next call thaws it and the read's
    // deadline fires at once.
    clock.advance(10 * 60_000);
    fail(new Error('no answer within 1500 ms'));
    await cache.settled();
    await handler(contactFlowEvent());
    expect(lines.at(-1)).toMatchObject({ listCheck: { outcome: 'interrupted', mode: 'behind' } });
    // Not an outage: a new read starts behind this very call, not an interval later.
    await cache.settled();
    expect(reads).toBe(3);
  });

  test('a held list outlives its object being deleted, and a rewritten object is read again', async () => {
    await store(holidayList());
    const { handler, cache, clock } = coldContainer();
    await handler(contactFlowEvent());
    await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: KEY }));
    clock.advance(REVALIDATE_MS);
    await handler(contactFlowEvent());
    await cache.settled();
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);

    await store(holidayList({ days: [] }));
    clock.advance(REVALIDATE_MS);
    await handler(contactFlowEvent());
    await cache.settled();
    expect(await handler(contactFlowEvent())).toEqual(OPEN_OK);
  });
});

describe('the refresh schedule', () => {
  test('re-reads the list whatever the interval, waits for it, and reports the data metrics', async () => {
    await store(holidayList());
    const { handler, refresh, clock, sent, lines } = coldContainer();
    await expect(refresh()).resolves.toEqual({ refreshed: 'loaded', listHealth: 'ok', liveOverrides: 'missing' });
    // The call after a refresh finds the list held: no read, no wait.
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    expect(sent).toHaveLength(1);

    await store(holidayList({ days: [] }));
    clock.advance(60_000); // well inside the interval
    await expect(refresh()).resolves.toEqual({ refreshed: 'loaded', listHealth: 'ok', liveOverrides: 'missing' });
    expect(await handler(contactFlowEvent())).toEqual(OPEN_OK);
    expect(lines.filter((line) => line.message === 'holiday list refreshed')).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'holiday list refreshed',
      listCheck: { outcome: 'loaded', mode: 'awaited' },
      listHealth: 'ok',
      [METRIC_NAMES.holidayListUnavailable]: 0,
      [METRIC_NAMES.holidayListStale]: 0,
    });
    // A refresh is not a call: no contact, no answer in its line.
    expect(lines[0]).not.toHaveProperty('contactId');
    expect(lines[0]).not.toHaveProperty('isHoliday');
  });

  test('with no list anywhere, a refresh at night reports HolidayListUnavailable 1 although nobody called', async () => {
    const { refresh, lines } = coldContainer();
    await expect(refresh()).resolves.toEqual({ refreshed: 'missing', listHealth: 'missing', liveOverrides: 'missing' });
    expect(lines[0]).toMatchObject({ level: 'WARN', [METRIC_NAMES.holidayListUnavailable]: 1, [METRIC_NAMES.holidayListStale]: 0 });
  });
});

describe('never drops a call', () => {
  test('cold start with S3 stopped: the built-in calendar answers (statutory day and name), marked builtin', async () => {
    await store(holidayList());
    await s3.stop();
    const { handler, sent, lines } = coldContainer();
    expect(await handler(contactFlowEvent())).toEqual(BUILTIN_HOLIDAY);
    expect(sent.length).toBeLessThanOrEqual(CHECKER_S3_LIMITS.maxAttempts);
    expect(lines[0]).toMatchObject({ listCheck: { outcome: 'failed' }, [METRIC_NAMES.holidayListUnavailable]: 1 });
  });

  test.each([
    [
      'a company closure from the configuration',
      '2026-12-30T01:00:00Z',
      { isHoliday: 'true', closedReason: 'closure', holidayName: '年末年始', dataStatus: 'builtin', ...NO_LIVE, nextOpen: '次の受付は1月4日(月)9時からです。' },
    ],
    ['an ordinary weekday', '2026-11-24T01:00:00Z', { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus: 'builtin', ...NO_LIVE, nextOpen: '' }],
    // The second source names this substitute after こどもの日 where the feed says 憲法記念日: only dates are cross-checked.
    [
      '振替休日',
      '2026-05-06T01:00:00Z',
      { isHoliday: 'true', closedReason: 'holiday', holidayName: 'こどもの日 振替休日', dataStatus: 'builtin', ...NO_LIVE, nextOpen: '次の受付は5月7日(木)9時からです。' },
    ],
  ])('cold start with S3 stopped, %s', async (_case, at, expected) => {
    await s3.stop();
    const { handler } = coldContainer({ at });
    expect(await handler(contactFlowEvent())).toEqual(expected);
  });

  test.each([
    // 2051-03-02 is a Thursday, 10:00: open by the weekly hours, so no "next opening" sentence.
    [false, { isHoliday: 'false', closedReason: '', holidayName: '', dataStatus: 'unavailable', ...NO_LIVE, nextOpen: '' }],
    [true, { isHoliday: 'true', closedReason: 'holiday', holidayName: '', dataStatus: 'unavailable', ...NO_LIVE, nextOpen: '' }],
  ])('beyond the built-in calendar\'s years with no list, the configured fallback answers (fallbackClosed %s)', async (fallbackClosed, expected) => {
    await s3.stop();
    const { handler, lines } = coldContainer({ fallbackClosed, at: '2051-03-02T01:00:00Z' });
    expect(await handler(contactFlowEvent())).toEqual(expected);
    expect(lines[0]).toMatchObject({ [METRIC_NAMES.holidayListUnavailable]: 1 });
  });

  test('with no list held it retries after the short empty-retry period, then recovers', async () => {
    await store(holidayList());
    await s3.stop();
    const { handler, clock, sent } = coldContainer();
    await handler(contactFlowEvent());
    const attempts = sent.length;

    clock.advance(EMPTY_RETRY_MS - 1);
    expect(await handler(contactFlowEvent())).toEqual(BUILTIN_HOLIDAY);
    expect(sent).toHaveLength(attempts);

    await s3.restart();
    clock.advance(1);
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
  });

  test('no object at the key yet: the built-in calendar, then the list once the fetcher has written it', async () => {
    const { handler, clock, lines } = coldContainer();
    expect(await handler(contactFlowEvent())).toEqual(BUILTIN_HOLIDAY);
    expect(lines[0]).toMatchObject({ listCheck: { outcome: 'missing' } });

    await store(holidayList());
    clock.advance(EMPTY_RETRY_MS);
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
  });

  test.each([
    ['corrupt JSON', '{"formatVersion":1,"days":[', /not JSON/],
    ['an unknown format version', JSON.stringify(holidayList({ formatVersion: 2 as 1 })), /unsupported formatVersion 2/],
    ['a malformed day', JSON.stringify({ ...holidayList(), days: [{ date: '2026-11-23' }] }), /days\[0\]/],
  ])('%s with nothing held: the built-in calendar, and the bad object is not downloaded again', async (_what, body, reason) => {
    await store(body);
    const { handler, clock, sent, lines } = coldContainer();
    expect(await handler(contactFlowEvent())).toEqual(BUILTIN_HOLIDAY);
    expect(lines[0]).toMatchObject({ level: 'WARN', listCheck: { outcome: 'rejected' } });
    expect((lines[0]?.listCheck as { detail: string }).detail).toMatch(reason);

    // Next try: a conditional GET naming the bad object's ETag, so it is a 304, not another download.
    clock.advance(EMPTY_RETRY_MS);
    expect(await handler(contactFlowEvent())).toEqual(BUILTIN_HOLIDAY);
    expect(sent[1]?.ifNoneMatch).toBeDefined();
    expect(lines[1]).toMatchObject({ listCheck: { outcome: 'unchanged' } });

    await store(holidayList());
    clock.advance(EMPTY_RETRY_MS);
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
  });

  test('a corrupt replacement does not displace a good held list', async () => {
    await store(holidayList());
    const { handler, cache, clock, lines } = coldContainer();
    await handler(contactFlowEvent());
    await store('not json at all');
    clock.advance(REVALIDATE_MS);
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    await cache.settled();
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
    expect(lines.at(-1)).toMatchObject({ listCheck: { outcome: 'rejected' } });
  });

  test.each([
    ['its coverage ended before today: the built-in calendar answers', { coverage: { from: '2025-01-01', to: '2026-11-22' } }, 'builtin'],
    ['it is older than the maximum age: it answers, marked stale', { fetchedAt: '2026-11-01T00:00:00.000Z' }, 'stale'],
    ['it is dated in the future (a broken clock): it answers, marked stale', { fetchedAt: '2026-11-23T02:00:00.000Z' }, 'stale'],
    ['it was written for another time zone: it answers, marked stale', { timeZone: 'America/New_York' }, 'stale'],
  ])('a stale list when %s', async (_what, overrides, dataStatus) => {
    await store(holidayList({ ...overrides, days: [day('2026-11-23', '勤労感謝の日', 'holiday')] }));
    const { handler, lines } = coldContainer();
    expect(await handler(contactFlowEvent())).toEqual({ ...OK_HOLIDAY, dataStatus });
    expect(lines[0]).toMatchObject({ level: 'WARN', [METRIC_NAMES.holidayListStale]: 1, [METRIC_NAMES.holidayListUnavailable]: 0 });
  });

  test('a list dated a few seconds ahead (clock skew between hosts) is still fresh', async () => {
    await store(holidayList({ fetchedAt: '2026-11-23T01:00:30.000Z' }));
    const { handler } = coldContainer();
    expect(await handler(contactFlowEvent())).toEqual(OK_HOLIDAY);
  });
});

describe('the answer stays small and speakable, whoever wrote the list', () => {
  test.each([
    ['a 60 KB name', 'あ'.repeat(60_000), 'あ'.repeat(100)],
    ['control and invisible characters', '\u0007勤労\u200b感謝\u202eの日\u0000', '勤労 感謝 の日'],
    ['a name of control characters only', '\u0001\u0002\t\n', '祝日'],
    ['an empty name', '', '祝日'],
  ])('%s', async (_case, name, spoken) => {
    await store(holidayList({ days: [day('2026-11-23', name, 'holiday')] }));
    const { handler } = coldContainer();
    const answer = await handler(contactFlowEvent());
    expect(answer).toEqual({ ...OK_HOLIDAY, holidayName: spoken });
    // Connect refuses answers over 32 KB; this one is bounded by the 100-character cap.
    expect(Buffer.byteLength(JSON.stringify(answer))).toBeLessThan(1024);
  });
});

describe('log lines', () => {
  test('one JSON line per call, with the contact ID and the decision, never the caller number', async () => {
    await store(holidayList());
    const { handler, raw, lines } = coldContainer();
    for (const id of ['c-a', 'c-b', 'c-c']) await handler(contactFlowEvent(id));
    expect(raw).toHaveLength(3);
    expect(lines.map((line) => line.contactId)).toEqual(['c-a', 'c-b', 'c-c']);
    expect(lines[1]).toMatchObject({ level: 'INFO', Site: 'example-support', isHoliday: 'true', dataStatus: 'ok' });
    for (const line of raw) expect(line).not.toContain(CALLER_NUMBER.slice(1));
    // An "ok" answer reports both data metrics as 0, so a firing alarm returns to OK.
    for (const line of lines) {
      expect(line).toMatchObject({ [METRIC_NAMES.holidayListUnavailable]: 0, [METRIC_NAMES.holidayListStale]: 0 });
    }
  });

  const nothingStored = async (): Promise<void> => undefined;
  const staleStored = (): Promise<void> => store(holidayList({ fetchedAt: '2026-01-01T00:00:00.000Z' }));
  test.each([
    ['unavailable', METRIC_NAMES.holidayListUnavailable, METRIC_NAMES.holidayListStale, nothingStored],
    ['stale', METRIC_NAMES.holidayListStale, METRIC_NAMES.holidayListUnavailable, staleStored],
  ])('a %s answer is an embedded-metric-format document: %s 1, %s 0', async (_status, metric, other, prepare) => {
    await prepare();
    const { handler, clock, lines } = coldContainer();
    await handler(contactFlowEvent());
    expect(lines[0]).toEqual(
      expect.objectContaining({
        _aws: {
          Timestamp: clock.now(),
          CloudWatchMetrics: [
            {
              Namespace: METRICS_NAMESPACE,
              Dimensions: [['Site']],
              Metrics: expect.arrayContaining([
                { Name: metric, Unit: 'Count' },
                { Name: other, Unit: 'Count' },
                { Name: METRIC_NAMES.liveOverridesUnreadable, Unit: 'Count' },
              ]),
            },
            // Calls by answer: the site and the answer as dimensions (the dashboard's graph).
            { Namespace: METRICS_NAMESPACE, Dimensions: [['Site', 'Answer']], Metrics: [{ Name: METRIC_NAMES.calls, Unit: 'Count' }] },
          ],
        },
        Site: 'example-support',
        Answer: 'holiday',
        [METRIC_NAMES.calls]: 1,
        [metric]: 1,
        [other]: 0,
        [METRIC_NAMES.liveOverridesUnreadable]: 0,
      }),
    );
  });
});

describe('the S3 read deadline', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers: S3 "up" but stuck.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  test('a store that never answers fails the read with HolidayListReadError, and the caller gets the fallback', async () => {
    const address = silent.address() as { port: number };
    const client = new S3Client({ ...s3.clientConfig, ...CHECKER_S3_CLIENT_CONFIG, endpoint: `http://127.0.0.1:${address.port}` });
    const source = s3HolidayListSource(client, { bucket: BUCKET, key: KEY, deadlineMs: 200 });
    try {
      await expect(source.fetch(undefined)).rejects.toThrow(HolidayListReadError);
      await expect(source.fetch(undefined)).rejects.toThrow(/no answer within 200 ms/);
      const cache = new HolidayListCache(source, { revalidateMs: REVALIDATE_MS, emptyRetryMs: EMPTY_RETRY_MS, clock: Date.now });
      // The production client limits are what the handler uses.
      expect(CHECKER_S3_CLIENT_CONFIG).toEqual({ maxAttempts: 2, requestHandler: { connectionTimeout: 250, requestTimeout: 1000 } });
      expect(await cache.current()).toMatchObject({ index: undefined, check: { outcome: 'failed' } });
    } finally {
      client.destroy();
    }
  });
});
