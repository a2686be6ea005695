/**
 * Walk a rendered contact flow as Amazon Connect would for one call at a given instant.
 *
 * The simulator reads the same flow JSON that deploys and follows its Transitions block by block. The two answers
 * that depend on the clock come from the project's own code: the hours check from the weekly hours the stack deploys
 * plus the closed-day overrides the sync would hold, combined as Connect combines them ({@link hoursCheckAt}); the
 * checker's answer from {@link answerCall}, the rule the checker Lambda runs (closed days, live overrides, when the
 * line next opens). So a release can be tried at 22:00
 * on a holiday without waiting for one, and with the checker failing.
 */
import { civilTimeIn, CivilDate, Weekday } from '../../lambda/shared/civil-time';
import { CheckerResult, indexHolidayList } from '../../lambda/shared/decision';
import type { HolidayList } from '../../lambda/shared/holiday-list';
import { answerCall, LineAnswer } from '../../lambda/shared/line-state';
import type { LiveOverride } from '../../lambda/shared/live-overrides';
import { builtinCalendarOf } from '../config/derive';
import type { SiteConfig } from '../config/site-config';
import { ssmlText } from './ssml';
import { fillAttributeReferences, singleAttributeReference } from './attribute-references';
import type { FlowAction, FlowDocument } from './flow-document';
import { hoursCheckAt, HoursOverride } from '../../lambda/shared/connect-hours';
import { closedDayOverridesFor, hoursOfOperationConfig, weekFrom, zonedInstant } from './hours';

/** Why the caller got what they got: `emergency` is a live closure, `open` includes a live opening. */
export type CallReason = 'open' | 'holiday' | 'closure' | 'after-hours' | 'emergency';

/** How the call ended: put through to the external number, waiting in the Connect queue, or hung up. */
export type CallOutcome = 'transfer' | 'queue' | 'disconnect';

/** A key the simulated caller presses at a menu, or `none` for no key within the time limit. */
export type MenuPress = string;

/** The `--press` value meaning "no key". */
export const NO_PRESS = 'none';

/** The prefix of a customer-queue block in a call's path (identifiers cannot contain `/`). */
export const CUSTOMER_QUEUE_PATH_PREFIX = 'customer-queue/';

/** One block the call passed through. */
export interface SimulatedStep {
  /** The action's Identifier. */
  readonly identifier: string;
  /** The action's Type. */
  readonly type: string;
  /** The branch taken: `next`, `True`, `Equals "true"`, `error NoMatchingError`, or `end`. */
  readonly branch: string;
  /** What happened in the block, for people (the text spoken, the checker's answer, the number dialled). */
  readonly detail?: string;
}

/** Everything one simulated call did. */
export interface CallSimulation {
  /** The instant simulated. */
  readonly at: Date;
  /** `transfer` when the call reached staff, otherwise `disconnect`. */
  readonly outcome: CallOutcome;
  /** What decided the outcome. */
  readonly reason: CallReason;
  /** The checker's holiday or closure name (empty when none, or when the checker failed). */
  readonly holidayName: string;
  /** Every text the caller hears, in order, with checker values filled in. */
  readonly prompts: readonly string[];
  /** The Identifiers visited, in order. */
  readonly path: readonly string[];
  /** The blocks visited, with the branch each took. */
  readonly steps: readonly SimulatedStep[];
  /** The checker's answer, or undefined when it failed or was never invoked. */
  readonly checker?: CheckerResult;
  /** The number dialled, on a transfer. */
  readonly transferTo?: string;
  /** The caller ID staff see, on a transfer. */
  readonly callerId?: string;
  /** The contact attributes the flows recorded (the outcome, the menu choice), as the contact record keeps them. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The queue the caller waits in, and their place in it, when the call was queued. */
  readonly queue?: { readonly queueId: string; readonly position: number };
}

