/**
 * The override sync end to end: its handler against a model of Connect's documented rules behind aws-sdk-client-mock
 * (the 50 limit, patterns, one name per resource, parent links, precedence), the list and the incident record in a
 * real local S3, SNS mocked. Each test is a situation a live line meets.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { buildHolidayList } from '../../lambda/fetch-holidays/build-list';
import { addDays, civilDateIn } from '../../lambda/shared/civil-time';
import { OVERRIDE_LIMIT, ownerTag } from '../../lambda/shared/closed-day-overrides';
import type { HolidayDay, HolidayList } from '../../lambda/shared/holiday-list';
import { LIVE_OVERRIDES_KEY, LiveOverride, LiveOverrideDocument, serializeLiveOverrides } from '../../lambda/shared/live-overrides';
import type { LogRecord } from '../../lambda/shared/notice';
import { createSyncHandler, SyncEnvironment } from '../../lambda/sync-overrides/wiring';
import type { SyncOutcome } from '../../lambda/sync-overrides/sync';
import { FakeConnect, FakePeriod } from '../support/fake-connect';
import { LocalS3, startLocalS3 } from '../support/local-s3';
import { fixture, testPolicy } from '../fetch-holidays/support';

const INSTANCE_ID = '00000000-1111-2222-3333-444444444444';
const INSTANCE_ARN = `arn:aws:connect:ap-northeast-1:111122223333:instance/${INSTANCE_ID}`;
const BUCKET = 'sync-site';
const LIST_KEY = 'holidays/holiday-list.json';
const STATE_KEY = 'overrides/sync-state.json';
const LIVE_KEY = LIVE_OVERRIDES_KEY;
const TOPIC = 'arn:aws:sns:ap-northeast-1:111122223333:alerts';
const SITE = 'test-site';
/** Saturday 2026-11-21, 10:00 in Tokyo. */
const NOW = '2026-11-21T01:00:00Z';

const WHOLE_DAY: FakePeriod[] = (['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const).map((day) => ({
  day,
  start: { hours: 0, minutes: 0 },
  end: { hours: 0, minutes: 0 },
}));
const WEEKDAYS_9_TO_18: FakePeriod[] = (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => ({
  day,
  start: { hours: 9, minutes: 0 },
  end: { hours: 18, minutes: 0 },
}));

let s3: LocalS3;
let connect: FakeConnect;
const sns = mockClient(SNSClient);
let logs: LogRecord[];
let sleeps: number[];

const policy = testPolicy();
/** The list the fetcher stores on 2026-11-21 from the Google fixture (2025-2027) with the 年末年始 closures. */
const GOOD_LIST: HolidayList = buildHolidayList(fixture('google-2025-2027.ics'), policy, { now: new Date(NOW), sourceUrl: policy.calendarUrl });

function environment(overrides: Partial<SyncEnvironment> = {}): SyncEnvironment {
  return {
    bucket: BUCKET,
    listKey: LIST_KEY,
    liveKey: LIVE_KEY,
    stateKey: STATE_KEY,
    alertTopicArn: TOPIC,
    siteName: SITE,
    timeZone: 'Asia/Tokyo',
    builtin: { closures: policy.closures, statutoryCorrections: [] },
    maxOverrides: OVERRIDE_LIMIT,
    instanceId: INSTANCE_ID,
    overrideHoursId: 'closed-days',
    checkedHoursId: 'business',
    ...overrides,
  };
}

function run(at = NOW, env = environment(), timeLeftMs?: () => number, s3Client: S3Client = s3.client): Promise<SyncOutcome> {
  return createSyncHandler(
    {
      connect: new ConnectClient({ region: 'ap-northeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
      s3: s3Client,
      sns: new SNSClient({ region: 'ap-northeast-1' }),
      log: (record) => void logs.push(record),
      clock: () => new Date(at),
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      ...(timeLeftMs === undefined ? {} : { timeLeftMs }),
    },
    env,
  )();
}

async function storeList(list: HolidayList): Promise<void> {
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: LIST_KEY, Body: JSON.stringify(list) }));
}

function withDays(list: HolidayList, change: (days: HolidayDay[]) => HolidayDay[]): HolidayList {
  return { ...list, days: change([...list.days]) };
}

const mails = () => sns.commandCalls(PublishCommand).map((call) => ({ subject: call.args[0].input.Subject ?? '', message: call.args[0].input.Message ?? '' }));
const writes = () => connect.overrideCalls.filter((call) => /^(Create|Update|Delete) /u.test(call));
const metricsOf = (record: LogRecord | undefined) => record as Record<string, unknown> | undefined;
const lastDone = () => metricsOf([...logs].reverse().find((record) => record.event === 'sync-done'));

/** Every date from today to `through`: closed in the list ⇔ the business hours are closed at 10:00 (a weekday's hours). */
function expectHoursFollowList(list: HolidayList, through: string, today = '2026-11-21'): void {
  const closed = new Set(list.days.filter((day) => day.closed).map((day) => day.date));
  const wrong: string[] = [];
  for (let date = today; date <= through && date <= list.coverage.to; date = addDays(date, 1)) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const open = connect.openAt('business', date, 600);
    const expected = !closed.has(date) && weekday >= 1 && weekday <= 5;
    if (open !== expected) wrong.push(`${date} open=${open}`);
  }
  expect(wrong).toEqual([]);
}

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
});

