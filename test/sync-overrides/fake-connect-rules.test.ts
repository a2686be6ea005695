/**
 * The Connect model the sync is tested against refuses what Connect documents it refuses, so a sync that would fail
 * against AWS fails here too.
 */
import {
  ConnectClient,
  CreateHoursOfOperationOverrideCommand,
  GetEffectiveHoursOfOperationsCommand,
  ListHoursOfOperationOverridesCommand,
} from '@aws-sdk/client-connect';
import { FAKE_OVERRIDE_LIMIT, FakeConnect, FakePeriod } from '../support/fake-connect';

const INSTANCE_ID = '00000000-1111-2222-3333-444444444444';
const INSTANCE_ARN = `arn:aws:connect:ap-northeast-1:111122223333:instance/${INSTANCE_ID}`;
const WHOLE_DAY = [{ Day: 'MONDAY', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } }];
const client = new ConnectClient({ region: 'ap-northeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
let connect: FakeConnect;

const create = (input: Record<string, unknown>) =>
  client.send(
    new CreateHoursOfOperationOverrideCommand({
      InstanceId: INSTANCE_ID,
      HoursOfOperationId: 'parent',
      Name: 'x',
      Config: WHOLE_DAY as never,
      EffectiveFrom: '2027-01-11',
      EffectiveTill: '2027-01-11',
      OverrideType: 'CLOSED',
      ...input,
    }),
  );

beforeEach(() => {
  connect?.mock.restore();
  connect = new FakeConnect(INSTANCE_ID, INSTANCE_ARN);
  connect.addHours('parent', 'parent', 'Asia/Tokyo', []);
  const weekly: FakePeriod[] = [{ day: 'MONDAY', start: { hours: 9, minutes: 0 }, end: { hours: 18, minutes: 0 } }];
  connect.addHours('child', 'child', 'Asia/Tokyo', weekly, ['parent']);
});
afterAll(() => connect.mock.restore());

test.each<[string, Record<string, unknown>, RegExp]>([
  ['a name with a control character', { Name: '祝\u0007日' }, /Name must match/u],
  ['a name of 128 characters', { Name: 'あ'.repeat(128) }, /Name must match/u],
  ['an empty name', { Name: '' }, /Name must match/u],
  ['a description of 251 characters', { Description: 'x'.repeat(251) }, /Description must match/u],
  ['a date that does not exist', { EffectiveFrom: '2027-02-30' }, /not a date written YYYY-MM-DD/u],
  ['a date written otherwise', { EffectiveTill: '2027/01/11' }, /not a date written YYYY-MM-DD/u],
  ['from after till', { EffectiveFrom: '2027-01-12' }, /EffectiveFrom is after EffectiveTill/u],
  ['24:00', { Config: [{ Day: 'MONDAY', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 24, Minutes: 0 } }] }, /Hours must be 0-23/u],
  ['a weekday that is not one', { Config: [{ Day: 'MON', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } }] }, /Day MON is not a valid value/u],
  ['an unknown type', { OverrideType: 'HOLIDAY' }, /OverrideType HOLIDAY is not a valid value/u],
  ['a recurrence without an interval', { RecurrenceConfig: { RecurrencePattern: { Frequency: 'YEARLY' } } }, /Interval/u],
  ['an hours resource that does not exist', { HoursOfOperationId: 'nope' }, /not found/u],
])('Create refuses %s', async (_name, input, message) => {
  await expect(create(input)).rejects.toThrow(message);
});

test('one name per resource; the 51st override meets the limit; a parent’s overrides do not count toward a child’s', async () => {
  await create({ Name: 'a' });
  await expect(create({ Name: 'a' })).rejects.toMatchObject({ name: 'DuplicateResourceException' });
  for (let i = 1; i < FAKE_OVERRIDE_LIMIT; i += 1) await create({ Name: `n${i}` });
  await expect(create({ Name: 'one too many' })).rejects.toMatchObject({ name: 'LimitExceededException' });
  expect(await create({ HoursOfOperationId: 'child', Name: 'own' })).toMatchObject({ HoursOfOperationOverrideId: expect.any(String) });
});

