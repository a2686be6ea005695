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
import { fillAttributeReferences, singleAttributeReference } from './attribute-references';
import type { FlowAction, FlowDocument } from './flow-document';
import { hoursCheckAt, HoursOverride } from '../../lambda/shared/connect-hours';
import { closedDayOverridesFor, hoursOfOperationConfig, weekFrom, zonedInstant } from './hours';

/** Why the caller got what they got: `emergency` is a live closure, `open` includes a live opening. */
export type CallReason = 'open' | 'holiday' | 'closure' | 'after-hours' | 'emergency';

/** How the call ended. */
export type CallOutcome = 'transfer' | 'disconnect';

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
}

// `External.key` and `Attributes.key` are the only paths this flow reads, in either written form; others resolve
// to undefined.
function lookUp(path: readonly string[], state: ContactState): string | undefined {
  const [root, key] = path;
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
  return ssml
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Walk `flow` from its StartAction for one call. Throws {@link FlowSimulationError} when the flow cannot be walked;
 * validate it first ({@link assertValidContactFlow}) to get every problem at once.
 */
export function simulateCall(flow: FlowDocument, circumstances: CallCircumstances): CallSimulation {
  const { at, config } = circumstances;
  const staffAnswers = circumstances.staffAnswers ?? true;
  const actions = new Map(flow.Actions.map((action) => [action.Identifier, action]));
  const state: ContactState = { external: {}, attributes: {} };
  const steps: SimulatedStep[] = [];
  const prompts: string[] = [];
  let checker: CheckerResult | undefined;
  let hoursOpen: boolean | undefined;
  let transfer: { to: string; callerId: string | undefined } | undefined;

  // A valid flow visits each block at most a few times; this bounds a loop a hand edit might introduce.
  const maxSteps = flow.Actions.length * 4 + 10;
  let current: string | undefined = flow.StartAction;
  while (current !== undefined) {
    if (steps.length >= maxSteps) {
      throw new FlowSimulationError(`the call went round a loop: ${steps.slice(-5).map((step) => step.identifier).join(' → ')}`);
    }
    const action = actions.get(current);
    if (action === undefined) throw new FlowSimulationError(`"${current}" is not an action in this flow`);
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
        if (typeof attributes === 'object' && attributes !== null) {
          for (const [key, value] of Object.entries(attributes)) {
            if (typeof value === 'string') state.attributes[key] = interpolate(value, state);
          }
        }
        next = nextTarget(action);
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
          hoursOpen = check.open;
          ({ target: next, branch } = branchOn(action, hoursOpen ? 'True' : 'False', 'NoMatchingError'));
          detail = `${hoursOpen ? 'open' : 'closed'}${check.override === undefined ? '' : ` (override ${check.override})`}`;
        }
        break;
      case 'MessageParticipant': {
        const text = stringParameter(action, 'Text');
        const ssml = stringParameter(action, 'SSML');
        const spoken =
          text !== undefined
            ? interpolate(text, state)
            : ssml !== undefined
              ? spokenText(interpolate(ssml, state))
              : `[prompt ${stringParameter(action, 'PromptId') ?? 'media'}]`;
        prompts.push(spoken);
        detail = spoken;
        next = nextTarget(action);
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
      case 'DisconnectParticipant':
        next = undefined;
        branch = 'end';
        break;
      default:
        throw new FlowSimulationError(`${action.Identifier}: the simulator does not know the action type ${action.Type}`);
    }
    steps.push(detail === undefined ? { identifier: action.Identifier, type: action.Type, branch } : { identifier: action.Identifier, type: action.Type, branch, detail });
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
  const base = {
    at,
    outcome: transfer === undefined ? ('disconnect' as const) : ('transfer' as const),
    reason,
    holidayName: checker?.holidayName ?? '',
    prompts,
    path: steps.map((step) => step.identifier),
    steps,
  };
  return {
    ...base,
    ...(checker === undefined ? {} : { checker }),
    ...(transfer === undefined ? {} : { transferTo: transfer.to }),
    ...(transfer?.callerId === undefined ? {} : { callerId: transfer.callerId }),
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
  lines.push(`outcome: ${call.outcome}${to} — reason: ${call.reason}${name}`);
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
      .map((cell) => (cell.reason === 'open' && cell.outcome !== 'transfer' ? 'x' : CELL_MARKS[cell.reason]).padStart(2))
      .join(' ');
    const note = day.closedReason === '' ? '' : `${day.closedReason}: ${day.holidayName === '' ? '(no name)' : day.holidayName}`;
    return `${day.date}  ${day.weekday.slice(0, 3)}  ${cells}  ${note}`.trimEnd();
  });
  const legend =
    `hours on the ${timeZone} wall clock, each a call at :00 — ` +
    'T transfer to staff · . after-hours announcement · H holiday announcement · C closure announcement · E live closure (emergency) · x open but transfer failed';
  return [header, ...rows, '', legend].join('\n');
}