afterAll(async () => {
  connect?.mock.restore();
  sns.restore();
  await s3.dispose();
});

beforeEach(async () => {
  connect?.mock.restore();
  connect = new FakeConnect(INSTANCE_ID, INSTANCE_ARN);
  connect.addHours('closed-days', `${SITE} closed days`, 'Asia/Tokyo', WHOLE_DAY);
  connect.addHours('business', `${SITE} business hours`, 'Asia/Tokyo', WEEKDAYS_9_TO_18, ['closed-days']);
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  logs = [];
  sleeps = [];
  for (const key of [LIST_KEY, STATE_KEY, LIVE_KEY]) await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  await storeList(GOOD_LIST);
});

describe('a fresh instance', () => {
  test('gets one CLOSED whole-day override per run of closed days, as far as 50 reach, and the hours then follow the list', async () => {
    const outcome = await run();
    expect(outcome).toMatchObject({ created: 50, updated: 0, deleted: 0, unchanged: 0, short: false, problems: [], notified: false });
    const names = connect.overrideNames('closed-days');
    expect(names).toHaveLength(50);
    expect(names.slice(0, 3)).toEqual(['2026-11-23 勤労感謝の日', '2026-12-29〜2027-01-03 年末年始・元日', '2027-01-11 成人の日']);
    const yearEnd = connect.hoursById.get('closed-days')!.overrides[1]!;
    expect(yearEnd).toMatchObject({ from: '2026-12-29', till: '2027-01-03', type: 'CLOSED', config: WHOLE_DAY });
    expect(yearEnd.description?.startsWith(`${ownerTag(SITE, yearEnd.name)} `)).toBe(true);
    // Nothing on the business hours themselves: their 50 stay free for ops.
    expect(connect.overrideNames('business')).toEqual([]);
    expectHoursFollowList(GOOD_LIST, outcome.through);
    // On a business day at 10:00 the line is open, at 18:00 closed (the end minute is closed).
    expect(connect.openAt('business', '2026-11-24', 600)).toBe(true);
    expect(connect.openAt('business', '2026-11-24', 1080)).toBe(false);
    expect(mails()).toEqual([]);
    expect(lastDone()).toMatchObject({ OverrideMismatchDays: 0, OverrideSyncProblems: 0, OverrideDaysAhead: expect.any(Number) });
    // Writes are paced, so a first sync stays under Connect's per-account rate.
    expect(sleeps.filter((ms) => ms === 500)).toHaveLength(50);
  });

  test('with no list stored yet, the built-in calendar (statutory days and closures) decides, as it does for the checker', async () => {
    await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: LIST_KEY }));
    const outcome = await run();
    expect(outcome.created).toBe(50);
    expect(connect.overrideNames('closed-days')[1]).toBe('2026-12-29〜2027-01-03 年末年始・元日');
    expect(logs).toContainEqual(expect.objectContaining({ event: 'list-not-used', state: 'none' }));
    expect(outcome.problems).toEqual([]);
  });
});

describe('a synced instance', () => {
  beforeEach(async () => {
    await run();
    connect.overrideCalls.length = 0;
    sleeps = [];
  });

  test('an unchanged list makes no write at all (only the list and the read-back)', async () => {
    const outcome = await run();
    expect(outcome).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 50 });
    expect(writes()).toEqual([]);
    expect(new Set(connect.overrideCalls)).toEqual(new Set(['List', 'GetEffective']));
    expect(mails()).toEqual([]);
  });

  test('a company closure added on a business day: one override created, the last one (no slot left) dropped', async () => {
    const list = withDays(GOOD_LIST, (days) => [...days, { date: '2026-12-10', name: '創立記念日', kind: 'closure', closed: true }]);
    await storeList(list);
    const outcome = await run();
    expect(writes()).toEqual(['Delete 2030-05-03〜2030-05-06 憲法記念日・みどりの日・こどもの日・こどもの日 振替休日', 'Create 2026-12-10 創立記念日']);
    expect(outcome).toMatchObject({ created: 1, deleted: 1, unchanged: 49 });
    expect(connect.openAt('business', '2026-12-10', 600)).toBe(false);
  });

  test('a closed day removed from the list: its override goes and the day opens; the freed slot reaches further', async () => {
    await storeList(withDays(GOOD_LIST, (days) => days.filter((day) => day.date !== '2027-02-11')));
    await run();
    expect(writes()).toEqual([expect.stringMatching(/^Delete 2027-02-11 /u), expect.stringMatching(/^Create 2030-07-15 /u)]);
    expect(connect.openAt('business', '2027-02-11', 600)).toBe(true);
  });

  test('a closure moved (2027-12-29..01-03 becomes 12-28..01-03): one update in place, no moment without it', async () => {
    await storeList(withDays(GOOD_LIST, (days) => [...days, { date: '2027-12-28', name: '年末年始', kind: 'closure', closed: true }]));
    await run();
    expect(writes()).toEqual(['Update 2027-12-28〜2028-01-03 年末年始・元日']);
    expect(connect.openAt('business', '2027-12-28', 600)).toBe(false);
  });

  test('a wipe by a stack update (CloudFormation dropped every override): the next run restores all 50', async () => {
    connect.wipeOverrides('closed-days');
    expect(connect.openAt('business', '2026-11-23', 600)).toBe(true);
    const outcome = await run();
    expect(outcome.created).toBe(50);
    expect(connect.openAt('business', '2026-11-23', 600)).toBe(false);
  });

  test('an override edited in the console (dates, type) is put back; a gained recurrence rule is replaced', async () => {
    const [first, second] = connect.hoursById.get('closed-days')!.overrides;
    first!.type = 'OPEN';
    second!.till = '2027-01-01';
    second!.recurrence = { RecurrencePattern: { Frequency: 'YEARLY', Interval: 1 } };
    await run();
    expect(writes()).toEqual(['Delete 2026-12-29〜2027-01-03 年末年始・元日', 'Update 2026-11-23 勤労感謝の日', 'Create 2026-12-29〜2027-01-03 年末年始・元日']);
    expectHoursFollowList(GOOD_LIST, '2027-03-01');
  });

  test("the next day, yesterday's holiday override is deleted and a new one is added at the far end", async () => {
    const outcome = await run('2026-11-24T01:00:00Z');
    expect(writes()).toEqual(['Delete 2026-11-23 勤労感謝の日', expect.stringMatching(/^Create 2030-07-15 /u)]);
    expect(outcome.through > '2030-07-14').toBe(true);
  });

  test('during a closure the override keeps its real first day, so it is not rewritten every day', async () => {
    await run('2026-12-30T01:00:00Z');
    const names = connect.overrideNames('closed-days');
    expect(names[0]).toBe('2026-12-29〜2027-01-03 年末年始・元日');
    expect(writes().filter((call) => call.includes('年末年始・元日') && call.includes('2026-12-29'))).toEqual([]);
  });
});

