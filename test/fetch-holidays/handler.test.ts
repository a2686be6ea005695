/**
 * The fetcher handler end to end: the calendar from a real HTTP server on 127.0.0.1, the bucket on s3rver,
 * SNS through aws-sdk-client-mock (it has no local stand-in).
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { fetchCalendar } from '../../lambda/fetch-holidays/fetch-calendar';
import type { RefreshOutcome } from '../../lambda/fetch-holidays/refresh';
import { jsonLogger, LogRecord } from '../../lambda/shared/notice';
import {
  createHandler,
  FetcherEnvironment,
  fetcherEnvironment,
  parseHolidayPolicy,
  startOverrideSync,
} from '../../lambda/fetch-holidays/wiring';
import { parseHolidayList } from '../../lambda/shared/holiday-list';
import { LocalS3, startLocalS3 } from '../support/local-s3';
import { CalendarServer, fixture, serveCalendar, startCalendarServer, testPolicy } from './support';

const BUCKET = 'holiday-lists';
const KEY = 'holidays/list.json';
const TOPIC = 'arn:aws:sns:ap-northeast-1:111122223333:after-hours-alerts';
const GOOGLE = fixture('google-2025-2027.ics');

let s3: LocalS3;
let server: CalendarServer;
let client: S3Client;
const sns = mockClient(SNSClient);
let logs: LogRecord[];

function environment(overrides: Partial<FetcherEnvironment['policy']> = {}, key = KEY, bucket = BUCKET): FetcherEnvironment {
  return {
    bucket,
    listKey: key,
    alertTopicArn: TOPIC,
    siteName: 'test-site',
    policy: testPolicy({
      calendarUrl: server.https('/feed'),
      // Generous, so a loaded machine never turns a good answer into a timeout.
      fetch: { timeoutMs: 15_000, maxBytes: 200_000, attempts: 2 },
      ...overrides,
    }),
  };
}

function handlerAt(instant: string, env = environment(), s3Client: S3Client = client) {
  return createHandler(
    {
      s3: s3Client,
      sns: new SNSClient({ region: 'ap-northeast-1' }),
      // The real fetch against the real server (through the test transport); only the backoff wait is skipped.
      fetchCalendar: (url, limits) =>
        fetchCalendar(url, limits, {
          ...server.fetchOptions,
          sleep: async () => undefined,
          onRetry: ({ attempt, cause }) => void logs.push({ level: 'warn', event: 'fetch-retry', attempt, cause }),
        }),
      log: (record) => void logs.push(record),
      clock: () => new Date(instant),
    },
    env,
  );
}

async function stored(key = KEY) {
  const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return {
    etag: head.ETag,
    lastModified: head.LastModified?.toISOString(),
    contentType: head.ContentType,
    body: await object.Body?.transformToString(),
  };
}

async function exists(key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

function published(): Array<{ subject: string; message: string }> {
  return sns.commandCalls(PublishCommand).map((call) => ({
    subject: call.args[0].input.Subject ?? '',
    message: call.args[0].input.Message ?? '',
  }));
}

let keyCounter = 0;
/** A fresh key holding the list the Google fixture gives on 2026-11-14 (a week before "today"). */
async function seededKey(): Promise<string> {
  keyCounter += 1;
  const key = `sites/site-${keyCounter}/list.json`;
  server.route('/feed', serveCalendar(GOOGLE));
  await handlerAt('2026-11-14T00:00:00Z', environment({}, key))();
  sns.resetHistory();
  logs = [];
  return key;
}

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  client = s3.client;
  server = await startCalendarServer();
});

afterAll(async () => {
  await server.close();
  await s3.dispose();
});

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  logs = [];
});

