/**
 * The in-hours menu (`menu`) and routing to a Connect queue (`routing.queue`) as ops write them: every hostile value
 * is refused with the field's path and what is expected, a config with many mistakes lists all of them at once, and
 * the valid forms resolve with their defaults.
 */
import {
  DEFAULT_ANNOUNCEMENTS,
  DEFAULT_GREETING_BEFORE_MENU,
  DEFAULT_QUEUE_TEXTS,
  MAX_ANNOUNCEMENT_CHARS,
} from '../../lib/config/schema';
import { ConfigProblem, SiteConfigError, validateSiteConfig, validateSiteConfigWithWarnings } from '../../lib/config/validate';

const INSTANCE = 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444';
const PROMPT_ARN = `${INSTANCE}/prompt/00000000-0000-0000-0000-000000000009`;
const QUEUE_ARN = `${INSTANCE}/queue/00000000-0000-0000-0000-000000000002`;

/** A site that transfers to an external number. */
const external = {
  connect: { instanceArn: INSTANCE },
  phoneNumber: '050-1234-5678',
  staffNumber: '050-9876-5432',
  alertEmails: ['ops@example.com'],
};

/** The same site without the external number, for queue routing. */
const { staffNumber: _unused, ...withoutStaff } = external;

/** The issue's example menu. */
const MENU = {
  prompt: 'お問い合わせは1を、製品情報は2を押してください。',
  options: {
    '1': { action: 'staff' },
    '2': { action: 'announcement', text: '製品情報は、当社ウェブサイトでもご覧いただけます。', then: 'menu' },
  },
  timeoutSeconds: 10,
  retries: 2,
};

const menuWith = (change: Record<string, unknown>) => ({ menu: { ...MENU, ...change } });
const optionsWith = (options: unknown) => menuWith({ options });
const queueWith = (queue: Record<string, unknown>) => ({ routing: { queue: { name: 'support', ...queue } } });