/** The circumstances of one simulated call. */
export interface CallCircumstances {
  /** The instant the call arrives. */
  readonly at: Date;
  /** The site: time zone, business hours and checker settings. */
  readonly config: SiteConfig;
  /**
   * The holiday list the checker would read. Undefined means no list could be read: the checker then answers
   * with its configured fallback, as the Lambda does.
   */
  readonly list?: HolidayList;
  /** The checker invocation fails (timeout, throttle, crash): the flow takes the Lambda's error branch. */
  readonly checkerFails?: boolean;
  /** CheckHoursOfOperation fails (e.g. a deleted hours of operation): the flow takes its error branch. */
  readonly hoursCheckFails?: boolean;
  /** Staff answer the transferred call. @default true */
  readonly staffAnswers?: boolean;
  /**
   * The hours-of-operation overrides in Connect. @default what the override sync plans at `at` from `list` and `live`
   * (none when `hoursOverrides.enabled` is false)
   */
  readonly overrides?: readonly HoursOverride[];
  /** The live overrides the checker would read (`--overrides`). @default none */
  readonly live?: readonly LiveOverride[];
  /** The keys the caller presses at each menu prompt, in order (`none`: no key); when they run out, no key. @default none */
  readonly presses?: readonly MenuPress[];
  /** The caller's place in the queue once queued; above the queue's maxContacts, the queue is full. @default 1 */
  readonly queuePosition?: number;
  /** The customer-queue flow a queued caller hears (walked once round its loop). */
  readonly queueFlow?: FlowDocument;
}

/** The flow could not be walked (a dangling reference, a loop, an action the simulator does not know). */
export class FlowSimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowSimulationError';
  }
}

const DAY_MS = 86_400_000;

/** The checker's whole answer for a call at `at` (and what the caller gets), computed by the checker's own rule. */
export function lineAnswerAt(
  config: SiteConfig,
  list: HolidayList | undefined,
  at: Date,
  live: readonly LiveOverride[] = [],
): LineAnswer {
  return answerCall(
    {
      index: list === undefined ? undefined : indexHolidayList(list),
      live,
      weekly: hoursOfOperationConfig(config.businessHours),
      options: {
        timeZone: config.timeZone,
        maxAgeMs: config.checker.maxListAgeDays * DAY_MS,
        fallbackClosed: config.checker.fallbackClosed,
        builtin: builtinCalendarOf(config),
      },
    },
    at,
  );
}

/** The checker's answer to the flow for a call at `at`. */
export function checkerAnswerAt(
  config: SiteConfig,
  list: HolidayList | undefined,
  at: Date,
  live: readonly LiveOverride[] = [],
): CheckerResult {
  return lineAnswerAt(config, list, at, live).result;
}

interface ContactState {
  external: Readonly<Record<string, string>>;
  readonly attributes: Record<string, string>;
  /** What the last GetMetricData loaded, keyed by the path after `$.Metrics.` (`Contact.PositionInQueue`). */
  metrics: Readonly<Record<string, string>>;
}

