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
import type { FlowAction, FlowDocument } from './flow-document';
import { PLACEHOLDER_PATTERN } from './flow-document';
import { MENU_ENTRY, menuActions } from './menu';
import { ssmlEscape } from './ssml';

/** The template for the after-hours line. */
export const AFTER_HOURS_FLOW_TEMPLATE = path.join(__dirname, '..', '..', 'contact-flows', 'after-hours.json');

/** The template for the customer-queue flow of a queue-routed line. */
export const CUSTOMER_QUEUE_FLOW_TEMPLATE = path.join(__dirname, '..', '..', 'contact-flows', 'customer-queue.json');

/** Where an in-hours call goes to reach staff on the external number (the template's first block of that path). */
export const EXTERNAL_STAFF_ENTRY = 'record-transferred';

/**
 * Where an in-hours call goes to reach staff through the Connect queue: a live opening skips the queue's hours
 * check (the opening may lie outside the weekly hours, and reach Connect's overrides only after the sync).
 */
export const QUEUE_STAFF_ENTRY = 'queue-live-open';

/** The template's blocks that transfer to the external staff number: dropped for a queue-routed line. */
export const EXTERNAL_STAFF_BLOCKS: readonly string[] = ['record-transferred', 'transfer-to-staff', 'record-transfer-failed', 'play-transfer-failed'];

/** The template's blocks that put the caller in the queue: dropped for a line that transfers to an external number. */
export const QUEUE_STAFF_BLOCKS: readonly string[] = [
  'queue-live-open',
  'record-opened-live',
  'queue-check-hours',
  'record-queue-closed',
  'play-queue-closed',
  'set-queue',
  'set-queue-flow',
  'record-queued',
  'transfer-to-queue',
  'record-queue-full',
  'record-queue-failed',
  'play-queue-full',
];

/** The block that plays the in-hours announcement: with a menu, it leads to the menu. */
const IN_HOURS_BLOCK = 'play-in-hours';

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
  /** The queue in-hours callers wait in (queue-routed lines only). */
  readonly queueArn?: string;
  /** The customer-queue flow those callers hear (queue-routed lines only). */
  readonly customerQueueFlowArn?: string;
}

/** Stand-in references for rendering without a deployment (simulator, diagram, tests). */
export const EXAMPLE_FLOW_REFS: FlowResourceRefs = {
  checkerFunctionArn: 'arn:aws:lambda:ap-northeast-1:111122223333:function:is-holiday-checker',
  hoursOfOperationArn:
    'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000/operating-hours/00000000-0000-0000-0000-000000000001',
  queueArn:
    'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000/queue/00000000-0000-0000-0000-000000000002',
  customerQueueFlowArn:
    'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000/contact-flow/00000000-0000-0000-0000-000000000003',
};

/** The JSONPath the flow reads the checker's holiday name from. */
export const HOLIDAY_NAME_PATH = '$.External.holidayName';

/** The JSONPath of a live closure's reason. */
export const LIVE_REASON_PATH = '$.External.liveReason';

/** The JSONPath of the sentence saying when the line next opens. */
export const NEXT_OPEN_PATH = '$.External.nextOpen';

/** The JSONPath of the caller's place in the queue, loaded by the customer-queue flow's GetMetricData. */
export const POSITION_IN_QUEUE_PATH = '$.Metrics.Contact.PositionInQueue';

/** Silence after each hold message, so a waiting caller is not talked at without a pause (Polly's longest break). */
export const HOLD_SILENCE = '<break time="10s"/>';

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

/** The queue's texts and references, when the line routes to a queue. */
function queuePlaceholderValues(config: SiteConfig, refs: FlowResourceRefs): Record<string, string> {
  const queue = config.routing?.queue;
  if (queue === undefined) return {};
  const values: Record<string, string> = {
    QueueFullText: announcementForFlow(queue.fullText, config),
    QueueClosedText: announcementForFlow(queue.closedText, config),
    PositionText: spliceDelimitedReference(announcementForFlow(queue.positionText, config), '{position}', POSITION_IN_QUEUE_PATH),
    // Spaces keep an attribute reference at either end of the text apart from the tags.
    HoldSsml: `<speak> ${ssmlEscape(announcementForFlow(queue.holdText, config))} ${HOLD_SILENCE}</speak>`,
    RepeatSeconds: String(queue.repeatSeconds),
  };
  if (refs.queueArn !== undefined) values.QueueArn = refs.queueArn;
  if (refs.customerQueueFlowArn !== undefined) values.CustomerQueueFlowArn = refs.customerQueueFlowArn;
  return values;
}

