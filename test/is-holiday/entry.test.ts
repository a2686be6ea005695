/**
 * The Lambda entry as deployed: settings from the environment, the module-scope client, raw stdout lines.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { CheckerResult } from '../../lambda/shared/decision';
import { REFRESH_EVENT } from '../../lambda/is-holiday/refresh-event';
import { checkerSettingsFromEnv, EMPTY_RETRY_MAX_MS } from '../../lambda/is-holiday/settings';
import { addLiveOverride, EMPTY_LIVE_OVERRIDES, serializeLiveOverrides } from '../../lambda/shared/live-overrides';
import { ENV } from '../../lambda/shared/metrics';
import { startLocalS3 } from '../support/local-s3';
import { CALLER_NUMBER, contactFlowEvent, holidayList, WEEKDAY_HOURS } from './fixtures';

const VALID_ENV: NodeJS.ProcessEnv = {
  [ENV.holidayBucket]: 'holiday-lists',
  [ENV.holidayListKey]: 'example-support/holiday-list.json',
  [ENV.siteName]: 'example-support',
  [ENV.siteTimeZone]: 'Asia/Tokyo',
  [ENV.revalidateMinutes]: '5',
  [ENV.maxListAgeDays]: '10',
  [ENV.fallbackClosed]: 'false',
  [ENV.builtinCalendar]: JSON.stringify({ closures: [{ from: '12-29', to: '01-03', reason: '年末年始' }], statutoryCorrections: [] }),
  [ENV.liveOverridesKey]: 'live/overrides.json',
  [ENV.businessHours]: JSON.stringify(WEEKDAY_HOURS),
};

describe('checkerSettingsFromEnv', () => {
  test('reads every setting', () => {
    expect(checkerSettingsFromEnv(VALID_ENV)).toEqual({
      bucket: 'holiday-lists',
      listKey: 'example-support/holiday-list.json',
      siteName: 'example-support',
      timeZone: 'Asia/Tokyo',
      revalidateMs: 300_000,
      emptyRetryMs: EMPTY_RETRY_MAX_MS,
      maxAgeMs: 864_000_000,
      fallbackClosed: false,
      builtin: { closures: [{ from: '12-29', to: '01-03', reason: '年末年始' }], statutoryCorrections: [] },
      liveKey: 'live/overrides.json',
      weekly: WEEKDAY_HOURS,
    });
  });

  test.each([
    ['0.25', 15_000],
    ['1', 30_000],
  ])('REVALIDATE_MINUTES %s retries an empty cache every %i ms', (minutes, emptyRetryMs) => {
    expect(checkerSettingsFromEnv({ ...VALID_ENV, [ENV.revalidateMinutes]: minutes }).emptyRetryMs).toBe(emptyRetryMs);
  });

  test.each(Object.keys(VALID_ENV))('a missing %s fails with its name', (name) => {
    const env = { ...VALID_ENV };
    delete env[name];
    expect(() => checkerSettingsFromEnv(env)).toThrow(new RegExp(`missing environment variable ${name}`));
  });

  test.each([
    [ENV.siteTimeZone, 'Tokyo', /SITE_TIME_ZONE is not an IANA time zone/],
    [ENV.revalidateMinutes, 'five', /REVALIDATE_MINUTES must be a positive number/],
    [ENV.revalidateMinutes, '0', /REVALIDATE_MINUTES must be a positive number/],
    [ENV.maxListAgeDays, '-1', /MAX_LIST_AGE_DAYS must be a positive number/],
    [ENV.fallbackClosed, 'yes', /FALLBACK_CLOSED must be "true" or "false"/],
    [ENV.builtinCalendar, '{', /BUILTIN_CALENDAR is not JSON/],
    [ENV.builtinCalendar, '{"closures":[{}],"statutoryCorrections":[]}', /BUILTIN_CALENDAR must be \{"closures"/],
    [ENV.builtinCalendar, '{"closures":[],"statutoryCorrections":[{"date":"2026-02-30","statutory":true,"reason":"x"}]}', /BUILTIN_CALENDAR must be/],
    [ENV.businessHours, '{', /BUSINESS_HOURS is not JSON/],
    [ENV.businessHours, '[{"day":"MONDAY"}]', /BUSINESS_HOURS must be \[\{day/],
    [ENV.businessHours, '[{"day":"monday","startTime":{"hours":9,"minutes":0},"endTime":{"hours":18,"minutes":0}}]', /BUSINESS_HOURS must be/],
    [ENV.businessHours, '[{"day":"MONDAY","startTime":{"hours":24,"minutes":0},"endTime":{"hours":18,"minutes":0}}]', /BUSINESS_HOURS must be/],
  ])('%s=%s is refused', (name, value, message) => {
    expect(() => checkerSettingsFromEnv({ ...VALID_ENV, [name]: value })).toThrow(message);
  });
});

describe('lambda/is-holiday/index.ts', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  function loadHandler(): (event: unknown) => Promise<CheckerResult> {
    let loaded: { handler: (event: unknown) => Promise<CheckerResult> } | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('../../lambda/is-holiday/index') as typeof loaded;
    });
    if (loaded === undefined) throw new Error('module did not load');
    return loaded.handler;
  }

  test('a missing variable fails the cold start with its name', () => {
    process.env = { ...saved, ...VALID_ENV };
    delete process.env[ENV.holidayListKey];
    expect(loadHandler).toThrow(/HOLIDAY_LIST_KEY/);
  });

  test('answers from S3 and writes one raw JSON line per call to stdout', async () => {
    const s3 = await startLocalS3(['holiday-lists']);
    try {
      const list = holidayList({ fetchedAt: new Date().toISOString(), coverage: { from: '2000-01-01', to: '2099-12-31' } });
      await s3.client.send(
        new PutObjectCommand({ Bucket: 'holiday-lists', Key: 'example-support/holiday-list.json', Body: JSON.stringify(list) }),
      );
      // A live closure in force now, at the key the environment names.
      const now = new Date();
      const { document } = addLiveOverride(
        EMPTY_LIVE_OVERRIDES,
        { kind: 'close', from: new Date(now.getTime() - 3_600_000), until: new Date(now.getTime() + 3_600_000), reason: '台風の接近' },
        { by: 'arn:aws:iam::111122223333:user/ops', now, newId: 'typhoon' },
      );
      await s3.client.send(new PutObjectCommand({ Bucket: 'holiday-lists', Key: 'live/overrides.json', Body: serializeLiveOverrides(document) }));
      // The SDK reads its endpoint and credentials from the environment, as it does in Lambda.
      process.env = {
        ...saved,
        ...VALID_ENV,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_REGION: 'ap-northeast-1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      };
      const lines: string[] = [];
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
      const handler = loadHandler();
      const first = await handler(contactFlowEvent('entry-1'));
      const second = await handler(contactFlowEvent('entry-2'));
      // The refresh schedule's event re-reads the list and answers with what it found, not with a call's answer.
      const refreshed = (await handler(REFRESH_EVENT)) as unknown;
      jest.restoreAllMocks();

      expect(first.dataStatus).toBe('ok');
      expect(first).toMatchObject({ liveOverride: 'close', liveReason: '台風の接近' });
      expect(first.nextOpen).toMatch(/^次の受付は\d+月\d+日\(.\)\d+時(\d+分)?からです。$/);
      expect(second).toEqual(first);
      expect(refreshed).toEqual({ refreshed: 'unchanged', listHealth: 'ok', liveOverrides: 'unchanged' });
      expect(lines).toHaveLength(3);
      expect(JSON.parse(lines[2] as string)).toMatchObject({ message: 'holiday list refreshed', listCheck: { outcome: 'unchanged' } });
      for (const line of lines) {
        expect(line.endsWith('\n')).toBe(true);
        expect(line).not.toContain(CALLER_NUMBER.slice(1));
      }
      expect(JSON.parse(lines[0] as string)).toMatchObject({ contactId: 'entry-1', listCheck: { outcome: 'loaded' } });
      expect(JSON.parse(lines[1] as string)).not.toHaveProperty('listCheck');
    } finally {
      await s3.dispose();
    }
  });
});
