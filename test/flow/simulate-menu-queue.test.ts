/**
 * The simulator on sites with the in-hours menu and with routing to a Connect queue: each key, unknown keys and no
 * key; the menu never heard outside business hours; a site without a menu exactly as before; the queue with a
 * position, full, and closed by the time the caller reaches it; and the week table of a queue-routed site.
 */
import { readFileSync } from 'node:fs';
import type { LiveOverride } from '../../lambda/shared/live-overrides';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/load';
import { DEFAULT_ANNOUNCEMENTS, DEFAULT_GREETING_BEFORE_MENU, DEFAULT_QUEUE_TEXTS } from '../../lib/config/schema';
import type { SiteConfig } from '../../lib/config/site-config';
import { validateSiteConfig } from '../../lib/config/validate';
import type { FlowDocument } from '../../lib/flow/flow-document';
import { describeBusinessHours, EXAMPLE_FLOW_REFS, QUEUE_STAFF_BLOCKS, renderContactFlow, renderCustomerQueueFlow } from '../../lib/flow/render';
import {
  CallCircumstances,
  CallReason,
  CUSTOMER_QUEUE_PATH_PREFIX,
  formatWeek,
  simulateCall,
  simulateWeek,
  summariseCall,
} from '../../lib/flow/simulate';
import { assertValidContactFlow } from '../../lib/flow/validate';
import { exampleConfig, exampleFlow, exampleHolidayList } from './flow-fixtures';

/** config/example.json as written: each site below is it plus a change. */
const EXAMPLE_RAW = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;

const PROMPT = 'お問い合わせは1を、製品情報は2を押してください。';
const PRODUCT = '製品情報は、当社ウェブサイトでもご覧いただけます。';
const GOODBYE = 'ご利用ありがとうございました。';
const HOURS_TEXT = '受付時間は{businessHours}です。';
const MENU = {
  prompt: PROMPT,
  options: {
    '1': { action: 'staff' },
    '2': { action: 'announcement', text: PRODUCT },
    '3': { action: 'announcement', text: GOODBYE, then: 'disconnect' },
    '*': { action: 'staff' },
    '#': { action: 'announcement', text: HOURS_TEXT, then: 'menu' },
  },
};
const QUEUE = { name: 'support', maxContacts: 5 };

interface Site {
  readonly config: SiteConfig;
  readonly flow: FlowDocument;
  readonly queueFlow?: FlowDocument;
}

/** The example site with `change`, validated and rendered as `cli simulate` does. */
function site(change: Record<string, unknown>, without: readonly string[] = []): Site {
  const raw: Record<string, unknown> = { ...EXAMPLE_RAW, ...change };
  for (const key of without) delete raw[key];
  const config = validateSiteConfig(raw);
  const flow = renderContactFlow(config, EXAMPLE_FLOW_REFS);
  assertValidContactFlow(flow);
  const queueFlow = renderCustomerQueueFlow(config, EXAMPLE_FLOW_REFS);
  if (queueFlow !== undefined) assertValidContactFlow(queueFlow, { flowType: 'CUSTOMER_QUEUE' });
  return { config, flow, ...(queueFlow === undefined ? {} : { queueFlow }) };
}

const menuSite = site({ menu: MENU });
const queueSite = site({ routing: { queue: QUEUE } }, ['staffNumber']);
const menuQueueSite = site({ menu: MENU, routing: { queue: QUEUE } }, ['staffNumber']);

type Extra = Partial<Omit<CallCircumstances, 'at' | 'config'>>;

/** A call at `at` with the list the fetcher would have stored that morning. */
function call(on: Site, at: string, extra: Extra = {}) {
  const instant = new Date(at);
  return simulateCall(on.flow, {
    at: instant,
    config: on.config,
    list: exampleHolidayList(instant, on.config),
    ...(on.queueFlow === undefined ? {} : { queueFlow: on.queueFlow }),
    ...extra,
  });
}