describe('a good calendar', () => {
  test('first run: writes the list as application/json and e-mails what it created', async () => {
    server.route('/feed', serveCalendar(GOOGLE));
    const outcome = await handlerAt('2026-11-21T00:00:00Z', environment({}, 'first/list.json'))();
    expect(outcome).toMatchObject({ action: 'written', notified: true, coverage: { from: '2025-01-01', to: '2027-12-31' } });
    const object = await stored('first/list.json');
    expect(object.contentType).toBe('application/json');
    const list = parseHolidayList(object.body ?? '');
    expect(list).toMatchObject({ sourceUrl: server.https('/feed'), fetchedAt: '2026-11-21T00:00:00.000Z', timeZone: 'Asia/Tokyo' });
    expect(list.days.find((day) => day.date === '2026-12-25')).toEqual({ date: '2026-12-25', name: 'クリスマス', kind: 'observance', closed: false });
    const [mail, ...more] = published();
    expect(more).toEqual([]);
    expect(mail?.subject).toBe('[test-site] 祝日リストを作成しました (2025-01-01〜2027-12-31)');
    expect(mail?.message).toContain('対象期間: 2025-01-01〜2027-12-31');
    expect(mail?.message).toContain('  2026-11-23 (月) 勤労感謝の日 [祝日・休業]');
    expect(mail?.message).toContain('  2026-12-29 (火) 年末年始 [会社休業・休業]');
    // Open observances are not "closed days ahead".
    expect(mail?.message).not.toContain('クリスマス');
  });

  test('an unchanged calendar writes nothing and sends nothing', async () => {
    const key = await seededKey();
    const before = await stored(key);
    // Six days after the stored fetch: younger than rewriteUnchangedAfterDays (7).
    const outcome = await handlerAt('2026-11-20T00:00:00Z', environment({}, key))();
    expect(outcome).toEqual({ action: 'unchanged', notified: false, coverage: { from: '2025-01-01', to: '2027-12-31' }, added: 0, removed: 0 });
    expect(await stored(key)).toEqual(before);
    expect(published()).toEqual([]);
  });

  test('an unchanged list older than rewriteUnchangedAfterDays is rewritten silently (fresh fetchedAt)', async () => {
    const key = await seededKey();
    const before = await stored(key);
    const outcome = await handlerAt('2026-11-21T00:00:01Z', environment({ rewriteUnchangedAfterDays: 7 }, key))();
    expect(outcome.action).toBe('refreshed');
    const after = await stored(key);
    expect(after.etag).not.toBe(before.etag);
    expect(parseHolidayList(after.body ?? '').fetchedAt).toBe('2026-11-21T00:00:01.000Z');
    expect(parseHolidayList(after.body ?? '').days).toEqual(parseHolidayList(before.body ?? '').days);
    expect(published()).toEqual([]);
  });

  test('a law change confirmed in statutoryCorrections is written and the difference e-mailed with names', async () => {
    const key = await seededKey();
    // 2027's 成人の日 moves from 01-11 to 01-18 (a made-up law change the second source does not know yet, so the
    // admin confirms both dates); a new observance appears.
    const changed = GOOGLE.replace('DTSTART;VALUE=DATE:20270111\r\nDTEND;VALUE=DATE:20270112', 'DTSTART;VALUE=DATE:20270118\r\nDTEND;VALUE=DATE:20270119')
      .replaceAll('SUMMARY:七夕', 'SUMMARY:七夕まつり');
    server.route('/feed', serveCalendar(changed));
    const statutoryCorrections = [
      { date: '2027-01-11', statutory: false, reason: '成人の日の移動' },
      { date: '2027-01-18', statutory: true, reason: '成人の日の移動' },
    ];
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({}, key))()).rejects.toThrow(/on 2 statutory day\(s\)/);
    sns.resetHistory();
    const outcome = await handlerAt('2026-11-21T00:00:00Z', environment({ statutoryCorrections }, key))();
    expect(outcome).toMatchObject({ action: 'written', notified: true });
    const list = parseHolidayList((await stored(key)).body ?? '');
    expect(list.days.filter((day) => day.name === '成人の日').map((day) => day.date)).toEqual(['2025-01-13', '2026-01-12', '2027-01-18']);
    const [mail, ...more] = published();
    expect(more).toEqual([]);
    expect(mail?.subject).toBe('[test-site] 祝日リストを更新しました (追加 2 件・削除 2 件)');
    expect(mail?.message).toContain('追加 (2 件):\n  2027-01-18 (月) 成人の日 [祝日・休業]\n  2027-07-07 (水) 七夕まつり [行事・営業]');
    expect(mail?.message).toContain('削除 (2 件):\n  2027-01-11 (月) 成人の日 [祝日・休業]\n  2027-07-07 (水) 七夕 [行事・営業]');
    // The 2025 and 2026 renames are before today: counted, not listed.
    expect(mail?.message).toContain('今日より前の日付の変更 4 件は省略しました。');
  });

  test('500 then 200: retried, then stored', async () => {
    let calls = 0;
    server.route('/feed', (_req, res, hit) => {
      calls += 1;
      if (calls === 1) res.writeHead(500).end();
      else serveCalendar(GOOGLE)(_req, res, hit);
    });
    const before = server.hits('/feed');
    const outcome = await handlerAt('2026-11-21T00:00:00Z', environment({}, 'retry/list.json'))();
    expect(outcome.action).toBe('written');
    expect(server.hits('/feed') - before).toBe(2);
    expect(await exists('retry/list.json')).toBe(true);
  });

  test('a redirect is followed', async () => {
    server.route('/feed', (_req, res) => void res.writeHead(302, { location: '/feed-moved' }).end());
    server.route('/feed-moved', serveCalendar(GOOGLE));
    const outcome = await handlerAt('2026-11-21T00:00:00Z', environment({}, 'redirect/list.json'))();
    expect(outcome.action).toBe('written');
    expect(parseHolidayList((await stored('redirect/list.json')).body ?? '').sourceUrl).toBe(server.https('/feed'));
  });

  test('a corrupt stored list is replaced, and the e-mail says so', async () => {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'corrupt/list.json', Body: '{"formatVersion":1,' }));
    server.route('/feed', serveCalendar(GOOGLE));
    const outcome = await handlerAt('2026-11-21T00:00:00Z', environment({}, 'corrupt/list.json'))();
    expect(outcome.action).toBe('written');
    expect(published()[0]?.message).toMatch(/保存されていたリストは読めない状態でした \(HolidayListFormatError: not JSON: .*\)。新しいリストで置き換えました。/);
    expect(logs.some((record) => record.event === 'stored-list-corrupt')).toBe(true);
  });
});