describe("other people's overrides", () => {
  test('are left alone, and the sync uses only the slots they leave (placement on the business hours: 40 at most)', async () => {
    for (let i = 0; i < 15; i += 1) {
      connect.addOverride('business', {
        name: `台風対応 ${i}`,
        description: '運用チームが手で追加',
        config: WHOLE_DAY,
        from: `2027-0${(i % 9) + 1}-01`,
        till: `2027-0${(i % 9) + 1}-01`,
        type: 'CLOSED',
      });
    }
    const outcome = await run(NOW, environment({ overrideHoursId: 'business', maxOverrides: 40 }));
    const names = connect.overrideNames('business');
    expect(names.filter((name) => name.startsWith('台風対応'))).toHaveLength(15);
    expect(names).toHaveLength(50);
    expect(outcome.created).toBe(35);
    // A second run touches none of the 15.
    connect.overrideCalls.length = 0;
    await run(NOW, environment({ overrideHoursId: 'business', maxOverrides: 40 }));
    expect(writes()).toEqual([]);
  });

  test('an override of another site on the same resource is not ours either', async () => {
    connect.addOverride('closed-days', { name: '2026-11-23 勤労感謝の日 (other)', description: `${ownerTag('other-site', '2026-11-23 勤労感謝の日 (other)')} x`, config: WHOLE_DAY, from: '2026-11-23', till: '2026-11-23', type: 'CLOSED' });
    await run();
    expect(connect.overrideNames('closed-days')).toContain('2026-11-23 勤労感謝の日 (other)');
    expect(connect.overrideNames('closed-days')).toHaveLength(50);
  });

  test('a foreign override holding one of our names is a conflict: reported once, everything else synced', async () => {
    connect.addOverride('closed-days', { name: '2027-01-11 成人の日', description: '手作業', config: WHOLE_DAY, from: '2027-01-11', till: '2027-01-11', type: 'CLOSED' });
    const outcome = await run();
    expect(outcome.problems).toEqual([{ kind: 'conflict', items: ['name 2027-01-11 成人の日'] }]);
    expect(mails()).toHaveLength(1);
    expect(mails()[0]!.subject).toBe(`[${SITE}] 休業日の上書きが名前または件数の上限で衝突しました`);
    expect(mails()[0]!.message).toContain('2027-01-11 成人の日');
    await run();
    expect(mails()).toHaveLength(1);
  });

  test('the resource filling up between the listing and the creates is a conflict, not a retry loop', async () => {
    let filled = false;
    connect.beforeCreate = () => {
      if (filled) return;
      filled = true;
      for (let i = 0; i < 45; i += 1) {
        connect.addOverride('closed-days', { name: `ops ${i}`, description: 'ops', config: WHOLE_DAY, from: '2027-06-01', till: '2027-06-01', type: 'CLOSED' });
      }
    };
    const outcome = await run();
    expect(outcome.created).toBe(5);
    expect(outcome.problems).toContainEqual({ kind: 'conflict', items: ['limit 50'] });
    // After the limit, no further create is attempted.
    expect(logs.filter((record) => record.event === 'change-failed')).toHaveLength(1);
    expect(mails()[0]!.message).toContain('上限の 50 件');
  });
});

