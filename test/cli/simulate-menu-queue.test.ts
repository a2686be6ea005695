/**
 * `cli simulate` on sites with the in-hours menu and with a queue, in-process, with site configurations written to a
 * temp folder: the "done when" calls, and every hostile `--press` and `--queue-position` refused with one
 * clear line and no output.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { parsePresses, parseQueuePosition, registerSimulateCommand, runSimulate, SimulateOptions } from '../../lib/cli/simulate';
import { CliUsageError } from '../../lib/cli/usage';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/load';
import { DEFAULT_GREETING_BEFORE_MENU, DEFAULT_QUEUE_TEXTS } from '../../lib/config/schema';
import type { CallSummary } from '../../lib/flow/simulate';
import { GOOGLE_CALENDAR_FIXTURE } from '../flow/flow-fixtures';
import { captureCliOutput } from '../support/cli-output';

const PROMPT = 'お問い合わせは1を、製品情報は2を押してください。';
const PRODUCT = '製品情報は、当社ウェブサイトでもご覧いただけます。';
const MENU = {
  prompt: PROMPT,
  options: { '1': { action: 'staff' }, '2': { action: 'announcement', text: PRODUCT, then: 'menu' } },
  timeoutSeconds: 10,
  retries: 2,
};
const POSITION_3 = 'ただいま、お客様は 3 番目にお待ちいただいております。';
// Tuesday 24 November 2026, a business day; 20:00 is after hours.
const BUSINESS_DAY_10 = '2026-11-24T10:00';
const EVENING = '2026-11-24T20:00';

const { $schema: _schema, ...example } = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
const { staffNumber: _staff, ...exampleWithoutStaff } = example;

let scratch: string;
let menuConfig: string;
let queueConfig: string;
let menuQueueConfig: string;
let plainConfig: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'simulate-menu-queue-'));
  const write = (name: string, config: Record<string, unknown>): string => {
    const file = path.join(scratch, name);
    writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  };
  menuConfig = write('menu.json', { ...example, menu: MENU });
  queueConfig = write('queue.json', { ...exampleWithoutStaff, routing: { queue: { name: 'support' } } });
  menuQueueConfig = write('menu-queue.json', { ...exampleWithoutStaff, menu: MENU, routing: { queue: { name: 'support' } } });
  plainConfig = write('plain.json', example);
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  expect(existsSync(scratch)).toBe(false);
});

/** `simulate --json` at `at` on `config`, parsed. */
async function json(config: string, at: string, options: Partial<SimulateOptions> = {}): Promise<CallSummary> {
  const printed = await runSimulate({ config, at, calendar: GOOGLE_CALENDAR_FIXTURE, json: true, ...options });
  return JSON.parse(printed) as CallSummary;
}

const count = (prompts: readonly string[], text: string): number => prompts.filter((prompt) => prompt === text).length;

