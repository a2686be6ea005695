/**
 * The drawing of the in-hours menu, the queue route and the customer-queue flow: one block per menu attempt, every
 * key branch labelled, no ARN anywhere, the second chart and its texts, and what each call records. The sites are the
 * example config with a menu and a queue spread in, validated as `bin/` would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderDiagramDocument } from '../../lib/cli/diagram';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/load';
import { DEFAULT_QUEUE_TEXTS } from '../../lib/config/schema';
import type { SiteConfig } from '../../lib/config/site-config';
import { validateSiteConfig } from '../../lib/config/validate';
import { contactFlowMarkdown, customerQueueFlowToMermaid, DiagramOptions, flowToMermaid } from '../../lib/flow/diagram';
import type { FlowDocument } from '../../lib/flow/flow-document';
import { CALL_OUTCOMES } from '../../lib/flow/outcomes';
import { announcementForFlow, EXAMPLE_FLOW_REFS, renderContactFlow, renderCustomerQueueFlow } from '../../lib/flow/render';

const EXAMPLE: Record<string, unknown> = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
const PROMPT = 'お問い合わせは1を、製品情報は2を、よくあるご質問は#を押してください。';
const PRODUCT_TEXT = '製品情報はウェブサイトをご覧ください。';
const FAQ_TEXT = 'よくあるご質問はウェブサイトに掲載しております。';
const MENU = {
  prompt: PROMPT,
  options: {
    '1': { action: 'staff' },
    '2': { action: 'announcement', text: PRODUCT_TEXT, then: 'menu' },
    '#': { action: 'announcement', text: FAQ_TEXT, then: 'disconnect' },
  },
};
const HOLD_PROMPT_ARN =
  'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-1111-2222-3333-444444444444/prompt/00000000-0000-0000-0000-000000000009';

/** The example site with `extra` spread in; with a queue, without the staff number a queue makes unused. */
function site(extra: Record<string, unknown>): SiteConfig {
  const { staffNumber, ...rest } = EXAMPLE;
  return validateSiteConfig({ ...rest, ...(extra.routing === undefined ? { staffNumber } : {}), ...extra }, 'test site');
}

const exampleSite = site({});
const menuSite = site({ menu: MENU });
const queueSite = site({ menu: MENU, routing: { queue: { name: 'support' } } });
const promptQueueSite = site({ routing: { queue: { name: 'support', holdPromptArn: HOLD_PROMPT_ARN } } });

/** The site's flows and the drawing options `cli diagram` would pass. */
function drawn(config: SiteConfig): { flow: FlowDocument; options: DiagramOptions } {
  const customerQueueFlow = renderCustomerQueueFlow(config, EXAMPLE_FLOW_REFS);
  const queueName = config.routing?.queue?.name;
  return {
    flow: renderContactFlow(config, EXAMPLE_FLOW_REFS),
    options: {
      hoursOverrides: config.hoursOverrides.enabled,
      ...(queueName === undefined ? {} : { queueName }),
      ...(customerQueueFlow === undefined ? {} : { customerQueueFlow }),
    },
  };
}

function markdownOf(config: SiteConfig): string {
  const { flow, options } = drawn(config);
  return contactFlowMarkdown(flow, 'test site', options);
}

/** The Mermaid node id of each block, as the diagram numbers them. */
function nodeIds(flow: FlowDocument): (identifier: string) => string {
  const ids = new Map(flow.Actions.map((action, index) => [action.Identifier, `a${index}`]));
  return (identifier) => {
    const id = ids.get(identifier);
    if (id === undefined) throw new Error(`no block ${identifier} in the flow`);
    return id;
  };
}

