/**
 * A validator for Amazon Connect flow-language documents, as far as this project uses the language.
 *
 * Connect validates a flow only when it is published (at deploy), and CloudFormation reports the first problem it
 * meets after minutes of waiting. This checks the same things locally, at synth and in the tests, and reports every
 * problem at once with the action it belongs to. The rules follow the flow-language reference; where the
 * documentation is silent (unreachable actions, error branches that only some pages call mandatory) the rule is the
 * stricter one, because a stricter flow deploys everywhere.
 */
import { CHECKER_FREE_TEXT_KEYS, CHECKER_RESULT_VALUES } from '../../lambda/shared/decision';
import { JAPANESE_VOICES } from '../config/site-config';
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
 * billed, so `SSML` may run to 6,000 with at most 3,000 outside its tags.
 */
export const MAX_BILLED_CHARACTERS = 3_000;
export const MAX_TEXT_CHARACTERS = 6_000;
/** Longest wait for a Lambda the flow language allows, seconds. */
export const MAX_LAMBDA_TIME_LIMIT_SECONDS = 8;
/** Longest ring time for a third-party transfer, seconds. */
export const MAX_TRANSFER_TIME_LIMIT_SECONDS = 600;

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
  readonly members?: Readonly<Record<string, StringParameter>>;
}

type ParameterSpec = StringParameter | ObjectParameter;

/** What the flow language allows for one action type. */
interface ActionSpec {
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  /** The error types the action can raise, given its parameters. Each must be routed somewhere. */
  readonly errors: (parameters: Readonly<Record<string, unknown>>) => readonly string[];
  /** `none`: no Conditions; `any`: at least one; a list: exactly one `Equals` condition per listed value. */
  readonly conditions: 'none' | 'any' | readonly string[];
  /** Terminal actions have `Parameters: {}` and `Transitions: {}`. */
  readonly terminal?: boolean;
}

function oneOf(...values: string[]): (value: string) => string | undefined {
  return (value) => (values.includes(value) ? undefined : `must be one of ${values.join(', ')}`);
}

function integerBetween(min: number, max: number): (value: string) => string | undefined {
  return (value) =>
    /^[0-9]+$/.test(value) && Number(value) >= min && Number(value) <= max
      ? undefined
      : `must be a whole number from ${min} to ${max}`;
}

function matches(pattern: RegExp, what: string): (value: string) => string | undefined {
  return (value) => (pattern.test(value) ? undefined : `must be ${what}`);
}

const str = (required: boolean, form: ValueForm, check?: StringParameter['check']): StringParameter =>
  check === undefined ? { kind: 'string', required, form } : { kind: 'string', required, form, check };

const NO_ERRORS = (): readonly string[] => [];
const NO_MATCHING_ERROR = (): readonly string[] => ['NoMatchingError'];

/** The action types this project's flows may use, with their parameter whitelists and branches. */
const ACTION_SPECS: Readonly<Record<string, ActionSpec>> = {
  UpdateFlowLoggingBehavior: {
    parameters: { FlowLoggingBehavior: str(true, 'static', oneOf('Enabled', 'Disabled')) },
    errors: NO_ERRORS,
    conditions: 'none',
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
  },
  Compare: {
    parameters: {
      ComparisonValue: str(true, 'static-or-path', () => 'must be exactly one JSONPath, such as $.External.isHoliday'),
    },
    errors: () => ['NoMatchingCondition'],
    conditions: 'any',
  },
  CheckHoursOfOperation: {
    parameters: {
      HoursOfOperationId: str(false, 'static-or-path', matches(HOURS_ID, 'an hours of operation ID or ARN')),
    },
    errors: NO_MATCHING_ERROR,
    conditions: ['True', 'False'],
  },
  MessageParticipant: {
    parameters: {
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
    },
    errors: NO_MATCHING_ERROR,
    conditions: 'none',
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
    conditions: 'none',
  },
  UpdateContactAttributes: {
    parameters: {
      Attributes: { kind: 'object', required: true },
      TargetContact: str(false, 'static', oneOf('Current', 'Related')),
    },
    errors: NO_MATCHING_ERROR,
    conditions: 'none',
  },
  DisconnectParticipant: { parameters: {}, errors: NO_ERRORS, conditions: 'none', terminal: true },
};

/** The action types the validator (and the simulator) understand. */
export const SUPPORTED_ACTION_TYPES: readonly string[] = Object.keys(ACTION_SPECS);