describe('a bad calendar leaves the stored list untouched and sends one alert', () => {
  const huge = 'BEGIN:VCALENDAR\r\n' + 'X-FILLER:'.padEnd(1000, 'x').concat('\r\n').repeat(300);

  test.each([
    ['500 on every attempt', (_req: never, res: { writeHead(s: number): { end(): void } }) => void res.writeHead(500).end(), '取得エラー', /詳細: calendar\.example\.com answered HTTP 500 \(after 2 attempts\)/],
    ['a huge body', serveCalendar(huge), '取得エラー', /詳細: calendar at calendar\.example\.com is larger than 200000 bytes/],
    ['an HTML sign-in page with 200', serveCalendar(fixture('bad-html-sign-in.ics'), 'text/html'), '内容の検査で不合格', /詳細: not an iCalendar document \(an HTML page: \d+ bytes, served as text\/html\)/],
    ['a truncated calendar', serveCalendar(fixture('bad-truncated.ics')), '内容の検査で不合格', /詳細: calendar is truncated/],
    ['an empty calendar', serveCalendar(fixture('bad-empty.ics')), '内容の検査で不合格', /詳細: calendar has no events/],
    ['timed events in New York', serveCalendar(fixture('bad-timed-new-york.ics')), '内容の検査で不合格', /詳細: calendar has no all-day events/],
    [
      'a year of implausibly few holidays',
      serveCalendar(GOOGLE.replace(/BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026(0[2-9]|1)[\s\S]*?END:VEVENT\r\n/g, '')),
      '内容の検査で不合格',
      /詳細: implausible number of statutory holidays in 2026: 2 \(expected 14-24\)/,
    ],
  ])('%s', async (_case, route, subjectCause, detail) => {
    const key = await seededKey();
    const before = await stored(key);
    server.route('/feed', route as never);
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({}, key))()).rejects.toThrow();
    expect(await stored(key)).toEqual(before);
    const [alert, ...more] = published();
    expect(more).toEqual([]);
    expect(alert?.subject).toBe(`[test-site] 祝日リストの更新に失敗: ${subjectCause}`);
    expect(alert?.message).toMatch(detail);
    expect(alert?.message).toContain('保持: 保存中のリスト (対象期間 2025-01-01〜2027-12-31、2026-11-14T00:00:00.000Z 取得) をそのまま使い続けます。');
    expect(alert?.message).toContain(`カレンダー: ${server.https('/feed')}`);
    expect(alert?.message).toContain('日時: 2026-11-21 09:00 (Asia/Tokyo)');
    expect(logs.filter((record) => record.event === 'refresh-failed')).toHaveLength(1);
    // The alerted failure is counted (embedded metric format) so the fetcher-failure alarm does not e-mail it again.
    const alerted = logs.filter((record) => record.event === 'failure-alerted');
    expect(alerted).toHaveLength(1);
    expect(alerted[0]).toMatchObject({
      Site: 'test-site',
      HolidayFetchFailureAlerted: 1,
      _aws: {
        Timestamp: Date.parse('2026-11-21T00:00:00Z'),
        CloudWatchMetrics: [
          { Namespace: 'ConnectAfterHours', Dimensions: [['Site']], Metrics: [{ Name: 'HolidayFetchFailureAlerted', Unit: 'Count' }] },
        ],
      },
    });
  });

  test('with no list yet, the alert says so and nothing is created', async () => {
    server.route('/feed', serveCalendar(fixture('bad-empty.ics')));
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({}, 'never/list.json'))()).rejects.toThrow('calendar has no events');
    expect(await exists('never/list.json')).toBe(false);
    expect(published()[0]?.message).toContain('保持: まだリストがありません (no list yet)。');
  });

  test('a server that never answers: each attempt times out, the retry is logged, the list stays', async () => {
    const key = await seededKey();
    const before = await stored(key);
    server.route('/feed', () => undefined);
    const env = environment({ fetch: { timeoutMs: 300, maxBytes: 200_000, attempts: 2 } }, key);
    await expect(handlerAt('2026-11-21T00:00:00Z', env)()).rejects.toThrow(/within 300 ms \(after 2 attempts\)/);
    expect(await stored(key)).toEqual(before);
    expect(logs.filter((record) => record.event === 'fetch-retry')).toEqual([
      { level: 'warn', event: 'fetch-retry', attempt: 1, cause: 'no complete answer from calendar.example.com within 300 ms' },
    ]);
    expect(published().map((mail) => mail.subject)).toEqual(['[test-site] 祝日リストの更新に失敗: 取得エラー']);
  });

  test('a feed that stops early would lose closed days: refused, naming each one', async () => {
    const key = await seededKey();
    const before = await stored(key);
    // The feed stops in August 2027: the statutory days it still has agree with the second source, but five closed
    // days of the stored list within the next 400 days would vanish.
    server.route('/feed', serveCalendar(GOOGLE.replace(/BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2027(09|1)[\s\S]*?END:VEVENT\r\n/g, '')));
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({}, key))()).rejects.toThrow(
      /^5 closed day\(s\) within the next 400 days would disappear: 2027-09-20 敬老の日 \(holiday\), 2027-09-23 秋分の日 \(holiday\), 2027-10-11 スポーツの日 \(holiday\), 2027-11-03 文化の日 \(holiday\), 2027-11-23 勤労感謝の日 \(holiday\); if they really are business days now, list their dates in holidays\.allowRemoval$/,
    );
    expect(await stored(key)).toEqual(before);
    const [alert, ...more] = published();
    expect(more).toEqual([]);
    expect(alert?.subject).toBe('[test-site] 祝日リストの更新に失敗: 休業日の消失');
    expect(alert?.message).toContain('消える休業日 (5 日):\n  2027-09-20 (月) 敬老の日 [祝日・休業]\n  2027-09-23 (木) 秋分の日 [祝日・休業]');
    expect(alert?.message).toContain('holidays.allowRemoval');
  });

  test('one closed day vanishing is refused too, whatever share of the list it is', async () => {
    const key = await seededKey();
    const before = await stored(key);
    // The company's own observance (a calendar of its own beside Google's days), closed: one day of ~90.
    const founding = 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270601\r\nDTEND;VALUE=DATE:20270602\r\nUID:founding-2027@example.com\r\nDESCRIPTION:祭日\r\nSUMMARY:創立記念日\r\nEND:VEVENT\r\n';
    const withFounding = GOOGLE.replace('END:VCALENDAR', `${founding}END:VCALENDAR`);
    const policy = { closedObservances: ['創立記念日'] };
    server.route('/feed', serveCalendar(withFounding));
    await handlerAt('2026-11-20T00:00:00Z', environment(policy, key))();
    const seeded = await stored(key);
    expect(parseHolidayList(seeded.body ?? '').days).toContainEqual({ date: '2027-06-01', name: '創立記念日', kind: 'observance', closed: true });
    sns.resetHistory();
    server.route('/feed', serveCalendar(GOOGLE));
    await expect(handlerAt('2026-11-21T00:00:00Z', environment(policy, key))()).rejects.toThrow(/^1 closed day\(s\) .*: 2027-06-01 創立記念日 \(observance\);/);
    expect(await stored(key)).toEqual(seeded);
    expect(before.body).not.toEqual(seeded.body);
  });

  test('a closed bank holiday missing from the feed is refused even with no stored list to compare with', async () => {
    server.route('/feed', serveCalendar(GOOGLE.replace(/BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270102[\s\S]*?END:VEVENT\r\n/, '')));
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({ closedObservances: ['銀行休業日'] }, 'observance/none.json'))()).rejects.toThrow(
      'the calendar lacks the closed observance "銀行休業日" on 2027-01-02, where it always is',
    );
    expect(await exists('observance/none.json')).toBe(false);
  });

  test('... accepted once each date is in holidays.allowRemoval', async () => {
    const key = await seededKey();
    server.route('/feed', serveCalendar(GOOGLE.replace(/BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2027(09|1)[\s\S]*?END:VEVENT\r\n/g, '')));
    const allowRemoval = ['2027-09-20', '2027-09-23', '2027-10-11', '2027-11-03', '2027-11-23'].map((date) => ({ date, reason: 'test' }));
    const outcome = await handlerAt('2026-11-21T00:00:00Z', environment({ allowRemoval }, key))();
    expect(outcome).toMatchObject({ action: 'written', coverage: { from: '2025-01-01', to: '2027-08-11' } });
    expect(published()[0]?.message).toContain('  2027-11-23 (火) 勤労感謝の日 [祝日・休業]');
  });

  test('a closure the configuration no longer has may go: that change is the admin\'s own', async () => {
    const key = await seededKey();
    const outcome = await handlerAt('2026-11-21T00:00:00Z', environment({ closures: [] }, key))();
    expect(outcome).toMatchObject({ action: 'written', removed: expect.any(Number) as number });
    expect(published()[0]?.message).toContain('  2026-12-29 (火) 年末年始 [会社休業・休業]');
  });

  test('a statutory day the second source knows but the feed lost: refused, naming both sources', async () => {
    const key = await seededKey();
    const before = await stored(key);
    server.route('/feed', serveCalendar(GOOGLE.replace('DESCRIPTION:祝日\r\nSUMMARY:勤労感謝の日\r\nDTSTART;VALUE=DATE:20261123', 'X')
      .replace(/BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261123[\s\S]*?END:VEVENT\r\n/, '')));
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({}, key))()).rejects.toThrow(
      /disagrees with the second source \(holiday_jp [\d.]+ \(1970-2050\)\) on 1 statutory day\(s\): 2026-11-23 calendar: nothing, second source: 勤労感謝の日/,
    );
    expect(await stored(key)).toEqual(before);
    const [alert] = published();
    expect(alert?.subject).toBe('[test-site] 祝日リストの更新に失敗: 祝日が第二の情報源と不一致');
    expect(alert?.message).toContain('  2026-11-23 (月): カレンダー=nothing / 第二の情報源=勤労感謝の日');
    expect(alert?.message).toContain('holidays.statutoryCorrections');
  });

  test('an S3 write failure alerts and fails, and the stored list stays', async () => {
    const key = await seededKey();
    const before = await stored(key);
    server.route('/feed', serveCalendar(GOOGLE.replace('SUMMARY:七夕', 'SUMMARY:七夕まつり')));
    // A client to the same s3rver whose PUTs are refused, as an IAM deny would.
    const denied = new S3Client(s3.clientConfig);
    denied.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand') {
          throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({}, key), denied)()).rejects.toThrow(
      'writing the stored holiday list failed: AccessDenied: Access Denied',
    );
    expect(await stored(key)).toEqual(before);
    expect(published().map((mail) => mail.subject)).toEqual(['[test-site] 祝日リストの更新に失敗: S3 書き込みエラー']);
    denied.destroy();
  });

  test('a missing bucket is a read failure, not "no list yet"', async () => {
    server.route('/feed', serveCalendar(GOOGLE));
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({}, KEY, 'no-such-bucket'))()).rejects.toThrow(/reading the stored holiday list failed: NoSuchBucket/);
    const [alert] = published();
    expect(alert?.subject).toBe('[test-site] 祝日リストの更新に失敗: S3 読み取りエラー');
    expect(alert?.message).toContain('保持: 保存中のリストの状態は確認できませんでした。');
  });

  test('when the alert itself cannot be sent, the original error still fails the invocation', async () => {
    sns.on(PublishCommand).rejects(new Error('SNS down'));
    server.route('/feed', serveCalendar(fixture('bad-empty.ics')));
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({}, 'sns-down/list.json'))()).rejects.toThrow('calendar has no events');
    // No failure-alerted metric: admins were not e-mailed, so the fetcher-failure alarm must fire.
    expect(logs.map((record) => record.event)).toEqual(['refresh-failed', 'alert-failed']);
  });
});

