/**
 * A validator for Amazon Connect flow-language documents, as far as this project uses the language.
 *
 * Connect validates a flow only when it is published (at deploy), and CloudFormation reports the first problem it
 * meets after minutes of waiting. This checks the same things locally, at synth and in the tests, and reports every
 * problem at once with the action it belongs to. The rules follow the flow-language reference; where the
 * documentation is silent (unreachable actions, error branches that only some pages call mandatory) the rule is the
 * stricter one, because a stricter flow deploys everywhere.
 *
 * Two flow types are checked: the inbound flow (`CONTACT_FLOW`) and the customer-queue flow (`CUSTOMER_QUEUE`) that
 * runs while a caller waits for an agent. Which actions each may hold follows connect-native.md §3.
 */
import { CHECKER_FREE_TEXT_KEYS, CHECKER_RESULT_VALUES } from '../../lambda/shared/decision';
import { JAPANESE_VOICES, MENU_KEYS } from '../config/site-config';
import { ssmlText } from './ssml';
import { AttributeReference, bracketFormOf, findAttributeReferences, singleAttributeReference } from './attribute-references';
import { PLACEHOLDER_PATTERN } from './flow-document';

/** The only flow-language version Connect accepts. */
export const FLOW_LANGUAGE_VERSION = '2019-10-30';
/** Most actions one flow may hold. */
export const MAX_FLOW_ACTIONS = 250;
/** Most characters of JSON one flow may hold (`Content` of `AWS::Connect::ContactFlow`). */
export const MAX_FLOW_CHARACTERS = 256_000;
/** Longest action identifier. */
export const MAX_IDENTIFIER_LENGTH = 50;
/**
 * Longest text one MessageParticipant may speak: 3,000 billed characters, 6,000 in all (Amazon Connect
 * Administrator Guide, "Play prompt"). Plain text is billed whole, so `Text` is held to 3,000; SSML markup is not
 * billed, so `SSML` may run to 6,000 with at most 3,000 outside its tags. GetParticipantInput and each message of
 * MessageParticipantIteratively are held to the same limits.
 */
export const MAX_BILLED_CHARACTERS = 3_000;
/** Longest SSML one prompt may hold, tags included (see {@link MAX_BILLED_CHARACTERS}). */
export const MAX_TEXT_CHARACTERS = 6_000;
/** Longest wait for a Lambda the flow language allows, seconds. */
export const MAX_LAMBDA_TIME_LIMIT_SECONDS = 8;
/** Longest ring time for a third-party transfer, seconds. */
export const MAX_TRANSFER_TIME_LIMIT_SECONDS = 600;
/**
 * Longest wait for a caller's first key in GetParticipantInput, seconds: the console's cap (archived "Get customer
 * input" page). An export carries 300, so the API may take more; the console's cap is the one known to deploy.
 */
export const MAX_INPUT_TIME_LIMIT_SECONDS = 179;
/**
 * Shortest interval at which MessageParticipantIteratively may break its loop, seconds, exclusive: an agent has 20 s
 * to accept a contact, and interrupting the loop in that window can send the contact to Error ("Loop prompts").
 */
export const MIN_INTERRUPT_FREQUENCY_SECONDS = 20;
/** Longest interval for MessageParticipantIteratively's interruption, seconds (an hour; no page gives a maximum). */
export const MAX_INTERRUPT_FREQUENCY_SECONDS = 3_600;
/** Most UTF-8 bytes a contact's attributes may hold; above it UpdateContactAttributes takes its Error branch. */
export const MAX_CONTACT_ATTRIBUTES_BYTES = 32_768;

// The keys the site configuration allows (one list), in numeric order: 0 first, as the flow-language pages list them.
/** The keys a caller can press, each one menu choice in GetParticipantInput (`StoreInput "False"`). */
export const DTMF_KEYS: readonly string[] = ['0', ...MENU_KEYS.filter((key) => key !== '0')];

/** The flow types this project deploys: the inbound flow and the customer-queue flow (`CfnContactFlow.type`). */
export const FLOW_TYPES = ['CONTACT_FLOW', 'CUSTOMER_QUEUE'] as const;
/** One of {@link FLOW_TYPES}. */
export type FlowType = (typeof FLOW_TYPES)[number];

/** How to validate a flow. */
export interface ContactFlowValidationOptions {
  /**
   * The type the flow is deployed as; it decides which action types it may hold.
   * @default 'CONTACT_FLOW'
   */
  readonly flowType?: FlowType;
}

/**
 * The `$.Metrics` paths a GetMetricData action loads ("Get queue metrics", "List of available contact attributes"),
 * without the `Metrics.` prefix. Connect documents no JSON parameter that turns the contact metrics on and no exact
 * path names beyond these (connect-native.md §3.3, unverified): a name outside the list is more likely a typo than a
 * metric, and a typo is read out as nothing.
 */
export const METRIC_PATHS: readonly string[] = [
  'Contact.PositionInQueue',
  'Contact.EstimatedWaitTime',
  'Queue.Size',
  'Queue.OldestContactAge',
  'Queue.EstimatedWaitTime',
  'Queue.Name',
  'Queue.ARN',
  'Agents.Online.Count',
  'Agents.Available.Count',
  'Agents.Staffed.Count',
];

/** One thing wrong with a flow: the action it belongs to (absent for the document as a whole) and why. */
export interface FlowProblem {
  /** The action's Identifier; absent when the problem is with the document itself. */
  readonly identifier?: string;
  /** A plain-language reason. */
  readonly message: string;
}

/** A flow failed validation; the message lists every problem, one per line. */
export class FlowValidationError extends Error {
  /** Every problem found. */
  readonly problems: readonly FlowProblem[];

  constructor(problems: readonly FlowProblem[]) {
    super(`the contact flow is not valid:\n${problems.map((problem) => `  ${formatFlowProblem(problem)}`).join('\n')}`);
    this.name = 'FlowValidationError';
    this.problems = problems;
  }
}

/** A problem as `<identifier>: <reason>` (`flow: <reason>` for the document). */
export function formatFlowProblem(problem: FlowProblem): string {
  return `${problem.identifier ?? 'flow'}: ${problem.message}`;
}

// Characters the flow language forbids in identifiers, and names it reserves (they collide with object members).
const ILLEGAL_IDENTIFIER_CHARACTERS = /[%:()\\/=$,;[\]{}]/;
const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  'toString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'valueOf',
]);

const OPERATORS: ReadonlySet<string> = new Set([
  'Equals',
  'TextStartsWith',
  'TextEndsWith',
  'TextContains',
  'NumberGreaterThan',
  'NumberGreaterOrEqualTo',
  'NumberLessThan',
  'NumberLessOrEqualTo',
]);

