import { readFileSync } from 'node:fs';
import { Lazy, Token } from 'aws-cdk-lib';
import { findAttributeReferences } from '../../lib/flow/attribute-references';
import { PLACEHOLDER_PATTERN } from '../../lib/flow/flow-document';
import { AFTER_HOURS_FLOW_TEMPLATE, readFlowTemplate, renderContactFlow } from '../../lib/flow/render';
import {
  assertValidContactFlow,
  FlowProblem,
  FlowValidationError,
  MAX_FLOW_ACTIONS,
  validateContactFlow,
} from '../../lib/flow/validate';
import { exampleConfig, exampleFlow } from './flow-fixtures';

// Tests edit a plain JSON copy of the rendered flow, the way a hand edit would.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function flowJson(): Json {
  return JSON.parse(JSON.stringify(exampleFlow())) as Json;
}

function action(flow: Json, identifier: string): Json {
  const found = (flow.Actions as Json[]).find((candidate) => candidate.Identifier === identifier);
  if (found === undefined) throw new Error(`test flow has no ${identifier}`);
  return found;
}

/** Rename an action and every reference to it, so only the name itself can be wrong. */
function rename(flow: Json, from: string, to: string): Json {
  const text = JSON.stringify(flow).split(JSON.stringify(from)).join(JSON.stringify(to));
  return JSON.parse(text) as Json;
}

function broken(edit: (flow: Json) => Json | void): Json {
  const flow = flowJson();
  return edit(flow) ?? flow;
}

/** The example flow with the holiday announcement replaced: `Text` by default, or `SSML`. */
function holidaySays(text: string, parameter: 'Text' | 'SSML' = 'Text'): Json {
  return broken((flow) => void (action(flow, 'play-holiday').Parameters = { [parameter]: text }));
}

describe('the example flow', () => {
  test('validates clean once rendered with the example config', () => {
    expect(validateContactFlow(exampleFlow())).toEqual([]);
    expect(() => assertValidContactFlow(exampleFlow())).not.toThrow();
  });

  test('validates clean with unresolved CDK tokens for the checker and hours of operation ARNs', () => {
    // The stack renders with these: deploy-time attributes that are `${Token[...]}` strings at synth.
    const refs = {
      checkerFunctionArn: Lazy.string({ produce: () => 'arn:aws:lambda:ap-northeast-1:111122223333:function:x' }),
      hoursOfOperationArn: Token.asString({ 'Fn::GetAtt': ['Hours', 'HoursOfOperationArn'] }),
    };
    const flow = renderContactFlow(exampleConfig, refs);
    expect(Token.isUnresolved(refs.checkerFunctionArn)).toBe(true);
    expect(Token.isUnresolved(refs.hoursOfOperationArn)).toBe(true);
    expect(validateContactFlow(flow)).toEqual([]);
  });

  test('the template holds no account ID, ARN or phone number', () => {
    const text = readFileSync(AFTER_HOURS_FLOW_TEMPLATE, 'utf8');
    expect(text).not.toMatch(/\b\d{12}\b/);
    expect(text).not.toMatch(/arn:/);
    expect(text).not.toMatch(/\+\d{6,}/);
    expect(text).not.toMatch(/\b0\d{1,4}-\d{1,4}-\d{3,4}\b/);
  });

  test('asks for the checker’s answer as JSON, and every reference in its texts is delimited', () => {
    const flow = exampleFlow();
    const invoke = flow.Actions.filter((candidate) => candidate.Type === 'InvokeLambdaFunction');
    expect(invoke.map((candidate) => candidate.Parameters.ResponseValidation)).toEqual([{ ResponseType: 'JSON' }]);
    const texts = flow.Actions.flatMap((candidate) =>
      ['Text', 'SSML'].map((name) => candidate.Parameters[name]).filter((text): text is string => typeof text === 'string'),
    );
    const references = texts.flatMap((text) => findAttributeReferences(text));
    // The holiday and closure announcements each name the day once; the emergency one the reason; the four closed
    // announcements each say when the line opens.
    expect(references.map((reference) => reference.text).sort()).toEqual([
      '$.External.holidayName',
      '$.External.holidayName',
      '$.External.liveReason',
      '$.External.nextOpen',
      '$.External.nextOpen',
      '$.External.nextOpen',
      '$.External.nextOpen',
    ]);
    expect(references.filter((reference) => !reference.unambiguous)).toEqual([]);
    expect(texts.join('\n')).toContain('本日は $.External.holidayName のため');
  });

  test('the raw template is reported for its placeholders, and none survives rendering', () => {
    const problems = validateContactFlow(readFlowTemplate());
    expect(problems).toContainEqual({ message: expect.stringMatching(/placeholders left unrendered: .*%CheckerFunctionArn%/) });
    expect(JSON.stringify(exampleFlow())).not.toMatch(PLACEHOLDER_PATTERN);
  });
});