describe('Connect throttling and failures', () => {
  test('throttled calls are retried with growing, jittered backoff and succeed', async () => {
    connect.throttled.set('CreateHoursOfOperationOverride', 3);
    connect.throttled.set('GetEffectiveHoursOfOperations', 2);
    const outcome = await run();
    expect(outcome).toMatchObject({ created: 50, problems: [] });
    const retries = logs.filter((record) => record.event === 'connect-retry');
    expect(retries.map((record) => [record.operation, record.delayMs])).toEqual([
      ['CreateHoursOfOperationOverride', 375],
      ['CreateHoursOfOperationOverride', 750],
      ['CreateHoursOfOperationOverride', 1500],
      ['GetEffectiveHoursOfOperations', 375],
      ['GetEffectiveHoursOfOperations', 750],
    ]);
    expect(mails()).toEqual([]);
  });

  test('throttling that outlasts the retries: the run stops changing, what is in place stays, one e-mail, the next run catches up', async () => {
    connect.throttled.set('CreateHoursOfOperationOverride', 8);
    const first = await run();
    // The override that could not be made leaves its day open in Connect: the read-back says so in the same e-mail.
    expect(first.problems).toEqual([
      { kind: 'mismatch', items: ['open-on-closed-day'] },
      { kind: 'failed', items: ['CreateHoursOfOperationOverride ThrottlingException'] },
    ]);
    // Connect still throttling after six attempts: the run stops making changes rather than hammer it 49 times more.
    expect(first.created).toBe(0);
    expect(logs).toContainEqual(expect.objectContaining({ event: 'changes-left', count: 49 }));
    expect(mails()).toHaveLength(1);
    expect(mails()[0]!.message).toContain('すでにある上書きはそのまま残っています');
    expect(lastDone()).toMatchObject({ OverrideSyncProblems: 1, OverrideSyncProblemsUnreported: 0 });
    const second = await run();
    expect(second).toMatchObject({ created: 50, problems: [] });
    expect(mails()).toHaveLength(1);
    expect(logs).toContainEqual(expect.objectContaining({ event: 'problem-resolved', kind: 'failed' }));
  });

  test('a role without permission: the failure is named in one e-mail, and nothing is half-done silently', async () => {
    connect.denied.add('CreateHoursOfOperationOverride');
    const outcome = await run();
    expect(outcome.problems).toContainEqual({ kind: 'failed', items: ['CreateHoursOfOperationOverride AccessDeniedException'] });
    expect(outcome.mismatches).toContainEqual(expect.objectContaining({ kind: 'open-on-closed-day', date: '2026-11-23' }));
    expect(mails()).toHaveLength(1);
    expect(mails()[0]!.message).toContain('AccessDeniedException');
  });

  test('Connect unreachable for the listing: reported, no write attempted', async () => {
    connect.denied.add('ListHoursOfOperationOverrides');
    const outcome = await run();
    expect(writes()).toEqual([]);
    expect(outcome.problems).toEqual([{ kind: 'failed', items: ['ListHoursOfOperationOverrides AccessDeniedException'] }]);
  });

  test('an e-mail that cannot be sent is counted for the alarm, and sent on the next run', async () => {
    connect.denied.add('CreateHoursOfOperationOverride');
    sns.on(PublishCommand).rejects(new Error('SNS is down'));
    await run();
    expect(lastDone()).toMatchObject({ OverrideSyncProblems: 1, OverrideSyncProblemsUnreported: 1 });
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    await run();
    expect(lastDone()).toMatchObject({ OverrideSyncProblems: 1, OverrideSyncProblemsUnreported: 0 });
    expect(mails().length).toBe(2);
  });
});

describe('read-back: effective hours that disagree', () => {
  test('an override in place but not in effect (as reported for IaC-made overrides): one e-mail naming the date, counted', async () => {
    await run();
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    connect.hoursById.get('closed-days')!.overrides[0]!.inEffect = false;
    const outcome = await run();
    expect(outcome.mismatches).toEqual([{ kind: 'open-on-closed-day', date: '2026-11-23', name: '勤労感謝の日', found: 'open 09:00-18:00' }]);
    expect(mails()).toHaveLength(1);
    expect(mails()[0]!.subject).toBe(`[${SITE}] Connect の営業時間が休業日と一致しません`);
    expect(mails()[0]!.message).toContain('2026-11-23 (月) 勤労感謝の日');
    expect(lastDone()).toMatchObject({ OverrideMismatchDays: 1, OverrideMismatchDaysUnreported: 0 });
    // Same incident, next run: counted, not e-mailed again.
    await run();
    expect(mails()).toHaveLength(1);
    expect(lastDone()).toMatchObject({ OverrideMismatchDays: 1, OverrideMismatchDaysUnreported: 0 });
  });

  test('a business hours resource that lost its link to the closed days: every weekday closed day is a mismatch', async () => {
    connect.hoursById.get('business')!.parents = [];
    const outcome = await run();
    expect(outcome.created).toBe(50);
    const dates = outcome.mismatches.map((mismatch) => mismatch.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-11-23', '2026-12-29', '2026-12-30', '2027-01-11']));
    // Weekend days are closed anyway: no mismatch there.
    expect(dates).not.toContain('2027-01-02');
    expect(mails()[0]!.message).toContain('hoursOverrides.placement');
    // The read-back was tried twice (writes may take a moment to show) before reporting.
    expect(logs).toContainEqual(expect.objectContaining({ event: 'read-back-retry' }));
    expect(sleeps).toContain(10_000);
  });

  test('one of our overrides closing a business day (its dates edited to a wrong day, and Connect not yet corrected) is a mismatch', async () => {
    await run();
    // After the sync, someone else's tool points our override at a business day and the read-back sees it.
    const ours = connect.hoursById.get('closed-days')!.overrides[0]!;
    ours.from = '2026-11-25';
    ours.till = '2026-11-25';
    connect.denied.add('UpdateHoursOfOperationOverride');
    const outcome = await run();
    expect(outcome.mismatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'closed-on-business-day', date: '2026-11-25' }),
        expect.objectContaining({ kind: 'open-on-closed-day', date: '2026-11-23' }),
      ]),
    );
  });

  test('checked hours running on another zone are reported', async () => {
    connect.hoursById.get('business')!.timeZone = 'UTC';
    const outcome = await run();
    expect(outcome.mismatches).toContainEqual({ kind: 'time-zone', found: "UTC (the site's zone is Asia/Tokyo)" });
  });
});