/** A text as the caller hears it on the example hours. */
const said = (text: string): string => text.replaceAll('{businessHours}', describeBusinessHours(exampleConfig.businessHours));

/** A live override as `close`/`open` would write it. */
function live(kind: 'close' | 'open', from: string, until: string): LiveOverride {
  return {
    id: `${kind}-test`,
    kind,
    from: new Date(from).toISOString(),
    until: new Date(until).toISOString(),
    reason: kind === 'close' ? '台風の接近' : '臨時営業',
    created: { by: 'local:tester', at: '2026-11-01T00:00:00.000Z' },
  };
}

const FRIDAY_10 = '2026-11-20T10:00:00+09:00';
const STAFF = '+815098765432';
const G = DEFAULT_GREETING_BEFORE_MENU;
const P = PROMPT;

/** The blocks a call visits before the in-hours announcement, on an ordinary business day. */
const TO_IN_HOURS = ['enable-flow-logs', 'set-voice', 'check-holiday', 'live-override', 'is-closed-day', 'check-hours', 'record-in-hours', 'play-in-hours'];

describe('the menu, key by key (Friday 10:00, a business day)', () => {
  test.each<[string, string[], string[], 'transfer' | 'disconnect', Record<string, string>]>([
    ['1: staff', ['1'], [G, P], 'transfer', { menuChoice: '1', menuChose1: 'true', outcome: 'transferred' }],
    ['2: the product announcement, the menu again, then (keys run out) no key: staff', ['2'], [G, P, PRODUCT, P], 'transfer', { menuChoice: 'none', menuChose2: 'true', outcome: 'transferred' }],
    ['2 then 1', ['2', '1'], [G, P, PRODUCT, P], 'transfer', { menuChoice: '1', menuChose1: 'true', menuChose2: 'true', outcome: 'transferred' }],
    ['2 twice then 1', ['2', '2', '1'], [G, P, PRODUCT, P, PRODUCT, P], 'transfer', { menuChoice: '1', menuChose1: 'true', menuChose2: 'true', outcome: 'transferred' }],
    ['3: an announcement that ends the call', ['3'], [G, P, GOODBYE], 'disconnect', { menuChoice: '3', menuChose3: 'true', outcome: 'menu-announcement' }],
    ['3 then keys the caller never gets to press', ['3', '1'], [G, P, GOODBYE], 'disconnect', { menuChoice: '3', menuChose3: 'true', outcome: 'menu-announcement' }],
    ['*: staff', ['*'], [G, P], 'transfer', { menuChoice: '*', menuChoseStar: 'true', outcome: 'transferred' }],
    ['#: the hours with {businessHours} filled in, then the menu', ['#', '*'], [G, P, said(HOURS_TEXT), P], 'transfer', { menuChoice: '*', menuChoseStar: 'true', menuChoseHash: 'true', outcome: 'transferred' }],
    ['an unknown key, then 1: the menu exactly twice', ['9', '1'], [G, P, P], 'transfer', { menuChoice: '1', menuChose1: 'true', outcome: 'transferred' }],
    ['an unknown key, then 3', ['0', '3'], [G, P, P, GOODBYE], 'disconnect', { menuChoice: '3', menuChose3: 'true', outcome: 'menu-announcement' }],
    ['retries (2) used up: the menu three times, then staff', ['9', '9', '9'], [G, P, P, P], 'transfer', { menuChoice: 'invalid', outcome: 'transferred' }],
    ['two unknown keys, then 1 on the last attempt', ['9', '9', '1'], [G, P, P, P], 'transfer', { menuChoice: '1', menuChose1: 'true', outcome: 'transferred' }],
    ['no key', ['none'], [G, P], 'transfer', { menuChoice: 'none', outcome: 'transferred' }],
    ['no --press at all: no key', [], [G, P], 'transfer', { menuChoice: 'none', outcome: 'transferred' }],
    ['an unknown key, then no key', ['9', 'none'], [G, P, P], 'transfer', { menuChoice: 'none', outcome: 'transferred' }],
    // An announcement starts the menu afresh: the unknown key before it does not count against the retries after it.
    ['9, 2, then 9 three times', ['9', '2', '9', '9', '9'], [G, P, P, PRODUCT, P, P, P], 'transfer', { menuChoice: 'invalid', menuChose2: 'true', outcome: 'transferred' }],
  ])('%s (--press %j)', (_name, presses, prompts, outcome, attributes) => {
    const result = call(menuSite, FRIDAY_10, { presses });
    expect(result.prompts).toEqual(prompts);
    expect(result.outcome).toBe(outcome);
    expect(result.reason).toBe('open');
    expect(result.attributes).toEqual(attributes);
    expect(result.path.slice(0, TO_IN_HOURS.length)).toEqual(TO_IN_HOURS);
    expect(result.path[TO_IN_HOURS.length]).toBe('menu-1');
    expect(result.path.filter((identifier) => identifier.startsWith('menu-') && /^menu-\d+$/.test(identifier))).toHaveLength(prompts.filter((prompt) => prompt === P).length);
    if (outcome === 'transfer') {
      expect(result.transferTo).toBe(STAFF);
      expect(result.path.slice(-3)).toEqual(['record-transferred', 'transfer-to-staff', 'disconnect']);
    } else {
      expect(result.transferTo).toBeUndefined();
      expect(result.path.slice(-2)).toEqual(['menu-say-3', 'disconnect']);
    }
  });

  test('each press shows in its step; the block records the choice before the caller hears anything', () => {
    const result = call(menuSite, FRIDAY_10, { presses: ['9', '2'] });
    expect(result.steps.slice(TO_IN_HOURS.length, TO_IN_HOURS.length + 4)).toEqual([
      { identifier: 'menu-1', type: 'GetParticipantInput', branch: 'error NoMatchingCondition', detail: `${P} — caller pressed 9` },
      { identifier: 'menu-2', type: 'GetParticipantInput', branch: 'Equals "2"', detail: `${P} — caller pressed 2` },
      { identifier: 'menu-key-2', type: 'UpdateContactAttributes', branch: 'next', detail: 'menuChoice="2" menuChose2="true"' },
      { identifier: 'menu-say-2', type: 'MessageParticipant', branch: 'next', detail: PRODUCT },
    ]);
  });

  test.each<[number, string[], number, string]>([
    [0, ['9'], 1, 'invalid'],
    [0, ['9', '1'], 1, 'invalid'],
    [0, ['1'], 1, '1'],
    [1, ['9', '9'], 2, 'invalid'],
    [2, ['9', '9', '9'], 3, 'invalid'],
    [5, ['9', '9', '9', '9', '9', '9'], 6, 'invalid'],
    [5, ['9', '9', '9', '9', '9', '1'], 6, '1'],
  ])('retries %d, --press %j: the menu %d times, then staff with menuChoice=%s', (retries, presses, times, choice) => {
    const retrying = site({ menu: { ...MENU, retries } });
    const result = call(retrying, FRIDAY_10, { presses });
    expect(result.prompts).toEqual([G, ...Array<string>(times).fill(P)]);
    expect(result.attributes.menuChoice).toBe(choice);
    expect(result).toMatchObject({ outcome: 'transfer', transferTo: STAFF });
    expect(result.path.filter((identifier) => /^menu-\d+$/.test(identifier))).toEqual(Array.from({ length: times }, (_, i) => `menu-${i + 1}`));
    expect(result.path).toContain(choice === 'invalid' ? 'menu-invalid' : `menu-key-${choice}`);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['the default', MENU, '10'],
    ['timeoutSeconds 45', { ...MENU, timeoutSeconds: 45 }, '45'],
    ['timeoutSeconds 179', { ...MENU, timeoutSeconds: 179 }, '179'],
  ])('no key within the time limit (%s) shows the limit in the step', (_name, menu, seconds) => {
    const timed = site({ menu });
    const result = call(timed, FRIDAY_10, { presses: ['none'] });
    expect(result.steps.find((step) => step.identifier === 'menu-1')).toEqual({
      identifier: 'menu-1',
      type: 'GetParticipantInput',
      branch: 'error InputTimeLimitExceeded',
      detail: `${P} — no key within ${seconds} s`,
    });
    expect(timed.flow.Actions.find((action) => action.Identifier === 'menu-1')?.Parameters.InputTimeLimitSeconds).toBe(seconds);
    expect(result.attributes).toEqual({ menuChoice: 'none', outcome: 'transferred' });
  });

  test('a long list of valid keys is walked to its end', () => {
    const presses = [...Array<string>(200).fill('2'), '1'];
    const result = call(menuSite, FRIDAY_10, { presses });
    expect(result.prompts.filter((prompt) => prompt === P)).toHaveLength(201);
    expect(result.prompts.filter((prompt) => prompt === PRODUCT)).toHaveLength(200);
    expect(result).toMatchObject({ outcome: 'transfer', attributes: { menuChoice: '1', menuChose1: 'true', menuChose2: 'true', outcome: 'transferred' } });
  });

  test('staff not answering after the menu: the transfer-failed announcement, and the choice stays recorded', () => {
    const result = call(menuSite, FRIDAY_10, { presses: ['1'], staffAnswers: false });
    expect(result.outcome).toBe('disconnect');
    expect(result.prompts).toEqual([G, P, said(DEFAULT_ANNOUNCEMENTS.transferFailed)]);
    expect(result.attributes).toEqual({ menuChoice: '1', menuChose1: 'true', outcome: 'transfer-failed' });
  });
});

