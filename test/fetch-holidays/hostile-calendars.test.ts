/**
 * Every hostile calendar through both doors a calendar comes in by: `cli holidays` (what ops try) and the fetcher
 * Lambda against the local S3 with a good list already stored (what runs every day). Each case must be refused with
 * its reason — the stored list untouched, one alert, no secret repeated — or accepted with exactly the right days.
 */
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildHolidayList } from '../../lambda/fetch-holidays/build-list';
import { fetchCalendar } from '../../lambda/fetch-holidays/fetch-calendar';
import type { LogRecord } from '../../lambda/shared/notice';
import { createHandler, FetcherEnvironment } from '../../lambda/fetch-holidays/wiring';
import { HolidayDay, parseHolidayList } from '../../lambda/shared/holiday-list';
import { runHolidaysCommand } from '../../lib/cli/holidays';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/load';
import { LocalS3, startLocalS3 } from '../support/local-s3';
import { BASE_FEED, HOSTILE_CASES, HostileCase, hostileSummary } from './hostile-calendars';
import { CalendarServer, serveCalendar, startCalendarServer, testPolicy } from './support';

const BUCKET = 'holiday-lists';
const TOPIC = 'arn:aws:sns:ap-northeast-1:111122223333:after-hours-alerts';
const NOW = '2026-11-21T00:00:00Z';

let s3: LocalS3;
let server: CalendarServer;
let scratch: string;
const sns = mockClient(SNSClient);
let logs: LogRecord[];

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  server = await startCalendarServer();
  scratch = mkdtempSync(path.join(tmpdir(), 'hostile-calendars-'));
});

afterAll(async () => {
  await server.close();
  await s3.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  logs = [];
});

function environment(key: string, feedPath: string, closedObservances: readonly string[] = []): FetcherEnvironment {
  return {
    bucket: BUCKET,
    listKey: key,
    alertTopicArn: TOPIC,
    siteName: 'test-site',
    policy: testPolicy({
      calendarUrl: server.https(feedPath),
      fetch: { timeoutMs: 15_000, maxBytes: 200_000, attempts: 2 },
      closedObservances: [...closedObservances],
    }),
  };
}

/** A site file for the CLI: the example site, closing on `closedObservances`. */
function siteFile(closedObservances: readonly string[]): string | undefined {
  if (closedObservances.length === 0) return undefined;
  const example = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as { holidays?: Record<string, unknown> };
  const file = path.join(scratch, `site-${closedObservances.join('-')}.json`);
  writeFileSync(file, JSON.stringify({ ...example, holidays: { ...example.holidays, closedObservances } }));
  return file;
}

function fetcherAt(instant: string, env: FetcherEnvironment) {
  return createHandler(
    {
      s3: s3.client,
      sns: new SNSClient({ region: 'ap-northeast-1' }),
      fetchCalendar: (url, limits) => fetchCalendar(url, limits, { ...server.fetchOptions, sleep: async () => undefined }),
      log: (record) => void logs.push(record),
      clock: () => new Date(instant),
    },
    env,
  );
}

async function storedBody(key: string): Promise<{ etag: string | undefined; body: string }> {
  const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { etag: head.ETag, body: (await object.Body?.transformToString()) ?? '' };
}

/** The days the undamaged feed gives, with an accepted case's legitimate name change applied. */
function expectedDays(change?: { date: string; name: string }, closedObservances: readonly string[] = []): HolidayDay[] {
  const base = buildHolidayList(BASE_FEED, testPolicy({ closedObservances: [...closedObservances] }), { now: new Date(NOW), sourceUrl: 'x' }).days;
  if (change === undefined) return [...base];
  return base.map((day) => (day.date === change.date && day.kind === 'holiday' ? { ...day, name: change.name } : day));
}

const byName = (days: readonly HolidayDay[]) => [...days].sort((a, b) => `${a.date}${a.kind}${a.name}`.localeCompare(`${b.date}${b.kind}${b.name}`));

let caseCounter = 0;