// An unresolved CDK string token. The stack validates the flow before deploy-time values exist, so an ARN may be a
// token; recognising the syntax keeps aws-cdk-lib out of the CLI's start-up path.
const CDK_TOKEN = /^\$\{Token\[[^\]]+\]\}$/;
const E164 = /^\+[1-9][0-9]{1,14}$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const HOURS_ID = /^(arn:aws[a-z-]*:connect:[a-z0-9-]+:[0-9]{12}:instance\/[0-9a-f-]+\/operating-hours\/[0-9a-f-]+|[0-9a-f-]{36})$/;

/** A Connect resource named by its ID (a UUID) or its ARN, `…:instance/<id>/<kind>/<id>`. */
function connectResourceId(kind: string): RegExp {
  const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  return new RegExp(`^(arn:aws[a-z-]*:connect:[a-z0-9-]+:[0-9]{12}:instance/${uuid}/${kind}/${uuid}|${uuid})$`);
}
const QUEUE_ID = connectResourceId('queue');
const AGENT_ID = connectResourceId('agent');
const CONTACT_FLOW_ID = connectResourceId('contact-flow');

// Connect's rule for contact-attribute keys (UpdateContactAttributes API): alphanumeric, dash and underscore.
const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;

/** The parameters that say what a prompt plays; a prompt names exactly one of them. */
const PROMPT_SOURCES = ['Text', 'SSML', 'PromptId', 'Media'] as const;

/** The event hooks UpdateContactEventHooks may set (flow-language page "UpdateContactEventHooks"). */
const EVENT_HOOKS = [
  'CustomerQueue',
  'CustomerHold',
  'CustomerWhisper',
  'AgentHold',
  'AgentWhisper',
  'CustomerRemaining',
  'DefaultAgentUI',
  'DisconnectAgentUI',
  'PauseContact',
  'ResumeContact',
] as const;

/** How a parameter's value may be written. */
type ValueForm =
  /** A literal: no JSONPath at all. */
  | 'static'
  /** A literal or exactly one JSONPath (`$.Attributes.x`). */
  | 'static-or-path'
  /** Anything, including text with JSONPaths in it, each one delimited (see `attribute-references.ts`). */
  | 'dynamic';

interface StringParameter {
  readonly kind: 'string';
  readonly required: boolean;
  readonly form: ValueForm;
  /** Extra check on a literal value (not on a JSONPath or CDK token); returns the reason it is wrong. */
  readonly check?: (value: string, parameters: Readonly<Record<string, unknown>>) => string | undefined;
}

interface ObjectParameter {
  readonly kind: 'object';
  readonly required: boolean;
  /** The object's own members; `undefined` means a free map of string keys to string values. */
  readonly members?: Readonly<Record<string, ParameterSpec>>;
  /** For a free map, what its keys must look like. */
  readonly keys?: { readonly pattern: RegExp; readonly what: string };
  /** The object is a prompt: exactly one of {@link PROMPT_SOURCES}, its text within the spoken-text limits. */
  readonly prompt?: boolean;
}

interface ListParameter {
  readonly kind: 'list';
  readonly required: boolean;
  /** What each item must be. A list is never empty: an empty one would say nothing. */
  readonly items: ObjectParameter;
}

type ParameterSpec = StringParameter | ObjectParameter | ListParameter;

/**
 * What an action's Conditions must be: `none`; `any` (at least one); `dtmf` (at least one, each `Equals` one key of
 * {@link DTMF_KEYS}); a list (exactly one `Equals` condition per listed value).
 */
type ConditionRule = 'none' | 'any' | 'dtmf' | readonly string[];

type ParameterValues = Readonly<Record<string, unknown>>;