/** The error types an action of `type` with these parameters can raise (empty for an unknown type). */
export function errorTypesOf(type: string, parameters: Readonly<Record<string, unknown>>): readonly string[] {
  return ACTION_SPECS[type]?.errors(parameters) ?? [];
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
    const parameter = spec.parameters[name];
    if (parameter === undefined || !Object.prototype.hasOwnProperty.call(spec.parameters, name)) {
      problems.add(identifier, `${type} has no parameter ${name}`);
      continue;
    }
    if (parameter.kind === 'string') {
      if (typeof value !== 'string') {
        problems.add(identifier, `parameter ${name} must be a string (write ${JSON.stringify(String(value))})`);
        continue;
      }
      checkStringValue(identifier, `parameter ${name}`, value, parameter, parameters, problems);
      continue;
    }
    if (!isRecord(value)) {
      problems.add(identifier, `parameter ${name} must be an object`);
      continue;
    }
    for (const [member, memberValue] of Object.entries(value)) {
      const memberSpec = parameter.members === undefined ? str(false, 'dynamic') : parameter.members[member];
      if (memberSpec === undefined || (parameter.members !== undefined && !Object.prototype.hasOwnProperty.call(parameter.members, member))) {
        problems.add(identifier, `parameter ${name} has no member ${member}`);
      } else if (typeof memberValue !== 'string') {
        problems.add(identifier, `parameter ${name}.${member} must be a string`);
      } else {
        checkStringValue(identifier, `parameter ${name}.${member}`, memberValue, memberSpec, parameters, problems);
      }
    }
    for (const [member, memberSpec] of Object.entries(parameter.members ?? {})) {
      if (memberSpec.required && !(member in value)) problems.add(identifier, `parameter ${name} is missing ${member}`);
    }
  }
  for (const [name, parameter] of Object.entries(spec.parameters)) {
    if (parameter.required && !(name in parameters)) problems.add(identifier, `${type} requires the parameter ${name}`);
  }
  if (type === 'MessageParticipant') {
    const given = ['Text', 'SSML', 'PromptId', 'Media'].filter((name) => name in parameters);
    if (given.length !== 1) {
      problems.add(
        identifier,
        `MessageParticipant needs exactly one of Text, SSML, PromptId, Media (it has ${given.length === 0 ? 'none' : given.join(', ')})`,
      );
    }
    const text = parameters.Text;
    if (typeof text === 'string' && text.length > MAX_BILLED_CHARACTERS) {
      problems.add(identifier, `Text is ${text.length} characters long (at most ${MAX_BILLED_CHARACTERS}, all billed)`);
    }
    const ssml = parameters.SSML;
    if (typeof ssml === 'string') {
      const billed = ssml.replace(/<[^>]*>/gu, '').length;
      if (ssml.length > MAX_TEXT_CHARACTERS) problems.add(identifier, `SSML is ${ssml.length} characters long (at most ${MAX_TEXT_CHARACTERS})`);
      else if (billed > MAX_BILLED_CHARACTERS) problems.add(identifier, `SSML speaks ${billed} characters outside its tags (at most ${MAX_BILLED_CHARACTERS})`);
    }
  }
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
  const { NextAction: next, Errors: errors, Conditions: conditions } = transitions;
  if (next !== undefined) {
    if (typeof next === 'string') targets.push(next);
    else problems.add(identifier, 'Transitions.NextAction must be a string');
  } else if (spec.conditions === 'none') {
    problems.add(identifier, 'Transitions.NextAction is missing');
  }

  // Errors: every one the action can raise is routed, none it cannot raise is listed, none twice.
  const raisable = spec.errors(parameters);
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
      if (!raisable.includes(entry.ErrorType)) {
        problems.add(
          identifier,
          raisable.length === 0
            ? `${type} raises no errors, so the ${entry.ErrorType} branch is invalid`
            : `${type} cannot raise ${entry.ErrorType}${type === 'TransferParticipantToThirdParty' ? ' unless ContinueFlowExecution is "True"' : ''} (it raises ${raisable.join(', ')})`,
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
  if (spec.conditions === 'none') {
    if (list.length > 0) problems.add(identifier, `${type} takes no Conditions`);
    return;
  }
  if (list.length === 0) {
    problems.add(
      identifier,
      spec.conditions === 'any'
        ? `${type} needs at least one condition`
        : `${type} needs exactly the conditions ${spec.conditions.map((v) => `Equals "${v}"`).join(' and ')}`,
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
    if (Array.isArray(spec.conditions) && (operator !== 'Equals' || !spec.conditions.includes(operand))) {
      problems.add(
        identifier,
        `${type} allows only the conditions ${spec.conditions.map((v) => `Equals "${v}"`).join(' and ')}, not ${operator} ${JSON.stringify(operand)}`,
      );
    }
    if (type === 'Compare') checkCheckerComparison(identifier, parameters, [operand], operator, problems);
  }
  if (Array.isArray(spec.conditions)) {
    for (const value of spec.conditions) {
      if (!equalsSeen.includes(value)) problems.add(identifier, `${type} is missing the condition Equals "${value}"`);
    }
  }
}

/**
 * Every problem with a flow-language document, in document order (empty when the flow is valid). Accepts any
 * value, so a hand-edited or generated document can be checked before it is trusted.
 */
export function validateContactFlow(doc: unknown): FlowProblem[] {
  const problems = new ProblemList();
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

  doc.Actions.forEach((action: unknown) => {
    if (!isRecord(action) || typeof action.Identifier !== 'string') return;
    const identifier = action.Identifier;
    for (const key of Object.keys(action)) {
      if (!['Identifier', 'Type', 'Parameters', 'Transitions'].includes(key)) problems.add(identifier, `unknown action member ${key}`);
    }
    const type = action.Type;
    const spec = typeof type === 'string' && Object.prototype.hasOwnProperty.call(ACTION_SPECS, type) ? ACTION_SPECS[type] : undefined;
    if (spec === undefined || typeof type !== 'string') {
      problems.add(
        identifier,
        `the action type ${JSON.stringify(type)} is not supported (supported: ${SUPPORTED_ACTION_TYPES.join(', ')})`,
      );
      return;
    }
    checkParameters(identifier, type, spec, action.Parameters, problems);
    checkExternalReferences(identifier, action.Parameters, problems);
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

/** Throw {@link FlowValidationError} listing every problem when `doc` is not a valid flow. */
export function assertValidContactFlow(doc: unknown): void {
  const problems = validateContactFlow(doc);
  if (problems.length > 0) throw new FlowValidationError(problems);
}