// `External.key`, `Attributes.key` and `Metrics.<group>.<name>` are the paths these flows read, in either written
// form; others resolve to undefined.
function lookUp(path: readonly string[], state: ContactState): string | undefined {
  const [root, key] = path;
  if (root === 'Metrics') {
    const name = path.slice(1).join('.');
    return Object.prototype.hasOwnProperty.call(state.metrics, name) ? state.metrics[name] : undefined;
  }
  if (path.length !== 2 || key === undefined || (root !== 'External' && root !== 'Attributes')) return undefined;
  const source = root === 'External' ? state.external : state.attributes;
  return Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

/** The value of a parameter that is exactly one JSONPath (a ComparisonValue), or undefined. */
function resolvePath(value: string, state: ContactState): string | undefined {
  const reference = singleAttributeReference(value);
  return reference === undefined ? undefined : lookUp(reference.path, state);
}

/**
 * Fill in every reference the validator accepts, as Connect does (missing → empty). A reference glued to text stays
 * as written: that is the risk the validator rejects it for, and the simulator shows it rather than guess.
 */
function interpolate(text: string, state: ContactState): string {
  return fillAttributeReferences(text, (reference) => lookUp(reference.path, state) ?? '');
}

function conditionHolds(operator: string, operand: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const left = Number(value);
  const right = Number(operand);
  const numeric = value.trim() !== '' && operand.trim() !== '' && Number.isFinite(left) && Number.isFinite(right);
  switch (operator) {
    case 'Equals':
      return value === operand;
    case 'TextStartsWith':
      return value.startsWith(operand);
    case 'TextEndsWith':
      return value.endsWith(operand);
    case 'TextContains':
      return value.includes(operand);
    case 'NumberGreaterThan':
      return numeric && left > right;
    case 'NumberGreaterOrEqualTo':
      return numeric && left >= right;
    case 'NumberLessThan':
      return numeric && left < right;
    case 'NumberLessOrEqualTo':
      return numeric && left <= right;
    default:
      return false;
  }
}

function stringParameter(action: FlowAction, name: string): string | undefined {
  const value = action.Parameters[name];
  return typeof value === 'string' ? value : undefined;
}

function errorTarget(action: FlowAction, errorType: string): string {
  const errors = action.Transitions.Errors ?? [];
  const entry =
    errors.find((candidate) => candidate.ErrorType === errorType) ??
    errors.find((candidate) => candidate.ErrorType === 'NoMatchingError');
  if (entry === undefined) {
    throw new FlowSimulationError(`${action.Identifier}: raised ${errorType} but routes no error branch for it`);
  }
  return entry.NextAction;
}

function nextTarget(action: FlowAction): string {
  const next = action.Transitions.NextAction;
  if (next === undefined) throw new FlowSimulationError(`${action.Identifier}: has no NextAction`);
  return next;
}

/** Follow the Conditions for `value`; none true takes `noMatchError` (Compare) or NextAction. */
function branchOn(action: FlowAction, value: string | undefined, noMatchError: string | undefined): { target: string; branch: string } {
  for (const { Condition: condition, NextAction: target } of action.Transitions.Conditions ?? []) {
    const operand = condition.Operands[0] ?? '';
    if (conditionHolds(condition.Operator, operand, value)) {
      return { target, branch: `${condition.Operator} ${JSON.stringify(operand)}` };
    }
  }
  if (noMatchError !== undefined) return { target: errorTarget(action, noMatchError), branch: `error ${noMatchError}` };
  return { target: nextTarget(action), branch: 'next' };
}

/** Strip SSML markup to the words spoken. */
function spokenText(ssml: string): string {
  return ssmlText(ssml)
    .replace(/\s+/g, ' ')
    .trim();
}

function spokenMessage(parameters: Readonly<Record<string, unknown>>, state: ContactState): string {
  const text = typeof parameters.Text === 'string' ? parameters.Text : undefined;
  const ssml = typeof parameters.SSML === 'string' ? parameters.SSML : undefined;
  const prompt = typeof parameters.PromptId === 'string' ? parameters.PromptId : 'media';
  return text !== undefined ? interpolate(text, state) : ssml !== undefined ? spokenText(interpolate(ssml, state)) : `[prompt ${prompt}]`;
}

/**
 * Walk `flow` from its StartAction for one call. Throws {@link FlowSimulationError} when the flow cannot be walked;
 * validate it first ({@link assertValidContactFlow}) to get every problem at once.
 *
 * A call put in the queue goes on into the customer-queue flow (`queueFlow`), walked once round its loop: its
 * position announcement and hold audio, then an agent is taken to answer.
 */
export function simulateCall(flow: FlowDocument, circumstances: CallCircumstances): CallSimulation {
  const { at, config } = circumstances;
  const staffAnswers = circumstances.staffAnswers ?? true;
  const presses = [...(circumstances.presses ?? [])];
  const position = circumstances.queuePosition ?? 1;
  let actions = new Map(flow.Actions.map((action) => [action.Identifier, action]));
  let pathPrefix = '';
  // A customer-queue flow loops while the caller waits: walked on its own it also stops once round the loop.
  let inQueueFlow = flow.Actions.some((action) => action.Type === 'MessageParticipantIteratively');
  const state: ContactState = { external: {}, attributes: {}, metrics: {} };
  const steps: SimulatedStep[] = [];
  const prompts: string[] = [];
  let checker: CheckerResult | undefined;
  let hoursOpen: boolean | undefined;
  let transfer: { to: string; callerId: string | undefined } | undefined;
  let targetQueue: string | undefined;
  let queueFlowHook: string | undefined;
  let queued: { queueId: string; position: number } | undefined;
  let waiting = false;
  const visitedInQueue = new Set<string>();

  // A valid flow visits each block a few times per menu key pressed; this bounds a loop a hand edit might introduce.
  const blocks = flow.Actions.length + (circumstances.queueFlow?.Actions.length ?? 0);
  const maxSteps = blocks * (4 + presses.length) + 10;
  let current: string | undefined = flow.StartAction;
  while (current !== undefined) {
    if (steps.length >= maxSteps) {
      throw new FlowSimulationError(`the call went round a loop: ${steps.slice(-5).map((step) => step.identifier).join(' → ')}`);
    }
    const action = actions.get(current);
    if (action === undefined) throw new FlowSimulationError(`"${current}" is not an action in this flow`);
    const identifier = `${pathPrefix}${action.Identifier}`;
    let next: string | undefined;
    let branch = 'next';
    let detail: string | undefined;
    switch (action.Type) {
      case 'UpdateFlowLoggingBehavior':
        next = nextTarget(action);
        detail = `flow logs ${stringParameter(action, 'FlowLoggingBehavior') ?? ''}`.trim();
        break;
      case 'UpdateContactTextToSpeechVoice':
        next = nextTarget(action);
        detail = `voice ${stringParameter(action, 'TextToSpeechVoice') ?? ''} (${stringParameter(action, 'TextToSpeechEngine') ?? 'default engine'})`;
        break;
      case 'UpdateContactAttributes': {
        const attributes = action.Parameters.Attributes;
        const written: string[] = [];
        if (typeof attributes === 'object' && attributes !== null) {
          for (const [key, value] of Object.entries(attributes)) {
            if (typeof value !== 'string') continue;
            state.attributes[key] = interpolate(value, state);
            written.push(`${key}=${JSON.stringify(state.attributes[key])}`);
          }
        }
        next = nextTarget(action);
        detail = written.join(' ');
        break;
      }
      case 'InvokeLambdaFunction':
        if (circumstances.checkerFails === true) {
          state.external = {};
          checker = undefined;
          next = errorTarget(action, 'NoMatchingError');
          branch = 'error NoMatchingError';
          detail = 'checker failed';
        } else {
          checker = checkerAnswerAt(config, circumstances.list, at, circumstances.live);
          state.external = checker;
          next = nextTarget(action);
          detail = Object.entries(checker)
            .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
            .join(' ');
        }
        break;
      case 'Compare': {
        const path = stringParameter(action, 'ComparisonValue') ?? '';
        const value = resolvePath(path, state);
        ({ target: next, branch } = branchOn(action, value, 'NoMatchingCondition'));
        detail = `${path} = ${value === undefined ? '(not set)' : JSON.stringify(value)}`;
        break;
      }
      case 'CheckHoursOfOperation':
        if (circumstances.hoursCheckFails === true) {
          next = errorTarget(action, 'NoMatchingError');
          branch = 'error NoMatchingError';
          detail = 'hours check failed';
        } else {
          const overrides = circumstances.overrides ?? closedDayOverridesFor(config, circumstances.list, at, circumstances.live).overrides;
          const check = hoursCheckAt(hoursOfOperationConfig(config.businessHours), overrides, config.timeZone, at);
          // The call's answer is the first hours check's; the queue's checks only guard the path to staff.
          if (hoursOpen === undefined) hoursOpen = check.open;
          ({ target: next, branch } = branchOn(action, check.open ? 'True' : 'False', 'NoMatchingError'));
          detail = `${check.open ? 'open' : 'closed'}${check.override === undefined ? '' : ` (override ${check.override})`}`;
        }
        break;
      case 'MessageParticipant': {
        const spoken = spokenMessage(action.Parameters, state);
        prompts.push(spoken);
        detail = spoken;
        next = nextTarget(action);
        break;
      }
      case 'GetParticipantInput': {
        const spoken = spokenMessage(action.Parameters, state);
        prompts.push(spoken);
        const press = presses.shift() ?? NO_PRESS;
        if (press === NO_PRESS) {
          next = errorTarget(action, 'InputTimeLimitExceeded');
          branch = 'error InputTimeLimitExceeded';
          detail = `${spoken} — no key within ${stringParameter(action, 'InputTimeLimitSeconds') ?? '?'} s`;
        } else {
          ({ target: next, branch } = branchOn(action, press, 'NoMatchingCondition'));
          detail = `${spoken} — caller pressed ${press}`;
        }
        break;
      }
      case 'TransferParticipantToThirdParty': {
        const number = interpolate(stringParameter(action, 'ThirdPartyPhoneNumber') ?? '', state);
        const callerIdParameter = action.Parameters.CallerId as { Number?: unknown } | undefined;
        const callerId =
          typeof callerIdParameter?.Number === 'string' ? (resolvePath(callerIdParameter.Number, state) ?? callerIdParameter.Number) : undefined;
        const continues = stringParameter(action, 'ContinueFlowExecution') !== 'False';
        if (staffAnswers) {
          transfer = { to: number, callerId };
          detail = `${number} answered${callerId === undefined ? '' : ` (caller ID ${callerId})`}`;
          // With ContinueFlowExecution the flow resumes when staff hang up; without it, the transfer ends the flow.
          next = continues ? nextTarget(action) : undefined;
          branch = continues ? 'next' : 'end';
        } else {
          const errorType = continues ? 'ConnectionTimeLimitExceeded' : 'NoMatchingError';
          next = errorTarget(action, errorType);
          branch = `error ${errorType}`;
          detail = `${number} did not answer`;
        }
        break;
      }
      case 'UpdateContactTargetQueue':
        targetQueue = stringParameter(action, 'QueueId') ?? stringParameter(action, 'AgentId');
        next = nextTarget(action);
        detail = `target queue ${targetQueue ?? '(none)'}`;
        break;
      case 'UpdateContactEventHooks': {
        const hooks = action.Parameters.EventHooks as Record<string, unknown> | undefined;
        const hook = hooks?.CustomerQueue;
        if (typeof hook === 'string') queueFlowHook = hook;
        next = nextTarget(action);
        detail = Object.entries(hooks ?? {})
          .map(([name, value]) => `${name} → ${String(value)}`)
          .join(', ');
        break;
      }
      case 'TransferContactToQueue': {
        const capacity = config.routing?.queue?.maxContacts;
        if (targetQueue === undefined) {
          next = errorTarget(action, 'NoMatchingError');
          branch = 'error NoMatchingError';
          detail = 'no target queue set';
        } else if (capacity !== undefined && position > capacity) {
          next = errorTarget(action, 'QueueAtCapacity');
          branch = 'error QueueAtCapacity';
          detail = `queue full: ${capacity} callers already waiting`;
        } else {
          queued = { queueId: targetQueue, position };
          detail = `queued at position ${position}`;
          branch = 'queued';
          // A successful transfer ends the inbound flow; the customer-queue flow takes over while the caller waits.
          const queueFlow = circumstances.queueFlow;
          if (queueFlowHook !== undefined && queueFlow !== undefined) {
            actions = new Map(queueFlow.Actions.map((queueAction) => [queueAction.Identifier, queueAction]));
            pathPrefix = CUSTOMER_QUEUE_PATH_PREFIX;
            inQueueFlow = true;
            next = queueFlow.StartAction;
            waiting = true;
          } else {
            next = undefined;
            detail += queueFlowHook === undefined ? ' (the default customer-queue flow)' : ' (customer-queue flow not simulated)';
          }
        }
        break;
      }
      case 'GetMetricData':
        state.metrics = { 'Contact.PositionInQueue': String(position), 'Queue.Size': String(position) };
        next = nextTarget(action);
        detail = `position in queue ${position}`;
        break;
      case 'MessageParticipantIteratively': {
        const messages = Array.isArray(action.Parameters.Messages) ? (action.Parameters.Messages as Record<string, unknown>[]) : [];
        const spoken = messages.map((message) => spokenMessage(message, state));
        prompts.push(...spoken);
        const interval = stringParameter(action, 'InterruptFrequencySeconds');
        if (interval === undefined) {
          next = undefined;
          branch = 'end';
          detail = `${spoken.join(' / ')} (repeating until an agent answers)`;
        } else {
          ({ target: next, branch } = branchOn(action, 'MessagesInterrupted', 'NoMatchingError'));
          detail = `${spoken.join(' / ')} (repeating, interrupted every ${interval} s)`;
        }
        break;
      }
      case 'DisconnectParticipant':
        next = undefined;
        branch = 'end';
        waiting = false;
        break;
      case 'EndFlowExecution':
        next = undefined;
        branch = 'end';
        break;
      default:
        throw new FlowSimulationError(`${action.Identifier}: the simulator does not know the action type ${action.Type}`);
    }
    steps.push(detail === undefined ? { identifier, type: action.Type, branch } : { identifier, type: action.Type, branch, detail });
    if (inQueueFlow) {
      visitedInQueue.add(action.Identifier);
      // Once round the queue flow's loop is what every later round repeats: an agent answers when free.
      if (next !== undefined && visitedInQueue.has(next)) next = undefined;
    }
    current = next;
  }

  const reason: CallReason =
    checker?.liveOverride === 'close'
      ? 'emergency'
      : checker?.liveOverride === 'open'
        ? 'open'
        : hoursOpen !== undefined || circumstances.hoursCheckFails === true
      ? hoursOpen === true
        ? 'open'
        : 'after-hours'
      : checker?.isHoliday === 'true'
        ? checker.closedReason === 'closure'
          ? 'closure'
          : 'holiday'
        : 'after-hours';
  const outcome: CallOutcome = transfer !== undefined ? 'transfer' : queued !== undefined && (waiting || pathPrefix === '') ? 'queue' : 'disconnect';
  const base = {
    at,
    outcome,
    reason,
    holidayName: checker?.holidayName ?? '',
    prompts,
    path: steps.map((step) => step.identifier),
    steps,
    attributes: { ...state.attributes },
  };
  return {
    ...base,
    ...(checker === undefined ? {} : { checker }),
    ...(transfer === undefined ? {} : { transferTo: transfer.to }),
    ...(transfer?.callerId === undefined ? {} : { callerId: transfer.callerId }),
    ...(queued === undefined ? {} : { queue: queued }),
  };
}

/** The `--json` shape of a simulated call. */
export interface CallSummary {
  readonly outcome: CallOutcome;
  readonly reason: CallReason;
  readonly holidayName: string;
  readonly prompts: readonly string[];
  readonly path: readonly string[];
  readonly transferTo?: string;
  readonly callerId?: string;
  /** The contact attributes recorded (outcome, menu choice). */
  readonly attributes: Readonly<Record<string, string>>;
  /** The queue and the caller's place in it, on a queued call. */
  readonly queue?: { readonly queueId: string; readonly position: number };
}

/** The machine-readable summary of a call (`transferTo`/`callerId` only on a transfer). */
export function summariseCall(call: CallSimulation): CallSummary {
  return {
    outcome: call.outcome,
    reason: call.reason,
    holidayName: call.holidayName,
    prompts: call.prompts,
    path: call.path,
    ...(call.transferTo === undefined ? {} : { transferTo: call.transferTo }),
    ...(call.callerId === undefined ? {} : { callerId: call.callerId }),
    attributes: call.attributes,
    ...(call.queue === undefined ? {} : { queue: call.queue }),
  };
}

/** A call for people: each block with its branch, what the caller hears, and the outcome. */
export function formatCall(call: CallSimulation, timeZone: string): string {
  const lines = [`call at ${call.at.toISOString()} (${formatWallClock(call.at, timeZone)} ${timeZone})`];
  call.steps.forEach((step, index) => {
    lines.push(`${String(index + 1).padStart(2)}. ${step.identifier} [${step.type}] → ${step.branch}`);
    if (step.detail !== undefined) lines.push(`      ${step.type === 'MessageParticipant' ? 'caller hears: ' : ''}${step.detail}`);
  });
  const name = call.holidayName === '' ? '' : ` (${call.holidayName})`;
  const to = call.transferTo === undefined ? '' : ` to ${call.transferTo}${call.callerId === undefined ? '' : ` with caller ID ${call.callerId}`}`;
  const queue = call.outcome === 'queue' && call.queue !== undefined ? ` at position ${call.queue.position}` : '';
  lines.push(`outcome: ${call.outcome}${to}${queue} — reason: ${call.reason}${name}`);
  const recorded = Object.entries(call.attributes);
  if (recorded.length > 0) lines.push(`recorded on the contact: ${recorded.map(([key, value]) => `${key}=${value}`).join(' ')}`);
  return lines.join('\n');
}

function formatWallClock(at: Date, timeZone: string): string {
  const clock = civilTimeIn(at, timeZone);
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${clock.date} ${clock.weekday.slice(0, 3)} ${two(clock.hour)}:${two(clock.minute)}:${two(clock.second)}`;
}

/** What callers get at the start of one hour. */
export interface HourCell {
  /** 0-23 on the site's wall clock. */
  readonly hour: number;
  readonly outcome: CallOutcome;
  readonly reason: CallReason;
}

/** One day of the week table. */
export interface DaySchedule {
  readonly date: CivilDate;
  readonly weekday: Weekday;
  /** The checker's holiday or closure name that day (empty when none). */
  readonly holidayName: string;
  /** `holiday` or `closure` when the checker closes the day, otherwise empty. */
  readonly closedReason: string;
  /** One cell per hour, 00:00 to 23:00. */
  readonly hours: readonly HourCell[];
}

/** The circumstances of a week of calls: those of one call, without the instant. */
export type WeekCircumstances = Omit<CallCircumstances, 'at'>;

/**
 * What callers get at the start of every hour of the seven days from `from` (civil dates in the site's zone), each
 * hour a full walk of the flow.
 */
export function simulateWeek(flow: FlowDocument, from: CivilDate, circumstances: WeekCircumstances): DaySchedule[] {
  const { config } = circumstances;
  // The overrides as the sync left them on the week's first morning: its plan covers every day of the week, and every
  // live override pending then.
  const overrides =
    circumstances.overrides ??
    closedDayOverridesFor(config, circumstances.list, zonedInstant(from, 0, config.timeZone), circumstances.live).overrides;
  return weekFrom(from).map(({ date, weekday }) => {
    let holidayName = '';
    let closedReason = '';
    const hours = Array.from({ length: 24 }, (_, hour) => {
      const call = simulateCall(flow, { ...circumstances, overrides, at: zonedInstant(date, hour * 3600, config.timeZone) });
      if (call.checker?.isHoliday === 'true') {
        holidayName = call.checker.holidayName;
        closedReason = call.checker.closedReason;
      }
      return { hour, outcome: call.outcome, reason: call.reason };
    });
    return { date, weekday, holidayName, closedReason, hours };
  });
}

const CELL_MARKS: Readonly<Record<CallReason, string>> = {
  open: 'T',
  'after-hours': '.',
  holiday: 'H',
  closure: 'C',
  emergency: 'E',
};

/** The week as a fixed-width table: one row per day, one column per hour, with a legend. */
export function formatWeek(week: readonly DaySchedule[], timeZone: string): string {
  const header = `date        day  ${Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0')).join(' ')}  closed day`;
  const rows = week.map((day) => {
    const cells = day.hours
      .map((cell) => (cell.reason === 'open' && cell.outcome === 'queue' ? 'Q' : cell.reason === 'open' && cell.outcome !== 'transfer' ? 'x' : CELL_MARKS[cell.reason]).padStart(2))
      .join(' ');
    const note = day.closedReason === '' ? '' : `${day.closedReason}: ${day.holidayName === '' ? '(no name)' : day.holidayName}`;
    return `${day.date}  ${day.weekday.slice(0, 3)}  ${cells}  ${note}`.trimEnd();
  });
  const queueMark = week.some((day) => day.hours.some((cell) => cell.outcome === 'queue')) ? 'Q into the staff queue · ' : '';
  const legend =
    `hours on the ${timeZone} wall clock, each a call at :00 — ` +
    `T transfer to staff · ${queueMark}. after-hours announcement · H holiday announcement · C closure announcement · E live closure (emergency) · x open but ${queueMark === '' ? 'transfer failed' : 'the queue was full or closed'}`;
  return [header, ...rows, '', legend].join('\n');
}