/** What the flow language allows for one action type. */
interface ActionSpec {
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  /** The parameters themselves are a prompt (see {@link ObjectParameter.prompt}). */
  readonly prompt?: boolean;
  /** Rules across parameters; each returns the reasons the parameters break it. */
  readonly rules?: (parameters: ParameterValues) => readonly string[];
  /** The error types the action can raise, given its parameters. Each must be routed somewhere. */
  readonly errors: (parameters: ParameterValues) => readonly string[];
  /** Error types that may be routed but need not be: raised by the block's console twin, unconfirmed for the action. */
  readonly optionalErrors?: (parameters: ParameterValues) => readonly string[];
  /** For an error the action raises only with other parameters: the condition, for the message. */
  readonly errorsOnlyWhen?: Readonly<Record<string, string>>;
  /** What its Conditions must be, given its parameters. */
  readonly conditions: ConditionRule | ((parameters: ParameterValues) => ConditionRule);
  /** When a parameter decides that the action takes no Conditions: which, appended to the message. */
  readonly noConditionsNote?: string;
  /** `optional`: a NextAction may be given but is not needed even without Conditions (the action ends the flow). */
  readonly nextAction?: 'optional';
  /** Terminal actions have `Parameters: {}` and `Transitions: {}`. */
  readonly terminal?: boolean;
  /** The flow types the action may appear in. */
  readonly flowTypes: readonly FlowType[];
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

function oneOf(...values: string[]): (value: string) => string | undefined {
  return (value) => (values.includes(value) ? undefined : `must be one of ${values.join(', ')}`);
}

function isWholeNumber(value: string): boolean {
  return /^[0-9]+$/.test(value);
}

function integerBetween(min: number, max: number): (value: string) => string | undefined {
  return (value) =>
    isWholeNumber(value) && Number(value) >= min && Number(value) <= max
      ? undefined
      : `must be a whole number from ${min} to ${max}`;
}

function matches(pattern: RegExp, what: string): (value: string) => string | undefined {
  return (value) => (pattern.test(value) ? undefined : `must be ${what}`);
}

/** `<owner> needs exactly one of A, B (it has …)`, or undefined when exactly one of `names` is in `record`. */
function exactlyOneOf(owner: string, names: readonly string[], record: Readonly<Record<string, unknown>>): string | undefined {
  const given = names.filter((name) => hasOwn(record, name));
  return given.length === 1
    ? undefined
    : `${owner} needs exactly one of ${names.join(', ')} (it has ${given.length === 0 ? 'none' : given.join(', ')})`;
}

const str = (required: boolean, form: ValueForm, check?: StringParameter['check']): StringParameter =>
  check === undefined ? { kind: 'string', required, form } : { kind: 'string', required, form, check };

const BOTH_FLOW_TYPES: readonly FlowType[] = FLOW_TYPES;
const INBOUND_ONLY: readonly FlowType[] = ['CONTACT_FLOW'];
const CUSTOMER_QUEUE_ONLY: readonly FlowType[] = ['CUSTOMER_QUEUE'];

const NO_ERRORS = (): readonly string[] => [];
const NO_MATCHING_ERROR = (): readonly string[] => ['NoMatchingError'];

/** What a prompt may play: the parameters of MessageParticipant, and of each GetParticipantInput and loop message. */
const PROMPT_PARAMETERS: Readonly<Record<string, ParameterSpec>> = {
  Text: str(false, 'dynamic'),
  SSML: str(false, 'dynamic'),
  PromptId: str(false, 'static-or-path'),
  Media: {
    kind: 'object',
    required: false,
    members: {
      Uri: str(true, 'dynamic'),
      SourceType: str(true, 'static', oneOf('S3')),
      MediaType: str(true, 'static', oneOf('Audio')),
    },
  },
};

const QUEUE_ID_PARAMETER = str(false, 'static-or-path', matches(QUEUE_ID, 'a queue ID or queue ARN'));
const AGENT_ID_PARAMETER = str(false, 'static-or-path', matches(AGENT_ID, 'an agent ID or agent ARN'));

/** GetParticipantInput stores what the caller keys in (`StoreInput "True"`) rather than branching on one key. */
function storesInput(parameters: ParameterValues): boolean {
  return parameters.StoreInput === 'True';
}

/** The byte count of the attribute values UpdateContactAttributes writes as literals (a JSONPath's value is unknown). */
function literalAttributeBytes(attributes: unknown): number {
  if (!isRecord(attributes)) return 0;
  return Object.values(attributes)
    .filter(
      (value): value is string =>
        typeof value === 'string' && !isCdkToken(value) && findAttributeReferences(value).length === 0,
    )
    .reduce((sum, value) => sum + Buffer.byteLength(value, 'utf8'), 0);
}

/** The action types this project's flows may use, with their parameter whitelists, branches and flow types. */
const ACTION_SPECS: Readonly<Record<string, ActionSpec>> = {
  UpdateFlowLoggingBehavior: {
    parameters: { FlowLoggingBehavior: str(true, 'static', oneOf('Enabled', 'Disabled')) },
    errors: NO_ERRORS,
    conditions: 'none',
    // Not in connect-native.md §3's table, but logging is per flow: without it the queue flow's steps go unlogged.
    flowTypes: BOTH_FLOW_TYPES,
  },
  UpdateContactTextToSpeechVoice: {
    parameters: {
      TextToSpeechVoice: str(true, 'dynamic'),
      TextToSpeechEngine: str(false, 'dynamic', (engine, parameters) => {
        const known = oneOf('Standard', 'Neural', 'Generative', 'LongForm')(engine);
        if (known !== undefined) return known;
        const voice = parameters.TextToSpeechVoice;
        const engines = typeof voice === 'string' ? JAPANESE_VOICES[voice] : undefined;
        return engines === undefined || (engines as readonly string[]).includes(engine)
          ? undefined
          : `the voice ${String(voice)} has no ${engine} engine (it has ${engines.join(', ')})`;
      }),
      TextToSpeechStyle: str(false, 'dynamic', oneOf('None', 'Conversational', 'Newscaster')),
    },
    errors: NO_MATCHING_ERROR,
    conditions: 'none',
    // Not in the customer-queue column of connect-native.md §3: the voice is set once, in the inbound flow, and is
    // the contact's from then on [unverified that it carries into the queue flow; the queue flow cannot set it].
    flowTypes: INBOUND_ONLY,
  },
  InvokeLambdaFunction: {
    parameters: {
      LambdaFunctionARN: str(true, 'dynamic', matches(LAMBDA_ARN, 'a Lambda function ARN')),
      InvocationTimeLimitSeconds: str(true, 'static', integerBetween(1, MAX_LAMBDA_TIME_LIMIT_SECONDS)),
      InvocationType: str(false, 'static', oneOf('SYNCHRONOUS', 'ASYNCHRONOUS')),
      ResponseValidation: {
        kind: 'object',
        required: false,
        members: { ResponseType: str(true, 'static', oneOf('STRING_MAP', 'JSON')) },
      },
      LambdaInvocationAttributes: { kind: 'object', required: false },
    },
    errors: NO_MATCHING_ERROR,
    conditions: 'none',
    flowTypes: BOTH_FLOW_TYPES,
  },
  Compare: {
    parameters: {
      ComparisonValue: str(true, 'static-or-path', () => 'must be exactly one JSONPath, such as $.External.isHoliday'),
    },
    errors: () => ['NoMatchingCondition'],
    conditions: 'any',
    flowTypes: BOTH_FLOW_TYPES,
  },
  CheckHoursOfOperation: {
    parameters: {
      HoursOfOperationId: str(false, 'static-or-path', matches(HOURS_ID, 'an hours of operation ID or ARN')),
    },
    errors: NO_MATCHING_ERROR,
    conditions: ['True', 'False'],
    flowTypes: BOTH_FLOW_TYPES,
  },
  MessageParticipant: {
    parameters: PROMPT_PARAMETERS,
    prompt: true,
    errors: NO_MATCHING_ERROR,
    conditions: 'none',
    flowTypes: BOTH_FLOW_TYPES,
  },
  GetParticipantInput: {
    parameters: {
      ...PROMPT_PARAMETERS,
      StoreInput: str(true, 'static', oneOf('True', 'False')),
      InputTimeLimitSeconds: str(true, 'static', integerBetween(1, MAX_INPUT_TIME_LIMIT_SECONDS)),
      InputValidation: {
        kind: 'object',
        required: false,
        members: {
          CustomValidation: {
            kind: 'object',
            required: false,
            members: {
              MaximumLength: str(true, 'static', (value) =>
                isWholeNumber(value) && Number(value) >= 1 ? undefined : 'must be a whole number of at least 1',
              ),
            },
          },
          PhoneNumberValidation: {
            kind: 'object',
            required: false,
            members: {
              NumberFormat: str(true, 'static', oneOf('Local', 'E164')),
              CountryCode: str(false, 'static'),
            },
          },
        },
      },
      // Members as AWS's touchtone-buffering example writes them; connect-native.md §3.1 names only the object.
      InputEncryption: {
        kind: 'object',
        required: false,
        members: { EncryptionKeyId: str(true, 'static'), Key: str(true, 'static') },
      },
      DTMFConfiguration: {
        kind: 'object',
        required: false,
        members: {
          InputTerminationSequence: str(false, 'static', matches(/^[0-9*#]{1,5}$/, 'up to 5 of the keys 0-9 * #')),
          DisableCancelKey: str(false, 'static', oneOf('True', 'False')),
        },
      },
    },
    prompt: true,
    rules: (parameters) => {
      const reasons: string[] = [];
      if (parameters.StoreInput === 'False') {
        for (const name of ['InputValidation', 'InputEncryption', 'DTMFConfiguration']) {
          if (hasOwn(parameters, name)) {
            reasons.push(`${name} applies only when StoreInput is "True"; a menu (StoreInput "False") takes one key`);
          }
        }
      }
      if (storesInput(parameters) && !hasOwn(parameters, 'InputValidation')) {
        reasons.push('GetParticipantInput with StoreInput "True" requires the parameter InputValidation');
      }
      const validation = parameters.InputValidation;
      if (isRecord(validation)) {
        const reason = exactlyOneOf('InputValidation', ['CustomValidation', 'PhoneNumberValidation'], validation);
        if (reason !== undefined) reasons.push(reason);
        const phone = validation.PhoneNumberValidation;
        // A local number means nothing without its country [unverified: connect-native.md §3.1 lists CountryCode
        // without saying when it is needed].
        if (isRecord(phone) && phone.NumberFormat === 'Local' && !hasOwn(phone, 'CountryCode')) {
          reasons.push('InputValidation.PhoneNumberValidation with NumberFormat "Local" needs a CountryCode');
        }
      }
      return reasons;
    },
    // A menu's three errors: the page documents NoMatchingError and NoMatchingCondition; console exports of menus
    // carry InputTimeLimitExceeded too (connect-native.md §3.1), so all three are required.
    errors: (parameters) => {
      if (!storesInput(parameters)) return ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'];
      const validation = parameters.InputValidation;
      return isRecord(validation) && hasOwn(validation, 'PhoneNumberValidation')
        ? ['NoMatchingError', 'InvalidPhoneNumber']
        : ['NoMatchingError'];
    },
    // When input is stored, the console's "Store customer input" block takes its Success branch on a timeout, with
    // "Timeout" as the stored value; whether the action also raises InputTimeLimitExceeded is unconfirmed, so a
    // branch for it is accepted but not demanded.
    optionalErrors: (parameters) => (storesInput(parameters) ? ['InputTimeLimitExceeded'] : []),
    errorsOnlyWhen: {
      NoMatchingCondition: 'StoreInput is "False"',
      InvalidPhoneNumber: 'StoreInput is "True" and InputValidation has PhoneNumberValidation',
    },
    conditions: (parameters) => (storesInput(parameters) ? 'none' : 'dtmf'),
    noConditionsNote: ' when StoreInput is "True" (the input goes to $.StoredCustomerInput: branch on it with Compare)',
    flowTypes: BOTH_FLOW_TYPES,
  },
  TransferParticipantToThirdParty: {
    parameters: {
      ThirdPartyPhoneNumber: str(true, 'dynamic', matches(E164, 'an E.164 phone number such as +815012345678')),
      // Connect rejected a transfer without these two at deploy, although the documentation calls them optional.
      ThirdPartyConnectionTimeLimitSeconds: str(
        true,
        'static-or-path',
        integerBetween(0, MAX_TRANSFER_TIME_LIMIT_SECONDS),
      ),
      ContinueFlowExecution: str(true, 'static', oneOf('True', 'False')),
      ThirdPartyDTMFDigits: str(false, 'dynamic', matches(/^[0-9,*#]{1,50}$/, 'up to 50 of the characters 0-9 , * #')),
      CallerId: {
        kind: 'object',
        required: false,
        members: {
          Number: str(false, 'static-or-path', matches(E164, 'an E.164 phone number such as +815012345678')),
          Name: str(false, 'dynamic'),
        },
      },
    },
    // Without ContinueFlowExecution "True" the flow ends on a successful transfer and only the catch-all exists.
    errors: (parameters) =>
      parameters.ContinueFlowExecution === 'True'
        ? ['CallFailed', 'ConnectionTimeLimitExceeded', 'NoMatchingError']
        : ['NoMatchingError'],
    errorsOnlyWhen: {
      CallFailed: 'ContinueFlowExecution is "True"',
      ConnectionTimeLimitExceeded: 'ContinueFlowExecution is "True"',
    },
    conditions: 'none',
    flowTypes: BOTH_FLOW_TYPES,
  },
  UpdateContactTargetQueue: {
    parameters: { QueueId: QUEUE_ID_PARAMETER, AgentId: AGENT_ID_PARAMETER },
    rules: (parameters) => {
      const reason = exactlyOneOf('UpdateContactTargetQueue', ['QueueId', 'AgentId'], parameters);
      return reason === undefined ? [] : [reason];
    },
    errors: NO_MATCHING_ERROR,
    conditions: 'none',
    flowTypes: INBOUND_ONLY,
  },
  UpdateContactEventHooks: {
    parameters: {
      EventHooks: {
        kind: 'object',
        required: true,
        members: Object.fromEntries(
          EVENT_HOOKS.map((hook) => [hook, str(false, 'static-or-path', matches(CONTACT_FLOW_ID, 'a contact-flow ID or ARN'))]),
        ),
      },
    },
    // "Only one entry may be present in this map" (flow-language page): one action per hook.
    rules: (parameters) => {
      const hooks = parameters.EventHooks;
      if (!isRecord(hooks) || Object.keys(hooks).length === 1) return [];
      const keys = Object.keys(hooks);
      return [`EventHooks must set exactly one event hook (it sets ${keys.length === 0 ? 'none' : keys.join(', ')})`];
    },
    errors: NO_MATCHING_ERROR,
    conditions: 'none',
    flowTypes: BOTH_FLOW_TYPES,
  },
  TransferContactToQueue: {
    // The queue is the contact's TargetQueue, set by UpdateContactTargetQueue.
    parameters: {},
    errors: () => ['QueueAtCapacity', 'NoMatchingError'],
    conditions: 'none',
    // A successful transfer ends the inbound flow; console exports still carry a NextAction.
    nextAction: 'optional',
    flowTypes: INBOUND_ONLY,
  },
  GetMetricData: {
    parameters: {
      QueueId: QUEUE_ID_PARAMETER,
      AgentId: AGENT_ID_PARAMETER,
      QueueChannel: str(false, 'static-or-path', oneOf('Voice', 'Chat')),
    },
    rules: (parameters) =>
      hasOwn(parameters, 'QueueId') && hasOwn(parameters, 'AgentId')
        ? ['GetMetricData takes QueueId or AgentId, not both (without either it reads the target queue)']
        : [],
    errors: NO_MATCHING_ERROR,
    conditions: 'none',
    flowTypes: BOTH_FLOW_TYPES,
  },
  MessageParticipantIteratively: {
    parameters: {
      Messages: {
        kind: 'list',
        required: true,
        items: { kind: 'object', required: true, members: PROMPT_PARAMETERS, prompt: true },
      },
      InterruptFrequencySeconds: str(false, 'static', (value) =>
        isWholeNumber(value) &&
        Number(value) > MIN_INTERRUPT_FREQUENCY_SECONDS &&
        Number(value) <= MAX_INTERRUPT_FREQUENCY_SECONDS
          ? undefined
          : `must be a whole number of seconds over ${MIN_INTERRUPT_FREQUENCY_SECONDS} and at most ` +
            `${MAX_INTERRUPT_FREQUENCY_SECONDS} (an agent has ${MIN_INTERRUPT_FREQUENCY_SECONDS} s to accept the contact, ` +
            'and an interruption in that window can send it to Error)',
      ),
    },
    errors: NO_MATCHING_ERROR,
    // The loop ends only when interrupted; without an interval it plays until an agent answers.
    conditions: (parameters) => (hasOwn(parameters, 'InterruptFrequencySeconds') ? ['MessagesInterrupted'] : 'none'),
    noConditionsNote: ' without InterruptFrequencySeconds (nothing interrupts the loop)',
    flowTypes: CUSTOMER_QUEUE_ONLY,
  },
  UpdateContactAttributes: {
    parameters: {
      Attributes: {
        kind: 'object',
        required: true,
        keys: { pattern: ATTRIBUTE_KEY, what: 'letters, digits, "_" and "-"' },
      },
      TargetContact: str(false, 'static', oneOf('Current', 'Related')),
    },
    rules: (parameters) => {
      const bytes = literalAttributeBytes(parameters.Attributes);
      return bytes > MAX_CONTACT_ATTRIBUTES_BYTES
        ? [
            `the attribute values come to ${bytes} bytes of UTF-8 (at most ${MAX_CONTACT_ATTRIBUTES_BYTES} across the ` +
              "contact's attributes; above it the action takes its Error branch)",
          ]
        : [];
    },
    errors: NO_MATCHING_ERROR,
    conditions: 'none',
    flowTypes: BOTH_FLOW_TYPES,
  },
  DisconnectParticipant: { parameters: {}, errors: NO_ERRORS, conditions: 'none', terminal: true, flowTypes: BOTH_FLOW_TYPES },
  // Ends the customer-queue flow without hanging up: the caller stays in the queue.
  EndFlowExecution: { parameters: {}, errors: NO_ERRORS, conditions: 'none', terminal: true, flowTypes: CUSTOMER_QUEUE_ONLY },
};

/** The action types the validator (and the simulator) understand. */
export const SUPPORTED_ACTION_TYPES: readonly string[] = Object.keys(ACTION_SPECS);

/** The error types an action of `type` with these parameters can raise (empty for an unknown type). */
export function errorTypesOf(type: string, parameters: Readonly<Record<string, unknown>>): readonly string[] {
  return ACTION_SPECS[type]?.errors(parameters) ?? [];
}

/** The action types a flow of `flowType` may hold. */
export function actionTypesAllowedIn(flowType: FlowType): readonly string[] {
  return SUPPORTED_ACTION_TYPES.filter((type) => ACTION_SPECS[type]?.flowTypes.includes(flowType) === true);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `value` is an unresolved CDK string token (`${Token[...]}`), a deploy-time value. */
export function isCdkToken(value: string): boolean {
  return CDK_TOKEN.test(value);
}

class ProblemList {
  readonly problems: FlowProblem[] = [];

  add(identifier: string | undefined, message: string): void {
    this.problems.push(identifier === undefined ? { message } : { identifier, message });
  }
}

function checkIdentifier(identifier: string, problems: ProblemList): void {
  if (identifier.trim() === '') {
    problems.add(identifier, 'the Identifier is empty');
    return;
  }
  if (identifier.length > MAX_IDENTIFIER_LENGTH) {
    problems.add(identifier, `the Identifier is ${identifier.length} characters long (at most ${MAX_IDENTIFIER_LENGTH})`);
  }
  const illegal = ILLEGAL_IDENTIFIER_CHARACTERS.exec(identifier);
  if (illegal !== null) problems.add(identifier, `the Identifier contains "${illegal[0]}", which is not allowed`);
  if (RESERVED_IDENTIFIERS.has(identifier)) problems.add(identifier, 'the Identifier is a reserved name');
}

// Connect documents no rule for where a path ends inside text; an ambiguous one may be dropped or read out.
function checkDelimited(identifier: string, where: string, reference: AttributeReference, problems: ProblemList): void {
  if (reference.unambiguous) return;
  problems.add(
    identifier,
    `${where}: the attribute reference ${reference.text} is ${reference.ambiguity ?? 'not delimited'}, so where Connect ends it ` +
      `is undocumented; put ASCII whitespace (or the start or end of the text) on both sides of it, or write it as ` +
      `${bracketFormOf(reference.path)}`,
  );
}

function checkStringValue(
  identifier: string,
  where: string,
  value: string,
  spec: StringParameter,
  parameters: Readonly<Record<string, unknown>>,
  problems: ProblemList,
): void {
  if (value === '') {
    problems.add(identifier, `${where} is empty`);
    return;
  }
  if (isCdkToken(value)) return;
  const references = findAttributeReferences(value);
  const isPath = singleAttributeReference(value) !== undefined;
  if (spec.form === 'static' && references.length > 0) {
    problems.add(identifier, `${where} must be a literal value, not a JSONPath`);
    return;
  }
  if (spec.form === 'static-or-path' && !isPath && references.length > 0) {
    problems.add(identifier, `${where} must be a literal value or exactly one JSONPath, not text around a JSONPath`);
    return;
  }
  if (spec.form === 'dynamic') {
    for (const reference of references) checkDelimited(identifier, where, reference, problems);
  }
  if (isPath || references.length > 0) return;
  const reason = spec.check?.(value, parameters);
  if (reason !== undefined) problems.add(identifier, `${where} ${JSON.stringify(value)} ${reason}`);
}

/** Exactly one thing to play, and its text within what Connect speaks. `prefix` names where the text sits. */
function checkPrompt(
  identifier: string,
  owner: string,
  prefix: string,
  prompt: Readonly<Record<string, unknown>>,
  problems: ProblemList,
): void {
  const reason = exactlyOneOf(owner, PROMPT_SOURCES, prompt);
  if (reason !== undefined) problems.add(identifier, reason);
  const text = prompt.Text;
  if (typeof text === 'string' && text.length > MAX_BILLED_CHARACTERS) {
    problems.add(identifier, `${prefix}Text is ${text.length} characters long (at most ${MAX_BILLED_CHARACTERS}, all billed)`);
  }
  const ssml = prompt.SSML;
  if (typeof ssml === 'string') {
    const billed = ssmlText(ssml).length;
    if (ssml.length > MAX_TEXT_CHARACTERS) {
      problems.add(identifier, `${prefix}SSML is ${ssml.length} characters long (at most ${MAX_TEXT_CHARACTERS})`);
    } else if (billed > MAX_BILLED_CHARACTERS) {
      problems.add(identifier, `${prefix}SSML speaks ${billed} characters outside its tags (at most ${MAX_BILLED_CHARACTERS})`);
    }
  }
}

// A free map's values: strings, JSONPaths delimited like any dynamic text.
const FREE_MAP_VALUE = str(false, 'dynamic');

/** One parameter value (or a member or item of one) against its spec; `where` names it in messages. */
function checkValue(
  identifier: string,
  where: string,
  value: unknown,
  spec: ParameterSpec,
  parameters: ParameterValues,
  problems: ProblemList,
): void {
  if (spec.kind === 'string') {
    if (typeof value !== 'string') {
      const hint = typeof value === 'number' || typeof value === 'boolean' ? ` (write ${JSON.stringify(String(value))})` : '';
      problems.add(identifier, `${where} must be a string${hint}`);
      return;
    }
    checkStringValue(identifier, where, value, spec, parameters, problems);
    return;
  }
  if (spec.kind === 'list') {
    if (!Array.isArray(value)) {
      problems.add(identifier, `${where} must be a list`);
    } else if (value.length === 0) {
      problems.add(identifier, `${where} is an empty list (it needs at least one item)`);
    } else {
      value.forEach((item, index) => checkValue(identifier, `${where}[${index}]`, item, spec.items, parameters, problems));
    }
    return;
  }
  if (!isRecord(value)) {
    problems.add(identifier, `${where} must be an object`);
    return;
  }
  for (const [member, memberValue] of Object.entries(value)) {
    if (spec.members === undefined) {
      if (spec.keys !== undefined && !spec.keys.pattern.test(member)) {
        problems.add(identifier, `${where} has the key ${JSON.stringify(member)}; its keys may hold only ${spec.keys.what}`);
      }
      checkValue(identifier, `${where}.${member}`, memberValue, FREE_MAP_VALUE, parameters, problems);
    } else if (!hasOwn(spec.members, member)) {
      problems.add(identifier, `${where} has no member ${member}`);
    } else {
      checkValue(identifier, `${where}.${member}`, memberValue, spec.members[member] as ParameterSpec, parameters, problems);
    }
  }
  for (const [member, memberSpec] of Object.entries(spec.members ?? {})) {
    if (memberSpec.required && !hasOwn(value, member)) problems.add(identifier, `${where} is missing ${member}`);
  }
  if (spec.prompt === true) checkPrompt(identifier, where, `${where}.`, value, problems);
}

function checkParameters(identifier: string, type: string, spec: ActionSpec, parameters: unknown, problems: ProblemList): void {
  if (!isRecord(parameters)) {
    problems.add(identifier, 'Parameters must be an object ({} when the action has none)');
    return;
  }
  if (spec.terminal === true && Object.keys(parameters).length > 0) {
    problems.add(identifier, `${type} takes no Parameters (it must be {})`);
    return;
  }
  for (const [name, value] of Object.entries(parameters)) {
    if (!hasOwn(spec.parameters, name)) {
      problems.add(identifier, `${type} has no parameter ${name}`);
      continue;
    }
    checkValue(identifier, `parameter ${name}`, value, spec.parameters[name] as ParameterSpec, parameters, problems);
  }
  for (const [name, parameter] of Object.entries(spec.parameters)) {
    if (parameter.required && !hasOwn(parameters, name)) problems.add(identifier, `${type} requires the parameter ${name}`);
  }
  if (spec.prompt === true) checkPrompt(identifier, type, '', parameters, problems);
  for (const reason of spec.rules?.(parameters) ?? []) problems.add(identifier, reason);
}

function checkCheckerComparison(
  identifier: string,
  parameters: Record<string, unknown>,
  operands: readonly string[],
  operator: string,
  problems: ProblemList,
): void {
  const value = parameters.ComparisonValue;
  if (typeof value !== 'string') return;
  const path = singleAttributeReference(value)?.path;
  if (path === undefined || path.length !== 2 || path[0] !== 'External') return;
  const key = path[1] as string;
  if ((CHECKER_FREE_TEXT_KEYS as readonly string[]).includes(key)) return;
  const allowed = (CHECKER_RESULT_VALUES as Readonly<Record<string, readonly string[]>>)[key];
  if (allowed === undefined || !Object.prototype.hasOwnProperty.call(CHECKER_RESULT_VALUES, key)) return;
  for (const operand of operands) {
    if (operator !== 'Equals') {
      problems.add(identifier, `compare the checker's ${key} with Equals, not ${operator}`);
    } else if (!allowed.includes(operand)) {
      problems.add(
        identifier,
        `the checker never returns ${JSON.stringify(operand)} for ${key} (it returns ${allowed.map((v) => JSON.stringify(v)).join(', ')})`,
      );
    }
  }
}

// `$.External` holds the last Lambda's answer: the checker's flat map, so a reference names exactly one of its keys.
function checkExternalReferences(identifier: string | undefined, value: unknown, problems: ProblemList): void {
  if (typeof value === 'string') {
    for (const { text, path } of findAttributeReferences(value)) {
      if (path[0] !== 'External') continue;
      const key = path[1];
      if (key === undefined || path.length > 2) {
        problems.add(identifier, `${text} must name one key of the checker's answer, such as $.External.holidayName`);
        continue;
      }
      const known =
        Object.prototype.hasOwnProperty.call(CHECKER_RESULT_VALUES, key) ||
        (CHECKER_FREE_TEXT_KEYS as readonly string[]).includes(key);
      if (!known) problems.add(identifier, `${text} is not a key the checker returns`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => checkExternalReferences(identifier, item, problems));
  } else if (isRecord(value)) {
    Object.values(value).forEach((item) => checkExternalReferences(identifier, item, problems));
  }
}

function findPlaceholders(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(PLACEHOLDER_PATTERN)) found.add(match[0]);
  } else if (Array.isArray(value)) {
    value.forEach((item) => findPlaceholders(item, found));
  } else if (isRecord(value)) {
    Object.values(value).forEach((item) => findPlaceholders(item, found));
  }
}

// `$.Metrics` holds what the last GetMetricData loaded: a documented metric, and only in a flow that loads them.
function checkMetricsReferences(identifier: string, value: unknown, loaded: boolean, problems: ProblemList): void {
  if (typeof value === 'string') {
    for (const { text, path } of findAttributeReferences(value)) {
      if (path[0] !== 'Metrics') continue;
      if (!METRIC_PATHS.includes(path.slice(1).join('.'))) {
        const known = METRIC_PATHS.map((name) => `$.Metrics.${name}`).join(', ');
        problems.add(identifier, `${text} is not a metric GetMetricData loads (known: ${known})`);
      }
      if (!loaded) problems.add(identifier, `${text} is never loaded: the flow has no GetMetricData action`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => checkMetricsReferences(identifier, item, loaded, problems));
  } else if (isRecord(value)) {
    Object.values(value).forEach((item) => checkMetricsReferences(identifier, item, loaded, problems));
  }
}

function describeConditions(values: readonly string[]): string {
  return values.map((value) => `Equals "${value}"`).join(' and ');
}

function checkTransitions(
  identifier: string,
  type: string,
  spec: ActionSpec,
  parameters: Record<string, unknown>,
  transitions: unknown,
  targets: string[],
  problems: ProblemList,
): void {
  if (!isRecord(transitions)) {
    problems.add(identifier, 'Transitions must be an object ({} for a terminal action)');
    return;
  }
  if (spec.terminal === true) {
    if (Object.keys(transitions).length > 0) problems.add(identifier, `${type} ends the flow: Transitions must be {}`);
    return;
  }
  for (const key of Object.keys(transitions)) {
    if (!['NextAction', 'Errors', 'Conditions'].includes(key)) problems.add(identifier, `Transitions has no member ${key}`);
  }
  const rule = typeof spec.conditions === 'function' ? spec.conditions(parameters) : spec.conditions;
  const { NextAction: next, Errors: errors, Conditions: conditions } = transitions;
  if (next !== undefined) {
    if (typeof next === 'string') targets.push(next);
    else problems.add(identifier, 'Transitions.NextAction must be a string');
  } else if (rule === 'none' && spec.nextAction !== 'optional') {
    problems.add(identifier, 'Transitions.NextAction is missing');
  }

  // Errors: every one the action can raise is routed, none it cannot raise is listed, none twice.
  const raisable = spec.errors(parameters);
  const allowed = [...raisable, ...(spec.optionalErrors?.(parameters) ?? [])];
  const routed = new Set<string>();
  if (errors !== undefined && !Array.isArray(errors)) {
    problems.add(identifier, 'Transitions.Errors must be a list');
  } else {
    for (const entry of (errors ?? []) as unknown[]) {
      if (!isRecord(entry) || typeof entry.ErrorType !== 'string' || typeof entry.NextAction !== 'string') {
        problems.add(identifier, 'each Errors entry must be {ErrorType, NextAction} with string values');
        continue;
      }
      targets.push(entry.NextAction);
      if (!allowed.includes(entry.ErrorType)) {
        const onlyWhen =
          spec.errorsOnlyWhen !== undefined && hasOwn(spec.errorsOnlyWhen, entry.ErrorType)
            ? ` unless ${spec.errorsOnlyWhen[entry.ErrorType]}`
            : '';
        problems.add(
          identifier,
          allowed.length === 0
            ? `${type} raises no errors, so the ${entry.ErrorType} branch is invalid`
            : `${type} cannot raise ${entry.ErrorType}${onlyWhen} (it raises ${allowed.join(', ')})`,
        );
      }
      if (routed.has(entry.ErrorType)) problems.add(identifier, `the error ${entry.ErrorType} is routed twice`);
      routed.add(entry.ErrorType);
    }
  }
  for (const errorType of raisable) {
    if (!routed.has(errorType)) problems.add(identifier, `the error ${errorType} goes nowhere: add an Errors entry for it`);
  }

  // Conditions.
  if (conditions !== undefined && !Array.isArray(conditions)) {
    problems.add(identifier, 'Transitions.Conditions must be a list');
    return;
  }
  const list = (conditions ?? []) as unknown[];
  if (rule === 'none') {
    if (list.length > 0) problems.add(identifier, `${type} takes no Conditions${spec.noConditionsNote ?? ''}`);
    return;
  }
  if (list.length === 0) {
    problems.add(
      identifier,
      rule === 'any'
        ? `${type} needs at least one condition`
        : rule === 'dtmf'
          ? `${type} needs at least one condition: a menu (StoreInput "False") branches on Equals one key ` +
            `(${DTMF_KEYS.join(' ')})`
          : `${type} needs exactly the conditions ${describeConditions(rule)}`,
    );
    return;
  }
  const equalsSeen: string[] = [];
  for (const entry of list) {
    if (!isRecord(entry) || typeof entry.NextAction !== 'string' || !isRecord(entry.Condition)) {
      problems.add(identifier, 'each Conditions entry must be {NextAction, Condition: {Operator, Operands}}');
      continue;
    }
    targets.push(entry.NextAction);
    const { Operator: operator, Operands: operands } = entry.Condition;
    if (typeof operator !== 'string' || !OPERATORS.has(operator)) {
      problems.add(identifier, `unknown condition operator ${JSON.stringify(operator)}`);
      continue;
    }
    if (!Array.isArray(operands) || operands.length !== 1 || typeof operands[0] !== 'string') {
      problems.add(identifier, 'a condition needs Operands with exactly one string');
      continue;
    }
    const operand = operands[0];
    if (operand === '') {
      // Connect answers "Invalid branch" for an empty operand.
      problems.add(identifier, 'a condition operand is empty');
      continue;
    }
    if (operator.startsWith('Number') && !Number.isFinite(Number(operand))) {
      problems.add(identifier, `${operator} needs a number, not ${JSON.stringify(operand)}`);
    }
    if (operator === 'Equals') {
      if (equalsSeen.includes(operand)) problems.add(identifier, `the condition Equals ${JSON.stringify(operand)} is listed twice`);
      equalsSeen.push(operand);
    }
    if (Array.isArray(rule) && (operator !== 'Equals' || !rule.includes(operand))) {
      problems.add(
        identifier,
        `${type} allows only the conditions ${describeConditions(rule)}, not ${operator} ${JSON.stringify(operand)}`,
      );
    }
    // The menu block takes one key per choice ("Get customer input"): "12" never matches, it is two choices.
    if (rule === 'dtmf') {
      if (operator !== 'Equals') {
        problems.add(identifier, `a menu condition must be Equals one key, not ${operator} ${JSON.stringify(operand)}`);
      } else if (!DTMF_KEYS.includes(operand)) {
        problems.add(
          identifier,
          `the menu condition Equals ${JSON.stringify(operand)} is not a single key (${DTMF_KEYS.join(' ')}); ` +
            'the menu reads one key per choice',
        );
      }
    }
    if (type === 'Compare') checkCheckerComparison(identifier, parameters, [operand], operator, problems);
  }
  if (Array.isArray(rule)) {
    for (const value of rule) {
      if (!equalsSeen.includes(value)) problems.add(identifier, `${type} is missing the condition Equals "${value}"`);
    }
  }
}

/**
 * Every problem with a flow-language document, in document order (empty when the flow is valid). Accepts any
 * value, so a hand-edited or generated document can be checked before it is trusted. `options.flowType` says what
 * the flow is deployed as (an inbound flow unless told otherwise); it decides which action types it may hold.
 */
export function validateContactFlow(doc: unknown, options: ContactFlowValidationOptions = {}): FlowProblem[] {
  const problems = new ProblemList();
  const flowType: string = options.flowType ?? 'CONTACT_FLOW';
  const knownFlowType = (FLOW_TYPES as readonly string[]).includes(flowType);
  if (!knownFlowType) problems.add(undefined, `unknown flow type ${JSON.stringify(flowType)} (known: ${FLOW_TYPES.join(', ')})`);
  if (!isRecord(doc)) {
    problems.add(undefined, 'the flow is not a JSON object');
    return problems.problems;
  }
  for (const key of Object.keys(doc)) {
    if (!['Version', 'StartAction', 'Metadata', 'Actions'].includes(key)) problems.add(undefined, `unknown top-level member ${key}`);
  }
  if (doc.Version !== FLOW_LANGUAGE_VERSION) {
    problems.add(undefined, `Version is ${JSON.stringify(doc.Version)}; the flow language needs "${FLOW_LANGUAGE_VERSION}"`);
  }
  if (doc.Metadata !== undefined && !isRecord(doc.Metadata)) problems.add(undefined, 'Metadata must be an object');
  const size = JSON.stringify(doc).length;
  if (size > MAX_FLOW_CHARACTERS) {
    problems.add(undefined, `the flow is ${size} characters of JSON (at most ${MAX_FLOW_CHARACTERS})`);
  }
  const placeholders = new Set<string>();
  findPlaceholders(doc, placeholders);
  if (placeholders.size > 0) {
    problems.add(undefined, `placeholders left unrendered: ${[...placeholders].sort().join(', ')}`);
  }
  if (!Array.isArray(doc.Actions)) {
    problems.add(undefined, 'Actions must be a list');
    return problems.problems;
  }
  if (doc.Actions.length > MAX_FLOW_ACTIONS) {
    problems.add(undefined, `the flow has ${doc.Actions.length} actions (at most ${MAX_FLOW_ACTIONS})`);
  }

  // Identifiers first, so every later check can tell a real target from a dangling one.
  const identifiers = new Set<string>();
  const edges = new Map<string, string[]>();
  doc.Actions.forEach((action: unknown, index) => {
    if (!isRecord(action) || typeof action.Identifier !== 'string') {
      problems.add(undefined, `Actions[${index}] has no string Identifier`);
      return;
    }
    const identifier = action.Identifier;
    if (identifiers.has(identifier)) problems.add(identifier, 'the Identifier is used by more than one action');
    identifiers.add(identifier);
    checkIdentifier(identifier, problems);
  });
  const loadsMetrics = doc.Actions.some((action: unknown) => isRecord(action) && action.Type === 'GetMetricData');

  doc.Actions.forEach((action: unknown) => {
    if (!isRecord(action) || typeof action.Identifier !== 'string') return;
    const identifier = action.Identifier;
    for (const key of Object.keys(action)) {
      if (!['Identifier', 'Type', 'Parameters', 'Transitions'].includes(key)) problems.add(identifier, `unknown action member ${key}`);
    }
    const type = action.Type;
    const spec = typeof type === 'string' && hasOwn(ACTION_SPECS, type) ? ACTION_SPECS[type] : undefined;
    if (spec === undefined || typeof type !== 'string') {
      problems.add(
        identifier,
        `the action type ${JSON.stringify(type)} is not supported (supported: ${SUPPORTED_ACTION_TYPES.join(', ')})`,
      );
      return;
    }
    if (knownFlowType && !spec.flowTypes.includes(flowType as FlowType)) {
      problems.add(
        identifier,
        `${type} is not allowed in a ${flowType} flow (the action type "${type}" is not supported there; it runs only in ` +
          `${spec.flowTypes.join(' and ')} flows)`,
      );
    }
    checkParameters(identifier, type, spec, action.Parameters, problems);
    checkExternalReferences(identifier, action.Parameters, problems);
    checkMetricsReferences(identifier, action.Parameters, loadsMetrics, problems);
    const targets: string[] = [];
    checkTransitions(
      identifier,
      type,
      spec,
      isRecord(action.Parameters) ? action.Parameters : {},
      action.Transitions,
      targets,
      problems,
    );
    for (const target of new Set(targets)) {
      if (!identifiers.has(target)) problems.add(identifier, `goes to "${target}", which is not an action in this flow`);
    }
    edges.set(identifier, (edges.get(identifier) ?? []).concat(targets));
  });

  if (typeof doc.StartAction !== 'string') {
    problems.add(undefined, 'StartAction is missing');
  } else if (!identifiers.has(doc.StartAction)) {
    problems.add(undefined, `StartAction "${doc.StartAction}" is not an action in this flow`);
  } else {
    const reached = new Set<string>([doc.StartAction]);
    const queue = [doc.StartAction];
    for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
      for (const target of edges.get(current) ?? []) {
        if (identifiers.has(target) && !reached.has(target)) {
          reached.add(target);
          queue.push(target);
        }
      }
    }
    for (const identifier of identifiers) {
      if (!reached.has(identifier)) problems.add(identifier, `no path from StartAction reaches this action`);
    }
  }
  return problems.problems;
}

/** Throw {@link FlowValidationError} listing every problem when `doc` is not a valid flow of `options.flowType`. */
export function assertValidContactFlow(doc: unknown, options: ContactFlowValidationOptions = {}): void {
  const problems = validateContactFlow(doc, options);
  if (problems.length > 0) throw new FlowValidationError(problems);
}