describe('found in review: leftovers, copies, lost answers, long incidents, time', () => {
  test('overrides a business-hours placement left on the business hours are removed once they live on their own resource', async () => {
    // As the sync left them with placement "business-hours": a closure on 2026-12-10 that the list no longer has.
    await run(NOW, environment({ overrideHoursId: 'business', maxOverrides: 40 }));
    const leftover = withDays(GOOD_LIST, (days) => [...days, { date: '2026-12-10', name: '創立記念日', kind: 'closure', closed: true }]);
    await storeList(leftover);
    await run(NOW, environment({ overrideHoursId: 'business', maxOverrides: 40 }));
    expect(connect.openAt('business', '2026-12-10', 600)).toBe(false);
    // Now the default placement, and the closure gone from the list.
    await storeList(GOOD_LIST);
    connect.overrideCalls.length = 0;
    const outcome = await run();
    expect(connect.overrideNames('business')).toEqual([]);
    expect(connect.openAt('business', '2026-12-10', 600)).toBe(true);
    expect(outcome).toMatchObject({ deleted: 40, created: 50, problems: [] });
    expect(logs.filter((record) => record.event === 'delete-leftover')).toHaveLength(40);
  });

  test("an ops override made by copying one of ours (our tag, another name) is left alone and reported once, not deleted", async () => {
    await run();
    const ours = connect.hoursById.get('closed-days')!.overrides[0]!;
    connect.wipeOverrides('closed-days');
    connect.addOverride('closed-days', { name: '2026-12-02 臨時休業 (台風)', description: ours.description, config: WHOLE_DAY, from: '2026-12-02', till: '2026-12-02', type: 'CLOSED' });
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const outcome = await run();
    expect(connect.overrideNames('closed-days')).toContain('2026-12-02 臨時休業 (台風)');
    expect(outcome.problems).toContainEqual({ kind: 'conflict', items: ['copy 2026-12-02 臨時休業 (台風)'] });
    expect(mails()[0]!.message).toContain('変更も削除もしていません');
    // It takes a slot: 49 of ours.
    expect(outcome.overrides).toBe(49);
  });

  test('a create whose answer is lost and is retried meets its own override: success, not a conflict', async () => {
    connect.loseReplyOf.add('CreateHoursOfOperationOverride');
    const outcome = await run();
    expect(outcome).toMatchObject({ created: 50, problems: [] });
    expect(logs).toContainEqual(expect.objectContaining({ event: 'create-confirmed-by-duplicate', name: '2026-11-23 勤労感謝の日' }));
    expect(mails()).toEqual([]);
  });

  test('a delete whose answer is lost and is retried finds it gone: success', async () => {
    await run();
    await storeList(withDays(GOOD_LIST, (days) => days.filter((day) => day.date !== '2027-02-11')));
    connect.loseReplyOf.add('DeleteHoursOfOperationOverride');
    const outcome = await run();
    expect(outcome).toMatchObject({ deleted: 1, problems: [] });
    expect(connect.overrideNames('closed-days').some((name) => name.startsWith('2027-02-11'))).toBe(false);
  });

  test('one unresolved disagreement is one e-mail, however many new dates the moving window brings into it', async () => {
    await run();
    connect.hoursById.get('business')!.parents = [];
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    for (const day of ['2026-11-22', '2026-11-25', '2026-12-20', '2027-03-01', '2027-09-01']) await run(`${day}T01:00:00Z`);
    expect(mails()).toHaveLength(1);
    expect(lastDone()).toMatchObject({ OverrideMismatchDaysUnreported: 0 });
    expect((lastDone()?.OverrideMismatchDays as number) > 0).toBe(true);
  });

  test('a disagreement whose e-mail cannot be sent is counted for the alarm until one gets out', async () => {
    await run();
    connect.hoursById.get('closed-days')!.overrides[0]!.inEffect = false;
    sns.reset();
    sns.on(PublishCommand).rejects(new Error('SNS is down'));
    await run();
    expect(lastDone()).toMatchObject({ OverrideMismatchDays: 1, OverrideMismatchDaysUnreported: 1 });
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    await run();
    expect(lastDone()).toMatchObject({ OverrideMismatchDays: 1, OverrideMismatchDaysUnreported: 0 });
  });

  test.each([
    ['a kind set to null', { failed: null }],
    ['items that are not a list', { failed: { items: 5, at: 'x' } }],
    ['an unknown kind', { surprise: { items: [], at: 'x' } }],
  ])('an incident record with %s is treated as none (no crash, the e-mail goes out)', async (_case, reported) => {
    connect.denied.add('CreateHoursOfOperationOverride');
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: STATE_KEY, Body: JSON.stringify({ formatVersion: 1, reported }) }));
    const outcome = await run();
    expect(outcome.notified).toBe(true);
    expect(mails()).toHaveLength(1);
  });

  test('out of time: no call is started past the budget, the changes left wait for the next run, the report still goes out', async () => {
    // Every create is throttled to the end; each backoff wait spends the (virtual) time the run has.
    connect.throttled.set('CreateHoursOfOperationOverride', 1000);
    const outcome = await run(NOW, environment(), () => 60_000 - sleeps.reduce((sum, ms) => sum + ms, 0));
    expect(outcome.created).toBe(0);
    expect(outcome.problems).toContainEqual({ kind: 'failed', items: expect.arrayContaining([expect.stringMatching(/^CreateHoursOfOperationOverride (ThrottlingException|TimeBudgetExceeded)$/u)]) });
    // It stopped after the first create that failed for good, instead of trying the other 49.
    expect(logs).toContainEqual(expect.objectContaining({ event: 'changes-left', count: 49 }));
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(60_000 - 20_000);
    expect(mails()).toHaveLength(1);
  });
});

