/**
 * Render a contact-flow template: substitute every `%Placeholder%` with a value from the site configuration or a
 * deployed resource. The stack renders with CDK tokens (resolved at deploy), the simulator and the diagram with
 * stand-in ARNs; both get the same document otherwise.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WEEKDAYS, Weekday } from '../../lambda/shared/civil-time';
import type { OpeningPeriod, SiteConfig } from '../config/site-config';
import { spliceDelimitedReference } from './attribute-references';
import { FlowDocument, PLACEHOLDER_PATTERN } from './flow-document';

/** The template for the after-hours line. */
export const AFTER_HOURS_FLOW_TEMPLATE = path.join(__dirname, '..', '..', 'contact-flows', 'after-hours.json');

/**
 * How long the flow waits for the checker, seconds. The checker's own Lambda timeout is the same, so a slow
 * invocation ends inside the flow's wait and Connect takes the error branch instead of retrying into its 8 s cap.
 */
export const CHECKER_TIME_LIMIT_SECONDS = 3;

/** The deployed resources a flow refers to. */
export interface FlowResourceRefs {
  /** The is-holiday checker's function ARN. */
  readonly checkerFunctionArn: string;
  /** The hours of operation ARN. */
  readonly hoursOfOperationArn: string;
}

/** Stand-in references for rendering without a deployment (simulator, diagram, tests). */
export const EXAMPLE_FLOW_REFS: FlowResourceRefs = {
  checkerFunctionArn: 'arn:aws:lambda:ap-northeast-1:111122223333:function:is-holiday-checker',
  hoursOfOperationArn:
    'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000/operating-hours/00000000-0000-0000-0000-000000000001',
};

/** The JSONPath the flow reads the checker's holiday name from. */
export const HOLIDAY_NAME_PATH = '$.External.holidayName';

/** The JSONPath of a live closure's reason. */
export const LIVE_REASON_PATH = '$.External.liveReason';

/** The JSONPath of the sentence saying when the line next opens. */
export const NEXT_OPEN_PATH = '$.External.nextOpen';

/** Each announcement placeholder the checker fills at call time, and the path of its answer. */
export const CHECKER_FILLED_PLACEHOLDERS: ReadonlyArray<readonly [placeholder: string, path: string]> = [
  ['{holidayName}', HOLIDAY_NAME_PATH],
  ['{reason}', LIVE_REASON_PATH],
  ['{nextOpen}', NEXT_OPEN_PATH],
];

/** A template names a placeholder nobody supplies a value for. */
export class FlowTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowTemplateError';
  }
}

const DAY_NAMES_JA: Readonly<Record<Weekday, string>> = {
  MONDAY: '月曜日',
  TUESDAY: '火曜日',
  WEDNESDAY: '水曜日',
  THURSDAY: '木曜日',
  FRIDAY: '金曜日',
  SATURDAY: '土曜日',
  SUNDAY: '日曜日',
};

// Callers think of the week as Monday first.
const WEEK_FROM_MONDAY: readonly Weekday[] = [...WEEKDAYS.slice(1), WEEKDAYS[0]];

function clockJa(clock: string): string {
  const [hours, minutes] = clock.split(':');
  return `${Number(hours)}時${minutes === '00' ? '' : `${Number(minutes)}分`}`;
}

function periodsJa(periods: readonly OpeningPeriod[]): string {
  return periods.map((period) => `${clockJa(period.start)}から${clockJa(period.end)}`).join('と');
}

/** The opening hours in Japanese words, e.g. `月曜日から金曜日の9時から18時`. */
export function describeBusinessHours(hours: SiteConfig['businessHours']): string {
  const groups: { days: Weekday[]; text: string }[] = [];
  for (const day of WEEK_FROM_MONDAY) {
    const periods = hours[day];
    if (periods === undefined || periods.length === 0) continue;
    const text = periodsJa(periods);
    const last = groups[groups.length - 1];
    const previousDay = WEEK_FROM_MONDAY[WEEK_FROM_MONDAY.indexOf(day) - 1];
    if (last !== undefined && last.text === text && last.days[last.days.length - 1] === previousDay) {
      last.days.push(day);
    } else {
      groups.push({ days: [day], text });
    }
  }
  return groups
    .map(({ days, text }) => {
      const first = DAY_NAMES_JA[days[0] as Weekday];
      const range =
        days.length === 1
          ? first
          : days.length === 2
            ? `${first}と${DAY_NAMES_JA[days[1] as Weekday]}`
            : `${first}から${DAY_NAMES_JA[days[days.length - 1] as Weekday]}`;
      return `${range}の${text}`;
    })
    .join('、');
}

