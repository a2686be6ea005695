/**
 * Builders shared by the checker's tests: holiday lists, Connect events, and an S3 request counter.
 */
import type { HoursOfOperationEntry } from '../../lambda/shared/connect-hours';
import type { ConnectContactFlowEvent } from 'aws-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { HOLIDAY_LIST_FORMAT_VERSION, HolidayDay, HolidayList } from '../../lambda/shared/holiday-list';

/** The caller's number in every test event: it must never appear in a log line. */
export const CALLER_NUMBER = '+819012345678';

/** A valid list in Asia/Tokyo; override any field. */
export function holidayList(overrides: Partial<HolidayList> = {}): HolidayList {
  return {
    formatVersion: HOLIDAY_LIST_FORMAT_VERSION,
    sourceUrl: 'https://calendar.example.invalid/basic.ics',
    fetchedAt: '2026-11-20T21:00:00.000Z',
    timeZone: 'Asia/Tokyo',
    coverage: { from: '2025-01-01', to: '2027-12-31' },
    days: [
      day('2026-01-01', '元日', 'holiday'),
      day('2026-11-03', '文化の日', 'holiday'),
      day('2026-11-15', '七五三', 'observance', false),
      day('2026-11-23', '勤労感謝の日', 'holiday'),
      day('2026-12-29', '年末年始', 'closure'),
    ],
    ...overrides,
  };
}

/** One list entry; closed unless said otherwise. */
export function day(date: string, name: string, kind: HolidayDay['kind'], closed = true): HolidayDay {
  return { date, name, kind, closed };
}

/** A Connect invocation as the flow sends it, with a caller number that must not be logged. */
export function contactFlowEvent(contactId = 'contact-0001'): ConnectContactFlowEvent {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: contactId,
        CustomerEndpoint: { Address: CALLER_NUMBER, Type: 'TELEPHONE_NUMBER' },
        InitialContactId: contactId,
        InitiationMethod: 'INBOUND',
        InstanceARN: 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444',
        PreviousContactId: contactId,
        Queue: null,
        SystemEndpoint: { Address: '+815012345678', Type: 'TELEPHONE_NUMBER' },
        MediaStreams: { Customer: { Audio: null } },
      },
      Parameters: {},
    },
  } as unknown as ConnectContactFlowEvent;
}

/** One HTTP request the client sent (per attempt, after retries are split out). */
export interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly ifNoneMatch: string | undefined;
}

/**
 * Record every HTTP request `client` sends. Sits in the deserialize step, inside the retry loop, so each attempt
 * counts: what the server would see.
 */
export function recordRequests(client: S3Client): SentRequest[] {
  const sent: SentRequest[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { method?: string; path?: string; headers?: Record<string, string> };
      sent.push({
        method: request.method ?? '',
        path: request.path ?? '',
        ifNoneMatch: request.headers?.['if-none-match'],
      });
      return next(args);
    },
    { step: 'deserialize', name: 'recordRequests' },
  );
  return sent;
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private ms: number) {}
  /** Epoch milliseconds now. */
  readonly now = (): number => this.ms;
  /** The current instant as a Date. */
  readonly date = (): Date => new Date(this.ms);
  /** Move forward. */
  advance(ms: number): void {
    this.ms += ms;
  }
  /** Jump to an ISO instant. */
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}

/** Monday to Friday 09:00-18:00, as Connect holds the example site's weekly hours. */
export const WEEKDAY_HOURS: readonly HoursOfOperationEntry[] = (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => ({
  day,
  startTime: { hours: 9, minutes: 0 },
  endTime: { hours: 18, minutes: 0 },
}));