/** The problems a configuration has (none when it is accepted). */
function problemsOf(raw: Record<string, unknown>): readonly ConfigProblem[] {
  try {
    validateSiteConfigWithWarnings(raw);
  } catch (error) {
    if (error instanceof SiteConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('menu: each mistake is refused with its path and what is expected', () => {
  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ['menu as text', { menu: '1: staff' }, 'menu', /^an object such as \{"prompt": "…", "options": \{"1": \{"action": "staff"\}\}\}$/],
    ['menu as null', { menu: null }, 'menu', /^an object such as \{"prompt"/],
    ['menu as a list', { menu: [MENU] }, 'menu', /^an object such as \{"prompt"/],
    ['menu as true', { menu: true }, 'menu', /^an object such as \{"prompt"/],
    ['prompt missing', { menu: { options: MENU.options } }, 'menu.prompt', /^a non-empty string$/],
    ['prompt empty', menuWith({ prompt: '' }), 'menu.prompt', /^a non-empty string$/],
    ['prompt blank', menuWith({ prompt: ' \u3000 ' }), 'menu.prompt', /^a non-empty string$/],
    ['prompt a number', menuWith({ prompt: 1 }), 'menu.prompt', /^a non-empty string$/],
    ['prompt of 3,001 characters', menuWith({ prompt: 'あ'.repeat(MAX_ANNOUNCEMENT_CHARS + 1) }), 'menu.prompt', /^at most 3000 characters$/],
    [
      'prompt of 3,000 characters that is longer once {businessHours} is filled in',
      menuWith({ prompt: '{businessHours}'.repeat(MAX_ANNOUNCEMENT_CHARS / '{businessHours}'.length) }),
      'menu.prompt',
      /^at most 3000 characters as spoken \(Connect's text-to-speech limit per block\)$/,
    ],
    ['prompt with a bell character', menuWith({ prompt: '1を\u0007押してください' }), 'menu.prompt', /^text without control characters/],
    ['prompt with an escape character', menuWith({ prompt: '1を\u001b押してください' }), 'menu.prompt', /^text without control characters/],
    ['prompt with {holidayName} (not known in hours)', menuWith({ prompt: '本日は{holidayName}です。1を押してください。' }), 'menu.prompt', /^only the placeholders \{businessHours\}$/],
    ['prompt with a misspelt {businesshours}', menuWith({ prompt: '{businesshours}。1を押してください。' }), 'menu.prompt', /^only the placeholders \{businessHours\}$/],
    ['prompt with a template token %StaffNumber%', menuWith({ prompt: '%StaffNumber%におかけください。' }), 'menu.prompt', /^text without %Name% \(the flow template's placeholder form/],
    ['options missing', { menu: { prompt: MENU.prompt } }, 'menu.options', /^an object of keys, e\.g\. \{"1": \{"action": "staff"\}\}$/],
    ['options {}', optionsWith({}), 'menu.options', /^at least one option$/],
    ['options as a list', optionsWith([{ action: 'staff' }]), 'menu.options', /^an object of keys/],
    ['options as text', optionsWith('1'), 'menu.options', /^an object of keys/],
    ['key "10" (two keys)', optionsWith({ '10': { action: 'staff' } }), 'menu.options.10', /^a key that is one DTMF key: 1 2 3 4 5 6 7 8 9 0 \* # \(a caller presses one key\)$/],
    ['key "a"', optionsWith({ a: { action: 'staff' } }), 'menu.options.a', /^a key that is one DTMF key/],
    ['key "" (shown in brackets so it does not vanish)', optionsWith({ '': { action: 'staff' } }), 'menu.options[""]', /^a key that is one DTMF key/],
    ['key "１" (a full-width digit)', optionsWith({ '１': { action: 'staff' } }), 'menu.options.１', /^a key that is one DTMF key/],
    ['key " 1" (a space before it)', optionsWith({ ' 1': { action: 'staff' } }), 'menu.options[" 1"]', /^a key that is one DTMF key/],
    ['key "1." (a dot after it)', optionsWith({ '1.': { action: 'staff' } }), 'menu.options["1."]', /^a key that is one DTMF key/],
    ['key "star" for *', optionsWith({ star: { action: 'staff' } }), 'menu.options.star', /^a key that is one DTMF key/],
    ['option as text', optionsWith({ '1': 'staff' }), 'menu.options.1', /^an option such as \{"action": "staff"\} or \{"action": "announcement", "text": "…", "then": "menu"\}$/],
    ['option as null', optionsWith({ '1': null }), 'menu.options.1', /^an option such as/],
    ['option as a list', optionsWith({ '1': ['staff'] }), 'menu.options.1', /^an option such as/],
    ['action missing', optionsWith({ '1': {} }), 'menu.options.1.action', /^one of "staff", "announcement"$/],
    ['action "operator"', optionsWith({ '1': { action: 'operator' } }), 'menu.options.1.action', /^one of "staff", "announcement"$/],
    ['action "Staff" (case)', optionsWith({ '1': { action: 'Staff' } }), 'menu.options.1.action', /^one of "staff", "announcement"$/],
    ['announcement without text', optionsWith({ '2': { action: 'announcement' } }), 'menu.options.2.text', /^the text of the announcement \(an announcement option needs one\)$/],
    ['announcement with empty text', optionsWith({ '2': { action: 'announcement', text: '' } }), 'menu.options.2.text', /^a non-empty string$/],
    ['announcement with blank text', optionsWith({ '2': { action: 'announcement', text: '   ' } }), 'menu.options.2.text', /^a non-empty string$/],
    ['announcement of 3,001 characters', optionsWith({ '2': { action: 'announcement', text: 'あ'.repeat(3001) } }), 'menu.options.2.text', /^at most 3000 characters$/],
    [
      'announcement longer than 3,000 once {businessHours} is filled in',
      optionsWith({ '2': { action: 'announcement', text: `${'あ'.repeat(MAX_ANNOUNCEMENT_CHARS - '{businessHours}'.length)}{businessHours}` } }),
      'menu.options.2.text',
      /^at most 3000 characters as spoken/,
    ],
    ['announcement with {nextOpen}', optionsWith({ '2': { action: 'announcement', text: '{nextOpen}' } }), 'menu.options.2.text', /^only the placeholders \{businessHours\}$/],
    ['staff with text', optionsWith({ '1': { action: 'staff', text: 'おつなぎします。' } }), 'menu.options.1.text', /^no text on a staff option/],
    ['staff with then', optionsWith({ '1': { action: 'staff', then: 'menu' } }), 'menu.options.1.then', /^no then on a staff option \(the call goes to staff\)$/],
    ['then "hangup"', optionsWith({ '2': { action: 'announcement', text: 'ご案内です。', then: 'hangup' } }), 'menu.options.2.then', /^one of "menu", "disconnect"$/],
    ['then "Menu" (case)', optionsWith({ '2': { action: 'announcement', text: 'ご案内です。', then: 'Menu' } }), 'menu.options.2.then', /^one of "menu", "disconnect"$/],
    ['an unknown field on an option', optionsWith({ '1': { action: 'staff', queue: 'support' } }), 'menu.options.1.queue', /^no such field \(known: action, text, then\)$/],
    ['a misspelt field on an option', optionsWith({ '2': { action: 'announcement', text: 'ご案内です。', thne: 'menu' } }), 'menu.options.2.thne', /^no such field \(did you mean then\? known: action, text, then\)$/],
    ['an unknown field on the menu', menuWith({ timeout: 10 }), 'menu.timeout', /^no such field \(.*known: prompt, options, timeoutSeconds, retries\)$/],
    ['timeoutSeconds 0', menuWith({ timeoutSeconds: 0 }), 'menu.timeoutSeconds', /^a whole number from 1 to 179$/],
    ['timeoutSeconds 180', menuWith({ timeoutSeconds: 180 }), 'menu.timeoutSeconds', /^a whole number from 1 to 179$/],
    ['timeoutSeconds 1.5', menuWith({ timeoutSeconds: 1.5 }), 'menu.timeoutSeconds', /^a whole number from 1 to 179$/],
    ['timeoutSeconds "10"', menuWith({ timeoutSeconds: '10' }), 'menu.timeoutSeconds', /^a whole number from 1 to 179$/],
    ['timeoutSeconds null', menuWith({ timeoutSeconds: null }), 'menu.timeoutSeconds', /^a whole number from 1 to 179$/],
    ['retries -1', menuWith({ retries: -1 }), 'menu.retries', /^a whole number from 0 to 5$/],
    ['retries 6', menuWith({ retries: 6 }), 'menu.retries', /^a whole number from 0 to 5$/],
    ['retries 2.5', menuWith({ retries: 2.5 }), 'menu.retries', /^a whole number from 0 to 5$/],
    // As JSON.parse leaves it: an own "__proto__" key, which the schema's record would drop without a word.
    ['a "__proto__" key', menuWith({ options: JSON.parse('{"1": {"action": "staff"}, "__proto__": {"action": "staff"}}') }), 'menu.options.__proto__', /^a key that is one DTMF key/],
  ])('%s → %s', (_name, change, path, expected) => {
    const problems = problemsOf({ ...external, ...change });
    expect(problems.map((problem) => problem.path)).toEqual([path]);
    expect(problems[0]?.expected).toMatch(expected);
  });
});

describe('routing: each mistake is refused with its path and what is expected', () => {
  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ['routing as text', { routing: 'queue' }, 'routing', /^an object such as \{"queue": \{"name": "support", "maxContacts": 10\}\}$/],
    ['routing as null', { routing: null }, 'routing', /^an object such as \{"queue"/],
    ['routing as a list', { routing: [] }, 'routing', /^an object such as \{"queue"/],
    ['an unknown field on routing', { routing: { queue: { name: 'support' }, agent: 'alice' } }, 'routing.agent', /^no such field \(known: queue\)$/],
    ['queue as a name', { routing: { queue: 'support' } }, 'routing.queue', /^an object such as \{"name": "support", "maxContacts": 10\}$/],
    ['queue as null', { routing: { queue: null } }, 'routing.queue', /^an object such as \{"name"/],
    ['queue without a name', { routing: { queue: {} } }, 'routing.queue.name', /^a queue name of 1-127 characters$/],
    ['name empty', queueWith({ name: '' }), 'routing.queue.name', /^a queue name of 1-127 characters$/],
    ['name blank', queueWith({ name: '   ' }), 'routing.queue.name', /^a queue name of 1-127 characters$/],
    ['name of 128 characters', queueWith({ name: 'q'.repeat(128) }), 'routing.queue.name', /^a queue name of 1-127 characters$/],
    ['name of 128 Japanese characters', queueWith({ name: '窓'.repeat(128) }), 'routing.queue.name', /^a queue name of 1-127 characters$/],
    ['name with a line break', queueWith({ name: 'support\nteam' }), 'routing.queue.name', /^a queue name without control characters$/],
    ['name with a tab', queueWith({ name: 'support\tteam' }), 'routing.queue.name', /^a queue name without control characters$/],
    ['name a number', queueWith({ name: 7 }), 'routing.queue.name', /^a queue name of 1-127 characters$/],
    ['maxContacts 0', queueWith({ maxContacts: 0 }), 'routing.queue.maxContacts', /^a whole number from 1 to 10000$/],
    ['maxContacts 10001', queueWith({ maxContacts: 10001 }), 'routing.queue.maxContacts', /^a whole number from 1 to 10000$/],
    ['maxContacts 1.5', queueWith({ maxContacts: 1.5 }), 'routing.queue.maxContacts', /^a whole number from 1 to 10000$/],
    ['maxContacts "10"', queueWith({ maxContacts: '10' }), 'routing.queue.maxContacts', /^a whole number from 1 to 10000$/],
    ['repeatSeconds 20 (an agent has 20 s to accept)', queueWith({ repeatSeconds: 20 }), 'routing.queue.repeatSeconds', /^a whole number from 21 to 3600$/],
    ['repeatSeconds 3601', queueWith({ repeatSeconds: 3601 }), 'routing.queue.repeatSeconds', /^a whole number from 21 to 3600$/],
    ['repeatSeconds 30.5', queueWith({ repeatSeconds: 30.5 }), 'routing.queue.repeatSeconds', /^a whole number from 21 to 3600$/],
    ['holdPromptArn a file name', queueWith({ holdPromptArn: 'CustomerQueue.wav' }), 'routing.queue.holdPromptArn', /^a prompt ARN arn:aws:connect:<region>:<account>:instance\/<id>\/prompt\/<id>$/],
    ['holdPromptArn a queue ARN', queueWith({ holdPromptArn: QUEUE_ARN }), 'routing.queue.holdPromptArn', /^a prompt ARN/],
    ['holdPromptArn an S3 ARN', queueWith({ holdPromptArn: 'arn:aws:s3:::bucket/hold.wav' }), 'routing.queue.holdPromptArn', /^a prompt ARN/],
    ['holdPromptArn with a trailing space', queueWith({ holdPromptArn: `${PROMPT_ARN} ` }), 'routing.queue.holdPromptArn', /^a prompt ARN/],
    ['positionText without {position} (the caller would never hear it)', queueWith({ positionText: 'そのままお待ちください。' }), 'routing.queue.positionText', /^a text with \{position\} \(the caller's place in the queue/],
    ['positionText empty', queueWith({ positionText: '' }), 'routing.queue.positionText', /^a non-empty string$/],
    ['holdText with {position} (only the position sentence has it)', queueWith({ holdText: '{position}番目です。' }), 'routing.queue.holdText', /^only the placeholders \{businessHours\}$/],
    ['fullText with {holidayName}', queueWith({ fullText: '{holidayName}' }), 'routing.queue.fullText', /^only the placeholders \{businessHours\}$/],
    ['closedText with a control character', queueWith({ closedText: '受付\u0000終了' }), 'routing.queue.closedText', /^text without control characters/],
    ['closedText of 3,001 characters', queueWith({ closedText: 'あ'.repeat(3001) }), 'routing.queue.closedText', /^at most 3000 characters$/],
    ['an unknown field on the queue', queueWith({ maxContact: 5 }), 'routing.queue.maxContact', /^no such field \(did you mean maxContacts\?/],
  ])('%s → %s', (_name, change, path, expected) => {
    const problems = problemsOf({ ...external, ...change });
    expect(problems.map((problem) => problem.path)).toEqual([path]);
    expect(problems[0]?.expected).toMatch(expected);
  });

  test('positionText with {Position} (case): the wrong placeholder, and no {position} to say', () => {
    const problems = problemsOf({ ...external, ...queueWith({ positionText: 'お客様は{Position}番目です。' }) });
    expect(problems).toEqual([
      { path: 'routing.queue.positionText', given: '"{Position}"', expected: 'only the placeholders {position}' },
      { path: 'routing.queue.positionText', given: '"お客様は{Position}番目です。"', expected: expect.stringMatching(/^a text with \{position\}/) },
    ]);
  });

  test.each<[string, Record<string, unknown>]>([
    ['no routing', {}],
    ['routing without a queue', { routing: {} }],
  ])('staffNumber missing with %s is a problem', (_name, change) => {
    const problems = problemsOf({ ...withoutStaff, ...change });
    expect(problems).toEqual([
      { path: 'staffNumber', given: '(missing)', expected: expect.stringMatching(/^the external number staff answer \(or routing\.queue, for staff who answer in Connect\)$/) },
    ]);
  });

  test('a wrong routing.queue without a staffNumber is one problem, not a second misleading one about staffNumber', () => {
    expect(problemsOf({ ...withoutStaff, routing: { queue: { name: '' } } }).map((problem) => problem.path)).toEqual(['routing.queue.name']);
  });

  test('staffNumber with routing.queue is a warning, not a problem', () => {
    const { config, warnings } = validateSiteConfigWithWarnings({ ...external, ...queueWith({}) });
    expect(config.routing?.queue?.name).toBe('support');
    expect(warnings).toEqual([
      { path: 'staffNumber', message: '+815098765432 is not used: routing.queue puts in-hours callers in the Connect queue "support"' },
    ]);
  });

  test('a mobile staffNumber that routing.queue leaves unused gets no outbound allow-list warning', () => {
    const { warnings } = validateSiteConfigWithWarnings({ ...external, staffNumber: '090-1234-5678', ...queueWith({}) });
    expect(warnings.map((warning) => warning.path)).toEqual(['staffNumber']);
    expect(warnings[0]?.message).toMatch(/is not used/);
  });
});

describe('many mistakes at once', () => {
  test('every one is listed in one error, with the message naming each path', () => {
    const raw = {
      ...withoutStaff,
      menu: {
        prompt: '',
        options: {
          '10': { action: 'operator' },
          '2': { action: 'staff', text: 'おつなぎします。' },
          '3': { action: 'announcement' },
          '#': { action: 'announcement', text: 'ご案内です。', then: 'hangup', colour: 'red' },
        },
        timeoutSeconds: 0,
        retries: 9,
        voice: 'Kazuha',
      },
      routing: {
        queue: {
          name: '',
          maxContacts: 0,
          repeatSeconds: 20,
          holdPromptArn: 'CustomerQueue.wav',
          positionText: 'お待ちください。',
          fullText: '{position}',
        },
      },
    };
    let caught: unknown;
    try {
      validateSiteConfig(raw, 'site.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SiteConfigError);
    const error = caught as SiteConfigError;
    expect([...error.problems.map((problem) => problem.path)].sort()).toEqual(
      [
        'menu.prompt',
        'menu.options.10',
        'menu.options.10.action',
        'menu.options.2.text',
        'menu.options.3.text',
        'menu.options.#.then',
        'menu.options.#.colour',
        'menu.timeoutSeconds',
        'menu.retries',
        'menu.voice',
        'routing.queue.name',
        'routing.queue.maxContacts',
        'routing.queue.repeatSeconds',
        'routing.queue.holdPromptArn',
        'routing.queue.positionText',
        'routing.queue.fullText',
      ].sort(),
    );
    expect(error.message).toMatch(/^Site configuration site\.json has 16 problems:\n/);
    expect(error.message).toContain('  - menu.options.10: got "10"; expected a key that is one DTMF key');
    expect(error.message).toContain('  - routing.queue.repeatSeconds: got 20; expected a whole number from 21 to 3600');
    expect(error.message).toContain('  - routing.queue.positionText: got "お待ちください。"; expected a text with {position}');
  });
});

describe('valid menus and queues resolve with their defaults', () => {
  test("the issue's example menu is kept exactly, and the in-hours default becomes the shorter greeting", () => {
    const { config, warnings } = validateSiteConfigWithWarnings({ ...external, menu: MENU });
    expect(config.menu).toEqual(MENU);
    expect(warnings).toEqual([]);
    expect(config.announcements.inHours).toBe(DEFAULT_GREETING_BEFORE_MENU);
    // The default in-hours text promises a transfer the menu has not offered yet; the greeting does not.
    expect(DEFAULT_ANNOUNCEMENTS.inHours).toContain('担当者におつなぎいたします');
    expect(DEFAULT_GREETING_BEFORE_MENU).not.toContain('おつなぎ');
  });

  test('an in-hours announcement given with a menu is kept', () => {
    const config = validateSiteConfig({ ...external, menu: MENU, announcements: { inHours: 'お電話ありがとうございます。' } });
    expect(config.announcements.inHours).toBe('お電話ありがとうございます。');
  });

  test('other announcements given with a menu: the in-hours default is still the shorter greeting, the others kept', () => {
    const config = validateSiteConfig({ ...external, menu: MENU, announcements: { afterHours: '受付時間は{businessHours}です。' } });
    expect(config.announcements.inHours).toBe(DEFAULT_GREETING_BEFORE_MENU);
    expect(config.announcements.afterHours).toBe('受付時間は{businessHours}です。');
    expect(config.announcements.holiday).toBe(DEFAULT_ANNOUNCEMENTS.holiday);
  });

  test('without a menu the in-hours default stays the full notice', () => {
    const config = validateSiteConfig(external);
    expect(config.menu).toBeUndefined();
    expect(config.announcements.inHours).toBe(DEFAULT_ANNOUNCEMENTS.inHours);
  });

  test('keys * and #, then omitted (defaults to menu), defaults for timeoutSeconds and retries', () => {
    const config = validateSiteConfig({
      ...external,
      menu: {
        prompt: 'お問い合わせは*を、営業時間のご案内は#を押してください。受付時間は{businessHours}です。',
        options: { '*': { action: 'staff' }, '#': { action: 'announcement', text: '受付時間は{businessHours}です。' }, '0': { action: 'announcement', text: 'ご利用ありがとうございました。', then: 'disconnect' } },
      },
    });
    expect(config.menu).toEqual({
      prompt: 'お問い合わせは*を、営業時間のご案内は#を押してください。受付時間は{businessHours}です。',
      options: {
        '*': { action: 'staff' },
        '#': { action: 'announcement', text: '受付時間は{businessHours}です。', then: 'menu' },
        '0': { action: 'announcement', text: 'ご利用ありがとうございました。', then: 'disconnect' },
      },
      timeoutSeconds: 10,
      retries: 2,
    });
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['retries 0', { retries: 0 }, { retries: 0 }],
    ['retries 5', { retries: 5 }, { retries: 5 }],
    ['timeoutSeconds 1', { timeoutSeconds: 1 }, { timeoutSeconds: 1 }],
    ['timeoutSeconds 179', { timeoutSeconds: 179 }, { timeoutSeconds: 179 }],
    ['a prompt of exactly 3,000 characters', { prompt: 'あ'.repeat(3000) }, { prompt: 'あ'.repeat(3000) }],
    ['a prompt with a line break and a tab', { prompt: '1を押してください。\n\t2を押してください。' }, { prompt: '1を押してください。\n\t2を押してください。' }],
    ['all twelve keys', { options: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'].map((key) => [key, { action: 'staff' }])) }, {}],
  ])('accepted: %s', (_name, change, expected) => {
    const config = validateSiteConfig({ ...external, ...menuWith(change) });
    expect(config.menu).toMatchObject(expected);
  });

  test('the minimal queue {name} without a staffNumber: every default filled in, no warning', () => {
    const { config, warnings } = validateSiteConfigWithWarnings({ ...withoutStaff, routing: { queue: { name: 'support' } } });
    expect(config.routing).toEqual({
      queue: {
        name: 'support',
        maxContacts: 10,
        repeatSeconds: 60,
        positionText: DEFAULT_QUEUE_TEXTS.positionText,
        holdText: DEFAULT_QUEUE_TEXTS.holdText,
        fullText: DEFAULT_QUEUE_TEXTS.fullText,
        closedText: DEFAULT_QUEUE_TEXTS.closedText,
      },
    });
    expect(config.staffNumber).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(DEFAULT_QUEUE_TEXTS.positionText).toContain('{position}');
  });

  test.each<[string, Record<string, unknown>]>([
    ['maxContacts 1', { maxContacts: 1 }],
    ['maxContacts 10000', { maxContacts: 10000 }],
    ['repeatSeconds 21', { repeatSeconds: 21 }],
    ['repeatSeconds 3600', { repeatSeconds: 3600 }],
    ['a name of 127 characters', { name: 'q'.repeat(127) }],
    ['a Japanese name', { name: 'サポート窓口' }],
    ['a prompt ARN', { holdPromptArn: PROMPT_ARN }],
    ['{position} at the start', { positionText: '{position}番目にお待ちいただいております。' }],
    ['{businessHours} in the closed text', { closedText: '受付時間は{businessHours}です。' }],
  ])('accepted: a queue with %s', (_name, queue) => {
    const config = validateSiteConfig({ ...withoutStaff, ...queueWith(queue) });
    expect(config.routing?.queue).toMatchObject({ name: 'support', ...queue });
  });

  test('a menu and a queue together', () => {
    const config = validateSiteConfig({ ...withoutStaff, menu: MENU, ...queueWith({ maxContacts: 3 }) });
    expect(config.menu?.options['1']).toEqual({ action: 'staff' });
    expect(config.routing?.queue?.maxContacts).toBe(3);
  });
});