/** Every placeholder value of the after-hours template for a site. */
export function flowPlaceholderValues(config: SiteConfig, refs: FlowResourceRefs): Record<string, string> {
  const { announcements } = config;
  return {
    ...queuePlaceholderValues(config, refs),
    ...(config.staffNumber === undefined ? {} : { StaffNumber: config.staffNumber }),
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

function retarget(action: FlowAction, from: string, to: string): FlowAction {
  const swap = (target: string): string => (target === from ? to : target);
  const { NextAction: next, Errors: errors, Conditions: conditions } = action.Transitions;
  return {
    ...action,
    Transitions: {
      ...(next === undefined ? {} : { NextAction: swap(next) }),
      ...(conditions === undefined ? {} : { Conditions: conditions.map((entry) => ({ ...entry, NextAction: swap(entry.NextAction) })) }),
      ...(errors === undefined ? {} : { Errors: errors.map((entry) => ({ ...entry, NextAction: swap(entry.NextAction) })) }),
    },
  };
}

/**
 * The after-hours template cut to the site's way of reaching staff: the external transfer, or the queue (the
 * template holds both; the other path's blocks go, and the in-hours path is pointed at the one kept).
 */
function staffPathOf(template: FlowDocument, config: SiteConfig): FlowDocument {
  const queue = config.routing?.queue !== undefined;
  const dropped = new Set(queue ? EXTERNAL_STAFF_BLOCKS : QUEUE_STAFF_BLOCKS);
  const actions = template.Actions.filter((action) => !dropped.has(action.Identifier));
  return { ...template, Actions: queue ? actions.map((action) => retarget(action, EXTERNAL_STAFF_ENTRY, QUEUE_STAFF_ENTRY)) : actions };
}

/** Where an in-hours caller goes to reach staff on this site. */
export function staffEntryOf(config: SiteConfig): string {
  return config.routing?.queue === undefined ? EXTERNAL_STAFF_ENTRY : QUEUE_STAFF_ENTRY;
}

/** The menu spliced in after the in-hours announcement (a site without one is returned as it is). */
function withMenu(flow: FlowDocument, config: SiteConfig): FlowDocument {
  if (config.menu === undefined) return flow;
  const staffEntry = staffEntryOf(config);
  const menu = menuActions(config.menu, staffEntry, (text) => announcementForFlow(text, config));
  const actions = flow.Actions.flatMap((action) =>
    action.Identifier === IN_HOURS_BLOCK ? [retarget(action, staffEntry, MENU_ENTRY), ...menu] : [action],
  );
  return { ...flow, Actions: actions };
}

/** The site's after-hours flow, rendered: what deploys, and what the simulator walks. */
export function renderContactFlow(
  config: SiteConfig,
  refs: FlowResourceRefs,
  templatePath: string = AFTER_HOURS_FLOW_TEMPLATE,
): FlowDocument {
  // The menu goes in after the placeholders are filled: its texts are values, never scanned for placeholders.
  return withMenu(renderFlowTemplate(staffPathOf(readFlowTemplate(templatePath), config), flowPlaceholderValues(config, refs)), config);
}

/**
 * The customer-queue flow of a queue-routed site (undefined for one that transfers to an external number): the
 * caller's place in the queue, then hold audio until the next announcement, and an apology when the hours end.
 */
export function renderCustomerQueueFlow(
  config: SiteConfig,
  refs: FlowResourceRefs,
  templatePath: string = CUSTOMER_QUEUE_FLOW_TEMPLATE,
): FlowDocument | undefined {
  const queue = config.routing?.queue;
  if (queue === undefined) return undefined;
  const flow = renderFlowTemplate(readFlowTemplate(templatePath), flowPlaceholderValues(config, refs));
  const holdPromptArn = queue.holdPromptArn;
  if (holdPromptArn === undefined) return flow;
  // Hold music from one of the instance's prompts instead of the spoken hold text.
  return {
    ...flow,
    Actions: flow.Actions.map((action) =>
      action.Type === 'MessageParticipantIteratively' ? { ...action, Parameters: { ...action.Parameters, Messages: [{ PromptId: holdPromptArn }] } } : action,
    ),
  };
}