describe('two runs at once (the schedule and a deploy) never lose an update', () => {
  /** Serve `first` to the first request only once `open` is called; `later` to later requests at once. */
  function firstRequestWaits(first: string, later = first): { open: () => void; requested: () => Promise<void> } {
    let open = () => undefined as void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let served = 0;
    server.route('/feed', (req, res, hit) => {
      served += 1;
      if (served === 1) void gate.then(() => serveCalendar(first)(req, res, hit));
      else serveCalendar(later)(req, res, hit);
    });
    return {
      open: () => open(),
      // Resolves once the first request has arrived, i.e. that run has read the store and is fetching.
      requested: async () => {
        while (served === 0) await new Promise((resolve) => setImmediate(resolve));
      },
    };
  }

  test('an older run that finishes last does not overwrite the newer list: it is superseded', async () => {
    const key = await seededKey();
    const changed = GOOGLE.replaceAll('SUMMARY:七夕', 'SUMMARY:七夕まつり');
    const feed = firstRequestWaits(changed);
    const older = handlerAt('2026-11-21T00:00:00Z', environment({}, key))();
    // Wait until the older run has read the store and asked for the feed, then let a newer run do everything.
    await feed.requested();
    const newer = await handlerAt('2026-11-21T00:01:00Z', environment({}, key))();
    expect(newer.action).toBe('written');
    const afterNewer = await stored(key);
    feed.open();
    await expect(older).resolves.toMatchObject({ action: 'superseded', notified: false });
    expect(await stored(key)).toEqual(afterNewer);
    expect(parseHolidayList(afterNewer.body ?? '').fetchedAt).toBe('2026-11-21T00:01:00.000Z');
    expect(logs.filter((record) => record.event === 'write-conflict')).toHaveLength(1);
    // One change, one e-mail.
    expect(published()).toHaveLength(1);
  });

  test('a newer run that finishes last re-reads, judges again and writes over the older list', async () => {
    const key = await seededKey();
    const older = GOOGLE.replaceAll('SUMMARY:七夕', 'SUMMARY:七夕まつり');
    const newer = GOOGLE.replaceAll('SUMMARY:七夕', 'SUMMARY:たなばた');
    const feed = firstRequestWaits(newer, older);
    const newerRun = handlerAt('2026-11-21T00:01:00Z', environment({}, key))();
    await feed.requested();
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({}, key))()).resolves.toMatchObject({ action: 'written' });
    feed.open();
    await expect(newerRun).resolves.toMatchObject({ action: 'written', notified: true });
    const list = parseHolidayList((await stored(key)).body ?? '');
    expect(list.fetchedAt).toBe('2026-11-21T00:01:00.000Z');
    expect(list.days.filter((day) => day.date === '2027-07-07').map((day) => day.name)).toEqual(['たなばた']);
    // Its report is against what the older run stored, not against what it first read.
    expect(published()[1]?.message).toContain('削除 (1 件):\n  2027-07-07 (水) 七夕まつり [行事・営業]');
  });

  test('a newer run with the same days as the older one stored writes nothing and sends no second e-mail', async () => {
    const key = await seededKey();
    const changed = GOOGLE.replaceAll('SUMMARY:七夕', 'SUMMARY:七夕まつり');
    const feed = firstRequestWaits(changed);
    const newer = handlerAt('2026-11-21T00:01:00Z', environment({}, key))();
    await feed.requested();
    await handlerAt('2026-11-21T00:00:00Z', environment({}, key))();
    feed.open();
    await expect(newer).resolves.toMatchObject({ action: 'unchanged' });
    expect(parseHolidayList((await stored(key)).body ?? '').days.some((day) => day.name === '七夕まつり')).toBe(true);
    expect(published()).toHaveLength(1);
  });

  test('two first runs on an empty store: exactly one creates the list', async () => {
    const key = 'race/first.json';
    const feed = firstRequestWaits(GOOGLE);
    const slow = handlerAt('2026-11-21T00:00:00Z', environment({}, key))();
    await feed.requested();
    await expect(handlerAt('2026-11-21T00:01:00Z', environment({}, key))()).resolves.toMatchObject({ action: 'written' });
    const created = await stored(key);
    feed.open();
    await expect(slow).resolves.toMatchObject({ action: 'superseded' });
    expect(await stored(key)).toEqual(created);
  });

  test('our own PUT stored but its answer lost (the SDK retry meets a 412): the change is still reported, once', async () => {
    const key = await seededKey();
    server.route('/feed', serveCalendar(GOOGLE.replaceAll('SUMMARY:七夕', 'SUMMARY:七夕まつり')));
    // A client whose first conditional PUT is stored by S3 and then reported as lost, as a dropped connection would.
    const flaky = new S3Client(s3.clientConfig);
    let lost = false;
    flaky.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'PutObjectCommand' && !lost) {
          lost = true;
          throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
            name: 'PreconditionFailed',
            $metadata: { httpStatusCode: 412 },
          });
        }
        return result;
      },
      { step: 'deserialize' },
    );
    const outcome = await handlerAt('2026-11-21T00:00:00Z', environment({}, key), flaky)();
    expect(outcome).toMatchObject({ action: 'written', notified: true });
    expect(published()).toHaveLength(1);
    expect(logs.map((record) => record.event)).toContain('own-write-confirmed');
    flaky.destroy();
  });

  test('a change whose e-mail cannot be sent is stored, and counted for the alarm', async () => {
    const key = await seededKey();
    sns.on(PublishCommand).rejects(new Error('SNS down'));
    server.route('/feed', serveCalendar(GOOGLE.replaceAll('SUMMARY:七夕', 'SUMMARY:七夕まつり')));
    await expect(handlerAt('2026-11-21T00:00:00Z', environment({}, key))()).resolves.toMatchObject({ action: 'written', notified: false });
    expect(logs.find((record) => record.event === 'change-notification-failed')).toMatchObject({ HolidayChangeReportFailed: 1, Site: 'test-site' });
  });

  test('a stored list stamped far in the future (a broken clock) does not block the fetcher forever', async () => {
    const key = await seededKey();
    const forged = { ...parseHolidayList((await stored(key)).body ?? ''), fetchedAt: '2099-01-01T00:00:00.000Z' };
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(forged), ContentType: 'application/json' }));
    const outcome = await handlerAt('2026-11-21T00:00:00Z', environment({}, key))();
    expect(outcome.action).toBe('refreshed');
    expect(parseHolidayList((await stored(key)).body ?? '').fetchedAt).toBe('2026-11-21T00:00:00.000Z');
  });
});