describe('limits and hostile data', () => {
  test('fewer slots than 90 days need: everything that fits is synced, and one e-mail says how far it reaches', async () => {
    const outcome = await run(NOW, environment({ maxOverrides: 3 }));
    // 勤労感謝の日, 年末年始 and 成人の日; the next closed day (2027-02-11) has no slot.
    expect(outcome).toMatchObject({ created: 3, short: true, through: '2027-02-10' });
    expect(outcome.problems).toEqual([{ kind: 'short', items: ['short'] }]);
    expect(mails()[0]!.subject).toBe(`[${SITE}] 休業日の上書きが 90 日先まで届きません`);
    // The shortfall moves every day; it is still the same incident.
    await run('2026-11-22T01:00:00Z', environment({ maxOverrides: 3 }));
    expect(mails()).toHaveLength(1);
  });

  test('day names Connect would refuse (controls, private-use, format characters, 300 characters) still give valid overrides', async () => {
    const hostile = '\u0007祝\u200b日\ue000\u202e' + 'あ'.repeat(300);
    await storeList(withDays(GOOD_LIST, (days) => [...days, { date: '2026-12-02', name: hostile, kind: 'closure', closed: true }]));
    const outcome = await run();
    expect(outcome.problems).toEqual([]);
    const name = connect.overrideNames('closed-days').find((candidate) => candidate.startsWith('2026-12-02'))!;
    expect(name.length).toBeLessThanOrEqual(127);
    // Controls and invisible characters become spaces in the list (cleanDayName); Connect's forbidden rest is dropped.
    expect(name).toMatch(/^2026-12-02 祝 日 あ+$/u);
    expect(name).not.toMatch(/\p{C}/u);
  });

  test('a corrupt incident record is treated as none: an incident may be e-mailed twice, never missed', async () => {
    connect.denied.add('CreateHoursOfOperationOverride');
    await run();
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: STATE_KEY, Body: '{not json' }));
    await run();
    expect(mails()).toHaveLength(2);
    const state = JSON.parse((await (await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: STATE_KEY }))).Body!.transformToString())) as { formatVersion: number };
    expect(state.formatVersion).toBe(1);
  });

  test('a corrupt list is not used: the built-in calendar decides, and nothing is deleted for want of data', async () => {
    await run();
    connect.overrideCalls.length = 0;
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: LIST_KEY, Body: '{"formatVersion": 99}' }));
    const outcome = await run();
    expect(logs).toContainEqual(expect.objectContaining({ event: 'list-not-used', state: 'unreadable' }));
    // Built-in and list agree on every statutory day and closure here: no change.
    expect(writes()).toEqual([]);
    expect(outcome.unchanged).toBe(50);
  });

  test('the list is planned on the site clock: at 23:59 on the 22nd the 23rd is still ahead; at 00:10 on the 24th it is gone', async () => {
    await run('2026-11-22T14:59:00Z');
    expect(connect.overrideNames('closed-days')[0]).toBe('2026-11-23 勤労感謝の日');
    expect(civilDateIn(new Date('2026-11-23T15:10:00Z'), 'Asia/Tokyo')).toBe('2026-11-24');
    await run('2026-11-23T15:10:00Z');
    expect(connect.overrideNames('closed-days')).not.toContain('2026-11-23 勤労感謝の日');
  });
});

