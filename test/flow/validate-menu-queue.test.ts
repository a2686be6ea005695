/**
 * The validator's rules for the in-hours DTMF menu, routing into a queue, and the customer-queue flow that announces
 * the caller's position: two small valid flows, then one broken flow per rule.
 */
import { Token } from 'aws-cdk-lib';
import {
  actionTypesAllowedIn,
  assertValidContactFlow,
  DTMF_KEYS,
  FlowProblem,
  FlowType,
  FlowValidationError,
  METRIC_PATHS,
  validateContactFlow,
} from '../../lib/flow/validate';

// Tests edit plain JSON, the way a hand edit or a generator would.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const INSTANCE = 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000';
const QUEUE_ARN = `${INSTANCE}/queue/00000000-0000-0000-0000-000000000002`;
const QUEUE_FLOW_ARN = `${INSTANCE}/contact-flow/00000000-0000-0000-0000-000000000003`;
const AGENT_ARN = `${INSTANCE}/agent/00000000-0000-0000-0000-000000000004`;
const HOURS_ARN = `${INSTANCE}/operating-hours/00000000-0000-0000-0000-000000000001`;
const POSITION_TEXT = 'ただいま、お客様は $.Metrics.Contact.PositionInQueue 番目にお待ちいただいております。';

const onError = (next: string, ...types: string[]): Json[] => types.map((ErrorType) => ({ ErrorType, NextAction: next }));
const equals = (operand: string, next: string): Json => ({
  NextAction: next,
  Condition: { Operator: 'Equals', Operands: [operand] },
});
const say = (identifier: string, text: string, next = 'disconnect'): Json => ({
  Identifier: identifier,
  Type: 'MessageParticipant',
  Parameters: { Text: text },
  Transitions: { NextAction: next, Errors: onError(next, 'NoMatchingError') },
});
const menu = (identifier: string, onNoMatch: string): Json => ({
  Identifier: identifier,
  Type: 'GetParticipantInput',
  Parameters: {
    Text: 'お問い合わせは1を、営業時間のご案内は2を押してください。',
    StoreInput: 'False',
    InputTimeLimitSeconds: '10',
  },
  Transitions: {
    NextAction: 'menu-no-input',
    Conditions: [equals('1', 'menu-choice-1'), equals('2', 'menu-choice-2')],
    Errors: [
      ...onError('menu-no-input', 'InputTimeLimitExceeded'),
      ...onError(onNoMatch, 'NoMatchingCondition'),
      ...onError('menu-no-input', 'NoMatchingError'),
    ],
  },
});