describe('after a changed list is written, the override sync is started', () => {
  function handlerWithSync(instant: string, env: FetcherEnvironment, afterWrite: () => Promise<void>) {
    return createHandler(
      {
        s3: client,
        sns: new SNSClient({ region: 'ap-northeast-1' }),
        fetchCalendar: (url, limits) => fetchCalendar(url, limits, { ...server.fetchOptions, sleep: async () => undefined }),
        log: (record) => void logs.push(record),
        clock: () => new Date(instant),
        afterWrite,
      },
      env,
    );
  }

  test('once per written list, not for an unchanged one', async () => {
    server.route('/feed', serveCalendar(GOOGLE));
    const starts: string[] = [];
    const env = environment({}, 'sync-start/list.json');
    await handlerWithSync('2026-11-21T00:00:00Z', env, async () => void starts.push('start'))();
    expect(starts).toEqual(['start']);
    expect(logs).toContainEqual(expect.objectContaining({ event: 'override-sync-started' }));
    await handlerWithSync('2026-11-21T01:00:00Z', env, async () => void starts.push('start'))();
    expect(starts).toEqual(['start']);
  });

  test('a start that fails is logged; the stored list and the outcome stand (the daily sync catches up)', async () => {
    server.route('/feed', serveCalendar(GOOGLE));
    const outcome = await handlerWithSync('2026-11-21T00:00:00Z', environment({}, 'sync-start-fails/list.json'), async () => {
      throw new Error('Rate exceeded');
    })();
    expect(outcome.action).toBe('written');
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'override-sync-start-failed', error: 'Error: Rate exceeded' }));
  });

  test('the start is an asynchronous invoke of the named function', async () => {
    const lambda = mockClient(LambdaClient);
    try {
      lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
      await startOverrideSync(new LambdaClient({ region: 'ap-northeast-1' }), 'site-override-sync')();
      expect(lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input)).toEqual([
        { FunctionName: 'site-override-sync', InvocationType: 'Event', Payload: JSON.stringify({ source: 'list-written' }) },
      ]);
    } finally {
      lambda.restore();
    }
  });
});

