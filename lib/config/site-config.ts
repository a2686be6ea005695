/**
 * The site configuration: everything one after-hours line needs, after validation and defaults.
 *
 * Ops write a JSON file (see `config/example.json`); {@link loadSiteConfig} in `./load` reads it, checks every
 * field at once and returns this resolved, normalised shape (phone numbers in E.164, engine spelt as Polly spells
 * it, every default filled in).
 */
import type { Weekday } from '../../lambda/shared/civil-time';
import type { CalendarFetchLimits, Closure, HolidayListChecks, RemovalAllowance } from '../../lambda/shared/holiday-policy';
import type { StatutoryCorrection } from '../../lambda/shared/statutory-calendar';

/** The Amazon Connect instance the line lives in. */
export type ConnectInstanceConfig =
  | {
      /** An existing instance, e.g. `arn:aws:connect:ap-northeast-1:111122223333:instance/<uuid>`. */
      readonly instanceArn: string;
    }
  | {
      /** Create a new instance with this alias (then claim the number in the console and deploy again). */
      readonly createInstanceAlias: string;
    };

/** One opening period within a day, on the site's wall clock. */
export interface OpeningPeriod {
  /** `HH:MM`, 00:00-23:59. */
  readonly start: string;
  /** `HH:MM`, after `start`; `24:00` means the end of the day. */
  readonly end: string;
}

/** Polly voices that speak Japanese, and the engines each supports. */
export const JAPANESE_VOICES: Readonly<Record<string, readonly VoiceEngine[]>> = {
  Mizuki: ['Standard'],
  Takumi: ['Standard', 'Neural'],
  Kazuha: ['Neural'],
  Tomoko: ['Neural'],
};

/** A Polly engine as the flow language spells it. */
export type VoiceEngine = 'Standard' | 'Neural';

/** The text-to-speech voice callers hear. */
export interface VoiceConfig {
  /** @default 'Kazuha' */
  readonly name: string;
  /** @default 'Neural' */
  readonly engine: VoiceEngine;
}

/**
 * What callers hear. `{holidayName}` in `holiday` and `closure` is replaced by the checker's `holidayName` at call
 * time; `{businessHours}` anywhere is replaced at synth time by the opening hours in words.
 */
export interface Announcements {
  /** Read before the transfer during business hours (about a minute). */
  readonly inHours: string;
  /** Outside business hours on an ordinary day. */
  readonly afterHours: string;
  /** On a statutory holiday or a closed observance. */
  readonly holiday: string;
  /** On a company closure day (年末年始). */
  readonly closure: string;
  /** When staff do not answer or the transfer fails. */
  readonly transferFailed: string;
}

/** The holiday calendar and when it is fetched. */
export interface HolidayCalendarConfig {
  /** iCalendar URL. @default the Google Japanese holiday feed */
  readonly calendarUrl: string;
  /** Observances (by name) that close the line, e.g. `["銀行休業日"]`. @default [] */
  readonly closedObservances: readonly string[];
  /**
   * When to fetch, on the site's wall clock: `HH:MM` for daily, or an EventBridge Scheduler `cron(...)` expression.
   * @default '06:00'
   */
  readonly fetchSchedule: string;
  /** Checks a new list must pass. */
  readonly checks: HolidayListChecks;
  /**
   * Dates where an admin confirmed the second source (holiday_jp) is wrong or behind: `statutory: true` for a new
   * law's holiday it does not know, `false` for a day it lists that is not one. The feed must agree with the
   * corrected second source. @default []
   */
  readonly statutoryCorrections: readonly StatutoryCorrection[];
  /** Closed days an admin confirmed may disappear from the stored list (they are business days now). @default [] */
  readonly allowRemoval: readonly RemovalAllowance[];
  /** Fetch limits. */
  readonly fetch: CalendarFetchLimits;
  /** Rewrite an unchanged list after this many days, so its age proves the fetcher runs. @default 7 */
  readonly rewriteUnchangedAfterDays: number;
}

/** How the is-holiday checker answers. */
export interface CheckerConfig {
  /** Re-check the stored list at most this often per container. @default 5 */
  readonly revalidateMinutes: number;
  /** A list older than this answers `dataStatus: "stale"`. @default 10 */
  readonly maxListAgeDays: number;
  /** With no readable list, answer "closed" (true) or let callers reach the hours check (false). @default false */
  readonly fallbackClosed: boolean;
}

/** The whole, validated site configuration. */
export interface SiteConfig {
  /** Names the stack and its resources: letters, digits and hyphens. @default 'after-hours' */
  readonly siteName: string;
  /** The Connect instance. */
  readonly connect: ConnectInstanceConfig;
  /** The Connect number callers dial, already claimed in the instance (E.164). */
  readonly phoneNumber: string;
  /** Associate `phoneNumber` with the flow on deploy. @default true */
  readonly associatePhoneNumber: boolean;
  /** The external number staff answer: the transfer destination (E.164). */
  readonly staffNumber: string;
  /** The caller ID staff see on a transfer (E.164). @default phoneNumber */
  readonly callerId: string;
  /** How long the staff number may ring before the transfer counts as failed, seconds (1-600). @default 30 */
  readonly transferRingSeconds: number;
  /** IANA time zone of the site. @default 'Asia/Tokyo' */
  readonly timeZone: string;
  /** Opening periods per weekday; a weekday not listed is closed all day. @default Monday-Friday 09:00-18:00 */
  readonly businessHours: Readonly<Partial<Record<Weekday, readonly OpeningPeriod[]>>>;
  /** The text-to-speech voice. */
  readonly voice: VoiceConfig;
  /** What callers hear. */
  readonly announcements: Announcements;
  /** The holiday calendar. */
  readonly holidays: HolidayCalendarConfig;
  /** Company closures. @default [] */
  readonly closures: readonly Closure[];
  /** Who is e-mailed when something goes wrong. */
  readonly alertEmails: readonly string[];
  /** How the checker answers. */
  readonly checker: CheckerConfig;
  /** CloudWatch Logs retention for every log group, in days (a value CloudWatch offers). @default 90 */
  readonly logRetentionDays: number;
}

/** The default calendar: Google's Japanese holidays (statutory holidays plus observances since 2024). */
export const GOOGLE_JAPANESE_HOLIDAYS_URL =
  'https://www.google.com/calendar/ical/ja.japanese%23holiday%40group.v.calendar.google.com/public/basic.ics';