describe('the menu plays only in business hours', () => {
  test.each<[string, string, Extra, CallReason, string]>([
    ['a second before opening', '2026-11-20T08:59:59+09:00', {}, 'after-hours', 'after-hours'],
    ['the minute of closing', '2026-11-20T18:00:00+09:00', {}, 'after-hours', 'after-hours'],
    ['midnight (given in UTC)', '2026-11-19T15:00:00Z', {}, 'after-hours', 'after-hours'],
    ['a Saturday in the daytime', '2026-11-21T10:00:00+09:00', {}, 'after-hours', 'after-hours'],
    ['勤労感謝の日 (a Monday)', '2026-11-23T10:00:00+09:00', {}, 'holiday', 'holiday'],
    ['a 振替休日 (憲法記念日 振替休日, a Wednesday)', '2026-05-06T10:00:00+09:00', {}, 'holiday', 'holiday'],
    ['a 振替休日 (休日 春分の日, a Monday)', '2027-03-22T10:00:00+09:00', {}, 'holiday', 'holiday'],
    ['a configured closure (12-30, a Wednesday)', '2026-12-30T10:00:00+09:00', {}, 'closure', 'closure'],
    ['a live closure in business hours', FRIDAY_10, { live: [live('close', '2026-11-20T09:30:00+09:00', '2026-11-20T12:00:00+09:00')] }, 'emergency', 'emergency'],
    ['the checker failing after hours', '2026-11-20T20:00:00+09:00', { checkerFails: true }, 'after-hours', 'after-hours'],
    ['the checker failing on a holiday in business hours (the closed-day override closes the hours)', '2026-11-23T10:00:00+09:00', { checkerFails: true }, 'after-hours', 'after-hours'],
    ['the hours check failing in business hours', FRIDAY_10, { hoursCheckFails: true }, 'after-hours', 'after-hours'],
  ])('%s: no menu, even with --press 1', (_name, at, extra, reason, recorded) => {
    const result = call(menuSite, at, { presses: ['1'], ...extra });
    expect(result.outcome).toBe('disconnect');
    expect(result.reason).toBe(reason);
    expect(result.prompts).not.toContain(P);
    expect(result.prompts).toHaveLength(1);
    expect(result.steps.filter((step) => step.type === 'GetParticipantInput')).toEqual([]);
    expect(result.path.filter((identifier) => identifier.startsWith('menu-'))).toEqual([]);
    expect(result.attributes).toEqual({ outcome: recorded });
  });

  test.each<[string, string, Extra]>([
    ['Christmas (an observance on a business day)', '2026-12-25T10:00:00+09:00', {}],
    ['the minute of opening', '2026-11-20T09:00:00+09:00', {}],
    ['a second before closing', '2026-11-20T17:59:59+09:00', {}],
    ['the checker failing in business hours (the hours check says open)', FRIDAY_10, { checkerFails: true }],
    ['a live opening on a Saturday', '2026-11-21T10:30:00+09:00', { live: [live('open', '2026-11-21T10:00:00+09:00', '2026-11-21T12:00:00+09:00')] }],
  ])('%s: the menu plays', (_name, at, extra) => {
    const result = call(menuSite, at, { presses: ['1'], ...extra });
    expect(result).toMatchObject({ outcome: 'transfer', reason: 'open', prompts: [G, P] });
    expect(result.attributes).toEqual({ menuChoice: '1', menuChose1: 'true', outcome: 'transferred' });
  });
});