describe.each(HOSTILE_CASES.map((c, index) => [index + 1, c.damage, c.name, c] as const))(
  'hostile calendar %i (%s): %s',
  (_n, _damage, _name, hostile: HostileCase) => {
    test('cli holidays', async () => {
      caseCounter += 1;
      const feedPath = `/cli-${caseCounter}.ics`;
      server.route(feedPath, hostile.route);
      let stdout = '';
      let stderr = '';
      const config = siteFile(hostile.closedObservances ?? []);
      const code = await runHolidaysCommand(
        server.https(feedPath),
        config === undefined ? { json: true } : { json: true, config },
        {
          stdout: (text) => void (stdout += text),
          stderr: (text) => void (stderr += text),
          now: () => new Date(NOW),
          fetchOptions: { ...server.fetchOptions, sleep: async () => undefined },
        },
      );
      if ('refused' in hostile.expect) {
        expect(code).toBe(1);
        // The reason is the first line; retries may have printed progress lines before it.
        const reason = stderr.trimEnd().split('\n').at(-1) ?? '';
        expect(reason).toMatch(/^holidays: /);
        expect(reason).toMatch(hostile.expect.refused);
      } else {
        expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
        const printed = JSON.parse(stdout) as { days: HolidayDay[] };
        expect(byName(printed.days)).toEqual(byName(expectedDays(hostile.expect.nameChange, hostile.closedObservances)));
      }
      if (hostile.secret !== undefined) expect(stdout + stderr).not.toContain(hostile.secret);
    });

    test('the fetcher, with a good list stored', async () => {
      caseCounter += 1;
      const key = `hostile/${caseCounter}/list.json`;
      const feedPath = `/fetcher-${caseCounter}.ics`;
      // Six days ago the real feed was stored (younger than the weekly rewrite, so an equal list is "unchanged").
      server.route(feedPath, serveCalendar(BASE_FEED));
      await fetcherAt('2026-11-15T00:00:00Z', environment(key, feedPath, hostile.closedObservances))();
      const before = await storedBody(key);
      sns.resetHistory();
      logs = [];

      server.route(feedPath, hostile.route);
      const run = fetcherAt(NOW, environment(key, feedPath, hostile.closedObservances))();
      const mails = () =>
        sns.commandCalls(PublishCommand).map((call) => `${call.args[0].input.Subject ?? ''}\n${call.args[0].input.Message ?? ''}`);
      if ('refused' in hostile.expect) {
        await expect(run).rejects.toThrow(hostile.expect.refused);
        // The good list is untouched (same version, same bytes), and admins got exactly one alert naming the cause.
        expect(await storedBody(key)).toEqual(before);
        expect(mails()).toHaveLength(1);
        expect(mails()[0]).toMatch(/祝日リストの更新に失敗/);
        expect(mails()[0]).toMatch(hostile.expect.refused);
      } else {
        await expect(run).resolves.toMatchObject({ action: hostile.expect.nameChange === undefined ? 'unchanged' : 'written' });
        expect(byName(parseHolidayList((await storedBody(key)).body).days)).toEqual(
          byName(expectedDays(hostile.expect.nameChange, hostile.closedObservances)),
        );
      }
      if (hostile.secret !== undefined) {
        for (const mail of mails()) expect(mail).not.toContain(hostile.secret);
        expect(JSON.stringify(logs)).not.toContain(hostile.secret);
      }
    });
  },
);

describe('the catalogue and the README agree', () => {
  test('at least 40 cases, none wrong, and the README reliability table states exactly these numbers', () => {
    const summary = hostileSummary();
    expect(summary.tried).toBeGreaterThanOrEqual(40);
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const row = `| ${summary.tried} | ${summary.refused} | ${summary.acceptedCorrectly} | ${summary.wrong} |`;
    expect(readme).toContain(row);
    // Every case is listed by name under its class (line breaks in the README read as spaces).
    const flowing = readme.replace(/\s+/g, ' ');
    for (const hostile of HOSTILE_CASES) expect(flowing).toContain(hostile.name);
  });
});