/**
 * An announcement as the flow speaks it: `{businessHours}` in words; `{holidayName}`, `{reason}` and `{nextOpen}` as
 * the checker's answer with an ASCII space on each side (`本日は $.External.holidayName のため`).
 *
 * Glued to Japanese the path's end is undocumented (see `attribute-references.ts`). Of the two unambiguous forms,
 * spaces are the one AWS shows inside spoken text ("My name is $.Name"); the bracket form
 * `$.External.['holidayName']` is documented for names with special characters and, glued to text, only inside an
 * S3 prompt path, so nothing makes it the safer choice in a prompt. A space is not read out; at most it adds a short
 * pause before and after the name (unverified on a real call).
 */
export function announcementForFlow(text: string, config: SiteConfig): string {
  return CHECKER_FILLED_PLACEHOLDERS.reduce(
    (spliced, [placeholder, reference]) => spliceDelimitedReference(spliced, placeholder, reference),
    text.replaceAll('{businessHours}', describeBusinessHours(config.businessHours)),
  );
}

/** Every placeholder value of the after-hours template for a site. */
export function flowPlaceholderValues(config: SiteConfig, refs: FlowResourceRefs): Record<string, string> {
  const { announcements } = config;
  return {
    VoiceName: config.voice.name,
    VoiceEngine: config.voice.engine,
    CheckerFunctionArn: refs.checkerFunctionArn,
    CheckerTimeLimitSeconds: String(CHECKER_TIME_LIMIT_SECONDS),
    HoursOfOperationArn: refs.hoursOfOperationArn,
    InHoursText: announcementForFlow(announcements.inHours, config),
    AfterHoursText: announcementForFlow(announcements.afterHours, config),
    HolidayText: announcementForFlow(announcements.holiday, config),
    ClosureText: announcementForFlow(announcements.closure, config),
    EmergencyText: announcementForFlow(announcements.emergency, config),
    TransferFailedText: announcementForFlow(announcements.transferFailed, config),
    StaffNumber: config.staffNumber,
    CallerId: config.callerId,
    TransferRingSeconds: String(config.transferRingSeconds),
  };
}

function substitute(value: unknown, values: Readonly<Record<string, string>>, missing: Set<string>): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER_PATTERN, (token, name: string) => {
      const replacement = values[name];
      if (replacement === undefined) {
        missing.add(name);
        return token;
      }
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, values, missing));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, values, missing)]));
  }
  return value;
}

/**
 * Substitute `%Name%` placeholders in every string of a template, in one pass (a value is never re-scanned, so
 * announcement text may contain `%`). Throws {@link FlowTemplateError} listing placeholders with no value.
 */
export function renderFlowTemplate(template: FlowDocument, values: Readonly<Record<string, string>>): FlowDocument {
  const missing = new Set<string>();
  const rendered = substitute(template, values, missing) as FlowDocument;
  if (missing.size > 0) {
    throw new FlowTemplateError(`flow template placeholders with no value: ${[...missing].sort().join(', ')}`);
  }
  return rendered;
}

/** Read a flow template file. */
export function readFlowTemplate(templatePath: string = AFTER_HOURS_FLOW_TEMPLATE): FlowDocument {
  return JSON.parse(readFileSync(templatePath, 'utf8')) as FlowDocument;
}

/** The site's after-hours flow, rendered: what deploys, and what the simulator walks. */
export function renderContactFlow(
  config: SiteConfig,
  refs: FlowResourceRefs,
  templatePath: string = AFTER_HOURS_FLOW_TEMPLATE,
): FlowDocument {
  return renderFlowTemplate(readFlowTemplate(templatePath), flowPlaceholderValues(config, refs));
}