describe('messages and logs', () => {
  test('a long site name still gives a subject under 100 characters', async () => {
    server.route('/feed', serveCalendar(fixture('bad-empty.ics')));
    const env = { ...environment({}, 'long/list.json'), siteName: 'a-very-long-site-name-'.repeat(5) };
    await expect(handlerAt('2026-11-21T00:00:00Z', env)()).rejects.toThrow();
    const subject = published()[0]?.subject ?? '';
    expect([...subject].length).toBeLessThan(100);
    expect(subject.endsWith('…')).toBe(true);
  });

  test('logs are one JSON object per line with the site name', () => {
    const lines: string[] = [];
    jsonLogger('test-site', (line) => void lines.push(line))({ level: 'error', event: 'refresh-failed', error: 'a\nb' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ site: 'test-site', level: 'error', event: 'refresh-failed', error: 'a\nb' });
  });

  test('the handler returns the outcome and logs it', async () => {
    const key = await seededKey();
    const outcome: RefreshOutcome = await handlerAt('2026-11-21T00:00:00Z', environment({}, key))();
    expect(logs.at(-1)).toEqual({ level: 'info', event: 'refresh-done', ...outcome });
  });
});

describe('environment', () => {
  const policyJson = JSON.stringify(testPolicy());
  const full = {
    HOLIDAY_BUCKET: BUCKET,
    HOLIDAY_LIST_KEY: KEY,
    ALERT_TOPIC_ARN: TOPIC,
    SITE_NAME: 'test-site',
    HOLIDAY_POLICY: policyJson,
  };

  test('reads every setting', () => {
    expect(fetcherEnvironment(full)).toEqual({
      bucket: BUCKET,
      listKey: KEY,
      alertTopicArn: TOPIC,
      siteName: 'test-site',
      policy: testPolicy(),
    });
  });

  test.each(Object.keys(full))('a missing %s fails with its name', (name) => {
    expect(() => fetcherEnvironment({ ...full, [name]: undefined })).toThrow(`missing environment variable ${name}`);
  });

  test.each([
    ['not JSON', '{', /HOLIDAY_POLICY is not JSON/],
    ['every bad field named at once', JSON.stringify({ ...testPolicy(), timeZone: 'Mars/Base', checks: {}, closures: [{}], statutoryCorrections: [{ date: '2026-02-30' }], allowRemoval: 'x' }), /timeZone must be an IANA time zone; closures must be .*checks\.minHolidaysPerYear must be a number.*statutoryCorrections must be an array of \{date, statutory, reason\}; allowRemoval must be an array of \{date, reason\}/],
  ])('HOLIDAY_POLICY %s', (_case, text, expected) => {
    expect(() => parseHolidayPolicy(text)).toThrow(expected);
  });

  test('the Lambda module fails at cold start when a variable is missing', () => {
    const saved = { ...process.env };
    try {
      delete process.env.HOLIDAY_BUCKET;
      jest.isolateModules(() => {
        expect(() => require('../../lambda/fetch-holidays/index')).toThrow('missing environment variable HOLIDAY_BUCKET');
      });
      Object.assign(process.env, full, { AWS_REGION: 'ap-northeast-1' });
      jest.isolateModules(() => {
        expect(typeof (require('../../lambda/fetch-holidays/index') as { handler: unknown }).handler).toBe('function');
      });
    } finally {
      process.env = saved;
    }
  });
});

describe('log lines in Lambda', () => {
  test('the default logger writes bare JSON lines to stdout, so CloudWatch reads their embedded metrics', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      jsonLogger('test-site')({ level: 'info', event: 'failure-alerted', HolidayFetchFailureAlerted: 1 });
    } finally {
      spy.mockRestore();
    }
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\{.*\}\n$/);
    expect(JSON.parse(written[0] ?? '')).toMatchObject({ site: 'test-site', HolidayFetchFailureAlerted: 1 });
  });
});