/** The body of each `## ` section, by heading. */
function sections(markdown: string): Map<string, string> {
  return new Map(
    markdown
      .split(/^## /m)
      .slice(1)
      .map((section): [string, string] => [section.slice(0, section.indexOf('\n')), section.slice(section.indexOf('\n') + 1)]),
  );
}

function charts(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}

describe('the menu', () => {
  const { flow, options } = drawn(menuSite);
  const chart = flowToMermaid(flow, options);
  const lines = chart.split('\n');
  const id = nodeIds(flow);
  const attempts = ['menu-1', 'menu-2', 'menu-3'];

  test('each attempt is a block of its own that says the prompt and the wait, and the attempts share a box', () => {
    const says = 'menu: “お問い合わせは1を、製品情報は2を、よくあるご質問は#35;を押してください。”<br/>wait ≤ 10 s for a key';
    for (const attempt of attempts) {
      expect(lines).toContain(`  ${id(attempt)}{{"<b>${attempt}</b><br/>GetParticipantInput<br/>${says}"}}`);
    }
    const box = chart.match(/^ {2}subgraph (\w+) \["menu-1 … menu-3: 3 attempts, an unknown key asks again"\]\n((?: {4}\w+\n)*) {2}end$/m);
    expect(box?.[2]?.split('\n').filter((line) => line !== '').map((line) => line.trim())).toEqual(attempts.map(id));
    expect(markdownOf(menuSite)).toContain('The menu’s attempts share a box');
  });

  test('an unknown key asks again, and after the last attempt goes to menu-invalid (dotted)', () => {
    expect(lines).toContain(`  ${id('menu-1')} -.->|"NoMatchingCondition"| ${id('menu-2')}`);
    expect(lines).toContain(`  ${id('menu-2')} -.->|"NoMatchingCondition"| ${id('menu-3')}`);
    expect(lines).toContain(`  ${id('menu-3')} -.->|"NoMatchingCondition"| ${id('menu-invalid')}`);
  });

  test('each key leaves the box once, labelled; no key is dotted to menu-no-input', () => {
    const box = chart.match(/^ {2}subgraph (\w+) /m)?.[1] ?? 'no box';
    expect(lines).toContain(`  ${box} -->|"= 1"| ${id('menu-key-1')}`);
    expect(lines).toContain(`  ${box} -->|"= 2"| ${id('menu-key-2')}`);
    expect(lines).toContain(`  ${box} -->|"= #35;"| ${id('menu-key-hash')}`);
    expect(lines).toContain(`  ${box} -.->|"InputTimeLimitExceeded / NoMatchingError"| ${id('menu-no-input')}`);
    // Lifted, not drawn a second time from each attempt.
    for (const attempt of attempts) expect(chart).not.toMatch(new RegExp(`^ {2}${id(attempt)} -->`, 'm'));
  });

  test('the branches record the choice, then go on: staff, the announcement and back, or the announcement and hang up', () => {
    expect(chart).toContain('<b>menu-key-2</b><br/>UpdateContactAttributes<br/>menuChoice = 2<br/>menuChose2 = true"]');
    expect(chart).toContain('menuChoice = #35;<br/>menuChoseHash = true<br/>outcome = menu-announcement');
    expect(chart).toContain('<b>menu-no-input</b><br/>UpdateContactAttributes<br/>menuChoice = none"]');
    expect(lines).toContain(`  ${id('menu-key-1')} --> ${id('record-transferred')}`);
    expect(lines).toContain(`  ${id('menu-no-input')} --> ${id('record-transferred')}`);
    expect(lines).toContain(`  ${id('menu-invalid')} --> ${id('record-transferred')}`);
    expect(lines).toContain(`  ${id('menu-say-2')} --> ${id('menu-1')}`);
    expect(lines).toContain(`  ${id('menu-say-hash')} --> ${id('disconnect')}`);
  });

  test('a menu asked once has no box: its branches leave the attempt itself', () => {
    const once = drawn(site({ menu: { ...MENU, retries: 0 } }));
    const onceChart = flowToMermaid(once.flow, once.options);
    const onceId = nodeIds(once.flow);
    expect(onceChart).not.toContain('subgraph');
    expect(onceChart.split('\n')).toContain(`  ${onceId('menu-1')} -->|"= 2"| ${onceId('menu-key-2')}`);
    expect(onceChart.split('\n')).toContain(`  ${onceId('menu-1')} -.->|"InputTimeLimitExceeded / NoMatchingError"| ${onceId('menu-no-input')}`);
    expect(onceChart.split('\n')).toContain(`  ${onceId('menu-1')} -.->|"NoMatchingCondition"| ${onceId('menu-invalid')}`);
  });
});

describe('labels Mermaid could misread', () => {
  const tricky = site({ menu: { ...MENU, prompt: '「#」は<ご案内>、"FAQ"は|で。&lt;' } });
  const { flow, options } = drawn(tricky);
  const chart = flowToMermaid(flow, options);

  test('a `#` key, quotes, angle brackets, bars and ampersands in a text become entity codes', () => {
    expect(chart).toContain('menu: “「#35;」は#lt;ご案内#gt;、#quot;FAQ#quot;は#124;で。#amp;lt;”');
    expect(chart).toContain(`|"= #35;"|`);
    // Every `#` starts an entity code, so Mermaid never reads one as markup.
    expect(chart.match(/#(?!(?:\d+|quot|lt|gt|amp);)/g)).toBeNull();
  });

  test('every block and every arrow label is one quoted string', () => {
    for (const line of chart.split('\n')) {
      if (/^ {2}a\d+[[({]/.test(line)) expect(line).toMatch(/^ {2}a\d+[[({/]+"[^"]*"[\])}/]+$/);
      if (line.includes('|')) expect(line).toMatch(/^ {2}\w+ -\.?->\|"[^"|]*"\| \w+$/);
    }
  });

  test('the entry is not named `call`, which Mermaid reads as a click callback', () => {
    expect(chart).not.toMatch(/^\s*call\b/m);
    expect(customerQueueFlowToMermaid(renderCustomerQueueFlow(queueSite, EXAMPLE_FLOW_REFS) as FlowDocument)).not.toMatch(/^\s*call\b/m);
  });
});

describe('no ARN in any chart', () => {
  test.each([
    ['the example site', exampleSite],
    ['a menu site', menuSite],
    ['a queue site with a menu', queueSite],
    ['a queue site with hold music', promptQueueSite],
  ])('%s', (_name, config) => {
    const markdown = markdownOf(config);
    expect(markdown).not.toContain('arn:');
    expect(markdown).not.toContain('00000000-0000-0000-0000');
  });

  test('the queue is named by its name, or as "the staff queue" when the drawing does not know it', () => {
    const { flow, options } = drawn(queueSite);
    expect(flowToMermaid(flow, options)).toContain('<b>set-queue</b><br/>UpdateContactTargetQueue<br/>queue: support"]');
    expect(flowToMermaid(flow)).toContain('<b>set-queue</b><br/>UpdateContactTargetQueue<br/>queue: the staff queue"]');
  });
});

describe('a queue site', () => {
  const { flow, options } = drawn(queueSite);
  const markdown = markdownOf(queueSite);
  const byHeading = sections(markdown);
  const id = nodeIds(flow);
  const queueFlow = options.customerQueueFlow as FlowDocument;
  const queueId = nodeIds(queueFlow);

  test('the inbound chart puts the caller in the queue with the queue flow, and apologises when it is full or closed', () => {
    const lines = flowToMermaid(flow, options).split('\n');
    expect(lines).toContain(`  ${id('set-queue-flow')}["<b>set-queue-flow</b><br/>UpdateContactEventHooks<br/>while waiting: customer-queue flow"]`);
    expect(lines).toContain(`  ${id('transfer-to-queue')}[["<b>transfer-to-queue</b><br/>TransferContactToQueue<br/>into the queue"]]`);
    expect(lines).toContain(`  ${id('transfer-to-queue')} -.->|"QueueAtCapacity"| ${id('record-queue-full')}`);
    expect(lines).toContain(`  ${id('queue-check-hours')} -->|"= False"| ${id('record-queue-closed')}`);
    expect(lines).toContain(`  ${id('menu-key-1')} --> ${id('queue-live-open')}`);
    expect(lines).toContain(`  ${id('queue-live-open')} -->|"= open"| ${id('record-opened-live')}`);
  });

  test('has a second section with the customer-queue chart: the position, the hold text, the hours recheck', () => {
    expect([...byHeading.keys()]).toEqual(['While callers wait in the queue', 'What callers hear', 'What each call records']);
    const [inbound, waiting, ...more] = charts(markdown);
    expect(more).toEqual([]);
    expect(charts(byHeading.get('While callers wait in the queue') ?? '')).toEqual([waiting]);
    expect(inbound).not.toContain('GetMetricData');
    const lines = (waiting ?? '').split('\n');
    expect(lines).toContain('  newcall(["⏳ caller put in the queue"])');
    expect(lines).toContain(`  ${queueId('queue-metrics')}["<b>queue-metrics</b><br/>GetMetricData<br/>load queue metrics"]`);
    expect(lines).toContain(`  ${queueId('has-position')} -->|"#gt; 0"| ${queueId('say-position')}`);
    expect(waiting).toContain('<b>say-position</b><br/>MessageParticipant<br/>“ただいま、お客様は {position} 番目にお待ちいただいております。”');
    expect(waiting).toContain(
      '<b>hold</b><br/>MessageParticipantIteratively<br/>hold: “ただいま、順番におつなぎしております。このまま、しばらくお待ちください。”, repeating, every 60 s',
    );
    expect(lines).toContain(`  ${queueId('hold')} -->|"= MessagesInterrupted"| ${queueId('opened-live')}`);
    expect(lines).toContain(`  ${queueId('opened-live')} -->|"= true"| ${queueId('queue-metrics')}`);
    expect(lines).toContain(`  ${queueId('still-open')} -->|"= False"| ${queueId('record-queue-closed')}`);
    expect(lines).toContain(`  ${queueId('end')}(["<b>end</b><br/>EndFlowExecution<br/>end the queue flow"])`);
  });

  test('lists the position, the hold text (no SSML) and the queue-full and queue-closed apologies among what callers hear', () => {
    const heard = byHeading.get('What callers hear') ?? '';
    const closed = announcementForFlow(DEFAULT_QUEUE_TEXTS.closedText, queueSite);
    expect(heard).toContain('| say-position (queue flow) | ただいま、お客様は $.Metrics.Contact.PositionInQueue 番目にお待ちいただいております。 |');
    expect(heard).toContain(`| hold (queue flow) | ${DEFAULT_QUEUE_TEXTS.holdText} |`);
    expect(heard).toContain(`| play-queue-full | ${DEFAULT_QUEUE_TEXTS.fullText} |`);
    expect(heard).toContain(`| play-queue-closed, play-queue-closed (queue flow) | ${closed} |`);
    expect(closed).toContain('月曜日から金曜日の9時から18時');
    expect(heard).not.toMatch(/<speak>|<break/);
  });

  test('lists the menu prompt once for all its attempts, and each announcement of the menu', () => {
    const heard = byHeading.get('What callers hear') ?? '';
    expect(heard).toContain(`| menu-1, menu-2, menu-3 | ${PROMPT} |`);
    expect(heard).toContain(`| menu-say-2 | ${PRODUCT_TEXT} |`);
    expect(heard).toContain(`| menu-say-hash | ${FAQ_TEXT} |`);
  });

  test('hold music from a prompt is drawn and listed as [prompt]', () => {
    const withPrompt = markdownOf(promptQueueSite);
    expect(withPrompt).toContain('<b>hold</b><br/>MessageParticipantIteratively<br/>hold: [prompt], repeating, every 60 s');
    expect(withPrompt).toContain('| hold (queue flow) | [prompt] |');
  });

  test('records every outcome of both flows, each described, and the menu choices', () => {
    const records = byHeading.get('What each call records') ?? '';
    const rows = records.split('\n').filter((line) => /^\| (?!Attribute|---)/.test(line));
    const outcomes = rows.filter((row) => row.startsWith('| outcome |')).map((row) => row.split(' | ')[1]);
    expect(outcomes).toEqual([
      'after-hours',
      'holiday',
      'closure',
      'emergency',
      'in-hours',
      'menu-announcement',
      'queued',
      'queue-full',
      'queue-closed',
      'queue-failed',
    ]);
    expect(rows).toContain(
      `| outcome | queue-closed | ${CALL_OUTCOMES['queue-closed']} | record-queue-closed, record-queue-closed (queue flow) |`,
    );
    expect(rows).toContain('| menuChoice | none | no key came within the time limit | menu-no-input |');
    expect(rows).toContain('| menuChoice | invalid | unknown keys used up the retries | menu-invalid |');
    expect(rows).toContain('| menuChose2 | true | the caller chose 2 at least once, even if they went back to the menu | menu-key-2 |');
    expect(rows).toContain('| menuChoseHash | true | the caller chose # at least once, even if they went back to the menu | menu-key-hash |');
    expect(records).not.toContain('not described');
  });
});

describe('the example site (no menu, external transfer)', () => {
  const markdown = markdownOf(exampleSite);

  test('has one chart, no queue section, and records only what its flow writes', () => {
    expect(charts(markdown)).toHaveLength(1);
    expect([...sections(markdown).keys()]).toEqual(['What callers hear', 'What each call records']);
    expect(markdown).not.toContain('customer-queue');
    expect(markdown).not.toContain('share a box');
    const records = sections(markdown).get('What each call records') ?? '';
    expect(records).toContain(`| outcome | transferred | ${CALL_OUTCOMES.transferred} | record-transferred |`);
    expect(records).toContain(`| outcome | transfer-failed | ${CALL_OUTCOMES['transfer-failed']} | record-transfer-failed |`);
    expect(records).not.toMatch(/queued|menuChoice/);
  });

  test('draws a block for each record, showing what it writes', () => {
    const { flow } = drawn(exampleSite);
    const id = nodeIds(flow);
    expect(charts(markdown)[0]).toContain(`  ${id('record-holiday')}["<b>record-holiday</b><br/>UpdateContactAttributes<br/>outcome = holiday"]`);
    expect(charts(markdown)[0]).toMatch(new RegExp(`^ {2}${id('play-in-hours')} --> ${id('record-transferred')}$`, 'm'));
  });
});

describe('cli diagram for a queue site', () => {
  test('draws the customer-queue flow and names the queue', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flow-diagram-queue-'));
    try {
      const { staffNumber: _unused, ...rest } = EXAMPLE;
      const configPath = path.join(dir, 'queue-site.json');
      writeFileSync(configPath, JSON.stringify({ ...rest, menu: MENU, routing: { queue: { name: 'support' } } }));
      const markdown = renderDiagramDocument(configPath);
      expect(markdown).toContain('## While callers wait in the queue');
      expect(markdown).toContain('queue: support');
      expect(markdown).toContain('from contact-flows/after-hours.json and customer-queue.json rendered with queue-site.json.');
      expect(charts(markdown)).toHaveLength(2);
      expect(markdown).toContain(`| hold (queue flow) | ${DEFAULT_QUEUE_TEXTS.holdText} |`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
