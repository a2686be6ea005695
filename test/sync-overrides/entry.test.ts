import { syncEnvironment } from '../../lambda/sync-overrides/wiring';

const INSTANCE = 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444';
const full = {
  HOLIDAY_BUCKET: 'bucket',
  HOLIDAY_LIST_KEY: 'holidays/holiday-list.json',
  LIVE_OVERRIDES_KEY: 'live/overrides.json',
  SYNC_STATE_KEY: 'overrides/sync-state.json',
  ALERT_TOPIC_ARN: 'arn:aws:sns:ap-northeast-1:111122223333:alerts',
  SITE_NAME: 'site',
  SITE_TIME_ZONE: 'Asia/Tokyo',
  BUILTIN_CALENDAR: JSON.stringify({ closures: [{ from: '12-29', to: '01-03', reason: '年末年始' }], statutoryCorrections: [] }),
  CONNECT_INSTANCE_ARN: INSTANCE,
  OVERRIDE_HOURS_ARN: `${INSTANCE}/operating-hours/aaaa-1111`,
  CHECKED_HOURS_ARN: `${INSTANCE}/operating-hours/bbbb-2222`,
  MAX_OVERRIDES: '50',
};

test('reads every setting: the IDs out of the ARNs, the closures compiled in', () => {
  expect(syncEnvironment(full)).toEqual({
    bucket: 'bucket',
    listKey: 'holidays/holiday-list.json',
    liveKey: 'live/overrides.json',
    stateKey: 'overrides/sync-state.json',
    alertTopicArn: full.ALERT_TOPIC_ARN,
    siteName: 'site',
    timeZone: 'Asia/Tokyo',
    builtin: { closures: [{ from: '12-29', to: '01-03', reason: '年末年始' }], statutoryCorrections: [] },
    maxOverrides: 50,
    instanceId: '00000000-1111-2222-3333-444444444444',
    overrideHoursId: 'aaaa-1111',
    checkedHoursId: 'bbbb-2222',
  });
});

test.each(Object.keys(full))('a missing %s fails with its name', (name) => {
  expect(() => syncEnvironment({ ...full, [name]: undefined })).toThrow(`missing environment variable ${name}`);
});

test.each([
  ['CONNECT_INSTANCE_ARN', 'arn:aws:connect:ap-northeast-1:111122223333:instance', /CONNECT_INSTANCE_ARN must be an instance ARN/u],
  ['OVERRIDE_HOURS_ARN', `${INSTANCE}/queue/aaaa`, /OVERRIDE_HOURS_ARN must be an hours of operation ARN/u],
  ['CHECKED_HOURS_ARN', 'arn:aws:connect:ap-northeast-1:111122223333:instance/99999999-1111-2222-3333-444444444444/operating-hours/b', /of instance 00000000/u],
  ['MAX_OVERRIDES', '51', /MAX_OVERRIDES must be a whole number 1-50/u],
  ['MAX_OVERRIDES', '0', /MAX_OVERRIDES must be a whole number 1-50/u],
  ['MAX_OVERRIDES', '2.5', /MAX_OVERRIDES must be a whole number 1-50/u],
  ['SITE_TIME_ZONE', 'Mars/Base', /not an IANA time zone/u],
  ['BUILTIN_CALENDAR', '{', /BUILTIN_CALENDAR is not JSON/u],
])('%s = %s is refused', (name, value, message) => {
  expect(() => syncEnvironment({ ...full, [name]: value })).toThrow(message);
});

test('the Lambda module fails at cold start when a variable is missing, and loads with all of them', () => {
  const saved = { ...process.env };
  try {
    delete process.env.CONNECT_INSTANCE_ARN;
    jest.isolateModules(() => {
      expect(() => require('../../lambda/sync-overrides/index')).toThrow('missing environment variable CONNECT_INSTANCE_ARN');
    });
    Object.assign(process.env, full, { AWS_REGION: 'ap-northeast-1' });
    jest.isolateModules(() => {
      expect(typeof (require('../../lambda/sync-overrides/index') as { handler: unknown }).handler).toBe('function');
    });
  } finally {
    process.env = saved;
  }
});
