/**
 * A fake Amazon Connect for the custom resource's and the override sync's tests. Connect has no local stand-in, so
 * the client is mocked — but the fake answers by Connect's documented rules (API Reference: ListPhoneNumbersV2,
 * AssociatePhoneNumberContactFlow, DisassociatePhoneNumberContactFlow, UpdateInstanceAttribute,
 * DescribeInstanceAttribute, List/Create/Update/DeleteHoursOfOperationOverride, GetEffectiveHoursOfOperations):
 * parameter lengths, patterns and ranges, the values that exist, paging, "not found", the 50-override limit per hours
 * resource ("not adjustable"; a parent's overrides do not count toward a child's), one name per resource, and the
 * effective hours worked out with Connect's precedence (closed over open over temporary hours over the weekly hours,
 * each period from its start minute to just before its end). A call Connect would refuse is refused here, with the
 * exception Connect names. The effective-hours arithmetic here is written separately from the project's own
 * `hoursCheckAt`, so a test comparing the two can catch either.
 */
import {
  AccessDeniedException,
  AssociatePhoneNumberContactFlowCommand,
  ConnectClient,
  CreateHoursOfOperationOverrideCommand,
  DeleteHoursOfOperationOverrideCommand,
  DescribeInstanceAttributeCommand,
  DisassociatePhoneNumberContactFlowCommand,
  DuplicateResourceException,
  GetEffectiveHoursOfOperationsCommand,
  HoursOfOperationOverrideConfig,
  InvalidParameterException,
  LimitExceededException,
  ListHoursOfOperationOverridesCommand,
  ListPhoneNumbersV2Command,
  RecurrenceConfig,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateHoursOfOperationOverrideCommand,
  UpdateInstanceAttributeCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';

/** The attribute types UpdateInstanceAttribute accepts (API Reference, "Valid Values"). */
export const INSTANCE_ATTRIBUTE_TYPES = [
  'INBOUND_CALLS', 'OUTBOUND_CALLS', 'CONTACTFLOW_LOGS', 'CONTACT_LENS', 'AUTO_RESOLVE_BEST_VOICES', 'USE_CUSTOM_TTS_VOICES',
  'EARLY_MEDIA', 'MULTI_PARTY_CONFERENCE', 'HIGH_VOLUME_OUTBOUND', 'ENHANCED_CONTACT_MONITORING', 'ENHANCED_CHAT_MONITORING',
  'MULTI_PARTY_CHAT_CONFERENCE', 'MESSAGE_STREAMING',
] as const;

interface ClaimedNumber {
  readonly phoneNumberId: string;
  readonly phoneNumber: string;
  contactFlowId: string | undefined;
}

const meta = { $metadata: {} };
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
/** Connect's name and description patterns: no character of category C except CR, LF and tab. */
const NAME = /^[\P{C}\r\n\t]{1,127}$/u;
const DESCRIPTION = /^[\P{C}\r\n\t]{1,250}$/u;
const DATE = /^\d{4}-\d{2}-\d{2}$/u;
/** Overrides per hours resource (Administrator Guide: "not adjustable"). */
export const FAKE_OVERRIDE_LIMIT = 50;

/** One weekly period or override period, as Connect stores it. */
export interface FakePeriod {
  readonly day: (typeof DAYS)[number];
  readonly start: { readonly hours: number; readonly minutes: number };
  readonly end: { readonly hours: number; readonly minutes: number };
}

/** One override as the fake holds it. */
export interface FakeOverride {
  readonly id: string;
  name: string;
  description: string | undefined;
  config: FakePeriod[];
  from: string;
  till: string;
  type: 'STANDARD' | 'OPEN' | 'CLOSED' | undefined;
  recurrence: RecurrenceConfig | undefined;
  /** False: listed, but Connect does not apply it (what awscc#3064 reports for overrides made through CloudFormation). */
  inEffect: boolean;
}

/** One hours-of-operation resource. */
export interface FakeHours {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  timeZone: string;
  weekly: FakePeriod[];
  /** Parent hours IDs whose overrides this one inherits (at most 3). */
  parents: string[];
  overrides: FakeOverride[];
}

/** A civil date that exists, checked by its own digits (not through Date rollover). */
function realDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function nextDate(text: string, days = 1): string {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function weekdayOfDate(text: string): (typeof DAYS)[number] {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] as (typeof DAYS)[number];
}

type Interval = [number, number];

/** Minutes [start, end) of a period within its own day: an end of 00:00 (or not after the start) runs to midnight. */
function overrideInterval(period: FakePeriod): Interval {
  const start = period.start.hours * 60 + period.start.minutes;
  const end = period.end.hours * 60 + period.end.minutes;
  return [start, end <= start ? 1440 : end];
}

function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const merged: Interval[] = [];
  for (const [a, b] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

function subtract(intervals: readonly Interval[], cuts: readonly Interval[]): Interval[] {
  let result = union(intervals);
  for (const [c, d] of union(cuts)) {
    result = result.flatMap(([a, b]): Interval[] => (d <= a || c >= b ? [[a, b]] : [...(a < c ? [[a, c] as Interval] : []), ...(d < b ? [[d, b] as Interval] : [])]));
  }
  return result;
}

/** The weekly hours on one date: that weekday's periods, and the tail of the previous day's overnight periods. */
function weeklyIntervals(weekly: readonly FakePeriod[], date: string): Interval[] {
  const today = weekdayOfDate(date);
  const yesterday = DAYS[(DAYS.indexOf(today) + 6) % 7];
  const intervals: Interval[] = [];
  for (const period of weekly) {
    const start = period.start.hours * 60 + period.start.minutes;
    const end = period.end.hours * 60 + period.end.minutes;
    if (period.day === today) intervals.push([start, end <= start ? 1440 : end]);
    if (period.day === yesterday && end <= start) intervals.push([0, end]);
  }
  return union(intervals);
}

const slice = (minutes: number) => ({ Hours: Math.floor(minutes / 60) % 24, Minutes: minutes % 60 });
const invalid = (message: string) => new InvalidParameterException({ message, ...meta });
const notFound = (message: string) => new ResourceNotFoundException({ message, ...meta });

/** One fake instance: its numbers, flows and attributes, and which calls its caller's role may not make. */
export class FakeConnect {
  readonly numbers: ClaimedNumber[] = [];
  readonly flows = new Set<string>();
  readonly attributes = new Map<string, string>([['CONTACTFLOW_LOGS', 'false']]);
  /** Operations the caller's IAM role may not call (answered AccessDeniedException). */
  readonly denied = new Set<string>();
  /** How many numbers a ListPhoneNumbersV2 page holds when the caller does not say (Connect's own paging). */
  pageSize = 2;
  /** The hours resources, by ID. */
  readonly hoursById = new Map<string, FakeHours>();
  /** Every override call made, in order (`Create 2027-01-01 元日`, `Delete …`, `List`, `GetEffective`). */
  readonly overrideCalls: string[] = [];
  /** Throttle the next N calls of an operation (answered ThrottlingException, HTTP 429). */
  readonly throttled = new Map<string, number>();
  /** How many overrides a ListHoursOfOperationOverrides page holds at most, whatever the caller asks. */
  overridePageSize = 100;
  /** Runs before each CreateHoursOfOperationOverride is answered: someone else acting in between. */
  beforeCreate: (() => void) | undefined;
  /** Operations whose next call is carried out but its answer lost (the client sees a timeout). */
  readonly loseReplyOf = new Set<string>();
  private nextOverrideId = 1;
  readonly mock = mockClient(ConnectClient);

  constructor(readonly instanceId: string, readonly instanceArn: string) {
    this.mock.on(ListPhoneNumbersV2Command).callsFake((input: { TargetArn?: string; PhoneNumberPrefix?: string; MaxResults?: number; NextToken?: string }) => {
      this.allow('ListPhoneNumbersV2');
      if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 1000)) throw invalid('MaxResults must be 1-1000');
      if (input.TargetArn !== undefined && !/^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:(instance|traffic-distribution-group)\//u.test(input.TargetArn)) {
        throw invalid('TargetArn is not an instance or traffic distribution group ARN');
      }
      if (input.PhoneNumberPrefix !== undefined && !/^\+?[0-9]{1,18}$/u.test(input.PhoneNumberPrefix)) throw invalid('PhoneNumberPrefix must be digits');
      const matching = this.numbers.filter((n) => input.PhoneNumberPrefix === undefined || n.phoneNumber.startsWith(input.PhoneNumberPrefix));
      const start = input.NextToken === undefined ? 0 : Number(input.NextToken.replace('page-', ''));
      if (!Number.isInteger(start)) throw invalid('NextToken is not one this API issued');
      const size = input.MaxResults ?? this.pageSize;
      const page = matching.slice(start, start + size);
      return {
        ListPhoneNumbersSummaryList: page.map((n) => ({ PhoneNumberId: n.phoneNumberId, PhoneNumber: n.phoneNumber, InstanceId: this.instanceId, TargetArn: this.instanceArn })),
        ...(start + size < matching.length ? { NextToken: `page-${start + size}` } : {}),
      };
    });
    this.mock.on(AssociatePhoneNumberContactFlowCommand).callsFake((input: { InstanceId?: string; PhoneNumberId?: string; ContactFlowId?: string }) => {
      this.allow('AssociatePhoneNumberContactFlow');
      this.checkInstanceId(input.InstanceId);
      if (input.ContactFlowId === undefined || input.ContactFlowId.length > 500) throw invalid('ContactFlowId is required, at most 500 characters');
      const number = this.numbers.find((n) => n.phoneNumberId === input.PhoneNumberId);
      if (number === undefined) throw notFound(`phone number ${String(input.PhoneNumberId)} not found`);
      if (!this.flows.has(input.ContactFlowId)) throw notFound(`contact flow ${input.ContactFlowId} not found`);
      number.contactFlowId = input.ContactFlowId;
      return {};
    });
    this.mock.on(DisassociatePhoneNumberContactFlowCommand).callsFake((input: { InstanceId?: string; PhoneNumberId?: string }) => {
      this.allow('DisassociatePhoneNumberContactFlow');
      this.checkInstanceId(input.InstanceId);
      const number = this.numbers.find((n) => n.phoneNumberId === input.PhoneNumberId);
      if (number === undefined) throw notFound(`phone number ${String(input.PhoneNumberId)} not found`);
      number.contactFlowId = undefined;
      return {};
    });
    this.mock.on(UpdateInstanceAttributeCommand).callsFake((input: { InstanceId?: string; AttributeType?: string; Value?: string }) => {
      this.allow('UpdateInstanceAttribute');
      this.checkInstanceId(input.InstanceId);
      if (!(INSTANCE_ATTRIBUTE_TYPES as readonly string[]).includes(input.AttributeType ?? '')) throw invalid(`AttributeType ${String(input.AttributeType)} is not valid`);
      if (input.Value === undefined || input.Value.length === 0 || input.Value.length > 100) throw invalid('Value must be 1-100 characters');
      this.attributes.set(input.AttributeType as string, input.Value);
      return {};
    });
    this.mock.on(ListHoursOfOperationOverridesCommand).callsFake((input: { InstanceId?: string; HoursOfOperationId?: string; MaxResults?: number; NextToken?: string }) => {
      this.allow('ListHoursOfOperationOverrides');
      this.throttle('ListHoursOfOperationOverrides');
      this.checkInstanceId(input.InstanceId);
      const hours = this.hoursOrThrow(input.HoursOfOperationId);
      if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 100)) throw invalid('MaxResults must be 1-100');
      this.overrideCalls.push('List');
      const start = input.NextToken === undefined ? 0 : Number(input.NextToken.replace('overrides-', ''));
      if (!Number.isInteger(start)) throw invalid('NextToken is not one this API issued');
      const size = Math.min(input.MaxResults ?? 100, this.overridePageSize);
      const page = hours.overrides.slice(start, start + size);
      return {
        HoursOfOperationOverrideList: page.map((override) => ({
          HoursOfOperationOverrideId: override.id,
          HoursOfOperationId: hours.id,
          HoursOfOperationArn: hours.arn,
          Name: override.name,
          ...(override.description === undefined ? {} : { Description: override.description }),
          Config: override.config.map((period) => ({
            Day: period.day,
            StartTime: { Hours: period.start.hours, Minutes: period.start.minutes },
            EndTime: { Hours: period.end.hours, Minutes: period.end.minutes },
          })),
          EffectiveFrom: override.from,
          EffectiveTill: override.till,
          ...(override.type === undefined ? {} : { OverrideType: override.type }),
          ...(override.recurrence === undefined ? {} : { RecurrenceConfig: override.recurrence }),
        })),
        ...(start + size < hours.overrides.length ? { NextToken: `overrides-${start + size}` } : {}),
      };
    });
    this.mock.on(CreateHoursOfOperationOverrideCommand).callsFake((input: {
      InstanceId?: string; HoursOfOperationId?: string; Name?: string; Description?: string; Config?: HoursOfOperationOverrideConfig[];
      EffectiveFrom?: string; EffectiveTill?: string; OverrideType?: string; RecurrenceConfig?: RecurrenceConfig;
    }) => {
      this.allow('CreateHoursOfOperationOverride');
      this.beforeCreate?.();
      this.throttle('CreateHoursOfOperationOverride');
      this.checkInstanceId(input.InstanceId);
      const hours = this.hoursOrThrow(input.HoursOfOperationId);
      if (input.Name === undefined || input.EffectiveFrom === undefined || input.EffectiveTill === undefined) {
        throw invalid('Name, Config, EffectiveFrom and EffectiveTill are required');
      }
      this.checkOverrideFields(input);
      const config = this.readPeriods(input.Config);
      if (input.EffectiveFrom > input.EffectiveTill) throw invalid('EffectiveFrom is after EffectiveTill');
      if (hours.overrides.some((override) => override.name === input.Name)) {
        throw new DuplicateResourceException({ message: `an override named ${input.Name} exists`, ...meta });
      }
      if (hours.overrides.length >= FAKE_OVERRIDE_LIMIT) throw new LimitExceededException({ message: `at most ${FAKE_OVERRIDE_LIMIT} overrides`, ...meta });
      const override: FakeOverride = {
        id: this.newOverrideId(),
        name: input.Name,
        description: input.Description,
        config,
        from: input.EffectiveFrom,
        till: input.EffectiveTill,
        type: input.OverrideType as FakeOverride['type'],
        recurrence: input.RecurrenceConfig,
        inEffect: true,
      };
      hours.overrides.push(override);
      this.overrideCalls.push(`Create ${override.name}`);
      if (this.replyLost('CreateHoursOfOperationOverride')) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} });
      return { HoursOfOperationOverrideId: override.id };
    });
    this.mock.on(UpdateHoursOfOperationOverrideCommand).callsFake((input: {
      InstanceId?: string; HoursOfOperationId?: string; HoursOfOperationOverrideId?: string; Name?: string; Description?: string;
      Config?: HoursOfOperationOverrideConfig[]; EffectiveFrom?: string; EffectiveTill?: string; OverrideType?: string; RecurrenceConfig?: RecurrenceConfig;
    }) => {
      this.allow('UpdateHoursOfOperationOverride');
      this.throttle('UpdateHoursOfOperationOverride');
      this.checkInstanceId(input.InstanceId);
      const hours = this.hoursOrThrow(input.HoursOfOperationId);
      const override = hours.overrides.find((candidate) => candidate.id === input.HoursOfOperationOverrideId);
      if (override === undefined) throw notFound(`override ${String(input.HoursOfOperationOverrideId)} not found`);
      this.checkOverrideFields(input);
      const config = input.Config === undefined ? override.config : this.readPeriods(input.Config);
      const from = input.EffectiveFrom ?? override.from;
      const till = input.EffectiveTill ?? override.till;
      if (from > till) throw invalid('EffectiveFrom is after EffectiveTill');
      if (input.Name !== undefined && hours.overrides.some((other) => other !== override && other.name === input.Name)) {
        throw new DuplicateResourceException({ message: `an override named ${input.Name} exists`, ...meta });
      }
      override.name = input.Name ?? override.name;
      override.description = input.Description ?? override.description;
      override.config = config;
      override.from = from;
      override.till = till;
      override.type = (input.OverrideType as FakeOverride['type']) ?? override.type;
      override.recurrence = input.RecurrenceConfig ?? override.recurrence;
      override.inEffect = true;
      this.overrideCalls.push(`Update ${override.name}`);
      return {};
    });
    this.mock.on(DeleteHoursOfOperationOverrideCommand).callsFake((input: { InstanceId?: string; HoursOfOperationId?: string; HoursOfOperationOverrideId?: string }) => {
      this.allow('DeleteHoursOfOperationOverride');
      this.throttle('DeleteHoursOfOperationOverride');
      this.checkInstanceId(input.InstanceId);
      const hours = this.hoursOrThrow(input.HoursOfOperationId);
      const index = hours.overrides.findIndex((candidate) => candidate.id === input.HoursOfOperationOverrideId);
      if (index === -1) throw notFound(`override ${String(input.HoursOfOperationOverrideId)} not found`);
      const [removed] = hours.overrides.splice(index, 1);
      this.overrideCalls.push(`Delete ${removed?.name ?? ''}`);
      if (this.replyLost('DeleteHoursOfOperationOverride')) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} });
      return {};
    });
    this.mock.on(GetEffectiveHoursOfOperationsCommand).callsFake((input: { InstanceId?: string; HoursOfOperationId?: string; FromDate?: string; ToDate?: string }) => {
      this.allow('GetEffectiveHoursOfOperations');
      this.throttle('GetEffectiveHoursOfOperations');
      this.checkInstanceId(input.InstanceId);
      const hours = this.hoursOrThrow(input.HoursOfOperationId);
      if (input.FromDate === undefined || input.ToDate === undefined || !realDate(input.FromDate) || !realDate(input.ToDate)) {
        throw invalid('FromDate and ToDate must be dates written YYYY-MM-DD');
      }
      if (input.FromDate > input.ToDate) throw invalid('FromDate is after ToDate');
      this.overrideCalls.push('GetEffective');
      const effective: { Date: string; OperationalHours: { Start: { Hours: number; Minutes: number }; End: { Hours: number; Minutes: number } }[] }[] = [];
      const overrideHours: { Date: string; OverrideHours: { Start: object; End: object; OverrideName: string; OperationalStatus: string }[] }[] = [];
      for (let date = input.FromDate; date <= input.ToDate; date = nextDate(date)) {
        const day = this.effectiveDay(hours, date);
        effective.push({ Date: date, OperationalHours: day.open.map(([a, b]) => ({ Start: slice(a), End: slice(b) })) });
        if (day.applied.length > 0) {
          overrideHours.push({
            Date: date,
            OverrideHours: day.applied.flatMap(({ override, periods }) =>
              periods.map((period) => {
                const [a, b] = overrideInterval(period);
                return { Start: slice(a), End: slice(b), OverrideName: override.name, OperationalStatus: override.type === 'CLOSED' ? 'CLOSED' : 'OPEN' };
              }),
            ),
          });
        }
      }
      return { TimeZone: hours.timeZone, EffectiveHoursOfOperationList: effective, EffectiveOverrideHoursList: overrideHours };
    });
    this.mock.on(DescribeInstanceAttributeCommand).callsFake((input: { InstanceId?: string; AttributeType?: string }) => {
      this.allow('DescribeInstanceAttribute');
      this.checkInstanceId(input.InstanceId);
      if (!(INSTANCE_ATTRIBUTE_TYPES as readonly string[]).includes(input.AttributeType ?? '')) throw invalid(`AttributeType ${String(input.AttributeType)} is not valid`);
      return { Attribute: { AttributeType: input.AttributeType, Value: this.attributes.get(input.AttributeType as string) ?? 'false' } };
    });
  }

  /** Create an hours resource (what CloudFormation's AWS::Connect::HoursOfOperation does). */
  addHours(id: string, name: string, timeZone: string, weekly: FakePeriod[], parents: string[] = []): FakeHours {
    const hours: FakeHours = { id, arn: `${this.instanceArn}/operating-hours/${id}`, name, timeZone, weekly, parents, overrides: [] };
    this.hoursById.set(id, hours);
    return hours;
  }

  /** Add an override as someone else would (the console, another tool), bypassing nothing but the API. */
  addOverride(hoursId: string, override: Omit<FakeOverride, 'id' | 'inEffect' | 'recurrence'> & { recurrence?: RecurrenceConfig }): FakeOverride {
    const hours = this.hoursOrThrow(hoursId);
    const stored: FakeOverride = { ...override, id: this.newOverrideId(), recurrence: override.recurrence, inEffect: true };
    hours.overrides.push(stored);
    return stored;
  }

  /** What a CloudFormation update that drops overrides would leave: none. */
  wipeOverrides(hoursId: string): void {
    this.hoursOrThrow(hoursId).overrides = [];
  }

  /** The overrides on a resource, by name. */
  overrideNames(hoursId: string): string[] {
    return this.hoursOrThrow(hoursId).overrides.map((override) => override.name);
  }

  /** Whether the effective hours (weekly, inherited and own overrides) are open at `minuteOfDay` on `date`. */
  openAt(hoursId: string, date: string, minuteOfDay: number): boolean {
    return this.effectiveDay(this.hoursOrThrow(hoursId), date).open.some(([a, b]) => minuteOfDay >= a && minuteOfDay < b);
  }

  private newOverrideId(): string {
    const id = `ovr-${String(this.nextOverrideId).padStart(8, '0')}`;
    this.nextOverrideId += 1;
    return id;
  }

  private hoursOrThrow(hoursId: string | undefined): FakeHours {
    const key = hoursId?.includes('/operating-hours/') === true ? hoursId.slice(hoursId.lastIndexOf('/') + 1) : hoursId;
    const hours = key === undefined ? undefined : this.hoursById.get(key);
    if (hours === undefined) throw notFound(`hours of operation ${String(hoursId)} not found`);
    return hours;
  }

  /** The answer of a call that was carried out, lost on its way back (the client sees a timeout and may retry). */
  private replyLost(operation: string): boolean {
    if (!this.loseReplyOf.delete(operation)) return false;
    return true;
  }

  private throttle(operation: string): void {
    const left = this.throttled.get(operation) ?? 0;
    if (left > 0) {
      this.throttled.set(operation, left - 1);
      throw new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
    }
  }

  private readPeriods(config: HoursOfOperationOverrideConfig[] | undefined): FakePeriod[] {
    if (config === undefined) throw invalid('Config is required');
    if (config.length > 100) throw invalid('Config has at most 100 items');
    return config.map((entry) => {
      if (!(DAYS as readonly string[]).includes(entry.Day ?? '')) throw invalid(`Day ${String(entry.Day)} is not a valid value`);
      for (const time of [entry.StartTime, entry.EndTime]) {
        if (time === undefined || !Number.isInteger(time.Hours) || !Number.isInteger(time.Minutes)) throw invalid('StartTime and EndTime need Hours and Minutes');
        if ((time.Hours as number) < 0 || (time.Hours as number) > 23 || (time.Minutes as number) < 0 || (time.Minutes as number) > 59) {
          throw invalid('Hours must be 0-23 and Minutes 0-59');
        }
      }
      return {
        day: entry.Day as FakePeriod['day'],
        start: { hours: entry.StartTime?.Hours as number, minutes: entry.StartTime?.Minutes as number },
        end: { hours: entry.EndTime?.Hours as number, minutes: entry.EndTime?.Minutes as number },
      };
    });
  }

  private checkOverrideFields(input: { Name?: string; Description?: string; EffectiveFrom?: string; EffectiveTill?: string; OverrideType?: string; RecurrenceConfig?: RecurrenceConfig }): void {
    if (input.Name !== undefined && !NAME.test(input.Name)) throw invalid('Name must match ^[\\P{C}\\r\\n\\t]{1,127}$');
    if (input.Description !== undefined && !DESCRIPTION.test(input.Description)) throw invalid('Description must match ^[\\P{C}\\r\\n\\t]{1,250}$');
    for (const date of [input.EffectiveFrom, input.EffectiveTill]) {
      if (date !== undefined && !realDate(date)) throw invalid(`${date} is not a date written YYYY-MM-DD`);
    }
    if (input.OverrideType !== undefined && !['STANDARD', 'OPEN', 'CLOSED'].includes(input.OverrideType)) throw invalid(`OverrideType ${input.OverrideType} is not a valid value`);
    const pattern = input.RecurrenceConfig?.RecurrencePattern;
    if (input.RecurrenceConfig !== undefined && (pattern?.Frequency === undefined || pattern.Interval === undefined || pattern.Interval < 1)) {
      throw invalid('RecurrencePattern needs Frequency and a positive Interval');
    }
  }

  /** The effective hours of one date: open intervals in minutes, and the overrides that applied. */
  private effectiveDay(hours: FakeHours, date: string): { open: Interval[]; applied: { override: FakeOverride; periods: FakePeriod[] }[] } {
    const weekday = weekdayOfDate(date);
    const candidates = [...hours.overrides, ...hours.parents.flatMap((parent) => this.hoursById.get(parent)?.overrides ?? [])];
    const applied = candidates
      .filter((override) => override.inEffect && override.recurrence === undefined && override.from <= date && date <= override.till)
      .map((override) => ({ override, periods: override.config.filter((period) => period.day === weekday) }))
      .filter(({ override, periods }) => periods.length > 0 || override.type === 'STANDARD' || override.type === undefined);
    const of = (type: FakeOverride['type'] | 'STANDARD-ish') =>
      applied.filter(({ override }) => (type === 'STANDARD-ish' ? override.type === 'STANDARD' || override.type === undefined : override.type === type));
    const standard = of('STANDARD-ish');
    let open = standard.length > 0 ? union(standard.flatMap(({ periods }) => periods.map(overrideInterval))) : weeklyIntervals(hours.weekly, date);
    open = union([...open, ...of('OPEN').flatMap(({ periods }) => periods.map(overrideInterval))]);
    open = subtract(open, of('CLOSED').flatMap(({ periods }) => periods.map(overrideInterval)));
    return { open, applied };
  }

  /** Claim a number in the instance (what ops do in the console). */
  claim(phoneNumber: string, phoneNumberId: string): void {
    this.numbers.push({ phoneNumber, phoneNumberId, contactFlowId: undefined });
  }

  /** The flow a number points at, if any. */
  flowOf(phoneNumber: string): string | undefined {
    return this.numbers.find((n) => n.phoneNumber === phoneNumber)?.contactFlowId;
  }

  private allow(operation: string): void {
    if (this.denied.has(operation)) {
      throw new AccessDeniedException({ message: `not authorized to perform connect:${operation}`, ...meta });
    }
  }

  private checkInstanceId(instanceId: string | undefined): void {
    if (instanceId === undefined || instanceId.length < 1 || instanceId.length > 100) throw invalid('InstanceId must be 1-100 characters');
    if (instanceId !== this.instanceId && instanceId !== this.instanceArn) throw notFound(`instance ${instanceId} not found`);
  }
}