describe('live overrides (ops closing or opening the line live)', () => {
  const at = (local: string) => new Date(`${local}+09:00`).toISOString();
  const liveOverride = (id: string, kind: 'close' | 'open', from: string, until: string, extra: Partial<LiveOverride> = {}): LiveOverride => ({
    id,
    kind,
    from: at(from),
    until: at(until),
    reason: kind === 'close' ? '台風のため臨時休止します' : '特別営業',
    created: { by: 'local:ops', at: '2026-11-20T00:00:00.000Z' },
    ...extra,
  });
  const TYPHOON = liveOverride('typhoon', 'close', '2026-11-25T10:00', '2026-11-25T12:00');
  const SATURDAY = liveOverride('saturday', 'open', '2026-11-28T10:00', '2026-11-28T15:00');
  const HOLIDAY = liveOverride('holiday', 'open', '2026-11-23T10:00', '2026-11-23T15:00');

  async function storeLive(overrides: LiveOverride[], revision = overrides.length): Promise<void> {
    const document: LiveOverrideDocument = { version: 1, revision, overrides };
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: LIVE_KEY, Body: serializeLiveOverrides(document) }));
  }
  const liveNames = () => connect.overrideNames('closed-days').filter((name) => name.startsWith('臨時'));

  test('each pending one is held in Connect: a failing checker then meets the closure and the openings', async () => {
    await storeLive([TYPHOON, SATURDAY, HOLIDAY]);
    const outcome = await run();
    expect(outcome).toMatchObject({ created: 50, liveOverrides: 3, problems: [], mismatches: [], notified: false });
    expect(liveNames()).toEqual([
      '臨時営業 2026-11-23 10:00〜11-23 15:00 holiday',
      '臨時休止 2026-11-25 10:00〜11-25 12:00 typhoon',
      '臨時営業 2026-11-28 10:00〜11-28 15:00 saturday',
    ]);
    const typhoon = connect.hoursById.get('closed-days')!.overrides.find((override) => override.name.endsWith(' typhoon'))!;
    expect(typhoon).toMatchObject({ type: 'CLOSED', from: '2026-11-25', till: '2026-11-25', config: [{ day: 'WEDNESDAY', start: { hours: 10, minutes: 0 }, end: { hours: 12, minutes: 0 } }] });
    expect(typhoon.description?.startsWith(`${ownerTag(SITE, typhoon.name)} `)).toBe(true);
    // Wednesday: closed 10:00-12:00 only.
    expect([540, 599, 600, 719, 720].map((minute) => connect.openAt('business', '2026-11-25', minute))).toEqual([true, true, false, false, true]);
    // Saturday: open 10:00-15:00 only.
    expect([599, 600, 899, 900].map((minute) => connect.openAt('business', '2026-11-28', minute))).toEqual([false, true, true, false]);
    // The holiday: open 10:00-15:00, closed before and after (its closed-day override split around the opening).
    expect([540, 600, 899, 900, 1000].map((minute) => connect.openAt('business', '2026-11-23', minute))).toEqual([false, true, true, false, false]);
    expect(connect.overrideNames('closed-days')).toEqual(expect.arrayContaining(['2026-11-23 00:00〜10:00 勤労感謝の日', '2026-11-23 15:00〜24:00 勤労感謝の日']));
    // Slots: 3 live + 47 closed-day (two of them the holiday's parts).
    expect(outcome.overrides).toBe(47);
    expect(logs).toContainEqual(expect.objectContaining({ event: 'plan', live: 'ok', liveOverrides: 3, keptLive: 0 }));
  });

  test('a changed document: the changed override is updated in place, the others untouched', async () => {
    await storeLive([TYPHOON, SATURDAY]);
    await run();
    connect.overrideCalls.length = 0;
    // The typhoon stays longer (a hand edit of `until`).
    await storeLive([{ ...TYPHOON, until: at('2026-11-25T14:00') }, SATURDAY], 3);
    const outcome = await run();
    expect(writes()).toEqual(['Update 臨時休止 2026-11-25 10:00〜11-25 14:00 typhoon']);
    expect(outcome).toMatchObject({ updated: 1, problems: [], mismatches: [] });
    expect(connect.openAt('business', '2026-11-25', 780)).toBe(false);
  });

  test('a cleared one is deleted and its slot goes back to the closed days; one that ended is deleted the next run', async () => {
    await storeLive([TYPHOON, SATURDAY]);
    await run();
    connect.overrideCalls.length = 0;
    await storeLive([{ ...TYPHOON, cleared: { by: 'local:ops', at: '2026-11-21T01:00:00.000Z' } }, SATURDAY], 3);
    const outcome = await run();
    expect(writes()).toEqual(['Delete 臨時休止 2026-11-25 10:00〜11-25 12:00 typhoon', expect.stringMatching(/^Create 20\d\d-/u)]);
    expect(outcome).toMatchObject({ liveOverrides: 1, problems: [] });
    expect(connect.openAt('business', '2026-11-25', 600)).toBe(true);
    // After the Saturday opening ended.
    connect.overrideCalls.length = 0;
    await run('2026-11-29T01:00:00Z');
    expect(writes()).toContain('Delete 臨時営業 2026-11-28 10:00〜11-28 15:00 saturday');
    expect(liveNames()).toEqual([]);
  });

  test('a damaged document keeps the live overrides in Connect as they are, plans the rest, and is e-mailed once', async () => {
    await storeLive([TYPHOON, HOLIDAY]);
    await run();
    connect.overrideCalls.length = 0;
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: LIVE_KEY, Body: '{"version":1,"revision":3,"overrides":[{"id":"x"' }));
    const outcome = await run();
    // Nothing deleted: the typhoon still closes, the holiday still opens (and its closed-day parts stay split).
    expect(writes()).toEqual([]);
    expect(liveNames()).toEqual(['臨時営業 2026-11-23 10:00〜11-23 15:00 holiday', '臨時休止 2026-11-25 10:00〜11-25 12:00 typhoon']);
    expect(connect.openAt('business', '2026-11-25', 600)).toBe(false);
    expect(connect.openAt('business', '2026-11-23', 720)).toBe(true);
    expect(outcome).toMatchObject({ liveOverrides: 0, mismatches: [], problems: [{ kind: 'live', items: ['document damaged'] }] });
    expect(mails()).toHaveLength(1);
    expect(mails()[0]!.subject).toBe(`[${SITE}] 臨時の休止・営業を Connect の営業時間に反映できません`);
    expect(mails()[0]!.message).toContain('臨時の休止・営業の文書が壊れています: not JSON — Connect にある臨時の上書き 2 件はそのまま残し');
    expect(lastDone()).toMatchObject({ OverrideSyncProblems: 1, OverrideSyncProblemsUnreported: 0 });
    // The same incident the next day: no second e-mail, still nothing deleted.
    await run('2026-11-22T01:00:00Z');
    expect(mails()).toHaveLength(1);
    expect(liveNames()).toHaveLength(2);
    // Repaired, with the typhoon cleared: the sync follows the document again, and the incident is over.
    await storeLive([{ ...TYPHOON, cleared: { by: 'local:ops', at: '2026-11-22T01:00:00.000Z' } }, HOLIDAY], 4);
    const repaired = await run('2026-11-22T01:00:00Z');
    expect(repaired.problems).toEqual([]);
    expect(liveNames()).toEqual(['臨時営業 2026-11-23 10:00〜11-23 15:00 holiday']);
    expect(logs).toContainEqual(expect.objectContaining({ event: 'problem-resolved', kind: 'live' }));
    expect(mails()).toHaveLength(1);
  });

  test('a document S3 refuses to give (access denied) is treated like a damaged one: the live overrides in Connect stay', async () => {
    await storeLive([TYPHOON]);
    await run();
    connect.overrideCalls.length = 0;
    // The real bucket for everything else; the live document's read refused, as a role without the grant would be.
    const refusing = {
      send: (command: GetObjectCommand) =>
        command instanceof GetObjectCommand && command.input.Key === LIVE_KEY
          ? Promise.reject(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }))
          : s3.client.send(command),
    } as unknown as S3Client;
    const outcome = await run(NOW, environment(), undefined, refusing);
    expect(writes()).toEqual([]);
    expect(liveNames()).toEqual(['臨時休止 2026-11-25 10:00〜11-25 12:00 typhoon']);
    expect(outcome.problems).toEqual([{ kind: 'live', items: ['document unreadable'] }]);
    expect(mails()[0]!.message).toContain('臨時の休止・営業の文書が読めません: AccessDenied');
    expect(logs).toContainEqual(expect.objectContaining({ event: 'live-not-used', state: 'unreadable' }));
  });

  test('no document at all is no live override (and no problem)', async () => {
    const outcome = await run();
    expect(outcome).toMatchObject({ liveOverrides: 0, problems: [] });
    expect(logs).toContainEqual(expect.objectContaining({ event: 'plan', live: 'none' }));
  });

  test('too few slots: live ones first, one without a slot is e-mailed by id, and the closed days fall short', async () => {
    await storeLive([TYPHOON, SATURDAY, liveOverride('third', 'close', '2026-12-01T10:00', '2026-12-01T12:00')]);
    const outcome = await run(NOW, environment({ maxOverrides: 2 }));
    expect(liveNames()).toEqual(['臨時休止 2026-11-25 10:00〜11-25 12:00 typhoon', '臨時営業 2026-11-28 10:00〜11-28 15:00 saturday']);
    expect(outcome.overrides).toBe(0);
    expect(outcome.problems).toEqual([
      { kind: 'live', items: ['no-slot third'] },
      { kind: 'short', items: ['short'] },
    ]);
    expect(mails()).toHaveLength(1);
    expect(mails()[0]!.subject).toBe(`[${SITE}] 臨時の休止・営業を Connect の営業時間に反映できません`);
    expect(mails()[0]!.message).toContain('臨時休止 third');
    expect(mails()[0]!.message).toContain('臨時の休止・営業が先に 2 件使っています');
  });

  test('a live closure in place but not in effect is a mismatch named after it', async () => {
    await storeLive([TYPHOON]);
    await run();
    connect.hoursById.get('closed-days')!.overrides.find((override) => override.name.endsWith(' typhoon'))!.inEffect = false;
    const outcome = await run();
    expect(outcome.mismatches).toEqual([
      { kind: 'open-during-live-closure', date: '2026-11-25', name: '臨時休止 2026-11-25 10:00〜11-25 12:00 typhoon', found: 'open 09:00-18:00' },
    ]);
    expect(mails()[0]!.message).toContain('臨時休止の時間なのに Connect の営業時間が開いています');
  });
});