describe("the issue's done-when, through the command", () => {
  test('--press 2 at 10:00 on a business day: the product announcement, the menu again, then staff', async () => {
    const call = await json(menuConfig, BUSINESS_DAY_10, { press: '2' });
    expect(call).toMatchObject({ outcome: 'transfer', reason: 'open', transferTo: '+815098765432' });
    expect(call.prompts).toEqual([DEFAULT_GREETING_BEFORE_MENU, PROMPT, PRODUCT, PROMPT]);
    expect(call.attributes).toEqual({ menuChoice: 'none', menuChose2: 'true', outcome: 'transferred' });
  });

  test('--press 2 as text: the announcement is spoken', async () => {
    const text = await runSimulate({ config: menuConfig, at: BUSINESS_DAY_10, calendar: GOOGLE_CALENDAR_FIXTURE, press: '2' });
    expect(text).toContain(`caller hears: ${PRODUCT}`);
    expect(text).toContain(`menu-1 [GetParticipantInput] → Equals "2"`);
    expect(text).toMatch(/outcome: transfer to \+815098765432 with caller ID \+815012345678 — reason: open\nrecorded on the contact: outcome=transferred menuChoice=none menuChose2=true$/);
  });

  test('--press none: staff', async () => {
    const call = await json(menuConfig, BUSINESS_DAY_10, { press: 'none' });
    expect(call.outcome).toBe('transfer');
    expect(call.prompts).toEqual([DEFAULT_GREETING_BEFORE_MENU, PROMPT]);
    expect(call.attributes).toEqual({ menuChoice: 'none', outcome: 'transferred' });
  });

  test('--press 9,1: the menu twice, then staff', async () => {
    const call = await json(menuConfig, BUSINESS_DAY_10, { press: '9,1' });
    expect(call.outcome).toBe('transfer');
    expect(count(call.prompts, PROMPT)).toBe(2);
    expect(call.prompts).toHaveLength(3);
    expect(call.attributes).toEqual({ menuChoice: '1', menuChose1: 'true', outcome: 'transferred' });
  });

  test('--press 9,9,9: the menu three times, then staff with menuChoice=invalid', async () => {
    const call = await json(menuConfig, BUSINESS_DAY_10, { press: '9,9,9' });
    expect(count(call.prompts, PROMPT)).toBe(3);
    expect(call).toMatchObject({ outcome: 'transfer', attributes: { menuChoice: 'invalid', outcome: 'transferred' } });
  });

  test('after hours (20:00) the menu is never played, even with --press 1', async () => {
    const call = await json(menuConfig, EVENING, { press: '1' });
    expect(call).toMatchObject({ outcome: 'disconnect', reason: 'after-hours' });
    expect(count(call.prompts, PROMPT)).toBe(0);
    expect(call.prompts).toHaveLength(1);
    expect(call.path.filter((identifier) => identifier.startsWith('menu-'))).toEqual([]);
    expect(call.attributes).toEqual({ outcome: 'after-hours' });
  });

  test('a holiday (勤労感謝の日) in business hours: no menu either', async () => {
    const call = await json(menuConfig, '2026-11-23T10:00', { press: '1' });
    expect(call).toMatchObject({ outcome: 'disconnect', reason: 'holiday', holidayName: '勤労感謝の日' });
    expect(count(call.prompts, PROMPT)).toBe(0);
  });

  test('a queue-routed site with --queue-position 3 --json: "outcome":"queue" and the position sentence', async () => {
    const printed = await runSimulate({ config: queueConfig, at: BUSINESS_DAY_10, calendar: GOOGLE_CALENDAR_FIXTURE, json: true, queuePosition: '3' });
    expect(printed).toContain('"outcome":"queue"');
    const call = JSON.parse(printed) as CallSummary;
    expect(Object.keys(call)).toEqual(['outcome', 'reason', 'holidayName', 'prompts', 'path', 'attributes', 'queue']);
    expect(call.prompts).toContain(POSITION_3);
    expect(call.prompts.at(-1)).toBe(DEFAULT_QUEUE_TEXTS.holdText);
    expect(call.queue).toEqual({ queueId: expect.stringMatching(/:instance\/[0-9a-f-]+\/queue\/[0-9a-f-]+$/), position: 3 });
    expect(call.attributes).toEqual({ outcome: 'queued' });
    expect(call).not.toHaveProperty('transferTo');
  });

  test('the external site with --json still says "outcome":"transfer"', async () => {
    const printed = await runSimulate({ config: plainConfig, at: BUSINESS_DAY_10, calendar: GOOGLE_CALENDAR_FIXTURE, json: true });
    expect(printed).toContain('"outcome":"transfer"');
    expect(JSON.parse(printed)).toMatchObject({ attributes: { outcome: 'transferred' } });
  });

  test('--queue-position above maxContacts (10 by default): the full queue', async () => {
    const call = await json(queueConfig, BUSINESS_DAY_10, { queuePosition: '11' });
    expect(call).toMatchObject({ outcome: 'disconnect', attributes: { outcome: 'queue-full' } });
    expect(call.prompts.at(-1)).toMatch(/^ただいま電話が大変混み合っており、おつなぎできません。/);
    expect(await json(queueConfig, BUSINESS_DAY_10, { queuePosition: '10' })).toMatchObject({ outcome: 'queue' });
  });

  test('a queued call as text names the position', async () => {
    const text = await runSimulate({ config: queueConfig, at: BUSINESS_DAY_10, calendar: GOOGLE_CALENDAR_FIXTURE, queuePosition: '3' });
    expect(text).toContain(`caller hears: ${POSITION_3}`);
    expect(text).toContain('customer-queue/hold [MessageParticipantIteratively]');
    expect(text).toMatch(/outcome: queue at position 3 — reason: open\nrecorded on the contact: outcome=queued$/);
  });

  test('a menu in front of the queue: --press 1 --queue-position 3 is queued', async () => {
    const call = await json(menuQueueConfig, BUSINESS_DAY_10, { press: '1', queuePosition: '3' });
    expect(call).toMatchObject({ outcome: 'queue', queue: { position: 3 } });
    expect(call.prompts).toEqual([DEFAULT_GREETING_BEFORE_MENU, PROMPT, POSITION_3, DEFAULT_QUEUE_TEXTS.holdText]);
    expect(call.attributes).toEqual({ menuChoice: '1', menuChose1: 'true', outcome: 'queued' });
  });

  test('--week on a queue-routed site marks open hours Q', async () => {
    const text = await runSimulate({ config: queueConfig, week: '2026-11-23', calendar: GOOGLE_CALENDAR_FIXTURE });
    expect(text).toMatch(/\n2026-11-24 {2}TUE {3}\. {2}\. .* Q {2}Q .*\n/);
    expect(text).toContain('Q into the staff queue');
  });
});