interface BrokenCase {
  readonly rule: string;
  readonly flow: () => unknown;
  readonly identifier: string | undefined;
  readonly message: RegExp;
}

const ILLEGAL_CHARACTERS = ['%', ':', '(', '\\', '/', ')', '=', '$', ',', ';', '[', ']', '{', '}'];

const cases: BrokenCase[] = [
  {
    rule: 'wrong Version',
    flow: () => broken((flow) => void (flow.Version = '2020-01-01')),
    identifier: undefined,
    message: /Version is "2020-01-01"; the flow language needs "2019-10-30"/,
  },
  {
    rule: 'StartAction naming no action',
    flow: () => broken((flow) => void (flow.StartAction = 'begin')),
    identifier: undefined,
    message: /StartAction "begin" is not an action/,
  },
  {
    rule: 'NextAction naming no action',
    flow: () => broken((flow) => void (action(flow, 'play-in-hours').Transitions.NextAction = 'transfer')),
    identifier: 'play-in-hours',
    message: /goes to "transfer", which is not an action/,
  },
  {
    rule: 'error branch naming no action',
    flow: () => broken((flow) => void (action(flow, 'check-holiday').Transitions.Errors[0].NextAction = 'check-hour')),
    identifier: 'check-holiday',
    message: /goes to "check-hour"/,
  },
  {
    rule: 'duplicate identifier',
    flow: () => broken((flow) => void (action(flow, 'play-closure').Identifier = 'play-holiday')),
    identifier: 'play-holiday',
    message: /used by more than one action/,
  },
  {
    rule: 'identifier over 50 characters',
    flow: () => rename(flowJson(), 'play-transfer-failed', 'x'.repeat(51)),
    identifier: 'x'.repeat(51),
    message: /51 characters long \(at most 50\)/,
  },
  ...ILLEGAL_CHARACTERS.map((character) => ({
    rule: `identifier with ${character}`,
    flow: () => rename(flowJson(), 'play-transfer-failed', `play${character}failed`),
    identifier: `play${character}failed`,
    message: new RegExp(`contains "${character.replace(/[\\$()[\]{}/]/g, '\\$&')}", which is not allowed`),
  })),
  ...['constructor', '__proto__', 'toString'].map((name) => ({
    rule: `reserved identifier ${name}`,
    flow: () => rename(flowJson(), 'play-transfer-failed', name),
    identifier: name,
    message: /reserved name/,
  })),
  {
    rule: 'unreachable action',
    flow: () =>
      broken((flow) => {
        flow.Actions.push({
          Identifier: 'orphan',
          Type: 'MessageParticipant',
          Parameters: { Text: 'もしもし' },
          Transitions: { NextAction: 'disconnect', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'disconnect' }] },
        });
      }),
    identifier: 'orphan',
    message: /no path from StartAction reaches this action/,
  },
  {
    rule: 'unsupported action type',
    flow: () => broken((flow) => void (action(flow, 'disconnect').Type = 'EndFlowExecution')),
    identifier: 'disconnect',
    message: /action type "EndFlowExecution" is not supported/,
  },
  {
    rule: 'unknown parameter (flat CallerIdNumber)',
    flow: () => broken((flow) => void (action(flow, 'transfer-to-staff').Parameters.CallerIdNumber = '+815012345678')),
    identifier: 'transfer-to-staff',
    message: /has no parameter CallerIdNumber/,
  },
  {
    rule: 'unknown parameter (the documentation typo ...TimeoutSeconds)',
    flow: () =>
      broken((flow) => {
        const parameters = action(flow, 'transfer-to-staff').Parameters;
        parameters.ThirdPartyConnectionTimeoutSeconds = parameters.ThirdPartyConnectionTimeLimitSeconds;
        delete parameters.ThirdPartyConnectionTimeLimitSeconds;
      }),
    identifier: 'transfer-to-staff',
    message: /requires the parameter ThirdPartyConnectionTimeLimitSeconds/,
  },
  {
    rule: 'missing parameter (ContinueFlowExecution)',
    flow: () => broken((flow) => void delete action(flow, 'transfer-to-staff').Parameters.ContinueFlowExecution),
    identifier: 'transfer-to-staff',
    message: /requires the parameter ContinueFlowExecution/,
  },
  {
    rule: 'missing parameter (LambdaFunctionARN)',
    flow: () => broken((flow) => void delete action(flow, 'check-holiday').Parameters.LambdaFunctionARN),
    identifier: 'check-holiday',
    message: /requires the parameter LambdaFunctionARN/,
  },
  {
    rule: 'unknown member of a nested parameter',
    flow: () => broken((flow) => void (action(flow, 'check-holiday').Parameters.ResponseValidation.Type = 'JSON')),
    identifier: 'check-holiday',
    message: /parameter ResponseValidation has no member Type/,
  },
  {
    rule: 'CheckHoursOfOperation without False',
    flow: () => broken((flow) => void action(flow, 'check-hours').Transitions.Conditions.pop()),
    identifier: 'check-hours',
    message: /missing the condition Equals "False"/,
  },
  {
    rule: 'CheckHoursOfOperation with a third condition',
    flow: () =>
      broken((flow) =>
        void action(flow, 'check-hours').Transitions.Conditions.push({
          NextAction: 'play-after-hours',
          Condition: { Operator: 'Equals', Operands: ['true'] },
        }),
      ),
    identifier: 'check-hours',
    message: /allows only the conditions Equals "True" and Equals "False", not Equals "true"/,
  },
  {
    rule: 'Compare without conditions',
    flow: () => broken((flow) => void (action(flow, 'closed-reason').Transitions.Conditions = [])),
    identifier: 'closed-reason',
    message: /Compare needs at least one condition/,
  },
  {
    rule: 'missing error branch (voice)',
    flow: () => broken((flow) => void delete action(flow, 'set-voice').Transitions.Errors),
    identifier: 'set-voice',
    message: /the error NoMatchingError goes nowhere/,
  },
  {
    rule: 'missing error branch (transfer CallFailed)',
    flow: () => broken((flow) => void action(flow, 'transfer-to-staff').Transitions.Errors.shift()),
    identifier: 'transfer-to-staff',
    message: /the error CallFailed goes nowhere/,
  },
  {
    rule: 'missing error branch (Compare NoMatchingCondition)',
    flow: () => broken((flow) => void (action(flow, 'is-closed-day').Transitions.Errors = [])),
    identifier: 'is-closed-day',
    message: /the error NoMatchingCondition goes nowhere/,
  },
  {
    rule: 'NoMatchingError on Compare',
    flow: () =>
      broken((flow) =>
        void action(flow, 'is-closed-day').Transitions.Errors.push({ ErrorType: 'NoMatchingError', NextAction: 'check-hours' }),
      ),
    identifier: 'is-closed-day',
    message: /Compare cannot raise NoMatchingError \(it raises NoMatchingCondition\)/,
  },
  {
    rule: 'CallFailed on a transfer with ContinueFlowExecution False',
    flow: () => broken((flow) => void (action(flow, 'transfer-to-staff').Parameters.ContinueFlowExecution = 'False')),
    identifier: 'transfer-to-staff',
    message: /cannot raise CallFailed unless ContinueFlowExecution is "True"/,
  },
  {
    rule: 'ConnectionTimeLimitExceeded on a transfer with ContinueFlowExecution False',
    flow: () => broken((flow) => void (action(flow, 'transfer-to-staff').Parameters.ContinueFlowExecution = 'False')),
    identifier: 'transfer-to-staff',
    message: /cannot raise ConnectionTimeLimitExceeded/,
  },
  {
    rule: 'an error on an action that raises none',
    flow: () =>
      broken((flow) =>
        void (action(flow, 'enable-flow-logs').Transitions.Errors = [{ ErrorType: 'NoMatchingError', NextAction: 'set-voice' }]),
      ),
    identifier: 'enable-flow-logs',
    message: /raises no errors/,
  },
  {
    rule: 'number instead of string',
    flow: () => broken((flow) => void (action(flow, 'check-holiday').Parameters.InvocationTimeLimitSeconds = 3)),
    identifier: 'check-holiday',
    message: /parameter InvocationTimeLimitSeconds must be a string \(write "3"\)/,
  },
  {
    rule: 'boolean instead of string',
    flow: () => broken((flow) => void (action(flow, 'transfer-to-staff').Parameters.ContinueFlowExecution = true)),
    identifier: 'transfer-to-staff',
    message: /parameter ContinueFlowExecution must be a string/,
  },
  {
    rule: 'object where the language has a string',
    flow: () => broken((flow) => void (action(flow, 'play-in-hours').Parameters.Text = { ja: 'こんにちは' })),
    identifier: 'play-in-hours',
    message: /parameter Text must be a string/,
  },
  {
    rule: 'string where the language has an object (CallerId)',
    flow: () => broken((flow) => void (action(flow, 'transfer-to-staff').Parameters.CallerId = '+815012345678')),
    identifier: 'transfer-to-staff',
    message: /parameter CallerId must be an object/,
  },
  {
    rule: 'Compare on a checker value the checker never returns (capitalised)',
    flow: () => broken((flow) => void (action(flow, 'is-closed-day').Transitions.Conditions[0].Condition.Operands = ['True'])),
    identifier: 'is-closed-day',
    message: /the checker never returns "True" for isHoliday/,
  },
  {
    rule: 'Compare on a checker value the checker never returns (closedReason)',
    flow: () => broken((flow) => void (action(flow, 'closed-reason').Transitions.Conditions[0].Condition.Operands = ['company'])),
    identifier: 'closed-reason',
    message: /the checker never returns "company" for closedReason/,
  },
  {
    rule: 'Compare with an empty operand',
    flow: () => broken((flow) => void (action(flow, 'closed-reason').Transitions.Conditions[0].Condition.Operands = [''])),
    identifier: 'closed-reason',
    message: /operand is empty/,
  },
  {
    rule: 'a key the checker does not return',
    flow: () => broken((flow) => void (action(flow, 'play-holiday').Parameters.Text = '本日は$.External.holiday_nameです')),
    identifier: 'play-holiday',
    message: /\$\.External\.holiday_name is not a key the checker returns/,
  },
  {
    rule: 'a key the checker does not return, in the bracket form',
    flow: () => holidaySays("本日は$.External.['holiday_name']のため"),
    identifier: 'play-holiday',
    message: /\$\.External\.\['holiday_name'\] is not a key the checker returns/,
  },
  {
    rule: 'a key the checker does not return, in the root bracket form',
    flow: () => holidaySays("本日は$['External']['holiday']のため"),
    identifier: 'play-holiday',
    message: /\$\['External'\]\['holiday'\] is not a key the checker returns/,
  },
  {
    rule: 'a path below a key of the checker’s flat answer',
    flow: () => holidaySays('本日は $.External.holidayName.ja のため'),
    identifier: 'play-holiday',
    message: /\$\.External\.holidayName\.ja must name one key of the checker's answer/,
  },
  {
    rule: 'Compare in the bracket form on a value the checker never returns',
    flow: () =>
      broken((flow) => {
        const compare = action(flow, 'is-closed-day');
        compare.Parameters.ComparisonValue = "$['External']['isHoliday']";
        compare.Transitions.Conditions[0].Condition.Operands = ['True'];
      }),
    identifier: 'is-closed-day',
    message: /the checker never returns "True" for isHoliday/,
  },
  {
    rule: 'static parameter given as a root bracket JSONPath',
    flow: () =>
      broken((flow) => void (action(flow, 'check-holiday').Parameters.InvocationTimeLimitSeconds = "$['Attributes']['wait']")),
    identifier: 'check-holiday',
    message: /InvocationTimeLimitSeconds must be a literal value, not a JSONPath/,
  },
  {
    rule: 'reference glued to Japanese on both sides (issue 8)',
    flow: () => holidaySays('本日は$.External.holidayNameのため、休業日です。'),
    identifier: 'play-holiday',
    message:
      /^parameter Text: the attribute reference \$\.External\.holidayName is glued to "は" before it and "の" after it, so where Connect ends it is undocumented; put ASCII whitespace \(or the start or end of the text\) on both sides of it, or write it as \$\.External\.\['holidayName'\]$/,
  },
  {
    rule: 'reference glued to Japanese before it',
    flow: () => holidaySays('本日は$.External.holidayName のため'),
    identifier: 'play-holiday',
    message: /the attribute reference \$\.External\.holidayName is glued to "は" before it, so/,
  },
  {
    rule: 'reference glued to Japanese after it',
    flow: () => holidaySays('本日は $.External.holidayNameのため'),
    identifier: 'play-holiday',
    message: /the attribute reference \$\.External\.holidayName is glued to "の" after it, so/,
  },
  {
    rule: 'reference followed by 。',
    flow: () => holidaySays('本日は休業日です。理由は $.External.holidayName。'),
    identifier: 'play-holiday',
    message: /\$\.External\.holidayName is glued to "。" after it/,
  },
  {
    rule: 'reference followed by an ASCII full stop',
    flow: () => holidaySays('We are closed for $.External.holidayName. Please call again.'),
    identifier: 'play-holiday',
    message: /\$\.External\.holidayName is glued to "\." after it/,
  },
  {
    rule: 'reference followed by a letter',
    flow: () => holidaySays('本日は $.External.holidayNameé のため'),
    identifier: 'play-holiday',
    message: /\$\.External\.holidayName is glued to "é" after it/,
  },
  {
    rule: 'reference followed by an ideographic (full-width) space',
    flow: () => holidaySays('本日は $.External.holidayName\u3000のため'),
    identifier: 'play-holiday',
    message: /\$\.External\.holidayName is glued to "\u3000" after it/,
  },
  {
    rule: 'reference glued to text in SSML',
    flow: () => holidaySays('<speak>本日は$.External.holidayNameのため、休業日です。</speak>', 'SSML'),
    identifier: 'play-holiday',
    message: /^parameter SSML: the attribute reference \$\.External\.holidayName is glued to "は" before it and "の" after it/,
  },
  {
    rule: 'reference glued to a tag in SSML',
    flow: () => holidaySays('<speak>$.External.holidayName のため休業です。</speak>', 'SSML'),
    identifier: 'play-holiday',
    message: /^parameter SSML: the attribute reference \$\.External\.holidayName is glued to ">" before it/,
  },
  {
    rule: 'reference glued to text in another dynamic parameter (caller ID name)',
    flow: () =>
      broken((flow) => void (action(flow, 'transfer-to-staff').Parameters.CallerId.Name = '担当$.Attributes.team')),
    identifier: 'transfer-to-staff',
    message: /^parameter CallerId\.Name: the attribute reference \$\.Attributes\.team is glued to "当" before it/,
  },
  {
    rule: 'bracket form followed by "." (the path would go on)',
    flow: () => holidaySays("本日は$.External.['holidayName'].です"),
    identifier: 'play-holiday',
    message: /\$\.External\.\['holidayName'\] is followed by "\.", which would continue the path/,
  },
  {
    rule: 'bracket segment without the documented dot before it',
    flow: () => holidaySays("本日は $.External['holidayName'] のため"),
    identifier: 'play-holiday',
    message: /the attribute reference \$\.External is glued to "\[" after it/,
  },
  {
    rule: 'Lambda time limit over 8 s',
    flow: () => broken((flow) => void (action(flow, 'check-holiday').Parameters.InvocationTimeLimitSeconds = '9')),
    identifier: 'check-holiday',
    message: /InvocationTimeLimitSeconds "9" must be a whole number from 1 to 8/,
  },
  ...['0', '2.5', 'three'].map((value) => ({
    rule: `Lambda time limit ${value}`,
    flow: () => broken((flow) => void (action(flow, 'check-holiday').Parameters.InvocationTimeLimitSeconds = value)),
    identifier: 'check-holiday',
    message: /must be a whole number from 1 to 8/,
  })),
  {
    rule: 'plain text over 3,000 characters (all of it is billed)',
    flow: () => broken((flow) => void (action(flow, 'play-after-hours').Parameters.Text = 'あ'.repeat(3001))),
    identifier: 'play-after-hours',
    message: /Text is 3001 characters long \(at most 3000, all billed\)/,
  },
  {
    rule: 'SSML over 6,000 characters in all',
    flow: () =>
      broken((flow) => {
        const play = action(flow, 'play-after-hours');
        delete play.Parameters.Text;
        play.Parameters.SSML = `<speak>${'<break time="1ms"/>'.repeat(320)}あ</speak>`;
      }),
    identifier: 'play-after-hours',
    message: /SSML is \d+ characters long \(at most 6000\)/,
  },
  {
    rule: 'SSML speaking over 3,000 characters outside its tags',
    flow: () =>
      broken((flow) => {
        const play = action(flow, 'play-after-hours');
        delete play.Parameters.Text;
        play.Parameters.SSML = `<speak>${'あ'.repeat(3001)}</speak>`;
      }),
    identifier: 'play-after-hours',
    message: /SSML speaks 3001 characters outside its tags \(at most 3000\)/,
  },
  {
    rule: 'more than 250 actions',
    flow: () =>
      broken((flow) => {
        // A reachable chain of announcements in front of the hang-up, so only the count is wrong.
        const extra = Array.from({ length: MAX_FLOW_ACTIONS }, (_, index) => ({
          Identifier: `filler-${index}`,
          Type: 'MessageParticipant',
          Parameters: { Text: '少々お待ちください。' },
          Transitions: {
            NextAction: index + 1 < MAX_FLOW_ACTIONS ? `filler-${index + 1}` : 'disconnect',
            Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'disconnect' }],
          },
        }));
        flow.Actions.push(...extra);
        action(flow, 'play-transfer-failed').Transitions.NextAction = 'filler-0';
      }),
    identifier: undefined,
    message: new RegExp(`the flow has ${MAX_FLOW_ACTIONS + exampleFlow().Actions.length} actions \\(at most 250\\)`),
  },
  {
    rule: 'more than 256,000 characters of JSON',
    flow: () => broken((flow) => void (flow.Metadata.notes = 'x'.repeat(256_000))),
    identifier: undefined,
    message: /characters of JSON \(at most 256000\)/,
  },
  {
    rule: 'placeholder left unrendered',
    flow: () => broken((flow) => void (action(flow, 'play-closure').Parameters.Text = '%ClosureText%')),
    identifier: undefined,
    message: /placeholders left unrendered: %ClosureText%/,
  },
  {
    rule: 'DisconnectParticipant with parameters',
    flow: () => broken((flow) => void (action(flow, 'disconnect').Parameters.Reason = 'done')),
    identifier: 'disconnect',
    message: /DisconnectParticipant takes no Parameters/,
  },
  {
    rule: 'DisconnectParticipant with transitions',
    flow: () => broken((flow) => void (action(flow, 'disconnect').Transitions.NextAction = 'set-voice')),
    identifier: 'disconnect',
    message: /ends the flow: Transitions must be \{\}/,
  },
  {
    rule: 'MessageParticipant with Text and SSML',
    flow: () => broken((flow) => void (action(flow, 'play-closure').Parameters.SSML = '<speak>休業です</speak>')),
    identifier: 'play-closure',
    message: /exactly one of Text, SSML, PromptId, Media \(it has Text, SSML\)/,
  },
  {
    rule: 'MessageParticipant with nothing to say',
    flow: () => broken((flow) => void (action(flow, 'play-closure').Parameters = {})),
    identifier: 'play-closure',
    message: /exactly one of Text, SSML, PromptId, Media \(it has none\)/,
  },
  {
    rule: 'transfer number not in E.164',
    flow: () => broken((flow) => void (action(flow, 'transfer-to-staff').Parameters.ThirdPartyPhoneNumber = '050-9876-5432')),
    identifier: 'transfer-to-staff',
    message: /ThirdPartyPhoneNumber "050-9876-5432" must be an E.164 phone number/,
  },
  {
    rule: 'voice without the engine',
    flow: () => broken((flow) => void (action(flow, 'set-voice').Parameters.TextToSpeechVoice = 'Mizuki')),
    identifier: 'set-voice',
    message: /the voice Mizuki has no Neural engine/,
  },
  {
    rule: 'static parameter given as a JSONPath',
    flow: () =>
      broken((flow) => void (action(flow, 'check-holiday').Parameters.InvocationTimeLimitSeconds = '$.Attributes.wait')),
    identifier: 'check-holiday',
    message: /must be a literal value, not a JSONPath/,
  },
  {
    rule: 'a non-terminal action with no NextAction',
    flow: () => broken((flow) => void delete action(flow, 'play-in-hours').Transitions.NextAction),
    identifier: 'play-in-hours',
    message: /NextAction is missing/,
  },
];