describe('a site without a menu behaves exactly as before', () => {
  const OPEN_PATH = [...TO_IN_HOURS, 'record-transferred', 'transfer-to-staff', 'disconnect'];
  const plain = site({});
  const noQueue = site({ routing: {} });

  test('the flow is the example flow: no menu blocks, no queue blocks, nothing to press', () => {
    expect(plain.flow).toEqual(exampleFlow());
    expect(noQueue.flow).toEqual(exampleFlow());
    expect(plain.queueFlow).toBeUndefined();
    expect(plain.flow.Actions.filter((action) => action.Type === 'GetParticipantInput')).toEqual([]);
    const identifiers = plain.flow.Actions.map((action) => action.Identifier);
    expect(identifiers.filter((identifier) => identifier.startsWith('menu-') || QUEUE_STAFF_BLOCKS.includes(identifier))).toEqual([]);
    expect(plain.flow.Actions.find((action) => action.Identifier === 'play-in-hours')?.Transitions.NextAction).toBe('record-transferred');
  });

  test('in hours: the full in-hours notice, then the transfer (keys pressed change nothing)', () => {
    const result = call(plain, FRIDAY_10, { presses: ['2', '9'] });
    expect(result.path).toEqual(OPEN_PATH);
    expect(result.prompts).toEqual([said(DEFAULT_ANNOUNCEMENTS.inHours)]);
    expect(result.attributes).toEqual({ outcome: 'transferred' });
  });

  test.each([FRIDAY_10, '2026-11-20T20:00:00+09:00', '2026-11-23T10:00:00+09:00', '2026-12-30T10:00:00+09:00', '2026-12-25T10:00:00+09:00'])(
    '%s: the same call as the example site',
    (at) => {
      const instant = new Date(at);
      const example = simulateCall(exampleFlow(), { at: instant, config: exampleConfig, list: exampleHolidayList(instant) });
      expect(summariseCall(call(plain, at, { presses: ['1'] }))).toEqual(summariseCall(example));
      expect(summariseCall(call(noQueue, at))).toEqual(summariseCall(example));
    },
  );
});