describe('valid --press values that look odd', () => {
  test.each<[string, string[]]>([
    ['#,*,0', ['#', '*', '0']],
    ['none', ['none']],
    [' 9 , 1 ', ['9', '1']],
    ['none,none,1', ['none', 'none', '1']],
  ])('--press %j reads as %j', (text, presses) => {
    expect(parsePresses(text)).toEqual(presses);
  });

  test('a very long list of valid keys is accepted and walked to its end', async () => {
    const call = await json(menuConfig, BUSINESS_DAY_10, { press: `${'2,'.repeat(300)}1` });
    expect(call.outcome).toBe('transfer');
    expect(count(call.prompts, PROMPT)).toBe(301);
    expect(count(call.prompts, PRODUCT)).toBe(300);
    expect(call.attributes).toEqual({ menuChoice: '1', menuChose1: 'true', menuChose2: 'true', outcome: 'transferred' });
  });

  test('a key the menu has no option for is a valid key: the menu again, then (keys run out) no key', async () => {
    const call = await json(menuConfig, BUSINESS_DAY_10, { press: '#' });
    expect(count(call.prompts, PROMPT)).toBe(2);
    expect(call.attributes).toEqual({ menuChoice: 'none', outcome: 'transferred' });
  });
});

describe('hostile input: one clear line, exit code 1, nothing on stdout', () => {
  const { stdout, stderr } = captureCliOutput();


  async function cli(...args: string[]): Promise<void> {
    const program = new Command().exitOverride();
    registerSimulateCommand(program);
    await program.parseAsync(['simulate', '--calendar', GOOGLE_CALENDAR_FIXTURE, ...args], { from: 'user' });
  }

  /** The command refused `args` with one line matching `message`, and printed nothing else. */
  async function expectRefused(args: string[], message: RegExp, options: SimulateOptions): Promise<void> {
    await cli(...args);
    expect(stdout).toEqual([]);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^simulate: [^\n]+\n$/);
    expect(stderr[0]).toMatch(message);
    expect(process.exitCode).toBe(1);
    // The same call in-process: a usage error, one line.
    const refused = runSimulate({ calendar: GOOGLE_CALENDAR_FIXTURE, ...options });
    await expect(refused).rejects.toThrow(CliUsageError);
    await expect(refused).rejects.toThrow(message);
    await expect(refused).rejects.toThrow(/^[^\n]+$/);
  }

  const PRESS_HINT = /give keys 0-9, \* or # \(or none for no key\), comma separated, e\.g\. --press 9,1\n$/;

  test.each<[string, RegExp]>([
    ['10', /--press "10": "10" is not a key;/],
    ['a', /--press "a": "a" is not a key;/],
    ['1,,2', /--press "1,,2": an empty entry is not a key;/],
    ['1,,,2', /--press "1,,,2": an empty entry is not a key;/],
    ['', /--press "": an empty entry is not a key;/],
    [',', /--press ",": an empty entry is not a key;/],
    ['9 1', /--press "9 1": "9 1" is not a key;/],
    ['9;1', /--press "9;1": "9;1" is not a key;/],
    ['none,x', /--press "none,x": "x" is not a key;/],
    ['NONE', /--press "NONE": "NONE" is not a key;/],
    ['-1', /--press "-1": "-1" is not a key;/],
    ['１', /--press "１": "１" is not a key;/],
    ['＃', /--press "＃": "＃" is not a key;/],
    ['**', /--press "\*\*": "\*\*" is not a key;/],
    ['1,a,b', /--press "1,a,b": "a", "b" are not keys;/],
    ['a,,a', /--press "a,,a": "a", an empty entry are not keys;/],
    [`${'1,'.repeat(500)}x`, /^(simulate: )?--press "(1,){20}…": "x" is not a key;/],
    [`${'x'.repeat(300)},a,b,c,d,e,f`, /"x{40}…", "a", "b", "c", "d", 2 more are not keys;/],
  ])('--press %j', async (press, message) => {
    // `=` so a value starting with "-" is the option's value, as a user would have to write it.
    await expectRefused(['--config', menuConfig, '--at', BUSINESS_DAY_10, `--press=${press}`], message, { config: menuConfig, at: BUSINESS_DAY_10, press });
    expect(stderr[0]).toMatch(PRESS_HINT);
  });

  test.each<string>(['0', '-3', '1.5', 'abc', '', ' ', '1e3', '0x10', '+3', '03', '3 4', '３', '1000000', '99999999999999999999', 'Infinity'])(
    '--queue-position %j',
    async (queuePosition) => {
      await expectRefused(
        ['--config', queueConfig, '--at', BUSINESS_DAY_10, `--queue-position=${queuePosition}`],
        new RegExp(`^(simulate: )?--queue-position ${JSON.stringify(queuePosition).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a place in the queue; give a whole number from 1 to 999999, e\\.g\\. --queue-position 3\\n?$`),
        { config: queueConfig, at: BUSINESS_DAY_10, queuePosition },
      );
    },
  );

  test.each<[string, number]>([
    ['1', 1],
    [' 3 ', 3],
    ['999999', 999_999],
  ])('--queue-position %j is accepted as %d', (text, position) => {
    expect(parseQueuePosition(text)).toBe(position);
  });

  test('--press on a site without a menu', async () => {
    await expectRefused(['--config', plainConfig, '--at', BUSINESS_DAY_10, '--press', '1'], /^(simulate: )?--press: this site has no menu \(add "menu" to the site configuration\)\n?$/, {
      config: plainConfig,
      at: BUSINESS_DAY_10,
      press: '1',
    });
  });

  test('--queue-position on a site that transfers to an external number', async () => {
    await expectRefused(['--config', menuConfig, '--at', BUSINESS_DAY_10, '--queue-position', '3'], /--queue-position: this site transfers to an external number, not a queue \(add "routing\.queue"/, {
      config: menuConfig,
      at: BUSINESS_DAY_10,
      queuePosition: '3',
    });
  });

  test('--press with --week', async () => {
    await expectRefused(['--config', menuConfig, '--week', '2026-11-23', '--press', '1'], /--press goes with --at \(a week is simulated with no key pressed\)/, {
      config: menuConfig,
      week: '2026-11-23',
      press: '1',
    });
  });
});