/** An inbound flow: a menu asked twice, choice 1 into the queue with the customer-queue flow, choice 2 a message. */
function inboundFlow(): Json {
  return {
    Version: '2019-10-30',
    StartAction: 'set-voice',
    Actions: [
      {
        Identifier: 'set-voice',
        Type: 'UpdateContactTextToSpeechVoice',
        Parameters: { TextToSpeechVoice: 'Kazuha', TextToSpeechEngine: 'Neural', TextToSpeechStyle: 'None' },
        Transitions: { NextAction: 'menu-1', Errors: onError('menu-1', 'NoMatchingError') },
      },
      menu('menu-1', 'menu-2'),
      menu('menu-2', 'menu-no-input'),
      {
        Identifier: 'menu-choice-1',
        Type: 'UpdateContactAttributes',
        Parameters: { Attributes: { menu_choice: '1', outcome: 'queued' }, TargetContact: 'Current' },
        Transitions: { NextAction: 'set-queue', Errors: onError('set-queue', 'NoMatchingError') },
      },
      say('menu-choice-2', '営業時間は平日9時から18時までです。'),
      say('menu-no-input', '入力が確認できませんでした。お手数ですが、おかけ直しください。'),
      {
        Identifier: 'set-queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: QUEUE_ARN },
        Transitions: { NextAction: 'set-queue-flow', Errors: onError('queue-failed', 'NoMatchingError') },
      },
      {
        Identifier: 'set-queue-flow',
        Type: 'UpdateContactEventHooks',
        Parameters: { EventHooks: { CustomerQueue: QUEUE_FLOW_ARN } },
        Transitions: { NextAction: 'transfer-to-queue', Errors: onError('transfer-to-queue', 'NoMatchingError') },
      },
      {
        Identifier: 'transfer-to-queue',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: {
          NextAction: 'disconnect',
          Errors: [...onError('queue-full', 'QueueAtCapacity'), ...onError('queue-failed', 'NoMatchingError')],
        },
      },
      say('queue-full', 'ただいま大変混み合っております。しばらくしてからおかけ直しください。'),
      say('queue-failed', 'おつなぎできませんでした。しばらくしてからおかけ直しください。'),
      { Identifier: 'disconnect', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

/** A customer-queue flow: load metrics, say the position when known, loop the hold message, recheck the hours. */
function queueFlow(): Json {
  return {
    Version: '2019-10-30',
    StartAction: 'metrics',
    Actions: [
      {
        Identifier: 'metrics',
        Type: 'GetMetricData',
        Parameters: {},
        Transitions: { NextAction: 'is-position-known', Errors: onError('hold', 'NoMatchingError') },
      },
      {
        Identifier: 'is-position-known',
        Type: 'Compare',
        Parameters: { ComparisonValue: '$.Metrics.Contact.PositionInQueue' },
        Transitions: {
          NextAction: 'hold',
          Conditions: [{ NextAction: 'say-position', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } }],
          Errors: onError('hold', 'NoMatchingCondition'),
        },
      },
      say('say-position', POSITION_TEXT, 'hold'),
      {
        Identifier: 'hold',
        Type: 'MessageParticipantIteratively',
        Parameters: {
          Messages: [{ Text: 'そのままお待ちください。' }, { SSML: '<speak>担当者におつなぎします。<break time="2s"/></speak>' }],
          InterruptFrequencySeconds: '60',
        },
        Transitions: {
          Conditions: [equals('MessagesInterrupted', 'check-hours')],
          Errors: onError('end', 'NoMatchingError'),
        },
      },
      {
        Identifier: 'check-hours',
        Type: 'CheckHoursOfOperation',
        Parameters: {},
        Transitions: {
          NextAction: 'play-closed',
          Conditions: [equals('True', 'metrics'), equals('False', 'play-closed')],
          Errors: onError('end', 'NoMatchingError'),
        },
      },
      say('play-closed', '本日の受付は終了しました。またおかけ直しください。'),
      { Identifier: 'disconnect', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      { Identifier: 'end', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
    ],
  };
}

function action(flow: Json, identifier: string): Json {
  const found = (flow.Actions as Json[]).find((candidate) => candidate.Identifier === identifier);
  if (found === undefined) throw new Error(`test flow has no ${identifier}`);
  return found;
}

function edited(base: () => Json, edit: (flow: Json) => void): Json {
  const flow = base();
  edit(flow);
  return flow;
}
const inbound = (edit: (flow: Json) => void): Json => edited(inboundFlow, edit);
const queue = (edit: (flow: Json) => void): Json => edited(queueFlow, edit);

/** Turn menu-1 into a valid stored-input GetParticipantInput (four digits, no conditions). */
function storeInput(flow: Json): Json {
  const input = action(flow, 'menu-1');
  input.Parameters = {
    Text: 'ご希望の日付を4桁で入力してください。',
    StoreInput: 'True',
    InputTimeLimitSeconds: '10',
    InputValidation: { CustomValidation: { MaximumLength: '4' } },
    DTMFConfiguration: { InputTerminationSequence: '#', DisableCancelKey: 'False' },
  };
  // On to the second menu, so every action stays reachable.
  input.Transitions = { NextAction: 'menu-2', Errors: onError('menu-no-input', 'NoMatchingError') };
  return input;
}

const CUSTOMER_QUEUE = { flowType: 'CUSTOMER_QUEUE' } as const;

describe('the menu and queue flows', () => {
  test('the inbound flow with a menu and queue routing validates clean', () => {
    expect(validateContactFlow(inboundFlow())).toEqual([]);
    expect(validateContactFlow(inboundFlow(), { flowType: 'CONTACT_FLOW' })).toEqual([]);
    expect(() => assertValidContactFlow(inboundFlow())).not.toThrow();
  });

  test('the customer-queue flow validates clean as a CUSTOMER_QUEUE flow', () => {
    expect(validateContactFlow(queueFlow(), CUSTOMER_QUEUE)).toEqual([]);
    expect(() => assertValidContactFlow(queueFlow(), CUSTOMER_QUEUE)).not.toThrow();
  });

  test('assertValidContactFlow applies the flow type too', () => {
    expect(() => assertValidContactFlow(queueFlow())).toThrow(FlowValidationError);
    expect(() => assertValidContactFlow(queueFlow())).toThrow(/^ {2}end: EndFlowExecution is not allowed in a CONTACT_FLOW flow/m);
  });

  test('the menu example from a generated flow validates as written', () => {
    const generated = JSON.parse(
      '{"Identifier":"menu-1","Type":"GetParticipantInput","Parameters":{"Text":"お問い合わせは1を…押してください。","StoreInput":"False","InputTimeLimitSeconds":"10"},"Transitions":{"NextAction":"menu-no-input","Conditions":[{"NextAction":"menu-choice-1","Condition":{"Operator":"Equals","Operands":["1"]}},{"NextAction":"menu-choice-2","Condition":{"Operator":"Equals","Operands":["2"]}}],"Errors":[{"ErrorType":"InputTimeLimitExceeded","NextAction":"menu-no-input"},{"ErrorType":"NoMatchingCondition","NextAction":"menu-2"},{"ErrorType":"NoMatchingError","NextAction":"menu-no-input"}]}}',
    ) as Json;
    const flow = inbound((json) => {
      json.Actions = (json.Actions as Json[]).map((candidate) => (candidate.Identifier === 'menu-1' ? generated : candidate));
    });
    expect(validateContactFlow(flow)).toEqual([]);
  });

  test('each flow type allows exactly its actions (connect-native.md §3, plus flow logging in both)', () => {
    expect([...actionTypesAllowedIn('CUSTOMER_QUEUE')].sort()).toEqual(
      [
        'GetParticipantInput',
        'MessageParticipant',
        'CheckHoursOfOperation',
        'TransferParticipantToThirdParty',
        'UpdateContactEventHooks',
        'GetMetricData',
        'Compare',
        'InvokeLambdaFunction',
        'UpdateContactAttributes',
        'DisconnectParticipant',
        'MessageParticipantIteratively',
        'EndFlowExecution',
        'UpdateFlowLoggingBehavior',
      ].sort(),
    );
    const inboundTypes = actionTypesAllowedIn('CONTACT_FLOW');
    for (const type of [
      'UpdateContactTargetQueue',
      'TransferContactToQueue',
      'UpdateFlowLoggingBehavior',
      'UpdateContactTextToSpeechVoice',
      'InvokeLambdaFunction',
      'TransferParticipantToThirdParty',
    ]) {
      expect(inboundTypes).toContain(type);
    }
    expect(inboundTypes).not.toContain('MessageParticipantIteratively');
    expect(inboundTypes).not.toContain('EndFlowExecution');
  });

  test('DTMF_KEYS are the twelve keys of a phone', () => {
    expect(DTMF_KEYS).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#']);
  });
});

describe('variants that stay valid', () => {
  const inboundVariants: [string, (flow: Json) => void][] = [
    ['menu keys 0, * and #', (flow) => {
      action(flow, 'menu-1').Transitions.Conditions = ['0', '*', '#'].map((key) => equals(key, 'menu-choice-1'));
    }],
    ['a menu that plays SSML', (flow) => {
      action(flow, 'menu-1').Parameters = { SSML: '<speak>1を押してください。</speak>', StoreInput: 'False', InputTimeLimitSeconds: '5' };
    }],
    ['a menu that plays a prompt by JSONPath, waiting the longest the console allows', (flow) => {
      action(flow, 'menu-1').Parameters = { PromptId: '$.Attributes.menuPrompt', StoreInput: 'False', InputTimeLimitSeconds: '179' };
    }],
    ['stored input without an InputTimeLimitExceeded branch', (flow) => void storeInput(flow)],
    ['stored input with an InputTimeLimitExceeded branch', (flow) => {
      storeInput(flow).Transitions.Errors.push(...onError('menu-no-input', 'InputTimeLimitExceeded'));
    }],
    ['stored phone number with InvalidPhoneNumber routed', (flow) => {
      const input = storeInput(flow);
      input.Parameters.InputValidation = { PhoneNumberValidation: { NumberFormat: 'Local', CountryCode: 'JP' } };
      input.Transitions.Errors.push(...onError('menu-no-input', 'InvalidPhoneNumber'));
    }],
    ['a bare queue ID', (flow) => {
      action(flow, 'set-queue').Parameters.QueueId = '00000000-0000-0000-0000-000000000002';
    }],
    ['a queue ARN as a CDK token', (flow) => {
      action(flow, 'set-queue').Parameters.QueueId = Token.asString({ 'Fn::GetAtt': ['Queue', 'QueueArn'] });
    }],
    ['a queue from a contact attribute', (flow) => {
      action(flow, 'set-queue').Parameters.QueueId = '$.Attributes.queueArn';
    }],
    ['an agent queue', (flow) => {
      action(flow, 'set-queue').Parameters = { AgentId: AGENT_ARN };
    }],
    ['the customer-queue flow as a CDK token', (flow) => {
      action(flow, 'set-queue-flow').Parameters.EventHooks.CustomerQueue = Token.asString({ 'Fn::GetAtt': ['QueueFlow', 'ContactFlowArn'] });
    }],
    ['another event hook, given a bare flow ID', (flow) => {
      action(flow, 'set-queue-flow').Parameters.EventHooks = { CustomerHold: '00000000-0000-0000-0000-000000000003' };
    }],
    ['a transfer to the queue without NextAction', (flow) => {
      delete action(flow, 'transfer-to-queue').Transitions.NextAction;
    }],
    ['attribute values of exactly 32,768 bytes', (flow) => {
      action(flow, 'menu-choice-1').Parameters.Attributes = { a: 'x'.repeat(32_766), b: 'xx' };
    }],
    ['a long attribute value beside one read from a JSONPath (whose size is unknown)', (flow) => {
      action(flow, 'menu-choice-1').Parameters.Attributes = { a: 'x'.repeat(32_768), b: '$.External.holidayName' };
    }],
  ];
  const queueVariants: [string, (flow: Json) => void][] = [
    ['metrics for a given queue and channel', (flow) => {
      action(flow, 'metrics').Parameters = { QueueId: QUEUE_ARN, QueueChannel: 'Voice' };
    }],
    ['metrics for an agent queue', (flow) => {
      action(flow, 'metrics').Parameters = { AgentId: AGENT_ARN, QueueChannel: 'Chat' };
    }],
    ['the position in the bracket form, glued to Japanese', (flow) => {
      action(flow, 'say-position').Parameters.Text = "ただいま、お客様は$.Metrics.Contact.['PositionInQueue']番目です。";
    }],
    ['a loop interrupted after 21 s', (flow) => {
      action(flow, 'hold').Parameters.InterruptFrequencySeconds = '21';
    }],
    ['a loop interrupted after an hour', (flow) => {
      action(flow, 'hold').Parameters.InterruptFrequencySeconds = '3600';
    }],
    ['a loop never interrupted, with a NextAction and no conditions', (flow) => {
      const hold = action(flow, 'hold');
      delete hold.Parameters.InterruptFrequencySeconds;
      hold.Transitions = { NextAction: 'check-hours', Errors: onError('end', 'NoMatchingError') };
    }],
    ['a loop message that is a prompt', (flow) => {
      action(flow, 'hold').Parameters.Messages.push({ PromptId: '$.Attributes.holdPrompt' });
    }],
    ['a loop message that speaks the position', (flow) => {
      action(flow, 'hold').Parameters.Messages.push({ Text: POSITION_TEXT });
    }],
    ['flow logging in a customer-queue flow', (flow) => {
      flow.Actions.push({
        Identifier: 'log',
        Type: 'UpdateFlowLoggingBehavior',
        Parameters: { FlowLoggingBehavior: 'Enabled' },
        Transitions: { NextAction: 'metrics' },
      });
      flow.StartAction = 'log';
    }],
  ];

  test.each(inboundVariants)('inbound: %s', (_name, edit) => {
    expect(validateContactFlow(inbound(edit))).toEqual([]);
  });

  test.each(queueVariants)('customer queue: %s', (_name, edit) => {
    expect(validateContactFlow(queue(edit), CUSTOMER_QUEUE)).toEqual([]);
  });
  test.each(METRIC_PATHS)('$.Metrics.%s may be spoken', (metric) => {
    const flow = queue((json) => {
      action(json, 'say-position').Parameters.Text = `ただいまの値は $.Metrics.${metric} です。`;
    });
    expect(validateContactFlow(flow, CUSTOMER_QUEUE)).toEqual([]);
  });
});

interface BrokenCase {
  readonly rule: string;
  readonly flow: () => Json;
  readonly flowType?: FlowType;
  readonly identifier: string | undefined;
  readonly message: RegExp;
}

const inboundCase = (rule: string, identifier: string, message: RegExp, edit: (flow: Json) => void): BrokenCase => ({
  rule,
  flow: () => inbound(edit),
  identifier,
  message,
});
const queueCase = (rule: string, identifier: string, message: RegExp, edit: (flow: Json) => void): BrokenCase => ({
  rule,
  flow: () => queue(edit),
  flowType: 'CUSTOMER_QUEUE',
  identifier,
  message,
});

const MENU_ERRORS = ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'];

const cases: BrokenCase[] = [
  // GetParticipantInput: what it plays.
  inboundCase(
    'menu with Text and SSML',
    'menu-1',
    /GetParticipantInput needs exactly one of Text, SSML, PromptId, Media \(it has Text, SSML\)/,
    (flow) => {
      action(flow, 'menu-1').Parameters.SSML = '<speak>1を押してください。</speak>';
    },
  ),
  inboundCase(
    'menu with nothing to play',
    'menu-1',
    /GetParticipantInput needs exactly one of Text, SSML, PromptId, Media \(it has none\)/,
    (flow) => {
      delete action(flow, 'menu-1').Parameters.Text;
    },
  ),
  inboundCase(
    'menu text over 3,000 characters',
    'menu-1',
    /^Text is 3001 characters long \(at most 3000, all billed\)$/,
    (flow) => {
      action(flow, 'menu-1').Parameters.Text = 'あ'.repeat(3001);
    },
  ),
  inboundCase(
    'menu SSML speaking over 3,000 characters',
    'menu-1',
    /^SSML speaks 3001 characters outside its tags/,
    (flow) => {
      const input = action(flow, 'menu-1');
      delete input.Parameters.Text;
      input.Parameters.SSML = `<speak>${'あ'.repeat(3001)}</speak>`;
    },
  ),
  // GetParticipantInput: its other parameters.
  inboundCase('menu without StoreInput', 'menu-1', /GetParticipantInput requires the parameter StoreInput/, (flow) => {
    delete action(flow, 'menu-1').Parameters.StoreInput;
  }),
  inboundCase(
    'StoreInput in lower case',
    'menu-1',
    /parameter StoreInput "false" must be one of True, False/,
    (flow) => {
      action(flow, 'menu-1').Parameters.StoreInput = 'false';
    },
  ),
  inboundCase(
    'StoreInput as a JSONPath',
    'menu-1',
    /parameter StoreInput must be a literal value, not a JSONPath/,
    (flow) => {
      action(flow, 'menu-1').Parameters.StoreInput = '$.Attributes.store';
    },
  ),
  inboundCase(
    'menu without InputTimeLimitSeconds',
    'menu-1',
    /GetParticipantInput requires the parameter InputTimeLimitSeconds/,
    (flow) => {
      delete action(flow, 'menu-1').Parameters.InputTimeLimitSeconds;
    },
  ),
  ...['0', '180', '2.5', 'ten'].map((value) =>
    inboundCase(
      `InputTimeLimitSeconds ${value}`,
      'menu-1',
      new RegExp(`InputTimeLimitSeconds "${value}" must be a whole number from 1 to 179`),
      (flow) => {
        action(flow, 'menu-1').Parameters.InputTimeLimitSeconds = value;
      },
    ),
  ),
  inboundCase(
    'InputTimeLimitSeconds as a number',
    'menu-1',
    /parameter InputTimeLimitSeconds must be a string \(write "10"\)/,
    (flow) => {
      action(flow, 'menu-1').Parameters.InputTimeLimitSeconds = 10;
    },
  ),
  inboundCase(
    'an unknown GetParticipantInput parameter',
    'menu-1',
    /GetParticipantInput has no parameter MaxDigits/,
    (flow) => {
      action(flow, 'menu-1').Parameters.MaxDigits = '1';
    },
  ),
  ...['InputValidation', 'InputEncryption', 'DTMFConfiguration'].map((name) =>
    inboundCase(
      `${name} on a menu`,
      'menu-1',
      new RegExp(`^${name} applies only when StoreInput is "True"`),
      (flow) => {
        action(flow, 'menu-1').Parameters[name] =
          name === 'InputValidation'
            ? { CustomValidation: { MaximumLength: '1' } }
            : name === 'InputEncryption'
              ? { EncryptionKeyId: 'key-1', Key: 'PEM' }
              : { DisableCancelKey: 'True' };
      },
    ),
  ),
  // GetParticipantInput: a menu's conditions.
  inboundCase(
    'menu without conditions',
    'menu-1',
    /GetParticipantInput needs at least one condition: a menu \(StoreInput "False"\) branches on Equals one key/,
    (flow) => {
      delete action(flow, 'menu-1').Transitions.Conditions;
    },
  ),
  ...['12', 'a', '10', ' 1', '$.Attributes.key'].map((operand) =>
    inboundCase(
      `menu condition on ${JSON.stringify(operand)}`,
      'menu-1',
      new RegExp(`the menu condition Equals ${JSON.stringify(operand).replace(/[$.]/g, '\\$&')} is not a single key \\(0 1 2 3 4 5 6 7 8 9 \\* #\\)`),
      (flow) => {
        action(flow, 'menu-1').Transitions.Conditions[1].Condition.Operands = [operand];
      },
    ),
  ),
  inboundCase(
    'menu condition with another operator',
    'menu-1',
    /a menu condition must be Equals one key, not NumberGreaterThan "0"/,
    (flow) => {
      action(flow, 'menu-1').Transitions.Conditions[1].Condition = { Operator: 'NumberGreaterThan', Operands: ['0'] };
    },
  ),
  inboundCase(
    'menu condition with two keys as operands',
    'menu-1',
    /a condition needs Operands with exactly one string/,
    (flow) => {
      action(flow, 'menu-1').Transitions.Conditions[1].Condition.Operands = ['1', '2'];
    },
  ),
  inboundCase('menu key listed twice', 'menu-1', /the condition Equals "1" is listed twice/, (flow) => {
    action(flow, 'menu-1').Transitions.Conditions[1].Condition.Operands = ['1'];
  }),
  // GetParticipantInput: a menu's errors, each routed.
  ...MENU_ERRORS.map((errorType) =>
    inboundCase(
      `menu without a ${errorType} branch`,
      'menu-1',
      new RegExp(`^the error ${errorType} goes nowhere`),
      (flow) => {
        const transitions = action(flow, 'menu-1').Transitions;
        transitions.Errors = (transitions.Errors as Json[]).filter((entry) => entry.ErrorType !== errorType);
      },
    ),
  ),
  inboundCase(
    'InvalidPhoneNumber on a menu',
    'menu-1',
    /GetParticipantInput cannot raise InvalidPhoneNumber unless StoreInput is "True" and InputValidation has PhoneNumberValidation/,
    (flow) => {
      action(flow, 'menu-1').Transitions.Errors.push(...onError('menu-no-input', 'InvalidPhoneNumber'));
    },
  ),
  // GetParticipantInput: stored input.
  inboundCase(
    'stored input with conditions',
    'menu-1',
    /GetParticipantInput takes no Conditions when StoreInput is "True"/,
    (flow) => {
      storeInput(flow).Transitions.Conditions = [equals('1', 'menu-choice-1')];
    },
  ),
  inboundCase(
    'stored input without InputValidation',
    'menu-1',
    /GetParticipantInput with StoreInput "True" requires the parameter InputValidation/,
    (flow) => {
      delete storeInput(flow).Parameters.InputValidation;
    },
  ),
  inboundCase(
    'stored input with a NoMatchingCondition branch',
    'menu-1',
    /GetParticipantInput cannot raise NoMatchingCondition unless StoreInput is "False"/,
    (flow) => {
      storeInput(flow).Transitions.Errors.push(...onError('menu-no-input', 'NoMatchingCondition'));
    },
  ),
  inboundCase('stored input without NoMatchingError', 'menu-1', /^the error NoMatchingError goes nowhere/, (flow) => {
    delete storeInput(flow).Transitions.Errors;
  }),
  inboundCase('stored input without a NextAction', 'menu-1', /Transitions\.NextAction is missing/, (flow) => {
    delete storeInput(flow).Transitions.NextAction;
  }),
  inboundCase(
    'stored phone number without an InvalidPhoneNumber branch',
    'menu-1',
    /^the error InvalidPhoneNumber goes nowhere/,
    (flow) => {
      storeInput(flow).Parameters.InputValidation = { PhoneNumberValidation: { NumberFormat: 'E164' } };
    },
  ),
  inboundCase(
    'both kinds of validation',
    'menu-1',
    /InputValidation needs exactly one of CustomValidation, PhoneNumberValidation \(it has CustomValidation, PhoneNumberValidation\)/,
    (flow) => {
      storeInput(flow).Parameters.InputValidation.PhoneNumberValidation = { NumberFormat: 'E164' };
    },
  ),
  inboundCase(
    'a local phone number without its country',
    'menu-1',
    /PhoneNumberValidation with NumberFormat "Local" needs a CountryCode/,
    (flow) => {
      storeInput(flow).Parameters.InputValidation = { PhoneNumberValidation: { NumberFormat: 'Local' } };
    },
  ),
  inboundCase(
    'a termination sequence of six keys',
    'menu-1',
    /parameter DTMFConfiguration\.InputTerminationSequence "######" must be up to 5 of the keys/,
    (flow) => {
      storeInput(flow).Parameters.DTMFConfiguration.InputTerminationSequence = '######';
    },
  ),
  // UpdateContactTargetQueue.
  inboundCase(
    'target queue with neither queue nor agent',
    'set-queue',
    /UpdateContactTargetQueue needs exactly one of QueueId, AgentId \(it has none\)/,
    (flow) => {
      action(flow, 'set-queue').Parameters = {};
    },
  ),
  inboundCase(
    'target queue with both queue and agent',
    'set-queue',
    /UpdateContactTargetQueue needs exactly one of QueueId, AgentId \(it has QueueId, AgentId\)/,
    (flow) => {
      action(flow, 'set-queue').Parameters.AgentId = AGENT_ARN;
    },
  ),
  inboundCase(
    'target queue by name',
    'set-queue',
    /parameter QueueId "BasicQueue" must be a queue ID or queue ARN/,
    (flow) => {
      action(flow, 'set-queue').Parameters.QueueId = 'BasicQueue';
    },
  ),
  inboundCase(
    'target queue given an hours ARN',
    'set-queue',
    /parameter QueueId ".*operating-hours.*" must be a queue ID or queue ARN/,
    (flow) => {
      action(flow, 'set-queue').Parameters.QueueId = HOURS_ARN;
    },
  ),
  inboundCase(
    'target queue as text around a JSONPath',
    'set-queue',
    /parameter QueueId must be a literal value or exactly one JSONPath/,
    (flow) => {
      action(flow, 'set-queue').Parameters.QueueId = 'queue/$.Attributes.queueId';
    },
  ),
  inboundCase(
    'agent queue given a queue ARN',
    'set-queue',
    /parameter AgentId ".*" must be an agent ID or agent ARN/,
    (flow) => {
      action(flow, 'set-queue').Parameters = { AgentId: QUEUE_ARN };
    },
  ),
  inboundCase(
    'target queue without its error branch',
    'set-queue',
    /^the error NoMatchingError goes nowhere/,
    (flow) => {
      delete action(flow, 'set-queue').Transitions.Errors;
    },
  ),
  inboundCase('target queue with conditions', 'set-queue', /UpdateContactTargetQueue takes no Conditions/, (flow) => {
    action(flow, 'set-queue').Transitions.Conditions = [equals('1', 'set-queue-flow')];
  }),
  // UpdateContactEventHooks.
  inboundCase(
    'no event hook',
    'set-queue-flow',
    /EventHooks must set exactly one event hook \(it sets none\)/,
    (flow) => {
      action(flow, 'set-queue-flow').Parameters.EventHooks = {};
    },
  ),
  inboundCase(
    'two event hooks in one action',
    'set-queue-flow',
    /EventHooks must set exactly one event hook \(it sets CustomerQueue, CustomerHold\)/,
    (flow) => {
      action(flow, 'set-queue-flow').Parameters.EventHooks.CustomerHold = QUEUE_FLOW_ARN;
    },
  ),
  inboundCase(
    'an unknown event hook',
    'set-queue-flow',
    /parameter EventHooks has no member CustomerQueueFlow/,
    (flow) => {
      action(flow, 'set-queue-flow').Parameters.EventHooks = { CustomerQueueFlow: QUEUE_FLOW_ARN };
    },
  ),
  inboundCase(
    'an event hook naming a queue, not a flow',
    'set-queue-flow',
    /parameter EventHooks\.CustomerQueue ".*\/queue\/.*" must be a contact-flow ID or ARN/,
    (flow) => {
      action(flow, 'set-queue-flow').Parameters.EventHooks.CustomerQueue = QUEUE_ARN;
    },
  ),
  inboundCase(
    'event hooks missing',
    'set-queue-flow',
    /UpdateContactEventHooks requires the parameter EventHooks/,
    (flow) => {
      action(flow, 'set-queue-flow').Parameters = {};
    },
  ),
  inboundCase(
    'event hooks without its error branch',
    'set-queue-flow',
    /^the error NoMatchingError goes nowhere/,
    (flow) => {
      action(flow, 'set-queue-flow').Transitions.Errors = [];
    },
  ),
  // TransferContactToQueue.
  inboundCase(
    'transfer to queue with a parameter',
    'transfer-to-queue',
    /TransferContactToQueue has no parameter QueueId/,
    (flow) => {
      action(flow, 'transfer-to-queue').Parameters.QueueId = QUEUE_ARN;
    },
  ),
  ...['QueueAtCapacity', 'NoMatchingError'].map((errorType) =>
    inboundCase(
      `transfer to queue without a ${errorType} branch`,
      'transfer-to-queue',
      new RegExp(`^the error ${errorType} goes nowhere`),
      (flow) => {
        const transitions = action(flow, 'transfer-to-queue').Transitions;
        transitions.Errors = (transitions.Errors as Json[]).filter((entry) => entry.ErrorType !== errorType);
      },
    ),
  ),
  inboundCase(
    'transfer to queue with an error it never raises',
    'transfer-to-queue',
    /TransferContactToQueue cannot raise CallFailed \(it raises QueueAtCapacity, NoMatchingError\)/,
    (flow) => {
      action(flow, 'transfer-to-queue').Transitions.Errors.push(...onError('queue-failed', 'CallFailed'));
    },
  ),
  inboundCase(
    'transfer to queue with conditions',
    'transfer-to-queue',
    /TransferContactToQueue takes no Conditions/,
    (flow) => {
      action(flow, 'transfer-to-queue').Transitions.Conditions = [equals('True', 'disconnect')];
    },
  ),
  // GetMetricData.
  queueCase(
    'metrics for a queue and an agent at once',
    'metrics',
    /GetMetricData takes QueueId or AgentId, not both/,
    (flow) => {
      action(flow, 'metrics').Parameters = { QueueId: QUEUE_ARN, AgentId: AGENT_ARN };
    },
  ),
  queueCase(
    'metrics for the task channel',
    'metrics',
    /parameter QueueChannel "Task" must be one of Voice, Chat/,
    (flow) => {
      action(flow, 'metrics').Parameters.QueueChannel = 'Task';
    },
  ),
  queueCase(
    'metrics for a queue by name',
    'metrics',
    /parameter QueueId "BasicQueue" must be a queue ID or queue ARN/,
    (flow) => {
      action(flow, 'metrics').Parameters.QueueId = 'BasicQueue';
    },
  ),
  queueCase('metrics with an unknown parameter', 'metrics', /GetMetricData has no parameter MetricType/, (flow) => {
    action(flow, 'metrics').Parameters.MetricType = 'NumberOfContactsInQueue';
  }),
  queueCase('metrics without its error branch', 'metrics', /^the error NoMatchingError goes nowhere/, (flow) => {
    delete action(flow, 'metrics').Transitions.Errors;
  }),
  queueCase('metrics with conditions', 'metrics', /GetMetricData takes no Conditions/, (flow) => {
    action(flow, 'metrics').Transitions.Conditions = [equals('0', 'hold')];
  }),
  queueCase('metrics without a NextAction', 'metrics', /Transitions\.NextAction is missing/, (flow) => {
    delete action(flow, 'metrics').Transitions.NextAction;
  }),
  // MessageParticipantIteratively.
  queueCase(
    'loop without messages',
    'hold',
    /MessageParticipantIteratively requires the parameter Messages/,
    (flow) => {
      delete action(flow, 'hold').Parameters.Messages;
    },
  ),
  queueCase('loop with an empty list of messages', 'hold', /parameter Messages is an empty list/, (flow) => {
    action(flow, 'hold').Parameters.Messages = [];
  }),
  queueCase('loop with one message not in a list', 'hold', /parameter Messages must be a list/, (flow) => {
    action(flow, 'hold').Parameters.Messages = { Text: 'そのままお待ちください。' };
  }),
  queueCase('loop message that is a string', 'hold', /parameter Messages\[0\] must be an object/, (flow) => {
    action(flow, 'hold').Parameters.Messages[0] = 'そのままお待ちください。';
  }),
  queueCase(
    'loop message with Text and PromptId',
    'hold',
    /parameter Messages\[0\] needs exactly one of Text, SSML, PromptId, Media \(it has Text, PromptId\)/,
    (flow) => {
      action(flow, 'hold').Parameters.Messages[0].PromptId = '$.Attributes.holdPrompt';
    },
  ),
  queueCase(
    'loop message with nothing to play',
    'hold',
    /parameter Messages\[1\] needs exactly one of Text, SSML, PromptId, Media \(it has none\)/,
    (flow) => {
      action(flow, 'hold').Parameters.Messages[1] = {};
    },
  ),
  queueCase('loop message with an unknown member', 'hold', /parameter Messages\[0\] has no member Prompt/, (flow) => {
    action(flow, 'hold').Parameters.Messages[0] = { Prompt: 'hold-music' };
  }),
  queueCase(
    'loop message text over 3,000 characters',
    'hold',
    /^parameter Messages\[1\]\.Text is 3001 characters long \(at most 3000, all billed\)$/,
    (flow) => {
      action(flow, 'hold').Parameters.Messages[1] = { Text: 'あ'.repeat(3001) };
    },
  ),
  queueCase(
    'loop message SSML over 6,000 characters',
    'hold',
    /^parameter Messages\[0\]\.SSML is \d+ characters long \(at most 6000\)$/,
    (flow) => {
      action(flow, 'hold').Parameters.Messages[0] = { SSML: `<speak>${'<break time="1ms"/>'.repeat(320)}</speak>` };
    },
  ),
  queueCase(
    'loop message with a glued reference',
    'hold',
    /^parameter Messages\[0\]\.Text: the attribute reference \$\.Metrics\.Contact\.PositionInQueue is glued to "は" before it/,
    (flow) => {
      action(flow, 'hold').Parameters.Messages[0] = { Text: 'お客様は$.Metrics.Contact.PositionInQueue 番目です。' };
    },
  ),
  queueCase(
    'loop message media from somewhere other than S3',
    'hold',
    /parameter Messages\[0\]\.Media\.SourceType "HTTP" must be one of S3/,
    (flow) => {
      action(flow, 'hold').Parameters.Messages[0] = { Media: { Uri: 'https://example.com/hold.wav', SourceType: 'HTTP', MediaType: 'Audio' } };
    },
  ),
  ...['20', '0', '3601', '60s', '$.Attributes.every'].map((value) =>
    queueCase(
      `loop interrupted every ${value}`,
      'hold',
      value.startsWith('$')
        ? /parameter InterruptFrequencySeconds must be a literal value, not a JSONPath/
        : new RegExp(`parameter InterruptFrequencySeconds "${value}" must be a whole number of seconds over 20 and at most 3600 \\(an agent has 20 s to accept`),
      (flow) => {
        action(flow, 'hold').Parameters.InterruptFrequencySeconds = value;
      },
    ),
  ),
  queueCase(
    'interrupted loop without its condition',
    'hold',
    /MessageParticipantIteratively needs exactly the conditions Equals "MessagesInterrupted"/,
    (flow) => {
      delete action(flow, 'hold').Transitions.Conditions;
    },
  ),
  queueCase(
    'interrupted loop with another condition',
    'hold',
    /allows only the conditions Equals "MessagesInterrupted", not Equals "Timeout"/,
    (flow) => {
      action(flow, 'hold').Transitions.Conditions.push(equals('Timeout', 'end'));
    },
  ),
  queueCase(
    'interrupted loop on another operator',
    'hold',
    /allows only the conditions Equals "MessagesInterrupted", not TextContains "MessagesInterrupted"/,
    (flow) => {
      action(flow, 'hold').Transitions.Conditions[0].Condition.Operator = 'TextContains';
    },
  ),
  queueCase(
    'uninterrupted loop with a condition',
    'hold',
    /MessageParticipantIteratively takes no Conditions without InterruptFrequencySeconds/,
    (flow) => {
      delete action(flow, 'hold').Parameters.InterruptFrequencySeconds;
    },
  ),
  queueCase('uninterrupted loop without a NextAction', 'hold', /Transitions\.NextAction is missing/, (flow) => {
    const hold = action(flow, 'hold');
    delete hold.Parameters.InterruptFrequencySeconds;
    delete hold.Transitions.Conditions;
  }),
  queueCase('loop without its error branch', 'hold', /^the error NoMatchingError goes nowhere/, (flow) => {
    delete action(flow, 'hold').Transitions.Errors;
  }),
  // EndFlowExecution.
  queueCase(
    'EndFlowExecution with parameters',
    'end',
    /EndFlowExecution takes no Parameters \(it must be \{\}\)/,
    (flow) => {
      action(flow, 'end').Parameters.Reason = 'closed';
    },
  ),
  queueCase(
    'EndFlowExecution with transitions',
    'end',
    /EndFlowExecution ends the flow: Transitions must be \{\}/,
    (flow) => {
      action(flow, 'end').Transitions.NextAction = 'disconnect';
    },
  ),
  // Flow types, both ways.
  {
    rule: 'EndFlowExecution in an inbound flow',
    flow: queueFlow,
    identifier: 'end',
    message: /^EndFlowExecution is not allowed in a CONTACT_FLOW flow \(.*it runs only in CUSTOMER_QUEUE flows\)$/,
  },
  {
    rule: 'MessageParticipantIteratively in an inbound flow',
    flow: queueFlow,
    identifier: 'hold',
    message: /^MessageParticipantIteratively is not allowed in a CONTACT_FLOW flow/,
  },
  {
    rule: 'UpdateContactTargetQueue in a customer-queue flow',
    flow: inboundFlow,
    flowType: 'CUSTOMER_QUEUE',
    identifier: 'set-queue',
    message: /^UpdateContactTargetQueue is not allowed in a CUSTOMER_QUEUE flow \(.*it runs only in CONTACT_FLOW flows\)$/,
  },
  {
    rule: 'TransferContactToQueue in a customer-queue flow',
    flow: inboundFlow,
    flowType: 'CUSTOMER_QUEUE',
    identifier: 'transfer-to-queue',
    message: /^TransferContactToQueue is not allowed in a CUSTOMER_QUEUE flow/,
  },
  {
    rule: 'UpdateContactTextToSpeechVoice in a customer-queue flow',
    flow: inboundFlow,
    flowType: 'CUSTOMER_QUEUE',
    identifier: 'set-voice',
    message: /^UpdateContactTextToSpeechVoice is not allowed in a CUSTOMER_QUEUE flow/,
  },
  {
    rule: 'an unknown flow type',
    flow: queueFlow,
    flowType: 'AGENT_WHISPER' as FlowType,
    identifier: undefined,
    message: /^unknown flow type "AGENT_WHISPER" \(known: CONTACT_FLOW, CUSTOMER_QUEUE\)$/,
  },
  // $.Metrics references.
  queueCase(
    'a metric GetMetricData does not load',
    'say-position',
    /^\$\.Metrics\.Contact\.Position is not a metric GetMetricData loads \(known: \$\.Metrics\.Contact\.PositionInQueue, /,
    (flow) => {
      action(flow, 'say-position').Parameters.Text = 'お客様は $.Metrics.Contact.Position 番目です。';
    },
  ),
  queueCase(
    'a metric path cut short',
    'say-position',
    /^\$\.Metrics\.Queue is not a metric GetMetricData loads/,
    (flow) => {
      action(flow, 'say-position').Parameters.Text = '待ち状況は $.Metrics.Queue です。';
    },
  ),
  queueCase(
    'a metric path in the wrong case',
    'is-position-known',
    /^\$\.Metrics\.contact\.positionInQueue is not a metric GetMetricData loads/,
    (flow) => {
      action(flow, 'is-position-known').Parameters.ComparisonValue = '$.Metrics.contact.positionInQueue';
    },
  ),
  queueCase(
    'an unknown metric in a loop message',
    'hold',
    /^\$\.Metrics\.Agents\.Busy\.Count is not a metric GetMetricData loads/,
    (flow) => {
      action(flow, 'hold').Parameters.Messages.push({ Text: '対応中の担当者は $.Metrics.Agents.Busy.Count 名です。' });
    },
  ),
  ...['say-position', 'is-position-known'].map((identifier) =>
    queueCase(
      `metrics read with no GetMetricData in the flow (${identifier})`,
      identifier,
      /^\$\.Metrics\.Contact\.PositionInQueue is never loaded: the flow has no GetMetricData action$/,
      (flow) => {
        const metrics = action(flow, 'metrics');
        metrics.Type = 'UpdateFlowLoggingBehavior';
        metrics.Parameters = { FlowLoggingBehavior: 'Enabled' };
        metrics.Transitions = { NextAction: 'is-position-known' };
      },
    ),
  ),
  inboundCase(
    'metrics read in an inbound flow that never loads them',
    'menu-choice-2',
    /\$\.Metrics\.Queue\.Size is never loaded/,
    (flow) => {
      action(flow, 'menu-choice-2').Parameters.Text = 'ただいま $.Metrics.Queue.Size 名がお待ちです。';
    },
  ),
  // UpdateContactAttributes.
  ...['menu choice', 'menu.choice', '選択', 'choice!'].map((key) =>
    inboundCase(
      `attribute key ${JSON.stringify(key)}`,
      'menu-choice-1',
      new RegExp(`^parameter Attributes has the key ${JSON.stringify(key).replace(/[.!]/g, '\\$&')}; its keys may hold only letters, digits, "_" and "-"$`),
      (flow) => {
        action(flow, 'menu-choice-1').Parameters.Attributes[key] = '1';
      },
    ),
  ),
  inboundCase(
    'attribute value as a number',
    'menu-choice-1',
    /parameter Attributes\.menu_choice must be a string \(write "1"\)/,
    (flow) => {
      action(flow, 'menu-choice-1').Parameters.Attributes.menu_choice = 1;
    },
  ),
  inboundCase(
    'attribute values over 32,768 bytes of UTF-8',
    'menu-choice-1',
    /^the attribute values come to 33007 bytes of UTF-8 \(at most 32768 across the contact's attributes/,
    (flow) => {
      // 11,000 three-byte characters, plus "1" and "queued" already there.
      action(flow, 'menu-choice-1').Parameters.Attributes.note = 'あ'.repeat(11_000);
    },
  ),
];

describe('a broken menu or queue flow is rejected with the action and a plain reason', () => {
  test('there are enough rules to matter', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((broken) => broken.rule)).size).toBe(cases.length);
  });

  test.each(cases)('$rule', ({ flow, flowType, identifier, message }) => {
    const problems = validateContactFlow(flow(), flowType === undefined ? {} : { flowType });
    const matching = problems.filter(
      (problem: FlowProblem) => problem.identifier === identifier && message.test(problem.message),
    );
    expect({ problems, matched: matching.length > 0 }).toEqual(expect.objectContaining({ matched: true }));
  });
});