describe('a broken flow is rejected with the action and a plain reason', () => {
  test.each(cases)('$rule', ({ flow, identifier, message }) => {
    const problems = validateContactFlow(flow());
    const matching = problems.filter(
      (problem: FlowProblem) => problem.identifier === identifier && message.test(problem.message),
    );
    expect({ problems, matched: matching.length > 0 }).toEqual(expect.objectContaining({ matched: true }));
  });
});

describe('an attribute reference Connect can delimit is accepted', () => {
  test.each([
    ['the whole text', '$.External.holidayName'],
    ['at the start of the text', '$.External.holidayName のため、休業日です。'],
    ['at the end of the text', '本日の休業理由は $.External.holidayName'],
    ['ASCII spaces on both sides', '本日は $.External.holidayName のため、休業日です。'],
    ['a tab before, a newline after', '本日は\t$.External.holidayName\nのため、休業日です。'],
    ['a carriage return and a line feed', '本日は\r\n$.External.holidayName\r\nのため'],
    ['two references', '$.External.holidayName と $.External.closedReason'],
    ['the bracket form glued to Japanese', "本日は$.External.['holidayName']のため、休業日です。"],
    ['the bracket form before 。', "本日の休業理由は$.External.['holidayName']。"],
    ['the root bracket form glued to Japanese', "本日は$['External']['holidayName']のため、休業日です。"],
    ['a bracketed attribute name with a space', "担当は$.Attributes.['team name']です。"],
  ])('%s: %s', (_name, text) => {
    expect(validateContactFlow(holidaySays(text))).toEqual([]);
  });

  test('in SSML, with spaces inside the tags', () => {
    expect(validateContactFlow(holidaySays('<speak> 本日は $.External.holidayName のため、休業日です。</speak>', 'SSML'))).toEqual([]);
  });

  test('text without a reference may use $ freely', () => {
    expect(validateContactFlow(holidaySays('料金は US$100 です。$ だけ、$5 や ${name} も文字のままです。'))).toEqual([]);
  });
});

describe('assertValidContactFlow', () => {
  test('throws FlowValidationError listing every problem as "<identifier>: <reason>"', () => {
    const flow = broken((json) => {
      action(json, 'check-holiday').Parameters.InvocationTimeLimitSeconds = '10';
      action(json, 'disconnect').Transitions.NextAction = 'set-voice';
      json.Version = '2019-10-31';
    });
    let thrown: unknown;
    try {
      assertValidContactFlow(flow);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FlowValidationError);
    const { message, problems } = thrown as FlowValidationError;
    expect(problems).toHaveLength(3);
    expect(message).toMatch(/^ {2}check-holiday: parameter InvocationTimeLimitSeconds "10" must be/m);
    expect(message).toMatch(/^ {2}disconnect: DisconnectParticipant ends the flow/m);
    expect(message).toMatch(/^ {2}flow: Version is "2019-10-31"/m);
  });

  test.each([
    ['not an object', 'flow', /not a JSON object/],
    ['Actions not a list', { Version: '2019-10-30', StartAction: 'a', Actions: {} }, /Actions must be a list/],
  ])('rejects a document that is %s', (_name, doc, message) => {
    expect(() => assertValidContactFlow(doc)).toThrow(message);
  });
});