test('List pages at most 100 and refuses more; GetEffective refuses bad dates; a throttled call answers 429', async () => {
  await expect(client.send(new ListHoursOfOperationOverridesCommand({ InstanceId: INSTANCE_ID, HoursOfOperationId: 'parent', MaxResults: 101 }))).rejects.toThrow(/MaxResults/u);
  await expect(
    client.send(new GetEffectiveHoursOfOperationsCommand({ InstanceId: INSTANCE_ID, HoursOfOperationId: 'child', FromDate: '2027-01-12', ToDate: '2027-01-11' })),
  ).rejects.toThrow(/FromDate is after ToDate/u);
  connect.throttled.set('ListHoursOfOperationOverrides', 1);
  await expect(client.send(new ListHoursOfOperationOverridesCommand({ InstanceId: INSTANCE_ID, HoursOfOperationId: 'parent' }))).rejects.toMatchObject({
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 429 },
  });
});

test("the child's effective hours apply the parent's CLOSED override: Monday 2027-01-11 is closed, Monday 2027-01-18 open 09:00-18:00", async () => {
  await create({ Name: '2027-01-11 成人の日' });
  const answer = await client.send(
    new GetEffectiveHoursOfOperationsCommand({ InstanceId: INSTANCE_ID, HoursOfOperationId: 'child', FromDate: '2027-01-11', ToDate: '2027-01-18' }),
  );
  expect(answer.TimeZone).toBe('Asia/Tokyo');
  expect(answer.EffectiveHoursOfOperationList?.[0]).toEqual({ Date: '2027-01-11', OperationalHours: [] });
  expect(answer.EffectiveHoursOfOperationList?.[7]).toEqual({
    Date: '2027-01-18',
    OperationalHours: [{ Start: { Hours: 9, Minutes: 0 }, End: { Hours: 18, Minutes: 0 } }],
  });
  expect(answer.EffectiveOverrideHoursList).toEqual([
    { Date: '2027-01-11', OverrideHours: [{ Start: { Hours: 0, Minutes: 0 }, End: { Hours: 0, Minutes: 0 }, OverrideName: '2027-01-11 成人の日', OperationalStatus: 'CLOSED' }] },
  ]);
});

test('partial-day overrides: CLOSED cuts the weekly hours, OPEN adds hours, and CLOSED beats OPEN at the same minute', async () => {
  // Monday 2027-01-18 closed 12:00-13:00 (weekly 09:00-18:00); Saturday 2027-01-23 opened 10:00-15:00 and closed 14:00-00:00.
  await create({ Name: '臨時休止 lunch', EffectiveFrom: '2027-01-18', EffectiveTill: '2027-01-18', Config: [{ Day: 'MONDAY', StartTime: { Hours: 12, Minutes: 0 }, EndTime: { Hours: 13, Minutes: 0 } }] });
  await create({ Name: '臨時営業 saturday', OverrideType: 'OPEN', EffectiveFrom: '2027-01-23', EffectiveTill: '2027-01-23', Config: [{ Day: 'SATURDAY', StartTime: { Hours: 10, Minutes: 0 }, EndTime: { Hours: 15, Minutes: 0 } }] });
  await create({ Name: '臨時休止 evening', EffectiveFrom: '2027-01-23', EffectiveTill: '2027-01-23', Config: [{ Day: 'SATURDAY', StartTime: { Hours: 14, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } }] });
  const answer = await client.send(
    new GetEffectiveHoursOfOperationsCommand({ InstanceId: INSTANCE_ID, HoursOfOperationId: 'child', FromDate: '2027-01-18', ToDate: '2027-01-25' }),
  );
  const hours = (date: string) => answer.EffectiveHoursOfOperationList?.find((day) => day.Date === date)?.OperationalHours;
  expect(hours('2027-01-18')).toEqual([
    { Start: { Hours: 9, Minutes: 0 }, End: { Hours: 12, Minutes: 0 } },
    { Start: { Hours: 13, Minutes: 0 }, End: { Hours: 18, Minutes: 0 } },
  ]);
  expect(hours('2027-01-23')).toEqual([{ Start: { Hours: 10, Minutes: 0 }, End: { Hours: 14, Minutes: 0 } }]);
  // The next Monday, past the override's EffectiveTill, keeps its weekly hours.
  expect(hours('2027-01-25')).toEqual([{ Start: { Hours: 9, Minutes: 0 }, End: { Hours: 18, Minutes: 0 } }]);
  expect(answer.EffectiveOverrideHoursList?.find((day) => day.Date === '2027-01-23')?.OverrideHours?.map((hour) => `${hour.OverrideName} ${hour.OperationalStatus}`)).toEqual([
    '臨時営業 saturday OPEN',
    '臨時休止 evening CLOSED',
  ]);
});