describe('the queue', () => {
  const POSITION_3 = 'ただいま、お客様は 3 番目にお待ちいただいております。';
  const QUEUED_PATH = [
    ...TO_IN_HOURS,
    'queue-live-open',
    'queue-check-hours',
    'set-queue',
    'set-queue-flow',
    'record-queued',
    'transfer-to-queue',
    'customer-queue/queue-metrics',
    'customer-queue/has-position',
    'customer-queue/say-position',
    'customer-queue/hold',
    'customer-queue/opened-live',
    'customer-queue/still-open',
  ];

  test('position 3: queued, the position sentence and the hold text, outcome=queued', () => {
    const result = call(queueSite, FRIDAY_10, { queuePosition: 3 });
    expect(summariseCall(result)).toMatchObject({ outcome: 'queue', reason: 'open', queue: { queueId: EXAMPLE_FLOW_REFS.queueArn, position: 3 } });
    expect(result.prompts).toEqual([said(DEFAULT_ANNOUNCEMENTS.inHours), POSITION_3, DEFAULT_QUEUE_TEXTS.holdText]);
    expect(result.attributes).toEqual({ outcome: 'queued' });
    expect(result.path).toEqual(QUEUED_PATH);
    expect(result.path.filter((identifier) => identifier.startsWith(CUSTOMER_QUEUE_PATH_PREFIX))).toHaveLength(6);
    expect(result.transferTo).toBeUndefined();
    expect(result.path).not.toContain('transfer-to-staff');
    expect(result.steps.find((step) => step.identifier === 'customer-queue/hold')?.detail).toMatch(/interrupted every 60 s\)$/);
  });

  test.each<[string, number | undefined, 'queue' | 'disconnect', string]>([
    ['no position given: first', undefined, 'queue', 'queued'],
    ['position 4', 4, 'queue', 'queued'],
    ['exactly maxContacts (5)', 5, 'queue', 'queued'],
    ['maxContacts + 1: the queue is full', 6, 'disconnect', 'queue-full'],
    ['far beyond maxContacts', 10_000, 'disconnect', 'queue-full'],
  ])('%s → %s (outcome=%s)', (_name, queuePosition, outcome, recorded) => {
    const result = call(queueSite, FRIDAY_10, queuePosition === undefined ? {} : { queuePosition });
    expect(result.outcome).toBe(outcome);
    expect(result.attributes).toEqual({ outcome: recorded });
    if (outcome === 'queue') {
      expect(result.prompts[1]).toBe(`ただいま、お客様は ${queuePosition ?? 1} 番目にお待ちいただいております。`);
      expect(result.queue?.position).toBe(queuePosition ?? 1);
    } else {
      expect(result.prompts).toEqual([said(DEFAULT_ANNOUNCEMENTS.inHours), said(DEFAULT_QUEUE_TEXTS.fullText)]);
      expect(result.path.slice(-4)).toEqual(['transfer-to-queue', 'record-queue-full', 'play-queue-full', 'disconnect']);
      expect(result.path.some((identifier) => identifier.startsWith(CUSTOMER_QUEUE_PATH_PREFIX))).toBe(false);
      expect(result.queue).toBeUndefined();
    }
  });

  test('a hold prompt replaces the hold text; repeatSeconds shows in the hold step', () => {
    const promptArn = 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000/prompt/00000000-0000-0000-0000-000000000009';
    const withMusic = site({ routing: { queue: { ...QUEUE, holdPromptArn: promptArn, repeatSeconds: 45 } } }, ['staffNumber']);
    const result = call(withMusic, FRIDAY_10, { queuePosition: 2 });
    expect(result.prompts.slice(1)).toEqual(['ただいま、お客様は 2 番目にお待ちいただいております。', `[prompt ${promptArn}]`]);
    expect(result.steps.find((step) => step.identifier === 'customer-queue/hold')?.detail).toMatch(/interrupted every 45 s\)$/);
  });

  describe('a live opening outside the weekly hours, and the hours ending while callers wait', () => {
    const saturdayOpening = [live('open', '2026-11-21T10:00:00+09:00', '2026-11-21T12:00:00+09:00')];
    const SATURDAY = '2026-11-21T10:30:00+09:00';
    const livePath = ['live-override', 'record-in-hours', 'play-in-hours', 'queue-live-open', 'record-opened-live', 'set-queue'];

    test.each<[string, Extra, Site]>([
      ['override sync off: Connect never knows the opening', { live: saturdayOpening }, site({ routing: { queue: QUEUE }, hoursOverrides: { enabled: false } }, ['staffNumber'])],
      ['before the override sync has run (Connect holds no override yet)', { live: saturdayOpening, overrides: [] }, queueSite],
      ['once the sync has placed it', { live: saturdayOpening }, queueSite],
    ])('%s: the opening skips the queue hours checks, so callers are queued', (_name, extra, on) => {
      const result = call(on, SATURDAY, { ...extra, queuePosition: 2 });
      expect(result).toMatchObject({ outcome: 'queue', reason: 'open' });
      expect(result.checker?.liveOverride).toBe('open');
      expect(result.attributes).toEqual({ lineOpenedLive: 'true', outcome: 'queued' });
      const start = result.path.indexOf('live-override');
      expect(result.path.slice(start, start + livePath.length)).toEqual(livePath);
      expect(result.path).not.toContain('queue-check-hours');
      // In the queue flow too: the waiting caller is not told the hours have ended.
      expect(result.steps.find((step) => step.identifier === 'customer-queue/opened-live')?.branch).toBe('Equals "true"');
      expect(result.path).not.toContain('customer-queue/still-open');
    });

    test('a caller still waiting when the hours end hears closedText and the call ends (the customer-queue flow at 18:00)', () => {
      const at = new Date('2026-11-20T18:00:00+09:00');
      const result = simulateCall(queueSite.queueFlow as FlowDocument, { at, config: queueSite.config, list: exampleHolidayList(at, queueSite.config), queuePosition: 4 });
      expect(result.outcome).toBe('disconnect');
      expect(result.path).toEqual(['queue-metrics', 'has-position', 'say-position', 'hold', 'opened-live', 'still-open', 'record-queue-closed', 'play-queue-closed', 'disconnect']);
      expect(result.prompts).toEqual([
        'ただいま、お客様は 4 番目にお待ちいただいております。',
        DEFAULT_QUEUE_TEXTS.holdText,
        said(DEFAULT_QUEUE_TEXTS.closedText),
      ]);
      expect(result.attributes).toEqual({ outcome: 'queue-closed' });
    });

    test('the same flow a minute before closing keeps the caller waiting', () => {
      const at = new Date('2026-11-20T17:59:00+09:00');
      const result = simulateCall(queueSite.queueFlow as FlowDocument, { at, config: queueSite.config, list: exampleHolidayList(at, queueSite.config) });
      // Walked on its own (not after an inbound call), the walk stops once round the loop: the hours are still open.
      expect(result.path.at(-1)).toBe('still-open');
      expect(result.steps.at(-1)?.branch).toBe('Equals "True"');
      expect(result.outcome).toBe('disconnect');
      expect(result.attributes).toEqual({});
    });

    test('a call at 17:59:59 still reaches the queue (both hours checks run at the call instant)', () => {
      const result = call(queueSite, '2026-11-20T17:59:59+09:00');
      expect(result).toMatchObject({ outcome: 'queue', attributes: { outcome: 'queued' } });
    });
  });

  describe('with a menu in front of the queue', () => {
    test.each<[string, string[], number, 'queue' | 'disconnect', Record<string, string>]>([
      ['1: queued', ['1'], 3, 'queue', { menuChoice: '1', menuChose1: 'true', outcome: 'queued' }],
      ['no key: queued', ['none'], 3, 'queue', { menuChoice: 'none', outcome: 'queued' }],
      ['unknown keys: queued', ['9', '9', '9'], 3, 'queue', { menuChoice: 'invalid', outcome: 'queued' }],
      ['1 into a full queue', ['1'], 6, 'disconnect', { menuChoice: '1', menuChose1: 'true', outcome: 'queue-full' }],
      ['3: the announcement ends the call, never queued', ['3'], 3, 'disconnect', { menuChoice: '3', menuChose3: 'true', outcome: 'menu-announcement' }],
    ])('%s', (_name, presses, queuePosition, outcome, attributes) => {
      const result = call(menuQueueSite, FRIDAY_10, { presses, queuePosition });
      expect(result.outcome).toBe(outcome);
      expect(result.attributes).toEqual(attributes);
      expect(result.prompts.slice(0, 2)).toEqual([G, P]);
      expect(result.transferTo).toBeUndefined();
      if (outcome === 'queue') {
        expect(result.prompts.slice(-2)).toEqual([POSITION_3, DEFAULT_QUEUE_TEXTS.holdText]);
        expect(result.path).toContain('queue-check-hours');
      }
    });

    test('after hours: neither the menu nor the queue', () => {
      const result = call(menuQueueSite, '2026-11-20T20:00:00+09:00', { presses: ['1'], queuePosition: 3 });
      expect(result).toMatchObject({ outcome: 'disconnect', reason: 'after-hours', attributes: { outcome: 'after-hours' } });
      expect(result.path.some((identifier) => identifier.startsWith('menu-') || identifier.startsWith('queue-') || identifier.startsWith(CUSTOMER_QUEUE_PATH_PREFIX))).toBe(false);
    });
  });
});

describe('the week table', () => {
  /** A row's hour cells: one mark per hour, two columns each, one space apart. */
  const cells = (marks: string): string => [...marks].map((mark) => ` ${mark}`).join(' ');
  const EXAMPLE_LEGEND =
    'hours on the Asia/Tokyo wall clock, each a call at :00 — T transfer to staff · . after-hours announcement · H holiday announcement · C closure announcement · E live closure (emergency) · x open but transfer failed';
  const from = '2026-11-22';
  const weekOf = (on: Site) =>
    formatWeek(
      simulateWeek(on.flow, from, {
        config: on.config,
        list: exampleHolidayList(new Date(`${from}T00:00:00+09:00`), on.config),
        ...(on.queueFlow === undefined ? {} : { queueFlow: on.queueFlow }),
      }),
      'Asia/Tokyo',
    ).split('\n');

  test('a queue-routed site marks open hours Q and its legend explains Q', () => {
    const lines = weekOf(queueSite);
    expect(lines[1]).toBe(`2026-11-22  SUN  ${cells('.'.repeat(24))}`);
    expect(lines[2]).toBe(`2026-11-23  MON  ${cells('H'.repeat(24))}  holiday: 勤労感謝の日`);
    expect(lines[3]).toBe(`2026-11-24  TUE  ${cells(`${'.'.repeat(9)}${'Q'.repeat(9)}${'.'.repeat(6)}`)}`);
    expect(lines[6]).toBe(`2026-11-27  FRI  ${cells(`${'.'.repeat(9)}${'Q'.repeat(9)}${'.'.repeat(6)}`)}`);
    expect(lines.at(-1)).toBe(
      EXAMPLE_LEGEND.replace('T transfer to staff · ', 'T transfer to staff · Q into the staff queue · ').replace(
        'x open but transfer failed',
        'x open but the queue was full or closed',
      ),
    );
  });

  test('a menu site (no key pressed in a week) transfers in open hours, as before', () => {
    const lines = weekOf(menuSite);
    expect(lines[3]).toBe(`2026-11-24  TUE  ${cells(`${'.'.repeat(9)}${'T'.repeat(9)}${'.'.repeat(6)}`)}`);
    expect(lines.at(-1)).toBe(EXAMPLE_LEGEND);
  });

  test("the example site's table and legend are unchanged", () => {
    const lines = weekOf({ config: exampleConfig, flow: exampleFlow() });
    expect(lines[3]).toBe(`2026-11-24  TUE  ${cells(`${'.'.repeat(9)}${'T'.repeat(9)}${'.'.repeat(6)}`)}`);
    expect(lines.at(-1)).toBe(EXAMPLE_LEGEND);
    expect(lines.join('\n')).not.toMatch(/\bQ\b/);
  });
});
